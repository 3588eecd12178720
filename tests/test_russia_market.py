"""The Russian-market chapter: its helpers (checked against values computed by hand), its
registries (every id they name exists; a broken copy fails naming file, column and row), its
charts (no invented points, derived and forecast marks kept apart), its tables (every
conflict the chapter discusses is really in the data) and the numbers it glues."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from conftest import edit_cell
from IPython.display import Markdown

from cbec.chapters import russia_market as ru
from cbec.data import DataPackageError, figures, load_table, registries, resource_descriptor, rights

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "chapters" / "russia_market.ipynb"


@pytest.fixture(scope="module")
def figs() -> pd.DataFrame:
    return load_table("russia_market_figures")


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    return load_table("russia_top_sites")


@pytest.fixture(scope="module")
def swot() -> pd.DataFrame:
    return load_table("russia_swot")


@pytest.fixture(scope="module")
def derived(figs: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    return ru.derived_figures(figs, sites)


@pytest.fixture(scope="module")
def allfig(figs: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    return figures.with_derived(figs, derived.to_dict("records"))


@pytest.fixture(scope="module")
def reg(allfig: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return ru.load_registries(allfig)


@pytest.fixture(scope="module")
def chart_rows(reg: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return reg["russia_market_chart_rows"]


@pytest.fixture(scope="module")
def conflicts(reg: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return reg["russia_market_conflicts"]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    names = ["russia_market_figures", "russia_top_sites", "russia_swot",
             "aliexpress_events", "aliexpress_figures", *ru.REGISTRIES]
    return {name: load_table(name) for name in names}


def _demo() -> pd.DataFrame:
    """A tiny figures table with hand-checkable numbers."""
    return pd.DataFrame({
        "figure_id": ["a-2010", "a-2013", "b", "z", "a-2013b"],
        "metric": ["m", "m", "n__seg", "zero", "m"],
        "value": [8.0, 16.4, 50.0, 0.0, 16.4],
        "unit": ["billion US dollars", "billion US dollars", "percent", "x", "x"],
        "period": ["2010", "2013", "undated", "2013", "2013"],
        "year": pd.array([2010, 2013, None, 2013, 2013], dtype="Int64"),
        "geography": ["Russia"] * 5, "kind": ["reported"] * 5, "printed": ["p"] * 5,
        "source": ["gu2018", "gu2018", "zhao2021", "gu2018", "song2020"],
        "locator": ["§1.2 (Overview of X), text after Chart 1.3", "§4.1 (Y), item 2",
                    "§3.2.4 A.a", "§1", "§3.1"],
        "note": [None] * 5,
    })


def _datasets(chart: alt.TopLevelMixin) -> list[list[dict]]:
    return list(chart.to_dict()["datasets"].values())


def _records(chart: alt.TopLevelMixin) -> list[dict]:
    return [record for dataset in _datasets(chart) for record in dataset]


# ---- look-ups and formatting -----------------------------------------------------------------

@pytest.mark.parametrize(("metric", "expected"), [
    ("monthly_visitors__aliexpress", ("monthly_visitors", "aliexpress")),
    ("online_shoppers", ("online_shoppers", "")),
    ("delivery_time_max__postal_parcel", ("delivery_time_max", "postal_parcel")),
])
def test_split_metric(metric: str, expected: tuple[str, str]) -> None:
    assert ru.split_metric(metric) == expected


def test_split_metric_rejects_a_missing_base() -> None:
    with pytest.raises(ValueError, match="no base"):
        ru.split_metric("__aliexpress")


def test_with_segments_adds_base_and_segment() -> None:
    out = ru.with_segments(_demo())
    assert list(out["base_metric"]) == ["m", "m", "n", "zero", "m"]
    assert list(out["segment"]) == ["", "", "seg", "", ""]
    assert "base_metric" not in _demo().columns  # the input is not modified


def test_rows_keeps_the_requested_order_and_names_missing_ids() -> None:
    assert list(ru.rows(_demo(), ["b", "a-2010"])["figure_id"]) == ["b", "a-2010"]
    with pytest.raises(KeyError, match="nope, gone"):
        ru.rows(_demo(), ["a-2010", "nope", "gone"])
    doubled = pd.concat([_demo(), _demo().iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match="not unique"):
        ru.rows(doubled, ["b"])


@pytest.mark.parametrize(("value", "text"), [
    (7.5, "7.5"), (39000, "39,000"), (33.3, "33.3"), (-27.8, "-27.8"), (209.5238, "209.52"),
    (1500.0, "1,500"), (0.2, "0.2"), (60.0, "60"),
])
def test_fmt_number(value: float, text: str) -> None:
    assert ru.fmt_number(value) == text


def test_fmt_number_refuses_missing_values() -> None:
    with pytest.raises(ValueError):
        ru.fmt_number(float("nan"))


def test_fmt_figure_and_cite_short() -> None:
    demo = _demo()
    assert ru.fmt_figure(demo.iloc[0]) == "8 billion US dollars (2010)"
    assert ru.fmt_figure(demo.iloc[2]) == "50%"
    assert ru.cite_short(demo.iloc[2]) == "Zhao (2021), §3.2.4 A.a"
    row = pd.Series(figures.derived_row(figure_id="d", metric="m", value=1.0, unit="x",
                                         period="2015", geography="R", inputs=["a"],
                                         formula="a"))
    assert ru.cite_short(row) == "derived in code"


@pytest.mark.parametrize(("locator", "short"), [
    ("§1.2 (Overview of X), text after Chart 1.3", "§1.2, text after Chart 1.3"),
    ("§1.2, unnumbered table after Chart 1.7 (2012 vs 2015)",
     "§1.2, unnumbered table after Chart 1.7"),
    ("§3.2.4 A.a", "§3.2.4 A.a"),
    ("(only brackets)", "(only brackets)"),
])
def test_short_locator(locator: str, short: str) -> None:
    assert ru.short_locator(locator) == short


def test_chart_source_uses_short_locators() -> None:
    line = ru.chart_source(_demo().iloc[:3], "Extra note")
    assert line == ("Source: Gu (2018) §1.2, text after Chart 1.3; §4.1, item 2 | "
                    "Zhao (2021) §3.2.4 A.a. Extra note.")


def test_fill_puts_printed_values_into_a_template() -> None:
    assert ru.fill("from {a-2010} to {a-2013} ({b}%)", _demo()) == "from 8 to 16.4 (50%)"
    with pytest.raises(KeyError, match="missing"):
        ru.fill("{missing}", _demo())


@pytest.mark.parametrize(("op", "args", "expected"), [
    ("growth", ("a-2010", "a-2013"), 105.0),
    ("ratio", ("a-2013", "a-2010"), 2.05),
    ("share", ("a-2010", "b"), 16.0),
    ("difference", ("a-2013", "a-2010"), 8.4),
    ("change_per_year", ("a-2010", "a-2013"), 2.8),
    ("cagr", ("a-2010", "a-2013"), 27.0334),  # (16.4 / 8) ** (1/3) - 1 = 0.27033...
    ("implied_previous", ("a-2013", "b"), 16.4 / 1.5),
    ("implied_total", ("a-2010", "b"), 16.0),
    ("sum", ("a-2010", "a-2013", "b"), 74.4),
    ("complement", ("b",), 50.0),
])
def test_derived_operations_by_hand(op: str, args: tuple[str, ...], expected: float) -> None:
    assert ru.derived_value(_demo(), op, args) == pytest.approx(expected, abs=1e-4)


def test_derived_operations_refuse_impossible_inputs() -> None:
    demo = _demo()
    with pytest.raises(ValueError, match="positive"):
        ru.derived_value(demo, "growth", ("z", "a-2013"))
    with pytest.raises(ZeroDivisionError):
        ru.derived_value(demo, "ratio", ("a-2013", "z"))
    with pytest.raises(ValueError, match="year"):
        ru.derived_value(demo, "cagr", ("b", "a-2013"))
    with pytest.raises(ValueError, match="later"):
        ru.derived_value(demo, "cagr", ("a-2013", "a-2013b"))
    with pytest.raises(ValueError, match="positive"):
        ru.derived_value(demo.assign(year=pd.array([2010, 2013, None, 2009, 2013],
                                                   dtype="Int64")), "cagr", ("z", "a-2013"))
    with pytest.raises(ValueError, match="unknown operation"):
        ru.derived_value(demo, "mean", ("a-2010",))


def test_the_spec_states_every_derived_row_declaratively(figs: pd.DataFrame) -> None:
    assert all(entry["op"] in ru.OPERATIONS for entry in ru.DERIVED)
    ids = [entry["id"] for entry in ru.DERIVED]
    assert len(ids) == len(set(ids)) == 30
    # a spec whose year disagrees with the data is refused, not silently mislabelled
    wrong = {**ru.DERIVED[2], "year": 2018}
    with pytest.raises(ValueError, match="not the year"):
        ru.derived_figures(figs, load_table("russia_top_sites"), spec=[wrong])


def test_regional_split_is_long_complete_and_adds_to_100(figs: pd.DataFrame) -> None:
    split = ru.regional_split(figs)
    assert len(split) == 12
    assert list(split["measure"].unique()) == ["online shoppers", "online orders",
                                               "online sales"]
    sums = split.groupby(["measure", "year"])["value"].sum()
    assert (sums == 100).all()
    row = split[(split["measure"] == "online sales") & (split["year"] == 2015)
                & (split["area"] == "Moscow and St Petersburg")]
    assert row["value"].item() == 43 and row["figure_id"].item() == "gu-split-2015-sales-capitals"


def test_regional_split_fails_when_a_pair_does_not_add_to_100(figs: pd.DataFrame) -> None:
    broken = figs.copy()
    broken.loc[broken["figure_id"] == "gu-split-2012-orders-capitals", "value"] = 45.0
    with pytest.raises(ValueError, match="online orders"):
        ru.regional_split(broken)
    with pytest.raises(KeyError):
        ru.regional_split(_demo())


def test_split_intensity_matches_hand_computation(figs: pd.DataFrame) -> None:
    out = ru.split_intensity(figs)
    assert (out["kind"] == "derived").all() and len(out) == 14
    v = dict(zip(out["figure_id"], out["value"], strict=True))
    assert v["ru-d-2012-capitals-sales-per-shopper-index"] == pytest.approx(53 / 41)
    assert v["ru-d-2015-regions-orders-per-shopper-index"] == pytest.approx(66 / 69)
    assert v["ru-d-2015-capitals-sales-per-order-index"] == pytest.approx(43 / 34)
    assert v["ru-d-2015-capitals-vs-regions-sales-per-shopper"] == pytest.approx(
        (43 / 31) / (57 / 69))
    assert v["ru-d-2012-capitals-vs-regions-sales-per-shopper"] == pytest.approx(
        (53 / 41) / (47 / 59))


def test_derived_figures_values_by_hand(derived: pd.DataFrame) -> None:
    v = dict(zip(derived["figure_id"], derived["value"], strict=True))
    expected = {
        "ru-d-penetration-multiple-2010-2015": 70.4 / 37.1,
        "ru-d-penetration-pp-per-year-2010-2015": (70.4 - 37.1) / 5,
        "ru-d-adult-users-growth-2019": (94.4 / 91 - 1) * 100,
        "ru-d-cb-shoppers-share-2015": 15 / 40 * 100,
        "ru-d-regions-gain-sales": 57 - 47,
        "ru-d-usd-growth-2011": 31.25,
        "ru-d-usd-growth-2012": (12 / 10.5 - 1) * 100,
        "ru-d-usd-2015-forecast-vs-2012": 3.0,
        "ru-d-usd-forecast-cagr-2013-2020": ((50 / 16.4) ** (1 / 7) - 1) * 100,
        "ru-d-cb-share-2015-of-750": 220 / 750 * 100,
        "ru-d-cb-sales-2014-implied": 220 / 1.05,
        "ru-d-ecom-2014-implied-by-cb-share": 1500.0,
        "ru-d-ecom-2014-implied-by-growth-16": 650 / 1.16,
        "ru-d-retail-share-forecast-vs-outcome-2015": 2.25,
        "ru-d-rub-per-usd-implied-2014": 60.0,
        "ru-d-china-share-intl-b2c-2014": 70.0,
        "ru-d-top3-sum": 72.5,
        "ru-d-pref-chinese-sites-men": 46.0,
        "ru-d-pref-english-sites-women": 48.0,
        "ru-d-postal-legs-sum": 28.0,
        "ru-d-sites-consumer-electronics": 4.0,
        "ru-d-avg-order-growth-2015": 8.0,
    }
    for figure_id, value in expected.items():
        assert v[figure_id] == pytest.approx(value), figure_id


def test_derived_rows_are_labelled_and_name_existing_inputs(
        derived: pd.DataFrame, figs: pd.DataFrame, sites: pd.DataFrame) -> None:
    assert figures.is_figures_table(derived)
    assert (derived["kind"] == "derived").all() and (derived["source"] == "derived").all()
    assert derived["figure_id"].is_unique
    assert not set(derived["figure_id"]) & set(figs["figure_id"])
    assert derived["note"].str.len().gt(0).all()
    known = set(figs["figure_id"]) | {f"russia_top_sites rank {r}" for r in sites["rank"]}
    for _, row in derived.iterrows():
        inputs = row["locator"].removeprefix("from ").split(", ")
        assert set(inputs) <= known, row["figure_id"]


def test_site_counts_are_ordered_largest_first(sites: pd.DataFrame) -> None:
    counts = ru.site_counts(sites)
    assert counts == {"Consumer_Electronics": 4, "Clothing": 2, "General_Merchandise": 2,
                      "Shopping": 2}
    assert list(counts) == ["Consumer_Electronics", "Clothing", "General_Merchandise",
                            "Shopping"]
    assert sum(counts.values()) == len(sites)


# ---- registries and display tables ---------------------------------------------------------

def test_every_registered_figure_id_exists(allfig: pd.DataFrame,
                                          reg: dict[str, pd.DataFrame]) -> None:
    ru.check_registries(reg, allfig)
    assert set(reg) == set(ru.REGISTRIES)
    assert [len(reg[name]) for name in ru.REGISTRIES] == [12, 10, 10, 60]



@pytest.mark.parametrize(("name", "row", "column", "value"), [
    ("russia_market_conflicts", 3, "figure_ids", "gu-ecom-growth-2015-16 gu-no-such-figure"),
    ("russia_market_lost_charts", 8, "figure_ids", "gu-moscow-market-multiples"),
    ("russia_market_profile", 11, "figure_ids", "gu-swot-post-total zhao-no-such-figure"),
    ("russia_market_chart_rows", 20, "figure_id", "ru-d-not-derived"),
    ("russia_market_chart_rows", 17, "label", "2014 from {gu-no-such-figure}"),
])
def test_a_broken_registry_copy_fails_naming_file_column_and_row(
        data_copy: Path, allfig: pd.DataFrame, name: str, row: int, column: str,
        value: str) -> None:
    edit_cell(data_copy, name, row, column, value)
    broken = {n: load_table(n, data_copy) for n in ru.REGISTRIES}
    with pytest.raises(DataPackageError) as error:
        ru.check_registries(broken, allfig)
    assert (error.value.column, error.value.row) == (column, row)
    assert error.value.path == resource_descriptor(name)["path"]
    assert "no-such" in str(error.value) or "not-derived" in str(error.value) \
        or "multiples" in str(error.value)


def test_a_registry_row_citing_an_undeclared_text_breaks_the_licence_check(
        data_copy: Path) -> None:
    edit_cell(data_copy, "russia_market_conflicts", 2, "source", "gu2018 xu_nd")
    problems = rights.licence_problems(data_copy)
    assert any("russia_market_conflicts.csv, row 2" in p and "xu_nd" in p for p in problems)


def _sources_of(allfig: pd.DataFrame, figure_id: str) -> list[str]:
    """The texts a figure comes from; a derived one comes from the texts of its inputs."""
    row = figures.figure(allfig, figure_id)
    if row["source"] != figures.DERIVED:
        return [str(row["source"])]
    inputs = str(row["locator"]).removeprefix("from ").split(", ")
    return [s for i in inputs for s in (["gu2018"] if i.startswith("russia_top_sites")
                                        else _sources_of(allfig, i))]


def test_each_registry_row_names_the_texts_of_its_figures(
        allfig: pd.DataFrame, reg: dict[str, pd.DataFrame]) -> None:
    for name in ru.REGISTRIES:
        column = "figure_id" if name == "russia_market_chart_rows" else "figure_ids"
        for row in reg[name].itertuples(index=False):
            ids = registries.id_list(getattr(row, column))
            if not ids:
                assert row.source == "gu2018", (name, row)  # a passage of Gu's text
                continue
            texts = list(dict.fromkeys(s for i in ids for s in _sources_of(allfig, i)))
            assert row.source.split() == texts, (name, ids)
            if len(texts) > 1:  # several texts: "key: locators | key: locators"
                assert [part.split(": ")[0] for part in row.locator.split(" | ")] == texts


def test_conflict_group_table_shows_the_figures_side_by_side(
        figs: pd.DataFrame, conflicts: pd.DataFrame) -> None:
    table = ru.conflict_group_table(conflicts, figs, "ru-market-size-2015")
    assert list(table.columns) == ["figure_id", "value", "unit", "period", "kind", "printed",
                                   "source"]
    assert list(table["value"]) == [650, 750, 760]
    assert set(table["unit"]) == {"billion roubles"}
    assert table["printed"].str.startswith("“").all()
    assert list(table["source"].str[:9]) == ["Gu (2018)", "Gu (2018)", "Zhao (202"]
    with pytest.raises(KeyError, match="ru-market-size-2015"):
        ru.conflict_group_table(conflicts, figs, "no_such_conflict")


def test_conflicts_table_has_one_row_per_conflict(figs: pd.DataFrame,
                                                  conflicts: pd.DataFrame) -> None:
    summary = ru.conflicts_table(conflicts, figs)
    assert len(summary) == len(conflicts)
    assert list(summary.columns) == ["topic", "figures as printed", "where",
                                     "a possible reading"]
    first = summary.iloc[0]
    assert first["figures as printed"] == ("650 billion roubles (2015); 750 billion roubles "
                                           "(2015); 760 billion roubles (2015)")
    assert "Zhao (2021), §3.2.4 A.a" in first["where"]
    assert first["a possible reading"] == conflicts["reading"].iloc[0]


def test_lost_charts_table(figs: pd.DataFrame, reg: dict[str, pd.DataFrame]) -> None:
    table = ru.lost_charts_table(reg["russia_market_lost_charts"], figs)
    assert list(table["chart"])[:2] == ["Chart 1.1", "Chart 1.2"]
    assert table["status"].str.startswith("lost").sum() == 9
    by_chart = table.set_index("chart")["printed figures recoverable"]
    assert by_chart["Chart 1.1"] == 2 and by_chart["Chart 1.6"] == 0
    assert by_chart["Chart 1.9"] == 0 and by_chart["(Chart 1.8?)"] == 12


def test_profile_table_has_a_source_for_every_line(figs: pd.DataFrame,
                                                   reg: dict[str, pd.DataFrame]) -> None:
    table = ru.profile_table(reg["russia_market_profile"], figs)
    assert len(table) == len(reg["russia_market_profile"])
    assert table["source"].str.startswith("Gu (2018)").all()
    row = table.set_index("aspect").loc["How many"]
    assert row["printed figures"] == "40 million people (2015); 15 million people (2015)"
    why = table.set_index("aspect").loc["Why abroad"]  # text only: its passages are cited
    assert why["printed figures"] == "—"
    assert why["source"] == ("Gu (2018), §1.2 (demand and consumption behavior); "
                             "Gu (2018), §2.2, Strength 1")


def test_registry_citations_read_one_or_several_texts() -> None:
    assert ru.tables.registry_citations("gu2018", "§1.2; §2.2") == [
        "Gu (2018), §1.2", "Gu (2018), §2.2"]
    assert ru.tables.registry_citations("gu2018 zhao2021", "gu2018: §2.2 | zhao2021: §3.2.2 A") \
        == ["Gu (2018), §2.2", "Zhao (2021), §3.2.2 A"]


def test_swot_table_orders_quadrants_and_checks_figure_ids(
        swot: pd.DataFrame, figs: pd.DataFrame) -> None:
    table = ru.swot_table(swot, figs)
    assert list(table["quadrant"]) == (["Strength"] * 2 + ["Weakness"] * 3
                                       + ["Opportunity"] * 2 + ["Threat"] * 3)
    assert table["figures cited"].sum() == 28
    broken = swot.copy()
    broken.loc[0, "figure_ids"] = "gu-no-such-figure"
    with pytest.raises(KeyError, match="gu-no-such-figure"):
        ru.swot_table(broken, figs)


def test_figure_table_labels(figs: pd.DataFrame) -> None:
    table = ru.figure_table(figs, ["gu-split-2012-sales-capitals"], {
        "gu-split-2012-sales-capitals": "capitals' sales share"})
    assert table.loc[0, "figure"] == "capitals' sales share"
    assert table.loc[0, "value"] == 53 and table.loc[0, "period"] == "2012"


# ---- charts -------------------------------------------------------------------------------

CHARTS = ["penetration", "internet_users", "market_usd", "rouble", "platform_share",
          "visitors", "china_share", "gender", "regional_split", "delivery"]


def _chart(name: str, allfig: pd.DataFrame, chart_rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Build chart ``name`` the way the notebook does: its tidy frame, then the render."""
    frame = getattr(ru, f"{name}_frame")
    data = frame(allfig) if name in {"market_usd", "regional_split"} \
        else frame(allfig, chart_rows)
    return getattr(ru, f"{name}_chart")(data)


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_has_a_source_a_description_and_small_data(
        name: str, allfig: pd.DataFrame, chart_rows: pd.DataFrame) -> None:
    chart = _chart(name, allfig, chart_rows)
    spec = chart.to_dict()
    assert " ".join(spec["title"]["text"]).startswith("Source: ")
    assert spec["title"]["orient"] == "bottom"
    assert len(spec["description"]) > 40
    assert len(json.dumps(spec)) < 20_000
    if name != "regional_split":
        assert spec["width"] == "container"


