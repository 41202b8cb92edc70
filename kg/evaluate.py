"""Score a graph against gold annotations, by the rules of CONTRACT.md ("Scoring").

The graph is read back by SPARQL, exactly as any consumer would read it, so a
score measures the graph the contract promises and not some internal record
that never reached it. Every rule the contract leaves open is decided here and
listed in `SCORING_NOTES`, which each report carries:

- Entity types: an Athlete counts as a Person (one "Person" row); a Team and an
  Organization are compatible for matching (Team ⊑ Organization) but keep
  their own rows. True positives and misses count under the gold type, false
  positives under the predicted type.
- Entities are matched one-to-one per document, exact name matches before
  word-containment matches, then in gold order.
- Relations: several statements of one triple in one document (one per
  supporting sentence) are one prediction. A prediction that matches several
  gold relations (Re-DocRED lists one fact twice when it keeps "Canada" and
  "Canadian" as two entities) finds all of them and is one true positive;
  predictions are otherwise matched one-to-one (a maximum matching), so
  precision counts matched predictions and recall counts found gold relations.
- Events: aligned one-to-one to gold events of the same type, greatest role
  overlap first (ties: gold order, then predicted order); events sharing no
  matching (role, argument) pair are not aligned, which changes no count.
- Text roles use content words: tokens after name normalisation minus
  `STOPWORDS`, compared exactly (no stemming, so "selfie" ≠ "selfies").
- Documents a graph has but the gold set lacks are not scored; gold documents
  the graph lacks score as all misses and are listed in `missing_documents`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rdflib import Graph
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS, SKOS

from kg.gazetteer import PLAIN_LETTERS
from kg.namespaces import KG_IRI
from kg.read import SCORED_PARTS, read_gold, split_date_header
from kg.records import EVENT_ROLES, EVENT_TYPES, PREDICATES

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Group

__all__ = [
    "Counts",
    "EntityValue",
    "ErrorItem",
    "Prediction",
    "PredictedEntity",
    "PredictedEvent",
    "PredictedRelation",
    "Report",
    "RoleValue",
    "SCORING_NOTES",
    "STOPWORDS",
    "evaluate",
    "name_match",
    "normalize_name",
    "predictions_from_graph",
    "score",
    "score_graph",
    "text_matches",
]

SCORING_NOTES: tuple[str, ...] = (
    "names match after case folding, accent stripping, dropping a leading 'the' and "
    "possessive 's, and turning punctuation into spaces; a name of two or more words "
    "also matches a longer name containing all its words, in either direction",
    "an Athlete counts as a Person; Team and Organization are compatible when matching, "
    "reported apart (hits and misses under the gold type, false positives under the "
    "predicted type)",
    "entities are matched one-to-one per document, exact name matches first",
    "statements of one triple in one document count as one predicted relation",
    "a predicted relation matching several gold relations (one fact listed twice through "
    "two gold entities, as Re-DocRED does with 'Canada' and 'Canadian') finds all of them "
    "and counts as one true positive",
    "predicates and event roles that no record of the gold set uses are not scored",
    "events are aligned one-to-one to gold events of the same type, greatest role "
    "overlap first; each (role, argument) pair counts once",
    "text roles match when at least half of the gold text's distinct content words "
    "(normalised tokens minus stopwords, no stemming) occur in the predicted text",
    "medal and status match exactly after normalisation",
    "documents absent from the gold set are not scored; gold documents absent from the graph score as misses",
)

#: Contract entity classes a prediction may have, most specific first within a family.
ENTITY_TYPES: tuple[str, ...] = (
    "Athlete",
    "Person",
    "Nation",
    "Team",
    "Organization",
    "SportingEvent",
    "Sport",
)
#: Reporting row of a type: the contract says an Athlete counts as a Person.
_ROW = {"Athlete": "Person"}
#: Matching family of a type: a subclass is compatible with its superclass.
_FAMILY = {"Athlete": "Person", "Team": "Organization"}

#: Roles compared exactly after normalisation; other non-entity roles are text roles.
EXACT_ROLES = frozenset({"medal", "status"})

#: A small standard English stopword list, in code so that scoring needs no data file
#: and cannot change when a library updates its list.
_STOPWORDS = """
    a an the and or but nor so yet of in on at to for from by with without within into onto
    over under about above below after before during since until upon via per than as
    is are was were be been being am do does did done have has had having
    it its this that these those there here which who whom whose what when where why how
    he him his she her hers they them their theirs we us our ours you your yours i me my mine
    not no any all some each every both either neither other another such own same
    very too also just only more most less least much many few can could may might must
    shall should will would up down out off again further then once
