"""resolve: one entity per key across documents.

Keys are made to agree across documents by normalisation ("Nation:PRK",
"Person:park ji hoon" whether spelt "Park Ji-hoon" or "Park Ji Hoon");
here the per-document views of one key are merged: the most specific class,
the most frequent label, every other surface form as an alias.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.components.doc_data import SPECIFICITY
from kg.records import Entity, Extraction


@dataclass(frozen=True)
class ResolvedEntity:
    key: str
    cls: str
    label: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]


def resolve_entities(extractions: Iterable[Extraction]) -> dict[str, ResolvedEntity]:
    views: dict[str, list[tuple[str, Entity]]] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            views.setdefault(entity.key, []).append((extraction.document.id, entity))
    resolved = {}
    for key, seen in views.items():
        classes = [e.cls for _, e in seen]
        cls = max(classes, key=lambda c: (SPECIFICITY.get(c, 0), classes.count(c)))
        labels = Counter(e.label for _, e in seen)
        label = max(labels, key=lambda lab: (labels[lab], -[e.label for _, e in seen].index(lab)))
        aliases: dict[str, None] = {}
        for _, entity in seen:
            for form in (entity.label, *entity.aliases):
                if form != label:
                    aliases[form] = None
        attributes: dict[str, str] = {}
        for _, entity in seen:
            attributes.update(dict(entity.attributes))
        resolved[key] = ResolvedEntity(
            key=key,
            cls=cls,
            label=label,
            aliases=tuple(aliases),
            documents=tuple(dict.fromkeys(doc for doc, _ in seen)),
            attributes=tuple(sorted(attributes.items())),
        )
    return resolved