@pytest.mark.parametrize("name", CHARTS)
def test_a_chart_only_renders_the_frame_it_is_given(
        name: str, allfig: pd.DataFrame, chart_rows: pd.DataFrame) -> None:
    """The rows drawn are exactly those of the tidy frame (the chart selects nothing)."""
    frame = getattr(ru, f"{name}_frame")
    data = frame(allfig) if name in {"market_usd", "regional_split"} \
        else frame(allfig, chart_rows)
    drawn = _records(getattr(ru, f"{name}_chart")(data))
    assert len(drawn) >= len(data.data)
    assert data.source.startswith("Source: ")
    smaller = data._replace(data=data.data.iloc[:-1])
    assert len(_records(getattr(ru, f"{name}_chart")(smaller))) == len(drawn) - 1


def test_penetration_chart_draws_exactly_the_four_printed_points(
        allfig: pd.DataFrame, chart_rows: pd.DataFrame) -> None:
    chart = ru.penetration_chart(ru.penetration_frame(allfig, chart_rows))
    records = _records(chart)
    assert sorted(r["value"] for r in records) == [37.1, 62.0, 70.4, 79.8]
    assert {r["year"] for r in records} == {2010, 2014, 2015, 2019}
    assert [layer["mark"]["type"] for layer in chart.to_dict()["layer"]] == ["point", "text"]


