"""Every page of the book stores the outputs a fresh execution gives.

This is nbval's strict check (every output of every code cell, the same sanitizers, nbval's
own comparison code), applied to the execution the book build already does, so that each
notebook runs once per test run instead of twice. The executed notebooks come from the
build's execution cache (`cbec.book.execute`).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbval.plugin import IPyNbCell, coalesce_streams, get_sanitize_patterns, nocolors

from cbec.book.execute import book_notebooks, executed_notebook

# Shares the session's built book with the other "book" tests (one xdist worker).
pytestmark = pytest.mark.xdist_group("book")

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
# nbval's own list (IPyNbFile.skip_compare without --nbdime): never compared.
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name",
                "execution_count", "application/vnd.jupyter.widget-view+json", "image/png",
                "image/jpeg")
PAGES = [docname for docname, _ in book_notebooks(ROOT)]


class OutputComparison:
    """nbval's cell comparison, without a kernel of its own."""

    compare_outputs = IPyNbCell.compare_outputs
    sanitize = IPyNbCell.sanitize
    format_output_compare = IPyNbCell.format_output_compare

    def __init__(self, config: pytest.Config) -> None:
        patterns = get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8"))
        self.parent = SimpleNamespace(sanitize_patterns=OrderedDict(patterns),
                                      skip_compare=SKIP_COMPARE)
        self.config, self.ihook, self.colors = config, config.hook, nocolors
        self.comparison_traceback: list[str] = []


def mismatches(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode,
               comparison: OutputComparison) -> list[str]:
    """nbval's report for every code cell whose stored outputs differ from the fresh ones."""
    stored_cells = [c for c in stored.cells if c.cell_type == "code"]
    fresh_cells = [c for c in fresh.cells if c.cell_type == "code"]
    if len(stored_cells) != len(fresh_cells):
        return [f"{len(stored_cells)} stored code cells, {len(fresh_cells)} executed"]
    reports = []
    for number, (old, new) in enumerate(zip(stored_cells, fresh_cells, strict=True)):
        if not comparison.compare_outputs(coalesce_streams(new.outputs),
                                          coalesce_streams(old.outputs)):
            reports.append(f"code cell {number}:\n" + "\n".join(
                str(line) for line in comparison.comparison_traceback))
    return reports


@pytest.fixture(scope="module")
def comparison(request: pytest.FixtureRequest) -> OutputComparison:
    return OutputComparison(request.config)


@pytest.mark.parametrize("docname", PAGES)
def test_stored_outputs_equal_a_fresh_execution(docname: str, built_book: Path,
                                                comparison: OutputComparison) -> None:
    path = ROOT / f"{docname}.ipynb"
    fresh = executed_notebook(built_book.parent.parent, path)
    reports = mismatches(nbformat.read(path, as_version=4), fresh, comparison)
    assert reports == [], f"{docname}: stored outputs differ from a fresh execution\n" + \
        "\n\n".join(reports)


def test_a_corrupted_stored_output_is_caught(built_book: Path,
                                             comparison: OutputComparison) -> None:
    """The check fails when one stored number changes (and only at that cell)."""
    path = ROOT / "chapters" / "heilongjiang.ipynb"
    stored = nbformat.read(path, as_version=4)
    fresh = executed_notebook(built_book.parent.parent, path)
    assert mismatches(stored, fresh, comparison) == []
    broken = copy.deepcopy(stored)
    code = [c for c in broken.cells if c.cell_type == "code"]
    target = next(i for i, c in enumerate(code)
                  for o in c.outputs if "text/html" in o.get("data", {})
                  and "<td" in o["data"]["text/html"])
    output = next(o for o in code[target].outputs if "text/html" in o.get("data", {}))
    html = output["data"]["text/html"]
    first_digit = next(i for i, ch in enumerate(html) if ch.isdigit() and html[i - 1] == ">")
    output["data"]["text/html"] = html[:first_digit] + \
        str((int(html[first_digit]) + 1) % 10) + html[first_digit + 1:]
    reports = mismatches(broken, fresh, comparison)
    assert len(reports) == 1 and reports[0].startswith(f"code cell {target}:")
    assert "mismatch 'text/html'" in reports[0]


def test_the_build_executed_each_page_once(built_book: Path) -> None:
    """The build took every notebook page from the execution step's cache: it executed none
    itself, so each notebook ran exactly once in this test run."""
    log = (built_book.parent.parent / "build.log").read_text(encoding="utf-8")
    assert log.count("Using cached notebook") == len(PAGES), log[-3000:]
    assert "Executing notebook" not in log
