"""SPARQL over a graph: result kinds, output formats, refused updates and exact error messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from conftest import Listener, make_sample_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic
from rich.console import Console

from kg.errors import InputError, QueryError
from kg.export import load_graph
from kg.query import (
    LOAD_REFUSED,
    REMOTE_REFUSED,
    UPDATE_REFUSED,
    check_update,
    example_queries,
    load_example_query,
    query_graph_file,
    query_store,
    read_query,
    run_query,
)
from kg.store import open_store

DATA = Path(__file__).parent / "data"
KG_COMMAND = str(Path(sys.executable).parent / "kg")  # the console script of this environment
KGR = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def sample() -> Graph:
    return load_graph(DATA / "sample.ttl")


def test_select_with_prebound_prefixes(sample: Graph) -> None:
    result = run_query(sample, "SELECT ?name WHERE { ?a a kg:Athlete ; rdfs:label ?name } ORDER BY ?name")
    assert result.kind == "SELECT"
    assert result.vars == ("name",)
    assert result.rows == [("Kim Kum-yong",), ("Ri Jing-sik",)]


def test_select_values_are_python_and_iris_are_short(sample: Graph) -> None:
    result = run_query(
        sample,
        """SELECT ?award ?medal ?confidence ?start WHERE {
               ?award kg:medal ?medal ; kg:confidence ?confidence ; kg:startChar ?start
           } ORDER BY ?confidence""",
    )
    assert result.rows[0] == ("kgr:event/medalaward-bronze", "bronze", Decimal("0.65"), 0)


def test_query_prefix_overrides_prebound_one(sample: Graph) -> None:
    result = run_query(sample, "PREFIX kg: <http://example.org/> ASK { ?a a kg:Athlete }")
    assert result.boolean is False


def test_iris_shortened_with_the_graphs_own_prefixes() -> None:
    graph = Graph()
    ex = Namespace("http://example.org/things/")
    graph.bind("ex", ex)
    graph.add((ex.a, ex.p, ex.b))
    graph.add((ex.a, ex.p, Namespace("http://elsewhere.org/")["c"]))
    result = run_query(graph, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert result.rows == [("http://elsewhere.org/c",), ("ex:b",)]


def test_ask(sample: Graph) -> None:
    yes = run_query(sample, "ASK { ?p kg:status 'possible' }")
    assert (yes.kind, yes.vars, yes.rows, yes.boolean) == ("ASK", ("ask",), [(True,)], True)
    assert json.loads(yes.to_json()) == {"head": {}, "boolean": True}
    assert yes.to_csv() == "ask\r\ntrue\r\n"
    no = run_query(sample, "ASK { ?p kg:status 'denied' }")
    assert no.boolean is False
    assert no.to_csv() == "ask\r\nfalse\r\n"


def test_construct(sample: Graph) -> None:
    result = run_query(
        sample,
        "CONSTRUCT { ?athlete schema:nationality ?nation }"
        " WHERE { ?athlete a kg:Athlete ; kg:nationality ?nation }",
    )
    assert result.kind == "CONSTRUCT"
    assert result.graph is not None and len(result.graph) == 2
    assert result.vars == ("subject", "predicate", "object")
    assert result.rows == [
        ("kgr:person/kim-kum-yong", "schema:nationality", "kgr:nation/prk"),
        ("kgr:person/ri-jing-sik", "schema:nationality", "kgr:nation/prk"),
    ]
    assert len(Graph().parse(data=result.to_json(), format="json-ld")) == 2


def test_describe(sample: Graph) -> None:
    result = run_query(sample, f"DESCRIBE <{KGR}sport/table-tennis>")
    assert result.kind == "DESCRIBE"
    assert ("kgr:sport/table-tennis", "rdfs:label", "table tennis") in result.rows


def test_to_table(sample: Graph) -> None:
    result = run_query(sample, load_example_query("athletes-nations"))
    table = result.to_table(title="Athletes")
    assert [column.header for column in table.columns] == [
        "athlete",
        "athleteLabel",
        "nation",
        "nationLabel",
    ]
    assert table.row_count == 2
    console = Console(record=True, width=200)
    console.print(table)
    text = console.export_text()
    assert "Kim Kum-yong" in text and "kgr:nation/prk" in text


def test_to_csv_follows_sparql_csv(sample: Graph) -> None:
    result = run_query(
        sample,
        "SELECT ?nation ?code ?missing"
        " WHERE { ?nation kg:isoCode ?code OPTIONAL { ?nation kg:nope ?missing } }"
        " ORDER BY ?code",
    )
    assert result.to_csv() == (f"nation,code,missing\r\n{KGR}nation/chn,CHN,\r\n{KGR}nation/prk,PRK,\r\n")
    rows = list(csv.reader(io.StringIO(run_query(sample, load_example_query("punishments")).to_csv())))
    assert rows[1][-2].startswith("They may face disciplinary action")


def test_to_json_follows_sparql_json(sample: Graph) -> None:
    result = run_query(
        sample,
        """SELECT ?doc ?id ?date ?lang ?nothing WHERE {
               ?doc kg:docId ?id ; dcterms:date ?date .
               BIND(STRLANG("Auswahl", "de") AS ?lang)
               OPTIONAL { ?doc kg:nope ?nothing }
           }""",
    )
    assert json.loads(result.to_json()) == {
        "head": {"vars": ["doc", "id", "date", "lang", "nothing"]},
        "results": {
            "bindings": [
                {
                    "doc": {"type": "uri", "value": f"{KGR}doc/selfie"},
                    "id": {"type": "literal", "value": "selfie"},
                    "date": {
                        "type": "literal",
                        "value": "2024-08-27",
                        "datatype": "http://www.w3.org/2001/XMLSchema#date",
                    },
                    "lang": {"type": "literal", "value": "Auswahl", "xml:lang": "de"},
                }
            ]
        },
    }


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX kg: <https://w3id.org/kg-news/ontology#>\nDELETE { ?s kg:medal ?m } WHERE { ?s kg:medal ?m }",
        "# tidy up\nCLEAR ALL",
        "DROP GRAPH <http://e/g>",
        "LOAD <http://example.org/data.ttl>",
        "CREATE GRAPH <http://e/g>",
        "ADD DEFAULT TO <http://e/g>",
        "MOVE DEFAULT TO <http://e/g>",
        "COPY DEFAULT TO <http://e/g>",
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "insert data { <http://e/a> ",  # malformed, but plainly an update
    ],
)
def test_updates_are_refused(sample: Graph, update: str) -> None:
    before = len(sample)
    with pytest.raises(QueryError) as error:
        run_query(sample, update)
    assert str(error.value) == "update requests are refused: kg query is read-only"
    assert str(error.value) == UPDATE_REFUSED
    assert len(sample) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    ],
)
def test_remote_data_is_refused(sample: Graph, query: str) -> None:
    with pytest.raises(QueryError) as error:
        run_query(sample, query)
    assert str(error.value) == REMOTE_REFUSED


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT * WHERE {\n  ?s ?p }",
            "SPARQL syntax error at line 2, column 3: Expected SelectQuery (near '?s ?p }')",
        ),
        (
            "SELEC ?x WHERE { ?s ?p ?x }",
            "SPARQL syntax error at line 1, column 1: Expected {SelectQuery | ConstructQuery | "
            "DescribeQuery | AskQuery} (near 'SELEC ?x WHERE { ?s ?p ?x }')",
        ),
        (
            "SELECT ?x WHERE { ?s ?p ?x ",
            "SPARQL syntax error at line 1, column 28: Expected SelectQuery (at the end of the query)",
        ),
        ("SELECT * WHERE { ?s nope:p ?o }", "SPARQL error: Unknown namespace prefix : nope"),
        ("", "empty query: give SELECT, ASK, CONSTRUCT or DESCRIBE"),
        ("# only a comment\n", "empty query: give SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_query_errors_are_one_line(sample: Graph, query: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        run_query(sample, query)
    assert str(error.value) == message


def test_read_query_text_and_files(tmp_path: Path) -> None:
    assert read_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    path = tmp_path / "q.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert read_query(str(path)) == "SELECT * WHERE { ?s ?p ?o }\n"
    assert read_query(path) == "SELECT * WHERE { ?s ?p ?o }\n"
    sparql = tmp_path / "q.sparql"
    sparql.write_text("ASK {}", encoding="utf-8")
    assert read_query(str(sparql)) == "ASK {}"


def test_read_query_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.rq"
    with pytest.raises(InputError) as error:
        read_query(str(missing))
    assert str(error.value) == f"{missing}: does not exist"


def test_example_queries_are_listed_and_loadable() -> None:
    names = example_queries()
    assert "punishments" in names and "provenance" in names
    assert load_example_query("punishments.rq") == load_example_query("punishments")


def test_unknown_example_query_names_the_choices() -> None:
    with pytest.raises(QueryError) as error:
        load_example_query("medals")
    assert str(error.value) == f"no example query 'medals'; choose one of: {', '.join(example_queries())}"


# -- hostile queries: bounded before any parser sees them, cancelled when they run too long ------------

#: Four triple patterns joined on nothing: |graph|^4 rows to count, which no engine finishes soon.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT * WHERE " + "{ " * 80 + "?s ?p ?o " + "} " * 80,
            "query nested too deeply: 80 levels of brackets, the limit is 30",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 100 + "?o" + ")" * 100 + ") }",
            "query nested too deeply: 102 levels of brackets, the limit is 30",
        ),
        (  # shallow enough by count, too deep for rdflib's parser: nested expressions cost more stack
            "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 27 + "?o" + ")" * 27 + ") }",
            "query nested too deeply for the SPARQL parser: nest fewer brackets",
        ),
        ("ASK { ?s ?p '" + "x" * 100_000 + "' }", "query too long: 100,016 characters, the limit is 100,000"),
    ],
)
def test_deep_and_oversized_queries_are_one_line_errors(sample: Graph, query: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        run_query(sample, query)
    assert str(error.value) == message


def test_brackets_in_strings_iris_and_comments_do_not_count(sample: Graph) -> None:
    query = (
        "SELECT ?name WHERE { ?a rdfs:label ?name  # {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n"
        "FILTER(?name != '" + "(" * 40 + '\' && ?name != """' + "[" * 40 + '""")'
        " FILTER(?a != <http://e/" + "%7B" * 40 + ">) } ORDER BY ?name LIMIT 1"
    )
    assert run_query(sample, query).rows == [("2024 Summer Olympics",)]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { service <{url}/sparql> { ?s ?p ?o } } }",
        "SELECT * WHERE { SeRvIcE SILENT <{url}/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <{url}/> SELECT * WHERE { BIND(ex:x AS ?e) SERVICE ?e { ?s ?p ?o } }",
        # a '#' inside an IRI with an escape, or escaped in a prefixed name, starts no comment
        "SELECT * WHERE { ?s ?p <http://e/a\\u0041#x> . SERVICE <{url}/> { ?s ?p ?o } }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a\\#b . SERVICE <{url}/> { ?s ?p ?o } }",
    ],
)
def test_service_never_reaches_the_network(sample: Graph, listener: Listener, query: str) -> None:
    with pytest.raises(QueryError, match="^SERVICE and FROM clauses are refused"):
        run_query(sample, query.replace("{url}", listener.url))
    assert listener.connections == []


def test_the_engines_would_fetch_what_service_names() -> None:
    """Why SERVICE is refused: pyoxigraph, like Oxigraph's server, sends the request."""
    listener = Listener(hang_for=0.1)
    with pytest.raises(OSError):
        list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
    assert len(listener.connections) == 1
    listener.close()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service rdfs:label 'SERVICE <http://e/> { }' }",
        "PREFIX ex: <http://e/> ASK { ex:service ex:p ?o } # SERVICE <http://e/> { }",
        "PREFIX service: <http://e/> ASK { service:a service:b <http://e/SERVICE> }",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(sample: Graph, query: str) -> None:
    assert run_query(sample, query).kind in ("SELECT", "ASK")


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ("LOAD <http://example.org/data.ttl>", LOAD_REFUSED),
        ("CLEAR ALL ; load silent <http://example.org/data.ttl>", LOAD_REFUSED),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", LOAD_REFUSED),
        ("INSERT DATA { <http://e/a> <http://e/b> ", "SPARQL syntax error at line 1, column 1: "),
        ("# nothing to do\n", "empty update: give INSERT, DELETE, CLEAR, DROP ..."),
        ("DELETE WHERE " + "{ " * 40 + "?s ?p ?o" + " }" * 40, "query nested too deeply: 40 levels"),
    ],
)
def test_updates_for_the_writable_endpoint_are_checked(update: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        check_update(update)
    assert str(error.value).startswith(message)


def test_a_plain_update_passes_the_check() -> None:
    check_update(
        "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b 'SERVICE' } ; DELETE WHERE { ?s ex:gone ?o }"
    )


def test_a_query_past_its_time_limit_is_cancelled(sample: Graph) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError) as error:
        run_query(sample, CARTESIAN, timeout=1)
    assert str(error.value) == "query cancelled after 1 s: it ran longer than the time limit"
    assert time.monotonic() - started < 30  # generous: the machine may be busy


