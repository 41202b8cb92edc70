"""stats: what a graph holds, counted the way the contract names things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import RDF, Graph

from kg.namespaces import KG, KGR, PREFIXES
from kg.records import ENTITY_CLASSES, EVENT_TYPES, PREDICATES


@dataclass(frozen=True)
class GraphStats:
    """Counts of what a graph holds; every class, predicate and event type appears, zero or not.

    Counting by the contract's names rather than by whatever the graph holds
    makes two graphs' stats comparable line by line, and a zero is news too.
    An athlete counts as a Person as well (the builder asserts both classes).
    """

    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    events: dict[str, int]
    statements: int
    triples: int

    def rows(self) -> list[tuple[str, str, int]]:
        """(part, kind, count) rows in a fixed order, for a table."""
        out = [("documents", "Document", self.documents)]
        out += [("entities", cls, n) for cls, n in self.entities.items()]
        out += [("relations", p, n) for p, n in self.relations.items()]
        out += [("events", t, n) for t, n in self.events.items()]
        out += [("provenance", "Statement", self.statements), ("total", "triples", self.triples)]
        return out


def graph_stats(graph: Graph) -> GraphStats:
    """Count `graph`'s documents, entities by class, relation triples by predicate and events."""

    def count_type(cls: str) -> int:
        return len(set(graph.subjects(RDF.type, KG[cls])))

    return GraphStats(
        documents=count_type("Document"),
        entities={cls: count_type(cls) for cls in ENTITY_CLASSES},
        relations={p: len(list(graph.triples((None, KG[p], None)))) for p in PREDICATES},
        events={t: count_type(t) for t in EVENT_TYPES},
        statements=count_type("Statement"),
        triples=len(graph),
    )


RESOLUTION_GRAPH = KGR["graph/resolution"]


def store_stats(store: Any) -> GraphStats:
    """The same counts for a `kg.store.GraphStore` (or a bare Oxigraph store: a graph file loaded by
    `kg.export.load_dataset`), by SPARQL aggregates evaluated in Oxigraph: nothing is loaded.

    Resolution's bookkeeping graph is left out, as `GraphStore.to_graph` leaves it out.
    """
    oxigraph = getattr(store, "oxigraph", store)

    def grouped(query: str) -> dict[str, int]:
        rows = oxigraph.query(query, prefixes=_PREFIXES, use_default_graph_as_union=True)
        return {row["k"].value.rsplit("#", 1)[-1]: int(row["n"].value) for row in rows}

    def values(names: tuple[str, ...]) -> str:
        return " ".join(f"kg:{name}" for name in names)

    classes = ("Document", "Statement", *ENTITY_CLASSES, *EVENT_TYPES)
    typed = grouped(
        f"SELECT ?k (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?k {{ {values(classes)} }} ?s a ?k }} "
        "GROUP BY ?k"
    )
    related = grouped(
        f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {values(PREDICATES)} }} ?s ?k ?o }} GROUP BY ?k"
    )
    total = oxigraph.query(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER (?g != <{RESOLUTION_GRAPH}>) }} }}"
    )
    return GraphStats(
        documents=typed.get("Document", 0),
        entities={cls: typed.get(cls, 0) for cls in ENTITY_CLASSES},
        relations={p: related.get(p, 0) for p in PREDICATES},
        events={t: typed.get(t, 0) for t in EVENT_TYPES},
        statements=typed.get("Statement", 0),
        triples=int(next(iter(total))["n"].value),
    )


_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
