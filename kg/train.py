"""Train the decision model of `kg_decide` from our annotations.

    python -m kg.train --corpus ../shared/corpus/bbc-sport \\
        --redocred ../shared/data/redocred/dev-contract.jsonl -o kg/data/decider.json

The rules run over every annotated document (the pipeline without `kg_decide`);
each candidate relation (`kg.components.decide.candidates`) is labelled true when
the document's gold holds that fact (matched by name as the scorer matches), and
a logistic regression (scikit-learn, fixed seed, L2) learns the features'
weights. Folds by document give the cross-validated figures, measured with the
contract's scorer on one graph per document; each predicate's threshold is the
one that maximises that predicate's out-of-fold F1 (with every gold fact the
candidates miss counted as a miss). The model is then fitted on all documents
and written as JSON weights.

Calibration: Platt scaling. The regression's out-of-fold scores (log-odds) are
mapped to probabilities by a one-feature logistic regression fitted on the
out-of-fold labels, so a confidence of 0.8 means about four true facts in five
on unseen documents of the training sets' kinds; the report gives the Brier
score and, per band of probability, the out-of-fold share of true candidates.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from kg.components.decide import Candidate, DocumentView, LinearModel, candidates, decide, features
from kg.components.decide_roles import EventView, RoleCandidate, decide_roles, role_candidates, role_features
from kg.evaluate import (
    EntityValue,
    PredictedEvent,
    Prediction,
    RoleValue,
    _GoldIndex,
    align_events,
    names_match,
    predictions_from_graph,
    score,
)
from kg.extract import ALIAS_KINDS, prepare, to_extraction
from kg.graph import build_rdf
from kg.pipeline import load_pipeline
from kg.read import gold_documents, read_gold
from kg.records import PREDICATES, Document

DATA = Path(__file__).parents[1] / "tests" / "data"
SEED = 20261206


@dataclass
class TrainingDocument:
    """One annotated document, run through the rules, with its candidates labelled."""

    group: str
    document: Document
    record: dict[str, Any]
    doc: Doc
    rule_relations: list[dict[str, Any]]
    candidates: list[Candidate]
    features: list[dict[str, float]]
    labels: list[int]
    #: predicates the document's gold annotates (Re-DocRED has no playsSport)
    predicates: set[str]
    rule_events: list[dict[str, Any]]
    role_candidates: list[RoleCandidate]
    role_features: list[dict[str, float]]
    role_labels: list[int]
    #: event roles ("Punishment.target") the document's gold annotates
    roles: set[str]

    def task(self, name: str) -> tuple[list[str], list[dict[str, float]], list[int], set[str]]:
        """One model's rows: each candidate's key (predicate, or "Type.role"), features and label,
        and the keys the gold annotates."""
        if name == "roles":
            keys = [c.key for c in self.role_candidates]
            scope = self.roles | {f"{r}|unproposed" for r in self.roles}
            return keys, self.role_features, self.role_labels, scope
        return [c.predicate for c in self.candidates], self.features, self.labels, self.predicates


def annotated_predicates(
    record: dict[str, Any], group_predicates: set[str], part: str = "relations"
) -> set[str]:
    parts = record.get("scored")
    if parts is not None and part not in parts:
        return set()
    return group_predicates


def entity_names(doc: Doc, key: str) -> tuple[str, ...]:
    """An entity's label, aliases and the names it is mentioned by, as the graph will carry them."""
    entry = doc._.kg_entities[key]
    names = [entry["label"], *entry["aliases"]]
    names += [m["text"] for m in doc._.kg_mentions if key in m["keys"] and m["kind"] in ALIAS_KINDS]
    return tuple(dict.fromkeys(names))


def label(doc: Doc, candidate: Candidate, gold: list[tuple[str, tuple[str, ...], tuple[str, ...]]]) -> int:
    subject, obj = entity_names(doc, candidate.subject), entity_names(doc, candidate.object)
    return int(
        any(p == candidate.predicate and names_match(subject, s) and names_match(obj, o) for p, s, o in gold)
    )


