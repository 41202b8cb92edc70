"""stats: what a graph holds, counted the way the contract names things."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import RDF, Graph

from kg.namespaces import KG, KGR
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
    """The same counts for a `kg.store.GraphStore`, by SPARQL on the store (nothing is loaded)."""

    def count(pattern: str, what: str = "DISTINCT ?s") -> int:
        rows = store.select(f"SELECT (COUNT({what}) AS ?n) WHERE {{ {pattern} }}")
        return int(rows[0]["n"].value)

    def count_type(cls: str) -> int:
        return count(f"?s a kg:{cls}")

    graphs = "FILTER (?g != <" + str(RESOLUTION_GRAPH) + ">)"
    return GraphStats(
        documents=count_type("Document"),
        entities={cls: count_type(cls) for cls in ENTITY_CLASSES},
        relations={p: count(f"?s kg:{p} ?o", "*") for p in PREDICATES},
        events={t: count_type(t) for t in EVENT_TYPES},
        statements=count_type("Statement"),
        triples=count(f"GRAPH ?g {{ ?s ?p ?o }} {graphs}", "*"),
    )