def test_time_points_refuse_undated_or_non_reported_rows(allfig: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="reported"):
        ru.time_points_frame(allfig, {"ru-d-top3-sum": "x"})
    with pytest.raises(ValueError, match="year"):
        ru.time_points_frame(allfig, {"gu-swot-internet-users": "x"})
    dated = allfig[(allfig["kind"] == "reported") & allfig["year"].notna()]
    many = dict(zip(list(dated["figure_id"][:6]), "abcdef", strict=True))
    with pytest.raises(ValueError, match="at most"):
        ru.time_points_chart(ru.time_points_frame(allfig, many), "y", "d")


def test_age_series_chart_has_two_points_per_group(figs: pd.DataFrame,
                                                    chart_rows: pd.DataFrame) -> None:
    points = ru.time_points_frame(figs, ru.chart_labels(chart_rows, "age"))
    records = _records(ru.time_points_chart(points, "y", "d", unit_suffix="%"))
    by_series: dict[str, list[float]] = {}
    for r in records:
        by_series.setdefault(r["series"], []).append(r["value"])
    assert by_series == {"Aged 50–64": [63.0, 66.0], "Aged 65+": [26.0, 36.0]}


def test_market_usd_chart_separates_reported_forecast_and_the_range(
        allfig: pd.DataFrame) -> None:
    chart = ru.market_usd_chart(ru.market_usd_frame(allfig))
    datasets = _datasets(chart)
    points = max(datasets, key=len)
    assert {(r["year"], r["value"], r["kind"]) for r in points} == {
        (2010, 8.0, "reported"), (2011, 10.5, "reported"), (2012, 12.0, "reported"),
        (2013, 16.4, "reported"), (2015, 36.0, "forecast"), (2020, 50.0, "forecast")}
    merged = next(r for r in points if r["year"] == 2010)
    assert merged["figure_ids"] == "gu-ecom-size-y1, gu-41-ecom-size-2010"
    band = next(d for d in datasets if d and "low" in d[0])
    assert (band[0]["low"], band[0]["high"]) == (40.0, 50.0)
    shapes = next(layer["encoding"]["shape"]["scale"] for layer in chart.to_dict()["layer"]
                  if "shape" in layer.get("encoding", {}))
    assert shapes == {"domain": ["reported", "forecast"], "range": ["circle", "triangle-up"]}


