"""A store that grows one document at a time: ingest, re-ingest, replace, remove, lock, serve and push.

The articles are the bundled examples plus short invented stories.
"""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from conftest import SAMPLE
from rdflib import Graph
from rdflib.compare import isomorphic

import kg
import kg.resolve
import kg.store
from kg.endpoint import oxigraph_command, push
from kg.errors import KgError
from kg.export import validate
from kg.graph import document_iri
from kg.namespaces import KG, KG_IRI
from kg.query import query_store, run_store_query
from kg.read import read_documents
from kg.records import Document, Extraction
from kg.stats import graph_stats, store_stats
from kg.store import GraphStore, StoreError, open_store

KG_COMMAND = str(Path(sys.executable).parent / "kg")  # the console script of this environment
EXAMPLES = Path(__file__).parents[1] / "examples" / "articles"
RELAY = Document(
    "relay",
    "Hungarian swimmer Ilona Szemere won gold in the 4x100m relay at the 2024 European Aquatics "
    "Championships. Szemere, 24, swam the last leg for Hungary.",
)
BAN = Document(
    "ban",
    "Croatian rower Ivo Marasovic was banned for two years by the World Anti-Doping Agency on Monday. "
    "Marasovic tested positive at the 2024 European Rowing Championships.",
)

BAN_GRAPH = f"<{document_iri('ban')}>"
BAN_FACTS = "SELECT ?s ?o WHERE { GRAPH " + BAN_GRAPH + " { ?st rdf:subject ?s ; rdf:object ?o } }"


def contract_triples(graph: Graph) -> set[tuple[object, ...]]:
    predicates = {KG.nationality, KG.memberOf, KG.participatedIn, KG.playsSport, KG.leaderOf}
    return {t for t in graph if t[1] in predicates}


@pytest.fixture()
def store(tmp_path: Path) -> Path:
    return tmp_path / "store"


def test_a_store_holds_what_a_build_of_the_same_articles_holds(store: Path) -> None:
    documents = list(read_documents([EXAMPLES]))
    with open_store(store, create=True) as opened:
        report = opened.ingest(documents)
        assert sorted(report.added) == sorted(d.id for d in documents)
        stored = opened.to_graph()
        counts = store_stats(opened)
    built = kg.build_graph(documents)
    assert contract_triples(stored) == contract_triples(built)
    assert counts.entities == graph_stats(built).entities
    assert counts.events == graph_stats(built).events
    assert validate(stored).conforms


def test_ingesting_an_unchanged_document_again_does_nothing(store: Path) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN])
        before = len(opened.oxigraph)
        report = opened.ingest([RELAY, BAN])
        assert report.unchanged == ["relay", "ban"] and not report.added and not report.replaced
        assert len(opened.oxigraph) == before


def test_a_changed_document_replaces_its_own_graph_only(store: Path) -> None:
    changed = Document("relay", RELAY.text.replace("gold", "silver"))
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN])
        ban_facts = opened.select(BAN_FACTS)
        report = opened.ingest([changed, BAN])
        assert report.replaced == ["relay"] and report.unchanged == ["ban"]
        medals = run_store_query(opened, "SELECT ?m WHERE { ?e a kg:MedalAward ; kg:medal ?m }")
        assert [row[0] for row in medals.rows] == ["silver"]
        assert len(opened.select(BAN_FACTS)) == len(ban_facts)


def test_removing_a_document_takes_out_what_only_it_supported(store: Path) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
        alone = opened.to_graph()
        opened.ingest([BAN])
        gone = opened.remove("ban")
        assert gone > 0  # the rower, Croatia, WADA, the rowing championships
        assert not opened.select('SELECT ?e WHERE { ?e rdfs:label "Ivo Marasovic" }')
        assert not opened.select("SELECT ?e WHERE { ?e kg:mentionedIn " + BAN_GRAPH + " }")
        assert isomorphic(opened.to_graph(), alone)
        with pytest.raises(StoreError, match="no document 'ban'"):
            opened.remove("ban")


