"""kg.viz on a small graph written by hand: the networkx view, focus and filters, pictures, `kg viz`.

The graph below has one of everything the view treats apart: statements with
provenance (one relation backed by two sentences), a medal award, a punishment
with every role, a punishment with no imposer (it cannot be collapsed), an
entity that takes part in nothing, and the documents, sentences and
components that must never be drawn. The HTML view is opened in a real
headless Chromium (Debian's package) at the end.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pyoxigraph
import pytest
from conftest import make_sample_store
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError, QueryError
from kg.namespaces import bind_prefixes
from kg.store import open_store
from kg.viz import (
    collapse_events,
    draw,
    filter_view,
    interactive,
    neighbourhood,
    save,
    store_neighbourhood,
    to_networkx,
)

ENV = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1", "COLUMNS": "200"}
KGR = "https://w3id.org/kg-news/id/"

SMALL = """
@base <https://w3id.org/kg-news/id/> .
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<doc/d1> a kg:Document ; kg:docId "d1" ; rdfs:label "d1" ; dcterms:date "2024-08-01"^^xsd:date .
<doc/d1/s0> a kg:Sentence ; kg:inDocument <doc/d1> ; kg:sentenceIndex 0 ;
    kg:text "Swiss sprinter Anna Keller won silver at the Paris 2024 Olympics." .
<doc/d1/s1> a kg:Sentence ; kg:inDocument <doc/d1> ; kg:sentenceIndex 1 ;
    kg:text "Keller may face a ban from World Athletics for doping <b>&</b> $label, Reuters reported." .
<component/kg_relations> a kg:Component ; rdfs:label "kg_relations" .
<component/kg_events> a kg:Component ; rdfs:label "kg_events" .

<person/anna-keller> a kg:Athlete, kg:Person ; rdfs:label "Anna Keller" ; skos:altLabel "Keller" ;
    kg:mentionedIn <doc/d1> ;
    kg:nationality <nation/che> ; kg:participatedIn <event/2024-summer-olympics> ;
    kg:playsSport <sport/athletics> .
<person/bo-lind> a kg:Person ; rdfs:label "Bo Lind" ; kg:mentionedIn <doc/d1> .
<nation/che> a kg:Nation ; rdfs:label "Switzerland" ; skos:altLabel "Swiss" ; kg:isoCode "CHE" .
<organization/world-athletics> a kg:Organization ; rdfs:label "World Athletics" .
<organization/reuters> a kg:Organization ; rdfs:label "Reuters" .
<event/2024-summer-olympics> a kg:SportingEvent ; rdfs:label "2024 Summer Olympics" .
<sport/athletics> a kg:Sport ; rdfs:label "athletics" .

<stmt/1> a kg:Statement ; rdf:subject <person/anna-keller> ; rdf:predicate kg:nationality ;
    rdf:object <nation/che> ; kg:confidence 0.9 ; kg:inDocument <doc/d1> ; kg:evidence <doc/d1/s0> ;
    kg:extractedBy <component/kg_relations> .
<stmt/2> a kg:Statement ; rdf:subject <person/anna-keller> ; rdf:predicate kg:nationality ;
    rdf:object <nation/che> ; kg:confidence 0.55 ; kg:inDocument <doc/d1> ; kg:evidence <doc/d1/s1> ;
    kg:extractedBy <component/kg_relations> .
<stmt/3> a kg:Statement ; rdf:subject <person/anna-keller> ; rdf:predicate kg:participatedIn ;
    rdf:object <event/2024-summer-olympics> ; kg:confidence 0.6 ; kg:inDocument <doc/d1> ;
    kg:evidence <doc/d1/s0> ; kg:extractedBy <component/kg_relations> .
<stmt/4> a kg:Statement ; rdf:subject <person/anna-keller> ; rdf:predicate kg:playsSport ;
    rdf:object <sport/athletics> ; kg:confidence 0.8 ; kg:inDocument <doc/d1> ;
    kg:evidence <doc/d1/s0> ; kg:extractedBy <component/kg_relations> .

<event/medal-1> a kg:MedalAward, kg:Event ; rdfs:label "silver: Anna Keller at 2024 Summer Olympics" ;
    kg:recipient <person/anna-keller> ; kg:medal "silver" ; kg:atEvent <event/2024-summer-olympics> ;
    kg:confidence 0.85 ; kg:inDocument <doc/d1> ; kg:evidence <doc/d1/s0> ;
    kg:extractedBy <component/kg_events> .
