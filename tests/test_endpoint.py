"""`kg serve` under hostile use: refused SERVICE and updates, cancelled queries, bounded requests, signals.

Each test starts the real command (`kg serve`, Oxigraph's server behind
kg's checking front) on a store that holds the sample graph, loaded without
spaCy. Addresses that a query names are local listeners that record every
connection, so "no outbound request" is checked, not assumed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Listener, make_sample_store

from kg.store import StoreError, locked_store, open_store

KG_COMMAND = str(Path(sys.executable).parent / "kg")  # the console script of this environment
KGR = "https://w3id.org/kg-news/id/"
#: Four triple patterns joined on nothing: 208^4 rows to count, which no engine finishes soon.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: Generous bounds: the machine running the tests may be busy.
PATIENCE = 60


@dataclass
class Served:
    """A running `kg serve`: its process (or the shell that started it), the kg serve pid, its URL."""

    process: subprocess.Popen[bytes]
    pid: int
    url: str
    store: Path

    def engines(self) -> list[int]:
        """The Oxigraph servers kg serve started (its children)."""
        return children(self.pid)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie has: nobody may have reaped it yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def wait_until(condition: object, what: str) -> None:
    give_up = time.monotonic() + PATIENCE
    while time.monotonic() < give_up:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {PATIENCE} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(url: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=5).read()
        return True
    except OSError:
        return False


def start(store: Path, *options: str, background: bool = False) -> Served:
    """`kg serve` on a free port; with `background`, as a background job of a non-interactive shell.

    Such a job starts with SIGINT ignored; the shell waits for it and exits
    with its exit code.
    """
    port = free_port()
    command = [KG_COMMAND, "serve", "--store", str(store), "--port", str(port), *options]
    if background:
        script = " ".join(f"'{part}'" for part in command) + ' & echo $! ; wait $! ; exit "$?"'
        process = subprocess.Popen(["bash", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        pid = int(process.stdout.readline())
    else:
        process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        pid = process.pid
    served = Served(process, pid, f"http://127.0.0.1:{port}", store)
    wait_until(lambda: listening(served.url) or process.poll() is not None, "kg serve listening")
    assert process.poll() is None, "kg serve exited at start"
    return served


def stop(served: Served) -> None:
    if served.process.poll() is None and not gone(served.pid):
        os.kill(served.pid, signal.SIGTERM)
    served.process.wait(timeout=PATIENCE)


def ask(url: str, path: str, data: bytes | None = None, **headers: str) -> tuple[int, str]:
    """Status and body of a request; an HTTP error status is an answer too."""
    request = urllib.request.Request(f"{url}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=PATIENCE) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def query(url: str, text: str, **headers: str) -> tuple[int, str]:
    return ask(url, "/query", urllib.parse.urlencode({"query": text}).encode(), **headers)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One read-only server for the module: one engine, so a stuck one would block every next test."""
    server = start(
        make_sample_store(tmp_path_factory.mktemp("served") / "store"), "--timeout", "2", "--workers", "1"
    )
    yield server
    stop(server)


