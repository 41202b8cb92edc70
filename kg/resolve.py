"""resolve: one entity per real thing across documents.

Each document's extraction sees its own entities (keys such as
"Person:park ji hoon", "Nation:PRK"). Resolution places every one of them,
a `Profile`, in an entity that may already hold profiles from other
documents. Normalised keys already agree across documents for nations,
events, sports and known organisations, so most placements are by equal key.
People need more: "Park Ji-hoon" and "Park Jihoon" are one person, a lone
"Szemere" may be the Hungarian swimmer of another story or somebody else, and
two athletes of one name but different nations are two people. Names propose
candidates; what the documents say about each (nationality, sport, team,
event) confirms or vetoes them. Every placement is a `Link` with a
confidence and a reason, so that a merge can be inspected and undone.

`resolve_entities` then merges the per-document views of each resolved key:
the most specific class, the most frequent label, every other surface form
as an alias.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from kg.gazetteer import fold
from kg.records import SPECIFICITY, Entity, EntityRef, Event, Extraction, Relation

#: Classes that may be one entity: an athlete is a person, a team an organisation.
CLASS_GROUPS = {"Athlete": "Person", "Team": "Organization"}
#: Relations whose objects describe a person or team well enough to tell namesakes apart.
CONTEXT_PREDICATES = ("nationality", "playsSport", "memberOf", "participatedIn")
#: Two nationalities mean two people; two sports only count against a merge (a story-level
#: sport guess can be wrong, and some athletes switch sports).
EXCLUSIVE_PREDICATES = ("nationality",)
DIFFERING_PREDICATES = ("playsSport",)
#: The least evidence a placement needs (name score plus context bonus).
MERGE_THRESHOLD = 0.75
#: What each agreeing fact adds to a name's score, and how close two candidates may be
#: before the choice between them is too uncertain to make.
AGREEMENT_BONUS = 0.15
AMBIGUITY_MARGIN = 0.05

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}$")


@dataclass(frozen=True)
class Profile:
    """What one document says about one of its entities: the unit resolution places."""

    doc_id: str
    key: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    #: (predicate, object key) facts the document states about the entity
    context: frozenset[tuple[str, str]] = frozenset()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Link:
    """One document's entity placed in a resolved entity, with how sure and why."""

    doc_id: str
    local_key: str
    entity: str
    confidence: float
    reason: str
    profile: Profile