def test_derived_values_are_marked_in_charts(allfig: pd.DataFrame,
                                             chart_rows: pd.DataFrame) -> None:
    roubles = _records(ru.rouble_chart(ru.rouble_frame(allfig, chart_rows)))
    rouble = [r for r in roubles if r.get("kind") == "derived"]
    assert {r["figure_id"] for r in rouble} == {
        "ru-d-ecom-2014-implied-by-growth-7", "ru-d-ecom-2014-implied-by-growth-16",
        "ru-d-cb-sales-2014-implied"}
    assert all(r["label"].endswith("derived") for r in rouble)
    gender = _records(ru.gender_chart(ru.gender_frame(allfig, chart_rows)))
    assert sorted(r["label"] for r in gender) == [
        "Chinese 46% (derived)", "Chinese 52%", "English-language 48% (derived)",
        "English-language 54%"]
    platform = {r["what"]: r["label"] for r in _records(
        ru.platform_share_chart(ru.platform_share_frame(allfig, chart_rows)))}
    assert platform["Sum of the three"] == "72.5% derived"
    assert "2014 from 750 and 7%" in " ".join(r["row"] for r in roubles)


def test_regional_split_chart_panels(figs: pd.DataFrame) -> None:
    chart = ru.regional_split_chart(ru.regional_split_frame(figs, measures=["online sales"]))
    records = _records(chart)
    assert {r["measure"] for r in records} == {"online sales"} and len(records) == 4
    assert chart.to_dict()["facet"]["column"]["field"] == "measure"
    with pytest.raises(ValueError, match="unknown"):
        ru.regional_split_frame(figs, measures=["online visits"])
    with pytest.raises(ValueError):
        ru.regional_split_frame(figs, measures=[])


