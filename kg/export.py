"""export: write and read graph files safely, and check a graph against the SHACL shapes.

Writing goes to a temporary file in the target directory that replaces the
target only once serialisation has finished, so an interrupted or failing write
never leaves a half-written file, nor damages the file it was meant to replace.
Reading turns every parser failure into a one-line `KgError`, because a user
who points `kg query` at the wrong file deserves a sentence, not a traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, Graph
from rdflib.collection import Collection
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import BNode, Literal, Node, URIRef

from kg.errors import InputError, OntologyError
from kg.namespaces import KGR, PREFIXES, bind_prefixes
from kg.terms import to_rdflib

#: File extension → rdflib format, for the formats `write_graph` writes.
FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "nt": "nt",
    "trig": "trig",
    "jsonld": "json-ld",
    "nq": "nquads",
}
#: Other spellings accepted wherever a format is named.
ALIASES: dict[str, str] = {
    "turtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "json-ld",
    "json": "json-ld",
    "nquads": "nquads",
    "n-quads": "nquads",
}
#: Formats `load_graph` also reads, by extension.
READ_FORMATS: dict[str, str] = {
    **FORMATS,
    "nq": "nquads",
    "rdf": "xml",
    "xml": "xml",
    "owl": "xml",
}
#: Names for messages.
FORMAT_NAMES: dict[str, str] = {
    "turtle": "Turtle",
    "nt": "N-Triples",
    "trig": "TriG",
    "json-ld": "JSON-LD",
    "nquads": "N-Quads",
    "xml": "RDF/XML",
}
#: Formats whose files hold datasets: parsed into a Dataset, then flattened.
_QUAD_FORMATS = {"trig", "nquads"}
#: The same formats in Oxigraph, which parses and writes them as streams.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "xml": ox.RdfFormat.RDF_XML,
}


def format_for(path_or_name: str | os.PathLike[str], *, reading: bool = False) -> str:
    """The rdflib format for a file name, extension or format name: "out.ttl", "ttl", "turtle".

    With `reading`, the extensions `load_graph` accepts besides the written
    ones (.nq, .rdf, .xml, .owl) are allowed too.
    """
    table = READ_FORMATS if reading else FORMATS
    name = os.fspath(path_or_name)
    key = name.lower().lstrip(".")
    if key in table:
        return table[key]
    if key in ALIASES:
        return ALIASES[key]
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in table:
        return table[suffix]
    choices = ", ".join(table)
    if not suffix and isinstance(path_or_name, os.PathLike):
        raise InputError(name, f"no file extension to tell the graph format; use one of: {choices}")
    unknown = suffix or key
    raise InputError(name, f"unknown graph format {unknown!r}; choose one of: {choices}")


def write_graph(graph: Graph, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Serialise `graph` to `path` atomically (`write_atomically`); the format comes from `fmt` or
    the file extension."""
    target = Path(path)
    rdf_format = format_for(fmt if fmt is not None else target)
    check_target(target)
    if rdf_format in _QUAD_FORMATS:
        # A plain Graph written as TriG (or N-Quads) becomes a blank-node named graph; a
        # Dataset's default graph reads back as the same triples.
        dataset = Dataset()
        for prefix, namespace in graph.namespaces():
            dataset.bind(prefix, namespace, override=True)
        for triple in graph:
            dataset.add(triple)
        graph = dataset
    write_atomically(
        target, lambda handle: graph.serialize(destination=handle, format=rdf_format, encoding="utf-8")
    )
    return target


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Call `write` on a temporary file beside `target`, then rename that file over `target`.

    The temporary file lives in the target directory so that `os.replace` is
    a rename on one file system (atomic on POSIX and Windows). It takes the
    permissions an ordinary new file would have, or those of the file it
    replaces, rather than mkstemp's private 0600. Graph files and pictures
    (`kg.viz.save`) are both written this way. Ctrl-C, `kill` (SIGTERM) and a
    closed terminal (SIGHUP) during the write remove the temporary file
    before the process ends as the signal says.
    """
    with _signals_interrupt():
        temp: Path | None = None
        try:
            try:
                fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            except OSError as error:
                raise InputError(target, f"cannot write: {error.strerror}") from error
            temp = Path(temp_name)
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, _mode_for(target))
            os.replace(temp, target)
        except BaseException as error:
            # BaseException so that Ctrl-C or a signal mid-write also leaves no stray temp file.
            if temp is not None:
                temp.unlink(missing_ok=True)
            if isinstance(error, PermissionError | IsADirectoryError):
                raise InputError(target, f"cannot write: {error.strerror}") from error
            raise


class _Signalled(BaseException):
    """A termination signal arrived during a write; raised so that cleanup runs first."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals whose default action ends the process without running any Python cleanup.
_TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise (as SIGINT already does) instead of ending the
    process at once; after it, the signal is delivered again to the handler it would have met.

    Only the main thread may set handlers; elsewhere the block runs unguarded.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    previous = {}
    for signum in _TERMINATING:
        handler = signal.getsignal(signum)
        if handler is None or handler is signal.SIG_IGN:  # ignored (SIGHUP under nohup) stays ignored
            continue
        previous[signum] = handler
        signal.signal(signum, interrupt)
    try:
        yield
    except _Signalled as signalled:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        previous = {}
        signal.raise_signal(signalled.signum)
        raise KeyboardInterrupt from None  # the previous handler returned: stop as Ctrl-C would
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def check_target(path: str | os.PathLike[str]) -> Path:
    """`path` as a Path if a graph can be written there; InputError naming the problem if not.

    `kg build` calls this before extraction starts, so a typo in the output
    folder costs a second, not the whole build.
    """
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise InputError(target, f"cannot write: directory {str(directory)!r} does not exist")
    if target.is_dir():
        raise InputError(target, "cannot write: is a directory")
    return target


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read a graph file, choosing the parser by extension; named graphs are merged into one.

    Every failure is a one-line error: InputError when there is nothing to
    parse (missing, a directory, empty, unknown extension), OntologyError when
    the content is not the format its name promises.
    """
    source, rdf_format = _graph_source(path)
    name = FORMAT_NAMES[rdf_format]
    try:
        data = source.read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot read: {error.strerror}") from error
    if not data.strip():
        raise InputError(source, "empty graph file")
    if rdf_format != "xml":  # RDF/XML declares its own encoding
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = data[error.start]
            raise OntologyError(
                f"{source}: not a valid {name} graph: not UTF-8 text "
                f"(byte 0x{bad:02x} at offset {error.start})"
            ) from error
    if rdf_format == "json-ld":
        _refuse_context_references(source, data)
    target: Graph = Dataset() if rdf_format in _QUAD_FORMATS else Graph()
    try:
        target.parse(data=data, format=rdf_format, publicID=source.resolve().as_uri())
    except Exception as error:  # parsers raise many types; all become one OntologyError
        message = _parser_message(error)
        raise OntologyError(f"{source}: not a valid {name} graph: {message}") from error
    if isinstance(target, Dataset):
        merged = Graph()
        for prefix, namespace in target.namespaces():
            merged.bind(prefix, namespace)
        for s, p, o, _ in target.quads():
            merged.add((s, p, o))
        target = merged
    return bind_prefixes(target)


def _refuse_context_references(source: Path, data: bytes) -> None:
    """Refuse a JSON-LD file whose `@context` (or a context's `@import`) names a document.

    rdflib's parser would fetch that document while parsing, from the web or
    from beside the file: graph files are read offline, and a server that never
    answers would hang the command. Contexts written in the file are fine.
    """
    try:
        document = json.loads(data)
    except RecursionError:
        raise OntologyError(f"{source}: not a valid JSON-LD graph: nested too deeply") from None
    except ValueError:
        return  # not JSON at all: the parser says where
    pending = [document]
    while pending:  # a loop, not recursion: the nesting depth is the file's to choose
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for context in value if isinstance(value, list) else [value]:
                        if isinstance(context, str):
                            raise InputError(
                                source,
                                f"JSON-LD context {context!r} is not fetched (graph files are read "
                                "offline): put the context in the file",
                            )
                pending.append(value)


def _graph_source(path: str | os.PathLike[str]) -> tuple[Path, str]:
    """A graph file to read and its format; InputError if it is missing, a folder or of no known
    format."""
    source = Path(path)
    if not source.exists():
        raise InputError(source, "does not exist")
    if source.is_dir():
        raise InputError(source, "is a directory, not a graph file")
    return source, format_for(source, reading=True)


def _parsed(path: str | os.PathLike[str]) -> tuple[Path, str, ox.QuadParser]:
    """The quads of a graph file, parsed by Oxigraph as they are read (the file is checked first)."""
    source, rdf_format = _graph_source(path)
    try:
        with source.open("rb") as handle:
            if not handle.read(4096).strip():
                raise InputError(source, "empty graph file")
        if rdf_format == "json-ld":  # Oxigraph reads JSON-LD whole anyway
            _refuse_context_references(source, source.read_bytes())
        quads = ox.parse(path=source, format=OX_FORMATS[rdf_format], base_iri=source.resolve().as_uri())
    except OSError as error:
        raise InputError(source, f"cannot read: {error.strerror}") from error
    return source, rdf_format, quads


@contextmanager
def _parser_errors(source: Path, rdf_format: str) -> Iterator[None]:
    """Oxigraph's syntax errors as one line naming the file (its message gives line and column)."""
    try:
        yield
    except SyntaxError as error:
        message = " ".join(str(error.msg or error).split())  # str() would add the file name again
        raise OntologyError(f"{source}: not a valid {FORMAT_NAMES[rdf_format]} graph: {message}") from None


@dataclass(frozen=True)
class LoadedGraph:
    """A graph file in an in-memory Oxigraph store, with the prefixes the file declares.

    Stats, validation and queries take it where they take a store
    (`kg.store.GraphStore`): both hold their Oxigraph store as `oxigraph`.
    """

    oxigraph: ox.Store
    #: prefix → namespace, as declared in the file (Turtle, TriG): for showing IRIs short
    prefixes: dict[str, str] = field(default_factory=dict)


def load_dataset(path: str | os.PathLike[str]) -> LoadedGraph:
    """A graph file parsed by Oxigraph into an in-memory store, its named graphs merged into the
    default graph (as `load_graph` merges them), for SPARQL at Oxigraph's speed.

    Errors are one line naming the file, as `load_graph`'s, with Oxigraph's
    own parser messages (which give line and column).
    """
    source, rdf_format, quads = _parsed(path)
    store = ox.Store()
    with _parser_errors(source, rdf_format):
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return LoadedGraph(store, dict(quads.prefixes))


def convert_graph_file(
    path: str | os.PathLike[str], output: str | os.PathLike[str], fmt: str | None = None
) -> Path:
    """Rewrite a graph file in another format (from `fmt` or the output's extension), streaming:
    Oxigraph parses and writes as it reads, in flat memory. A dataset written as triples gets the
    union of its graphs. The output is written atomically, so a syntax error half-way through the
    input leaves no output behind."""
    target = check_target(output)
    out_format = OX_FORMATS[format_for(fmt if fmt is not None else target)]
    source, rdf_format, quads = _parsed(path)
    items: Iterator[ox.Quad] | Iterator[ox.Triple] = quads
    if out_format not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):  # JSON-LD: one graph, as we read it
        items = (quad.triple for quad in quads)
    prefixes = _OX_PREFIXES if out_format not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) else None
    with _parser_errors(source, rdf_format):
        write_atomically(target, lambda handle: ox.serialize(items, handle, out_format, prefixes=prefixes))
    return target