def test_a_surname_in_a_later_story_joins_the_person_when_the_facts_agree(store: Path) -> None:
    later = Document(
        "heats",
        "Hungarian swimmer Szemere qualified fastest for the 200m freestyle final on Tuesday.",
    )
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
        report = opened.ingest([later])
        links = opened.select(
            "SELECT ?entity ?reason ?confidence ?text WHERE { GRAPH <" + str(document_iri("heats")) + "> { "
            '?link kg:localLabel "Szemere" ; kg:resolvedTo ?entity ; kg:linkReason ?reason ; '
            "kg:confidence ?confidence ; kg:evidence ?sentence . ?sentence kg:text ?text } }"
        )
    assert report.merges >= 1
    (link,) = links
    assert link["entity"].value.endswith("person/ilona-szemere")
    assert "surname" in link["reason"].value and float(link["confidence"].value) >= 0.75
    assert link["text"].value == later.text  # the mention the merge rests on


def test_a_write_that_fails_leaves_the_store_as_it_was(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
        before = opened.to_graph()

        write = GraphStore._write_quads

        def failing(self: GraphStore, quads: list[pyoxigraph.Quad]) -> None:
            write(self, quads[: len(quads) // 2])  # the document's graph is written by now, and then
            assert self.select("SELECT ?s WHERE { GRAPH " + BAN_GRAPH + " { ?s ?p ?o } } LIMIT 1")
            raise OSError("No space left on device")

        monkeypatch.setattr(GraphStore, "_write_quads", failing)
        with pytest.raises(
            StoreError, match="storing documents up to 'ban' failed and nothing of them was written"
        ):
            opened.ingest([BAN])
        monkeypatch.undo()
        assert isomorphic(opened.to_graph(), before)
        assert opened.ingest([RELAY, BAN]).added == ["ban"]
    with open_store(store) as opened:
        assert sorted(opened.documents()) == ["ban", "relay"]


def test_two_writers_at_once_get_a_clear_error(store: Path) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
        with pytest.raises(StoreError, match="in use by another process"), open_store(store, write=True):
            pass


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(KgError, match="not a kg store"), open_store(tmp_path, create=True):
        pass
    with pytest.raises(KgError, match="no such store"), open_store(tmp_path / "missing"):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


def _sparql(endpoint: str, query: str) -> list[dict[str, dict[str, str]]]:
    request = urllib.request.Request(
        f"{endpoint}/query?{urllib.parse.urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["results"]["bindings"]


def test_kg_serve_answers_sparql_and_kg_push_fills_another_endpoint(store: Path, tmp_path: Path) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN])
    port = _free_port()
    server = subprocess.Popen([KG_COMMAND, "serve", "--store", str(store), "--port", str(port)])
    target_port = _free_port()
    target = subprocess.Popen(
        [
            oxigraph_command(),
            "serve",
            "--location",
            str(tmp_path / "target"),
            "--bind",
            f"127.0.0.1:{target_port}",
        ]
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        _wait_for(f"{endpoint}/query?query=ASK%7B%7D")
        rows = _sparql(
            endpoint,
            "SELECT ?n WHERE { ?x a <https://w3id.org/kg-news/ontology#Nation> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?n } ORDER BY ?n",
        )
        assert [row["n"]["value"] for row in rows] == ["Croatia", "Hungary"]
        # a served store is not changed under the server
        with pytest.raises(StoreError, match="in use"), open_store(store, write=True):
            pass
        remote = f"http://127.0.0.1:{target_port}"
        _wait_for(f"{remote}/query?query=ASK%7B%7D")
        with open_store(store) as opened:
            sent = push(opened, f"{remote}/store")
        assert sent == 3  # two documents and the entity layer
        count = _sparql(
            remote,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a <https://w3id.org/kg-news/ontology#Nation> } }",
        )
        assert count[0]["n"]["value"] == "2"
    finally:
        for process in (server, target):
            process.terminate()
            process.wait(timeout=10)


def test_a_merge_can_be_undone_and_the_facts_move_with_the_document(store: Path) -> None:
    later = Document("heats", "Hungarian swimmer Szemere qualified fastest for the 200m freestyle final.")
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, later])
        (row,) = opened.select(
            'SELECT ?link ?entity WHERE { ?link kg:localLabel "Szemere" ; kg:resolvedTo ?entity }'
        )
        merged = row["entity"].value
        new = opened.unmerge(row["link"].value.rsplit("/", 1)[-1])
        labels = {r["l"].value for r in opened.select("SELECT ?l WHERE { ?e a kg:Person ; rdfs:label ?l }")}
        reason = opened.select('SELECT ?why WHERE { ?link kg:localLabel "Szemere" ; kg:linkReason ?why }')
        facts = opened.select(f"SELECT ?p ?o WHERE {{ <{new}> ?p ?o FILTER(?p = kg:nationality) }}")
        with pytest.raises(StoreError, match="merged nothing"):
            opened.unmerge(row["link"].value)
        assert validate(opened.to_graph()).conforms
    assert new != merged and new.endswith("person/szemere")
    assert labels == {"Ilona Szemere", "Szemere"}
    assert reason[0]["why"].value == f"kept apart by hand from {merged}"
    assert [f["o"].value.rsplit("/", 1)[-1] for f in facts] == ["hun"]


ARTICLES = Path(__file__).parent / "data" / "dev" / "news-a.gold.jsonl"
#: Ingests ARTICLES into the store argv[1], committing every argv[2] documents (0: all at once),
#: and prints each document's id as it is placed, so that the test knows when to kill it.
INGEST_AND_TELL = """
import sys
from kg.read import read_documents
from kg.store import open_store
with open_store(sys.argv[1], create=True) as store:
    store.ingest(list(read_documents([sys.argv[3]])), commit_every=int(sys.argv[2]),
                 on_document=lambda doc_id, what: print(doc_id, what, flush=True))
"""


def _ingest_and_kill(store: Path, commit_every: int, after: int) -> None:
    """Start an ingest in another process and kill it (SIGKILL) once `after` documents are placed."""
    command = [sys.executable, "-c", INGEST_AND_TELL, str(store), str(commit_every), str(ARTICLES)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for _ in range(after):
        assert process.stdout.readline(), "the ingest ended before it could be killed"
    process.kill()
    process.wait()


def test_an_ingest_killed_half_way_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
        before = opened.to_graph()
    _ingest_and_kill(store, commit_every=0, after=4)
    with open_store(store) as opened:
        assert list(opened.documents()) == ["relay"]
        assert isomorphic(opened.to_graph(), before)


def test_an_ingest_committing_as_it_goes_keeps_whole_documents_and_a_rerun_finishes_it(
    tmp_path: Path,
) -> None:
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    _ingest_and_kill(killed, commit_every=1, after=4)
    total = len(list(read_documents([ARTICLES])))
    with open_store(killed) as opened:
        stored = opened.documents()
        assert validate(opened.to_graph()).conforms
    assert 0 < len(stored) < total, "the ingest was not stopped half-way"
    with open_store(killed, write=True) as opened:
        report = opened.ingest(list(read_documents([ARTICLES])))
        assert len(report.unchanged) == len(stored) and len(report.added) == total - len(stored)
        resumed = opened.to_graph()
    with open_store(clean, create=True) as opened:
        opened.ingest(list(read_documents([ARTICLES])))
        assert isomorphic(resumed, opened.to_graph())


def test_one_ingest_of_many_documents_equals_one_ingest_per_document(tmp_path: Path) -> None:
    later = Document("heats", "Hungarian swimmer Szemere qualified fastest for the 200m freestyle final.")
    changed = Document("relay", RELAY.text.replace("gold", "silver"))
    with open_store(tmp_path / "together", create=True) as opened:
        opened.ingest([RELAY, BAN])
        opened.ingest([later, changed])  # a replaced document and its new neighbour in one transaction
        together = opened.to_graph()
    with open_store(tmp_path / "apart", create=True) as opened:
        for document in (RELAY, BAN, later, changed):
            opened.ingest([document])
        apart = opened.to_graph()
    assert isomorphic(together, apart)


def test_one_id_twice_in_an_ingest_is_refused_before_anything_is_written(store: Path) -> None:
    with open_store(store, create=True) as opened:
        with pytest.raises(StoreError, match="'relay' is given twice"):
            opened.ingest([RELAY, BAN, Document("relay", "Another text.")])
        assert opened.documents() == {}


def _tree(folder: Path) -> list[tuple[str, int, int]]:
    return sorted(
        (str(f.relative_to(folder)), f.stat().st_size, f.stat().st_mtime_ns) for f in folder.rglob("*")
    )


def test_a_store_is_read_without_writing_to_it(store: Path) -> None:
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN])
    before = _tree(store)
    for entry in [store, *store.rglob("*")]:  # what a user without write permission sees
        entry.chmod(entry.stat().st_mode & ~0o222)
    try:
        with open_store(store) as opened:
            nations = run_store_query(
                opened, "SELECT ?n WHERE { ?x a kg:Nation ; rdfs:label ?n } ORDER BY ?n"
            )
            assert [row[0] for row in nations.rows] == ["Croatia", "Hungary"]
            assert store_stats(opened).documents == 2
        limited = query_store(
            store, "SELECT ?n WHERE { ?x a kg:Nation ; rdfs:label ?n } ORDER BY ?n", timeout=60
        )
        assert [row[0] for row in limited.rows] == ["Croatia", "Hungary"]  # as kg query --store runs it
    finally:
        for entry in [store, *store.rglob("*")]:
            entry.chmod(entry.stat().st_mode | 0o200)
    assert _tree(store) == before  # not a lock file, not a log: nothing was written


