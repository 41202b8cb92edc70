"""Graph files: formats by name, atomic writes, round trips, and one-line errors for bad files."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError, OntologyError
from kg.export import (
    FORMATS,
    ValidationReport,
    check_with_oxigraph,
    format_for,
    load_graph,
    validate,
    write_graph,
)

if TYPE_CHECKING:
    from conftest import Listener

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sample() -> Graph:
    return load_graph(DATA / "sample.ttl")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.ttl", "turtle"),
        ("graph.nt", "nt"),
        ("graph.trig", "trig"),
        ("graph.jsonld", "json-ld"),
        ("GRAPH.TTL", "turtle"),
        (Path("a/b/c.ttl"), "turtle"),
        ("ttl", "turtle"),
        (".nt", "nt"),
        ("turtle", "turtle"),
        ("ntriples", "nt"),
        ("json-ld", "json-ld"),
    ],
)
def test_format_for(name: str | Path, expected: str) -> None:
    assert format_for(name) == expected


def test_format_for_unknown_names_the_choices() -> None:
    with pytest.raises(InputError) as error:
        format_for("out.xyz")
    assert str(error.value) == "out.xyz: unknown graph format 'xyz'; choose one of: ttl, nt, trig, jsonld, nq"


def test_format_for_reading_accepts_more() -> None:
    assert format_for("x.nq") == "nquads"
    assert format_for("x.owl", reading=True) == "xml"
    with pytest.raises(InputError):
        format_for("x.owl")


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_round_trip_every_format(sample: Graph, tmp_path: Path, extension: str) -> None:
    path = write_graph(sample, tmp_path / f"sample.{extension}")
    assert path == tmp_path / f"sample.{extension}"
    assert isomorphic(load_graph(path), sample)
    assert check_with_oxigraph(path, extension) == len(sample)
    assert [p.name for p in tmp_path.iterdir()] == [f"sample.{extension}"]


def test_explicit_format_overrides_extension(sample: Graph, tmp_path: Path) -> None:
    path = write_graph(sample, tmp_path / "graph.out", fmt="nt")
    assert path.read_text(encoding="utf-8").startswith("<")
    assert check_with_oxigraph(path, "nt") == len(sample)


def test_written_turtle_uses_project_prefixes(sample: Graph, tmp_path: Path) -> None:
    text = write_graph(sample, tmp_path / "s.ttl").read_text(encoding="utf-8")
    assert "@prefix kg: <https://w3id.org/kg-news/ontology#> ." in text


def test_reads_nquads_and_rdfxml_merging_named_graphs(tmp_path: Path) -> None:
    nq = tmp_path / "g.nq"
    nq.write_text(
        '<http://e/a> <http://e/p> "in a named graph" <http://e/g> .\n'
        '<http://e/a> <http://e/p> "in the default graph" .\n',
        encoding="utf-8",
    )
    assert sorted(str(o) for o in load_graph(nq).objects()) == [
        "in a named graph",
        "in the default graph",
    ]
    xml = tmp_path / "g.rdf"
    Graph().add((URIRef("http://e/a"), URIRef("http://e/p"), Literal("x"))).serialize(xml, format="xml")
    assert len(load_graph(xml)) == 1


def test_write_replaces_an_existing_file_with_ordinary_permissions(sample: Graph, tmp_path: Path) -> None:
    target = tmp_path / "g.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_graph(sample, target)
    assert isomorphic(load_graph(target), sample)
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = write_graph(sample, tmp_path / "new.ttl")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_failed_serialisation_leaves_the_existing_file_intact(
    sample: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.ttl"
    target.write_text("the previous graph", encoding="utf-8")

    def broken(self: Graph, *args: object, **kwargs: object) -> None:
        destination = kwargs.get("destination")
        destination.write(b"@prefix half")  # type: ignore[union-attr]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Graph, "serialize", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_graph(sample, target)
    assert target.read_text(encoding="utf-8") == "the previous graph"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_write_into_a_missing_directory(sample: Graph, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "g.ttl"
    with pytest.raises(InputError) as error:
        write_graph(sample, target)
    assert str(error.value) == f"{target}: cannot write: directory '{tmp_path / 'nope'}' does not exist"


def test_write_unknown_format(sample: Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown graph format 'csv'"):
        write_graph(sample, tmp_path / "g.csv")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- load errors


def load_error(path: Path) -> str:
    with pytest.raises((InputError, OntologyError)) as error:
        load_graph(path)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_load_missing(tmp_path: Path) -> None:
    path = tmp_path / "missing.ttl"
    assert load_error(path) == f"{path}: does not exist"


def test_load_directory(tmp_path: Path) -> None:
    assert load_error(tmp_path) == f"{tmp_path}: is a directory, not a graph file"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_load_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        load_graph(path)
    assert str(error.value) == f"{path}: empty graph file"


def test_load_malformed_turtle(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n", encoding="utf-8"
    )
    with pytest.raises(OntologyError) as error:
        load_graph(path)
    assert str(error.value) == (
        f"{path}: not a valid Turtle graph: line 3: expected '.' or '}}' or ']' at end of statement"
    )


def test_load_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(OntologyError) as error:
        load_graph(path)
    assert str(error.value) == f"{path}: not a valid Turtle graph: not UTF-8 text (byte 0x89 at offset 0)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.nt", "<http://e/a> <http://e/b> .\n", "not a valid N-Triples graph: Invalid line: ."),
        (
            "bad.jsonld",
            "{bad",
            "not a valid JSON-LD graph: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        ("bad.rdf", "<rdf", "not a valid RDF/XML graph: "),
        ("bad.trig", "{ <http://e/a> ", "not a valid TriG graph: line 1: "),
    ],
)
def test_load_malformed_other_formats(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert load_error(path).startswith(f"{path}: {message}")


def test_load_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "graph.csv"
    path.write_text("a,b,c\n", encoding="utf-8")
    assert load_error(path) == (
        f"{path}: unknown graph format 'csv'; choose one of: ttl, nt, trig, jsonld, nq, rdf, xml, owl"
    )


#: Where a JSON-LD document may name its context instead of holding it; {url} is the context's address.
REMOTE_CONTEXTS = {
    "a context by address": '{{"@context": "{url}", "@id": "http://e/a", "http://e/p": "x"}}',
    "one of a list": '{{"@context": [{{"ex": "http://e/"}}, "{url}"], "@id": "ex:a", "ex:p": "x"}}',
    "an import": '{{"@context": {{"@import": "{url}"}}, "@id": "http://e/a", "http://e/p": "x"}}',
    "a nested node": '{{"@id": "http://e/a", "http://e/p": {{"@context": "{url}", "@id": "http://e/b"}}}}',
    "a scoped context": '{{"@context": {{"p": {{"@id": "http://e/p", "@context": "{url}"}}}}, "p": "x"}}',
}


@pytest.mark.parametrize("case", sorted(REMOTE_CONTEXTS))
def test_a_jsonld_context_is_never_fetched(tmp_path: Path, listener: Listener, case: str) -> None:
    url = f"{listener.url}/context.jsonld"
    path = tmp_path / "remote.jsonld"
    path.write_text(REMOTE_CONTEXTS[case].format(url=url), encoding="utf-8")
    assert load_error(path) == (
        f"{path}: JSON-LD context {url!r} is not fetched (graph files are read offline): "
        "put the context in the file"
    )
    assert listener.connections == []


def test_a_jsonld_context_beside_the_file_is_not_read_either(tmp_path: Path) -> None:
    (tmp_path / "context.jsonld").write_text('{"@context": {"p": "http://e/p"}}', encoding="utf-8")
    path = tmp_path / "relative.jsonld"
    path.write_text('{"@context": "context.jsonld", "@id": "http://e/a", "p": "x"}', encoding="utf-8")
    assert load_error(path).endswith(
        "JSON-LD context 'context.jsonld' is not fetched "
        "(graph files are read offline): put the context in the file"
    )


def test_a_jsonld_context_in_the_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "inline.jsonld"
    path.write_text('{"@context": {"ex": "http://e/"}, "@id": "ex:a", "ex:p": "x"}', encoding="utf-8")
    assert set(load_graph(path)) == {(URIRef("http://e/a"), URIRef("http://e/p"), Literal("x"))}


@pytest.mark.parametrize("command", ["stats", "validate", "query", "viz", "export"])
def test_commands_reading_a_graph_file_never_fetch_a_context(
    tmp_path: Path, listener: Listener, command: str
) -> None:
    url = f"{listener.url}/context.jsonld"
    path = tmp_path / "remote.jsonld"
    path.write_text(REMOTE_CONTEXTS["a context by address"].format(url=url), encoding="utf-8")
    arguments = {
        "stats": ["stats", str(path)],
        "validate": ["validate", str(path)],
        "query": ["query", str(path), "ASK { ?s ?p ?o }"],
        "viz": ["viz", str(path), "-o", str(tmp_path / "view.png")],
        "export": ["export", str(path), "-o", str(tmp_path / "out.nt")],  # through Oxigraph
    }[command]
    result = CliRunner().invoke(app, arguments, env={"COLUMNS": "300"})
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: {path}: JSON-LD context {url!r} is not fetched (graph files are read offline): "
        "put the context in the file\n"
    )
    assert listener.connections == []
    assert not (tmp_path / "view.png").exists() and not (tmp_path / "out.nt").exists()


def test_load_binds_project_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "g.nt"
    path.write_text("<https://w3id.org/kg-news/id/a> <http://e/p> <http://e/o> .\n", encoding="utf-8")
    assert dict(load_graph(path).namespaces())["kgr"] == URIRef("https://w3id.org/kg-news/id/")


def test_check_with_oxigraph_reports_bad_turtle() -> None:
    with pytest.raises(OntologyError, match="^not valid Turtle: "):
        check_with_oxigraph(b"<http://e/a> <http://e/b> ", "ttl")


# --------------------------------------------------------------------------- validation report


def test_validation_report_is_frozen(sample: Graph) -> None:
    report = validate(sample)
    assert isinstance(report, ValidationReport)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = False  # type: ignore[misc]


def test_report_text_groups_repeated_messages() -> None:
    graph = Graph()
    kg = "https://w3id.org/kg-news/ontology#"
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for i in range(7):
        graph.add((URIRef(f"https://w3id.org/kg-news/id/sport/s{i}"), rdf_type, URIRef(kg + "Sport")))
    report = validate(graph)
    assert len(report.violations) == 7
    assert report.text.splitlines() == [
        "The graph does not conform: 7 violations (7 triples checked).",
        "  7 × [Violation] Every entity and event has exactly one rdfs:label: its canonical name "
        "(other surface forms are skos:altLabel)",
        "      kgr:sport/s0 rdfs:label",
        "      kgr:sport/s1 rdfs:label",
        "      kgr:sport/s2 rdfs:label",
        "      kgr:sport/s3 rdfs:label",
        "      kgr:sport/s4 rdfs:label",
        "      … and 2 more",
    ]


# --------------------------------------------------------------------------- property-based

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=TEXT,
    lang=st.sampled_from([None, "en", "de-CH"]),
    extension=st.sampled_from(sorted(FORMATS)),
)
def test_literal_round_trip(tmp_path: Path, text: str, lang: str | None, extension: str) -> None:
    """Any label text survives write_graph → load_graph in every format, and oxigraph agrees."""
    graph = Graph()
    graph.add(
        (
            URIRef("https://w3id.org/kg-news/id/person/x"),
            URIRef("http://e/label"),
            Literal(text, lang=lang),
        )
    )
    path = write_graph(graph, tmp_path / f"g.{extension}")
    assert set(load_graph(path)) == set(graph)
    assert check_with_oxigraph(path, extension) == 1


#: Values that each sh:or of classes or datatypes in the shapes must reject or accept (`kg validate`
#: checks these alternatives itself rather than through pySHACL, and must report what pySHACL does).
ALTERNATIVES = """
@base <https://w3id.org/kg-news/id/> .
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<cls/Champion> rdfs:subClassOf <cls/Winner> . <cls/Winner> rdfs:subClassOf kg:Athlete .
<sport/number> a kg:Sport ; rdfs:label 7 .
<sport/tagged> a kg:Sport ; rdfs:label "Judo"@en ; skos:altLabel "judo"^^xsd:string, "x"^^xsd:integer .
<person/champion> a <cls/Champion> ; rdfs:label "Cy Champion" ; kg:nationality <sport/tagged> .
<nation/n> a kg:Nation ; rdfs:label "Examplia" ; kg:memberOf <sport/tagged>, <nation/n> ;
    kg:leaderOf <person/champion>, <nation/n> .
