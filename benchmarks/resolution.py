"""Cross-document entity resolution against a gold clustering: pairwise and B³ precision/recall.

    python benchmarks/resolution.py [tests/data/resolution/news-resolution.gold.jsonl] [--errors]

Each gold entity of each document is an item, clustered by its `ref`. The
extractor runs once; its entities are then resolved twice, by equal keys only
(the baseline: what a build did before context-aware resolution) and by
`kg.resolve.Resolver`. An item is placed in the resolved entity of the
document entity whose names match its own (contract name matching); an item
the extractor missed is a cluster of its own in both runs, so extraction
misses cost both equally. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.build import extract_documents
from kg.evaluate import cluster_scores, resolution_clusters
from kg.read import read_documents, read_gold
from kg.records import Extraction
from kg.resolve import Link, resolve_documents

DEFAULT = Path(__file__).parents[1] / "tests" / "data" / "resolution" / "news-resolution.gold.jsonl"


def by_key(extractions: list[Extraction]) -> list[list[Link]]:
    """The baseline: one entity per key, as normalisation left it."""
    return [
        [Link(e.document.id, entity.key, entity.key, 1.0, "same key", None) for entity in e.entities]  # type: ignore[arg-type]
        for e in extractions
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="list wrongly merged and wrongly split items")
    args = parser.parse_args()
    records = read_gold(args.gold)
    extractions = list(extract_documents(list(read_documents([args.gold]))))
    runs = {
        "same key only": by_key(extractions),
        "kg.resolve": [links for _, links in resolve_documents(extractions)],
    }
    print(f"{args.gold}: {len(records)} documents, {sum(len(r['entities']) for r in records)} gold items")
    print(f"{'resolution':<16} {'pair P':>7} {'pair R':>7} {'pair F':>7} {'B3 P':>7} {'B3 R':>7} {'B3 F':>7}")
    for name, links in runs.items():
        gold, predicted = resolution_clusters(records, extractions, links)
        unmatched = sum(cluster.startswith("missed:") for cluster in predicted.values())
        scores = cluster_scores(gold, predicted)
        pairs = scores.pairwise
        print(
            f"{name:<16} {pairs.precision:7.3f} {pairs.recall:7.3f} {pairs.f1:7.3f} "
            f"{scores.b_cubed_precision:7.3f} {scores.b_cubed_recall:7.3f} {scores.b_cubed_f1:7.3f}"
        )
        if args.errors and name == "kg.resolve":
            print(f"  {unmatched} gold items not found by the extractor")
            for ref in sorted(set(gold.values())):
                items = [i for i in gold if gold[i] == ref]
                clusters = {predicted[i] for i in items}
                if len(clusters) > 1:
                    print(f"  split {ref}: " + "; ".join(f"{i[0]} {i[1]!r} -> {predicted[i]}" for i in items))
            for cluster in sorted(set(predicted.values())):
                items = [i for i in predicted if predicted[i] == cluster]
                refs = {gold[i] for i in items}
                if len(refs) > 1:
                    print(f"  merged {cluster}: " + "; ".join(f"{i[0]} {i[1]!r} ({gold[i]})" for i in items))


if __name__ == "__main__":
    main()
