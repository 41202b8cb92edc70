"""Who a sanction falls on when the syntax gives no name: the owner of annulled results, the
people a description stands for ("players", "the coach", "Kyrgyz boxer"), and the people named
after a description ("Four players ... Goalkeeper A and defenders B and C")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from kg.components.doc_data import add_entity, add_mention, entities, fold, mentions, recent_org
from kg.components.events.rules import GENERIC_TYPES, EventRules
from kg.components.events.state import TARGET_CLASSES, Draft, EventState
from kg.components.events.syntax import is_definite_noun


def owner_targets(rules: EventRules, state: EventState, noun: Token) -> list[str]:
    """ "(All of) her results were annulled", "his medals were withdrawn": the owner of the
    results or medals is the one sanctioned."""
    if (
        noun.lemma_.casefold() not in rules.non_referent_nouns
        and not rules.non_referent_phrases.ending_at(noun)
        and noun.lower_ not in ("all", "some")
    ):
        return []
    owned = [
        noun,
        *(o for p in noun.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"),
    ]
    return state.keep(
        [k for n in owned for c in n.children if c.dep_ == "poss" for k in state.index.phrase_keys(c)],
        TARGET_CLASSES,
    )


def referent_targets(rules: EventRules, state: EventState, noun: Token, governor: Token) -> list[str]:
    """A sanction on people named only by description: "players", "the coach"."""
    doc = state.doc
    if (
        not (noun.pos_ == "NOUN" or noun.pos_ == "PROPN" and noun.is_lower)
        or noun.lemma_.casefold() in GENERIC_TYPES
    ):
        return []
    if noun.ent_type_ in ("MONEY", "DATE", "TIME", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"):
        return []  # "fined 1.5 million euros", "suspended weeks after": no one is named
    if any(c.lower_ in rules.indefinite_quantifiers for c in noun.children if c.dep_ in ("amod", "det")):
        return []  # "has sanctioned several clubs in recent seasons": others, not anyone named
    if (
        noun.lemma_.casefold() in rules.non_referent_nouns
        or noun.lower_ in rules.non_referent_nouns
        or rules.non_referent_phrases.ending_at(noun)
    ):
        return []  # "disqualified his results", "annulled the elections"
    words = [t for t in noun.lefts if t.dep_ in ("amod", "compound") and not t.is_punct] + [noun]
    # "the club was fined", "the federation was suspended": the one named before
    lemma = noun.lemma_.casefold()
    # "Guatemala's swimming federation": the article's body of that nation, else the nation
    owners = [k for c in noun.children if c.dep_ == "poss" for k in state.index.keys(c, ("Nation",))]
    if lemma in rules.org_reference_nouns and owners:
        return [_nation_body(state, owners[0], words) or owners[0]]
    # "the club", "his club", and a bare "club" in a headline ("X banned, club fined")
    owned = any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children)
    bare = noun.sent.start == 0 and not any(c.dep_ in ("det", "poss") for c in noun.children)
    referring = is_definite_noun(noun) or owned or bare
    if lemma in rules.org_reference_nouns and noun.tag_ == "NN" and referring:
        org = recent_org(doc, noun.i, lemma, rules.gazetteer.is_outlet)
        if org is not None:
            return [org]
    described = _described_athlete(rules, state, noun, words)
    if described is not None:
        return [described]
    # "dismissed media reports", "criticising his performances": no one punished; the end of
    # a hyphenated name the tagger split ("Song-hui") is a name, not a noun
    split_name = noun.i >= 2 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].is_title
    if not (_names_people(rules, noun) or split_name):
        return []
    included = _included(state, noun)
    if included:
        return included  # "Three athletes were disqualified ..., including X": X, the one named
    label = " ".join(t.text for t in words)
    if (
        not label
        or label.casefold() in ("process", "it", "this")
        or rules.noun_matcher(doc[words[0].i : noun.i + 1])
    ):
        return []  # a sanction is not its own target ("the ban would run ...")
    doc_id = str(doc.user_data.get("kg_doc_id", ""))
    key = f"Referent:{doc_id}:{fold(label)}"
    add_entity(doc, key, "Referent", label.lower() if noun.i != noun.sent.start else label)
    add_mention(doc, words[0].i, noun.i + 1, [key], "Referent", kind="description")
    state.reindex()
    return [key]


def _included(state: EventState, noun: Token) -> list[str]:
    """The people an "including" phrase in the group noun's sentence names: "Two players were sent
    off, including X and Y"."""
    for token in noun.sent:
        if token.lower_ == "including" and token.dep_ in ("prep", "acl", "advcl"):
            objects = [c for c in token.children if c.dep_ in ("pobj", "dobj")]
            people = [
                k
                for o in objects
                for m in [o, *o.conjuncts]
                for k in state.index.phrase_keys(m, ("Person", "Athlete"))
            ]
            if people:
                return list(dict.fromkeys(people))
    return []


def _names_people(rules: EventRules, noun: Token) -> bool:
    """A noun that can stand for people punished: a role, a practitioner, a team or body,
    or a word for people (cue `person_nouns`)."""
    lemma, low = noun.lemma_.casefold(), noun.lower_
    return bool(
        {lemma, low} & rules.people_nouns
        or rules.gazetteer.sport_of_practitioner(lemma) is not None
        or rules.gazetteer.sport_of_practitioner(low) is not None
    )


