"""endpoint: a store over HTTP, safe to expose; and a store sent to somebody else's SPARQL server.

`kg serve` does not implement the SPARQL 1.1 Protocol itself: Oxigraph's own
server (the `oxigraph` package from PyPI) answers, on the store's database,
with the union of its graphs as the default graph. Exposed as it is, that
server would be unsafe, so `kg serve` puts a thin checking front before it,
a WSGI application on waitress (a well-kept pure-Python HTTP server that
bounds request sizes and idle connections):

- Oxigraph runs SERVICE, so anyone who can reach it could make it send
  requests to any address; it has no switch against that. The front parses
  each query (kg.query.prepare) and refuses SERVICE, and updates unless
  --writable (LOAD even then), before the request reaches Oxigraph; what
  Oxigraph gets is rebuilt from what was checked, never passed on as sent.
- Oxigraph's own --timeout-s does not stop every query (a COUNT or ORDER BY
  over a cartesian product keeps a core busy long after), and a query in
  Rust cannot be interrupted from outside. So each Oxigraph server ("engine")
  answers one request at a time on a private loopback port, and an engine
  still busy when the time limit is up is killed and replaced.
- Engines inherit the store's lock and die with `kg serve` (the kernel's
  parent-death signal), so none outlives it or runs without the lock, even
  after `kill -9`. SIGTERM and SIGINT stop it cleanly, also in a background
  job, which starts with SIGINT ignored.

`push` speaks the SPARQL 1.1 Graph Store HTTP Protocol, which any triple
store understands: one PUT per named graph.
"""

from __future__ import annotations

import http
import http.client
import logging
import math
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import pyoxigraph as ox

from kg.deadline import DEFAULT_TIMEOUT, parent_death_hook
from kg.errors import KgError, QueryError
from kg.store import MARKER, RESOLUTION_GRAPH, GraphStore, StoreError, served_database

#: Largest request body read-only (a query of kg.query.MAX_QUERY_CHARS, form-encoded, fits) and
#: writable (Graph Store uploads); waitress answers 413 beyond. Headers (so GET queries) stay
#: within waitress's default of 256 KB, beyond which it answers 431.
MAX_QUERY_BODY = 1_000_000
MAX_UPLOAD_BODY = 100_000_000
#: A response is held back until it is complete or this large, so that a query cancelled before
#: then gets a clean 503 instead of a truncated 200.
HELD_BACK = 1_000_000
READ_ONLY_REFUSED = "update requests are refused: kg serve is read-only (start it with --writable)"
UPDATE_AS_QUERY = "an update sent as a query is refused: send it to /update"
FORM = "application/x-www-form-urlencoded"
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "server", "date"}


class EndpointError(KgError):
    """The server cannot be started, or a remote endpoint refused what was sent."""


