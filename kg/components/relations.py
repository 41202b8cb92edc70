"""kg_relations: the contract's five predicates, read from the syntax.

Three families of rules, each over the dependency parse and the mention index
(so a pronoun or "the pair" stands for the people it was resolved to):

- descriptions of a person: the nouns and modifiers around a name
  ("North Korean table tennis players X and Y", "X, a Canadian swimmer",
  "X is a German skeleton racer", "China's head coach X", "X, president of Y");
- verbs: "competed at E", "won silver at E", "represented N", "played for T",
  "joined T", "captained T";
- possessed regimes: "X's regime" / "X's government" → X leads the nation the
  clause is about.

Co-occurrence alone never makes a relation.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.components.cues import CuePhrases
from kg.components.doc_data import (
    OPPONENTS_KEY,
    MentionIndex,
    add_entity,
    add_mention,
    cue_words,
    entities,
    fold,
    install_extensions,
    mentions,
    names_after,
    national_teams,
    recent_org,
    retype,
    set_class,
    subjects_of,
    verb_forms,
    verb_lemma,
)
from kg.components.normalize import clean_name
from kg.gazetteer import Gazetteer, load_gazetteer

PERSON = ("Person", "Athlete")
AGENTS = ("Person", "Athlete", "Team", "Nation", "Organization")
ORGS = ("Organization", "Team")
#: subject and object classes each predicate admits
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "nationality": (PERSON + ("Referent",), ("Nation",)),
    "memberOf": (PERSON + ("Referent",), ORGS),
    "participatedIn": (PERSON + ("Team", "Nation", "Referent"), ("SportingEvent",)),
    "playsSport": (PERSON + ("Team", "Referent"), ("Sport",)),
    "leaderOf": (PERSON, ("Nation", "Organization", "Team")),
}
EVENT_PREPS = {"at", "in", "during", "for", "to", "of"}  # "of": "reached the final of X"


class RelationExtractor:
    def __init__(self, gazetteer: Gazetteer, name: str, nlp: Language | None = None) -> None:
        install_extensions()
        self.gazetteer = gazetteer
        self.name = name
        cues = gazetteer.cues
        self.athlete_roles = cue_words(cues.get("athlete_role_nouns"))
        self.coach_roles = cue_words(cues.get("coach_role_nouns"))
        self.leader_roles = cue_words(cues.get("leader_role_nouns"))
        self.member_roles = cue_words(cues.get("member_role_nouns"))
        self.regime_nouns = cue_words(cues.get("regime_nouns"))
        self.participation_verbs = cue_words(cues.get("participation_verbs"))
        self.membership_verbs = cue_words(cues.get("membership_verbs"))
        self.medal_verbs = cue_words(cues.get("medal_verbs"))
        self.participation_nouns = cue_words(cues.get("participation_nouns"))
        self.org_reference_nouns = cue_words(cues.get("org_reference_nouns"))
        self.club_verbs = _marker_table(cues.get("club_verbs"))
        self.club_nouns = cue_words(cues.get("club_nouns"))
        self.kin_nouns = cue_words(cues.get("kin_nouns"))
        self.compatriot_nouns = cue_words(cues.get("compatriot_nouns"))
        self.blood_kin = cue_words(cues.get("blood_kin_nouns"))
        self.naming_verbs = cue_words(cues.get("role_naming_verbs"))
        self.ambiguous_practitioners = cue_words(cues.get("ambiguous_practitioner_nouns"))
        self.roster_nouns = cue_words(cues.get("team_nouns")) | cue_words(cues.get("group_nouns"))
        self.role_words = self.athlete_roles | self.coach_roles | self.leader_roles | self.member_roles
        self.club_acting_verbs = _marker_table(cues.get("club_acting_verbs"))
        self.opponent_markers = _marker_table(cues.get("opponent_markers"))
        self.leading_phrases = [p.split() for p in cue_words(cues.get("team_leading_phrases"))]
        # the entries of several tokens, which no one-token lookup can meet (kg/components/cues.py)
        nlp = nlp or spacy.blank("en")
        self.athlete_phrases = CuePhrases(nlp, cues.get("athlete_role_nouns"), inflect="last")
        self.coach_phrases = CuePhrases(nlp, cues.get("coach_role_nouns"), inflect="last")
        self.leader_phrases = CuePhrases(nlp, cues.get("leader_role_nouns"), inflect="last")
        self.member_phrases = CuePhrases(nlp, cues.get("member_role_nouns"), inflect="last")
        self.compatriot_phrases = CuePhrases(nlp, cues.get("compatriot_nouns"), inflect="last")
        self.participation_noun_phrases = CuePhrases(nlp, cues.get("participation_nouns"), inflect="last")
        self.participation_phrases = CuePhrases(nlp, cues.get("participation_verbs"), inflect="first")
        self.membership_phrases = CuePhrases(nlp, cues.get("membership_verbs"), inflect="first")
        self.medal_phrases = CuePhrases(nlp, cues.get("medal_verbs"), inflect="first")
        self.leading_starts = {words[0] for words in self.leading_phrases}
        self.verb_forms = verb_forms(
            self.participation_verbs
            | self.membership_verbs
            | self.medal_verbs
            | set(self.club_verbs)
            | set(self.club_acting_verbs)
        )

    def __call__(self, doc: Doc) -> Doc:
        if doc._.kg_relations is None:
            doc._.kg_relations = []
        if doc._.kg_mentions is None:
            return doc
        self.doc = doc
        self.index = MentionIndex(doc)
        for mention in list(doc._.kg_mentions):
            if mention["cls"] in PERSON and mention["kind"] in ("name", "alias"):
                root = doc[mention["start"] : mention["end"]].root
                self._describe(root, mention["keys"])
                self._possessed_by_nation(mention)
        for token in doc:
            if token.pos_ in ("VERB", "AUX"):
                self._verb(token)
                self._club_acting(token)
            if token.lemma_.casefold() in self.regime_nouns:
                self._regime(token)
            if token.pos_ == "NOUN" and (
                token.lemma_.casefold() in self.participation_nouns
                or self.participation_noun_phrases.ending_at(token)
            ):
                self._participation(token)
            if token.dep_ == "nsubj" and token.lemma_.casefold() in self.club_nouns:
                self._club_list(token)
            if token.lemma_.casefold() in self.roster_nouns and token.i + 1 < len(doc):
                self._roster(token)
            if token.lemma_.casefold() in self.opponent_markers and token.pos_ in ("VERB", "NOUN"):
                self._opponents(token)
            if token.lower_ in self.leading_starts and token.i + 1 < len(doc):
                self._in_charge(token)
        # a later rule may have shown a name to be a club ("plays for Everton"): drop what it
        # was given while it passed for a person
        doc._.kg_relations = [r for r in doc._.kg_relations if self._fits(r)]
        return doc

    def _fits(self, relation: dict[str, Any]) -> bool:
        subject_classes, object_classes = SIGNATURES[relation["predicate"]]
        return (
            self.index.cls_of(relation["subject"]) in subject_classes
            and self.index.cls_of(relation["object"]) in object_classes
        )

    # recording

    def add(self, subject: str, predicate: str, obj: str, tokens: list[Token], confidence: float) -> None:
        if subject == obj:
            return
        subject_classes, object_classes = SIGNATURES[predicate]
        if self.index.cls_of(subject) not in subject_classes or self.index.cls_of(obj) not in object_classes:
            return
        if predicate == "playsSport":
            set_class(self.doc, subject, "Athlete")
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        sent = self.doc[start].sent
        start, end = min(start, sent.start), max(end, sent.end)
        self.doc._.kg_relations.append(
            {
                "subject": subject,
                "predicate": predicate,
                "object": obj,
                "start": self.doc[start].idx,
                "end": self.doc[end - 1].idx + len(self.doc[end - 1].text),
                "confidence": confidence,
                "component": self.name,
            }
        )

    # rule family 1: descriptions of a person

    def _describe(self, name: Token, keys: list[str]) -> None:
        for noun in self._descriptor_nouns(name):
            self._apply_descriptor(noun, keys, name)
        # "X (1931 – 2004), Hungarian swimmer": a list entry or lead, whatever the parser made of it
        after = self._after_parenthesis(name)
        if after is not None:
            for nation in self.index.keys(after, ("Nation",)):
                for key in keys:
                    self.add(key, "nationality", nation, [name, after], 0.75)
        # "Germany's X", "American X", "Frenchman X": a nation word on the name itself
        for child in name.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < name.i:
                for nation in self.index.keys(child, ("Nation",)):
                    for key in keys:
                        self.add(key, "nationality", nation, [child, name], 0.8)

    def _national_teams(self, nations: list[str]) -> list[str]:
        """The one national team of each nation that the article names (none when it names two)."""
        teams = national_teams(self.doc)
        return [team for nation in nations if len(teams.get(nation, [])) == 1 for team in teams[nation]]

    def _possessed_by_nation(self, mention: dict[str, Any]) -> None:
        """ "Mexico's A and Turkey's B": a nation's possessive right before a name gives the
        person's nation, read from the words since lists of them often break the parse."""
        start = mention["start"]
        if start < 2 or self.doc[start - 1].lower_ not in ("'s", "’s"):
            return
        for nation in self.index.keys(self.doc[start - 2], ("Nation",)):
            for key in mention["keys"]:
                self.add(key, "nationality", nation, [self.doc[start - 2], self.doc[start]], 0.8)

    def _compatriot(self, noun: Token, keys: list[str], same_nation: bool) -> None:
        """ "X's compatriot Y", "her team-mate Y": Y shares X's nation, which `kg_infer` copies
        once every nationality is known (a team-mate only in a story of national teams)."""
        owners = [
            k
            for c in noun.children
            if c.dep_ == "poss"
            for k in self.index.phrase_keys(c)
            if self.index.cls_of(k) in PERSON
        ]
        for key in keys:
            entry = entities(self.doc).get(key)
            if entry is not None and owners and owners[0] != key:
                entry["attrs"]["compatriot" if same_nation else "teammate"] = owners[0]

    def _role_word(self, low: str) -> bool:
        return low in self.role_words or self.gazetteer.sport_of_practitioner(low) is not None

    def _mistagged_role(self, token: Token) -> bool:
        """ "speed skater" tagged as an adjective: a role or practitioner noun whatever its tag."""
        return token.is_lower and self._role_word(token.lower_)

    def _opening_role(self, token: Token) -> bool:
        """ "Goalkeeper X", "Manager X": a role noun capitalised because it opens the sentence."""
        return token.is_title and token.i == token.sent.start and self._role_word(token.lower_)

    def _after_parenthesis(self, name: Token) -> Token | None:
        """The word after "NAME (…)," when a parenthesis follows the name at once."""
        mention = self.index.at(name)
        end = max((m["end"] for m in mention), default=name.i + 1)
        doc = self.doc
        if end >= len(doc) or doc[end].text != "(":
            return None
        close = next((t.i for t in doc[end : min(end + 25, len(doc))] if t.text == ")"), None)
        if close is None or close + 2 >= len(doc) or doc[close + 1].text != ",":
            return None
        return doc[close + 2]

    def _descriptor_nouns(self, name: Token) -> list[Token]:
        nouns: list[Token] = []
        # "players X", "coach X", "President X"
        nouns += [
            c
            for c in name.children
            if c.dep_ in ("compound", "nmod", "amod")
            and (_nounish(c) or self._opening_role(c) or self._mistagged_role(c))
        ]
        # "X, a Canadian swimmer"
        nouns += [c for c in name.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        # "the pair, X and Y" (parsed as apposition or as coordination)
        if name.dep_ in ("appos", "conj") and name.head.pos_ == "NOUN":
            nouns.append(name.head)
        # "His brother was X": the subject noun of a copula whose complement is the name
        if name.dep_ == "attr" and name.head.lemma_ == "be":
            nouns += [c for c in name.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        # "X is a German skeleton racer", "X became captain", "X has been named captain"
        naming = name.dep_ == "nsubjpass" and name.head.lemma_.casefold() in self.naming_verbs
        if naming or name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ in ("be", "become", "remain"):
            nouns += [
                c for c in name.head.children if c.dep_ in ("attr", "acomp", "oprd") and c.pos_ == "NOUN"
            ]
        # "Polish fencers Jan Nowak and ...", when the parser makes the noun a sibling of the name
        mention = self.index.at(name)
        start = min(m["start"] for m in mention) if mention else name.i
        before = self.doc[start - 1] if start > name.sent.start else None
        if (
            before is not None
            and (_nounish(before) or self._opening_role(before) or self._mistagged_role(before))
            and before.head != name
            and before.dep_ not in ("poss", "pobj", "dobj")
            and before not in nouns
        ):
            nouns.append(before)
        # conjuncts share the descriptions before them: "players X and Y", "X and his team-mates
        # Y, Z and W" (W is a team-mate too: the chain is followed one conjunct at a time)
        if name.dep_ == "conj" and name.head.pos_ == "PROPN":
            nouns += self._descriptor_nouns(name.head)
        return nouns

    def _apply_descriptor(self, noun: Token, keys: list[str], name: Token) -> None:
        lemma = noun.lemma_.casefold()
        # "vice-captain" may come as "vice", "-", "captain": a player, not the team's leader
        if _hyphen_prefix(noun) == "vice":
            lemma = f"vice-{lemma}"
        phrase = self.doc[noun.left_edge.i : noun.i + 1]
        if noun.head == name and noun.i < name.i:
            # "Iranian judoka X": the parser hangs "Iranian" on the name, beside the noun
            siblings = [
                c.left_edge.i
                for c in name.children
                if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "poss")
            ]
            if siblings:
                phrase = self.doc[min(siblings + [noun.left_edge.i]) : noun.i + 1]
        # "Kyrgyz boxer X" parsed with "Kyrgyz" off on its own: a nation word right before still counts
        start = phrase.start
        while start > 0 and self.index.keys(self.doc[start - 1], ("Nation",)):
            start -= 1
        phrase = self.doc[start : phrase.end]
        evidence = [noun, name]
        practitioner = self.gazetteer.sport_of_practitioner(_modifier_text(noun))
        is_athlete = (
            practitioner is not None
            or lemma in self.athlete_roles
            or bool(self.athlete_phrases.ending_at(noun))
        )
        if practitioner is not None and self._other_sport_named(noun, practitioner.label):
            practitioner = None  # "goalkeeper" in a hockey story: the story's sport, not football
        is_leader = (
            lemma in self.leader_roles
            or _text_of(noun).casefold() in self.leader_roles
            or bool(self.leader_phrases.ending_at(noun))
        )
        is_coach = lemma in self.coach_roles or bool(self.coach_phrases.ending_at(noun))
        is_member = (
            is_coach
            or is_athlete
            or lemma in self.member_roles
            or is_leader
            or bool(self.member_phrases.ending_at(noun))
        )
        if is_athlete:
            for key in keys:
                set_class(self.doc, key, "Athlete")
        # "team-mate" may come as "team", "-", "mate"
        if lemma == "mate" and _hyphen_prefix(noun) == "team":
            lemma = "team-mate"
        compatriot = lemma in self.compatriot_nouns or bool(self.compatriot_phrases.ending_at(noun))
        if compatriot or lemma in self.blood_kin or lemma in ("teammate", "team-mate"):
            # "X's compatriot Y", "his brother Y", "her siblings A, B and C": one nation
            self._compatriot(noun, keys, compatriot or lemma in self.blood_kin)
        role = _role(lemma, phrase.text.casefold(), is_athlete, is_coach, is_leader, is_member)
        if role:
            for key in keys:
                entry = entities(self.doc).get(key)
                if entry is not None:
                    # "Opener X has been named captain": a captain is still a player, and more
                    if role == "captain" and entry["attrs"].get("role") == "athlete":
                        entry["attrs"]["role"] = role
                    entry["attrs"].setdefault("role", role)
        if practitioner is not None:
            sport = self._sport_entity(practitioner.label, noun)
            for key in keys:
                self.add(key, "playsSport", sport, evidence, 0.85)
        is_minister = "minister" in phrase.text.casefold() and "prime" not in phrase.text.casefold()
        found_org = False
        for token in phrase:
            if token.i == noun.i:
                continue
            for obj in self.index.keys(token):
                cls = self.index.cls_of(obj)
                found_org = found_org or cls in ORGS
                for key in keys:
                    if cls == "Nation":
                        self.add(key, "nationality", obj, evidence + [token], 0.85)
                        # "Canada's head coach X" leads a team, not the nation; a minister, a ministry
                        if (
                            is_leader
                            and not (is_athlete or is_coach or is_minister)
                            and token.dep_ != "compound"
                        ):
                            self.add(key, "leaderOf", obj, evidence + [token], 0.7)
                    elif cls == "Sport" and (is_athlete or is_coach or lemma in self.athlete_roles):
                        self.add(key, "playsSport", obj, evidence + [token], 0.85)
                    elif cls in ORGS and lemma not in self.kin_nouns:  # not "Ferrazzi's son X"
                        self.add(key, "memberOf", obj, evidence + [token], 0.75)
                        if is_leader:
                            self.add(key, "leaderOf", obj, evidence + [token], 0.7)
        # "Jamaica's relay coach X", "Canada's anchor X": N's national team, when the article has one
        if is_coach or is_athlete:
            owners = [
                k
                for tok in phrase
                if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ in ("'s", "’s")
                for k in self.index.keys(tok, ("Nation",))
            ]
            for team in self._national_teams(owners[:1]):
                found_org = True
                for key in keys:
                    self.add(key, "memberOf", team, evidence, 0.7)
                    if lemma == "captain" or is_coach and "head" in phrase.text.casefold():
                        self.add(key, "leaderOf", team, evidence, 0.65)
        # "president of the IOC", "coach of the Russian team", "member of FIFA"
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at", "with"):
                for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                    for target in self._phrase(pobj):
                        cls = self.index.cls_of(target)
                        found_org = found_org or cls in ORGS
                        for key in keys:
                            if cls in ORGS and is_member:
                                self.add(key, "memberOf", target, evidence + [pobj], 0.75)
                            if is_leader and cls in ORGS + ("Nation",):
                                self.add(key, "leaderOf", target, evidence + [pobj], 0.75)
                            if cls == "Nation" and is_athlete:
                                self.add(key, "nationality", target, evidence + [pobj], 0.7)
                            if cls == "SportingEvent" and is_athlete:
                                self.add(key, "participatedIn", target, evidence + [pobj], 0.7)

        # "its president X", "the committee's president X", "club president X", "sports minister X"
        if (is_member or is_minister) and not found_org and not is_athlete:
            org = self._org_reference(noun, phrase, is_minister)
            if org is not None:
                leads = is_minister and lemma != "deputy" and "deputy" not in phrase.text.casefold()
                leads = leads or (is_leader and not is_coach and not is_minister)
                for key in keys:
                    self.add(key, "memberOf", org, evidence, 0.65)
                    if leads:
                        self.add(key, "leaderOf", org, evidence, 0.6)

    def _org_reference(self, noun: Token, phrase: Span, is_minister: bool) -> str | None:
        """The organisation a role noun points back to without naming it.

        "its president" and "the committee's president" refer to the latest
        organisation before them (of that kind, when a kind is named); "club
        president X" to the latest club; "Valdarno president X" to the
        organisation whose name starts with that word; a minister to the
        article's ministry.
        """
        modifiers = [t for t in phrase if t.i != noun.i] + [c for c in noun.children if c.dep_ == "poss"]
        for tok in modifiers:
            if tok.lower_ in ("its", "their") and tok.dep_ == "poss":
                return recent_org(self.doc, noun.i, None, self.gazetteer.is_outlet)
            # "club president X"; "Club president X" opening a sentence, tagged a proper noun
            if (
                tok.pos_ == "NOUN" or tok.i == tok.sent.start
            ) and tok.lemma_.casefold() in self.org_reference_nouns:
                return recent_org(self.doc, noun.i, tok.lemma_.casefold(), self.gazetteer.is_outlet)
            if tok.pos_ == "PROPN" and tok.is_title and not self.index.keys(tok):
                for key, entry in entities(self.doc).items():
                    if entry["cls"] in ORGS and entry["label"].split()[0] == tok.text:
                        return key
        if is_minister:
            for key, entry in entities(self.doc).items():
                if entry["attrs"].get("kind") == "ministry":
                    return key
        return None

    def _other_sport_named(self, noun: Token, label: str) -> bool:
        """An ambiguous practitioner noun alone ("goalkeeper", "runner") in a story that names
        sports, none of them the one the noun would give."""
        if _modifier_text(noun).casefold() not in self.ambiguous_practitioners:
            return False
        named = {m["keys"][0] for m in mentions(self.doc) if m["cls"] == "Sport" and m["kind"] == "name"}
        return bool(named) and f"Sport:{fold(label)}" not in named

    def _sport_entity(self, label: str, token: Token) -> str:
        key = f"Sport:{fold(label)}"
        add_entity(self.doc, key, "Sport", label)
        add_mention(self.doc, token.i, token.i + 1, [key], "Sport", kind="description")
        self.index = MentionIndex(self.doc)
        return key

    # rule family 2: verbs

    def _verb(self, verb: Token) -> None:
        lemma = verb_lemma(verb, self.verb_forms) or verb.lemma_.casefold()
        participates = lemma in self.participation_verbs or lemma in self.medal_verbs
        # "took part in", "crashed out of", "was awarded": a verb phrase the verb opens or closes
        participates = participates or any(
            m.starting_at(verb) or m.ending_at(verb) for m in (self.participation_phrases, self.medal_phrases)
        )
        joins = lemma in self.membership_verbs or bool(
            self.membership_phrases.starting_at(verb) or self.membership_phrases.ending_at(verb)
        )
        if not (participates or joins):
            return
        subjects = self._subjects(verb)
        if not subjects:
            return
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        preps = [c for c in verb.children if c.dep_ == "prep"]
        for obj in objects:
            preps += [c for c in obj.children if c.dep_ == "prep"]
        # "plays as a defender for Leicester City": the club hangs on the position
        for prep in [p for p in preps if p.lower_ == "as"]:
            preps += [c for o in prep.children if o.dep_ == "pobj" for c in o.children if c.dep_ == "prep"]
        targets = [(tok, prep.lower_) for prep in preps for tok in _prep_objects(prep)]
        for obj in objects:
            targets += [(tok, "") for tok in _listed(obj)]
        # "played for English sides Jarrow and Whitley Bay": the names after the club noun
        targets += [(name, marker) for tok, marker in targets if _nounish(tok) for name in names_after(tok)]
        club_markers = self.club_verbs.get(lemma, ())
        for tok, marker in targets:
            if marker in club_markers and tok.pos_ == "PROPN":
                club = self._club_key(tok)
                if club is not None:
                    for subject in subjects:
                        if self.index.cls_of(subject) in PERSON + ("Referent",):
                            self.add(subject, "memberOf", club, [verb, tok], 0.75)
                            if participates and self.index.cls_of(subject) == "Person":
                                set_class(self.doc, subject, "Athlete")  # "scored for", "played for"
                    continue
            for target in self._phrase(tok):
                cls = self.index.cls_of(target)
                for subject in subjects:
                    if cls == "SportingEvent" and participates and marker in EVENT_PREPS | {""}:
                        self.add(subject, "participatedIn", target, [verb, tok], 0.8)
                    elif cls == "Nation" and lemma in (
                        "represent",
                        "compete",
                        "play",
                        "race",
                        "swim",
                        "run",
                    ):
                        if marker in ("for", ""):
                            self.add(subject, "nationality", target, [verb, tok], 0.75)
                    elif cls in ORGS and joins and marker in ("for", "with", "", "to", "at"):
                        self.add(subject, "memberOf", target, [verb, tok], 0.75)
                        if (
                            lemma in ("captain", "lead", "manage", "coach")
                            and marker == ""
                            and (lemma == "captain" or cls == "Team")
                        ):
                            self.add(subject, "leaderOf", target, [verb, tok], 0.6)
                    if participates and self.index.cls_of(subject) == "Person" and cls == "SportingEvent":
                        set_class(self.doc, subject, "Athlete")

    def _in_charge(self, first: Token) -> None:
        """ "X, who had been in charge of the national side since 2019": X is its head coach, and
        leads and belongs to the team when the phrase names one (cue `team_leading_phrases`)."""
        doc = self.doc
        words = next(
            (
                w
                for w in self.leading_phrases
                if first.i + len(w) <= len(doc) and all(doc[first.i + n].lower_ == x for n, x in enumerate(w))
            ),
            None,
        )
        if words is None or first.i + len(words) >= len(doc):
            return
        last = doc[first.i + len(words) - 1]
        objects = [o for o in last.children if o.dep_ == "pobj"]
        team = objects[0] if objects else None
        if team is None or not (
            team.lemma_.casefold() in self.roster_nouns or self.index.keys(team, ("Team",))
        ):
            return
        verb = first.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        teams = self._keep_teams(self.index.phrase_keys(team))
        for person in subjects_of(verb, self.index):
            entry = entities(doc).get(person)
            if entry is None or entry["cls"] not in PERSON:
                continue
            entry["attrs"].setdefault("role", "head coach")
            for key in teams:
                self.add(person, "memberOf", key, [first, team], 0.7)
                self.add(person, "leaderOf", key, [first, team], 0.7)

    def _keep_teams(self, keys: list[str]) -> list[str]:
        return [k for k in keys if self.index.cls_of(k) == "Team"]

    def _opponents(self, token: Token) -> None:
        """ "beat Japan", "lost to South Korea", "defeats by Venezuela", "games against India": the
        opponent took part too. Recorded for kg_infer, which knows the story's events."""
        markers = self.opponent_markers[token.lemma_.casefold()]
        heads = (
            [c for c in token.children if c.dep_ == "dobj"] if "" in markers and token.pos_ == "VERB" else []
        )
        heads += [
            o for p in token.children if p.dep_ == "prep" and p.lower_ in markers for o in _prep_objects(p)
        ]
        found = self.doc.user_data.setdefault(OPPONENTS_KEY, [])
        for head in heads:
            for member in [head, *head.conjuncts]:
                found += [
                    k
                    for k in self.index.phrase_keys(member)
                    if self.index.cls_of(k) in ("Nation", "Team", "Athlete")  # not "losing to X" for mayor
                ]

    def _club_acting(self, verb: Token) -> None:
        """ "X signed him", "he was loaned to Y": the club acts, the player is the object."""
        lemma = verb_lemma(verb, self.verb_forms) or verb.lemma_.casefold()
        markers = self.club_acting_verbs.get(lemma)
        if markers is None:
            return
        players = [
            k
            for c in verb.children
            if c.dep_ in ("dobj", "nsubjpass")
            for k in self.index.phrase_keys(c)
            if self.index.cls_of(k) in PERSON + ("Referent",)
        ]
        if not players:
            return
        clubs: list[Token] = []
        for child in verb.children:
            if child.dep_ == "nsubj" and "dobj" in {c.dep_ for c in verb.children}:
                clubs += _listed(child)
            if child.dep_ == "agent":
                clubs += [t for c in child.children if c.dep_ == "pobj" for t in _listed(c)]
            if child.dep_ == "prep" and child.lower_ in markers:
                clubs += _prep_objects(child)
        for tok in clubs:
            if tok.pos_ != "PROPN":
                continue
            club = self._club_key(tok)
            if club is not None:
                for player in players:
                    self.add(player, "memberOf", club, [verb, tok], 0.7)

    def _club_list(self, noun: Token) -> None:
        """ "His former clubs were A and B": the owner of the clubs was a member of each."""
        if noun.head.lemma_ != "be":
            return
        owners = [
            k
            for c in noun.children
            if c.dep_ == "poss"
            for k in self.index.phrase_keys(c)
            if self.index.cls_of(k) in PERSON
        ]
        for attr in [c for c in noun.head.children if c.dep_ == "attr"]:
            for tok in _listed(attr):
                club = self._club_key(tok) if tok.pos_ == "PROPN" else None
                if club is not None:
                    for owner in owners:
                        self.add(owner, "memberOf", club, [noun, tok], 0.75)

    def _roster(self, noun: Token) -> None:
        """ "The South Korean quartet of A, B, C and D": the people listed after "of" make up the
        team (members of it, athletes, of its nation).

        The list is read from the mentions, not the parse: hyphenated names often break the parse
        of a list, while the names themselves are found.
        """
        if noun.nbor().lower_ != "of":
            return
        members: list[str] = []
        tokens: list[Token] = []
        i = noun.i + 2
        while i < noun.sent.end:
            keys = self.index.keys(self.doc[i], PERSON)
            if keys:
                mention = next(m for m in self.index.at(self.doc[i]) if set(keys) & set(m["keys"]))
                members += [k for k in keys if k not in members]
                tokens.append(self.doc[i])
                i = max(i + 1, mention["end"])
            elif self.doc[i].lower_ in (",", "and", "&") and members:
                i += 1
            else:
                break
        if len(members) < 2:
            return
        teams = [k for k in self.index.keys(noun, ("Team",)) if k.startswith("Team:")]
        nations = [
            k for t in self.doc[noun.left_edge.i : noun.i] for k in self.index.keys(t, ("Nation",))
        ] or [f"Nation:{n}" for k in teams if (n := entities(self.doc)[k].get("attrs", {}).get("nation"))]
        for member in members:
            set_class(self.doc, member, "Athlete")
            for team in teams:
                self.add(member, "memberOf", team, [noun, *tokens], 0.7)
            for nation in dict.fromkeys(nations):
                self.add(member, "nationality", nation, [noun, *tokens], 0.7)

    def _club_key(self, tok: Token) -> str | None:
        """The team a proper noun after "plays for" names, made a Team if NER mistook it.

        The small model tags many club names as people or places ("plays for
        Everton", "joined Leicester City"); in this position they are clubs. A
        name already known as a nation, event or sport, or described as a
        person elsewhere, is left alone.
        """
        doc = self.doc
        for key in self.index.keys(tok):
            cls = self.index.cls_of(key)
            if cls in ORGS:
                set_class(doc, key, "Team")
                return key
            if cls == "Person" and not any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in tok.children):
                retype(doc, key, "Team")
                return key
            return None
        ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None:
            start, end = ent.start, ent.end
        else:
            start, end = tok.i, tok.i + 1
            while (
                start > tok.sent.start
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].dep_ == "compound"
            ):
                start -= 1
        while start < end and doc[start].pos_ in ("DET", "PUNCT"):
            start += 1
        label = clean_name(doc[start:end].text)
        if not label or not label[0].isupper():
            return None
        if self.gazetteer.nation(label) or self.gazetteer.sport(label) or self.gazetteer.series(label):
            return None
        key = add_entity(doc, f"Organization:{fold(label)}", "Team", label)
        add_mention(doc, start, end, [key], "Team")
        self.index = MentionIndex(doc)
        return key

    def _subjects(self, verb: Token) -> list[str]:
        found = subjects_of(verb, self.index)
        return [k for k in found if self.index.cls_of(k) in PERSON + ("Team", "Nation", "Referent")]

    def _phrase(self, token: Token) -> list[str]:
        return self.index.phrase_keys(token)

    # rule family 3: "X's performance in E", "X's World Cup campaign"

    def _participation(self, noun: Token) -> None:
        owners = [
            k
            for c in noun.children
            if c.dep_ == "poss"
            for k in self.index.phrase_keys(c)
            if self.index.cls_of(k) in PERSON + ("Team", "Nation")
        ]
        if not owners:
            return
        places = [c for c in noun.children if c.dep_ == "compound"]
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "during"):
                places += [c for c in prep.children if c.dep_ == "pobj"]
        for place in places:
            for event in self.index.phrase_keys(place):
                if self.index.cls_of(event) == "SportingEvent":
                    for owner in owners:
                        self.add(owner, "participatedIn", event, [noun, place], 0.7)

    # rule family 4: "X's regime"

    def _regime(self, noun: Token) -> None:
        owners = [c for c in noun.children if c.dep_ == "poss"]
        for owner in owners:
            people = [k for k in self.index.keys(owner, PERSON)]
            if not people:
                continue
            nation = self._clause_nation(noun)
            if nation:
                for person in people:
                    self.add(person, "leaderOf", nation, [owner, noun], 0.7)

    def _clause_nation(self, token: Token) -> str | None:
        """The nation a clause is about: an ancestor's, else the nearest one before it."""
        for ancestor in token.ancestors:
            keys = self.index.keys(ancestor, ("Nation",))
            if keys:
                return keys[0]
        sent = token.sent
        best = None
        for t in sent:
            if t.i >= token.i:
                break
            keys = self.index.keys(t, ("Nation",))
            if keys:
                best = keys[0]
        return best


