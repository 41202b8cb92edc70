"""Extraction quality on the gold sets, one graph per document, by the contract's scoring.

    python benchmarks/quality.py                       # every development set
    python benchmarks/quality.py --set bbc-dev --errors --corpus ../shared/corpus/bbc-sport
    python benchmarks/quality.py --set bbc-dev --disable kg_coref   # ablation
    python benchmarks/quality.py --set bbc-test --corpus ...        # held out: aggregate only
    python benchmarks/quality.py --set bbc-dev --compare --corpus ... # learned minus --rules-only

Sets: seed, news-dev, news-test, redocred, bbc-dev, bbc-test, bbc-test-2, bbc-test-3,
bbc-test-4, bbc-test-5, bbc-test-6 (the bbc sets read their articles from --corpus). Errors are
never printed for a held-out set: its figures may be read, its mistakes may not
(tests/data/bbc/README.md).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.evaluate import Report, evaluate_extraction

DATA = Path(__file__).parents[1] / "tests" / "data"
SETS = {
    "seed": [DATA / "dev" / "seed.gold.jsonl"],
    "news-dev": sorted((DATA / "dev").glob("news-*.gold.jsonl")),
    "news-test": sorted((DATA / "test").glob("news-*.gold.jsonl")),
    "redocred": [DATA / "dev" / "redocred-sports-dev.jsonl"],
    "bbc-dev": [DATA / "bbc" / "dev.gold.jsonl"],
    "bbc-test": [DATA / "bbc" / "test.gold.jsonl"],
    "bbc-test-2": [DATA / "bbc" / "test-2.gold.jsonl"],
    "bbc-test-3": [DATA / "bbc" / "test-3.gold.jsonl"],
    "bbc-test-4": [DATA / "bbc" / "test-4.gold.jsonl"],
    "bbc-test-5": [DATA / "bbc" / "test-5.gold.jsonl"],
    "bbc-test-6": [DATA / "bbc" / "test-6.gold.jsonl"],
}
HELD_OUT = {"news-test", "bbc-test", "bbc-test-2", "bbc-test-3", "bbc-test-4", "bbc-test-5", "bbc-test-6"}
DEFAULT_SETS = ["seed", "news-dev", "redocred", "bbc-dev"]


def score_set(
    files: list[Path], corpus: Path | None, disable: tuple[str, ...], rules_only: bool = False
) -> Report:
    """One graph per document (the contract's scoring), counts pooled over the set's files."""
    return evaluate_extraction(files, corpus, disable=disable, rules_only=rules_only)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="repeatable; default: dev sets")
    parser.add_argument("--corpus", type=Path, help="the BBC Sport articles' folder")
    parser.add_argument("--disable", action="append", default=[], help="leave a kg_* component out")
    parser.add_argument("--errors", action="store_true", help="list mistakes (dev sets only)")
    parser.add_argument("--rules-only", action="store_true", help="leave out the trained decision layer")
    parser.add_argument(
        "--compare", action="store_true", help="score with and without the decision layer, and the gain"
    )
    args = parser.parse_args()
    for name in args.set or DEFAULT_SETS:
        if name.startswith("bbc") and args.corpus is None:
            print(f"{name}: skipped (no --corpus)")
            continue
        started = time.perf_counter()
        report = score_set(SETS[name], args.corpus, tuple(args.disable), args.rules_only)
        print(f"== {name}: {len(report.documents)} documents ({time.perf_counter() - started:.0f} s)")
        for line in summary_lines(report.to_dict()):
            print("  " + line)
        if args.compare and not args.rules_only:
            rules = score_set(SETS[name], args.corpus, tuple(args.disable), rules_only=True)
            print("  -- rules only")
            for line in summary_lines(rules.to_dict()):
                print("  " + line)
            print("  -- learned minus rules only (F1)")
            print("  " + gain_line(report.to_dict(), rules.to_dict()))
        if args.errors and name not in HELD_OUT:
            for item in report.errors:
                print("   ", item.describe())


def gain_line(learned: dict, rules: dict) -> str:
    """The F1 differences of the headline measures."""

    def f1(summary: dict, *path: str) -> float:
        for key in path:
            summary = summary.get(key, {})
        return float(summary.get("f1", 0.0)) if isinstance(summary, dict) else 0.0

    parts = [("entities", ("entities", "total")), ("relations", ("relations", "total"))]
    parts += [(kind, ("events", "by_type", kind)) for kind in ("MedalAward", "Punishment")]
    return "  ".join(f"{name} {f1(learned, *path) - f1(rules, *path):+.3f}" for name, path in parts)


def summary_lines(summary: dict) -> list[str]:
    """Entities, relations (and per predicate), MedalAward and Punishment roles."""

    def prf(counts: dict) -> str:
        return f"P {counts['precision']:.3f} R {counts['recall']:.3f} F1 {counts['f1']:.3f}"

    lines = [
        f"entities   {prf(summary['entities']['total'])}",
        f"relations  {prf(summary['relations']['total'])}",
    ]
    for predicate, counts in sorted(summary["relations"]["by_predicate"].items()):
        lines.append(f"  {predicate:<15} {prf(counts)}")
    for kind, counts in sorted(summary["events"]["by_type"].items()):
        lines.append(f"{kind:<10} {prf(counts)}")
    return lines


if __name__ == "__main__":
    main()