<event/punishment-1> a kg:Punishment, kg:Event ; rdfs:label "possible ban: Anna Keller" ;
    kg:target <person/anna-keller> ; kg:imposedBy <organization/world-athletics> ;
    kg:punishmentType "ban" ; kg:status "possible" ; kg:reason "doping" ;
    kg:reportedBy <organization/reuters> ;
    kg:confidence 0.7 ; kg:inDocument <doc/d1> ; kg:evidence <doc/d1/s1> ;
    kg:extractedBy <component/kg_events> .
<event/punishment-2> a kg:Punishment, kg:Event ; rdfs:label "actual fine: Anna Keller" ;
    kg:target <person/anna-keller> ; kg:punishmentType "fine" ; kg:status "actual" ;
    kg:confidence 0.5 ; kg:inDocument <doc/d1> ; kg:evidence <doc/d1/s1> ;
    kg:extractedBy <component/kg_events> .
"""

ANNA = KGR + "person/anna-keller"
CHE = KGR + "nation/che"
OLYMPICS = KGR + "event/2024-summer-olympics"
MEDAL = KGR + "event/medal-1"
BAN = KGR + "event/punishment-1"
FINE = KGR + "event/punishment-2"
WORLD_ATHLETICS = KGR + "organization/world-athletics"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return bind_prefixes(Graph()).parse(data=SMALL, format="turtle")


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory, graph: Graph) -> Path:
    path = tmp_path_factory.mktemp("graph") / "small.ttl"
    graph.serialize(path, format="turtle")
    return path


def labels(view: nx.MultiDiGraph) -> set[str]:
    return {data["label"] for _, data in view.nodes(data=True)}


def edges(view: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(view.nodes[u]["label"], d["label"], view.nodes[v]["label"]) for u, v, d in view.edges(data=True)}


# --------------------------------------------------------------------------- the view


def test_view_has_entities_and_events_as_nodes_and_no_provenance_nodes(graph: Graph) -> None:
    view = to_networkx(graph)
    assert isinstance(view, nx.MultiDiGraph)
    assert (view.number_of_nodes(), view.number_of_edges()) == (10, 9)
    assert labels(view) == {
        "Anna Keller",
        "Bo Lind",
        "Switzerland",
        "World Athletics",
        "Reuters",
        "2024 Summer Olympics",
        "athletics",
        "silver: Anna Keller at 2024 Summer Olympics",
        "possible ban: Anna Keller",
        "actual fine: Anna Keller",
    }
    drawn_classes = {data["class"] for _, data in view.nodes(data=True)}
    assert not drawn_classes & {"Statement", "Document", "Sentence", "Component"}


def test_node_attributes(graph: Graph) -> None:
    view = to_networkx(graph)
    anna = view.nodes[ANNA]
    assert anna["label"] == "Anna Keller"
    assert anna["class"] == "Athlete"  # the most specific of Athlete and Person
    assert anna["classes"] == ["Athlete", "Person"]
    assert anna["aliases"] == ["Keller"]
    assert anna["documents"] == ["d1"]
    assert anna["iri"] == "kgr:person/anna-keller"
    assert anna["confidence"] == 0.9  # her best-supported link
    assert view.nodes[CHE]["isoCode"] == "CHE"
    assert view.nodes[KGR + "person/bo-lind"]["confidence"] is None
    medal = view.nodes[MEDAL]
    assert (medal["class"], medal["medal"], medal["confidence"]) == ("MedalAward", "silver", 0.85)
    ban = view.nodes[BAN]
    assert (ban["punishmentType"], ban["status"], ban["reason"]) == ("ban", "possible", "doping")


def test_edge_attributes_and_provenance(graph: Graph) -> None:
    view = to_networkx(graph)
    nationality = view.edges[ANNA, CHE, "kg:nationality"]
    assert nationality["predicate"] == "kg:nationality"
    assert nationality["label"] == "nationality"
    assert nationality["confidence"] == 0.9  # the better of its two statements
    assert [(p["document"], p["confidence"], p["component"]) for p in nationality["provenance"]] == [
        ("d1", 0.9, "kg_relations"),
        ("d1", 0.55, "kg_relations"),
    ]
    assert nationality["provenance"][0]["sentence"].startswith("Swiss sprinter Anna Keller won silver")
    assert nationality["provenance"][0]["date"] == "2024-08-01"
    role = view.edges[BAN, WORLD_ATHLETICS, "kg:imposedBy"]
    assert role["label"] == "imposed by"  # the ontology's label of the property
    assert role["confidence"] == 0.7
    assert role["provenance"][0]["sentence"].startswith("Keller may face a ban")


def test_an_events_evidence_is_in_document_order_by_the_sentences_starts() -> None:
    """Sentences carry their start, not their index (it is the end of their IRI): "s10" sorts before
    "s9" as a string, after it by its start."""
    two_sentences = """
