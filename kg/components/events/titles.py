"""Titles: "World and Commonwealth 100m champion X", "Athens Olympic 100m silver medallist X",
"X, the European 1500m champion" give X a medal at each championship the title names."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Token

from kg.components.doc_data import (
    PRONOUN_GENDER,
    add_entity,
    apposed_name,
    entities,
    first_name_gender,
    fold,
    publication_year,
)
from kg.components.events import disciplines
from kg.components.events.medals import conj_keys, multiplier
from kg.components.events.rules import EventRules
from kg.components.events.state import Draft, EventState
from kg.components.events.syntax import words_before
from kg.gazetteer import event_key

#: a year in a title's words: "the 2000 Olympic champion"
YEAR = re.compile(r"^(1[89]|20)\d\d$")


def title_awards(rules: EventRules, state: EventState) -> list[Draft]:
    """Medals a title before or beside a name gives: "World and Commonwealth 100m champion X"
    (gold at each), "Sydney Olympic 200m champion X", "X, the European 1500m champion",
    "Athens Olympic 100m silver medallist X". Only a championship that awards medals counts
    (cue `championship_titles`: a "Wimbledon champion" won a tournament, not a medal)."""
    drafts = []
    for noun in state.doc:
        medal = _title_medal(rules, noun)
        if medal is None:
            continue
        holders = _title_holders(rules, state, noun)
        if not holders:
            continue
        left = [t for t in noun.subtree if t.i < noun.i]
        # "Sydney Olympic 100m champion X": the parser may hang the Games on the name instead
        left += [t for t in words_before(state, noun) if t not in left]
        # "the former world junior champion" in a tennis story: a ranking, no medal ("Olympic" is)
        worded = {t.lower_ for t in left if rules.championship_titles.get(t.lower_)}
        if worded == {"world"} and _tournament_story(rules, state):
            continue
        events = title_events(rules, state, sorted(left, key=lambda t: t.i))
        discipline = disciplines.discipline(rules, state, noun, noun)
        just_before = {t.lower_ for t in state.doc[max(noun.sent.start, noun.i - 4) : noun.i]}
        if not events and just_before & rules.title_defence_words:
            # "Defending 60m champion X" in a story about a championship: that championship's
            # title, won at its last edition
            events = _story_championship(rules, state)
        named_discipline = disciplines.names_discipline(rules, state, left)
        if not events and named_discipline and not _scoped(rules, state, left):
            # "... a crop of Olympic talent. Britain's 800m and 1500m champion X is running":
            # a title of disciplines alone holds at the championship told just before
            before = championship_just_before(rules, state, state.sentence(noun))
            events = [before] if before else []
        if not events:
            continue
        # "double Olympic champion X": two golds (one holder: a count over several is ambiguous);
        # "four-time world 1500m champion X" is one award: one per recipient and discipline
        count = multiplier(rules, noun) if len(holders) == 1 and not named_discipline else 1
        # "800m and 1500m champion": a gold in each distance
        distances = disciplines.distances(left)
        named = distances if len(distances) > 1 and count == 1 else [discipline]
        for event in events:
            for copy, (_, each) in enumerate((n, d) for n in range(count) for d in named):
                draft = Draft("MedalAward", state.sentence(noun), [noun.i], 0.7, copy=copy)
                draft.add("medal", medal)
                for key in holders:
                    draft.add("recipient", key)
                draft.add("atEvent", event)
                if each:
                    draft.add("discipline", each)
                drafts.append(draft)
    return drafts


def _story_championship(rules: EventRules, state: EventState) -> list[str]:
    """The championship the story names in the most sentences, if it names one that awards medals."""
    counts = Counter(
        key
        for sentence in state.sentences
        for key in {k for t in sentence for k in state.index.keys(t, ("SportingEvent",))}
        if awards_medals(rules, state, key)
    )
    if not counts:
        return []
    # the series, not the edition the story looks ahead to: the title was won at an earlier one
    event = counts.most_common(1)[0][0]
    series = entities(state.doc)[event].get("attrs", {}).get("series")
    if not series:
        return [event]
    return [add_entity(state.doc, event_key(series), "SportingEvent", series, attrs={"series": series})]


def _scoped(rules: EventRules, state: EventState, left: list[Token]) -> bool:
    """Whether a title's words name what it was won at: an event, a championship word
    ("world"), or a nation's adjective ("British 60m champion": the national championships)."""
    return any(
        rules.championship_titles.get(t.lower_)
        or state.index.keys(t, ("SportingEvent", "Organization"))
        or t.pos_ == "ADJ"
        and state.index.keys(t, ("Nation",))
        or t.lower_ in ("national", "junior", "indoor", "schools", "county", "club", "youth")
        for t in left
    )


def _tournament_story(rules: EventRules, state: EventState) -> bool:
    """A story whose sports (those it names, else those of its named series) are all played in
    tournaments (cue `tournament_sports`): a "world champion" there holds a ranking or a tour
    title, not a championship's medal."""
    table = entities(state.doc).values()
    sports = {fold(e["label"]) for e in table if e["cls"] == "Sport"}
    if not sports:  # the sports of the story's named series: the Australian Open's tennis
        for entry in table:
            series = rules.gazetteer.series(entry.get("attrs", {}).get("series") or "")
            if entry["cls"] == "SportingEvent" and series is not None and series.sport:
                sports.add(fold(series.sport))
    return bool(sports) and sports <= rules.tournament_sports


