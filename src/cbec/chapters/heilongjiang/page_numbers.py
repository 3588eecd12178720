"""Every derived figure of the chapter heilongjiang and every number glued into its prose,
computed in one place."""

from __future__ import annotations

import pandas as pd

from cbec.chapters.heilongjiang.charters import charter_derived_rows, charter_periods
from cbec.chapters.heilongjiang.delivery import stage_total_row
from cbec.chapters.heilongjiang.derive import (
    growth_between,
    other_derived_rows,
    panel_value,
    parcels_per_day_row,
    trade_to_gdp_row,
)
from cbec.chapters.heilongjiang.trade import trade_2019, trade_derived_rows
from cbec.chapters.heilongjiang.units import days_in_period, times_increase_readings
from cbec.data import figures
from cbec.stats.growth import implied_previous_level

#: The two counts printed for 2014 and 2016 whose growth the text quotes.
COUNT_CHANGES: tuple[tuple[str, str], ...] = (("song-platforms-2014", "song-platforms-2016"),
                                               ("song-stores-2014", "song-stores-2016"))
#: Trade with Russia in 2019 by flow: level and growth (the first exercise).
RUSSIA_FLOWS: dict[str, tuple[str, str]] = {
    "exports": ("song-russia-exports-2019", "song-russia-exports-2019-growth"),
    "imports": ("song-russia-imports-2019", "song-russia-imports-2019-growth"),
    "total": ("song-russia-trade-2019", "song-russia-trade-2019-growth"),
}


def page_derived_rows(figs: pd.DataFrame, times: pd.DataFrame, panel: pd.DataFrame,
                      periods: pd.DataFrame) -> list[dict[str, object]]:
    """Every derived figure the page quotes, in the figures layout (for the table of derived
    figures): trade, other figures, charters, trade to GDP, the two count changes, parcels
    per day and the postal stages. ``periods`` is :func:`charter_periods`."""
    return (trade_derived_rows(figs) + other_derived_rows(figs) + charter_derived_rows(periods)
            + [trade_to_gdp_row(figs, panel)]
            + [growth_between(figs, earlier, later) for earlier, later in COUNT_CHANGES]
            + [parcels_per_day_row(figs), stage_total_row(times)])


def numbers(figs: pd.DataFrame, times: pd.DataFrame, timeline: pd.DataFrame,
            panel: pd.DataFrame, charters: pd.DataFrame) -> dict[str, object]:
    """Name -> value of every number glued into the chapter's text, from the tables
    ``heilongjiang_figures``, ``delivery_times``, ``heilongjiang_timeline`` and
    ``provincial_panel`` and the registry ``heilongjiang_charter_periods``."""
    readings = times_increase_readings(figures.value(figs, "song-cbec-trade-2020q1q3"),
                                       figures.value(figs, "song-cbec-trade-2020q1q3-growth"))
    trade = trade_2019(figs).set_index(["flow", "partner"])
    rows = {str(row["figure_id"]): float(row["value"])  # type: ignore[arg-type]
            for row in page_derived_rows(figs, times, panel, charter_periods(figs, charters))}
    implied = {name: implied_previous_level(figures.value(figs, level),
                                            figures.value(figs, rate))
               for name, (level, rate) in RUSSIA_FLOWS.items()}
    return {
        "n_figures": len(figs),
        "n_times": len(times),
        "n_events": len(timeline),
        "cbec2019_a": float(readings.loc[0, "implied_previous"]),
        "cbec2019_b": float(readings.loc[1, "implied_previous"]),
        "share_total": float(trade.loc[("Total trade", "Russia"), "share_of_flow_pct"]),
        "share_imports": float(trade.loc[("Imports", "Russia"), "share_of_flow_pct"]),
        "share_exports": float(trade.loc[("Exports", "Russia"), "share_of_flow_pct"]),
        "other_total": float(trade.loc[("Total trade", "Other partners"), "value_2019"]),
        "trade_gdp": rows["hlj-trade-to-gdp-2019"],
        "nat_total": rows["hlj-total-2019-national-growth"],
        "nat_exports": rows["hlj-exports-2019-national-growth"],
        "nat_imports": rows["hlj-imports-2019-national-growth"],
        "other_growth_total": rows["hlj-total-2019-other-growth"],
        "other_growth_exports": rows["hlj-exports-2019-other-growth"],
        "share_total_2018": rows["hlj-total-2018-russia-share-implied"],
        "share_exports_2018": rows["hlj-exports-2018-russia-share-implied"],
        "bri_total": rows["hlj-bri-trade-2019-implied"],
        "pop_implied": rows["hlj-population-implied-2019"],
        "pop_nbs": float(panel_value(panel, "resident_pop_10k", 2019) / 100),
        "growth_platforms": rows["hlj-ecommerce_platforms-change-2014-start-2016"],
        "growth_stores": rows["hlj-online_stores-change-2014-start-2016"],
        "wh_per_firm": rows["hlj-warehouses-per-firm-2017"],
        "parcels_per_day": rows["hlj-parcels-per-day-2014q1"],
        "q1_days": days_in_period("2014-Q1"),
        "tpf_2018": rows["hlj-charter-tons-per-flight-2018"],
        "tpf_2017": rows["hlj-charter-tons-per-flight-2013-2017"],
        "tpf_164": rows["hlj-charter-tons-per-flight-2018-jan-oct"],
        "kg_2018": rows["hlj-charter-kg-per-parcel-2018"],
        "kg_7m": rows["hlj-charter-kg-per-parcel-2018-jan-oct"],
        "sortie_ratio": rows["hlj-charter-2018-rate-ratio"],
        "tons_2019q1q3": rows["hlj-charter-tons-2019q1q3-implied"],
        "post_stages": rows["hlj-post-stage-total"],
        "rail_share_2017": rows["hlj-rail-2017-share-of-runs"],
        "rail_per_train_2017": rows["hlj-rail-value-per-train-2017"],
        "rail_per_train_1516": rows["hlj-rail-value-per-train-2015-2016"],
        "pay_average": rows["hlj-payment-value-per-transaction"],
        "ex1_gap_abs": abs(float(implied["exports"] + implied["imports"] - implied["total"])),
    }
