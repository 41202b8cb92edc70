"""query: read-only SPARQL over a graph, with the project's prefixes bound and tidy results.

`kg query` is for asking questions of a graph file, so anything that would
change a graph (SPARQL Update) or reach beyond it (SERVICE, FROM) is refused
before rdflib sees it. Prefixes `kg:`, `kgr:`, `schema:`, `rdfs:` ... are
pre-bound, so a one-line query needs no PREFIX lines.

Queries may come from strangers (`kg serve`), so a query is also bounded
before any parser sees it: its length, and how deeply its brackets nest (the
parsers recurse once per level: rdflib runs out of Python stack at about 35
levels, Oxigraph out of C stack, a crash, a few thousand levels deep). With a
timeout, a query runs in a child process that is killed when time is up.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from pyparsing import ParseException
from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import BNode, Literal, Node, URIRef, Variable

from kg.deadline import call_with_timeout
from kg.errors import InputError, QueryError
from kg.export import shorten
from kg.namespaces import PREFIXES, bind_prefixes, display_names

UPDATE_REFUSED = "update requests are refused: kg query is read-only"
REMOTE_REFUSED = "SERVICE and FROM clauses are refused: kg query reads only the given graph"
SERVICE_REFUSED = "SERVICE clauses are refused: the endpoint answers from its own store only"
LOAD_REFUSED = "LOAD and SERVICE are refused: the endpoint never fetches data from another server"
QUERY_SUFFIXES = (".rq", ".sparql")
#: Longer queries are refused: rdflib takes about 0.3 s to parse 100,000 characters.
MAX_QUERY_CHARS = 100_000
#: Deeper nesting of { }, ( ) and [ ] is refused (see the module docstring).
MAX_NESTING = 30
#: When rdflib's parser runs out of stack below MAX_NESTING levels (nested expressions cost more).
TOO_DEEP = "query nested too deeply for the SPARQL parser: nest fewer brackets"


class RefusedQuery(QueryError):
    """A well-formed request that is refused on purpose: an update to a read-only graph, or remote data."""


class RefusedUpdate(RefusedQuery):
    """An update where a query was expected."""


# The first keyword after the prologue (BASE/PREFIX and comments) of an update request.
_UPDATE_START = re.compile(
    r"^(?:\s|#[^\n]*\n|(?:BASE\s*<[^>]*>)|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>))*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)

_COMMENT = re.compile(r"#[^\n]*")

# What may hold brackets and keywords that are not the query's own: strings, IRIs (with \u escapes),
# comments. An IRI holds no spaces or brackets, so `?a < ?b` is never mistaken for one. An unclosed
# string runs to the end of its line (or, triple-quoted, of the text), so no input makes the scan
# quadratic. A `#` that is not a comment to Oxigraph must not be one here, or the rest of its line
# would go unchecked: hence the escapes.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.?|"(?!""))*(?:"""|\Z)'
    r"|'''(?:[^'\\]|\\.?|'(?!''))*(?:'''|\Z)"
    r'|"(?:[^"\\\n\r]|\\.?)*(?:"|(?=[\n\r])|\Z)'
    r"|'(?:[^'\\\n\r]|\\.?)*(?:'|(?=[\n\r])|\Z)"
    r'|<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>'
    r"|\\."  # an escaped character in a prefixed name (ex:a\#b): no comment starts there
    r"|#[^\n\r]*"
)
_BRACKET = re.compile(r"[{}()\[\]]")
# A bare keyword, not part of a variable (?service), a prefixed name (ex:service, service:x) or a longer word.
_KEYWORD = r"(?<![\w?$:-]){}(?![\w:-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_LOAD = re.compile(_KEYWORD.format("LOAD"), re.IGNORECASE)


