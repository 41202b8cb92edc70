"""kg_events: n-ary MedalAward and Punishment events with their roles.

Triggers come from `kg/data/cues.json` (medal words and verbs, sanction nouns,
verbs and phrases); roles come from the syntax around the trigger:

- MedalAward: recipients are the subjects of "won/clinched silver" or the
  noun a medal compound modifies ("the gold-medal-winning Chinese team");
  `atEvent` from "at/in <event>", `discipline` from "in the <non-event> event".
- Punishment: targets are the subjects of "face/undergo/be subjected to
  <sanction>" or of a passive sanction verb ("was banned"), the object of an
  active one; `imposedBy` from the agent or active subject; `reason` from
  "for/over/after/following ..."; `status` from modality (may, could, face,
  threaten → possible), negation and denial cues (→ denied), else actual;
  `reportedBy` from an outlet in an attribution ("according to", "reported").

Mentions of one sanction across sentences (a headline, a lead, a follow-up
"is under scrutiny") are merged when their targets overlap and their status
agrees. A role that only context supplies (the event of the article, the
imposing state) is filled with a lower confidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.components.cues import CuePhrases
from kg.components.doc_data import (
    MentionIndex,
    add_entity,
    add_mention,
    cue_words,
    described_outlet,
    entities,
    fold,
    install_extensions,
    mentions,
    recent_org,
    role_nouns,
    set_class,
    subjects_of,
    verb_forms,
    verb_lemma,
)
from kg.gazetteer import Gazetteer, event_key, load_gazetteer

TARGET_CLASSES = ("Person", "Athlete", "Team", "Nation", "Organization", "Referent")
RECIPIENT_CLASSES = ("Person", "Athlete", "Team", "Nation", "Referent")
IMPOSER_CLASSES = ("Nation", "Organization", "Team", "Person", "Athlete")
ORDINAL_MEDALS = {"first": "gold", "second": "silver", "third": "bronze"}
TIME_UNITS = {"year", "month", "week", "day", "hour", "season", "game", "match", "race", "minute", "life"}
#: conjunctions of a clause a sanction waits on: "when the board meets", "once the panel rules"
DECISION_MARKERS = {"when", "once", "if", "after", "until", "unless"}
GENERIC_TYPES = {
    "punishment",
    "punishments",
    "sanction",
    "sanctions",
    "penalty",
    "penalties",
    "action",
}
QUOTES = "\"'“”‘’"
QUOTE_MARK = re.compile(r"(?<!\w)[\"'“”‘’]|[\"'“”‘’](?!\w)")
#: a distance, weight or class, its unit attached or next: "200m", "4x100", "-57kg", "under-81", "10,000m"
MEASURE = re.compile(r"^(?:under-|over-)?[-+]?\d[\d,.]*(?:x\d+)?(?P<unit>[a-z]*)$", re.IGNORECASE)


@dataclass
class Draft:
    """An event while it is being assembled; `roles` maps a role to its values in order."""

    type: str
    sentence: int
    tokens: list[int]
    confidence: float
    roles: dict[str, list[str]] = field(default_factory=dict)
    weak: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)

    def add(self, role: str, value: str | None) -> None:
        if value and value not in self.roles.setdefault(role, []):
            self.roles[role].append(value)

    def first(self, role: str) -> str | None:
        values = self.roles.get(role)
        return values[0] if values else None


class EventExtractor:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, name: str, context_confidence: float) -> None:
        install_extensions()
        self.gazetteer = gazetteer
        self.name = name
        self.context_confidence = context_confidence
        cues = gazetteer.cues
        self.medal_words: dict[str, str] = {}
        # "world" → "World Championships": title words that name a championship awarding medals
        self.pending_sanctions = {fold(w) for w in cues.get("pending_sanction_nouns", [])}
        self.people_nouns = (
            role_nouns(cues)
            | cue_words(cues.get("person_nouns"))
            | cue_words(cues.get("team_nouns"))
            | cue_words(cues.get("group_nouns"))
            | cue_words(cues.get("org_reference_nouns"))
            | cue_words(cues.get("club_nouns"))
        )
        self.championship_titles: dict[str, str] = {
            str(k).casefold(): str(v) for k, v in (gazetteer.cues.get("championship_titles") or {}).items()
        }
        for medal, words in (cues.get("medal_words") or {}).items():
            for word in words:
                self.medal_words[str(word).casefold()] = medal
        for medal in ("gold", "silver", "bronze"):
            self.medal_words.setdefault(medal, medal)
        self.punishment_verbs: dict[str, str] = {
            str(k).casefold(): str(v) for k, v in (cues.get("punishment_verbs") or {}).items()
        }
        self.punishment_verb_forms = verb_forms(self.punishment_verbs)
        self.medal_verb_forms = verb_forms(cue_words(cues.get("medal_verbs")))
        self.contest_nouns = cue_words(cues.get("contest_nouns"))
        self.standings_nouns = cue_words(cues.get("standings_nouns"))
        self.victory_verbs = cue_words(cues.get("victory_verbs"))
        self.medal_transfer_verbs = cue_words(cues.get("medal_transfer_verbs"))
        self.request_verbs = cue_words(cues.get("sanction_request_verbs"))
        self.number_words = {str(k).casefold(): int(v) for k, v in (cues.get("number_words") or {}).items()}
        self.org_reference_nouns = cue_words(cues.get("org_reference_nouns"))
        self.outlet_nouns = cue_words(cues.get("outlet_nouns"))
        self.giving_verbs = cue_words(cues.get("sanction_giving_verbs"))
        # "strip": verbs whose "of" object is a medal its holder had won
        self.strip_verbs = {v for v, kind in self.punishment_verbs.items() if kind == "stripped of medal"}
        # preposition → verbs whose object it sanctions: "subjected X to", "issued X with"
        self.sentencing_verbs: dict[str, set[str]] = {}
        for verb, preps in (cues.get("sanction_object_verbs") or {}).items():
            for prep in preps:
                self.sentencing_verbs.setdefault(prep, set()).add(verb)
        # "the case", "the ban": what a sentence reporting a sanction calls it
        self.case_nouns = (
            cue_words(cues.get("case_nouns"))
            | GENERIC_TYPES
            | {w for w in cue_words(cues.get("punishment_nouns")) if " " not in w}
        )
        self.in_play_words = cue_words(cues.get("in_play_words"))
        self.non_referent_nouns = cue_words(cues.get("non_referent_nouns"))
        self.possibility = cue_words(cues.get("possibility_cues"))
        self.denial = cue_words(cues.get("denial_cues"))
        self.attribution_verbs = cue_words(cues.get("attribution_verbs"))
        self.attribution_phrases = [p.casefold() for p in cues.get("attribution_phrases") or []]
        self.reason_markers = cue_words(cues.get("reason_markers")) or {
            "for",
            "over",
            "after",
            "following",
        }
        self.noun_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        nouns = [str(n) for n in cues.get("punishment_nouns") or []]
        self.noun_matcher.add("PUNISHMENT", [nlp.make_doc(v) for n in nouns for v in _plurals(n)])
        self.phrase_types: dict[str, str | None] = {}
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase, kind in (cues.get("phrasal_punishments") or {}).items():
            if kind:
                self.phrase_types[str(phrase).casefold()] = str(kind)
                self.phrase_matcher.add("PHRASE", [nlp.make_doc(str(phrase))])
        self.discipline_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.discipline_matcher.add(
            "DISCIPLINE", [nlp.make_doc(str(w)) for w in cues.get("discipline_words") or []]
        )
        self.discipline_gender = cue_words(cues.get("discipline_gender_words"))
        self.discipline_generic = cue_words(cues.get("discipline_generic_words"))
        self.discipline_weak = cue_words(cues.get("discipline_weak_words"))
        self.measure_units = cue_words(cues.get("measure_units"))
        self.race_segment_words = cue_words(cues.get("race_segment_words"))
        self.discipline_dropped = cue_words(cues.get("discipline_dropped_words"))
        # the entries of several tokens, which no one-token lookup above can meet (kg/components/cues.py)
        self.denial_phrases = CuePhrases(nlp, cues.get("denial_cues"))
        self.possibility_phrases = CuePhrases(nlp, cues.get("possibility_cues"))
        self.attribution_matcher = CuePhrases(nlp, self.attribution_phrases)
        self.reason_phrases = CuePhrases(nlp, cues.get("reason_markers"))
        self.giving_phrases = CuePhrases(nlp, cues.get("sanction_giving_verbs"), inflect="first")
        self.medal_verb_phrases = CuePhrases(nlp, cues.get("medal_verbs"), inflect="first")
        self.outlet_phrases = CuePhrases(nlp, cues.get("outlet_nouns"), inflect="last")
        self.non_referent_phrases = CuePhrases(nlp, cues.get("non_referent_nouns"), inflect="last")
        self.in_play_phrases = CuePhrases(nlp, cues.get("in_play_words"), inflect="last")
        self.standings_phrases = CuePhrases(nlp, cues.get("standings_nouns"), inflect="last")
        self.weak_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        weak = [p for p in self.possibility if " " in p and p.startswith("under ")]
        self.weak_matcher.add("WEAK", [nlp.make_doc(p) for p in weak or ["under scrutiny"]])

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_events is None:
            doc._.kg_events = []
        if doc._.kg_mentions is None:
            return doc
        self.doc = doc
        self.index = MentionIndex(doc)
        self.sentences = list(doc.sents)
        self.sent_no = {s.start: n for n, s in enumerate(self.sentences)}
        medals = (
            self._medal_awards(doc)
            + self._implied_awards(doc)
            + self._match_results(doc)
            + self._podium(doc)
            + self._title_awards(doc)
        )
        punishments = self._punishments(doc)
        for draft in medals:
            self._settle_discipline(draft)
        drafts = _merge(medals, _same_award) + _merge(punishments, self._same_punishment)
        drafts = [d for d in drafts if not d.weak]
        for draft in drafts:
            if draft.type == "Punishment":
                self._name_referents(draft)
        # "sacks football coach" / "dismissed the head coach" / "X was removed": once the
        # descriptions are named, sanctions told two or three times are one
        drafts = [d for d in drafts if d.type != "Punishment"] + _merge(
            [d for d in drafts if d.type == "Punishment"], self._same_punishment
        )
        salient = self._salient_event()
        for draft in drafts:
            self._fill_context(draft, salient, drafts)
            # "was charged with misconduct": a charge laid is a sanction that may follow
            kind = fold(draft.first("punishmentType") or "")
            if draft.first("status") == "actual" and kind in self.pending_sanctions:
                draft.roles["status"] = ["possible"]
        for draft in drafts:
            if draft.type == "MedalAward" and not draft.roles.get("recipient"):
                continue
            if draft.type == "MedalAward":  # whoever won a medal competed: an athlete
                for key in draft.roles["recipient"]:
                    if entities(doc).get(key, {}).get("cls") == "Person":
                        set_class(doc, key, "Athlete")
            if draft.type == "Punishment" and not draft.roles.get("target"):
                continue
            doc._.kg_events.append(self._record(draft))
        return doc

    # MedalAward

    def _medal_awards(self, doc: Doc) -> list[Draft]:
        drafts = []
        for token in doc:
            medal = self.medal_words.get(token.lower_)
            if medal is None or token.pos_ not in ("NOUN", "ADJ", "PROPN"):
                continue
            recipients, anchor = self._recipients(token)
            if not recipients:
                continue
            # "A and B each took bronze", "A and B took the bronze medals": a medal apiece
            each = any(c.dep_ == "nsubj" and c.lower_ == "each" for c in anchor.children) or (
                token.head.tag_ == "NNS" and token.head.lemma_.casefold() == "medal"
            )
            for group in [[key] for key in recipients] if each else [recipients]:
                draft = Draft("MedalAward", self._sentence(token), [token.i, anchor.i], 0.8)
                draft.add("medal", medal)
                for key in group:
                    draft.add("recipient", key)
                for event in self._events_near(anchor, token):
                    draft.add("atEvent", event)
                discipline = self._discipline(anchor, token)
                if discipline:
                    draft.add("discipline", discipline)
                drafts.append(draft)
        return drafts

    def _title_awards(self, doc: Doc) -> list[Draft]:
        """Medals a title before or beside a name gives: "World and Commonwealth 100m champion X"
        (gold at each), "Sydney Olympic 200m champion X", "X, the European 1500m champion",
        "Athens Olympic 100m silver medallist X". Only a championship that awards medals counts
        (cue `championship_titles`: a "Wimbledon champion" won a tournament, not a medal)."""
        drafts = []
        for noun in doc:
            medal = self._title_medal(noun)
            if medal is None:
                continue
            holders = self._title_holders(noun)
            if not holders:
                continue
            left = [t for t in noun.subtree if t.i < noun.i]
            events = self._title_events(left)
            if not events:
                continue
            discipline = self._discipline(noun, noun)
            for event in events:
                draft = Draft("MedalAward", self._sentence(noun), [noun.i], 0.7)
                draft.add("medal", medal)
                for key in holders:
                    draft.add("recipient", key)
                draft.add("atEvent", event)
                if discipline:
                    draft.add("discipline", discipline)
                drafts.append(draft)
        return drafts

    def _title_medal(self, noun: Token) -> str | None:
        """ "champion" is gold; "silver medallist" is silver (a medal word right before it)."""
        lemma = noun.lemma_.casefold()
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        if lemma in ("champion", "champ"):
            return "gold"
        if lemma in ("medallist", "medalist") and noun.i > 0:
            return self.medal_words.get(noun.doc[noun.i - 1].lower_.split("-")[0])
        return None

    def _title_holders(self, noun: Token) -> list[str]:
        """The people a title describes: the name it stands before, beside or after "is"."""
        candidates = []
        if noun.dep_ in ("compound", "nmod", "amod", "appos"):
            candidates.append(noun.head)
        candidates += [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            candidates += [c for c in noun.head.children if c.dep_ == "nsubj"]
        keys: list[str] = []
        for token in candidates:
            keys += self.index.phrase_keys(token, ("Person", "Athlete")) + self._conj_keys(token)
        return self._keep(keys, ("Person", "Athlete"))

    def _title_events(self, left: list[Token]) -> list[str]:
        """The championships a title's words name: event mentions, or "world", "Olympic",
        "Commonwealth" (cue `championship_titles`) as the story's event of that name or a new one."""
        found: list[str] = []
        named = False
        for token in left:
            keys = [k for k in self.index.keys(token) if k.startswith("SportingEvent:")]
            named = named or bool(keys)
            found += [k for k in keys if self._awards_medals(k)]
        words = {t.lower_ for t in left}
        for token in left:
            series = self.championship_titles.get(token.lower_)
            if series is None or any(k.startswith("SportingEvent:") for k in self.index.keys(token)):
                continue
            found.append(self._championship(series, indoor="indoor" in words))
        return list(dict.fromkeys(found))

    def _awards_medals(self, event: str) -> bool:
        """A championship or multi-sport Games, not a tournament, race or league."""
        entry = entities(self.doc).get(event, {})
        series = self.gazetteer.series(entry.get("attrs", {}).get("series") or "")
        if series is not None:
            return series.kind in ("championship", "multi-sport")
        return bool(
            {"championship", "championships", "games", "olympics"} & set(fold(entry.get("label", "")).split())
        )

    def _championship(self, name: str, indoor: bool) -> str:
        """The story's event a title word points at ("World Championships"), else a new one."""
        table = entities(self.doc)
        head = fold(name).split()[0]
        named = [
            k
            for k, e in table.items()
            if e["cls"] == "SportingEvent"
            and head in fold(e["label"] + " " + " ".join(e["aliases"])).split()
            and ("indoor" in fold(e["label"])) == indoor
        ]
        if named:
            return named[0]
        label = f"{'World Indoor Championships' if indoor and head == 'world' else name}"
        return add_entity(self.doc, event_key(label), "SportingEvent", label)

    def _implied_awards(self, doc: Doc) -> list[Draft]:
        """Medals the text gives without a medal word.

        "X won the men's 4x100m relay" / "won the 200m butterfly title" (gold),
        "the final was won by X" (gold), "finished third in the team event"
        (bronze). A clause that only says it might happen gives nothing.
        """
        drafts = []
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX") or any(
                c.lower_ in self.possibility for c in verb.children if c.dep_ == "aux"
            ):
                continue
            lemma = verb_lemma(verb, self.medal_verb_forms) or verb.lemma_.casefold()
            medal = None
            recipients: list[str] = []
            discipline = None
            if lemma in ("win", "claim", "take", "clinch", "capture", "seal"):
                for child in verb.children:
                    if child.dep_ == "dobj" and child.lemma_.casefold() in self.contest_nouns:
                        medal = "gold"
                        recipients = self._keep(subjects_of(verb, self.index), RECIPIENT_CLASSES)
                        discipline = self._contest_discipline(child)
                    if child.dep_ == "nsubjpass" and child.lemma_.casefold() in self.contest_nouns:
                        medal = "gold"
                        recipients = self._keep(self._prep_objects(verb, ("by",)), RECIPIENT_CLASSES)
                        discipline = self._contest_discipline(child)
                # "the title she won at the European Championships"
                if verb.dep_ == "relcl" and verb.head.lemma_.casefold() in ("title", "crown"):
                    medal = "gold"
                    recipients = self._clause_subjects(verb)
            elif (
                lemma in ("finish", "come", "place")
                or lemma == "be"
                and any(t.lower_ == "behind" for t in self.doc[verb.i : verb.sent.end])
            ) and not self._standings_finish(verb):
                # "finished third", also when the parser hangs "third" on "behind"; "was third
                # behind X" (a place with no one ahead named is a standing, not a medal)
                for child in [
                    *verb.children,
                    *(g for c in verb.children if c.dep_ == "prep" for g in c.children),
                ]:
                    ordinal = ORDINAL_MEDALS.get(child.lower_)
                    if ordinal and child.dep_ in ("advmod", "npadvmod", "oprd", "dobj", "acomp", "attr"):
                        medal = ordinal
                        recipients = self._keep(subjects_of(verb, self.index), RECIPIENT_CLASSES)
                        discipline = self._discipline(verb, child)
            if medal is None or not recipients:
                continue
            drafts.append(self._verb_award(verb, medal, recipients, discipline))
        return drafts

    def _podium(self, doc: Doc) -> list[Draft]:
        """Medals a sentence gives to others than its subject.

        "X finished third behind winners A and runners-up B" (A gold, B silver);
        "X shared the bronze with B"; "the IBU reallocated the bronze to B"; "X beat
        B into silver". A clause that only says it might happen gives nothing.
        """
        drafts = []
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX") or any(
                c.lower_ in self.possibility for c in verb.children if c.dep_ == "aux"
            ):
                continue
            lemma = verb.lemma_.casefold()
            given: list[tuple[str, list[str]]] = []
            if lemma in ("finish", "come", "place", "be") and not self._standings_finish(verb):
                rank = next(
                    (
                        ORDINAL_MEDALS[c.lower_]
                        for c in [*verb.children, *(g for c in verb.children for g in c.children)]
                        if c.lower_ in ORDINAL_MEDALS
                        and c.dep_ in ("advmod", "npadvmod", "oprd", "dobj", "acomp", "attr")
                    ),
                    None,
                )
                above = {"silver": ["gold"], "bronze": ["gold", "silver"]}.get(rank or "", [])
                given += list(
                    zip(above, [[k] for k in self._ahead(verb)], strict=False)
                )  # fewer ahead: fewer medals
            medal_objects = [
                c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and self._medal_of(c)
            ]
            medal = self._medal_of(medal_objects[0]) if medal_objects else None
            if medal and lemma == "share":
                given.append((medal, self._keep(self._prep_objects(verb, ("with",)), RECIPIENT_CLASSES)))
            if medal and lemma in self.medal_transfer_verbs:
                given.append((medal, self._keep(self._prep_objects(verb, ("to",)), RECIPIENT_CLASSES)))
            if lemma in self.victory_verbs:
                into = next(
                    (
                        self._medal_of(o) or ORDINAL_MEDALS.get(o.lower_)
                        for p in verb.children
                        if p.dep_ == "prep" and p.lower_ == "into"
                        for o in p.children
                        if self._medal_of(o) or o.lower_ in ORDINAL_MEDALS
                    ),
                    None,
                )
                if into:
                    beaten = [k for c in verb.children if c.dep_ == "dobj" for k in self.index.phrase_keys(c)]
                    given.append((into, self._keep(beaten, RECIPIENT_CLASSES)))
            drafts += [self._verb_award(verb, m, keys, None) for m, keys in given if keys]
        return drafts

    def _ahead(self, verb: Token) -> list[str]:
        """Who finished ahead, in order: the names after "behind" ("behind winners the United
        States and runners-up Jamaica", "behind American X, who won ..., and Frenchman Y").

        Read from the mentions, since such lists rarely parse; a nation that only describes the
        next name ("American X", "Japan's X") is skipped.
        """
        sent = verb.sent
        behind = next((t for t in self.doc[verb.i : sent.end] if t.lower_ == "behind"), None)
        if behind is None:
            return []
        found: list[str] = []
        i = behind.i + 1
        while i < sent.end:
            keys = self._keep(self.index.keys(self.doc[i]), RECIPIENT_CLASSES)
            if not keys:
                i += 1
                continue
            mention = next(m for m in self.index.at(self.doc[i]) if set(keys) & set(m["keys"]))
            end = mention["end"]
            nxt = self.doc[end] if end < sent.end else None
            describes = nxt is not None and (
                nxt.lower_ in ("'s", "’s") or self.index.keys(nxt, ("Person", "Athlete", "Team"))
            )
            if not (self.index.cls_of(keys[0]) == "Nation" and describes):
                found += [k for k in keys if k not in found]
            i = max(end, i + 1)
        return found

    def _verb_award(self, verb: Token, medal: str, recipients: list[str], discipline: str | None) -> Draft:
        """A medal a verb implies, at the event named near it."""
        draft = Draft("MedalAward", self._sentence(verb), [verb.i], 0.7)
        draft.add("medal", medal)
        for key in recipients:
            draft.add("recipient", key)
        for event in self._events_near(verb, verb):
            draft.add("atEvent", event)
        draft.add("discipline", discipline)
        return draft

    def _match_results(self, doc: Doc) -> list[Draft]:
        """Medals a deciding match gives: "X beat Y in the final" (X gold, Y silver), "X lost the
        final to Y" (X silver, Y gold), "X beat Y in the match for bronze" (X bronze).
        """
        drafts = []
        for verb in doc:
            if verb.pos_ != "VERB" or any(
                c.lower_ in self.possibility for c in verb.children if c.dep_ == "aux"
            ):
                continue
            lemma = verb.lemma_.casefold()
            won = lemma in self.victory_verbs
            if not won and lemma != "lose":
                continue
            match = next((m for m in self._match_nouns(verb)), None)
            if match is None:
                continue
            at_stake = next(
                (
                    self.medal_words[o.lower_]
                    for p in match.children
                    if p.dep_ == "prep" and p.lower_ == "for"
                    for o in p.children
                    if o.lower_ in self.medal_words
                ),
                "gold",
            )
            subjects = self._keep(subjects_of(verb, self.index), RECIPIENT_CLASSES)
            if won:
                others = [
                    k
                    for c in verb.children
                    if c.dep_ == "dobj"
                    for k in self._keep(self.index.phrase_keys(c), RECIPIENT_CLASSES) + self._conj_keys(c)
                ]
            else:
                others = self._keep(self._prep_objects(verb, ("to", "against")), RECIPIENT_CLASSES)
            winners, losers = (subjects, others) if won else (others, subjects)
            outcomes = [(at_stake, winners)]
            if at_stake == "gold":
                outcomes.append(("silver", losers))
            discipline = self._final_discipline(match) if match.lower_ == "final" else None
            # "In the women's foil, X lost the final to Y"
            discipline = discipline or next(
                (
                    _clean(self.doc[o.left_edge.i : o.right_edge.i + 1])
                    for p in verb.children
                    if p.dep_ == "prep" and p.lower_ == "in"
                    for o in p.children
                    if o.dep_ == "pobj" and o != match and not self.index.keys(o) and o.pos_ == "NOUN"
                ),
                None,
            )
            drafts += [self._verb_award(verb, medal, keys, discipline) for medal, keys in outcomes if keys]
        return drafts

    def _final_discipline(self, final: Token) -> str | None:
        """ "the men's épée final" → "men's épée": the words right before "final"."""
        start = final.i
        while start > final.sent.start and (
            self.doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "PART")
            and not self.index.keys(self.doc[start - 1])
        ):
            start -= 1
        return _clean(self.doc[start : final.i]) if start < final.i else None

    def _match_nouns(self, verb: Token) -> list[Token]:
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
                        o.lower_ in self.medal_words
                        for p in noun.children
                        if p.dep_ == "prep" and p.lower_ == "for"
                        for o in p.children
                    ):
                        found.append(noun)  # "in the match for bronze", "in the play-off for bronze"
        if not found:
            # scores confuse the parser ("beat X 15-11 in the men's épée final"): the word will do
            for tok in self.doc[verb.i + 1 : min(verb.i + 14, verb.sent.end)]:
                if tok.pos_ in ("VERB", "AUX") or tok.text in (";", ":"):
                    break
                if tok.lower_ == "final" and not self.doc[tok.i - 1].lower_.endswith(
                    ("semi", "quarter", "-")
                ):
                    found.append(tok)
                    break
        return found

    def _standings_finish(self, verb: Token) -> bool:
        """ "finished third in the league / in her heat": a place in standings or a round, not a medal."""
        return any(
            (o.lemma_.casefold() in self.standings_nouns or bool(self.standings_phrases.ending_at(o)))
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ in ("in", "of")
            for o in p.children
            if o.dep_ == "pobj"
        )

    def _clause_subjects(self, clause: Token) -> list[str]:
        """Recipients named as a relative clause's own subject: "the medal *she* won"."""
        return self._keep(
            [
                k
                for c in clause.children
                if c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT")
                for k in self.index.phrase_keys(c)
            ],
            RECIPIENT_CLASSES,
        )

    def _contest_discipline(self, noun: Token) -> str | None:
        """ "the men's 4x100m relay" → "men's 4x100m relay"; "the 200m butterfly title" → "200m butterfly"."""
        start = noun.left_edge.i
        while start < noun.i and self.doc[start].pos_ in ("DET", "PRON"):
            start += 1
        end = noun.i + 1 if noun.lemma_.casefold() not in ("title", "crown", "final", "gold") else noun.i
        words = [t for t in self.doc[start:end] if not self.index.keys(t) or self.index.keys(t, ("Sport",))]
        if not words:
            return None
        return _clean(self.doc[words[0].i : words[-1].i + 1])

    def _recipients(self, medal: Token) -> tuple[list[str], Token]:
        """Who won the medal `medal` names, and the token the award hangs on."""
        noun = (
            medal.head if medal.dep_ in ("compound", "amod", "nmod") and medal.head.pos_ == "NOUN" else medal
        )
        # "won silver", "clinched the silver medal", "took gold"
        if noun.dep_ in ("dobj", "attr", "oprd") and (
            verb_lemma(noun.head, self.medal_verb_forms) is not None
            or self.medal_verb_phrases.covering(noun.head)
        ):
            verb = noun.head
            keys = self._keep(subjects_of(verb, self.index), RECIPIENT_CLASSES)
            if len(keys) == 1 and noun.tag_ == "NNS":  # "A and B took the bronze medals", parsed as one
                for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                    keys += [
                        k
                        for t in subject.subtree
                        for k in self.index.keys(t, ("Person", "Athlete"))
                        if k not in keys
                    ]
            return keys or self._distributed_subjects(verb), verb
        # "stripped X of the bronze (medal) she won", "X was stripped of his gold": X had won it
        if noun.dep_ == "pobj" and noun.head.lower_ == "of":
            holder = noun.head.head
            if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ == "dobj":
                verb = holder.head
                keys = self.index.phrase_keys(holder)
            else:
                verb = holder
                keys = subjects_of(verb, self.index, passive=True)
            if verb.lemma_.casefold() in self.strip_verbs:
                keys = self._keep(keys, RECIPIENT_CLASSES)
                if keys:
                    return keys, noun
        # "finished behind for silver", "settled for bronze"
        if medal.dep_ == "pobj" and medal.head.lower_ == "for" and medal.head.head.pos_ == "VERB":
            verb = medal.head.head
            keys = self._keep(subjects_of(verb, self.index), RECIPIENT_CLASSES)
            if keys:
                return keys, verb
        # "the bronze medal she won at the 2012 Olympics"
        for clause in noun.children:
            if clause.dep_ == "relcl" and (
                verb_lemma(clause, self.medal_verb_forms) is not None
                or self.medal_verb_phrases.covering(clause)
            ):
                keys = self._clause_subjects(clause)
                if keys:
                    return keys, clause
        # "the gold-medal-winning team", "the bronze-medalist South Korean team", "silver medallist X"
        chain = medal
        for _ in range(3):
            if chain.head == chain:
                break
            head = chain.head
            if head.pos_ in ("NOUN", "PROPN") and chain.dep_ in (
                "amod",
                "nmod",
                "compound",
                "npadvmod",
            ):
                keys = self._keep(self.index.phrase_keys(head), RECIPIENT_CLASSES)
                if keys and head.lemma_.casefold() not in ("medal",):
                    return keys + self._conj_keys(head), head
                if head.lemma_.casefold() in ("medalist", "medallist", "winner"):
                    for child in head.children:
                        if child.dep_ in ("appos", "compound") or child.pos_ == "PROPN":
                            keys = self._keep(self.index.phrase_keys(child), RECIPIENT_CLASSES)
                            if keys:
                                return keys, head
            chain = head
        # "his silver medal", "X's gold": the owner won it (a stripped medal was still won)
        for child in noun.children:
            if child.dep_ == "poss":
                keys = self._keep(self.index.phrase_keys(child), RECIPIENT_CLASSES)
                if keys:
                    return keys, noun
        # "a gold for X"
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                for pobj in prep.children:
                    keys = self._keep(self.index.phrase_keys(pobj), RECIPIENT_CLASSES)
                    if keys:
                        return keys + self._conj_keys(pobj), noun
        return [], medal

    def _distributed_subjects(self, verb: Token) -> list[str]:
        """ "A and B, the beaten semi-finalists, each took bronze": the names the subject "each"
        or "both" stands for, the first subject named before it and the names joined to it."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in ("each", "both", "all"):
            return []
        for token in verb.sent:
            if token.i >= subject.i:
                break
            if token.dep_ == "nsubj":
                keys = self._keep(self.index.phrase_keys(token), RECIPIENT_CLASSES)
                if keys:
                    return keys + self._conj_keys(token)
        return []

    def _conj_keys(self, token: Token) -> list[str]:
        """Recipients coordinated with `token`, except those with a medal of their own.

        In "the gold-medal-winning Chinese team and the bronze-medalist South
        Korean team" each team gets its own award.
        """
        keys: list[str] = []
        for other in token.conjuncts:
            own = other.doc[other.left_edge.i : other.i]
            if any(self._medal_of(t) for t in own):
                continue
            keys += self._keep(self.index.phrase_keys(other), RECIPIENT_CLASSES)
        return keys

    def _medal_of(self, token: Token) -> str | None:
        low = token.lower_
        return self.medal_words.get(low) or next(
            (m for w, m in self.medal_words.items() if " " not in w and low.startswith(w + "-")),
            None,
        )

    def _discipline(self, anchor: Token, medal: Token) -> str | None:
        """'in the mixed team event', 'in the men's 100 metres': an 'in' phrase that is no entity.

        Else the words before the medal in its own phrase: "the 200m butterfly
        gold", "its figure skating team event bronze medal".
        """
        for head in (medal.head if medal.dep_ == "compound" else medal, anchor):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "in":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj" and not self.index.keys(pobj):
                            return _clean(self.doc[pobj.left_edge.i : pobj.right_edge.i + 1])
        return self._modifier_discipline(medal)

    def _modifier_discipline(self, medal: Token) -> str | None:
        noun = (
            medal.head if medal.dep_ in ("compound", "amod", "nmod") and medal.head.pos_ == "NOUN" else medal
        )
        words: list[Token] = []
        for tok in self.doc[noun.left_edge.i : medal.i]:
            if tok.pos_ in ("DET", "PRON", "PUNCT", "ADP", "VERB") or tok.dep_ == "poss":
                words = []
                continue
            if self.index.keys(tok) and not self.index.keys(tok, ("Sport",)) or self._medal_of(tok):
                words = []
                continue
            if tok.lower_ in ("olympic", "medal", "world", "title"):
                words = []
                continue
            words.append(tok)
        if not words or not any(t.pos_ in ("NOUN", "NUM", "PROPN") for t in words):
            return None
        return _clean(self.doc[words[0].i : words[-1].i + 1])

    def _discipline_spans(self, sentence: Span) -> list[Span]:
        """Phrases in `sentence` that name a discipline: "the men's 200m butterfly", "women's -57kg",
        "the under-81kg division", "team sabre", "women's hockey".

        A run of gender words, discipline words (`discipline_words`), sports, measures and their
        units, closed by a generic word ("event", "division"), counts when it holds a discipline
        word or a measure, a weak word ("team") with a generic one ("team event"), or a sport
        with a gender or generic word ("men's football tournament"; "football players" is none).
        """
        core = {i for _, s, e in self.discipline_matcher(sentence) for i in range(s, e)}
        spans: list[Span] = []
        run: list[Token] = []
        kinds: set[str] = set()

        def close() -> None:
            while run and run[-1].lower_ in {"'s", "’s"} | self.discipline_gender:
                run.pop()
            before = self.doc[run[0].i - 1] if run and run[0].i > 0 else None
            if kinds == {"core", "unit"} and before is not None and before.lower_ in self.race_segment_words:
                run.clear()  # "over the final 40 metres": a stretch of the race
            if run and (
                "core" in kinds
                or {"weak", "generic"} <= kinds
                or "sport" in kinds
                and kinds & {"gender", "generic"}  # "women's hockey"
            ):
                spans.append(self.doc[run[0].i : run[-1].i + 1])
            run.clear()
            kinds.clear()

        for tok in sentence:
            low = tok.lower_
            other_entity = self.index.keys(tok) and not self.index.keys(tok, ("Sport",))
            if other_entity:
                kind = None
            elif tok.i in core:
                kind = "core"
            elif self.index.keys(tok, ("Sport",)):
                kind = "sport"
            elif self._is_measure(tok):
                kind = "core"
            elif low in self.measure_units and run and self._is_measure(run[-1]):
                kind = "unit"
            elif low in self.discipline_gender or (
                low in ("'s", "’s") and run and run[-1].lower_ in self.discipline_gender
            ):
                kind = "gender"
            elif low in self.discipline_weak:
                kind = "weak"
            elif low in self.discipline_generic and run:
                kinds.add("generic")
                if low not in self.discipline_dropped:
                    run.append(tok)
                close()
                continue
            else:
                kind = None
            if kind is None:
                close()
                continue
            if kind == "gender" and kinds - {"gender"}:
                close()  # "men's" opens a new phrase
            run.append(tok)
            kinds.add(kind)
        close()
        return spans

    def _is_measure(self, tok: Token) -> bool:
        """ "200m", "-57kg", or a number its unit follows ("4x100 metres", "60 kg"); not a score or a year."""
        match = MEASURE.match(tok.lower_)
        if match is None:
            return False
        if match["unit"]:
            return match["unit"] in self.measure_units
        nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ in self.measure_units

    def _settle_discipline(self, draft: Draft) -> None:
        """Keep the discipline a draft found when it names one; else take the discipline phrase
        nearest the award in its sentence ("won bronze in Wuxi, in the men's -68kg")."""
        anchors = [self.doc[i] for i in draft.tokens]
        spans = [s for a in anchors for s in self._discipline_spans(a.sent)]
        texts = {fold(_clean(s)): _clean(s) for s in spans}
        # a value that holds a discipline phrase is kept as that phrase ("team event in Milan")
        kept = [
            next((text for folded, text in texts.items() if folded in fold(v)), v)
            for v in draft.roles.get("discipline", [])
            if any(folded in fold(v) for folded in texts)
        ]
        if not kept and spans:
            nearest = min(spans, key=lambda s: min(abs(s.start - a.i) for a in anchors))
            kept = [_clean(nearest)]
        if kept:
            draft.roles["discipline"] = kept
        else:
            draft.roles.pop("discipline", None)

    # Punishment

    def _punishments(self, doc: Doc) -> list[Draft]:
        drafts = []
        seen: set[int] = set()
        for _, start, end in self.phrase_matcher(doc):
            span = doc[start:end]
            kind = self.phrase_types.get(span.text.casefold())
            verb = span.root if span.root.pos_ in ("VERB", "AUX") else span[0]
            draft = self._from_verb(verb, kind or span.text, span)
            if draft:
                drafts.append(draft)
                seen.update(range(start, end))
        for _, start, end in self.noun_matcher(doc):
            if seen & set(range(start, end)) or self._in_play(doc[start:end]):
                continue
            span = doc[start:end]
            draft = self._from_noun(span)
            if draft:
                drafts.append(draft)
                seen.update(range(start, end))
        for token in doc:
            lemma = verb_lemma(token, self.punishment_verb_forms)
            kind = self.punishment_verbs.get(lemma) if lemma else None
            if kind and token.pos_ == "VERB" and token.i not in seen:
                draft = self._from_verb(token, kind, doc[token.i : token.i + 1])
                if draft:
                    drafts.append(draft)
            elif kind and token.i not in seen and token.lower_.endswith("s"):
                draft = self._from_headline_noun(token, kind)
                if draft:
                    drafts.append(draft)
        for _, start, end in self.weak_matcher(doc):
            span = doc[start:end]
            verb = span.root.head if span.root.head.pos_ in ("VERB", "AUX") else span.root
            while verb.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl") and verb.head != verb:
                verb = verb.head
            targets = self._keep(subjects_of(verb, self.index), TARGET_CLASSES)
            if targets:
                draft = Draft("Punishment", self._sentence(span[0]), [span.start], 0.5, weak=True)
                for key in targets:
                    draft.add("target", key)
                draft.add("status", "possible")
                self._common_roles(draft, verb, span)
                drafts.append(draft)
        return drafts

    def _from_headline_noun(self, word: Token, kind: str) -> Draft | None:
        """ "FIH expels Pakistan from Pro League", "UEFA fines Chelsea": in a headline the tagger
        often reads the verb as a plural noun. Between a body and a name it is the verb."""
        sent = word.sent
        if word.tag_ != "NNS" or word.i == sent.start or word.i + 1 >= sent.end:
            return None
        imposers = self._keep(self.index.keys(self.doc[word.i - 1]), IMPOSER_CLASSES)
        targets = self._keep(self.index.keys(self.doc[word.i + 1]), TARGET_CLASSES)
        if not imposers or not targets or set(imposers) & set(targets):
            return None
        draft = Draft("Punishment", self._sentence(word), [word.i], 0.6)
        for key in targets:
            draft.add("target", key)
        for key in imposers:
            draft.add("imposedBy", key)
        draft.add("punishmentType", kind)
        draft.add("status", self._status(word, None))
        self._common_roles(draft, word, self.doc[word.i : word.i + 1])
        return draft

    def _owner_targets(self, noun: Token) -> list[str]:
        """ "(All of) her results were annulled", "his medals were withdrawn": the owner of the
        results or medals is the one sanctioned."""
        if (
            noun.lemma_.casefold() not in self.non_referent_nouns
            and not self.non_referent_phrases.ending_at(noun)
            and noun.lower_ not in ("all", "some")
        ):
            return []
        owned = [
            noun,
            *(o for p in noun.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"),
        ]
        return self._keep(
            [k for n in owned for c in n.children if c.dep_ == "poss" for k in self.index.phrase_keys(c)],
            TARGET_CLASSES,
        )

    def _name_referents(self, draft: Draft) -> None:
        """Targets described before they are named: "Four players ... have been banned. Goalkeeper
        A and defenders B and C, and midfielder D ..." (the four people named next), "The team's
        pitching coach has been suspended. The pitching coach, X, ..." (the next person of that role).
        """
        targets = draft.roles.get("target", [])
        for key in [k for k in targets if self.index.cls_of(k) == "Referent"]:
            mention = next((m for m in mentions(self.doc) if m["keys"] == [key]), None)
            if mention is None:
                continue
            head = self.doc[mention["end"] - 1]
            later = self._people_named_after(mention, 2 if head.tag_ == "NNS" else 4)
            count = next(
                (self.number_words.get(c.lower_) for c in head.children if c.dep_ == "nummod"),
                None,
            )
            named: list[str] = []
            if count and head.tag_ == "NNS" and len(later) >= count:
                named = later[:count]
            elif head.tag_ == "NN":
                role = head.lemma_.casefold()
                named = [
                    k
                    for k in later
                    if role in str(entities(self.doc).get(k, {}).get("attrs", {}).get("role", "")).split()
                ][:1]
            if named:
                i = targets.index(key)
                targets[i : i + 1] = [k for k in named if k not in targets]

    def _people_named_after(self, mention: dict[str, Any], sentences: int) -> list[str]:
        """People first named after `mention`, within the next `sentences` sentences, in reading order."""
        first_seen: dict[str, int] = {}
        for m in mentions(self.doc):
            for key in m["keys"]:
                if self.index.cls_of(key) in ("Person", "Athlete") and m["kind"] in ("name", "alias"):
                    first_seen[key] = min(first_seen.get(key, m["start"]), m["start"])
        last = min(self._sentence(self.doc[mention["start"]]) + sentences, len(self.sentences) - 1)
        limit = self.sentences[last].end
        return [
            k
            for k, start in sorted(first_seen.items(), key=lambda kv: kv[1])
            if mention["end"] <= start < limit
        ]

    def _in_play(self, span: Span) -> bool:
        """ "a penalty corner", "saved two penalties", "a yellow card" shown in a match: the
        game's own rules at work, not a sanction (cue in_play_words)."""
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if after is not None and (
            after.lower_ in self.in_play_words or self.in_play_phrases.starting_at(after)
        ):
            return True
        head = span.root.head
        return head.pos_ == "VERB" and head.lemma_.casefold() in self.in_play_words

    def _from_noun(self, span: Span) -> Draft | None:
        noun = span.root
        while noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ == "NOUN":
            noun = noun.head  # "public criticism" in "a public criticism session"
        if noun != span.root:
            span = span.doc[span.start : noun.i + 1]
        governor = noun.head
        targets: list[str] = []
        imposers: list[str] = []
        if noun.dep_ in ("dobj", "attr", "nsubjpass") and governor.pos_ in ("VERB", "AUX"):
            # "may face disciplinary action", "underwent a cleanse", "was handed a ban"
            passive = any(c.dep_ == "nsubjpass" for c in governor.children) and noun.dep_ != "nsubjpass"
            targets = subjects_of(governor, self.index, passive=passive)
            if noun.dep_ == "nsubjpass":  # "a ban was imposed on X"
                targets = self._prep_objects(governor, ("on", "against"))
                # "was imposed by Y"; not "was overturned by Y" (Y undid it)
                denied = (
                    governor.lemma_.casefold() in self.denial
                    or governor.lower_ in self.denial
                    or bool(self.denial_phrases.covering(governor))
                )
                imposers = [] if denied else self._prep_objects(governor, ("by",))
            elif not passive and (
                governor.lemma_.casefold() in self.giving_verbs or self.giving_phrases.starting_at(governor)
            ):
                imposers = targets
                targets = self._prep_objects(governor, ("on", "to", "against")) + [
                    k
                    for c in governor.children
                    if c.dep_ in ("dative", "iobj")
                    for k in self.index.phrase_keys(c)
                ]
        elif noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.head.pos_ in ("VERB", "AUX"):
            # "were subjected to a criticism session", "could result in punishments"
            verb = governor.head
            passive = any(c.dep_ == "nsubjpass" for c in verb.children)
            targets = subjects_of(verb, self.index, passive=passive)
            # "subjected the players to ...", "issued the squad with a warning": the object is sanctioned
            if not passive and verb.lemma_.casefold() in self.sentencing_verbs.get(governor.lower_, ()):
                imposers = targets
                targets = [k for c in verb.children if c.dep_ == "dobj" for k in self.index.phrase_keys(c)]
            governor = verb
        # "he had not asked for any sanction", "rivals demanded a ban": who asks is not sanctioned
        requested = governor.lemma_.casefold() in self.request_verbs and noun.dep_ != "nsubjpass"
        if requested:
            targets, imposers = [], []
        for child in noun.children:
            if child.dep_ == "poss":  # "X's ban"
                targets = targets or self.index.phrase_keys(child)
            # "the ban on X (was annulled)": X's ban
            if child.dep_ == "prep" and child.lower_ in ("on", "against") and not targets:
                targets = self._keep(
                    [k for o in child.children if o.dep_ == "pobj" for k in self.index.phrase_keys(o)],
                    ("Person", "Athlete", "Team", "Nation", "Organization"),
                )
            # "(overturned) the ban imposed on X by Y": X's ban, whoever governs the noun
            if child.dep_ == "acl" and (
                child.lemma_.casefold() in self.giving_verbs or self.giving_phrases.starting_at(child)
            ):
                imposed_on = self._keep(self._prep_objects(child, ("on", "to", "against")), TARGET_CLASSES)
                if imposed_on:
                    targets = imposed_on
                    imposers = self._prep_objects(child, ("by",))
        # "called the sanction disproportionate": a sanction told before, not a new one
        weak = noun.lower_ in GENERIC_TYPES and (not targets or _is_definite_noun(noun))
        targets = self._keep(targets, TARGET_CLASSES)
        if governor.pos_ in ("VERB", "AUX") and governor != noun:
            targets = self._described_instead(
                targets, [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")]
            )
        if not targets and governor.pos_ in ("VERB", "AUX") and governor != noun and not requested:
            # "players were subjected to ...", "the coach faces ...": people named by description
            subjects = [
                c
                for c in governor.children
                if c.dep_ in ("nsubj", "nsubjpass") and c.i not in range(span.start, span.end)
            ]
            targets = self._referent_targets(subjects[0], governor) if subjects else []
        draft = Draft(
            "Punishment",
            self._sentence(noun),
            [noun.i],
            0.8 if targets else 0.4,
            weak=weak or not targets,
        )
        for key in targets:
            draft.add("target", key)
        for key in self._keep(imposers, IMPOSER_CLASSES):
            draft.add("imposedBy", key)
        draft.add("punishmentType", _type_text(span))
        draft.add("status", self._status(governor, noun))
        self._common_roles(draft, governor, span)
        return draft

    def _from_verb(self, verb: Token, kind: str, span: Span) -> Draft | None:
        passive = (
            any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            or verb.tag_ == "VBN"
            and verb.dep_ == "acl"
            or _headline_passive(verb)
            or _shares_passive(verb)
        )
        if passive:
            targets = subjects_of(verb, self.index, passive=not _headline_passive(verb))
            imposers = self._prep_objects(verb, ("by",))
        else:
            # "fined his club 50,000 euros": the one fined is the indirect object
            targets = [
                k
                for c in verb.children
                if c.dep_ in ("dobj", "dative")
                for m in [c, *c.conjuncts]
                for k in self.index.phrase_keys(m)
            ]
            imposers = subjects_of(verb, self.index) or [
                key for c in verb.children if c.dep_ == "nsubj" for key in self._body_of(c)
            ]
        targets = self._descriptors_dropped(self._keep(targets, TARGET_CLASSES))
        object_deps = ("nsubjpass", "dative", "dobj", *(("nsubj",) if _headline_passive(verb) else ()))
        targets = self._described_instead(targets, [c for c in verb.children if c.dep_ in object_deps])
        if not targets:
            objects = sorted(
                (c for c in verb.children if c.dep_ in object_deps), key=lambda c: object_deps.index(c.dep_)
            )
            if _shares_passive(verb):  # "the club was fined ... and docked nine points": the club
                objects = [c for c in verb.head.children if c.dep_ == "nsubjpass"] + objects
            targets = self._owner_targets(objects[0]) if objects else []
            if not targets and objects:
                targets = self._referent_targets(objects[0], verb)
        if not targets:
            return None
        draft = Draft("Punishment", self._sentence(verb), [verb.i], 0.8)
        for key in targets:
            draft.add("target", key)
        for key in self._keep(imposers, IMPOSER_CLASSES):
            draft.add("imposedBy", key)
        draft.add("punishmentType", kind)
        draft.add("status", self._status(verb, None))
        self._common_roles(draft, verb, span)
        return draft

    def _common_roles(self, draft: Draft, governor: Token, span: Span) -> None:
        reason, reason_span = self._reason(governor, span)
        if reason:
            draft.add("reason", reason)
        sentence = span.sent
        for key in self._reporters(sentence) or self._case_reporters(sentence):
            draft.add("reportedBy", key)
        region = reason_span if reason_span is not None else sentence
        for t in region:
            for key in self.index.keys(t, ("SportingEvent",)):
                draft.add("relatedEvent", key)
        draft.spans.append((sentence.start, sentence.end))

    def _reason(self, governor: Token, span: Span) -> tuple[str | None, Span | None]:
        """'for smiling ...', 'over a positive test', 'Following X's disappointing performance ...'."""
        candidates = [span.root, governor]
        node = governor
        # "suspended X for racist abuse and fined his club": a sanction on someone else does not
        # share the first one's reason
        while node.head != node and node.dep_ in ("conj", "xcomp", "ccomp", "advcl"):
            if node.dep_ == "conj" and any(c.dep_ == "dative" for c in node.children):
                break
            node = node.head
            candidates.append(node)
        # "banned for two seasons and fined 1.5 million euros for breaching ...": the reason of
        # one of two joined sanctions gives the other's
        if not any(c.dep_ == "dative" for c in governor.children):
            candidates += [c for c in governor.conjuncts if c.pos_ == "VERB"]
        # the parser hangs the reason on the ban's length or the fine's amount: "banned for four
        # years after a positive test", "fined 1.5 million euros for breaching ..."
        candidates += [
            o
            for head in list(candidates)
            for o in [
                *(c for c in head.children if c.dep_ == "dobj"),
                *(g for p in head.children if p.dep_ == "prep" and p.lower_ == "for" for g in p.children),
            ]
            if o.lemma_.casefold() in TIME_UNITS or any(n.dep_ == "nummod" for n in o.children)
        ]
        for head in candidates:
            for prep in head.children:
                marker = prep.lower_
                # "because of doping", "on suspicion of match fixing", "accused of doping": the words
                # after a reason phrase that opens the child ("for failing to ...": from "failing" on)
                phrase = self.reason_phrases.starting_at(prep) if prep.i > head.i else []
                if phrase:
                    _, start, end = phrase[0]
                    links = [t.i for t in self.doc[start:end] if t.pos_ in ("ADP", "SCONJ", "PART")]
                    start = links[-1] + 1 if links else end
                    if start <= prep.right_edge.i:
                        region = self.doc[start : prep.right_edge.i + 1]
                        return _clean(region), region
                if prep.dep_ == "prep" and marker in self.reason_markers:
                    objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
                    for obj in objs:
                        if obj.lemma_.casefold() in TIME_UNITS or any(
                            c.dep_ == "nummod" for c in obj.children
                        ):
                            continue
                        if self.index.keys(obj, ("Person", "Athlete")) and obj.dep_ == "pobj":
                            continue
                        if obj.lemma_.casefold() == "reason":
                            after = [t for t in head.sent if t.i > obj.i and t.text == ":"]
                            if after:
                                rest = self.doc[after[0].i + 1 : head.sent.end]
                                return _clean(rest), rest
                        region = self.doc[obj.left_edge.i : obj.right_edge.i + 1]
                        return _clean(region), region
        # "expelled after the squad failed to travel", "could be banned after he unfurled a banner"
        for head in candidates[:2]:
            for clause in head.children:
                marks = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in self.reason_markers]
                if clause.dep_ == "advcl" and marks and clause.i > head.i:
                    region = self.doc[marks[0].i + 1 : clause.right_edge.i + 1]
                    return _clean(region), region
        return None, None

    def _status(self, governor: Token, noun: Token | None) -> str:
        tokens = [governor, *governor.children]
        if noun is not None:
            tokens += list(noun.children)
        # the verbs the sanction is the complement of ("did not want to ban X", "may be set to
        # face a ban"), not those of a clause it only sits in ("did not reach the final after the
        # team was disqualified", "under the suspension, the flag will not be used")
        node = governor
        for _ in range(2):
            if node.dep_ not in ("xcomp", "ccomp", "aux", "auxpass") or node.head.i == node.i:
                break
            # "X sacks coach, players face ...": a clause spliced on before a comma keeps its own mood
            if (
                node.dep_ == "ccomp"
                and node.i < node.head.i
                and any(t.text == "," for t in node.doc[node.i : node.head.i])
            ):
                break
            node = node.head
            tokens += [node, *node.children]
        tokens = [t for t in tokens if t.tag_ not in ("NNP", "NNPS")]  # "May 2" is a date
        if noun is None and verb_lemma(governor, self.punishment_verb_forms):  # "results were annulled"
            tokens = [t for t in tokens if t != governor]
        words = {t.lower_ for t in tokens} | {t.lemma_.casefold() for t in tokens}
        if (
            any(t.dep_ == "neg" for t in tokens)
            or words & self.denial
            or any(self.denial_phrases.covering(t) for t in tokens)
        ):
            return "denied"
        if noun is not None and any(c.lower_ == "no" and c.dep_ == "det" for c in noun.children):
            return "denied"
        if words & self.possibility:
            return "possible"
        if self.possibility_phrases.in_span(governor.sent):
            return "possible"
        return "actual"

    def _announcer(self, draft: Draft) -> str | None:
        """The sports body that is the subject of an attribution verb in a sentence of the draft
        (a headline merged with its lead has the lead's), or of the next sentence when that one
        announces "the sanction" ("The sanctions were announced on Wednesday by the ITIA")."""
        own = sorted({draft.sentence} | {self._sentence(self.doc[i]) for i in draft.tokens})
        numbers = own + [own[-1] + 1] if own[-1] + 1 < len(self.sentences) else own
        for token in (t for n in numbers for t in self.sentences[n]):
            if token.lemma_.casefold() not in self.attribution_verbs:
                continue
            announced = [c for c in token.children if c.dep_ == "nsubjpass" and c.lower_ in GENERIC_TYPES]
            if self._sentence(token) not in own and not any(_is_definite_noun(c) for c in announced):
                continue
            # "the sanctions were announced by the ITIA"; "..., the board said" (the body named before)
            speakers = subjects_of(token, self.index) + self._prep_objects(token, ("by",))
            bodies = [c for c in token.children if c.dep_ == "nsubj" and _is_definite_noun(c)]
            bodies = [c for c in bodies if c.lemma_.casefold() in self.org_reference_nouns]
            speakers += [
                org
                for c in bodies
                for org in [recent_org(self.doc, c.i, c.lemma_.casefold(), self.gazetteer.is_outlet)]
                if org is not None
            ]
            for key in speakers:
                entry = entities(self.doc).get(key)
                if entry and entry["cls"] in ("Organization",) and not self._is_outlet(key):
                    return key
        return None

    def _deciding_body(self, draft: Draft) -> str | None:
        """The sports body whose meeting or ruling a sanction waits on: the subject of a "when",
        "once" or "if" clause of the sanction's verb ("when the board of X meets next month")."""
        for i in draft.tokens:
            verb = self.doc[i] if self.doc[i].pos_ in ("VERB", "AUX") else self.doc[i].head
            for clause in (c for c in verb.children if c.dep_ == "advcl"):
                if not any(
                    c.dep_ in ("mark", "advmod") and c.lower_ in DECISION_MARKERS for c in clause.children
                ):
                    continue
                for subject in (c for c in clause.children if c.dep_ == "nsubj"):
                    for token in subject.subtree:
                        for key in self.index.keys(token, ("Organization",)):
                            if not self._is_outlet(key):
                                return key
        return None

    def _reporters(self, sentence: Span) -> list[str]:
        text = sentence.text.casefold()
        cued = any(p in text for p in self.attribution_phrases if " " not in p)
        cued = (
            cued
            or bool(self.attribution_matcher.in_span(sentence))
            or any(
                t.lemma_.casefold() in self.attribution_verbs or t.lower_ == "reportedly" for t in sentence
            )
        )
        if not cued:
            return []
        found: list[str] = []
        for token in sentence:
            keys = self.index.keys(token, ("Organization",))
            outlet = token.lemma_.casefold() in self.outlet_nouns or self.outlet_phrases.ending_at(token)
            # "..., the outlet reported"; not "the state news agency Kabar", which names its own
            named = token.i + 1 < len(self.doc) and self.doc[token.i + 1].pos_ == "PROPN"
            if not keys and outlet and _is_definite_noun(token) and not named:
                keys = self._outlet_before(token.i)
            for key in keys:
                if self._is_outlet(key) and key not in found:
                    found.append(key)
        return found

    def _case_reporters(self, sentence: Span) -> list[str]:
        """The outlet of the next sentence when it reports "the case" or "the ban" itself: "The
        case had first been reported by the newspaper X"."""
        n = self._sentence(sentence.root)
        if n + 1 >= len(self.sentences):
            return []
        following = self.sentences[n + 1]
        subject = next((t for t in following if t.dep_ in ("nsubj", "nsubjpass")), None)
        if not (
            subject is not None
            and _is_definite_noun(subject)
            and subject.lemma_.casefold() in self.case_nouns
        ):
            return []
        return self._reporters(following)

    def _outlet_before(self, i: int) -> list[str]:
        named = [
            (m["start"], key)
            for m in mentions(self.doc)
            if m["start"] < i
            for key in m["keys"]
            if self._is_outlet(key)
        ]
        return [max(named)[1]] if named else []

    def _is_outlet(self, key: str) -> bool:
        """A news outlet by the gazetteer, or by what the text calls it ("state newspaper X")."""
        entry = entities(self.doc).get(key, {})
        return entry.get("label") in self.gazetteer.outlets or described_outlet(entry)

    def _referent_targets(self, noun: Token, governor: Token) -> list[str]:
        """A sanction on people named only by description: "players", "the coach"."""
        if (
            not (noun.pos_ == "NOUN" or noun.pos_ == "PROPN" and noun.is_lower)
            or noun.lemma_.casefold() in GENERIC_TYPES
        ):
            return []
        if noun.ent_type_ in ("MONEY", "DATE", "TIME", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"):
            return []  # "fined 1.5 million euros", "suspended weeks after": no one is named
        if (
            noun.lemma_.casefold() in self.non_referent_nouns
            or noun.lower_ in self.non_referent_nouns
            or self.non_referent_phrases.ending_at(noun)
        ):
            return []  # "disqualified his results", "annulled the elections"
        words = [t for t in noun.lefts if t.dep_ in ("amod", "compound") and not t.is_punct] + [noun]
        # "the club was fined", "the federation was suspended": the one named before
        lemma = noun.lemma_.casefold()
        # "Guatemala's swimming federation": the article's body of that nation, else the nation
        owners = [k for c in noun.children if c.dep_ == "poss" for k in self.index.keys(c, ("Nation",))]
        if lemma in self.org_reference_nouns and owners:
            return [self._nation_body(owners[0], words) or owners[0]]
        # "the club", "his club", and a bare "club" in a headline ("X banned, club fined")
        owned = any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children)
        bare = noun.sent.start == 0 and not any(c.dep_ in ("det", "poss") for c in noun.children)
        referring = _is_definite_noun(noun) or owned or bare
        if lemma in self.org_reference_nouns and noun.tag_ == "NN" and referring:
            org = recent_org(self.doc, noun.i, lemma, self.gazetteer.is_outlet)
            if org is not None:
                return [org]
        described = self._described_athlete(noun, words)
        if described is not None:
            return [described]
        # "dismissed media reports", "criticising his performances": no one punished; the end of
        # a hyphenated name the tagger split ("Song-hui") is a name, not a noun
        split_name = noun.i >= 2 and self.doc[noun.i - 1].text == "-" and self.doc[noun.i - 2].is_title
        if not (self._names_people(noun) or split_name):
            return []
        label = " ".join(t.text for t in words)
        if (
            not label
            or label.casefold() in ("process", "it", "this")
            or self.noun_matcher(self.doc[words[0].i : noun.i + 1])
        ):
            return []  # a sanction is not its own target ("the ban would run ...")
        doc_id = str(self.doc.user_data.get("kg_doc_id", ""))
        key = f"Referent:{doc_id}:{fold(label)}"
        add_entity(self.doc, key, "Referent", label.lower() if noun.i != noun.sent.start else label)
        add_mention(self.doc, words[0].i, noun.i + 1, [key], "Referent", kind="description")
        self.index = MentionIndex(self.doc)
        return [key]

    def _names_people(self, noun: Token) -> bool:
        """A noun that can stand for people punished: a role, a practitioner, a team or body,
        or a word for people (cue `person_nouns`)."""
        lemma, low = noun.lemma_.casefold(), noun.lower_
        return bool(
            {lemma, low} & self.people_nouns
            or self.gazetteer.sport_of_practitioner(lemma) is not None
            or self.gazetteer.sport_of_practitioner(low) is not None
        )

    def _nation_body(self, nation: str, words: list[Token]) -> str | None:
        """The one organisation or team of `nation` whose name holds all of `words`."""
        wanted = set(fold(" ".join(t.text for t in words)).split())
        iso = nation.split(":", 1)[1]
        found = [
            key
            for key, entry in entities(self.doc).items()
            if entry["cls"] in ("Organization", "Team")
            and entry.get("attrs", {}).get("nation") == iso
            and wanted <= set(fold(entry["label"]).split())
        ]
        return found[0] if len(found) == 1 else None

    def _described_instead(self, targets: list[str], heads: list[Token]) -> list[str]:
        """ "Kyrgyz boxer faces ban": the boxer, not Kyrgyzstan, when the article names one."""
        if not targets or any(self.index.cls_of(k) != "Nation" for k in targets):
            return targets
        for head in heads:
            if head.pos_ == "NOUN" and not self.index.keys(head):
                words = [t for t in head.lefts if t.dep_ in ("amod", "compound")] + [head]
                described = self._described_athlete(head, words)
                if described is not None:
                    return [described]
        return targets

    def _descriptors_dropped(self, targets: list[str]) -> list[str]:
        """ "suspended Fjordby FK defender X": the club only says whose player X is. A body or
        nation named right before a target person's name, bar a role word, is not a target."""
        people = {k for k in targets if self.index.cls_of(k) in ("Person", "Athlete")}
        if not people or len(people) == len(targets):
            return targets
        starts = {m["start"] for m in mentions(self.doc) if set(m["keys"]) & people}
        described: set[str] = set()
        for m in mentions(self.doc):
            if any(k in targets and k not in people for k in m["keys"]):
                gap = self.doc[m["end"] : min(m["end"] + 2, len(self.doc))]
                if any(m["end"] + n in starts and all(t.is_lower for t in gap[:n]) for n in (0, 1, 2)):
                    described.update(m["keys"])
        return [k for k in targets if k not in described]

    def _described_athlete(self, noun: Token, words: list[Token]) -> str | None:
        """ "Kyrgyz boxer" in a headline: the one person of that nation and sport the article names.
        A noun tagged plural whose lemma is itself ("judoka") may be singular too."""
        if noun.tag_ != "NN" and not (noun.tag_ == "NNS" and noun.lemma_.casefold() == noun.lower_):
            return None
        nations = {k for t in words for k in self.index.keys(t, ("Nation",))}
        practitioner = self.gazetteer.sport_of_practitioner(noun.text)
        if not nations and practitioner is None:
            return None
        facts: dict[str, set[tuple[str, str]]] = {}
        for relation in self.doc._.kg_relations or []:
            facts.setdefault(relation["subject"], set()).add((relation["predicate"], relation["object"]))
        sport_key = f"Sport:{fold(practitioner.label)}" if practitioner is not None else None
        found = [
            key
            for key, entry in entities(self.doc).items()
            if entry["cls"] in ("Person", "Athlete")
            and all(("nationality", n) in facts.get(key, set()) for n in nations)
            and (sport_key is None or ("playsSport", sport_key) in facts.get(key, set()))
        ]
        return found[0] if len(found) == 1 else None

    def _prep_objects(self, verb: Token, preps: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        candidates = list(verb.children)
        if "by" in preps:  # "banned for six matches by X": the agent attached one level down
            candidates += [
                c
                for p in verb.children
                if p.dep_ == "prep"
                for o in p.children
                if o.dep_ == "pobj"
                for c in o.children
                if c.lower_ == "by"
            ]
        for prep in candidates:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        for member in [pobj, *pobj.conjuncts]:
                            found += self.index.phrase_keys(member) or self._body_of(member)
        return found

    def _body_of(self, noun: Token) -> list[str]:
        """ "the Competition Committee of the federation", "the commissaires' panel of the UCI":
        an organ that is not itself an entity acts for the body it belongs to."""
        if noun.lemma_.casefold() not in self.org_reference_nouns:
            return []
        return [
            key
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
            for key in self._keep(self.index.phrase_keys(pobj), ("Organization",))
        ]

    # context and merging

    def _same_punishment(self, a: Draft, b: Draft) -> bool:
        if a.first("status") != b.first("status"):
            return False
        if not set(a.roles.get("target", [])) & set(b.roles.get("target", [])):
            return False
        ta, tb = (fold(x.first("punishmentType") or "") for x in (a, b))
        if a.weak or b.weak or not ta or not tb or ta == tb:
            return True
        # "banned for 10 matches" in the headline, "suspended for 10 matches" in the lead
        length = self._length(self.doc[a.tokens[0]])
        if length is not None and length == self._length(self.doc[b.tokens[0]]):
            return True
        generic = {fold(g) for g in GENERIC_TYPES}
        if ta in generic or tb in generic:  # "the club itself was punished": a sanction told before
            return True
        return bool(set(ta.split()) & generic or set(tb.split()) & generic or ta in tb or tb in ta) and (
            abs(a.sentence - b.sentence) <= 3
        )

    def _length(self, trigger: Token) -> tuple[float, str] | None:
        """How long a sanction runs, in months or in its own unit: "banned for a year" and
        "a 12-month ban" → (12, "month"), "suspended for 10 matches" → (10, "match")."""
        phrases = [
            o for p in trigger.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children
        ] + [c for c in trigger.children if c.dep_ in ("amod", "compound", "nmod")]
        for phrase in phrases:
            words = [t.lower_ for t in phrase.subtree if not t.is_punct]
            for n, word in enumerate(words):
                unit = word.removesuffix("es") if word.endswith("ches") else word.removesuffix("s")
                if unit not in TIME_UNITS or n == 0:
                    continue
                count: float | None = self.number_words.get(words[n - 1]) or (
                    1 if words[n - 1] in ("a", "an", "one") else None
                )
                if count is None and words[n - 1].replace(".", "", 1).isdigit():
                    count = float(words[n - 1])
                if count is not None:
                    return (count * 12, "month") if unit == "year" else (float(count), unit)
        return None

    def _fill_context(self, draft: Draft, salient: str | None, drafts: list[Draft]) -> None:
        if draft.type == "MedalAward" and not draft.roles.get("discipline"):
            discipline = self._race_discipline(draft, drafts)
            if discipline:
                draft.add("discipline", discipline)
                draft.confidence = min(draft.confidence, self.context_confidence + 0.2)
        role = "atEvent" if draft.type == "MedalAward" else "relatedEvent"
        if not draft.roles.get(role):
            event = self._sentence_event(draft) or salient or self._participated_event(draft)
            if event:
                draft.add(role, event)
                draft.confidence = min(draft.confidence, self.context_confidence + 0.2)
        if draft.type == "Punishment" and not draft.roles.get("reason"):
            # a provisional suspension, a ban and annulled results of one case share its reason (a
            # threatened sanction and one already served are told as separate cases)
            targets = set(draft.roles.get("target", []))
            reason = next(
                (
                    other.roles["reason"][0]
                    for other in drafts
                    if other is not draft
                    and other.type == "Punishment"
                    and other.roles.get("reason")
                    and other.first("status") == draft.first("status")
                    and targets & set(other.roles.get("target", []))
                ),
                None,
            )
            if reason:
                draft.add("reason", reason)
        if draft.type == "Punishment" and not draft.roles.get("imposedBy"):
            # "X has been banned for four years, the federation said": the body announcing it;
            # "could be dismissed when the board of the federation meets": the body deciding it
            announcer = self._announcer(draft) or self._deciding_body(draft)
            if announcer is not None:
                draft.add("imposedBy", announcer)
                draft.confidence = min(draft.confidence, self.context_confidence + 0.2)
                return
            # else the body that sanctioned the same people elsewhere in the article
            targets = set(draft.roles.get("target", []))
            for other in drafts:
                if (
                    other is not draft
                    and other.type == "Punishment"
                    and other.roles.get("imposedBy")
                    and targets & set(other.roles.get("target", []))
                ):
                    draft.add("imposedBy", other.roles["imposedBy"][0])
                    draft.confidence = min(draft.confidence, self.context_confidence + 0.2)
                    return
            # else the body that imposes sanctions elsewhere in the article ("UEFA bans ...")
            bodies = Counter(
                value
                for other in drafts
                if other.type == "Punishment"
                for value in other.roles.get("imposedBy", [])
                if self.index.cls_of(value) in ("Organization", "Team")
            )
            if bodies:
                draft.add("imposedBy", bodies.most_common(1)[0][0])
                draft.confidence = min(draft.confidence, self.context_confidence + 0.1)
                return
            # else the state of the targets, in an article that names no sports body that could
            # have imposed it ("North Korea's athletes may face punishment")
            nations = self._target_nations(draft) if not self._sports_body_named() else []
            if len(nations) == 1:
                draft.add("imposedBy", nations[0])
                draft.confidence = min(draft.confidence, self.context_confidence + 0.2)

    def _race_discipline(self, draft: Draft, drafts: list[Draft]) -> str | None:
        """The discipline of the award told just before: "X won the men's 200m butterfly title. ...
        holding off Y, with Z taking bronze" (same race, same event)."""
        own = {self._sentence(self.doc[i]) for i in draft.tokens}
        best: tuple[int, str] | None = None
        for other in drafts:
            if other is draft or other.type != "MedalAward" or not other.roles.get("discipline"):
                continue
            events = set(other.roles.get("atEvent", []))
            if events and draft.roles.get("atEvent") and not events & set(draft.roles["atEvent"]):
                continue
            for sentence in {self._sentence(self.doc[i]) for i in other.tokens}:
                gap = min(s - sentence for s in own)
                if 0 <= gap <= 1 and (best is None or gap < best[0]):
                    best = (gap, other.roles["discipline"][0])
        return best[1] if best else None

    def _sports_body_named(self) -> bool:
        """Does the article name a federation, committee, league, court or agency (a body that
        imposes sporting sanctions)?"""
        return any(
            entry["cls"] == "Organization"
            and entry.get("attrs", {}).get("kind")
            in ("federation", "olympic_committee", "league", "court", "agency")
            for entry in entities(self.doc).values()
        )

    def _sentence_event(self, draft: Draft) -> str | None:
        """The one event named in the draft's own sentence."""
        sentence = self.sentences[draft.sentence]
        found = {k for t in sentence for k in self.index.keys(t, ("SportingEvent",))}
        return found.pop() if len(found) == 1 else None

    def _participated_event(self, draft: Draft) -> str | None:
        members = set(draft.roles.get("target", []) + draft.roles.get("recipient", []))
        for relation in self.doc._.kg_relations or []:
            if relation["predicate"] == "participatedIn" and relation["subject"] in members:
                return str(relation["object"])
        return None

    def _target_nations(self, draft: Draft) -> list[str]:
        """The nations of a punishment's targets: who imposes a sanction nobody is named for."""
        nations: list[str] = []
        for target in draft.roles.get("target", []):
            if target.startswith("Nation:"):
                nations.append(target)
            for relation in self.doc._.kg_relations or []:
                if relation["subject"] == target and relation["predicate"] == "nationality":
                    nations.append(str(relation["object"]))
            nation = entities(self.doc).get(target, {}).get("attrs", {}).get("nation")
            if nation:
                nations.append(f"Nation:{nation}")
        if not nations:
            # a descriptive target ("players") in a sentence about one nation
            start, end = draft.spans[0] if draft.spans else (0, 0)
            for t in self.doc[start:end]:
                nations += self.index.keys(t, ("Nation",))
        return list(dict.fromkeys(nations))

    def _salient_event(self) -> str | None:
        """The event the article is about: the most mentioned, a mention in the first two
        sentences counting double; a tie goes to the one named first."""
        sentences = self.sentences
        lead_end = sentences[min(1, len(sentences) - 1)].end if sentences else 0
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for mention in self.doc._.kg_mentions:
            for key in mention["keys"]:
                if key.startswith("SportingEvent:"):
                    counts[key] += 2 if mention["start"] < lead_end else 1
                    first.setdefault(key, mention["start"])
        if not counts:
            return None
        ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
        return ranked[0]

    def _events_near(self, anchor: Token, medal: Token) -> list[str]:
        found: list[str] = []
        for head in (anchor, medal, medal.head):
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "during", "from"):
                    for pobj in prep.children:
                        found += [k for k in self.index.phrase_keys(pobj) if k.startswith("SportingEvent:")]
        return list(dict.fromkeys(found))

    def _keep(self, keys: list[str], classes: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys(k for k in keys if self.index.cls_of(k) in classes))

    def _sentence(self, token: Token) -> int:
        return self.sent_no.get(token.sent.start, 0)

    def _record(self, draft: Draft) -> dict[str, Any]:
        entity_roles = {"recipient", "atEvent", "target", "imposedBy", "relatedEvent", "reportedBy"}
        roles = []
        for role, values in draft.roles.items():
            if role in ("punishmentType", "reason", "discipline", "status", "medal"):
                values = values[:1]
            for value in values:
                roles.append([role, value, role in entity_roles])
        spans = [
            (self.doc[s].idx, self.doc[e - 1].idx + len(self.doc[e - 1].text)) for s, e in draft.spans
        ] or [(self.doc[draft.tokens[0]].sent.start_char, self.doc[draft.tokens[0]].sent.end_char)]
        return {
            "type": draft.type,
            "roles": roles,
            "spans": [list(s) for s in dict.fromkeys(spans)],
            "confidence": round(draft.confidence, 3),
            "component": self.name,
        }


