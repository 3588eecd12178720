"""The Heilongjiang chapter: helper functions (checked against numbers worked out by hand)
and data tests of its three transcribed tables."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import edit_cell

from cbec import charts
from cbec.chapters import heilongjiang as hlj
from cbec.data import DataPackageError, figures, load_table, resource_descriptor

NOTEBOOK_TWIN = Path(__file__).resolve().parents[1] / "chapters" / "heilongjiang.py"


@pytest.fixture(scope="module")
def figs() -> pd.DataFrame:
    return load_table("heilongjiang_figures")


@pytest.fixture(scope="module")
def times() -> pd.DataFrame:
    return load_table("delivery_times")


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return load_table("heilongjiang_timeline")


@pytest.fixture(scope="module")
def events(timeline: pd.DataFrame) -> pd.DataFrame:
    extra = hlj.official_events(load_table("cbec_pilot_zone_cities"),
                                load_table("pilot_free_trade_zones"))
    return hlj.timeline_events(timeline, extra)


@pytest.fixture(scope="module")
def conflicts(figs: pd.DataFrame, timeline: pd.DataFrame) -> pd.DataFrame:
    return hlj.load_conflicts(figs, timeline)


@pytest.fixture(scope="module")
def charters(figs: pd.DataFrame) -> pd.DataFrame:
    return hlj.load_charter_periods(figs)


@pytest.fixture(scope="module")
def periods(figs: pd.DataFrame, charters: pd.DataFrame) -> pd.DataFrame:
    return hlj.charter_periods(figs, charters)


@pytest.fixture(scope="module")
def delivery_rows(times: pd.DataFrame) -> pd.DataFrame:
    return hlj.load_delivery_chart(times)


def _derived(rows: list[dict[str, object]]) -> dict[str, float]:
    return {str(r["figure_id"]): float(r["value"]) for r in rows}  # type: ignore[arg-type]


# ---- periods and units ----------------------------------------------------------------

@pytest.mark.parametrize(("period", "start", "end"), [
    ("2019", "2019-01-01", "2020-01-01"),
    ("2014-06", "2014-06-01", "2014-07-01"),
    ("2015-04-08", "2015-04-08", "2015-04-09"),
    ("2013-11/2017-06", "2013-11-01", "2017-07-01"),
    ("2020-Q1-Q3", "2020-01-01", "2020-10-01"),
    ("2014-Q1", "2014-01-01", "2014-04-01"),
    ("2018-Q4", "2018-10-01", "2019-01-01"),
])
def test_period_bounds(period: str, start: str, end: str) -> None:
    assert hlj.period_bounds(period) == (pd.Timestamp(start), pd.Timestamp(end))


@pytest.mark.parametrize("period", ["n.d.", "2014-start", "2017-06/2013-11", "2020-Q3-Q1",
                                    "annual (year not printed)"])
def test_period_bounds_refuses_what_it_cannot_date(period: str) -> None:
    with pytest.raises(ValueError, match="period"):
        hlj.period_bounds(period)


@pytest.mark.parametrize(("period", "months"), [
    ("2013-11/2017-06", 44), ("2018-01/2018-10", 10), ("2018", 12), ("2020-Q1-Q3", 9),
    ("2014-06", 1), ("2015-04-08", 0)])
def test_period_months(period: str, months: int) -> None:
    assert hlj.period_months(period) == months


def test_days_in_period_counts_leap_years() -> None:
    assert hlj.days_in_period("2014-Q1") == 90
    assert hlj.days_in_period("2016-Q1") == 91
    assert hlj.days_in_period("2019") == 365


def test_scale_to() -> None:
    assert hlj.scale_to(1.18, "billion US dollars", "million US dollars") == pytest.approx(1180)
    assert hlj.scale_to(7, "million pieces", "pieces") == 7_000_000
    assert hlj.scale_to(2.75, "billion yuan", "yuan") == pytest.approx(2.75e9)
    assert hlj.scale_to(5, "tons", "tons") == 5
    with pytest.raises(ValueError, match="cannot convert"):
        hlj.scale_to(1, "billion yuan", "million US dollars")


def test_times_increase_readings_gives_both_readings() -> None:
    readings = hlj.times_increase_readings(560, 2.6)
    assert list(readings["multiplier"]) == pytest.approx([2.6, 3.6])
    assert list(readings["growth_pct"]) == pytest.approx([160, 260])
    assert list(readings["implied_previous"]) == pytest.approx([560 / 2.6, 560 / 3.6])
    assert readings["reading"].str.contains("2.6").all()
    with pytest.raises(ValueError, match="positive"):
        hlj.times_increase_readings(560, 0)


# ---- trade ----------------------------------------------------------------------------

def test_trade_derived_rows_by_hand(figs: pd.DataFrame) -> None:
    rows = hlj.trade_derived_rows(figs)
    values = _derived(rows)
    assert values["hlj-total-2019-other"] == pytest.approx(186.59 - 127.07)
    assert values["hlj-exports-2019-other"] == pytest.approx(34.94 - 10)
    assert values["hlj-imports-2019-other"] == pytest.approx(151.65 - 117.07)
    assert values["hlj-total-2019-russia-share"] == pytest.approx(127.07 / 186.59 * 100)
    assert values["hlj-exports-2019-russia-share"] == pytest.approx(10 / 34.94 * 100)
    assert values["hlj-total-2018-all-implied"] == pytest.approx(186.59 / 1.067)
    assert values["hlj-total-2018-russia-implied"] == pytest.approx(127.07 / 1.04)
    assert values["hlj-total-2018-other-implied"] == pytest.approx(186.59 / 1.067 - 127.07 / 1.04)
    assert values["hlj-total-2019-other-growth"] == pytest.approx(
        (186.59 - 127.07) / (186.59 / 1.067 - 127.07 / 1.04) * 100 - 100)
    assert values["hlj-total-2019-national-growth"] == pytest.approx(6.7 - 3.3)
    assert values["hlj-exports-2019-national-growth"] == pytest.approx(18.8 - 13.8)
    assert values["hlj-imports-2019-national-growth"] == pytest.approx(4.2 - 2.6)
    assert values["hlj-bri-trade-2019-implied"] == pytest.approx(127.07 / 0.855)
    assert all(r["kind"] == figures.DERIVED and str(r["locator"]).startswith("from ")
               for r in rows)


def test_trade_2019_shares_add_up(figs: pd.DataFrame) -> None:
    table = hlj.trade_2019(figs)
    assert len(table) == 12
    for flow in hlj.FLOWS:
        part = table[(table["flow"] == flow) & table["partner"].isin(["Russia",
                                                                      "Other partners"])]
        assert part["share_of_flow_pct"].sum() == pytest.approx(100)
    assert set(table.loc[table["partner"] == "Other partners", "value_kind"]) == {"derived"}
    assert set(table.loc[table["partner"] == "Russia", "value_kind"]) == {"reported"}
    assert table.loc[table["partner"] == "China (national)", "value_2019"].isna().all()


def test_trade_table_labels_printed_and_derived(figs: pd.DataFrame) -> None:
    display = hlj.trade_table(figs)
    assert set(display["value is"]) == {"printed", "derived", ""}
    assert display.loc[display["partner"] == "All partners",
                       "share of flow, % (derived)"].isna().all()
    assert any("derived" in column for column in display.columns)


def test_trade_to_gdp_row_uses_the_panel(figs: pd.DataFrame) -> None:
    panel = pd.DataFrame({"province_en": ["Heilongjiang", "Jilin"], "year": [2019, 2019],
                          "gdp_100m_yuan": [18659.0, 1.0]})
    row = hlj.trade_to_gdp_row(figs, panel)
    assert row["value"] == pytest.approx(10.0)  # 186.59 bn of 1,865.9 bn
    assert row["kind"] == figures.DERIVED
    with pytest.raises(KeyError, match="Heilongjiang 2020"):
        hlj.panel_value(panel, "gdp_100m_yuan", 2020)


# ---- charters -------------------------------------------------------------------------

def test_charter_periods_by_hand(periods: pd.DataFrame) -> None:
    periods = periods.set_index("label")
    assert list(periods["months"]) == [44, 10, 12, 12, 12, 9]
    first = periods.loc["Nov 2013–Jun 2017, Harbin–Yekaterinburg"]
    assert first["flights_per_month"] == pytest.approx(355 / 44)
    assert first["kg_per_parcel"] == pytest.approx(7525 * 1000 / 500_000)
    sorties = periods.loc["Jan–Oct 2018 (“164 sorties”)"]
    assert sorties["parcels"] == 7_000_000
    assert sorties["tons_per_flight"] == pytest.approx(1658 / 164)
    year = periods.loc["2018, full year"]
    assert year["tons_per_flight"] == pytest.approx(1944.68 / 91)
    assert year["kg_per_parcel"] == pytest.approx(1944.68 * 1000 / 107_000)
    assert pd.isna(periods.loc["2018, footnote 6 title", "flights_per_month"])
    assert pd.isna(periods.loc["A typical year (year not printed)", "start"])


def test_charter_derived_rows_by_hand(periods: pd.DataFrame) -> None:
    rows = hlj.charter_derived_rows(periods)
    values = _derived(rows)
    assert len(rows) == 9
    assert values["hlj-charter-tons-per-flight-2013-2017"] == pytest.approx(7525 / 355)
    assert values["hlj-charter-tons-per-flight-2020q1q3"] == pytest.approx(2064 / 85)
    assert values["hlj-charter-kg-per-parcel-2018-jan-oct"] == pytest.approx(1658e3 / 7e6)
    assert values["hlj-charter-2018-rate-ratio"] == pytest.approx((164 / 10) / (91 / 12))
    years = {str(r["figure_id"]): r["year"] for r in rows}
    assert years["hlj-charter-kg-per-parcel-2013-2017"] == 2017
    assert years["hlj-charter-kg-per-parcel-2020q1q3"] == 2020


def test_charter_load_table_marks_derived_columns(periods: pd.DataFrame,
                                                  charters: pd.DataFrame) -> None:
    table = hlj.charter_load_table(periods)
    assert len(table) == len(charters) == 6
    derived = [c for c in table.columns if "(derived)" in c]
    assert len(derived) == 4
    assert table["flights (printed)"].iloc[2] == 91
    assert str(table["parcels (printed)"].dtype) == "Int64"


def test_charter_figures_are_the_printed_figures(figs: pd.DataFrame,
                                                 periods: pd.DataFrame) -> None:
    rows = hlj.charter_figures(figs, periods)
    assert len(rows) == 16
    assert {"song-charter-2018-flights", "song-charter-2018-jan-oct-flights"} <= set(
        rows["figure_id"])
    assert set(rows["kind"]) == {"reported"}


def test_spread_labels_pushes_overlapping_labels_apart() -> None:
    frame = pd.DataFrame({
        "start": pd.to_datetime(["2018-01-01", "2018-01-01", "2014-01-01"]),
        "end": pd.to_datetime(["2019-01-01", "2018-11-01", "2015-01-01"]),
        "v": [10.0, 10.5, 10.2]})
    assert hlj.spread_labels(frame, "v", gap=2.0) == [10.0, 12.5, 10.2]


def _charter_spec(figs: pd.DataFrame, periods: pd.DataFrame,
                  metric: str = "flights_per_month") -> dict:
    return hlj.charter_chart(hlj.charter_segments(figs, periods, metric),
                             hlj.charter_source(figs, periods, metric)).to_dict()


def test_charter_chart_shows_both_2018_counts(figs: pd.DataFrame,
                                              periods: pd.DataFrame) -> None:
    spec = _charter_spec(figs, periods)
    assert "164 sorties" in spec["description"] and "91 flights" in spec["description"]
    assert "per month (derived)" in spec["description"]
    tons = _charter_spec(figs, periods, metric="tons_per_month")
    assert "1,944.68 t" in tons["description"] and "≈2,000 t (fn 6)" in tons["description"]
    segments = hlj.charter_segments(figs, periods).set_index("label")
    assert set(segments.loc[segments["conflict"] != "other periods"].index) == {
        "Jan–Oct 2018 (“164 sorties”)", "2018, full year"}
    with pytest.raises(ValueError, match="metric"):
        hlj.charter_segments(figs, periods, metric="parcels")
    with pytest.raises(ValueError, match="last column"):
        hlj.charter_chart(segments.reset_index().iloc[:, :-1], "Source: t.")


# ---- delivery times -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("40-75 days", (40.0, 75.0, "days")),
    ("3 ~ 50 days", (3.0, 50.0, "days")),
    ("nearly 2 months", (2.0, 2.0, "months")),
    ("within 25 days", (25.0, 25.0, "days")),
    ("1 day", (1.0, 1.0, "days")),
    ("six and a half hours", None),
    ("half of the transportation time", None),
])
def test_parse_duration(text: str, expected: tuple[float, float, str] | None) -> None:
    assert hlj.parse_duration(text) == expected


def test_to_days() -> None:
    assert hlj.to_days(2, "months") == 60
    assert hlj.to_days(6.5, "hours") == pytest.approx(6.5 / 24)
    assert hlj.to_days(13, "days") == 13
    with pytest.raises(ValueError, match="unit"):
        hlj.to_days(1, "weeks")


def test_delivery_days_converts_only_what_is_not_printed_in_days(times: pd.DataFrame) -> None:
    days = hlj.delivery_days(times).set_index("delivery_id")
    before = days.loc["song-cbec-before-charter"]
    assert (before["days_low"], before["days_high"], before["days_kind"]) == (60, 60, "derived")
    assert days.loc["song-intl-parcel-pre2014", "days_kind"] == "reported"
    assert days.loc["song-intl-parcel-pre2014", "days_high"] == 75
    assert pd.isna(days.loc["song-suifenhe-vladivostok-route", "days_low"])
    flight = days.loc["song-hrb-svx-flight-time"]
    assert pd.isna(flight["days_low"]) and flight["days_kind"] == ""
    assert times["days_min"].isna().sum() == 3  # the raw table is not modified


def test_delivery_ranges_merge_and_label(times: pd.DataFrame,
                                        delivery_rows: pd.DataFrame) -> None:
    table = hlj.delivery_ranges(times, delivery_rows).set_index("row")
    charter = table.loc["Harbin air charters"]
    assert (charter["days_low"], charter["days_high"]) == (4, 13)
    assert charter["label"] == "fastest 4 / avg 13"
    assert table.loc["Parcels before charters", "label"] == "≈60 (derived)"
    assert table.loc["Parcels before charters", "kind"] == "derived"
    assert table.loc["Yanwen line (Zhao)", "label"] == "≤25"
    assert table.loc["Backlog 2013 (Gu)", "label"] == ">90"
    assert table.loc["Harbin border warehouse", "label"] == "target 10"
    assert len(table) == delivery_rows["chart_row"].nunique() == 11
    assert list(table["group"].cat.categories) == list(hlj.DELIVERY_GROUPS)


def test_every_delivery_time_is_charted_or_excluded_with_a_reason(
        times: pd.DataFrame, delivery_rows: pd.DataFrame) -> None:
    assert set(times["delivery_id"]) == set(delivery_rows["delivery_ids"])
    drawn = delivery_rows["chart_row"].notna()
    assert (drawn != delivery_rows["left_out_because"].notna()).all()
    assert set(delivery_rows.loc[drawn, "chart_group"]) == set(hlj.DELIVERY_GROUPS)
    extra = pd.concat([times, times.iloc[[0]].assign(delivery_id="new-row")])
    with pytest.raises(KeyError, match="new-row"):
        hlj.delivery_ranges(extra, delivery_rows)


def test_delivery_table_says_why_rows_are_not_charted(times: pd.DataFrame,
                                                      delivery_rows: pd.DataFrame) -> None:
    table = hlj.delivery_table(times, delivery_rows).set_index("delivery_id")
    assert table.loc["song-hrb-svx-flight-time", "in the chart"].startswith("not charted:")
    assert table.loc["song-cbec-before-charter", "days are"] == "derived"
    assert len(table) == len(times)


def test_stage_total(times: pd.DataFrame) -> None:
    assert hlj.stage_total(times) == 28
    row = hlj.stage_total_row(times)
    assert (row["value"], row["kind"]) == (28.0, figures.DERIVED)
    assert row["locator"] == "from " + ", ".join(hlj.POSTAL_STAGES)
    with pytest.raises(ValueError, match="single"):
        hlj.stage_total(times, ["gu-post-to-border", "song-intl-parcel-pre2014"])


# ---- platforms ------------------------------------------------------------------------

def test_platform_counts(figs: pd.DataFrame) -> None:
    counts = hlj.platform_counts(figs)
    assert len(counts) == 12
    assert list(counts["metric"].drop_duplicates()) == list(hlj.PLATFORM_METRICS)
    stores = counts[counts["metric"] == "online_stores"]
    assert list(stores["value"]) == [39_000, 40_000]
    broken = figs.copy()
    broken.loc[broken["figure_id"] == "song-platforms-2016", "period"] = "2016-mid"
    with pytest.raises(ValueError, match="2016-mid"):
        hlj.platform_counts(broken)


def test_growth_between(figs: pd.DataFrame) -> None:
    row = hlj.growth_between(figs, "song-platforms-2014", "song-platforms-2016")
    assert row["value"] == pytest.approx((145 / 95 - 1) * 100)
    assert row["locator"] == "from song-platforms-2014, song-platforms-2016"
    with pytest.raises(ValueError, match="same thing"):
        hlj.growth_between(figs, "song-platforms-2014", "song-stores-2016")
    zero = figs.copy()
    zero.loc[zero["figure_id"] == "song-platforms-2014", "value"] = 0.0
    with pytest.raises(ValueError, match="positive"):
        hlj.growth_between(zero, "song-platforms-2014", "song-platforms-2016")


def test_parcels_per_day_row(figs: pd.DataFrame) -> None:
    row = hlj.parcels_per_day_row(figs)
    assert row["value"] == pytest.approx(1_700_000 / 90)
    assert row["kind"] == figures.DERIVED


# ---- timeline -------------------------------------------------------------------------

def test_official_events_for_heilongjiang() -> None:
    cities = pd.DataFrame({"batch": [3, 5, 1], "city": ["Harbin", "黑河市", "Hangzhou"],
                           "province_en": ["Heilongjiang", "Heilongjiang", "Zhejiang"],
                           "approval_month": ["2018-07", "2020-04", "2015-03"]})
    ftz = pd.DataFrame({"province_en": ["Heilongjiang", "Hebei"],
                        "ftz_approval_year": [2019, 2019]})
    events = hlj.official_events(cities, ftz)
    assert list(events["date"]) == ["2018-07", "2020-04", "2019"]
    assert "Heihe" in events["event"].iloc[1]
    assert list(events["date_precision"]) == ["month", "month", "year"]


def test_timeline_events_sort_and_date(events: pd.DataFrame, timeline: pd.DataFrame) -> None:
    assert len(events) == len(timeline) + 4
    assert events["start"].is_monotonic_increasing
    assert (events["end"] > events["start"]).all()
    assert {"Song (2020)", "Gu (2018)", "pilot-zone list", "FTZ list"} == set(
        events["source_label"])
    assert events["start"].max() == pd.Timestamp("2020-04-01")


def test_timeline_table_and_chart(events: pd.DataFrame) -> None:
    display = hlj.timeline_table(events)
    assert list(display.columns) == ["date", "category", "event", "source", "locator"]
    source = hlj.timeline_source(events)
    assert "Official lists in the data package: pilot-zone list, FTZ list" in source
    spec = hlj.timeline_chart(hlj.timeline_marks(events), source).to_dict()
    assert spec["description"].startswith(f"Timeline. {len(events)} dated events from 2013")


def test_dates_side_by_side(conflicts: pd.DataFrame, timeline: pd.DataFrame) -> None:
    rows = hlj.dates_side_by_side(conflicts, timeline, "hlj-first-charter-date")
    assert list(rows["event_id"]) == ["2013-11-harbin-yekaterinburg-first-charter",
                                      "2013-12-ural-airlines-charter",
                                      "2013-11-ruston-harbin-air-operation"]
    assert set(rows["source"]) == {"Song (2020)"}
    with pytest.raises(KeyError, match="nope"):
        hlj.dates_side_by_side(conflicts, timeline, "nope")
    unknown = pd.DataFrame({"conflict_id": ["x"], "figure_ids": ["2013-01-nope"]})
    with pytest.raises(KeyError, match="2013-01-nope"):
        hlj.dates_side_by_side(unknown, timeline, "x")


# ---- conflicts and other derived figures ----------------------------------------------

def test_conflicts_table_shows_every_side(figs: pd.DataFrame,
                                          conflicts: pd.DataFrame) -> None:
    table = hlj.conflicts_table(conflicts, figs)
    assert list(table.columns) == ["topic", "figure_id", "value", "unit", "period",
                                   "geography", "printed", "locator", "source"]
    flights = table[table["topic"] == "Charter flights in 2018"]
    assert list(flights["value"]) == [164, 91, 100]
    shares = table[table["topic"].str.startswith("Market shares")]
    assert {12.6, 52.1, 40.0} <= set(shares["value"])
    of_figures = conflicts[conflicts["conflict_id"] != "hlj-first-charter-date"]
    assert len(table) == sum(len(ids.split()) for ids in of_figures["figure_ids"]) == 14
    assert not table["figure_id"].str.startswith("2013-").any()  # dates have their own table


def test_other_derived_rows_by_hand(figs: pd.DataFrame) -> None:
    values = _derived(hlj.other_derived_rows(figs))
    assert values["hlj-rail-trains-2015-2016"] == 204
    assert values["hlj-rail-value-2015-2016"] == pytest.approx(380)
    assert values["hlj-rail-value-per-train-2017"] == pytest.approx(800 / 461)
    assert values["hlj-rail-value-per-train-2015-2016"] == pytest.approx(380 / 204)
    assert values["hlj-rail-2017-share-of-runs"] == pytest.approx(461 / 665 * 100)
    assert values["hlj-payment-value-per-transaction"] == pytest.approx(2.75e9 / 10.2e6)
    assert values["hlj-population-implied-2019"] == pytest.approx(28.163 / 0.751)
    assert values["hlj-warehouses-per-firm-2017"] == pytest.approx(19 / 8)
    assert values["hlj-charter-tons-2019q1q3-implied"] == pytest.approx(2064 / 1.144)


def test_derived_table(figs: pd.DataFrame) -> None:
    table = hlj.derived_table(hlj.other_derived_rows(figs)).set_index("figure_id")
    assert "value (derived)" in table.columns
    # inputs are listed only when the formula does not already name them
    assert table.loc["hlj-rail-value-2015-2016", "formula [inputs]"].endswith(
        "[song-hrb-europe-value-2015-2017, song-hrb-europe-value-2017]")
    trade = hlj.derived_table(hlj.trade_derived_rows(figs)).set_index("figure_id")
    assert trade.loc["hlj-total-2019-other", "formula [inputs]"] == (
        "song-trade-2019-total − song-russia-trade-2019")
    with pytest.raises(ValueError, match="no derived rows"):
        hlj.derived_table([])


# ---- chart finishing and every chart ----------------------------------------------------

def test_section_only() -> None:
    assert hlj.section_only("§1.3, The basic situation, item 3") == "§1.3"
    assert hlj.section_only("§3.5") == "§3.5"


def _delivery_spec(times: pd.DataFrame, delivery_rows: pd.DataFrame) -> dict:
    return hlj.delivery_chart(hlj.delivery_bars(hlj.delivery_ranges(times, delivery_rows)),
                              hlj.delivery_source(times, delivery_rows)).to_dict()


def test_every_chart_is_responsive_sourced_and_small(
        figs: pd.DataFrame, times: pd.DataFrame, events: pd.DataFrame, periods: pd.DataFrame,
        delivery_rows: pd.DataFrame) -> None:
    charts.use_book_theme()
    counts = hlj.platform_counts(figs)
    specs = [
        hlj.trade_composition_chart(hlj.trade_composition(figs),
                                    hlj.trade_composition_source(figs)).to_dict(),
        hlj.trade_growth_chart(hlj.trade_growth(figs), hlj.trade_growth_source(figs)).to_dict(),
        _charter_spec(figs, periods),
        hlj.platform_chart(hlj.platform_points(counts), hlj.platform_captions(counts),
                           hlj.platform_source(counts)).to_dict(),
        _delivery_spec(times, delivery_rows),
        hlj.timeline_chart(hlj.timeline_marks(events), hlj.timeline_source(events)).to_dict(),
    ]
    for spec in specs:
        _check_chart(spec)


def _check_chart(spec: dict) -> None:
    layers = spec.get("layer", [spec])
    assert all(layer.get("width", spec.get("width")) in ("container", None) for layer in layers)
    assert spec["width"] == "container"
    lines = spec["title"]["text"]
    assert lines[0].startswith("Source:")
    assert all(len(line) <= charts.SOURCE_WRAP for line in lines)
    assert spec["description"].strip()
    datasets = spec.get("datasets", {})
    assert datasets and all(len(rows) <= 40 for rows in datasets.values())


def test_derived_values_are_marked_in_charts(figs: pd.DataFrame, times: pd.DataFrame,
                                             periods: pd.DataFrame,
                                             delivery_rows: pd.DataFrame) -> None:
    others = hlj.trade_composition(figs)
    others = others[others["partner"] == "Other partners"]
    assert len(others) == 2 and (others["status"] == "derived in code").all()
    assert others["label"].str.endswith(" derived").all()
    growth = hlj.trade_growth(figs)
    assert ((growth["label"].str.contains("(derived)", regex=False))
            == (growth["kind"] == "derived")).all()
    assert "derived" in " ".join(_charter_spec(figs, periods)["title"]["text"])
    assert "derived" in " ".join(_delivery_spec(times, delivery_rows)["title"]["text"])


# ---- data tests of the chapter's tables ---------------------------------------------

def test_tables_have_the_transcribed_number_of_rows(figs: pd.DataFrame, times: pd.DataFrame,
                                                    timeline: pd.DataFrame) -> None:
    assert (len(figs), len(times), len(timeline)) == (86, 17, 22)


def test_every_row_has_source_locator_and_printed_text(
        figs: pd.DataFrame, times: pd.DataFrame, timeline: pd.DataFrame) -> None:
    for frame in (figs, times, timeline):
        assert frame["source"].isin(["song2020", "gu2018", "zhao2021"]).all()
        assert frame["locator"].str.startswith("§").all()
        assert (frame["printed"].str.strip().str.len() > 0).all()


def test_figure_values_are_in_range(figs: pd.DataFrame) -> None:
    assert (figs["value"] > 0).all()
    percent = figs[(figs["unit"] == "percent") & ~figs["metric"].str.contains("growth")]
    assert percent["value"].between(0, 100).all()
    years = figs["year"].dropna()
    assert years.between(2013, 2020).all()
    dated = figs[figs["year"].notna()]
    assert all(str(y) in p for y, p in zip(dated["year"], dated["period"], strict=True))


def test_printed_trade_totals_add_up(figs: pd.DataFrame) -> None:
    for total, parts in [("song-trade-2019-total", ("song-exports-2019", "song-imports-2019")),
                         ("song-russia-trade-2019", ("song-russia-exports-2019",
                                                     "song-russia-imports-2019"))]:
        assert sum(figures.value(figs, p) for p in parts) == pytest.approx(
            figures.value(figs, total), abs=0.005)


def test_decimal_commas_are_converted_and_noted(figs: pd.DataFrame) -> None:
    converted = 0
    for row in figs.itertuples():
        numbers = re.findall(r"\d+,\d{1,2}(?!\d)", row.printed)
        if any(float(n.replace(",", ".")) == row.value for n in numbers):
            converted += 1
            assert "decimal comma" in str(row.note), row.figure_id
    assert converted == 16


def test_the_conflicts_discussed_in_the_chapter_are_recorded(
        figs: pd.DataFrame, timeline: pd.DataFrame) -> None:
    growth = figures.figure(figs, "song-cbec-trade-2020q1q3-growth")
    assert (growth["value"], growth["unit"]) == (2.6, "times")
    assert "3.6" in growth["note"]
    sorties = figures.figure(figs, "song-charter-2018-jan-oct-flights")
    assert sorties["unit"] == "sorties" and "song-charter-2018-flights" in sorties["note"]
    assert figures.value(figs, "song-charter-2018-flights") == 91
    assert figures.value(figs, "song-charter-2018-jan-oct-parcels") == 7
    assert figures.value(figs, "song-charter-2018-parcels") == 107_000
    shares = figures.metric_rows(figs, "ruston_market_share")
    assert sorted(shares["value"]) == [12.6, 52.1]
    dates = timeline.set_index("event_id")["date"]
    assert dates["2013-11-harbin-yekaterinburg-first-charter"] == "2013-11"
    assert dates["2013-12-ural-airlines-charter"] == "2013-12"


def test_ids_named_in_notes_exist(figs: pd.DataFrame, times: pd.DataFrame,
                                  timeline: pd.DataFrame) -> None:
    known = set(figs["figure_id"]) | set(times["delivery_id"]) | set(timeline["event_id"])
    for frame in (figs, times, timeline):
        for note in frame["note"].dropna():
            for named in re.findall(r"\b(?:song|gu|zhao)-[a-z0-9-]*[a-z0-9]"
                                    r"|\b20\d\d-[0-9-]*[a-z][a-z0-9-]*[a-z0-9]", note):
                assert named in known, f"{named!r} in a note is not a row id"


def test_delivery_times_are_consistent(times: pd.DataFrame, figs: pd.DataFrame) -> None:
    both = times.dropna(subset=["days_min"])
    assert (both["days_min"] <= both["days_max"]).all()
    assert times["days_max"].notna().equals(times["days_min"].notna())
    no_days = times[times["days_min"].isna()]
    assert not no_days["duration_as_printed"].str.contains(r"\d+\s*days").any()
    linked = times["figure_id"].dropna().str.split("; ").explode()
    assert set(linked) <= set(figs["figure_id"])


def test_timeline_dates_match_their_precision(timeline: pd.DataFrame) -> None:
    lengths = {"year": 4, "month": 7, "day": 10}
    assert (timeline["date"].str.len() == timeline["date_precision"].map(lengths)).all()
    years = timeline["date"].str[:4].astype(int)
    assert years.between(2013, 2018).all()


# ---- registries ---------------------------------------------------------------------------

def test_registries_hold_the_chapters_groups_and_periods(
        conflicts: pd.DataFrame, charters: pd.DataFrame) -> None:
    assert conflicts["conflict_id"].str.startswith("hlj-").all()
    assert conflicts["reading"].notna().all() and (conflicts["source"] == "song2020").all()
    assert list(charters["charter_period"]) == ["2013-2017", "2018-jan-oct", "2018", "2018-fn6",
                                                "typical-year", "2020q1q3"]
    assert charters.loc[charters["period"].isna(), "charter_period"].tolist() == ["typical-year"]
    assert charters["compare_2018"].sum() == 3


@pytest.mark.parametrize(("name", "row", "column", "value", "message"), [
    ("heilongjiang_conflicts", 5, "figure_ids", "2013-12-ural-airlines-charter 2013-no-such",
     "unknown figure id '2013-no-such'"),
    ("heilongjiang_charter_periods", 2, "tons_figure", "song-no-such-tons", "song-no-such"),
    ("heilongjiang_delivery_chart", 3, "delivery_ids", "song-no-such-time", "song-no-such"),
    ("heilongjiang_delivery_chart", 1, "left_out_because", "a reason as well",
     "either a chart row or the reason"),
    ("heilongjiang_delivery_chart", 5, "left_out_because", "", "either a chart row or"),
    ("heilongjiang_delivery_chart", 1, "chart_group", "", "needs its group"),
])
def test_a_broken_registry_names_file_column_and_row(
        figs: pd.DataFrame, times: pd.DataFrame, timeline: pd.DataFrame, data_copy: Path,
        name: str, row: int, column: str, value: str, message: str) -> None:
    edit_cell(data_copy, name, row + 1, column, value)  # data row ``row`` is line row + 1
    load = {"heilongjiang_conflicts": lambda d: hlj.load_conflicts(figs, timeline, d),
            "heilongjiang_charter_periods": lambda d: hlj.load_charter_periods(figs, d),
            "heilongjiang_delivery_chart": lambda d: hlj.load_delivery_chart(times, d)}[name]
    with pytest.raises(DataPackageError, match=rf"column '{column}', row {row + 1}: ") as error:
        load(data_copy)
    assert message in str(error.value)
    assert resource_descriptor(name)["path"] in str(error.value)


# ---- the numbers glued into the text --------------------------------------------------------

@pytest.fixture(scope="module")
def numbers(figs: pd.DataFrame, times: pd.DataFrame, timeline: pd.DataFrame,
            charters: pd.DataFrame) -> dict[str, object]:
    return hlj.numbers(figs, times, timeline, load_table("provincial_panel"), charters)


def test_numbers_are_exactly_the_numbers_the_text_glues(numbers: dict[str, object]) -> None:
    text = NOTEBOOK_TWIN.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:(?:text|md)\}`([a-z0-9_]+)", text))
    assert used == set(numbers)


def test_numbers_by_hand(numbers: dict[str, object]) -> None:
    assert (numbers["n_figures"], numbers["n_times"], numbers["n_events"]) == (86, 17, 22)
    assert numbers["cbec2019_a"] == pytest.approx(560 / 2.6)
    assert numbers["cbec2019_b"] == pytest.approx(560 / 3.6)
    assert numbers["share_total"] == pytest.approx(127.07 / 186.59 * 100)
    assert numbers["other_total"] == pytest.approx(186.59 - 127.07)
    assert numbers["nat_exports"] == pytest.approx(18.8 - 13.8)
    assert numbers["growth_platforms"] == pytest.approx((145 / 95 - 1) * 100)
    assert numbers["q1_days"] == 90
    assert numbers["tpf_164"] == pytest.approx(1658 / 164)
    assert numbers["sortie_ratio"] == pytest.approx((164 / 10) / (91 / 12))
    assert numbers["post_stages"] == 28
    assert numbers["pay_average"] == pytest.approx(2.75e9 / 10.2e6)
    gap = 10 / 1.341 + 117.07 / 1.021 - 127.07 / 1.04
    assert numbers["ex1_gap_abs"] == pytest.approx(abs(gap))


def test_page_derived_rows_are_labelled_and_unique(figs: pd.DataFrame, times: pd.DataFrame,
                                                   periods: pd.DataFrame) -> None:
    rows = hlj.page_derived_rows(figs, times, load_table("provincial_panel"), periods)
    ids = [r["figure_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 25 + 9 + 9 + 5
    assert all(r["kind"] == figures.DERIVED for r in rows)