def test_a_query_within_its_time_limit_answers_as_without_one(sample: Graph) -> None:
    query = "CONSTRUCT { ?a schema:nationality ?n } WHERE { ?a a kg:Athlete ; kg:nationality ?n }"
    in_child, here = run_query(sample, query, timeout=60), run_query(sample, query)
    assert (in_child.kind, in_child.rows, in_child.terms) == (here.kind, here.rows, here.terms)
    assert in_child.graph is not None and here.graph is not None
    assert isomorphic(in_child.graph, here.graph)
    with pytest.raises(QueryError, match="^SPARQL error: Unknown namespace prefix : nope$"):
        run_query(sample, "ASK { ?s nope:p ?o }", timeout=60)


@pytest.fixture()
def sample_store(tmp_path: Path) -> Path:
    return make_sample_store(tmp_path / "store")


def test_a_store_query_past_its_time_limit_is_cancelled_and_the_store_is_free(sample_store: Path) -> None:
    assert query_store(sample_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=60).rows == [
        (208,)
    ]
    started = time.monotonic()
    with pytest.raises(QueryError, match="^query cancelled after 1 s: it ran longer than the time limit$"):
        query_store(sample_store, CARTESIAN, timeout=1)
    assert time.monotonic() - started < 30
    with open_store(sample_store, write=True):  # the cancelled reader holds no lock any more
        pass


