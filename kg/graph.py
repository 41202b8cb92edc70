"""graph: records → triples in the ontology's terms, every statement with provenance.

One mapping for every output: `Triples` holds Oxigraph terms, which a store
writes as quads as they are and a graph file gets as an rdflib Graph.

The model is described in ontology/README.md: contract triples are asserted
between entities, and each is backed by a `kg:Statement` (an `rdf:Statement`)
per supporting sentence that carries its sentence (which gives the document),
its character span where that is not the sentence's, confidence and
component. N-ary events carry the same provenance themselves.
IRIs are minted from stable keys, so the same entity gets the same IRI on
every run and later documents merge into earlier graphs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, RDFS, SKOS, XSD, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.namespaces import KG_IRI, KGR, bind_prefixes
from kg.records import SUPERCLASS, EntityRef, Event, Evidence, Extraction, Relation
from kg.resolve import ResolvedEntity, resolve_documents, resolve_entities
from kg.terms import to_rdflib

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


@lru_cache(maxsize=65536)
def entity_iri(key: str, cls: str) -> URIRef:
    """The IRI minted from an entity's key: made once per key, as a store asks for it at every link."""
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


@lru_cache(maxsize=65536)
def term(iri: str) -> ox.NamedNode:
    """The Oxigraph node of an IRI (an rdflib URIRef is a str), made once: nodes repeat a lot."""
    return ox.NamedNode(iri)


_XSD_INTEGER, _XSD_DECIMAL, _XSD_DATE = term(str(XSD.integer)), term(str(XSD.decimal)), term(str(XSD.date))
_TYPE, _LABEL, _ALT_LABEL = term(str(RDF.type)), term(str(RDFS.label)), term(str(SKOS.altLabel))
_SUBJECT, _PREDICATE, _OBJECT = term(str(RDF.subject)), term(str(RDF.predicate)), term(str(RDF.object))


@lru_cache(maxsize=4096)
def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_XSD_INTEGER)


@lru_cache(maxsize=1024)
def confidence_literal(value: float) -> ox.Literal:
    """Confidences repeat a few values, rounded to 3 places: one literal each."""
    return ox.Literal(str(Decimal(str(round(value, 3)))), datatype=_XSD_DECIMAL)


@lru_cache(maxsize=1024)
def kg(name: str) -> ox.NamedNode:
    """A term of the ontology namespace, e.g. kg("confidence"); made once, as terms repeat in every
    document (and `str(KG)` is slow: rdflib's DefinedNamespace computes it at each call)."""
    return term(KG_IRI + name)


Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Triples:
    """The triples records turn into, in the order they were made, as Oxigraph terms.

    The same mapping feeds a graph file (through `to_graph`, into rdflib) and
    a store (through `quads`, straight into Oxigraph, with no rdflib on the
    way). `set` replaces a subject's value of a property, as `Graph.set`
    does, and remembers that it did, so that `to_graph` replaces it in the
    rdflib graph it extends as well.
    """

    def __init__(self) -> None:
        self._objects: dict[tuple[Subject, ox.NamedNode], dict[Term, None]] = {}
        self._functional: set[tuple[Subject, ox.NamedNode]] = set()

    def add(self, subject: Subject, predicate: ox.NamedNode, obj: Term) -> None:
        self._objects.setdefault((subject, predicate), {})[obj] = None

    def set(self, subject: Subject, predicate: ox.NamedNode, obj: Term) -> None:
        self._objects[(subject, predicate)] = {obj: None}
        self._functional.add((subject, predicate))

    def discard(self, subject: Subject, predicate: ox.NamedNode) -> None:
        """Take out the subject's values of a property (in an rdflib graph `to_graph` extends too)."""
        self._objects.pop((subject, predicate), None)
        self._functional.add((subject, predicate))

    def value(self, subject: Subject, predicate: ox.NamedNode) -> Term | None:
        objects = self._objects.get((subject, predicate))
        return next(iter(objects)) if objects else None

    def __contains__(self, triple: tuple[Subject, ox.NamedNode, Term]) -> bool:
        return triple[2] in self._objects.get((triple[0], triple[1]), {})

    def __iter__(self) -> Iterator[tuple[Subject, ox.NamedNode, Term]]:
        for (subject, predicate), objects in self._objects.items():
            for obj in objects:
                yield subject, predicate, obj

    def __len__(self) -> int:
        return sum(len(objects) for objects in self._objects.values())

    def quads(self, graph: ox.NamedNode) -> Iterator[ox.Quad]:
        """The triples as quads of the named graph `graph`."""
        for subject, predicate, obj in self:
            yield ox.Quad(subject, predicate, obj, graph)

    def to_graph(self, graph: Graph | None = None) -> Graph:
        """The triples added to `graph` (a new one by default) as rdflib terms."""
        graph = bind_prefixes(graph if graph is not None else Graph())
        extending = len(graph) > 0
        add = graph.add
        if extending:
            for subject, predicate in self._functional:
                graph.remove((to_rdflib(subject), to_rdflib(predicate), None))
        for (subject, predicate), objects in self._objects.items():
            s, p = to_rdflib(subject), to_rdflib(predicate)
            for obj in objects:
                add((s, p, to_rdflib(obj)))
        return graph


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def build_rdf(extractions: Iterable[Extraction], graph: Graph | None = None) -> Graph:
    """Add the records of `extractions` to `graph` (a new one by default) and return it."""
    extractions = [resolved for resolved, _ in resolve_documents(extractions)]
    triples = Triples()
    resolved = resolve_entities(extractions)
    iris = {key: term(entity_iri(key, entity.cls)) for key, entity in resolved.items()}
    for entity in resolved.values():
        add_entity(triples, iris[entity.key], entity)
    for extraction in extractions:
        add_document(triples, extraction, iris, resolved)
    return triples.to_graph(graph)


