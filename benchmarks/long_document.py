"""Peak memory and time of `kg build` on one very long document, against the same text as articles.

spaCy refuses a Doc over 1,000,000 characters, and its parser's memory grows
with a Doc's length, so kg parses a long document in pieces (kg.extract.PIECE_CHARS).
This runs the real command, `kg build`, in a child process twice on the same
news text (the dev and example articles, repeated): once as one `.txt` of
`--chars` characters, once as a `.jsonl` of the articles it is made of, the
baseline. It prints each run's wall time and peak memory (max RSS of the child),
the medians, and the ratios long/baseline.

    python benchmarks/long_document.py                        # 1,500,000 characters, 1 run each
    python benchmarks/long_document.py --chars 300000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from throughput import corpus


def article_texts(chars: int) -> list[str]:
    """Whole articles, in corpus order, until together (with blank lines between) they reach `chars`."""
    texts: list[str] = []
    total = 0
    for _, text in corpus(chars // 3):  # a news word is at least three characters with its space
        texts.append(text.strip())
        total += len(texts[-1]) + 2
        if total >= chars:
            break
    return texts


def run_build(source: Path, output: Path) -> tuple[float, float]:
    """(seconds, peak MB) of `kg build SOURCE -o OUTPUT -q` in a child process."""
    kg = shutil.which("kg")
    assert kg is not None, "kg is not installed in this environment"
    started = time.perf_counter()
    child = subprocess.Popen([kg, "build", str(source), "-o", str(output), "-q"])
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"kg build {source} failed with exit code {code}")
    return seconds, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--chars", type=int, default=1_500_000, help="length of the long document")
    parser.add_argument("--runs", type=int, default=1, help="runs of each build (median reported)")
    args = parser.parse_args()

    texts = article_texts(args.chars)
    long_text = "\n\n".join(texts)[: args.chars]
    with tempfile.TemporaryDirectory(prefix="kg-long-") as folder:
        work = Path(folder)
        long_file = work / "long.txt"
        long_file.write_text(long_text, encoding="utf-8")
        articles = work / "articles.jsonl"
        with articles.open("w", encoding="utf-8") as handle:
            for number, text in enumerate(texts):
                handle.write(json.dumps({"id": f"a{number}", "text": text}) + "\n")
        print(f"one document of {len(long_text):,} characters vs {len(texts)} articles of the same text")
        results: dict[str, list[tuple[float, float]]] = {"articles": [], "long": []}
        for run in range(args.runs):
            for name, source in (("articles", articles), ("long", long_file)):
                seconds, peak = run_build(source, work / f"{name}.ttl")
                results[name].append((seconds, peak))
                print(f"  run {run + 1} {name:<8} {seconds:8.1f} s  {peak:8.0f} MB peak")
    medians = {
        name: (statistics.median(s for s, _ in rows), statistics.median(m for _, m in rows))
        for name, rows in results.items()
    }
    for name, (seconds, peak) in medians.items():
        print(f"median   {name:<8} {seconds:8.1f} s  {peak:8.0f} MB peak")
    (base_s, base_m), (long_s, long_m) = medians["articles"], medians["long"]
    print(f"long/articles: time x{long_s / base_s:.2f}, peak memory x{long_m / base_m:.2f}")


if __name__ == "__main__":
    main()
