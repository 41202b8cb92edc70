"""The `kg` command: a few lines per command over the library.

Every command maps a `KgError` to one line on stderr and exit code 1; a
traceback means a bug, not bad input.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kg.errors import KgError

app = typer.Typer(
    help="Build a traceable RDF knowledge graph from English sports news; query, validate, export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])


class GraphFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    trig = "trig"
    jsonld = "jsonld"


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def fails_cleanly(command: F) -> F:
    """Turn a `KgError` into one line on stderr and exit 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as err:
            err_console.print(f"error: {err}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(code=1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted", markup=False)
            raise typer.Exit(code=130) from None

    return wrapper  # type: ignore[return-value]


@app.command()
@fails_cleanly
def build(
    inputs: Annotated[list[Path], typer.Argument(help=".txt/.md files, folders, or .jsonl files.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Graph file to write.")],
    fmt: Annotated[
        GraphFormat | None,
        typer.Option("--format", "-f", help="Output format (default: from the file name)."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy model to use (an installed package name or a path).")
    ] = None,
    n_process: Annotated[int, typer.Option(help="Worker processes for spaCy.")] = 1,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
) -> None:
    """Build a graph from news texts and write it (Turtle by default)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build import _documents, build_graph
    from kg.export import format_for, write_graph
    from kg.stats import graph_stats

    out_format = fmt.value if fmt else format_for(output)
    documents = list(_documents(inputs))  # read everything first: bad input fails before any work
    started = time.perf_counter()
    show_progress = not quiet and len(documents) > 1 and sys.stderr.isatty()
    with Progress(
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
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
        stats = graph_stats(graph)
        elapsed = time.perf_counter() - started
        table = Table(title=f"{output} — {len(documents)} document(s) in {elapsed:.1f}s")
        for column in ("part", "kind", "count"):
            table.add_column(column, justify="right" if column == "count" else "left")
        for part, kind, count in stats.rows():
            if count:
                table.add_row(part, kind, str(count))
        console.print(table)


@app.command()
@fails_cleanly
def query(
    graph_file: Annotated[
        Path, typer.Argument(metavar="GRAPH", help="Graph file (ttl, nt, trig, jsonld).")
    ],
    sparql: Annotated[str, typer.Argument(metavar="QUERY", help="A .rq file or the query text.")],
    output_format: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="Result format.")
    ] = ResultFormat.table,
) -> None:
    """Run a read-only SPARQL query; update requests are refused."""
    from kg.export import load_graph
    from kg.query import read_query, run_query

    result = run_query(load_graph(graph_file), read_query(sparql))
    if output_format is ResultFormat.csv:
        sys.stdout.write(result.to_csv())
    elif output_format is ResultFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    else:
        console.print(result.to_table())


@app.command()
@fails_cleanly
def stats(graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")]) -> None:
    """Count entities by class, relations by predicate, and events."""
    from kg.export import load_graph
    from kg.stats import graph_stats

    table = Table(title=str(graph_file))
    for column in ("part", "kind", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for part, kind, count in graph_stats(load_graph(graph_file)).rows():
        table.add_row(part, kind, str(count))
    console.print(table)


@app.command()
@fails_cleanly
def validate(graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")]) -> None:
    """Check a graph against the project's SHACL shapes; exit 1 on any violation."""
    from kg.export import load_graph
    from kg.export import validate as shacl_validate

    report = shacl_validate(load_graph(graph_file))
    if report.conforms:
        console.print(f"{graph_file}: conforms to the kg shapes")
        return
    sys.stdout.write(report.text.rstrip() + "\n")
    raise typer.Exit(code=1)


@app.command()
@fails_cleanly
def export(
    graph_file: Annotated[Path, typer.Argument(metavar="GRAPH")],
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
) -> None:
    """Convert a graph file to another RDF format."""
    from kg.export import load_graph, write_graph

    write_graph(load_graph(graph_file), output, fmt.value)
    console.print(f"wrote {output}")


@app.command(name="eval")
@fails_cleanly
def evaluate(
    gold: Annotated[
        Path, typer.Argument(metavar="GOLD.jsonl", help="Gold records in the contract's format.")
    ],
    graph_file: Annotated[
        Path | None,
        typer.Option(
            "--graph", help="Score this graph instead of building one from the gold texts."
        ),
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model for building.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    errors: Annotated[
        bool, typer.Option("--errors", help="List false positives and misses.")
    ] = False,
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
    for table in report.to_tables():
        console.print(table)
    if errors:
        for item in report.errors:
            console.print(item.describe(), markup=False, highlight=False, soft_wrap=True)


def main() -> None:  # pragma: no cover
    app()
