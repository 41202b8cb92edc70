"""kg_decide_roles: the rules propose medals' and sanctions' roles, a trained model decides.

The event rules fill a role from the event's sentence and, when the sentence
lacks it, from the story (its main event, the body that ruled elsewhere in the
article). Which of those guesses hold depends on evidence the rules weigh
poorly: how far the value is from the event, how central it is to the story,
what the value's mention does in the sentence. This component describes every
(event, role, value) the rules gave by such features and keeps those the model
scores at or above the role's threshold; the rules' central values (the
punished, the medallist) always stay, and an event with none and no other named
argument left is dropped. An event's confidence becomes the model's probability
for its central role.

The model is a logistic regression of the same form as `kg_decide`'s, trained
by `python -m kg.train` and shipped as `kg/data/role-decider.json`. Leave the
component out (`kg build --rules-only`) to get the rules' own events.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.decide import DocumentView, LinearModel, bucket, load_model
from kg.components.doc_data import install_extensions
from kg.components.events.state import IMPOSER_CLASSES, RECIPIENT_CLASSES, TARGET_CLASSES
from kg.gazetteer import load_gazetteer

install_extensions()

DEFAULT_MODEL = "role-decider.json"
#: The role that says whom an event is about; its best value's probability is the event's confidence.
CENTRAL_ROLES = {"Punishment": "target", "MedalAward": "recipient"}
#: The named roles a candidate no rule gave may fill, and the classes each admits.
ROLE_CLASSES = {
    "Punishment": {
        "target": TARGET_CLASSES[:-1],
        "imposedBy": IMPOSER_CLASSES,
        "relatedEvent": ("SportingEvent",),
    },
    "MedalAward": {"recipient": RECIPIENT_CLASSES[:-1], "atEvent": ("SportingEvent",)},
}


@dataclass(frozen=True)
class RoleCandidate:
    """One value the rules gave one role of one event (`event` indexes `doc._.kg_events`)."""

    event: int
    type: str
    role: str
    value: str
    is_entity: bool
    #: the value's place among the role's values (0 for the first)
    position: int
    #: a rule gave it; else it is an entity of the role's classes named in the event's sentences
    proposed: bool = True

    @property
    def key(self) -> str:
        """Its threshold's name: "Punishment.target", or "Punishment.target|unproposed"."""
        return f"{self.type}.{self.role}" + ("" if self.proposed else "|unproposed")


def role_candidates(doc: Doc, events: EventView) -> list[RoleCandidate]:
    """Every value the rules gave, then every entity the event's sentences name that a named
    role of the event's type admits and the rules did not give it."""
    view = events.view
    out = []
    for n, event in enumerate(doc._.kg_events or []):
        seen: dict[str, int] = {}
        given: set[tuple[str, str]] = set()
        for role, value, is_entity in event["roles"]:
            out.append(RoleCandidate(n, event["type"], role, str(value), bool(is_entity), seen.get(role, 0)))
            seen[role] = seen.get(role, 0) + 1
            given.add((role, str(value)))
        around = set().union(*(events.named_in.get(i, set()) for i in events.sentences[n]))
        named = [key for key in view.spans if key in around]
        for role, classes in ROLE_CLASSES.get(event["type"], {}).items():
            for key in named:
                if view.cls(key) in classes and (role, key) not in given:
                    out.append(RoleCandidate(n, event["type"], role, key, True, seen.get(role, 0), False))
                    seen[role] = seen.get(role, 0) + 1
    return out