def test_top_sites_chart_has_one_segment_per_site(sites: pd.DataFrame) -> None:
    chart = ru.top_sites_chart(ru.top_sites_frame(sites))
    records = _records(chart)
    assert sorted(r["rank"] for r in records) == list(range(1, 11))
    ends = {}
    for r in records:
        ends[r["category"]] = max(ends.get(r["category"], 0), r["end"])
    assert ends == {"Consumer electronics": 4, "Clothing": 2, "General merchandise": 2,
                    "Shopping": 2}
    assert "Consumer electronics: 4 sites (ranks 2, 4, 6, 9)" in chart.to_dict()["description"]


def test_delivery_chart_legs_stack_to_the_printed_total(allfig: pd.DataFrame,
                                                        chart_rows: pd.DataFrame) -> None:
    delivery = ru.delivery_frame(allfig, chart_rows)
    assert delivery.order[:3] == ("Post, by leg (Gu)", "Post, total (Gu)", "Range (Gu)")
    records = _records(ru.delivery_chart(delivery))
    legs = [r for r in records if "leg" in r]
    assert [r["end"] for r in legs] == [3.0, 13.0, 28.0]
    total = next(r for r in records if r.get("figure_id") == "gu-swot-post-total")
    assert total["value"] == legs[-1]["end"]