def role_labels(
    doc: Doc, record: dict[str, Any], roles: set[str], found: Sequence[RoleCandidate]
) -> list[int]:
    """Each candidate role value: 1 when the scorer would count it as found (its event aligned to
    a gold event, the value matched to one of that event's arguments), every candidate counted."""
    values: dict[int, list[tuple[str, RoleValue]]] = {}
    for c in found:
        names = entity_names(doc, c.value) if c.value in doc._.kg_entities else ()
        value: RoleValue = EntityValue(c.value, names) if c.is_entity else c.value
        values.setdefault(c.event, []).append((c.role, value))
    events = doc._.kg_events or []
    predicted = [PredictedEvent(str(n), e["type"], tuple(values.get(n, []))) for n, e in enumerate(events)]
    by_type: dict[str, list[str]] = {}
    for key in sorted(roles):
        kind, _, role = key.partition(".")
        by_type.setdefault(kind, []).append(role)
    aligned, computed = align_events(predicted, record.get("events", []), _GoldIndex(record), by_type)
    labels = []
    for c in found:
        matching: dict[int, int] = {}
        if c.event in aligned:
            entry = computed[c.event, aligned[c.event]].get(c.role)
            matching = entry[2] if entry else {}
        labels.append(int(c.position in matching))
    return labels


def prepare_documents(
    sets: dict[str, list[Path]], corpus: Path | None, model: str | None = None
) -> list[TrainingDocument]:
    """Run the rules over every gold document and label the candidates."""
    nlp = load_pipeline(model, rules_only=True)
    prepared: list[TrainingDocument] = []
    for group, paths in sets.items():
        for path in paths:
            records = read_gold(path, corpus)
            used = {r["predicate"] for rec in records for r in rec.get("relations", [])}
            used_roles = {
                f"{e['type']}.{role}" for rec in records for e in rec.get("events", []) for role in e["roles"]
            }
            for document, record in zip(gold_documents(path, corpus), records, strict=True):
                doc = nlp(prepare(nlp, document))
                index = _GoldIndex(record)
                gold = [
                    (r["predicate"], index.names(r["subject"]), index.names(r["object"]))
                    for r in record.get("relations", [])
                ]
                found = candidates(doc)
                view = DocumentView(doc)
                events = EventView(doc, view)
                roles = annotated_predicates(record, used_roles, "events")
                found_roles = role_candidates(doc, events)
                prepared.append(
                    TrainingDocument(
                        group=group,
                        document=document,
                        record=record,
                        doc=doc,
                        rule_relations=list(doc._.kg_relations or []),
                        candidates=found,
                        features=[features(view, c) for c in found],
                        labels=[label(doc, c, gold) for c in found],
                        predicates=annotated_predicates(record, used),
                        rule_events=list(doc._.kg_events or []),
                        role_candidates=found_roles,
                        role_features=[role_features(events, c) for c in found_roles],
                        role_labels=role_labels(doc, record, roles, found_roles),
                        roles=roles,
                    )
                )
    return prepared


def _rows(
    documents: Sequence[TrainingDocument], weights: dict[str, float], task: str = "relations"
) -> tuple[list, list, list]:
    xs, ys, ws = [], [], []
    for d in documents:
        keys, rows, labels, scope = d.task(task)
        for key, feats, y in zip(keys, rows, labels, strict=True):
            if key in scope:
                xs.append(feats)
                ys.append(y)
                ws.append(weights.get(d.group, 1.0))
    return xs, ys, ws