@dataclass
class Cluster:
    """A resolved entity as resolution sees it: names, class and the facts documents state of it."""

    key: str
    cls: str
    names: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    context: set[tuple[str, str]] = field(default_factory=set)
    labels: Counter[str] = field(default_factory=Counter)
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The label most documents use; the earliest on a tie."""
        return max(self.labels, key=lambda label: self.labels[label]) if self.labels else ""

    def absorb(self, profile: Profile) -> None:
        if SPECIFICITY.get(profile.cls, 0) > SPECIFICITY.get(self.cls, 0):
            self.cls = profile.cls
        self.names.update(name_keys(profile.cls, profile.forms))
        self.names.add(f"={base_key(profile.key)}")
        self.forms.update(profile.forms)
        self.context.update(profile.context)
        self.labels[profile.label] += 1
        self.attributes.update(dict(profile.attributes))

    def to_state(self) -> dict[str, object]:
        """A JSON-ready copy, for a store to keep between runs."""
        return {
            "key": self.key,
            "cls": self.cls,
            "names": sorted(self.names),
            "forms": sorted(self.forms),
            "context": sorted(self.context),
            "labels": dict(self.labels),
            "attributes": self.attributes,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Cluster:
        return cls(
            key=state["key"],
            cls=state["cls"],
            names=set(state["names"]),
            forms=set(state["forms"]),
            context={(p, o) for p, o in state["context"]},
            labels=Counter(state["labels"]),
            attributes=dict(state["attributes"]),
        )


class ClusterIndex(Protocol):
    """Where resolution finds the entities known so far: in memory for a build, on disk for a store."""

    def candidates(self, group: str, names: Iterable[str]) -> list[Cluster]: ...

    def taken(self, key: str) -> bool: ...

    def save(self, cluster: Cluster) -> None: ...


class MemoryIndex:
    """Clusters of one build, indexed by name key."""

    def __init__(self) -> None:
        self.clusters: dict[str, Cluster] = {}
        self.by_name: dict[tuple[str, str], set[str]] = {}

    def candidates(self, group: str, names: Iterable[str]) -> list[Cluster]:
        keys: set[str] = set()
        for name in names:
            keys.update(self.by_name.get((group, name), ()))
        return [self.clusters[key] for key in sorted(keys) if key in self.clusters]

    def taken(self, key: str) -> bool:
        return key in self.clusters

    def save(self, cluster: Cluster) -> None:
        self.clusters[cluster.key] = cluster
        for name in cluster.names:
            self.by_name.setdefault((group_of(cluster.cls), name), set()).add(cluster.key)

    def forget(self, key: str) -> None:
        self.clusters.pop(key, None)


def group_of(cls: str) -> str:
    return CLASS_GROUPS.get(cls, cls)


def base_key(key: str) -> str:
    """A key without the number that tells namesakes apart ("Person:ana ruiz#2" → "Person:ana ruiz")."""
    return key.split("#", 1)[0]


def name_keys(cls: str, forms: Iterable[str]) -> set[str]:
    """The index keys an entity of `cls` written as `forms` is found under.

    Any entity by each folded form. A person also by the name without spaces
    ("parkjihoon"), by first and last word and first and second word ("^ana
    ferreira", for "Ana Beatriz Ferreira"), by initial and last word ("^a
    ferreira"), and by each word ("~ferreira") for a lone surname to find.
    """
    keys: set[str] = set()
    for folded, words in _folded(forms):
        keys.add(folded)
        if group_of(cls) != "Person" or len(words) < 2:
            continue
        keys.add("".join(words))
        keys.update({f"^{words[0]} {words[-1]}", f"^{words[0]} {words[1]}", f"^{words[0][0]} {words[-1]}"})
        keys.update(f"~{word}" for word in words)
    return keys


def _folded(forms: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """Each non-empty form folded, with its words."""
    for form in forms:
        folded = fold(form)
        if folded:
            yield folded, folded.split()


def lookup_keys(cls: str, forms: Iterable[str], key: str) -> set[str]:
    """The index keys under which an entity of `cls` written as `forms` looks for itself."""
    keys = {f"={base_key(key)}"}
    for folded, words in _folded(forms):
        keys.add(folded)
        if group_of(cls) != "Person":
            continue
        if len(words) == 1:
            keys.add(f"~{folded}")
            continue
        keys.add("".join(words))
        keys.update({f"^{words[0]} {words[-1]}", f"^{words[0]} {words[1]}"})
        keys.update(words)  # a lone surname seen before
    return keys


def profiles_of(extraction: Extraction) -> list[Profile]:
    """One profile per entity of `extraction`, with the facts its relations and events state."""
    context: dict[str, set[tuple[str, str]]] = {}
    for relation in extraction.relations:
        if relation.predicate in CONTEXT_PREDICATES:
            context.setdefault(relation.subject, set()).add((relation.predicate, relation.object))
    for event in extraction.events:
        places = [v.key for v in event.values("atEvent") if isinstance(v, EntityRef)]
        for recipient in event.values("recipient"):
            if isinstance(recipient, EntityRef):
                context.setdefault(recipient.key, set()).update(("participatedIn", e) for e in places)
    return [
        Profile(
            doc_id=extraction.document.id,
            key=entity.key,
            cls=entity.cls,
            label=entity.label,
            aliases=entity.aliases,
            attributes=entity.attributes,
            context=frozenset(context.get(entity.key, ())),
        )
        for entity in extraction.entities
        if entity.cls != "Referent"
    ]


class Resolver:
    """Places each document's entities in resolved entities, one document at a time."""

    def __init__(self, index: ClusterIndex | None = None) -> None:
        self.index: ClusterIndex = index if index is not None else MemoryIndex()

    def place(self, extraction: Extraction) -> list[Link]:
        """Link every entity of `extraction`; entities the document itself keeps apart stay apart."""
        profiles = profiles_of(extraction)
        # Nations, sports and events first: their keys are stable, and people's facts point at them.
        rank = {"Organization": 1, "Person": 2}
        profiles.sort(key=lambda p: (rank.get(group_of(p.cls), 0), p.key))
        links: list[Link] = []
        placed: dict[str, str] = {}
        used: set[str] = set()
        for profile in profiles:
            profile = replace(profile, context=frozenset((p, placed.get(o, o)) for p, o in profile.context))
            link = self._link(profile, used)
            used.add(link.entity)
            placed[profile.key] = link.entity
            links.append(link)
        return links

    def _link(self, profile: Profile, used: set[str]) -> Link:
        group = group_of(profile.cls)
        scored = []
        for cluster in self.index.candidates(group, lookup_keys(profile.cls, profile.forms, profile.key)):
            if cluster.key in used or group_of(cluster.cls) != group:
                continue  # one document's two entities are never one
            verdict = judge(profile, cluster)
            if verdict is not None:
                scored.append((verdict[0], verdict[1], cluster))
        scored.sort(key=lambda item: -item[0])
        if scored and scored[0][0] >= MERGE_THRESHOLD:
            best, reason, cluster = scored[0]
            if len(scored) == 1 or best - scored[1][0] > AMBIGUITY_MARGIN:
                cluster.absorb(profile)
                self.index.save(cluster)
                return Link(profile.doc_id, profile.key, cluster.key, min(best, 1.0), reason, profile)
        key = free_key(profile.key, self.index.taken)
        cluster = Cluster(key=key, cls=profile.cls)
        cluster.absorb(profile)
        self.index.save(cluster)
        reason = "first mention" if key == profile.key else "a namesake of another entity, kept apart"
        return Link(profile.doc_id, profile.key, key, 1.0, reason, profile)


def free_key(key: str, taken: Callable[[str], bool]) -> str:
    """`key`, or the first of "key#2", "key#3" ... that `taken` says is free: a namesake's key."""
    key = base_key(key)
    if not taken(key):
        return key
    number = 2
    while taken(f"{key}#{number}"):
        number += 1
    return f"{key}#{number}"


def judge(profile: Profile, cluster: Cluster) -> tuple[float, str] | None:
    """How strongly `profile` belongs in `cluster` and why; None when facts rule it out."""
    names = _name_match(profile, cluster)
    if names is None:
        return None
    score, why = names
    if group_of(profile.cls) not in ("Person", "Organization"):
        return score, why
    shared = sorted(profile.context & cluster.context)
    if any(_disagree(profile, cluster, predicate) for predicate in EXCLUSIVE_PREDICATES):
        return None
    differing = [predicate for predicate in DIFFERING_PREDICATES if _disagree(profile, cluster, predicate)]
    score += AGREEMENT_BONUS * (len(shared) - len(differing))
    if shared:
        why += "; both " + ", ".join(f"{p} {o}" for p, o in shared)
    if differing:
        why += "; but different " + ", ".join(differing)
    return score, why


def _disagree(profile: Profile, cluster: Cluster, predicate: str) -> bool:
    """Both state `predicate` and share none of its values (two nationalities, two sports)."""
    mine = {o for p, o in profile.context if p == predicate}
    theirs = {o for p, o in cluster.context if p == predicate}
    return bool(mine and theirs and not mine & theirs)


def _name_match(profile: Profile, cluster: Cluster) -> tuple[float, str] | None:
    """The name evidence alone: 1.0 same name, down to 0.5 for a lone shared surname."""
    if group_of(profile.cls) != "Person":
        # Keys of nations, events, sports and organisations are canonical already (gazetteers);
        # an organisation's acronym, spelt out in one document, also finds it from another.
        if profile.key == base_key(cluster.key):
            return 1.0, "same key"
        if group_of(profile.cls) == "Organization" and "@" not in profile.key + cluster.key:
            acronyms = {form for form in profile.forms if _ACRONYM.match(form)}
            acronyms |= {form for form in cluster.forms if _ACRONYM.match(form)}
            shared = acronyms & set(profile.forms) & cluster.forms
            if shared:
                return 0.9, f"acronym {sorted(shared)[0]} of {cluster.label}"
        return None
    full, their_full = fold(profile.label).split(), fold(cluster.label).split()
    if len(full) > 1 and len(their_full) > 1 and _person_names(full, their_full, cluster.label) is None:
        return None  # two full names that disagree ("Ann Tal", "Eva Tal"): a short form shared is no link
    mine = {fold(form) for form in profile.forms} - {""}
    theirs = {fold(form) for form in cluster.forms} - {""}
    best: tuple[float, str] | None = None
    # in sorted order, so that of two equally good names the same one is quoted in every run
    for name in sorted(mine):
        for other in sorted(theirs):
            found = _person_names(name.split(), other.split(), other)
            if found and (best is None or found[0] > best[0]):
                best = found
    return best


def _person_names(words: list[str], others: list[str], other: str) -> tuple[float, str] | None:
    """Evidence that two written names are one person's, strongest first."""
    if words == others:
        return (1.0, "same name") if len(words) > 1 else (0.5, f"the same lone name {other!r}")
    if "".join(words) == "".join(others):
        return 0.95, f"same name spelt apart or together ({other!r})"
    shorter, longer = (words, others) if len(words) < len(others) else (others, words)
    if len(shorter) == 1:
        if shorter[0] in (longer[0], longer[-1]):
            return 0.6, f"surname {shorter[0]!r} of {' '.join(longer)!r}"
        return None
    if shorter[0] == longer[0] and _subsequence(shorter, longer):
        return 0.8, f"shorter form of the name ({' '.join(longer)!r})"
    if len(shorter) == 2 and len(shorter[0]) == 1 and shorter[0] == longer[0][0] and shorter[1] == longer[-1]:
        return 0.7, f"initial and surname of {' '.join(longer)!r}"
    return None


def _subsequence(shorter: list[str], longer: list[str]) -> bool:
    position = iter(longer)
    return all(word in position for word in shorter)


def relabel(extraction: Extraction, mapping: dict[str, str]) -> Extraction:
    """`extraction` with its entity keys replaced by the resolved ones of `mapping`."""

    def key(old: str) -> str:
        return mapping.get(old, old)

    def value(v: EntityRef | str) -> EntityRef | str:
        return EntityRef(key(v.key)) if isinstance(v, EntityRef) else v

    return replace(
        extraction,
        entities=tuple(replace(e, key=key(e.key)) for e in extraction.entities),
        relations=tuple(
            Relation(key(r.subject), r.predicate, key(r.object), r.evidence) for r in extraction.relations
        ),
        events=tuple(
            Event(e.type, tuple((role, value(v)) for role, v in e.roles), e.evidence)
            for e in extraction.events
        ),
    )


def resolve_documents(
    extractions: Iterable[Extraction], resolver: Resolver | None = None
) -> Iterator[tuple[Extraction, list[Link]]]:
    """Each extraction with its keys resolved across the documents before it, and its links."""
    resolver = resolver if resolver is not None else Resolver()
    for extraction in extractions:
        links = resolver.place(extraction)
        yield relabel(extraction, {link.local_key: link.entity for link in links}), links


@dataclass(frozen=True)
class ResolvedEntity:
    key: str
    cls: str
    label: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]


