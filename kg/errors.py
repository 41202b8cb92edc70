"""One error hierarchy: the library raises these, the CLI prints one line and exits 1."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base of every error the library raises on purpose; its message is one line for users."""


class InputError(KgError):
    """A source the user gave cannot be read: the message starts with `path:line:` where known."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class ModelError(KgError):
    """The spaCy model cannot be loaded; the message names the pip command or `--model`."""


class OntologyError(KgError):
    """The ontology, shapes or a graph file does not parse or does not fit the contract."""


class QueryError(KgError):
    """A SPARQL query is malformed, or asks to change a graph that is read-only."""
