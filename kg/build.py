"""The public API: sources → extractions → one rdflib Graph.

>>> import kg
>>> graph = kg.build_graph(["examples/"])
>>> graph.serialize(format="turtle")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import Graph

from kg.graph import build_rdf
from kg.pipeline import load_pipeline
from kg.read import read_documents
from kg.records import Document, Extraction

Source = str | Path | Document


def extract_documents(
    sources: Iterable[Source],
    *,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    disable: tuple[str, ...] = (),
    on_document: Callable[[Extraction], None] | None = None,
) -> Iterator[Extraction]:
    """Read `sources` (paths or `Document`s) and yield one `Extraction` per document."""
    from kg.extract import extract_docs

    nlp = load_pipeline(model, disable=disable)
    for extraction in extract_docs(nlp, _documents(sources), n_process=n_process, batch_size=batch_size):
        if on_document is not None:
            on_document(extraction)
        yield extraction


def build_graph(
    sources: Iterable[Source],
    *,
    model: str | None = None,
    n_process: int = 1,
    disable: tuple[str, ...] = (),
    graph: Graph | None = None,
    on_document: Callable[[Extraction], None] | None = None,
) -> Graph:
    """Build (or extend `graph` into) the knowledge graph of the given news texts.

    Reading errors surface before any extraction starts, so a bad input never
    leaves a partly built graph behind.
    """
    documents = list(_documents(sources))
    extractions = extract_documents(
        documents, model=model, n_process=n_process, disable=disable, on_document=on_document
    )
    return build_rdf(extractions, graph)


def _documents(sources: Iterable[Source]) -> Iterator[Document]:
    paths: list[str | Path] = []
    for source in sources:
        if isinstance(source, Document):
            if paths:
                yield from read_documents(paths)
                paths = []
            yield source
        else:
            paths.append(source)
    if paths:
        yield from read_documents(paths)
