"""Captioned, deterministic HTML tables for the book's pages."""

from __future__ import annotations

import re

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