_OX_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _parser_message(error: Exception) -> str:
    """One line out of whatever a parser raised, with the line number where it gives one."""
    why = getattr(error, "_why", None)  # notation3.BadSyntax (Turtle, TriG)
    if isinstance(why, str):
        # Its `lines` counter overcounts (newlines skipped twice on backtracking);
        # the offset `_i` into the text it kept as UTF-8 `_str` is exact.
        offset, source = getattr(error, "_i", None), getattr(error, "_str", None)
        if isinstance(offset, int) and isinstance(source, bytes):
            line = source.decode("utf-8", errors="replace")[:offset].count("\n") + 1
            return f"line {line}: {why}"
        lines = getattr(error, "lines", None)
        return f"line {lines + 1}: {why}" if isinstance(lines, int) else why
    if isinstance(error, IndexError):  # the notation3 parser runs off the end of a truncated file
        return "unexpected end of file"
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def check_with_oxigraph(source: str | os.PathLike[str] | bytes, fmt: str) -> int:
    """Parse `source` (a path or the bytes of a file) with pyoxigraph; return the number of quads.

    A second, independent parser (Rust, strict) proves that what rdflib
    writes is standard RDF and not merely something rdflib reads back.
    """
    name = format_for(fmt, reading=True)
    try:
        if isinstance(source, bytes):
            quads = ox.parse(source, format=OX_FORMATS[name])
        else:
            quads = ox.parse(path=os.fspath(source), format=OX_FORMATS[name])
        return sum(1 for _ in quads)
    except SyntaxError as error:
        raise OntologyError(f"not valid {FORMAT_NAMES[name]}: {error}") from error


# --------------------------------------------------------------------------- ontology and shapes