def _same_award(a: Draft, b: Draft) -> bool:
    """One medal told twice: same medal and recipient, and no two championships that tell them
    apart ("World and Commonwealth 100m champion" is two golds)."""
    if a.first("medal") != b.first("medal"):
        return False
    if not set(a.roles.get("recipient", [])) & set(b.roles.get("recipient", [])):
        return False
    events_a, events_b = set(a.roles.get("atEvent", [])), set(b.roles.get("atEvent", []))
    return not (events_a and events_b and not events_a & events_b)


def _merge(drafts: list[Draft], same: Any) -> list[Draft]:
    """Fold drafts that describe one event into the first of them, in reading order."""
    merged: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: (d.sentence, d.weak)):
        for kept in merged:
            if same(kept, draft):
                for role, values in draft.roles.items():
                    if (
                        role == "punishmentType"
                        and kept.first(role)
                        and fold(kept.first(role) or "") in {fold(g) for g in GENERIC_TYPES}
                    ):
                        kept.roles[role] = values + kept.roles[role]
                        continue
                    for value in values:
                        kept.add(role, value)
                kept.spans += draft.spans
                kept.tokens += draft.tokens
                kept.weak = kept.weak and draft.weak
                kept.confidence = max(kept.confidence, draft.confidence)
                break
        else:
            merged.append(draft)
    return merged


