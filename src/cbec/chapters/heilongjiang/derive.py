"""Other tidy frames and derived figures of the chapter heilongjiang: the two readings of
"2.6 times", platform and facility counts, the table of conflicting figures, the remaining
derived figures (trains, payments, population, warehouses, parcels per day, trade to GDP)
and the table of every derived figure on the page."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from cbec.chapters.heilongjiang.units import days_in_period, scale_to, times_increase_readings
from cbec.charts.tables import display_frame
from cbec.data import figures, registries
from cbec.stats.growth import cagr, implied_previous_level

# ---- the two readings of "2.6 times" ---------------------------------------------------

def readings_table(figs: pd.DataFrame) -> pd.DataFrame:
    """Both readings of the printed growth of CBEC trade in Q1–Q3 2020, for readers."""
    readings = times_increase_readings(figures.value(figs, "song-cbec-trade-2020q1q3"),
                                       figures.value(figs, "song-cbec-trade-2020q1q3-growth"))
    return display_frame(readings, {
        "reading": "reading of “2.6 times”", "multiplier": "new / old (derived)",
        "growth_pct": "growth, % (derived)",
        "implied_previous": "implied 2019 Q1–Q3, million yuan (derived)"})


# ---- platforms, stores, parks, warehouses ---------------------------------------------

PLATFORM_METRICS: dict[str, str] = {
    "ecommerce_platforms": "E-commerce platforms",
    "cbec_platforms_russia_focused": "…Russia-focused",
    "online_stores": "Online stores",
    "online_merchants": "Online merchants",
    "local_pavilions_on_platforms": "Pavilions on marketplaces",
    "ecommerce_industrial_parks": "E-commerce parks",
    "national_ecommerce_demonstration_bases": "…national demo bases",
    "enterprises_in_ecommerce_parks": "Firms in the parks",
    "companies_with_overseas_warehouses_in_russia": "Firms with RU warehouses",
    "overseas_warehouses_in_russia": "Warehouses in Russia",
}
#: printed period -> when the count was taken (also the colour order of the chart)
SNAPSHOTS = {"2014-start": "start of 2014", "2016": "2016", "2017-start": "start of 2017",
             "2017-end": "end of 2017"}


def platform_counts(figs: pd.DataFrame) -> pd.DataFrame:
    """Counts of platforms, stores, merchants, parks and warehouses (Song 2020, §3.4):
    one row per printed figure with its display label and snapshot date."""
    rows = figs[figs["metric"].isin(list(PLATFORM_METRICS))].copy()
    rows["label"] = rows["metric"].map(PLATFORM_METRICS)
    rows["snapshot"] = rows["period"].map(SNAPSHOTS)
    if rows["snapshot"].isna().any():
        odd = sorted(set(rows.loc[rows["snapshot"].isna(), "period"]))
        raise ValueError(f"unexpected periods: {odd}")
    rows["order"] = rows["metric"].map({m: i for i, m in enumerate(PLATFORM_METRICS)})
    return rows.sort_values(["order", "year"], kind="stable").reset_index(drop=True)




def platform_points(counts: pd.DataFrame) -> pd.DataFrame:
    """The points of the platform chart: label, snapshot, value and printed fragment."""
    return counts[["label", "snapshot", "value", "printed"]].copy()


def platform_captions(counts: pd.DataFrame) -> pd.DataFrame:
    """One caption per chart row: the label and its printed values in date order."""
    order = list(dict.fromkeys(counts["label"]))
    return pd.DataFrame({
        "label": order,
        "caption": [label + ": " + " → ".join(
            f"{v:,.0f}" for v in counts.loc[counts["label"] == label, "value"])
            for label in order]})


def platform_source(counts: pd.DataFrame) -> str:
    """Source line of the platform chart."""
    return figures.source_line(counts, "Definitions change between years (see text)")


def growth_between(figs: pd.DataFrame, earlier: str, later: str) -> dict[str, object]:
    """A derived row with the percentage change from figure ``earlier`` to ``later`` (same
    metric and unit required): the growth over the whole span, taken as one step of
    :func:`cbec.stats.growth.cagr`."""
    a, b = figures.figure(figs, earlier), figures.figure(figs, later)
    if a["metric"] != b["metric"] or a["unit"] != b["unit"]:
        raise ValueError(f"{earlier} and {later} do not measure the same thing")
    return figures.derived_row(
        figure_id=f"hlj-{a['metric']}-change-{a['period']}-{b['period']}",
        metric=f"{a['metric']}_change", value=cagr(float(a["value"]), float(b["value"]), 1),
        unit="percent", period=f"{a['period']}/{b['period']}", geography=str(b["geography"]),
        inputs=[earlier, later], formula=f"{later} / {earlier} − 1", year=int(b["year"]))


# ---- conflicting figures ------------------------------------------------------------------

def conflicts_table(conflicts: pd.DataFrame, figs: pd.DataFrame) -> pd.DataFrame:
    """Every group of printed figures in ``conflicts`` (the registry
    ``heilongjiang_conflicts``; its conflicts of dates are left to
    :func:`~cbec.chapters.heilongjiang.timeline.dates_side_by_side`), side by side."""
    known = set(figs["figure_id"])
    of_figures = [all(i in known for i in registries.id_list(ids))
                  for ids in conflicts["figure_ids"]]
    return registries.conflicts_table(conflicts[of_figures], figs)


# ---- other derived figures ------------------------------------------------------------------

def _to(figs: pd.DataFrame, figure_id: str, unit: str) -> float:
    row = figures.figure(figs, figure_id)
    return scale_to(float(row["value"]), str(row["unit"]), unit)


def other_derived_rows(figs: pd.DataFrame) -> list[dict[str, object]]:
    """Derived figures outside trade and charters: Harbin–Europe trains (2015–2016 split,
    value per train), payment value per transaction, population implied by the internet
    penetration rate, warehouses per firm, and the 2019 charter tonnage implied by 14.4%
    growth."""
    trains_all = figures.value(figs, "song-hrb-europe-trains-2015-2017")
    trains_17 = figures.value(figs, "song-hrb-europe-trains-2017")
    value_all = _to(figs, "song-hrb-europe-value-2015-2017", "million US dollars")
    value_17 = _to(figs, "song-hrb-europe-value-2017", "million US dollars")
    train_ids = ["song-hrb-europe-trains-2015-2017", "song-hrb-europe-trains-2017"]
    value_ids = ["song-hrb-europe-value-2015-2017", "song-hrb-europe-value-2017"]
    payments = figures.value(figs, "song-payment-transactions-2014-2016")
    pay_value = _to(figs, "song-payment-value-2014-2016", "yuan")
    users = figures.value(figs, "song-internet-users-2019")
    rate = figures.value(figs, "song-internet-penetration-2019")
    warehouses = figures.value(figs, "song-ow-warehouses-2017")
    firms = figures.value(figs, "song-ow-companies-2017")
    tons_2020 = figures.value(figs, "song-hrb-russia-2020q1q3-tons")
    growth_2020 = figures.value(figs, "song-hrb-russia-2020q1q3-growth")
    europe = "Harbin–Europe"
    return [
        figures.derived_row(
            figure_id="hlj-rail-trains-2015-2016", metric="rail_train_runs",
            value=trains_all - trains_17, unit="train runs", period="2015-2016",
            geography=europe, inputs=train_ids, formula="665 (2015–2017) − 461 (2017)",
            year=2016),
        figures.derived_row(
            figure_id="hlj-rail-value-2015-2016", metric="rail_cargo_value",
            value=value_all - value_17, unit="million US dollars", period="2015-2016",
            geography=europe, inputs=value_ids, formula="2015–2017 value − 2017 value",
            year=2016),
        figures.derived_row(
            figure_id="hlj-rail-value-per-train-2017", metric="rail_value_per_train",
            value=value_17 / trains_17, unit="million US dollars per train", period="2017",
            geography=europe, inputs=[train_ids[1], value_ids[1]],
            formula="2017 value / 2017 runs", year=2017),
        figures.derived_row(
            figure_id="hlj-rail-value-per-train-2015-2016", metric="rail_value_per_train",
            value=(value_all - value_17) / (trains_all - trains_17),
            unit="million US dollars per train", period="2015-2016", geography=europe,
            inputs=train_ids + value_ids, formula="2015–2016 value / 2015–2016 runs",
            year=2016),
        figures.derived_row(
            figure_id="hlj-rail-2017-share-of-runs", metric="rail_runs_share_2017",
            value=trains_17 / trains_all * 100, unit="percent", period="2015-2017",
            geography=europe, inputs=train_ids, formula="2017 runs / 2015–2017 runs",
            year=2017),
        figures.derived_row(
            figure_id="hlj-payment-value-per-transaction", metric="cbec_payment_average",
            value=pay_value / (payments * 1e6), unit="yuan per transaction",
            period="2014/2016-end", geography="China–Russia",
            inputs=["song-payment-value-2014-2016", "song-payment-transactions-2014-2016"],
            formula="value / number of transactions", year=2016),
        figures.derived_row(
            figure_id="hlj-population-implied-2019", metric="population_implied",
            value=users / rate * 100, unit="million people", period="2019-end",
            geography="Heilongjiang",
            inputs=["song-internet-users-2019", "song-internet-penetration-2019"],
            formula="internet users / penetration rate", year=2019),
        figures.derived_row(
            figure_id="hlj-warehouses-per-firm-2017", metric="overseas_warehouses_per_company",
            value=warehouses / firms, unit="warehouses per company", period="2017-end",
            geography="Heilongjiang–Russia",
            inputs=["song-ow-warehouses-2017", "song-ow-companies-2017"],
            formula="warehouses / companies", year=2017),
        figures.derived_row(
            figure_id="hlj-charter-tons-2019q1q3-implied", metric="charter_cargo_weight",
            value=implied_previous_level(tons_2020, growth_2020), unit="tons",
            period="2019-Q1-Q3", geography="Harbin Airport–Russia",
            inputs=["song-hrb-russia-2020q1q3-tons", "song-hrb-russia-2020q1q3-growth"],
            formula="2020 Q1–Q3 tons / (1 + growth/100)", year=2019),
    ]


def panel_value(panel: pd.DataFrame, column: str, year: int,
                province: str = "Heilongjiang") -> float:
    """One cell of the provincial panel; ``KeyError`` if the province-year is absent."""
    rows = panel[(panel["province_en"] == province) & (panel["year"] == year)]
    if len(rows) != 1:
        raise KeyError(f"no single panel row for {province} {year}")
    return float(rows[column].iloc[0])


def trade_to_gdp_row(figs: pd.DataFrame, panel: pd.DataFrame) -> dict[str, object]:
    """Derived 2019 goods trade as a percentage of Heilongjiang's GDP (NBS, provincial
    panel; GDP is in 100 million yuan, trade in billion yuan)."""
    gdp_bn = panel_value(panel, "gdp_100m_yuan", 2019) / 10
    trade = figures.value(figs, "song-trade-2019-total")
    return figures.derived_row(
        figure_id="hlj-trade-to-gdp-2019", metric="goods_trade_to_gdp",
        value=trade / gdp_bn * 100, unit="percent", period="2019", geography="Heilongjiang",
        inputs=["song-trade-2019-total", "provincial_panel gdp_100m_yuan 2019"],
        formula="trade (billion yuan) / (GDP (100 million yuan) / 10) × 100", year=2019)


def parcels_per_day_row(figs: pd.DataFrame) -> dict[str, object]:
    """Derived daily average of the 1.7 million parcels sent to Russia in 2014-Q1, to compare
    with the printed "nearly 20,000 items per day"."""
    row = figures.figure(figs, "song-parcels-to-russia-2014q1")
    parcels = scale_to(float(row["value"]), str(row["unit"]), "parcels")
    days = days_in_period(str(row["period"]))
    return figures.derived_row(
        figure_id="hlj-parcels-per-day-2014q1", metric="parcels_to_russia_per_day",
        value=parcels / days, unit="items per day", period=str(row["period"]),
        geography=str(row["geography"]), inputs=["song-parcels-to-russia-2014q1"],
        formula=f"parcels / {days} days of the quarter", year=2014)


def derived_table(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """Derived rows as a reader's table: what, value, unit, period, computed from, formula."""
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        raise ValueError("no derived rows to show")
    inputs = frame["locator"].str.removeprefix("from ")
    formula = [note if all(i.strip() in note for i in ids.split(","))
               else f"{note} [{ids}]" for note, ids in zip(frame["note"], inputs, strict=True)]
    return pd.DataFrame({
        "figure_id": frame["figure_id"], "value (derived)": frame["value"].astype(float),
        "unit": frame["unit"], "period": frame["period"],
        "formula [inputs]": formula,
    })