def _load_packaged(name: str) -> Graph:
    resource = files("kg.ontology").joinpath(name)
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=resource.read_bytes(), format="turtle")
    except Exception as error:  # any parser failure here means a broken install
        raise OntologyError(f"ontology/{name}: {_parser_message(error)}") from error
    return graph


def _copy(graph: Graph) -> Graph:
    copy = bind_prefixes(Graph())
    for triple in graph:
        copy.add(triple)
    return copy


@cache
def load_ontology() -> Graph:
    """The OWL ontology (ontology/kg.ttl), parsed once per process; treat it as read-only."""
    return _load_packaged("kg.ttl")


@cache
def load_shapes() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl), parsed once per process; treat it as read-only."""
    return _load_packaged("shapes.ttl")


class Violation(NamedTuple):
    """One SHACL result, as short strings: `kgr:person/x`, `rdfs:label`, the shape's message."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of `validate`: whether the graph conforms, each result, and a readable report."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


def validate(graph: Graph) -> ValidationReport:
    """Check `graph` against ontology/shapes.ttl.

    No inference and no merged ontology: the shapes check the graph exactly as
    a SPARQL consumer will see it, so a missing superclass triple is a
    violation rather than something a reasoner quietly supplies.
    """
    violations = _pyshacl_violations(graph, _copy(load_shapes()))
    return ValidationReport(
        conforms=not violations, violations=violations, text=_report_text(len(graph), violations)
    )


#: Document graphs that pySHACL checks at once (a piece: about 12,000 triples, 30 MB in rdflib).
DOCUMENTS_PER_PIECE = 25
#: Subjects of the entity layer (entities, components) checked at once, with all their triples.
SUBJECTS_PER_PIECE = 1000


def validate_dataset(
    dataset: Any, *, batch: int = DOCUMENTS_PER_PIECE, processes: int | None = 1
) -> ValidationReport:
    """Check a store (a `kg.store.GraphStore`) or a graph file loaded into Oxigraph (`load_dataset`)
    against the shapes, finding what `validate` finds on the whole graph, in bounded memory.

    A store is checked in pieces, each a set of subjects with every triple
    they have (in any graph but resolution's bookkeeping) and the classes of
    the nodes those triples point at: all that the shapes' core constraints
    look at (`_check_piece`). A subject belongs to one piece: the entity
    layer's own subjects to the entity pieces (`SUBJECTS_PER_PIECE` at a
    time), any other to the first graph that holds it, with the graphs taken
    `batch` at a time. The shapes' SPARQL constraints run in Oxigraph, once
    per target node of a piece, over the whole dataset. With `processes`
    above 1 (None: one per core) and two pieces or more for each, the pieces
    are checked in that many processes, each reading the store itself; the
    report is the same. A graph file is one piece.
    """
    oxigraph: ox.Store = getattr(dataset, "oxigraph", dataset)
    folder = getattr(dataset, "folder", None)
    if folder is None:  # a graph file: one piece
        triples = [q.triple for q in oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        return _report(len(triples), _check_piece(oxigraph, _Piece(triples, [], None)))
    work = [*_entity_work(oxigraph), *_graph_work(oxigraph, batch)]
    workers = (os.cpu_count() or 1) if processes is None else processes
    if workers <= 1 or len(work) < 2 * workers:  # a process takes as long to start as a piece to check
        results = [_check_work(item, oxigraph) for item in work]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked: a fork would copy the open database and its threads' locks
        with ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open_for_worker,
            initargs=(str(folder),),
        ) as pool:
            results = list(pool.map(_check_work, work))
    return _report(sum(n for n, _ in results), [v for _, found in results for v in found])


def _report(checked: int, violations: list[Violation]) -> ValidationReport:
    violations = sorted(violations)
    return ValidationReport(
        conforms=not violations, violations=violations, text=_report_text(checked, violations)
    )


class _Piece(NamedTuple):
    """The triples of some subjects (None: of every node, a graph file), and the classes of the
    nodes they point at, for pySHACL, whose results count for those subjects only."""

    triples: list[ox.Triple]
    classes: list[ox.Triple]
    subjects: set[Any] | None


#: A piece to build and check: the entity layer's subjects, or graphs (None: the default graph).
_Work = tuple[str, list[ox.NamedNode | ox.BlankNode | None]]
_ENTITIES = ox.NamedNode(str(KGR["graph/entities"]))
_RESOLUTION = ox.NamedNode(str(KGR["graph/resolution"]))
_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_worker_store: ox.Store | None = None


