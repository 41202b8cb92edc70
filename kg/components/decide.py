"""kg_decide: the rules propose relations, a model trained on our annotations decides.

The rules are good at finding candidates and poor at weighing evidence that
conflicts. This component takes every relation the earlier components proposed,
adds every pair of entities whose classes a predicate admits (a fact the rules
missed may still be decided in), describes each candidate by features (which
components proposed it and how surely, the words and dependency path between
the two closest mentions, how far apart they are, how central each entity is to
the story) and keeps those the model scores at or above its predicate's
threshold. The model's probability becomes the statement's confidence.

The model is a logistic regression trained by `python -m kg.train` and shipped
as plain JSON weights (`kg/data/decider.json`): scoring is a sum of weights, so
nothing but the standard library is needed to use it. Leave the component out
(`kg build --rules-only`) to get the rules' own decisions.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.components.doc_data import entities, install_extensions, mentions, set_class
from kg.components.relations.state import SIGNATURES
from kg.errors import KgError

install_extensions()

#: The classes a statement may join: a `Referent` ("the coach") is no named entity.
NAMED = {"Person", "Athlete", "Nation", "Organization", "Team", "SportingEvent", "Sport"}
#: The most tokens between two mentions whose words become features ("between=...").
MAX_BETWEEN = 12
DEFAULT_MODEL = "decider.json"


class DeciderError(KgError):
    """The decision model file is missing or not a model this version can read."""


@dataclass(frozen=True)
class Candidate:
    """One (subject, predicate, object) the model decides on, with the rules' proposals of it."""

    subject: str
    predicate: str
    object: str
    proposals: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression as weights by feature name, with one threshold per predicate."""

    weights: dict[str, float]
    intercept: float
    thresholds: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)
    #: Platt scaling fitted on out-of-fold scores: probability = sigmoid(scale * score + shift)
    scale: float = 1.0
    shift: float = 0.0

    def score(self, features: dict[str, float]) -> float:
        """The regression's log-odds, before calibration."""
        return self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def probability(self, features: dict[str, float]) -> float:
        z = self.scale * self.score(features) + self.shift
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def calibrated(self, scale: float, shift: float, thresholds: dict[str, float]) -> LinearModel:
        return LinearModel(self.weights, self.intercept, thresholds, self.meta, scale, shift)

    def keeps(self, candidate: Candidate, probability: float) -> bool:
        """A proposal is kept at its predicate's threshold; a pair no rule proposed needs the
        (usually higher) threshold of `predicate|unproposed`."""
        key = candidate.predicate if candidate.proposals else f"{candidate.predicate}|unproposed"
        return probability >= self.thresholds.get(key, 0.5)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "kg-decider/1",
            "intercept": self.intercept,
            "calibration": {"scale": self.scale, "shift": self.shift},
            "thresholds": self.thresholds,
            "meta": self.meta,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str) -> LinearModel:
        if not isinstance(data, dict) or data.get("format") != "kg-decider/1":
            raise DeciderError(f"{source}: not a kg decision model (format kg-decider/1)")
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            thresholds={str(k): float(v) for k, v in data["thresholds"].items()},
            meta=dict(data.get("meta", {})),
            scale=float(data.get("calibration", {}).get("scale", 1.0)),
            shift=float(data.get("calibration", {}).get("shift", 0.0)),
        )


@cache
def load_model(path: str | None = None, default: str = DEFAULT_MODEL) -> LinearModel:
    """The shipped model `default` (in kg/data), or the one at `path` (a JSON file `kg.train` wrote)."""
    try:
        if path:
            text, source = Path(path).read_text(encoding="utf-8"), path
        else:
            text = resources.files("kg.data").joinpath(default).read_text(encoding="utf-8")
            source = f"kg/data/{default}"
        return LinearModel.from_json(json.loads(text), source)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DeciderError(f"{path or default}: cannot read the decision model ({err})") from err


# --------------------------------------------------------------------------- candidates


def candidates(doc: Doc) -> list[Candidate]:
    """Every relation the rules proposed, plus every pair of mentioned entities a predicate admits."""
    table = entities(doc)
    proposed: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for relation in doc._.kg_relations or []:
        key = (relation["subject"], relation["predicate"], relation["object"])
        proposed.setdefault(key, []).append(relation)
    mentioned = [k for k in dict.fromkeys(k for m in mentions(doc) for k in m["keys"]) if k in table]
    by_class: dict[str, list[str]] = {}
    for key in mentioned:
        by_class.setdefault(table[key]["cls"], []).append(key)
    keys = set(proposed)
    for predicate, (subject_classes, object_classes) in SIGNATURES.items():
        subjects = [k for c in subject_classes if c in NAMED for k in by_class.get(c, [])]
        objects = [k for c in object_classes for k in by_class.get(c, [])]
        keys |= {(s, predicate, o) for s in subjects for o in objects if s != o}
    return [
        Candidate(s, p, o, tuple(proposed.get((s, p, o), ())))
        for s, p, o in sorted(keys)
        if s in table and o in table
    ]


