"""The cue lists kg_relations reads, compiled once when the component is built.

One-token entries are case-folded sets met by a token's lemma or form; the
entries of several tokens, which no one-token lookup can meet, are `CuePhrases`
matchers (kg/components/cues.py). Verbs that take a marker ("play for",
"loaned to") are tables of lemma → prepositions.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from kg.components.cues import CuePhrases
from kg.components.doc_data import cue_words, fold, verb_forms
from kg.gazetteer import Gazetteer


@dataclass(frozen=True)
class RelationRules:
    gazetteer: Gazetteer
    # descriptions of a person
    athlete_roles: set[str]
    coach_roles: set[str]
    leader_roles: set[str]
    member_roles: set[str]
    role_words: set[str]
    athlete_phrases: CuePhrases
    coach_phrases: CuePhrases
    leader_phrases: CuePhrases
    member_phrases: CuePhrases
    org_reference_nouns: set[str]
    kin_nouns: set[str]
    blood_kin_nouns: set[str]
    compatriot_nouns: set[str]
    compatriot_phrases: CuePhrases
    naming_verbs: set[str]
    ambiguous_practitioners: set[str]
    # verbs
    participation_verbs: set[str]
    #: "edged into the fourth round of X", "cruised through to the final of X": with a stage
    #: noun after it (cue stage_nouns), a verb of moving on tells a part in the event
    progress_verbs: set[str]
    stage_nouns: set[str]
    stage_phrases: CuePhrases
    record_verbs: set[str]
    record_nouns: set[str]
    participation_phrases: CuePhrases
    membership_verbs: set[str]
    #: "wants to leave X", "quit X": a member of the club named as their object, and only then
    #: ("left the defence standing", "left X on the ground" leave no club)
    departure_verbs: set[str]
    membership_phrases: CuePhrases
    medal_verbs: set[str]
    medal_phrases: CuePhrases
    verb_forms: dict[str, str]
    # possessives
    regime_nouns: set[str]
    participation_nouns: set[str]
    participation_noun_phrases: CuePhrases
    # clubs and teams
    club_verbs: dict[str, tuple[str, ...]]
    club_acting_verbs: dict[str, tuple[str, ...]]
    club_nouns: set[str]
    club_tenure_nouns: set[str]
    roster_nouns: set[str]
    opponent_markers: dict[str, tuple[str, ...]]
    future_opponent_words: set[str]
    intention_words: set[str]
    leading_phrases: list[list[str]]
    leading_starts: set[str]
    #: grounds, by name or by their last word: "moved to White Hart Lane" names no club
    venue_names: set[str]
    venue_words: set[str]

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer, nlp: Language) -> RelationRules:
        cues = gazetteer.cues
        athlete_roles = cue_words(cues.get("athlete_role_nouns"))
        coach_roles = cue_words(cues.get("coach_role_nouns"))
        leader_roles = cue_words(cues.get("leader_role_nouns"))
        member_roles = cue_words(cues.get("member_role_nouns"))
        participation_verbs = cue_words(cues.get("participation_verbs"))
        membership_verbs = cue_words(cues.get("membership_verbs"))
        medal_verbs = cue_words(cues.get("medal_verbs"))
        club_verbs = marker_table(cues.get("club_verbs"))
        club_acting_verbs = marker_table(cues.get("club_acting_verbs"))
        leading_phrases = [p.split() for p in cue_words(cues.get("team_leading_phrases"))]

        def phrases(key: str, inflect: str) -> CuePhrases:
            return CuePhrases(nlp, cues.get(key), inflect=inflect)

        return cls(
            gazetteer=gazetteer,
            athlete_roles=athlete_roles,
            coach_roles=coach_roles,
            leader_roles=leader_roles,
            member_roles=member_roles,
            role_words=athlete_roles | coach_roles | leader_roles | member_roles,
            athlete_phrases=phrases("athlete_role_nouns", "last"),
            coach_phrases=phrases("coach_role_nouns", "last"),
            leader_phrases=phrases("leader_role_nouns", "last"),
            member_phrases=phrases("member_role_nouns", "last"),
            org_reference_nouns=cue_words(cues.get("org_reference_nouns")),
            kin_nouns=cue_words(cues.get("kin_nouns")),
            blood_kin_nouns=cue_words(cues.get("blood_kin_nouns")),
            compatriot_nouns=cue_words(cues.get("compatriot_nouns")),
            compatriot_phrases=phrases("compatriot_nouns", "last"),
            naming_verbs=cue_words(cues.get("role_naming_verbs")),
            ambiguous_practitioners=cue_words(cues.get("ambiguous_practitioner_nouns")),
            participation_verbs=participation_verbs,
            progress_verbs=cue_words(cues.get("progress_verbs")),
            stage_nouns=cue_words(cues.get("stage_nouns")),
            stage_phrases=phrases("stage_nouns", "last"),
            intention_words=cue_words(cues.get("intention_words")),
            venue_names={fold(w) for w in cues.get("venue_names", [])},
            venue_words={fold(w) for w in cues.get("venue_words", [])},
            record_verbs=cue_words(cues.get("record_verbs")),
            record_nouns=cue_words(cues.get("record_nouns")),
            participation_phrases=phrases("participation_verbs", "first"),
            membership_verbs=membership_verbs,
            departure_verbs=cue_words(cues.get("departure_verbs")),
            membership_phrases=phrases("membership_verbs", "first"),
            medal_verbs=medal_verbs,
            medal_phrases=phrases("medal_verbs", "first"),
            verb_forms=verb_forms(
                participation_verbs
                | membership_verbs
                | medal_verbs
                | set(club_verbs)
                | set(club_acting_verbs)
            ),
            regime_nouns=cue_words(cues.get("regime_nouns")),
            participation_nouns=cue_words(cues.get("participation_nouns")),
            participation_noun_phrases=phrases("participation_nouns", "last"),
            club_verbs=club_verbs,
            club_acting_verbs=club_acting_verbs,
            club_nouns=cue_words(cues.get("club_nouns")),
            club_tenure_nouns=cue_words(cues.get("club_tenure_nouns")),
            roster_nouns=cue_words(cues.get("team_nouns")) | cue_words(cues.get("group_nouns")),
            opponent_markers=marker_table(cues.get("opponent_markers")),
            future_opponent_words=cue_words(cues.get("future_opponent_words")),
            leading_phrases=leading_phrases,
            leading_starts={words[0] for words in leading_phrases},
        )

    def role_word(self, low: str) -> bool:
        """A role noun of any kind, or a practitioner noun that names a sport ("swimmer")."""
        return low in self.role_words or self.gazetteer.sport_of_practitioner(low) is not None


def marker_table(values: object) -> dict[str, tuple[str, ...]]:
    """A cue map lemma → prepositions, case folded."""
    if not isinstance(values, dict):
        return {}
    return {str(k).casefold(): tuple(str(m).casefold() for m in v) for k, v in values.items()}
