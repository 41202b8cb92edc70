"""The ontology, the shapes and the example queries agree with each other, with `KG` and with the data.

`kg.namespaces.KG` fails on a misspelt term, so it is the list code relies
on; these tests keep ontology/kg.ttl, ontology/shapes.ttl and
ontology/queries/*.rq in step with it, and run every example query on the
hand-written tests/data/sample.ttl with exact expected rows.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, SKOS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from kg.export import (
    check_with_oxigraph,
    load_graph,
    load_ontology,
    load_shapes,
    validate,
    write_graph,
)
from kg.namespaces import KG, KG_IRI, SCHEMA
from kg.query import example_queries, load_example_query, run_query
from kg.records import ENTITY_CLASSES, EVENT_ROLES, EVENT_TYPES, PREDICATES

DATA = Path(__file__).parent / "data"
PROV = "http://www.w3.org/ns/prov#"
WD = "http://www.wikidata.org/entity/"
KG_TERMS = sorted(name for name in KG.__annotations__ if not name.startswith("_"))


@pytest.fixture(scope="module")
def sample() -> Graph:
    return load_graph(DATA / "sample.ttl")


def kg_names(graph: Graph) -> set[str]:
    """Local names of every kg: IRI used anywhere in `graph`."""
    return {
        str(term)[len(KG_IRI) :]
        for triple in graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(KG_IRI)
    }


# --------------------------------------------------------------------------- kg.ttl


def test_ontology_header() -> None:
    graph = load_ontology()
    (ontology,) = graph.subjects(RDF.type, OWL.Ontology)
    assert graph.value(ontology, RDFS.label) == Literal("kg-news ontology", lang="en")
    assert graph.value(ontology, DCTERMS.description) is not None
    assert graph.value(ontology, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ontology, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")


@pytest.mark.parametrize("name", KG_TERMS)
def test_every_kg_term_is_declared_with_label_and_comment(name: str) -> None:
    graph = load_ontology()
    term = KG[name]
    kinds = set(graph.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, name
    assert graph.value(term, RDFS.label) is not None, name
    assert graph.value(term, RDFS.comment) is not None, name


def test_every_kg_term_in_the_ontology_is_in_KG() -> None:
    assert kg_names(load_ontology()) == set(KG_TERMS)


def test_contract_classes_and_properties_have_the_right_kind() -> None:
    graph = load_ontology()
    for cls in (*ENTITY_CLASSES, *EVENT_TYPES):
        assert (KG[cls], RDF.type, OWL.Class) in graph, cls
    for predicate in PREDICATES:
        assert (KG[predicate], RDF.type, OWL.ObjectProperty) in graph, predicate
    for roles in EVENT_ROLES.values():
        for role, is_entity in roles.items():
            kind = OWL.ObjectProperty if is_entity else OWL.DatatypeProperty
            assert (KG[role], RDF.type, kind) in graph, role


@pytest.mark.parametrize(
    ("subject", "predicate", "obj"),
    [
        (KG.Athlete, RDFS.subClassOf, KG.Person),
        (KG.Team, RDFS.subClassOf, KG.Organization),
        (KG.MedalAward, RDFS.subClassOf, KG.Event),
        (KG.Punishment, RDFS.subClassOf, KG.Event),
        (KG.Person, RDFS.subClassOf, SCHEMA.Person),
        (KG.Nation, RDFS.subClassOf, SCHEMA.Country),
        (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (KG.Team, RDFS.subClassOf, SCHEMA.SportsTeam),
        (KG.SportingEvent, RDFS.subClassOf, SCHEMA.SportsEvent),
        (KG.Sport, RDFS.subClassOf, SKOS.Concept),
        (KG.Statement, RDFS.subClassOf, RDF.Statement),
        (KG.Statement, RDFS.subClassOf, URIRef(PROV + "Entity")),
        (KG.Document, RDFS.subClassOf, SCHEMA.CreativeWork),
        (KG.Component, RDFS.subClassOf, URIRef(PROV + "SoftwareAgent")),
        (KG.Referent, RDFS.subClassOf, URIRef(PROV + "Agent")),
        (KG.nationality, RDFS.subPropertyOf, SCHEMA.nationality),
        (KG.memberOf, RDFS.subPropertyOf, SCHEMA.memberOf),
        (KG.evidence, RDFS.subPropertyOf, URIRef(PROV + "wasDerivedFrom")),
        (KG.extractedBy, RDFS.subPropertyOf, URIRef(PROV + "wasAttributedTo")),
        (KG.inDocument, RDFS.subPropertyOf, DCTERMS.isPartOf),
        (KG.docId, RDFS.subPropertyOf, DCTERMS.identifier),
        (KG.mentionedIn, OWL.inverseOf, SCHEMA.mentions),
        (KG.nationality, SKOS.closeMatch, URIRef(WD + "P27")),
        (KG.memberOf, SKOS.closeMatch, URIRef(WD + "P54")),
        (KG.memberOf, SKOS.closeMatch, URIRef(WD + "P463")),
        (KG.participatedIn, SKOS.closeMatch, URIRef(WD + "P1344")),
        (KG.playsSport, SKOS.closeMatch, URIRef(WD + "P641")),
        (KG.leaderOf, RDFS.seeAlso, URIRef(WD + "P35")),
    ],
)
def test_alignment(subject: URIRef, predicate: URIRef, obj: URIRef) -> None:
    assert (subject, predicate, obj) in load_ontology()


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (KG.nationality, None, KG.Nation),
        (KG.participatedIn, None, KG.SportingEvent),
        (KG.playsSport, None, KG.Sport),
        (KG.recipient, KG.MedalAward, None),
        (KG.target, KG.Punishment, None),
        (KG.reportedBy, KG.Punishment, KG.Organization),
        (KG.evidence, None, KG.Sentence),
        (KG.extractedBy, None, KG.Component),
        (KG.docId, KG.Document, None),
    ],
)
def test_domains_and_ranges(prop: URIRef, domain: URIRef | None, range_: URIRef | None) -> None:
    graph = load_ontology()
    if domain is not None:
        assert graph.value(prop, RDFS.domain) == domain
    if range_ is not None:
        assert graph.value(prop, RDFS.range) == range_


def test_ontology_and_shapes_parse_in_oxigraph_too() -> None:
    folder = Path(__file__).parent.parent / "ontology"
    assert check_with_oxigraph(folder / "kg.ttl", "ttl") == len(load_ontology())
    assert check_with_oxigraph(folder / "shapes.ttl", "ttl") == len(load_shapes())


# --------------------------------------------------------------------------- shapes.ttl


def test_shapes_use_only_KG_terms() -> None:
    assert kg_names(load_shapes()) <= set(KG_TERMS)


def test_every_shape_has_a_message() -> None:
    shapes = load_shapes()
    property_shapes = set(shapes.subjects(SH.path, None))
    sparql = set(shapes.objects(None, SH.sparql))
    node_level = {SH["or"], SH.nodeKind, SH["class"], SH["in"]}
    node_shapes = {
        shape
        for shape in shapes.subjects(RDF.type, SH.NodeShape)
        if any((shape, constraint, None) in shapes for constraint in node_level)
    }
    assert len(property_shapes) > 40
    for shape in property_shapes | sparql | node_shapes:
        message = shapes.value(shape, SH.message)
        assert message is not None, shape
        assert len(str(message).split()) >= 4 and not str(message).endswith("."), message


@pytest.mark.parametrize("cls", [*ENTITY_CLASSES, *EVENT_TYPES])
def test_every_entity_class_is_a_label_target(cls: str) -> None:
    shapes = load_shapes()
    targets = set(shapes.objects(URIRef("https://w3id.org/kg-news/shapes#EntityShape"), SH.targetClass))
    assert KG[cls] in targets


def test_sample_graph_conforms(sample: Graph) -> None:
    report = validate(sample)
    assert report.conforms, report.text
    assert report.violations == []
    assert report.text == f"The graph conforms to the shapes ({len(sample)} triples checked)."


def test_invalid_graph_reports_each_violation() -> None:
    report = validate(load_graph(DATA / "invalid.ttl"))
    assert not report.conforms
    found = {(v.focus, v.path, v.message) for v in report.violations}
    assert found == {
        (
            "kgr:person/two-labels",
            "rdfs:label",
            "Every entity and event has exactly one rdfs:label: its canonical name "
            "(other surface forms are skos:altLabel)",
        ),
        ("kgr:event/medal-platinum", "kg:medal", 'kg:medal is "gold", "silver" or "bronze"'),
        (
            "kgr:event/punishment-maybe",
            "kg:status",
            'kg:status is "possible", "actual" or "denied"',
        ),
        ("kgr:event/punishment-nobody", "kg:target", "A punishment has at least one kg:target"),
        ("kgr:stmt/overconfident", "kg:confidence", "kg:confidence is between 0 and 1"),
        (
            "kgr:stmt/no-evidence",
            "kg:evidence",
            "Every statement and event has at least one kg:evidence sentence",
        ),
        ("kgr:stmt/unasserted", "", "The triple a statement describes is asserted in the graph"),
        ("kgr:person/ok", "kg:memberOf", "The object of kg:memberOf is a Team or Organization"),
        (
            "kgr:nation/bad-code",
            "kg:isoCode",
            'A nation has at most one kg:isoCode, three capital letters (ISO 3166-1 alpha-3, e.g. "PRK")',
        ),
    }
    assert {v.severity for v in report.violations} == {"Violation"}
    assert report.text.splitlines()[0] == "The graph does not conform: 9 violations (78 triples checked)."
    assert "  1 × [Violation] A punishment has at least one kg:target" in report.text
    assert "      kgr:event/punishment-nobody kg:target" in report.text


def _mutated(sample: Graph, remove: list[tuple], add: list[tuple]) -> Graph:
    graph = Graph()
    for triple in sample:
        graph.add(triple)
    for pattern in remove:
        graph.remove(pattern)
    for triple in add:
        graph.add(triple)
    return graph


KGR = "https://w3id.org/kg-news/id/"
KIM = URIRef(KGR + "person/kim-kum-yong")
SILVER = URIRef(KGR + "event/medalaward-silver")
PUNISHMENT = URIRef(KGR + "event/punishment-selfie")
STATEMENT = URIRef(KGR + "stmt/kim-plays")


@pytest.mark.parametrize(
    ("remove", "add", "message"),
    [
        ([(SILVER, KG.recipient, None)], [], "A medal award has at least one kg:recipient"),
        ([(SILVER, KG.medal, None)], [], "A medal award has exactly one kg:medal"),
        (
            [],
            [(PUNISHMENT, KG.status, Literal("actual"))],
            "A punishment has exactly one kg:status",
        ),
        (
            [],
            [(PUNISHMENT, KG.imposedBy, URIRef(KGR + "sport/table-tennis"))],
            "kg:imposedBy is a Nation, Organization or Person",
        ),
        (
            [],
            [(PUNISHMENT, KG.reportedBy, KIM)],
            "kg:reportedBy is an Organization (a news outlet)",
        ),
        (
            [],
            [(SILVER, KG.recipient, URIRef(KGR + "sport/table-tennis"))],
            "A kg:recipient is an Athlete, Person, Team, Nation, Organization or Referent",
        ),
        (
            [(STATEMENT, KG.confidence, None)],
            [],
            "Every statement and event has exactly one kg:confidence",
        ),
        (
            [(STATEMENT, KG.confidence, None)],
            [(STATEMENT, KG.confidence, Literal("high"))],
            "kg:confidence is an xsd:decimal or xsd:double",
        ),
        (
            [(STATEMENT, KG.extractedBy, None)],
            [],
            "Every statement and event has exactly one kg:extractedBy",
        ),
        (
            [],
            [(STATEMENT, KG.inDocument, URIRef(KGR + "doc/recap"))],
            "A statement or event has at most one kg:inDocument (its evidence sentences give it)",
        ),
        (
            [(STATEMENT, KG.evidence, None)],
            [],
            "Every statement and event has at least one kg:evidence sentence",
        ),
        (
            [(STATEMENT, KG.startChar, None)],
            [(STATEMENT, KG.startChar, Literal(-1))],
            "kg:startChar is one non-negative integer, not after kg:endChar",
        ),
        (
            [(STATEMENT, RDF.predicate, None)],
            [(STATEMENT, RDF.predicate, KG.mentionedIn)],
            "rdf:predicate is one of the contract's predicates: kg:nationality, kg:memberOf, "
            "kg:participatedIn, kg:playsSport, kg:leaderOf",
        ),
        (
            [(STATEMENT, None, None)],
            [],
            "An asserted relation has at least one kg:Statement giving its provenance",
        ),
        (
            [],
            [(KIM, KG.playsSport, URIRef(KGR + "nation/prk"))],
            "The object of kg:playsSport is a Sport",
        ),
        (
            [],
            [(URIRef(KGR + "sport/table-tennis"), KG.nationality, URIRef(KGR + "nation/prk"))],
            "The subject of kg:nationality is a Person (or Referent)",
        ),
        (
            [(KIM, RDF.type, KG.Person)],
            [],
            "The subject of kg:nationality is a Person (or Referent)",
        ),
        (
            [(URIRef(KGR + "doc/recap"), KG.docId, None)],
            [],
            "A document has exactly one kg:docId, the contract's document id (a string)",
        ),
    ],
)
def test_each_shape_catches_its_fault(sample: Graph, remove: list, add: list, message: str) -> None:
    report = validate(_mutated(sample, remove, add))
    assert message in {v.message for v in report.violations}, report.text


# --------------------------------------------------------------------------- queries

NK = ("kgr:nation/prk", "North Korea")
S0 = (
    "North Korean table tennis players Kim Kum-yong and Ri Jing-sik won silver in the mixed "
    "team event at the Paris 2024 Olympics."
)
S1 = (
    "They may face disciplinary action from North Korea for smiling in a selfie with South "
    "Korean rivals, The Telegraph reported."
)
S2 = "North Korea's leader Kim Jong Un has not commented."
R0 = (
    "China and its team won gold in the mixed team event, and North Korea's Kim Kum-yong took "
    "bronze in the women's doubles."
)
DATE = dt.date(2024, 8, 27)
OLYMPICS = ("kgr:event/2024-summer-olympics", "2024 Summer Olympics")

EXPECTED: dict[str, list[tuple]] = {
    "athletes-nations": [
        ("kgr:person/kim-kum-yong", "Kim Kum-yong", *NK),
        ("kgr:person/ri-jing-sik", "Ri Jing-sik", *NK),
    ],
    "entities-by-class": [
        ("kg:Athlete", "kgr:person/kim-kum-yong", "Kim Kum-yong", 2),
        ("kg:Athlete", "kgr:person/ri-jing-sik", "Ri Jing-sik", 1),
        ("kg:Nation", "kgr:nation/chn", "China", 1),
        ("kg:Nation", "kgr:nation/prk", "North Korea", 2),
        ("kg:Organization", "kgr:organization/the-telegraph", "The Telegraph", 1),
        ("kg:Person", "kgr:person/kim-jong-un", "Kim Jong Un", 1),
        ("kg:Sport", "kgr:sport/table-tennis", "table tennis", 1),
        ("kg:SportingEvent", *OLYMPICS, 1),
        ("kg:Team", "kgr:organization/chinese-team", "Chinese team", 1),
    ],
    "events-at": [
        (
            *OLYMPICS,
            "medal award",
            "kgr:event/medalaward-silver",
            "silver: Kim Kum-yong, Ri Jing-sik at 2024 Summer Olympics",
            Decimal("0.85"),
        ),
        (*OLYMPICS, "participant", "kgr:person/kim-kum-yong", "Kim Kum-yong", None),
        (*OLYMPICS, "participant", "kgr:person/ri-jing-sik", "Ri Jing-sik", None),
        (
            *OLYMPICS,
            "punishment",
            "kgr:event/punishment-selfie",
            "possible disciplinary action: Kim Kum-yong, Ri Jing-sik",
            Decimal("0.8"),
        ),
    ],
    "medals-per-nation": [
        ("kgr:nation/chn", "China", "gold", 1),
        (*NK, "silver", 1),
        (*NK, "bronze", 1),
    ],
    "provenance": [
        (
            "Kim Kum-yong",
            "kg:nationality",
            "North Korea",
            "recap",
            None,
            R0,
            Decimal("0.75"),
            "kg_relations",
        ),
        (
            "Kim Jong Un",
            "kg:leaderOf",
            "North Korea",
            "selfie",
            DATE,
            S2,
            Decimal("0.6"),
            "kg_relations",
        ),
        (
            "Kim Kum-yong",
            "kg:nationality",
            "North Korea",
            "selfie",
            DATE,
            S0,
            Decimal("0.9"),
            "kg_relations",
        ),
        (
            "Kim Kum-yong",
            "kg:participatedIn",
            "2024 Summer Olympics",
            "selfie",
            DATE,
            S0,
            Decimal("0.8"),
            "kg_relations",
        ),
        (
            "Kim Kum-yong",
            "kg:playsSport",
            "table tennis",
            "selfie",
            DATE,
            S0,
            Decimal("0.85"),
            "kg_relations",
        ),
        (
            "Ri Jing-sik",
            "kg:nationality",
            "North Korea",
            "selfie",
            DATE,
            S0,
            Decimal("0.9"),
            "kg_relations",
        ),
        (
            "Ri Jing-sik",
            "kg:participatedIn",
            "2024 Summer Olympics",
            "selfie",
            DATE,
            S0,
            Decimal("0.8"),
            "kg_relations",
        ),
    ],
    "punishments": [
        (
            "kgr:event/punishment-selfie",
            target,
            "disciplinary action",
            "possible",
            "North Korea",
            "The Telegraph",
            "smiling in a selfie with South Korean rivals",
            "2024 Summer Olympics",
            "selfie",
            S1,
            Decimal("0.8"),
        )
        for target in ("Kim Kum-yong", "Ri Jing-sik")
    ],
}


def test_every_example_query_has_expected_rows() -> None:
    assert example_queries() == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query_rows(sample: Graph, name: str) -> None:
    result = run_query(sample, load_example_query(name))
    assert result.kind == "SELECT"
    assert result.rows == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_query_stands_alone(name: str) -> None:
    """Each file declares its prefixes, uses only ontology terms and starts with what it answers."""
    text = load_example_query(name)
    assert text.startswith("# ")
    assert "Answers:" in text
    translateQuery(parseQuery(text))  # no initNs: an undeclared prefix raises here
    assert set(re.findall(r"\bkg:(\w+)", text)) <= set(KG_TERMS)


def test_turtle_written_by_write_graph_parses_in_oxigraph(sample: Graph, tmp_path: Path) -> None:
    path = write_graph(sample, tmp_path / "sample.ttl")
    assert check_with_oxigraph(path, "ttl") == len(sample)
    assert check_with_oxigraph(path.read_bytes(), "turtle") == len(sample)