def _entity_work(oxigraph: ox.Store) -> Iterator[_Work]:
    subjects: dict[Any, None] = {}
    for quad in oxigraph.quads_for_pattern(None, None, None, _ENTITIES):
        subjects[quad.subject] = None
        if len(subjects) > SUBJECTS_PER_PIECE:  # a subject's quads are consecutive: it is complete
            last = quad.subject
            del subjects[last]
            yield "subjects", list(subjects)
            subjects = {last: None}
    if subjects:
        yield "subjects", list(subjects)


def _graph_work(oxigraph: ox.Store, batch: int) -> Iterator[_Work]:
    graphs: list[ox.NamedNode | ox.BlankNode | None] = [None]  # the default graph, empty in a store
    for graph in oxigraph.named_graphs():
        if graph not in (_ENTITIES, _RESOLUTION):
            graphs.append(graph)
            if len(graphs) == batch:
                yield "graphs", graphs
                graphs = []
    if graphs:
        yield "graphs", graphs


def _open_for_worker(folder: str) -> None:
    """A worker process's own read-only handle on the store's database (the parent holds the
    store's read lock for the whole run)."""
    global _worker_store
    _worker_store = ox.Store.read_only(folder)


def _check_work(item: _Work, oxigraph: ox.Store | None = None) -> tuple[int, list[Violation]]:
    """Build the piece `item` names and check it: (triples checked, violations)."""
    store = oxigraph if oxigraph is not None else _worker_store
    assert store is not None
    kind, names = item
    piece = _subjects_piece(store, names) if kind == "subjects" else _graphs_piece(store, names)
    return len(piece.triples), _check_piece(store, piece)


def _quads_of(store: ox.Store, subject: Any) -> list[ox.Quad]:
    return [q for q in store.quads_for_pattern(subject, None, None, None) if q.graph_name != _RESOLUTION]


def _subjects_piece(store: ox.Store, subjects: list[Any]) -> _Piece:
    """`subjects` with all their triples: an entity's mentions are in the documents' graphs."""
    triples = [q.triple for subject in subjects for q in _quads_of(store, subject)]
    return _with_classes(store, triples, set(subjects))


def _graphs_piece(store: ox.Store, graphs: list[Any]) -> _Piece:
    """The subjects first found in `graphs` (not in the entity layer), with all their triples."""
    owned: set[Any] = set()
    triples: list[ox.Triple] = []
    for graph in graphs:
        where = ox.DefaultGraph() if graph is None else graph
        previous = None
        for quad in store.quads_for_pattern(None, None, None, where):
            subject = quad.subject
            if subject == previous:  # a graph's quads come by subject
                continue
            previous = subject
            if subject in owned or next(store.quads_for_pattern(subject, None, None, _ENTITIES), None):
                continue
            quads = _quads_of(store, subject)
            elsewhere = {q.graph_name for q in quads} - {where}
            if elsewhere and min(map(str, elsewhere)) < str(where):
                continue  # the first graph that holds it (by name) checks it
            owned.add(subject)
            triples += [q.triple for q in quads]
    return _with_classes(store, triples, owned)


def _with_classes(store: ox.Store, triples: list[ox.Triple], subjects: set[Any]) -> _Piece:
    """`triples` with the classes of the nodes they point at (sh:class and the sh:or of classes
    look them up) and every rdfs:subClassOf triple (sh:class and sh:targetClass follow them)."""
    classes = [
        q.triple for q in store.quads_for_pattern(None, _SUBCLASS, None, None) if q.graph_name != _RESOLUTION
    ]
    seen = set(subjects)
    for triple in triples:
        node = triple.object
        if node not in seen and isinstance(node, ox.NamedNode | ox.BlankNode):
            seen.add(node)
            classes += [
                q.triple
                for q in store.quads_for_pattern(node, _TYPE, None, None)
                if q.graph_name != _RESOLUTION
            ]
    return _Piece(triples, classes, subjects)


def _check_piece(store: ox.Store, piece: _Piece) -> list[Violation]:
    """pySHACL's core results for the piece's subjects, and the SPARQL constraints' for its targets."""
    looked_at = _predicates_looked_at()
    triples = [t for t in [*piece.triples, *piece.classes] if t.predicate in looked_at]
    graph = _as_graph(triples)
    focus = None if piece.subjects is None else {to_rdflib(s) for s in piece.subjects}
    violations = _pyshacl_violations(graph, _core_shapes(), focus)
    for alternatives in _class_or_datatype_alternatives():
        violations += alternatives.check(graph, focus)
    if piece.subjects is None:
        targets_store = store  # a graph file: the piece is the dataset
    else:
        targets_store = ox.Store()
        targets_store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    for constraint in _sparql_constraints():
        rows: Any = targets_store.query(constraint.targets)
        for row in rows:
            node = row["this"]
            if piece.subjects is None or node in piece.subjects:
                violations += constraint.check(store, node)
    return violations


