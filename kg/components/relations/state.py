"""One document as the relation rules see it, and the predicates' signatures they record against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from kg.components.doc_data import MentionIndex, set_class

PERSON = ("Person", "Athlete")
AGENTS = ("Person", "Athlete", "Team", "Nation", "Organization")
ORGS = ("Organization", "Team")
#: subject and object classes each predicate admits
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nationality": (PERSON + ("Referent",), ("Nation",)),
    "memberOf": (PERSON + ("Referent",), ORGS),
    "participatedIn": (PERSON + ("Team", "Nation", "Referent"), ("SportingEvent",)),
    "playsSport": (PERSON + ("Team", "Referent"), ("Sport",)),
    "leaderOf": (PERSON, ("Nation", "Organization", "Team")),
}


@dataclass
class RelationState:
    """What the rule modules share while reading one document.

    `relations` is the Doc's own `kg_relations` list, so a relation is on the
    Doc as soon as it is added. A rule that adds an entity or a mention calls
    `reindex`, and every rule reads `index` afresh, so later lookups see it.
    """

    doc: Doc
    index: MentionIndex
    relations: list[dict[str, Any]]
    component: str

    @classmethod
    def of(cls, doc: Doc, component: str) -> RelationState:
        return cls(doc, MentionIndex(doc), doc._.kg_relations, component)

    def reindex(self) -> None:
        self.index = MentionIndex(self.doc)

    def admits(self, subject: str, predicate: str, obj: str) -> bool:
        """Whether subject and object have, now, the classes the predicate admits."""
        subject_classes, object_classes = SIGNATURES[predicate]
        return self.index.cls_of(subject) in subject_classes and self.index.cls_of(obj) in object_classes

    def fits(self, relation: dict[str, Any]) -> bool:
        return self.admits(relation["subject"], relation["predicate"], relation["object"])

    def add(self, subject: str, predicate: str, obj: str, tokens: list[Token], confidence: float) -> None:
        """Record a relation, its evidence the sentences of `tokens`; one that does not fit the
        predicate's signature is dropped, and a subject that plays a sport becomes an Athlete."""
        if subject == obj or not self.admits(subject, predicate, obj):
            return
        if predicate == "playsSport":
            set_class(self.doc, subject, "Athlete")
        doc = self.doc
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        sent = doc[start].sent
        start, end = min(start, sent.start), max(end, sent.end)
        self.relations.append(
            {
                "subject": subject,
                "predicate": predicate,
                "object": obj,
                "start": doc[start].idx,
                "end": doc[end - 1].idx + len(doc[end - 1].text),
                "confidence": confidence,
                "component": self.component,
            }
        )
