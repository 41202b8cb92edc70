"""The discipline of a medal: "in the mixed team event", "the 200m butterfly gold", "the men's
épée final", and, once an award is assembled, the discipline phrase its sentence names."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.components.doc_data import fold
from kg.components.events.rules import EventRules
from kg.components.events.state import Draft, EventState
from kg.components.events.syntax import clean

#: a distance, weight or class, its unit attached or next: "200m", "4x100", "-57kg", "under-81", "10,000m"
MEASURE = re.compile(r"^(?:under-|over-)?[-+]?\d[\d,.]*(?:x\d+)?(?P<unit>[a-z]*)$", re.IGNORECASE)


def discipline(rules: EventRules, state: EventState, anchor: Token, medal: Token) -> str | None:
    """'in the mixed team event', 'in the men's 100 metres': an 'in' phrase that is no entity.

    Else the words before the medal in its own phrase: "the 200m butterfly
    gold", "its figure skating team event bronze medal".
    """
    for head in (medal.head if medal.dep_ == "compound" else medal, anchor):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and not state.index.keys(pobj):
                        return clean(state.doc[pobj.left_edge.i : pobj.right_edge.i + 1])
    return _modifier_discipline(rules, state, medal)


def _modifier_discipline(rules: EventRules, state: EventState, medal: Token) -> str | None:
    noun = medal.head if medal.dep_ in ("compound", "amod", "nmod") and medal.head.pos_ == "NOUN" else medal
    index = state.index
    words: list[Token] = []
    for tok in state.doc[noun.left_edge.i : medal.i]:
        if tok.pos_ in ("DET", "PRON", "PUNCT", "ADP", "VERB") or tok.dep_ == "poss":
            words = []
            continue
        if index.keys(tok) and not index.keys(tok, ("Sport",)) or rules.medal_of(tok):
            words = []
            continue
        if tok.lower_ in ("olympic", "medal", "world", "title"):
            words = []
            continue
        words.append(tok)
    if not words or not any(t.pos_ in ("NOUN", "NUM", "PROPN") for t in words):
        return None
    return clean(state.doc[words[0].i : words[-1].i + 1])


def contest_discipline(state: EventState, noun: Token) -> str | None:
    """ "the men's 4x100m relay" → "men's 4x100m relay"; "the 200m butterfly title" → "200m butterfly"."""
    doc = state.doc
    start = noun.left_edge.i
    while start < noun.i and doc[start].pos_ in ("DET", "PRON"):
        start += 1
    end = noun.i + 1 if noun.lemma_.casefold() not in ("title", "crown", "final", "gold") else noun.i
    words = [t for t in doc[start:end] if not state.index.keys(t) or state.index.keys(t, ("Sport",))]
    if not words:
        return None
    return clean(doc[words[0].i : words[-1].i + 1])


def final_discipline(state: EventState, final: Token) -> str | None:
    """ "the men's épée final" → "men's épée": the words right before "final"."""
    doc = state.doc
    start = final.i
    while start > final.sent.start and (
        doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "PART")
        and not state.index.keys(doc[start - 1])
    ):
        start -= 1
    return clean(doc[start : final.i]) if start < final.i else None


def settle(rules: EventRules, state: EventState, draft: Draft) -> None:
    """Keep the discipline a draft found when it names one; else take the discipline phrase
    nearest the award in its sentence ("won bronze in Wuxi, in the men's -68kg")."""
    anchors = [state.doc[i] for i in draft.tokens]
    spans = [s for a in anchors for s in discipline_spans(rules, state, a.sent)]
    texts = {fold(clean(s)): clean(s) for s in spans}
    # a value that holds a discipline phrase is kept as that phrase ("team event in Milan")
    kept = [
        next((text for folded, text in texts.items() if folded in fold(v)), v)
        for v in draft.roles.get("discipline", [])
        if any(folded in fold(v) for folded in texts)
    ]
    if not kept and spans:
        nearest = min(spans, key=lambda s: min(abs(s.start - a.i) for a in anchors))
        kept = [clean(nearest)]
    if kept:
        draft.roles["discipline"] = kept
    else:
        draft.roles.pop("discipline", None)


def discipline_spans(rules: EventRules, state: EventState, sentence: Span) -> list[Span]:
    """Phrases in `sentence` that name a discipline: "the men's 200m butterfly", "women's -57kg",
    "the under-81kg division", "team sabre", "women's hockey".

    A run of gender words, discipline words (`discipline_words`), sports, measures and their
    units, closed by a generic word ("event", "division"), counts when it holds a discipline
    word or a measure, a weak word ("team") with a generic one ("team event"), or a sport
    with a gender or generic word ("men's football tournament"; "football players" is none).
    """
    doc, index = state.doc, state.index
    core = {i for _, s, e in rules.discipline_matcher(sentence) for i in range(s, e)}
    spans: list[Span] = []
    run: list[Token] = []
    kinds: set[str] = set()

    def close() -> None:
        while run and run[-1].lower_ in {"'s", "’s"} | rules.discipline_gender:
            run.pop()
        before = doc[run[0].i - 1] if run and run[0].i > 0 else None
        if kinds == {"core", "unit"} and before is not None and before.lower_ in rules.race_segment_words:
            run.clear()  # "over the final 40 metres": a stretch of the race
        if run and (
            "core" in kinds
            or {"weak", "generic"} <= kinds
            or "sport" in kinds
            and kinds & {"gender", "generic"}  # "women's hockey"
        ):
            spans.append(doc[run[0].i : run[-1].i + 1])
        run.clear()
        kinds.clear()

    for tok in sentence:
        low = tok.lower_
        other_entity = index.keys(tok) and not index.keys(tok, ("Sport",))
        # "heptathlon champion": the sport's practitioner noun names a person, not the discipline
        if other_entity or tok.lemma_.casefold() in rules.athlete_nouns:
            kind = None
        elif tok.i in core or _is_measure(rules, tok):  # a race by distance is a Sport too: "60m"
            kind = "core"
        elif low in rules.measure_units and run and _is_measure(rules, run[-1]):
            kind = "unit"
        elif index.keys(tok, ("Sport",)):
            kind = "sport"
        elif low in rules.discipline_gender or (
            low in ("'s", "’s") and run and run[-1].lower_ in rules.discipline_gender
        ):
            kind = "gender"
        elif low in rules.discipline_weak:
            kind = "weak"
        elif low in rules.discipline_generic and run:
            kinds.add("generic")
            if low not in rules.discipline_dropped:
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


def _is_measure(rules: EventRules, tok: Token) -> bool:
    """ "200m", "-57kg", or a number its unit follows ("4x100 metres", "60 kg"); not a score or a
    year, not money ("$25m") and not a mark with decimals ("jumped 7.95m")."""
    match = MEASURE.match(tok.lower_)
    if match is None:
        return False
    if "." in tok.text or (tok.i > 0 and tok.nbor(-1).is_currency):
        return False
    if match["unit"]:
        return match["unit"] in rules.measure_units
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in rules.measure_units


def names_discipline(rules: EventRules, state: EventState, words: list[Token]) -> bool:
    """Whether a title's words name a discipline: a distance, or a discipline word (cue
    `discipline_words`: "heptathlon", "butterfly"); "nine-times champion" names none."""
    if not words or distances(words):
        return bool(words)
    span = state.doc[words[0].i : words[-1].i + 1]
    return bool(rules.discipline_matcher(span))


def distances(words: list[Token]) -> list[str]:
    """The distances a title's words list: "800m and 1500m" → "800m", "1500m"."""
    found = []
    for token in words:
        measure = MEASURE.match(token.lower_)
        if measure and measure.group("unit") in ("m", "km"):
            found.append(token.text)
        elif token.lower_.rstrip(".") in ("m", "km") and token.i > 0 and token.nbor(-1).like_num:
            found.append(token.doc.text[token.nbor(-1).idx : token.idx + len(token.text.rstrip("."))])
    return list(dict.fromkeys(found))