def add_document(
    triples: Triples,
    extraction: Extraction,
    iris: dict[str, ox.NamedNode],
    resolved: dict[str, ResolvedEntity],
) -> None:
    """Everything `extraction` states, with provenance, about entities already resolved to `iris`."""
    _add_document(triples, extraction)
    spans = {sentence.index: (sentence.start, sentence.end) for sentence in extraction.sentences}
    used_sentences: set[int] = set()
    for relation in extraction.relations:
        if relation.subject in iris and relation.object in iris:
            _add_relation(triples, relation, iris, spans)
            used_sentences.add(relation.evidence.sentence)
    told: Counter[tuple[str, str]] = Counter()  # "five Olympic golds": five awards, not one
    for event in extraction.events:
        identity = (event.type, repr(_role_values(event)))
        _add_event(triples, event, iris, resolved, spans, copy=told[identity])
        told[identity] += 1
        used_sentences.update(e.sentence for e in event.evidence)
    add_sentences(triples, extraction, used_sentences)


def add_sentences(triples: Triples, extraction: Extraction, indices: set[int]) -> None:
    """The sentences of `extraction` numbered in `indices`, as evidence nodes with their text and start.

    Neither its end nor its index is stored: the end is the start plus the
    length of its text (`STRLEN`, in code points, as the offsets are), the
    index the end of its IRI (`/s2`), and the start orders sentences as well.
    They were a third of a sentence's quads.
    """
    document = term(document_iri(extraction.document.id))
    for sentence in extraction.sentences:
        if sentence.index in indices:
            node = term(sentence_iri(extraction.document.id, sentence.index))
            triples.add(node, _TYPE, kg("Sentence"))
            triples.add(node, kg("inDocument"), document)
            triples.add(node, kg("text"), ox.Literal(sentence.text))
            triples.add(node, kg("startChar"), integer(sentence.start))


def add_entity(triples: Triples, node: ox.NamedNode, entity: ResolvedEntity) -> None:
    """The entity layer's description of one resolved entity: classes, label, aliases, documents."""
    triples.add(node, _TYPE, kg(entity.cls))
    if entity.cls in SUPERCLASS:
        triples.add(node, _TYPE, kg(SUPERCLASS[entity.cls]))
    triples.set(node, _LABEL, ox.Literal(entity.label))
    for alias in entity.aliases:
        triples.add(node, _ALT_LABEL, ox.Literal(alias))
    for doc_id in entity.documents:
        triples.add(node, kg("mentionedIn"), term(document_iri(doc_id)))
    attributes = dict(entity.attributes)
    if entity.cls == "Nation" and "iso3" in attributes:
        triples.add(node, kg("isoCode"), ox.Literal(attributes["iso3"]))


