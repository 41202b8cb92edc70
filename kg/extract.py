"""extract: run the pipeline over documents and turn each Doc into an `Extraction` record.

This is the only place a spaCy `Doc` is read; what leaves is plain records.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
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
) -> Iterator[Extraction]:
    """Run `nlp` over `documents` (in order) and yield one `Extraction` each.

    With `n_process` > 1 on a system that can fork, worker processes return
    finished `Extraction` records rather than Docs: shipping parsed Docs with
    their annotations back to one parent (what `nlp.pipe(n_process=…)` does)
    costs the parent more than the workers save.
    """
    if n_process > 1 and "fork" in mp.get_all_start_methods():
        yield from _extract_in_workers(nlp, documents, n_process, batch_size)
        return
    pending: list[Document] = []

    def docs() -> Iterator[Doc]:
        for document in documents:
            pending.append(document)
            yield prepare(nlp, document)

    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}"
    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
        document = pending.pop(0)
        yield to_extraction(doc, document, model)


_WORKER_NLP: Language | None = None


def _extract_batch(batch: list[Document]) -> list[Extraction]:
    assert _WORKER_NLP is not None
    return list(extract_docs(_WORKER_NLP, batch))


def _extract_in_workers(
    nlp: Language, documents: Iterable[Document], n_process: int, batch_size: int
) -> Iterator[Extraction]:
    """Batches of documents to forked workers that share the loaded pipeline, results in order."""
    global _WORKER_NLP
    _WORKER_NLP = nlp
    try:
        with mp.get_context("fork").Pool(n_process) as pool:
            yield from (
                extraction
                for batch in pool.imap(_extract_batch, minibatch(documents, size=batch_size))
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
        lo = 0
        for i, start in enumerate(starts):
            if start <= char:
                lo = i
            else:
                break
        return lo

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