def _headline_passive(verb: Token) -> bool:
    """ "Sri Lanka captain X banned for a year over ball tampering": a headline drops the "is",
    and the parser reads a participle with a subject and no object."""
    # "X banned for 10 matches, club fined": the parser hangs the first clause on the second
    children = {c.dep_ for c in verb.children if not (c.dep_ == "ccomp" and c.i < verb.i)}
    first_clause = verb.dep_ == "ccomp" and verb.i < verb.head.i and _headline_passive(verb.head)
    return (
        (verb.dep_ == "ROOT" or first_clause)
        and verb.tag_ in ("VBN", "VBD")
        and verb.lower_.endswith(("ed", "en", "pt"))
        and "nsubj" in children
        and not children & {"dobj", "aux", "auxpass", "ccomp", "xcomp"}
    )


def _shares_passive(verb: Token) -> bool:
    """ "X have been banned for two seasons and fined 1.5 million euros": a conjoined verb with no
    subject of its own is passive when the verb it joins is (an object it has is an amount)."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ in ("VBN", "VBD")  # "was fined and docked nine points": tagged as a past tense
        and not any(c.dep_.startswith("nsubj") for c in verb.children)
        and all(
            c.like_num or any(n.dep_ == "nummod" for n in c.children)
            for c in verb.children
            if c.dep_ == "dobj"
        )
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
    )


def _type_text(span: Span) -> str:
    """The sanction with its modifiers: 'six-hour public criticism session', 'month-long cleanse'."""
    root = span.root
    start = span.start
    for child in root.lefts:
        if child.dep_ in (
            "amod",
            "compound",
            "nummod",
            "nmod",
            "npadvmod",
            "punct",
        ) and child.lower_ not in ("severe",):
            start = min(start, child.left_edge.i)
    return _clean(span.doc[start : span.end])


def _is_definite_noun(noun: Token) -> bool:
    """ "the club", "the club itself": a noun with a definite article and no name in front."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and not any(
        c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in noun.children
    )


def _clean(span: Span) -> str:
    tokens = [t for t in span if t.dep_ != "det" or t.i != span.start]
    text = "".join(t.text_with_ws for t in tokens) if tokens else span.text
    text = QUOTE_MARK.sub("", text)  # quotation marks, not apostrophes inside words
    text = re.sub(r"\s+", " ", text)
    return (
        text.strip(" .,;:" + QUOTES).replace(' "', " ").replace('" ', " ").replace("“", "").replace("”", "")
    )


def _plurals(noun: str) -> list[str]:
    if noun.endswith(("s", "sh", "ch")):
        return [noun, noun + "es"]
    if noun.endswith("y") and not noun.endswith(("ay", "ey", "oy")):
        return [noun, noun[:-1] + "ies"]
    return [noun, noun + "s"]


@Language.factory(
    "kg_events",
    requires=["doc._.kg_mentions", "doc._.kg_relations"],
    assigns=["doc._.kg_events"],
    default_config={"context_confidence": 0.4},
)
def make_event_extractor(nlp: Language, name: str, context_confidence: float) -> EventExtractor:
    return EventExtractor(nlp, load_gazetteer(), name, context_confidence)
