"""The book theme and the source-line helper."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from cbec import charts


def _chart() -> alt.Chart:
    frame = pd.DataFrame({"year": [2019, 2020], "value": [1.0, 2.0]})
    return alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q")


def test_use_book_theme_enables_the_theme_and_is_idempotent() -> None:
    charts.use_book_theme()
    charts.use_book_theme()
    assert alt.theme.active == charts.THEME_NAME
    config = _chart().to_dict()["config"]
    assert config["range"]["category"] == list(charts.PALETTE)
    assert config["axis"]["labelFontSize"] >= 12


def test_palette_is_okabe_ito_and_distinct() -> None:
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) == 8
    assert charts.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")


def test_with_source_puts_the_source_under_the_chart_and_a_description() -> None:
    spec = charts.with_source(_chart(), "Source: Song (2020), §3.5.", "Two points.").to_dict()
    assert spec["title"]["text"] == ["Source: Song (2020), §3.5."]
    assert spec["title"]["orient"] == "bottom"
    assert spec["description"] == "Two points."


@pytest.mark.parametrize(("source", "description"), [("", "x"), ("Source: x", " ")])
def test_with_source_refuses_empty_text(source: str, description: str) -> None:
    with pytest.raises(ValueError, match="needs"):
        charts.with_source(_chart(), source, description)


def test_every_kind_has_a_distinct_shape() -> None:
    assert len(set(charts.KIND_SHAPES.values())) == len(charts.KIND_SHAPES)
    assert {"reported", "derived", "forecast"} <= set(charts.KIND_SHAPES)


def test_source_lines_are_wrapped_for_phones_without_losing_words() -> None:
    text = "Source: Song (2020) §3.2; §3.5 | Gu (2018) §1.3. Derived values computed in code."
    lines = charts.wrap_source_line(text, width=30)
    assert all(len(line) <= 30 for line in lines) and " ".join(lines) == text
    spec = charts.with_source(_chart(), "Source: " + "word " * 30, "Points.").to_dict()
    assert len(spec["title"]["text"]) > 1
    assert all(len(line) <= charts.SOURCE_WRAP for line in spec["title"]["text"])
    assert spec["title"]["frame"] == "bounds"


@pytest.mark.parametrize("axis", ["x", "y"])
def test_reference_line_marks_one_value_on_one_axis(axis: str) -> None:
    spec = charts.reference_line(0.05, axis).to_dict()
    assert spec["mark"]["type"] == "rule" and spec["mark"]["strokeDash"] == [4, 4]
    assert spec["encoding"] == {axis: {"field": "reference", "type": "quantitative"}}
    data = next(iter(spec["datasets"].values()))
    assert data == [{"reference": 0.05}]
    with pytest.raises(ValueError, match="axis"):
        charts.reference_line(0.0, "z")


def test_chapter_preamble_loads_tables_and_sets_the_theme() -> None:
    import altair as alt

    from cbec.charts.preamble import chapter_preamble

    alt.theme.enable("default")
    tables = chapter_preamble("xu_model_fit", "provinces")
    assert alt.theme.active == "cbec"
    assert set(tables) == {"xu_model_fit", "provinces"} and len(tables["provinces"]) > 0


def _layered_spec() -> dict:
    frame = pd.DataFrame({"year": [2019, 2020, 2021], "value": [1.0, 2.0, 1.5],
                          "kind": ["a", "b", "a"]})
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title="Year"), y="value:Q", color="kind:N",
        tooltip=["year:O", alt.Tooltip("value:Q", format=".1f")])
    layered = alt.layer(base.mark_line(), base.mark_point(), charts.reference_line(1.2, "y"))
    return charts.with_source(layered, "Source: a test.", "A test chart.").to_dict()


def test_schema_cache_is_installed_by_importing_charts_and_idempotent() -> None:
    from cbec.charts import schema_cache

    assert schema_cache.installed()
    schema_cache.install()
    assert schema_cache.installed()


def test_schema_cache_leaves_chart_specifications_unchanged() -> None:
    from cbec.charts import schema_cache

    cached = _layered_spec()
    schema_cache.uninstall()
    try:
        assert not schema_cache.installed()
        original = _layered_spec()
    finally:
        schema_cache.install()
    assert cached == original
    assert _layered_spec() == original


def test_stored_value_keeps_nine_digits_and_leaves_other_values_alone() -> None:
    import math

    import numpy as np

    from cbec.charts.preamble import stored_value

    assert stored_value(215.3846153846154, 9) == 215.384615
    assert stored_value(215.3846153841846, 9) == 215.384615
    assert stored_value(0.0634747723, 9) == stored_value(0.0634747721, 9) == 0.063474772
    assert stored_value(3399.9999999999995, 9) == 3400.0
    # one rounding, not two: 0.01937232249 must not become 0.0193723225 and then 0.019372323
    assert stored_value(0.01937232249, 9) == 0.019372322
    assert stored_value(1.0710780194, 9) == 1.07107802
    assert type(stored_value(np.float64(1.5), 9)) is float
    assert stored_value(215.3846153846154, None) == 215.3846153846154
    for kept in (7, True, "2019", None):
        assert stored_value(kept, 9) is kept
    assert math.isnan(stored_value(float("nan"), 9))
