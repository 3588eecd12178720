"""Captioned tables render identically on every run."""

from __future__ import annotations

import pandas as pd
import pytest

from cbec.charts.tables import display_frame, show_table


def test_show_table_is_deterministic_and_captioned() -> None:
    frame = pd.DataFrame({"a": [1.23456, 2.0], "b": ["x", None]})
    first = show_table(frame, caption="A caption.", label="tbl-demo").to_html()
    second = show_table(frame, caption="A caption.", label="tbl-demo").to_html()
    assert first == second
    assert "A caption." in first and 'id="T_demo"' in first
    assert "1.23" in first and "1.2346" not in first
    assert "—" in first  # missing values are shown as a dash


@pytest.mark.parametrize(("caption", "label"), [("x", "demo"), ("x", "tbl-Bad Label"),
                                                (" ", "tbl-ok")])
def test_show_table_rejects_bad_labels_and_empty_captions(caption: str, label: str) -> None:
    with pytest.raises(ValueError):
        show_table(pd.DataFrame({"a": [1]}), caption=caption, label=label)


def test_display_frame_selects_orders_and_renames_columns() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [0.5, 1.5]})
    shown = display_frame(frame, {"c": "share, %", "a": "count"})
    assert list(shown.columns) == ["share, %", "count"]
    assert shown["count"].tolist() == [1, 2] and shown["share, %"].dtype == "float64"
    assert list(frame.columns) == ["a", "b", "c"]  # the input is left alone
    with pytest.raises(KeyError, match="'d'"):
        display_frame(frame, {"a": "count", "d": "missing"})
