"""docs/notebook.ipynb runs, top to bottom, in a kernel of this environment, and shows what it says."""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)"))
    # The kernel is this interpreter (ipykernel's own "python3" spec names sys.executable); each
    # cell gets a bounded time, so a hanging cell fails the test instead of the run.
    client = NotebookClient(
        notebook,
        timeout=120,
        startup_timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "docs")}},
    )
    client.execute()
    return notebook


def text_of(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        data = output.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
    return "".join(parts)


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells if c.cell_type == "code"]


def test_the_notebook_runs_without_an_error(executed: nbformat.NotebookNode) -> None:
    errors = [o for c in code_cells(executed) for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert all(c.execution_count for c in code_cells(executed))


def test_the_notebook_runs_in_this_environment(executed: nbformat.NotebookNode) -> None:
    assert text_of(executed.cells[-1]).strip() == sys.prefix


def test_it_lists_the_overdue_tasks_with_their_lead_agencies(executed: nbformat.NotebookNode) -> None:
    cells = code_cells(executed)
    overdue = next(c for c in cells if "overdue-tasks" in c.source)
    assert "Sở Nội vụ tỉnh Điện Biên" in text_of(overdue)
    assert "19-NQ/TU" in text_of(overdue) and "2026-03-31" in text_of(overdue)


def test_it_plots_the_target_revisions(executed: nbformat.NotebookNode) -> None:
    plot = next(c for c in code_cells(executed) if "barh" in c.source)
    assert any("image/png" in o.get("data", {}) for o in plot.outputs)


def test_its_own_query_counts_targets_per_province(executed: nbformat.NotebookNode) -> None:
    own = code_cells(executed)[-2]
    assert "Tỉnh Điện Biên" in text_of(own) and "provinceLabel" in text_of(own)