@dataclass(frozen=True)
class QueryResult:
    """What a query returned, both as rdflib terms (for JSON and CSV) and as display values.

    `rows` holds Python values (str, int, Decimal, date, bool) with IRIs
    shortened by the graph's prefixes (`kgr:person/kim`), ready for a table;
    `terms` keeps the original terms so that the standard result formats stay
    exact. For ASK, `vars` is ("ask",) and `boolean` is set; for CONSTRUCT and
    DESCRIBE, `graph` holds the result and `rows` its triples.
    """

    kind: str
    vars: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    terms: list[tuple[Node | None, ...]] = field(repr=False)
    boolean: bool | None = None
    graph: Graph | None = field(default=None, repr=False)

    def to_table(self, title: str | None = None, width: int | None = None) -> Any:
        """A rich renderable of the rows, one line per value; empty cells for unbound variables.

        Cells never wrap: a sentence wrapped into a column of a narrow terminal
        makes each row tens of lines tall. With `width` (the terminal's), the
        widest columns are capped first, and cut with an ellipsis, until the
        table fits, so short columns (prefixed IRIs, numbers) stay whole; when
        even that cannot fit, each result is shown as a block of `variable
        value` lines instead. Values are plain text, never rich markup.
        """
        from rich.table import Table
        from rich.text import Text

        cells = [[_one_line(value) for value in row] for row in self.rows]
        natural = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(self.vars)]
        cap = None if width is None else _column_cap(natural, width)
        if cap is not None and cap < _MIN_COLUMN:
            assert width is not None
            return self._to_blocks(cells, title, width)
        table = Table(title=None if title is None else Text(title))
        for name, size in zip(self.vars, natural, strict=True):
            limit = cap if cap is not None and size > cap else None
            table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=limit)  # names are \w+
        for row in cells:
            table.add_row(*(Text(value) for value in row))
        return table

    def _to_blocks(self, cells: list[list[str]], title: str | None, width: int) -> Any:
        """One block of `variable  value` lines per result, for results too wide for a table."""
        from rich.table import Table
        from rich.text import Text

        names = max(len(name) for name in self.vars)
        table = Table(
            title=None if title is None else Text(title),
            caption=f"{len(cells)} result(s) of {len(self.vars)} variables, one block each",
            show_header=False,
        )
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True, overflow="ellipsis", max_width=max(_MIN_COLUMN, width - names - 7))
        for number, row in enumerate(cells):
            if number:
                table.add_section()
            bound = [(name, value) for name, value in zip(self.vars, row, strict=True) if value]
            for name, value in bound or [("", "(no values)")]:
                table.add_row(Text(name), Text(value))
        return table

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV results: full IRIs, lexical forms and CRLF line ends, as the spec says."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.vars)
        if self.boolean is not None:
            writer.writerow(["true" if self.boolean else "false"])
        for row in self.terms:
            writer.writerow(["" if term is None else _csv_value(term) for term in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """SPARQL 1.1 JSON results for SELECT and ASK; JSON-LD for CONSTRUCT and DESCRIBE."""
        if self.graph is not None:
            return self.graph.serialize(format="json-ld", indent=2)
        if self.boolean is not None:
            document: dict[str, Any] = {"head": {}, "boolean": self.boolean}
        else:
            bindings = [
                {
                    name: _json_term(term)
                    for name, term in zip(self.vars, row, strict=True)
                    if term is not None
                }
                for row in self.terms
            ]
            document = {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False)


def _one_line(value: Any) -> str:
    """A table cell: the value's text with newlines and runs of spaces collapsed, controls escaped."""
    from kg.terminal import printable

    return "" if value is None else printable(" ".join(str(value).split()))


#: Narrower columns than this are unreadable: results that need them are shown as blocks.
_MIN_COLUMN = 12


def _column_cap(natural: list[int], width: int) -> int | None:
    """The largest column width at which columns of `natural` widths fit in `width`; None if all fit.

    A rich table with the default box spends 3 characters per column (padding
    and a border) and 1 for the last border. 0 means nothing fits.
    """
    budget = width - 3 * len(natural) - 1
    if sum(natural) <= budget:
        return None
    cap = max(natural)
    while cap > 0 and sum(min(size, cap) for size in natural) > budget:
        cap -= 1
    return cap


def _csv_value(term: Node) -> str:
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _display(term: Node | None, names: NamespaceManager) -> Any:
    """The value a person wants in a table: a short IRI, or the literal's Python value."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return shorten(term, names)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        # toPython returns the Literal itself for datatypes it does not know
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def prepare(query: str, *, from_clauses: bool = False) -> Query:
    """Parse and translate `query`, refusing updates and remote data; QueryError on bad syntax.

    Parsing as a query first and then as an update tells "you asked to change
    the graph" apart from "you made a typo"; an update that does not even
    parse is still recognised by its first keyword. With `from_clauses`, FROM
    and FROM NAMED are allowed: Oxigraph (a store, the endpoint) reads them as
    graphs of the store, where rdflib would fetch them from the web. SERVICE
    is refused twice over, in the parsed query and as a keyword in the text,
    so that no difference between rdflib's parser and the engine's lets one
    through.
    """
    if not _COMMENT.sub("", query).strip():
        raise QueryError("empty query: give SELECT, ASK, CONSTRUCT or DESCRIBE")
    code = _bounded(query)
    remote = SERVICE_REFUSED if from_clauses else REMOTE_REFUSED
    if _SERVICE.search(code):
        raise RefusedQuery(remote)
    try:
        parsed = parseQuery(query)
    except ParseException as error:
        if _UPDATE_START.match(query) or _parses_as_update(query):
            raise RefusedUpdate(UPDATE_REFUSED) from None
        raise QueryError(_syntax_message(error)) from None
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    try:
        translated = translateQuery(parsed, initNs={p: str(ns) for p, ns in PREFIXES.items()})
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    except Exception as error:  # rdflib raises bare Exception for unknown prefixes and such
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
    if (not from_clauses and "datasetClause" in parsed[1]) or _uses(translated.algebra, _REMOTE_PARTS):
        raise RefusedQuery(remote)
    if parsed[1].name == "SelectQuery" and "projection" not in parsed[1]:
        _order_star_variables(translated, query)
    return translated


def check_update(update: str) -> None:
    """Check a SPARQL update for the writable endpoint; QueryError if malformed, RefusedQuery if remote.

    The same bounds as a query apply; LOAD and SERVICE, the two ways an update
    makes the server fetch from another address, are refused.
    """
    code = _bounded(update)
    if _SERVICE.search(code) or _LOAD.search(code):
        raise RefusedQuery(LOAD_REFUSED)
    try:
        parsed = parseUpdate(update)
    except ParseException as error:
        raise QueryError(_syntax_message(error)) from None
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    if "request" not in parsed:  # nothing but comments and PREFIX lines
        raise QueryError("empty update: give INSERT, DELETE, CLEAR, DROP ...")
    try:
        operations = translateUpdate(parsed, initNs={p: str(ns) for p, ns in PREFIXES.items()}).algebra
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    except Exception as error:  # as in prepare: unknown prefixes and such
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
    if any(_uses(operation, _REMOTE_PARTS | {"Load"}) for operation in operations):
        raise RefusedQuery(LOAD_REFUSED)


def _bounded(text: str) -> str:
    """`text` with strings, IRIs and comments blanked, once it is known to be short and shallow enough."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(text):,} characters, the limit is {MAX_QUERY_CHARS:,}")
    code = _OPAQUE.sub(" ", text)
    depth = deepest = 0
    for bracket in _BRACKET.findall(code):
        depth += 1 if bracket in "{([" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise QueryError(f"query nested too deeply: {deepest} levels of brackets, the limit is {MAX_NESTING}")
    return code


_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\ufffd]+)")


