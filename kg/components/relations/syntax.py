"""Readings of the dependency parse that several relation rules share."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from kg.components.doc_data import MentionIndex


def listed(token: Token) -> list[Token]:
    """A noun and what is listed with it: conjuncts, the items of "teams such as A, B", and names
    the parser hung on a name as appositions ("loaned to A, B, C and D": B is A's apposition)."""
    found = [token, *token.conjuncts]
    if token.pos_ == "PROPN":
        found += [
            t for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN" for t in (c, *c.conjuncts)
        ]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("as", "including", "like"):
            found += [t for c in prep.children if c.dep_ == "pobj" for t in (c, *c.conjuncts)]
    return found


def prep_objects(prep: Token) -> list[Token]:
    return [t for c in prep.children if c.dep_ == "pobj" for t in listed(c)]


def nounish(token: Token) -> bool:
    """A common noun, also when the tagger calls a lowercase word a proper noun ("judoka")."""
    return token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.is_lower)


def owner_keys(index: MentionIndex, noun: Token, classes: Iterable[str]) -> list[str]:
    """The entities of a noun's possessive, of the given classes: "X's compatriot" → X."""
    wanted = tuple(classes)
    return [
        k
        for c in noun.children
        if c.dep_ == "poss"
        for k in index.phrase_keys(c)
        if index.cls_of(k) in wanted
    ]
