"""extract: run the pipeline over documents and turn each Doc into an `Extraction` record.

This is the only place a spaCy `Doc` is read; what leaves is plain records.
A document longer than `PIECE_CHARS` is parsed in pieces cut at paragraph or
sentence ends, whose records are joined into one `Extraction` with offsets
into the whole text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import multiprocessing as mp
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from kg.components.doc_data import install_extensions
from kg.records import (
    Document,
    Entity,
    EntityRef,
    Event,
    Evidence,
    Extraction,
    Mention,
    Relation,
    Sentence,
)

ALIAS_KINDS = ("name", "alias")

#: The longest text parsed as one Doc. spaCy refuses more than `nlp.max_length`
#: (1,000,000) characters, and its parser needs memory in proportion to a Doc's
#: length (about 3.4 kB a character with the default model: 100,000 characters
#: take 540 MB at peak, 300,000 take 1.2 GB), so longer documents go in pieces.
PIECE_CHARS = 100_000

#: Where a long text may be cut, best first: a blank line, the end of a sentence, any space.
_CUTS = (
    re.compile(r"\n[ \t]*\n\s*"),
    re.compile(r"[.!?][\"'\u2019\u201d)\]]*\s+"),
    re.compile(r"\s+"),
)


def prepare(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc carrying the document's id and date for the components to read."""
    install_extensions()
    doc = nlp.make_doc(document.text)
    doc.user_data["kg_doc_id"] = document.id
    if document.date is not None:
        doc.user_data["kg_date"] = document.date.isoformat()
    return doc


def extract_docs(
    nlp: Language,
    documents: Iterable[Document],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    piece_chars: int = PIECE_CHARS,
) -> Iterator[Extraction]:
    """Run `nlp` over `documents` (in order) and yield one `Extraction` each.

    With `n_process` > 1 on a system that can fork, worker processes return
    finished `Extraction` records rather than Docs: shipping parsed Docs with
    their annotations back to one parent (what `nlp.pipe(n_process=…)` does)
    costs the parent more than the workers save. A document longer than
    `piece_chars` (or `nlp.max_length`) is parsed one piece at a time.
    """
    if n_process > 1 and "fork" in mp.get_all_start_methods():
        yield from _extract_in_workers(nlp, documents, n_process, batch_size, piece_chars)
        return
    limit = max(1, min(piece_chars, nlp.max_length))
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
    for long, run in itertools.groupby(documents, key=lambda document: len(document.text) > limit):
        if long:
            for document in run:
                yield _extract_long(nlp, document, limit, model)
        else:
            yield from _extract_run(nlp, run, n_process, batch_size, model)


def _extract_run(
    nlp: Language, documents: Iterable[Document], n_process: int, batch_size: int, model: str
) -> Iterator[Extraction]:
    """Documents of ordinary length, streamed through `nlp.pipe` in batches."""
    pending: list[Document] = []

    def docs() -> Iterator[Doc]:
        for document in documents:
            pending.append(document)
            yield prepare(nlp, document)

    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
        document = pending.pop(0)
        yield to_extraction(doc, document, model)


def _extract_long(nlp: Language, document: Document, limit: int, model: str) -> Extraction:
    """One long document, parsed a piece at a time (so memory holds one piece's Doc)."""
    parts = []
    for start, end in split_text(document.text, limit):
        piece = replace(document, text=document.text[start:end])
        parts.append((start, to_extraction(nlp(prepare(nlp, piece)), piece, model)))
    return join_pieces(document, parts)