class EventView:
    """What the role features read of one document's events, computed once."""

    def __init__(self, doc: Doc, view: DocumentView) -> None:
        self.doc = doc
        self.view = view
        events = doc._.kg_events or []
        #: per event, the sentences its spans cover and their token ranges
        self.sentences: list[set[int]] = []
        self.tokens: list[list[tuple[int, int]]] = []
        for event in events:
            ranges = []
            for start, end in event["spans"]:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None and len(span):
                    ranges.append((span.start, span.end))
            self.tokens.append(ranges)
            self.sentences.append({view.sentence_of[i] for a, b in ranges for i in (a, b - 1)})
        self.of_type = Counter(event["type"] for event in events)
        #: per event and role, how many values the rules gave
        self.n_values = [Counter(role for role, _, _ in event["roles"]) for event in events]
        #: sentence → the entities it names
        self.named_in: dict[int, set[str]] = {}
        for key, spans in view.spans.items():
            for start, _, _ in spans:
                self.named_in.setdefault(view.sentence_of[start], set()).add(key)


def role_features(events: EventView, candidate: RoleCandidate) -> dict[str, float]:
    """The candidate's features, named with its event type and role (and, for the ones every
    entity role shares, with `entity` instead), so weights are per role with a shared back-off."""
    view, doc = events.view, events.doc
    event = doc._.kg_events[candidate.event]
    r = f"{candidate.type}.{candidate.role}"
    found: dict[str, float] = {r: 1.0}
    if not candidate.proposed:
        r = f"{r}|unproposed"
        found[r] = 1.0

    def add(name: str, shared: bool = True) -> None:
        found[f"{r}|{name}"] = 1.0
        if shared and candidate.is_entity:
            found[f"entity|{name}"] = 1.0

    status = next((v for role, v, _ in event["roles"] if role == "status"), "none")
    add(f"status={status}")
    add(f"confidence={bucket(round(float(event['confidence']) * 10), (3, 5, 6, 7, 8, 9))}")
    add(f"values={bucket(events.n_values[candidate.event].get(candidate.role, 0), (1, 2, 3))}")
    add(f"position={bucket(candidate.position, (0, 1))}")
    add(f"same-type-events={bucket(events.of_type.get(candidate.type, 0), (1, 2, 4))}")
    sentences = events.sentences[candidate.event]
    if 0 in sentences:
        add("headline")
    has_roles = {role for role, _, _ in event["roles"]}
    for role in ("target", "recipient", "imposedBy", "reason", "punishmentType", "atEvent", "medal"):
        if role not in has_roles:
            add(f"lacks={role}")
    if not candidate.is_entity:
        words = candidate.value.split()
        add(f"words={bucket(len(words), (1, 2, 4, 8))}", shared=False)
        if candidate.role in ("status", "medal"):
            add(f"value={candidate.value.casefold()}", shared=False)
        elif words:
            add(f"first-word={words[0].casefold()}", shared=False)
        spans_text = " ".join(doc.text[a:b] for a, b in event["spans"]).casefold()
        add(f"in-span={candidate.value.casefold() in spans_text}", shared=False)
        return found
    key = candidate.value
    add(f"cls={view.cls(key)}")
    attrs = view.table.get(key, {}).get("attrs", {})
    if view.cls(key) == "SportingEvent":
        series = load_gazetteer().series(attrs.get("series") or "")
        add(f"event-kind={series.kind if series else 'unknown'}")
        label = view.table.get(key, {}).get("label", "")
        add(f"edition={label[:4].isdigit()}")
    kind = next((v for role, v, _ in event["roles"] if role == "punishmentType"), "")
    if kind:
        add(f"sanction={kind.split()[0].casefold()}", shared=False)
    add(f"mentions={bucket(len(view.spans.get(key, [])), (0, 1, 2, 4))}")
    add(f"rank={bucket(view.rank.get(key, 9), (0, 1, 2))}")
    for role in sorted(view.event_roles.get(key, ())):
        if role != r:
            add(f"also={role}", shared=False)
    inside = [
        (s, e)
        for s, e, _ in view.spans.get(key, [])
        if any(a <= s and e <= b for a, b in events.tokens[candidate.event])
    ]
    if inside:
        add("distance=inside")
        s, e = inside[0]
        head = doc[s:e].root
        add(f"dep={head.dep_}")
        add(f"head={head.head.lemma_.casefold()}", shared=False)
        add(f"head-dep={head.dep_}>{head.head.lemma_.casefold()}", shared=False)
        return found
    near = [view.sentence_of[s] for s, _, _ in view.spans.get(key, [])]
    if not near or not sentences:
        add("distance=unmentioned")
        return found
    distance = min(abs(a - b) for a in near for b in sentences)
    add(f"distance={bucket(distance, (0, 1, 2, 5))}")
    if min(near) == 0:
        add("in-headline")
    return found


