"""Chapter notebooks are committed executed, and each is in sync with its py:percent twin."""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_py_twin_are_in_sync(notebook: Path) -> None:
    twin = notebook.with_suffix(".py")
    assert twin.exists(), f"{twin.name} is missing: run jupytext --sync {notebook.name}"
    paired = jupytext.writes(jupytext.read(notebook), fmt="py:percent")
    assert paired == twin.read_text(encoding="utf-8"), (
        f"{notebook.name} and {twin.name} differ: run python3 tasks.py notebooks")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_executed_in_order(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "re-run the notebook top to bottom"


@pytest.mark.parametrize("twin", sorted(CHAPTERS.glob("*.py")), ids=lambda p: p.stem)
def test_every_py_twin_has_a_notebook(twin: Path) -> None:
    assert twin.with_suffix(".ipynb").exists()
