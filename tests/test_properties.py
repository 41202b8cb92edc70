"""Properties that hold for any input, with the inputs written by hypothesis.

Any Unicode in documents, ids and names: `kg build` writes a graph whose
Turtle parses in Oxigraph, keeps every id and passes `kg validate`, or, for a
JSON Lines file no UTF-8 text could be, fails with one line naming the file
and line, with nothing in it a terminal would act on. Any query string gets an
answer that prints in every result format, or a one-line `KgError`.

Example counts are small and deadlines off (spaCy's speed varies on a shared
machine); the pipeline loads once for the module.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rich.console import Console
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError, QueryError
from kg.pipeline import load_pipeline
from kg.query import QueryResult, run_query
from kg.terminal import printable

ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "200"}
DOC_ID = "https://w3id.org/kg-news/ontology#docId"
BUILDS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUERIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- documents, ids, names

#: Any character a UTF-8 file can hold: controls, format characters, unassigned code points.
UNICODE = st.characters(codec="utf-8")
#: Letters and marks of any script, digits, dashes, apostrophes and dots, spaces of any kind.
NAME_PART = st.text(st.characters(categories=("L", "M", "Nd", "Pd", "Po", "Zs")), min_size=1, max_size=10)
NAMES = st.lists(NAME_PART, min_size=1, max_size=3).map(
    lambda parts: " ".join(p[:1].upper() + p[1:] for p in parts)
)

#: Sentences of the kinds the rules read, with a name (or two) hypothesis writes.
SENTENCES = (
    "Swiss sprinter {a} may face a ban, according to Reuters.",
    "Kenyan sprinter {a} was banned for four years by the Athletics Integrity Unit.",
    "{a}, a Canadian swimmer, won silver in the 200 metres at the Paris 2024 Olympics.",
    "North Korean table tennis players {a} and {b} may face disciplinary action.",
    "{a}, who plays for {b}, was fined by the {b} Football Association.",
    "{b}'s head coach {a} was suspended for six matches.",
    "Rovers: {a}, {b} (capt). Subs not used: {a}.",
)
SENTENCE = st.builds(
    lambda template, a, b: template.format(a=a, b=b), st.sampled_from(SENTENCES), NAMES, NAMES
)
#: A document: sentences with names and stretches of any Unicode, between spaces and line breaks.
TEXT = (
    st.lists(st.one_of(SENTENCE, st.text(UNICODE, max_size=60)), min_size=1, max_size=5)
    .flatmap(
        lambda pieces: st.lists(
            st.sampled_from(["", " ", "\n", "\n\n", "\r\n", "\t"]), min_size=len(pieces), max_size=len(pieces)
        ).map(lambda gaps: "".join(gap + piece for gap, piece in zip(gaps, pieces, strict=True)))
    )
    .filter(str.strip)
)
DOC_IDS = st.text(UNICODE, min_size=1, max_size=30).filter(str.strip)


@st.composite
def articles(draw: st.DrawFn) -> list[dict[str, str]]:
    """JSON Lines records any UTF-8 file could hold: ids unique once trimmed, text not blank."""
    ids = draw(st.lists(DOC_IDS, min_size=1, max_size=3, unique_by=str.strip))
    return [{"id": doc_id, "text": draw(TEXT)} for doc_id in ids]


#: Any JSON value where a record's id or text goes: blanks, numbers, null, and strings of any code
#: point a Python str holds, lone surrogates too (JSON's "\ud800" escapes give them).
ANY_STRING = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=40)
ANY_VALUE = st.one_of(
    ANY_STRING,
    TEXT,
    st.builds(str.__add__, TEXT, ANY_STRING),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
)
ANY_RECORDS = st.lists(
    st.fixed_dictionaries({}, optional={"id": ANY_VALUE, "text": ANY_VALUE, "date": ANY_VALUE}),
    min_size=1,
    max_size=3,
)


@pytest.fixture(scope="module")
def pipeline() -> None:
    """Load the pipeline once, as `kg build` asks for it (load_pipeline caches on its arguments)."""
    load_pipeline(None, disable=())


def kg(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def write_jsonl(folder: Path, records: list[dict[str, Any]], *, utf8: bool = True) -> Path:
    """Records as JSON Lines: characters as UTF-8 bytes, or (`utf8=False`) all as `\\u` escapes."""
    path = folder / "news.jsonl"
    lines = [json.dumps(record, ensure_ascii=not utf8) + "\n" for record in records]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@BUILDS
@given(articles())
def test_any_unicode_builds_a_graph_that_parses_and_validates(
    pipeline: None, records: list[dict[str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "news.ttl"
        built = kg("build", write_jsonl(Path(folder), records), "-o", output)
        assert built.exit_code == 0, built.output or built.exception
        store = pyoxigraph.Store()
        store.bulk_load(path=str(output), format=pyoxigraph.RdfFormat.TURTLE)
        ids = {
            quad.object.value for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(DOC_ID), None)
        }
        assert ids == {record["id"].strip() for record in records}
        validated = kg("validate", output)
        assert validated.exit_code == 0, validated.output


@BUILDS
@given(ANY_RECORDS)
@example([{"id": "a", "text": "Kiprono\ud800 was banned."}]).via("found: spaCy's UnicodeEncodeError")
@example([{"id": "\udfff", "text": "Kiprono was banned."}]).via("found: UnicodeEncodeError")
@example([{"id": "a", "text": "b", "date": "\nMonday"}]).via("found: an error of two lines")
def test_any_json_lines_file_builds_or_fails_in_one_line(
    pipeline: None, records: list[dict[str, Any]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, output = write_jsonl(Path(folder), records, utf8=False), Path(folder) / "news.ttl"
        built = kg("build", source, "-o", output, "--quiet")
        assert isinstance(built.exception, SystemExit | None), built.exception
        if built.exit_code == 0:
            assert output.stat().st_size > 0
        else:
            assert built.exit_code == 1
            line = built.stderr.removesuffix("\n")
            assert line.startswith(f"error: {source}:") and printable(line) == line, repr(built.stderr)
            assert not output.exists()


# --------------------------------------------------------------------------- queries

#: A small graph of each kind of term (IRIs, language strings, numbers, dates, a blank node), so
#: that random queries find answers without a cartesian product taking minutes.
GRAPH_TURTLE = """
@prefix kg: <https://w3id.org/kg-news/ontology#> . @prefix kgr: <https://w3id.org/kg-news/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kg-news/id/person/amos-kiprono> a kg:Athlete ; rdfs:label "Amos Kiprono" ;
    kg:nationality <https://w3id.org/kg-news/id/nation/ken> .