def _nation_body(state: EventState, nation: str, words: list[Token]) -> str | None:
    """The one organisation or team of `nation` whose name holds all of `words`."""
    wanted = set(fold(" ".join(t.text for t in words)).split())
    iso = nation.split(":", 1)[1]
    found = [
        key
        for key, entry in entities(state.doc).items()
        if entry["cls"] in ("Organization", "Team")
        and entry.get("attrs", {}).get("nation") == iso
        and wanted <= set(fold(entry["label"]).split())
    ]
    return found[0] if len(found) == 1 else None


def described_instead(
    rules: EventRules, state: EventState, targets: list[str], heads: list[Token]
) -> list[str]:
    """ "Kyrgyz boxer faces ban": the boxer, not Kyrgyzstan, when the article names one."""
    if not targets or any(state.index.cls_of(k) != "Nation" for k in targets):
        return targets
    for head in heads:
        if head.pos_ == "NOUN" and not state.index.keys(head):
            words = [t for t in head.lefts if t.dep_ in ("amod", "compound")] + [head]
            described = _described_athlete(rules, state, head, words)
            if described is not None:
                return [described]
    return targets


def descriptors_dropped(state: EventState, targets: list[str]) -> list[str]:
    """ "suspended Fjordby FK defender X": the club only says whose player X is. A body or
    nation named right before a target person's name, bar a role word, is not a target."""
    doc = state.doc
    people = {k for k in targets if state.index.cls_of(k) in ("Person", "Athlete")}
    if not people or len(people) == len(targets):
        return targets
    starts = {m["start"] for m in mentions(doc) if set(m["keys"]) & people}
    described: set[str] = set()
    for m in mentions(doc):
        if any(k in targets and k not in people for k in m["keys"]):
            gap = doc[m["end"] : min(m["end"] + 2, len(doc))]
            if any(m["end"] + n in starts and all(t.is_lower for t in gap[:n]) for n in (0, 1, 2)):
                described.update(m["keys"])
    return [k for k in targets if k not in described]


def _described_athlete(rules: EventRules, state: EventState, noun: Token, words: list[Token]) -> str | None:
    """ "Kyrgyz boxer" in a headline: the one person of that nation and sport the article names.
    A noun tagged plural whose lemma is itself ("judoka") may be singular too."""
    if noun.tag_ != "NN" and not (noun.tag_ == "NNS" and noun.lemma_.casefold() == noun.lower_):
        return None
    nations = {k for t in words for k in state.index.keys(t, ("Nation",))}
    practitioner = rules.gazetteer.sport_of_practitioner(noun.text)
    if not nations and practitioner is None:
        return None
    facts: dict[str, set[tuple[str, str]]] = {}
    for relation in state.doc._.kg_relations or []:
        facts.setdefault(relation["subject"], set()).add((relation["predicate"], relation["object"]))
    sport_key = f"Sport:{fold(practitioner.label)}" if practitioner is not None else None
    found = [
        key
        for key, entry in entities(state.doc).items()
        if entry["cls"] in ("Person", "Athlete")
        and all(("nationality", n) in facts.get(key, set()) for n in nations)
        and (sport_key is None or ("playsSport", sport_key) in facts.get(key, set()))
    ]
    return found[0] if len(found) == 1 else None


def name_referents(rules: EventRules, state: EventState, draft: Draft) -> None:
    """Targets described before they are named: "Four players ... have been banned. Goalkeeper
    A and defenders B and C, and midfielder D ..." (the four people named next), "The team's
    pitching coach has been suspended. The pitching coach, X, ..." (the next person of that role).
    """
    doc = state.doc
    targets = draft.roles.get("target", [])
    for key in [k for k in targets if state.index.cls_of(k) == "Referent"]:
        mention = next((m for m in mentions(doc) if m["keys"] == [key]), None)
        if mention is None:
            continue
        head = doc[mention["end"] - 1]
        later = _people_named_after(state, mention, 2 if head.tag_ == "NNS" else 4)
        count = next(
            (rules.number_words.get(c.lower_) for c in head.children if c.dep_ == "nummod"),
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
                if role in str(entities(doc).get(k, {}).get("attrs", {}).get("role", "")).split()
            ][:1]
        if named:
            i = targets.index(key)
            targets[i : i + 1] = [k for k in named if k not in targets]


def _people_named_after(state: EventState, mention: dict[str, Any], sentences: int) -> list[str]:
    """People first named after `mention`, within the next `sentences` sentences, in reading order."""
    first_seen: dict[str, int] = {}
    for m in mentions(state.doc):
        for key in m["keys"]:
            if state.index.cls_of(key) in ("Person", "Athlete") and m["kind"] in ("name", "alias"):
                first_seen[key] = min(first_seen.get(key, m["start"]), m["start"])
    last = min(state.sentence(state.doc[mention["start"]]) + sentences, len(state.sentences) - 1)
    limit = state.sentences[last].end
    return [
        k for k, start in sorted(first_seen.items(), key=lambda kv: kv[1]) if mention["end"] <= start < limit
    ]