def test_queries_are_answered_by_get_and_post(served: Served) -> None:
    assert query(served.url, COUNT, Accept="text/csv") == (200, "n\r\n208\r\n")
    url = f"/query?{urllib.parse.urlencode({'query': COUNT})}"
    status, body = ask(served.url, url, Accept="application/sparql-results+json")
    assert (status, json.loads(body)["results"]["bindings"][0]["n"]["value"]) == (200, "208")
    direct = ask(
        served.url,
        f"/query?{urllib.parse.urlencode({'named-graph-uri': f'{KGR}doc/sample'})}",
        b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        **{"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert direct == (200, "n\r\n208\r\n")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent <{url}/sparql> { ?x ?y ?z } } }",
        "PREFIX ex: <{url}/> ASK { BIND(ex:x AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_before_any_request_leaves(served: Served, listener: Listener, text: str) -> None:
    refused = (403, "SERVICE clauses are refused: the endpoint answers from its own store only\n")
    sparql = text.replace("{url}", listener.url)
    assert query(served.url, sparql) == refused
    assert ask(served.url, f"/query?{urllib.parse.urlencode({'query': sparql})}") == refused
    direct = ask(served.url, "/query", sparql.encode(), **{"Content-Type": "application/sparql-query"})
    assert direct == refused
    assert listener.connections == []


def test_updates_and_writes_are_refused_when_read_only(served: Served) -> None:
    insert = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    read_only = "update requests are refused: kg serve is read-only (start it with --writable)\n"
    assert ask(served.url, "/update", urllib.parse.urlencode({"update": insert}).encode()) == (403, read_only)
    assert query(served.url, insert) == (403, read_only)
    put = urllib.request.Request(
        f"{served.url}/store?default", data=b"<http://e/a> <http://e/b> <http://e/c> .", method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(put, timeout=PATIENCE)
    assert error.value.code == 403
    assert query(served.url, COUNT, Accept="text/csv") == (200, "n\r\n208\r\n")


def test_a_query_past_the_time_limit_is_cancelled_and_the_server_is_free_again(served: Served) -> None:
    (engine,) = served.engines()
    started = time.monotonic()
    status, body = query(served.url, CARTESIAN, Accept="text/csv")
    assert (status, body) == (503, "query cancelled after 2 s: it ran longer than the time limit\n")
    assert time.monotonic() - started < PATIENCE
    wait_until(lambda: gone(engine), "the cancelled engine's end")
    # the one engine was replaced: the next query is answered at once
    assert query(served.url, COUNT, Accept="text/csv") == (200, "n\r\n208\r\n")
    assert len(served.engines()) == 1


def test_a_large_result_past_the_time_limit_is_cut_off(served: Served) -> None:
    """A result already streaming cannot become a 503: the connection is dropped instead of closed."""
    everything = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    request = urllib.request.Request(
        f"{served.url}/query", data=urllib.parse.urlencode({"query": everything}).encode()
    )
    with urllib.request.urlopen(request, timeout=PATIENCE) as response:
        assert response.status == 200
        with pytest.raises((http.client.IncompleteRead, ConnectionError)):
            while response.read(1 << 20):
                pass
    assert query(served.url, COUNT, Accept="text/csv") == (200, "n\r\n208\r\n")


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        (
            "SELECT * WHERE " + "{ " * 80 + "?s ?p ?o " + "} " * 80,
            400,
            "query nested too deeply: 80 levels of brackets, the limit is 30",
        ),
        ("SELEC ?x WHERE { ?s ?p ?x }", 400, "SPARQL syntax error at line 1, column 1: "),
        ("ASK { ?s ?p '" + "x" * 100_000 + "' }", 400, "query too long: 100,016 characters"),
    ],
)
def test_bad_queries_get_one_line_answers(served: Served, text: str, status: int, message: str) -> None:
    answer, body = query(served.url, text)
    assert answer == status
    assert body.startswith(message) and body.count("\n") == 1


def test_requests_too_large_are_refused(served: Served) -> None:
    # the server answers as soon as it has the headers, so no body is sent
    large_body = b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    assert status_of_raw(served.url, large_body + b"Content-Length: 2000000\r\n\r\n") == 413
    assert status_of_raw(served.url, b"GET /query?query=" + b"x" * 300_000 + b" HTTP/1.1\r\n\r\n") == 431
    assert ask(served.url, "/elsewhere") == (404, "nothing at /elsewhere: queries go to /query\n")
    assert query(served.url, COUNT, Accept="text/csv") == (200, "n\r\n208\r\n")


def status_of_raw(url: str, request: bytes) -> int:
    """The status a raw HTTP request gets; the server may stop reading it once it has decided."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=PATIENCE) as connection:
        with contextlib.suppress(OSError):
            connection.sendall(request)
        return int(connection.recv(100).split()[1])


def test_a_served_store_stays_locked(served: Served) -> None:
    with pytest.raises(StoreError, match="in use"), open_store(served.store, write=True):
        pass


def test_writable_accepts_updates_but_never_load_or_service(tmp_path: Path, listener: Listener) -> None:
    server = start(make_sample_store(tmp_path / "store"), "--writable", "--timeout", "5")
    try:
        insert = "INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> <http://e/c> } }"
        status, _ = ask(server.url, "/update", urllib.parse.urlencode({"update": insert}).encode())
        assert status == 204
        assert query(server.url, COUNT, Accept="text/csv") == (200, "n\r\n209\r\n")
        refused = "LOAD and SERVICE are refused: the endpoint never fetches data from another server\n"
        for update in (
            f"LOAD <{listener.url}/data.ttl>",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}",
        ):
            assert ask(server.url, "/update", urllib.parse.urlencode({"update": update}).encode()) == (
                403,
                refused,
            )
        assert listener.connections == []
    finally:
        stop(server)
    with open_store(tmp_path / "store") as opened:
        assert len(opened.select("SELECT ?s WHERE { ?s <http://e/b> <http://e/c> }")) == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_a_background_kg_serve_and_its_engines(tmp_path: Path, signum: int) -> None:
    store = make_sample_store(tmp_path / "store")
    server = start(store, background=True)
    engines = server.engines()
    assert len(engines) == 2
    os.kill(server.pid, signum)
    assert server.process.wait(timeout=PATIENCE) == 0  # the shell's exit code is kg serve's
    assert all(gone(engine) for engine in engines)
    assert not listening(server.url)
    with open_store(store, write=True):  # the lock is free
        pass


def test_kill_9_of_kg_serve_takes_its_engines_and_the_lock_with_it(tmp_path: Path) -> None:
    store = make_sample_store(tmp_path / "store")
    server = start(store, background=True)
    engines = server.engines()
    assert len(engines) == 2
    lock = (store / "kg.lock").resolve()
    for engine in engines:  # each engine holds the lock itself, so the lock lasts as long as it runs
        assert lock in {fd.resolve() for fd in Path(f"/proc/{engine}/fd").iterdir()}
    os.kill(server.pid, signal.SIGKILL)
    server.process.wait(timeout=PATIENCE)
    wait_until(lambda: all(gone(engine) for engine in engines), "the engines' end")
    assert not listening(server.url)
    with open_store(store, write=True):  # an ingest may now change the files: nobody serves them
        pass


def test_a_store_oxigraph_cannot_open_is_one_line_error(tmp_path: Path) -> None:
    store = make_sample_store(tmp_path / "store")
    generation = store / (store / "current").read_text().strip()
    for manifest in generation.glob("MANIFEST-*"):  # the database is damaged
        manifest.unlink()
    done = subprocess.run(
        [KG_COMMAND, "serve", "--store", str(store), "--port", str(free_port())],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("error: the oxigraph server did not start: ")
    assert done.stderr.count("\n") == 1
    with locked_store(store, write=True):  # and the lock is free
        pass
