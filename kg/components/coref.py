"""kg_coref: in-document coreference and aliases, by rules.

coreferee and spaCy's experimental coref do not install beside spaCy 3.8, so
this is ours. It links, in reading order:

- a short name to the full name it abbreviates ("Kim" → the latest earlier
  person whose name contains that word; failing that, the next one);
- groups: coordinated or appositive people ("X and Y", "the pair, X and Y");
- plural references ("the pair", "the duo", "they", "the North Korean
  athletes") to the latest group, and a headline's group noun to the first
  group that follows it;
- singular pronouns to the latest person, subjects first;
- definite role descriptions ("the coach") to the latest person described by
  that role;
- "the team", "the squad" to the team named last;
- a first person inside a quotation ("I have been sent off before") to the
  quote's speaker, the person who says it in that sentence or earlier in the
  paragraph ("X added: ...").

Bare plurals ("players were punished") are left alone: they are generic, and
`kg_events` turns them into referents of their own.
"""

from __future__ import annotations

from collections import Counter

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.components.cues import CuePhrases
from kg.components.doc_data import (
    PRONOUN_GENDER,
    ROLE_NOUN_KEYS,
    MentionIndex,
    add_entity,
    add_mention,
    apposed_name,
    contains_words,
    cue_words,
    entities,
    first_name_gender,
    fold,
    install_extensions,
    is_sport,
    mentions,
    merge_into,
    role_nouns,
    subjects_of,
)
from kg.gazetteer import Gazetteer, load_gazetteer

SINGULAR_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
FIRST_PERSON = {"i", "me", "my", "myself", "mine"}
QUOTE_MARKS = {'"', "“", "”"}
PERSON_CLASSES = ("Person", "Athlete")