def _hyphen_prefix(noun: Token) -> str | None:
    """The word the tokenizer split off before a hyphen: "vice", "-", "captain" → "vice"."""
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].text == "-":
        return doc[noun.i - 2].lower_
    return None


def _role(lemma: str, phrase: str, athlete: bool, coach: bool, leader: bool, member: bool) -> str | None:
    """What a description makes a person: athlete, captain, head coach, coach, leader or official.

    Later stages read it: a captain is a player who leads a team, a head coach
    leads one, an official only belongs to an organisation.
    """
    if lemma in ("captain", "skipper", "co-captain"):
        return "captain"
    if coach:
        words = set(phrase.split())
        # "manager X" runs a football or baseball side; a "team manager" or "general manager" does not
        runs_side = lemma == "manager" and not {"team", "general", "assistant"} & words
        return "head coach" if {"head", "national", "chief"} & words or runs_side else "coach"
    if athlete or lemma in ("teammate", "team-mate"):
        return "athlete"
    if leader:
        return "leader"
    if member:
        return "official"
    return None


def _marker_table(values: object) -> dict[str, tuple[str, ...]]:
    """A cue map lemma → prepositions, case folded."""
    if not isinstance(values, dict):
        return {}
    return {str(k).casefold(): tuple(str(m).casefold() for m in v) for k, v in values.items()}


