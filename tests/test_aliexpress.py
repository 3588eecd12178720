"""The AliExpress chapter: its tables (data tests), its registries (every id they name exists;
a broken copy fails naming file, column and row), every public function of
``cbec.chapters.aliexpress`` (unit tests with values worked out by hand) and the numbers it
glues."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from conftest import edit_cell
from IPython.display import Markdown

from cbec import charts
from cbec.chapters import aliexpress as ali
from cbec.data import DataPackageError, figures, load_table, resource_descriptor

TABLES = ("aliexpress_events", "aliexpress_stages", "aliexpress_stage_elements",
          "aliexpress_figures", "payment_fees", "payment_methods_by_region", "logistics_lines")
OTHER = "Other Cross-boarder Online Payment Tools"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_table("aliexpress_events")


@pytest.fixture(scope="module")
def stages() -> pd.DataFrame:
    return load_table("aliexpress_stages")


@pytest.fixture(scope="module")
def elements() -> pd.DataFrame:
    return load_table("aliexpress_stage_elements")


@pytest.fixture(scope="module")
def fig() -> pd.DataFrame:
    return load_table("aliexpress_figures")


@pytest.fixture(scope="module")
def fees() -> pd.DataFrame:
    return load_table("payment_fees")


@pytest.fixture(scope="module")
def methods() -> pd.DataFrame:
    return load_table("payment_methods_by_region")


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return load_table("logistics_lines")


@pytest.fixture(scope="module")
def reg() -> dict[str, pd.DataFrame]:
    return {name: load_table(name) for name in ali.REGISTRIES}


@pytest.fixture(scope="module")
def sections(reg: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return reg["aliexpress_stage_sections"]


@pytest.fixture(scope="module")
def growth(fig: pd.DataFrame, reg: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return ali.growth_frame(fig, reg["aliexpress_chart_rows"])


def _toy_fees() -> pd.DataFrame:
    """Two methods whose fees are easy to work out by hand."""
    frame = pd.DataFrame({
        "method": ["Flat", "Pct"],
        "login_fee_usd_min": [float("nan"), 1.0], "login_fee_usd_max": [float("nan"), 2.0],
        "transaction_fee_pct_min": [float("nan"), 1.0],
        "transaction_fee_pct_max": [float("nan"), 2.0],
        "payment_fee_pct_min": [float("nan"), float("nan")],
        "payment_fee_pct_max": [float("nan"), float("nan")],
        "payment_fee_usd_min": [10.0, float("nan")], "payment_fee_usd_max": [20.0, float("nan")],
        "withdrawal_fee_usd": [float("nan"), 3.0],
        "profit_on_300_usd": ["x", "y"], "profit_usd_min": [280.0, 290.0],
        "profit_usd_max": [290.0, 292.0], "fees_saving": ["/", "z"],
        "fees_saving_usd_max": [float("nan"), 10.0],
    })
    return frame


# ---- data tests -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_source_and_locator(name: str) -> None:
    frame = load_table(name)
    if "source" not in frame.columns:
        pytest.skip("no source column")
    assert frame["source"].notna().all()
    assert (frame["locator"].str.strip() != "").all()


def test_row_counts_match_the_transcription(events: pd.DataFrame, stages: pd.DataFrame,
                                             elements: pd.DataFrame, fig: pd.DataFrame,
                                             fees: pd.DataFrame, methods: pd.DataFrame,
                                             lines: pd.DataFrame) -> None:
    counts = [len(t) for t in (events, stages, elements, fig, fees, methods, lines)]
    assert counts == [52, 3, 40, 90, 3, 25, 29]


def test_every_event_has_a_date_matching_its_precision(events: pd.DataFrame) -> None:
    patterns = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}",
                "day_no_year": r"--\d{2}-\d{2}"}
    for date, precision in zip(events["date"], events["date_precision"], strict=True):
        assert re.fullmatch(patterns[precision], date), (date, precision)
    assert events["printed"].str.len().min() > 10


def test_exactly_two_events_lack_a_year(events: pd.DataFrame) -> None:
    undated = events[events["date_precision"] == "day_no_year"]
    assert sorted(undated["event_id"]) == ["gu-06-19-jack-ma-spief", "gu-09-07-entry-standard"]


def test_stage_rows_are_complete(stages: pd.DataFrame) -> None:
    assert list(stages["stage"]) == [1, 2, 3]
    required = ["name", "section_title", "start_year", "driver", "driver_type", "printed",
                "source", "locator"]
    assert stages[required].notna().all().all()
    assert list(stages["start_year"]) == [2010, 2013, 2015]
    assert stages["end_year"].isna().tolist() == [False, False, True]  # stage 3: 'Now'


def test_every_stage_cell_of_the_matrix_is_non_empty(elements: pd.DataFrame,
                                                     stages: pd.DataFrame) -> None:
    matrix = ali.stage_matrix(elements, stages)
    body = matrix.drop(columns="element")
    assert body.shape == (len(ali.ELEMENT_ORDER), 3)
    assert (body.map(lambda c: isinstance(c, str) and c.strip() != "")).all().all()
    assert (elements["content"].str.strip() != "").all()


def test_the_only_business_model_gap_is_stage_1_payment(elements: pd.DataFrame,
                                                        stages: pd.DataFrame) -> None:
    assert ali.matrix_gaps(elements, stages) == [(1, "payment")]


def test_conflicts_discussed_are_in_the_data(fig: pd.DataFrame, events: pd.DataFrame) -> None:
    assert figures.value(fig, "gu-daily-orders-2012-start") == 7000
    assert figures.value(fig, "gu-daily-orders-2012-end") == 30000
    assert figures.value(fig, "gu-daily-orders-2013-03") == 17000
    assert figures.value(fig, "gu-daily-orders-multiple-2013-03") == 5
    assert figures.figure(fig, "gu-singles-day-2016-gmv")["unit"].startswith("billion US")
    assert figures.value(fig, "zhao-orders-2013") == 10
    dates = events.set_index("event_id")["date"]
    assert dates["gu-2010-04-aliexpress-enters-russia"] == "2010-04"
    assert dates["gu-2012-company-enters-russia"] == "2012"
    assert dates["gu-2015-05-representative-office"] == "2015-05"
    assert dates["gu-2015-06-branch-founded"] == "2015-06"
    assert dates["zhao-2013-b2c-repositioning"] == "2013"
    assert dates["gu-2016-08-15-b2c-complete"] == "2016-08-15"


def test_parsed_fee_columns_agree_with_the_printed_cells(fees: pd.DataFrame) -> None:
    row = fees.set_index("method")
    assert row.loc["T/T", "payment_fee"] == "15-50USD"
    assert (row.loc["T/T", "payment_fee_usd_min"], row.loc["T/T", "payment_fee_usd_max"]) \
        == (15, 50)
    assert (row.loc["Alipay", "transaction_fee_pct_min"],
            row.loc["Alipay", "transaction_fee_pct_max"]) == (3, 5)
    assert row.loc[OTHER, "login_fee"] == "0.1-1.5USD"
    for column in ("login_fee_usd", "transaction_fee_pct", "payment_fee_pct",
                   "payment_fee_usd", "profit_usd"):
        low, high = fees[f"{column}_min"], fees[f"{column}_max"]
        assert ((low <= high) | low.isna()).all(), column


def test_logistics_frame_are_ordered(lines: pd.DataFrame) -> None:
    both = lines.dropna(subset=["days_min", "days_max"])
    assert (both["days_min"] <= both["days_max"]).all()


def test_payment_methods_from_the_table_are_zhao(methods: pd.DataFrame) -> None:
    assert set(methods.loc[methods["from_table"], "source"]) == {"zhao2021"}
    assert methods["from_table"].sum() == 10


# ---- dates and stages -------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "precision", "expected"), [
    ("2012", "year", (2012.0, 2013.0)),
    ("2014-12", "month", (2014 + 334 / 365, 2015.0)),
    ("2016-03", "month", (2016 + 60 / 366, 2016 + 91 / 366)),
    ("2014-11-11", "day", (2014 + 314 / 365, 2014 + 315 / 365)),
])
def test_event_span(date: str, precision: str, expected: tuple[float, float]) -> None:
    assert ali.event_span(date, precision) == pytest.approx(expected)


@pytest.mark.parametrize(("date", "precision", "message"), [
    ("--06-19", "day_no_year", "no year"),
    ("2012-05", "year", "does not match"),
    ("2012", "decade", "unknown"),
])
def test_event_span_refuses_what_it_cannot_place(date: str, precision: str,
                                                 message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ali.event_span(date, precision)


@pytest.mark.parametrize(("period", "expected"), [
    ("2014", 2014.5), ("2014-H2", 2014.75), ("2014-Q4", 2014.875), ("2014-H1", 2014.25),
    ("2012-01", 2012 + 15.5 / 366),
])
def test_period_position(period: str, expected: float) -> None:
    assert ali.period_position(period) == pytest.approx(expected)


@pytest.mark.parametrize("period", ["", "end of 2015", "2014-Q5"])
def test_period_position_refuses_unreadable_periods(period: str) -> None:
    with pytest.raises(ValueError, match="cannot be placed"):
        ali.period_position(period)


def test_stage_labels(stages: pd.DataFrame) -> None:
    assert ali.stage_labels(stages) == {
        1: "Stage 1: entry (2010–2013)",
        2: "Stage 2: deep exploration (2013–2015)",
        3: "Stage 3: maturity and localization (2015–now)",
    }


@pytest.mark.parametrize(("year", "expected"), [
    (2009, []), (2010, [1]), (2013, [1, 2]), (2014, [2]), (2015, [2, 3]), (2030, [3]),
])
def test_stages_for_year_shares_boundary_years(stages: pd.DataFrame, year: int,
                                               expected: list[int]) -> None:
    assert ali.stages_for_year(year, stages) == expected


@pytest.mark.parametrize(("locator", "expected"), [
    ("§3.5 (The Initial Stage in Russia-Entry)", 1),
    ("§3.6 (Culture-Cognitive Fundamental Elements)", 1),
    ("§3.5 (The Middle Stage in Russia-Deep Exploration); §3.7", 2),
    ("§3.7 (The Change of Market Environment, 1)", 2),
    ("§3.5 (Maturity and localization)", 3),
    ("§3.8 (The Upgrade of Related Service)", 3),
    ("§1.3", None), ("Table 3.2", None), ("§3.5", None),
])
def test_stage_of_locator(locator: str, expected: int | None, sections: pd.DataFrame) -> None:
    assert ali.stage_of_locator(locator, sections) == expected


def test_dated_events_drop_undated_and_never_overlap_in_a_row(events: pd.DataFrame,
                                                               stages: pd.DataFrame) -> None:
    dated = ali.dated_events(events, stages, gap=0.2)
    assert len(dated) == 50
    assert not dated["event_id"].isin(ali.undated_events(events)["event_id"]).any()
    assert (dated["end"] > dated["start"]).all()
    for _, group in dated.groupby(["scope", "row"]):
        group = group.sort_values("start")
        assert (group["start"].to_numpy()[1:] >= group["end"].to_numpy()[:-1] + 0.2 - 1e-9).all()
    row = dated.set_index("event_id").loc["gu-2013-03-daily-orders"]
    assert row["stage_label"] == "Stage 2: deep exploration (2013–2015)"
    assert row["stages_by_date"] == "1, 2"
    assert row["cite"].startswith("Gu (2018), §3.5")
    assert dated.set_index("event_id").loc["gu-1999-alibaba-founded", "stages_by_date"] == \
        "before stage 1"
    assert set(dated.loc[dated["stage"].isna(), "stage_label"]) == {ali.UNASSIGNED}


def test_undated_events(events: pd.DataFrame) -> None:
    undated = ali.undated_events(events)
    assert list(undated["date"]) == ["--06-19", "--09-07"]


def test_stage_date_mismatches(events: pd.DataFrame, stages: pd.DataFrame) -> None:
    found = ali.stage_date_mismatches(events, stages)
    assert sorted(found["event_id"]) == ["gu-2014-10-local-sellers", "gu-2014-branding",
                                         "gu-2016-08-15-b2c-complete"]
    toy = pd.DataFrame({"event_id": ["a"], "date": ["--09-07"], "stage": [2],
                        "event": ["x"], "source": ["gu2018"], "locator": ["§3.5"]})
    assert ali.stage_date_mismatches(toy, stages).empty


def test_stage_figures_and_summary(fig: pd.DataFrame, events: pd.DataFrame,
                                   stages: pd.DataFrame, sections: pd.DataFrame) -> None:
    per_stage = ali.stage_figures(fig, sections)
    assert (per_stage["source"] == "gu2018").all()
    assert per_stage.groupby("stage").size().to_dict() == {1: 6, 2: 14, 3: 3}
    assert per_stage.set_index("figure_id").loc["gu-service-fee", "stage"] == 3
    summary = ali.stage_summary(stages, events, fig, sections)
    assert summary["events (Gu)"].tolist() == [4, 8, 3]
    assert summary["figures"].tolist() == [6, 14, 3]
    assert summary["years"].tolist() == ["2010–2013", "2013–2015", "2015–now"]


def test_stage_matrix_cells_carry_items_and_locators(elements: pd.DataFrame,
                                                     stages: pd.DataFrame) -> None:
    matrix = ali.stage_matrix(elements, stages).set_index("element")
    stage1 = "Stage 1: entry (2010–2013)"
    assert matrix.loc["Payment", stage1] == ali.GAP_TEXT
    assert matrix.loc["Customers", stage1].startswith("① ")
    assert "② " in matrix.loc["Customers", stage1]
    assert "[§3.6 (Regulatory basis elements)]" in matrix.loc["Regulative pillar", stage1]
    with pytest.raises(ValueError, match="not in the requested order"):
        ali.stage_matrix(elements, stages, order=("customers",))


def test_matrix_gaps_on_a_toy_table(stages: pd.DataFrame) -> None:
    toy = pd.DataFrame({"stage": [1, 2, 3], "element": ["customers"] * 3})
    assert ali.matrix_gaps(toy, stages, order=("customers", "sellers")) == [
        (1, "sellers"), (2, "sellers"), (3, "sellers")]


def test_framework_frame_mark_the_drivers(elements: pd.DataFrame,
                                          stages: pd.DataFrame) -> None:
    cells = ali.framework_frame(elements, stages)
    assert len(cells) == 15
    drivers = cells[cells["status"] == "driver"]
    assert list(zip(drivers["stage"], drivers["dimension"], strict=True)) == [
        (1, "institution_cultural_cognitive"), (2, "capability_new"), (3, "capability_new")]
    stage1 = cells[cells["stage"] == 1].set_index("dimension")["status"]
    assert stage1["institution_regulative"] == "discussed"
    assert stage1["capability_original"] == "not discussed"
    broken = stages.assign(driver=["market forces", "x", "y"])
    with pytest.raises(ValueError, match="institutional pillars"):
        ali.framework_frame(elements, broken)


# ---- figures ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "text"), [
    (30000.0, "30,000"), (645.84, "645.84"), (15.9, "15.9"), (3400.0, "3,400"), (0.5, "0.5"),
])
def test_format_value(value: float, text: str) -> None:
    assert ali.format_value(value) == text


def test_daily_orders_figures(fig: pd.DataFrame) -> None:
    frame = ali.daily_orders_figures(fig)
    assert figures.is_figures_table(frame)
    assert frame["figure_id"].tolist()[:3] == ["gu-daily-orders-2012-start",
                                               "gu-daily-orders-2012-end",
                                               "gu-daily-orders-2013-03"]
    assert figures.value(frame, "ali-implied-base-2013-03") == 3400
    assert figures.value(frame, "ali-daily-orders-multiple-2012") == pytest.approx(30 / 7)
    assert set(frame.loc[frame["figure_id"].str.startswith("ali-"), "kind"]) == {"derived"}


def test_singles_day_check_shows_the_currency_slip(fig: pd.DataFrame) -> None:
    check = ali.singles_day_check(fig)
    assert check["computed_growth_pct"] == pytest.approx((168.2 / 120.7 - 1) * 100)
    assert abs(check["computed_growth_pct"] - check["printed_growth_pct"]) < 0.05


def test_orders_2013_per_day(fig: pd.DataFrame) -> None:
    assert ali.orders_2013_per_day(fig) == pytest.approx(10e9 / 365)
    broken = fig.copy()
    broken.loc[broken["figure_id"] == "zhao-orders-2013", "unit"] = "billion yuan"
    with pytest.raises(ValueError, match="unexpected unit"):
        ali.orders_2013_per_day(broken)


def test_growth_frame(growth: pd.DataFrame, reg: dict[str, pd.DataFrame]) -> None:
    rows = reg["aliexpress_chart_rows"]
    assert set(growth["figure_id"]) == set(rows.loc[rows["chart"] == "growth", "figure_id"])
    growth = growth.set_index("figure_id")
    assert growth.loc["ali-traffic-growth-reading-a", "value"] == pytest.approx(360)
    assert growth.loc["ali-traffic-growth-reading-b", "value"] == pytest.approx(460)
    assert growth.loc["ali-daily-orders-growth-2012", "value"] == pytest.approx(2300 / 7)
    assert growth.loc["zhao-global-cbec-growth-2015", "value"] == 16
    assert growth.loc["ali-traffic-growth-reading-a", "kind_label"] == "derived in code"
    assert growth.loc["zhao-aliexpress-growth-2015", "kind_label"] == "printed"
    assert growth["label"].notna().all()
    assert len(growth) == 10 and (growth["kind"] == "derived").sum() == 4


def test_metrics_frame(fig: pd.DataFrame, reg: dict[str, pd.DataFrame]) -> None:
    metric_series = reg["aliexpress_metric_series"]
    series = ali.metrics_frame(fig, metric_series)
    assert series["period"].notna().all()
    assert set(series["metric"]) == set(metric_series["metric"])
    assert list(dict.fromkeys(series["series"])) == list(metric_series["label"])
    orders = series[series["metric"] == "aliexpress_daily_orders"]
    assert orders["value_label"].tolist() == ["7,000", "30,000", "17,000"]
    assert orders["label_align"].tolist() == ["center", "right", "left"]
    rank = series[series["metric"] == "aliexpress_global_website_rank"]
    assert rank["value_label"].tolist() == ["#220", "#50"]


def test_label_alignment() -> None:
    assert ali.label_alignment(["a", "a", "a", "b"], [0.0, 0.3, 2.0, 2.1]) == [
        "right", "left", "center", "center"]
    assert ali.label_alignment(["a", "a", "a"], [0.0, 0.3, 0.5]) == ["right", "left", "left"]
    with pytest.raises(ValueError, match="same length"):
        ali.label_alignment(["a"], [])


def test_conflicts_table(events: pd.DataFrame, fig: pd.DataFrame,
                         reg: dict[str, pd.DataFrame]) -> None:
    conflicts = reg["aliexpress_conflicts"]
    table = ali.conflicts_table(conflicts, events, fig)
    assert len(table) == len(conflicts) == 8
    assert list(table.columns) == ["topic", "what the sources print", "reading"]
    first = table.iloc[0]["what the sources print"]
    assert "7,000 orders per day (2012-01) — Gu (2018), §3.5" in first
    assert first.count(" | ") == 4
    assert "2010-04: " in table.iloc[1]["what the sources print"]
    unknown = pd.DataFrame({"conflict_id": ["x"], "topic": ["t"], "figure_ids": ["no-such-id"],
                            "reading": ["r"], "source": ["gu2018"], "locator": ["§1"]})
    with pytest.raises(KeyError, match="no-such-id"):
        ali.conflicts_table(unknown, events, fig)


def test_every_registered_id_exists(fig: pd.DataFrame, events: pd.DataFrame,
                                   reg: dict[str, pd.DataFrame], growth: pd.DataFrame) -> None:
    ali.check_registries(reg, fig, events, growth)
    assert [len(reg[name]) for name in ali.REGISTRIES] == [8, 6, 7, 10]



@pytest.mark.parametrize(("name", "row", "column", "value"), [
    ("aliexpress_conflicts", 3, "figure_ids", "gu-2010-04-aliexpress-enters-russia gu-2099"),
    ("aliexpress_chart_rows", 9, "figure_id", "ali-traffic-growth-reading-c"),
    ("aliexpress_metric_series", 4, "metric", "aliexpress_monthly_unique_visitor"),
    ("aliexpress_stage_sections", 5, "section", "§3.5 (The Late Stage"),
])
def test_a_broken_registry_copy_fails_naming_file_column_and_row(
        data_copy: Path, fig: pd.DataFrame, events: pd.DataFrame, growth: pd.DataFrame,
        name: str, row: int, column: str, value: str) -> None:
    edit_cell(data_copy, name, row, column, value)
    broken = {n: load_table(n, data_copy) for n in ali.REGISTRIES}
    with pytest.raises(DataPackageError) as error:
        ali.check_registries(broken, fig, events, growth)
    assert (error.value.column, error.value.row) == (column, row)
    assert error.value.path == resource_descriptor(name)["path"]
    assert value.split()[-1] in str(error.value)



# ---- payment fees -----------------------------------------------------------------------------

def test_fee_components_by_hand(fees: pd.DataFrame) -> None:
    assert ali.fee_components(fees, "T/T", "min") == (15.0, 0.0)
    assert ali.fee_components(fees, "Alipay", "max") == (0.0, 0.05)
    fixed, rate = ali.fee_components(fees, OTHER, "min")
    assert fixed == pytest.approx(0.1 + 10)
    assert rate == pytest.approx(0.015 + 0.029)
    with pytest.raises(ValueError, match="bound"):
        ali.fee_components(fees, "T/T", "mid")
    with pytest.raises(KeyError, match="known: T/T"):
        ali.fee_components(fees, "PayPal", "min")


def test_payment_fees_for_toy_table() -> None:
    table = ali.payment_fees_for(_toy_fees(), 100).set_index("method")
    assert table.loc["Flat"].tolist() == pytest.approx([10, 20, 80, 90, 10, 20])
    # Pct: min = 1 + 1% * 100 + 3 = 5; max = 2 + 2% * 100 + 3 = 7
    assert table.loc["Pct"].tolist() == pytest.approx([5, 7, 93, 95, 5, 7])


def test_payment_fees_for_gus_300_dollar_order(fees: pd.DataFrame) -> None:
    table = ali.payment_fees_for(fees, 300).set_index("method")
    assert table.loc["T/T", ["net_usd_min", "net_usd_max"]].tolist() == [250, 285]
    assert table.loc["Alipay", ["fee_usd_min", "fee_usd_max"]].tolist() == \
        pytest.approx([9, 15])
    assert table.loc[OTHER, ["fee_usd_min", "fee_usd_max"]].tolist() == \
        pytest.approx([23.3, 38.95])


@pytest.mark.parametrize("amount", [0, -10, float("nan"), float("inf"), "300", True])
def test_payment_fees_for_refuses_bad_amounts(fees: pd.DataFrame, amount: object) -> None:
    with pytest.raises(ValueError, match="positive number"):
        ali.payment_fees_for(fees, amount)  # type: ignore[arg-type]


def test_sum_fee() -> None:
    assert ali.sum_fee(10, 0.05, 300) == pytest.approx(25)
    assert ali.sum_fee(0, 0, 1e6) == 0


def test_check_fee_table_against_the_printed_profits(fees: pd.DataFrame) -> None:
    check = ali.check_fee_table(fees, 300).set_index("method")
    assert check.loc["T/T", ["gap at min", "gap at max"]].tolist() == [0, 0]
    # Alipay prints the 5% case only: computed max (3% fee) is 6 dollars higher.
    assert check.loc["Alipay", ["gap at min", "gap at max"]].tolist() == pytest.approx([0, 6])
    # Other tools: printed values are the computed ones with the cents cut off.
    gaps = check.loc[OTHER, ["gap at min", "gap at max"]]
    assert gaps.tolist() == pytest.approx([0.05, 0.7])
    assert ((gaps >= 0) & (gaps < 1)).all()


def test_fee_savings(fees: pd.DataFrame) -> None:
    savings = ali.fee_savings(fees, 300).set_index("method")
    assert savings.loc["Alipay", "computed max saving"] == pytest.approx(41)
    assert savings.loc["Alipay", "gap"] == pytest.approx(0)
    assert savings.loc[OTHER, "computed max saving"] == pytest.approx(26.7)
    assert savings.loc[OTHER, "gap"] == pytest.approx(1.7)
    with pytest.raises(KeyError, match="baseline"):
        ali.fee_savings(fees, 300, baseline="SWIFT")


def test_break_even_amount(fees: pd.DataFrame) -> None:
    assert ali.break_even_amount(fees, "Alipay", "max", "T/T", "min") == pytest.approx(300)
    assert ali.break_even_amount(fees, "Alipay", "max", "T/T", "max") == pytest.approx(1000)
    assert ali.break_even_amount(fees, "Alipay", "min", "Alipay", "min") is None  # parallel
    toy = _toy_fees()
    # Pct (max: 5 + 2% x) vs Flat (min: 10): x = (10 - 5) / 0.02 = 250
    assert ali.break_even_amount(toy, "Pct", "max", "Flat", "min") == pytest.approx(250)
    # Pct (min: 4 + 1% x) vs Flat (max 20) crosses at 1,600; Flat min vs a dearer flat: none
    assert ali.break_even_amount(toy, "Pct", "min", "Flat", "max") == pytest.approx(1600)
    shifted = toy.assign(withdrawal_fee_usd=[float("nan"), 30.0])
    assert ali.break_even_amount(shifted, "Pct", "min", "Flat", "min") is None  # x < 0


def test_fee_curve(fees: pd.DataFrame) -> None:
    curve = ali.fee_curve(fees, [100, 1000])
    assert len(curve) == 6
    tt = curve[curve["method"] == "T/T"].set_index("amount")
    assert tt.loc[100.0, "fee_pct_min"] == pytest.approx(15)
    assert tt.loc[1000.0, "fee_pct_max"] == pytest.approx(5)


# ---- logistics and payment methods ------------------------------------------------------------

@pytest.mark.parametrize(("lo", "hi", "qualifier", "kind"), [
    (3, 5, "within", "range"), (30, None, "more than, on average", "lower bound"),
    (None, 25, "within", "upper bound"), (None, 60, "guaranteed within", "upper bound"),
    (None, 28, "about", "single value"), (None, None, None, None),
])
def test_days_kind(lo: object, hi: object, qualifier: object, kind: str | None) -> None:
    assert ali.days_kind(pd.NA if lo is None else lo, pd.NA if hi is None else hi,
                         qualifier) == kind


def test_short_line_label() -> None:
    assert ali.short_line_label(
        "Special Line-YW: Yanwen Russian special line small packet") == \
        "Yanwen Russian special line"
    assert ali.short_line_label("Postal delivery China to Russia: total") == \
        "Post China→Russia: total"
    assert ali.short_line_label("Ruston") == "Ruston"


def test_logistics_frame(lines: pd.DataFrame) -> None:
    days = ali.logistics_frame(lines).set_index("line_id")
    assert len(days) == 13
    assert days.loc["zhao-yanwen-russia", "days_label"] == "≤ 25"
    assert days.loc["gu-russian-post-intl-2013", "days_label"] == "> 30"
    assert days.loc["gu-russian-post-surface-mail", "days_label"] == "15–30"
    assert days.loc["gu-postal-total", "days_label"] == "28"
    assert days.loc[["gu-postal-china-border", "gu-postal-customs",
                     "gu-postal-russia-domestic"], "hi"].sum() == \
        days.loc["gu-postal-total", "hi"]
    assert days["russia"].tolist() == sorted(days["russia"], reverse=True)
    assert days["label"].str.len().max() <= 48


def test_payment_methods_table(methods: pd.DataFrame) -> None:
    table = ali.payment_methods_table(methods).set_index("region")
    assert table.loc["Mexico", "Zhao Picture 3.3"] == "Mercadopago"
    assert table.loc["Mexico", "named in running text"] == "—"
    assert table.loc["Russia", "Zhao Picture 3.3"] == "—"
    # WebMoney and 'Web Money' are one method.
    assert table.loc["Russia", "distinct methods (derived)"] == 4
    assert table.loc["Global", "distinct methods (derived)"] == 5


# ---- charts -----------------------------------------------------------------------------------

def test_compact_source_line() -> None:
    frame = pd.DataFrame({"source": ["gu2018", "gu2018", "zhao2021", "derived"],
                          "locator": ["§3.10 (x)", "§3.5 (a); Table 3.2", "§3.1", "from a"]})
    assert ali.compact_source_line(frame, "Note.") == (
        "Source: Gu (2018) §3.5, §3.10, Table 3.2; Zhao (2021) §3.1. "
        "Derived values computed in code. Note.")


def _all_charts(events, stages, elements, fig, fees, lines) -> dict[str, alt.TopLevelMixin]:
    charts.use_book_theme()
    reg = {name: load_table(name) for name in ali.REGISTRIES}
    capacity = figures.figure(fig, "gu-russia-parcel-capacity-2013")
    return {
        "timeline": ali.timeline_chart(ali.timeline_frame(ali.dated_events(events, stages),
                                                          stages)),
        "framework": ali.framework_chart(ali.framework_frame(elements, stages)),
        "orders": ali.daily_orders_chart(
            ali.daily_orders_frame(ali.daily_orders_figures(fig), capacity)),
        "growth": ali.growth_chart(ali.growth_frame(fig, reg["aliexpress_chart_rows"])),
        "metrics": ali.metrics_chart(ali.metrics_frame(fig,
                                                           reg["aliexpress_metric_series"])),
        "fees300": ali.fees_300_chart(ali.fees_300_frame(ali.check_fee_table(fees, 300)), 300),
        "curve": ali.fee_curve_chart(ali.fee_curve_frame(
            ali.fee_curve(fees, [20, 100, 300, 1000, 5000])), 300),
        "logistics": ali.logistics_chart(ali.logistics_frame(lines)),
    }


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_every_chart_is_responsive_sourced_described_and_has_tooltips(
        events, stages, elements, fig, fees, lines) -> None:
    for name, chart in _all_charts(events, stages, elements, fig, fees, lines).items():
        spec = chart.to_dict()
        assert spec["width"] == "container", name
        assert spec["title"]["orient"] == "bottom", name
        assert " ".join(spec["title"]["text"]).startswith("Source: "), name
        assert max(len(t) for t in spec["title"]["text"]) <= 50, name
        assert len(spec["description"]) > 40, name
        assert any("tooltip" in layer.get("encoding", {}) for layer in _layers(spec)), name


def test_charts_are_deterministic(events, stages, elements, fig, fees, lines) -> None:
    first = {k: json.dumps(c.to_dict(), sort_keys=True)
             for k, c in _all_charts(events, stages, elements, fig, fees, lines).items()}
    second = {k: json.dumps(c.to_dict(), sort_keys=True)
              for k, c in _all_charts(events, stages, elements, fig, fees, lines).items()}
    assert first == second
    assert "param_" not in first["timeline"]
    timeline = json.loads(first["timeline"])
    params = {p["name"] for p in timeline.get("params", [])} | {
        p["name"] for layer in timeline["layer"] for p in layer.get("params", [])}
    assert params == {"stage_pick"}


def test_derived_marks_are_drawn_with_a_different_shape(events, stages, elements, fig, fees,
                                                        lines) -> None:
    built = _all_charts(events, stages, elements, fig, fees, lines)
    for name in ("orders", "growth", "fees300"):
        spec = built[name].to_dict()
        shapes = [layer["encoding"]["shape"]["scale"] for layer in _layers(spec)
                  if "shape" in layer.get("encoding", {})]
        assert shapes, name
        assert shapes[0]["domain"] == list(ali.KIND_LABELS)
        assert shapes[0]["range"] == [charts.KIND_SHAPES["reported"],
                                      charts.KIND_SHAPES["derived"]]


def test_timeline_chart_draws_every_dated_event_once(events, stages) -> None:
    dated = ali.dated_events(events, stages)
    spec = ali.timeline_chart(ali.timeline_frame(dated, stages)).to_dict()
    datasets = [d for d in spec["datasets"].values() if d and "event_id" in d[0]]
    assert len(datasets) == 1
    assert sorted(r["event_id"] for r in datasets[0]) == sorted(dated["event_id"])
    bands = [d for d in spec["datasets"].values() if d and "band_start" in d[0]]
    assert [(b["band_start"], b["band_end"]) for b in bands[0]] == [
        (2010, 2014), (2013, 2016), (2015, math.ceil(dated["end"].max()))]


def test_timeline_frame_bands_and_extent(events: pd.DataFrame, stages: pd.DataFrame) -> None:
    dated = ali.dated_events(events, stages)
    timeline = ali.timeline_frame(dated, stages, until=2021)
    assert timeline.domain == (1999, 2021)
    assert list(timeline.layers["bands"]["band_end"]) == [2014.0, 2016.0, 2021.0]
    assert list(timeline.layers["stage_domain"]["stage_label"])[-1] == ali.UNASSIGNED
    with pytest.raises(ValueError, match="extent"):
        ali.timeline_chart(timeline._replace(domain=None))


def test_fee_chart_frames(fees: pd.DataFrame) -> None:
    long = ali.fees_300_frame(ali.check_fee_table(fees, 300)).data
    assert len(long) == 6 and set(long["kind_label"]) == set(ali.KIND_LABELS)
    assert long.loc[0, "label"] == "250–285" and "Other online payment tools" in set(
        long["method"])
    curve = ali.fee_curve_frame(ali.fee_curve(fees, [100, 1000, 5000]))
    ends = curve.layers["ends"]
    assert set(ends["amount"]) == {1000.0}
    assert (ends["mid"] <= 40).all()


def test_display_tables(events: pd.DataFrame, stages: pd.DataFrame,
                        fees: pd.DataFrame) -> None:
    table = ali.events_table(ali.dated_events(events, stages))
    assert list(table.columns) == ["date as printed", "precision", "scope", "stage (Gu)",
                                   "event", "source"]
    assert table["date as printed"].iloc[0].startswith("1999")
    printed = ali.printed_fees_table(fees)
    assert list(printed.columns)[-2:] == ["profit on 300 USD", "fees saving"]


# ---- the numbers glued into the prose --------------------------------------------------------

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "aliexpress.ipynb"


@pytest.fixture(scope="module")
def numbers() -> dict[str, object]:
    names = ["aliexpress_events", "aliexpress_stages", "aliexpress_figures",
             "russia_market_figures", "payment_fees", "logistics_lines"]
    return ali.numbers({name: load_table(name) for name in names})


def test_numbers_hold_every_glued_number(numbers: dict[str, object]) -> None:
    assert list(numbers)[:4] == ["ali_n_events", "ali_n_dated", "ali_n_undated",
                                 "ali_n_figures"]
    assert [numbers[k] for k in ("ali_n_events", "ali_n_dated", "ali_n_undated",
                                 "ali_n_figures", "ali_n_mismatch")] == [52, 50, 2, 90, 3]
    assert (numbers["ali_smartphone_s36"], numbers["ali_smartphone_s12"]) == (40, 29)
    assert numbers["ali_implied_base"] == 3400
    assert numbers["ali_sd_growth"] == pytest.approx((168.2 / 120.7 - 1) * 100)
    assert (numbers["ali_be_low"], numbers["ali_be_high"]) == pytest.approx((300, 1000))
    assert (numbers["ali_post_legs_sum"], numbers["ali_yanwen_saving"]) == (28, 35)
    assert isinstance(numbers["ali_jd_site_date"], Markdown)
    assert numbers["ali_jd_site_date"].data == "18 June 2015"


def test_the_prose_glues_only_numbers_the_module_provides(numbers: dict[str, object]) -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    used = set(re.findall(r"\{glue:(?:text|md)\}`([^`:]+)", prose))
    assert used <= set(numbers)
    assert set(numbers) - used == {"ali_n_undated"}  # glued (as before), not used in the prose
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "chapter_preamble(" in "".join(code[0]["source"])
    assert sum("glue" in "".join(c["source"]) for c in code) == 1  # one hidden glue call
    assert not any(re.search(r"^\s*assert\b", "".join(c["source"]), re.M) for c in code)


def test_each_registry_row_names_the_texts_of_its_figures(
        fig: pd.DataFrame, events: pd.DataFrame, growth: pd.DataFrame,
        reg: dict[str, pd.DataFrame]) -> None:
    sources = {**dict(zip(fig["figure_id"], fig["source"], strict=True)),
               **dict(zip(events["event_id"], events["source"], strict=True))}
    for row in growth[growth["kind"] == "derived"].itertuples():  # derived: its inputs' texts
        inputs = row.locator.removeprefix("from ").split(", ")
        sources[row.figure_id] = sources[inputs[0]]
    rows = [(r.source, r.locator, r.figure_ids.split())
            for r in reg["aliexpress_conflicts"].itertuples()]
    rows += [(r.source, r.locator, [r.figure_id])
             for r in reg["aliexpress_chart_rows"].itertuples()]
    rows += [(r.source, r.locator, list(fig.loc[fig["metric"] == r.metric, "figure_id"]))
             for r in reg["aliexpress_metric_series"].itertuples()]
    for source, locator, ids in rows:
        texts = list(dict.fromkeys(sources[i] for i in ids))
        assert source.split() == texts, ids
        if len(texts) > 1:
            assert [part.split(": ")[0] for part in locator.split(" | ")] == texts
    assert set(reg["aliexpress_stage_sections"]["source"]) == {"gu2018"}
