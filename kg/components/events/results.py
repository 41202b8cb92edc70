"""Medals a result gives with no medal word for the winner: "won the 200m butterfly title",
"finished third", podiums ("third behind A and B", "shared the bronze with B") and deciding
matches ("X beat Y in the final")."""

from __future__ import annotations

from spacy.tokens import Token

from kg.components.doc_data import subjects_of, verb_lemma
from kg.components.events import disciplines
from kg.components.events.disciplines import MEASURE
from kg.components.events.medals import clause_subjects, conj_keys, verb_award
from kg.components.events.rules import EventRules
from kg.components.events.state import RECIPIENT_CLASSES, Draft, EventState
from kg.components.events.syntax import clean, only_possible, prep_objects, words_before
from kg.components.events.titles import (
    awards_medals,
    championship_just_before,
    title_events,
    years_in,
)

ORDINAL_MEDALS = {"first": "gold", "second": "silver", "third": "bronze"}
#: a verb heading a clause of its own, not one that describes a name ("X, who won ...")
MAIN_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "parataxis"})
#: nouns that name an award whatever its metal
MEDAL_NOUNS = frozenset({"medal", "medallion"})
#: the dependencies by which a place hangs on "finished", "came", "was"
PLACE_DEPS = ("advmod", "npadvmod", "oprd", "dobj", "acomp", "attr")


def implied_awards(rules: EventRules, state: EventState) -> list[Draft]:
    """Medals the text gives without a medal word.

    "X won the men's 4x100m relay" / "won the 200m butterfly title" (gold),
    "the final was won by X" (gold), "finished third in the team event"
    (bronze). A clause that only says it might happen gives nothing.
    """
    doc = state.doc
    drafts = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or only_possible(rules, verb):
            continue
        lemma = verb_lemma(verb, rules.medal_verb_forms) or verb.lemma_.casefold()
        #: (medal, recipients, discipline) of each award the clause gives
        found: list[tuple[str, list[str], str | None]] = []
        #: the championships a title won names: "won the European indoor title"
        named: list[str] = []
        if lemma in ("win", "claim", "take", "clinch", "capture", "seal", "retain"):
            winners = state.keep(subjects_of(verb, state.index), RECIPIENT_CLASSES)
            for child in verb.children:
                # "X took second", "claimed third": a place taken
                if lemma in ("take", "claim") and child.dep_ in PLACE_DEPS and child.lower_ in ORDINAL_MEDALS:
                    discipline = disciplines.discipline(rules, state, verb, child)
                    found.append((ORDINAL_MEDALS[child.lower_], winners, discipline))
                # "won the 100m and 200m titles": each object joined to the first is won too
                objects = [child, *(c for c in child.conjuncts if c.pos_ in ("NOUN", "PROPN"))]
                for obj in objects if child.dep_ == "dobj" else []:
                    if obj.lemma_.casefold() in rules.contest_nouns:
                        # "his first Olympic titles over 1500m and 5,000m": a gold in each distance
                        after = state.doc[obj.i + 1 : max(obj.right_edge.i, verb.right_edge.i) + 1]
                        over = list(after) if len(after) and after[0].lower_ in ("over", "in") else []
                        each = disciplines.distances(over) if obj.tag_ == "NNS" else []
                        for distance in (
                            each if len(each) > 1 else [disciplines.contest_discipline(state, obj)]
                        ):
                            found.append(("gold", winners, distance))
                        if obj.lemma_.casefold() in ("title", "crown"):
                            left = [t for t in obj.subtree if t.i < obj.i]
                            left += [t for t in words_before(state, obj) if t not in left]
                            left += years_in(obj, verb)  # "won the world 10,000m title in 2001"
                            named += title_events(rules, state, sorted(left, key=lambda t: t.i))
                        continue
                    # "won the 60m at the European Indoor Championships": a race won at a championship
                    # ("won the women's 100m silver medal" is a medal word's, not a race won)
                    race = None if obj.lemma_.casefold() in MEDAL_NOUNS or rules.medal_of(obj) else _race(obj)
                    if race and _names_championship(rules, state, verb):
                        found.append(("gold", winners, race))
                if child.dep_ == "nsubjpass" and child.lemma_.casefold() in rules.contest_nouns:
                    by = state.keep(prep_objects(rules, state, verb, ("by",)), RECIPIENT_CLASSES)
                    found.append(("gold", by, disciplines.contest_discipline(state, child)))
            # "the title she won at the European Championships"
            if verb.dep_ == "relcl" and verb.head.lemma_.casefold() in ("title", "crown"):
                found.append(("gold", clause_subjects(state, verb), None))
        elif (
            lemma in ("finish", "come", "place")
            or lemma == "be"
            and any(t.lower_ == "behind" for t in doc[verb.i : verb.sent.end])
        ) and not _standings_finish(rules, verb):
            # "finished third", also when the parser hangs "third" on "behind"; "was third
            # behind X" (a place with no one ahead named is a standing, not a medal)
            for child in [
                *verb.children,
                *(g for c in verb.children if c.dep_ == "prep" for g in c.children),
            ]:
                ordinal = ORDINAL_MEDALS.get(child.lower_)
                if ordinal and child.dep_ in PLACE_DEPS:
                    recipients = state.keep(subjects_of(verb, state.index), RECIPIENT_CLASSES)
                    found.append((ordinal, recipients, disciplines.discipline(rules, state, verb, child)))
        for medal, recipients, discipline in _distinct(found):
            if not recipients:
                continue
            draft = verb_award(state, verb, medal, recipients, discipline)
            for event in named:
                draft.add("atEvent", event)
            if at_medal_event(rules, state, draft, verb):
                drafts.append(draft)
    return drafts


