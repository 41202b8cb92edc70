"""Descriptions of a person: the nouns and modifiers around a name.

"North Korean table tennis players X and Y", "X, a Canadian swimmer", "X is a
German skeleton racer", "China's head coach X", "X, president of Y": a
description gives the people it names a class (Athlete), a role (read by later
stages), a nation, a sport, and the teams and organisations they belong to or lead.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.components.doc_data import (
    add_entity,
    add_mention,
    entities,
    fold,
    mentions,
    national_teams,
    recent_org,
    set_class,
)
from kg.components.relations.rules import RelationRules
from kg.components.relations.state import ORGS, PERSON, RelationState
from kg.components.relations.syntax import nounish, owner_keys

#: classes of a named entity: a capitalised word of one is a name, not a title ("Sport" is both)
NAMED = ("Person", "Athlete", "Team", "Organization", "Nation", "SportingEvent")


def describe(rules: RelationRules, state: RelationState, name: Token, keys: list[str]) -> None:
    """What the nouns and modifiers around a person's name say of the people `keys`."""
    for noun in _descriptor_nouns(rules, state, name):
        _apply_descriptor(rules, state, noun, keys, name)
    # "X (1931 – 2004), Hungarian swimmer": a list entry or lead, whatever the parser made of it
    after = _after_parenthesis(state, name)
    if after is not None:
        for nation in state.index.keys(after, ("Nation",)):
            for key in keys:
                state.add(key, "nationality", nation, [name, after], 0.75)
    # "Germany's X", "American X", "Frenchman X": a nation word on the name itself, or on its
    # first name ("Russian Eva Lund": the parser hangs the demonym on "Eva")
    parts = [
        name,
        *(
            c
            for c in name.children
            if c.dep_ == "compound" and c.i < name.i and c.is_title and not state.index.keys(c, ("Nation",))
        ),
    ]
    # a word inside the name is no nation word ("Tom Scot Ardley"): only what comes before its first
    inside = min((m["start"] for m in state.index.at(name) if set(m["keys"]) & set(keys)), default=name.i)
    for child in (c for part in parts for c in part.children):
        if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i < name.i and child not in parts:
            if inside < child.i:
                continue
            for nation in state.index.keys(child, ("Nation",)):
                for key in keys:
                    state.add(key, "nationality", nation, [child, name], 0.8)


def body_after_name(state: RelationState, name: Token, keys: list[str]) -> None:
    """ "said Eva Lund of the Norwegian federation", "Tom Ardley of Rovers": the body or club
    right after a name, joined by "of", is the person's."""
    for prep in name.children:
        if prep.dep_ != "prep" or prep.lower_ != "of" or prep.i != name.i + 1:
            continue
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for body in state.index.keys(obj, ORGS):
                for key in keys:
                    state.add(key, "memberOf", body, [name, obj], 0.7)


def _national_teams(state: RelationState, nations: list[str]) -> list[str]:
    """The one national team of each nation that the article names (none when it names two)."""
    teams = national_teams(state.doc)
    return [team for nation in nations if len(teams.get(nation, [])) == 1 for team in teams[nation]]


def _compatriot(state: RelationState, noun: Token, keys: list[str], same_nation: bool) -> None:
    """ "X's compatriot Y", "her team-mate Y": Y shares X's nation, which `kg_infer` copies
    once every nationality is known (a team-mate only in a story of national teams)."""
    owners = owner_keys(state.index, noun, PERSON)
    for key in keys:
        entry = entities(state.doc).get(key)
        if entry is not None and owners and owners[0] != key:
            entry["attrs"]["compatriot" if same_nation else "teammate"] = owners[0]


def _mistagged_role(rules: RelationRules, token: Token) -> bool:
    """ "speed skater" tagged as an adjective: a role or practitioner noun whatever its tag; a
    plural noun in front of a name the tagger took for a verb ("gold medallists X and Y")."""
    if token.is_lower and rules.role_word(token.lower_):
        return True
    modified = any(c.dep_ in ("compound", "amod") for c in token.children)  # nouns take those
    plural = token.tag_ == "VBZ" and token.is_lower and token.is_alpha
    return plural and (token.dep_ == "compound" or modified)


def _opening_role(rules: RelationRules, token: Token) -> bool:
    """ "Goalkeeper X", "Manager X": a role noun capitalised because it opens the sentence."""
    return token.is_title and token.i == token.sent.start and rules.role_word(token.lower_)


def _after_parenthesis(state: RelationState, name: Token) -> Token | None:
    """The word after "NAME (…)," when a parenthesis follows the name at once."""
    mention = state.index.at(name)
    end = max((m["end"] for m in mention), default=name.i + 1)
    doc = state.doc
    if end >= len(doc) or doc[end].text != "(":
        return None
    close = next((t.i for t in doc[end : min(end + 25, len(doc))] if t.text == ")"), None)
    if close is None or close + 2 >= len(doc) or doc[close + 1].text != ",":
        return None
    return doc[close + 2]