# --------------------------------------------------------------------------- features


class DocumentView:
    """What the features read of one document, computed once: mentions by entity, salience."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.table = entities(doc)
        self.sentence_of = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sentence_of[i] = n
        self.n_sentences = max(self.sentence_of, default=0) + 1
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        for m in mentions(doc):
            for key in m["keys"]:
                self.spans.setdefault(key, []).append((m["start"], m["end"], m["kind"]))
        counts = Counter({k: len(v) for k, v in self.spans.items()})
        self.rank: dict[str, int] = {}
        for cls in {e["cls"] for e in self.table.values()}:
            ranked = sorted(
                (k for k in counts if self.cls(k) == cls), key=lambda k: (-counts[k], self.first(k))
            )
            for i, key in enumerate(ranked):
                self.rank[key] = i
        self.n_of_class = Counter(self.cls(k) for k in counts)
        self.proposed_objects: dict[tuple[str, str], set[str]] = {}
        for r in doc._.kg_relations or []:
            self.proposed_objects.setdefault((r["subject"], r["predicate"]), set()).add(r["object"])
        #: entity → the event roles the rules gave it ("Punishment.target")
        self.event_roles: dict[str, set[str]] = {}
        for event in doc._.kg_events or []:
            for role, value, is_entity in event["roles"]:
                if is_entity:
                    self.event_roles.setdefault(value, set()).add(f"{event['type']}.{role}")

    def via_team(self, subject: str, predicate: str, obj: str) -> bool:
        """A side the rules put `subject` in has the fact itself: its sport, its competition."""
        teams = self.proposed_objects.get((subject, "memberOf"), set())
        return any(obj in self.proposed_objects.get((team, predicate), ()) for team in teams)

    def cls(self, key: str) -> str:
        entry = self.table.get(key)
        return entry["cls"] if entry else ""

    def first(self, key: str) -> int:
        return min((s for s, _, _ in self.spans.get(key, [])), default=len(self.doc))

    def closest(self, a: str, b: str) -> tuple[int, int, int, int] | None:
        """The mentions of `a` and `b` nearest each other: (a start, a end, b start, b end)."""
        best: tuple[int, tuple[int, int, int, int]] | None = None
        for sa, ea, _ in self.spans.get(a, []):
            for sb, eb, _ in self.spans.get(b, []):
                if sa < eb and sb < ea:
                    continue
                gap = sb - ea if sb >= ea else sa - eb
                gap += 1000 * abs(self.sentence_of[sa] - self.sentence_of[sb])
                if best is None or gap < best[0]:
                    best = (gap, (sa, ea, sb, eb))
        return best[1] if best else None


def bucket(n: int, edges: Iterable[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return "more"


def _path(a: Token, b: Token) -> str:
    """The dependency path between two tokens: lemma and label up to their common ancestor."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return "none"
    left = up_a[: up_a.index(common)]
    right = up_b[: up_b.index(common)]
    if len(left) + len(right) > 6:
        return "long"
    steps = (
        [f"{t.dep_}^" for t in left] + [common.lemma_.casefold()] + [f"v{t.dep_}" for t in reversed(right)]
    )
    return ">".join(steps)


