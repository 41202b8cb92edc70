"""The `kg` command: a few lines per command over the library.

Every command maps a `KgError` to one line on stderr and exit code 1; a
traceback means a bug, not bad input.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import InputError, KgError, QueryError

app = typer.Typer(
    help="Build a traceable RDF knowledge graph from English sports news; query, validate, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
F = TypeVar("F", bound=Callable[..., Any])

#: Help text for --format of the commands that write a graph; the names `kg.export.format_for` takes.
GRAPH_FORMAT_HELP = "Output format: ttl, nt, trig or jsonld (default: from the output file's extension)."


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
    """Print `message` as one line on stderr (never wrapped, never styled) and exit."""
    _stderr().print(message, markup=False, highlight=False, soft_wrap=True)
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
        table.add_row(part, kind, str(count))
    console = _stdout()
    console.print(heading, markup=False, highlight=False, soft_wrap=True)
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
    model: Annotated[
        str | None, typer.Option(help="spaCy model to use (an installed package name or a path).")
    ] = None,
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes for spaCy.")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Build a graph from news texts and write it (Turtle by default).

    Every input is read and the output place checked before the model loads,
    so a bad file fails in a second; the graph file is written atomically,
    so a failed build leaves an existing one untouched.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import build_graph
    from kg.export import check_target, write_graph
    from kg.read import read_documents
    from kg.stats import graph_stats

    out_format = _graph_format(output, fmt)
    check_target(output)
    documents = list(read_documents(inputs))
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
            on_document=lambda _: progress.advance(task),
        )
    write_graph(graph, output, out_format)
    if not quiet:
        elapsed = time.perf_counter() - started
        heading = f"wrote {output}: {len(documents)} document(s) in {elapsed:.1f}s"
        _print_counts(heading, [row for row in graph_stats(graph).rows() if row[2]])


@app.command()
@fails_cleanly
def query(
    graph_file: Annotated[Path, typer.Argument(metavar="GRAPH", help="Graph file (ttl, nt, trig, jsonld).")],
    sparql: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="The query text, a .rq file, or the name of an example query (e.g. punishments).",
        ),
    ],
    output_format: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = (
        ResultFormat.table
    ),
) -> None:
    """Run a read-only SPARQL query; update requests are refused.

    Prefixes kg:, kgr:, rdfs:, skos:, schema: ... are pre-bound. The table
    shows IRIs as prefixed names and cuts long values to fit the terminal;
    csv and json are the standard SPARQL result formats, with full values.
    """
    from kg.export import load_graph
    from kg.query import read_query, run_query

    text = read_query(sparql)  # a bad query fails before a large graph is parsed
    result = run_query(load_graph(graph_file), text)
    if output_format is ResultFormat.csv:
        sys.stdout.write(result.to_csv())
    elif output_format is ResultFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        console = _stdout()
        console.print(result.to_table(width=console.width))


@app.command()
@fails_cleanly
def stats(graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")]) -> None:
    """Count entities by class, relations by predicate, events, and provenance records."""
    from kg.export import load_graph
    from kg.stats import graph_stats

    _print_counts(str(graph_file), graph_stats(load_graph(graph_file)).rows())


@app.command()
@fails_cleanly
def validate(graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")]) -> None:
    """Check a graph against the project's SHACL shapes; exit 1 on any violation."""
    from kg.export import load_graph
    from kg.export import validate as shacl_validate

    report = shacl_validate(load_graph(graph_file))
    if report.conforms:
        _stdout().print(f"{graph_file}: conforms to the kg shapes", markup=False, highlight=False)
        return
    sys.stdout.write(f"{graph_file}: {report.text.rstrip()}\n")
    raise typer.Exit(code=1)


@app.command()
@fails_cleanly
def export(
    graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=GRAPH_FORMAT_HELP)] = None,
) -> None:
    """Convert a graph file to another RDF format (written atomically)."""
    from kg.export import check_target, load_graph, write_graph

    out_format = _graph_format(output, fmt)
    check_target(output)
    write_graph(load_graph(graph_file), output, out_format)
    _stdout().print(f"wrote {output}", markup=False, highlight=False)


@app.command()
@fails_cleanly
def viz(
    graph_file: Annotated[Path, typer.Argument(metavar="GRAPH", help="Graph file (ttl, nt, trig, jsonld).")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Picture to write: .html (interactive), .png or .svg.")
    ],
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
) -> None:
    """Draw a graph: an interactive HTML page (pan, zoom, hover for provenance) or a PNG/SVG picture.

    The HTML page needs no network: its scripts are inline. Filters apply in
    the order --query, --collapse, --min-confidence and --class, then --focus.
    The picture is made in memory and written atomically.
    """
    from kg.export import check_target, load_graph
    from kg.viz import picture_format, save, to_networkx

    picture_format(output)
    check_target(output)
    query_text = _viz_query(query) if query is not None else None
    graph = load_graph(graph_file)
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
        raise KgError(f"{graph_file}: nothing to draw: no entity or event is left after the filters")
    started = time.perf_counter()
    save(view, output, title=title)
    elapsed = time.perf_counter() - started
    message = f"wrote {output}: {len(view)} nodes, {view.number_of_edges()} edges in {elapsed:.1f}s"
    _stdout().print(message, markup=False, highlight=False, soft_wrap=True)


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
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List false positives and misses.")] = False,
) -> None:
    """Score extraction against gold annotations by the contract's rules."""
    import json

    from kg.build import build_graph
    from kg.evaluate import score_graph
    from kg.export import load_graph
    from kg.read import read_documents

    if graph_file is not None:
        graph = load_graph(graph_file)
    else:
        graph = build_graph(list(read_documents([gold])), model=model)
    report = score_graph(gold, graph)
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2) + "\n")
        return
    console = _stdout()
    for table in report.to_tables():
        console.print(table)
    if errors:
        for item in report.errors:
            console.print(item.describe(), markup=False, highlight=False, soft_wrap=True)


def main() -> None:  # pragma: no cover
    app()
