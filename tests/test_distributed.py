"""Extraction on a Dask cluster gives what a local run gives: the same records, graph and store.

Most tests share one in-process cluster (two single-threaded workers in this
process, each with a pipeline of its own); the test of a worker killed
mid-run starts real worker processes, as `--workers` does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import pytest
from distributed import Client, LocalCluster
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import kg
import kg.distributed
from kg.cli import app
from kg.distributed import ClusterError, connect
from kg.errors import KgError, ModelError
from kg.export import load_graph
from kg.read import read_documents
from kg.records import Document
from kg.store import open_store

EXAMPLES = Path(__file__).parents[1] / "examples" / "articles"
SHORT = [
    Document(
        "ban", "Kenyan sprinter Amos Kiprono was banned for four years by the Athletics Integrity Unit."
    ),
    Document(
        "medal", "Chinese swimmer Li Wei won gold in the 100 metres freestyle at the Paris 2024 Olympics."
    ),
    Document("coach", "North Korean coach Pak Chol was dismissed by the Ministry of Sport."),
]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return [*read_documents([EXAMPLES]), *SHORT]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Two workers of one thread each, reached over TCP on this machine (so the CLI can connect too)."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def local_store(documents: list[Document], tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder = tmp_path_factory.mktemp("local") / "store"
    with open_store(folder, create=True) as store:
        store.ingest(documents)
    return quads(folder)


def run_kg(*args: str | Path) -> tuple[int, str]:
    """Exit code and stderr of a `kg` command."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "200"})
    return result.exit_code, result.stderr


def quads(folder: Path) -> set[str]:
    """Every quad of a store, written out (no blank nodes: the store mints IRIs for everything)."""
    with open_store(folder) as store:
        found = {str(quad) for quad in store.oxigraph}
    assert not any("_:" in quad for quad in found)
    return found


def test_the_cluster_returns_the_local_records_in_document_order(
    documents: list[Document], client: Client
) -> None:
    local = list(kg.extract_documents(documents))
    # one document a task, so the two workers finish them out of order
    remote = list(kg.extract_documents(documents, scheduler=client, batch_size=1))
    assert [e.document.id for e in remote] == [d.id for d in documents]
    assert remote == local


def test_a_graph_built_on_the_cluster_is_the_local_graph(documents: list[Document], client: Client) -> None:
    address = client.scheduler.address
    assert isomorphic(kg.build_graph(documents, scheduler=address), kg.build_graph(documents))


def test_an_ingest_on_the_cluster_gives_the_local_store(
    documents: list[Document], client: Client, local_store: set[str], tmp_path: Path
) -> None:
    heard: list[tuple[str, str]] = []
    with open_store(tmp_path / "store", create=True) as store:
        report = store.ingest(documents, scheduler=client, on_document=lambda *what: heard.append(what))
    assert report.added == [d.id for d in documents]
    assert heard == [(d.id, "added") for d in documents]
    assert quads(tmp_path / "store") == local_store


def test_kg_ingest_and_build_take_a_scheduler_address(client: Client, tmp_path: Path) -> None:
    address = client.scheduler.address
    inputs = [EXAMPLES, *(write_text(tmp_path / "in" / f"{d.id}.txt", d.text) for d in SHORT)]
    assert run_kg("ingest", *inputs, "--store", tmp_path / "cluster", "--scheduler", address, "-q") == (0, "")
    assert run_kg("ingest", *inputs, "--store", tmp_path / "local", "-q") == (0, "")
    assert quads(tmp_path / "cluster") == quads(tmp_path / "local")

    assert run_kg("build", *inputs, "-o", tmp_path / "cluster.ttl", "--scheduler", address, "-q") == (0, "")
    assert run_kg("build", *inputs, "-o", tmp_path / "local.ttl", "-q") == (0, "")
    assert isomorphic(load_graph(tmp_path / "cluster.ttl"), load_graph(tmp_path / "local.ttl"))


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_a_model_the_workers_lack_is_one_clear_error(documents: list[Document], client: Client) -> None:
    with pytest.raises(
        ModelError, match=r"^on Dask worker tcp://127\.0\.0\.1:\d+: cannot load spaCy model 'no_such"
    ):
        list(kg.extract_documents(documents[:1], scheduler=client, model="no_such_model_xyz"))