def victories(rules: EventRules, state: EventState) -> list[Draft]:
    """ "X's 800m victory at the 2002 European Championships": a person's win at a championship
    or Games is gold, in the discipline the win's own words name (cue `victory_nouns`)."""
    drafts = []
    for noun in state.doc:
        if noun.pos_ != "NOUN" or noun.lemma_.casefold() not in rules.victory_nouns:
            continue
        winners = [
            k
            for c in noun.children
            if c.dep_ == "poss"
            for k in state.keep(state.index.phrase_keys(c), ("Person", "Athlete"))
        ]
        events = [
            k
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in ("at", "in")
            for o in prep.children
            for k in state.index.phrase_keys(o)
            if k.startswith("SportingEvent:") and awards_medals(rules, state, k)
        ]
        if not winners or not events:
            continue
        sports = [t for t in noun.lefts if t.dep_ != "poss" and state.index.keys(t, ("Sport",))]
        draft = Draft("MedalAward", state.sentence(noun), [noun.i], 0.7, implied=True)
        draft.add("medal", "gold")
        for key in winners:
            draft.add("recipient", key)
        draft.add("atEvent", events[0])
        if sports:
            draft.add("discipline", clean(state.doc[sports[0].left_edge.i : sports[-1].i + 1]))
        drafts.append(draft)
    return drafts


def final_winners(rules: EventRules, state: EventState) -> list[Draft]:
    """ "finished behind winner X in the Olympic 5,000m final", "X was the winner of the final at
    the World Championships": the winner of a final at a championship or Games won gold."""
    drafts = []
    for noun in state.doc:
        if noun.lemma_.casefold() != "winner" or noun.tag_ != "NN":
            continue
        sentence = noun.sent
        final = next((t for t in sentence if t.lower_ == "final"), None)
        if final is None:
            continue
        winners = [k for c in noun.children if c.dep_ == "appos" for k in state.index.phrase_keys(c)]
        if noun.dep_ in ("compound", "nmod", "amod"):  # "winner X"
            winners += state.index.phrase_keys(noun.head)
        if noun.dep_ == "attr" and noun.head.pos_ in ("VERB", "AUX"):  # "X was the winner of ..."
            winners += subjects_of(noun.head, state.index)
        winners = state.keep(winners, ("Person", "Athlete", "Team", "Nation"))
        events = [
            k
            for k in dict.fromkeys(k for t in sentence for k in state.index.keys(t, ("SportingEvent",)))
            if awards_medals(rules, state, k)
        ] or title_events(rules, state, words_before(state, final))
        if not events:  # the championship the story told just before ("... began in Athens")
            before = championship_just_before(rules, state, state.sentence(noun), named_only=True)
            events = [before] if before else []
        if not winners or len(events) != 1:
            continue
        draft = Draft("MedalAward", state.sentence(noun), [noun.i], 0.7, implied=True)
        draft.add("medal", "gold")
        for key in winners:
            draft.add("recipient", key)
        draft.add("atEvent", events[0])
        discipline = disciplines.final_discipline(state, final)
        if discipline:
            draft.add("discipline", discipline)
        drafts.append(draft)
    return drafts


