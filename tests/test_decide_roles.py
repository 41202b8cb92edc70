"""The trained decision layer for events: the rules give medals' and sanctions' roles, a model
trained on our annotations decides which values hold."""

from __future__ import annotations

import pytest
from conftest import rules_doc

from kg.components.decide import DocumentView, LinearModel, load_model
from kg.components.decide_roles import (
    DEFAULT_MODEL,
    EventView,
    decide_roles,
    role_candidates,
    role_features,
)
from kg.pipeline import load_pipeline

TEXT = (
    "The Nordic Skating Union banned Lena Marsh for two years after she tested positive for EPO "
    "at the Nordic Indoor Games in Oslo, where Piet Olsen coached her."
)


def key_of(doc, label: str) -> str:  # type: ignore[no-untyped-def]
    return next(k for k, e in doc._.kg_entities.items() if e["label"] == label)


def test_the_role_layer_runs_last_and_rules_only_leaves_it_out() -> None:
    assert load_pipeline().pipe_names[-2:] == ["kg_decide", "kg_decide_roles"]
    assert "kg_decide_roles" not in load_pipeline(rules_only=True).pipe_names


def test_the_shipped_role_model_has_a_threshold_per_role_of_both_event_types() -> None:
    model = load_model(None, DEFAULT_MODEL)
    assert len(model.weights) > 500
    for role in ("Punishment.target", "Punishment.imposedBy", "MedalAward.recipient", "MedalAward.atEvent"):
        assert 0 <= model.thresholds[role] < 1
        assert role + "|unproposed" in model.thresholds
    assert model.meta["seed"] and model.meta["trained_on"]


def test_candidates_are_the_rules_values_and_the_sentences_other_admissible_entities() -> None:
    doc = rules_doc(TEXT)
    found = role_candidates(doc, EventView(doc, DocumentView(doc)))
    ban = doc._.kg_events[0]
    given = {(c.role, c.value) for c in found if c.event == 0 and c.proposed}
    assert given == {(role, value) for role, value, _ in ban["roles"]}
    coach = key_of(doc, "Piet Olsen")
    unproposed = {(c.role, c.value) for c in found if c.event == 0 and not c.proposed}
    assert ("target", coach) in unproposed  # named in the sentence, given by no rule
    assert all(c.is_entity for c in found if not c.proposed)


def test_features_say_where_the_value_stands_in_the_events_sentence() -> None:
    doc = rules_doc(TEXT)
    events = EventView(doc, DocumentView(doc))
    found = role_candidates(doc, events)
    target = next(c for c in found if c.role == "target" and c.proposed)
    features = role_features(events, target)
    assert features["Punishment.target"] == 1.0
    assert features["Punishment.target|distance=inside"] == 1.0
    assert features["entity|distance=inside"] == 1.0  # shared by every entity role
    assert "Punishment.target|dep=dobj" in features
    coach = next(c for c in found if not c.proposed and c.role == "target")
    assert "Punishment.target|unproposed" in role_features(events, coach)


def test_the_model_keeps_values_at_their_roles_thresholds_and_sets_the_events_confidence() -> None:
    doc = rules_doc(TEXT)
    rule_roles = [list(map(tuple, e["roles"])) for e in doc._.kg_events]
    keep_given = decide_roles(doc, LinearModel({}, 5.0, {}))  # probability ~0.993 for every value
    assert [list(map(tuple, e["roles"])) for e in keep_given] == rule_roles  # unproposed need 1.0
    assert all(e["confidence"] == pytest.approx(0.993, abs=0.001) for e in keep_given)
    with_new = decide_roles(doc, LinearModel({}, 5.0, {"Punishment.target|unproposed": 0.5}))
    assert key_of(doc, "Piet Olsen") in {v for r, v, _ in with_new[0]["roles"] if r == "target"}
    drop = {"Punishment.target": 0.5, "Punishment.imposedBy": 0.5, "Punishment.relatedEvent": 0.5}
    (kept,) = decide_roles(doc, LinearModel({}, -5.0, drop))  # the rules' target stays, the rest goes
    assert {r for r, _, _ in kept["roles"]} & {"imposedBy", "relatedEvent"} == set()
    assert [v for r, v, _ in kept["roles"] if r == "target"] == [
        v for r, v, _ in rule_roles[0] if r == "target"
    ]


def test_role_training_labels_the_candidates_and_is_deterministic() -> None:
    from kg import train

    documents = train.prepare_documents(
        {"news": [train.DATA / "dev" / "news-a.gold.jsonl", train.DATA / "dev" / "news-b.gold.jsonl"]}, None
    )
    assert documents and any(d.role_candidates for d in documents)
    assert sum(sum(d.role_labels) for d in documents) > 50  # gold arguments among the candidates
    assert train.fit(documents, {}, 0.5, "roles") == train.fit(documents, {}, 0.5, "roles")
    probabilities, _, _ = train.cross_validate(documents, {}, 0.5, 2, "roles")
    thresholds = train.best_role_thresholds(documents, probabilities, {"news"})
    assert {"Punishment.target", "Punishment.target|unproposed"} <= set(thresholds)