# ---- data tests for the chapter's tables -----------------------------------------------------

def test_table_sizes(figs: pd.DataFrame, sites: pd.DataFrame, swot: pd.DataFrame) -> None:
    assert len(figs) == 173
    assert list(sites["rank"]) == list(range(1, 11))
    assert swot["quadrant"].value_counts().to_dict() == {
        "weakness": 3, "threat": 3, "strength": 2, "opportunity": 2}


def test_every_conflict_group_really_disagrees(figs: pd.DataFrame,
                                              conflicts: pd.DataFrame) -> None:
    for row in conflicts.itertuples():
        values = ru.rows(figs, registries.id_list(row.figure_ids))["value"]
        assert values.nunique() > 1, row.conflict_id


@pytest.mark.parametrize(("ids", "values"), [
    (("gu-ecom-size-2015-650", "gu-ecom-size-2015-750", "zhao-ecom-size-2015"),
     (650, 750, 760)),
    (("gu-ecom-growth-2015-16", "gu-ecom-growth-2015-7"), (16, 7)),
    (("gu-cb-sales-2014", "gu-cb-sales-2015", "zhao-cb-sales-2015", "gu-cb-growth-2015"),
     (300, 220, 220, 5)),
    (("gu-cb-share-2014", "gu-cb-share-2015", "gu-41-cb-share-current",
      "gu-41-cb-share-forecast"), (20, 33.3, 30, 60)),
    (("gu-china-share-cb-sales", "gu-china-share-orders-2015", "gu-chinese-market-share-2015",
      "gu-swot-china-share-value-2016q1", "gu-swot-china-share-goods-2016q1"),
     (70, 80, 57, 49, 90)),
    (("gu-top3-share-2014", "gu-platform-share-aliexpress", "gu-platform-share-ebay",
      "gu-platform-share-amazon"), (72, 35, 30, 7.5)),
    (("gu-shoppers-share-internet-2013", "gu-gfk-buyers-2013"), (50, 36)),
    (("gu-chinese-stores-2014", "gu-yandex-china-buyers"), (39, 63)),
    (("gu-visits-aliexpress-2014h2", "gu-monthly-visitors-aliexpress-2014"), (15.6, 15.9)),
    (("gu-visits-ebay-2014h2", "zhao-monthly-visitors-ebay"), (3.7, 7.4)),
])
def test_the_conflicts_the_chapter_discusses_are_in_the_data(
        figs: pd.DataFrame, ids: tuple[str, ...], values: tuple[float, ...]) -> None:
    assert tuple(ru.rows(figs, ids)["value"]) == pytest.approx(values)