def _distinct(
    found: list[tuple[str, list[str], str | None]],
) -> list[tuple[str, list[str], str | None]]:
    """Awards of one clause, each (medal, discipline) once, the last reading of it kept: "won the
    100m and 200m titles" is two."""
    seen: dict[tuple[str, str | None], tuple[str, list[str], str | None]] = {}
    for medal, recipients, discipline in found:
        seen[medal, discipline] = (medal, recipients, discipline)
    return list(seen.values())


def runners_up(rules: EventRules, state: EventState) -> list[Draft]:
    """ "X was runner-up to Y at the European Championships": silver for X and gold for Y, at a
    championship the clause names (a marathon runner-up won no medal)."""
    drafts = []
    for up in state.doc:
        named = up.lower_ == "runner-up" or (
            up.lower_ == "up" and any(c.lower_ == "runner" for c in up.children)
        )
        if not named or up.dep_ not in ("attr", "oprd", "acomp", "dobj"):
            continue
        verb = up.head
        if verb.pos_ not in ("VERB", "AUX") or only_possible(rules, verb):
            continue
        events = [e for e in _clause_events(state, verb) if awards_medals(rules, state, e)]
        if not events:
            continue
        runners = state.keep(subjects_of(verb, state.index), RECIPIENT_CLASSES)
        winners = state.keep(
            prep_objects(rules, state, up, ("to",)) + prep_objects(rules, state, verb, ("to",)),
            RECIPIENT_CLASSES,
        )
        for medal, keys in (("silver", runners), ("gold", winners)):
            if keys:
                draft = verb_award(state, verb, medal, keys, None)
                for event in events:
                    draft.add("atEvent", event)
                drafts.append(draft)
    return drafts


def _race(noun: Token) -> str | None:
    """ "60m", "the 3,000m", "the 60 m": a distance run, as written (no space the text lacks)."""
    doc = noun.doc
    distance = MEASURE.match(noun.lower_)
    if distance and distance.group("unit") in ("m", "km"):
        return noun.text
    numbers = [c for c in noun.children if c.dep_ == "nummod" and c.i == noun.i - 1]
    if noun.lower_ in ("m", "km", "metres", "metre") and numbers:
        return doc.text[numbers[0].idx : noun.idx + len(noun.text)]
    # "the 60m hurdles", "the 3,000m steeplechase": a distance before the race's own noun
    for child in noun.lefts:
        if child.dep_ in ("compound", "nmod", "amod") and _race(child):
            return doc.text[child.left_edge.idx : noun.idx + len(noun.text)]
    return None


def _clause_events(state: EventState, verb: Token) -> list[str]:
    """The sporting events a clause names, anywhere under its verb."""
    return [k for t in verb.subtree for k in state.index.keys(t) if k.startswith("SportingEvent:")]


def _names_championship(rules: EventRules, state: EventState, verb: Token) -> bool:
    """The clause names an event that awards medals ("at the World Championships")."""
    return any(awards_medals(rules, state, event) for event in _clause_events(state, verb))


def at_medal_event(rules: EventRules, state: EventState, draft: Draft, verb: Token | None = None) -> bool:
    """An award at a championship or Games, or at no event the clause of `verb` (if given) or the
    award names: "claiming his third US Open crown", "lost to Y in the final of the Qatar Open" are
    no medals (a tournament)."""
    named = draft.roles.get("atEvent", []) + (_clause_events(state, verb) if verb is not None else [])
    return not named or any(awards_medals(rules, state, event) for event in named)


#: the medals of those who finished ahead of a silver or a bronze, in order
ABOVE = {"silver": ["gold"], "bronze": ["gold", "silver"]}