class Coreference:
    def __init__(self, gazetteer: Gazetteer, max_sentences: int, nlp: Language | None = None) -> None:
        install_extensions()
        self.gazetteer = gazetteer
        cues = gazetteer.cues
        # role nouns of several tokens ("team-mate", "head coach"), which no one-token lookup can meet
        nlp = nlp or spacy.blank("en")
        self.role_phrases = CuePhrases(
            nlp, [w for key in ROLE_NOUN_KEYS for w in cues.get(key) or []], inflect="last"
        )
        self.athlete_phrases = CuePhrases(nlp, cues.get("athlete_role_nouns"), inflect="last")
        self.group_nouns = {w.casefold() for w in cues.get("group_nouns", [])}
        # people's roles: a described person is the one "the coach" means, and, but for an athlete's
        # role, staff, whom no athlete's description means (cue non_competitor_nouns: "the lawyer")
        self.role_nouns = role_nouns(cues) | cue_words(cues.get("non_competitor_nouns"))
        self.athlete_nouns = {w.casefold() for w in cues.get("athlete_role_nouns", [])}
        self.ranking_nouns = {w.casefold() for w in cues.get("ranking_nouns", [])}
        self.team_nouns = {w.casefold() for w in cues.get("team_nouns", [])}
        # "FC", "Calcio", "SS": words of a club's name that do not name it on their own
        self.club_affixes = {
            fold(word)
            for key in ("org_kind_prefixes", "org_kind_suffixes")
            for word, kind in (cues.get(key) or {}).items()
            if kind == "club"
        }
        self.max_sentences = max_sentences
        self.quote_verbs = {w.casefold() for w in cues.get("quote_verbs", [])}

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_mentions is None:
            return doc
        self._merge_short_names(doc)
        self._find_missed_surnames(doc)
        self._find_missed_club_names(doc)
        self._resolve_shared_nicknames(doc)
        self._town_teams_of_the_story_sport(doc)
        index = MentionIndex(doc)
        sent_of = {s.start: n for n, s in enumerate(doc.sents)}
        sent_index = [0] * len(doc)
        n = -1
        for token in doc:
            if token.i in sent_of:
                n = sent_of[token.i]
            sent_index[token.i] = n

        groups: list[tuple[int, list[str]]] = []  # (sentence, keys) in reading order
        persons: list[tuple[int, str, bool, int]] = []  # (sentence, key, is_subject, clause verb)
        roles: dict[str, str] = {}  # role noun → latest person described by it
        staff: set[str] = set()  # people described as coach, official, president …
        pending_cataphora: list[Token] = []
        gender: dict[str, str] = {}  # person → "m" or "f", from the pronouns already linked
        nation_of: dict[str, str] = {}  # person → the nation a demonym before their name gives
        linked: dict[int, list[str]] = {}  # pronoun token → the person it was linked to

        teams: list[tuple[int, list[str]]] = []  # (sentence, team keys) in reading order
        sides: list[tuple[int, list[str]]] = []  # (sentence, keys) of nations and teams as subjects
        bodies: list[tuple[int, list[str]]] = []  # (sentence, keys) of organisations as subjects
        for token in doc:
            sent_no = sent_index[token.i]
            body_keys = index.keys(token, ("Organization",)) if _in_subject(token) else []
            if body_keys and (not bodies or bodies[-1] != (sent_no, body_keys)):
                bodies.append((sent_no, body_keys))
            team_keys = index.keys(token, ("Team",))
            if team_keys and (not teams or teams[-1][1] != team_keys):
                teams.append((sent_no, team_keys))
            side_keys = index.keys(token, ("Team", "Nation")) if token.dep_ == "nsubj" else []
            if side_keys:
                sides.append((sent_no, side_keys))
            keys = index.keys(token, PERSON_CLASSES)
            if keys and token.i == _mention_root(token, index).i:
                members = self._coordinated(token, index)
                if len(members) > 1 and (not groups or groups[-1][1] != members):
                    groups.append((sent_no, members))
                    for t in pending_cataphora:
                        self._link(doc, t, members, "group")
                    pending_cataphora.clear()
                nation = self._nation_before(index, index.at(token)[0]["start"])
                for key in keys:
                    persons.append((sent_no, key, token.dep_.startswith("nsubj"), _clause_verb(token).i))
                    if nation:
                        nation_of.setdefault(key, nation)
                    for role in self._descriptors(token):
                        roles[role] = key
                        if role not in self.athlete_nouns:
                            staff.add(key)
                continue
            if self._demonym_noun(token):  # "the Spaniard", "the Scot": a person of that nation
                # never someone the text gave another nation ("French midfielder X ... the Dutchman")
                iso3 = self.gazetteer.nation(token.text).iso3  # type: ignore[union-attr]
                # not the subject of the clause it is part of: "X finished third in Athens, where
                # the Swede took gold", "X questioned the Slovenian's victory" are not X; past a
                # clause of time or purpose news writing may mean X ("X and Y combined to allow
                # the Bulgarian to score")
                commanding = _commanding_subjects(token, index, linked, ADVERBIAL_CLAUSES)
                free = _free_of(persons, commanding)
                compatible = [p for p in free if self._nation_of(doc, nation_of, p[1]) in (None, iso3)]
                person = self._recent_person(compatible, sent_no, self._competitors(compatible, staff))
                if person:
                    self._link(doc, token, [person], "description")
                    self._describe_nation(doc, person, token)
                    # the word is the person here, not a mention of the nation
                    doc._.kg_mentions = [
                        m
                        for m in doc._.kg_mentions
                        if not (m["start"] == token.i and m["end"] == token.i + 1 and m["kind"] == "name")
                    ]
                continue
            if index.at(token):
                continue
            low = token.lower_
            if low in PLURAL_PRONOUNS and token.pos_ == "PRON":
                # "Japan reached the final, where they lost": a side that is the subject just before
                side = sides[-1][1] if sides and sides[-1][0] == sent_no and len(sides[-1][1]) == 1 else None
                group = side or self._recent(groups, sent_no)
                if group:
                    self._link(doc, token, group, "pronoun")
            elif low in SINGULAR_PRONOUNS and token.pos_ == "PRON":
                # "Together with X, he ...": a pronoun is not a co-argument of its own clause
                clause = _clause_verb(token).i if low not in ("his", "her", "himself", "herself") else -1
                # a person already referred to as "he" is not a later "she", and the other way round
                agreeing = [
                    p
                    for p in persons
                    if p[3] != clause
                    and gender.get(p[1], self._name_gender(doc, p[1]) or PRONOUN_GENDER[low])
                    == PRONOUN_GENDER[low]
                ]
                person = self._recent_person(agreeing, sent_no)
                if person:
                    gender.setdefault(person, PRONOUN_GENDER[low])
                    self._link(doc, token, [person], "pronoun")
                    linked[token.i] = [person]
                    if token.dep_.startswith("nsubj"):  # the subject "he" keeps its referent salient
                        persons.append((sent_no, person, True, clause))
            elif low == "it" and token.pos_ == "PRON" and token.dep_ == "nsubj" and _acts(token):
                # "The federation said it would look into it. It also suspended X": the body that was
                # the subject in this sentence or the one before
                body = next((k for n, k in reversed(bodies) if sent_no - n <= 1), None)
                if body is not None and len(body) == 1:
                    self._link(doc, token, body, "pronoun")
            elif _is_age_description(token):  # "the 26-year-old, who won silver"
                free = _free_of(persons, _commanding_subjects(token, index, linked))
                person = self._recent_person(free, sent_no, self._competitors(free, staff))
                if person:
                    self._link(doc, token, [person], "description")
            elif token.pos_ == "NOUN" and _is_definite(token):
                lemma = token.lemma_.casefold()
                plural = token.tag_ in ("NNS", "NNPS")
                # "the pair", "the duo"; "the athletes", "the players": a group of people
                if lemma in self.group_nouns or (
                    plural and (lemma in self.role_nouns or self.role_phrases.ending_at(token))
                ):
                    group = self._recent(groups, sent_no)
                    if group:
                        self._link(doc, token, group, "group")
                    elif sent_no == 0:
                        pending_cataphora.append(token)
                elif lemma in self.team_nouns and not plural and len(teams) > 0:
                    # "the team", "the squad", "the national side": the team named last
                    team = self._recent(teams, sent_no)
                    if team and len(team) == 1:
                        self._link(doc, token, team, "description")
                elif plural or token.dep_ == "compound":
                    continue
                elif lemma in roles:  # "the coach" after "coach X"
                    person = self._apposed_person(index, token) or roles[lemma]
                    self._link(doc, token, [person], "description")
                elif (
                    lemma in self.athlete_nouns
                    or self.athlete_phrases.ending_at(token)
                    or self.gazetteer.sport_of_practitioner(lemma) is not None
                    # "the Swiss world number one": a ranking with its number
                    or lemma in self.ranking_nouns
                    and any(c.dep_ == "nummod" for c in token.children)
                ):
                    # "the athlete", "the 24-year-old sprinter", "the team-mate", "the French striker"
                    # never staff ("a spokesperson, X ... the boxer"): the competitor named last,
                    # from a little further back when none is within the usual reach
                    free = _free_of(persons, _commanding_subjects(token, index, linked))
                    # of the gender its sentence's pronouns give ("The Olympic champion set a new
                    # mark to break her own record" is no man named before)
                    told = {
                        PRONOUN_GENDER[t.lower_]
                        for t in token.sent
                        if t.i > token.i and t.lower_ in PRONOUN_GENDER
                    }
                    wanted = told.pop() if len(told) == 1 else None
                    competing = [
                        p
                        for p in free
                        if p[1] not in staff
                        and (
                            wanted is None or gender.get(p[1], self._name_gender(doc, p[1])) in (None, wanted)
                        )
                    ]
                    person = (
                        self._apposed_person(index, token)
                        or self._recent_person(competing, sent_no, set())
                        or self._recent_person(competing, sent_no, set(), reach=2 * self.max_sentences)
                    )
                    if person:
                        self._link(doc, token, [person], "description")
                        for modifier in (c for c in token.children if c.dep_ in ("amod", "compound")):
                            self._describe_nation(doc, person, modifier)
            elif token.pos_ == "NOUN" and sent_no == 0 and token.lemma_.casefold() in self.group_nouns:
                pending_cataphora.append(token)
        self._quote_speakers(doc)
        return doc

    def _quote_speakers(self, doc: Doc) -> None:
        """'X added: "I have been sent off a couple of times"': a first-person pronoun in a
        paragraph that quotes someone is the speaker, the one person a verb of saying (cue
        quote_verbs) has as subject in its sentence or, nearest first, earlier in the paragraph."""
        index = MentionIndex(doc)
        paragraph_start = 0
        quoted = False  # a quotation mark came earlier in the paragraph
        for token in doc:
            if token.is_space and "\n" in token.text:
                paragraph_start, quoted = token.i + 1, False
                continue
            if token.text in QUOTE_MARKS:
                quoted = True
                continue
            if not quoted or token.lower_ not in FIRST_PERSON or token.pos_ != "PRON" or index.at(token):
                continue
            speaker = self._speaker(doc, index, token, paragraph_start)
            if speaker is not None:
                self._link(doc, token, [speaker], "pronoun")

    def _speaker(self, doc: Doc, index: MentionIndex, token: Token, paragraph_start: int) -> str | None:
        sentences = [token.sent]
        while sentences[-1].start > paragraph_start:
            sentences.append(doc[sentences[-1].start - 1].sent)
        for sentence in sentences:
            for verb in sentence:
                if verb.lemma_.casefold() not in self.quote_verbs or verb.pos_ != "VERB":
                    continue
                people = [k for k in subjects_of(verb, index) if index.cls_of(k) in PERSON_CLASSES]
                if len(people) == 1:
                    return people[0]
        return None

    def _name_gender(self, doc: Doc, key: str) -> str | None:
        """ "m" or "f" from a person's first name (given_names.csv; "u" names and surnames alone
        tell nothing), so that "she" after "Maria Velo and Tom Ardley" is Velo."""
        return first_name_gender(self.gazetteer, doc, key)

    def _demonym_noun(self, token: Token) -> bool:
        """ "the Spaniard", "the Briton": a singular demonym standing for a person."""
        return (
            token.tag_ in ("NN", "NNP")
            and token.is_title
            and _is_definite(token)
            and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "dative", "poss")
            # "the 31-year-old Scot" is one; "the Ryder Cup Scot" may be anyone's description
            and not any(
                c.dep_ in ("compound", "amod") and not any(t.lower_ == "year" for t in c.subtree)
                for c in token.children
            )
            and self.gazetteer.is_demonym(token.text)
            # "the Dutch", "the French": a people or a side where "Dutchman" names one person
            and not self.gazetteer.is_demonym(token.text + "man")
            and self.gazetteer.nation(token.text) is not None
            and fold(token.text) != fold(self.gazetteer.nation(token.text).label)  # type: ignore[union-attr]
        )

    def _apposed_person(self, index: MentionIndex, noun: Token) -> str | None:
        """The person a description is in apposition to: "X, the French striker"; after a list
        ("A, B and C, the world bronze medallist") a singular noun describes the name next to it."""
        if noun.dep_ != "appos":
            return None
        keys = index.keys(apposed_name(noun), PERSON_CLASSES)
        return keys[0] if len(keys) == 1 else None

    def _nation_of(self, doc: Doc, nation_of: dict[str, str], person: str) -> str | None:
        """The nation the text gave a person so far: before their name, or by a description."""
        attrs = entities(doc).get(person, {}).get("attrs", {})
        return nation_of.get(person) or attrs.get("described_nation")

    def _nation_before(self, index: MentionIndex, start: int) -> str | None:
        """The nation a demonym or a nation's name just before a name in its phrase gives:
        "Dutch striker X", "Kenya's X", "the Welsh international X"."""
        doc = index.doc
        i = start - 1
        while i >= 0 and start - i <= 5 and doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "NUM", "PART", "DET"):
            word = doc[i]
            if word.pos_ == "DET":
                break
            nation_keys = index.keys(word, ("Nation",))
            if nation_keys:
                return nation_keys[0].removeprefix("Nation:")
            i -= 1
        return None

    def _describe_nation(self, doc: Doc, person: str, word: Token) -> None:
        """A demonym in a description of a person ("the French striker") gives their nation,
        unless the text gave them one already; kg_infer states it."""
        nation = self.gazetteer.nation(word.text) if self.gazetteer.is_demonym(word.text) else None
        entry = entities(doc).get(person)
        if nation is not None and entry is not None:
            entry["attrs"].setdefault("described_nation", nation.iso3)

    # linking

    def _link(self, doc: Doc, token: Token, keys: list[str], kind: str) -> None:
        start, end = token.left_edge.i if kind != "pronoun" else token.i, token.i + 1
        if kind != "pronoun":
            # the description without its relative clauses or appositions
            start = min(t.i for t in token.subtree if t.i <= token.i)
        cls = "Group" if len(keys) > 1 else entities(doc)[keys[0]]["cls"]
        add_mention(doc, start, end, keys, cls, kind)

    def _recent(self, groups: list[tuple[int, list[str]]], sent_no: int) -> list[str] | None:
        for sent, keys in reversed(groups):
            if sent_no - sent <= self.max_sentences * 3:
                return keys
        return None

    def _recent_person(
        self,
        persons: list[tuple[int, str, bool, int]],
        sent_no: int,
        preferred: set[str] | None = None,
        reach: int | None = None,
    ) -> str | None:
        """The latest person within reach, the subject of their sentence first; among `preferred`
        people when any is within reach. A description (`preferred` given) with no subject to
        take is the one the story has named most: "X's place went to Y. The 31-year-old ..." is
        about the story's X, not the Y named last."""
        window = [p for p in persons if sent_no - p[0] <= (reach or self.max_sentences)]
        if preferred and any(p[1] in preferred for p in window):
            window = [p for p in window if p[1] in preferred]
        if not window:
            return None
        same_or_last = [p for p in window if p[0] == window[-1][0]]
        subjects = [p for p in same_or_last if p[2]]
        if subjects:
            return subjects[0][1]
        if preferred is not None:
            named = Counter(p[1] for p in persons)
            return max(reversed(same_or_last), key=lambda p: named[p[1]])[1]
        return same_or_last[-1][1]

    def _competitors(self, persons: list[tuple[int, str, bool, int]], staff: set[str]) -> set[str]:
        """The people named so far that no role describes as staff: "the 22-year-old" after
        "world champion X ... head coach Y" is X."""
        return {key for _, key, _, _ in persons if key not in staff}

    def _coordinated(self, token: Token, index: MentionIndex) -> list[str]:
        """Keys of the people coordinated with this one ("X and Y", "the pair, X and Y")."""
        root = token
        while root.dep_ == "conj" and index.keys(root.head, PERSON_CLASSES):
            root = root.head
        found: list[str] = []
        for member in [root, *root.conjuncts]:
            keys = index.keys(member, PERSON_CLASSES)
            after = member.doc[member.i + 1] if member.i + 1 < len(member.doc) else None
            if not keys and member.pos_ == "NOUN" and after is not None:
                # "X and fellow sprinter Y": the parser joins the role noun, the name follows it
                keys = index.keys(after, PERSON_CLASSES)
            for key in keys:
                if key not in found:
                    found.append(key)
        return found

    def _descriptors(self, token: Token) -> set[str]:
        """Role nouns attached to a name: "head coach X", "X, the coach", "coach of ..."."""
        found = set()
        for child in token.children:
            if child.dep_ in ("compound", "appos", "amod") and child.lemma_.casefold() in self.role_nouns:
                found.add(child.lemma_.casefold())
        if token.dep_ == "appos" and token.head.lemma_.casefold() in self.role_nouns:
            found.add(token.head.lemma_.casefold())
        for child in token.head.children if token.dep_ == "nsubj" else ():
            if child.dep_ == "attr" and child.lemma_.casefold() in self.role_nouns:
                found.add(child.lemma_.casefold())
        return found

    # short names

    def _find_missed_surnames(self, doc: Doc) -> None:
        """A surname the tagger left out ("Traore's compatriot ...") after the full name was named:
        a capitalised proper noun (or a noun in title case) outside every mention that is the
        last word of exactly one person named earlier."""
        table = entities(doc)
        covered = {i for m in mentions(doc) for i in range(m["start"], m["end"])}
        first_named: dict[str, int] = {}
        for m in mentions(doc):
            if m["cls"] in PERSON_CLASSES and len(m["keys"]) == 1 and m["kind"] == "name":
                first_named.setdefault(m["keys"][0], m["start"])
        last_words: dict[str, list[tuple[str, int]]] = {}
        for key, start in first_named.items():
            words = fold(table.get(key, {}).get("label", "")).split()
            if len(words) > 1:
                last_words.setdefault(words[-1], []).append((key, start))
        for token in doc:
            if token.i in covered or not token.text[:1].isupper():
                continue
            # "Halvik was sin-binned": opening a sentence, an unknown surname is often tagged a noun
            if token.pos_ != "PROPN" and not (token.pos_ == "NOUN" and token.is_title and not token.is_stop):
                continue
            owners = [key for key, start in last_words.get(fold(token.text), []) if start < token.i]
            if len(owners) == 1:
                add_mention(doc, token.i, token.i + 1, owners, table[owners[0]]["cls"], "alias")

    def _find_missed_club_names(self, doc: Doc) -> None:
        """A club's short name the tagger left out ("Fjordby were fined" after "Fjordby FK"): a
        capitalised word outside every mention that is the first word, bar affixes such as "FC",
        of exactly one club named earlier."""
        table = entities(doc)
        covered = {i for m in mentions(doc) for i in range(m["start"], m["end"])}
        short: dict[str, list[tuple[str, int]]] = {}
        for m in mentions(doc):
            entry = table.get(m["keys"][0], {}) if len(m["keys"]) == 1 else {}
            if entry.get("cls") != "Team" or entry.get("attrs", {}).get("nation") or m["kind"] != "name":
                continue
            words = [w for w in fold(entry["label"]).split() if w not in self.club_affixes]
            named = short.setdefault(words[0], []) if words and len(fold(entry["label"]).split()) > 1 else []
            if words and m["keys"][0] not in {k for k, _ in named}:
                named.append((m["keys"][0], m["start"]))
        if not short:
            return
        for token in doc:
            if token.i in covered or not token.is_title or token.pos_ not in ("PROPN", "NOUN"):
                continue
            owners = [key for key, start in short.get(fold(token.text), []) if start < token.i]
            if len(owners) == 1:
                add_mention(doc, token.i, token.i + 1, owners, "Team", "alias")

    def _resolve_shared_nicknames(self, doc: Doc) -> None:
        """ "Reds sink 10-man Magpies": a nickname several clubs share names the one of them the
        story names otherwise; the name NER made a body of, or left out, becomes that club's."""
        table = entities(doc)
        teams = {fold(e["label"]): k for k, e in table.items() if e["cls"] == "Team"}

        def owner(name: str) -> str | None:
            words = fold(name).split()
            nick = " ".join(words[1:] if words[:1] == ["the"] else words)
            shared = self.gazetteer.shared_nicknames.get(nick, ())
            found = {teams[fold(t)] for t in shared if fold(t) in teams}
            return found.pop() if len(found) == 1 else None

        for key, entry in list(table.items()):
            if entry["cls"] in ("Organization", "Team") and not entry["attrs"]:
                target = owner(entry["label"])
                if target is not None and target != key:
                    merge_into(doc, key, target)
        covered = {i for m in mentions(doc) for i in range(m["start"], m["end"])}
        for token in doc:
            if token.i not in covered and token.is_title and token.pos_ in ("PROPN", "NOUN"):
                target = owner(token.text)
                if target is not None:
                    add_mention(doc, token.i, token.i + 1, [target], "Team", "alias")

    def _town_teams_of_the_story_sport(self, doc: Doc) -> None:
        """ "Newcastle 27-27 Gloucester": a town's name read as its football club, in a story whose
        other sides and sport are rugby's, is the town's rugby club (the one club of that sport
        whose name starts with the town)."""
        table = entities(doc)
        sport_of = self.gazetteer.team_sports
        teams = {
            k: sport_of[e["label"]] for k, e in table.items() if e["cls"] == "Team" and e["label"] in sport_of
        }
        named = Counter(e["label"] for e in table.values() if is_sport(e))
        # the story's competitions vote too ("the Six Nations": rugby union), twice as a club does
        for entry in table.values():
            series = (
                self.gazetteer.series(entry["attrs"].get("series") or "")
                if entry["cls"] == "SportingEvent"
                else None
            )
            if series is not None and series.sport:
                named[series.sport] += 2
        forms_of: dict[str, set[str]] = {}
        for m in mentions(doc):
            for k in m["keys"]:
                forms_of.setdefault(k, set()).add(fold(m["text"]))

        def bare_town(key: str) -> str | None:
            """The town a club is named by alone, when clubs of other sports share it."""
            forms = forms_of.get(key, set())
            if len(forms) != 1 or " " in next(iter(forms)):
                return None  # "Newcastle United" named in full is that club
            town = next(iter(forms))
            shared = {s for t, s in sport_of.items() if fold(t).split()[:1] == [town]}
            return town if len(shared) > 1 else None

        towns = {key: bare_town(key) for key in teams}
        for key in teams:
            # a club named by a shared town alone has no sport of its own to vote for
            sports = named + Counter(sport for k, sport in teams.items() if k != key and towns[k] is None)
            ranked = sports.most_common(2)
            if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
                continue
            sport = ranked[0][0]
            town = towns[key]
            if sport == teams[key] or town is None:
                continue
            rivals = [t for t, s in sport_of.items() if s == sport and fold(t).split()[:1] == [town]]
            if len(rivals) != 1:
                continue
            old_label = table[key]["label"]
            club = {"kind": "club"}
            target = add_entity(doc, f"Organization:{fold(rivals[0])}", "Team", rivals[0], attrs=club)
            merge_into(doc, key, target)
            table[target]["aliases"] = [a for a in table[target]["aliases"] if a != old_label]

    def _merge_short_names(self, doc: Doc) -> None:
        """Point "Sato" at "Kenji Sato": the nearest full name before it, else after it."""
        table = entities(doc)
        person_mentions = [m for m in mentions(doc) if m["cls"] in PERSON_CLASSES and len(m["keys"]) == 1]
        full = [(m["start"], m["keys"][0]) for m in person_mentions]
        renamed: dict[str, str] = {}
        for mention in person_mentions:
            key = mention["keys"][0]
            words = fold(table[key]["label"]).split()
            candidates = [
                (start, other)
                for start, other in full
                if other != key and contains_words(fold(table[other]["label"]).split(), words)
            ]
            if not candidates:
                continue
            before = [c for c in candidates if c[0] < mention["start"]]
            target = max(before)[1] if before else min(candidates)[1]
            mention["keys"] = [target]
            mention["kind"] = "alias"
            renamed[key] = target
            alias = table[key]["label"]
            if alias not in table[target]["aliases"]:
                table[target]["aliases"].append(alias)
        used = {k for m in mentions(doc) for k in m["keys"]}
        for key in renamed:
            if key not in used:
                table.pop(key, None)


