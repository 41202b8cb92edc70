"""examples/tour.ipynb runs clean from top to bottom, and is stored with its outputs.

The notebook is run by nbclient in a fresh ipykernel (this interpreter, no
network) from examples/, as a new user would open it. The stored copy must
carry outputs, so that it reads well on a code host without being run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "tour.ipynb"


def code_cells(notebook: object) -> list:  # type: ignore[type-arg]
    return [cell for cell in notebook.cells if cell.cell_type == "code"]  # type: ignore[attr-defined]


def test_notebook_runs_top_to_bottom_without_errors() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    cells = code_cells(notebook)
    outputs = [output for cell in cells for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert {"image/png", "text/html"} <= kinds  # drawings, data frames and the interactive view
    pictures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 2  # the whole graph and one athlete's neighbourhood
    assert any("kg-legend" in o.get("data", {}).get("text/html", "") for o in outputs)


def test_stored_notebook_has_its_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    cells = code_cells(notebook)
    assert cells and all(cell.outputs for cell in cells), "run the notebook and save it with its outputs"
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))  # run in order
    assert not [o for cell in cells for o in cell.outputs if o.output_type == "error"]
