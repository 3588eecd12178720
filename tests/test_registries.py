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


def test_conflicts_summary_joins_each_group_in_file_order(figs: pd.DataFrame) -> None:
    ids = list(figs["figure_id"].iloc[:3])
    conflicts = pd.DataFrame({"conflict_id": ["b", "a"], "topic": ["second", "first"],
                              "figure_ids": [" ".join(ids), ids[0]],
                              "reading": ["r2", pd.NA]})
    shown = figs.assign(text=["same" if i in ids[1:] else f"t-{i}" for i in figs["figure_id"]])
    summary = registries.conflicts_summary(conflicts, shown, joined={"text": " | "},
                                           group_columns=("topic", "reading"))
    assert list(summary.columns) == ["topic", "reading", "text"]
    assert summary["topic"].tolist() == ["second", "first"]
    assert summary["text"].tolist() == [f"t-{ids[0]} | same | same", f"t-{ids[0]}"]
    assert pd.isna(summary["reading"].iloc[1])
    distinct = registries.conflicts_summary(conflicts, shown, joined={"text": "; "},
                                            distinct=("text",))
    assert distinct["text"].iloc[0] == f"t-{ids[0]}; same"
    with pytest.raises(KeyError, match="no-such-id"):
        registries.conflicts_summary(conflicts.assign(figure_ids="no-such-id"), shown,
                                     joined={"text": " | "})


def test_check_known_names_file_column_and_row() -> None:
    registry = pd.DataFrame({"metric": ["a", "b c", "d"]})
    registries.check_known(registry.iloc[:2], "heilongjiang_figures", "metric", "abc", "metric")
    with pytest.raises(DataPackageError, match=r"column 'metric', row 4: unknown metric 'd'"):
        registries.check_known(registry, "heilongjiang_figures", "metric", "abc", "metric")
