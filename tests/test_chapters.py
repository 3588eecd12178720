"""Every analysis chapter follows the book's page structure: a front block (learning
objectives, prerequisites, time, data used linked to the data-package page), key takeaways
and at least three exercises with solutions; every table the book shows has header cells."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cbec.book.bookmeta import toc_files

# Shares the session's built book with the other "book" tests (one xdist worker).
pytestmark = pytest.mark.xdist_group("book")

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_PAGES = {"intro", "data_package", "reproducibility", "glossary", "how_to_cite",
                   "bibliography"}
CHAPTERS = [ROOT / f"{page}.ipynb" for page in toc_files(ROOT)
            if Path(page).name not in REFERENCE_PAGES]


def _markdown(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_there_are_five_analysis_chapters() -> None:
    assert len(CHAPTERS) == 5


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_front_block(notebook: Path) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    front = "\n".join("".join(c["source"]) for c in cells[:first_code])
    for heading in ("Learning objectives", "Prerequisites", "Time", "Data used"):
        assert f"**{heading}" in front, f"front block lacks {heading!r}"
    assert "(data_package.ipynb)" in front, "data tables must link to the data-package page"


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_takeaways_and_exercises_with_solutions(notebook: Path) -> None:
    text = "\n".join(_markdown(notebook))
    assert "## Key takeaways" in text
    exercises = re.findall(r"```\{exercise\}[^\n]*\n:label: ([\w-]+)", text)
    assert len(exercises) >= 3
    solved = set(re.findall(r"`{3,4}\{solution(?:-start)?\} ([\w-]+)", text))
    assert set(exercises) <= solved, f"exercises without a solution: {set(exercises) - solved}"


@pytest.mark.book
def test_every_table_in_the_book_has_header_cells(built_book: Path) -> None:
    missing = []
    for page in built_book.rglob("*.html"):
        if "_static" in page.parts:
            continue
        for table in re.findall(r"<table\b.*?</table>", page.read_text(encoding="utf-8"),
                                flags=re.S):
            # Sphinx's index page lays out term lists with a table; it holds no data.
            if "<th" not in table and "indextable" not in table.split(">", 1)[0]:
                missing.append(page.name)
    assert missing == []
