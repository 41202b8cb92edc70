"""Ingest through a Dask cluster against bare spaCy `nlp.pipe(n_process=2)`, same texts, same run.

Starts a cluster the way the README says, with Dask's own commands
(`dask scheduler`, `dask worker ADDRESS --nworkers N --nthreads 1`), once with
two worker processes and once with one, on this machine's loopback address,
and warms the workers up (each loads the pipeline on its first batch). Then,
per run, each in a fresh process:

- bare spaCy: `nlp.pipe(texts, n_process=2)`, timed after the model loads;
- extraction on the cluster, records back in order (`kg.extract_documents(...,
  scheduler=...)`), with two workers and with one;
- the whole `kg ingest FILES --store NEW --scheduler ADDRESS` command (reading,
  extraction, resolution, writing; all but the interpreter's start);
- once, the local `kg ingest FILES --store NEW --n-process 2`: its quad count
  and content must be the cluster ingest's.

Prints words per second (median over the runs), the ratio to bare spaCy (the
median of each run's ratio, as the machine's load changes between runs) and
memory (peak of the client process; each worker's resident size after the
runs). The clusters are stopped at the end, whatever happens.

    python benchmarks/cluster.py                            # ../shared/corpus/bbc-sport, 3 runs
    python benchmarks/cluster.py --corpus DIR --runs 1 --times 4
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def corpus(folder: Path, times: int, into: Path) -> tuple[list[Path], int]:
    """The folder's .txt articles, `times` over under new names (copies in `into`), and their words."""
    sources = sorted(folder.glob("*.txt"))
    if times == 1:
        files = sources
    else:
        files = []
        for round_ in range(times):
            for source in sources:
                copy = into / f"{source.stem}-{round_}.txt"
                shutil.copyfile(source, copy)
                files.append(copy)
    words = sum(len(path.read_text("utf-8").split()) for path in files)
    return files, words


