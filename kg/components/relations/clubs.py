"""Clubs and teams: who plays for, was signed by, or leads a club, who makes up a squad, and
whom a side played against.

"X signed him", "his former clubs were A and B", "the South Korean quartet of
A, B, C and D", "X, who had been in charge of the national side", "beat Japan".
A proper noun in a club's place is made a Team when NER took it for a person
or a place (`club_key`).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.components.doc_data import (
    OPPONENTS_KEY,
    add_entity,
    add_mention,
    entities,
    fold,
    national_teams,
    retype,
    set_class,
    subjects_of,
    verb_lemma,
)
from kg.components.normalize import clean_name
from kg.components.relations.rules import RelationRules
from kg.components.relations.state import ORGS, PERSON, RelationState
from kg.components.relations.syntax import listed, owner_keys, prep_objects


def club_key(rules: RelationRules, state: RelationState, tok: Token) -> str | None:
    """The team a proper noun after "plays for" names, made a Team if NER mistook it.

    The small model tags many club names as people or places ("plays for
    Everton", "joined Stoke City"); in this position they are clubs. A
    name already known as a nation, event or sport, or described as a
    person elsewhere, is left alone.
    """
    doc = state.doc
    for key in state.index.keys(tok):
        cls = state.index.cls_of(key)
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
        while start > tok.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
    while start < end and doc[start].pos_ in ("DET", "PUNCT"):
        start += 1
    label = clean_name(doc[start:end].text)
    if not label or not label[0].isupper():
        return None
    if rules.gazetteer.nation(label) or rules.gazetteer.sport(label) or rules.gazetteer.series(label):
        return None
    if fold(label) in rules.venue_names or fold(label).split()[-1] in rules.venue_words:
        return None  # "moved to White Hart Lane": the club's ground, not a club of its own
    key = add_entity(doc, f"Organization:{fold(label)}", "Team", label)
    add_mention(doc, start, end, [key], "Team")
    state.reindex()
    return key


def in_charge(rules: RelationRules, state: RelationState, first: Token) -> None:
    """ "X, who had been in charge of the national side since 2019": X is its head coach, and
    leads and belongs to the team when the phrase names one (cue `team_leading_phrases`)."""
    doc = state.doc
    words = next(
        (
            w
            for w in rules.leading_phrases
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
        team.lemma_.casefold() in rules.roster_nouns or state.index.keys(team, ("Team",))
    ):
        return
    verb = first.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    teams = _keep_teams(state, state.index.phrase_keys(team))
    for person in subjects_of(verb, state.index):
        entry = entities(doc).get(person)
        if entry is None or entry["cls"] not in PERSON:
            continue
        entry["attrs"].setdefault("role", "head coach")
        for key in teams:
            state.add(person, "memberOf", key, [first, team], 0.7)
            state.add(person, "leaderOf", key, [first, team], 0.7)


def _keep_teams(state: RelationState, keys: list[str]) -> list[str]:
    return [k for k in keys if state.index.cls_of(k) == "Team"]


def opponents(rules: RelationRules, state: RelationState, token: Token) -> None:
    """ "beat Japan", "lost to South Korea", "defeats by Venezuela", "games against India": the
    opponent took part too. Recorded for kg_infer, which knows the story's events."""
    markers = rules.opponent_markers[token.lemma_.casefold()]
    heads = [c for c in token.children if c.dep_ == "dobj"] if "" in markers and token.pos_ == "VERB" else []
    heads += [o for p in token.children if p.dep_ == "prep" and p.lower_ in markers for o in prep_objects(p)]
    found = state.doc.user_data.setdefault(OPPONENTS_KEY, [])
    # a person beaten by, or beating, a competitor competed too ("X lost to Y at the Open", "a
    # third-round loss to Y"); one a politician lost to did not ("losing to X" for mayor)
    clause = token if token.pos_ == "VERB" else token.head
    # "... before beating Y in the final": a gerund's subject is its governing clause's
    subjects = subjects_of(clause, state.index)
    while not subjects and clause.dep_ in ("pcomp", "advcl", "xcomp", "prep"):
        clause = clause.head
        subjects = subjects_of(clause, state.index)
    # a person who beats a person in a sports story ("Y beat Z 6-4 6-3") competed as well
    rival_classes = ("Athlete", "Team", "Person") if heads and token.pos_ == "VERB" else ("Athlete", "Team")
    rivals = [k for k in subjects if state.index.cls_of(k) in rival_classes]
    # "a third-round loss to Y at the French Open": a match at a competition is played by both
    at_event = any(
        k.startswith("SportingEvent:")
        for p in token.children
        if p.dep_ == "prep" and p.lower_ in ("at", "in")
        for o in prep_objects(p)
        for k in state.index.phrase_keys(o)
    )
    played = (bool(rivals) or at_event) and token.lemma_.casefold() not in rules.future_opponent_words
    for head in heads:
        for member in [head, *head.conjuncts]:
            for key in state.index.phrase_keys(member):
                if played and state.index.cls_of(key) == "Person":
                    set_class(state.doc, key, "Athlete")
                if state.index.cls_of(key) in ("Nation", "Team", "Athlete"):
                    found.append(key)


def club_acting(rules: RelationRules, state: RelationState, verb: Token) -> None:
    """ "X signed him", "he was loaned to Y": the club acts, the player is the object."""
    lemma = verb_lemma(verb, rules.verb_forms) or verb.lemma_.casefold()
    markers = rules.club_acting_verbs.get(lemma)
    if markers is None:
        return
    players = [
        k
        for c in verb.children
        if c.dep_ in ("dobj", "nsubjpass")
        for k in state.index.phrase_keys(c)
        if state.index.cls_of(k) in PERSON + ("Referent",)
    ]
    if not players:
        return
    clubs: list[Token] = []
    for child in verb.children:
        if child.dep_ == "nsubj" and "dobj" in {c.dep_ for c in verb.children}:
            clubs += listed(child)
        if child.dep_ == "agent":
            clubs += [t for c in child.children if c.dep_ == "pobj" for t in listed(c)]
        if child.dep_ == "prep" and child.lower_ in markers:
            clubs += prep_objects(child)
    for tok in clubs:
        if tok.pos_ != "PROPN":
            continue
        club = club_key(rules, state, tok)
        if club is not None:
            for player in players:
                state.add(player, "memberOf", club, [verb, tok], 0.7)


def club_list(rules: RelationRules, state: RelationState, noun: Token) -> None:
    """ "His former clubs were A and B": the owner of the clubs was a member of each."""
    if noun.head.lemma_ != "be":
        return
    owners = owner_keys(state.index, noun, PERSON)
    for attr in [c for c in noun.head.children if c.dep_ == "attr"]:
        for tok in listed(attr):
            club = club_key(rules, state, tok) if tok.pos_ == "PROPN" else None
            if club is not None:
                for owner in owners:
                    state.add(owner, "memberOf", club, [noun, tok], 0.75)


def tenure(rules: RelationRules, state: RelationState, noun: Token) -> None:
    """ "his spell at Rovers", "after loan spells with A and B, he joined ...", "began her career
    with Y", "spent a season at Y": time spent at a club (cue `club_tenure_nouns`) makes its owner
    a member. The owner is the noun's possessive, else the subject of the clause the noun sits
    in. A name known as a person is left alone ("his years with X" may name a coach)."""
    preps = [p for p in noun.children if p.dep_ == "prep"]
    if noun.dep_ == "dobj":  # "began his career with Y": the club hangs on the verb
        preps += [p for p in noun.head.children if p.dep_ == "prep"]
    names = [
        t
        for p in preps
        if p.lower_ in ("at", "with")
        for t in prep_objects(p)
        if t.pos_ == "PROPN" and not state.index.keys(t, PERSON)
    ]
    if not names:
        return
    people = PERSON + ("Referent",)
    owners = owner_keys(state.index, noun, people)
    if not owners:
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        found = subjects_of(verb, state.index) or subjects_of(verb, state.index, passive=True)
        owners = [k for k in found if state.index.cls_of(k) in people]
    for tok in names if owners else []:
        club = club_key(rules, state, tok)
        if club is not None:
            for owner in owners:
                state.add(owner, "memberOf", club, [noun, tok], 0.7)


def roster(state: RelationState, noun: Token) -> None:
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
        keys = state.index.keys(state.doc[i], PERSON)
        if keys:
            mention = next(m for m in state.index.at(state.doc[i]) if set(keys) & set(m["keys"]))
            members += [k for k in keys if k not in members]
            tokens.append(state.doc[i])
            i = max(i + 1, mention["end"])
        elif state.doc[i].lower_ in (",", "and", "&") and members:
            i += 1
        else:
            break
    if len(members) < 2:
        return
    teams = [k for k in state.index.keys(noun, ("Team",)) if k.startswith("Team:")]
    nations = [k for t in state.doc[noun.left_edge.i : noun.i] for k in state.index.keys(t, ("Nation",))] or [
        f"Nation:{n}" for k in teams if (n := entities(state.doc)[k].get("attrs", {}).get("nation"))
    ]
    for member in members:
        set_class(state.doc, member, "Athlete")
        for team in teams:
            state.add(member, "memberOf", team, [noun, *tokens], 0.7)
        for nation in dict.fromkeys(nations):
            state.add(member, "nationality", nation, [noun, *tokens], 0.7)


#: the roles of a person who picks a side: "Robinson was without A and B" is about the side
SIDE_LEADERS = {"coach", "head coach", "manager", "boss", "captain"}


def absent_players(state: RelationState, prep: Token) -> None:
    """ "England will be without A and B", "Robinson was already without A, B and C", "the coach
    has been deprived of A": the players a side, or the coach who leads it, is without are the
    side's own. The list is read from the mentions after the word, as in `roster`."""
    verb = prep.head
    lemma = verb.lemma_.casefold()
    deprived = lemma == "deprive" and prep.lower_ == "of"
    if not deprived and not (lemma == "be" and prep.lower_ == "without"):
        return
    sides: list[str] = []
    for key in subjects_of(verb, state.index, passive=deprived):
        cls = state.index.cls_of(key)
        if cls == "Team":
            sides.append(key)
        elif cls == "Nation":
            sides += national_teams(state.doc).get(key, [])
        elif cls in PERSON and entities(state.doc)[key]["attrs"].get("role") in SIDE_LEADERS:
            led = [
                r["object"] for r in state.relations if r["subject"] == key and r["predicate"] == "memberOf"
            ]
            sides += [k for k in led if state.index.cls_of(k) == "Team"]
    if not sides:
        return
    i = prep.i + 1
    while i < prep.sent.end:
        token = state.doc[i]
        keys = state.index.keys(token, PERSON)
        if keys:
            mention = next(m for m in state.index.at(token) if set(keys) & set(m["keys"]))
            for player in keys:
                for side in dict.fromkeys(sides):
                    state.add(player, "memberOf", side, [verb, token], 0.6)
            i = max(i + 1, mention["end"])
        elif token.lower_ in (",", "and", "&", "or"):
            i += 1
        else:
            break