"""
STOPWORDS = frozenset(_STOPWORDS.split())

Part = Literal["entities", "relations", "events"]


# --------------------------------------------------------------------------- names

#: Letters NFKD does not decompose but a reader would still fold.
_FOLD = str.maketrans(PLAIN_LETTERS)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
#: Initialisms: "U.S." is the same name as "US", not "u s".
_INITIALISM = re.compile(r"\b(?:\w\.){2,}")


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The form names are compared in: "The Park Ji-hoon's" → "park ji hoon".

    Case folding, accents stripped (NFKD minus combining marks, plus a few
    letters NFKD keeps, such as ø and ł), a possessive 's dropped, initialisms
    closed up ("U.S." → "us"), every other punctuation mark or symbol a space,
    a leading "the" dropped when something follows it.
    """
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _POSSESSIVE.sub("", text)
    text = _INITIALISM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    words = text.casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def name_match(a: str, b: str) -> int:
    """2 when two names are equal after normalisation, 1 when one contains the other, else 0.

    Containment: a name of two or more words matches a longer name holding all
    its words ("Jo Berger" ~ "Johanna Jo Berger"), in either
    direction; a single word never does, or "Kim" would match every Kim.
    """
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0
    if na == nb:
        return 2
    wa, wb = na.split(), nb.split()
    short, long = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if len(short) >= 2 and len(long) > len(short) and set(short) <= set(long):
        return 1
    return 0


def names_match(a: Iterable[str], b: Iterable[str]) -> int:
    """Best `name_match` between any name of one entity and any name of another."""
    best = 0
    b = tuple(b)
    for x in a:
        for y in b:
            best = max(best, name_match(x, y))
            if best == 2:
                return 2
    return best


def content_words(text: str) -> frozenset[str]:
    """Distinct normalised tokens of `text` that are not stopwords."""
    return frozenset(normalize_name(text).split()) - STOPWORDS


def text_matches(gold: str, predicted: str) -> bool:
    """At least half of the gold text's content words occur in the predicted text.

    A gold text made only of stopwords has nothing to half-match, so it must
    then be equal after normalisation.
    """
    words = content_words(gold)
    if not words:
        return bool(normalize_name(gold)) and normalize_name(gold) == normalize_name(predicted)
    found = words & set(normalize_name(predicted).split())
    return 2 * len(found) >= len(words)


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class EntityValue:
    """A graph node as the scorer sees it: its IRI (for display) and its names, label first."""

    node: str
    names: tuple[str, ...]

    @property
    def display(self) -> str:
        return self.names[0] if self.names else self.node


@dataclass(frozen=True)
class PredictedEntity:
    node: str
    type: str
    names: tuple[str, ...]

    @property
    def display(self) -> str:
        return self.names[0] if self.names else self.node


@dataclass(frozen=True)
class PredictedRelation:
    subject: EntityValue
    predicate: str
    object: EntityValue
    #: the evidence sentence of the earliest supporting statement, when the graph has it
    sentence: str | None = None


#: An entity-valued role points at a node; `medal`, `status` and the text roles are strings.
RoleValue = EntityValue | str


@dataclass(frozen=True)
class PredictedEvent:
    node: str
    type: str
    roles: tuple[tuple[str, RoleValue], ...]
    sentence: str | None = None

    def values(self, role: str) -> list[RoleValue]:
        return [v for r, v in self.roles if r == role]


@dataclass(frozen=True)
class Prediction:
    """What a graph says about one document."""

    entities: tuple[PredictedEntity, ...] = ()
    relations: tuple[PredictedRelation, ...] = ()
    events: tuple[PredictedEvent, ...] = ()


_NS = {"kg": KG_IRI, "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS)}
_ENTITY_VALUES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)
_PREDICATE_VALUES = " ".join(f"kg:{p}" for p in PREDICATES)
_ROLE_VALUES = " ".join(sorted({f"kg:{r}" for roles in EVENT_ROLES.values() for r in roles}))
_EVENT_VALUES = " ".join(f"kg:{t}" for t in EVENT_TYPES)

_Q_DOCS = "SELECT ?doc ?id WHERE { ?doc kg:docId ?id }"
_Q_NAMES = """
SELECT ?node ?name ?alt WHERE {
  { ?node rdfs:label ?name BIND(false AS ?alt) }
  UNION
  { ?node skos:altLabel ?name BIND(true AS ?alt) }
}"""
_Q_ENTITIES = f"""
SELECT ?doc ?node ?cls WHERE {{
  VALUES ?cls {{ {_ENTITY_VALUES} }}
  ?node a ?cls ; kg:mentionedIn ?doc .
}}"""
# A statement's or event's document is its evidence sentences' (or, in graphs that give it, its own
# kg:inDocument), and its span its own or else its sentence's.
_Q_STATEMENTS = f"""
SELECT DISTINCT ?doc ?stmt ?s ?p ?o ?text ?start WHERE {{
  VALUES ?p {{ {_PREDICATE_VALUES} }}
  ?stmt a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
    kg:inDocument|kg:evidence/kg:inDocument ?doc .
  OPTIONAL {{ ?stmt kg:evidence ?sentence . ?sentence kg:text ?text
    OPTIONAL {{ ?sentence kg:startChar ?sentenceStart }} }}
  OPTIONAL {{ ?stmt kg:startChar ?own }}
  BIND (COALESCE(?own, ?sentenceStart) AS ?start)
}}"""
_Q_EVENTS = f"""
SELECT ?doc ?event ?type (SAMPLE(?own) AS ?start) (MIN(?sentenceStart) AS ?first) WHERE {{
  VALUES ?type {{ {_EVENT_VALUES} }}
  ?event a ?type ; kg:inDocument|kg:evidence/kg:inDocument ?doc .
  OPTIONAL {{ ?event kg:startChar ?own }}
  OPTIONAL {{ ?event kg:evidence/kg:startChar ?sentenceStart }}
}} GROUP BY ?doc ?event ?type"""
_Q_ROLES = f"""
SELECT ?event ?role ?value WHERE {{
  VALUES ?role {{ {_ROLE_VALUES} }}
  ?event ?role ?value .
}}"""
_Q_EVIDENCE = """
SELECT ?node ?text ?start WHERE {
  ?node kg:evidence ?sentence . ?sentence kg:text ?text .
  OPTIONAL { ?sentence kg:startChar ?start }
}"""


