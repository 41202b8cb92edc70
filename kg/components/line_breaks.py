"""kg_line_breaks: a line break ends a sentence.

News headlines and Wikipedia paragraphs often end without a full stop; left to
itself the parser then glues a headline onto the first paragraph and parses
both badly. Set before the parser, which keeps preset sentence starts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class LineBreakSentencizer:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and "\n" in token.text:
                nxt = doc[token.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
            elif token.whitespace_ == "" and token.text.endswith("\n"):
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory("kg_line_breaks", requires=[], assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> LineBreakSentencizer:
    return LineBreakSentencizer()
