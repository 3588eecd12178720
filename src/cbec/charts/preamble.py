"""What every chapter's first, hidden cell does (UBC's ``chapter_preamble`` pattern): the
book's chart theme, the data-package tables the chapter reads (validated), and one call to
glue a chapter's numbers into its prose.

    tables = chapter_preamble("heilongjiang_figures", "delivery_times")
    ...
    glue_numbers(heilongjiang.numbers(tables["heilongjiang_figures"]))
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import pandas as pd

from cbec.charts.theme import use_book_theme
from cbec.data.load import load_table


def chapter_preamble(*tables: str, quiet_libraries: bool = False) -> dict[str, pd.DataFrame]:
    """Enable the book theme and return the named tables, each checked against its schema
    and sha256 (:func:`cbec.data.load_table`). ``quiet_libraries`` hides library warnings
    (pyfixest's pandas deprecation notices) so that they never reach a cell's output."""
    if quiet_libraries:
        warnings.filterwarnings("ignore")
    use_book_theme()
    return {name: load_table(name) for name in tables}


def glue_numbers(numbers: Mapping[str, object]) -> None:
    """Glue every number of a chapter's ``numbers(...)`` dict under its name, for
    ``{glue:text}`` in the prose (nothing is displayed where this runs)."""
    from myst_nb import glue

    for name, value in numbers.items():
        glue(name, value, display=False)
