"""Reading the parse the same way for medals and sanctions: role text, the objects of a
verb's prepositions, and the organ that acts for a body."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.components.events.rules import EventRules
from kg.components.events.state import EventState

QUOTES = "\"'“”‘’"
QUOTE_MARK = re.compile(r"(?<!\w)[\"'“”‘’]|[\"'“”‘’](?!\w)")


def clean(span: Span) -> str:
    """The text of a role: no leading article, quotation marks or edge punctuation."""
    tokens = [t for t in span if t.dep_ != "det" or t.i != span.start]
    text = "".join(t.text_with_ws for t in tokens) if tokens else span.text
    text = QUOTE_MARK.sub("", text)  # quotation marks, not apostrophes inside words
    text = re.sub(r"\s+", " ", text)
    return (
        text.strip(" .,;:" + QUOTES).replace(' "', " ").replace('" ', " ").replace("“", "").replace("”", "")
    )


def is_definite_noun(noun: Token) -> bool:
    """ "the club", "the club itself": a noun with a definite article and no name in front."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and not any(
        c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in noun.children
    )


def prep_objects(rules: EventRules, state: EventState, verb: Token, preps: tuple[str, ...]) -> list[str]:
    """The entities after `verb`'s prepositions `preps` ("shared with X", "banned by Y")."""
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
                        found += state.index.phrase_keys(member) or body_of(rules, state, member)
    return found


def body_of(rules: EventRules, state: EventState, noun: Token) -> list[str]:
    """ "the Competition Committee of the federation", "the commissaires' panel of the UCI":
    an organ that is not itself an entity acts for the body it belongs to."""
    if noun.lemma_.casefold() not in rules.org_reference_nouns:
        return []
    return [
        key
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
        for key in state.keep(state.index.phrase_keys(pobj), ("Organization",))
    ]


def only_possible(rules: EventRules, verb: Token) -> bool:
    """ "could win", "may finish third", "will hope to confirm his place by winning the title", "his
    bid to win": a clause that only says it might happen, or that someone means it to (cue
    intention_words)."""
    if any(c.lower_ in rules.possibility for c in verb.children if c.dep_ == "aux"):
        return True
    node = verb
    while True:
        # the tagger lemmatises "hopes" as "hop": the word itself, less its "s", is tried too
        said = {node.lemma_.casefold(), node.lower_, node.lower_.removesuffix("s")}
        # ("setting a new mark to win the title" does something else: an object of its own;
        # "has set his sights on winning" is an intention by its object)
        aside = any(
            c.dep_ == "dobj" and c.lemma_.casefold() not in rules.intention_words for c in node.children
        )
        if node is not verb and said & rules.intention_words and not aside:
            return True
        # through "to" clauses and "by" ("hopes to confirm his place by winning"); not through
        # "after" or "since", which tell what happened ("set to return after winning silver")
        means = (
            node.dep_ != "prep"
            or node.lower_ == "by"
            # "set his sights on winning", "has his eye on": an intention's object, then "on"
            or node.lower_ == "on"
            and any(
                c.dep_ == "dobj" and c.lemma_.casefold() in rules.intention_words for c in node.head.children
            )
        )
        if node.dep_ not in ("xcomp", "pcomp", "prep", "acl") or not means or node.head is node:
            return False
        node = node.head


def words_before(state: EventState, noun: Token) -> list[Token]:
    """The run of name-like words right before a title noun: the noun phrase it heads, whatever
    the parse ("World and Commonwealth 100m", "Sydney Olympic 200m"). A person's name ends it:
    in "Sydney Olympic champion X and Athens Olympic silver medallist Y" Y's title is Athens's."""
    out: list[Token] = []
    i = noun.i - 1
    while i >= noun.sent.start:
        token = noun.doc[i]
        if token.pos_ not in ("PROPN", "ADJ", "NUM", "NOUN", "CCONJ") and token.text != "-":
            break
        if state.index.keys(token, ("Person", "Athlete")):
            break
        out.append(token)
        i -= 1
    return out[::-1]