def test_readers_see_the_last_committed_state_while_an_ingest_runs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY])
    command = [sys.executable, "-c", INGEST_AND_TELL, str(store), "2", str(ARTICLES)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        counts = []
        for _ in range(5):  # documents are being placed (and every second one committed) meanwhile
            assert process.stdout.readline(), "the ingest ended too soon"
            with open_store(store) as opened:
                stored = opened.documents()
                assert "relay" in stored
                counts.append(len(stored))
                graphs = {row["g"].value for row in opened.select("SELECT DISTINCT ?g { GRAPH ?g {} }")}
                assert {str(document_iri(doc_id)) for doc_id in stored} <= graphs
                assert len(graphs) == len(stored) + 2  # whole documents only, and the two layers
            count = query_store(store, "SELECT (COUNT(*) AS ?n) { ?d a kg:Document }", timeout=60)
            assert int(count.rows[0][0]) >= counts[-1]  # kg query --store, time limit and all
    finally:
        process.wait(timeout=600)
    assert counts == sorted(counts) and counts[-1] > 1
    with open_store(store) as opened:
        assert len(opened.documents()) == 1 + len(list(read_documents([ARTICLES])))


@pytest.mark.parametrize("fmt", ["trig", "nq", "ttl", "nt", "jsonld"])
def test_a_store_is_exported_in_every_format_and_reads_back_the_same(
    store: Path, tmp_path: Path, fmt: str
) -> None:
    from kg.export import OX_FORMATS, format_for, load_graph

    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN])
        whole = opened.to_graph()
        opened.write_dataset(tmp_path / f"out.{fmt}", OX_FORMATS[format_for(fmt)])
    assert isomorphic(load_graph(tmp_path / f"out.{fmt}"), whole)