def _order_star_variables(query: Query, text: str) -> None:
    """Give `SELECT *` columns in the order the variables first appear in the query.

    rdflib collects them in a set, so without this the column order of the
    same query changed from one run to the next (string hashing is salted).
    """
    first: dict[str, int] = {}
    for match in _VARIABLE.finditer(text):
        first.setdefault(match.group(1), match.start())
    variables = query.algebra["PV"]
    query.algebra["PV"] = sorted(variables, key=lambda v: (first.get(str(v), len(text)), str(v)))


def _parses_as_update(text: str) -> bool:
    try:
        parsed = parseUpdate(text)
    except (ParseException, RecursionError):
        return False
    # an empty request (nothing but comments or PREFIX lines) is a valid, empty update
    return "request" in parsed


def _syntax_message(error: ParseException) -> str:
    near = error.line[error.col - 1 :].strip()
    near = near if len(near) <= 40 else near[:37] + "..."
    where = f"line {error.lineno}, column {error.col}"
    return f"SPARQL syntax error at {where}: {error.msg}" + (
        f" (near {near!r})" if near else " (at the end of the query)"
    )


#: Algebra nodes that make the engine fetch from another address.
_REMOTE_PARTS = frozenset({"ServiceGraphPattern"})


def _uses(algebra: Any, names: frozenset[str] | set[str]) -> bool:
    """Whether the algebra holds a node of one of these names."""
    found: list[bool] = []

    def visit(node: Any) -> None:
        if getattr(node, "name", None) in names:
            found.append(True)

    traverse(algebra, visitPre=visit)
    return bool(found)


