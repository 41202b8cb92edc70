"""The first article, end to end: text → graph → Turtle, SHACL, SPARQL, and the contract's score.

`tests/data/corpus/nk-table-tennis-selfie.txt` and `tests/data/dev/seed.gold.jsonl`
are copies of the shared corpus and its gold (see tests/data/dev/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

import kg
from kg.evaluate import score_graph
from kg.export import check_with_oxigraph, validate
from kg.namespaces import KG
from kg.query import load_example_query, run_query

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "corpus" / "nk-table-tennis-selfie.txt"
GOLD = DATA / "dev" / "seed.gold.jsonl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return kg.build_graph([ARTICLE])


def test_the_first_article_meets_the_foundation_targets(graph: Graph) -> None:
    report = score_graph(GOLD, graph)
    assert report.relation_total.f1 >= 0.90
    assert report.entity_total.f1 >= 0.85
    assert report.event_role_total.f1 >= 0.80


def test_turtle_parses_in_an_independent_parser(graph: Graph) -> None:
    turtle = graph.serialize(format="turtle").encode("utf-8")
    assert check_with_oxigraph(turtle, "ttl") == len(graph)


def test_the_graph_conforms_to_the_shapes(graph: Graph) -> None:
    report = validate(graph)
    assert report.conforms, report.text


def test_iris_are_the_same_on_every_run(graph: Graph) -> None:
    again = kg.build_graph([ARTICLE])
    assert set(again) == set(graph)


def test_one_label_per_entity_and_alt_labels_for_other_forms(graph: Graph) -> None:
    north_korea = next(graph.subjects(RDFS.label, Literal("North Korea")))
    assert (north_korea, RDF.type, KG.Nation) in graph
    assert len(list(graph.objects(north_korea, RDFS.label))) == 1
    assert "North Korean" in {str(o) for o in graph.objects(north_korea, SKOS.altLabel)}


def test_every_statement_traces_to_document_sentence_and_confidence(graph: Graph) -> None:
    rows = graph.query(
        """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o ?doc ?text ?confidence WHERE {
            ?statement a kg:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                kg:evidence ?sentence ; kg:confidence ?confidence .
            ?sentence kg:text ?text ; kg:inDocument/kg:docId ?doc .
        }
        """
    )
    found = list(rows)
    assert found
    for row in found:
        assert str(row.doc) == "nk-table-tennis-selfie"
        assert 0 <= float(row.confidence) <= 1
        assert (row.s, row.p, row.o) in graph  # the statement describes an asserted triple
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(" ".join(str(row.text).split()) in " ".join(text.split()) for row in found)


def test_a_statement_finds_its_document_and_span_through_its_sentence(graph: Graph) -> None:
    """Statements are most of a store: what their sentence says (its document, and its span where the
    statement spans all of it) is not said again; a sentence's end is its start and its length."""
    rows = list(
        graph.query(
            """
            PREFIX kg: <https://w3id.org/kg-news/ontology#>
            SELECT ?statement ?start ?end ?sentenceStart ?sentenceEnd WHERE {
                ?statement a kg:Statement ; kg:evidence ?sentence .
                ?sentence kg:inDocument ?document ; kg:startChar ?sentenceStart ; kg:text ?text .
                BIND (?sentenceStart + STRLEN(?text) AS ?sentenceEnd)
                OPTIONAL { ?statement kg:startChar ?start ; kg:endChar ?end }
            }
            """
        )
    )
    assert len({row.statement for row in rows}) == len(set(graph.subjects(RDF.type, KG.Statement))) > 0
    assert not any((row.statement, KG.inDocument, None) in graph for row in rows)
    assert any(row.start is None for row in rows)  # spans all its sentence: no span of its own
    for row in rows:
        if row.start is not None:  # another span than its sentence's (a part of it, or running on)
            assert (row.start, row.end) != (row.sentenceStart, row.sentenceEnd)


def test_a_sentence_is_its_text_at_its_start_and_stores_no_end_or_index(graph: Graph) -> None:
    """Both are derivable (the start plus the text's length; the end of the IRI), so neither is stored:
    the sentence's text is exactly the document's text from its start, the index its IRI's end."""
    (extraction,) = kg.extract_documents([ARTICLE])
    sentences = list(graph.subjects(RDF.type, KG.Sentence))
    assert sentences
    assert not list(graph.subject_objects(KG.sentenceIndex))
    for sentence in sentences:
        assert (sentence, KG.endChar, None) not in graph
        start, text = graph.value(sentence, KG.startChar).toPython(), str(graph.value(sentence, KG.text))
        assert extraction.document.text[start : start + len(text)] == text
        assert text == extraction.sentences[int(str(sentence).rsplit("/s", 1)[1])].text


def test_example_queries_answer_about_the_article(graph: Graph) -> None:
    athletes = run_query(graph, load_example_query("athletes-nations"))
    assert any("Kim Kum-yong" in map(str, row) and "North Korea" in map(str, row) for row in athletes.rows)
    punishments = run_query(graph, load_example_query("punishments"))
    statuses = {str(v) for row in punishments.rows for v in row}
    assert {"possible", "actual"} <= statuses
    medals = run_query(graph, load_example_query("medals-per-nation"))
    assert medals.rows
