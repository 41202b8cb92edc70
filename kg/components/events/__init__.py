"""kg_events: n-ary MedalAward and Punishment events with their roles.

Triggers come from `kg/data/cues.json` (medal words and verbs, sanction nouns,
verbs and phrases); roles come from the syntax around the trigger, one module
a capability:

- `medals`: "won/clinched silver", "the gold-medal-winning Chinese team": the
  recipients, `atEvent` from "at/in <event>"; `disciplines` reads the
  discipline ("in the <non-event> event", "the 200m butterfly gold");
- `titles`: "World and Commonwealth 100m champion X"; `results`: medals with no
  medal word ("won the relay", "finished third behind A", "beat Y in the final");
- `punishments`: targets are the subjects of "face/undergo/be subjected to
  <sanction>" or of a passive sanction verb ("was banned"), the object of an
  active one; `imposedBy` from the agent or active subject; `targets` finds
  who a description ("the coach", "four players") stands for;
- `roles`: `reason` from "for/over/after/following ...", `status` from
  modality (may, could, face, threaten → possible), negation and denial cues
  (→ denied), else actual; `reportedBy` from an outlet in an attribution;
- `merge`: mentions of one event across sentences (a headline, a lead, a
  follow-up "is under scrutiny") are merged when their targets overlap and
  their status agrees;
- `context`: a role that only context supplies (the event of the article, the
  imposing state) is filled with a lower confidence.

Each rule reads an `EventState` (the Doc, its mention index, its sentences)
and the component's `EventRules` (its cue lists, compiled once).
"""

from __future__ import annotations

from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from kg.components.doc_data import entities, install_extensions, set_class
from kg.components.events import context, disciplines, medals, merge, punishments, results, targets, titles
from kg.components.events.rules import GENERIC_TYPES, EventRules
from kg.components.events.state import (
    IMPOSER_CLASSES,
    RECIPIENT_CLASSES,
    TARGET_CLASSES,
    Draft,
    EventState,
)
from kg.gazetteer import Gazetteer, load_gazetteer

__all__ = [
    "GENERIC_TYPES",
    "IMPOSER_CLASSES",
    "RECIPIENT_CLASSES",
    "TARGET_CLASSES",
    "Draft",
    "EventExtractor",
    "EventRules",
    "EventState",
    "make_event_extractor",
]


class EventExtractor:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, name: str, context_confidence: float) -> None:
        install_extensions()
        self.name = name
        self.rules = EventRules.from_gazetteer(gazetteer, nlp, context_confidence)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_events is None:
            doc._.kg_events = []
        if doc._.kg_mentions is None:
            return doc
        rules = self.rules
        state = EventState.of(doc, self.name)
        awards = (
            titles.named_by_medal_words(rules, state, medals.medal_awards(rules, state))
            + results.implied_awards(rules, state)
            + results.match_results(rules, state)
            + results.podium(rules, state)
            + results.runners_up(rules, state)
            + results.victories(rules, state)
            + results.final_winners(rules, state)
            + titles.title_awards(rules, state)
        )
        sanctions = punishments.punishments(rules, state)
        for draft in awards:
            disciplines.settle(rules, state, draft)
        same_punishment = partial(merge.same_punishment, rules, state)
        sanctions = merge.merge(sanctions, same_punishment)
        merge.undone_told_before(rules, state, sanctions)
        merge.shared_in_sentence(sanctions)
        drafts = merge.merge(awards, merge.same_award) + sanctions
        drafts = [d for d in drafts if not d.weak]
        for draft in drafts:
            if draft.type == "Punishment":
                targets.name_referents(rules, state, draft)
        # "sacks football coach" / "dismissed the head coach" / "X was removed": once the
        # descriptions are named, sanctions told two or three times are one
        drafts = [d for d in drafts if d.type != "Punishment"] + merge.merge(
            [d for d in drafts if d.type == "Punishment"], same_punishment
        )
        drafts = [d for d in drafts if not rules.only_an_outcome(d)]
        salient = context.salient_event(state)
        results_at = context.results_event(state)
        for draft in drafts:
            context.fill(rules, state, draft, salient, results_at, drafts)
            # "was charged with misconduct": a charge laid is a sanction that may follow
            kind = draft.kind
            pending = rules.pending(kind)
            if draft.first("status") == "actual" and pending:
                draft.roles["status"] = ["possible"]
        # "beat X in the final" in a story about a tournament: the story's event gives no medal
        drafts = [d for d in drafts if not (d.implied and not results.at_medal_event(rules, state, d))]
        # and a result at no event the story names is no medal: a side's title is a league's or
        # a cup's ("Wales last won the title"), a player's a tournament's or a meeting's ("took
        # the Milan title", "won the 4km race")
        drafts = [d for d in drafts if not (d.implied and not d.roles.get("atEvent"))]
        for draft in drafts:
            if draft.type == "MedalAward" and not draft.roles.get("recipient"):
                continue
            if draft.type == "MedalAward":  # whoever won a medal competed: an athlete
                for key in draft.roles["recipient"]:
                    if entities(doc).get(key, {}).get("cls") == "Person":
                        set_class(doc, key, "Athlete")
            if draft.type == "Punishment" and not draft.roles.get("target"):
                continue
            doc._.kg_events.append(state.record(draft))
        return doc


@Language.factory(
    "kg_events",
    # token.pos is set by the model's attribute_ruler, which declares nothing: analyze_pipes lists it.
    # kg_entities and kg_mentions are written too: a title names a championship ("World
    # champion X"), a description a referent ("the coach"), and a medal winner is an Athlete
    requires=[
        "doc._.kg_entities",
        "doc._.kg_mentions",
        "doc._.kg_relations",
        "doc.ents",
        "token.dep",
        "token.tag",
        "token.pos",
        "token.lemma",
    ],
    assigns=["doc._.kg_entities", "doc._.kg_mentions", "doc._.kg_events"],
    default_config={"context_confidence": 0.4},
)
def make_event_extractor(nlp: Language, name: str, context_confidence: float) -> EventExtractor:
    return EventExtractor(nlp, load_gazetteer(), name, context_confidence)
