"""The chapter's registries: hand-written tables of the data package (groups of conflicting
figures, the bars of the 2018 trade chart), loaded and checked against the figures table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cbec.data import load_table
from cbec.data.registries import check_figure_refs

CONFLICTS = "china_cbec_conflicts"
TRADE_2018 = "china_cbec_trade_2018"


def load_conflicts(figs: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """The table ``china_cbec_conflicts``, every id checked against ``figs``
    (:class:`~cbec.data.DataPackageError` names file, column and row of an unknown id)."""
    table = load_table(CONFLICTS, data_dir)
    check_figure_refs(table, CONFLICTS, figs)
    return table


def load_trade_2018(figs: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """The table ``china_cbec_trade_2018`` (one row per bar, in chart order), checked
    against ``figs``."""
    table = load_table(TRADE_2018, data_dir)
    check_figure_refs(table, TRADE_2018, figs)
    return table