def oxigraph_command() -> str:
    """The `oxigraph` server executable: beside this Python (a virtual environment) or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise EndpointError("the oxigraph server is not installed: pip install oxigraph")
    return found


def serve(
    store: str | os.PathLike[str],
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    workers: int = 2,
    on_start: Callable[[str], None] | None = None,
) -> None:
    """Serve `store` over the SPARQL 1.1 Protocol until SIGTERM or SIGINT.

    `workers` queries are answered at once (one when writable: a database has
    one writer); a query still running after `timeout` seconds is cancelled
    (None: never). The store stays locked (shared when read-only, exclusive
    when writable) for as long as any engine runs.
    """
    command = oxigraph_command()
    if not (Path(store) / MARKER).is_file():
        raise StoreError(f"{store}: not a kg store (make one with kg ingest --store {store} INPUT...)")
    from waitress.server import create_server

    with served_database(store, writable=writable) as (folder, lock), _stopped_by_signals():
        start = partial(_start_engine, command, str(folder), writable=writable, timeout=timeout, lock=lock)
        engines = Engines(start, 1 if writable else workers)
        front = Front(engines, writable=writable, timeout=timeout)
        try:
            server: Any = create_server(
                front,
                host=host,
                port=port,
                threads=engines.count + 4,  # refusals and the query page are answered while engines are busy
                max_request_body_size=MAX_UPLOAD_BODY if writable else MAX_QUERY_BODY,
                asyncore_use_poll=True,
                ident="kg serve",
            )
        except OSError as error:
            raise EndpointError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        try:
            engines.start()
            if on_start is not None:
                on_start(f"http://{host}:{server.effective_port}")
            server.run()
        except _Stop:
            pass
        finally:
            engines.close()  # first, so that requests waiting for an engine end now
            server.task_dispatcher.shutdown()
            server.close()


class _Stop(Exception):
    """SIGTERM or SIGINT arrived: stop serving."""


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGINT into _Stop in the main thread, whatever they were set to before.

    A background job of a non-interactive shell starts with SIGINT ignored,
    which Python keeps; a server should still stop when asked. A second signal
    during the shutdown is ignored, so that the shutdown runs to its end.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach only the main thread: whoever started us there stops us
        return
    signals = (signal.SIGTERM, signal.SIGINT)

    def stop(signum: int, frame: FrameType | None) -> None:
        for each in signals:
            signal.signal(each, signal.SIG_IGN)
        raise _Stop(signum)

    previous = {each: signal.signal(each, stop) for each in signals}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


# -- engines ----------------------------------------------------------------------------------


@dataclass(eq=False)
class Engine:
    """One Oxigraph server on a private loopback port, answering one request at a time."""

    process: subprocess.Popen[bytes]
    port: int
    #: set when the engine was killed because its request ran out of time
    cancelled: bool = False

    def cancel(self) -> None:
        """Kill the engine in the middle of its request (from a timer thread); the keeper replaces it."""
        self.cancelled = True
        self.process.kill()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def _start_engine(command: str, location: str, *, writable: bool, timeout: float | None, lock: int) -> Engine:
    """Start an Oxigraph server on a free loopback port and wait until it listens.

    It inherits the lock's descriptor and dies with this process (see the
    module docstring); its own output goes to a temporary file, from which a
    failure to start is reported. Its --timeout-s stops the queries it can
    stop by itself, without being replaced.
    """
    reason = "it exited at once"
    for _ in range(3):  # a port free when chosen may be taken by another program before Oxigraph binds it
        address = ("127.0.0.1", _free_port())
        arguments = [command, "serve" if writable else "serve-read-only", "--location", location]
        arguments += ["--bind", f"{address[0]}:{address[1]}", "--union-default-graph"]
        if timeout is not None:
            arguments += ["--timeout-s", str(math.ceil(timeout))]
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(
                arguments,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(lock,),
                preexec_fn=parent_death_hook(),  # one system call between fork and exec
                start_new_session=True,  # Ctrl-C in a terminal reaches kg serve only, which stops the engines
            )
            if _listening(process, address):
                return Engine(process, address[1])
            process.kill()
            process.wait()
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            errors = [line.removeprefix("Error: ") for line in lines if line.startswith("Error: ")]
            reason = (errors or lines or [f"it exited with code {process.returncode}"])[0]
            if "address already in use" not in reason.lower():
                break
    raise EndpointError(f"the oxigraph server did not start: {reason}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _listening(process: subprocess.Popen[bytes], address: tuple[str, int], patience: float = 60) -> bool:
    """Whether the server accepts connections at `address` before it exits or `patience` runs out."""
    give_up = time.monotonic() + patience
    while time.monotonic() < give_up and process.poll() is None:
        try:
            socket.create_connection(address, timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Engines:
    """The engines behind the front: a request borrows an idle one, and one that failed is replaced.

    After the first ones, engines are started by one keeper thread that lives
    as long as the server: the parent-death signal comes when the *thread*
    that started a process ends, not only the process.
    """

    def __init__(self, start: Callable[[], Engine], count: int) -> None:
        self.count = count
        self._start = start
        self._idle: queue.Queue[Engine] = queue.Queue()
        self._broken: queue.Queue[Engine | None] = queue.Queue()
        self._running: set[Engine] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._keeper = threading.Thread(target=self._keep, name="kg-serve-engines", daemon=True)

    def start(self) -> None:
        for _ in range(self.count):
            self._add(self._start())
        self._keeper.start()

    def borrow(self, patience: float) -> Engine | None:
        """An idle engine, waiting for one up to `patience` seconds; None if all stay busy."""
        give_up = time.monotonic() + patience
        while True:
            try:
                engine = self._idle.get(timeout=max(0.0, give_up - time.monotonic()))
            except queue.Empty:
                return None
            if engine.process.poll() is None:
                return engine
            self._broken.put(engine)  # died while idle

    def give_back(self, engine: Engine, *, healthy: bool) -> None:
        """Return a borrowed engine: to the idle ones, or to be replaced if its request did not end well."""
        if healthy and not engine.cancelled and engine.process.poll() is None:
            self._idle.put(engine)
        else:
            self._broken.put(engine)

    def close(self) -> None:
        """Stop every engine, and start no more."""
        with self._lock:
            self._closed = True
            running, self._running = self._running, set()
        self._broken.put(None)
        for engine in running:
            engine.stop()
        if self._keeper.is_alive():
            self._keeper.join(timeout=10)

    def _add(self, engine: Engine) -> None:
        with self._lock:
            if not self._closed:
                self._running.add(engine)
                self._idle.put(engine)
                return
        engine.stop()

    def _keep(self) -> None:
        while (engine := self._broken.get()) is not None:
            engine.stop()
            with self._lock:
                self._running.discard(engine)
            try:
                self._add(self._start())
            except EndpointError as error:  # the server goes on with one engine fewer
                print(f"kg serve: {error}", file=sys.stderr, flush=True)


# -- the front --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upstream:
    """A request as an engine gets it: rebuilt from what was checked, never the bytes the client sent."""

    method: str
    target: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Refusal(Exception):
    """A request the front answers itself, with a status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class _CutOff(Exception):
    """A result already being sent when its time ran out: the connection is dropped, not closed cleanly."""


