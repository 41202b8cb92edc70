"""kg_normalize: one canonical name and one stable key per entity.

"North Korea's", "North Korean" and "DPRK" become the nation North Korea
(key `Nation:PRK`); "Paris 2024", "the Paris Olympics" and "the Paris Summer
Games" become the 2024 Summer Olympics; a trailing possessive never reaches a
label. Candidates that cannot be confirmed (a city tagged GPE, "Olympic" as an
adjective tagged EVENT) are dropped here.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.components.doc_data import (
    abbreviation_after,
    add_entity,
    add_mention,
    after_outlet_noun,
    contains_words,
    entities,
    fold,
    install_extensions,
    mentions,
    merge_into,
    publication_year,
    retype,
)
from kg.components.entities import DISCIPLINE
from kg.gazetteer import Gazetteer, SportInfo, event_key, load_gazetteer

YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
POSSESSIVE = re.compile(r"\s*[’']s?$")
LEADING_DET = re.compile(r"^(the|a|an)\s+", re.I)


def clean_name(text: str) -> str:
    """Surface form → name: no possessive, no leading article, single spaces."""
    text = " ".join(text.split())
    text = POSSESSIVE.sub("", text)
    return text.strip(" \"'“”‘’,.;:")


class Normalizer:
    def __init__(self, spans_key: str, gazetteer: Gazetteer) -> None:
        install_extensions()
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        self.org_folds = {fold(label) for label in gazetteer.org_kinds}
        # an ambiguous sport name → {sport it may mean: words in the story that say so}
        self.sport_contexts: dict[str, dict[str, list[str]]] = {
            fold(name): {str(s): [str(w).casefold() for w in ws] for s, ws in senses.items()}
            for name, senses in (gazetteer.cues.get("sport_context_words") or {}).items()
        }
        self.outlet_nouns = {w.casefold() for w in gazetteer.cues.get("outlet_nouns", [])}
        self.verbal_sports = {fold(w) for w in gazetteer.cues.get("verbal_sport_words", [])}
        self.sport_heads = {fold(w) for w in gazetteer.cues.get("sport_head_nouns", [])}
        self.venue_words = {fold(w) for w in gazetteer.cues.get("venue_words", [])}
        self.games_words = {fold(w) for w in gazetteer.cues.get("games_words", [])}
        self.name_title_words = {fold(w) for w in gazetteer.cues.get("name_title_words", [])}
        self.event_heads = {fold(w) for w in gazetteer.cues.get("event_heads", [])}
        self.venue_names = {fold(w) for w in gazetteer.cues.get("venue_names", [])}
        self.personal_verbs = {str(w).casefold() for w in gazetteer.cues.get("personal_verbs", [])}
        self.quote_verbs = {str(w).casefold() for w in gazetteer.cues.get("quote_verbs", [])}
        #: "striker", "prop": nouns for players of several sports, or ordinary words besides
        self.ambiguous_practitioners = {
            str(w).casefold() for w in gazetteer.cues.get("ambiguous_practitioner_nouns", [])
        }
        cues = gazetteer.cues
        self.org_words = {
            fold(w)
            for phrase in [
                *cues.get("org_name_words", []),
                *cues.get("org_kind_suffixes", {}),
                *cues.get("org_kind_prefixes", {}),
            ]
            for w in phrase.split()
        }
        self._doc_text: str | None = None  # the story being read, case folded, once asked for
        self._clubs_sport: str | None = None  # the one sport of the clubs the story names

    def __call__(self, doc: Doc) -> Doc:
        entities(doc)
        doc._.kg_mentions = []
        self._doc_text = None
        self._story_sport: str | None = None
        self._event_texts: list[str] = []
        candidates = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        doc_year = publication_year(doc)
        events = [s for s in candidates if s.label_ == "SportingEvent"]
        self._event_texts = [fold(s.text) for s in events]
        event_years = self._event_years(events, doc_year)
        self._story_sport = self._main_sport(
            [s for s in candidates if s.label_ == "Sport" and s.kb_id_ != DISCIPLINE]
        )
        # a story that names no sport is about the one its known clubs play, or the one of the
        # people it describes ("the sprinter", "swimmer X")
        self._clubs_sport = _only(
            {self.gazetteer.team_sports.get(s.kb_id_) for s in candidates if s.label_ == "Team" and s.kb_id_}
            - {None, ""}
        ) or self._practised_sport(doc)
        for span in candidates:
            handler = getattr(self, f"_{span.label_.lower()}", None)
            if handler is None:
                continue
            # "Stung by the score, ...", "Banned American sprinter X": a participle opening the
            # sentence is no part of a name
            if span.label_ in ("Person", "Organization") and span[0].tag_ in ("VBN", "VBD", "VBG"):
                if len(span) == 1 or self.gazetteer.nation(span[1:].text) is not None:
                    continue
                span = Span(doc, span.start + 1, span.end, label=span.label_, kb_id=span.kb_id_)
            result = handler(span, doc_year, event_years)
            if result is None and span.label_ == "SportingEvent" and self.gazetteer.sport(span.text):
                result = self._sport(span)  # "Athletics is ...": a sport taken for an event name
            if result is None:
                continue
            key, cls, label, attrs = result
            alias = clean_name(span.text)
            add_entity(doc, key, cls, label, alias=alias, attrs=attrs)
            add_mention(doc, span.start, span.end, [key], cls)
        _merge_national_teams(doc)
        self._merge_generic_events(doc)
        _merge_short_club_names(doc)
        _merge_short_body_names(doc)
        _merge_surnames(doc, self.gazetteer)
        _link_abbreviations(doc)
        return doc

    def _merge_generic_events(self, doc: Doc) -> None:
        """ "the World Cup" in a story about "the FIH Hockey World Cup" is that event: a yearless
        name many series share folds into the one event of the story whose name ends with it."""
        table = entities(doc)
        events = [k for k, e in table.items() if e["cls"] == "SportingEvent"]
        for key in events:
            entry = table.get(key)
            if entry is None or entry["attrs"].get("year"):
                continue
            if not self.gazetteer.is_generic_series_name(entry["label"]):
                continue
            words = fold(entry["label"]).split()
            longer = [
                k
                for k in events
                if k != key
                and k in table
                and len(fold(table[k]["label"]).split()) > len(words)
                and fold(table[k]["label"]).split()[-len(words) :] == words
                and not self.gazetteer.is_generic_series_name(table[k]["label"])  # not "2022 World Cup"
            ]
            if len(longer) == 1:
                merge_into(doc, key, longer[0])

    # one handler per candidate class: span → (key, class, label, attributes) or None

    def _nation(self, span: Span, *_: object) -> tuple[str, str, str, dict[str, str]] | None:
        info = self.gazetteer.nation(span.text)
        if info is None:
            # "Rio Ferdinand" tagged a place: a person when the story names him by surname alone
            return self._person(span) if self._person_taken_for_place(span) else None
        return f"Nation:{info.iso3}", "Nation", info.label, {"iso3": info.iso3}

    def _sport(self, span: Span, *_: object) -> tuple[str, str, str, dict[str, str]] | None:
        if span.kb_id_ == DISCIPLINE:
            label = distance_label(span.text)
            return f"Sport:{fold(label)}", "Sport", label, {"kind": "discipline"}
        if fold(span.text) in self.verbal_sports and not self._names_sport(span.root):
            return None  # "a diving header", "diving low to save": a movement, not the sport
        info = self._sport_in_story(span.text, span.doc) if fold(span.text) in self.sport_contexts else None
        info = info or self.gazetteer.sport(span.kb_id_ or span.text)
        if info is None:
            return None
        if info.within:  # "pole vault": a discipline of athletics, not the story's sport beside it
            attrs = {"kind": "discipline", "within": info.within}
            return f"Sport:{fold(info.label)}", "Sport", info.label, attrs
        return f"Sport:{fold(info.label)}", "Sport", info.label, {}

    def _names_sport(self, word: Token) -> bool:
        """A sport's name that is also an -ing word names the sport as a noun in its own right
        ("took up diving", "Olympic diving") or before a noun of sport ("the diving team",
        cue `sport_head_nouns`), not when it describes a movement ("a diving header")."""
        if word.dep_ in ("compound", "amod", "nmod"):
            return word.head.lemma_.casefold() in self.sport_heads
        return word.dep_ not in ("advcl", "acl", "xcomp", "relcl", "ccomp")

    def _practised_sport(self, doc: Doc) -> str | None:
        """The one sport the story's person nouns imply ("sprinter", "swimmers"), if just one."""
        sports: set[str | None] = {
            info.label
            for token in doc
            if token.pos_ in ("NOUN", "PROPN")
            and token.lower_ not in self.ambiguous_practitioners
            and (info := self.gazetteer.sport_of_practitioner(token.lower_)) is not None
        }
        return _only(sports)

    def _main_sport(self, sports: list[Span]) -> str | None:
        """The sport named most in the story, when one is named more than any other."""
        counts = Counter(
            info.label for span in sports if (info := self._sport_in_story(span.text, span.doc)) is not None
        )
        ranked = counts.most_common(2)
        if not ranked or len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def _sport_in_story(self, text: str, doc: Doc) -> SportInfo | None:
        """The sport an ambiguous name means in this story: "hockey" in a story about the FIH
        and penalty corners is field hockey (cue `sport_context_words`); None when not ambiguous."""
        senses = self.sport_contexts.get(fold(text))
        if not senses:
            return self.gazetteer.sport(text)
        if self._doc_text is None:
            self._doc_text = doc.text.casefold()
        for sport, words in senses.items():
            if any(w in self._doc_text for w in words):
                return self.gazetteer.sport(sport)
        return self.gazetteer.sport(text)

    def _sportingevent(
        self, span: Span, doc_year: int | None, event_years: dict[str, set[int]]
    ) -> tuple[str, str, str, dict[str, str]] | None:
        # "the Champions League" in a football story; not "Euro" in "Euro history", a word modifying a noun
        modifier = len(span) == 1 and span.root.dep_ == "compound"
        sport = None if modifier else self._story_sport or self._clubs_sport
        # "last year's European Indoors", "the Worlds three years ago", "the World Cup in 2002": the
        # edition the words around the name give, before any other of the story's editions
        told = _told_year(span, doc_year) if not YEAR.search(span.text) else None
        if told is not None:
            doc_year, event_years = told, {}
        # a host city the entity tagger read as its Games carries their name ("Athens Olympics")
        event = self._canonical_event(span.kb_id_ or span.text, doc_year, event_years, sport)
        # "the World Championships", "the European Championships" in an athletics story: that
        # sport's series, not a name of its own nor the multi-sport event sharing it
        own = self.gazetteer.sport_championship(span.text, sport)
        if own is not None and (event is None or self.gazetteer.is_generic_series_name(span.text)):
            event = self._canonical_event(own.label, doc_year, event_years, sport)
        if event is None and self._only_named_bare(span):
            # "The World Championships ended on Sunday" in a story naming no sport: an event as written
            label = LEADING_DET.sub("", clean_name(span.text))
            return event_key(label), "SportingEvent", label, {"series": ""}
        if event is None:
            return None
        # "the World Cup" in a hockey story is not the FIFA World Cup
        series = self.gazetteer.series(event.series) if event.series else None
        if (
            series is not None
            and series.sport
            and self._story_sport
            and series.sport != self._story_sport
            and self.gazetteer.is_generic_series_name(span.text)
        ):
            label = LEADING_DET.sub("", clean_name(span.text))  # an event of its own: "2022 World Cup"
            return event_key(label), "SportingEvent", label, {"series": ""}
        attrs = {"series": event.series or ""}
        if event.year:
            attrs["year"] = str(event.year)
        return event.key, "SportingEvent", event.label, attrs

    def _only_named_bare(self, span: Span) -> bool:
        """A bare championship name ("the World Championships") in a story that names no other event
        ("the European Rowing Championships" may be the one meant; a meeting's story only looks
        ahead to the championships)."""
        if not self.gazetteer.is_bare_championship(span.text):
            return False
        # a story about a meeting that looks ahead to "the European Championships in Madrid" keeps
        # its own event: the bare name makes no event of its own beside a named one
        return all(self.gazetteer.is_bare_championship(text) for text in self._event_texts)

    def _person(self, span: Span, *_: object) -> tuple[str, str, str, dict[str, str]] | None:
        if span.label_ == "Person" and after_outlet_noun(span, self.outlet_nouns):
            # "told radio station Onda Sur": an outlet NER took for a person
            return self._organization(Span(span.doc, span.start, span.end, label="Organization"))
        if len(span) > 1 and self.gazetteer.is_demonym(span[0].text) and span[1].text[:1].isupper():
            span = span[1:]  # "Swiss Dorsey": the nation word describes the person named after it
        if len(span) > 1 and fold(span[0].text) in self.name_title_words and span[1].text[:1].isupper():
            span = span[1:]  # "Teenager X", "Chairman Y Z" (cue name_title_words)
        if len(span) == 2 and self._headline_epithet(span):
            span = span[1:]  # "Edgy Agassi struggles past Dent": the headline's word for the player
        name = clean_name(span.text)
        if not name or not name[0].isupper() or len(name) < 2:
            return None
        if self.gazetteer.nation(name) or fold(name) in self.org_folds:
            return None
        if fold(name) in self.games_words:  # "the Olympic silver medallist": NER's person
            return None
        if " " in name and fold(name) in self.event_heads:  # "a Grand Slam": a competition's word
            return None
        if span.label_ == "Person" and any(ch.isdigit() for ch in name):
            return None
        if self._venue(span, name):
            return None
        return f"Person:{fold(name)}", "Person", name, {}

    def _headline_epithet(self, span: Span) -> bool:
        """ "Classy X", "Edgy X" in a headline: a word that is no first name before a surname the
        story gives a person with a first name ("Tom X")."""
        doc = span.doc
        headline_end = doc.text.find("\n")
        if headline_end < 0 or span.end_char > headline_end:
            return False
        first, surname = span[0].text, span[1].text
        if self.gazetteer.given_name_gender(first) is not None or not first[:1].isupper():
            return False
        body = doc.text[headline_end:]
        named = re.findall(rf"\b([A-Z][\w'-]+) {re.escape(surname)}\b", body)
        return any(self.gazetteer.given_name_gender(given) is not None for given in named if given != first)

    def _person_taken_for_place(self, span: Span) -> bool:
        """Two or three capitalised words, not a nation, whose last word the story also uses
        on its own ("Rio Ferdinand ... said Ferdinand"): a person NER took for a place."""
        words = clean_name(span.text).split()
        if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            return False
        surname = words[-1]
        return any(
            t.text == surname and not (t.i > 0 and t.nbor(-1).text == words[-2])
            for t in span.doc
            if not (span.start <= t.i < span.end)
        )

    def _two_people(self, span: Span) -> bool:
        """ "Dorsey and Thompson", "Ivo Vell and Rinaldo": two names NER joined into one body,
        each a person's name, a first name's, or the surname of a person the story names."""
        parts = clean_name(span.text).split(" and ")
        surnames = {fold(e[-1].text) for e in span.doc.ents if e.label_ == "PERSON"}
        return (
            len(parts) == 2
            and all(
                part[:1].isupper()
                and self.gazetteer.org_kind(part) is None
                and not any(fold(w) in self.org_words for w in part.split())
                for part in parts
            )
            and any(self._person_shaped(part) or fold(part.split()[-1]) in surnames for part in parts)
        )

    def _person_shaped(self, label: str) -> bool:
        """A first name (given_names.csv) and one to three more name words, none of them an
        organisation's ("United", "Club", "Federation"): a person NER took for a body."""
        words = label.split()
        return (
            2 <= len(words) <= 4
            and self.gazetteer.given_name_gender(words[0]) is not None
            and all(
                w[:1].isupper() or w in ("de", "da", "van", "von", "der", "di", "le", "la") for w in words
            )
            and not any(fold(w) in self.org_words for w in words)
            and self.gazetteer.org_kind(label) is None
        )

    def _acts_as_person(self, span: Span, label: str) -> bool:
        """A lone capitalised name no gazetteer knows that the story makes do what only a person
        does (cue `personal_verbs`: "insisted", "limped off", "scored") or speak in a quoted
        sentence (cue `quote_verbs`): a person's surname NER took for an organisation."""
        if len(label.split()) != 1 or label.isupper() or self.gazetteer.org_kind(label) is not None:
            return False
        if fold(label) in self.org_folds or fold(label) in self.org_words:
            return False
        for token in span.doc:
            if token.text != label or token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if token.i > 0 and token.nbor(-1).lower_ == "the":
                return False
            verb = token.head.lemma_.casefold()
            quoted = any(t.text in {'"', "“", "”", "'"} for t in token.sent)
            if verb in self.personal_verbs or (verb in self.quote_verbs and quoted):
                return True
        return False

    def _surname_of_person(self, span: Span, label: str) -> bool:
        """One word that is the last word of a person the story names in full."""
        words = fold(label).split()
        return len(words) == 1 and any(
            e.label_ == "PERSON" and len(e) > 1 and fold(e[-1].text) == words[0] for e in span.doc.ents
        )

    def _venue(self, span: Span, name: str) -> bool:
        """A ground, not a person: "Carrow Road", "Stade de France" (cue `venue_words`), or a
        single name right after "at" ("the win at Anfield") that no full name in the story ends with."""
        words = fold(name).split()
        if not words:
            return False
        if " ".join(words) in self.venue_names:
            return True  # "Anfield", "Twickenham"
        if words[-1] in self.venue_words or words[0] in self.venue_words:
            return True
        if len(words) > 1 or span.start == 0 or span.doc[span.start - 1].lower_ != "at":
            return False
        return not any(
            e.label_ == "PERSON" and len(e) > 1 and fold(e[-1].text) == words[0] for e in span.doc.ents
        )

    def _organization(self, span: Span, *_: object) -> tuple[str, str, str, dict[str, str]] | None:
        if not span.kb_id_:
            span = _trimmed(span)
        label = span.kb_id_ or LEADING_DET.sub("", clean_name(span.text))
        if not label or self.gazetteer.nation(label) or self.gazetteer.sport(label):
            return None
        if not span.kb_id_ and (MEASURE_LABEL.match(label) or self._two_people(span)):
            return None  # "7.60secs"; "X and Y" where NER joined two people into one body
        if (
            not span.kb_id_
            and span.label_ == "Organization"
            and (self._person_shaped(label) or INITIAL_NAME.match(label))
        ):
            return self._person(span)  # "Dimitrios Kallas", "Jean-Luc de Varenne", "C Dunn" tagged ORG
        if not span.kb_id_ and span.label_ == "Organization" and self._acts_as_person(span, label):
            return self._person(span)  # '"We were poor," admitted Mirkovsky.': a surname NER took for a body
        if not span.kb_id_ and span.label_ == "Organization" and self._venue(span, label):
            return None  # "the National Indoor Arena", "the win at Anfield": a ground
        if not span.kb_id_ and span.label_ == "Organization" and self._surname_of_person(span, label):
            return self._person(span)  # "Okafor's side" after "Tom Okafor": NER's body is the person
        kind = self.gazetteer.org_kind(label) or ("outlet" if self._described_as_outlet(span) else "")
        cls = "Team" if kind == "club" or span.label_ == "Team" else "Organization"
        key = f"Organization:{fold(label)}"
        scope = self._national_scope(span) if kind != "outlet" else None
        if (
            scope
            and kind in ("", "ministry", "government", "olympic_committee", "federation")
            and not span.kb_id_
        ):
            key = f"{key}@{scope}"
        attrs = {"kind": kind} if kind else {}
        if scope:
            attrs["nation"] = scope
        return key, cls, label, attrs

    def _team(self, span: Span, *_: object) -> tuple[str, str, str, dict[str, str]] | None:
        if span.kb_id_ and self.gazetteer.org_kinds.get(span.kb_id_) == "club":
            return self._organization(span)  # "London Welsh" is a club, not Wales's side
        nation = None
        sport = None
        for token in span:
            nation = nation or self.gazetteer.nation(token.text)
        if nation is None:
            for i in range(span.start, span.end):
                for j in range(span.end, i, -1):
                    nation = nation or self.gazetteer.nation(span.doc[i:j].text)
        for i in range(span.start, span.end):
            for j in range(span.end, i, -1):
                sport = sport or self._sport_in_story(span.doc[i:j].text, span.doc)
        if nation is None and span.kb_id_ in self.gazetteer.nations:  # "its national team"
            nation = self.gazetteer.nations[span.kb_id_]
        if nation is None:
            return self._organization(span)
        label = f"{nation.label} {sport.label} team" if sport else f"{nation.label} team"
        attrs = {"nation": nation.iso3}
        if sport:
            attrs["sport"] = sport.label
        return f"Team:{fold(label)}", "Team", label, attrs

    # helpers

    def _described_as_outlet(self, span: Span) -> bool:
        """ "state newspaper Granma", "the news agency Kabar", "X, a London-based broadcaster": the
        text names what kind of body it is (cue `outlet_nouns`)."""
        return after_outlet_noun(span, self.outlet_nouns) or any(
            c.dep_ == "appos" and c.lemma_.casefold() in self.outlet_nouns
            for t in span
            for c in t.children
            if c.i >= span.end
        )

    def _national_scope(self, span: Span) -> str | None:
        """The nation a generic body belongs to: "North Korea's Ministry of Sport" → PRK."""
        doc = span.doc
        start = span.start
        if start >= 1 and doc[start - 1].tag_ == "POS":
            start -= 1
        for i in range(max(span.sent.start, start - 4), start):
            phrase = doc[i:start].text
            info = self.gazetteer.nation(phrase)
            if info is not None:
                return info.iso3
        # "South Korean Olympic Committee", "Sri Lanka Cricket", "Cricket Australia"
        for size in range(min(3, len(span) - 1), 0, -1):
            for part in (span[:size], span[-size:]):
                info = self.gazetteer.nation(part.text)
                if info is not None and (part.start == span.start or self.gazetteer.sport(span[:-size].text)):
                    return info.iso3
        return None

    def _canonical_event(  # type: ignore[no-untyped-def]
        self, text: str, doc_year: int | None, event_years: dict[str, set[int]], sport: str | None = None
    ):
        """Name an event; a mention without a year borrows one from the same series in the doc, and a
        name many series share with none names the series of the story's `sport`."""
        if YEAR.search(text):
            return self.gazetteer.canonical_event(text)
        event = self.gazetteer.canonical_event(text)
        series = event.series if event is not None else None
        if series is None:
            probe = self.gazetteer.canonical_event(text, year=doc_year or 2000)
            series = probe.series if probe is not None else None
        if series is not None:
            years = event_years.get(series, set())
            if len(years) == 1:
                return self.gazetteer.canonical_event(text, year=next(iter(years)))
            if doc_year is not None and event is None:
                return self.gazetteer.canonical_event(text, year=doc_year)
            if event is None:
                return self.gazetteer.undated_event(text, series, sport=sport)
        return event

    def _event_years(self, spans: list[Span], doc_year: int | None) -> dict[str, set[int]]:
        years: dict[str, set[int]] = {}
        for span in spans:
            if YEAR.search(span.text):
                event = self.gazetteer.canonical_event(span.text)
                if event is not None and event.series and event.year:
                    years.setdefault(event.series, set()).add(event.year)
        return years


