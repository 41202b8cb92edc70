"""The cue lists and settings kg_events reads, compiled once when the component is built.

One-token entries are case-folded sets met by a token's lemma or form; the
entries of several tokens, which no one-token lookup can meet, are `CuePhrases`
matchers (kg/components/cues.py). Sanction nouns, phrasal sanctions and
discipline words, which are mostly phrases, have PhraseMatchers of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Token

from kg.components.cues import CuePhrases
from kg.components.doc_data import cue_words, fold, role_nouns, verb_forms
from kg.components.events.state import Draft
from kg.gazetteer import Gazetteer

#: what a sentence calls a sanction it told before ("the punishment", "action")
GENERIC_TYPES = {
    "punishment",
    "punishments",
    "sanction",
    "sanctions",
    "penalty",
    "penalties",
    "action",
}


@dataclass(frozen=True)
class EventRules:
    gazetteer: Gazetteer
    #: the confidence of a role only the story's context supplies (less 0.2 or 0.1 more)
    context_confidence: float
    # medals
    medal_words: dict[str, str]
    #: "golden" in "a golden double": the medal an adjective makes of a count noun
    counted_medal_adjectives: dict[str, str]
    #: "defending" in "defending 60m champion": a title the story's championship put at stake
    title_defence_words: set[str]
    medal_verb_forms: dict[str, str]
    medal_verb_phrases: CuePhrases
    #: "world" → "World Championships": title words that name a championship awarding medals
    championship_titles: dict[str, str]
    contest_nouns: set[str]
    standings_nouns: set[str]
    standings_phrases: CuePhrases
    victory_verbs: set[str]
    medal_transfer_verbs: set[str]
    # disciplines
    discipline_matcher: PhraseMatcher
    discipline_gender: set[str]
    discipline_generic: set[str]
    discipline_weak: set[str]
    measure_units: set[str]
    race_segment_words: set[str]
    discipline_dropped: set[str]
    # sanctions
    noun_matcher: PhraseMatcher
    phrase_matcher: PhraseMatcher
    phrase_types: dict[str, str | None]
    weak_matcher: PhraseMatcher
    punishment_verbs: dict[str, str]
    punishment_verb_forms: dict[str, str]
    #: "strip": verbs whose "of" object is a medal its holder had won
    strip_verbs: set[str]
    #: preposition → verbs whose object it sanctions: "subjected X to", "issued X with"
    sentencing_verbs: dict[str, set[str]]
    giving_verbs: set[str]
    giving_phrases: CuePhrases
    request_verbs: set[str]
    #: "miss", "serve", "sit out": a sanction these govern is being served, whatever the tense
    serving_verbs: set[str]
    serving_phrases: CuePhrases
    pending_sanctions: set[str]
    #: what a fine or a deduction takes, named by its noun: "fined his match fee", "docked points"
    sanction_amount_nouns: set[str]
    #: what a ban keeps a player out of, which a "for" names as it would a reason: "for the final"
    fixture_nouns: set[str]
    #: sanctions only a sport's bodies and officials impose, never a state: "ban", "red card"
    sporting_sanctions: set[str]
    #: sanctions that are also the plain outcome of a season: "were relegated" is one only with a
    #: reason or a body that imposed it
    outcome_sanctions: set[str]
    #: words of motion after a sanction verb that make it a verb of play: "fired into the net"
    motion_words: set[str]
    except_words: set[str]
    seeding_words: set[str]
    #: "fired up": particles that make a sanction verb one of play or mood
    play_particles: set[str]
    #: "fired 19 aces": a shot or ball as object makes a sanction verb one of play
    play_objects: set[str]
    #: "ousted the seventh seed 6-1": sanction verbs that also tell a rival beaten
    rival_beating_verbs: set[str]
    #: "hopes to", "his bid to": what someone means to do, which has not happened
    intention_words: set[str]
    #: "yellow card" → the sports it is a sanction in (a booking elsewhere)
    sport_bound: dict[str, set[str]]
    #: "squad", "line-up": what a player left out is left out of (cues team_nouns, lineup_nouns)
    lineup_nouns: set[str]
    #: "tennis", "golf": sports whose "Championships" are tournaments without medals
    tournament_sports: set[str]
    #: "coach", "chairman": who is sacked rather than beaten
    staff_nouns: set[str]
    #: "several clubs", "other players": people a sanction is told of in general, no one named
    indefinite_quantifiers: set[str]
    #: the steps of a case ("after a hearing"), which a reason marker may name instead of an offence
    procedure_nouns: set[str]
    #: "sent off for two cautions": counted offences, a reason and never a ban's length
    offence_count_nouns: set[str]
    #: "the tribunal cleared X of doping": a charge that does not stand, told from the judge's side
    charge_clearing_verbs: set[str]
    #: sanctions an official gives in play, each for its own foul: "red card", "sin-bin"
    in_match_sanctions: set[str]
    #: "could lose all her medals": verbs and the things they may take away as a sanction
    forfeit_verbs: set[str]
    forfeit_objects: set[str]
    in_play_words: set[str]
    lifting_verbs: set[str]
    in_play_phrases: CuePhrases
    # targets
    people_nouns: set[str]
    #: a competitor's nouns (cue athlete_role_nouns: "champion", "medallist"): never a discipline's words
    athlete_nouns: set[str]
    org_reference_nouns: set[str]
    non_referent_nouns: set[str]
    non_referent_phrases: CuePhrases
    number_words: dict[str, int]
    title_multipliers: dict[str, int]
    medal_motion_verbs: set[str]
    victory_nouns: set[str]
    # status, reason, announcer, reporters
    possibility: set[str]
    possibility_phrases: CuePhrases
    denial: set[str]
    denial_phrases: CuePhrases
    reason_markers: set[str]
    reason_phrases: CuePhrases
    charge_markers: set[str]
    #: "a charge of misconduct": a sanction only with a determiner and its offence
    offence_sanction_nouns: set[str]
    #: "his tackle earned him a ban": the indirect object is sanctioned, the subject is why
    earning_verbs: set[str]
    #: "escaped a ban": a sanction these take as object was not given
    escaping_verbs: set[str]
    #: "was cited": verbs that sanction only in the passive
    passive_verbs: set[str]
    action_words: set[str]
    criminal_words: set[str]
    plea_verbs: set[str]
    belief_words: set[str]
    non_sanction_actions: set[str]
    attribution_verbs: set[str]
    attribution_phrases: list[str]
    attribution_matcher: CuePhrases
    outlet_nouns: set[str]
    outlet_phrases: CuePhrases
    #: "the case", "the ban": what a sentence reporting a sanction calls it
    case_nouns: set[str]

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer, nlp: Language, context_confidence: float) -> EventRules:
        cues = gazetteer.cues
        medal_words: dict[str, str] = {}
        for medal, words in (cues.get("medal_words") or {}).items():
            for word in words:
                medal_words[str(word).casefold()] = medal
        for medal in ("gold", "silver", "bronze"):
            medal_words.setdefault(medal, medal)
        punishment_verbs = {
            str(k).casefold(): str(v) for k, v in (cues.get("punishment_verbs") or {}).items()
        }
        sentencing_verbs: dict[str, set[str]] = {}
        for verb, preps in (cues.get("sanction_object_verbs") or {}).items():
            for prep in preps:
                sentencing_verbs.setdefault(prep, set()).add(verb)
        possibility = cue_words(cues.get("possibility_cues"))
        attribution_phrases = [p.casefold() for p in cues.get("attribution_phrases") or []]

        def matcher(label: str, phrases: list[str]) -> PhraseMatcher:
            compiled = PhraseMatcher(nlp.vocab, attr="LOWER")
            compiled.add(label, [nlp.make_doc(p) for p in phrases])
            return compiled

        def phrases(key: str, inflect: str | None = None) -> CuePhrases:
            return CuePhrases(nlp, cues.get(key), inflect=inflect)

        phrase_types: dict[str, str | None] = {}
        phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, kind in (cues.get("phrasal_punishments") or {}).items():
            if kind:
                phrase_types[str(phrase).casefold()] = str(kind)
                phrase_matcher.add("PHRASE", [nlp.make_doc(str(phrase))])
        nouns = [str(n) for n in cues.get("punishment_nouns") or []]
        nouns += [str(n) for n in cues.get("offence_sanction_nouns") or []]
        weak = [p for p in possibility if " " in p and p.startswith("under ")]
        return cls(
            gazetteer=gazetteer,
            context_confidence=context_confidence,
            medal_words=medal_words,
            title_defence_words=cue_words(cues.get("title_defence_words")),
            counted_medal_adjectives={
                str(k).casefold(): str(v) for k, v in (cues.get("counted_medal_adjectives") or {}).items()
            },
            medal_verb_forms=verb_forms(cue_words(cues.get("medal_verbs"))),
            medal_verb_phrases=phrases("medal_verbs", "first"),
            championship_titles={
                str(k).casefold(): str(v) for k, v in (cues.get("championship_titles") or {}).items()
            },
            contest_nouns=cue_words(cues.get("contest_nouns")),
            standings_nouns=cue_words(cues.get("standings_nouns")),
            standings_phrases=phrases("standings_nouns", "last"),
            victory_verbs=cue_words(cues.get("victory_verbs")),
            medal_transfer_verbs=cue_words(cues.get("medal_transfer_verbs")),
            discipline_matcher=matcher("DISCIPLINE", [str(w) for w in cues.get("discipline_words") or []]),
            discipline_gender=cue_words(cues.get("discipline_gender_words")),
            discipline_generic=cue_words(cues.get("discipline_generic_words")),
            discipline_weak=cue_words(cues.get("discipline_weak_words")),
            measure_units=cue_words(cues.get("measure_units")),
            race_segment_words=cue_words(cues.get("race_segment_words")),
            discipline_dropped=cue_words(cues.get("discipline_dropped_words")),
            noun_matcher=matcher("PUNISHMENT", [v for n in nouns for v in plurals(n)]),
            phrase_matcher=phrase_matcher,
            phrase_types=phrase_types,
            weak_matcher=matcher("WEAK", weak or ["under scrutiny"]),
            punishment_verbs=punishment_verbs,
            punishment_verb_forms=verb_forms(punishment_verbs),
            strip_verbs={v for v, kind in punishment_verbs.items() if kind == "stripped of medal"},
            sentencing_verbs=sentencing_verbs,
            giving_verbs=cue_words(cues.get("sanction_giving_verbs")),
            giving_phrases=phrases("sanction_giving_verbs", "first"),
            request_verbs=cue_words(cues.get("sanction_request_verbs")),
            serving_verbs=cue_words(cues.get("serving_verbs")),
            serving_phrases=phrases("serving_verbs", "first"),
            pending_sanctions={fold(w) for w in cues.get("pending_sanction_nouns", [])},
            sanction_amount_nouns={fold(w) for w in cues.get("sanction_amount_nouns", [])},
            fixture_nouns={fold(w) for w in cues.get("fixture_nouns", [])},
            sporting_sanctions={fold(w) for w in cues.get("sporting_sanctions", [])},
            outcome_sanctions={fold(w) for w in cues.get("outcome_sanctions", [])},
            motion_words={fold(w) for w in cues.get("motion_words", [])},
            except_words={fold(w) for w in cues.get("except_words", [])},
            seeding_words={fold(w) for w in cues.get("seeding_words", [])},
            play_particles=cue_words(cues.get("play_particles")),
            play_objects=cue_words(cues.get("play_objects")),
            rival_beating_verbs=cue_words(cues.get("rival_beating_verbs")),
            intention_words=cue_words(cues.get("intention_words")),
            sport_bound={
                fold(k): {fold(s) for s in v} for k, v in (cues.get("sport_bound_sanctions") or {}).items()
            },
            lineup_nouns=cue_words(cues.get("lineup_nouns")) | cue_words(cues.get("team_nouns")),
            tournament_sports=cue_words(cues.get("tournament_sports")),
            staff_nouns=cue_words(cues.get("coach_role_nouns")) | cue_words(cues.get("leader_role_nouns")),
            indefinite_quantifiers={fold(w) for w in cues.get("indefinite_quantifiers", [])},
            procedure_nouns={fold(w) for w in cues.get("procedure_nouns", [])},
            offence_count_nouns={fold(w) for w in cues.get("offence_count_nouns", [])},
            charge_clearing_verbs={fold(w) for w in cues.get("charge_clearing_verbs", [])},
            in_match_sanctions={fold(w) for w in cues.get("in_match_sanctions", [])},
            forfeit_verbs={fold(w) for w in cues.get("forfeit_verbs", [])},
            forfeit_objects={fold(w) for w in cues.get("forfeit_objects", [])},
            in_play_words=cue_words(cues.get("in_play_words")),
            lifting_verbs=cue_words(cues.get("sanction_lifting_verbs")),
            in_play_phrases=phrases("in_play_words", "last"),
            people_nouns=(
                role_nouns(cues)
                | cue_words(cues.get("person_nouns"))
                | cue_words(cues.get("team_nouns"))
                | cue_words(cues.get("group_nouns"))
                | cue_words(cues.get("org_reference_nouns"))
                | cue_words(cues.get("club_nouns"))
            ),
            athlete_nouns=cue_words(cues.get("athlete_role_nouns")),
            org_reference_nouns=cue_words(cues.get("org_reference_nouns")),
            non_referent_nouns=cue_words(cues.get("non_referent_nouns")),
            non_referent_phrases=phrases("non_referent_nouns", "last"),
            number_words={str(k).casefold(): int(v) for k, v in (cues.get("number_words") or {}).items()},
            medal_motion_verbs=cue_words(cues.get("medal_motion_verbs")),
            victory_nouns=cue_words(cues.get("victory_nouns")),
            title_multipliers={
                str(k).casefold(): int(v) for k, v in (cues.get("title_multipliers") or {}).items()
            },
            possibility=possibility,
            possibility_phrases=phrases("possibility_cues"),
            denial=cue_words(cues.get("denial_cues")),
            denial_phrases=phrases("denial_cues"),
            reason_markers=cue_words(cues.get("reason_markers")) or {"for", "over", "after", "following"},
            reason_phrases=phrases("reason_markers"),
            charge_markers=cue_words(cues.get("charge_markers")),
            offence_sanction_nouns=cue_words(cues.get("offence_sanction_nouns")),
            earning_verbs=cue_words(cues.get("sanction_earning_verbs")),
            escaping_verbs=cue_words(cues.get("sanction_escaping_verbs")),
            passive_verbs=cue_words(cues.get("passive_punishment_verbs")),
            action_words=cue_words(cues.get("action_words")),
            criminal_words=cue_words(cues.get("criminal_words")),
            plea_verbs=cue_words(cues.get("plea_verbs")),
            belief_words=cue_words(cues.get("belief_words")),
            non_sanction_actions=cue_words(cues.get("non_sanction_actions")),
            attribution_verbs=cue_words(cues.get("attribution_verbs")),
            attribution_phrases=attribution_phrases,
            attribution_matcher=CuePhrases(nlp, attribution_phrases),
            outlet_nouns=cue_words(cues.get("outlet_nouns")),
            outlet_phrases=phrases("outlet_nouns", "last"),
            case_nouns=(
                cue_words(cues.get("case_nouns"))
                | GENERIC_TYPES
                | {w for w in cue_words(cues.get("punishment_nouns")) if " " not in w}
            ),
        )

    def pending(self, kind: str) -> bool:
        """A charge, an indictment, a trial: a step towards a sanction (cue pending_sanction_nouns),
        whatever words qualify it ("federal indictment", "criminal charges")."""
        words = kind.split()
        return bool(words) and (
            kind in self.pending_sanctions
            or words[-1] in self.pending_sanctions
            or words[-1].removesuffix("s") in self.pending_sanctions
        )

    def medal_of(self, token: Token) -> str | None:
        """The medal a word names: "gold", "silver-medal" (a medal word before a hyphen)."""
        low = token.lower_
        return self.medal_words.get(low) or next(
            (m for w, m in self.medal_words.items() if " " not in w and low.startswith(w + "-")),
            None,
        )

    def only_an_outcome(self, draft: Draft) -> bool:
        """ "the side were relegated from the Premiership": a sanction word that, with no reason and
        no body imposing it, tells how a season ended."""
        return (
            draft.type == "Punishment"
            and bool(set(draft.kind.split()) & self.outcome_sanctions)
            and not draft.roles.get("reason")
            and not draft.roles.get("imposedBy")
        )


def plurals(noun: str) -> list[str]:
    """A sanction noun and its plural: the noun matcher meets "bans" and "penalties" too."""
    if noun.endswith(("s", "sh", "ch")):
        return [noun, noun + "es"]
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")):
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]
