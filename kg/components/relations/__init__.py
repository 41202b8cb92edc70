"""kg_relations: the contract's five predicates, read from the syntax.

The rules read the dependency parse through the mention index (so a pronoun or
"the pair" stands for the people it was resolved to), one module a capability:

- `descriptions`: the nouns and modifiers around a name ("North Korean table
  tennis players X and Y", "X, a Canadian swimmer", "China's head coach X");
- `verbs`: "competed at E", "won silver at E", "represented N", "played for T";
- `clubs`: clubs that act ("X signed him"), club lists, time spent at a club
  ("his spell at Y"), rosters, opponents, the coach "in charge of" a side;
- `possessives`: "Mexico's A", "X's regime", "X's World Cup campaign".

Each rule reads a `RelationState` (the Doc, its mention index, the relations
found so far) and the component's `RelationRules` (its cue lists, compiled once).
Co-occurrence alone never makes a relation.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.components.doc_data import install_extensions
from kg.components.relations import clubs, descriptions, possessives, verbs
from kg.components.relations.rules import RelationRules
from kg.components.relations.state import AGENTS, ORGS, PERSON, SIGNATURES, RelationState
from kg.components.relations.verbs import EVENT_PREPS
from kg.gazetteer import Gazetteer, load_gazetteer

__all__ = [
    "AGENTS",
    "EVENT_PREPS",
    "ORGS",
    "PERSON",
    "SIGNATURES",
    "RelationExtractor",
    "RelationRules",
    "RelationState",
    "make_relation_extractor",
]


class RelationExtractor:
    def __init__(self, gazetteer: Gazetteer, name: str, nlp: Language | None = None) -> None:
        install_extensions()
        self.name = name
        self.rules = RelationRules.from_gazetteer(gazetteer, nlp or spacy.blank("en"))

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_relations is None:
            doc._.kg_relations = []
        if doc._.kg_mentions is None:
            return doc
        rules = self.rules
        state = RelationState.of(doc, self.name)
        for mention in list(doc._.kg_mentions):
            if mention["cls"] in PERSON and mention["kind"] in ("name", "alias"):
                root = doc[mention["start"] : mention["end"]].root
                descriptions.describe(rules, state, root, mention["keys"])
                descriptions.body_after_name(state, root, mention["keys"])
                possessives.nation_before_name(state, mention)
                possessives.club_before_name(state, mention)
        matches: list[Token] = []
        for token in doc:
            lemma = token.lemma_.casefold()
            if token.pos_ in ("VERB", "AUX"):
                verbs.read_verb(rules, state, token)
                verbs.read_record(rules, state, token)
                clubs.club_acting(rules, state, token)
            if lemma in rules.regime_nouns:
                possessives.regime(state, token)
            if token.pos_ == "NOUN" and (
                lemma in rules.participation_nouns or rules.participation_noun_phrases.ending_at(token)
            ):
                possessives.participation(state, token)
            if token.dep_ == "nsubj" and lemma in rules.club_nouns:
                clubs.club_list(rules, state, token)
            if token.pos_ == "NOUN" and lemma in rules.club_tenure_nouns:
                clubs.tenure(rules, state, token)
            if lemma in rules.roster_nouns and token.i + 1 < len(doc):
                clubs.roster(state, token)
            if token.dep_ == "prep" and token.lower_ in ("without", "of"):
                clubs.absent_players(state, token)
            if lemma in rules.opponent_markers and token.pos_ in ("VERB", "NOUN"):
                matches.append(token)
            if token.lower_ in rules.leading_starts and token.i + 1 < len(doc):
                clubs.in_charge(rules, state, token)
        # opponents last: the verbs above have shown who of the rivals competes
        for token in matches:
            clubs.opponents(rules, state, token)
        # a later rule may have shown a name to be a club ("plays for Everton"): drop what it
        # was given while it passed for a person
        doc._.kg_relations = [r for r in state.relations if state.fits(r)]
        return doc


@Language.factory(
    "kg_relations",
    # token.pos is set by the model's attribute_ruler, which declares nothing: analyze_pipes lists it
    requires=[
        "doc._.kg_entities",
        "doc._.kg_mentions",
        "doc.ents",
        "token.dep",
        "token.tag",
        "token.pos",
        "token.lemma",
    ],
    assigns=["doc._.kg_entities", "doc._.kg_mentions", "doc._.kg_relations"],
)
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(load_gazetteer(), name, nlp)