def _rows(graph: Graph, query: str) -> list[Any]:
    """Result rows of a fixed query; the project's prefixes are bound, nothing is formatted in."""
    return list(graph.query(query, initNs=_NS))


def _local(iri: object) -> str:
    return str(iri).removeprefix(KG_IRI)


def _int(value: object) -> int:
    """An optional xsd:integer binding as a sort key; a missing offset sorts last."""
    if isinstance(value, RdfLiteral):
        try:
            return int(value.toPython())
        except (TypeError, ValueError):
            return 1 << 62
    return 1 << 62


def predictions_from_graph(graph: Graph) -> dict[str, Prediction]:
    """What the graph says about each document (by `kg:docId`), read as ontology/README.md says.

    Entities are nodes of a contract class with `kg:mentionedIn` the document,
    typed by their most specific class; `kg:Referent` nodes are not entities,
    but they still name relation ends and event roles. Relations come from
    `kg:Statement` nodes, events from `kg:MedalAward` and `kg:Punishment` nodes,
    each in the document of its evidence sentences (or its own `kg:inDocument`).
    """
    doc_ids = {row.doc: str(row.id) for row in _rows(graph, _Q_DOCS)}

    labels: dict[Any, list[str]] = {}
    alts: dict[Any, set[str]] = {}
    for row in _rows(graph, _Q_NAMES):
        if row.alt.toPython():
            alts.setdefault(row.node, set()).add(str(row.name))
        else:
            labels.setdefault(row.node, []).append(str(row.name))

    def names(node: Any) -> tuple[str, ...]:
        label = sorted(labels.get(node, []))
        return tuple(dict.fromkeys([*label, *sorted(alts.get(node, set()))]))

    def value(node: Any) -> EntityValue:
        return EntityValue(str(node), names(node))

    sentences: dict[Any, list[tuple[int, str]]] = {}
    for row in _rows(graph, _Q_EVIDENCE):
        sentences.setdefault(row.node, []).append((_int(row.start), str(row.text)))

    def sentence(node: Any) -> str | None:
        found = sorted(sentences.get(node, []))
        return found[0][1] if found else None

    entities: dict[str, dict[Any, set[str]]] = {}
    for row in _rows(graph, _Q_ENTITIES):
        if row.doc in doc_ids:
            entities.setdefault(doc_ids[row.doc], {}).setdefault(row.node, set()).add(_local(row.cls))

    relations: dict[str, dict[tuple[Any, str, Any], tuple[int, str | None]]] = {}
    for row in _rows(graph, _Q_STATEMENTS):
        if row.doc not in doc_ids:
            continue
        key = (row.s, _local(row.p), row.o)
        seen = relations.setdefault(doc_ids[row.doc], {})
        start, text = _int(row.start), None if row.text is None else str(row.text)
        # The earliest supporting sentence represents the prediction in error lists.
        if key not in seen or (start, text or "") < (seen[key][0], seen[key][1] or ""):
            seen[key] = (start, text)

    roles: dict[Any, list[tuple[str, RoleValue]]] = {}
    for row in _rows(graph, _Q_ROLES):
        role = _local(row.role)
        entry: RoleValue = str(row.value) if isinstance(row.value, RdfLiteral) else value(row.value)
        roles.setdefault(row.event, []).append((role, entry))

    events: dict[str, list[tuple[int, str, PredictedEvent]]] = {}
    for row in _rows(graph, _Q_EVENTS):
        if row.doc not in doc_ids:
            continue
        kind = _local(row.type)
        allowed = EVENT_ROLES.get(kind, {})
        pairs = sorted(
            ((r, v) for r, v in roles.get(row.event, []) if r in allowed),
            key=lambda pair: (pair[0], _value_text(pair[1])),
        )
        event = PredictedEvent(str(row.event), kind, tuple(pairs), sentence(row.event))
        start = _int(row.start if row.start is not None else row.first)
        events.setdefault(doc_ids[row.doc], []).append((start, str(row.event), event))

    predictions: dict[str, Prediction] = {}
    for doc_id in sorted(set(doc_ids.values())):
        ents = [
            PredictedEntity(str(node), _most_specific(classes), names(node))
            for node, classes in entities.get(doc_id, {}).items()
        ]
        ents.sort(key=lambda e: (ENTITY_TYPES.index(e.type), e.display, e.node))
        rels = [
            (start, PredictedRelation(value(s), p, value(o), text))
            for (s, p, o), (start, text) in relations.get(doc_id, {}).items()
        ]
        rels.sort(key=lambda r: (r[0], r[1].predicate, r[1].subject.node, r[1].object.node))
        evs = sorted(events.get(doc_id, []), key=lambda e: (e[0], e[1]))
        predictions[doc_id] = Prediction(tuple(ents), tuple(r for _, r in rels), tuple(e for _, _, e in evs))
    return predictions