def test_validate_store_in_pieces_finds_what_validating_the_whole_graph_finds(store: Path) -> None:
    from kg.export import validate_dataset

    with open_store(store, create=True) as opened:
        opened.ingest(list(read_documents([EXAMPLES])))
        # break a sentence in a document's graph and an entity in the entity layer
        opened.oxigraph.update(
            "DELETE { GRAPH ?g { ?s kg:text ?t } } WHERE { "
            "{ SELECT ?s WHERE { GRAPH ?h { ?s a kg:Sentence } } ORDER BY ?s LIMIT 1 } "
            "GRAPH ?g { ?s kg:text ?t } } ;"
            "DELETE { GRAPH ?g { ?e rdfs:label ?l } } WHERE { "
            "{ SELECT ?e WHERE { GRAPH ?h { ?e a kg:Nation } } ORDER BY ?e LIMIT 1 } "
            "GRAPH ?g { ?e rdfs:label ?l } }",
            prefixes={"kg": str(KG), "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
        )
        in_pieces = validate_dataset(opened, batch=1, processes=1)
        in_two_processes = validate_dataset(opened, batch=1, processes=2)
        whole = validate(opened.to_graph())
    assert not in_pieces.conforms
    assert in_pieces.violations == whole.violations == in_two_processes.violations
    assert in_pieces.text == whole.text == in_two_processes.text
    messages = {violation.message for violation in in_pieces.violations}
    assert "A sentence has exactly one kg:text, a string" in messages
    assert any("exactly one rdfs:label" in message for message in messages)


def test_a_published_generation_holds_no_stale_write_ahead_log(store: Path) -> None:
    """RocksDB recycles its log files, and the copy that publishes a generation copied the live one
    whole, stale records and all; everything is flushed by then, so the copy's logs are emptied."""
    with open_store(store, create=True) as opened:
        for number in range(3):  # commits in one session: the later ones write into recycled logs
            graph = pyoxigraph.NamedNode(f"https://w3id.org/kg-news/id/doc/sample-{number}")
            opened.oxigraph.load(path=SAMPLE, format=pyoxigraph.RdfFormat.TURTLE, to_graph=graph)
            folder = opened.publish()
            assert [log.stat().st_size for log in folder.glob("*.log")] == [0]
    with open_store(store) as opened:
        assert len(opened.oxigraph) == 3 * 208
    with open_store(store, write=True) as opened:  # a writer's copy of it opens and commits as ever
        opened.oxigraph.remove_graph(graph)
        opened.dirty = True
    with open_store(store) as opened:
        assert len(opened.oxigraph) == 2 * 208


def test_a_link_keeps_what_resolution_compares_in_one_literal(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    """`kg:linkProfile` holds the key and class the document saw, its other names, facts and
    attributes: no quad a value, and no `kg:localKey` or `kg:entityClass` of its own."""
    with open_store(tmp_path / "store", create=True) as opened:
        opened.add_extractions(two_ingests[0])
        store = opened.oxigraph
        links = {
            q.subject
            for q in store.quads_for_pattern(None, RDF_TYPE, pyoxigraph.NamedNode(str(KG.EntityLink)))
        }
        profiles = list(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(KG.linkProfile)), None, None))
        for predicate in (KG.localKey, KG.entityClass, KG.surfaceForm, KG.contextFact, KG.attribute):
            assert not list(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(predicate)), None, None))
    assert links and sorted(str(q.subject) for q in profiles) == sorted(map(str, links))
    states = [json.loads(quad.object.value) for quad in profiles]
    placed = {  # every entity of every document but the unnamed ones, which resolution never places
        (str(document_iri(x.document.id)), e.key, e.cls) for x in two_ingests[0] for e in x.entities
    }
    seen = {(q.graph_name.value, s["key"], s["class"]) for q, s in zip(profiles, states, strict=True)}
    assert seen == {(graph, key, cls) for graph, key, cls in placed if cls != "Referent"}
    assert any(state.get("facts") for state in states) and any(state.get("aliases") for state in states)


RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _write_links_as_before(store: pyoxigraph.Store, written: str) -> None:
    """Every link of `store` rewritten as stores wrote them `written`: the key and class as
    `kg:localKey` and `kg:entityClass`, and, before `kg:linkProfile`, a quad a name, fact and attribute."""
    for quad in list(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(KG.linkProfile)), None, None)):
        state = json.loads(quad.object.value)
        store.remove(quad)
        values = [
            (KG.localKey, pyoxigraph.Literal(state.pop("key"))),
            (KG.entityClass, pyoxigraph.NamedNode(KG_IRI + state.pop("class"))),
        ]
        if written == "before kg:linkProfile":
            for key, predicate in (
                ("aliases", KG.surfaceForm),
                ("facts", KG.contextFact),
                ("attributes", KG.attribute),
            ):
                values += [(predicate, pyoxigraph.Literal(value)) for value in state.get(key, ())]
        elif state:
            values.append(
                (
                    KG.linkProfile,
                    pyoxigraph.Literal(json.dumps(state, ensure_ascii=False, separators=(",", ":"))),
                )
            )
        for predicate, value in values:
            store.add(
                pyoxigraph.Quad(quad.subject, pyoxigraph.NamedNode(str(predicate)), value, quad.graph_name)
            )


@pytest.mark.parametrize("written", ["before kg:linkProfile", "before the key and class went into it"])
def test_links_of_stores_written_before_still_rebuild_entities(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]], written: str
) -> None:
    """A store whose links hold their key and class (and names, facts and attributes) in quads of
    their own, as stores wrote them before, gives the same entities when a merge is undone and when a
    document is taken out."""
    for name in ("new", "old"):
        with open_store(tmp_path / name, create=True) as opened:
            opened.add_extractions(two_ingests[0])
            opened.add_extractions(two_ingests[1])
    with open_store(tmp_path / "old", write=True) as opened:
        _write_links_as_before(opened.oxigraph, written)
        assert list(
            opened.oxigraph.quads_for_pattern(None, pyoxigraph.NamedNode(str(KG.localKey)), None, None)
        )
        opened.dirty = True
    new = []
    for name in ("new", "old"):
        with open_store(tmp_path / name, write=True) as opened:
            (row,) = opened.select(
                "SELECT ?link WHERE { GRAPH <"
                + str(document_iri("heats"))
                + '> { ?link kg:localLabel "Szemere" } }'
            )
            new.append(opened.unmerge(row["link"].value))
            opened.remove("ban")
    assert new[0] == new[1] and new[0].endswith("person/szemere")
    assert _layers(tmp_path / "old") == _layers(tmp_path / "new")