class Front:
    """The WSGI application: check a request, then relay it to an engine against the time limit.

    /query takes GET or POST (form or application/sparql-query), /update
    (writable only) POST, /store the Graph Store Protocol (writes only when
    writable); GET / is Oxigraph's query page. Anything else is refused.
    """

    def __init__(self, engines: Engines, *, writable: bool, timeout: float | None) -> None:
        self.engines = engines
        self.writable = writable
        self.timeout = timeout

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            upstream = self.check(environ)
        except Refusal as refusal:
            return _plain(start_response, refusal.status, refusal.reason)
        return self._relay(upstream, start_response)

    def check(self, environ: dict[str, Any]) -> Upstream:
        """The request to send on, or Refusal: what the client asked, in the form the engine will get."""
        from kg.query import RefusedQuery, RefusedUpdate, check_update, prepare

        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        accept = {"Accept": environ["HTTP_ACCEPT"]} if environ.get("HTTP_ACCEPT") else {}
        if path == "/query":
            params = _request_params(environ, "query", "application/sparql-query", ("GET", "HEAD", "POST"))
            query = _only(params, "query")
            try:
                prepare(query, from_clauses=True)
            except RefusedUpdate:
                raise Refusal(403, UPDATE_AS_QUERY if self.writable else READ_ONLY_REFUSED) from None
            except RefusedQuery as error:
                raise Refusal(403, str(error)) from None
            except QueryError as error:
                raise Refusal(400, str(error)) from None
            form = [("query", query), *_kept(params, "default-graph-uri", "named-graph-uri")]
            return Upstream("POST", "/query", _encoded(form), {"Content-Type": FORM, **accept})
        if path == "/update":
            if not self.writable:
                raise Refusal(403, READ_ONLY_REFUSED)
            params = _request_params(environ, "update", "application/sparql-update", ("POST",))
            update = _only(params, "update")
            try:
                check_update(update)
            except RefusedQuery as error:
                raise Refusal(403, str(error)) from None
            except QueryError as error:
                raise Refusal(400, str(error)) from None
            form = [("update", update), *_kept(params, "using-graph-uri", "using-named-graph-uri")]
            return Upstream("POST", "/update", _encoded(form), {"Content-Type": FORM})
        if path == "/store":
            graph = _kept(_params(environ.get("QUERY_STRING", "")), "graph", "default")
            target = f"/store?{urllib.parse.urlencode(graph)}"
            if method in ("GET", "HEAD"):
                return Upstream(method, target, None, accept)
            if method not in ("PUT", "POST", "DELETE"):
                raise Refusal(405, f"{method} is not a Graph Store Protocol method")
            if not self.writable:
                raise Refusal(403, "writes are refused: kg serve is read-only (start it with --writable)")
            content_type = {"Content-Type": environ["CONTENT_TYPE"]} if environ.get("CONTENT_TYPE") else {}
            return Upstream(method, target, _body(environ), content_type)
        if path == "/" and method in ("GET", "HEAD"):
            return Upstream(method, "/", None, accept)
        raise Refusal(404, f"nothing at {path}: queries go to /query")

    def _relay(self, upstream: Upstream, start_response: Callable[..., Any]) -> Iterable[bytes]:
        engine = self.engines.borrow(self.timeout or DEFAULT_TIMEOUT)
        if engine is None:
            return _plain(
                start_response, 503, f"all {self.engines.count} query engines are busy: try again later"
            )
        exchange = _Exchange(engine, upstream, self.timeout)
        try:
            status, headers, held, complete = exchange.begin()
        except (OSError, http.client.HTTPException):  # the engine died, or was killed at the time limit
            exchange.end()
            self.engines.give_back(engine, healthy=False)
            if engine.cancelled:
                return _plain(start_response, 503, self._cancelled())
            return _plain(start_response, 502, "the query engine failed; it is being restarted")
        if complete:
            exchange.end()
            self.engines.give_back(engine, healthy=True)
            if engine.cancelled:  # killed while the end was read: the result may be cut short
                return _plain(start_response, 503, self._cancelled())
            start_response(status, [*headers, ("Content-Length", str(len(held)))])
            return [held]
        start_response(status, headers)
        return self._rest(engine, exchange, held)

    def _rest(self, engine: Engine, exchange: _Exchange, first: bytes) -> Iterator[bytes]:
        """A large result, sent as it comes; cut off, the connection dropped, if its time runs out."""
        finished = False
        try:
            yield first
            while chunk := exchange.read():
                yield chunk
            finished = not engine.cancelled
        except (OSError, http.client.HTTPException):
            pass
        finally:
            exchange.end()
            self.engines.give_back(engine, healthy=finished)
        if not finished:
            reason = self._cancelled() if engine.cancelled else "the query engine failed"
            print(f"kg serve: a result was cut off: {reason}", file=sys.stderr, flush=True)
            raise _CutOff(reason)

    def _cancelled(self) -> str:
        return f"query cancelled after {self.timeout:g} s: it ran longer than the time limit"


