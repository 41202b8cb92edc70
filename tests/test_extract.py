"""Extraction of long documents: parsed in pieces, with every offset into the whole text.

The pieces are made small here (a few hundred characters) so that the tests
run in seconds; a real build cuts at `kg.extract.PIECE_CHARS` characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from kg.extract import extract_docs, split_text
from kg.pipeline import load_pipeline
from kg.read import read_documents
from kg.records import Document, Extraction

ARTICLES = Path(__file__).parent.parent / "examples" / "articles"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def one_paragraph(path: Path) -> str:
    """An article with its paragraphs joined by single newlines, so it has no blank line inside."""
    [document] = read_documents([path])
    return "\n".join(line.strip() for line in document.text.splitlines() if line.strip())


# --------------------------------------------------------------------------- where a text is cut


def test_a_short_text_is_one_piece() -> None:
    assert split_text("Kim won gold.", 100) == [(0, 13)]


def test_cuts_fall_after_a_blank_line_first() -> None:
    text = "First paragraph. It goes on and on.\n\nSecond one. " + "More words here. " * 3
    assert [text[a:b] for a, b in split_text(text, 70)] == [
        "First paragraph. It goes on and on.\n\n",
        "Second one. More words here. More words here. More words here. ",
    ]


def test_then_after_a_sentence_then_at_a_space() -> None:
    sentences = "Kim won gold. Ri won silver. Pak took bronze."
    assert [sentences[a:b] for a, b in split_text(sentences, 30)] == [
        "Kim won gold. Ri won silver. ",
        "Pak took bronze.",
    ]
    words = "gold silver bronze medal table tennis"
    assert [words[a:b] for a, b in split_text(words, 20)] == ["gold silver bronze ", "medal table tennis"]


def test_a_text_without_any_boundary_is_cut_at_the_limit() -> None:
    assert split_text("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


@given(st.text(max_size=400), st.integers(min_value=1, max_value=80))
def test_pieces_cover_the_text_in_order_and_keep_to_the_limit(text: str, limit: int) -> None:
    spans = split_text(text, limit)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(a < b for a, b in spans) or spans == [(0, 0)]
    assert all(b - a <= limit for a, b in spans)
    assert all(end == start for (_, end), (start, _) in zip(spans, spans[1:], strict=False))


# --------------------------------------------------------------------------- extraction in pieces


def facts(extraction: Extraction, shift: int = 0) -> set[tuple[object, ...]]:
    """What an extraction states, with evidence offsets moved by `shift`."""
    relations = {
        (r.subject, r.predicate, r.object, r.evidence.start + shift, r.evidence.end + shift)
        for r in extraction.relations
    }
    mentions = {
        (e.key, m.text, m.start + shift, m.end + shift) for e in extraction.entities for m in e.mentions
    }
    events = {(e.type, e.roles, e.evidence[0].start + shift) for e in extraction.events}
    return relations | mentions | events


def test_a_long_document_in_pieces_finds_what_its_articles_find(nlp: Language) -> None:
    """Two articles in one document, cut between them: the same facts, at offsets into the whole."""
    first, second = (
        one_paragraph(ARTICLES / "brazil-match-fixing.txt"),
        one_paragraph(ARTICLES / "kenyan-sprinter-doping-ban.txt"),
    )
    text = f"{first}\n\n{second}"
    limit = max(len(first), len(second)) + 2
    assert len(split_text(text, limit)) == 2  # the cut is the blank line between the articles
    alone = list(extract_docs(nlp, [Document("both", first), Document("both", second)]))
    [joined] = extract_docs(nlp, [Document("both", text)], piece_chars=limit)

    assert facts(joined) == facts(alone[0]) | facts(alone[1], shift=len(first) + 2)
    for entity in joined.entities:
        assert all(text[m.start : m.end] == m.text for m in entity.mentions)
    assert [s.index for s in joined.sentences] == list(range(len(joined.sentences)))
    assert all(text[s.start : s.end] == s.text for s in joined.sentences)
    for evidence in [r.evidence for r in joined.relations] + [x for e in joined.events for x in e.evidence]:
        sentence = joined.sentences[evidence.sentence]
        assert sentence.start <= evidence.start <= evidence.end <= sentence.end
        assert evidence.doc_id == "both"


def test_an_entity_in_several_pieces_is_one_entity(nlp: Language) -> None:
    article = one_paragraph(ARTICLES / "kenyan-sprinter-doping-ban.txt")
    text = f"{article}\n\n{article}"
    [joined] = extract_docs(nlp, [Document("twice", text)], piece_chars=len(article) + 2)
    keys = [entity.key for entity in joined.entities]
    assert len(keys) == len(set(keys))
    [alone] = extract_docs(nlp, [Document("once", article)])
    assert {e.key: 2 * len(e.mentions) for e in alone.entities} == {
        e.key: len(e.mentions) for e in joined.entities
    }


def test_a_document_over_spacy_max_length_does_not_fail(nlp: Language) -> None:
    """spaCy raises E088 for a text over `nlp.max_length`; kg cuts below it, whatever the limit."""
    article = one_paragraph(ARTICLES / "nk-table-tennis-selfie.txt")
    text = "\n\n".join([article] * 3)
    saved = nlp.max_length
    nlp.max_length = len(article) + 10
    try:
        [extraction] = extract_docs(nlp, [Document("long", text)])
    finally:
        nlp.max_length = saved
    assert extraction.sentences[-1].end > 2 * len(article)
    assert any(m.start > 2 * len(article) for e in extraction.entities for m in e.mentions)
