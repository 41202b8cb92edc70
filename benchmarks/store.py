"""The store on a real corpus, replicated: disk, whole-store commands, file export, query latency.

    python benchmarks/store.py [--corpus ../shared/corpus/bbc-sport] [--copies 4] [--n-process 1]
    python benchmarks/store.py --validate [--small 100] [--baseline OLD/.venv/bin/kg] [--keep DIR]

The corpus's articles (*.txt) are extracted once; their `Extraction` records
are then stored `--copies` times under new document ids (`id-r1`, ...), so
entities recur as in a real archive and extraction time is not measured
again. It prints, as medians of the repeats and ratios against a baseline
measured in the same run (the machine may be shared):

- extraction words a second against bare spaCy `nlp.pipe` (same texts, same
  processes; the pipeline's load counts against kg);
- store write speed (documents a second, records to published store);
- disk per document after the ingest (which compacts at its end), and the
  quads a document takes by what they describe;
- `kg export --store` to N-Quads and `kg validate --store`: time per document
  and peak memory, each in a process of its own;
- `kg export` of the store's N-Quads file to a new N-Quads file against
  pyoxigraph parsing and writing the same file (target: at most 3x);
- SPARQL latency on the store;
- `kg viz --store --focus` on the athlete most documents mention, against
  drawing the same focus from the whole store loaded into rdflib;
- a linear projection to 10,000 documents.

With --validate it measures `kg validate --store` alone: on a store of the
first --small documents, medians of the repeats with one process and with
the default (one per core), and, given --baseline (the kg command of an
older checkout, e.g. main's before this change), that command on the same
store; then the whole store once (and the baseline once). Memory is the
peak of the summed PSS of the command and the processes it starts,
sampled every 50 ms; the load average is printed beside, as the machine
may be shared. With --keep DIR the two stores are
built into DIR (small/, full/) and kept; a later run with the same DIR
reuses them and skips the extraction (delete DIR after a change to what the
store holds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import spacy

from kg.build import extract_documents
from kg.pipeline import resolve_model_name
from kg.query import run_store_query
from kg.read import read_documents
from kg.records import Extraction
from kg.store import open_store

ROOT = Path(__file__).parents[1]
KG = str(Path(sys.executable).parent / "kg")
QUERIES = {
    "nations by athletes": "SELECT ?n (COUNT(DISTINCT ?a) AS ?k) WHERE { ?a kg:nationality ?x . "
    "?x rdfs:label ?n } GROUP BY ?n ORDER BY DESC(?k) LIMIT 10",
    "punishments with sentence": "SELECT ?p ?t ?s WHERE { ?p a kg:Punishment ; kg:target ?x ; "
    "kg:evidence ?e . ?x rdfs:label ?t . ?e kg:text ?s } LIMIT 100",
    "one entity's facts": "SELECT ?p ?o WHERE { ?a rdfs:label ?l ; ?p ?o . "
    'FILTER(STRSTARTS(?l, "K")) } LIMIT 200',
}


#: The athlete most documents mention: a focus with a large neighbourhood.
MOST_MENTIONED = (
    "SELECT ?label (COUNT(DISTINCT ?d) AS ?n) WHERE { ?a a kg:Athlete ; rdfs:label ?label ; "
    "kg:mentionedIn ?d } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1"
)
#: How `kg viz --store --focus` drew before it asked Oxigraph for the part around the focus.
WHOLE_STORE_VIZ = """
import sys
from kg.store import open_store
from kg.viz import save
with open_store(sys.argv[1]) as store:
    graph = store.to_graph()
