"""stats: what a graph holds, counted the way the contract names things."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph

from kg.namespaces import KG
from kg.records import ENTITY_CLASSES, EVENT_TYPES, PREDICATES


@dataclass(frozen=True)
class GraphStats:
    documents: int
    entities: dict[str, int]
    relations: dict[str, int]
    events: dict[str, int]
    statements: int
    triples: int

    def rows(self) -> list[tuple[str, str, int]]:
        out = [("documents", "Document", self.documents)]
        out += [("entities", cls, n) for cls, n in self.entities.items()]
        out += [("relations", p, n) for p, n in self.relations.items()]
        out += [("events", t, n) for t, n in self.events.items()]
        out += [("provenance", "Statement", self.statements), ("total", "triples", self.triples)]
        return out


def graph_stats(graph: Graph) -> GraphStats:
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
