"""graph: records → an rdflib Graph in the ontology's terms, every statement with provenance.

The model is described in ontology/README.md: contract triples are asserted
between entities, and each is backed by a `kg:Statement` (an `rdf:Statement`)
per supporting sentence that carries document, sentence, character span,
confidence and component. N-ary events carry the same provenance themselves.
IRIs are minted from stable keys, so the same entity gets the same IRI on
every run and later documents merge into earlier graphs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.namespaces import KG, KGR, bind_prefixes
from kg.records import SUPERCLASS, EntityRef, Event, Evidence, Extraction, Relation
from kg.resolve import ResolvedEntity, resolve_documents, resolve_entities

GROUPS = {
    "Person": "person",
    "Athlete": "person",
    "Nation": "nation",
    "Organization": "organization",
    "Team": "organization",
    "SportingEvent": "event",
    "Sport": "sport",
    "Referent": "referent",
}


def slug(key: str, limit: int = 60) -> str:
    """A readable, IRI-safe form of `key`; a hash is added when the readable form loses anything."""
    folded = unicodedata.normalize("NFKD", key)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    lossless = readable == re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") and readable
    if lossless:
        return readable
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}" if readable else digest


def entity_iri(key: str, cls: str) -> URIRef:
    group = GROUPS.get(cls, "entity")
    name = key.split(":", 1)[1] if ":" in key else key
    if group == "nation" and re.fullmatch(r"[A-Z]{3}", name):
        return KGR[f"nation/{name.lower()}"]
    return KGR[f"{group}/{slug(name)}"]


@lru_cache(maxsize=4096)
def document_iri(doc_id: str) -> URIRef:
    """`kgr:doc/` and the percent-encoded id: any id, slashes and all, is one path segment."""
    return KGR[f"doc/{path_segment(doc_id)}"]


def path_segment(text: str) -> str:
    """`text` percent-encoded as one IRI path segment, which is never a dot-segment.

    "." and ".." would be removed by IRI resolution (RFC 3986, 5.2.4), and
    "%2E" is no cure: normalisation decodes it back to "." (6.2.2.2), and
    browsers treat it as a dot (the URL Standard). So an id of dots only gets
    a leading "!", which `quote` escapes in every other id: no two ids share
    an IRI.
    """
    encoded = quote(text, safe="")
    return f"!{encoded}" if encoded.strip(".") == "" and encoded else encoded


def sentence_iri(doc_id: str, index: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/s{index}")


@lru_cache(maxsize=256)
def component_iri(name: str) -> URIRef:
    return KGR[f"component/{path_segment(name)}"]


@lru_cache(maxsize=1024)
def _confidence(value: float) -> Literal:
    """Confidences repeat a few values: one Literal each (rdflib's are costly to build)."""
    return Literal(Decimal(str(round(value, 3))), datatype=XSD.decimal)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def build_rdf(extractions: Iterable[Extraction], graph: Graph | None = None) -> Graph:
    """Add the records of `extractions` to `graph` (a new one by default) and return it."""
    extractions = [resolved for resolved, _ in resolve_documents(extractions)]
    graph = bind_prefixes(graph if graph is not None else Graph())
    resolved = resolve_entities(extractions)
    iris = {key: entity_iri(key, entity.cls) for key, entity in resolved.items()}
    for entity in resolved.values():
        add_entity(graph, iris[entity.key], entity)
    for extraction in extractions:
        add_document(graph, extraction, iris, resolved)
    return graph


def add_document(
    graph: Graph, extraction: Extraction, iris: dict[str, URIRef], resolved: dict[str, ResolvedEntity]
) -> None:
    """Everything `extraction` states, with provenance, about entities already resolved to `iris`."""
    _add_document(graph, extraction)
    used_sentences: set[int] = set()
    for relation in extraction.relations:
        if relation.subject in iris and relation.object in iris:
            _add_relation(graph, relation, iris)
            used_sentences.add(relation.evidence.sentence)
    for event in extraction.events:
        _add_event(graph, event, iris, resolved)
        used_sentences.update(e.sentence for e in event.evidence)
    add_sentences(graph, extraction, used_sentences)


def add_sentences(graph: Graph, extraction: Extraction, indices: set[int]) -> None:
    """The sentences of `extraction` numbered in `indices`, as evidence nodes with their text."""
    for sentence in extraction.sentences:
        if sentence.index in indices:
            node = sentence_iri(extraction.document.id, sentence.index)
            graph.add((node, RDF.type, KG.Sentence))
            graph.add((node, KG.inDocument, document_iri(extraction.document.id)))
            graph.add((node, KG.sentenceIndex, Literal(sentence.index)))
            graph.add((node, KG.text, Literal(sentence.text)))
            graph.add((node, KG.startChar, Literal(sentence.start)))
            graph.add((node, KG.endChar, Literal(sentence.end)))


def add_entity(graph: Graph, node: URIRef, entity: ResolvedEntity) -> None:
    """The entity layer's description of one resolved entity: classes, label, aliases, documents."""
    graph.add((node, RDF.type, KG[entity.cls]))
    if entity.cls in SUPERCLASS:
        graph.add((node, RDF.type, KG[SUPERCLASS[entity.cls]]))
    graph.set((node, RDFS.label, Literal(entity.label)))
    for alias in entity.aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    for doc_id in entity.documents:
        graph.add((node, KG.mentionedIn, document_iri(doc_id)))
    attributes = dict(entity.attributes)
    if entity.cls == "Nation" and "iso3" in attributes:
        graph.add((node, KG.isoCode, Literal(attributes["iso3"])))


def _add_document(graph: Graph, extraction: Extraction) -> None:
    document = extraction.document
    node = document_iri(document.id)
    graph.add((node, RDF.type, KG.Document))
    graph.set((node, KG.docId, Literal(document.id)))
    graph.set((node, RDFS.label, Literal(document.id)))
    if document.date is not None:
        graph.set((node, DCTERMS.date, Literal(document.date.isoformat(), datatype=XSD.date)))
    if document.path is not None:
        graph.set((node, DCTERMS.source, Literal(str(document.path))))


def _provenance(
    graph: Graph, node: URIRef, evidence: Iterable[Evidence], confidence: float, seen: bool | None = None
) -> None:
    items = list(evidence)
    first = items[0]
    # a node seen before has its values replaced; a new one (nearly all) only needs them added,
    # which is much cheaper in rdflib than set's remove-then-add
    if seen is None:
        seen = (node, KG.confidence, None) in graph
    put = graph.set if seen else graph.add
    put((node, KG.confidence, _confidence(confidence)))
    put((node, KG.inDocument, document_iri(first.doc_id)))
    put((node, KG.startChar, Literal(first.start)))
    put((node, KG.endChar, Literal(first.end)))
    put((node, KG.extractedBy, component_iri(first.component)))
    component = component_iri(first.component)
    if (component, RDF.type, KG.Component) not in graph:  # a lookup costs rdflib less than an add
        graph.add((component, RDF.type, KG.Component))
        graph.add((component, RDFS.label, Literal(first.component)))
    for item in items:
        graph.add((node, KG.evidence, sentence_iri(item.doc_id, item.sentence)))


def _add_relation(graph: Graph, relation: Relation, iris: dict[str, URIRef]) -> None:
    subject, obj = iris[relation.subject], iris[relation.object]
    predicate = URIRef(str(KG) + relation.predicate)
    graph.add((subject, predicate, obj))
    ev = relation.evidence
    node = KGR[
        f"stmt/{_digest(ev.doc_id, ev.sentence, relation.subject, relation.predicate, relation.object)}"
    ]
    graph.add((node, RDF.type, KG.Statement))
    graph.add((node, RDF.subject, subject))  # the node's name is a digest of these three
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    old = graph.value(node, KG.confidence)
    confidence = max(ev.confidence, float(old.toPython())) if isinstance(old, Literal) else ev.confidence
    _provenance(graph, node, [ev], confidence, seen=old is not None)


def _add_event(
    graph: Graph, event: Event, iris: dict[str, URIRef], resolved: dict[str, ResolvedEntity]
) -> None:
    doc_id = event.evidence[0].doc_id
    roles = sorted(
        (role, value.key if isinstance(value, EntityRef) else value) for role, value in event.roles
    )
    node = KGR[f"event/{event.type.lower()}-{_digest(doc_id, event.type, roles)}"]
    graph.add((node, RDF.type, KG[event.type]))
    graph.add((node, RDF.type, KG.Event))
    for role, value in event.roles:
        if isinstance(value, EntityRef):
            if value.key in iris:
                graph.add((node, KG[role], iris[value.key]))
        else:
            graph.add((node, KG[role], Literal(value)))
    graph.set((node, RDFS.label, Literal(event_label(event, resolved))))
    _provenance(graph, node, event.evidence, event.confidence)


def event_label(event: Event, resolved: dict[str, ResolvedEntity]) -> str:
    """A short human label: "silver: A, B at 2024 Summer Olympics", "possible ban: A"."""

    def names(role: str) -> str:
        return ", ".join(
            resolved[v.key].label
            for v in event.values(role)
            if isinstance(v, EntityRef) and v.key in resolved
        )

    if event.type == "MedalAward":
        medal = next((v for v in event.values("medal") if isinstance(v, str)), "medal")
        where = names("atEvent")
        return f"{medal}: {names('recipient')}" + (f" at {where}" if where else "")
    status = next((v for v in event.values("status") if isinstance(v, str)), "")
    kind = next((v for v in event.values("punishmentType") if isinstance(v, str)), "punishment")
    return f"{status} {kind}: {names('target')}".strip()
