"""What safety costs: a query's time limit, and kg serve's checking front, against the same work without them.

    python benchmarks/endpoint.py [--runs 21]

On a store of the bundled example articles (and that store as one rdflib
graph), the same queries run

- in this process, and under a time limit (a forked child process that could
  be killed): `run_query(graph, q)` against `run_query(graph, q, timeout=60)`,
  and `query_store(path, q)` against `query_store(path, q, timeout=60)`;
- over HTTP, straight to an Oxigraph server on the store and through
  `kg serve` (checking front, then an Oxigraph server of its own).

Prints the median time of each, in milliseconds, and the ratios. The
machine may be shared: compare ratios from the same run, not figures across runs.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kg.endpoint import oxigraph_command
from kg.namespaces import PREFIXES
from kg.query import query_store, run_query
from kg.read import read_documents
from kg.store import CURRENT, open_store

ROOT = Path(__file__).parents[1]
QUERIES = {
    "nations by athletes": "SELECT ?n (COUNT(DISTINCT ?a) AS ?k) WHERE { ?a kg:nationality ?x . "
    "?x rdfs:label ?n } GROUP BY ?n ORDER BY DESC(?k) LIMIT 10",
    "every label": "SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
}
PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())


def median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str) -> None:
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not come up")


def over_http(url: str, query: str) -> Callable[[], bytes]:
    body = urllib.parse.urlencode({"query": PROLOGUE + query}).encode()

    def ask() -> bytes:
        request = urllib.request.Request(f"{url}/query", data=body, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()  # type: ignore[no-any-return]

    return ask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        with open_store(store, create=True) as opened:
            opened.ingest(read_documents([ROOT / "examples" / "articles"]))
            graph = opened.to_graph()
        print(f"store of the example articles: {len(graph)} triples; medians of {runs} runs, ms\n")
        rows = []
        for name, query in QUERIES.items():
            rows.append(
                (
                    f"{name}: rdflib graph",
                    median_ms(lambda q=query: run_query(graph, q), runs),
                    median_ms(lambda q=query: run_query(graph, q, timeout=60), runs),
                )
            )
            rows.append(
                (
                    f"{name}: store",
                    median_ms(lambda q=query: query_store(store, q), runs),
                    median_ms(lambda q=query: query_store(store, q, timeout=60), runs),
                )
            )
        print(f"{'query':40} {'in process':>11} {'time limit':>11} {'ratio':>6}")
        for name, plain, limited in rows:
            print(f"{name:40} {plain:11.1f} {limited:11.1f} {limited / plain:6.2f}")

        direct_port, front_port = free_port(), free_port()
        database = store / (store / CURRENT).read_text().strip()  # the published generation
        direct = subprocess.Popen(
            [oxigraph_command(), "serve-read-only", "--location", str(database)]
            + ["--bind", f"127.0.0.1:{direct_port}", "--union-default-graph"],
            stderr=subprocess.DEVNULL,
        )
        kg_command = str(Path(sys.executable).parent / "kg")
        front = subprocess.Popen(
            [kg_command, "serve", "--store", str(store), "--port", str(front_port)], stderr=subprocess.DEVNULL
        )
        try:
            wait_for(f"http://127.0.0.1:{direct_port}")
            wait_for(f"http://127.0.0.1:{front_port}")
            print(f"\n{'query over HTTP':40} {'Oxigraph':>11} {'kg serve':>11} {'ratio':>6}")
            for name, query in QUERIES.items():
                straight = median_ms(over_http(f"http://127.0.0.1:{direct_port}", query), runs)
                checked = median_ms(over_http(f"http://127.0.0.1:{front_port}", query), runs)
                print(f"{name:40} {straight:11.1f} {checked:11.1f} {checked / straight:6.2f}")
        finally:
            for process in (front, direct):
                process.terminate()
                process.wait()


if __name__ == "__main__":
    main()