def fit(
    documents: Sequence[TrainingDocument], weights: dict[str, float], c: float, task: str = "relations"
) -> LinearModel:
    """A logistic regression over the documents' candidates of `task` (thresholds left at 0.5)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = _rows(documents, weights, task)
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(xs).tocsr()
    matrix.indices = matrix.indices.astype("int32")  # liblinear takes 32-bit indices only
    matrix.indptr = matrix.indptr.astype("int32")
    regression = LogisticRegression(C=c, max_iter=2000, random_state=SEED, solver="liblinear")
    regression.fit(matrix, ys, sample_weight=ws)
    names = vectorizer.get_feature_names_out()
    coefficients = regression.coef_[0]
    model_weights = {
        str(n): round(float(w), 5) for n, w in zip(names, coefficients, strict=True) if abs(w) > 1e-5
    }
    return LinearModel(model_weights, round(float(regression.intercept_[0]), 5), {})


#: Feature families for the ablation (`--ablate`): the part of a feature's name after its predicate.
FAMILIES: dict[str, tuple[str, ...]] = {
    "rule proposals": ("proposed", "unproposed", "confidence", "by=", "other-objects"),
    "what else the rules say": ("subject-has=", "subject-event=", "via-team"),
    "words and path": ("between=", "path=", "subject-dep=", "object-dep=", "order="),
    "distance": ("sentences-apart=", "tokens-apart=", "apart="),
    "salience": ("object-rank=", "subject-rank=", "object-alone=", "subject-mentions="),
    "entity attributes": (
        "cls=",
        "object-kind=",
        "object-national",
        "object-series",
        "subject-role=",
        "subject-lineup=",
        "subject-described",
    ),
}


def without(documents: list[TrainingDocument], family: tuple[str, ...]) -> list[TrainingDocument]:
    """The documents with one family of features removed (for the ablation)."""

    def keep(name: str) -> bool:
        return not name.partition("|")[2].startswith(family)

    return [
        TrainingDocument(
            **{**d.__dict__, "features": [{k: v for k, v in f.items() if keep(k)} for f in d.features]}
        )
        for d in documents
    ]


def folds(documents: Sequence[TrainingDocument], k: int) -> list[list[int]]:
    """Documents dealt round-robin into `k` folds within each group, so each fold mixes the sets."""
    out: list[list[int]] = [[] for _ in range(k)]
    by_group: dict[str, list[int]] = {}
    for i, d in enumerate(documents):
        by_group.setdefault(d.group, []).append(i)
    n = 0
    for members in by_group.values():
        for i in members:
            out[n % k].append(i)
            n += 1
    return out


def best_thresholds(
    documents: Sequence[TrainingDocument], probabilities: list[list[float]], groups: set[str]
) -> dict[str, float]:
    """Per predicate, the thresholds with the best out-of-fold F1 on the documents of `groups`:
    one for the rules' proposals, one (`predicate|unproposed`) for pairs no rule proposed.

    The F1 maximised is the mean of each group's own F1, not the F1 of the groups' pooled
    counts: pooled, the real-news split (eight times the wire-style set's facts) chose alone,
    and the wire-style set, whose annotations differ (an athlete of a Games is a member of
    the national team there, not in the real-news annotations), lost 0.012 relations F1 to
    its rules. Gold facts no candidate matches count as misses at every threshold.
    """
    steps = [step / 100 for step in range(5, 100, 2)]
    thresholds: dict[str, float] = {}
    for predicate in PREDICATES:
        #: group -> (proposals' (probability, label), unproposed pairs', gold facts)
        by_group: dict[str, tuple[list[tuple[float, int]], list[tuple[float, int]], list[int]]] = {}
        for d, probs in zip(documents, probabilities, strict=True):
            if d.group not in groups or predicate not in d.predicates:
                continue
            proposed, unproposed, gold = by_group.setdefault(d.group, ([], [], [0]))
            gold[0] += sum(1 for r in d.record.get("relations", []) if r["predicate"] == predicate)
            for c, p, y in zip(d.candidates, probs, d.labels, strict=True):
                if c.predicate == predicate:
                    (proposed if c.proposals else unproposed).append((p, y))

        def counts(pairs: list[tuple[float, int]], t: float) -> tuple[int, int]:
            kept = [y for p, y in pairs if p >= t]
            return sum(kept), len(kept) - sum(kept)

        best = (0.5, 0.99, -1.0)
        for t in steps:
            at_t = {g: counts(proposed, t) for g, (proposed, _, _) in by_group.items()}
            for u in steps:
                # a pair no rule proposed is added only when the model finds it more likely true
                # than not, and never on easier terms than a proposal
                if u < max(t, 0.5):
                    continue
                f1s = []
                for g, (_, unproposed, (gold_total,)) in by_group.items():
                    tp_u, fp_u = counts(unproposed, u)
                    tp, fp = at_t[g][0] + tp_u, at_t[g][1] + fp_u
                    f1s.append(2 * tp / (tp + fp + gold_total) if gold_total else 0.0)
                f1 = sum(f1s) / len(f1s) if f1s else 0.0
                if f1 > best[2] + 1e-9:
                    best = (t, u, f1)
        thresholds[predicate], thresholds[f"{predicate}|unproposed"] = best[0], best[1]
    return thresholds


def best_role_thresholds(
    documents: Sequence[TrainingDocument], probabilities: list[list[float]], groups: set[str]
) -> dict[str, float]:
    """Per event role, the thresholds with the best out-of-fold F1 on the documents of `groups`:
    one for the rules' values, one (`Type.role|unproposed`) for the sentence's other entities.

    Gold arguments no candidate matches count as misses at every threshold.
    """
    steps = [0.0, *(step / 100 for step in range(5, 100, 2))]
    pairs: dict[str, tuple[list[tuple[float, int]], list[tuple[float, int]]]] = {}
    gold_total: dict[str, int] = {}
    for d, probs in zip(documents, probabilities, strict=True):
        if d.group not in groups:
            continue
        for event in d.record.get("events", []):
            for role, value in event["roles"].items():
                key = f"{event['type']}.{role}"
                if key in d.roles:
                    gold_total[key] = gold_total.get(key, 0) + (len(value) if isinstance(value, list) else 1)
        for c, p, y in zip(d.role_candidates, probs, d.role_labels, strict=True):
            key = f"{c.type}.{c.role}"
            if key in d.roles:
                pairs.setdefault(key, ([], []))[0 if c.proposed else 1].append((p, y))

    def counts(rows: list[tuple[float, int]], t: float) -> tuple[int, int]:
        kept = [y for p, y in rows if p >= t]
        return sum(kept), len(kept)

    # A rule's value is dropped only when the model finds it more likely wrong than right, and a
    # value no rule gave is added only when it is more likely right: thresholds beyond those
    # fitted the folds' noise (F1's best threshold is about half the best F1 reached).
    thresholds = {}
    for key, (proposed, unproposed) in sorted(pairs.items()):
        best = (0.0, 1.0, -1.0)
        for t in (step for step in steps if step <= 0.5):
            tp_p, n_p = counts(proposed, t)
            for u in [*(step for step in steps if step >= 0.5), 1.0] if unproposed else [1.0]:
                tp_u, n_u = counts(unproposed, u)
                denominator = n_p + n_u + gold_total.get(key, 0)
                f1 = 2 * (tp_p + tp_u) / denominator if denominator else 0.0
                if f1 > best[2] + 1e-9:
                    best = (t, u, f1)
        thresholds[key], thresholds[f"{key}|unproposed"] = best[0], best[1]
    return thresholds


def predictions(
    documents: Sequence[TrainingDocument], model: LinearModel | None, role_model: LinearModel | None = None
) -> dict[str, Prediction]:
    """Each document built into a graph of its own, with the models' decisions or the rules' own."""
    found: dict[str, Prediction] = {}
    for d in documents:
        d.doc._.kg_relations = list(d.rule_relations)
        d.doc._.kg_events = list(d.rule_events)
        if model is not None:
            d.doc._.kg_relations = decide(d.doc, model)
        if role_model is not None:
            d.doc._.kg_events = decide_roles(d.doc, role_model)
        found.update(predictions_from_graph(build_rdf([to_extraction(d.doc, d.document)])))
        d.doc._.kg_relations = list(d.rule_relations)
        d.doc._.kg_events = list(d.rule_events)
    return found


def cross_validate(
    documents: list[TrainingDocument], weights: dict[str, float], c: float, k: int, task: str = "relations"
) -> tuple[list[list[float]], list[LinearModel], tuple[float, float]]:
    """Out-of-fold calibrated probabilities for every candidate, the model that held each document
    out, and the Platt scaling (scale, shift) fitted on the out-of-fold scores."""
    scores: list[list[float]] = [[] for _ in documents]
    models: list[LinearModel] = [LinearModel({}, 0.0, {}) for _ in documents]
    for held in folds(documents, k):
        held_set = set(held)
        model = fit([d for i, d in enumerate(documents) if i not in held_set], weights, c, task)
        for i in held:
            scores[i] = [model.score(f) for f in documents[i].task(task)[1]]
            models[i] = model
    scale, shift = platt(documents, scores, weights, task)
    probabilities = [[1.0 / (1.0 + math.exp(-(scale * z + shift))) for z in row] for row in scores]
    models = [m.calibrated(scale, shift, {}) for m in models]
    return probabilities, models, (scale, shift)


def platt(
    documents: list[TrainingDocument],
    scores: list[list[float]],
    weights: dict[str, float],
    task: str = "relations",
) -> tuple[float, float]:
    """Platt scaling: a one-feature logistic regression from out-of-fold score to label."""
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for d, row in zip(documents, scores, strict=True):
        keys, _, labels, scope = d.task(task)
        for key, z, y in zip(keys, row, labels, strict=True):
            if key in scope:
                xs.append([z])
                ys.append(y)
                ws.append(weights.get(d.group, 1.0))
    regression = LogisticRegression(C=1e6, random_state=SEED).fit(xs, ys, sample_weight=ws)
    return round(float(regression.coef_[0][0]), 5), round(float(regression.intercept_[0]), 5)


def report_groups(
    documents: list[TrainingDocument],
    models: list[LinearModel],
    thresholds: dict[str, float],
    task: str = "relations",
) -> dict[str, dict[str, Any]]:
    """Per group, the scorer's figures for rules only and for out-of-fold decisions: relation
    totals for the relation model, event-role totals for the role model."""
    out: dict[str, dict[str, Any]] = {}

    def total(report: Any) -> Any:
        return report.relation_total if task == "relations" else report.event_role_total

    for group in dict.fromkeys(d.group for d in documents):
        members = [(d, m) for d, m in zip(documents, models, strict=True) if d.group == group]
        if task == "roles" and not any(d.roles for d, _ in members):
            continue
        records = [d.record for d, _ in members]
        rules = total(score(records, predictions([d for d, _ in members], None)))
        learned_predictions: dict[str, Prediction] = {}
        for d, m in members:
            decided = m.calibrated(m.scale, m.shift, thresholds)
            if task == "relations":
                learned_predictions.update(predictions([d], decided))
            else:
                learned_predictions.update(predictions([d], None, decided))
        learned = total(score(records, learned_predictions))
        out[group] = {"documents": len(members), "rules": rules.to_dict(), "learned": learned.to_dict()}
    return out


def calibration(
    documents: list[TrainingDocument], probabilities: list[list[float]], task: str = "relations"
) -> dict[str, Any]:
    pairs = [
        (p, y)
        for d, probs in zip(documents, probabilities, strict=True)
        for p, y in zip(probs, d.task(task)[2], strict=True)
    ]
    brier = sum((p - y) ** 2 for p, y in pairs) / max(len(pairs), 1)
    bands = []
    for lo in (0.0, 0.1, 0.3, 0.5, 0.7, 0.9):
        hi = {0.0: 0.1, 0.1: 0.3, 0.3: 0.5, 0.5: 0.7, 0.7: 0.9, 0.9: 1.01}[lo]
        inside = [y for p, y in pairs if lo <= p < hi]
        mean = [p for p, _ in pairs if lo <= p < hi]
        if inside:
            bands.append(
                {
                    "band": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "n": len(inside),
                    "mean_probability": round(sum(mean) / len(mean), 3),
                    "true_share": round(sum(inside) / len(inside), 3),
                }
            )
    return {"brier": round(brier, 4), "bands": bands}


def training_sets(corpus: Path | None, redocred: Path | None) -> dict[str, list[Path]]:
    """The annotations the model learns from: our news dev sets, the BBC dev split, Re-DocRED dev."""
    sets: dict[str, list[Path]] = {
        "news": [DATA / "dev" / "seed.gold.jsonl", *sorted((DATA / "dev").glob("news-*.gold.jsonl"))]
    }
    if corpus is not None:
        sets["bbc"] = [DATA / "bbc" / "dev.gold.jsonl"]
    if redocred is not None:
        sets["redocred"] = [redocred]
    return sets


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.train", description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="the BBC Sport articles' folder (for the BBC dev split)")
    parser.add_argument("--redocred", type=Path, help="Re-DocRED dev in the gold format (dev-contract.jsonl)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the relation model (JSON)")
    parser.add_argument("--roles-output", type=Path, help="where to write the event-role model (JSON)")
    parser.add_argument("--folds", type=int, default=5)
    # out of fold (thresholds on the groups' mean F1), C 0.25 / 0.5 / 1.0 gave relations F1 news
    # .908 / .905 / .907, real news .846 / .851 / .851, Re-DocRED .339 / .332 / .334: within the
    # folds' noise, and at 1.0 an inferred fact of one invented sentence was given 0.81
    parser.add_argument("--c", type=float, default=0.5, help="inverse L2 strength")
    parser.add_argument("--roles-c", type=float, default=0.5, help="inverse L2 strength of the role model")
    # out of fold, weights 0.3 / 0.6 / 1.0 gave relations F1 news .904 / .905 / .906, real news
    # .826 / .827 / .827, Re-DocRED .303 / .313 / .326: Re-DocRED counts in full
    parser.add_argument("--redocred-weight", type=float, default=1.0)
    parser.add_argument("--report", type=Path, help="write the cross-validation report (JSON) here")
    parser.add_argument(
        "--ablate", action="store_true", help="also cross-validate without each feature family"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    documents = prepare_documents(training_sets(args.corpus, args.redocred), args.corpus)
    prepared = time.perf_counter() - started
    weights = {"redocred": args.redocred_weight}
    news_groups = {"news", "bbc"}
    probabilities, models, (scale, shift) = cross_validate(documents, weights, args.c, args.folds)
    thresholds = best_thresholds(documents, probabilities, news_groups)
    figures = report_groups(documents, models, thresholds)
    ablation: dict[str, Any] = {}
    if args.ablate:
        for family, prefixes in FAMILIES.items():
            reduced = without(documents, prefixes)
            probs, fold_models, _ = cross_validate(reduced, weights, args.c, args.folds)
            kept = report_groups(reduced, fold_models, best_thresholds(reduced, probs, news_groups))
            ablation[family] = {g: round(v["learned"]["f1"], 3) for g, v in kept.items()}
            print(f"without {family}: {ablation[family]}")
    final = fit(documents, weights, args.c)
    n_rows = len(_rows(documents, weights)[0])
    meta = {
        "trained_on": {
            g: sum(1 for d in documents if d.group == g) for g in dict.fromkeys(d.group for d in documents)
        },
        "candidates": n_rows,
        "c": args.c,
        "redocred_weight": args.redocred_weight,
        "folds": args.folds,
        "seed": SEED,
    }
    model = LinearModel(final.weights, final.intercept, thresholds, meta, scale, shift)
    summary = {
        "cross_validated": figures,
        "calibration": calibration(documents, probabilities),
        "ablation": ablation,
        "thresholds": thresholds,
        "features": len(model.weights),
        "seconds": {"rules": round(prepared, 1), "total": round(time.perf_counter() - started, 1)},
        **meta,
    }
    role_model, summary["roles"] = train_roles(documents, weights, args.roles_c, args.folds, news_groups)
    summary["seconds"]["total"] = round(time.perf_counter() - started, 1)
    print(json.dumps(summary, indent=1))
    if args.report:
        args.report.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    for path, trained in ((args.output, model), (args.roles_output, role_model)):
        if path:
            write_model(path, trained)


def train_roles(
    documents: list[TrainingDocument], weights: dict[str, float], c: float, k: int, groups: set[str]
) -> tuple[LinearModel, dict[str, Any]]:
    """The event-role model, fitted on every document with annotated events, and its report."""
    with_events = [d for d in documents if d.roles]
    probabilities, models, (scale, shift) = cross_validate(with_events, weights, c, k, "roles")
    thresholds = best_role_thresholds(with_events, probabilities, groups)
    figures = report_groups(with_events, models, thresholds, "roles")
    final = fit(with_events, weights, c, "roles")
    meta = {
        "trained_on": {
            g: sum(1 for d in with_events if d.group == g)
            for g in dict.fromkeys(d.group for d in with_events)
        },
        "candidates": len(_rows(with_events, weights, "roles")[0]),
        "c": c,
        "folds": k,
        "seed": SEED,
    }
    model = LinearModel(final.weights, final.intercept, thresholds, meta, scale, shift)
    summary = {
        "cross_validated": figures,
        "calibration": calibration(with_events, probabilities, "roles"),
        "thresholds": thresholds,
        "features": len(model.weights),
        **meta,
    }
    return model, summary


def write_model(path: Path, model: LinearModel) -> None:
    from kg.export import write_atomically

    text = json.dumps(model.to_json(), indent=0) + "\n"
    write_atomically(path, lambda f: f.write(text.encode("utf-8")))
    print(f"model written to {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
