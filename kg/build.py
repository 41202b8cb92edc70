"""The public API: sources → extractions → one rdflib Graph.

>>> import kg
>>> graph = kg.build_graph(["examples/"])
>>> graph.serialize(format="turtle")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.graph import build_rdf
from kg.read import MAX_BYTES, read_documents
from kg.records import Document, Extraction

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

Source = str | Path | Document


def extract_documents(
    sources: Iterable[Source],
    *,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    disable: tuple[str, ...] = (),
    rules_only: bool = False,
    on_document: Callable[[Extraction], None] | None = None,
    max_bytes: int = MAX_BYTES,
    scheduler: str | Client | None = None,
    workers: int | None = None,
) -> Iterator[Extraction]:
    """Read `sources` (paths or `Document`s) and yield one `Extraction` per document.

    `rules_only` leaves out the trained decision layer: the rules decide alone. A file, or a
    JSON Lines record, over `max_bytes` bytes is an `InputError`. With `scheduler` (a Dask
    scheduler's address, or a `distributed.Client`) or `workers` (a local Dask cluster of that
    many processes), batches of `batch_size` documents are extracted on the cluster and come
    back in order (`kg.distributed`); the records are the same as a local run's.
    """
    from kg.distributed import check_options

    check_options(scheduler, workers, n_process)
    documents = _documents(sources, max_bytes)
    if scheduler is not None or workers is not None:
        from kg.distributed import extract_on_cluster

        extractions = extract_on_cluster(
            documents,
            scheduler=scheduler,
            workers=workers,
            model=model,
            disable=disable,
            rules_only=rules_only,
            batch_size=batch_size,
        )
    else:  # spaCy is imported here only: a client of a Dask cluster never loads it
        from kg.extract import extract_docs
        from kg.pipeline import load_pipeline

        nlp = load_pipeline(model, disable=disable, rules_only=rules_only)
        extractions = extract_docs(nlp, documents, n_process=n_process, batch_size=batch_size)
    for extraction in extractions:
        if on_document is not None:
            on_document(extraction)
        yield extraction


def build_graph(
    sources: Iterable[Source],
    *,
    model: str | None = None,
    n_process: int = 1,
    disable: tuple[str, ...] = (),
    rules_only: bool = False,
    graph: Graph | None = None,
    on_document: Callable[[Extraction], None] | None = None,
    max_bytes: int = MAX_BYTES,
    scheduler: str | Client | None = None,
    workers: int | None = None,
) -> Graph:
    """Build (or extend `graph` into) the knowledge graph of the given news texts.

    Reading errors surface before any extraction starts, so a bad input never
    leaves a partly built graph behind; a file, or a JSON Lines record, over
    `max_bytes` bytes is one of them. `scheduler` or `workers` extract on a
    Dask cluster (see `extract_documents`).
    """
    documents = list(_documents(sources, max_bytes))
    extractions = extract_documents(
        documents,
        model=model,
        n_process=n_process,
        disable=disable,
        rules_only=rules_only,
        on_document=on_document,
        max_bytes=max_bytes,
        scheduler=scheduler,
        workers=workers,
    )
    return build_rdf(extractions, graph)


def _documents(sources: Iterable[Source], max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    paths: list[str | Path] = []
    for source in sources:
        if isinstance(source, Document):
            if paths:
                yield from read_documents(paths, max_bytes=max_bytes)
                paths = []
            yield source
        else:
            paths.append(source)
    if paths:
        yield from read_documents(paths, max_bytes=max_bytes)