def merge_views(key: str, seen: list[tuple[str, Entity]]) -> ResolvedEntity:
    """One entity from its per-document views (document id, entity), in document order."""
    classes = [e.cls for _, e in seen]
    cls = max(classes, key=lambda c: (SPECIFICITY.get(c, 0), classes.count(c)))
    labels = Counter(e.label for _, e in seen)
    order = [e.label for _, e in seen]
    label = max(labels, key=lambda lab: (labels[lab], -order.index(lab)))
    aliases: dict[str, None] = {}
    for _, entity in seen:
        for form in (entity.label, *entity.aliases):
            if form != label:
                aliases[form] = None
    attributes: dict[str, str] = {}
    for _, entity in seen:
        attributes.update(dict(entity.attributes))
    return ResolvedEntity(
        key=key,
        cls=cls,
        label=label,
        aliases=tuple(aliases),
        documents=tuple(dict.fromkeys(doc for doc, _ in seen)),
        attributes=tuple(sorted(attributes.items())),
    )


def resolve_entities(extractions: Iterable[Extraction]) -> dict[str, ResolvedEntity]:
    """Merge the views of each key over `extractions` (whose keys are already resolved)."""
    views: dict[str, list[tuple[str, Entity]]] = {}
    for extraction in extractions:
        for entity in extraction.entities:
            views.setdefault(entity.key, []).append((extraction.document.id, entity))
    return {key: merge_views(key, seen) for key, seen in views.items()}
