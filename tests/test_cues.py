"""Every entry of every cue list a component matches against text can fire.

A component compares single tokens to its cue sets, so an entry of several
tokens ("because of", "head of state", "team-mate") needs the component's
`CuePhrases` matcher (kg/components/cues.py). For each such cue key and each
entry, the entry is put in a short invented sentence and the component's own
lookup must find it: the one-token set for a one-token entry, the matcher
for the others. The names in the sentences are invented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import attrgetter
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import kg
from kg.components.cues import CuePhrases, variants
from kg.gazetteer import load_gazetteer
from kg.pipeline import load_pipeline
from kg.records import Document, EntityRef, Extraction

CUES: dict[str, Any] = load_gazetteer().cues

#: (component, cue key, attribute holding the one-token entries, attribute holding the matcher);
#: a dotted attribute is read through the component's rules
MATCHED: list[tuple[str, str, str, str]] = [
    ("kg_events", "denial_cues", "rules.denial", "rules.denial_phrases"),
    ("kg_events", "possibility_cues", "rules.possibility", "rules.possibility_phrases"),
    ("kg_events", "attribution_phrases", "rules.attribution_phrases", "rules.attribution_matcher"),
    ("kg_events", "reason_markers", "rules.reason_markers", "rules.reason_phrases"),
    ("kg_events", "sanction_giving_verbs", "rules.giving_verbs", "rules.giving_phrases"),
    ("kg_events", "medal_verbs", "rules.medal_verb_forms", "rules.medal_verb_phrases"),
    ("kg_events", "outlet_nouns", "rules.outlet_nouns", "rules.outlet_phrases"),
    ("kg_events", "non_referent_nouns", "rules.non_referent_nouns", "rules.non_referent_phrases"),
    ("kg_events", "in_play_words", "rules.in_play_words", "rules.in_play_phrases"),
    ("kg_events", "standings_nouns", "rules.standings_nouns", "rules.standings_phrases"),
    ("kg_relations", "athlete_role_nouns", "rules.athlete_roles", "rules.athlete_phrases"),
    ("kg_relations", "coach_role_nouns", "rules.coach_roles", "rules.coach_phrases"),
    ("kg_relations", "leader_role_nouns", "rules.leader_roles", "rules.leader_phrases"),
    ("kg_relations", "member_role_nouns", "rules.member_roles", "rules.member_phrases"),
    ("kg_relations", "compatriot_nouns", "rules.compatriot_nouns", "rules.compatriot_phrases"),
    ("kg_relations", "participation_nouns", "rules.participation_nouns", "rules.participation_noun_phrases"),
    ("kg_relations", "participation_verbs", "rules.participation_verbs", "rules.participation_phrases"),
    ("kg_relations", "membership_verbs", "rules.membership_verbs", "rules.membership_phrases"),
    ("kg_relations", "medal_verbs", "rules.medal_verbs", "rules.medal_phrases"),
]

CASES = [
    pytest.param(component, key, single, phrases, entry, id=f"{key}:{entry}")
    for component, key, single, phrases in MATCHED
    for entry in CUES[key]
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def sentence(nlp: Language, entry: str) -> Doc:
    return nlp.make_doc(f"Officials said {entry} was the word Dara Venn used on Tuesday.")


def test_every_matched_cue_key_is_listed() -> None:
    assert CASES
    assert {key for _, key, _, _ in MATCHED} <= set(CUES)


@pytest.mark.parametrize(("component", "key", "single", "phrases", "entry"), CASES)
def test_every_cue_entry_can_fire(
    nlp: Language, component: str, key: str, single: str, phrases: str, entry: str
) -> None:
    pipe = nlp.get_pipe(component)
    cue = entry.casefold()
    if len(nlp.make_doc(cue)) == 1:
        # a one-token entry is met by the component's set, on the token's form or lemma
        assert cue in attrgetter(single)(pipe)
        doc = nlp(f"Officials said {entry} was the word Dara Venn used on Tuesday.")
        assert any(cue in (t.lower_, t.lemma_.casefold()) for t in doc)
    else:
        matcher: CuePhrases = attrgetter(phrases)(pipe)
        doc = sentence(nlp, entry)
        assert cue in {phrase for phrase, _, _ in matcher.in_span(doc[:])}


# the cue lists the components already match with a PhraseMatcher of their own
OWN_MATCHERS: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("punishment_nouns", "rules.noun_matcher", lambda cues: cues),
    ("phrasal_punishments", "rules.phrase_matcher", lambda cues: [p for p, kind in cues.items() if kind]),
    ("discipline_words", "rules.discipline_matcher", lambda cues: cues),
]


@pytest.mark.parametrize(("key", "attribute", "entries"), OWN_MATCHERS, ids=[k for k, _, _ in OWN_MATCHERS])
def test_cue_lists_with_their_own_matcher_fire(
    nlp: Language, key: str, attribute: str, entries: Callable[[Any], Any]
) -> None:
    matcher = attrgetter(attribute)(nlp.get_pipe("kg_events"))
    listed = list(entries(CUES[key]))
    assert listed
    for entry in listed:
        doc = sentence(nlp, str(entry))
        found = {doc[s:e].text.casefold() for _, s, e in matcher(doc)}
        assert str(entry).casefold() in found, entry


def test_inflected_forms_of_phrases_fire(nlp: Language) -> None:
    events = nlp.get_pipe("kg_events").rules
    relations = nlp.get_pipe("kg_relations").rules
    for matcher, text, phrase in [
        (events.giving_phrases, "The panel handed down a ban.", "hand down"),
        (events.giving_phrases, "The panel meted out a ban.", "mete out"),
        (events.outlet_phrases, "Two news agencies said so.", "news agency"),
        (relations.compatriot_phrases, "Her fellow countrymen cheered.", "fellow countryman"),
        (relations.participation_phrases, "Dara Venn took part in the race.", "take part"),
        (relations.medal_phrases, "Dara Venn was awarded silver.", "be awarded"),
        (relations.coach_phrases, "The two head coaches met.", "head coach"),
    ]:
        doc = nlp.make_doc(text)
        assert phrase in {p for p, _, _ in matcher.in_span(doc[:])}, text


def test_positions_of_a_phrase(nlp: Language) -> None:
    matcher = CuePhrases(nlp, ["because of", "due"])
    assert matcher.phrases == ["because of"]  # a one-token entry is left to the component's set
    doc = nlp.make_doc("Dara Venn was banned because of doping.")
    because, of = doc[4], doc[5]
    assert [p for p, _, _ in matcher.starting_at(because)] == ["because of"]
    assert not matcher.starting_at(of)
    assert [p for p, _, _ in matcher.ending_at(of)] == ["because of"]
    assert [p for p, _, _ in matcher.covering(of)] == ["because of"]
    assert not matcher.in_span(doc[:5])
    assert "handed down" in variants("hand down", "first")
    assert "news agencies" in variants("news agency", "last")


def extract(text: str) -> Extraction:
    return next(kg.extract_documents([Document("probe", text, dt.date(2024, 8, 20))]))


def events(extraction: Extraction, kind: str) -> list[dict[str, list[str]]]:
    names = {entity.key: entity.label for entity in extraction.entities}
    found = []
    for event in (e for e in extraction.events if e.type == kind):
        roles: dict[str, list[str]] = {}
        for role, value in event.roles:
            roles.setdefault(role, []).append(
                names.get(value.key, value.key) if isinstance(value, EntityRef) else value
            )
        found.append(roles)
    return found


def relation_set(extraction: Extraction) -> set[tuple[str, str, str]]:
    names = {entity.key: entity.label for entity in extraction.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in extraction.relations}


def test_a_reason_phrase_gives_the_reason() -> None:
    ex = extract("Dara Venn was banned for two years because of doping, the federation said.")
    sanctions = events(ex, "Punishment")
    assert sanctions
    assert any(s.get("reason") == ["doping"] for s in sanctions), sanctions


def test_a_denial_phrase_denies_the_sanction() -> None:
    ex = extract("The federation said Dara Venn had escaped punishment for the gesture.")
    sanctions = events(ex, "Punishment")
    assert sanctions
    assert all(s["status"] == ["denied"] for s in sanctions), sanctions


def test_a_participation_phrase_gives_participation() -> None:
    ex = extract("Irish rower Dara Venn took part in the 2024 Summer Olympics.")
    assert ("Dara Venn", "participatedIn", "2024 Summer Olympics") in relation_set(ex)
