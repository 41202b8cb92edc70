"""Ingest at scale: documents per second, store size, peak memory, and SPARQL latency against rdflib.

    python benchmarks/store.py [--docs 10000] [--store DIR] [--n-process 2]

Documents are made by varying the bundled examples and the dev articles (a
new id, a date, and the article's sentences rotated), so every one is new to
the store. Memory is the process's resident size after each batch of 500 documents
(and its peak), to show whether it grows with what is already stored; with
--n-process 2 the extraction workers' memory is not counted. The same
queries then run on the store (Oxigraph, in place) and on the whole store
loaded into an in-memory rdflib Graph; medians of 5 runs. Prints figures only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kg.query import run_query, run_store_query
from kg.read import read_documents
from kg.records import Document
from kg.store import open_store

ROOT = Path(__file__).parents[1]
SOURCES = [
    ROOT / "examples" / "articles",
    *sorted((ROOT / "tests" / "data" / "dev").glob("news-*.gold.jsonl")),
]
QUERIES = {
    "nations by athletes": "SELECT ?n (COUNT(DISTINCT ?a) AS ?k) WHERE { ?a kg:nationality ?x . "
    "?x rdfs:label ?n } GROUP BY ?n ORDER BY DESC(?k) LIMIT 10",
    "punishments with sentence": "SELECT ?p ?t ?s WHERE { ?p a kg:Punishment ; kg:target ?x ; "
    "kg:evidence ?e . ?x rdfs:label ?t . ?e kg:text ?s } LIMIT 100",
    "one athlete's facts": "SELECT ?p ?o WHERE { ?a rdfs:label ?l ; ?p ?o . "
    'FILTER(STRSTARTS(?l, "K")) } LIMIT 200',
}


def variants(count: int) -> Iterator[Document]:
    base = list(read_documents(SOURCES))
    for number in range(count):
        source = base[number % len(base)]
        round_ = number // len(base)
        paragraphs = source.text.split("\n\n")
        shift = round_ % max(1, len(paragraphs))
        text = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
        date = dt.date(2020, 1, 1) + dt.timedelta(days=number % 2000)
        yield Document(f"{source.id}-v{round_}", text, date)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_mb() -> float:
    """This process's resident memory now (Linux), or the peak where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return peak_mb()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: a temporary one)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch", type=int, default=500, help="documents per ingest call")
    parser.add_argument("--commit-every", type=int, default=50, help="documents per transaction")
    args = parser.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="kg-bench-")) / "store"
    documents = list(variants(args.docs))
    words = sum(len(d.text.split()) for d in documents)
    print(f"{len(documents)} documents, {words} words -> {folder}")
    started = time.perf_counter()
    with open_store(folder, create=True) as store:
        for start in range(0, len(documents), args.batch):
            batch_started = time.perf_counter()
            store.ingest(
                documents[start : start + args.batch],
                n_process=args.n_process,
                commit_every=args.commit_every,
            )
            took = time.perf_counter() - batch_started
            done = min(start + args.batch, len(documents))
            print(
                f"  {done:>6} stored  {args.batch / took:6.1f} docs/s in this batch  "
                f"RSS {current_mb():6.0f} MB (peak {peak_mb():6.0f} MB)"
            )
    total = time.perf_counter() - started
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20
    print(
        f"ingest: {len(documents) / total:.1f} docs/s, {words / total:.0f} words/s; "
        f"store {size:.0f} MB on disk"
    )
    with open_store(folder) as store:
        graph = store.to_graph()
        print(f"store loaded into rdflib: {len(graph)} triples, peak RSS {peak_mb():.0f} MB")
        print(f"{'query':<28} {'oxigraph ms':>12} {'rdflib ms':>10} {'ratio':>7}")
        for name, text in QUERIES.items():
            ox_times, rdf_times = [], []
            for _ in range(5):
                t = time.perf_counter()
                run_store_query(store, text)
                ox_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                run_query(graph, text)
                rdf_times.append(time.perf_counter() - t)
            ox_ms, rdf_ms = statistics.median(ox_times) * 1000, statistics.median(rdf_times) * 1000
            print(f"{name:<28} {ox_ms:12.1f} {rdf_ms:10.1f} {rdf_ms / ox_ms:7.1f}")
    if args.store is None:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