def test_ulmart_is_called_largest_but_ranks_fourth(figs: pd.DataFrame,
                                                   sites: pd.DataFrame) -> None:
    assert sites.set_index("domain").loc["ulmart.ru", "rank"] == 4
    assert "largest" in figures.figure(figs, "gu-swot-ulmart-turnover-2015")["note"]


def test_cross_references_in_notes_point_to_existing_rows(figs: pd.DataFrame) -> None:
    ids = set(rights.package_ids()["id"])  # ids are unique across the package
    for _, row in figs.dropna(subset=["note"]).iterrows():
        for ref in re.findall(r"\b(?:gu|zhao|song)-[a-z0-9-]+[a-z0-9]", row["note"]):
            assert ref in ids, f"{row['figure_id']} cites unknown {ref}"


def test_currencies_are_never_mixed_within_a_row(figs: pd.DataFrame) -> None:
    money = figs[figs["unit"].str.contains("roubles|dollars", regex=True)]
    assert not money["unit"].str.contains("roubles.*dollars|dollars.*roubles").any()
    size = figs[figs["metric"].str.startswith("ecommerce_market_size")
                & ~figs["metric"].str.contains("multiple")]
    assert set(size["unit"]) == {"billion roubles", "billion US dollars"}


def test_ranges_are_ordered(figs: pd.DataFrame) -> None:
    seg = ru.with_segments(figs)
    lows = seg[seg["base_metric"].str.endswith("_min")]
    assert len(lows) >= 4
    for _, low in lows.iterrows():
        high_metric = low["base_metric"].removesuffix("_min") + "_max" + (
            ru.SEGMENT_SEPARATOR + low["segment"] if low["segment"] else "")
        high = figs[(figs["metric"] == high_metric) & (figs["period"] == low["period"])
                    & (figs["source"] == low["source"])]
        assert len(high) == 1, low["figure_id"]
        assert low["value"] <= high["value"].item()