def test_a_failed_cluster_ingest_leaves_the_store_as_it_was(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder, create=True) as store:
        store.ingest(SHORT[:1])
    before = quads(folder)
    with open_store(folder, write=True) as store, pytest.raises(ModelError):
        store.ingest(SHORT, scheduler=client, model="no_such_model_xyz")
    assert quads(folder) == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"],
            "give --scheduler ADDRESS or --workers N, not both",
        ),
        (
            ["--workers", "2", "--n-process", "2"],
            "--n-process is for extraction on this machine; with --scheduler "
            "or --workers the Dask workers extract",
        ),
    ],
)
def test_conflicting_options_fail_before_anything_is_read(
    options: list[str], message: str, tmp_path: Path
) -> None:
    result = run_kg("ingest", tmp_path / "missing.txt", "--store", tmp_path / "store", *options)
    assert result == (1, f"error: {message}\n")
    assert not (tmp_path / "store").exists()


def test_an_unreachable_scheduler_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(kg.distributed, "CONNECT_TIMEOUT", "1s")
    closed = "tcp://127.0.0.1:9"  # the discard port: nothing listens there
    code, stderr = run_kg("build", EXAMPLES, "-o", tmp_path / "g.ttl", "--scheduler", closed)
    assert code == 1
    assert stderr.startswith(f"error: cannot reach the Dask scheduler at {closed}: Timed out")
    assert stderr.count("\n") == 1
    assert not (tmp_path / "g.ttl").exists()


def test_a_malformed_address_is_refused_at_once() -> None:
    with pytest.raises(ClusterError, match="'host-without-port' is not a Dask scheduler address"):
        list(kg.extract_documents(SHORT, scheduler="host-without-port"))


def test_a_worker_killed_mid_run_loses_nothing(documents: list[Document]) -> None:
    """A worker process dies with a batch in hand: the scheduler runs the batch again on another
    worker, and the client gets every document, whole and in order, as a local run extracts it."""
    documents = documents * 2  # enough batches that both workers are busy when the first comes back
    documents = [Document(f"{d.id}-{n}", d.text) for n, d in enumerate(documents)]
    killed: list[str] = []
    with connect(workers=2) as cluster:

        def kill_a_busy_worker(_: object) -> None:
            if killed:
                return
            busy = [address for address, keys in cluster.processing().items() if keys]
            assert busy, "no batch was out when the first document came back"
            os.kill(cluster.run(os.getpid)[busy[0]], signal.SIGKILL)
            killed.append(busy[0])

        remote = list(
            kg.extract_documents(documents, scheduler=cluster, batch_size=1, on_document=kill_a_busy_worker)
        )
        assert killed and killed[0] not in cluster.scheduler_info()["workers"]
    assert remote == list(kg.extract_documents(documents))


def test_options_are_checked_by_the_library_too() -> None:
    with pytest.raises(KgError, match="not both"):
        list(kg.extract_documents(SHORT, scheduler="tcp://127.0.0.1:8786", workers=2))


def one_worker_in_process() -> LocalCluster:
    return LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0")


def test_a_batch_that_kills_worker_after_worker_stops_the_run_naming_its_documents() -> None:
    async def lose_every_worker(dask_scheduler: Any) -> None:
        for address in list(dask_scheduler.workers):
            await dask_scheduler.remove_worker(address, stimulus_id="test", expected=False)

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        one_worker_in_process() as cluster,
        Client(cluster, set_as_default=False) as client,
        pytest.raises(ClusterError) as raised,
    ):

        def after_the_first(_: object) -> None:
            client.run_on_scheduler(lose_every_worker)

        list(kg.extract_documents(SHORT, scheduler=client, batch_size=1, on_document=after_the_first))
    assert str(raised.value) == (
        "1 Dask worker(s) died running documents medal (out of memory?); stopped before writing them"
    )


def test_a_scheduler_lost_mid_run_stops_it_with_one_line() -> None:
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),  # give up reconnecting soon
        one_worker_in_process() as cluster,
        Client(cluster, set_as_default=False) as client,
        pytest.raises(ClusterError) as raised,
    ):
        address = client.scheduler.address

        def after_the_first(_: object) -> None:
            cluster.sync(cluster.scheduler.close)

        list(kg.extract_documents(SHORT, scheduler=client, batch_size=1, on_document=after_the_first))
    assert str(raised.value).startswith(f"the Dask scheduler at {address} cancelled documents medal:")


def test_rules_only_reaches_the_workers(documents: list[Document], client: Client) -> None:
    remote = list(kg.extract_documents(documents, scheduler=client, rules_only=True))
    assert remote == list(kg.extract_documents(documents, rules_only=True))
    assert remote != list(kg.extract_documents(documents))  # the decision layer changes these documents


def test_a_client_of_the_cluster_loads_no_spacy() -> None:
    """The client reads, resolves and writes: importing spaCy would only hold back the first batch."""
    client_side = (
        "import sys, kg.cli, kg.build, kg.distributed, kg.read, kg.store\n"
        "assert 'spacy' not in sys.modules, sorted(m for m in sys.modules if m.startswith('kg'))\n"
    )
    subprocess.run([sys.executable, "-c", client_side], check=True)
