"""The `kg` command: a few lines per command over the library.

Every command maps a `KgError` to one line on stderr and exit code 1; a
traceback means a bug, not bad input.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kg.deadline import DEFAULT_TIMEOUT
from kg.errors import InputError, KgError, QueryError
from kg.read import MAX_BYTES
from kg.terminal import printable

#: kg viz draws a whole store only up to this many triples (a store of about 400 documents): more makes
#: an unreadable picture, and drawing loads the graph into rdflib, at about 1 KB a triple.
WHOLE_STORE_TRIPLES = 200_000

app = typer.Typer(
    help="Build a traceable RDF knowledge graph from English sports news; query, validate, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
F = TypeVar("F", bound=Callable[..., Any])

#: Help text for --format of the commands that write a graph; the names `kg.export.format_for` takes.
GRAPH_FORMAT_HELP = "Output format: ttl, nt, nq, trig or jsonld (default: from the output file's extension)."


GraphArgument = Annotated[
    Path | None,
    typer.Argument(metavar="[GRAPH]", help="Graph file (ttl, nt, trig, jsonld); or give --store."),
]
ModelOption = Annotated[
    str | None, typer.Option(help="spaCy model to use (an installed package name or a path).")
]
ProcessesOption = Annotated[int, typer.Option(min=1, help="Worker processes for spaCy.")]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Extract on the Dask cluster of this scheduler (e.g. tcp://10.0.0.5:8786); the workers need "
        "kg-news installed.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers", min=1, help="Extract on a Dask cluster of N local processes, started for the run."
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
RulesOnlyOption = Annotated[
    bool,
    typer.Option(
        "--rules-only", help="Leave out the trained decision layer (kg_decide): rules decide alone."
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        min=0, metavar="SECONDS", help="Cancel a query still running after this long (0: no limit)."
    ),
]
StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Read this store (kg ingest --store) instead of a graph file.")
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Refuse a text file, or a .jsonl record, larger than this many bytes (a file that never "
        "ends, such as a link to /dev/zero, fails here rather than filling memory).",
    ),
]


def _version(show: bool) -> None:
    """--version: the installed distribution's version, the one pip and bug reports name."""
    if not show:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("kg-news")
    except PackageNotFoundError:  # a source tree on sys.path, never installed
        from kg import __version__ as number
    _stdout().print(f"kg {number}", markup=False, highlight=False)
    raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Options for every command; the commands below do the work."""


def _graph_or_store(graph_file: Path | None, store: Path | None) -> Any:
    """The rdflib Graph of a graph file or of a whole store; exactly one must be given."""
    from kg.export import load_graph

    if (graph_file is None) == (store is None):
        raise KgError("give a graph file or --store DIR (one of them)")
    if store is not None:
        from kg.store import open_store

        with open_store(store) as opened:
            return opened.to_graph()
    assert graph_file is not None
    return load_graph(graph_file)


@contextmanager
def _dataset(graph_file: Path | None, store: Path | None) -> Iterator[Any]:
    """A graph file parsed by Oxigraph into memory, or a store opened read-only, for SPARQL at
    Oxigraph's speed; exactly one must be given."""
    if (graph_file is None) == (store is None):
        raise KgError("give a graph file or --store DIR (one of them)")
    if store is not None:
        from kg.store import open_store

        with open_store(store) as opened:
            yield opened
        return
    from kg.export import load_dataset

    assert graph_file is not None
    yield load_dataset(graph_file)


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _stdout() -> Console:
    """A console on the current stdout, made per use so that it honours COLUMNS and redirection."""
    return Console()


def _stderr() -> Console:
    return Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `message` as one line on stderr (never wrapped, never styled, controls escaped) and exit."""
    _stderr().print(printable(message), markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code=code)


def fails_cleanly(command: F) -> F:
    """Turn a `KgError`, or an OSError the library did not foresee, into one line on stderr and exit 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as err:
            fail(f"error: {err}")
        except OSError as err:  # e.g. a folder that cannot be listed: still a sentence, not a traceback
            where = f"{err.filename}: " if err.filename else ""
            fail(f"error: {where}{err.strerror or err}")
        except KeyboardInterrupt:
            fail("interrupted", code=130)

    return wrapper  # type: ignore[return-value]