def test_a_store_query_never_reaches_the_network(sample_store: Path, listener: Listener) -> None:
    with pytest.raises(QueryError, match="^SERVICE and FROM clauses are refused"):
        query_store(
            sample_store, f"SELECT * WHERE {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}", timeout=60
        )
    assert listener.connections == []


@pytest.mark.parametrize(
    "query",
    [
        *example_queries(),
        "ASK { ?p kg:status 'possible' }",
        "SELECT * WHERE { ?athlete kg:nationality ?nation . ?nation rdfs:label ?name }",
        "CONSTRUCT { ?a schema:nationality ?n } WHERE { ?a a kg:Athlete ; kg:nationality ?n }",
        f"DESCRIBE <{KGR}sport/table-tennis>",
        "SELECT ?c (COUNT(*) AS ?n) WHERE { ?x kg:confidence ?c } GROUP BY ?c",
    ],
)
def test_a_graph_file_gets_from_oxigraph_the_answers_rdflib_gives(sample: Graph, query: str) -> None:
    """kg query FILE: Oxigraph parses the file and evaluates the query, with rdflib's answers (as
    values: a decimal written 1.0 comes back as 1) in rdflib's column order."""
    text = read_query(query)
    theirs, ours = run_query(sample, text), query_graph_file(DATA / "sample.ttl", text)
    assert (ours.kind, ours.vars, ours.boolean) == (theirs.kind, theirs.vars, theirs.boolean)
    assert Counter(ours.rows) == Counter(theirs.rows) and ours.rows