<doc/d2> a kg:Document ; kg:docId "d2" .
<doc/d2/s9> a kg:Sentence ; kg:inDocument <doc/d2> ; kg:startChar 200 ; kg:text "Lind won gold." .
<doc/d2/s10> a kg:Sentence ; kg:inDocument <doc/d2> ; kg:startChar 215 ; kg:text "It was his first." .
<person/bo-lind> a kg:Athlete, kg:Person ; rdfs:label "Bo Lind" ; kg:mentionedIn <doc/d2> .
<event/medal-2> a kg:MedalAward, kg:Event ; rdfs:label "gold: Bo Lind" ; kg:recipient <person/bo-lind> ;
    kg:medal "gold" ; kg:confidence 0.9 ; kg:evidence <doc/d2/s10>, <doc/d2/s9> ;
    kg:extractedBy <component/kg_events> .
"""
    prefixes = SMALL[: SMALL.index("<doc/d1>")]
    view = to_networkx(bind_prefixes(Graph()).parse(data=prefixes + two_sentences, format="turtle"))
    award = view.edges[KGR + "event/medal-2", KGR + "person/bo-lind", "kg:recipient"]
    assert [p["sentence"] for p in award["provenance"]] == ["Lind won gold.", "It was his first."]


def test_collapse_folds_events_into_labelled_edges(graph: Graph) -> None:
    view = to_networkx(graph, collapse=True)
    assert (view.number_of_nodes(), view.number_of_edges()) == (8, 6)
    assert MEDAL not in view and BAN not in view
    assert FINE in view  # no imposer: it stays a hub rather than vanish
    assert ("Anna Keller", "silver", "2024 Summer Olympics") in edges(view)
    assert ("World Athletics", "ban (possible)", "Anna Keller") in edges(view)
    medal = view.edges[ANNA, OLYMPICS, MEDAL]
    assert (medal["predicate"], medal["medal"], medal["event"]) == ("kg:MedalAward", "silver", MEDAL)
    ban = view.edges[WORLD_ATHLETICS, ANNA, BAN]
    assert (ban["status"], ban["reason"], ban["reportedBy"], ban["confidence"]) == (
        "possible",
        "doping",
        "Reuters",
        0.7,
    )
    assert ban["provenance"][0]["component"] == "kg_events"
    # collapsing a view is the same as asking for a collapsed one
    assert edges(collapse_events(to_networkx(graph))) == edges(view)


def test_focus_by_label_alias_or_iri_with_hops(graph: Graph) -> None:
    assert labels(to_networkx(graph, focus="Switzerland", hops=0)) == {"Switzerland"}
    one = to_networkx(graph, focus="swiss", hops=1)  # an alias, any case
    assert labels(one) == {"Switzerland", "Anna Keller"}
    assert one.nodes[CHE]["focus"] is True
    two = to_networkx(graph, focus="kgr:nation/che", hops=2)
    assert "possible ban: Anna Keller" in labels(two) and "World Athletics" not in labels(two)
    assert "World Athletics" in labels(to_networkx(graph, focus="Switzerland", hops=3))
    # a collapsed view brings the punisher one hop closer
    assert "World Athletics" in labels(to_networkx(graph, focus="Switzerland", hops=2, collapse=True))
    both = to_networkx(graph, focus=["Reuters", "athletics"], hops=0)
    assert labels(both) == {"Reuters", "athletics"}


def test_focus_on_an_unknown_label_suggests_close_ones(graph: Graph) -> None:
    with pytest.raises(
        QueryError, match=r"no node labelled 'Ana Keller' in the graph; did you mean 'Anna Keller'"
    ):
        to_networkx(graph, focus="Ana Keller")
    with pytest.raises(QueryError, match="hops must be 0 or more"):
        neighbourhood(to_networkx(graph), "Anna Keller", -1)


#: How an ingest records the placing of a document's entity: resolution's provenance, never drawn.
LINK = """
<link/1> a <https://w3id.org/kg-news/ontology#EntityLink> ;
    <https://w3id.org/kg-news/ontology#resolvedTo> <https://w3id.org/kg-news/id/person/anna-keller> ;
    <https://w3id.org/kg-news/ontology#entityClass> <https://w3id.org/kg-news/ontology#Athlete> .