def _graph_format(output: Path, fmt: str | None) -> str:
    """The rdflib format to write `output` in; the error names the output file either way."""
    from kg.export import format_for

    try:
        return format_for(fmt if fmt is not None else output)
    except InputError as err:
        raise InputError(output, err.reason) from None


def _print_counts(heading: str, rows: list[tuple[str, str, int]]) -> None:
    """A heading line (a path may be long: it is never wrapped into the table's width), then the counts."""
    table = Table()
    for column in ("part", "kind", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for part, kind, count in rows:
        table.add_row(printable(part), printable(kind), str(count))
    console = _stdout()
    console.print(printable(heading), markup=False, highlight=False, soft_wrap=True)
    console.print(table)


@app.command()
@fails_cleanly
def build(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help=".txt/.md files, folders of them, or .jsonl files."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Graph file to write.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=GRAPH_FORMAT_HELP)] = None,
    model: ModelOption = None,
    n_process: ProcessesOption = 1,
    max_bytes: MaxBytesOption = MAX_BYTES,
    rules_only: RulesOnlyOption = False,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Build a graph from news texts and write it (Turtle by default).

    Every input is read and the output place checked before the model loads,
    so a bad file fails in a second; the graph file is written atomically,
    so a failed build leaves an existing one untouched.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import build_graph
    from kg.distributed import check_options
    from kg.export import check_target, write_graph
    from kg.read import read_documents
    from kg.stats import graph_stats

    check_options(scheduler, workers, n_process)
    out_format = _graph_format(output, fmt)
    check_target(output)
    documents = list(read_documents(inputs, max_bytes=max_bytes))
    started = time.perf_counter()
    show_progress = not quiet and len(documents) > 1 and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr(),
        disable=not show_progress,
        transient=True,
    ) as progress:
        task = progress.add_task("extract", total=len(documents))
        graph = build_graph(
            documents,
            model=model,
            n_process=n_process,
            rules_only=rules_only,
            scheduler=scheduler,
            workers=workers,
            on_document=lambda _: progress.advance(task),
        )
    write_graph(graph, output, out_format)
    if not quiet:
        elapsed = time.perf_counter() - started
        heading = f"wrote {output}: {len(documents)} document(s) in {elapsed:.1f}s"
        _print_counts(heading, [row for row in graph_stats(graph).rows() if row[2]])


@app.command()
@fails_cleanly
def ingest(
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="INPUT", help=".txt/.md files, folders of them, or .jsonl files."),
    ],
    store: Annotated[Path, typer.Option("--store", help="Store folder (created if missing).")],
    commit_every: Annotated[
        int,
        typer.Option(
            min=0,
            help="Commit every N documents (0: the whole ingest is one transaction). For long runs: "
            "a stopped run keeps what it committed, and memory stays bounded.",
        ),
    ] = 0,
    model: ModelOption = None,
    n_process: ProcessesOption = 1,
    max_bytes: MaxBytesOption = MAX_BYTES,
    scheduler: SchedulerOption = None,
    workers: WorkersOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add news texts to a store: new documents go in, changed ones replace their old
    version, unchanged ones are skipped.

    Every input is read before the store is touched. The ingest is one
    transaction: if it fails or is stopped, the store is as it was. With
    --commit-every N it commits as it goes; run it again to carry on.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.distributed import check_options
    from kg.read import read_documents
    from kg.store import open_store

    check_options(scheduler, workers, n_process)
    documents = list(read_documents(inputs, max_bytes=max_bytes))
    started = time.perf_counter()
    with open_store(store, create=True) as opened:
        with Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=_stderr(),
            disable=quiet or len(documents) < 2 or not sys.stderr.isatty(),
            transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=len(documents))
            report = opened.ingest(
                documents,
                model=model,
                n_process=n_process,
                scheduler=scheduler,
                workers=workers,
                commit_every=commit_every,
                on_document=lambda *_: progress.advance(task),
            )
        if quiet:
            return
        elapsed = time.perf_counter() - started
        heading = (
            f"{store}: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, {report.merges} name(s) merged into an entity written "
            f"otherwise, in {elapsed:.1f}s"
        )
        from kg.stats import store_stats

        _print_counts(heading, [row for row in store_stats(opened).rows() if row[2]])


