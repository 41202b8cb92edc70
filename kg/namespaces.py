"""The project's namespaces: `KG` lists the ontology's terms, so a misspelt term raises."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, NamespaceManager

KG_IRI = "https://w3id.org/kg-news/ontology#"
KGR_IRI = "https://w3id.org/kg-news/id/"
SCHEMA = Namespace("https://schema.org/")
KGR = Namespace(KGR_IRI)


class KG(DefinedNamespace):
    """Terms of ontology/kg.ttl; tests check that the two agree."""

    _NS = Namespace(KG_IRI)
    _fail = True

    # contract classes
    Person: URIRef
    Athlete: URIRef
    Nation: URIRef
    Organization: URIRef
    Team: URIRef
    SportingEvent: URIRef
    Sport: URIRef
    MedalAward: URIRef
    Punishment: URIRef
    # our classes
    Referent: URIRef
    Event: URIRef
    Document: URIRef
    Sentence: URIRef
    Statement: URIRef
    Component: URIRef
    # contract properties between entities
    nationality: URIRef
    memberOf: URIRef
    participatedIn: URIRef
    playsSport: URIRef
    leaderOf: URIRef
    # contract roles
    recipient: URIRef
    medal: URIRef
    atEvent: URIRef
    discipline: URIRef
    target: URIRef
    imposedBy: URIRef
    punishmentType: URIRef
    reason: URIRef
    status: URIRef
    relatedEvent: URIRef
    reportedBy: URIRef
    # provenance and bookkeeping
    confidence: URIRef
    inDocument: URIRef
    evidence: URIRef
    startChar: URIRef
    endChar: URIRef
    extractedBy: URIRef
    docId: URIRef
    sentenceIndex: URIRef
    text: URIRef
    mentionedIn: URIRef
    isoCode: URIRef
    contentHash: URIRef
    # cross-document resolution (kg.resolve, kg.store)
    EntityLink: URIRef
    resolvedTo: URIRef
    localKey: URIRef
    localLabel: URIRef
    entityClass: URIRef
    surfaceForm: URIRef
    contextFact: URIRef
    attribute: URIRef
    linkProfile: URIRef
    linkReason: URIRef
    key: URIRef
    nameKey: URIRef
    group: URIRef
    clusterState: URIRef


PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(KG_IRI),
    "kgr": KGR,
    "schema": SCHEMA,
    "skos": Namespace(str(SKOS)),
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes so Turtle output and SPARQL results read well."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def display_names(declared: Iterable[tuple[str, Any]] = ()) -> NamespaceManager:
    """The project's prefixes, and those a graph declares (prefix, namespace) that do not clash with
    them: how IRIs are shortened for people to read."""
    names = bind_prefixes(Graph()).namespace_manager
    known = {prefix for prefix, _ in names.namespaces()}
    for prefix, namespace in declared:
        if prefix and prefix not in known:
            names.bind(prefix, namespace)
    return names