def split_text(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) spans that cover `text` end to end, none longer than `limit` characters.

    Each piece ends at the last blank line in the second half of its
    window, else the last sentence end there, else the last space, so no
    sentence is cut unless a text has no boundary at all for `limit / 2`
    characters; only then is it cut mid-word.
    """
    spans = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = end
        for boundary in _CUTS:
            found = list(boundary.finditer(text, start + limit // 2, end))
            if found:
                cut = found[-1].end()
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def join_pieces(document: Document, parts: list[tuple[int, Extraction]]) -> Extraction:
    """The extractions of a document's pieces (each with its start offset) as the document's one.

    Offsets move by the piece's start and sentence numbers by the sentences
    before it, so evidence points into `document.text`; an entity found in
    several pieces (the same key) is one entity with all its mentions.
    """
    sentences: list[Sentence] = []
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    events: list[Event] = []
    notes: dict[str, str] = {}
    model = ""
    for offset, part in parts:
        before = len(sentences)

        def moved(evidence: Evidence, offset: int = offset, before: int = before) -> Evidence:
            return replace(
                evidence,
                sentence=evidence.sentence + before,
                start=evidence.start + offset,
                end=evidence.end + offset,
            )

        sentences.extend(
            Sentence(s.index + before, s.start + offset, s.end + offset, s.text) for s in part.sentences
        )
        relations.extend(replace(r, evidence=moved(r.evidence)) for r in part.relations)
        events.extend(replace(e, evidence=tuple(moved(x) for x in e.evidence)) for e in part.events)
        for entity in part.entities:
            mentions = tuple(
                replace(m, start=m.start + offset, end=m.end + offset, sentence=m.sentence + before)
                for m in entity.mentions
            )
            seen = entities.get(entity.key)
            if seen is None:
                entities[entity.key] = replace(entity, mentions=mentions)
                continue
            forms = (*seen.aliases, entity.label, *entity.aliases)
            entities[entity.key] = replace(
                seen,
                aliases=tuple(dict.fromkeys(f for f in forms if f != seen.label)),
                mentions=seen.mentions + mentions,
                attributes=tuple(sorted({**dict(entity.attributes), **dict(seen.attributes)}.items())),
            )
        notes.update(part.notes)
        model = model or part.model
    return Extraction(
        document, tuple(sentences), tuple(entities.values()), tuple(relations), tuple(events), model, notes
    )


_WORKER_NLP: Language | None = None


def _extract_batch(batch: list[Document], piece_chars: int) -> list[Extraction]:
    assert _WORKER_NLP is not None
    return list(extract_docs(_WORKER_NLP, batch, piece_chars=piece_chars))


def _extract_in_workers(
    nlp: Language, documents: Iterable[Document], n_process: int, batch_size: int, piece_chars: int
) -> Iterator[Extraction]:
    """Batches of documents to forked workers that share the loaded pipeline, results in order."""
    global _WORKER_NLP
    _WORKER_NLP = nlp
    work = functools.partial(_extract_batch, piece_chars=piece_chars)
    try:
        with mp.get_context("fork").Pool(n_process) as pool:
            yield from (
                extraction
                for batch in pool.imap(work, minibatch(documents, size=batch_size))
                for extraction in batch
            )
    finally:
        _WORKER_NLP = None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding whitespace, so evidence ends where its sentence text ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def to_extraction(doc: Doc, document: Document, model: str = "") -> Extraction:
    text = doc.text  # Doc.text joins every token on each call
    sentences = _sentences(doc)
    starts = [s.start for s in sentences]

    def sentence_at(char: int) -> int:
        """The last sentence starting at or before `char` (the first one if none does)."""
        return max(bisect.bisect_right(starts, char) - 1, 0)

    table: dict[str, dict[str, Any]] = doc._.kg_entities or {}
    mentions: dict[str, list[Mention]] = {}
    aliases: dict[str, list[str]] = {}
    for m in doc._.kg_mentions or []:
        span = doc[m["start"] : m["end"]]
        mention = Mention(span.text, span.start_char, span.end_char, sentence_at(span.start_char), m["kind"])
        for key in m["keys"]:
            mentions.setdefault(key, []).append(mention)
            if m["kind"] in ALIAS_KINDS and len(m["keys"]) == 1:
                aliases.setdefault(key, []).append(span.text)
    relations = []
    seen_rel: set[tuple[str, str, str, int]] = set()
    for r in doc._.kg_relations or []:
        if r["subject"] not in table or r["object"] not in table:
            continue
        sentence = sentence_at(r["start"])
        ident = (r["subject"], r["predicate"], r["object"], sentence)
        if ident in seen_rel:
            continue
        seen_rel.add(ident)
        start, end = _trim(text, r["start"], r["end"])
        evidence = Evidence(document.id, sentence, start, end, float(r["confidence"]), r["component"])
        relations.append(Relation(r["subject"], r["predicate"], r["object"], evidence))
    events = []
    for e in doc._.kg_events or []:
        roles = tuple(
            (role, EntityRef(value) if is_entity else str(value))
            for role, value, is_entity in e["roles"]
            if not is_entity or value in table
        )
        event_evidence = tuple(
            Evidence(document.id, sentence_at(start), start, end, float(e["confidence"]), e["component"])
            for start, end in (_trim(text, a, b) for a, b in e["spans"])
        )
        events.append(Event(e["type"], roles, event_evidence))
    used = set(mentions) | {r.subject for r in relations} | {r.object for r in relations}
    used |= {v.key for e in events for _, v in e.roles if isinstance(v, EntityRef)}
    entities = []
    for key, entry in table.items():
        if key not in used:
            continue
        label = entry["label"]
        forms = [*entry["aliases"], *aliases.get(key, [])]
        alias_set = tuple(dict.fromkeys(a for a in (_clean_alias(f) for f in forms) if a and a != label))
        entities.append(
            Entity(
                key=key,
                cls=entry["cls"],
                label=label,
                aliases=alias_set,
                mentions=tuple(mentions.get(key, ())),
                attributes=tuple(sorted(entry["attrs"].items())),
            )
        )
    return Extraction(document, tuple(sentences), tuple(entities), tuple(relations), tuple(events), model)


def _clean_alias(text: str) -> str:
    from kg.components.normalize import clean_name

    return clean_name(text)


def _sentences(doc: Doc) -> list[Sentence]:
    out = []
    for i, sent in enumerate(doc.sents):
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        out.append(Sentence(i, start, start + len(stripped), stripped))
    return [Sentence(n, s.start, s.end, s.text) for n, s in enumerate(out)]