@app.command()
@fails_cleanly
def remove(
    doc_ids: Annotated[list[str], typer.Argument(metavar="DOC_ID", help="Id of a stored document.")],
    store: Annotated[Path, typer.Option("--store", help="Store folder.")],
) -> None:
    """Take documents out of a store, with every fact and entity only they supported."""
    from kg.store import open_store

    with open_store(store, write=True) as opened:
        for doc_id in doc_ids:
            gone = opened.remove(doc_id)
            message = f"removed {doc_id} from {store} ({gone} entity(ies) no other document mentions)"
            _stdout().print(printable(message), markup=False, highlight=False, soft_wrap=True)


@app.command()
@fails_cleanly
def unmerge(
    links: Annotated[
        list[str],
        typer.Argument(metavar="LINK", help="An entity link's IRI, or the hash at its end (kgr:link/HASH)."),
    ],
    store: Annotated[Path, typer.Option("--store", help="Store folder.")],
) -> None:
    """Undo a cross-document merge: the linked document's entity becomes an entity of its own.

    Find links with SPARQL, e.g. kg query --store DIR 'SELECT ?link ?why WHERE
    { ?link kg:linkReason ?why }'; the link keeps the decision.
    """
    from kg.store import open_store

    with open_store(store, write=True) as opened:
        for link in links:
            entity = opened.unmerge(link)
            message = printable(f"{link}: now {entity}")
            _stdout().print(message, markup=False, highlight=False, soft_wrap=True)


@app.command()
@fails_cleanly
def serve(
    store: Annotated[Path, typer.Option("--store", help="Store folder to serve.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 7878,
    writable: Annotated[
        bool, typer.Option("--writable", help="Also accept SPARQL Update and Graph Store writes.")
    ] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    workers: Annotated[int, typer.Option(min=1, help="Queries answered at once (1 when --writable).")] = 2,
) -> None:
    """Serve a store over the SPARQL 1.1 Protocol (Oxigraph's server) until Ctrl-C or SIGTERM.

    Queries go to /query (GET or POST), with the union of the store's graphs
    as the default graph. SERVICE is refused, and updates unless --writable
    (LOAD even then): the server never fetches from other addresses. A query
    still running after --timeout seconds is cancelled. The store is locked
    against ingests while it is served.
    """
    from kg.endpoint import serve as run_server

    def started(url: str) -> None:
        mode = "read-write" if writable else "read-only"
        message = f"serving {store} ({mode}) at {url}/query; Ctrl-C stops"
        _stderr().print(message, markup=False, highlight=False, soft_wrap=True)

    run_server(
        store,
        host=host,
        port=port,
        writable=writable,
        timeout=timeout or None,
        workers=workers,
        on_start=started,
    )


@app.command()
@fails_cleanly
def push(
    store: Annotated[Path, typer.Option("--store", help="Store folder to send.")],
    endpoint: Annotated[
        str, typer.Option(help="SPARQL 1.1 Graph Store Protocol URL, e.g. http://host:7878/store")
    ],
) -> None:
    """Send a store's graphs to a SPARQL 1.1 Graph Store Protocol endpoint, one PUT per named graph."""
    from kg.endpoint import push as push_graphs
    from kg.store import open_store

    with open_store(store) as opened:
        sent = push_graphs(opened, endpoint)
    _stdout().print(f"pushed {sent} graph(s) to {endpoint}", markup=False, highlight=False, soft_wrap=True)


@app.command()
@fails_cleanly
def query(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="GRAPH QUERY | --store DIR QUERY",
            help="A graph file (ttl, nt, trig, jsonld), then the query text, a .rq file, or the name of "
            "an example query (e.g. punishments). With --store, only the query.",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = (
        ResultFormat.table
    ),
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
) -> None:
    """Run a read-only SPARQL query on a graph file or a store; update requests are refused.

    Prefixes kg:, kgr:, rdfs:, skos:, schema: ... are pre-bound. The table
    shows IRIs as prefixed names and cuts long values to fit the terminal;
    csv and json are the standard SPARQL result formats, with full values.
    A store is queried in place, over the union of its graphs. A query still
    running after --timeout seconds is cancelled (0: no limit).
    """
    from kg.query import query_graph_file, query_store, read_query

    wanted = 1 if store is not None else 2
    if len(arguments) != wanted:
        usage = "kg query --store DIR QUERY" if store is not None else "kg query GRAPH QUERY"
        raise KgError(f"expected {wanted} argument(s): {usage}")
    text = read_query(arguments[-1])  # a bad query fails before a large graph is parsed
    limit = timeout or None
    if store is not None:
        result = query_store(store, text, timeout=limit)
    else:
        result = query_graph_file(Path(arguments[0]), text, timeout=limit)
    if output_format is ResultFormat.csv:
        sys.stdout.write(result.to_csv())
    elif output_format is ResultFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        console = _stdout()
        console.print(result.to_table(width=console.width))


@app.command()
@fails_cleanly
def stats(graph_file: GraphArgument = None, store: StoreOption = None) -> None:
    """Count entities by class, relations by predicate, events, and provenance records."""
    from kg.stats import store_stats

    with _dataset(graph_file, store) as dataset:
        _print_counts(str(graph_file or store), store_stats(dataset).rows())


@app.command()
@fails_cleanly
def validate(
    graph_file: GraphArgument = None,
    store: StoreOption = None,
    n_process: Annotated[
        int | None,
        typer.Option(min=1, help="Processes that check a store's pieces [default: one per core]."),
    ] = None,
) -> None:
    """Check a graph file or a store against the project's SHACL shapes; exit 1 on any violation."""
    from kg.export import validate_dataset

    with _dataset(graph_file, store) as dataset:
        report = validate_dataset(dataset, processes=n_process)
    name = printable(str(graph_file or store))
    if report.conforms:
        _stdout().print(f"{name}: conforms to the kg shapes", markup=False, highlight=False)
        return
    lines = (printable(line) for line in report.text.rstrip().split("\n"))  # a multi-line report
    sys.stdout.write(f"{name}: " + "\n".join(lines) + "\n")
    raise typer.Exit(code=1)


@app.command()
@fails_cleanly
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    graph_file: GraphArgument = None,
    store: StoreOption = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=GRAPH_FORMAT_HELP)] = None,
) -> None:
    """Convert a graph file, or a whole store, to an RDF file (written atomically).

    Oxigraph streams it, in flat memory however large. A store written as
    TriG or N-Quads keeps its named graphs (one per document, and the entity
    layer); other formats get the union.
    """
    from kg.export import OX_FORMATS, check_target, convert_graph_file

    out_format = _graph_format(output, fmt)
    check_target(output)
    if (graph_file is None) == (store is None):
        raise KgError("give a graph file or --store DIR (one of them)")
    if store is not None:
        from kg.store import open_store

        with open_store(store) as opened:
            opened.write_dataset(output, OX_FORMATS[out_format])
    else:
        assert graph_file is not None
        convert_graph_file(graph_file, output, out_format)
    _stdout().print(printable(f"wrote {output}"), markup=False, highlight=False)


