"""The chapter's registries: hand-written tables of the data package (groups of conflicting
figures and dates, the periods of the charter figures, where each delivery time is drawn),
loaded and checked against the tables whose rows they name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cbec.data import DataPackageError, load_table, resource_descriptor
from cbec.data.registries import check_figure_refs

CONFLICTS = "heilongjiang_conflicts"
CHARTER_PERIODS = "heilongjiang_charter_periods"
DELIVERY_CHART = "heilongjiang_delivery_chart"
CHARTER_FIGURES: tuple[str, ...] = ("flights_figure", "parcels_figure", "tons_figure")


def _ids_as_figures(table: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """``table`` with its row ids under ``figure_id``, so registry checks can name its rows."""
    return pd.DataFrame({"figure_id": table[id_column]})


def load_conflicts(figs: pd.DataFrame, timeline: pd.DataFrame,
                   data_dir: Path | None = None) -> pd.DataFrame:
    """The table ``heilongjiang_conflicts``: every id is a figure of ``figs`` or, for a
    conflict of dates, an event of ``timeline`` (:class:`~cbec.data.DataPackageError` names
    file, column and row of an unknown id)."""
    table = load_table(CONFLICTS, data_dir)
    check_figure_refs(table, CONFLICTS, figs, _ids_as_figures(timeline, "event_id"))
    return table


def load_charter_periods(figs: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """The table ``heilongjiang_charter_periods``, its figure ids checked against ``figs``."""
    table = load_table(CHARTER_PERIODS, data_dir)
    for column in CHARTER_FIGURES:
        check_figure_refs(table, CHARTER_PERIODS, figs, column=column)
    return table


def load_delivery_chart(times: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """The table ``heilongjiang_delivery_chart``: every delivery id is a row of ``times``,
    and each row is either drawn (``chart_row`` and ``chart_group``) or left out with a
    reason (``left_out_because``), never both or neither."""
    table = load_table(DELIVERY_CHART, data_dir)
    check_figure_refs(table, DELIVERY_CHART, _ids_as_figures(times, "delivery_id"),
                      column="delivery_ids")
    path = resource_descriptor(DELIVERY_CHART)["path"]
    for position, row in enumerate(table.itertuples(index=False)):
        drawn, group, left_out = (pd.notna(row.chart_row), pd.notna(row.chart_group),
                                  pd.notna(row.left_out_because))
        if drawn == left_out:
            raise DataPackageError(path, "give either a chart row or the reason it is left "
                                   "out", column="left_out_because", row=position + 2)
        if drawn != group:
            raise DataPackageError(path, "a chart row needs its group, and only a chart row",
                                   column="chart_group", row=position + 2)
    return table
