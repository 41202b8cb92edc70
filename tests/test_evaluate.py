"""The scorer, checked against figures computed by hand from CONTRACT.md's "Scoring" rules.

Predicted graphs are built here with rdflib exactly as ontology/README.md lays
them out, so these tests also pin down how the scorer reads a graph.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rich.console import Console

from kg.evaluate import (
    STOPWORDS,
    Counts,
    Report,
    evaluate,
    name_match,
    normalize_name,
    predictions_from_graph,
    score,
    text_matches,
)
from kg.graph import GROUPS
from kg.namespaces import KG, KGR
from kg.read import read_gold
from kg.records import SUPERCLASS

DATA = Path(__file__).parent / "data"


class Builder:
    """Adds entities, statements and events to a Graph the way ontology/README.md shows them."""

    def __init__(self) -> None:
        self.graph = Graph()
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def doc(self, doc_id: str) -> URIRef:
        node = KGR[f"doc/{doc_id}"]
        self.graph.add((node, RDF.type, KG.Document))
        self.graph.add((node, KG.docId, Literal(doc_id)))
        return node

    def entity(self, doc_id: str, cls: str, label: str, *aliases: str) -> URIRef:
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        node = KGR[f"{GROUPS[cls]}/{slug}-{self._next()}"]
        self.graph.add((node, RDF.type, KG[cls]))
        if cls in SUPERCLASS:
            self.graph.add((node, RDF.type, KG[SUPERCLASS[cls]]))
        self.graph.add((node, RDFS.label, Literal(label)))
        for alias in aliases:
            self.graph.add((node, SKOS.altLabel, Literal(alias)))
        self.graph.add((node, KG.mentionedIn, self.doc(doc_id)))
        return node

    def sentence(self, doc_id: str, text: str) -> URIRef:
        index = self._next()
        node = KGR[f"doc/{doc_id}/s{index}"]
        self.graph.add((node, RDF.type, KG.Sentence))
        self.graph.add((node, KG.inDocument, self.doc(doc_id)))
        self.graph.add((node, KG.sentenceIndex, Literal(index)))
        self.graph.add((node, KG.text, Literal(text)))
        self.graph.add((node, KG.startChar, Literal(index * 100)))
        return node

    def _provenance(self, node: URIRef, doc_id: str, sentence: str) -> None:
        evidence = self.sentence(doc_id, sentence)
        self.graph.add((node, KG.confidence, Literal(0.9)))
        self.graph.add((node, KG.inDocument, self.doc(doc_id)))
        self.graph.add((node, KG.evidence, evidence))
        self.graph.add((node, KG.startChar, Literal(self._count * 100)))

    def statement(self, doc_id: str, s: URIRef, p: str, o: URIRef, sentence: str = "A sentence.") -> URIRef:
        self.graph.add((s, KG[p], o))
        node = KGR[f"stmt/{self._next()}"]
        self.graph.add((node, RDF.type, KG.Statement))
        self.graph.add((node, RDF.subject, s))
        self.graph.add((node, RDF.predicate, KG[p]))
        self.graph.add((node, RDF.object, o))
        self._provenance(node, doc_id, sentence)
        return node

    def event(self, doc_id: str, kind: str, sentence: str = "An event.", **roles: Any) -> URIRef:
        node = KGR[f"event/{kind.lower()}-{self._next()}"]
        self.graph.add((node, RDF.type, KG[kind]))
        self.graph.add((node, RDF.type, KG.Event))
        for role, values in roles.items():
            for value in values if isinstance(values, list) else [values]:
                obj = value if isinstance(value, URIRef) else Literal(value)
                self.graph.add((node, KG[role], obj))
        self._provenance(node, doc_id, sentence)
        return node

    def predictions(self) -> dict[str, Any]:
        return predictions_from_graph(self.graph)


def record(doc_id: str = "d", text: str = "Some text.", **gold: Any) -> dict[str, Any]:
    return {"id": doc_id, "text": text, **gold}


def ent(name: str, type_: str, *aliases: str) -> dict[str, Any]:
    return {"name": name, "type": type_, "aliases": list(aliases)}


def rel(s: str, p: str, o: str) -> dict[str, str]:
    return {"subject": s, "predicate": p, "object": o}


def prf(c: Counts) -> tuple[Fraction, Fraction, Fraction]:
    """Exact P, R, F1 so that hand-computed fractions compare without rounding."""
    p = Fraction(c.tp_predicted, c.tp_predicted + c.fp) if c.tp_predicted + c.fp else Fraction(0)
    r = Fraction(c.tp, c.tp + c.fn) if c.tp + c.fn else Fraction(0)
    f = 2 * p * r / (p + r) if p + r else Fraction(0)
    assert c.precision == pytest.approx(float(p))
    assert c.recall == pytest.approx(float(r))
    assert c.f1 == pytest.approx(float(f))
    return p, r, f


def counts(c: Counts) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Kim Kum-yong", "kim kum yong"),
        ("KIM KUM YONG", "kim kum yong"),
        ("Çağlar Söyüncü", "caglar soyuncu"),
        ("Martin Ødegaard", "martin odegaard"),
        ("The Telegraph", "telegraph"),
        ("the", "the"),
        ("North Korea's", "north korea"),
        ("Kim Jong Un’s regime", "kim jong un regime"),
        ('Wilfried "Willi" Schneider', "wilfried willi schneider"),
        ("St. Louis", "st louis"),
        ("U.S. Open", "us open"),
        ("  Paris   2024\tOlympics ", "paris 2024 olympics"),
    ],
)
def test_normalize_name(name: str, normal: str) -> None:
    assert normalize_name(name) == normal


@pytest.mark.parametrize(
    ("a", "b", "quality"),
    [
        ("Kim Kum-yong", "Kim Kum Yong", 2),
        ("Çağlar Söyüncü", "Caglar Soyuncu", 2),
        ("the Chinese team", "Chinese team", 2),
        ("North Korea's", "North Korea", 2),
        # two or more words inside a longer name, either way round
        ("Willi Schneider", 'Wilfried "Willi" Schneider', 1),
        ("Wilfried Willi Schneider", "Willi Schneider", 1),
        ("Schneider Willi", "Wilfried Willi Schneider", 1),
        # one word never matches by containment
        ("Schneider", "Wilfried Willi Schneider", 0),
        ("Kim", "Kim Jong Un", 0),
        # same length, other words or order: no match
        ("North Korea", "South Korea", 0),
        ("Korea North", "North Korea", 0),
        ("", "", 0),
    ],
)
def test_name_match(a: str, b: str, quality: int) -> None:
    assert name_match(a, b) == quality
    assert name_match(b, a) == quality


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        # content words: smiling, selfie, rivals (in, a, with are stopwords)
        ("smiling in a selfie with rivals", "smiling with their rivals", True),  # 2 of 3
        ("smiling in a selfie with rivals", "smiling", False),  # 1 of 3
        ("disciplinary action", "action", True),  # exactly half passes
        ("month-long cleanse campaign", "a long campaign", True),  # 2 of 4
        ("month-long cleanse campaign", "a campaign", False),  # 1 of 4
        # exact tokens after normalisation: no stemming
        ("selfie", "selfies", False),
        ("Selfie, rivals", "SELFIES with rivals", True),
        # a gold text of stopwords only must be equal
        ("of the", "of the", True),
        ("of the", "of", False),
    ],
)
def test_text_matches(gold: str, predicted: str, ok: bool) -> None:
    assert text_matches(gold, predicted) is ok


def test_stopwords_are_normalised_words() -> None:
    """A stopword that normalisation could never produce would silently count as content."""
    assert STOPWORDS
    assert all(normalize_name(w) == w for w in STOPWORDS)


# --------------------------------------------------------------------------- entities


def test_entities_by_type_with_athlete_as_person_and_team_as_organization() -> None:
    b = Builder()
    b.entity("d", "Person", "Kim Kum Yong")  # gold Athlete: an Athlete counts as a Person
    b.entity("d", "Athlete", "Kim Jong Un")  # gold Person
    b.entity("d", "Nation", "N. Korea", "North Korean")  # through the gold alias
    b.entity("d", "Team", "Ministry of Sport")  # gold Organization: Team ⊑ Organization
    b.entity("d", "Nation", "Chinese team")  # gold Team: wrong type, a miss and a false positive
    b.entity("d", "Sport", "table tennis")  # not in the gold
    b.entity("d", "Referent", "the coach")  # not an entity
    b.entity("other", "Person", "Ri Jing-sik")  # another document
    gold = record(
        entities=[
            ent("Kim Kum-yong", "Athlete"),
            ent("North Korea", "Nation", "North Korean"),
            ent("Ministry of Sport", "Organization"),
            ent("Chinese team", "Team"),
            ent("Kim Jong Un", "Person"),
        ]
    )
    report = score([gold], b.predictions())
    assert {t: counts(c) for t, c in report.entities.items()} == {
        "Person": (2, 0, 0),
        "Nation": (1, 1, 0),
        "Team": (0, 0, 1),
        "Organization": (1, 0, 0),
        "Sport": (0, 1, 0),
    }
    assert counts(report.entity_total) == (4, 2, 1)
    assert prf(report.entity_total) == (Fraction(4, 6), Fraction(4, 5), Fraction(8, 11))


def test_entities_match_one_to_one() -> None:
    """Two nodes for one person: one hit, one false positive (the contract wants one node)."""
    b = Builder()
    b.entity("d", "Athlete", "Kim Kum-yong")
    b.entity("d", "Athlete", "Kim Kum Yong")
    report = score([record(entities=[ent("Kim Kum-yong", "Athlete")])], b.predictions())
    assert counts(report.entities["Person"]) == (1, 1, 0)


def test_entities_exact_name_matches_first() -> None:
    """Greedy by match quality: the exact pair is taken before an earlier containment pair."""
    b = Builder()
    b.entity("d", "Person", "Wilfried Willi Schneider")
    gold = record(entities=[ent("Willi Schneider", "Person"), ent("Wilfried Willi Schneider", "Person")])
    report = score([gold], b.predictions())
    assert counts(report.entities["Person"]) == (1, 0, 1)
    [miss] = report.errors
    assert (miss.kind, miss.category, miss.item) == ("fn", "entity", "Willi Schneider (Person)")


# --------------------------------------------------------------------------- relations


def _relation_gold(**extra: Any) -> dict[str, Any]:
    return record(
        entities=[
            ent("Kim Kum-yong", "Athlete", "Kim Kum Yong"),
            ent("Ri Jing-sik", "Athlete"),
            ent("North Korea", "Nation", "North Korean"),
            ent("Paris 2024 Olympics", "SportingEvent", "2024 Summer Olympics"),
        ],
        relations=[
            rel("Kim Kum-yong", "nationality", "North Korea"),
            rel("Ri Jing-sik", "nationality", "North Korea"),
            rel("Kim Kum-yong", "participatedIn", "Paris 2024 Olympics"),
            rel("Ri Jing-sik", "participatedIn", "Paris 2024 Olympics"),
        ],
        **extra,
    )


def test_relations_precision_recall_f1() -> None:
    b = Builder()
    kim = b.entity("d", "Athlete", "Kim Kum Yong")
    ri = b.entity("d", "Athlete", "Ri Jing-sik")
    nk = b.entity("d", "Nation", "North Korean")  # matches the gold alias
    paris = b.entity("d", "SportingEvent", "2024 Summer Olympics")
    un = b.entity("d", "Person", "Kim Jong Un")
    tt = b.entity("d", "Sport", "table tennis")
    b.statement("d", kim, "nationality", nk, "North Korean Kim Kum-yong ...")  # TP
    b.statement("d", kim, "nationality", nk, "Kim, a North Korean ...")  # same triple: one prediction
    b.statement("d", ri, "participatedIn", paris)  # TP
    b.statement("d", un, "nationality", nk, "Kim Jong Un's North Korea ...")  # FP
    b.statement("d", kim, "playsSport", tt)  # the gold set has no playsSport: not scored
    report = score([_relation_gold()], b.predictions())

    assert list(report.relations) == ["nationality", "participatedIn"]
    assert counts(report.relations["nationality"]) == (1, 1, 1)
    assert counts(report.relations["participatedIn"]) == (1, 0, 1)
    total = report.relation_total
    assert counts(total) == (2, 1, 2)
    assert prf(total) == (Fraction(2, 3), Fraction(1, 2), Fraction(4, 7))
    assert report.unscored_predicates == ["playsSport"]
    assert any("playsSport" in note for note in report.notes)

    fp = [e for e in report.errors if e.kind == "fp" and e.category == "relation"]
    assert [(e.item, e.sentence) for e in fp] == [
        ("Kim Jong Un nationality North Korean", "Kim Jong Un's North Korea ...")
    ]


def test_predicate_scope_is_the_gold_set_not_the_record() -> None:
    """memberOf is used by one record, so a memberOf prediction in another record is a FP."""
    b = Builder()
    b.statement("b", b.entity("b", "Person", "Ann Lee"), "memberOf", b.entity("b", "Team", "Reds"))
    gold = [
        record("a", relations=[rel("Bob", "memberOf", "Blues")]),
        record("b", relations=[]),
    ]
    report = score(gold, b.predictions())
    assert counts(report.relations["memberOf"]) == (0, 1, 1)


def test_relation_ends_may_be_referents() -> None:
    b = Builder()
    coach = b.entity("d", "Referent", "the coach")
    nk = b.entity("d", "Nation", "North Korea")
    b.statement("d", coach, "nationality", nk)
    gold = record(
        entities=[ent("North Korea", "Nation")],
        relations=[rel("coach", "nationality", "North Korea")],
    )
    report = score([gold], b.predictions())
    assert counts(report.relations["nationality"]) == (1, 0, 0)


def test_one_prediction_finds_a_fact_listed_twice() -> None:
    """Re-DocRED keeps "Canada" and "Canadian" apart, so one fact is two gold relations."""
    gold = record(
        entities=[
            ent("Duff Gibson", "Person"),
            ent("Canada", "Location"),
            ent("Canadian", "Location"),
        ],
        relations=[
            rel("Duff Gibson", "nationality", "Canada"),
            rel("Duff Gibson", "nationality", "Canadian"),
        ],
        scored=["relations"],
    )
    b = Builder()
    gibson = b.entity("d", "Athlete", "Duff Gibson")
    b.statement("d", gibson, "nationality", b.entity("d", "Nation", "Canada", "Canadian"))
    report = score([gold], b.predictions())
    c = report.relations["nationality"]
    assert (c.tp, c.tp_predicted, c.fp, c.fn) == (2, 1, 0, 0)
    assert prf(c) == (1, 1, 1)
    assert report.entities == {}  # scored on relations only

    # Two nodes (one per spelling): two predictions, each a hit.
    b = Builder()
    gibson = b.entity("d", "Athlete", "Duff Gibson")
    b.statement("d", gibson, "nationality", b.entity("d", "Nation", "Canada"))
    b.statement("d", gibson, "nationality", b.entity("d", "Nation", "Canadian"))
    c = score([gold], b.predictions()).relations["nationality"]
    assert (c.tp, c.tp_predicted, c.fp, c.fn) == (2, 2, 0, 0)

    # Only "Canada", no alias: one of the two is found.
    b = Builder()
    gibson = b.entity("d", "Athlete", "Duff Gibson")
    b.statement("d", gibson, "nationality", b.entity("d", "Nation", "Canada"))
    c = score([gold], b.predictions()).relations["nationality"]
    assert (c.tp, c.tp_predicted, c.fp, c.fn) == (1, 1, 0, 1)
    assert prf(c) == (1, Fraction(1, 2), Fraction(2, 3))


def test_relation_names_match_by_containment() -> None:
    gold = record(
        entities=[
            ent('Wilfried "Willi" Schneider', "Person", "Schneider"),
            ent("German", "Location"),
        ],
        relations=[rel('Wilfried "Willi" Schneider', "nationality", "German")],
    )
    b = Builder()
    b.statement(
        "d",
        b.entity("d", "Person", "Willi Schneider"),
        "nationality",
        b.entity("d", "Nation", "Germany", "German"),
    )
    assert counts(score([gold], b.predictions()).relations["nationality"]) == (1, 0, 0)


# --------------------------------------------------------------------------- scored, missing


def test_scored_limits_what_a_record_counts() -> None:
    b = Builder()
    kim = b.entity("r", "Athlete", "Kim Kum-yong")
    nk = b.entity("r", "Nation", "North Korea")
    b.statement("r", kim, "nationality", nk)
    b.event("r", "MedalAward", recipient=kim, medal="silver")
    b.entity("all", "Sport", "judo")
    gold = [
        record(
            "r",
            entities=[ent("Kim Kum-yong", "Athlete"), ent("South Korea", "Nation")],
            relations=[rel("Kim Kum-yong", "nationality", "North Korea")],
            events=[],
            scored=["relations"],
        ),
        record("all", entities=[ent("judo", "Sport")], relations=[], events=[]),
    ]
    report = score(gold, b.predictions())
    assert {t: counts(c) for t, c in report.entities.items()} == {"Sport": (1, 0, 0)}
    assert counts(report.relation_total) == (1, 0, 0)
    assert report.event_roles == {}  # no record annotates an event role
    assert report.unscored_roles == []  # record "r" is not scored on events at all


def test_a_record_without_a_gold_key_is_not_scored_on_it() -> None:
    b = Builder()
    b.entity("d", "Sport", "judo")
    report = score([record(relations=[])], b.predictions())
    assert report.entities == {}


def test_document_missing_from_the_graph_scores_as_misses() -> None:
    report = score([_relation_gold()], {})
    assert report.missing_documents == ["d"]
    assert counts(report.relation_total) == (0, 0, 4)
    assert counts(report.entity_total) == (0, 0, 4)


# --------------------------------------------------------------------------- events


def test_events_align_by_greatest_overlap() -> None:
    gold = record(
        entities=[ent("Kim Kum-yong", "Athlete"), ent("Ri Jing-sik", "Athlete")],
        events=[
            {
                "type": "Punishment",
                "roles": {
                    "target": ["Kim Kum-yong", "Ri Jing-sik"],
                    "status": "possible",
                    "reason": "smiling in a selfie with rivals",
                },
            },
            {
                "type": "Punishment",
                "roles": {
                    "target": ["Kim Kum-yong", "Ri Jing-sik"],
                    "status": "actual",
                    "punishmentType": [["month-long cleanse", "ideological assessment"]],
                },
            },
        ],
    )
    b = Builder()
    kim = b.entity("d", "Athlete", "Kim Kum-yong")
    ri = b.entity("d", "Athlete", "Ri Jing-sik")
    nk = b.entity("d", "Nation", "North Korea")
    # overlap 2 with the first gold event (targets), 4 with the second
    b.event(
        "d",
        "Punishment",
        "They underwent a month-long cleanse.",
        target=[kim, ri],
        status="actual",
        punishmentType="a month-long cleanse",
        imposedBy=nk,
    )
    report = score([gold], b.predictions())
    roles = report.event_roles["Punishment"]
    assert list(roles) == ["target", "punishmentType", "reason", "status"]
    assert counts(roles["target"]) == (2, 0, 2)  # the unaligned first event's targets are missed
    assert counts(roles["status"]) == (1, 0, 1)
    assert counts(roles["punishmentType"]) == (1, 0, 0)
    assert counts(roles["reason"]) == (0, 0, 1)
    assert counts(report.event_types["Punishment"]) == (4, 0, 4)
    assert counts(report.roles["target"]) == (2, 0, 2)
    assert prf(report.event_role_total) == (1, Fraction(1, 2), Fraction(2, 3))
    # imposedBy is not annotated by any gold event: not scored, and said so
    assert report.unscored_roles == ["Punishment.imposedBy"]


def test_event_alternatives_count_once() -> None:
    gold = record(
        entities=[ent("Chinese team", "Team"), ent("China", "Nation", "Chinese")],
        events=[
            {
                "type": "MedalAward",
                "roles": {"recipient": [["Chinese team", "China"]], "medal": "gold"},
            }
        ],
    )
    b = Builder()
    team = b.entity("d", "Team", "Chinese team")
    china = b.entity("d", "Nation", "China")
    b.event("d", "MedalAward", recipient=[team, china], medal="Gold")
    roles = score([gold], b.predictions()).event_roles["MedalAward"]
    assert counts(roles["recipient"]) == (1, 1, 0)  # one argument: one hit, the other a FP
    assert counts(roles["medal"]) == (1, 0, 0)  # exact after normalisation


def test_event_role_lists_and_non_entity_names() -> None:
    """A list gives several arguments; a role name that is no gold entity matches by itself."""
    gold = record(
        entities=[ent("Kim Kum-yong", "Athlete"), ent("Ri Jing-sik", "Athlete")],
        events=[
            {"type": "MedalAward", "roles": {"recipient": ["Kim Kum-yong", "Ri Jing-sik"]}},
            {"type": "Punishment", "roles": {"target": [["coach", "North Korean coach"]]}},
        ],
    )
    b = Builder()
    b.event("d", "MedalAward", recipient=b.entity("d", "Athlete", "Kim Kum Yong"))
    b.event("d", "Punishment", target=b.entity("d", "Referent", "the coach"))
    report = score([gold], b.predictions())
    assert counts(report.event_roles["MedalAward"]["recipient"]) == (1, 0, 1)
    assert counts(report.event_roles["Punishment"]["target"]) == (1, 0, 0)


def test_event_text_role_half_of_content_words() -> None:
    gold = record(
        entities=[ent("Kim Kum-yong", "Athlete")],
        events=[
            {
                "type": "Punishment",
                "roles": {
                    "target": "Kim Kum-yong",
                    "reason": "smiling with rivals",
                    "punishmentType": "six-hour public criticism session",
                },
            }
        ],
    )
    b = Builder()
    # reason: smiling, rivals → "smiling" is half: a hit
    # punishmentType: six, hour, public, criticism, session → "criticism session" is 2 of 5: no
    b.event(
        "d",
        "Punishment",
        target=b.entity("d", "Athlete", "Kim Kum-yong"),
        reason="smiling for a photo",
        punishmentType="a criticism session",
    )
    roles = score([gold], b.predictions()).event_roles["Punishment"]
    assert counts(roles["reason"]) == (1, 0, 0)
    assert counts(roles["punishmentType"]) == (0, 1, 1)


def test_unaligned_events() -> None:
    gold = record(
        entities=[ent("China", "Nation"), ent("Paris 2024 Olympics", "SportingEvent")],
        events=[
            {
                "type": "MedalAward",
                "roles": {"recipient": "China", "medal": "gold", "atEvent": "Paris 2024 Olympics"},
            }
        ],
    )
    b = Builder()
    # shares nothing with the gold event: never aligned
    b.event(
        "d",
        "MedalAward",
        "South Korea took bronze.",
        recipient=b.entity("d", "Nation", "South Korea"),
        medal="bronze",
    )
    # a Punishment: no gold Punishment role is used in this set, so it is not scored
    b.event("d", "Punishment", status="possible")
    report = score([gold], b.predictions())
    roles = report.event_roles["MedalAward"]
    assert {r: counts(c) for r, c in roles.items()} == {
        "recipient": (0, 1, 1),
        "medal": (0, 1, 1),
        "atEvent": (0, 0, 1),
    }
    assert "Punishment" not in report.event_roles
    assert report.unscored_roles == ["Punishment.status"]
    fps = [e for e in report.errors if e.kind == "fp" and e.category == "event role"]
    assert [(e.item, e.sentence) for e in fps] == [
        ("MedalAward.recipient = South Korea", "South Korea took bronze."),
        ("MedalAward.medal = bronze", "South Korea took bronze."),
    ]


def test_events_only_align_within_a_type_and_document() -> None:
    gold = [
        record(
            "a",
            entities=[ent("Ann Lee", "Athlete")],
            events=[{"type": "MedalAward", "roles": {"recipient": "Ann Lee"}}],
        ),
        record("b", entities=[ent("Ann Lee", "Athlete")], events=[]),
    ]
    b = Builder()
    b.event("b", "MedalAward", recipient=b.entity("b", "Athlete", "Ann Lee"))
    roles = score(gold, b.predictions()).event_roles["MedalAward"]
    assert counts(roles["recipient"]) == (0, 1, 1)


# --------------------------------------------------------------------------- reading the graph


def test_predictions_from_graph() -> None:
    b = Builder()
    kim = b.entity("d", "Athlete", "Kim Kum-yong", "Kim", "Kim Kum Yong")
    coach = b.entity("d", "Referent", "the coach")
    nk = b.entity("d", "Nation", "North Korea")
    b.doc("empty")
    b.statement("d", kim, "nationality", nk, "Second.")
    b.statement("d", kim, "nationality", nk, "Third.")
    b.statement("d", coach, "nationality", nk, "Fourth.")
    b.event("d", "Punishment", "Fifth.", target=coach, status="actual", imposedBy=nk)
    predictions = b.predictions()

    assert set(predictions) == {"d", "empty"}
    assert predictions["empty"].entities == ()
    p = predictions["d"]
    assert [(e.type, e.names) for e in p.entities] == [
        ("Athlete", ("Kim Kum-yong", "Kim", "Kim Kum Yong")),  # label first
        ("Nation", ("North Korea",)),
    ]
    assert [(r.subject.display, r.predicate, r.object.display, r.sentence) for r in p.relations] == [
        ("Kim Kum-yong", "nationality", "North Korea", "Second."),  # one per triple, first sentence
        ("the coach", "nationality", "North Korea", "Fourth."),
    ]
    [event] = p.events
    assert event.type == "Punishment" and event.sentence == "Fifth."
    assert [(r, v if isinstance(v, str) else v.display) for r, v in event.roles] == [
        ("imposedBy", "North Korea"),
        ("status", "actual"),
        ("target", "the coach"),
    ]


# --------------------------------------------------------------------------- fixtures, report


def test_evaluate_mini_fixture() -> None:
    """tests/data/eval/mini.ttl lists these figures, computed by hand, in its header."""
    graph = Graph().parse(DATA / "eval" / "mini.ttl")
    report = evaluate(DATA / "eval" / "mini.gold.jsonl", graph)

    assert counts(report.entity_total) == (6, 1, 1)
    assert prf(report.entity_total)[:2] == (Fraction(6, 7), Fraction(6, 7))
    assert counts(report.entities["Team"]) == (0, 1, 0)
    assert counts(report.entities["Nation"]) == (1, 0, 1)

    assert counts(report.relation_total) == (2, 1, 2)
    assert prf(report.relation_total) == (Fraction(2, 3), Fraction(1, 2), Fraction(4, 7))
    assert report.unscored_predicates == ["memberOf"]

    assert counts(report.event_role_total) == (8, 0, 1)
    assert prf(report.event_role_total)[:2] == (1, Fraction(8, 9))
    assert counts(report.event_roles["Punishment"]["imposedBy"]) == (0, 0, 1)
    assert report.unscored_roles == ["Punishment.relatedEvent"]

    described = [e.describe() for e in report.errors]
    assert (
        "FP relation [selfie] Kim Jong Un nationality North Korea"
        " | Kim Jong Un's regime controls contacts with South Korea."
    ) in described
    assert (
        "FN entity [selfie] South Korea (Nation) | Kim Jong Un's regime controls contacts with South Korea."
    ) in described


def test_report_to_dict_and_table() -> None:
    report = evaluate(DATA / "eval" / "mini.gold.jsonl", Graph().parse(DATA / "eval" / "mini.ttl"))
    data = json.loads(json.dumps(report.to_dict()))
    assert data["relations"]["total"] == {
        "tp": 2,
        "fp": 1,
        "fn": 2,
        "tp_predicted": 2,
        "precision": 0.6667,
        "recall": 0.5,
        "f1": 0.5714,
    }
    assert data["events"]["by_type_role"]["MedalAward"]["medal"]["tp"] == 1
    assert data["events"]["by_role"]["imposedBy"]["fn"] == 1
    assert data["unscored"] == {"predicates": ["memberOf"], "roles": ["Punishment.relatedEvent"]}
    assert {e["kind"] for e in data["errors"]} == {"fp", "fn"}
    assert data["notes"]

    console = Console(record=True, width=120)
    console.print(report.to_table())
    text = console.export_text()
    for heading in ("Entities", "Relations", "Event roles", "Punishment.imposedBy", "total"):
        assert heading in text


def test_empty_report_is_zero_not_an_error() -> None:
    report = Report()
    assert (report.entity_total.precision, report.entity_total.recall, report.entity_total.f1) == (
        0,
        0,
        0,
    )
    assert report.to_dict()["events"]["total"]["f1"] == 0


# --------------------------------------------------------------------------- dev sets


def _gold_graph(records: list[dict[str, Any]]) -> Graph:
    """The graph a perfect system would build: gold entities, relations and events as nodes."""
    b = Builder()
    classes = {"Location": "Nation", "Misc": "SportingEvent"}
    for rec in records:
        doc_id = rec["id"]
        b.doc(doc_id)
        nodes = {}
        for e in rec.get("entities", []):
            cls = classes.get(e["type"], e["type"])
            nodes[e["name"]] = b.entity(doc_id, cls, e["name"], *e.get("aliases", []))
        for r in rec.get("relations", []):
            b.statement(doc_id, nodes[r["subject"]], r["predicate"], nodes[r["object"]])
        for ev in rec.get("events", []):
            roles: dict[str, list[Any]] = {}
            for role, value in ev["roles"].items():
                for arg in [value] if isinstance(value, str) else value:
                    first = arg[0] if isinstance(arg, list) else arg
                    if role in ("medal", "status", "reason", "punishmentType", "discipline"):
                        roles.setdefault(role, []).append(first)
                    else:
                        node = nodes.get(first) or b.entity(doc_id, "Referent", first)
                        roles.setdefault(role, []).append(node)
            b.event(doc_id, ev["type"], **roles)
    return b.graph


GOLD_FILES = sorted(f"{split}/{p.name}" for split in ("dev", "test") for p in (DATA / split).glob("*.jsonl"))


@pytest.mark.parametrize("name", GOLD_FILES)
def test_gold_sets_score_perfect_against_themselves(name: str) -> None:
    gold = read_gold(DATA / name)
    report = score(gold, predictions_from_graph(_gold_graph(gold)))
    for total in (report.entity_total, report.relation_total, report.event_role_total):
        assert total.fp == total.fn == 0
    assert report.relation_total.tp > 0
    assert report.errors == []


def test_dev_sets_empty_graph_misses_everything() -> None:
    gold = read_gold(DATA / "dev" / "seed.gold.jsonl") + read_gold(DATA / "dev" / "redocred-sports-dev.jsonl")
    report = score(gold, {})
    n_relations = sum(len(r["relations"]) for r in gold)
    assert counts(report.relation_total) == (0, 0, n_relations)
    assert len(report.missing_documents) == len(gold) == 33
    assert set(report.entities) == {
        "Person",
        "Nation",
        "Team",
        "Organization",
        "SportingEvent",
        "Sport",
    }
