"""kg_entities: find candidate mentions of the contract's classes.

spaCy's NER finds people, places and organisations well but sporting events
poorly (F 0.41 on EVENT for en_core_web_sm), and it does not know which ORG is
a news outlet or a team. So rules from `kg/data` come first: organisation
patterns (outlets, federations, agencies), event series with years and host
cities, sports, and national teams ("the Chinese team"); NER fills the rest.
Candidates are typed here and checked and named by `kg_normalize`.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, Token

from kg.components.doc_data import (
    abbreviation_after,
    after_outlet_noun,
    club_word,
    install_extensions,
    name_run,
    names_after,
    publication_year,
    role_nouns,
)
from kg.gazetteer import Gazetteer, load_gazetteer

#: NER label → candidate class; what normalisation cannot confirm is dropped.
NER_CLASSES = {
    "PERSON": "Person",
    "NORP": "Nation",
    "GPE": "Nation",
    "ORG": "Organization",
    "EVENT": "SportingEvent",
}
YEAR = re.compile(r"^(1[89]|20)\d\d$")
#: places that are a podium's ("finished third in Athens"); "first" too often counts races
PLACES = frozenset({"second", "third"})


class EntityTagger:
    """Writes `doc._.kg_candidates`-style spans into `doc.spans[spans_key]`."""

    def __init__(self, nlp: Language, name: str, spans_key: str, gazetteer: Gazetteer) -> None:
        install_extensions()
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        self.org_ruler = SpanRuler(nlp, name=f"{name}_orgs", spans_key=None, annotate_ents=False)
        self.org_ruler.add_patterns(
            [
                {k: v for k, v in row.items() if k in ("label", "pattern", "id") and v is not None}
                for row in gazetteer.org_patterns
            ]
        )
        # nations by name, alias and demonym, case-sensitive: the small model often tags
        # "Bahrain captain X" as a plain noun; names that are also common words stay with NER
        ambiguous = set(gazetteer.cues.get("ambiguous_nation_names", []))
        self.nation_matcher = PhraseMatcher(nlp.vocab)
        for info in gazetteer.nations.values():
            forms = {info.label, *info.aliases, *info.demonyms} - ambiguous
            forms = {f for f in forms if f[:1].isupper() and len(f) > 2}
            if forms:
                self.nation_matcher.add(info.iso3, [nlp.make_doc(f) for f in sorted(forms)])
        self.distance = _distance_pattern(gazetteer.cues)
        self.distance_heads = {str(w).casefold() for w in gazetteer.cues.get("distance_discipline_heads", [])}
        self.sport_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for sport in gazetteer.sports.values():
            names = [sport.label, *sport.aliases]
            self.sport_matcher.add(sport.label, [nlp.make_doc(n) for n in names])
        self.event_heads = {w.casefold() for w in gazetteer.cues.get("event_heads", [])}
        self.series_heads = {
            name.split()[-1].casefold() for series in gazetteer.event_series for name in series.names
        }
        self.team_nouns = {w.casefold() for w in gazetteer.cues.get("team_nouns", ["team", "squad"])}
        # "the world indoor championships": a series name of two words or more, written lowercase
        self.series_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for series in gazetteer.event_series:
            several = [n for n in series.names if len(n.split()) > 1]
            if several:
                self.series_lower.add(series.label, [nlp.make_doc(n) for n in several])
        self.games_words = {w.casefold() for w in gazetteer.cues.get("games_words", [])}
        self.medal_words = {
            w.casefold()
            for forms in gazetteer.cues.get("medal_words", {}).values()
            for w in forms
            if " " not in w
        } | {"medal", "medals"}
        # "Federation", "Union": one-word heads of organisation names
        self.outlet_nouns = {w.casefold() for w in gazetteer.cues.get("outlet_nouns", [])}
        self.currencies = {w.casefold() for w in gazetteer.cues.get("currency_words", [])}
        suffixes = gazetteer.cues.get("org_kind_suffixes", {})
        self.body_heads = {w for w in suffixes if w.isalpha() and w.istitle()}
        self.person_nouns = {w for w in role_nouns(gazetteer.cues) if " " not in w}
        # "secretary general", "team-mate": longer role nouns, by their last word
        self.role_phrases: dict[str, list[str]] = {}
        for phrase in role_nouns(gazetteer.cues):
            last = re.split(r"[ -]", phrase)[-1]
            if last != phrase:
                self.role_phrases.setdefault(last, []).append(phrase)
        self.club_nouns = {w.casefold() for w in gazetteer.cues.get("club_nouns", [])}
        # what an apposition may call a person: "Ana Ruiz, the federation's president", "the pair, A and B"
        self.person_heads = self.person_nouns | {w.casefold() for w in gazetteer.cues.get("group_nouns", [])}
        cues = gazetteer.cues
        self.org_name_words = {
            w.casefold()
            for phrase in [
                *cues.get("org_name_words", []),
                *cues.get("org_kind_suffixes", {}),
                *cues.get("org_kind_prefixes", {}),
            ]
            for w in phrase.split()
        }
        # the club a player plays for or is loaned to: "plays for X", "loaned him to X"
        self.club_verbs: dict[str, set[str]] = {}
        for cue in ("club_verbs", "club_acting_verbs"):
            for verb, markers in gazetteer.cues.get(cue, {}).items():
                self.club_verbs.setdefault(verb.casefold(), set()).update(m.casefold() for m in markers if m)

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[tuple[int, Span]] = []  # (priority, span)
        for span in self.org_ruler.match(doc):
            if span.label_ == "Team" and _place_not_club(span):
                continue
            # the ruler keeps a pattern's id in `id_`; normalisation reads the canonical name from `kb_id_`
            candidates.append((4, Span(doc, span.start, span.end, label=span.label_, kb_id=span.id_)))
        candidates.extend((3, span) for span in self._teams(doc))
        candidates.extend((3, span) for span in self._events(doc))
        for _, start, end in self.nation_matcher(doc):
            candidates.append((2, Span(doc, start, end, label="Nation")))
        for match_id, start, end in self.sport_matcher(doc):
            if end - start == 1 and _verb_with_object(doc[start]):
                continue  # "breaking a world record", "running the club": a verb, not the sport
            label = doc.vocab.strings[match_id]
            candidates.append((2, Span(doc, start, end, label="Sport", kb_id=label)))
        candidates.extend((3, span) for span in self._distance_disciplines(doc))
        for ent in doc.ents:
            cls = NER_CLASSES.get(ent.label_)
            if cls:
                span = _strip(ent)
                if span is not None:
                    candidates.append((1, Span(doc, span.start, span.end, label=cls)))
        candidates.extend((0, span) for span in self._unlabelled_names(doc))
        candidates.extend((5, span) for span in _lead_names(doc))
        candidates.extend((2, span) for span in self._described_names(doc))
        candidates.extend((3, span) for span in self._club_names(doc))
        candidates.extend((2, span) for span in self._person_names(doc))
        candidates.extend((4, span) for span in self._national_bodies(doc, candidates))
        candidates.extend((4, span) for span in self._outlets_told(doc))
        candidates = [
            (p, _through_abbreviated_list(s) if s.label_ == "Organization" else s) for p, s in candidates
        ]
        # "the state newspaper Diario Andino": NER's person is the outlet the noun before it names
        candidates = [
            (p, Span(doc, s.start, s.end, label="Organization"))
            if s.label_ == "Person" and after_outlet_noun(s, self.outlet_nouns)
            else (p, s)
            for p, s in candidates
        ]
        dateline = _dateline_tokens(doc)
        candidates = [c for c in candidates if not dateline & set(range(c[1].start, c[1].end))]
        # "Frenchman Luc Ferrand": the demonym is the nation, the rest the person
        # (NER also reads "Frenchman Luc Ferrand" as a body, "Russian Eva Lund" as a nationality)
        candidates = [
            (p, Span(doc, s.start + 1, s.end, label="Person" if s.label_ != "Person" else s.label_))
            if len(s) >= 3
            and self.gazetteer.nation(s[0].text)
            and (
                s.label_ == "Person"
                or (
                    s.label_ in ("Organization", "Nation")
                    and _name_after(s)
                    and self.gazetteer.given_name_gender(s[1].text) is not None
                )
            )
            else (p, s)
            for p, s in candidates
        ]
        chosen = _select(candidates)
        # "the Australian Open", "the Welsh Cup final": a word of an event's longer name, not the nation
        in_events = {
            i for e in chosen if e.label_ == "SportingEvent" and len(e) > 1 for i in range(e.start, e.end)
        }
        as_events = {(e.start, e.end) for e in chosen if e.label_ == "SportingEvent"}
        # "80,000 Swiss francs" is money, not the nation
        doc.spans[self.spans_key] = [
            s
            for s in chosen
            if s.label_ != "Nation"
            or not (
                (s.end < len(doc) and doc[s.end].lower_ in self.currencies)
                or set(range(s.start, s.end)) < in_events
                and (s.start, s.end) not in as_events
            )
        ]
        return doc

    def _outlets_told(self, doc: Doc) -> list[Span]:
        """ "told the Sunday Courier", "told the Clarion newspaper", "told Vjesnik newspaper":
        whom a speaker tells that is a title with "the" or before an outlet noun is a newspaper or
        a broadcaster, not a person (cue `outlet_nouns`)."""
        spans = []
        for verb in doc:
            if verb.lemma_.casefold() != "tell" or verb.pos_ != "VERB":
                continue
            for told in verb.children:
                if told.dep_ == "dative" and told.lower_ == "to":  # "told To Posten newspaper"
                    told = next((c for c in told.children if c.dep_ == "pobj"), told)
                if told.dep_ not in ("dobj", "dative", "pobj"):
                    continue
                words = [c for c in told.lefts if c.dep_ == "compound"]
                outlet = told.lower_ in self.outlet_nouns
                # "told the Courier newspaper": the name before the noun; "told Posten Daily": its last word
                name = words if outlet and not told.is_title else [*words, told]
                if told.dep_ == "pobj" and told.head.dep_ == "dative":  # "To" is the name's first word
                    name = [told.head, *name]
                the = any(c.dep_ == "det" and c.lower_ == "the" for c in told.children)
                if not name or not all(t.is_title or t.is_upper for t in name) or not (outlet or the):
                    continue
                spans.append(Span(doc, name[0].i, name[-1].i + 1, label="Organization"))
        return spans

    def _unlabelled_names(self, doc: Doc) -> list[Span]:
        """Two to four title-case proper nouns acting as an argument that NER left unlabelled
        (one, if a person's noun stands in apposition to it).

        The small model misses names at the start of a sentence ("Diego Alves may face
        ..."); such a span is a person candidate at the lowest priority, so NER and
        the gazetteers win wherever they have an opinion.
        """
        spans = []
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].tag_ == "NNP" and doc[j].is_title and not doc[j].ent_type_:
                j += 1
            if 2 <= j - i <= 4:
                span = doc[i:j]
                if span.root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj") and not (
                    self.gazetteer.nation(span.text) or self.gazetteer.sport(span.text)
                ):
                    spans.append(Span(doc, i, j, label="Person"))
            elif j - i == 1 and self._surname_described(doc[i]):
                spans.append(Span(doc, i, j, label="Person"))
            i = max(j, i + 1)
        return spans

    def _described_names(self, doc: Doc) -> list[Span]:
        """ "weightlifter Ana Restrepo", "coach Ivo Marinov": a name right after a person's role noun.

        The small model often calls such a name a place ("Restrepo" → GPE); the
        role noun in front says it is a person, so this candidate outranks NER.
        """
        spans = []
        for token in doc:
            # "weightlifter X"; "Goalkeeper X" when the role noun opens the sentence
            if token.pos_ not in ("NOUN", "PROPN") or not (token.is_lower or _opens_sentence(token)):
                continue
            if (
                token.lower_ not in self.person_nouns
                and self.gazetteer.sport_of_practitioner(token.text) is None
                and not self._ends_role_phrase(token)
            ):
                continue
            # "Its secretary general, Tina Hribar, said": the name in apposition after a comma
            appositive = token.i + 2 < len(doc) and doc[token.i + 1].text == "," and token.is_lower
            first = token.i + 2 if appositive else token.i + 1
            end = first
            while end < len(doc) and end - token.i <= 7:
                if _name_word(doc[end]):
                    end += 1
                elif _joins_name(doc, end):  # "Lindqvist-Moreau"
                    end += 2
                else:
                    break
            while end > first and doc[end - 1].lower_ in _PARTICLES:
                end -= 1
            if end == first or (end < len(doc) and doc[end].tag_ == "NNP"):
                continue
            if appositive and (end - first < 2 or (end < len(doc) and doc[end].text not in (",", "."))):
                continue  # a full name closed by a comma or full stop, not "coach, Smith said"
            span = doc[first:end]
            if self.gazetteer.nation(span.text) or self.gazetteer.organization(span.text):
                continue
            spans.append(Span(doc, span.start, span.end, label="Person"))
            employer = self._employer_before(token)
            if employer is not None:
                spans.append(employer)
        return spans

    def _employer_before(self, role: Token) -> Span | None:
        """ "Balco boss X", "Charlton defender X": the capitalised words right before a role noun
        name the body or club the person belongs to, whatever NER made of the whole phrase. A
        player's position makes it a club; a nation there is left to kg_sides ("Wales coach X")."""
        doc = role.doc
        start = role.i
        while start > role.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
            start -= 1
        if start == role.i or role.i - start > 4:
            return None
        if start == role.sent.start and role.i - start == 1:
            return None  # "Club president X", "Head coach X": a capital the sentence gives
        words = doc[start : role.i]
        if self.gazetteer.nation(words.text) or self.gazetteer.is_demonym(words[-1].text):
            return None
        if start > 0 and doc[start - 1].tag_ == "POS":
            return None  # "Wigan's chairman X": the owner reads that one
        player = self.gazetteer.sport_of_practitioner(role.text) is not None
        return Span(doc, start, role.i, label="Team" if player else "Organization")

    def _person_names(self, doc: Doc) -> list[Span]:
        """People NER took for organisations or things: "Japan's Aiko Tanabe", "American Jo Ellis-Park",
        "Rui Mota Vaz, the committee's president", "the pair, A and B".

        A two-to-four-word title-case name with no organisation word ("Federation",
        "United") is a person when a nation word stands before it, a person's role
        noun describes it, or it is listed with a person.
        """
        spans = []
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"):
                continue
            start, end = ent.start, ent.end
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            described = False
            if start < end and self.gazetteer.nation(doc[start].text):  # "American Jo Ellis-Park"
                start += 1
                described = True
            # "Outfielder Jo Pardo" opening a sentence: the role noun is no part of the name
            if (
                start + 1 < end
                and _opens_sentence(doc[start])
                and (
                    doc[start].lower_ in self.person_nouns
                    or self.gazetteer.sport_of_practitioner(doc[start].text) is not None
                )
            ):
                start += 1
                described = True
            words = [t for t in doc[start:end] if t.text != "-"]
            if not 1 <= len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words):
                continue
            if any(t.lower_ in self.org_name_words for t in words) or self.gazetteer.organization(
                doc[start:end].text
            ):
                continue
            root = doc[start:end].root
            if len(words) == 1:
                # a surname alone ("Moreno, the Spanish striker"): only a singular person's
                # noun in apposition tells it from a club ("Rovers, the champions")
                if not described and self._surname_described(root):
                    spans.append(Span(doc, start, end, label="Person"))
                continue
            before = doc[start - 1] if start > 0 else None
            described = (
                described
                # "Japan's Aiko Tanabe"
                or (
                    before is not None
                    and before.tag_ == "POS"
                    and self.gazetteer.nation(before.head.text) is not None
                )
                or (before is not None and before.lower_ in self.person_nouns)  # "Captain X"
                or any(
                    t.lower_ in self.person_heads
                    or t.lemma_.casefold() in self.person_heads
                    or self.gazetteer.sport_of_practitioner(t.text) is not None
                    for t in (*[c for c in root.children if c.dep_ == "appos"], _list_head(root))
                    if root.dep_ in ("appos", "conj") or t.dep_ == "appos"
                )
                or any(
                    t.ent_type_ == "PERSON"
                    for t in (*root.conjuncts, root.head)
                    if root.dep_ == "conj" or t != root.head
                )
            )
            if described:
                spans.append(Span(doc, start, end, label="Person"))
        return spans

    def _surname_described(self, name: Token) -> bool:
        """A one-word name with a singular person's noun in apposition: "Moreno, the Spanish
        striker", "Brel, the 2000 Olympic silver medallist"; never a nation or a known body."""
        if self.gazetteer.nation(name.text) or name.ent_type_ in ("GPE", "NORP", "LOC"):
            return False
        return any(
            child.dep_ == "appos"
            and child.tag_ == "NN"
            and (
                child.lower_ in self.person_nouns
                or self.gazetteer.sport_of_practitioner(child.text) is not None
            )
            for child in name.children
        )

    def _club_names(self, doc: Doc) -> list[Span]:
        """Clubs the context names: "Premier League club Newcastle United", "his former clubs
        were A and B", a person-tagged name after "plays for" / "loaned to".

        The small model tags many club names as people; found here, before
        coreference, they cannot become the antecedent of "he".
        """
        heads: list[Token] = []
        for token in doc:
            lemma = token.lemma_.casefold()
            if lemma in self.club_nouns and token.is_lower:
                heads += names_after(token)  # "club Newcastle United", "sides Jarrow and Whitley Bay"
                # "his former clubs were A and B"
                if token.dep_ == "nsubj" and token.head.lemma_ == "be":
                    heads += [t for c in token.head.children if c.dep_ == "attr" for t in (c, *c.conjuncts)]
            markers = self.club_verbs.get(lemma) if token.pos_ == "VERB" else None
            if markers:
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ in markers:
                        objects = [o for o in prep.children if o.dep_ == "pobj"]
                        heads += [
                            t
                            for o in objects
                            for t in (o, *o.conjuncts)
                            if t.ent_type_ == "PERSON"
                            and not any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in t.children)
                        ]
        spans = []
        for head in heads:
            if not club_word(head):
                continue
            span = name_run(head)
            if (
                self.gazetteer.nation(span.text)
                or self.gazetteer.sport(span.text)
                or any(t.lower_ in self.event_heads or t.lower_ in self.series_heads for t in span)
                or doc[span.start - 1].lower_ in self.person_nouns
            ):
                continue
            spans.append(Span(doc, span.start, span.end, label="Team"))
        return spans

    def _national_bodies(self, doc: Doc, candidates: list[tuple[int, Span]]) -> list[Span]:
        """ "Sri Lanka Cricket", "Cricket Australia", "British Cycling": a nation and a capitalised
        sport side by side name that nation's governing body of the sport, not the two."""
        nations = {s.start: s for _, s in candidates if s.label_ == "Nation"}
        ends = {s.end: s for s in nations.values()}
        spans = []
        for _, sport in candidates:
            if sport.label_ != "Sport" or not all(t.text[:1].isupper() for t in sport):
                continue
            if _title_case(sport.sent):
                continue  # a headline in title case capitalises every word
            before, after = ends.get(sport.start), nations.get(sport.end)
            # "Cricket Australia" takes the nation's name, not its demonym ("Football Italian")
            if after is not None and not self.gazetteer.is_demonym(after.text):
                start, end = sport.start, after.end
            elif before is not None:
                start, end = before.start, sport.end
            else:
                continue
            following = doc[end] if end < len(doc) else None
            longer = following is not None and following.is_title and not following.is_sent_start
            if longer and following is not None and following.text in self.body_heads:
                end += 1  # "the Latvian Floorball Union"
            elif longer or following is not None and following.lemma_.casefold() in self.team_nouns:
                continue  # "the Sri Lanka Cricket team", "Sri Lanka Cricket Board" (a longer name)
            spans.append(Span(doc, start, end, label="Organization"))
        return spans

    def _teams(self, doc: Doc) -> list[Span]:
        """'the Chinese team', 'Canada's relay squad': a team noun led by a nation word."""
        spans = []
        for token in doc:
            if token.lemma_.casefold() not in self.team_nouns or token.pos_ not in (
                "NOUN",
                "PROPN",
            ):
                continue
            if names_after(token):  # "English sides Jarrow and Whitley Bay": clubs, not a national team
                continue
            left = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")]
            start = None
            for mod in left:
                phrase = doc[mod.left_edge.i : mod.i + 1]
                # "Pakistan's men's hockey team": the nation may lead the modifier's own phrase
                leading = [doc[phrase.start : end].text for end in range(phrase.start + 1, phrase.end)][:3]
                if (
                    self.gazetteer.nation(phrase.text)
                    or self.gazetteer.nation(mod.text)
                    or any(self.gazetteer.nation(text) for text in leading)
                ):
                    start = mod.left_edge.i if start is None else min(start, mod.left_edge.i)
            if start is not None:
                while start < token.i and doc[start].pos_ in ("DET", "PUNCT"):
                    start += 1
                spans.append(Span(doc, start, token.i + 1, label="Team"))
            else:
                owned = self._owned_national_team(token)
                if owned is not None:
                    spans.append(owned)
        return spans

    def _owned_national_team(self, team: Token) -> Span | None:
        """ "Cuba has banned two members of its national baseball team": the national team of the
        nation that is the clause's subject (the nation rides along as the span's kb_id)."""
        doc = team.doc
        owner = next((c for c in team.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is None or not any(c.lower_ == "national" for c in team.children):
            return None
        verb = team
        while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
            verb = verb.head
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            nation = self.gazetteer.nation(doc[subject.left_edge.i : subject.i + 1].text)
            if nation is not None:
                return Span(doc, owner.i + 1, team.i + 1, label="Team", kb_id=nation.iso3)
        return None

    def _distance_disciplines(self, doc: Doc) -> list[Span]:
        """Races by distance, which the contract counts as sports: "the 60m hurdles", "Olympic 100m
        champion", "won the 400m". A bare distance counts only after "the" and before no noun, or
        before a head word such as "champion" (cue lists `distance_*`): "ran 100m" is no race."""
        spans, others = [], []
        for match in self.distance.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or span.text not in (match.group(0), match.group(0) + "."):
                continue  # "m." may be one token at a sentence's end
            after = doc[span.end] if span.end < len(doc) else None
            before = doc[span.start - 1] if span.start > 0 else None
            named = bool(match.group("suffix")) or (after is not None and after.lower_ in self.distance_heads)
            # "the 400m", "the men's 1500m", "a season's best over 60m"
            bare = (
                before is not None
                and (
                    before.lower_ in ("the", "over")
                    or (before.tag_ == "POS" and before.i > 0 and before.nbor(-1).lower_ in GENDERED)
                )
                and (after is None or after.pos_ not in ("NOUN", "PROPN", "NUM"))
            )
            if named or bare:
                spans.append(Span(doc, span.start, span.end, label="Sport", kb_id=DISCIPLINE))
            else:
                others.append(span)
        # "the 800m and 1500m", "400m and 200m legend": a distance listed with a race is one too
        while others:
            edges = {s.end for s in spans} | {s.start for s in spans}
            listed = [s for s in others if _listed_beside(s, edges)]
            if not listed:
                break
            spans += [Span(doc, s.start, s.end, label="Sport", kb_id=DISCIPLINE) for s in listed]
            others = [s for s in others if s not in listed]
        return sorted(spans, key=lambda s: s.start)

    def _events(self, doc: Doc) -> list[Span]:
        """Event names around a series head word ("Olympics", "Cup"), or a host city and year."""
        spans = []
        for token in doc:
            low = token.text.casefold()
            if (token.is_title or token.is_upper) and (low in self.event_heads or low in self.series_heads):
                if self._name_goes_on(token):
                    continue
                start = token.i
                while start > token.sent.start and _name_part(doc[start - 1]):
                    start -= 1
                end = token.i + 1
                if end + 2 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ == "the":
                    stop = end + 2
                    while stop < len(doc) and (doc[stop].is_title or doc[stop].is_upper):
                        stop += 1
                    if stop > end + 2:
                        end = stop
                # "Tour" + "de France", "Vuelta" + "a España": the longer name of a known series
                end = next(
                    (
                        end + extra
                        for extra in (3, 2, 1)
                        if end + extra <= len(doc)
                        and not doc[end].is_sent_start
                        and not doc[end + extra - 1].is_punct
                        and self.gazetteer.is_series_name(doc[start : end + extra].text)
                    ),
                    end,
                )
                if end < len(doc) and YEAR.match(doc[end].text):
                    end += 1
                # "the 1988 Olympics in Calgary": the host city tells Summer from Winter
                if (
                    end + 1 < len(doc)
                    and doc[end].lower_ == "in"
                    and doc[end + 1].is_title
                    and self.gazetteer.host_editions(doc[end + 1].text)
                    and low in ("olympics", "games", "paralympics")
                ):
                    end += 2
                spans.append(Span(doc, start, end, label="SportingEvent"))
            # "the Sydney Olympic champion", "Athens Olympic silver medallist": a host city's Games
            if (
                low == "olympic"
                and token.i > 0
                and doc[token.i - 1].is_title
                and self.gazetteer.host_editions(doc[token.i - 1].text)
            ):
                spans.append(Span(doc, token.i - 1, token.i + 1, label="SportingEvent"))
            if YEAR.match(token.text) and token.i > 0:
                prev = doc[token.i - 1]
                if prev.is_title and self.gazetteer.olympics(year=int(token.text), city=prev.text):
                    spans.append(Span(doc, token.i - 1, token.i + 1, label="SportingEvent"))
            host = self._host_city_of_games(token)
            if host is not None:
                spans.append(host)
        for _, start, end in self.series_lower(doc):
            if not doc[end - 1].is_lower:
                continue  # "World Cup", "hockey World Cup": a capitalised head is found above
            if start > 0 and YEAR.match(doc[start - 1].text):
                start -= 1  # "the 2003 world athletics championships"
            spans.append(Span(doc, start, end, label="SportingEvent"))
        return spans

    def _host_city_of_games(self, prep: Token) -> Span | None:
        """ "the Olympic heptathlon in Athens", "won Olympic bronze in Athens", "won two bronzes
        in Sydney in 2000": a host city after "in", in a phrase about the Games (or about a
        medal, with the year of that city's Games), stands for those Games."""
        doc = prep.doc
        if prep.lower_ != "in" or prep.dep_ != "prep" or prep.i + 1 >= len(doc):
            return None
        city = doc[prep.i + 1]
        if not city.is_title or city.dep_ != "pobj" or not self.gazetteer.host_editions(city.text):
            return None
        head = prep.head
        if head.lower_ in self.event_heads or head.lower_ in self.series_heads:
            return None  # "the Olympics in Athens": the event's own name takes the city
        words = {
            head,
            *head.children,
            *(g for c in head.children for g in c.children if g.dep_ in ("amod", "compound")),
        }
        lowered = {w.lower_ for w in words}
        year = next(
            (
                int(y.text)
                for owner in (head, head.head, city)
                for p in owner.children
                if p.dep_ == "prep" and p.lower_ == "in" and p.i != prep.i
                for y in p.children
                if YEAR.match(y.text)
            ),
            None,
        )
        if lowered & self.games_words:
            name = (
                f"{city.text} {year}"
                if year and self.gazetteer.olympics(year=year, city=city.text)
                else f"{city.text} Olympics"
            )
        elif year and lowered & self.medal_words and self.gazetteer.olympics(year=year, city=city.text):
            name = f"{city.text} {year}"
        elif (
            not year
            and self._medal_or_place_near(head) & (self.medal_words | PLACES)
            and any(t.lower_ in self.games_words for t in doc)
            and self._recent_host(city.text, doc)
        ):
            # "settled for silver behind X in Athens", "finished third in Athens" in a story that
            # speaks of the Olympics: the Games that city held
            name = f"{city.text} Olympics"
        else:
            return None
        return Span(doc, city.i, city.i + 1, label="SportingEvent", kb_id=name)

    def _recent_host(self, city: str, doc: Doc) -> bool:
        """Whether a city held Olympic Games the story may speak of without a year: Games of the
        twelve years before its date; in an undated story, no earlier than twelve years before
        the latest year it names ("a ceremony in Montreal" beside "the 2026 Winter Olympics" is
        no medal of 1976)."""
        years = [e.year for e in self.gazetteer.host_editions(city) if e.games == "Olympics"]
        dated = publication_year(doc)
        if dated is not None:
            return any(dated - 12 <= y <= dated for y in years)
        named = max((int(t.text) for t in doc if YEAR.match(t.text)), default=None)
        return any(named is None or y >= named - 12 for y in years)

    @staticmethod
    def _medal_or_place_near(head: Token) -> set[str]:
        """The words of the clause a place phrase hangs on: its head's and, up through the
        phrases it sits in, its verb's children, one preposition further ("settled for silver",
        "finished third in the heptathlon in Athens")."""
        verb = head
        while verb.dep_ in ("pobj", "prep") and verb.head is not verb:
            verb = verb.head
        words = {head, verb, *head.children, *verb.children}
        words |= {o for w in list(words) if w.dep_ == "prep" for o in w.children}
        return {w.lower_ for w in words}

    def _ends_role_phrase(self, token: Token) -> bool:
        """ "general" ending "secretary general", "mate" ending "team-mate"."""
        doc = token.doc
        for phrase in self.role_phrases.get(token.lower_, ()):
            start = token.idx + len(token.text) - len(phrase)
            if start >= 0 and doc.text[start : token.idx + len(token.text)].casefold() == phrase:
                return True
        return False

    def _name_goes_on(self, head: Token) -> bool:
        """ "Florida Championship Wrestling", "the Cup Committee": the head word only modifies a
        longer proper name, which names something else (a promotion, a committee)."""
        doc = head.doc
        if head.dep_ != "compound" or head.i + 1 >= len(doc):
            return False
        after = doc[head.i + 1]
        return (
            after.pos_ == "PROPN"
            and after.is_title
            and head.head.i > head.i
            and after.lower_ not in self.event_heads
            and after.lower_ not in self.series_heads
            and self.gazetteer.nation(after.text) is None
        )


def _place_not_club(span: Span) -> bool:
    """A club's town name used as a place: "in Ipswich", "the tournament in Lyon", or
    inside a longer hyphenated name ("Harlow-Ipswich"); a club's full name is always the club."""
    doc = span.doc
    if span.text == span.id_:
        return False
    if span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 2].whitespace_:
        return True
    return span.start > 0 and doc[span.start - 1].lower_ == "in"


def _joins_name(doc: Doc, i: int) -> bool:
    """A hyphen inside a double-barrelled name: "Castaing-Ruiz" (no space on either side)."""
    return (
        doc[i].text == "-"
        and i > 0
        and i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_title
    )


def _name_word(token: Any) -> bool:
    """A word of a personal name: a capitalised proper noun, or a particle ("van", "der")."""
    return (token.tag_ == "NNP" and token.is_title) or (token.lower_ in _PARTICLES and token.is_lower)


def _dateline_tokens(doc: Doc) -> set[int]:
    """The place of a wire dateline, "SAO PAULO, Oct 2 -": capitals opening a line before a comma.

    It names where the story was filed, not who is in it.
    """
    found: set[int] = set()
    line_start = True
    for token in doc:
        opens_line, line_start = line_start, "\n" in token.text_with_ws
        if not opens_line:
            continue
        end = token.i
        while end < len(doc) and doc[end].is_upper and doc[end].is_alpha:
            end += 1
        if end > token.i and end < len(doc) and doc[end].text == ",":
            found.update(range(token.i, end))
    return found


def _opens_sentence(token: Token) -> bool:
    """The first word of its sentence (after any quotation mark or dash), capitalised for that reason."""
    if not token.is_title:
        return False
    doc, i = token.doc, token.i
    while not doc[i].is_sent_start:  # walked back over quotation marks and dashes only
        if not (doc[i - 1].is_punct or doc[i - 1].is_space):
            return False
        i -= 1
    return True


def _list_head(token: Token) -> Token:
    """What a listed name hangs on: "the pair, A and B" → "pair" for both A and B."""
    while token.dep_ == "conj":
        token = token.head
    return token.head


def _lead_names(doc: Doc) -> list[Span]:
    """The subject of an encyclopedic lead: "Jan Novak (born 3 May 1990) is ...", "Ann Lee (1920–92), ...".

    A sentence that opens with two to seven capitalised words (quoted nicknames
    allowed) followed by a parenthesis giving a birth or a life span names a
    person, whatever the NER made of it.
    """
    spans = []
    for sent in doc.sents:
        start = sent.start
        while start < sent.end and doc[start].is_space:
            start += 1
        end = start
        while (
            end < sent.end
            and end - start < 9
            and (
                doc[end].is_title
                or doc[end].text in ('"', "“", "”", "-", "'")
                or doc[end].lower_ in _PARTICLES
            )
        ):
            end += 1
        if end >= sent.end or doc[end].text != "(" or not doc[end - 1].is_title:
            continue
        words = [t for t in doc[start:end] if t.is_alpha]
        if not 2 <= len(words) <= 7:
            continue
        inside = doc[end + 1 : min(end + 12, sent.end)]
        closing = next((t.i for t in inside if t.text == ")"), None)
        inside_text = doc[end + 1 : closing].text.casefold() if closing else inside.text.casefold()
        if (
            "born" in inside_text
            or "née" in inside_text
            or len(YEAR_IN.findall(inside_text)) >= 1
            and ("–" in inside_text or "-" in inside_text)
        ):
            spans.append(Span(doc, start, end, label="Person"))
    return spans


_PARTICLES = {
    "van",
    "von",
    "de",
    "da",
    "der",
    "den",
    "del",
    "di",
    "du",
    "le",
    "la",
    "bin",
    "al",
    "ibn",
    "e",
    "y",
}
YEAR_IN = re.compile(r"\b(1[0-9]|20)\d\d\b")


def _name_part(token: Any) -> bool:
    """A token that can precede an event head inside its name: 'FIFA', '2010', 'Paris', 'Men's'."""
    if token.is_space or token.is_punct and token.text not in ("-", "'"):
        return False
    if token.lower_ in ("the", "a", "an", "at", "in", "of", "for", "and", "to", "on"):
        return False
    return bool(token.is_title or token.is_upper or YEAR.match(token.text))


#: "the men's 1500m": whose race a possessive before a distance names
GENDERED = {"men", "women", "boys", "girls", "man", "woman"}


def _name_after(span: Span) -> bool:
    """The words after a leading demonym may be a person's name: two or three capitalised proper
    nouns and nothing else ("Russian Eva Lund"); the caller checks the first is a given name."""
    rest = span[1:]
    return 2 <= len(rest) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in rest)