@contextmanager
def dask_cluster(workers: int, logs: Path) -> Iterator[str]:
    """A scheduler and `workers` worker processes started by Dask's own commands; their address."""
    scheduler_file = logs / f"scheduler-{workers}.json"
    started: list[subprocess.Popen[bytes]] = []

    def start(*command: str, log: str) -> None:
        with open(logs / log, "wb") as out:
            started.append(
                subprocess.Popen(
                    [str(BIN / "dask"), *command],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    try:
        start(
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(scheduler_file), log=f"scheduler-{workers}.log",
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            if time.monotonic() > deadline or started[0].poll() is not None:
                raise RuntimeError(f"dask scheduler did not start: see {logs}")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, but give the writer its close
        address = json.loads(scheduler_file.read_text())["address"]
        start(
            "worker", address, "--host", "127.0.0.1", "--nworkers", str(workers), "--nthreads", "1",
            "--no-dashboard", log=f"worker-{workers}.log",
        )  # fmt: skip
        yield address
    finally:
        for process in reversed(started):  # workers first, so they leave the scheduler cleanly
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def warm_up(address: str, workers: int, texts: list[str]) -> float:
    """Wait for the workers and have each load its pipeline; the seconds a cold start took."""
    from distributed import Client

    import kg
    from kg.records import Document

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=120)
        started = time.perf_counter()
        documents = [Document(f"warm-{n}", text) for n, text in enumerate(texts[: 2 * workers])]
        list(kg.extract_documents(documents, scheduler=client, batch_size=1))
        return time.perf_counter() - started


def worker_cpu(address: str) -> float:
    """CPU seconds the cluster's workers have used so far, together."""
    import psutil
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        times = client.run(lambda: sum(psutil.Process().cpu_times()[:2]))
    return sum(times.values())


def worker_memory(address: str) -> list[float]:
    """Each worker's resident memory now, in MB."""
    import psutil
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        sizes = client.run(lambda: psutil.Process().memory_info().rss / 2**20)
    return sorted(sizes.values())


def peak_mb() -> float:
    """This process's peak resident memory. Not `ru_maxrss`: Linux carries that over from the parent
    through fork and exec, so a child would report the benchmark's own peak."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def _child(kind: str, files: list[str], options: list[str], queue: mp.Queue) -> None:
    if kind == "kg":  # the whole command, as the shell runs it (less the interpreter's start)
        from kg.cli import app

        start = time.perf_counter()
        try:
            app(["ingest", *files, "-q", *options])
        except SystemExit as exit:
            if exit.code:
                raise RuntimeError(f"kg ingest {' '.join(options)}: exit code {exit.code}") from None
        queue.put((time.perf_counter() - start, peak_mb()))
        return
    from kg.read import read_documents

    documents = list(read_documents(files))
    if kind == "spacy":
        import spacy

        from kg.pipeline import resolve_model_name

        nlp = spacy.load(resolve_model_name())
        start = time.perf_counter()
        for _ in nlp.pipe((d.text for d in documents), n_process=2, batch_size=16):
            pass
    else:
        import kg

        start = time.perf_counter()
        for _ in kg.extract_documents(documents, scheduler=options[0]):
            pass
    seconds = time.perf_counter() - start
    queue.put((seconds, peak_mb()))


def in_child(kind: str, files: list[Path], *options: str) -> tuple[float, float]:
    """Seconds and peak MB of one measurement in a fresh process."""
    context = mp.get_context("spawn")
    queue: mp.Queue = context.Queue()
    process = context.Process(target=_child, args=(kind, [str(f) for f in files], list(options), queue))
    process.start()
    process.join()
    if process.exitcode:
        raise RuntimeError(f"the {kind} measurement failed (exit code {process.exitcode})")
    return queue.get()


def store_digest(store: Path) -> tuple[int, str]:
    """Quad count and a digest of the sorted quads: equal digests, equal stores."""
    from kg.store import open_store

    with open_store(store) as opened:
        quads = sorted(str(quad) for quad in opened.oxigraph)
    return len(quads), hashlib.sha256("\n".join(quads).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc-sport")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--times", type=int, default=1, help="the corpus this many times over, new ids")
    parser.add_argument("--commit-every", default="0", help="passed to the kg ingest runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-dask-bench-"))
    try:
        files, words = corpus(args.corpus, args.times, work)
        texts = [path.read_text("utf-8") for path in files[:4]]
        print(f"corpus: {len(files)} documents, {words} words ({args.corpus}); median of {args.runs} run(s)")
        with dask_cluster(2, work) as two, dask_cluster(1, work) as one:
            cold = {2: warm_up(two, 2, texts), 1: warm_up(one, 1, texts)}
            print(
                f"cold start (workers load the pipeline): {cold[2]:.1f}s, 2 workers; {cold[1]:.1f}s, 1 worker"
            )
            rates: dict[str, list[float]] = {}
            memory: dict[str, float] = {}
            cores: dict[str, list[float]] = {}  # worker CPU seconds per wall second: the cores they got
            identical = ""
            commit = ("--commit-every", args.commit_every)

            def record(name: str, seconds: float, peak: float) -> None:
                rates.setdefault(name, []).append(words / seconds)
                memory[name] = max(memory.get(name, 0.0), peak)

            for run in range(args.runs):
                record("bare spaCy nlp.pipe(n_process=2)", *in_child("spacy", files))
                for name, address in (
                    ("extract on Dask, 2 workers", two),
                    ("extract on Dask, 1 worker", one),
                ):
                    before = worker_cpu(address)
                    seconds, peak = in_child("dask", files, address)
                    record(name, seconds, peak)
                    cores.setdefault(name, []).append((worker_cpu(address) - before) / seconds)
                cluster_store = work / f"dask-{run}"
                record(
                    "kg ingest --scheduler (2 workers)",
                    *in_child("kg", files, "--store", str(cluster_store), "--scheduler", two, *commit),
                )
                if run == 0:
                    local_store = work / "local"
                    record(
                        "kg ingest --n-process 2 (local)",
                        *in_child("kg", files, "--store", str(local_store), "--n-process", "2", *commit),
                    )
                    local, cluster = store_digest(local_store), store_digest(cluster_store)
                    identical = (
                        f"quads: local {local[0]}, Dask {cluster[0]}; "
                        f"content {'identical' if local == cluster else 'DIFFERENT'} (sha256 {cluster[1]})"
                    )
                shutil.rmtree(cluster_store)
            workers_mb = {2: worker_memory(two), 1: worker_memory(one)}
        spacy = rates["bare spaCy nlp.pipe(n_process=2)"]
        print(f"{'':36} {'words/s':>8} {'ratio':>6} {'peak MB':>8}  each run's words/s (ratio)")
        for name, values in rates.items():
            # the ratio within each run, then their median: the machine's load changes between runs
            ratios = [value / spacy[run] for run, value in enumerate(values)]
            runs = " ".join(f"{value:.0f} ({ratio:.2f})" for value, ratio in zip(values, ratios, strict=True))
            print(
                f"{name:36} {statistics.median(values):>8.0f} {statistics.median(ratios):>6.2f} "
                f"{memory[name]:>8.0f}  {runs}"
            )
        print(identical)
        print(
            "cores the Dask workers got (their CPU seconds per second of the run; the rest went to other "
            "processes on this machine): "
            + "; ".join(
                f"{name.split(', ')[1]}: {statistics.median(values):.2f}" for name, values in cores.items()
            )
        )
        print(
            "Dask workers' resident MB after the runs: "
            + "; ".join(
                f"{n} worker(s): {', '.join(f'{mb:.0f}' for mb in sizes)}" for n, sizes in workers_mb.items()
            )
        )
        print("(peak MB: of the client process, or of bare spaCy's parent process)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