def _add_document(triples: Triples, extraction: Extraction) -> None:
    document = extraction.document
    node = term(document_iri(document.id))
    triples.add(node, _TYPE, kg("Document"))
    triples.set(node, kg("docId"), ox.Literal(document.id))
    triples.set(node, _LABEL, ox.Literal(document.id))
    if document.date is not None:
        triples.set(node, _DATE, ox.Literal(document.date.isoformat(), datatype=_XSD_DATE))
    if document.path is not None:
        triples.set(node, _SOURCE, ox.Literal(str(document.path)))


_DATE, _SOURCE = term(str(DCTERMS.date)), term(str(DCTERMS.source))


#: A sentence's character span in its document, by sentence index.
Spans = dict[int, tuple[int, int]]


def _provenance(
    triples: Triples, node: ox.NamedNode, evidence: Iterable[Evidence], confidence: float, spans: Spans
) -> None:
    """Confidence, component, evidence sentences and, where it is not its first sentence's, the span.

    The document is the evidence sentences' (`kg:evidence/kg:inDocument`), and
    a node without `kg:startChar`/`kg:endChar` spans its first sentence: each
    would be stored again for every statement, the largest part of a store.
    """
    items = list(evidence)
    first = items[0]
    component = term(component_iri(first.component))
    # a node seen before (the same fact twice in a sentence) has its values replaced
    triples.set(node, kg("confidence"), confidence_literal(confidence))
    if spans.get(first.sentence) == (first.start, first.end):
        triples.discard(node, kg("startChar"))
        triples.discard(node, kg("endChar"))
    else:
        triples.set(node, kg("startChar"), integer(first.start))
        triples.set(node, kg("endChar"), integer(first.end))
    triples.set(node, kg("extractedBy"), component)
    triples.add(component, _TYPE, kg("Component"))
    triples.set(component, _LABEL, ox.Literal(first.component))
    for item in items:
        triples.add(node, kg("evidence"), term(sentence_iri(item.doc_id, item.sentence)))


def _add_relation(triples: Triples, relation: Relation, iris: dict[str, ox.NamedNode], spans: Spans) -> None:
    subject, obj = iris[relation.subject], iris[relation.object]
    predicate = kg(relation.predicate)
    triples.add(subject, predicate, obj)
    ev = relation.evidence
    node = term(
        KGR[f"stmt/{_digest(ev.doc_id, ev.sentence, relation.subject, relation.predicate, relation.object)}"]
    )
    triples.add(node, _TYPE, kg("Statement"))
    triples.add(node, _SUBJECT, subject)  # the node's name is a digest of these three
    triples.add(node, _PREDICATE, predicate)
    triples.add(node, _OBJECT, obj)
    old = triples.value(node, kg("confidence"))
    confidence = max(ev.confidence, float(old.value)) if isinstance(old, ox.Literal) else ev.confidence
    _provenance(triples, node, [ev], confidence, spans)


def _role_values(event: Event) -> list[tuple[str, str]]:
    return sorted((role, value.key if isinstance(value, EntityRef) else value) for role, value in event.roles)


def _add_event(
    triples: Triples,
    event: Event,
    iris: dict[str, ox.NamedNode],
    resolved: dict[str, ResolvedEntity],
    spans: Spans,
    copy: int = 0,
) -> None:
    """An event's node; the `copy`-th event of a document with the same roles is a node of its own
    ("a five-time Olympic champion" won five golds)."""
    doc_id = event.evidence[0].doc_id
    roles = _role_values(event)
    parts: tuple[object, ...] = (doc_id, event.type, roles, copy) if copy else (doc_id, event.type, roles)
    node = term(KGR[f"event/{event.type.lower()}-{_digest(*parts)}"])
    triples.add(node, _TYPE, kg(event.type))
    triples.add(node, _TYPE, kg("Event"))
    for role, value in event.roles:
        if isinstance(value, EntityRef):
            if value.key in iris:
                triples.add(node, kg(role), iris[value.key])
        else:
            triples.add(node, kg(role), ox.Literal(value))
    triples.set(node, _LABEL, ox.Literal(event_label(event, resolved)))
    _provenance(triples, node, event.evidence, event.confidence, spans)


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
