"""Shared by the tests.

The suite tests the working tree, also where kg is installed from a copy of it.
CI installs with `pip install ".[test]"`, which copies kg into site-packages;
pyproject.toml's `pythonpath` puts the repository first for pytest itself, and
PYTHONPATH does the same for every command a test starts (`kg serve`,
`python -c ...`, the notebook's kernel), so no test runs the installed copy.

The tests of hostile use share a local address that must never be contacted, and a small store.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).parent / "data" / "sample.ttl"

os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


class Listener:
    """A local TCP server that records every connection and never answers.

    A request to it hangs, as a remote server that never answers would; after
    a few seconds it drops the connection, so that a test of code that wrongly
    contacts it fails instead of hanging.
    """

    def __init__(self, hang_for: float = 3.0) -> None:
        self.connections: list[tuple[str, int]] = []
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._hang_for = hang_for
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, address = self._socket.accept()
            except OSError:  # closed
                return
            self.connections.append(address)
            threading.Timer(self._hang_for, connection.close).start()

    def close(self) -> None:
        self._socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """An address that a SERVICE clause, a LOAD or a JSON-LD context may name, and nobody may contact."""
    server = Listener()
    yield server
    server.close()


def make_sample_store(folder: Path) -> Path:
    """A store holding tests/data/sample.ttl (208 triples) as one document graph, loaded without spaCy."""
    with open_store(folder, create=True) as opened:
        opened.oxigraph.load(
            path=SAMPLE,
            format=pyoxigraph.RdfFormat.TURTLE,
            to_graph=pyoxigraph.NamedNode("https://w3id.org/kg-news/id/doc/sample"),
        )
    return folder


def rules_doc(text: str):  # type: ignore[no-untyped-def]
    """`text` through the rules only (the pipeline without the trained decision layer), as a Doc."""
    import datetime as dt

    from kg.extract import prepare
    from kg.pipeline import load_pipeline
    from kg.records import Document

    nlp = load_pipeline(rules_only=True)
    return nlp(prepare(nlp, Document("probe", text, dt.date(2024, 3, 1))))