<doc/d> a kg:Document ; kg:docId "d" .
<doc/d/s0> a kg:Sentence ; kg:inDocument <doc/d> ; kg:sentenceIndex "0"^^xsd:nonNegativeInteger ;
    kg:startChar "x"^^xsd:integer ; kg:endChar <doc/d> ; kg:text "A sentence." .
<doc/d/s1> a kg:Sentence ; kg:inDocument <doc/d> ; kg:sentenceIndex -1 ;
    kg:startChar "3"^^xsd:nonNegativeInteger ; kg:endChar "4.0"^^xsd:decimal ; kg:text "Two." .
<event/m> a kg:MedalAward ; rdfs:label "gold" ; kg:medal "gold" ;
    kg:recipient <person/champion>, <sport/number>, "Cy" ;
    kg:confidence "0.5"^^xsd:double, "0.5"^^xsd:string, "abc"^^xsd:decimal .
<event/p> a kg:Punishment ; rdfs:label "ban" ; kg:status "actual" ; kg:target <nation/n> ;
    kg:imposedBy <sport/tagged>, <person/champion> .
"""


def test_alternatives_of_classes_and_datatypes_are_reported_as_pyshacl_reports_them(tmp_path: Path) -> None:
    from kg.export import load_dataset, validate_dataset

    path = tmp_path / "alternatives.ttl"
    path.write_text(ALTERNATIVES)
    whole = validate(load_graph(path))  # pySHACL alone, every shape
    assert validate_dataset(load_dataset(path)).violations == whole.violations
    found = {(v.focus, v.message.split(" is ")[0]) for v in whole.violations}
    for rejected in [
        ("kgr:sport/number", "rdfs:label"),  # a number
        ("kgr:sport/tagged", "skos:altLabel"),  # an ill-typed integer
        ("kgr:event/m", "A kg:recipient"),  # a Sport, a literal
        ("kgr:event/m", "kg:confidence"),  # an xsd:string, an ill-typed decimal
        ("kgr:doc/d/s0", "kg:startChar"),  # an ill-typed integer
        ("kgr:doc/d/s0", "kg:endChar"),  # an IRI
        ("kgr:doc/d/s1", "kg:endChar"),  # a decimal
        ("kgr:nation/n", "The subject of kg:memberOf"),
        ("kgr:nation/n", "The object of kg:memberOf"),  # a Sport (a Nation is not an Organization)
        ("kgr:event/p", "kg:imposedBy"),  # a Sport
    ]:
        assert rejected in found, rejected
    recipients = [v for v in whole.violations if v.message.startswith("A kg:recipient")]
    assert len(recipients) == 2  # one a value rejected; the champion is an Athlete by two rdfs:subClassOf