def _most_specific(classes: set[str]) -> str:
    """Athlete over Person, Team over Organization; otherwise the first in `ENTITY_TYPES`."""
    return min(classes, key=ENTITY_TYPES.index)


def _value_text(value: RoleValue) -> str:
    return value.display if isinstance(value, EntityValue) else value


# --------------------------------------------------------------------------- report


@dataclass
class Counts:
    """Hits, false positives and misses of one row.

    `tp` counts gold items found (recall's numerator) and `tp_predicted`
    predictions that found something (precision's numerator). They differ only
    when one prediction finds several gold relations that state one fact twice.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_predicted: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tp_predicted += other.tp_predicted

    @property
    def precision(self) -> float:
        total = self.tp_predicted + self.fp
        return self.tp_predicted / total if total else 0.0

    @property
    def recall(self) -> float:
        total = self.tp + self.fn
        return self.tp / total if total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tp_predicted": self.tp_predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def _total(rows: Iterable[Counts]) -> Counts:
    total = Counts()
    for row in rows:
        total.add(row)
    return total


@dataclass(frozen=True)
class ErrorItem:
    """One false positive or miss, with the sentence it came from where that is known."""

    kind: Literal["fp", "fn"]
    category: Literal["entity", "relation", "event role"]
    doc_id: str
    item: str
    sentence: str | None = None

    def describe(self) -> str:
        """One line for `kg eval --errors`: kind, category, document, item, sentence."""
        line = f"{self.kind.upper()} {self.category} [{self.doc_id}] {self.item}"
        if self.sentence:
            line += " | " + " ".join(self.sentence.split())
        return line

    def to_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "category": self.category,
            "doc_id": self.doc_id,
            "item": self.item,
            "sentence": self.sentence,
        }


@dataclass
class Report:
    """Scores pooled over documents: per entity type, predicate, event type and role."""

    entities: dict[str, Counts] = field(default_factory=dict)
    relations: dict[str, Counts] = field(default_factory=dict)
    #: event type → role → counts
    event_roles: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    missing_documents: list[str] = field(default_factory=list)
    #: predicted predicates and event roles left out because the gold set does not use them
    unscored_predicates: list[str] = field(default_factory=list)
    unscored_roles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=lambda: list(SCORING_NOTES))

    @property
    def entity_total(self) -> Counts:
        return _total(self.entities.values())

    @property
    def relation_total(self) -> Counts:
        return _total(self.relations.values())

    @property
    def event_types(self) -> dict[str, Counts]:
        return {kind: _total(roles.values()) for kind, roles in self.event_roles.items()}

    @property
    def roles(self) -> dict[str, Counts]:
        """Per role name across event types (each contract role belongs to one type)."""
        out: dict[str, Counts] = {}
        for roles in self.event_roles.values():
            for role, counts in roles.items():
                out.setdefault(role, Counts()).add(counts)
        return out

    @property
    def event_role_total(self) -> Counts:
        return _total(self.event_types.values())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (`kg evaluate --json`)."""

        def rows(table: dict[str, Counts]) -> dict[str, Any]:
            return {key: counts.to_dict() for key, counts in table.items()}

        return {
            "documents": list(self.documents),
            "missing_documents": list(self.missing_documents),
            "entities": {"by_type": rows(self.entities), "total": self.entity_total.to_dict()},
            "relations": {
                "by_predicate": rows(self.relations),
                "total": self.relation_total.to_dict(),
            },
            "events": {
                "by_type": rows(self.event_types),
                "by_role": rows(self.roles),
                "by_type_role": {k: rows(v) for k, v in self.event_roles.items()},
                "total": self.event_role_total.to_dict(),
            },
            "unscored": {"predicates": self.unscored_predicates, "roles": self.unscored_roles},
            "errors": [e.to_dict() for e in self.errors],
            "notes": list(self.notes),
        }

    def to_table(self) -> Group:
        """All of `to_tables` as one rich renderable."""
        from rich.console import Group

        return Group(*self.to_tables())

    def to_tables(self) -> list[Any]:
        """Rich tables for the terminal: one per scored part, each with a total row."""
        from rich.table import Table

        def table(title: str, head: str, rows: Sequence[tuple[str, Counts]], total: Counts) -> Table:
            t = Table(title=title, title_justify="left")
            t.add_column(head)
            for name in ("tp", "fp", "fn", "P", "R", "F1"):
                t.add_column(name, justify="right")
            for name, c in [*rows, ("total", total)]:
                style = "bold" if name == "total" else None
                t.add_row(
                    name,
                    str(c.tp),
                    str(c.fp),
                    str(c.fn),
                    f"{c.precision:.3f}",
                    f"{c.recall:.3f}",
                    f"{c.f1:.3f}",
                    style=style,
                )
            return t

        parts: list[Any] = []
        if self.entities:
            parts.append(table("Entities", "type", list(self.entities.items()), self.entity_total))
        if self.relations:
            parts.append(table("Relations", "predicate", list(self.relations.items()), self.relation_total))
        if self.event_roles:
            rows = [
                (f"{kind}.{role}", counts)
                for kind, roles in self.event_roles.items()
                for role, counts in roles.items()
            ]
            rows += [(f"{kind} (all roles)", c) for kind, c in self.event_types.items()]
            parts.append(table("Event roles", "type.role", rows, self.event_role_total))
        if self.missing_documents:
            parts.append(f"not in the graph: {', '.join(self.missing_documents)}")
        return parts


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _GoldEntity:
    names: tuple[str, ...]
    type: str