def _clause_verb(token: Token) -> Token:
    """The verb of the clause a token sits in (the sentence root when there is none)."""
    node = token
    while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    return node


#: clauses of time or purpose: "after a move ... culminated in the Welshman scoring"
ADVERBIAL_CLAUSES = ("advcl", "xcomp", "pcomp")


def _commanding_subjects(
    token: Token, index: MentionIndex, linked: dict[int, list[str]], up_to: tuple[str, ...] = ()
) -> set[str]:
    """The people who are subjects of the clauses a description sits in: "X claims the former
    champion has no case" is not about X (a name or pronoun that governs a description is not it).
    Joined clauses do not govern each other: "X won, and the champion said" may be X; nor, given
    `up_to`, do clauses above one of those kinds."""
    found: set[str] = set()
    node = token
    while node.head.i != node.i and node.dep_ not in ("conj", "parataxis", *up_to):
        node = node.head
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and token not in child.subtree:
                found.update(index.keys(child, PERSON_CLASSES) or linked.get(child.i, []))
    return found


def _free_of(
    persons: list[tuple[int, str, bool, int]], excluded: set[str]
) -> list[tuple[int, str, bool, int]]:
    return [p for p in persons if p[1] not in excluded] if excluded else persons


def _mention_root(token: Token, index: MentionIndex) -> Token:
    mention = index.at(token)[0]
    span = token.doc[mention["start"] : mention["end"]]
    return span.root