def test_resolution_keeps_name_keys_and_a_summary_of_each_entity_only(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    """An entity's group is its summary's class's, not a `kg:group` of its own; a store written before,
    which holds one, resolves the next documents as one without it."""
    group, bookkeeping = (
        pyoxigraph.NamedNode(str(KG.group)),
        pyoxigraph.NamedNode(str(kg.store.RESOLUTION_GRAPH)),
    )
    for name in ("new", "old"):
        with open_store(tmp_path / name, create=True) as opened:
            opened.add_extractions(two_ingests[0])
            resolution = {q.predicate.value for q in opened.oxigraph if q.graph_name == bookkeeping}
            assert resolution == {str(KG.nameKey), str(KG.clusterState)}
            if name == "old":  # as stores wrote it before
                for quad in list(opened.oxigraph.quads_for_pattern(None, None, None, bookkeeping)):
                    if quad.predicate.value == str(KG.clusterState):
                        cls = json.loads(quad.object.value)["cls"]
                        value = pyoxigraph.Literal(kg.resolve.group_of(cls))
                        opened.oxigraph.add(pyoxigraph.Quad(quad.subject, group, value, quad.graph_name))
                opened.dirty = True
    for name in ("new", "old"):
        with open_store(tmp_path / name, write=True) as opened:
            report = opened.add_extractions(two_ingests[1])
            assert report.merges >= 1
    assert [q for q in _layers(tmp_path / "old") if str(group) not in q] == _layers(tmp_path / "new")


def _layers(store: Path) -> list[str]:
    """The quads of the entity layer and resolution's bookkeeping, sorted."""
    with open_store(store) as opened:
        graphs = {str(kg.store.ENTITY_GRAPH), str(kg.store.RESOLUTION_GRAPH)}
        return sorted(str(quad) for quad in opened.oxigraph if quad.graph_name.value in graphs)


def _table_bytes(store: Path) -> int:
    """The size of the table files of the store's published generation."""
    generation = store / (store / "current").read_text().strip()
    return sum(f.stat().st_size for f in generation.glob("*.sst"))


def test_an_ingest_publishes_the_store_repacked_compressed_with_the_same_quads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    """RocksDB keeps a small store uncompressed; the bulk loader's files are compressed, so an ingest
    ends by writing the generation afresh through it (and a larger store is compacted as before)."""
    for name, most in (("compacted", -1), ("repacked", kg.store.REPACK_QUADS)):
        monkeypatch.setattr(kg.store, "REPACK_QUADS", most)
        with open_store(tmp_path / name, create=True) as opened:
            for extractions in two_ingests:
                opened.add_extractions(extractions)
    assert _all_quads(tmp_path / "repacked") == _all_quads(tmp_path / "compacted")
    assert _table_bytes(tmp_path / "repacked") < 0.8 * _table_bytes(tmp_path / "compacted")
    with open_store(tmp_path / "repacked", write=True) as opened:  # and it is written to as ever
        opened.remove("relay")
    with open_store(tmp_path / "repacked") as opened:
        assert "relay" not in opened.documents()


def test_a_repack_that_fails_publishes_nothing(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    store = tmp_path / "store"
    with open_store(store, create=True) as opened:
        opened.add_extractions(two_ingests[0])
    before = _all_quads(store)
    published = (store / "current").read_text().strip()
    # the next generation's folder cannot be made: a file stands where it goes
    (store / f"g{int(published[1:]) + 1:06d}").write_text("in the way\n")
    with pytest.raises(StoreError, match="cannot repack the store"), open_store(store, write=True) as opened:
        opened.add_extractions(two_ingests[1])
    assert (store / "current").read_text().strip() == published
    assert _all_quads(store) == before


@pytest.mark.parametrize(
    ("options", "repack_quads"),
    [({"commit_every": 10**6}, kg.store.REPACK_QUADS), ({}, 1)],
    ids=["committing as it goes", "too many quads to write afresh"],
)
def test_a_fresh_ingest_loads_its_documents_graphs_once_and_stores_what_batch_by_batch_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    two_ingests: tuple[list[Extraction], list[Extraction]],
    options: dict[str, int],
    repack_quads: int,
) -> None:
    """Into a store without documents, the documents' graphs wait in a file and go into the published
    generation in one load; an ingest that commits as it goes writes them into the database batch by
    batch, and so does one whose store is too large to write afresh, when it publishes."""
    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 3)
    staged: list[int] = []  # quads staged by each batch
    add = kg.store._Staged.add

    def spied(self: kg.store._Staged, quads: list[pyoxigraph.Quad]) -> None:
        staged.append(len(quads))
        add(self, quads)

    monkeypatch.setattr(kg.store._Staged, "add", spied)
    with open_store(tmp_path / "staged", create=True) as opened:
        opened.add_extractions(two_ingests[0])
    assert len(staged) > 1 and all(staged)
    del staged[:]
    monkeypatch.setattr(kg.store, "REPACK_QUADS", repack_quads)
    with open_store(tmp_path / "written", create=True) as opened:
        opened.add_extractions(two_ingests[0], **options)
        assert not list(opened.folder.glob(kg.store.STAGED))  # none left in the writer's copy
    assert bool(staged) == (not options)
    assert _all_quads(tmp_path / "staged") == _all_quads(tmp_path / "written")