def _descriptor_nouns(rules: RelationRules, state: RelationState, name: Token) -> list[Token]:
    """The nouns that describe the person named at `name`, wherever the parser put them."""
    nouns: list[Token] = []
    # "players X", "coach X", "President X"
    nouns += [
        c
        for c in name.children
        if c.dep_ in ("compound", "nmod", "amod")
        and (nounish(c) or _opening_role(rules, c) or _mistagged_role(rules, c))
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
    naming = name.dep_ == "nsubjpass" and name.head.lemma_.casefold() in rules.naming_verbs
    if naming or name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_ in ("be", "become", "remain"):
        nouns += [
            c
            for c in name.head.children
            if c.dep_ in ("attr", "acomp", "oprd")
            # "X was a Soviet Armenian Grandmaster": a capitalised title that names nothing
            and (c.pos_ == "NOUN" or c.pos_ == "PROPN" and c.is_title and not state.index.keys(c, NAMED))
        ]
    # "Polish fencers Jan Nowak and ...", when the parser makes the noun a sibling of the name
    mention = state.index.at(name)
    start = min(m["start"] for m in mention) if mention else name.i
    before = state.doc[start - 1] if start > name.sent.start else None
    if (
        before is not None
        and (nounish(before) or _opening_role(rules, before) or _mistagged_role(rules, before))
        and before.head != name
        and before.dep_ not in ("poss", "pobj", "dobj")
        and before not in nouns
    ):
        nouns.append(before)
    # conjuncts share the descriptions before them: "players X and Y", "X and his team-mates
    # Y, Z and W" (W is a team-mate too: the chain is followed one conjunct at a time)
    if name.dep_ == "conj" and name.head.pos_ == "PROPN":
        nouns += _descriptor_nouns(rules, state, name.head)
    return nouns


def _apply_descriptor(
    rules: RelationRules, state: RelationState, noun: Token, keys: list[str], name: Token
) -> None:
    """What one describing noun makes of the people `keys`: class, role, nation, sport, team."""
    lemma = noun.lemma_.casefold()
    # "vice-captain" may come as "vice", "-", "captain": a player, not the team's leader
    if _hyphen_prefix(noun) == "vice":
        lemma = f"vice-{lemma}"
    phrase = state.doc[noun.left_edge.i : noun.i + 1]
    if noun.head == name and noun.i < name.i:
        # "Iranian judoka X": the parser hangs "Iranian" on the name, beside the noun
        siblings = [
            c.left_edge.i
            for c in name.children
            if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod", "poss")
        ]
        if siblings:
            phrase = state.doc[min(siblings + [noun.left_edge.i]) : noun.i + 1]
    # "Kyrgyz boxer X" parsed with "Kyrgyz" off on its own: a nation word right before still counts
    start = phrase.start
    while start > 0 and state.index.keys(state.doc[start - 1], ("Nation",)):
        start -= 1
    phrase = state.doc[start : phrase.end]
    evidence = [noun, name]
    practitioner = rules.gazetteer.sport_of_practitioner(_modifier_text(noun))
    is_athlete = (
        practitioner is not None
        or lemma in rules.athlete_roles
        or bool(rules.athlete_phrases.ending_at(noun))
    )
    if practitioner is not None and _other_sport_named(rules, state, noun, practitioner.label):
        practitioner = None  # "goalkeeper" in a hockey story: the story's sport, not football
    is_leader = (
        lemma in rules.leader_roles
        or _text_of(noun).casefold() in rules.leader_roles
        or bool(rules.leader_phrases.ending_at(noun))
    )
    is_coach = lemma in rules.coach_roles or bool(rules.coach_phrases.ending_at(noun))
    is_member = (
        is_coach
        or is_athlete
        or lemma in rules.member_roles
        or is_leader
        or bool(rules.member_phrases.ending_at(noun))
    )
    if is_athlete:
        for key in keys:
            set_class(state.doc, key, "Athlete")
    # "team-mate" may come as "team", "-", "mate"
    if lemma == "mate" and _hyphen_prefix(noun) == "team":
        lemma = "team-mate"
    compatriot = lemma in rules.compatriot_nouns or bool(rules.compatriot_phrases.ending_at(noun))
    if compatriot or lemma in rules.blood_kin_nouns or lemma in ("teammate", "team-mate"):
        # "X's compatriot Y", "his brother Y", "her siblings A, B and C": one nation
        _compatriot(state, noun, keys, compatriot or lemma in rules.blood_kin_nouns)
    role = _role(lemma, phrase.text.casefold(), is_athlete, is_coach, is_leader, is_member)
    if role:
        for key in keys:
            entry = entities(state.doc).get(key)
            if entry is not None:
                # "Opener X has been named captain": a captain is still a player, and more
                if role == "captain" and entry["attrs"].get("role") == "athlete":
                    entry["attrs"]["role"] = role
                entry["attrs"].setdefault("role", role)
    if practitioner is not None:
        sport = _sport_entity(state, practitioner.label, noun)
        for key in keys:
            state.add(key, "playsSport", sport, evidence, 0.85)
    is_minister = "minister" in phrase.text.casefold() and "prime" not in phrase.text.casefold()
    found_org = False
    for token in phrase:
        if token.i == noun.i:
            continue
        for obj in state.index.keys(token):
            cls = state.index.cls_of(obj)
            found_org = found_org or cls in ORGS
            for key in keys:
                if cls == "Nation":
                    state.add(key, "nationality", obj, evidence + [token], 0.85)
                    # "Canada's head coach X" leads a team, not the nation; a minister, a ministry
                    if is_leader and not (is_athlete or is_coach or is_minister) and token.dep_ != "compound":
                        state.add(key, "leaderOf", obj, evidence + [token], 0.7)
                elif cls == "Sport" and (is_athlete or is_coach or lemma in rules.athlete_roles):
                    state.add(key, "playsSport", obj, evidence + [token], 0.85)
                elif cls in ORGS and lemma not in rules.kin_nouns:  # not "Ferrazzi's son X"
                    state.add(key, "memberOf", obj, evidence + [token], 0.75)
                    if is_leader:
                        state.add(key, "leaderOf", obj, evidence + [token], 0.7)
    # "Jamaica's relay coach X", "Canada's anchor X": N's national team, when the article has one
    if is_coach or is_athlete:
        owners = [
            k
            for tok in phrase
            if tok.i + 1 < len(state.doc) and state.doc[tok.i + 1].lower_ in ("'s", "’s")
            for k in state.index.keys(tok, ("Nation",))
        ]
        for team in _national_teams(state, owners[:1]):
            found_org = True
            for key in keys:
                state.add(key, "memberOf", team, evidence, 0.7)
                if lemma == "captain" or is_coach and "head" in phrase.text.casefold():
                    state.add(key, "leaderOf", team, evidence, 0.65)
    # "president of the IOC", "coach of the Russian team", "member of FIFA"
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "at", "with"):
            for pobj in [c for c in prep.children if c.dep_ == "pobj"]:
                for target in state.index.phrase_keys(pobj):
                    cls = state.index.cls_of(target)
                    found_org = found_org or cls in ORGS
                    for key in keys:
                        if cls in ORGS and is_member:
                            state.add(key, "memberOf", target, evidence + [pobj], 0.75)
                        if is_leader and cls in ORGS + ("Nation",):
                            state.add(key, "leaderOf", target, evidence + [pobj], 0.75)
                        if cls == "Nation" and is_athlete:
                            state.add(key, "nationality", target, evidence + [pobj], 0.7)
                        if cls == "SportingEvent" and is_athlete:
                            state.add(key, "participatedIn", target, evidence + [pobj], 0.7)

    # "its president X", "the committee's president X", "club president X", "sports minister X"
    if (is_member or is_minister) and not found_org and not is_athlete:
        org = _org_reference(rules, state, noun, phrase, is_minister)
        if org is not None:
            leads = is_minister and lemma != "deputy" and "deputy" not in phrase.text.casefold()
            leads = leads or (is_leader and not is_coach and not is_minister)
            for key in keys:
                state.add(key, "memberOf", org, evidence, 0.65)
                if leads:
                    state.add(key, "leaderOf", org, evidence, 0.6)