<https://w3id.org/kg-news/id/nation/ken> a kg:Nation ; rdfs:label "Kenya"@en ; kg:isoCode "KEN" .
kgr:p1 a kg:Punishment ; kg:target <https://w3id.org/kg-news/id/person/amos-kiprono> ; kg:confidence 0.8 ;
    kg:evidence [ kg:text "Kiprono was banned." ; kg:startChar 3 ] ; kg:date "2025-03-14"^^xsd:date .
"""

TERMS = (
    "?a", "?b", "?c", "$a", "a", "kg:Athlete", "kg:nationality", "rdfs:label", "kg:target", "kg:evidence",
    "<https://w3id.org/kg-news/id/nation/ken>", "kgr:p1", "unknown:x", '"Kenya"', '"Kenya"@en',
    '"KEN"^^xsd:string', "3", "0.8", "-1e3", "true", '"2025-03-14"^^xsd:date', "[]", "_:b", "()",
)  # fmt: skip
FUNCTIONS = (
    "STR", "LANG", "DATATYPE", "STRLEN", "UCASE", "ABS", "ROUND", "isIRI", "isLiteral", "BOUND", "YEAR",
    "xsd:integer", "xsd:date", "MD5", "ENCODE_FOR_URI", "IRI", "BNODE", "NOW", "RAND", "unknown:f",
)  # fmt: skip
OPERATORS = ("=", "!=", "<", ">", "+", "-", "*", "/", "&&", "||", "IN", "NOT IN")
AGGREGATES = ("COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT")

TERM = st.sampled_from(TERMS)
VARIABLE = st.sampled_from(("?a", "?b", "?c", "?n"))
EXPRESSION = st.recursive(
    TERM,
    lambda inner: st.one_of(
        st.builds("{}({})".format, st.sampled_from(FUNCTIONS), inner),
        st.builds("({} {} {})".format, inner, st.sampled_from(OPERATORS), inner),
        st.builds("REGEX({}, {})".format, inner, st.sampled_from(('"^K"', '"("', '"."'))),
        st.builds("IF({}, {}, {})".format, inner, inner, inner),
        st.builds("COALESCE({}, {})".format, inner, inner),
        st.builds("!{}".format, inner),
    ),
    max_leaves=4,
)
TRIPLE = st.builds("{} {} {} .".format, TERM, TERM, TERM)
PATTERN = st.recursive(
    st.lists(TRIPLE, max_size=2).map(" ".join),
    lambda inner: st.one_of(
        st.builds("{{ {} }}".format, inner),
        st.builds("{} OPTIONAL {{ {} }}".format, inner, inner),
        st.builds("{{ {} }} UNION {{ {} }}".format, inner, inner),
        st.builds("{} MINUS {{ {} }}".format, inner, inner),
        st.builds("{} FILTER({})".format, inner, EXPRESSION),
        st.builds("{} BIND({} AS {})".format, inner, EXPRESSION, VARIABLE),
        st.builds("{} VALUES {} {{ {} }}".format, inner, VARIABLE, st.lists(TERM, max_size=3).map(" ".join)),
        st.builds("{} GRAPH {} {{ {} }}".format, inner, TERM, inner),
        st.builds("{} SERVICE <http://127.0.0.1:9/sparql> {{ {} }}".format, inner, inner),
        st.builds("{} FILTER NOT EXISTS {{ {} }}".format, inner, inner),
    ),
    max_leaves=3,
)
PROJECTION = st.one_of(
    st.just("*"),
    st.lists(VARIABLE, min_size=1, max_size=3).map(" ".join),
    st.builds(
        "({}({}) AS ?n)".format, st.sampled_from(AGGREGATES), st.sampled_from(("?a", "*", "DISTINCT ?b"))
    ),
    st.builds("({} AS ?n) ?a".format, EXPRESSION),
)
MODIFIERS = st.lists(
    st.one_of(
        st.builds("GROUP BY {}".format, VARIABLE),
        st.builds("HAVING({})".format, EXPRESSION),
        st.builds("ORDER BY {}".format, st.one_of(VARIABLE, st.builds("DESC({})".format, EXPRESSION))),
        st.builds("LIMIT {}".format, st.integers(0, 3)),
        st.builds("OFFSET {}".format, st.integers(0, 3)),
    ),
    max_size=3,
).map(" ".join)
QUERY = st.one_of(
    st.builds("SELECT {} WHERE {{ {} }} {}".format, PROJECTION, PATTERN, MODIFIERS),
    st.builds("SELECT DISTINCT {} {{ {} }}".format, PROJECTION, PATTERN),
    st.builds("ASK {{ {} }}".format, PATTERN),
    st.builds(
        "CONSTRUCT {{ {} }} WHERE {{ {} }}".format, st.lists(TRIPLE, max_size=2).map(" ".join), PATTERN
    ),
    st.builds("DESCRIBE {} WHERE {{ {} }}".format, st.sampled_from(("?a", "*", "kgr:p1")), PATTERN),
    st.builds("SELECT * FROM <http://127.0.0.1:9/g> WHERE {{ {} }}".format, PATTERN),
    st.builds("INSERT DATA {{ {} }}".format, TRIPLE),
    st.builds("DELETE WHERE {{ {} }}".format, TRIPLE),
    st.just("LOAD <http://127.0.0.1:9/data.ttl>"),
)
#: Well-formed queries, then the same with a piece cut out or pasted in, nested deep, or any text at all.
QUERY_TEXT = st.one_of(
    QUERY,
    st.builds(lambda q, i, j: q[:i] + q[j:], QUERY, st.integers(0, 200), st.integers(0, 200)),
    st.builds(lambda q, i, s: q[:i] + s + q[i:], QUERY, st.integers(0, 200), st.text(UNICODE, max_size=5)),
    st.builds(lambda n, q: "SELECT * WHERE " + "{" * n + q + "}" * n, st.integers(1, 120), PATTERN),
    st.builds(lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }", st.integers(1, 120)),
    st.text(UNICODE, max_size=80),
    st.text(st.sampled_from("{}()<>?$\"'#.;,:*^@_ \n\\aSELECTWHERE"), max_size=60),
)


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    return Graph().parse(data=GRAPH_TURTLE, format="turtle")


@QUERIES
@given(QUERY_TEXT)
@example("ASK { VALUES ?a {} }").via("found: AttributeError from rdflib")
@example("SELECT * { GRAPH ?g { ?s ?p ?o } }").via("found: rdflib's bare Exception")
@example("SELECT * WHERE " + "{" * 80 + "}" * 80).via("found: RecursionError")
def test_any_query_gets_an_answer_or_a_one_line_error(small_graph: Graph, query: str) -> None:
    try:
        result = run_query(small_graph, query)
    except KgError as error:
        message = str(error)
        assert len(message.splitlines()) == 1, repr(message)
        return
    assert isinstance(result, QueryResult)
    assert all(len(row) == len(result.vars) for row in result.rows)
    result.to_csv()
    result.to_json()
    Console(file=io.StringIO(), width=80).print(result.to_table(width=80))


# --------------------------------------------------------------------------- what the properties found


def test_a_lone_surrogate_in_a_record_is_an_error_naming_file_line_and_character(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path, [{"id": "a", "text": "Kiprono\ud800 was banned."}], utf8=False)
    built = kg("build", source, "-o", tmp_path / "news.ttl")
    assert built.exit_code == 1
    assert (
        built.stderr == f'error: {source}:1: record "text" holds a lone surrogate (\\ud800) at character 7\n'
    )


def test_a_value_quoted_in_an_error_keeps_it_on_one_line(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path, [{"id": "a", "text": "b", "date": "\x1b[2J\nMonday"}])
    built = kg("build", source, "-o", tmp_path / "news.ttl")
    assert built.stderr == f"error: {source}:1: invalid date '\\x1b[2J\\nMonday'\n"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ASK { VALUES ?a {} }", "^SPARQL error: "),
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", "^SPARQL error: .*dataset"),
        ("SELECT * WHERE " + "{" * 80 + "}" * 80, "nested too deeply"),
    ],
)
def test_queries_rdflib_cannot_answer_are_one_line_query_errors(
    small_graph: Graph, query: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(small_graph, query)