@app.command()
@fails_cleanly
def viz(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Picture to write: .html (interactive), .png or .svg.")
    ],
    graph_file: GraphArgument = None,
    store: StoreOption = None,
    focus: Annotated[
        list[str] | None,
        typer.Option(help="Draw only around the node with this label (or alias, or IRI); repeatable."),
    ] = None,
    hops: Annotated[int, typer.Option(min=0, help="With --focus: how many links out from it.")] = 1,
    query: Annotated[
        str | None,
        typer.Option(help="Draw the result of a CONSTRUCT query: a .rq file, query text or example name."),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Leave out links (and events) below this confidence."),
    ] = None,
    classes: Annotated[
        list[str] | None,
        typer.Option("--class", help="Draw only nodes of this class (Athlete, Nation, ...); repeatable."),
    ] = None,
    collapse: Annotated[
        bool,
        typer.Option(
            "--collapse/--hubs",
            help="Fold medal awards and punishments into labelled edges, or keep them as nodes.",
        ),
    ] = False,
    isolated: Annotated[
        bool,
        typer.Option("--isolated/--no-isolated", help="Draw entities that have no link, or leave them out."),
    ] = True,
    title: Annotated[str | None, typer.Option(help="A title over the picture.")] = None,
    max_triples: Annotated[
        int,
        typer.Option(min=0, help="Draw a whole store (no --focus, no --query) only up to this many triples."),
    ] = WHOLE_STORE_TRIPLES,
) -> None:
    """Draw a graph: an interactive HTML page (pan, zoom, hover for provenance) or a PNG/SVG picture.

    The HTML page needs no network: its scripts are inline. Filters apply in
    the order --query, --collapse, --min-confidence and --class, then --focus.
    The picture is made in memory and written atomically. A store larger than
    --max-triples is drawn only in part, with --focus or --query; with --focus,
    only the part around the focus is read from the store.
    """
    from kg.export import check_target
    from kg.viz import picture_format, save, to_networkx

    picture_format(output)
    check_target(output)
    query_text = _viz_query(query) if query is not None else None
    if store is not None and graph_file is None and focus and query is None:
        from kg.store import open_store
        from kg.viz import store_neighbourhood

        with open_store(store) as opened:  # only the part around the focus leaves the database
            graph = store_neighbourhood(opened, focus, hops, collapse=collapse)
    else:
        if store is not None and graph_file is None and focus is None and query is None:
            _check_drawable_whole(store, max_triples)
        graph = _graph_or_store(graph_file, store)
    try:
        view = to_networkx(
            graph,
            query=query_text,
            collapse=collapse,
            focus=focus,
            hops=hops,
            classes=classes,
            min_confidence=min_confidence,
            isolated=isolated,
        )
    except QueryError as err:
        raise _in_query_file(query, err) from None
    if not len(view):
        raise KgError(f"{graph_file or store}: nothing to draw: no entity or event is left after the filters")
    started = time.perf_counter()
    save(view, output, title=title)
    elapsed = time.perf_counter() - started
    message = f"wrote {output}: {len(view)} nodes, {view.number_of_edges()} edges in {elapsed:.1f}s"
    _stdout().print(printable(message), markup=False, highlight=False, soft_wrap=True)