@cache
def _predicates_looked_at() -> frozenset[ox.NamedNode]:
    """The predicates of the triples the core shapes and the SPARQL constraints' targets read: rdf:type
    and rdfs:subClassOf (targets, sh:class), the properties' paths, sh:targetSubjectsOf and
    sh:lessThanOrEquals. The rest of a piece (a third of a store: the entity links' own
    properties) only slowed pySHACL down. tests/test_store.py's PIECE_SAFE keeps out constraints
    that would read other triples (sh:closed)."""
    shapes = load_shapes()
    found = {RDF.type, RDFS.subClassOf}
    for parameter in (SH.path, SH.targetSubjectsOf, SH.lessThanOrEquals):
        found.update(p for p in shapes.objects(None, parameter) if isinstance(p, URIRef))
    return frozenset(ox.NamedNode(str(p)) for p in found)


@dataclass(frozen=True)
class _SparqlConstraint:
    """One sh:sparql constraint of the shapes, run in Oxigraph one target node at a time."""

    select: str
    #: a query for the shape's target nodes
    targets: str
    message: str
    severity: str

    def check(self, store: ox.Store, node: Any) -> list[Violation]:
        """The constraint's results for `node`: its query over the whole dataset with $this
        pre-bound to `node` (SHACL's pre-binding is SPARQL's substitution, SEP-0007)."""
        rows: Any = store.query(
            self.select,
            prefixes=_OX_PREFIXES,
            use_default_graph_as_union=True,  # resolution's bookkeeping holds no triple these look at
            substitutions={_THIS: node},
        )
        names = _default_names()
        has_path = "path" in [v.value for v in rows.variables]
        return [
            Violation(
                focus=_short(to_rdflib(node), names),
                path=_short(to_rdflib(row["path"]), names) if has_path and row["path"] is not None else "",
                message=self.message,
                severity=self.severity,
            )
            for row in rows
        ]


_THIS = ox.Variable("this")


