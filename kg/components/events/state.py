"""One document as the event rules see it, and the event being assembled (`Draft`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.components.doc_data import MentionIndex, fold

TARGET_CLASSES = ("Person", "Athlete", "Team", "Nation", "Organization", "Referent")
RECIPIENT_CLASSES = ("Person", "Athlete", "Team", "Nation", "Referent")
IMPOSER_CLASSES = ("Nation", "Organization", "Team", "Person", "Athlete")
#: roles whose values are entity keys; the others are text, and only their first value is kept
ENTITY_ROLES = {"recipient", "atEvent", "target", "imposedBy", "relatedEvent", "reportedBy"}
SINGLE_ROLES = ("punishmentType", "reason", "discipline", "status", "medal")


@dataclass
class Draft:
    """An event while it is being assembled; `roles` maps a role to its values in order."""

    type: str
    sentence: int
    tokens: list[int]
    confidence: float
    roles: dict[str, list[str]] = field(default_factory=dict)
    weak: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: a sanction's kind ("ban") → the words the article names it with ("banned for four years"):
    #: the rules compare kinds, the graph gets the article's words
    written: dict[str, str] = field(default_factory=dict)
    #: a medal a result gives ("beat X in the final"), not a medal word: it holds only at an
    #: event that awards medals, also when the story supplies the event
    implied: bool = False
    #: a sanction a word describing its target tells ("the suspended X", "banned sprinter X"):
    #: the same sanction told anywhere else in the article, whose wording it takes
    described: bool = False
    #: which of the awards one word counts this is ("three gold medals", "double Olympic
    #: champion"): copies of a count never fold into one another
    copy: int = 0

    def add(self, role: str, value: str | None) -> None:
        if value and value not in self.roles.setdefault(role, []):
            self.roles[role].append(value)

    def first(self, role: str) -> str | None:
        values = self.roles.get(role)
        return values[0] if values else None

    @property
    def kind(self) -> str:
        """The sanction's kind as the rules compare kinds: its first type, case-folded ("" if none)."""
        return fold(self.first("punishmentType") or "")


@dataclass
class EventState:
    """What the rule modules share while reading one document.

    A rule that adds a mention (a described target) calls `reindex`, and every
    rule reads `index` afresh, so later lookups see it. `sentences` are numbered
    once: a draft names its sentence by that number.
    """

    doc: Doc
    index: MentionIndex
    sentences: list[Span]
    sent_no: dict[int, int]
    component: str

    @classmethod
    def of(cls, doc: Doc, component: str) -> EventState:
        sentences = list(doc.sents)
        return cls(
            doc, MentionIndex(doc), sentences, {s.start: n for n, s in enumerate(sentences)}, component
        )

    def reindex(self) -> None:
        self.index = MentionIndex(self.doc)

    def sentence(self, token: Token) -> int:
        return self.sent_no.get(token.sent.start, 0)

    def keep(self, keys: list[str], classes: tuple[str, ...]) -> list[str]:
        """`keys` of one of `classes`, once each, in order."""
        return list(dict.fromkeys(k for k in keys if self.index.cls_of(k) in classes))

    def record(self, draft: Draft) -> dict[str, Any]:
        """The event as `doc._.kg_events` holds it; with no spans, the sentence of its first token."""
        doc = self.doc
        roles = []
        for role, values in draft.roles.items():
            if role in SINGLE_ROLES:
                values = values[:1]
            if role == "punishmentType":
                values = [draft.written.get(v, v) for v in values]
            for value in values:
                roles.append([role, value, role in ENTITY_ROLES])
        spans = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in draft.spans] or [
            (doc[draft.tokens[0]].sent.start_char, doc[draft.tokens[0]].sent.end_char)
        ]
        return {
            "type": draft.type,
            "roles": roles,
            "spans": [list(s) for s in dict.fromkeys(spans)],
            "confidence": round(draft.confidence, 3),
            "component": self.component,
        }