class _GoldIndex:
    """A record's gold entities, for resolving the names used in relations and roles."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.entities = [
            _GoldEntity((e["name"], *e.get("aliases", [])), e["type"]) for e in record.get("entities", [])
        ]
        self._exact: dict[str, tuple[str, ...]] = {}
        self._normal: dict[str, tuple[str, ...]] = {}
        for entity in self.entities:
            self._exact.setdefault(entity.names[0], entity.names)
            for name in entity.names:
                self._normal.setdefault(normalize_name(name), entity.names)

    def names(self, name: str) -> tuple[str, ...]:
        """The entity `name` refers to (its name, else an alias), or the bare name.

        Role arguments may name something that is not a gold entity ("the
        coach"); they then match by that name alone.
        """
        return self._exact.get(name) or self._normal.get(normalize_name(name)) or (name,)


def _max_matching(n_left: int, n_right: int, edge: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching (left → right), found by augmenting paths (Kuhn).

    Left vertices are tried in order, so among maximum matchings the earlier
    ones win, which keeps reports stable.
    """
    adjacent = [[j for j in range(n_right) if edge(i, j)] for i in range(n_left)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacent[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _parts(record: dict[str, Any]) -> set[str]:
    """What a record is scored on: `scored`, or by default the gold keys it has."""
    if "scored" in record:
        return set(record["scored"])
    return {part for part in SCORED_PARTS if part in record}


def _arguments(value: Any) -> list[tuple[str, ...]]:
    """A gold role value → its arguments, each a tuple of acceptable alternatives."""
    if isinstance(value, str):
        return [(value,)]
    return [tuple(a) if isinstance(a, list) else (a,) for a in value]


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


def _sentence_of(text: str, names: Iterable[str]) -> str | None:
    """The sentence of `text` where any of `names` first occurs (case-insensitive), if any."""
    # re.IGNORECASE rather than comparing lowered copies: lowering can change a
    # string's length ("İ"), and with it every offset after that character.
    found = [re.search(re.escape(n), text, re.IGNORECASE) for n in names if n.strip()]
    starts = [m.start() for m in found if m]
    if not starts:
        return None
    at = min(starts)
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        begin = m.end()
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.start() + 1 if end_match else len(text)
    return text[begin:end].strip() or None


class _Scorer:
    """One scoring run: the gold set's scope (predicates, roles) and the report it fills."""

    def __init__(self, gold: list[dict[str, Any]], predictions: dict[str, Prediction]) -> None:
        self.gold = gold
        self.predictions = predictions
        self.report = Report()
        self.used_predicates = {
            r["predicate"] for rec in gold if "relations" in _parts(rec) for r in rec.get("relations", [])
        }
        self.used_roles = {
            (e["type"], role)
            for rec in gold
            if "events" in _parts(rec)
            for e in rec.get("events", [])
            for role in e["roles"]
        }
        self.unscored_predicates: set[str] = set()
        self.unscored_roles: set[str] = set()

    def run(self) -> Report:
        report = self.report
        if any("relations" in _parts(rec) for rec in self.gold):
            for p in [*PREDICATES, *sorted(self.used_predicates - set(PREDICATES))]:
                if p in self.used_predicates:
                    report.relations[p] = Counts()
        for kind, role in sorted(
            self.used_roles,
            key=lambda kr: (_order(EVENT_TYPES, kr[0]), _order(EVENT_ROLES.get(kr[0], {}), kr[1])),
        ):
            report.event_roles.setdefault(kind, {})[role] = Counts()
        for record in self.gold:
            doc_id = record["id"]
            prediction = self.predictions.get(doc_id)
            if prediction is None:
                report.missing_documents.append(doc_id)
                prediction = Prediction()
            report.documents.append(doc_id)
            parts = _parts(record)
            index = _GoldIndex(record)
            # Sentences quoted in errors should not begin with the date header.
            record = {**record, "text": split_date_header(record["text"])[0]}
            if "entities" in parts:
                self.entities(record, index, prediction)
            if "relations" in parts:
                self.relations(record, index, prediction)
            if "events" in parts:
                self.events(record, index, prediction)
        report.entities = {
            t: report.entities[t] for t in sorted(report.entities, key=lambda t: _order(ENTITY_TYPES, t))
        }
        report.unscored_predicates = sorted(self.unscored_predicates)
        report.unscored_roles = sorted(self.unscored_roles)
        if report.unscored_predicates:
            report.notes.append(
                "not scored (the gold set does not annotate them): " + ", ".join(report.unscored_predicates)
            )
        if report.unscored_roles:
            report.notes.append(
                "event roles not scored (the gold set does not annotate them): "
                + ", ".join(report.unscored_roles)
            )
        return report

    def error(
        self,
        kind: Literal["fp", "fn"],
        category: Literal["entity", "relation", "event role"],
        doc_id: str,
        item: str,
        sentence: str | None,
    ) -> None:
        self.report.errors.append(ErrorItem(kind, category, doc_id, item, sentence))

    # -- entities

    def entities(self, record: dict[str, Any], index: _GoldIndex, prediction: Prediction) -> None:
        gold, predicted, text = index.entities, prediction.entities, record["text"]
        pairs = [
            (quality, g, p)
            for g, ge in enumerate(gold)
            for p, pe in enumerate(predicted)
            if _FAMILY.get(ge.type, ge.type) == _FAMILY.get(pe.type, pe.type)
            and (quality := names_match(ge.names, pe.names))
        ]
        pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
        gold_hit: set[int] = set()
        pred_hit: set[int] = set()
        for _, g, p in pairs:
            if g not in gold_hit and p not in pred_hit:
                gold_hit.add(g)
                pred_hit.add(p)
        table = self.report.entities
        for g, ge in enumerate(gold):
            row = table.setdefault(_ROW.get(ge.type, ge.type), Counts())
            if g in gold_hit:
                row.tp += 1
                row.tp_predicted += 1
            else:
                row.fn += 1
                self.error(
                    "fn",
                    "entity",
                    record["id"],
                    f"{ge.names[0]} ({ge.type})",
                    _sentence_of(text, ge.names),
                )
        for p, pe in enumerate(predicted):
            if p not in pred_hit:
                table.setdefault(_ROW.get(pe.type, pe.type), Counts()).fp += 1
                self.error(
                    "fp",
                    "entity",
                    record["id"],
                    f"{pe.display} ({pe.type})",
                    _sentence_of(text, pe.names),
                )

    # -- relations

    def relations(self, record: dict[str, Any], index: _GoldIndex, prediction: Prediction) -> None:
        doc_id, text = record["id"], record["text"]
        for relation in prediction.relations:
            if relation.predicate not in self.used_predicates:
                self.unscored_predicates.add(relation.predicate)
        gold_all = record.get("relations", [])
        for predicate, row in self.report.relations.items():
            gold = [r for r in gold_all if r["predicate"] == predicate]
            gold_names = [(index.names(r["subject"]), index.names(r["object"])) for r in gold]
            predicted = [r for r in prediction.relations if r.predicate == predicate]

            def edge(p: int, g: int) -> bool:
                s, o = gold_names[g]  # noqa: B023 - used at once, inside this iteration
                pr = predicted[p]  # noqa: B023
                return bool(names_match(pr.subject.names, s) and names_match(pr.object.names, o))

            matching = _max_matching(len(predicted), len(gold), edge)
            # Recall side: a gold relation is found when any prediction matches it,
            # which lets one prediction find a fact the gold lists twice.
            found = {g for p in range(len(predicted)) for g in range(len(gold)) if edge(p, g)}
            row.tp_predicted += len(matching)
            row.fp += len(predicted) - len(matching)
            row.tp += len(found)
            row.fn += len(gold) - len(found)
            for p, pr in enumerate(predicted):
                if p not in matching:
                    item = f"{pr.subject.display} {predicate} {pr.object.display}"
                    self.error("fp", "relation", doc_id, item, pr.sentence)
            for g, gr in enumerate(gold):
                if g not in found:
                    item = f"{gr['subject']} {predicate} {gr['object']}"
                    sentence = _sentence_both(text, *gold_names[g])
                    self.error("fn", "relation", doc_id, item, sentence)

    # -- events

    def events(self, record: dict[str, Any], index: _GoldIndex, prediction: Prediction) -> None:
        doc_id, text = record["id"], record["text"]
        gold = record.get("events", [])
        for event in prediction.events:
            for role, _ in event.roles:
                if (event.type, role) not in self.used_roles:
                    self.unscored_roles.add(f"{event.type}.{role}")
        table = self.report.event_roles
        aligned, computed = align_events(prediction.events, gold, index, table)

        for p, pe in enumerate(prediction.events):
            roles = table.get(pe.type, {})
            for role, row in roles.items():
                if p in aligned:
                    args, values, matching = computed[p, aligned[p]][role]
                else:
                    args, values, matching = [], pe.values(role), {}
                row.tp += len(matching)
                row.tp_predicted += len(matching)
                row.fp += len(values) - len(matching)
                row.fn += len(args) - len(matching)
                for v, value in enumerate(values):
                    if v not in matching:
                        item = f"{pe.type}.{role} = {_value_text(value)}"
                        self.error("fp", "event role", doc_id, item, pe.sentence)
                hit = set(matching.values())
                for a, alternatives in enumerate(args):
                    if a not in hit:
                        self._role_miss(doc_id, text, pe.type, role, alternatives, index)
        for g, ge in enumerate(gold):
            if g in aligned.values():
                continue
            for role, row in table.get(ge["type"], {}).items():
                for alternatives in _arguments(ge["roles"].get(role, [])):
                    row.fn += 1
                    self._role_miss(doc_id, text, ge["type"], role, alternatives, index)

    def _role_miss(
        self,
        doc_id: str,
        text: str,
        kind: str,
        role: str,
        alternatives: tuple[str, ...],
        index: _GoldIndex,
    ) -> None:
        item = f"{kind}.{role} = {' | '.join(alternatives)}"
        names = [n for a in alternatives for n in index.names(a)]
        self.error("fn", "event role", doc_id, item, _sentence_of(text, names))


#: One predicted event's roles against one gold event's: per role, the gold arguments (each a tuple
#: of alternatives), the predicted values, and the matching (value index → argument index).
RoleMatching = dict[str, tuple[list[tuple[str, ...]], list[RoleValue], dict[int, int]]]


def align_events(
    predicted: Sequence[PredictedEvent],
    gold: Sequence[dict[str, Any]],
    index: _GoldIndex,
    roles: Mapping[str, Iterable[str]],
) -> tuple[dict[int, int], dict[tuple[int, int], RoleMatching]]:
    """Predicted events aligned one-to-one to gold events of the same type, greatest role overlap
    first, over the roles `roles` gives per type: (predicted → gold, the role matchings by pair)."""

    def role_matches(kind: str, role: str) -> Callable[[tuple[str, ...], RoleValue], bool]:
        is_entity = EVENT_ROLES.get(kind, {}).get(role)

        def match(alternatives: tuple[str, ...], value: RoleValue) -> bool:
            return any(_argument_matches(is_entity, role, index, a, value) for a in alternatives)

        return match

    # Every (role, argument) matching of every same-type pair, computed once:
    # it gives both the overlap used for alignment and the counts.
    def matchings(pe: PredictedEvent, ge: dict[str, Any]) -> RoleMatching:
        out = {}
        for role in roles.get(pe.type, ()):
            args = _arguments(ge["roles"].get(role, []))
            values = pe.values(role)
            match = role_matches(pe.type, role)
            out[role] = (
                args,
                values,
                _max_matching(
                    len(values),
                    len(args),
                    lambda v, a: match(args[a], values[v]),  # noqa: B023
                ),
            )
        return out

    computed = {}
    pairs = []
    for g, ge in enumerate(gold):
        for p, pe in enumerate(predicted):
            if pe.type != ge["type"] or pe.type not in roles:
                continue
            computed[p, g] = matchings(pe, ge)
            overlap = sum(len(m) for _, _, m in computed[p, g].values())
            if overlap:
                pairs.append((overlap, g, p))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    aligned: dict[int, int] = {}
    for _, g, p in pairs:
        if g not in aligned.values() and p not in aligned:
            aligned[p] = g
    return aligned, computed


def _argument_matches(
    is_entity: bool | None, role: str, index: _GoldIndex, gold: str, value: RoleValue
) -> bool:
    """Does one predicted role value match one gold alternative?"""
    if isinstance(value, EntityValue):
        if is_entity is False:
            return any(_literal_matches(role, gold, n) for n in value.names[:1])
        return bool(names_match(index.names(gold), value.names))
    if is_entity:
        return bool(names_match(index.names(gold), (value,)))
    return _literal_matches(role, gold, value)


def _literal_matches(role: str, gold: str, predicted: str) -> bool:
    if role in EXACT_ROLES or role not in _TEXT_ROLES:
        return bool(normalize_name(gold)) and normalize_name(gold) == normalize_name(predicted)
    return text_matches(gold, predicted)


_TEXT_ROLES = frozenset(
    role
    for roles in EVENT_ROLES.values()
    for role, is_entity in roles.items()
    if not is_entity and role not in EXACT_ROLES
)


def _sentence_both(text: str, subject: Sequence[str], obj: Sequence[str]) -> str | None:
    """A sentence naming both ends of a missed relation, else the subject's first sentence."""
    for sentence in _split_sentences(text):
        folded = sentence.casefold()
        if any(s.casefold() in folded for s in subject) and any(o.casefold() in folded for o in obj):
            return sentence
    return _sentence_of(text, subject)


def _split_sentences(text: str) -> list[str]:
    out, begin = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[begin : m.start() + 1].strip())
        begin = m.end()
    out.append(text[begin:].strip())
    return [s for s in out if s]


def _order(sequence: Iterable[str], item: str) -> tuple[int, str]:
    """Sort key: the contract's order first, anything else after it alphabetically."""
    items = list(sequence)
    return (items.index(item), "") if item in items else (len(items), item)


def score(gold: list[dict[str, Any]], predictions: dict[str, Prediction]) -> Report:
    """Score predictions against gold records (as `kg.read.read_gold` returns them)."""
    return _Scorer(gold, predictions).run()


def evaluate(gold_path: str | Path, graph: Graph, corpus: str | Path | None = None) -> Report:
    """Read a gold JSON Lines file, read the graph back by SPARQL, and score.

    `corpus` is the folder of the articles that text-less records name (real news we may
    not redistribute); see `kg.read.read_gold`.
    """
    return score(read_gold(gold_path, corpus), predictions_from_graph(graph))


#: The name `kg eval` imports.
score_graph = evaluate


def evaluate_extraction(
    gold_paths: Sequence[str | Path],
    corpus: str | Path | None = None,
    *,
    model: str | None = None,
    disable: tuple[str, ...] = (),
    rules_only: bool = False,
) -> Report:
    """Build each gold document into a graph of its own and score them all, pooled.

    The contract scores one graph per document: across documents, resolution would
    merge namesakes and lend one story's facts to another's entities.
    """
    from kg.build import extract_documents
    from kg.graph import build_rdf
    from kg.read import gold_documents

    records: list[dict[str, Any]] = []
    predictions: dict[str, Prediction] = {}
    for path in gold_paths:
        records += read_gold(path, corpus)
        documents = gold_documents(path, corpus)
        for extraction in extract_documents(documents, model=model, disable=disable, rules_only=rules_only):
            predictions.update(predictions_from_graph(build_rdf([extraction])))
    return score(records, predictions)


@dataclass(frozen=True)
class ClusterScores:
    """How well a clustering of items (document mentions) agrees with the gold one."""

    pairwise: Counts
    b_cubed_precision: float
    b_cubed_recall: float

    @property
    def b_cubed_f1(self) -> float:
        p, r = self.b_cubed_precision, self.b_cubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "pairwise": self.pairwise.to_dict(),
            "b_cubed": {
                "precision": round(self.b_cubed_precision, 4),
                "recall": round(self.b_cubed_recall, 4),
                "f1": round(self.b_cubed_f1, 4),
            },
        }


def cluster_scores(gold: dict[Any, str], predicted: dict[Any, str]) -> ClusterScores:
    """Pairwise and B³ precision/recall of `predicted` against `gold` (item → cluster id).

    Both must cover the same items. Pairwise counts pairs of items put
    together; B³ averages, over items, the share of an item's predicted
    cluster that is in its gold cluster (precision) and the converse (recall).
    """
    if set(gold) != set(predicted):
        raise ValueError("gold and predicted clusterings must cover the same items")
    items = sorted(gold, key=repr)
    gold_members: dict[str, set[Any]] = {}
    predicted_members: dict[str, set[Any]] = {}
    for item in items:
        gold_members.setdefault(gold[item], set()).add(item)
        predicted_members.setdefault(predicted[item], set()).add(item)
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_gold, same_predicted = gold[a] == gold[b], predicted[a] == predicted[b]
            tp += same_gold and same_predicted
            fp += same_predicted and not same_gold
            fn += same_gold and not same_predicted
    precision = recall = 0.0
    for item in items:
        mine, truth = predicted_members[predicted[item]], gold_members[gold[item]]
        overlap = len(mine & truth)
        precision += overlap / len(mine)
        recall += overlap / len(truth)
    n = len(items) or 1
    return ClusterScores(Counts(tp, fp, fn, tp), precision / n, recall / n)


def resolution_clusters(
    records: list[dict[str, Any]], extractions: list[Any], links: list[list[Any]]
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """Gold and predicted clusterings of the gold entities of `records` (each with a `ref`).

    An item is (document id, gold name). Its predicted cluster is the
    resolved entity (from `links`, one list of `kg.resolve.Link` per
    extraction) of the document's entity whose names best match its own; an
    item the extractor missed is a cluster of its own, so a miss costs every
    resolution method the same.
    """
    gold: dict[tuple[str, str], str] = {}
    predicted: dict[tuple[str, str], str] = {}
    for record, extraction, placed in zip(records, extractions, links, strict=True):
        entity_of = {link.local_key: link.entity for link in placed}
        for entity in record.get("entities", []):
            item = (record["id"], entity["name"])
            gold[item] = entity["ref"]
            names = [entity["name"], *entity.get("aliases", [])]
            score, key = max(
                ((names_match(names, (e.label, *e.aliases)), e.key) for e in extraction.entities),
                default=(0, ""),
            )
            predicted[item] = entity_of[key] if score and key in entity_of else f"missed:{item}"
    return gold, predicted