@cache
def _sparql_constraints() -> list[_SparqlConstraint]:
    shapes = load_shapes()
    names = _names()
    found = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        targets = [
            f"{{ ?this <{RDF.type}>/<{RDFS.subClassOf}>* <{c}> }}"
            for c in shapes.objects(shape, SH.targetClass)
        ]
        targets += [f"{{ ?this <{p}> ?object }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
        severity = shapes.value(shape, SH.severity) or SH.Violation
        found.append(
            _SparqlConstraint(
                select=str(shapes.value(constraint, SH.select)),
                targets="SELECT DISTINCT ?this WHERE { " + " UNION ".join(targets) + " }",
                message=str(shapes.value(constraint, SH.message) or "(no message)"),
                severity=_short(URIRef(str(severity)), names).removeprefix("sh:"),
            )
        )
    return found


def _pyshacl_violations(graph: Graph, shapes: Graph, focus: set[Node] | None = None) -> list[Violation]:
    """pySHACL's results on `graph` (for the nodes in `focus` only, if given) as Violations.

    The whole piece is validated and the results kept for `focus`: a node's
    results do not depend on which other nodes are checked, and pySHACL's
    own focus_nodes made a piece of 100 documents six times slower (28 s
    against 4.7 s, on the benchmark's store).
    """
    import pyshacl  # slow to import; only `kg validate` needs it

    conforms, results, results_text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    if not isinstance(results, Graph):  # pyshacl reports broken shapes this way, not by raising
        raise OntologyError(f"ontology/shapes.ttl: {' '.join(str(results_text).split())}")
    names = _names(graph)
    return sorted(
        Violation(
            focus=_short(results.value(result, SH.focusNode), names),
            path=_short(results.value(result, SH.resultPath), names),
            message=str(results.value(result, SH.resultMessage) or "(no message)"),
            severity=_short(results.value(result, SH.resultSeverity), names).removeprefix("sh:"),
        )
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if focus is None or results.value(result, SH.focusNode) in focus
    )


@cache
def _default_names() -> NamespaceManager:
    """The project's prefixes, for reports; read-only."""
    return _names()


def _names(graph: Graph | None = None) -> NamespaceManager:
    names = bind_prefixes(Graph()).namespace_manager
    for prefix, namespace in graph.namespaces() if graph is not None else ():
        if prefix and prefix not in dict(names.namespaces()):
            names.bind(prefix, namespace)
    return names


@cache
def _core_shapes() -> Graph:
    """The shapes without their SPARQL constraints (which Oxigraph runs) and the sh:or of classes
    or datatypes that `_Alternatives` checks; read-only."""
    shapes = _copy(load_shapes())
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        shapes.remove((shape, SH.sparql, constraint))
    for alternatives in _class_or_datatype_alternatives():
        shapes.remove((alternatives.shape, SH["or"], alternatives.members))
    return shapes


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = URIRef(f"{_XSD}string")
#: The Python values rdflib gives a well-formed literal of these datatypes (pySHACL's test of
#: sh:datatype; other datatypes need only the IRI to match).
_DATATYPE_VALUES: dict[str, type | tuple[type, ...]] = {
    f"{_XSD}string": (str, bytes),
    str(RDF.langString): (str, bytes),
    f"{_XSD}integer": int,
    f"{_XSD}decimal": Decimal,
    f"{_XSD}float": float,
    f"{_XSD}boolean": bool,
    f"{_XSD}date": date,
    f"{_XSD}time": time,
    f"{_XSD}dateTime": datetime,
}


@dataclass(frozen=True)
class _Alternatives:
    """An sh:or whose members each say one sh:class or one sh:datatype, checked here as pySHACL
    checks it (same results), without pySHACL's cost: it checks every member for every value node
    and builds a full result for each member that fails, to throw it away (half its time on a piece).
    """

    shape: Node
    members: Node
    #: the node shape whose targets are the focus nodes (the shape itself, or the one holding it)
    targets_class: tuple[URIRef, ...]
    targets_subjects_of: tuple[URIRef, ...]
    path: URIRef | None
    classes: tuple[URIRef, ...]
    datatypes: tuple[URIRef, ...]
    message: str
    severity: str

    def check(self, graph: Graph, focus: set[Node] | None) -> list[Violation]:
        """The results for the focus nodes of `graph` (those in `focus`, if given): one for each
        value node that no member accepts."""
        nodes: set[Node] = set()
        for target in self.targets_class:
            for cls in graph.transitive_subjects(RDFS.subClassOf, target):
                nodes.update(graph.subjects(RDF.type, cls))
        for predicate in self.targets_subjects_of:
            nodes.update(graph.subjects(predicate, None))
        names = _default_names()
        found = []
        for node in nodes if focus is None else nodes & focus:
            values = [node] if self.path is None else list(graph.objects(node, self.path))
            for value in values:
                if not any(self._has_class(graph, value, c) for c in self.classes) and not any(
                    self._has_datatype(value, d) for d in self.datatypes
                ):
                    found.append(
                        Violation(
                            focus=_short(node, names),
                            path=_short(self.path, names),
                            message=self.message,
                            severity=self.severity,
                        )
                    )
        return found

    @staticmethod
    def _has_class(graph: Graph, value: Node, cls: URIRef) -> bool:
        """sh:class: an rdf:type of `value` is `cls` or under it by rdfs:subClassOf."""
        if isinstance(value, Literal):
            return False
        return any(
            cls in graph.transitive_objects(kind, RDFS.subClassOf) for kind in graph.objects(value, RDF.type)
        )

    @staticmethod
    def _has_datatype(value: Node, datatype: URIRef) -> bool:
        """sh:datatype as pySHACL tests it: the IRI matches and the literal is well-formed; every
        literal is an rdfs:Literal, a plain one an xsd:string, a tagged one an rdf:langString."""
        if not isinstance(value, Literal):
            return False
        if value.datatype == datatype:
            return getattr(value, "ill_typed", None) is not True and _holds_value_of(value, datatype)
        if datatype == RDFS.Literal or (datatype == RDFS.Datatype and value.datatype):
            return True
        if value.datatype is None and value.language is None and datatype == _XSD_STRING:
            return _holds_value_of(value, datatype)
        if datatype == RDF.langString and value.language:
            return _holds_value_of(value, datatype)
        return False


def _holds_value_of(value: Literal, datatype: URIRef) -> bool:
    wanted = _DATATYPE_VALUES.get(str(datatype))
    return wanted is None or isinstance(value.value, wanted)


@cache
def _class_or_datatype_alternatives() -> list[_Alternatives]:
    """The shapes' sh:or whose members each hold one sh:class or one sh:datatype and nothing else,
    on a shape with one sh:message whose focus nodes come from sh:targetClass or sh:targetSubjectsOf
    (any other sh:or is left to pySHACL)."""
    shapes = load_shapes()
    names = _names()
    found = []
    for shape, members in shapes.subject_objects(SH["or"]):
        holders = list(shapes.subjects(SH.property, shape))
        path = shapes.value(shape, SH.path)
        if path is None and not holders:
            holder = shape
        elif isinstance(path, URIRef) and len(holders) == 1:
            holder = holders[0]
        else:
            continue
        classes: list[URIRef] = []
        datatypes: list[URIRef] = []
        for member in Collection(shapes, members):
            said = list(shapes.predicate_objects(member))
            if len(said) != 1 or not isinstance(said[0][1], URIRef):
                break
            (predicate, value), kind = said[0], None
            kind = classes if predicate == SH["class"] else datatypes if predicate == SH.datatype else None
            if kind is None:
                break
            kind.append(URIRef(str(value)))
        else:
            messages = list(shapes.objects(shape, SH.message))
            targets = {p for p, _ in shapes.predicate_objects(holder) if "target" in str(p)}
            if len(messages) != 1 or not targets <= {SH.targetClass, SH.targetSubjectsOf}:
                continue
            if (holder, RDF.type, RDFS.Class) in shapes or shapes.value(shape, SH.deactivated) is not None:
                continue
            severity = shapes.value(shape, SH.severity) or SH.Violation
            found.append(
                _Alternatives(
                    shape=shape,
                    members=members,
                    targets_class=tuple(shapes.objects(holder, SH.targetClass)),  # type: ignore[arg-type]
                    targets_subjects_of=tuple(shapes.objects(holder, SH.targetSubjectsOf)),  # type: ignore[arg-type]
                    path=path if isinstance(path, URIRef) else None,
                    classes=tuple(classes),
                    datatypes=tuple(datatypes),
                    message=str(messages[0]),
                    severity=_short(URIRef(str(severity)), names).removeprefix("sh:"),
                )
            )
    return found


def _as_graph(triples: Iterable[ox.Triple]) -> Graph:
    graph = bind_prefixes(Graph())
    terms: dict[Any, Node] = {}  # predicates, classes and entities recur: convert each once

    def term(node: Any) -> Node:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_rdflib(node)
        return found

    for triple in triples:
        graph.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return graph


def _short(node: Node | None, names: NamespaceManager) -> str:
    """A compact form of a term for reports: a prefixed name where a bound prefix fits."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return shorten(node, names)
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return str(node)
    return str(node)


def shorten(iri: URIRef, names: NamespaceManager) -> str:
    """`kgr:person/kim` for an IRI under a bound namespace (longest match), else the full IRI.

    rdflib's own qname() invents `ns1:` prefixes and refuses local parts with
    `/`; for reading output a display form that keeps the slash is clearer.
    """
    text = str(iri)
    best = ""
    best_prefix = ""
    for prefix, namespace in names.namespaces():
        ns = str(namespace)
        if prefix and text.startswith(ns) and len(ns) > len(best) and len(text) > len(ns):
            best, best_prefix = ns, prefix
    if best and not re.search(r"[\s<>\"{}|^`\\]", text[len(best) :]):
        return f"{best_prefix}:{text[len(best) :]}"
    return text


def _report_text(checked: int, violations: list[Violation]) -> str:
    """Results grouped by message, most frequent first, with a few focus nodes each."""
    if not violations:
        return f"The graph conforms to the shapes ({checked} triples checked)."
    counts = Counter(v.message for v in violations)
    by_message: dict[str, list[Violation]] = defaultdict(list)
    for violation in violations:
        by_message[violation.message].append(violation)
    severities = Counter(v.severity for v in violations)
    summary = ", ".join(
        f"{n} {kind.lower()}{'s' if n != 1 else ''}" for kind, n in sorted(severities.items())
    )
    lines = [f"The graph does not conform: {summary} ({checked} triples checked)."]
    shown = 5
    for message, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        items = by_message[message]
        lines.append(f"  {count} × [{items[0].severity}] {message}")
        for item in items[:shown]:
            where = f"{item.focus} {item.path}".rstrip()
            lines.append(f"      {where}")
        if count > shown:
            lines.append(f"      … and {count - shown} more")
    return "\n".join(lines)
