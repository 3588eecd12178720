"""Helpers for the figures tables, and the layout every figures table must follow."""

from __future__ import annotations

import pandas as pd
import pytest

from cbec import data
from cbec.data import figures

FIGURE_TABLES = [name for name in data.table_names() if name.endswith("_figures")]
_ROW: dict = {"figure_id": "d", "metric": "m", "value": 1.0, "unit": "u", "period": "p",
              "geography": "g", "inputs": ["a"], "formula": "x"}


def _demo() -> pd.DataFrame:
    return pd.DataFrame({
        "figure_id": ["a-2018", "a-2019"], "metric": ["trade", "trade"], "value": [2.0, 3.0],
        "unit": ["bn yuan"] * 2, "period": ["2018", "2019"],
        "year": pd.array([2018, 2019], dtype="Int64"), "geography": ["X", "X"],
        "kind": ["reported", "reported"], "printed": ["2 bn", "3 bn"],
        "source": ["song2020", "gu2018"], "locator": ["§2", "§1.3"], "note": [None, None],
    }).astype({"figure_id": "string", "metric": "string", "unit": "string",
               "period": "string", "geography": "string", "kind": "string",
               "printed": "string", "source": "string", "locator": "string",
               "note": "string"})


def test_there_are_figures_tables() -> None:
    assert len(FIGURE_TABLES) >= 4


@pytest.mark.parametrize("name", FIGURE_TABLES)
def test_figures_tables_follow_the_layout(name: str) -> None:
    frame = data.load_table(name)
    assert figures.is_figures_table(frame)
    assert set(frame["kind"]) <= set(figures.REPORTED_KINDS)
    assert frame["figure_id"].is_unique
    assert (frame["printed"].str.len() > 0).all()


def test_value_and_figure_lookup() -> None:
    frame = _demo()
    assert figures.value(frame, "a-2019") == 3.0
    with pytest.raises(KeyError, match="a-2030"):
        figures.figure(frame, "a-2030")


def test_metric_rows_filters_and_complains() -> None:
    assert len(figures.metric_rows(_demo(), "trade", geography="X")) == 2
    with pytest.raises(KeyError, match="no rows"):
        figures.metric_rows(_demo(), "trade", geography="Y")


def test_derived_rows_are_labelled_and_traceable() -> None:
    frame = _demo()
    growth = (figures.value(frame, "a-2019") / figures.value(frame, "a-2018") - 1) * 100
    row = figures.derived_row(figure_id="a-growth-2019", metric="trade_growth", value=growth,
                              unit="percent", period="2019", geography="X",
                              inputs=["a-2018", "a-2019"], formula="a-2019 / a-2018 - 1",
                              year=2019)
    combined = figures.with_derived(frame, [row])
    added = combined.iloc[-1]
    assert added["kind"] == "derived" and added["value"] == pytest.approx(50.0)
    assert added["locator"] == "from a-2018, a-2019"
    assert combined["year"].dtype == "Int64"
    assert figures.cite(added).startswith("derived in code")
    with pytest.raises(ValueError, match="figure ids"):
        figures.derived_row(**{**_ROW, "inputs": []})
    with pytest.raises(ValueError, match="formula"):
        figures.derived_row(**{**_ROW, "formula": " "})


def test_derived_rows_take_keywords_only() -> None:
    assert figures.derived_row(**_ROW)["locator"] == "from a"
    with pytest.raises(TypeError, match="positional"):
        figures.derived_row(*_ROW.values())  # type: ignore[misc]


def test_with_no_derived_rows_returns_a_copy() -> None:
    frame = _demo()
    assert figures.with_derived(frame, []).equals(frame)


def test_cite_and_source_line() -> None:
    frame = _demo()
    assert figures.cite(frame.iloc[0]) == "Song (2020), §2"
    assert figures.source_line(frame) == "Source: Song (2020) §2 | Gu (2018) §1.3."
    row = figures.derived_row(**{**_ROW, "inputs": ["a-2018"]})
    line = figures.source_line(figures.with_derived(frame, [row]), extra="Log scale.")
    assert line.endswith("Derived values computed in code. Log scale.")