#: verbs whose subject "it" names nothing: "it is thought", "it seems", "it takes time"
EMPTY_SUBJECT_VERBS = {
    "be", "seem", "appear", "take", "remain", "look", "mean", "matter", "happen", "feel", "rain",
}  # fmt: skip


def _in_subject(token: Token) -> bool:
    """Whether a word is, or modifies, a clause's subject: "UEFA" in "the UEFA panel said"."""
    while token.dep_ in ("compound", "amod", "poss", "nmod", "flat") and token.head is not token:
        token = token.head
    return token.dep_ == "nsubj"


def _acts(pronoun: Token) -> bool:
    """Whether a subject "it" does something rather than standing in for a clause ("it is
    understood that ...") or the weather."""
    verb = pronoun.head
    return verb.pos_ == "VERB" and verb.lemma_.casefold() not in EMPTY_SUBJECT_VERBS


def _is_age_description(token: Token) -> bool:
    """ "The 26-year-old" used as a noun phrase: news style for the person just named."""
    i = token.i
    doc = token.doc
    return (
        token.lower_ == "old"
        and i >= 5
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ in ("year", "years")
        and doc[i - 4].like_num
        and doc[i - 5].lower_ == "the"
        and token.dep_.startswith("nsubj")
    )


def _is_definite(token: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "these", "this", "those", "both", "their")
        for c in token.children
    )


@Language.factory(
    "kg_coref",
    requires=["doc._.kg_mentions", "token.dep"],
    assigns=["doc._.kg_mentions"],
    default_config={"max_sentences": 3},
)
def make_coref(nlp: Language, name: str, max_sentences: int) -> Coreference:
    return Coreference(load_gazetteer(), max_sentences, nlp)