def _title_medal(rules: EventRules, noun: Token) -> str | None:
    """ "champion" is gold; "silver medallist" is silver (a medal word right before it)."""
    lemma = noun.lemma_.casefold()
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if lemma in ("champion", "champ"):
        return "gold"
    if lemma in ("medallist", "medalist") and noun.i > 0:
        return rules.medal_words.get(noun.doc[noun.i - 1].lower_.split("-")[0])
    return None


def _title_holders(rules: EventRules, state: EventState, noun: Token) -> list[str]:
    """The people a title describes: the name it stands before, beside or after "is"."""
    candidates = []
    if noun.dep_ in ("compound", "nmod", "amod", "appos"):
        candidates.append(noun.head)
    candidates += [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        candidates += [c for c in noun.head.children if c.dep_ == "nsubj"]
    keys: list[str] = []
    plural = noun.tag_ in ("NNS", "NNPS") or noun.lower_.endswith("s")
    following = noun.doc[noun.i + 1] if noun.i + 1 < noun.sent.end else None
    if not plural and following is not None and state.index.keys(following, ("Person", "Athlete")):
        return state.index.keys(following, ("Person", "Athlete"))[:1]  # "silver medallist X", however parsed
    if noun.dep_ == "appos" and noun.tag_ == "NN":
        # "A, B and C, the world bronze medallist", "A, the Olympic champion, and B": one title,
        # the name just before it
        named = apposed_name(noun)
        return state.keep(state.index.phrase_keys(named, ("Person", "Athlete")), ("Person", "Athlete"))
    for token in candidates:
        keys += state.index.phrase_keys(token, ("Person", "Athlete"))
        # "Olympic champions X and Y" are both; "two-time Olympic champion X and Y", only X
        if plural:
            keys += conj_keys(rules, state, token)
    if not keys and not plural:
        # the person coreference took "the former Olympic champion" for, else the name it runs on
        # to ("Olympic champion and world record holder X")
        keys = state.index.keys(noun, ("Person", "Athlete"))[:1] or _name_after(state, noun)
    # (a plural, "the world champions have struggled", is a side, not the person just named)
    if not keys and not plural and noun.dep_ in ("nsubj", "nsubjpass") and noun.left_edge.lower_ == "the":
        keys = _last_person(rules, state, noun)  # "X is back. The two-time world silver medallist will ..."
    return state.keep(keys, ("Person", "Athlete"))


#: how far a title's phrase may run on to the name it stands before
TITLE_RUN = 8


def _name_after(state: EventState, noun: Token) -> list[str]:
    """The name a title's phrase runs on to, whatever the parse: "the Olympic champion and
    world indoor record holder X" (a title joined to another description of X)."""
    doc = state.doc
    for token in doc[noun.i + 1 : min(noun.i + 1 + TITLE_RUN, noun.sent.end)]:
        people = state.index.keys(token, ("Person", "Athlete"))
        if people:
            return people[:1]
        if token.pos_ not in ("CCONJ", "ADJ", "NOUN", "NUM", "PROPN") and token.text != "-":
            return []
    return []


def _last_person(rules: EventRules, state: EventState, noun: Token) -> list[str]:
    """The person named last before a definite title that opens a clause, in its sentence or the
    one before: news style for the person just named."""
    doc = state.doc
    sentence = state.sentence(noun)
    start = state.sentences[max(sentence - 1, 0)].start
    # never someone the title's own sentence names beside it ("The silver medallist will be back
    # to challenge X": not X)
    beside = {k for t in noun.sent if t.i > noun.right_edge.i for k in state.index.keys(t)}
    # nor someone of the other gender than the sentence's pronouns ("The Olympic champion set a
    # new mark to break her own record" is no man named before)
    genders = {PRONOUN_GENDER[t.lower_] for t in noun.sent if t.i > noun.i and t.lower_ in PRONOUN_GENDER}
    wanted = genders.pop() if len(genders) == 1 else None
    for i in range(noun.left_edge.i - 1, start - 1, -1):
        people = [
            k
            for k in state.index.keys(doc[i], ("Person", "Athlete"))
            if k not in beside and _gender_allows(rules, state, k, wanted)
        ]
        if people:
            return people[:1]
    return []


def title_events(rules: EventRules, state: EventState, left: list[Token]) -> list[str]:
    """The championships a title's words name: event mentions, or "world", "Olympic",
    "Commonwealth" (cue `championship_titles`) as the story's event of that name or a new one."""
    found: list[str] = []
    for token in left:
        keys = [k for k in state.index.keys(token) if k.startswith("SportingEvent:")]
        found += [k for k in keys if awards_medals(rules, state, k)]
    words = {t.lower_ for t in left}
    # "the 2000 Olympic 100m silver medallist": the year names the edition, whatever the story's
    year = next((int(t.text) for t in left if t.like_num and YEAR.match(t.text)), None)
    for token in left:
        series = rules.championship_titles.get(token.lower_)
        if series is None or any(k.startswith("SportingEvent:") for k in state.index.keys(token)):
            continue
        edition = rules.gazetteer.canonical_event(series, year) if year else None
        if edition is not None:
            attrs = {"series": edition.series or "", "year": str(edition.year or year)}
            found.append(add_entity(state.doc, edition.key, "SportingEvent", edition.label, attrs=attrs))
        elif year:
            # "the world 10,000m title in 2001": that year's edition, the story's if it names it
            found.append(_championship(state, series, indoor="indoor" in words, year=year))
        else:
            found.append(_championship(state, series, indoor="indoor" in words))
    return list(dict.fromkeys(found))


def named_by_medal_words(rules: EventRules, state: EventState, awards: list[Draft]) -> list[Draft]:
    """ "won Olympic bronze", "the world 10,000m gold": the championship the words before a medal
    word name, where no "at" or "in" names the event."""
    for draft in awards:
        if not draft.roles.get("atEvent"):
            medal, anchor = (state.doc[i] for i in draft.tokens[:2])
            # "won Olympic bronze in 2004": the year after "in" names the edition
            for event in title_events(rules, state, words_before(state, medal) + years_in(medal, anchor)):
                draft.add("atEvent", event)
    return awards


def championship_just_before(
    rules: EventRules, state: EventState, sentence: int, named_only: bool = False
) -> str | None:
    """ "The meet has attracted a crop of Olympic talent. Swedish heptathlon gold medallist X will
    contest the hurdles": the one championship named in the nearest of the three sentences before
    `sentence`, for a medal word or title that names none (`named_only`: by an event's name, not
    by a word such as "Olympic")."""
    for n in range(sentence - 1, max(sentence - 4, -1), -1):
        before = state.sentences[n]
        named = {k for t in before for k in state.index.keys(t, ("SportingEvent",))}
        words = [
            t
            for t in before
            if not named_only and rules.championship_titles.get(t.lower_) and not state.index.keys(t)
        ]
        if not named and not words:
            continue
        found = {k for k in named if awards_medals(rules, state, k)}
        if words and not named:
            found = set(title_events(rules, state, words))
        return found.pop() if len(found) == 1 else None
    return None


def years_in(*heads: Token) -> list[Token]:
    """The years an "in" of any of `heads` names: "won Olympic bronze in 2004", "the world title
    in 2001" (the edition a title or medal word was won at)."""
    return [
        year
        for head in heads
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for year in prep.children
        if year.like_num and YEAR.match(year.text)
    ]


def awards_medals(rules: EventRules, state: EventState, event: str) -> bool:
    """A championship or multi-sport Games, not a tournament, race or league."""
    entry = entities(state.doc).get(event, {})
    series = rules.gazetteer.series(entry.get("attrs", {}).get("series") or "")
    if series is not None:
        return series.kind in ("championship", "multi-sport")
    words = set(fold(entry.get("label", "")).split())
    # "the Dubai Tennis Championships": a tournament, whatever it is called (cue tournament_sports)
    return bool({"championship", "championships", "games", "olympics"} & words) and not (
        words & rules.tournament_sports
    )


def _championship(state: EventState, name: str, indoor: bool, year: int | None = None) -> str:
    """The story's event a title word points at ("World Championships"), of `year` if given,
    else a new one."""
    table = entities(state.doc)
    head = fold(name).split()[0]
    named = [
        k
        for k, e in table.items()
        if e["cls"] == "SportingEvent"
        and head in fold(e["label"] + " " + " ".join(e["aliases"])).split()
        and ("indoor" in fold(e["label"])) == indoor
        and (year is None or str(e.get("attrs", {}).get("year")) == str(year))
    ]
    if named:
        return _reigning(state, named)
    label = f"{'World Indoor Championships' if indoor and head == 'world' else name}"
    if year is not None:
        label = f"{year} {label}"
        return add_entity(state.doc, event_key(label), "SportingEvent", label, attrs={"year": str(year)})
    return add_entity(state.doc, event_key(label), "SportingEvent", label)


def _reigning(state: EventState, editions: list[str]) -> str:
    """Of the story's editions a bare title word may mean, the latest it names up to the story's
    date: "Olympic relay gold medallists" in a story that also names the Games of four and of
    seventy years before are the latest Games's."""
    table = entities(state.doc)
    year = publication_year(state.doc)
    latest = max(
        (e for e in editions if str(table[e].get("attrs", {}).get("year", "")).isdigit()),
        key=lambda e: int(table[e]["attrs"]["year"]),
        default=None,
    )
    if latest is None or year is not None and int(table[latest]["attrs"]["year"]) > year:
        return editions[0]
    return latest


def _gender_allows(rules: EventRules, state: EventState, key: str, wanted: str | None) -> bool:
    """Whether a person's first name (given_names.csv) may be of the gender wanted."""
    if wanted is None:
        return True
    gender = first_name_gender(rules.gazetteer, state.doc, key)
    return gender is None or gender == wanted