def test_percentages_and_years_are_plausible(figs: pd.DataFrame) -> None:
    percent = figs[figs["unit"] == "percent"]
    assert percent["value"].between(-100, 100).all()
    undated = figs[figs["period"] == "undated"]
    assert undated["year"].isna().all()
    dated = figs[figs["period"].str.match(r"^\d{4}")]
    for _, row in dated.iterrows():
        last_year = int(re.findall(r"\d{4}", row["period"])[-1])
        assert row["year"] == last_year, row["figure_id"]


def test_song_fragments_stay_short_quotes(figs: pd.DataFrame) -> None:
    song = figs[figs["source"] == "song2020"]
    assert len(song) == 7
    assert song["printed"].str.split().str.len().max() <= 15


# ---- the chapter's prose ---------------------------------------------------------------------

# Numbers that are not data: age bounds of printed groups, the 100 that shares add to, the
# index value 1, and the counts in "top 10" / "Chart 1.8" style names.
_STRUCTURAL = {"1", "10", "16", "20", "29", "30", "50", "55", "64", "65", "100"}
_NOT_DATA = [
    r"```.*", r":label:.*", r":class:.*",  # directives
    r"\{(?:glue:text|cite:[tp]|ref|doc|term|numref)\}`[^`]*`",  # roles
    r"`[^`]*`",  # code and ids
    r"(?:§|Chart |Charts |Table |chapters? |Weakness |Strength )\d+(?:\.\d+)*"
    r"(?:[–-]\d+(?:\.\d+)*)?",  # locators
    r"\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b",  # years and year ranges
    r"\b\d+\.\d+[–-]\d+\.\d+\b",
]


def test_every_number_in_the_prose_is_a_printed_figure() -> None:
    """Numbers typed in the chapter's prose must be printed figures (derived ones are glued)."""
    figs = load_table("russia_market_figures")
    sites = load_table("russia_top_sites")
    printed = {ru.fmt_number(v).replace(",", "") for v in figs["value"]}
    printed |= {str(r) for r in sites["rank"]} | _STRUCTURAL
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    stray = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        for pattern in _NOT_DATA:
            text = re.sub(pattern, " ", text)
        for number in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
            if number.replace(",", "") not in printed:
                stray.append(number)
    assert stray == []


def test_cite_compact_shortens_the_locator_only() -> None:
    demo = _demo()
    assert ru.cite_compact(demo.iloc[0]) == "Gu (2018), §1.2, text after Chart 1.3"
    assert demo.iloc[0]["locator"].startswith("§1.2 (Overview")  # input untouched
    row = pd.Series(figures.derived_row(figure_id="d", metric="m", value=1.0, unit="x",
                                         period="2015", geography="R", inputs=["a"],
                                         formula="a"))
    assert ru.cite_compact(row) == "derived in code"


# ---- the numbers glued into the prose --------------------------------------------------------

def test_numbers_hold_every_glued_number(tables: dict[str, pd.DataFrame],
                                         derived: pd.DataFrame) -> None:
    numbers = ru.numbers(tables)
    assert list(numbers)[:len(derived)] == list(derived["figure_id"])
    assert numbers["ru-d-top3-sum"] == pytest.approx(72.5)
    assert (numbers["ru-n-figures"], numbers["ru-n-charts"], numbers["ru-n-swot"]) == (173, 10, 10)
    assert (numbers["ru-n-derived"], numbers["ru-n-conflicts"]) == (len(derived), 12)
    assert (numbers["ru-n-lost"], numbers["ru-n-lost-empty"]) == (9, 3)
    assert (numbers["ru-p-smartphone-2014"], numbers["ru-p-smartphone-undated"]) == (29, 40)
    assert isinstance(numbers["ru-jd-site-date"], Markdown)
    assert numbers["ru-jd-site-date"].data == "18 June 2015"


def test_the_prose_glues_only_numbers_the_module_provides(
        tables: dict[str, pd.DataFrame]) -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:(?:text|md)\}`([^`:]+)", prose))
    assert used and used <= set(ru.numbers(tables))
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "chapter_preamble(" in "".join(code[0]["source"])
    assert sum("glue" in "".join(c["source"]) for c in code) == 1  # one hidden glue call
    assert not any(re.search(r"^\s*assert\b", "".join(c["source"]), re.M) for c in code)
