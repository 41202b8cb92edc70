"""distributed: extraction on a Dask cluster, records back to the client in document order.

The expensive stage, spaCy plus the kg components, runs on Dask workers in
coarse tasks (a batch of documents each); what comes back is plain
`Extraction` records, never Docs (which are large to ship and need the
worker's vocabulary to read). Everything that depends on what came before
(cross-document resolution, the store's transaction) stays on the client,
which takes the records in document order, so a graph or store built this
way is the one a local run builds.

A task is pure: the same documents give the same records, wherever and
however often it runs. So when a worker dies, Dask's scheduler runs its
batches again on another worker (up to `distributed.scheduler.allowed-failures`
times), and the client, which writes nothing until a batch is back, never
sees half a document.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import TYPE_CHECKING

from kg.errors import KgError, ModelError
from kg.records import Document, Extraction

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future
    from spacy.language import Language

#: How long to keep trying to reach a scheduler before giving up.
CONNECT_TIMEOUT = "20s"
#: Batches in flight per worker thread: enough that a worker never waits for the client to hand
#: out the next batch, few enough that finished results do not pile up while the client writes.
BATCHES_PER_THREAD = 4
#: What a worker loads: `load_pipeline(model, disable=..., rules_only=...)`.
PipelineOptions = tuple[str | None, tuple[str, ...], bool]


class ClusterError(KgError):
    """The Dask cluster cannot be reached, or lost the work it was given."""


def check_options(scheduler: str | Client | None, workers: int | None, n_process: int) -> None:
    """Refuse combinations that say two things at once, before anything is read or written."""
    if scheduler is not None and workers is not None:
        raise KgError("give --scheduler ADDRESS or --workers N, not both")
    if workers is not None and workers < 1:
        raise KgError(f"--workers must be 1 or more, not {workers}")
    if (scheduler is not None or workers is not None) and n_process > 1:
        raise KgError(
            "--n-process is for extraction on this machine; with --scheduler or --workers the "
            "Dask workers extract"
        )


@contextmanager
def connect(scheduler: str | Client | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler` (an address, or a `Client` to use as it is), or of a
    cluster of `workers` local processes with one thread each, started here and stopped at the end.

    One thread per process because spaCy runs best one pipeline per core, and
    a pipeline is not to be shared between threads.
    """
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler is not None:
        _check_address(scheduler)
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler}: {_one_line(error)}"
            ) from None
        with client:
            yield client
        return
    # The scheduler always serves HTTP (health, metrics, the dashboard where bokeh is installed): on a
    # free port of this machine, so that two runs never clash.
    with (
        LocalCluster(
            n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


def _check_address(address: str) -> None:
    """Refuse a malformed address at once (a Client given one fails slowly and noisily)."""
    from distributed.comm import get_address_host_port, parse_address

    try:
        if parse_address(address)[0] != "inproc":  # in-process clusters' addresses have no port
            get_address_host_port(address)
    except ValueError as error:
        raise ClusterError(
            f"{address!r} is not a Dask scheduler address (such as tcp://10.0.0.5:8786): {_one_line(error)}"
        ) from None


def extract_on_cluster(
    documents: Iterable[Document],
    *,
    scheduler: str | Client | None = None,
    workers: int | None = None,
    model: str | None = None,
    disable: tuple[str, ...] = (),
    rules_only: bool = False,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Extract `documents` on a Dask cluster (see `connect`) and yield one `Extraction` each, in order.

    Batches are handed out a few per worker thread ahead of the one the caller
    is waiting for, so workers keep busy while the caller resolves and writes,
    and memory stays bounded however many documents there are.
    """
    with connect(scheduler, workers) as client:
        batches = _batches(documents, batch_size)
        pending: deque[tuple[Future, list[Document]]] = deque()

        def hand_out() -> None:
            window = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
            while len(pending) < window:
                batch = next(batches, None)
                if batch is None:
                    return
                options = (model, disable, rules_only)
                key = f"kg-extract-{_batch_digest(batch, options)}"
                pending.append((client.submit(extract_batch, batch, options, key=key), batch))

        hand_out()
        while pending:
            future, batch = pending.popleft()
            extractions = _result(future, batch, client)
            future.release()
            hand_out()
            yield from extractions


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Lists of `size` documents (the last one shorter). Not spaCy's `minibatch`: the client imports
    no spaCy, which would delay the first batch by half a second."""
    documents = iter(documents)
    while batch := list(itertools.islice(documents, size)):
        yield batch


def extract_batch(documents: list[Document], options: PipelineOptions) -> list[Extraction]:
    """The task: one batch of documents → their records, on a worker (pure: runs again after a loss).

    `options` are `load_pipeline`'s: model, disabled components, rules only.
    """
    from kg.extract import extract_docs

    nlp = _thread_pipeline(options)
    return list(extract_docs(nlp, documents, batch_size=len(documents)))


_THREAD = threading.local()


def _thread_pipeline(options: PipelineOptions) -> Language:
    """The pipeline of this worker thread, loaded on its first batch and kept for the next ones.

    Per thread, not per process, because a Dask worker may run several
    threads and a spaCy pipeline (with our components' matchers) is not made
    to be used by two at once.
    """
    from kg.pipeline import load_pipeline

    pipelines: dict[PipelineOptions, Language] = _THREAD.__dict__.setdefault("pipelines", {})
    if options not in pipelines:
        model, disable, rules_only = options
        try:
            # the uncached loader: `load_pipeline`'s cache is per process, shared by every thread
            pipelines[options] = load_pipeline.__wrapped__(model, disable=disable, rules_only=rules_only)
        except ModelError as error:
            raise ModelError(f"on Dask worker {_worker_address()}: {error}") from None
    return pipelines[options]


def _worker_address() -> str:
    from distributed import get_worker

    try:
        return str(get_worker().address)
    except ValueError:  # not inside a worker (the task called directly)
        return "(none)"


def _batch_digest(batch: list[Document], options: PipelineOptions) -> str:
    """A task key from what decides the result, so a resubmitted batch is recognised as the same."""
    digest = hashlib.sha256(repr(options).encode())
    for document in batch:  # the whole record: its path and line come back in the extraction
        digest.update(
            repr((document.id, document.date, document.path, document.line, len(document.text))).encode()
        )
        digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _result(future: Future, batch: list[Document], client: Client) -> list[Extraction]:
    """A batch's records, with the cluster's failures as one-line errors naming the documents."""
    from distributed.scheduler import KilledWorker

    span = batch[0].id if len(batch) == 1 else f"{batch[0].id} ... {batch[-1].id}"
    try:
        result: list[Extraction] = future.result()
    except KilledWorker as error:
        raise ClusterError(
            f"{error.allowed_failures + 1} Dask worker(s) died running documents {span} "
            "(out of memory?); stopped before writing them"
        ) from None
    except KgError:
        raise
    except (OSError, TimeoutError) as error:
        raise ClusterError(
            f"lost the Dask scheduler at {client.scheduler.address} while documents {span} were out: "
            f"{_one_line(error)}"
        ) from None
    except CancelledError:
        raise ClusterError(
            f"the Dask scheduler at {client.scheduler.address} cancelled documents {span}: "
            "it was shut down or restarted"
        ) from None
    return result


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
