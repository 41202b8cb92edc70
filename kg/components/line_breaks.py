"""kg_line_breaks: a line break ends a sentence, and so does a news dateline.

News headlines and Wikipedia paragraphs often end without a full stop; left to
itself the parser then glues a headline onto the first paragraph and parses
both badly. A dateline ("LAUSANNE, June 20 - ", "NYON (AP) - ") glued to its
lead makes the city the lead's subject. Set before the parser, which keeps
preset sentence starts.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

#: a paragraph's dateline: a city in capitals, an optional agency and date, a dash
DATELINE = re.compile(
    r"(?:^|(?<=\n))[A-Z][A-Z.'’ -]*[A-Z](?: \([A-Za-z]+\))?(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([A-Za-z]+\))? [-–—] (?=\S)"
)


class LineBreakSentencizer:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                nxt = doc[token.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
            elif token.whitespace_ == "" and token.text.endswith("\n"):
                doc[token.i + 1].is_sent_start = True
        for match in DATELINE.finditer(doc.text):
            dateline = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            lead = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if dateline is None or lead is None or lead.start != dateline.end:
                continue
            for token in dateline[1:]:
                token.is_sent_start = False
            lead[0].is_sent_start = True
        return doc


@Language.factory("kg_line_breaks", requires=[], assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> LineBreakSentencizer:
    return LineBreakSentencizer()