class _Exchange:
    """One request to an engine, with a timer that kills the engine when the time limit is up.

    Killing the engine ends any read from it at once, so no socket timeout
    has to be juggled; a socket timeout a little past the limit is only a
    safety net.
    """

    def __init__(self, engine: Engine, upstream: Upstream, timeout: float | None) -> None:
        self.upstream = upstream
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", engine.port, timeout=None if timeout is None else timeout + 10
        )
        self.timer = None if timeout is None else threading.Timer(timeout, engine.cancel)
        self.response: http.client.HTTPResponse | None = None

    def begin(self) -> tuple[str, list[tuple[str, str]], bytes, bool]:
        """Send the request; the status, the headers, up to HELD_BACK bytes, and whether that is all.

        When it is all, the headers leave out the length, which the front sets.
        """
        if self.timer is not None:
            self.timer.start()
        up = self.upstream
        self.connection.request(up.method, up.target, body=up.body, headers=up.headers)
        self.response = self.connection.getresponse()
        status = f"{self.response.status} {self.response.reason}"
        headers = [(k, v) for k, v in self.response.getheaders() if k.lower() not in _HOP_BY_HOP]
        held = bytearray()
        while len(held) < HELD_BACK:
            chunk = self.read()
            if not chunk:
                return (
                    status,
                    [(k, v) for k, v in headers if k.lower() != "content-length"],
                    bytes(held),
                    True,
                )
            held += chunk
        return status, headers, bytes(held), False

    def read(self) -> bytes:
        assert self.response is not None
        return self.response.read1(65536)

    def end(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.connection.close()


def _request_params(
    environ: dict[str, Any], name: str, direct_type: str, methods: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The parameters of a SPARQL Protocol request: from the URL, a form body, or a direct body."""
    method = environ["REQUEST_METHOD"]
    if method not in methods:
        raise Refusal(405, f"send the {name} with {' or '.join(methods)}")
    url_params = _params(environ.get("QUERY_STRING", ""))
    if method != "POST":
        return url_params
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type == FORM:
        return _params(_text(_body(environ)))
    if content_type == direct_type:
        return [(name, _text(_body(environ))), *((k, v) for k, v in url_params if k != name)]
    raise Refusal(415, f"send the {name} as {FORM} or {direct_type}")


def _params(text: str) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except ValueError as error:  # too many fields, or not UTF-8
        raise Refusal(400, f"bad request parameters: {' '.join(str(error).split())[:200]}") from None


def _only(params: list[tuple[str, str]], name: str) -> str:
    values = [value for key, value in params if key == name]
    if len(values) != 1:
        raise Refusal(400, f"give one {name} parameter ({len(values)} given)")
    return values[0]


def _kept(params: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in params if key in names]


def _encoded(form: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(form).encode("ascii")


def _body(environ: dict[str, Any]) -> bytes:
    """The request body; waitress has already refused one over max_request_body_size."""
    body: bytes = environ["wsgi.input"].read()
    return body


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refusal(400, f"the request body is not UTF-8 (byte offset {error.start})") from None


def _plain(start_response: Callable[..., Any], status: int, message: str) -> list[bytes]:
    """A one-line text/plain answer from the front itself."""
    body = (message + "\n").encode("utf-8")
    start_response(
        f"{status} {http.HTTPStatus(status).phrase}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]


class _QuietCutOffs(logging.Filter):
    """Keep waitress from logging a traceback for a result cut off on purpose (the front said why)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], _CutOff))