def _listed(token: Token) -> list[Token]:
    """A noun and what is listed with it: conjuncts, and the items of "teams such as A, B"."""
    found = [token, *token.conjuncts]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("as", "including", "like"):
            found += [t for c in prep.children if c.dep_ == "pobj" for t in (c, *c.conjuncts)]
    return found


def _prep_objects(prep: Token) -> list[Token]:
    return [t for c in prep.children if c.dep_ == "pobj" for t in _listed(c)]


def _nounish(token: Token) -> bool:
    """A common noun, also when the tagger calls a lowercase word a proper noun ("judoka")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower)


def _text_of(noun: Token) -> str:
    """The role phrase of a noun with its compound modifiers: "head coach", "prime minister"."""
    parts = [c for c in noun.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("NOUN", "ADJ")]
    return " ".join([*(p.text for p in parts), noun.text])


def _modifier_text(noun: Token) -> str:
    """The noun with its nominal compounds: "table tennis players", "skeleton racer"."""
    start = noun.i
    while start > 0 and noun.doc[start - 1].dep_ == "compound" and noun.doc[start - 1].head.i >= noun.i - 3:
        start -= 1
    return noun.doc[start : noun.i + 1].text


@Language.factory(
    "kg_relations",
    requires=["doc._.kg_mentions", "token.dep"],
    assigns=["doc._.kg_relations"],
)
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(load_gazetteer(), name, nlp)
