"""Captioned, deterministic HTML tables for the book's pages."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
from pandas.io.formats.style import Styler

_LABEL = re.compile(r"^tbl-[a-z0-9-]+$")


def show_table(frame: pd.DataFrame, caption: str, label: str,
               precision: int = 2) -> Styler:
    """Return ``frame`` styled as a captioned table with a stable HTML id.

    ``label`` (``tbl-…``) becomes the table's id, so its HTML is identical on every run
    (nbval compares it) and the reproducibility page can point to it. Numbers are shown with
    ``precision`` decimals; the index is hidden, column headers are kept.
    """
    if not _LABEL.match(label):
        raise ValueError(f"table label {label!r} must look like 'tbl-some-name'")
    if not caption.strip():
        raise ValueError("a table needs a caption")
    styler = Styler(frame, uuid=label.removeprefix("tbl-"), cell_ids=False,
                    precision=precision, na_rep="—")
    return styler.set_caption(caption).hide(axis="index").set_table_attributes(
        'class="dataframe cbec-table"')


def format_p(p_value: float, draws: int | None = None, digits: int = 4) -> str:
    """A p-value as printed with ``digits`` decimals; one that would print as zero is shown
    as "< 0.0001" (a bootstrap p of 0 out of B draws is "< 1/B" when 1/B is larger)."""
    floor = 10.0 ** -digits
    if draws is not None and p_value == 0:
        return f"< {max(1 / draws, floor):.{digits}f}"
    if p_value < floor:
        return f"< {floor:.{digits}f}"
    return f"{p_value:.{digits}f}"


def with_p_text(frame: pd.DataFrame, columns: list[str], digits: int = 4) -> pd.DataFrame:
    """Copy of ``frame`` with the p-value ``columns`` printed by :func:`format_p`."""
    out = frame.copy()
    for column in columns:
        out[column] = [format_p(float(p), digits=digits) for p in frame[column]]
    return out


def display_frame(frame: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """The columns of ``frame`` named by the keys of ``columns``, in that order, under the
    display names given by its values: what a chapter hands to :func:`show_table`.

    A key that is not a column of ``frame`` raises ``KeyError`` naming it.
    """
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise KeyError(f"columns not in the frame: {missing}")
    return frame[list(columns)].rename(columns=dict(columns))
