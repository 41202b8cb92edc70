"""kg.query_df: SPARQL results as data frames whose columns have the types of their values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph

import kg
from kg.errors import InputError, QueryError
from kg.namespaces import bind_prefixes

DATA = """
@prefix kg: <https://w3id.org/kg-news/ontology#> .
@base <https://w3id.org/kg-news/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

<person/anna-keller> a kg:Athlete ; rdfs:label "Anna Keller" ; kg:nationality <nation/che> ;
    ex:born "1999-04-02"^^xsd:date ; ex:seen "2024-08-01T10:30:00Z"^^xsd:dateTime ;
    ex:medals 3 ; ex:score 0.75 ; ex:height 1.71e0 ; ex:active true .
<person/bo-lind> a kg:Athlete ; rdfs:label "Bo Lind" ; ex:medals 0 ; ex:score 0.5 ; ex:active false .
<nation/che> a kg:Nation ; rdfs:label "Switzerland" .
"""

PEOPLE = """
SELECT ?athlete ?name ?nation ?born ?seen ?medals ?score ?height ?active WHERE {
    ?athlete a kg:Athlete ; rdfs:label ?name .
    OPTIONAL { ?athlete kg:nationality ?nation }
    OPTIONAL { ?athlete <http://example.org/born> ?born }
    OPTIONAL { ?athlete <http://example.org/seen> ?seen }
    OPTIONAL { ?athlete <http://example.org/medals> ?medals }
    OPTIONAL { ?athlete <http://example.org/score> ?score }
    OPTIONAL { ?athlete <http://example.org/height> ?height }
    OPTIONAL { ?athlete <http://example.org/active> ?active }
} ORDER BY ?name
"""


@pytest.fixture(scope="module")
def graph() -> Graph:
    return bind_prefixes(Graph()).parse(data=DATA, format="turtle")


def test_columns_are_typed_by_their_values(graph: Graph) -> None:
    frame = kg.query_df(graph, PEOPLE)
    assert list(frame.columns) == [
        "athlete",
        "name",
        "nation",
        "born",
        "seen",
        "medals",
        "score",
        "height",
        "active",
    ]
    assert str(frame["medals"].dtype) == "Int64"
    assert str(frame["score"].dtype) == "Float64"
    assert str(frame["height"].dtype) == "Float64"
    assert str(frame["active"].dtype) == "boolean"
    assert pd.api.types.is_datetime64_any_dtype(frame["born"])
    assert pd.api.types.is_datetime64_any_dtype(frame["seen"])
    assert str(frame["seen"].dt.tz) == "UTC"
    assert pd.api.types.is_string_dtype(frame["name"])
    anna, bo = frame.iloc[0], frame.iloc[1]
    assert (anna["medals"], anna["score"], bool(anna["active"])) == (3, 0.75, True)
    assert anna["born"] == pd.Timestamp(dt.date(1999, 4, 2))
    assert frame["medals"].sum() == 3  # numbers, not strings
    # unbound values are missing, not empty strings
    assert pd.isna(bo["nation"]) and pd.isna(bo["born"]) and pd.isna(bo["height"])


def test_iris_short_full_or_labels(graph: Graph) -> None:
    query = "SELECT ?athlete ?nation WHERE { ?athlete kg:nationality ?nation }"
    short = kg.query_df(graph, query)
    assert short.iloc[0].tolist() == ["kgr:person/anna-keller", "kgr:nation/che"]
    full = kg.query_df(graph, query, iris="full")
    assert full.iloc[0, 0] == "https://w3id.org/kg-news/id/person/anna-keller"
    named = kg.query_df(graph, query, iris="label")
    assert named.iloc[0].tolist() == ["Anna Keller", "Switzerland"]
    mixed = kg.query_df(graph, query, iris={"nation": "label"})
    assert mixed.iloc[0].tolist() == ["kgr:person/anna-keller", "Switzerland"]


def test_a_mixed_column_stays_text(graph: Graph) -> None:
    frame = kg.query_df(graph, "SELECT ?v WHERE { VALUES ?v { 1 'one' } }")
    assert pd.api.types.is_string_dtype(frame["v"])
    assert frame["v"].tolist() == ["1", "one"]


def test_example_queries_by_name_and_file(graph: Graph, tmp_path: Path) -> None:
    frame = kg.query_df(graph, "athletes-nations")
    assert list(frame.columns) == ["athlete", "athleteLabel", "nation", "nationLabel"]
    assert frame["athleteLabel"].tolist() == ["Anna Keller", "Bo Lind"]
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Athlete }\n", encoding="utf-8")
    counted = kg.query_df(graph, rq)
    assert str(counted["n"].dtype) == "Int64" and counted.iloc[0, 0] == 2
    with pytest.raises(InputError, match="missing.rq: does not exist"):
        kg.query_df(graph, str(tmp_path / "missing.rq"))


def test_ask_and_construct(graph: Graph) -> None:
    ask = kg.query_df(graph, "ASK { ?a a kg:Nation }")
    assert ask.columns.tolist() == ["ask"] and bool(ask.iloc[0, 0]) is True
    triples = kg.query_df(graph, "CONSTRUCT { ?a kg:nationality ?n } WHERE { ?a kg:nationality ?n }")
    assert triples.iloc[0].tolist() == ["kgr:person/anna-keller", "kg:nationality", "kgr:nation/che"]


def test_bad_requests(graph: Graph) -> None:
    with pytest.raises(QueryError, match="update requests are refused"):
        kg.query_df(graph, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="no column 'nope' in the result; columns: a"):
        kg.query_df(graph, "SELECT ?a WHERE { ?a a kg:Nation }", iris={"nope": "label"})
    with pytest.raises(QueryError, match="unknown IRI style 'long'"):
        kg.query_df(graph, "SELECT ?a WHERE { ?a a kg:Nation }", iris="long")  # type: ignore[arg-type]
