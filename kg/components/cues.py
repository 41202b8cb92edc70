"""Multi-word cue entries ("in line for", "because of", "head of state") matched on token runs.

Components compare single tokens to cue sets (`token.lemma_.casefold() in cues`),
which an entry of several tokens can never equal. `CuePhrases` compiles the
multi-token entries of one cue list into a spaCy `PhraseMatcher` (attr LOWER)
once per component and answers, for a token, which cue phrases start, end at
or cover it, and for a span, which cue phrases it contains. Single-token
entries are left to the components' own sets, so their behaviour is unchanged.

An entry is matched in its inflected forms too: with `inflect="first"` the
first word as a verb ("hand down" → "handed down", "be awarded" → "was
awarded"), with `inflect="last"` the last word as a noun ("news agency" →
"news agencies", "fellow countryman" → "fellow countrymen").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kg.components.doc_data import verb_forms

#: the forms of "be" a verb phrase such as "be awarded" may take
BE_FORMS = ("be", "is", "are", "was", "were", "been", "being", "'s", "’s")
#: irregular past forms of the verbs that open a cue phrase ("took part", "went for")
IRREGULAR = {"take": ("took", "taken"), "go": ("went", "gone"), "hold": ("held",), "bring": ("brought",)}


def _noun_forms(word: str) -> list[str]:
    if word.endswith("man"):
        return [word, word[:-3] + "men"]
    if word.endswith(("s", "sh", "ch", "x")):
        return [word, word + "es"]
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


def _verb_forms(word: str) -> list[str]:
    if word == "be":
        return list(BE_FORMS)
    return sorted(set(verb_forms([word])) | set(IRREGULAR.get(word, ())))


def variants(phrase: str, inflect: str | None) -> list[str]:
    """The surface forms `phrase` is matched in (itself first)."""
    words = phrase.split(" ")
    if inflect == "first" and len(words) > 1:
        return [" ".join([form, *words[1:]]) for form in _verb_forms(words[0])]
    if inflect == "last":
        return [" ".join([*words[:-1], form]) for form in _noun_forms(words[-1])]
    return [phrase]


class CuePhrases:
    """The entries of one cue list that span several tokens, compiled into a PhraseMatcher."""

    def __init__(self, nlp: Language, values: Iterable[Any] | None, inflect: str | None = None) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases: list[str] = []
        for value in values or ():
            phrase = str(value).casefold()
            if len(nlp.make_doc(phrase)) < 2 or phrase in self.phrases:
                continue
            self.phrases.append(phrase)
            self.matcher.add(phrase, [nlp.make_doc(v) for v in dict.fromkeys(variants(phrase, inflect))])
        self._doc: Doc | None = None
        self._found: list[tuple[str, int, int]] = []

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(phrase, start, end) of every match in `doc`, longest first; cached for the last doc."""
        if doc is not self._doc:
            self._doc = doc
            found = self.matcher(doc) if self.phrases else []
            strings = doc.vocab.strings
            self._found = sorted(((strings[m], s, e) for m, s, e in found), key=lambda f: (f[1] - f[2], f[1]))
        return self._found

    def starting_at(self, token: Token) -> list[tuple[str, int, int]]:
        return [f for f in self.matches(token.doc) if f[1] == token.i]

    def ending_at(self, token: Token) -> list[tuple[str, int, int]]:
        return [f for f in self.matches(token.doc) if f[2] == token.i + 1]

    def covering(self, token: Token) -> list[tuple[str, int, int]]:
        return [f for f in self.matches(token.doc) if f[1] <= token.i < f[2]]

    def in_span(self, span: Span) -> list[tuple[str, int, int]]:
        return [f for f in self.matches(span.doc) if span.start <= f[1] and f[2] <= span.end]