def test_a_graph_files_own_prefixes_shorten_its_iris(tmp_path: Path) -> None:
    path = tmp_path / "things.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/things/> .\nex:a ex:p ex:b, <http://elsewhere.org/c> .\n"
    )
    result = query_graph_file(path, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert result.rows == [("http://elsewhere.org/c",), ("ex:b",)]


def test_a_graph_file_query_is_cancelled_and_never_reaches_the_network(listener: Listener) -> None:
    with pytest.raises(QueryError, match="^query cancelled after 1 s"):
        query_graph_file(DATA / "sample.ttl", CARTESIAN, timeout=1)
    with pytest.raises(QueryError, match="^SERVICE and FROM clauses are refused"):
        query_graph_file(
            DATA / "sample.ttl", f"ASK {{ SERVICE <{listener.url}/> {{ ?s ?p ?o }} }}", timeout=60
        )
    assert listener.connections == []


@pytest.mark.parametrize("where", ["graph", "store"])
def test_kg_query_timeout_cancels_on_the_command_line(sample_store: Path, where: str) -> None:
    source = ["--store", str(sample_store)] if where == "store" else [str(DATA / "sample.ttl")]
    started = time.monotonic()
    done = subprocess.run(
        [KG_COMMAND, "query", "--timeout", "1", *source, CARTESIAN],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: query cancelled after 1 s: it ran longer than the time limit\n"
    assert time.monotonic() - started < 60


#: Pieces of SPARQL, so that random queries get past the first keyword often enough to matter.
PIECES = st.sampled_from(
    [
        *(  # noqa: SIM905 (a list of words reads best as words)
            "SELECT ASK CONSTRUCT DESCRIBE WHERE { } ( ) [ ] ?s ?p ?o * . ; , FILTER OPTIONAL UNION GRAPH "
            "SERVICE BIND AS VALUES 'x' \"y\" 1 2.5 <http://e/a> kg:Athlete a COUNT GROUP BY ORDER LIMIT "
            "MINUS NOT EXISTS REGEX STR + - / | ^ ! = < > && || # _:b DISTINCT HAVING SUM IF IN FROM "
            "INSERT DELETE DATA LOAD"
        ).split(" "),
        "\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join)))
def test_random_queries_get_answers_or_one_line_errors(sample: Graph, query: str) -> None:
    try:
        run_query(sample, query)
    except QueryError as error:
        assert "\n" not in str(error)
