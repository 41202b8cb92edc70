"""Throughput of the kg pipeline against bare spaCy `nlp.pipe`, same model, same run.

Prints words per second for bare spaCy and for `kg.extract_documents` + `build_rdf`
(the work of `kg build` minus the file write), with `n_process` 1 and 2, the
median of several runs, the kg/spaCy ratio, and peak memory (max RSS) of each
configuration, each measured in a fresh child process. "rules" is kg without
the trained decision layer (`--rules-only`), so its cost can be read off.

    python benchmarks/throughput.py                 # ~200k words, 3 runs each
    python benchmarks/throughput.py --words 50000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "data" / "dev", ROOT / "examples" / "articles"]


def corpus(words: int) -> list[tuple[str, str]]:
    """The dev and example texts, repeated until the corpus has at least `words` words."""
    texts: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*")):
            if path.suffix == ".jsonl":
                texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line]
            elif path.suffix == ".txt":
                texts.append(path.read_text("utf-8"))
    out: list[tuple[str, str]] = []
    total = 0
    while total < words:
        for text in texts:
            out.append((f"doc-{len(out)}", text))
            total += len(text.split())
            if total >= words:
                break
    return out


def _run(kind: str, n_process: int, docs: list[tuple[str, str]], queue: mp.Queue) -> None:
    from kg.pipeline import load_pipeline, resolve_model_name

    if kind == "spacy":
        import spacy

        nlp = spacy.load(resolve_model_name())
        start = time.perf_counter()
        for _ in nlp.pipe((text for _, text in docs), n_process=n_process, batch_size=16):
            pass
    else:
        from kg.build import extract_documents
        from kg.graph import build_rdf
        from kg.records import Document

        rules_only = kind == "rules"
        load_pipeline(rules_only=rules_only)
        start = time.perf_counter()
        documents = [Document(i, t) for i, t in docs]
        build_rdf(extract_documents(documents, n_process=n_process, rules_only=rules_only))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    queue.put((seconds, max(peak_mb, children_mb)))


def measure(kind: str, n_process: int, docs: list[tuple[str, str]]) -> tuple[float, float]:
    context = mp.get_context("spawn")
    queue: mp.Queue = context.Queue()
    process = context.Process(target=_run, args=(kind, n_process, docs, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    docs = corpus(args.words)
    words = sum(len(text.split()) for _, text in docs)
    print(f"corpus: {len(docs)} documents, {words} words; median of {args.runs} run(s)")
    print(
        f"{'n_process':>9} {'spaCy w/s':>10} {'kg w/s':>10} {'ratio':>6} {'rules w/s':>10} {'ratio':>6} "
        f"{'spaCy MB':>9} {'kg MB':>8}"
    )
    kinds = ("spacy", "kg", "rules")
    for n_process in (1, 2):
        rates: dict[str, list[float]] = {kind: [] for kind in kinds}
        memory: dict[str, float] = dict.fromkeys(kinds, 0.0)
        for _ in range(args.runs):
            for kind in kinds:
                seconds, peak = measure(kind, n_process, docs)
                rates[kind].append(words / seconds)
                memory[kind] = max(memory[kind], peak)
        spacy_rate, kg_rate, rules_rate = (statistics.median(rates[kind]) for kind in kinds)
        print(
            f"{n_process:>9} {spacy_rate:>10.0f} {kg_rate:>10.0f} {kg_rate / spacy_rate:>6.2f} "
            f"{rules_rate:>10.0f} {rules_rate / spacy_rate:>6.2f} "
            f"{memory['spacy']:>9.0f} {memory['kg']:>8.0f}"
        )


if __name__ == "__main__":
    main()