def _check_drawable_whole(store: Path, max_triples: int) -> None:
    """Refuse to draw a whole store above `max_triples`: the picture would be unreadable, and
    drawing loads the store into memory (rdflib, about 1 KB a triple)."""
    from kg.store import open_store

    with open_store(store) as opened:
        size = opened.triple_count()
    if size > max_triples:
        raise KgError(
            f"{store}: {size:,} triples is too many to draw whole (--max-triples {max_triples:,}): "
            "draw a part with --focus LABEL or --query CONSTRUCT, or raise --max-triples"
        )


def _viz_query(query: str) -> str:
    """The text of --query; a syntax error in a .rq file names the file."""
    from kg.query import prepare, read_query

    text = read_query(query)
    try:
        prepare(text)
    except QueryError as err:
        raise _in_query_file(query, err) from None
    return text


def _in_query_file(query: str | None, err: QueryError) -> KgError:
    """`err`, as an InputError naming the query file when the query came from one."""
    from kg.query import QUERY_SUFFIXES

    if query is not None and query.strip().lower().endswith(QUERY_SUFFIXES) and Path(query).is_file():
        return InputError(query.strip(), str(err))
    return err


@app.command(name="eval")
@fails_cleanly
def evaluate(
    gold: Annotated[
        Path, typer.Argument(metavar="GOLD.jsonl", help="Gold records in the contract's format.")
    ],
    graph_file: Annotated[
        Path | None,
        typer.Option("--graph", help="Score this graph instead of building one from the gold texts."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model for building.")] = None,
    corpus: Annotated[
        Path | None,
        typer.Option(
            "--corpus",
            help="Folder of the articles that records without a text name (CORPUS/<id>.txt).",
        ),
    ] = None,
    rules_only: RulesOnlyOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and misses.")] = False,
) -> None:
    """Score extraction against gold annotations by the contract's rules."""
    import json

    from kg.evaluate import evaluate_extraction, score_graph
    from kg.export import load_graph

    if graph_file is not None:  # a graph built elsewhere, scored as it is
        report = score_graph(gold, load_graph(graph_file), corpus)
    else:  # the contract's scoring: each document built into a graph of its own
        report = evaluate_extraction([gold], corpus, model=model, rules_only=rules_only)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return
    console = _stdout()
    for table in report.to_tables():
        console.print(table)
    if errors:
        for item in report.errors:
            console.print(printable(item.describe()), markup=False, highlight=False, soft_wrap=True)


def main() -> None:  # pragma: no cover
    app()
