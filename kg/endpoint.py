"""endpoint: a store over HTTP, and a store sent to somebody else's SPARQL server.

`kg serve` does not implement the SPARQL 1.1 Protocol itself: it runs
Oxigraph's own server (the `oxigraph` package from PyPI) on the store's
database, read-only unless asked, holding the store's lock so that no ingest
changes the files under it. `push` speaks the SPARQL 1.1 Graph Store HTTP
Protocol, which any triple store understands: one PUT per named graph.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import MARKER, RESOLUTION_GRAPH, GraphStore, StoreError, locked_store


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
    on_start: Callable[[str], None] | None = None,
) -> int:
    """Serve `store` over the SPARQL 1.1 Protocol until interrupted; the server's exit code.

    Queries see the union of the store's graphs as their default graph. The
    store stays locked (shared when read-only, exclusive when writable) for
    as long as the server runs.
    """
    command = oxigraph_command()
    if not (Path(store) / MARKER).is_file():
        raise StoreError(f"{store}: not a kg store (make one with kg ingest --store {store} INPUT...)")
    with locked_store(store, write=writable) as root:
        location = str(root / "data")
        args = [
            command,
            "serve" if writable else "serve-read-only",
            "--location",
            location,
            "--bind",
            f"{host}:{port}",
            "--union-default-graph",
        ]
        process = subprocess.Popen(args)

        def stop(signum: int, frame: FrameType | None) -> None:
            process.send_signal(signal.SIGINT)

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            if on_start is not None:
                on_start(f"http://{host}:{port}")
            return process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)
            return process.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)


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