def test_a_document_replaced_in_a_fresh_ingest_replaces_what_was_staged(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    with open_store(tmp_path / "together", create=True) as opened:
        opened.add_extractions([*two_ingests[0], *two_ingests[1]])
        together = opened.to_graph()
    with open_store(tmp_path / "apart", create=True) as opened:
        for extractions in two_ingests:
            opened.add_extractions(extractions)
        assert isomorphic(together, opened.to_graph())


def test_a_fresh_ingest_that_cannot_publish_leaves_an_empty_store(
    tmp_path: Path, two_ingests: tuple[list[Extraction], list[Extraction]]
) -> None:
    store = tmp_path / "store"
    with open_store(store, create=True):
        pass
    (store / "g000002").write_text("in the way\n")  # where the ingest's generation goes
    with pytest.raises(StoreError, match="cannot repack the store"), open_store(store, write=True) as opened:
        opened.add_extractions(two_ingests[0])
    with open_store(store) as opened:
        assert opened.documents() == {} and len(opened.oxigraph) == 0


#: What the shapes may use for `validate_dataset`'s pieces to hold all they look at: a subject's own
#: triples (single-predicate paths, comparisons of its own values) and the classes of the nodes
#: they point at (sh:class, alone or among sh:or alternatives). A new kind of constraint, path or
#: target belongs here only once the pieces give it what it needs.
PIECE_SAFE = {
    *("targetClass", "targetSubjectsOf", "path", "property", "message", "severity", "nodeKind"),
    *("minCount", "maxCount", "datatype", "class", "or", "in", "pattern", "minInclusive"),
    *("maxInclusive", "lessThanOrEquals", "sparql", "select", "prefixes", "declare", "prefix"),
    "namespace",
}


def test_the_shapes_look_only_at_what_a_piece_of_the_store_holds() -> None:
    from rdflib.collection import Collection
    from rdflib.namespace import SH
    from rdflib.term import URIRef

    from kg.export import load_shapes

    shapes = load_shapes()
    used = {str(p).removeprefix(str(SH)) for p in shapes.predicates() if str(p).startswith(str(SH))}
    assert used <= PIECE_SAFE
    assert all(isinstance(path, URIRef) for path in shapes.objects(None, SH.path))
    for alternatives in shapes.objects(None, SH["or"]):
        for alternative in Collection(shapes, alternatives):
            assert set(shapes.predicates(alternative)) <= {SH["class"], SH.datatype}


@pytest.fixture(scope="module")
def two_ingests() -> tuple[list[Extraction], list[Extraction]]:
    """Records of the articles and the two invented stories, then of a story that names a known person by
    surname and of two changed ones (their old versions are taken out first)."""
    articles = list(read_documents([ARTICLES]))
    later = Document("heats", "Hungarian swimmer Szemere qualified fastest for the 200m freestyle final.")
    changed = [
        Document("relay", RELAY.text.replace("gold", "silver")),
        Document(articles[0].id, articles[0].text + " The federation said it would appeal."),
    ]
    return list(kg.extract_documents([RELAY, BAN, *articles])), list(kg.extract_documents([later, *changed]))


def _all_quads(store: Path) -> list[str]:
    """Every quad of the store, resolution's bookkeeping too, sorted."""
    with open_store(store) as opened:
        return sorted(str(quad) for quad in opened.oxigraph)


@pytest.mark.parametrize(("flush_every", "bulk_quads"), [(1, 10**9), (3, 1)])
def test_a_store_written_in_batches_of_any_size_holds_the_same_quads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    two_ingests: tuple[list[Extraction], list[Extraction]],
    flush_every: int,
    bulk_quads: int,
) -> None:
    """Batches of one document written in transactions, or of three through the bulk loader, against one
    batch: resolution reads back what earlier batches wrote, and each batch's index forgets the store as
    it was before."""
    for name, batch, bulk in (("one-batch", 10**6, 10**9), ("batches", flush_every, bulk_quads)):
        monkeypatch.setattr(kg.store, "FLUSH_EVERY", batch)
        monkeypatch.setattr(kg.store, "BULK_QUADS", bulk)
        with open_store(tmp_path / name, create=True) as opened:
            for extractions in two_ingests:
                opened.add_extractions(extractions)
    assert _all_quads(tmp_path / "batches") == _all_quads(tmp_path / "one-batch")


def test_the_garbage_collector_runs_less_often_while_documents_are_stored_and_as_before_after(
    store: Path,
) -> None:
    before = gc.get_threshold()
    during = []
    with open_store(store, create=True) as opened:
        opened.ingest([RELAY, BAN], on_document=lambda doc_id, what: during.append(gc.get_threshold()))
    assert during == [(kg.store.COLLECT_EVERY, *before[1:])] * 2
    assert gc.get_threshold() == before