logging.getLogger("waitress").addFilter(_QuietCutOffs())


# -- push -------------------------------------------------------------------------------------


def push(
    store: GraphStore, endpoint: str, *, on_graph: Callable[[str], None] | None = None, timeout: float = 60
) -> int:
    """PUT every document graph and the entity layer of `store` to a Graph Store Protocol endpoint.

    Each named graph replaces the graph of the same name at the endpoint,
    so pushing again after more ingests brings the endpoint up to date.
    Returns the number of graphs sent.
    """
    graphs = [g for g in store.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)]
    sent = 0
    for graph in sorted(graphs, key=lambda g: g.value):
        if graph.value == str(RESOLUTION_GRAPH):
            continue
        body = ox.serialize(
            (quad.triple for quad in store.oxigraph.quads_for_pattern(None, None, None, graph)),
            format=ox.RdfFormat.N_TRIPLES,
        )
        assert body is not None
        url = f"{endpoint}{'&' if '?' in endpoint else '?'}graph={urllib.parse.quote(graph.value, safe='')}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = " ".join(error.read().decode("utf-8", "replace").split())[:200]
            raise EndpointError(
                f"{endpoint}: refused graph <{graph.value}>: HTTP {error.code} {detail}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndpointError(f"{endpoint}: cannot reach the endpoint: {reason}") from None
        sent += 1
        if on_graph is not None:
            on_graph(graph.value)
    return sent
