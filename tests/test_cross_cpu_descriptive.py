"""Same glued numbers on every reader's CPU, for the four descriptive chapters.

The regression chapter has its own, fuller check (``test_cross_cpu.py``). The descriptive
chapters glue numbers derived from a few transcribed figures (growth rates, shares, sums,
counts, dates). This test runs each chapter's own first cell (which loads its tables with
``chapter_preamble`` and glues its numbers with ``glue_numbers``) with every float of the
tables it loads perturbed by a relative 1e-12 (what another CPU's summation order could
do), and again with the rows of every table in another order, and asserts that the stored
form of each glued value does not change: IPython's plain-text repr, which myst-nb stores,
of the value as ``glue_numbers`` glues it (to ``GLUED_SIGNIFICANT_DIGITS``).

Running the cell itself, rather than a copy of its calls, keeps the test true when a chapter
loads another table or glues another number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from IPython.lib.pretty import pretty
from perturb import perturbed, reordered

from cbec.charts import preamble
from cbec.charts.preamble import GLUED_SIGNIFICANT_DIGITS, stored_value

CHAPTERS_DIR = Path(__file__).resolve().parents[1] / "chapters"
CHAPTERS = ("aliexpress", "china_cbec", "heilongjiang", "russia_market")
Change = Callable[[pd.DataFrame, int], pd.DataFrame]


def first_code_cell(chapter: str) -> str:
    notebook = json.loads((CHAPTERS_DIR / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code")["source"])


def glued_by_first_cell(chapter: str, monkeypatch: pytest.MonkeyPatch,
                        change: Change | None = None) -> tuple[dict[str, str], bool]:
    """Run ``chapter``'s first cell, its tables passed through ``change``; return the stored
    form of every number it glues, and whether ``change`` altered any table."""
    real_preamble = preamble.chapter_preamble
    glued: dict[str, str] = {}
    altered = []

    def changed_preamble(*names: str, **options: object) -> dict[str, pd.DataFrame]:
        tables = real_preamble(*names, **options)
        if change is None:
            return tables
        out = {name: change(frame, seed)
               for seed, (name, frame) in enumerate(tables.items(), start=1)}
        altered.extend(not out[name].equals(tables[name]) for name in tables)
        return out

    def capture(numbers: dict[str, object],
                significant_digits: int | None = GLUED_SIGNIFICANT_DIGITS) -> None:
        glued.update({name: pretty(stored_value(value, significant_digits))
                      for name, value in numbers.items()})

    with monkeypatch.context() as patch:
        patch.setattr(preamble, "chapter_preamble", changed_preamble)
        patch.setattr(preamble, "glue_numbers", capture)
        patch.chdir(CHAPTERS_DIR)  # where the notebook runs
        exec(compile(first_code_cell(chapter), f"{chapter}.ipynb[first cell]", "exec"),
             {"__name__": f"chapter_{chapter}"})
    return glued, any(altered)


@pytest.mark.parametrize("change", [perturbed, reordered], ids=["perturbed", "reordered"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_glued_numbers_do_not_move_with_the_floating_point_path(
        chapter: str, change: Change, monkeypatch: pytest.MonkeyPatch) -> None:
    expected, _ = glued_by_first_cell(chapter, monkeypatch)
    got, altered = glued_by_first_cell(chapter, monkeypatch, change)
    assert len(expected) > 5, f"{chapter}: its first cell glued almost nothing"
    if change is perturbed:
        assert altered, f"{chapter}: no float column was perturbed, so the test proves nothing"
    moved = {name: (expected[name], got.get(name)) for name in expected
             if got.get(name) != expected[name]}
    assert moved == {}, f"{chapter}: glued numbers moved ({change.__name__}): {moved}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_first_cell_glues_what_the_notebook_stored(chapter: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The captured numbers are the ones the committed notebook holds (so the test above
    checks the real glue, not a stand-in)."""
    notebook = json.loads((CHAPTERS_DIR / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    stored = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook", {})
            if "name" in record:
                text = output["data"][f"{record['mime_prefix']}text/plain"]
                stored[record["name"]] = "".join(text)
    glued, _ = glued_by_first_cell(chapter, monkeypatch)
    assert glued and {name: stored.get(name) for name in glued} == glued
