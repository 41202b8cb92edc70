"""README.md's examples run as written, from the repository root, on the bundled example articles.

The Python blocks run in order in one fresh interpreter (as a reader pasting
them into `python` started in the repository root would: a later block uses
the `graph` of the first), with tracebacks pointing at README.md's lines. The
blocks of `kg` commands run in one bash session with this environment's `kg`
(but `kg serve`, `kg push` and `curl`, which need a server). The examples
write their outputs into the current folder; a file of that name that was
there before is put aside and back, so the checkout is left as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```(?P<language>\w*)\n(?P<code>.*?)^```", re.DOTALL | re.MULTILINE)
#: A file an example writes into the current folder: a name with an output extension, no folder.
OUTPUT = re.compile(r"(?<![\w./-])[\w-]+\.(?:ttl|nt|trig|jsonld|html|png|svg|kg)\b")

#: Runs the blocks given as (first line, code) pairs in one namespace, compiled as README.md lines.
RUN_BLOCKS = """
import ast, sys
namespace = {"__name__": "__main__"}
for line, code in ast.literal_eval(sys.stdin.read()):
    exec(compile("\\n" * (line - 1) + code, "README.md", "exec"), namespace)
"""


def blocks(*languages: str) -> list[tuple[int, str]]:
    """(line of the first code line, code) of every fenced block of README.md in `languages`."""
    text = README.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start("code")) + 1, match.group("code"))
        for match in BLOCK.finditer(text)
        if match.group("language") in languages
    ]


@contextmanager
def root_left_as_it_was(code: str, aside: Path) -> Iterator[None]:
    """Outputs `code` names in the repository root are moved to `aside` first and back afterwards."""
    names = sorted(set(OUTPUT.findall(code)))
    before = set(os.listdir(ROOT))
    kept = [name for name in names if name in before]
    for name in kept:
        shutil.move(ROOT / name, aside / name)
    try:
        yield
    finally:
        for name in names:
            written = ROOT / name
            if written.is_dir():
                shutil.rmtree(written)
            else:
                written.unlink(missing_ok=True)
        for name in kept:
            shutil.move(aside / name, ROOT / name)
    stray = set(os.listdir(ROOT)) - before
    assert not stray, f"the examples wrote files their text does not name: {sorted(stray)}"


def without_pythonpath() -> dict[str, str]:
    """This environment as a reader's shell has it: tests/conftest.py's PYTHONPATH left out."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}


def test_readme_has_the_examples_this_file_runs() -> None:
    assert len(blocks("python")) >= 3
    starts = [code.split()[:2] for code in shell_blocks()]
    assert starts == [["kg", "build"], ["kg", "ingest"], ["kg", "query"], ["kg", "viz"]]


def test_python_examples_run_from_the_repository_root(tmp_path: Path) -> None:
    python = blocks("python")
    code = "\n".join(block for _, block in python)
    with root_left_as_it_was(code, tmp_path):
        run = subprocess.run(
            [sys.executable, "-c", RUN_BLOCKS],
            input=repr(python),
            cwd=ROOT,
            env={**without_pythonpath(), "MPLBACKEND": "Agg"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert (ROOT / "examples.ttl").stat().st_size > 0
        assert (ROOT / "graph.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # the punishments query of the first example prints who was punished, from the articles
    assert "Amos Kiprono actual" in run.stdout
    assert "Lucas Andrade actual" in run.stdout


#: `kg serve` runs until Ctrl-C, and `curl` and `kg push` need a server: those are left out.
SKIP_SERVER_COMMANDS = """
kg() { case "$1" in serve|push) echo "(skipped: kg $1)" ;; *) command kg "$@" ;; esac; }
curl() { echo "(skipped: curl)"; }
"""


def shell_blocks() -> list[str]:
    """The blocks of kg commands on the example articles (not those that need the real-news corpus)."""
    return [code for _, code in blocks("sh", "bash") if code.startswith("kg ") and "../" not in code]


def test_shell_examples_run_from_the_repository_root(tmp_path: Path) -> None:
    """Build, stats, query, validate, export, viz, eval; the store's ingest, query, remove, unmerge."""
    code = "\n".join(shell_blocks())
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    with root_left_as_it_was(code, tmp_path):
        run = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", SKIP_SERVER_COMMANDS + code],
            cwd=ROOT,
            env={**environment, "NO_COLOR": "1", "COLUMNS": "200"},
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        written = set(os.listdir(ROOT))
    outputs = {"examples.ttl", "examples.jsonld", "news.kg", "news.trig", "kiprono.svg", "nations.png"}
    assert outputs <= written
    assert "conforms to the kg shapes" in run.stdout
    assert "0 added, 0 replaced, 3 unchanged" in run.stdout
    assert "a8b31584199fac8e: now " in run.stdout  # the link the README undoes is one the examples make
    assert run.stdout.count("(skipped: ") == 3
