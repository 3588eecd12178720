"""What every chapter's first, hidden cell does (UBC's ``chapter_preamble`` pattern): the
book's chart theme, the data-package tables the chapter reads (validated), and one call to
glue a chapter's numbers into its prose.

    tables = chapter_preamble("heilongjiang_figures", "delivery_times")
    ...
    glue_numbers(heilongjiang.numbers(tables["heilongjiang_figures"]))
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import pandas as pd

from cbec.charts.theme import use_book_theme
from cbec.data.load import load_table

# Significant digits (and decimals) a glued float keeps in the stored notebook.
GLUED_SIGNIFICANT_DIGITS = 9


def chapter_preamble(*tables: str, quiet_libraries: bool = False) -> dict[str, pd.DataFrame]:
    """Enable the book theme and return the named tables, each checked against its schema
    and sha256 (:func:`cbec.data.load_table`). ``quiet_libraries`` hides library warnings
    (pyfixest's pandas deprecation notices) so that they never reach a cell's output."""
    if quiet_libraries:
        warnings.filterwarnings("ignore")
    use_book_theme()
    return {name: load_table(name) for name in tables}


def stored_value(value: object, significant_digits: int | None) -> object:
    """``value`` as it is glued: a finite float kept to ``significant_digits`` significant
    digits and to as many decimals (a difference of large numbers keeps no digit below
    1e-9); anything else unchanged, and ``None`` keeps every value. The page prints at most
    four decimals; the stored output must not carry the last bits of a floating-point
    computation, which another CPU may compute differently."""
    if significant_digits is None or isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return value
    # One rounding, to whichever keeps fewer decimals (rounding twice could move a digit).
    exponent = int(f"{value:.{significant_digits - 1}e}".split("e")[1])
    return round(float(value), min(significant_digits, significant_digits - 1 - exponent))


def glue_numbers(numbers: Mapping[str, object],
                 significant_digits: int | None = GLUED_SIGNIFICANT_DIGITS) -> None:
    """Glue every number of a chapter's ``numbers(...)`` dict under its name, for
    ``{glue:text}`` in the prose (nothing is displayed where this runs); floats are stored
    as :func:`stored_value` gives them."""
    from myst_nb import glue

    for name, value in numbers.items():
        glue(name, stored_value(value, significant_digits), display=False)