def _strip(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive: "the IOC's" → "IOC"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an") and span.label_ != "ORG":
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    # "Ben Ardo 6-4 6-2", "X 7-6": a score NER ran into the name
    while (
        span.label_ in ("PERSON", "ORG") and end > start + 1 and any(c.isdigit() for c in doc[end - 1].text)
    ):
        end -= 1
        while end > start + 1 and doc[end - 1].is_punct:
            end -= 1
    # "Pascal Vane missed", "O'Vane rejects Lions": a verb NER ran into the name ends it
    if span.label_ in ("PERSON", "ORG"):
        verb = next(
            (t.i for t in doc[start + 1 : end] if t.is_lower and t.tag_ in ("VBD", "VBZ", "VBP", "VBN")), None
        )
        end = verb if verb is not None else end
    if start >= end:
        return None
    if span.label_ == "PERSON":
        # "Femke van der" + "Berg", "Van der" + "Berg": name particles join the surname
        while (
            end < len(doc)
            and doc[end - 1].lower_ in _PARTICLES
            and (doc[end].is_title or doc[end].lower_ in _PARTICLES)
        ):
            end += 1
        while (
            start > 0
            and doc[start - 1].lower_ in _PARTICLES
            and (doc[start - 1].is_title or (start > 1 and doc[start - 2].lower_ in _PARTICLES))
        ):
            start -= 1
        # "Felipe" + "Assunção Reis": a capitalised word the parser joins to the name, NER left out
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and not doc[start - 1].ent_type_
            and doc[start - 1].dep_ == "compound"
            and start <= doc[start - 1].head.i < end
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
    return doc[start:end]


def _title_case(sentence: Span) -> bool:
    """A line with (nearly) every word capitalised: a title-case headline."""
    words = [t for t in sentence if t.is_alpha and len(t) > 2]
    return len(words) >= 3 and sum(t.is_title for t in words) >= 0.8 * len(words)


def _through_abbreviated_list(span: Span) -> Span:
    """ "the Institute of Sports, Physical Education and Recreation (INDER)", "the Ministry of
    Culture, Information, Sports and Youth Policy": one body whose name lists its fields, as an
    abbreviation closing the list shows, or an "of" name going on with commas and a last "and"."""
    doc = span.doc
    i = span.end
    separators = []
    while i + 1 < len(doc) and doc[i].text in (",", "and", "&") and doc[i + 1].is_title:
        separators.append(doc[i].text)
        i += 1
        while i < len(doc) and (doc[i].is_title or doc[i].lower_ in ("of", "for")):
            i += 1
    if i == span.end or doc[i - 1].lower_ in ("of", "for"):
        return span
    listed = Span(doc, span.start, i, label=span.label_, kb_id=span.kb_id_)
    if abbreviation_after(doc, i) is not None:
        return listed
    of_name = any(t.lower_ == "of" for t in span)
    if of_name and separators[0] == "," and separators[-1] in ("and", "&"):
        return listed
    return span


def _select(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Keep the best non-overlapping candidates; nations live in a layer of their own.

    A nation inside a team or ministry name ("Chinese" in "the Chinese team")
    is a mention of the nation too, so the two layers may overlap.
    """
    chosen: list[Span] = []
    taken: dict[bool, set[int]] = {True: set(), False: set()}
    # rules (priority > 1) beat the statistical NER; among rules the longer span wins, so
    # "2010 FIFA World Cup" (an event) is not cut down to "FIFA" (an organisation)
    ordered = sorted(candidates, key=lambda c: (c[0] == 1, -(c[1].end - c[1].start), -c[0], c[1].start))
    for _, span in ordered:
        layer = span.label_ == "Nation"
        tokens = set(range(span.start, span.end))
        if tokens & taken[layer]:
            continue
        taken[layer] |= tokens
        chosen.append(span)
    return sorted(chosen, key=lambda s: (s.start, s.end))


@Language.factory(
    "kg_entities",
    requires=["doc.ents", "token.dep"],
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_candidates"},
)
def make_entity_tagger(nlp: Language, name: str, spans_key: str) -> EntityTagger:
    return EntityTagger(nlp, name, spans_key, load_gazetteer())


def _verb_with_object(token: Token) -> bool:
    """A sport's name used as the verb it also is: with a direct object ("breaking a world
    record"), or heading a clause with a particle or adverb ("shooting wide", "breaking through")."""
    if token.pos_ != "VERB":
        return False
    if any(child.dep_ in ("dobj", "obj") for child in token.children):
        return True
    clause = token.dep_ in ("advcl", "xcomp", "conj", "ccomp", "ROOT", "relcl", "acl")
    return clause and any(child.dep_ in ("prt", "advmod", "npadvmod") for child in token.children)


def _listed_beside(span: Span, edges: set[int]) -> bool:
    """Whether a list's "and", "or" or comma joins `span` to a span that starts or ends at one
    of `edges`: "the 800m and 1500m"."""
    doc = span.doc
    after = span.end < len(doc) and doc[span.end].lower_ in (",", "and", "or") and span.end + 1 in edges
    before = span.start > 0 and doc[span.start - 1].lower_ in (",", "and", "or") and span.start - 1 in edges
    return after or before


#: `kb_id` of a Sport span that is a race by distance ("60m hurdles"), not a sport of sports.csv
DISCIPLINE = "distance discipline"


def _distance_pattern(cues: dict[str, Any]) -> re.Pattern[str]:
    """ "60m", "3,000m", "4x400m relay", "110 metres hurdles": a distance, perhaps a relay's legs,
    perhaps one of the cue list's suffixes."""

    def alternatives(key: str) -> str:
        words = sorted((re.escape(str(w)) for w in cues.get(key, [])), key=len, reverse=True)
        return "|".join(words)

    units, suffixes = alternatives("distance_units"), alternatives("distance_discipline_suffixes")
    return re.compile(
        rf"(?<![\w.,])(?:\d\s?[x×]\s?)?(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}})\s?(?:{units})\b"
        rf"(?P<suffix>\s(?:{suffixes})\b)?",
        re.IGNORECASE,
    )
