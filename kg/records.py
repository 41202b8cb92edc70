"""Plain typed records passed between stages.

No spaCy `Doc` leaves the extract stage and no rdflib `Graph` exists before the
graph stage: these frozen dataclasses are what travels in between, so each
stage can be tested (and pickled to worker processes) on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: The contract's entity classes. `Athlete` refines `Person`, `Team` refines
#: `Organization`. `Referent` is ours: an unnamed person or group that the text
#: names only by description ("the coach", "players"); it is scoped to one
#: document and is not one of the contract's named entities.
EntityClass = Literal[
    "Person", "Athlete", "Nation", "Organization", "Team", "SportingEvent", "Sport", "Referent"
]
ENTITY_CLASSES: tuple[str, ...] = (
    "Person",
    "Athlete",
    "Nation",
    "Organization",
    "Team",
    "SportingEvent",
    "Sport",
    "Referent",
)
#: Classes whose superclass is also asserted (a query for kg:Person finds athletes).
SUPERCLASS: dict[str, str] = {"Athlete": "Person", "Team": "Organization"}
#: Refinements: a class with a higher number refines the lower one.
SPECIFICITY: dict[str, int] = {"Person": 1, "Athlete": 2, "Organization": 1, "Team": 2}

Predicate = Literal["nationality", "memberOf", "participatedIn", "playsSport", "leaderOf"]
PREDICATES: tuple[str, ...] = (
    "nationality",
    "memberOf",
    "participatedIn",
    "playsSport",
    "leaderOf",
)

EventType = Literal["MedalAward", "Punishment"]
EVENT_TYPES: tuple[str, ...] = ("MedalAward", "Punishment")

#: Roles per event type; `True` marks roles whose value is an entity, `False` text.
EVENT_ROLES: dict[str, dict[str, bool]] = {
    "MedalAward": {"recipient": True, "medal": False, "atEvent": True, "discipline": False},
    "Punishment": {
        "target": True,
        "imposedBy": True,
        "punishmentType": False,
        "reason": False,
        "status": False,
        "relatedEvent": True,
        "reportedBy": True,
    },
}
MEDALS: tuple[str, ...] = ("gold", "silver", "bronze")
STATUSES: tuple[str, ...] = ("possible", "actual", "denied")


@dataclass(frozen=True)
class Document:
    """One input text. `id` is the file name (without extension) or the JSON Lines `id`."""

    id: str
    text: str
    date: dt.date | None = None
    path: Path | None = None
    line: int | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document with its character offsets in the document text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """One place where an entity is named or referred to."""

    text: str
    start: int
    end: int
    sentence: int
    #: how the mention was linked: "name", "alias", "pronoun", "description", ...
    kind: str = "name"


@dataclass(frozen=True)
class Entity:
    """An entity as one document sees it: its key decides its IRI across documents.

    `key` is stable across runs and documents ("Nation:PRK", "Person:kenji sato",
    "SportingEvent:2024 summer olympics"); `label` is the canonical name and
    `aliases` every other surface form resolved to it.
    """

    key: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    #: extra facts from gazetteers, e.g. (("iso3", "PRK"),)
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Where a statement comes from: document, sentence, character span, confidence, component."""

    doc_id: str
    sentence: int
    start: int
    end: int
    confidence: float
    component: str


@dataclass(frozen=True)
class Relation:
    """A binary statement between two entities, by entity key."""

    subject: str
    predicate: str
    object: str
    evidence: Evidence


@dataclass(frozen=True)
class EntityRef:
    """A role value that points at an entity (by key) rather than carrying text."""

    key: str


RoleValue = EntityRef | str


@dataclass(frozen=True)
class Event:
    """An n-ary statement (MedalAward or Punishment) with its roles.

    `roles` is a tuple of (role, value) pairs, one pair per value, so a
    punishment of two targets carries two ("target", EntityRef) pairs.
    `evidence` lists every sentence that contributed, the first being the anchor.
    """

    type: str
    roles: tuple[tuple[str, RoleValue], ...]
    evidence: tuple[Evidence, ...]

    def values(self, role: str) -> list[RoleValue]:
        return [v for r, v in self.roles if r == role]

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.evidence)


@dataclass(frozen=True)
class Extraction:
    """Everything the extract stage found in one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    events: tuple[Event, ...]
    model: str = ""
    notes: dict[str, str] = field(default_factory=dict, compare=False)
