"""Look-ups and formatting on the figures tables of the Russian-market chapter: rows by id in
a given order, metric segments, printed-style numbers, short citations and source lines."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from cbec.data import figures

SEGMENT_SEPARATOR = "__"


def split_metric(metric: str) -> tuple[str, str]:
    """Split ``"monthly_visitors__aliexpress"`` into ``("monthly_visitors", "aliexpress")``.

    The segment is empty when the metric has none.
    """
    base, _, segment = str(metric).partition(SEGMENT_SEPARATOR)
    if not base:
        raise ValueError(f"metric {metric!r} has no base name")
    return base, segment


def with_segments(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` plus ``base_metric`` and ``segment`` columns split from ``metric``."""
    out = frame.copy()
    parts = [split_metric(m) for m in out["metric"]]
    out["base_metric"] = [base for base, _ in parts]
    out["segment"] = [segment for _, segment in parts]
    return out


def rows(frame: pd.DataFrame, figure_ids: Sequence[str]) -> pd.DataFrame:
    """The rows of ``figure_ids`` in the order given; ``KeyError`` lists any missing id."""
    ids = list(figure_ids)
    missing = [fid for fid in ids if fid not in set(frame["figure_id"])]
    if missing:
        raise KeyError(f"figure ids not in the table: {', '.join(missing)}")
    indexed = frame.set_index("figure_id", drop=False)
    if not indexed.index.is_unique:
        raise ValueError("figure_id is not unique in the table")
    return indexed.loc[ids].reset_index(drop=True)


def fmt_number(value: float) -> str:
    """A printed-style number: thousands separators, no trailing zeros, at most 2 decimals."""
    number = float(value)
    if math.isnan(number):
        raise ValueError("cannot format a missing value")
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def fmt_figure(row: pd.Series) -> str:
    """``"750 billion roubles (2015)"`` — value, unit and period of one figures row."""
    unit = str(row["unit"])
    value = fmt_number(row["value"])
    text = f"{value}%" if unit == "percent" else f"{value} {unit}"
    period = str(row["period"])
    return text if period == "undated" else f"{text} ({period})"


def cite_short(row: pd.Series) -> str:
    """``"Gu (2018), §1.3"`` for a reported row, ``"derived in code"`` for a derived one."""
    if row["source"] == figures.DERIVED:
        return "derived in code"
    return figures.cite(row)


def cite_compact(row: pd.Series) -> str:
    """:func:`cite_short` with the locator shortened by :func:`short_locator`."""
    if row["source"] == figures.DERIVED:
        return "derived in code"
    short = row.copy()
    short["locator"] = short_locator(str(row["locator"]))
    return figures.cite(short)


def short_locator(locator: str) -> str:
    """A locator without its bracketed sub-heading: ``"§1.2 (Overview …), text after Chart 1.3"``
    becomes ``"§1.2, text after Chart 1.3"`` (the full locator stays in the data package)."""
    short = re.sub(r"\s*\([^()]*\)", "", str(locator)).strip()
    return short or str(locator)


def chart_source(selected: pd.DataFrame, extra: str = "") -> str:
    """:func:`cbec.data.figures.source_line` of ``selected`` with short locators."""
    short = selected.assign(locator=[short_locator(loc) for loc in selected["locator"]])
    return figures.source_line(short, extra)


def fill(template: str, frame: pd.DataFrame) -> str:
    """Replace each ``{figure-id}`` in ``template`` by that figure's value (``fmt_number``)."""
    return re.sub(r"\{([a-z0-9-]+)\}", lambda m: fmt_number(figures.value(frame, m.group(1))),
                  template)


def template_ids(template: str) -> list[str]:
    """The figure ids a :func:`fill` template names (``"{a} and {b}%"`` -> ``["a", "b"]``)."""
    return re.findall(r"\{([a-z0-9-]+)\}", str(template))