def podium(rules: EventRules, state: EventState) -> list[Draft]:
    """Medals a sentence gives to others than its subject.

    "X finished third behind winners A and runners-up B" (A gold, B silver);
    "X shared the bronze with B"; "the IBU reallocated the bronze to B"; "X beat
    B into silver". A clause that only says it might happen gives nothing.
    """
    drafts = []
    for verb in state.doc:
        if verb.pos_ not in ("VERB", "AUX") or only_possible(rules, verb):
            continue
        lemma = verb.lemma_.casefold()
        given: list[tuple[str, list[str]]] = []
        if lemma in ("finish", "come", "place", "be") and not _standings_finish(rules, verb):
            rank = next(
                (
                    ORDINAL_MEDALS[c.lower_]
                    for c in [*verb.children, *(g for c in verb.children for g in c.children)]
                    if c.lower_ in ORDINAL_MEDALS and c.dep_ in PLACE_DEPS
                ),
                None,
            )
            above = ABOVE.get(rank or "", [])
            # fewer ahead: fewer medals; "finished second to X": X won
            ahead = _ahead(state, verb) or state.keep(
                prep_objects(rules, state, verb, ("to",)), RECIPIENT_CLASSES
            )
            given += list(zip(above, [[k] for k in ahead], strict=False))
        given += _with_in_place(state, verb)
        medal_objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and rules.medal_of(c)]
        medal = rules.medal_of(medal_objects[0]) if medal_objects else None
        if medal in ABOVE and verb_lemma(verb, rules.medal_verb_forms) is not None:
            # "took silver behind X": X won gold
            given += list(zip(ABOVE[medal], [[k] for k in _ahead(state, verb)], strict=False))
        if medal and lemma == "share":
            given.append((medal, state.keep(prep_objects(rules, state, verb, ("with",)), RECIPIENT_CLASSES)))
        if medal and lemma in rules.medal_transfer_verbs:
            given.append((medal, state.keep(prep_objects(rules, state, verb, ("to",)), RECIPIENT_CLASSES)))
        if lemma in rules.victory_verbs:
            into = next(
                (
                    rules.medal_of(o) or ORDINAL_MEDALS.get(o.lower_)
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ == "into"
                    for o in p.children
                    if rules.medal_of(o) or o.lower_ in ORDINAL_MEDALS
                ),
                None,
            )
            if into:
                beaten = [k for c in verb.children if c.dep_ == "dobj" for k in state.index.phrase_keys(c)]
                given.append((into, state.keep(beaten, RECIPIENT_CLASSES)))
        drafts += [verb_award(state, verb, m, keys, None) for m, keys in given if keys]
    return drafts


def _with_in_place(state: EventState, verb: Token) -> list[tuple[str, list[str]]]:
    """ "..., with Y in third": the one named after "with", and the place right after them."""
    given = []
    preps = [c for c in verb.children if c.dep_ == "prep"]
    for with_ in (p for p in preps if p.lower_ == "with"):
        for named in (o for o in with_.children if o.dep_ == "pobj"):
            place = next(
                (
                    ORDINAL_MEDALS[o.lower_]
                    for p in [*preps, *named.children]
                    if p.lower_ == "in" and p.i == named.right_edge.i + 1
                    for o in p.children
                    if o.lower_ in ORDINAL_MEDALS
                ),
                None,
            )
            if place:
                given.append((place, state.keep(state.index.phrase_keys(named), RECIPIENT_CLASSES)))
    return given


def _ahead(state: EventState, verb: Token) -> list[str]:
    """Who finished ahead, in order: the names after "behind" ("behind winners the United
    States and runners-up Jamaica", "behind American X, who won ..., and Frenchman Y").

    Read from the mentions, since such lists rarely parse; a nation that only describes the
    next name ("American X", "Japan's X") is skipped.
    """
    doc, index = state.doc, state.index
    sent = verb.sent
    behind = next((t for t in doc[verb.i : sent.end] if t.lower_ == "behind"), None)
    if behind is None:
        return []
    found: list[str] = []
    i = behind.i + 1
    while i < sent.end:
        # a main clause after the list ("..., and Y said: ...") names no one ahead
        if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ in MAIN_CLAUSE_DEPS and doc[i] is not verb:
            break
        keys = state.keep(index.keys(doc[i]), RECIPIENT_CLASSES)
        if not keys:
            i += 1
            continue
        mention = next(m for m in index.at(doc[i]) if set(keys) & set(m["keys"]))
        end = mention["end"]
        nxt = doc[end] if end < sent.end else None
        describes = nxt is not None and (
            nxt.lower_ in ("'s", "’s") or index.keys(nxt, ("Person", "Athlete", "Team"))
        )
        if not (index.cls_of(keys[0]) == "Nation" and describes):
            found += [k for k in keys if k not in found]
        i = max(end, i + 1)
    return found


