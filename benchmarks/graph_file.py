"""`kg query` and `kg stats` on a graph file: through Oxigraph against rdflib, same file, same run.

    python benchmarks/graph_file.py [--corpus ../shared/corpus/bbc-sport] [--articles 180] [--repeats 5]

The first `--articles` articles of the corpus (180 give about 65,000
triples) are built into a Turtle file, as `kg build` writes it. Then, as
medians of `--repeats` runs in this process, each with the file read afresh:

- query: rdflib parses the file and evaluates the query (`run_query` on
  `load_graph`, what `kg query FILE` did) against Oxigraph parsing it into
  memory and evaluating it (`query_graph_file`, what it does now);
- stats: rdflib parses the file and its triples are copied into Oxigraph,
  which counts (what `kg stats FILE` did), against Oxigraph parsing it
  (`load_dataset`, what it does now);
- the whole commands, `kg query FILE QUERY` and `kg stats FILE`, each in a
  process of its own (start-up and imports included).

Each pair's answers are compared: the rows as values (a decimal "1.0" is the
value 1, which Oxigraph writes "1") and the counts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build import extract_documents
from kg.export import load_dataset, load_graph, write_graph
from kg.graph import build_rdf
from kg.query import QueryResult, query_graph_file, read_query, run_query
from kg.read import read_documents
from kg.stats import GraphStats, store_stats

ROOT = Path(__file__).parents[1]
KG = str(Path(sys.executable).parent / "kg")
QUERIES = {
    "athletes-nations (example)": read_query("athletes-nations"),
    "statements with sentence": "SELECT ?st ?p ?text WHERE { ?st a kg:Statement ; rdf:predicate ?p ; "
    "kg:evidence/kg:text ?text }",
    "count by class": "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c",
}


def median_time(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """The median wall time of `run()` over `repeats` calls, and what the last call returned."""
    times, value = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def rdflib_stats(path: Path) -> GraphStats:
    """`kg stats FILE` before: rdflib parses, the triples are copied into Oxigraph, which counts."""
    from kg.graph import term

    def ox_term(node: Any) -> Any:
        from rdflib import BNode, Literal

        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=term(str(node.datatype)) if node.datatype else None)
        return ox.BlankNode(str(node)) if isinstance(node, BNode) else term(str(node))

    dataset = ox.Store()
    dataset.bulk_extend(ox.Quad(*(ox_term(t) for t in triple)) for triple in load_graph(path))
    return store_stats(dataset)


def answers(result: QueryResult) -> Counter[tuple[Any, ...]]:
    return Counter(result.rows)


def whole_command(command: list[str], repeats: int) -> float:
    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    return median_time(run, repeats)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-sport")
    parser.add_argument("--articles", type=int, default=180)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    documents = list(read_documents(sorted(args.corpus.glob("*.txt"))[: args.articles]))
    graph = build_rdf(extract_documents(documents))
    with tempfile.TemporaryDirectory(prefix="kg-graph-file-") as work:
        path = Path(work) / "graph.ttl"
        write_graph(graph, path)
        size = path.stat().st_size / 1e6
        print(f"{len(documents)} articles: {len(graph):,} triples, {size:.1f} MB of Turtle")
        del graph
        for name, text in QUERIES.items():
            old, before = median_time(lambda text=text: run_query(load_graph(path), text), args.repeats)
            new, after = median_time(lambda text=text: query_graph_file(path, text), args.repeats)
            same = "same answers" if answers(before) == answers(after) else "ANSWERS DIFFER"
            print(
                f"query {name!r}: rdflib {old:.2f}s, Oxigraph {new:.3f}s: {old / new:.0f}x faster "
                f"({len(after.rows)} rows, {same})"
            )
        old, before = median_time(lambda: rdflib_stats(path), args.repeats)
        new, after = median_time(lambda: store_stats(load_dataset(path)), args.repeats)
        same = "same counts" if before == after else "COUNTS DIFFER"
        print(f"stats: rdflib parse {old:.2f}s, Oxigraph {new:.3f}s: {old / new:.0f}x faster ({same})")
        query = [KG, "query", str(path), QUERIES["athletes-nations (example)"], "-f", "csv"]
        print(f"whole command kg query FILE (example query): {whole_command(query, 3):.2f}s")
        print(f"whole command kg stats FILE: {whole_command([KG, 'stats', str(path)], 3):.2f}s")


if __name__ == "__main__":
    main()