save(graph, sys.argv[3], focus=sys.argv[2], hops=1)
"""


def copy_of(extraction: Extraction, doc_id: str) -> Extraction:
    """The same records under another document id (the id is in the document and every evidence)."""

    def moved(evidence):  # type: ignore[no-untyped-def]
        return replace(evidence, doc_id=doc_id)

    return replace(
        extraction,
        document=replace(extraction.document, id=doc_id),
        relations=tuple(replace(r, evidence=moved(r.evidence)) for r in extraction.relations),
        events=tuple(replace(e, evidence=tuple(moved(x) for x in e.evidence)) for e in extraction.events),
    )


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of a command run in a process of its own.

    GNU time reports the peak: the rusage of a child of this (large) process
    would count the pages it shared with us before it ran the command.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command], check=True, stdout=subprocess.DEVNULL
        )
        took = time.perf_counter() - started
        return took, int(report.read().split()[-1]) / 1024


#: What a quad describes, by its subject's class (document graphs) or by its graph.
KINDS = {
    "Statement": "statements (binary relations' provenance)",
    "EntityLink": "entity links (how each entity was placed)",
    "Sentence": "evidence sentences",
    "MedalAward": "events (roles and provenance)",
    "Punishment": "events (roles and provenance)",
    "Document": "documents",
}


def quads_by_kind(store: ox.Store) -> dict[str, int]:
    """Quads counted by what they describe: a document graph's statements, links, sentences, events,
    documents and entities (their kg:mentionedIn), the entity layer, resolution's bookkeeping."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    kinds: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for quad in store.quads_for_pattern(None, rdf_type, None, None):
        name = quad.object.value.rsplit("#", 1)[-1]
        if name in KINDS:
            kinds[quad.subject] = KINDS[name]
    counts: dict[str, int] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name.value
        if graph.endswith("/graph/entities"):
            kind = "entity layer (classes, labels, relations)"
        elif graph.endswith("/graph/resolution"):
            kind = "resolution's bookkeeping"
        else:
            kind = kinds.get(quad.subject, "entities mentioned (kg:mentionedIn)")
        counts[kind] = counts.get(kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def timed_tree(command: list[str]) -> tuple[float, float, int]:
    """Wall time, peak memory (MB) of the command and its child processes, and its exit code.

    The memory is the sum of their proportional set sizes (PSS: a page shared by n processes counts
    1/n in each), so that a process pool's workers count too, which GNU time's peak (the largest
    process) leaves out, and shared libraries count once."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_full_info().pss for p in tree))
        except psutil.Error:  # a process ended while it was read
            pass
        time.sleep(0.05)
    return time.perf_counter() - started, peak / 2**20, process.returncode


def load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def validate_stores(copies: list[Extraction], work: Path, small: int) -> dict[str, Path]:
    """The stores of the first `small` documents and of all, built in `work` unless there already."""
    stores = {}
    work.mkdir(parents=True, exist_ok=True)
    for n, name in ((small, "small"), (len(copies), "full")):
        stores[name] = work / name
        if not stores[name].exists():
            with open_store(stores[name], create=True) as store:
                store.add_extractions(copies[:n], commit_every=200)
    return stores


def benchmark_validate(
    stores: dict[str, Path], small: int, n: int, repeats: int, baseline: str | None
) -> None:
    """`kg validate --store` on the small store (medians, against `baseline`), then the full one
    (`n` documents)."""
    commands = {
        "kg validate --store, 1 process": [
            KG,
            "validate",
            "--store",
            str(stores["small"]),
            "--n-process",
            "1",
        ],
        "kg validate --store (one process per core)": [KG, "validate", "--store", str(stores["small"])],
    }
    if baseline:
        commands[f"baseline {baseline} validate --store"] = [
            baseline,
            "validate",
            "--store",
            str(stores["small"]),
        ]
    medians = {}
    print(f"on {small} documents ({load()}):")
    for name, command in commands.items():
        runs = [timed_tree(command) for _ in range(repeats)]
        seconds = statistics.median(t for t, _, _ in runs)
        medians[name] = seconds
        peak = max(m for _, m, _ in runs)
        print(
            f"  {name}: {seconds:.1f}s, {seconds / small:.3f} s/doc, peak {peak:.0f} MB, "
            f"exit {runs[0][2]} (median of {repeats}; {load()})"
        )
    if baseline:
        ours = min(v for k, v in medians.items() if not k.startswith("baseline"))
        print(f"  baseline / ours: {medians[f'baseline {baseline} validate --store'] / ours:.2f}x")
    full = {"kg": KG, **({"baseline": baseline} if baseline else {})}
    took = {}
    for name, command in full.items():
        seconds, peak, code = timed_tree([command, "validate", "--store", str(stores["full"])])
        took[name] = seconds
        print(
            f"on {n} documents: {name} validate --store {seconds:.0f}s, {seconds / n:.3f} s/doc, "
            f"peak {peak:.0f} MB, exit {code} (once; {load()})"
        )
    if baseline:
        print(f"  baseline / ours: {took['baseline'] / took['kg']:.2f}x")


def documents_in(folder: Path) -> int:
    with open_store(folder) as store:
        return int(store.select("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }")[0]["n"].value)


def disk_mb(folder: Path) -> float:
    return int(subprocess.check_output(["du", "-sk", str(folder)]).split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-sport")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--validate", action="store_true", help="measure kg validate --store alone")
    parser.add_argument("--small", type=int, default=100, help="documents of the smaller store (--validate)")
    parser.add_argument("--baseline", help="an older kg command to compare on the smaller store (--validate)")
    parser.add_argument(
        "--keep", type=Path, help="build the stores here and keep them; reuse them if there (--validate)"
    )
    args = parser.parse_args()
    if args.validate and args.keep and (args.keep / "small").exists() and (args.keep / "full").exists():
        stores = {"small": args.keep / "small", "full": args.keep / "full"}
        small, n = (documents_in(stores[name]) for name in ("small", "full"))
        print(f"reusing the stores in {args.keep} ({small} and {n} documents)")
        benchmark_validate(stores, small, n, args.repeats, args.baseline)
        return
    documents = list(read_documents(sorted(args.corpus.glob("*.txt"))))
    words = sum(len(document.text.split()) for document in documents)
    bare = 0.0
    if not args.validate:
        nlp = spacy.load(resolve_model_name())
        started = time.perf_counter()
        for _ in nlp.pipe((d.text for d in documents), n_process=args.n_process, batch_size=16):
            pass
        bare = words / (time.perf_counter() - started)
    started = time.perf_counter()
    records = list(extract_documents(documents, n_process=args.n_process))
    took = time.perf_counter() - started
    print(f"{len(records)} articles ({words} words) extracted in {took:.0f}s: {words / took:.0f} words/s")
    if bare:
        print(
            f"  {words / took / bare:.2f}x bare spaCy nlp.pipe "
            f"({bare:.0f} words/s, n_process={args.n_process})"
        )
    copies = [
        r if c == 0 else copy_of(r, f"{r.document.id}-r{c}") for c in range(args.copies) for r in records
    ]
    n = len(copies)
    work = Path(tempfile.mkdtemp(prefix="kg-store-bench-"))
    folder = work / "store"
    if args.validate:
        try:
            stores = validate_stores(copies, args.keep or work, args.small)
            benchmark_validate(stores, args.small, n, args.repeats, args.baseline)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        started = time.perf_counter()
        with open_store(folder, create=True) as store:
            store.add_extractions(copies, commit_every=200)
            quads = len(store.oxigraph)
        took = time.perf_counter() - started
        print(f"{n} documents stored in {took:.0f}s: {n / took:.1f} docs/s, {quads / n:.0f} quads/doc")
        size = disk_mb(folder)
        print(f"disk: {size:.0f} MB, {size * 1024 / n:.0f} KB/doc")
        with open_store(folder) as store:
            for kind, count in quads_by_kind(store.oxigraph).items():
                print(f"  {count / n:6.1f} quads/doc ({count / quads:4.0%}) {kind}")

        nquads = work / "store.nq"
        export = [
            timed([KG, "export", "--store", str(folder), "-o", str(nquads)]) for _ in range(args.repeats)
        ]
        seconds, peak = statistics.median(t for t, _ in export), max(m for _, m in export)
        print(f"kg export --store (N-Quads): {seconds:.1f}s, {seconds / n * 1000:.1f} ms/doc, {peak:.0f} MB")
        validate_seconds, peak, _ = timed_tree([KG, "validate", "--store", str(folder)])
        print(
            f"kg validate --store: {validate_seconds:.0f}s, {validate_seconds / n:.3f} s/doc, "
            f"peak {peak:.0f} MB"
        )
        print(
            f"projected to 10,000 documents (linear): store write {10_000 / (n / took) / 60:.0f} min, "
            f"disk {size * 10_000 / n / 1024:.1f} GB, "
            f"kg validate --store {validate_seconds / n * 10_000 / 60:.0f} min"
        )

        out = work / "copy.nq"
        ours, theirs = [], []
        for _ in range(args.repeats):
            ours.append(timed([KG, "export", str(nquads), "-o", str(out)])[0])
            started = time.perf_counter()
            ox.serialize(
                ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS), output=out, format=ox.RdfFormat.N_QUADS
            )
            theirs.append(time.perf_counter() - started)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"kg export FILE.nq -o OUT.nq: {a:.2f}s; pyoxigraph parse+write: {b:.2f}s; ratio {a / b:.1f}x")

        with open_store(folder) as store:
            for name, text in QUERIES.items():
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    run_store_query(store, text)
                    times.append(time.perf_counter() - started)
                print(f"query {name!r}: {statistics.median(times) * 1000:.1f} ms (median of 5)")
            rows = store.select(MOST_MENTIONED)
        label = rows[0]["label"].value
        picture = str(work / "focus.html")
        part = timed([KG, "viz", "--store", str(folder), "--focus", label, "-o", picture])
        whole = timed([sys.executable, "-c", WHOLE_STORE_VIZ, str(folder), label, picture])
        print(
            f"kg viz --store --focus {label!r} (hops 1): {part[0]:.1f}s, peak {part[1]:.0f} MB; "
            f"drawn from the whole store loaded into rdflib: {whole[0]:.1f}s, peak {whole[1]:.0f} MB"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