def match_results(rules: EventRules, state: EventState) -> list[Draft]:
    """Medals a deciding match gives: "X beat Y in the final" (X gold, Y silver), "X lost the
    final to Y" (X silver, Y gold), "X beat Y in the match for bronze" (X bronze).
    """
    drafts = []
    for verb in state.doc:
        if verb.pos_ != "VERB" or only_possible(rules, verb):
            continue
        lemma = verb.lemma_.casefold()
        won = lemma in rules.victory_verbs
        if not won and lemma != "lose":
            continue
        match = next((m for m in _match_nouns(rules, state, verb)), None)
        if match is None:
            continue
        at_stake = next(
            (
                rules.medal_words[o.lower_]
                for p in match.children
                if p.dep_ == "prep" and p.lower_ == "for"
                for o in p.children
                if o.lower_ in rules.medal_words
            ),
            "gold",
        )
        subjects = state.keep(subjects_of(verb, state.index), RECIPIENT_CLASSES)
        if won:
            others = [
                k
                for c in verb.children
                if c.dep_ == "dobj"
                for k in state.keep(state.index.phrase_keys(c), RECIPIENT_CLASSES)
                + conj_keys(rules, state, c)
            ]
        else:
            others = state.keep(prep_objects(rules, state, verb, ("to", "against")), RECIPIENT_CLASSES)
        winners, losers = (subjects, others) if won else (others, subjects)
        outcomes = [(at_stake, winners)]
        if at_stake == "gold":
            outcomes.append(("silver", losers))
        discipline = disciplines.final_discipline(state, match) if match.lower_ == "final" else None
        # "In the women's foil, X lost the final to Y"
        discipline = discipline or next(
            (
                clean(state.doc[o.left_edge.i : o.right_edge.i + 1])
                for p in verb.children
                if p.dep_ == "prep" and p.lower_ == "in"
                for o in p.children
                if o.dep_ == "pobj" and o != match and not state.index.keys(o) and o.pos_ == "NOUN"
            ),
            None,
        )
        awards = [verb_award(state, verb, medal, keys, discipline) for medal, keys in outcomes if keys]
        drafts += [draft for draft in awards if at_medal_event(rules, state, draft, verb)]
    return drafts


def _match_nouns(rules: EventRules, state: EventState, verb: Token) -> list[Token]:
    """The deciding match of a verb: "(lost) the final", "in the final", "in the match for bronze"."""
    found = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.casefold() == "final"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "for"):
            for noun in prep.children:
                if noun.dep_ != "pobj":
                    continue
                if noun.lemma_.casefold() == "final":
                    found.append(noun)
                elif any(
                    o.lower_ in rules.medal_words
                    for p in noun.children
                    if p.dep_ == "prep" and p.lower_ == "for"
                    for o in p.children
                ):
                    found.append(noun)  # "in the match for bronze", "in the play-off for bronze"
    if not found:
        # scores confuse the parser ("beat X 15-11 in the men's épée final"): the word will do
        doc = state.doc
        for tok in doc[verb.i + 1 : min(verb.i + 14, verb.sent.end)]:
            if tok.pos_ in ("VERB", "AUX") or tok.text in (";", ":"):
                break
            if tok.lower_ == "final" and not doc[tok.i - 1].lower_.endswith(("semi", "quarter", "-")):
                found.append(tok)
                break
    return found


def _standings_finish(rules: EventRules, verb: Token) -> bool:
    """ "finished third in the league / in her heat": a place in standings or a round, not a medal."""
    return any(
        (o.lemma_.casefold() in rules.standings_nouns or bool(rules.standings_phrases.ending_at(o)))
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in ("in", "of")
        for o in p.children
        if o.dep_ == "pobj"
    )