def run_query(graph: Graph, query: str, *, timeout: float | None = None) -> QueryResult:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) on `graph`.

    With `timeout` (seconds), the query runs in a child process that is
    killed when time is up, and QueryError says it was cancelled.
    """
    if timeout is not None:
        return _cancellable(run_query, graph, query, timeout=timeout)
    prepared = prepare(query)
    names = display_names(graph.namespaces())
    result = _evaluate(graph, prepared)
    kind = str(result.type)
    if kind == "ASK":
        answer = bool(result.askAnswer)
        return QueryResult(kind, ("ask",), [(answer,)], [], boolean=answer)
    if kind in ("CONSTRUCT", "DESCRIBE"):
        out = bind_prefixes(Graph())
        for triple in result:
            out.add(triple)  # type: ignore[arg-type]
        return _graph_result(kind, out, names)
    variables = tuple(str(v) for v in (result.vars or []))
    terms: list[tuple[Node | None, ...]] = [
        tuple(row.get(Variable(name)) for name in variables)  # type: ignore[union-attr]
        for row in result.bindings
    ]
    rows = [tuple(_display(term, names) for term in row) for row in terms]
    return QueryResult(kind, variables, rows, terms)


def _evaluate(graph: Graph, prepared: Query) -> Result:
    """rdflib's answer to `prepared`, evaluated here, where its failures become one-line QueryErrors.

    A valid query can still fail in rdflib's evaluator, which raises what it
    happens to (`VALUES ?x {}` an AttributeError, `GRAPH ?g {...}` on a plain
    graph a bare Exception); SELECT results are lazy, so they are drawn here.
    """
    try:
        result = graph.query(prepared)
        if result.type == "SELECT":
            _ = result.bindings
    except Exception as error:  # whatever the evaluator raised, the query could not be answered
        raise QueryError(f"SPARQL error: {' '.join(str(error).split()) or type(error).__name__}") from None
    return result


def _graph_result(kind: str, out: Graph, names: NamespaceManager) -> QueryResult:
    """The result of a CONSTRUCT or DESCRIBE: its triples, sorted, as rows and as a graph."""
    triples = sorted(out)
    return QueryResult(
        kind,
        ("subject", "predicate", "object"),
        [tuple(_display(term, names) for term in triple) for triple in triples],
        [tuple(triple) for triple in triples],
        graph=out,
    )


def query_graph_file(
    path: str | os.PathLike[str], query: str, *, timeout: float | None = None
) -> QueryResult:
    """Run a read-only SPARQL query on a graph file, as `run_store_query` runs one on a store.

    Oxigraph parses the file into memory (`kg.export.load_dataset`) and
    evaluates the query: a file of 65,000 triples takes a fraction of a
    second where rdflib took seconds, nearly all of them parsing. Named graphs
    are merged, as `run_query` sees them. With `timeout`, the query (not the
    parse) runs in a child process that is killed when time is up.
    """
    from kg.export import load_dataset

    loaded = load_dataset(path)
    if timeout is not None:
        return _cancellable(run_store_query, loaded, query, timeout=timeout)
    return run_store_query(loaded, query)


def query_store(path: str | os.PathLike[str], query: str, *, timeout: float | None = None) -> QueryResult:
    """Run a read-only SPARQL query on the store in folder `path`, as `run_store_query` does.

    With `timeout`, the store is checked here and its published generation
    kept (no write permission needed, an ingest may run meanwhile), then
    opened and queried in a child process that is killed when time is up: a
    database opened before a fork must not be used after it.
    """
    if timeout is None:
        return _query_store_at(path, query)
    from kg.store import published

    with published(path):
        return _cancellable(_query_store_at, path, query, timeout=timeout)


def _query_store_at(path: str | os.PathLike[str], query: str) -> QueryResult:
    from kg.store import open_store

    with open_store(path) as opened:
        return run_store_query(opened, query)


def _cancellable(function: Callable[..., QueryResult], *args: Any, timeout: float) -> QueryResult:
    """`function(*args)` in a child process with a time limit; QueryError when it is cancelled."""
    try:
        return call_with_timeout(function, *args, timeout=timeout)
    except TimeoutError:
        raise QueryError(f"query cancelled after {timeout:g} s: it ran longer than the time limit") from None
    except ChildProcessError as error:
        raise QueryError(f"query failed: {error}") from None


def run_store_query(store: Any, query: str) -> QueryResult:
    """Run a read-only SPARQL query on a `kg.store.GraphStore` (or a graph file loaded by
    `kg.export.load_dataset`), over the union of its graphs.

    The same checks as `run_query` apply (rdflib parses the query first);
    Oxigraph evaluates it, so a large store answers without being loaded.
    Oxigraph gives literals of numeric types in their canonical form ("1"
    for a decimal written "1.0").
    """
    from kg.terms import to_rdflib

    prepared = prepare(query)
    names = display_names(getattr(store, "prefixes", {}).items())
    try:
        result = store.oxigraph.query(
            query, prefixes={p: str(ns) for p, ns in PREFIXES.items()}, use_default_graph_as_union=True
        )
    except SyntaxError as error:
        raise QueryError(f"SPARQL error: {' '.join(str(error).split())}") from None
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        answer = bool(result)
        return QueryResult("ASK", ("ask",), [(answer,)], [], boolean=answer)
    if type(result).__name__ == "QueryTriples":
        out = bind_prefixes(Graph())
        for triple in result:
            out.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        kind = (
            "DESCRIBE" if re.search(r"\bDESCRIBE\b", _COMMENT.sub("", query), re.IGNORECASE) else "CONSTRUCT"
        )
        return _graph_result(kind, out, names)
    variables = tuple(v.value for v in result.variables)
    ordered = tuple(str(v) for v in prepared.algebra.get("PV") or ())
    if sorted(ordered) == sorted(variables):  # SELECT *: Oxigraph sorts the columns by name
        variables = ordered
    terms: list[tuple[Node | None, ...]] = [
        tuple(None if row[name] is None else to_rdflib(row[name]) for name in variables) for row in result
    ]
    rows = [tuple(_display(term, names) for term in row) for row in terms]
    return QueryResult("SELECT", variables, rows, terms)


def read_query(text_or_path: str | os.PathLike[str]) -> str:
    """The text of a query given inline, as a path to a .rq/.sparql file, or as an example's name.

    Only a single-line argument ending in .rq or .sparql is taken as a path, so
    query text is never mistaken for a file name; such a path must exist,
    unless it names an example query ("punishments.rq"). A single bare word
    ("punishments") is an example query's name, since no query is one word.
    """
    if isinstance(text_or_path, os.PathLike):
        return _read_query_file(Path(text_or_path))
    text = text_or_path
    candidate = text.strip()
    if "\n" not in candidate and candidate.lower().endswith(QUERY_SUFFIXES):
        path = Path(candidate)
        if not path.exists() and candidate.removesuffix(".rq") in example_queries():
            return load_example_query(candidate)
        return _read_query_file(path)
    if _EXAMPLE_NAME.fullmatch(candidate):
        return load_example_query(candidate)
    return text


_EXAMPLE_NAME = re.compile(r"[A-Za-z][\w-]*")


def _read_query_file(path: Path) -> str:
    if not path.is_file():
        raise InputError(path, "does not exist" if not path.exists() else "is not a file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (byte offset {error.start})") from error
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from error


def example_queries() -> list[str]:
    """Names of the example queries shipped in ontology/queries (without .rq)."""
    folder = files("kg.ontology").joinpath("queries")
    return sorted(entry.name[:-3] for entry in folder.iterdir() if entry.name.endswith(".rq"))


def load_example_query(name: str) -> str:
    """The text of ontology/queries/NAME.rq; `name` may carry the .rq suffix."""
    stem = name.removesuffix(".rq")
    names = example_queries()
    if stem not in names:
        raise QueryError(f"no example query {stem!r}; choose one of: {', '.join(names)}")
    return files("kg.ontology").joinpath("queries", f"{stem}.rq").read_text(encoding="utf-8")