#: "three years ago": counts of years written as words
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
#: "last year's", "this year's", "next year's": the year a word before a name points at
YEAR_WORDS = {"last": -1, "this": 0, "next": 1}


def _told_year(span: Span, doc_year: int | None) -> int | None:
    """The year the words right around an event's name give its edition: "last year's X" and "X
    three years ago" from the story's date, "X in 2002" as written."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]]
    after = doc[span.end : span.end + 4]
    if doc_year is not None and len(before) == 3 and before[1:] == ["year", "'s"] and before[0] in YEAR_WORDS:
        return doc_year + YEAR_WORDS[before[0]]
    words = [t.lower_ for t in after]
    if len(words) >= 2 and words[0] == "in" and YEAR.fullmatch(after[1].text):
        return int(after[1].text)
    if doc_year is not None and len(words) >= 3 and words[1:3] in (["years", "ago"], ["year", "ago"]):
        count = NUMBER_WORDS.get(words[0]) or (int(words[0]) if words[0].isdigit() else None)
        if count is not None:
            return doc_year - count
    if doc_year is not None and words[:2] == ["last", "year"]:
        return doc_year - 1
    return None


def _link_abbreviations(doc: Doc) -> None:
    """ "the Royal Dutch Rowing Federation (KNRB) ... KNRB chair X": the abbreviation is the body.

    An organisation's name followed by an all-capitals word in parentheses
    defines that word; every later use of it, and any entity made of it alone,
    becomes a mention of the organisation.
    """
    table = entities(doc)
    defined: dict[str, str] = {}
    sizes: dict[str, set[int]] = {}  # first token → lengths in tokens ("ETH-NADO" is three)
    for mention in mentions(doc):
        end = mention["end"]
        keys = mention["keys"]
        if len(keys) != 1 or table.get(keys[0], {}).get("cls") not in ("Organization", "Team"):
            continue
        abbreviation = abbreviation_after(doc, end)
        if abbreviation is not None:
            defined.setdefault(abbreviation.text, keys[0])
            sizes.setdefault(abbreviation[0].text, set()).add(len(abbreviation))
    if not defined:
        return
    covered = {i for m in mentions(doc) for i in range(m["start"], m["end"])}
    for mention in mentions(doc):
        key = defined.get(mention["text"])
        if key and mention["keys"] != [key]:
            old = mention["keys"][0]
            mention["keys"] = [key]
            mention["cls"] = table[key]["cls"]
            if old in table and not any(old in m["keys"] for m in mentions(doc)):
                del table[old]
    for token in doc:
        for size in sizes.get(token.text, ()):
            if token.i in covered or token.i + size > len(doc):
                continue
            key = defined.get(doc[token.i : token.i + size].text)
            if key:
                add_mention(doc, token.i, token.i + size, [key], table[key]["cls"], kind="alias")
    for word, key in defined.items():
        if word not in table[key]["aliases"]:
            table[key]["aliases"].append(word)


#: "C Dunn", "J. Ardell": an initial and a surname, as team sheets name players
INITIAL_NAME = re.compile(r"^[A-Z]\.? [A-Z][a-z][\w'’-]+$")

#: "7.60secs", "0.04secs", "6.61m": a measure NER took for a body
MEASURE_LABEL = re.compile(r"^\d[\d.,:]*\s*[a-z]+$")


def _trimmed(span: Span) -> Span:
    """A body's span without what NER ran on into: a trailing "of" or "and", an unclosed bracket
    ("Lina Dorsey of", "B Vell (Samoa")."""
    end = span.end
    opened = [t.i for t in span if t.text == "(" and not any(u.text == ")" for u in span.doc[t.i : span.end])]
    if opened:
        end = opened[0]
    while end > span.start + 1 and span.doc[end - 1].is_lower and span.doc[end - 1].pos_ in ("ADP", "CCONJ"):
        end -= 1
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label_, kb_id=span.kb_id_)


def _merge_national_teams(doc: Doc) -> None:
    """ "The Chinese team" is "the Chinese swimming team" when the article has just one of those.

    A nation's generic team and its one sport-specific team in the same article
    are the same squad; the generic name becomes an alias of the specific one.
    """
    table = entities(doc)
    by_nation: dict[str, list[str]] = {}
    for key, entry in table.items():
        nation = entry["attrs"].get("nation")
        if entry["cls"] == "Team" and nation and key.startswith("Team:"):
            by_nation.setdefault(nation, []).append(key)
    for keys in by_nation.values():
        specific = [k for k in keys if table[k]["attrs"].get("sport")]
        generic = [k for k in keys if not table[k]["attrs"].get("sport")]
        if len(specific) != 1 or not generic:
            continue
        for key in generic:
            merge_into(doc, key, specific[0])


def _merge_surnames(doc: Doc, gazetteer: Gazetteer) -> None:
    """ "Diallo's" tagged as an organisation is Awa Diallo when she is the article's only Diallo;
    so is "American Diallo" (a nation word before her surname).

    When several people share the surname ("Velo's siblings" after Marta Velo), it is a
    person all the same, and coreference points each mention at the nearest full name before it.
    """
    table = entities(doc)
    people = [k for k, e in table.items() if e["cls"] == "Person"]
    first: dict[str, int] = {}
    for mention in mentions(doc):
        for key in mention["keys"]:
            first.setdefault(key, mention["start"])
    for key, entry in list(table.items()):
        if entry["cls"] != "Organization" or entry["attrs"].get("kind") or key.count(":") != 1:
            continue
        words = fold(entry["label"]).split()
        # "American Diallo": a nation word before a name describes the person
        if len(words) > 1 and gazetteer.is_demonym(entry["label"].split()[0]):
            words = words[1:]
        targets = [
            p
            for p in people
            if fold(table[p]["label"]).split() == words
            or contains_words(fold(table[p]["label"]).split(), words)
        ]
        if len(targets) == 1:
            merge_into(doc, key, targets[0])
        elif len(words) == 1 and any(
            fold(table[p]["label"]).split()[-1] == words[0] and first.get(p, len(doc)) < first.get(key, 0)
            for p in targets
        ):
            retype(doc, key, "Person")


def _merge_short_club_names(doc: Doc) -> None:
    """ "Dinamo" and "Slovan Bratislava" are the clubs "Dinamo Plovdiv" and "ŠK Slovan Bratislava".

    A person or organisation name whose words all appear, in order, in exactly
    one club's longer name is a short form of that club: NER often tags the
    short form as a person.
    """
    table = entities(doc)
    clubs = [k for k, e in table.items() if e["cls"] == "Team" and not e["attrs"].get("nation")]
    for key, entry in list(table.items()):
        if entry["cls"] not in ("Person", "Organization") or entry["attrs"].get("kind"):
            continue
        words = fold(entry["label"]).split()
        targets = [c for c in clubs if contains_words(fold(table[c]["label"]).split(), words)]
        if len(targets) == 1:
            merge_into(doc, key, targets[0])


def _merge_short_body_names(doc: Doc) -> None:
    """ "The Evening Chronicle" after "the Northam Evening Chronicle": an organisation named by the
    last two or more words of exactly one other organisation's name is that one."""
    table = entities(doc)
    bodies = [k for k, e in table.items() if e["cls"] == "Organization"]
    for key in bodies:
        if key not in table:  # merged into another already
            continue
        words = fold(table[key]["label"]).split()
        if len(words) < 2:
            continue
        longer = [
            k
            for k in bodies
            if k != key
            and k in table
            and len(other := fold(table[k]["label"]).split()) > len(words)
            and other[-len(words) :] == words
        ]
        if len(longer) == 1:
            merge_into(doc, key, longer[0])


def _only(values: set[str | None]) -> str | None:
    """The one value of a set, or None when it has none or several."""
    return next(iter(values)) if len(values) == 1 else None


@Language.factory(
    "kg_normalize",
    requires=["doc.spans"],
    assigns=["doc._.kg_entities", "doc._.kg_mentions"],
    default_config={"spans_key": "kg_candidates"},
)
def make_normalizer(nlp: Language, name: str, spans_key: str) -> Normalizer:
    return Normalizer(spans_key, load_gazetteer())


_UNIT = {"metres": "m", "metre": "m", "kilometres": "km", "kilometre": "km"}


def distance_label(text: str) -> str:
    """ "4 x 400 Metres relay" → "4x400m relay": one spelling of a race by distance."""
    words = text.casefold().rstrip(".").split()
    label = " ".join(_UNIT.get(w, w) for w in words)
    label = re.sub(r"\s*[x×]\s*", "x", label)
    return re.sub(r"(\d)\s+(m|km)\b", r"\1\2", label)
