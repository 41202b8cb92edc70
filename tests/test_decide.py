"""The trained decision layer: rules propose, a model trained on our annotations decides."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import rules_doc

import kg
from kg.components.decide import (
    Candidate,
    DeciderError,
    DocumentView,
    LinearModel,
    candidates,
    decide,
    features,
    load_model,
)
from kg.pipeline import load_pipeline
from kg.records import Document

TEXT = (
    "Lena Marsh, the Norwegian sprinter, won the 200m at the Nordic Indoor Games in Oslo. "
    "Her coach Piet Olsen said she would now target the European Championships."
)


def test_the_pipeline_ends_with_the_decision_layer_and_rules_only_leaves_it_out() -> None:
    assert load_pipeline().pipe_names[-2:] == ["kg_decide", "kg_decide_roles"]
    assert "kg_decide" not in load_pipeline(rules_only=True).pipe_names


def test_the_shipped_model_loads_offline_with_a_threshold_per_predicate() -> None:
    model = load_model()
    assert len(model.weights) > 1000
    for predicate in ("nationality", "memberOf", "participatedIn", "playsSport", "leaderOf"):
        assert 0 < model.thresholds[predicate] < 1
        assert 0 < model.thresholds[f"{predicate}|unproposed"] < 1
    assert model.meta["seed"] and model.meta["trained_on"]


def test_candidates_hold_every_rule_proposal_and_every_admissible_pair() -> None:
    doc = rules_doc(TEXT)
    found = candidates(doc)
    proposed = {(r["subject"], r["predicate"], r["object"]) for r in doc._.kg_relations}
    assert proposed and proposed <= {(c.subject, c.predicate, c.object) for c in found}
    person = next(k for k, e in doc._.kg_entities.items() if e["label"] == "Piet Olsen")
    nation = next(k for k, e in doc._.kg_entities.items() if e["cls"] == "Nation")
    unproposed = [c for c in found if (c.subject, c.object) == (person, nation)]
    nationality = [c for c in unproposed if c.predicate == "nationality"]
    assert nationality and not nationality[0].proposals


def test_features_name_the_predicate_and_describe_the_closest_mentions() -> None:
    doc = rules_doc(TEXT)
    view = DocumentView(doc)
    sprinter = next(k for k, e in doc._.kg_entities.items() if e["label"] == "Lena Marsh")
    nation = next(k for k, e in doc._.kg_entities.items() if e["cls"] == "Nation")
    found = features(view, Candidate(sprinter, "nationality", nation))
    assert all(name.startswith("nationality") for name in found)
    assert found["nationality|sentences-apart=<=0"] == 1.0
    assert "nationality|between=the" in found


def test_the_model_decides_and_its_probability_becomes_the_confidence() -> None:
    doc = rules_doc(TEXT)
    keep_all = LinearModel({}, 5.0, {})  # every candidate at probability ~0.993
    kept = decide(doc, keep_all)
    assert len(kept) > len(doc._.kg_relations)
    assert all(r["confidence"] == pytest.approx(0.993, abs=0.001) for r in kept)
    assert any(r["component"] == "kg_decide" for r in kept)
    assert decide(doc, LinearModel({}, -5.0, {})) == []
    # a proposal needs its predicate's threshold; a pair no rule proposed needs `|unproposed`
    strict_new = LinearModel({}, 0.0, {"nationality|unproposed": 0.9})
    new_nationality = [r for r in decide(doc, strict_new) if r["component"] == "kg_decide"]
    assert new_nationality and all(r["predicate"] != "nationality" for r in new_nationality)


def test_rules_only_is_the_same_switch_in_the_api_and_the_cli(tmp_path: Path) -> None:
    document = Document("probe", TEXT, dt.date(2024, 3, 1))
    learned = next(kg.extract_documents([document]))
    rules = next(kg.extract_documents([document], rules_only=True))
    assert all(r.evidence.component != "kg_decide" for r in rules.relations)
    assert {r.evidence.confidence for r in learned.relations} != {
        r.evidence.confidence for r in rules.relations
    }


def test_a_model_file_that_is_not_a_model_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"weights": {}}), encoding="utf-8")
    with pytest.raises(DeciderError, match="model.json: not a kg decision model"):
        load_model(str(path))
    with pytest.raises(DeciderError, match="cannot read"):
        load_model(str(tmp_path / "missing.json"))


def test_a_model_round_trips_through_json() -> None:
    model = LinearModel({"nationality": 1.5}, -2.0, {"nationality": 0.4}, {"seed": 1}, 0.9, 0.1)
    again = LinearModel.from_json(json.loads(json.dumps(model.to_json())), "memory")
    assert again == model
    assert again.probability({"nationality": 1.0}) == pytest.approx(
        1 / (1 + 2.718281828 ** (0.9 * 0.5 - 0.1))
    )


def test_training_is_deterministic_and_writes_a_model_the_pipeline_loads(tmp_path: Path) -> None:
    from kg import train

    documents = train.prepare_documents(
        {"news": [train.DATA / "dev" / "news-a.gold.jsonl", train.DATA / "dev" / "news-b.gold.jsonl"]}, None
    )
    assert documents and all(d.candidates for d in documents)
    assert sum(sum(d.labels) for d in documents) > 20  # the gold facts are found among the candidates
    first = train.fit(documents, {}, 0.5)
    second = train.fit(documents, {}, 0.5)
    assert first == second and first.weights
    probabilities, models, (scale, _) = train.cross_validate(documents, {}, 0.5, 2)
    assert scale > 0 and len(models) == len(documents)
    thresholds = train.best_thresholds(documents, probabilities, {"news"})
    assert set(thresholds) >= {"nationality", "nationality|unproposed"}
