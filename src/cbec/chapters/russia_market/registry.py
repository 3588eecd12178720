"""The registries of the Russian-market chapter: hand-written tables of the data package
(``data/raw/transcribed/russia_market/``) that name printed figures by id.

* ``russia_market_conflicts`` — groups of disagreeing figures with the book's reading (the
  book's one conflicts format, see :func:`cbec.data.registries.conflicts_table`);
* ``russia_market_lost_charts`` — Gu's (2018) §1.2 charts and what survives of them;
* ``russia_market_profile`` — the shopper portrait: findings and their evidence;
* ``russia_market_chart_rows`` — which figures each chart draws, with their labels.

:func:`check_registries` proves that every id they name exists (a printed figure or a
number the chapter derives), raising :class:`cbec.data.DataPackageError` with the
registry's file, column and row otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cbec.chapters.russia_market.lookup import template_ids
from cbec.data import load_table
from cbec.data.registries import check_figure_refs

CONFLICTS = "russia_market_conflicts"
LOST_CHARTS = "russia_market_lost_charts"
PROFILE = "russia_market_profile"
CHART_ROWS = "russia_market_chart_rows"
REGISTRIES: tuple[str, ...] = (CONFLICTS, LOST_CHARTS, PROFILE, CHART_ROWS)


def check_registries(tables: Mapping[str, pd.DataFrame], *figure_tables: pd.DataFrame) -> None:
    """Check every figure id the registries in ``tables`` name against ``figure_tables``
    (the printed figures and the derived ones): the ``figure_ids`` columns, the chart rows'
    ``figure_id`` and the ``{figure-id}`` placeholders of their labels."""
    for name in (CONFLICTS, LOST_CHARTS, PROFILE):
        check_figure_refs(tables[name], name, *figure_tables)
    chart_rows = tables[CHART_ROWS]
    check_figure_refs(chart_rows, CHART_ROWS, *figure_tables, column="figure_id")
    placeholders = chart_rows.assign(label=[" ".join(template_ids(text))
                                            for text in chart_rows["label"]])
    check_figure_refs(placeholders, CHART_ROWS, *figure_tables, column="label")


def load_registries(*figure_tables: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four registries, each validated against its schema, with their ids checked
    against ``figure_tables`` (:func:`check_registries`)."""
    tables = {name: load_table(name) for name in REGISTRIES}
    check_registries(tables, *figure_tables)
    return tables


def chart_rows_of(chart_rows: pd.DataFrame, chart: str) -> pd.DataFrame:
    """The rows of one chart in file order (the drawing order); ``KeyError`` if none."""
    selected = chart_rows[chart_rows["chart"] == chart]
    if selected.empty:
        raise KeyError(f"no rows for chart {chart!r}; known: "
                       f"{', '.join(dict.fromkeys(chart_rows['chart']))}")
    return selected.reset_index(drop=True)


def chart_labels(chart_rows: pd.DataFrame, chart: str) -> dict[str, str]:
    """``{figure_id: label}`` of one chart, in drawing order."""
    selected = chart_rows_of(chart_rows, chart)
    return dict(zip(selected["figure_id"].astype(str), selected["label"].astype(str),
                    strict=True))


def chart_groups(chart_rows: pd.DataFrame, chart: str) -> dict[str, str]:
    """``{figure_id: group}`` of one chart, in drawing order (an empty group is ``""``)."""
    selected = chart_rows_of(chart_rows, chart)
    return {str(f): ("" if pd.isna(g) else str(g))
            for f, g in zip(selected["figure_id"], selected["group"], strict=True)}