def decide_roles(doc: Doc, model: LinearModel) -> list[dict[str, Any]]:
    """The events with the rules' central values (a sanction's targets, a medal's recipients) and
    the other role values the model keeps; each event's confidence is its central role's
    probability."""
    events = doc._.kg_events or []
    if not events:
        return []
    view = EventView(doc, DocumentView(doc))
    kept: list[list[list[Any]]] = [[] for _ in events]
    central: list[float] = [0.0 for _ in events]
    scored = [(c, model.probability(role_features(view, c))) for c in role_candidates(doc, view)]
    # "They could face a ban": the values one mention in the event gives (a pronoun for a pair)
    # stand or fall together, at the likeliest one's probability
    group: dict[tuple[int, str, tuple[int, int]], float] = {}
    for candidate, probability in scored:
        shared = _shared_mention(view, candidate)
        if shared is not None:
            at = (candidate.event, candidate.role, shared)
            group[at] = max(group.get(at, 0.0), probability)
    for candidate, probability in scored:
        shared = _shared_mention(view, candidate)
        if shared is not None:
            probability = group[(candidate.event, candidate.role, shared)]
        # who was sanctioned or decorated is the rules' call: the model decides the other roles
        # (it had dropped the targets of whole sanctions in short texts, and the sanctions with them)
        central_value = candidate.proposed and CENTRAL_ROLES.get(candidate.type) == candidate.role
        if not central_value and probability < model.thresholds.get(
            candidate.key, 0.0 if candidate.proposed else 1.0
        ):
            continue
        kept[candidate.event].append([candidate.role, candidate.value, candidate.is_entity])
        if CENTRAL_ROLES.get(candidate.type) == candidate.role:
            central[candidate.event] = max(central[candidate.event], probability)
    out = []
    for event, roles, probability in zip(events, kept, central, strict=True):
        named = any(is_entity for _, _, is_entity in event["roles"])
        if named and not any(is_entity for _, _, is_entity in roles):
            continue
        confidence = round(probability, 3) if probability else event["confidence"]
        out.append({**event, "roles": roles, "confidence": confidence})
    return out


def _shared_mention(events: EventView, candidate: RoleCandidate) -> tuple[int, int] | None:
    """The first mention inside the event's words of a rule's entity value, when that mention
    stands for more than one entity ("they", "the pair")."""
    if not (candidate.proposed and candidate.is_entity):
        return None
    ranges = events.tokens[candidate.event]
    for mention in events.doc._.kg_mentions or []:
        several = candidate.value in mention["keys"] and len(mention["keys"]) > 1
        if several and any(a <= mention["start"] and mention["end"] <= b for a, b in ranges):
            return (mention["start"], mention["end"])
    return None


class RoleDecider:
    def __init__(self, name: str, model_path: str) -> None:
        self.name = name
        self.model = load_model(model_path or None, DEFAULT_MODEL)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_events = decide_roles(doc, self.model)
        return doc


@Language.factory(
    "kg_decide_roles",
    requires=["doc._.kg_entities", "doc._.kg_mentions", "doc._.kg_events"],
    assigns=["doc._.kg_events"],
    default_config={"model_path": ""},
)
def make_role_decider(nlp: Language, name: str, model_path: str) -> RoleDecider:
    return RoleDecider(name, model_path)
