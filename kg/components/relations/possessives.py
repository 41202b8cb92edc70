"""What an owner's "'s" says: "Mexico's A" (A's nation), "X's regime" (X leads the nation the
clause is about), "X's World Cup campaign", "X's performance in E" (X took part in E)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from kg.components.relations.state import PERSON, RelationState
from kg.components.relations.syntax import owner_keys


def nation_before_name(state: RelationState, mention: dict[str, Any]) -> None:
    """ "Mexico's A and Turkey's B": a nation's possessive right before a name gives the
    person's nation, read from the words since lists of them often break the parse."""
    doc = state.doc
    start = mention["start"]
    if start < 2 or doc[start - 1].lower_ not in ("'s", "’s"):
        return
    for nation in state.index.keys(doc[start - 2], ("Nation",)):
        for key in mention["keys"]:
            state.add(key, "nationality", nation, [doc[start - 2], doc[start]], 0.8)


def club_before_name(state: RelationState, mention: dict[str, Any]) -> None:
    """ "Rovers' Tom Vell", "Burnley's A": a team's possessive right before a name makes the
    person one of its players or staff."""
    doc = state.doc
    start = mention["start"]
    if start < 2 or doc[start - 1].lower_ not in ("'s", "’s", "'", "’"):
        return
    for team in state.index.keys(doc[start - 2], ("Team",)):
        for key in mention["keys"]:
            state.add(key, "memberOf", team, [doc[start - 2], doc[start]], 0.75)


def participation(state: RelationState, noun: Token) -> None:
    """ "X's performance in E", "X's World Cup campaign": X took part in E."""
    owners = owner_keys(state.index, noun, PERSON + ("Team", "Nation"))
    if not owners:
        return
    places = [c for c in noun.children if c.dep_ == "compound"]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "in", "during"):
            places += [c for c in prep.children if c.dep_ == "pobj"]
    for place in places:
        for event in state.index.phrase_keys(place):
            if state.index.cls_of(event) == "SportingEvent":
                for owner in owners:
                    state.add(owner, "participatedIn", event, [noun, place], 0.7)


def regime(state: RelationState, noun: Token) -> None:
    """ "X's regime", "X's government": X leads the nation the clause is about."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    for owner in owners:
        people = [k for k in state.index.keys(owner, PERSON)]
        if not people:
            continue
        nation = _clause_nation(state, noun)
        if nation:
            for person in people:
                state.add(person, "leaderOf", nation, [owner, noun], 0.7)


def _clause_nation(state: RelationState, token: Token) -> str | None:
    """The nation a clause is about: an ancestor's, else the nearest one before it."""
    for ancestor in token.ancestors:
        keys = state.index.keys(ancestor, ("Nation",))
        if keys:
            return keys[0]
    sent = token.sent
    best = None
    for t in sent:
        if t.i >= token.i:
            break
        keys = state.index.keys(t, ("Nation",))
        if keys:
            best = keys[0]
    return best
