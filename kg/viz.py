"""viz: the graph as something to look at: a networkx view, a static drawing, an interactive page.

`to_networkx` turns the RDF graph into the graph a person means when they say
"who is connected to whom": entities and n-ary events as nodes, the contract's
relations and event roles as edges. The bookkeeping that makes every fact
traceable (`kg:Statement`, `kg:Document`, `kg:Sentence`, `kg:Component`) is
not drawn as nodes: it is folded into the attributes of the nodes and edges it
describes (`confidence`, `provenance`), which is what a hover shows.

The pictures are made from that view: `draw` (matplotlib, PNG or SVG, in
kg/drawing.py) and `interactive` (a self-contained HTML page that also shows
itself in Jupyter, in kg/interactive.py). `save` picks one by the output's
extension and writes it atomically, as the graph writers do.

>>> view = to_networkx(graph, focus="Anna Keller", hops=2, collapse=True)
>>> draw(view).savefig("keller.png")
>>> interactive(graph, min_confidence=0.8).save("graph.html")
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, NamespaceManager
from rdflib.term import BNode, Node

from kg.errors import InputError, QueryError
from kg.export import check_target, shorten, write_atomically
from kg.namespaces import KG, KG_IRI, KGR, PREFIXES, bind_prefixes, display_names

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from kg.interactive import InteractiveView

__all__ = [
    "CLASS_COLOURS",
    "collapse_events",
    "draw",
    "filter_view",
    "interactive",
    "neighbourhood",
    "save",
    "store_neighbourhood",
    "to_networkx",
]

#: Colours by class, shared by the static drawing and the interactive page so the two read alike.
#: Okabe-Ito's colour-blind-safe palette first, for the classes a reader compares most.
CLASS_COLOURS: dict[str, str] = {
    "Athlete": "#0072B2",
    "Person": "#56B4E9",
    "Nation": "#009E73",
    "Team": "#CC79A7",
    "Organization": "#E69F00",
    "SportingEvent": "#8C564B",
    "Sport": "#BCBD22",
    "MedalAward": "#F0E442",
    "Punishment": "#D55E00",
    "Referent": "#A0A0A0",
}
#: The colour of a class that is not in the ontology (a graph from elsewhere, a CONSTRUCT result).
OTHER_COLOUR = "#7F7F7F"
#: Most specific first: the class a node is drawn as when it has several (an Athlete is also a Person).
CLASS_ORDER: tuple[str, ...] = tuple(CLASS_COLOURS)
EVENT_CLASSES = ("MedalAward", "Punishment")

#: Nodes of these classes are provenance, never drawn: their facts go into attributes (a store's
#: entity links say how resolution placed a document's entity).
_HIDDEN_TYPES = frozenset({KG.Statement, KG.Document, KG.Sentence, KG.Component, KG.EntityLink})
#: Properties that never become edges: types and names become attributes, the rest is bookkeeping.
_HIDDEN_PREDICATES = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        SKOS.altLabel,
        SKOS.prefLabel,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        KG.mentionedIn,
        KG.inDocument,
        KG.evidence,
        KG.extractedBy,
        KG.confidence,
        KG.startChar,
        KG.endChar,
        OWL.sameAs,
    }
)
#: Types from these namespaces make a term part of a schema (a class, a property), not of the data.
_SCHEMA_NAMESPACES = (str(OWL), str(RDFS), str(RDF), "http://www.w3.org/ns/shacl#")
#: Edge colours of collapsed medal awards, by medal.
MEDAL_COLOURS = {"gold": "#D4A017", "silver": "#8E9AA3", "bronze": "#B0703C"}
PUNISHMENT_COLOUR = CLASS_COLOURS["Punishment"]


# --------------------------------------------------------------------------- RDF → networkx


def to_networkx(
    graph: Graph,
    *,
    query: str | os.PathLike[str] | None = None,
    collapse: bool = False,
    focus: str | Iterable[str] | None = None,
    hops: int = 1,
    classes: Iterable[str] | None = None,
    min_confidence: float | None = None,
    isolated: bool = True,
) -> nx.MultiDiGraph:
    """The drawable view of `graph`: a MultiDiGraph of entities and events, with provenance attached.

    Nodes are keyed by IRI and carry `label`, `class` (the most specific one),
    `classes`, `aliases`, `documents`, `confidence` and, for events, their
    text roles (`medal`, `status`, `punishmentType`, ...). Edges are keyed by
    predicate and carry `predicate` (a prefixed name), `label`, `confidence`
    and `provenance`: a list of `{"document", "date", "sentence",
    "confidence", "component"}` dicts, one per supporting sentence.

    `query` (a CONSTRUCT or DESCRIBE query: its text, a .rq file or an
    example's name) chooses which triples are drawn; labels, classes and
    provenance still come from `graph`. Then, in this order: `collapse` folds
    MedalAward and Punishment nodes into labelled edges (`collapse_events`),
    `min_confidence` and `classes` filter (`filter_view`), and `focus` keeps
    the neighbourhood of the nodes so labelled within `hops` (`neighbourhood`).
    With `isolated=False`, nodes left without any edge are dropped at the end.
    """
    selection = graph if query is None else construct(graph, query)
    view = _convert(graph, selection)
    if collapse:
        view = collapse_events(view)
    if min_confidence is not None or classes is not None:
        view = filter_view(view, classes=classes, min_confidence=min_confidence)
    if focus is not None:
        view = neighbourhood(view, focus, hops)
    if not isolated:
        view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
    return view


def construct(graph: Graph, query: str | os.PathLike[str]) -> Graph:
    """The result of a read-only CONSTRUCT or DESCRIBE query; QueryError for any other kind."""
    from kg.query import read_query, run_query

    result = run_query(graph, read_query(query))
    if result.graph is None:
        raise QueryError(f"a view needs a CONSTRUCT or DESCRIBE query, not {result.kind}")
    return result.graph


def namespace_manager(graph: Graph) -> NamespaceManager:
    """The project's prefixes, plus any other prefix `graph` binds, for short display names."""
    return display_names(graph.namespaces())


def node_id(term: Node) -> str:
    """The networkx key of an RDF node: the IRI itself, or `_:id` for a blank node."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


class _Lookup:
    """What the source graph says about a term: its name, classes and provenance, computed once."""

    def __init__(self, source: Graph) -> None:
        self.source = source
        self.names = namespace_manager(source)
        self._statements: dict[tuple[Node, Node, Node], list[Node]] = defaultdict(list)
        # sorted, so that the view of a part of a store lists provenance as the whole store's does
        for statement in sorted(source.subjects(RDF.type, KG.Statement), key=str):
            triple = tuple(source.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            if all(term is not None for term in triple):
                self._statements[triple].append(statement)  # type: ignore[index]
        self._predicate_labels: dict[Node, str] = {}

    def short(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return shorten(term, self.names)
        return node_id(term) if isinstance(term, BNode) else str(term)

    def types(self, term: Node) -> set[Node]:
        return set(self.source.objects(term, RDF.type))

    def label(self, term: Node) -> str:
        for predicate in (RDFS.label, SKOS.prefLabel):
            labels = sorted(self.source.objects(term, predicate), key=_english_first)
            if labels:
                return str(labels[0])
        text = self.short(term)
        return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1] or text

    def class_names(self, term: Node) -> list[str]:
        names = {self._local(t) for t in self.types(term) if isinstance(t, URIRef)}
        return sorted(names)

    def _local(self, iri: URIRef) -> str:
        text = str(iri)
        return text[len(KG_IRI) :] if text.startswith(KG_IRI) else self.short(iri)

    def predicate_label(self, predicate: Node) -> str:
        """The ontology's rdfs:label of a property ("member of"), else its local name."""
        if predicate not in self._predicate_labels:
            from kg.export import load_ontology

            label = load_ontology().value(predicate, RDFS.label)
            self._predicate_labels[predicate] = (
                str(label) if label is not None else self.label(predicate) if predicate else ""
            )
        return self._predicate_labels[predicate]

    def confidence(self, term: Node) -> float | None:
        value = self.source.value(term, KG.confidence)
        return _number(value)

    def provenance(self, holder: Node) -> list[dict[str, Any]]:
        """One dict per evidence sentence of a kg:Statement or an event node, in sentence order."""
        source = self.source
        # the evidence sentences' document (graphs written before that give the holder's own)
        documents = (source.value(s, KG.inDocument) for s in source.objects(holder, KG.evidence))
        document = source.value(holder, KG.inDocument) or next(documents, None)
        doc_id = None
        date = None
        if document is not None:
            doc_id = str(source.value(document, KG.docId) or self.label(document))
            day = source.value(document, DCTERMS.date)
            date = str(day) if day is not None else None
        extractor = source.value(holder, KG.extractedBy)
        component = None if extractor is None else self.label(extractor)
        confidence = self.confidence(holder)
        # in document order: by start (graphs written before sentences lost their index give it too)
        sentences = sorted(
            source.objects(holder, KG.evidence),
            key=lambda s: (
                _number(source.value(s, KG.startChar)) or 0,
                _number(source.value(s, KG.sentenceIndex)) or 0,
                str(s),
            ),
        )
        texts: list[str | None] = [str(source.value(s, KG.text) or "") for s in sentences] or [None]
        return [
            {
                "document": doc_id,
                "date": date,
                "sentence": text,
                "confidence": confidence,
                "component": component,
            }
            for text in texts
        ]

    def statements(self, s: Node, p: Node, o: Node) -> list[Node]:
        return self._statements.get((s, p, o), [])


def _english_first(literal: Node) -> tuple[int, str]:
    language = literal.language if isinstance(literal, Literal) else None
    return (0 if language in (None, "en") else 1, str(literal))


def _number(value: Node | None) -> float | None:
    if isinstance(value, Literal):
        try:
            return float(value.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _drawable(term: Node, lookup: _Lookup) -> bool:
    return isinstance(term, URIRef | BNode) and not (lookup.types(term) & _HIDDEN_TYPES)


def _convert(source: Graph, selection: Graph) -> nx.MultiDiGraph:
    """Entities and events of `selection` as nodes, their links as edges; attributes from `source`."""
    lookup = _Lookup(source)
    view = nx.MultiDiGraph()
    for s, p, o in sorted(selection):
        if not _drawable(s, lookup):
            continue
        if p == RDF.type and isinstance(o, URIRef) and not str(o).startswith(_SCHEMA_NAMESPACES):
            _add_node(view, s, lookup)  # an entity with no link is still part of the picture
        if p in _HIDDEN_PREDICATES:
            continue
        _add_node(view, s, lookup)
        if isinstance(o, Literal) or not _drawable(o, lookup):
            continue
        _add_node(view, o, lookup)
        _add_edge(view, s, p, o, lookup)
    _set_node_confidence(view)
    return view


def _add_node(view: nx.MultiDiGraph, term: Node, lookup: _Lookup) -> None:
    key = node_id(term)
    if key in view:
        return
    source = lookup.source
    classes = lookup.class_names(term)
    cls = next((c for c in CLASS_ORDER if c in classes), None)
    if cls is None:
        cls = next((c for c in classes if c not in ("Event",)), "Other")
    attributes: dict[str, Any] = {
        "label": lookup.label(term),
        "class": cls,
        "classes": classes,
        "iri": lookup.short(term),
        "aliases": sorted({str(a) for a in source.objects(term, SKOS.altLabel)}),
        "documents": sorted(
            {str(source.value(d, KG.docId) or lookup.label(d)) for d in source.objects(term, KG.mentionedIn)}
        ),
    }
    if cls in EVENT_CLASSES:
        attributes["provenance"] = lookup.provenance(term)
        attributes["own_confidence"] = lookup.confidence(term)
        documents = {item["document"] for item in attributes["provenance"] if item["document"]}
        attributes["documents"] = sorted(documents | set(attributes["documents"]))
    # text-valued properties (an event's medal, status, punishment type, reason; a nation's ISO code)
    values: dict[str, list[str]] = defaultdict(list)
    for predicate, value in source.predicate_objects(term):
        if (
            isinstance(value, Literal)
            and predicate not in _HIDDEN_PREDICATES
            and isinstance(predicate, URIRef)
        ):
            values[lookup._local(predicate)].append(str(value))
    for name, items in sorted(values.items()):
        if name not in attributes and ":" not in name:
            attributes[name] = "; ".join(sorted(set(items)))
    view.add_node(key, **attributes)


def _add_edge(view: nx.MultiDiGraph, s: Node, p: Node, o: Node, lookup: _Lookup) -> None:
    statements = lookup.statements(s, p, o)
    if statements:
        provenance = [item for st in statements for item in lookup.provenance(st)]
    elif view.nodes[node_id(s)]["class"] in EVENT_CLASSES:  # an event's role: the event's evidence
        provenance = view.nodes[node_id(s)]["provenance"]
    else:
        provenance = []
    confidences = [item["confidence"] for item in provenance if item["confidence"] is not None]
    predicate = lookup.short(p)
    view.add_edge(
        node_id(s),
        node_id(o),
        key=predicate,
        predicate=predicate,
        label=lookup.predicate_label(p),
        confidence=max(confidences) if confidences else None,
        provenance=provenance,
    )


def _set_node_confidence(view: nx.MultiDiGraph) -> None:
    """An event's confidence is its own; an entity's the highest of the edges it takes part in."""
    for key, data in view.nodes(data=True):
        if data.get("own_confidence") is not None:
            data["confidence"] = data["own_confidence"]
            continue
        values = [
            edge["confidence"]
            for _, _, edge in (*view.in_edges(key, data=True), *view.out_edges(key, data=True))
            if edge.get("confidence") is not None
        ]
        data["confidence"] = max(values) if values else None


# --------------------------------------------------------------------------- collapsing n-ary events

#: For each event class: (role whose values are the edge's source, role whose values are its target).
_COLLAPSE_ROLES = {"MedalAward": ("kg:recipient", "kg:atEvent"), "Punishment": ("kg:imposedBy", "kg:target")}


def collapse_events(view: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `view` with MedalAward and Punishment nodes folded into labelled edges.

    A medal becomes recipient → event, labelled with the medal ("silver"); a
    punishment becomes imposer → target, labelled with its type
    ("disciplinary action", with "(possible)" or "(denied)" unless actual).
    The event's other roles and its provenance ride on the edge, and its IRI
    is the edge's `event`. An event that lacks one side (a punishment whose
    imposer the text does not name) stays a hub node, so nothing is lost.
    """
    out = view.copy()
    for key, data in list(view.nodes(data=True)):
        roles = _COLLAPSE_ROLES.get(data["class"])
        if roles is None:
            continue
        role_targets: dict[str, list[str]] = defaultdict(list)
        for _, target, edge in view.out_edges(key, data=True):
            role_targets[edge["predicate"]].append(target)
        sources, targets = (sorted(role_targets.get(role, [])) for role in roles)
        if not sources or not targets:
            continue
        label, extra = _collapsed_label(data)
        others = {
            role.removeprefix("kg:"): ", ".join(view.nodes[t]["label"] for t in sorted(ts))
            for role, ts in role_targets.items()
            if role not in roles
        }
        for s in sources:
            for t in targets:
                out.add_edge(
                    s,
                    t,
                    key=key,
                    predicate=f"kg:{data['class']}",
                    label=label,
                    event=key,
                    event_label=data["label"],
                    confidence=data["confidence"],
                    provenance=data.get("provenance", []),
                    **extra,
                    **others,
                )
        out.remove_node(key)
    _set_node_confidence(out)
    return out


def _collapsed_label(data: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The edge label of a collapsed event, and the text roles it keeps as attributes."""
    names = (
        ("medal", "discipline") if data["class"] == "MedalAward" else ("punishmentType", "status", "reason")
    )
    extra = {name: data[name] for name in names if data.get(name)}
    if data["class"] == "MedalAward":
        return extra.get("medal", "medal"), extra
    status = extra.get("status", "")
    label = extra.get("punishmentType", "punishment")
    return (f"{label} ({status})" if status and status != "actual" else label), extra


# --------------------------------------------------------------------------- focus and filters


def filter_view(
    view: nx.MultiDiGraph, *, classes: Iterable[str] | None = None, min_confidence: float | None = None
) -> nx.MultiDiGraph:
    """Keep the nodes of the given classes (any of a node's classes counts) and the confident part.

    With `min_confidence`, an edge stays when its confidence is at least that
    (an edge with no confidence, which no statement backs, goes), and a node
    when its own confidence is: an entity's is that of its best edge, so an
    entity stays exactly while one of its edges does.
    """
    keep = set(view)
    if classes is not None:
        wanted = set(classes)
        known = set(CLASS_ORDER) | {"Event"} | {c for _, d in view.nodes(data=True) for c in d["classes"]}
        unknown = sorted(wanted - known)
        if unknown:
            raise QueryError(f"unknown class {unknown[0]!r}; choose from: {', '.join(sorted(known))}")
        keep = {n for n in keep if wanted & {view.nodes[n]["class"], *view.nodes[n]["classes"]}}
    if min_confidence is not None:
        if not 0 <= min_confidence <= 1:
            raise QueryError(f"a minimum confidence is between 0 and 1, not {min_confidence}")
        keep = {n for n in keep if _at_least(view.nodes[n]["confidence"], min_confidence)}
    out = view.subgraph(keep).copy()
    if min_confidence is not None:
        weak = [
            (s, t, k) for s, t, k, c in out.edges(keys=True, data="confidence") if (c or 0) < min_confidence
        ]
        out.remove_edges_from(weak)
    return out


def _at_least(confidence: float | None, minimum: float) -> bool:
    """Whether a confidence reaches `minimum`; no confidence at all never does."""
    return confidence is not None and confidence >= minimum


def neighbourhood(view: nx.MultiDiGraph, focus: str | Iterable[str], hops: int = 1) -> nx.MultiDiGraph:
    """The nodes within `hops` links of the nodes labelled `focus` (either direction), with their edges.

    A label matches a node's `label` or one of its `aliases`, ignoring case,
    or its IRI (full or prefixed). Every match is a centre and is marked
    `focus=True`; no match is a QueryError that suggests close labels.
    """
    if hops < 0:
        raise QueryError(f"hops must be 0 or more, not {hops}")
    labels = [focus] if isinstance(focus, str) else list(focus)
    centres: set[str] = set()
    for label in labels:
        centres |= find_nodes(view, label)
    undirected = view.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    out = view.subgraph(keep).copy()
    for centre in centres:
        out.nodes[centre]["focus"] = True
    return out


def store_neighbourhood(
    store: Any, focus: str | Iterable[str], hops: int = 1, *, collapse: bool = False
) -> Graph:
    """The part of a store (a `kg.store.GraphStore`) that `to_networkx` draws around `focus`, asked
    of Oxigraph by SPARQL, so that a large store is never loaded whole (rdflib takes about 1 KB a
    triple).

    Drawn with the same `focus`, `hops` and `collapse` (and any filter), it gives the picture of
    the whole store: every node within `hops` links of a centre is here with all it says of
    itself, all its links and the statements behind them; so is every event one link further,
    with its roles, and the nodes those links reach, with what they say of themselves. A medal or
    punishment that `collapse` folds into an edge counts half a link each way, so the walk goes
    far enough for the folded picture too. Labels are matched ignoring case as SPARQL's LCASE
    does (on a graph, Python's casefold also folds "ß" into "ss").
    """
    if hops < 0:
        raise QueryError(f"hops must be 0 or more, not {hops}")
    oxigraph = store.oxigraph
    centres: set[str] = set()
    for label in [focus] if isinstance(focus, str) else list(focus):
        centres |= _store_nodes_named(oxigraph, label)
    # Distances in half links: a link is 2, a link to or from an event that collapses is 1. Nodes
    # within `hops` links have all their links fetched, and so have events half a link further.
    to_event = 1 if collapse else 2
    distance = dict.fromkeys(centres, 0)
    types = _store_types(oxigraph, centres)
    links: set[tuple[str, str, str]] = set()
    for level in range(2 * hops + 2):
        batch = {
            node
            for node, d in distance.items()
            if d == level and (d <= 2 * hops or types[node] & _EVENT_TYPES)
        }
        if not batch:
            continue
        found = _store_links(oxigraph, batch)
        types |= _store_types(oxigraph, {n for s, _, o in found for n in (s, o)} - set(types))
        for s, p, o in found:
            if (types[s] | types[o]) & _HIDDEN_TYPES:
                continue
            links.add((s, p, o))
            weight = to_event if (types[s] | types[o]) & _EVENT_TYPES else 2
            for here, there in ((s, o), (o, s)):
                if here in batch and distance.get(there, level + weight + 1) > level + weight:
                    distance[there] = level + weight
    drawn = {node for node, d in distance.items() if d <= 2 * hops or types[node] & _EVENT_TYPES}
    inner = {(s, p, o) for s, p, o in links if s in drawn and o in drawn}
    triples: list[tuple[Node, Node, Node]] = [(URIRef(s), URIRef(p), URIRef(o)) for s, p, o in links]
    triples += _store_describe(oxigraph, drawn) + _store_statements(oxigraph, inner)
    # Links to the nodes one link out are never drawn, but their confidence counts towards the
    # confidence of the node they leave; those nodes need only say what they are.
    triples += _store_statements(oxigraph, links - inner, only=_STATEMENT_CORE)
    triples += _store_describe(oxigraph, set(distance) - drawn, only=(RDF.type, RDFS.label))
    provenance = {str(o) for _, p, o in triples if p in _PROVENANCE_LINKS} - set(distance)
    triples += _store_describe(oxigraph, provenance)
    # a statement's document is its evidence sentences': what they point at is described too
    documents = {str(o) for _, p, o in triples if p in _PROVENANCE_LINKS} - provenance - set(distance)
    part = bind_prefixes(Graph())
    for triple in triples + _store_describe(oxigraph, documents):
        part.add(triple)
    return part


_EVENT_TYPES = frozenset(KG[name] for name in EVENT_CLASSES)
#: What makes a statement one, and its confidence.
_STATEMENT_CORE = (RDF.type, RDF.subject, RDF.predicate, RDF.object, KG.confidence)
#: What points from a drawn node or a statement to the documents, sentences and components whose
#: own triples its attributes need.
_PROVENANCE_LINKS = frozenset({KG.mentionedIn, KG.inDocument, KG.evidence, KG.extractedBy})
#: Every graph of a store but resolution's bookkeeping, which `GraphStore.to_graph` leaves out too.
_NOT_RESOLUTION = f"FILTER (?g != <{KGR['graph/resolution']}>)"
#: What an IRI written in a query may hold.
_IRI = re.compile(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|^`\\]*")


def _store_rows(oxigraph: Any, query: str) -> list[Any]:
    return list(oxigraph.query(query, prefixes={p: str(ns) for p, ns in PREFIXES.items()}))


def _values(nodes: Iterable[str]) -> str:
    return " ".join(f"<{node}>" for node in sorted(nodes))


def _store_nodes_named(oxigraph: Any, label: str) -> set[str]:
    """The store's drawable nodes that `label` names, as `find_nodes` finds them in a view: by label
    or alias ignoring case, or by IRI, full or prefixed; QueryError, with close labels, if none."""
    wanted = label.strip()
    prefix, _, local = wanted.partition(":")
    namespace = PREFIXES.get(prefix.lower())
    iris = {wanted, wanted.lower()} | (
        {f"{namespace}{local}", f"{namespace}{local}".lower()} if namespace is not None else set()
    )
    found = {
        row["n"].value
        for row in _store_rows(
            oxigraph,
            f"""SELECT DISTINCT ?n WHERE {{ GRAPH ?g {{ ?n rdfs:label|skos:altLabel ?l }} {_NOT_RESOLUTION}
                FILTER (LCASE(STR(?l)) = {json.dumps(wanted.lower(), ensure_ascii=False)}) }}""",
        )
    }
    iris = {iri for iri in iris if _IRI.fullmatch(iri)}
    if iris:
        found |= {
            row["n"].value
            for row in _store_rows(
                oxigraph,
                f"SELECT DISTINCT ?n WHERE {{ VALUES ?n {{ {_values(iris)} }} GRAPH ?g {{ ?n ?p ?o }} "
                f"{_NOT_RESOLUTION} }}",
            )
        }
    types = _store_types(oxigraph, found)
    found = {node for node in found if not types[node] & _HIDDEN_TYPES}
    if found:
        return found
    classes = _values(str(KG[name]) for name in CLASS_ORDER)
    rows = _store_rows(  # the labels a view of the whole store offers: its entities' and events'
        oxigraph,
        f"SELECT DISTINCT ?l WHERE {{ VALUES ?t {{ {classes} }} GRAPH ?g {{ ?n a ?t ; rdfs:label ?l }} }}",
    )
    names = sorted(row["l"].value for row in rows)
    close = difflib.get_close_matches(label, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    where = "in the graph" if names else "in the graph (it has no nodes to draw)"
    raise QueryError(f"no node labelled {label!r} {where}{hint}")


def _store_types(oxigraph: Any, nodes: Iterable[str]) -> dict[str, set[Node]]:
    """Each node's classes, from every graph but resolution's."""
    types: dict[str, set[Node]] = {node: set() for node in nodes}
    if types:
        rows = _store_rows(
            oxigraph,
            f"SELECT DISTINCT ?n ?t WHERE {{ VALUES ?n {{ {_values(types)} }} GRAPH ?g {{ ?n a ?t }} "
            f"{_NOT_RESOLUTION} }}",
        )
        for row in rows:
            types[row["n"].value].add(URIRef(row["t"].value))
    return types


def _store_links(oxigraph: Any, nodes: Iterable[str]) -> set[tuple[str, str, str]]:
    """The triples that may be edges of a view at `nodes`: from or to another node, by a predicate
    that is not bookkeeping."""
    hidden = ", ".join(f"<{p}>" for p in sorted(_HIDDEN_PREDICATES))
    rows = _store_rows(
        oxigraph,
        f"""SELECT DISTINCT ?s ?p ?o WHERE {{
            VALUES ?x {{ {_values(nodes)} }}
            GRAPH ?g {{ {{ ?x ?p ?o BIND (?x AS ?s) }} UNION {{ ?s ?p ?x BIND (?x AS ?o) }} }}
            {_NOT_RESOLUTION}
            FILTER (isIRI(?s) && isIRI(?o) && ?p NOT IN ({hidden}))
        }}""",
    )
    return {(row["s"].value, row["p"].value, row["o"].value) for row in rows}


def _store_describe(
    oxigraph: Any, nodes: Iterable[str], only: Iterable[Node] | None = None
) -> list[tuple[Node, Node, Node]]:
    """Every triple whose subject is one of `nodes` (and predicate one of `only`), as rdflib terms."""
    from kg.terms import to_rdflib

    nodes = set(nodes)
    if not nodes:
        return []
    # a FILTER, not VALUES: two VALUES blocks made Oxigraph scan every quad (a minute on 1M quads)
    predicates = "" if only is None else f"FILTER (?p IN ({', '.join(f'<{p}>' for p in only)}))"
    rows = _store_rows(
        oxigraph,
        f"SELECT DISTINCT ?n ?p ?o WHERE {{ VALUES ?n {{ {_values(nodes)} }} "
        f"GRAPH ?g {{ ?n ?p ?o }} {_NOT_RESOLUTION} {predicates} }}",
    )
    return [(to_rdflib(row["n"]), to_rdflib(row["p"]), to_rdflib(row["o"])) for row in rows]


def _store_statements(
    oxigraph: Any, links: set[tuple[str, str, str]], only: Iterable[Node] | None = None
) -> list[tuple[Node, Node, Node]]:
    """Every triple (of a predicate in `only`) about the kg:Statements behind `links`."""
    if not links:
        return []
    values = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in sorted(links))
    rows = _store_rows(
        oxigraph,
        f"""SELECT DISTINCT ?st WHERE {{ VALUES (?s ?p ?o) {{ {values} }}
            GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}""",
    )
    return _store_describe(oxigraph, {row["st"].value for row in rows}, only)


def find_nodes(view: nx.MultiDiGraph, label: str) -> set[str]:
    """The keys of the nodes that `label` names; QueryError, with the closest labels, if none."""
    wanted = label.strip().casefold()
    found = {
        key
        for key, data in view.nodes(data=True)
        if wanted in {data["label"].casefold(), *(a.casefold() for a in data["aliases"])}
        or wanted in {key.casefold(), data["iri"].casefold()}
    }
    if found:
        return found
    names = sorted({data["label"] for _, data in view.nodes(data=True)})
    close = difflib.get_close_matches(label, names, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    where = "in the graph" if names else "in the graph (it has no nodes to draw)"
    raise QueryError(f"no node labelled {label!r} {where}{hint}")


# --------------------------------------------------------------------------- pictures


@dataclass(frozen=True)
class Legend:
    """The classes a view draws, in legend order, with their colours and counts."""

    entries: tuple[tuple[str, str, int], ...]

    @classmethod
    def of(cls, view: nx.MultiDiGraph) -> Legend:
        counts: dict[str, int] = defaultdict(int)
        for _, data in view.nodes(data=True):
            counts[data["class"]] += 1
        order = [c for c in CLASS_ORDER if c in counts] + sorted(set(counts) - set(CLASS_ORDER))
        return cls(tuple((name, class_colour(name), counts[name]) for name in order))

    def __iter__(self) -> Iterator[tuple[str, str, int]]:
        return iter(self.entries)


def class_colour(cls: str) -> str:
    return CLASS_COLOURS.get(cls, OTHER_COLOUR)


def edge_colour(data: Mapping[str, Any]) -> str:
    """Collapsed medals in their metal, punishments in the punishment colour, other links grey."""
    if data.get("predicate") == "kg:MedalAward":
        return MEDAL_COLOURS.get(str(data.get("medal")), CLASS_COLOURS["MedalAward"])
    if data.get("predicate") == "kg:Punishment":
        return PUNISHMENT_COLOUR
    return "#8A8F98"


def as_view(data: Graph | nx.MultiDiGraph, **options: Any) -> nx.MultiDiGraph:
    """`data` if it already is a view, else `to_networkx(data, **options)`."""
    if isinstance(data, nx.MultiDiGraph):
        if options:
            raise TypeError(f"view options {sorted(options)} apply to an rdflib Graph, not to a view")
        return data
    return to_networkx(data, **options)


def draw(data: Graph | nx.MultiDiGraph, **options: Any) -> Figure:
    """A matplotlib Figure of `data` (a view, or a Graph with `to_networkx` options); see kg.drawing."""
    from kg.drawing import draw as draw_figure

    return draw_figure(data, **options)


def interactive(data: Graph | nx.MultiDiGraph, **options: Any) -> InteractiveView:
    """A pan-and-zoom page of `data` that shows itself in Jupyter and saves as one HTML file."""
    from kg.interactive import interactive as make_view

    return make_view(data, **options)


#: Picture formats `save` writes, by file extension.
PICTURE_FORMATS = ("html", "png", "svg")


def picture_format(path: str | os.PathLike[str]) -> str:
    """The picture format of an output path by its extension; InputError naming the file if unknown."""
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in PICTURE_FORMATS:
        return suffix
    choices = ", ".join(PICTURE_FORMATS)
    if not suffix:
        raise InputError(path, f"no file extension to tell the picture format; use one of: {choices}")
    raise InputError(path, f"unknown picture format {suffix!r}; choose one of: {choices}")


def save(
    data: Graph | nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    **options: Any,
) -> Path:
    """Draw `data` into `path` (.html, .png or .svg), atomically: the picture is made in memory first."""
    kind = picture_format(path)
    target = check_target(path)
    view = as_view(data, **options)
    if kind == "html":
        content = interactive(view, title=title).to_html().encode("utf-8")
    else:
        from kg.drawing import figure_bytes

        content = figure_bytes(draw(view, title=title), kind)
    write_atomically(target, lambda handle: handle.write(content))
    return target
