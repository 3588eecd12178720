"""The shared registry helpers: id lists, reference checks that name file, column and row,
and side-by-side conflict tables."""

from __future__ import annotations

import pandas as pd
import pytest

from cbec.data import DataPackageError, load_table, registries


@pytest.fixture(scope="module")
def figs() -> pd.DataFrame:
    return load_table("heilongjiang_figures")


def test_id_lists() -> None:
    assert registries.id_list("a-1 b-2  c") == ("a-1", "b-2", "c")
    assert registries.id_list(None) == () and registries.id_list(pd.NA) == ()


def test_unknown_ids_fail_with_file_column_and_row(figs: pd.DataFrame) -> None:
    first, second = figs["figure_id"].iloc[0], figs["figure_id"].iloc[1]
    good = pd.DataFrame({"topic": ["t", "u"], "figure_ids": [f"{first} {second}", first]})
    registries.check_figure_refs(good, "heilongjiang_figures", figs)
    bad = pd.DataFrame({"topic": ["t", "u"], "figure_ids": [first, f"{second} no-such-id"]})
    with pytest.raises(DataPackageError, match=r"column 'figure_ids', row 3: .*no-such-id"):
        registries.check_figure_refs(bad, "heilongjiang_figures", figs)


def test_conflicts_table_keeps_file_order_and_chosen_columns(figs: pd.DataFrame) -> None:
    ids = list(figs["figure_id"].iloc[:3])
    conflicts = pd.DataFrame({"topic": ["second", "first"],
                              "figure_ids": [" ".join(ids[1:]), ids[0]]})
    table = registries.conflicts_table(conflicts, figs, columns=("figure_id", "value", "source"))
    assert list(table.columns) == ["topic", "figure_id", "value", "source"]
    assert table["figure_id"].tolist() == [ids[1], ids[2], ids[0]]
    assert table["topic"].tolist() == ["second", "second", "first"]
    assert table["source"].iloc[0] == "Song (2020)" and table["value"].dtype == "float64"