def _org_reference(
    rules: RelationRules, state: RelationState, noun: Token, phrase: Span, is_minister: bool
) -> str | None:
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
            return recent_org(state.doc, noun.i, None, rules.gazetteer.is_outlet)
        # "club president X"; "Club president X" opening a sentence, tagged a proper noun
        if (
            tok.pos_ == "NOUN" or tok.i == tok.sent.start
        ) and tok.lemma_.casefold() in rules.org_reference_nouns:
            return recent_org(state.doc, noun.i, tok.lemma_.casefold(), rules.gazetteer.is_outlet)
        if tok.pos_ == "PROPN" and tok.is_title and not state.index.keys(tok):
            for key, entry in entities(state.doc).items():
                if entry["cls"] in ORGS and entry["label"].split()[0] == tok.text:
                    return key
    if is_minister:
        for key, entry in entities(state.doc).items():
            if entry["attrs"].get("kind") == "ministry":
                return key
    return None


def _other_sport_named(rules: RelationRules, state: RelationState, noun: Token, label: str) -> bool:
    """An ambiguous practitioner noun alone ("goalkeeper", "runner") in a story that names
    sports, none of them the one the noun would give."""
    if _modifier_text(noun).casefold() not in rules.ambiguous_practitioners:
        return False
    named = {m["keys"][0] for m in mentions(state.doc) if m["cls"] == "Sport" and m["kind"] == "name"}
    return bool(named) and f"Sport:{fold(label)}" not in named


def _sport_entity(state: RelationState, label: str, token: Token) -> str:
    """The sport a practitioner noun names ("swimmer"), mentioned at that noun."""
    key = f"Sport:{fold(label)}"
    add_entity(state.doc, key, "Sport", label)
    add_mention(state.doc, token.i, token.i + 1, [key], "Sport", kind="description")
    state.reindex()
    return key


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