def features(view: DocumentView, candidate: Candidate) -> dict[str, float]:
    """The candidate's features, each named with its predicate so weights are per predicate."""
    p = candidate.predicate
    s, o = candidate.subject, candidate.object
    doc = view.doc
    found: dict[str, float] = {f"{p}": 1.0, f"{p}|cls={view.cls(s)}>{view.cls(o)}": 1.0}
    if candidate.proposals:
        best = max(float(r["confidence"]) for r in candidate.proposals)
        found[f"{p}|proposed"] = 1.0
        found[f"{p}|confidence"] = best
        for r in candidate.proposals:
            found[f"{p}|by={r['component']}:{float(r['confidence']):.2f}"] = 1.0
            found[f"{p}|by={r['component']}"] = 1.0
    else:
        found[f"{p}|unproposed"] = 1.0
        if view.proposed_objects.get((s, p)):
            found[f"{p}|unproposed|subject-has-other"] = 1.0
    others = view.proposed_objects.get((s, p), set()) - {o}
    # what else the rules say of the subject: a member of a side plays; a side's sport is its players'
    for q in ("memberOf", "participatedIn", "playsSport", "nationality", "leaderOf"):
        if q != p and view.proposed_objects.get((s, q)):
            found[f"{p}|subject-has={q}"] = 1.0
    for role in sorted(view.event_roles.get(s, ())):
        found[f"{p}|subject-event={role}"] = 1.0
    if p in ("playsSport", "participatedIn", "nationality") and view.via_team(s, p, o):
        found[f"{p}|via-team"] = 1.0
    found[f"{p}|other-objects={bucket(len(others), (0, 1, 2))}"] = 1.0
    attrs = view.table.get(o, {}).get("attrs", {})
    if "kind" in attrs:
        found[f"{p}|object-kind={attrs['kind']}"] = 1.0
    if attrs.get("nation"):
        found[f"{p}|object-national"] = 1.0
    if attrs.get("series"):
        found[f"{p}|object-series"] = 1.0
    subject_attrs = view.table.get(s, {}).get("attrs", {})
    for name in ("role", "lineup"):
        if name in subject_attrs:
            found[f"{p}|subject-{name}={subject_attrs[name]}"] = 1.0
    if subject_attrs.get("described_nation"):
        found[f"{p}|subject-described"] = 1.0
    found[f"{p}|object-rank={bucket(view.rank.get(o, 9), (0, 1, 2))}"] = 1.0
    found[f"{p}|subject-rank={bucket(view.rank.get(s, 9), (0, 1, 3))}"] = 1.0
    found[f"{p}|object-alone={view.n_of_class[view.cls(o)] == 1}"] = 1.0
    found[f"{p}|subject-mentions={bucket(len(view.spans.get(s, [])), (1, 2, 4))}"] = 1.0
    pair = view.closest(s, o)
    if pair is None:
        found[f"{p}|apart=unmentioned"] = 1.0
        return found
    sa, ea, sb, eb = pair
    distance = abs(view.sentence_of[sa] - view.sentence_of[sb])
    found[f"{p}|sentences-apart={bucket(distance, (0, 1, 2, 5))}"] = 1.0
    if distance == 0:
        lo, hi = (ea, sb) if ea <= sb else (eb, sa)
        found[f"{p}|order={'subject-first' if sa < sb else 'object-first'}"] = 1.0
        found[f"{p}|tokens-apart={bucket(hi - lo, (0, 1, 3, 6, 12))}"] = 1.0
        if hi - lo <= MAX_BETWEEN:
            for token in doc[lo:hi]:
                if not token.is_punct:
                    found[f"{p}|between={token.lemma_.casefold()}"] = 1.0
                elif token.text in ",()":
                    found[f"{p}|between={token.text}"] = 1.0
        head_a, head_b = doc[sa:ea].root, doc[sb:eb].root
        found[f"{p}|path={_path(head_a, head_b)}"] = 1.0
        found[f"{p}|subject-dep={head_a.dep_}"] = 1.0
        found[f"{p}|object-dep={head_b.dep_}"] = 1.0
    return found


# --------------------------------------------------------------------------- the component


def decide(doc: Doc, model: LinearModel) -> list[dict[str, Any]]:
    """The relations the model keeps, each with the model's probability as its confidence."""
    view = DocumentView(doc)
    kept: list[dict[str, Any]] = []
    for candidate in candidates(doc):
        probability = model.probability(features(view, candidate))
        if not model.keeps(candidate, probability):
            continue
        confidence = round(probability, 3)
        if candidate.proposals:
            kept += [{**r, "confidence": confidence} for r in candidate.proposals]
            continue
        pair = view.closest(candidate.subject, candidate.object)
        start, end = (pair[0], pair[1]) if pair else (0, 1)
        first, last = (min(start, pair[2]), max(end, pair[3])) if pair else (start, end)
        sent_start, sent_end = doc[first].sent.start, doc[last - 1].sent.end
        if candidate.predicate == "playsSport":
            set_class(doc, candidate.subject, "Athlete")
        kept.append(
            {
                "subject": candidate.subject,
                "predicate": candidate.predicate,
                "object": candidate.object,
                "start": doc[sent_start].idx,
                "end": doc[sent_end - 1].idx + len(doc[sent_end - 1].text),
                "confidence": confidence,
                "component": "kg_decide",
            }
        )
    return kept


class Decider:
    def __init__(self, name: str, model_path: str) -> None:
        self.name = name
        self.model = load_model(model_path or None)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_relations = decide(doc, self.model)
        return doc


@Language.factory(
    "kg_decide",
    requires=["doc._.kg_entities", "doc._.kg_mentions", "doc._.kg_relations", "doc._.kg_events"],
    assigns=["doc._.kg_relations"],
    default_config={"model_path": ""},
)
def make_decider(nlp: Language, name: str, model_path: str) -> Decider:
    return Decider(name, model_path)