"""


@pytest.fixture()
def small_store(tmp_path: Path) -> Path:
    """SMALL in a store, as one document's graph, with an entity link as an ingest writes them."""
    folder = tmp_path / "store"
    with open_store(folder, create=True) as opened:
        opened.oxigraph.load(
            input=SMALL + LINK.replace("<link/1>", f"<{KGR}link/1>"),
            format=pyoxigraph.RdfFormat.TURTLE,
            to_graph=pyoxigraph.NamedNode(KGR + "doc/d1"),
        )
    return folder


def test_entity_links_are_never_drawn(graph: Graph) -> None:
    linked = bind_prefixes(Graph()).parse(data=SMALL + LINK, format="turtle")
    assert set(to_networkx(linked)) == set(to_networkx(graph))


def _everything(view: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((key, sorted(data.items())) for key, data in view.nodes(data=True))
    links = sorted((s, t, k, sorted(data.items())) for s, t, k, data in view.edges(keys=True, data=True))
    return nodes, links


@pytest.mark.parametrize(
    "options",
    [
        {"focus": "Switzerland", "hops": 0},
        {"focus": "swiss", "hops": 1},
        {"focus": "kgr:nation/che", "hops": 2},
        {"focus": "Switzerland", "hops": 2, "collapse": True},
        {"focus": ["Reuters", "ATHLETICS"], "hops": 1, "min_confidence": 0.6},
        {"focus": "World Athletics", "hops": 2, "classes": ["Athlete", "Organization", "Punishment"]},
    ],
)
def test_a_store_is_drawn_around_a_focus_from_the_part_sparql_fetches(
    small_store: Path, options: dict[str, Any]
) -> None:
    with open_store(small_store) as opened:
        whole = opened.to_graph()
        part = store_neighbourhood(
            opened, options["focus"], options["hops"], collapse=options.get("collapse", False)
        )
    assert len(part) < len(whole)
    assert _everything(to_networkx(part, **options)) == _everything(to_networkx(whole, **options))


def test_a_focus_missing_from_a_store_suggests_close_labels(small_store: Path) -> None:
    with open_store(small_store) as opened:
        with pytest.raises(QueryError) as from_part:
            store_neighbourhood(opened, "Ana Keller")
        with pytest.raises(QueryError) as from_whole:
            to_networkx(opened.to_graph(), focus="Ana Keller")
    assert str(from_part.value) == str(from_whole.value)
    assert str(from_part.value).endswith("did you mean 'Anna Keller'?")


def test_class_filter(graph: Graph) -> None:
    assert labels(to_networkx(graph, classes=["Nation"])) == {"Switzerland"}
    people = to_networkx(graph, classes=["Person"])  # an athlete is a person too
    assert labels(people) == {"Anna Keller", "Bo Lind"}
    events = to_networkx(graph, classes=["Athlete", "Event"])
    assert events.number_of_nodes() == 4 and events.number_of_edges() == 3
    with pytest.raises(QueryError, match="unknown class 'Atlete'"):
        to_networkx(graph, classes=["Atlete"])


def test_min_confidence_keeps_confident_links_and_their_ends(graph: Graph) -> None:
    view = to_networkx(graph, min_confidence=0.8)
    assert labels(view) == {
        "Anna Keller",
        "Switzerland",
        "athletics",
        "silver: Anna Keller at 2024 Summer Olympics",
        "2024 Summer Olympics",
    }
    assert {d["predicate"] for *_, d in view.edges(data=True)} == {
        "kg:nationality",
        "kg:playsSport",
        "kg:recipient",
        "kg:atEvent",
    }
    assert to_networkx(graph, min_confidence=0).number_of_nodes() == 9  # Bo Lind has no confidence at all
    with pytest.raises(QueryError, match="between 0 and 1"):
        filter_view(to_networkx(graph), min_confidence=2)


def test_isolated_nodes_can_be_left_out(graph: Graph) -> None:
    assert "Bo Lind" not in labels(to_networkx(graph, isolated=False))


def test_construct_query_chooses_what_is_drawn(graph: Graph) -> None:
    view = to_networkx(graph, query="CONSTRUCT { ?p kg:nationality ?n } WHERE { ?p kg:nationality ?n }")
    assert edges(view) == {("Anna Keller", "nationality", "Switzerland")}
    assert view.nodes[ANNA]["class"] == "Athlete"  # labels and classes come from the whole graph
    assert len(view.edges[ANNA, CHE, "kg:nationality"]["provenance"]) == 2
    punishments = to_networkx(
        graph, query="CONSTRUCT { ?p ?role ?x } WHERE { ?p a kg:Punishment ; ?role ?x . FILTER(isIRI(?x)) }"
    )
    assert labels(punishments) == {
        "possible ban: Anna Keller",
        "actual fine: Anna Keller",
        "Anna Keller",
        "World Athletics",
        "Reuters",
    }
    with pytest.raises(QueryError, match="CONSTRUCT or DESCRIBE query, not SELECT"):
        to_networkx(graph, query="SELECT * WHERE { ?s ?p ?o }")


def test_a_graph_from_elsewhere_still_converts() -> None:
    other = Graph().parse(
        data='@prefix ex: <http://example.org/> . ex:a ex:knows ex:b ; ex:name "A" . ex:b a ex:Robot .',
        format="turtle",
    )
    view = to_networkx(other)
    assert {(d["label"], d["class"]) for _, d in view.nodes(data=True)} == {("a", "Other"), ("b", "ex:Robot")}
    assert [d["predicate"] for *_, d in view.edges(data=True)] == ["ex:knows"]


# --------------------------------------------------------------------------- pictures


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_is_a_valid_image_of_the_figure_size(graph: Graph, tmp_path: Path) -> None:
    figure = draw(graph, title="Small")
    inches = figure.get_size_inches()
    out = save(graph, tmp_path / "small.png", title="Small")
    width, height = png_size(out.read_bytes())
    assert abs(width - inches[0] * 100) <= 1 and abs(height - inches[1] * 100) <= 1  # 100 dpi
    assert out.read_bytes()[-12:] == b"\x00\x00\x00\x00IEND\xaeB`\x82"  # complete, not cut short


def test_svg_keeps_labels_as_text(graph: Graph, tmp_path: Path) -> None:
    out = save(graph, tmp_path / "small.svg", collapse=True)
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Anna Keller", "Switzerland", "silver", "Athlete (1)"} <= texts


def test_layout_spreads_a_few_hundred_nodes() -> None:
    """Hubs with many leaves and a long tail: no two nodes closer than the room a label needs."""
    from kg.drawing import ROOM, layout

    view = nx.MultiDiGraph()
    for hub in range(6):
        view.add_node(f"hub{hub}", label=f"hub {hub}", **{"class": "SportingEvent"})
        for leaf in range(45):
            view.add_node(f"leaf{hub}-{leaf}", label=f"athlete {hub}-{leaf}", **{"class": "Athlete"})
            view.add_edge(f"leaf{hub}-{leaf}", f"hub{hub}")
    for lone in range(20):
        view.add_node(f"lone{lone}", label=f"lone {lone}", **{"class": "Nation"})
    view.add_edge("hub0", "hub1")
    pos = layout(view)
    points = np.array([pos[n] for n in view]) / np.array(ROOM)
    distance = np.linalg.norm(points[:, None] - points[None, :], axis=2) + np.eye(len(points)) * 9
    assert len(pos) == 296
    assert distance.min() > 0.95


def test_drawing_is_deterministic(graph: Graph, tmp_path: Path) -> None:
    first = save(graph, tmp_path / "a.svg")
    second = save(graph, tmp_path / "b.svg")
    assert first.read_bytes() == second.read_bytes()


def test_save_refuses_an_unknown_format_and_leaves_nothing(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(
        InputError, match=r"out\.pdf: unknown picture format 'pdf'; choose one of: html, png, svg"
    ):
        save(graph, tmp_path / "out.pdf")
    with pytest.raises(QueryError):
        save(graph, tmp_path / "out.png", focus="nobody")
    assert list(tmp_path.iterdir()) == []


def test_html_is_self_contained_and_escapes_text(graph: Graph) -> None:
    view = interactive(graph, title="Small <graph>")
    page = view.to_html()
    assert "<title>Small &lt;graph&gt;</title>" in page
    for marker in ('src="http', "src='http", 'href="http', "@import", "url(http"):
        assert marker not in page
    assert "Athlete (1)" in page
    # the sentence's markup is shown, not obeyed; "$label" is not expanded by gravis
    assert "doping &lt;b&gt;&amp;&lt;/b&gt; &#36;label" in page
    assert "<b>&</b>" not in page
    assert view._repr_html_().startswith('<div class="kg-legend"')
    assert repr(view) == "<InteractiveView: 10 nodes, 9 edges>"


def test_a_label_cannot_close_the_script_it_is_embedded_in() -> None:
    odd = Graph().parse(
        data="<http://e/a> <http://e/p> <http://e/b> .\n"
        "<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"</script><script>alert(1)</script>" .',
        format="turtle",
    )
    page = interactive(odd).to_html()
    assert "</script><script>alert(1)" not in page


def test_gravis_imports_without_pkg_resources() -> None:
    """setuptools 81 dropped pkg_resources, which gravis uses to read its templates."""
    code = (
        "import sys; sys.modules['pkg_resources'] = None\n"  # as if setuptools had none
        "from kg.interactive import _import_gravis\n"
        "gravis = _import_gravis()\n"
        "assert sys.modules['pkg_resources'] is None\n"
        "assert 'd3' in gravis.d3({'graph': {'nodes': {'a': {}}}}).to_html_standalone()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


# --------------------------------------------------------------------------- kg viz


def kg(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("suffix", ["html", "png", "svg"])
def test_kg_viz_writes_each_format(graph_file: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"small.{suffix}"
    code, stdout, stderr = kg("viz", graph_file, "-o", out, "--title", "Small")
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"wrote {out}: 10 nodes, 9 edges in ")
    assert out.stat().st_size > 1000


def test_kg_viz_options(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.png"
    args = ("--focus", "Anna Keller", "--hops", "1", "--collapse", "--min-confidence", "0.6")
    code, stdout, _ = kg("viz", graph_file, "-o", out, *args)
    assert code == 0 and ": 5 nodes, 5 edges" in stdout  # the fine (0.5) and those only it links go
    query = tmp_path / "nationality.rq"
    query.write_text("CONSTRUCT { ?p kg:nationality ?n }\nWHERE { ?p kg:nationality ?n }\n", encoding="utf-8")
    code, stdout, _ = kg(
        "viz", graph_file, "-o", out, "--query", query, "--class", "Nation", "--class", "Athlete"
    )
    assert code == 0 and ": 2 nodes, 1 edges" in stdout
    code, stdout, _ = kg("viz", graph_file, "-o", out, "--no-isolated")
    assert code == 0 and ": 9 nodes, 9 edges" in stdout


PDF, NO_EXT, NOWHERE = "{tmp}/out.pdf", "{tmp}/out", "{tmp}/nowhere/out.png"
CLASSES = "Athlete, Event, MedalAward, Nation, Organization, Person, Punishment, Referent, Sport, "
CLASSES += "SportingEvent, Team"
#: name → (arguments after the graph file, the one line on stderr)
BAD_VIZ = {
    "unknown format": (
        ["-o", PDF],
        f"error: {PDF}: unknown picture format 'pdf'; choose one of: html, png, svg",
    ),
    "no extension": (
        ["-o", NO_EXT],
        f"error: {NO_EXT}: no file extension to tell the picture format; use one of: html, png, svg",
    ),
    "no such folder": (
        ["-o", NOWHERE],
        f"error: {NOWHERE}: cannot write: directory '{{tmp}}/nowhere' does not exist",
    ),
    "unknown label": (
        ["-o", "{tmp}/out.png", "--focus", "Ana Keller"],
        "error: no node labelled 'Ana Keller' in the graph; did you mean 'Anna Keller'?",
    ),
    "bad query file": (
        ["-o", "{tmp}/out.png", "--query", "{tmp}/bad.rq"],
        "error: {tmp}/bad.rq: SPARQL syntax error at line 2, column 1: "
        "Expected ConstructQuery (at the end of the query)",
    ),
    "missing query file": (
        ["-o", "{tmp}/out.png", "--query", "{tmp}/missing.rq"],
        "error: {tmp}/missing.rq: does not exist",
    ),
    "select query": (
        ["-o", "{tmp}/out.png", "--query", "punishments"],
        "error: a view needs a CONSTRUCT or DESCRIBE query, not SELECT",
    ),
    "unknown class": (
        ["-o", "{tmp}/out.png", "--class", "Robot"],
        f"error: unknown class 'Robot'; choose from: {CLASSES}",
    ),
    "nothing left": (
        ["-o", "{tmp}/out.png", "--min-confidence", "0.95"],
        "error: {graph}: nothing to draw: no entity or event is left after the filters",
    ),
}


@pytest.mark.parametrize("case", BAD_VIZ)
def test_kg_viz_bad_input_is_one_line_and_leaves_the_output_alone(
    graph_file: Path, tmp_path: Path, case: str
) -> None:
    (tmp_path / "bad.rq").write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o\n", encoding="utf-8")
    args, message = BAD_VIZ[case]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, stdout, stderr = kg("viz", graph_file, *(a.format(tmp=tmp_path) for a in args))
    assert (code, stdout) == (1, "")
    assert stderr == message.format(tmp=tmp_path, graph=graph_file) + "\n"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_kg_viz_on_a_broken_graph_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://e/> .\nex:a ex:b .\n", encoding="utf-8")
    code, _, stderr = kg("viz", broken, "-o", tmp_path / "out.html")
    assert code == 1
    assert stderr.startswith(f"error: {broken}: not a valid Turtle graph: line 2:")
    assert not (tmp_path / "out.html").exists()


def test_an_existing_picture_survives_a_failed_run(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "keep.png"
    out.write_bytes(b"yesterday's picture")
    code, _, _ = kg("viz", graph_file, "-o", out, "--focus", "nobody")
    assert code == 1 and out.read_bytes() == b"yesterday's picture"


# --------------------------------------------------------------------------- in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium through playwright; CI must have it, a laptop may do without."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the HTML view test: .ci/run installs it with apt-get")
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_html_view_draws_every_node_offline_without_errors(graph: Graph, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    out = save(graph, tmp_path / "small.html", title="Small")
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.route("http*://**", lambda route: route.abort())  # belt and braces: nothing may leave the machine
    page.goto(out.as_uri())
    page.wait_for_timeout(1500)  # the force layout runs for a moment
    nodes = page.evaluate(
        """Array.from(document.querySelectorAll('circle, rect'))
             .filter(e => e.__data__ && e.__data__.shape !== undefined)
             .map(e => { const r = e.getBoundingClientRect(), d = e.__data__;
                         return {id: d.id, x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width}; })"""
    )
    assert sorted(n["id"] for n in nodes) == sorted(to_networkx(graph))
    assert nodes
    assert all(n["w"] > 0 and 0 <= n["x"] <= 1100 and 0 <= n["y"] <= 800 for n in nodes), nodes
    # hovering the athlete shows her label and the evidence behind her links
    anna = next(n for n in nodes if n["id"] == ANNA)
    page.mouse.move(anna["x"], anna["y"])
    page.wait_for_timeout(300)
    tooltip = page.evaluate(
        "Array.from(document.querySelectorAll('div')).map(d => d.innerText)"
        ".filter(t => t.startsWith('Anna Keller (Athlete)'))[0] || ''"
    )
    assert "kgr:person/anna-keller" in tooltip and "confidence: 0.90" in tooltip
    assert requests == [out.as_uri()]
    assert problems == []
    page.close()


def test_kg_viz_draws_a_large_store_only_in_part(tmp_path: Path) -> None:
    store = make_sample_store(tmp_path / "store")  # 208 triples
    out = tmp_path / "store.html"
    code, stdout, stderr = kg("viz", "--store", store, "-o", out, "--max-triples", "100")
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"error: {store}: 208 triples is too many to draw whole (--max-triples 100): "
        "draw a part with --focus LABEL or --query CONSTRUCT, or raise --max-triples\n"
    )
    assert not out.exists()
    code, stdout, stderr = kg(
        "viz", "--store", store, "-o", out, "--max-triples", "100", "--focus", "Kim Kum-yong"
    )
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"wrote {out}: ")
    code, _, stderr = kg("viz", "--store", store, "-o", out, "--max-triples", "208")
    assert (code, stderr) == (0, "")
