"""Figures the AliExpress chapter derives and the frames its tables and charts show: daily
orders and the base implied by '5 times', growth rates (both readings of '4.6 times'),
metrics placed in time, the conflicts side by side, delivery days, payment methods by region,
and :func:`numbers`, every number the chapter glues into its prose.

Derived figures are rows of the figures layout made by :func:`cbec.data.figures.derived_row`
(``kind="derived"``, with their inputs and formula).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from cbec.chapters.aliexpress.fees import break_even_amount, check_fee_table, fee_savings
from cbec.chapters.aliexpress.labels import format_value, short_line_label
from cbec.chapters.aliexpress.registry import chart_labels, series_labels
from cbec.chapters.aliexpress.stages import (
    dated_events,
    period_position,
    stage_date_mismatches,
    undated_events,
)
from cbec.charts.tables import display_frame
from cbec.data import figures, registries


def daily_orders_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Gu's daily orders in Russia (2012–2013), Russia's 2013 parcel capacity, and derived
    rows: the growth multiple 2012 (end / start) and the base implied by '5 times'."""
    ids = ["gu-daily-orders-2012-start", "gu-daily-orders-2012-end", "gu-daily-orders-2013-03"]
    reported = frame.set_index("figure_id").loc[ids].reset_index()[list(frame.columns)]
    start = figures.value(frame, "gu-daily-orders-2012-start")
    end = figures.value(frame, "gu-daily-orders-2012-end")
    march = figures.value(frame, "gu-daily-orders-2013-03")
    multiple = figures.value(frame, "gu-daily-orders-multiple-2013-03")
    derived = [
        figures.derived_row(
            figure_id="ali-implied-base-2013-03", metric="aliexpress_daily_orders",
            value=march / multiple, unit="orders per day", period="2013-03",
            geography="Russia",
            inputs=["gu-daily-orders-2013-03", "gu-daily-orders-multiple-2013-03"],
            formula="March 2013 daily orders / printed multiple: the 'original volume' implied",
            year=2013),
        figures.derived_row(
            figure_id="ali-daily-orders-multiple-2012", metric="aliexpress_daily_orders_multiple",
            value=end / start, unit="times start-of-year level", period="2012",
            geography="Russia", inputs=["gu-daily-orders-2012-end", "gu-daily-orders-2012-start"],
            formula="end-2012 daily orders / start-2012 daily orders", year=2012),
    ]
    return figures.with_derived(reported, derived)


def singles_day_check(frame: pd.DataFrame) -> dict[str, float]:
    """Growth of Singles' Day GMV 2016→2017 computed from the two printed levels (percent),
    next to the printed growth: equal only if both levels are in the same currency."""
    computed = (figures.value(frame, "gu-singles-day-2017-gmv")
                / figures.value(frame, "gu-singles-day-2016-gmv") - 1) * 100
    return {"computed_growth_pct": computed,
            "printed_growth_pct": figures.value(frame, "gu-singles-day-growth-2017")}


def orders_2013_per_day(frame: pd.DataFrame) -> float:
    """Orders per day implied by Zhao's '10 billion' orders in 2013 (value × 1e9 / 365)."""
    row = figures.figure(frame, "zhao-orders-2013")
    if str(row["unit"]) != "billion orders":
        raise ValueError(f"unexpected unit {row['unit']!r} for zhao-orders-2013")
    return float(row["value"]) * 1e9 / 365


def growth_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> pd.DataFrame:
    """Printed growth rates (percent) named by the ``growth`` rows of ``chart_rows``
    (``aliexpress_chart_rows``), plus derived rows: both readings of 'increased by 4.6 times',
    the 2017 Singles' Day growth recomputed and the 2012 daily-order growth; each row is
    labelled from ``chart_rows``."""
    labels = chart_labels(chart_rows, "growth")
    reported = frame[frame["figure_id"].isin(labels)].copy()
    times = figures.value(frame, "zhao-daily-traffic-growth-2012-11")
    start = figures.value(frame, "gu-daily-orders-2012-start")
    end = figures.value(frame, "gu-daily-orders-2012-end")
    traffic = ["zhao-daily-traffic-growth-2012-11"]
    derived = [
        figures.derived_row(
            figure_id="ali-traffic-growth-reading-a",
            metric="aliexpress_daily_overseas_traffic_growth", value=(times - 1) * 100,
            unit="percent", period="2012-11", geography="world", inputs=traffic,
            formula="reading A: traffic = m × last year; growth = (m − 1) × 100", year=2012),
        figures.derived_row(
            figure_id="ali-traffic-growth-reading-b",
            metric="aliexpress_daily_overseas_traffic_growth", value=times * 100,
            unit="percent", period="2012-11", geography="world", inputs=traffic,
            formula="reading B: traffic rose by m × last year; growth = m × 100", year=2012),
        figures.derived_row(
            figure_id="ali-singles-day-growth-check", metric="alibaba_singles_day_gmv_growth",
            value=singles_day_check(frame)["computed_growth_pct"], unit="percent",
            period="2017-11-11", geography="China",
            inputs=["gu-singles-day-2017-gmv", "gu-singles-day-2016-gmv"],
            formula="(2017 GMV / 2016 GMV − 1) × 100, both levels read in the same currency",
            year=2017),
        figures.derived_row(
            figure_id="ali-daily-orders-growth-2012", metric="aliexpress_daily_orders_growth",
            value=(end / start - 1) * 100, unit="percent", period="2012", geography="Russia",
            inputs=["gu-daily-orders-2012-end", "gu-daily-orders-2012-start"],
            formula="(end-2012 / start-2012 daily orders − 1) × 100", year=2012),
    ]
    out = figures.with_derived(reported.reset_index(drop=True), derived)
    missing = sorted(set(out["figure_id"]) - set(labels))
    if missing:
        raise KeyError(f"growth rows without a label in aliexpress_chart_rows: {missing}")
    out["label"] = out["figure_id"].map(labels)
    out["kind_label"] = out["kind"].map(lambda k: "derived in code" if k == figures.DERIVED
                                        else "printed")
    return out.sort_values(["year", "figure_id"], kind="stable").reset_index(drop=True)


def metrics_frame(frame: pd.DataFrame, metric_series: pd.DataFrame,
                      min_gap: float = 0.6) -> pd.DataFrame:
    """Dated rows of the metrics of ``metric_series`` (``aliexpress_metric_series``, top row
    first) with a time position, a row label, a
    value label and its alignment (see :func:`label_alignment`). Rows without a printed
    period are left out (they cannot be placed)."""
    labels = series_labels(metric_series)
    chosen = frame[frame["metric"].isin(labels) & frame["period"].notna()].copy()
    chosen["position"] = chosen["period"].map(period_position)
    chosen["series"] = chosen["metric"].map(labels)
    chosen["value_label"] = [
        ("#" if m == "aliexpress_global_website_rank" else "") + format_value(v)
        for m, v in zip(chosen["metric"], chosen["value"], strict=True)]
    chosen["cite"] = [figures.cite(row) for _, row in chosen.iterrows()]
    order = {m: i for i, m in enumerate(labels)}
    chosen["series_order"] = chosen["metric"].map(order)
    chosen = chosen.sort_values(["series_order", "position", "figure_id"], kind="stable")
    chosen = chosen.reset_index(drop=True)
    chosen["label_align"] = label_alignment(chosen["series"], chosen["position"], min_gap)
    return chosen


def label_alignment(series: Sequence[str], position: Sequence[float],
                    min_gap: float = 0.6) -> list[str]:
    """``center`` for each point's value label, except that two neighbours of one series
    closer than ``min_gap`` years have their labels pushed apart (``right`` / ``left``).
    Inputs must be sorted by series, then position."""
    series, position = list(series), [float(p) for p in position]
    if len(series) != len(position):
        raise ValueError("series and position must have the same length")
    align = ["center"] * len(series)
    for i in range(1, len(series)):
        if series[i] == series[i - 1] and position[i] - position[i - 1] < min_gap:
            align[i - 1] = "right" if align[i - 1] == "center" else align[i - 1]
            align[i] = "left"
    return align


def printed_items(events: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Figures and dated events in one frame (ids in ``figure_id``) with ``printed_as``: what
    the source prints, with its citation ("7,000 orders per day (2012-01) — Gu (2018), §3.5";
    "2010-04: … — Gu (2018), §3.5")."""
    figs = pd.DataFrame({
        "figure_id": frame["figure_id"].astype(str), "source": frame["source"].astype(str),
        "printed_as": [f"{format_value(r['value'])} {r['unit']}"
                       + (f" ({r['period']})" if pd.notna(r["period"]) else "")
                       + f" — {figures.cite(r)}" for _, r in frame.iterrows()]})
    dated = pd.DataFrame({
        "figure_id": events["event_id"].astype(str), "source": events["source"].astype(str),
        "printed_as": [f"{r['date']}: {r['event']} — {figures.cite(r)}"
                       for _, r in events.iterrows()]})
    return pd.concat([figs, dated], ignore_index=True)


def conflicts_table(conflicts: pd.DataFrame, events: pd.DataFrame,
                    frame: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict of ``conflicts`` (``aliexpress_conflicts``): what each source
    prints (value or dated event, with citation) and the book's reading. Raises
    ``KeyError`` if an id is in neither ``frame`` nor ``events``."""
    summary = registries.conflicts_summary(
        conflicts, printed_items(events, frame), joined={"printed_as": " | "},
        group_columns=("topic", "reading"))
    return display_frame(summary, {"topic": "topic", "printed_as": "what the sources print",
                                   "reading": "reading"})


def days_kind(days_min: object, days_max: object, qualifier: object) -> str | None:
    """How printed delivery days read: ``range`` (both ends), ``lower bound`` (only a
    minimum, 'more than'), ``upper bound`` ('within'), ``single value``; ``None`` if no days."""
    has_min, has_max = pd.notna(days_min), pd.notna(days_max)
    if has_min and has_max:
        return "range"
    if has_min:
        return "lower bound"
    if has_max:
        return "upper bound" if "within" in str(qualifier) else "single value"
    return None


def logistics_frame(lines: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``logistics_lines`` that print delivery days, with ``kind``, plot ends ``lo`` /
    ``hi`` and a text label ('≤ 25', '> 30', '3–5', '28')."""
    frame = lines[lines["days_min"].notna() | lines["days_max"].notna()].copy()
    frame["kind"] = [days_kind(a, b, q) for a, b, q in
                     zip(frame["days_min"], frame["days_max"], frame["days_qualifier"],
                         strict=True)]
    frame["lo"] = frame["days_min"].fillna(frame["days_max"]).astype(float)
    frame["hi"] = frame["days_max"].fillna(frame["days_min"]).astype(float)
    prefix = {"upper bound": "≤ ", "lower bound": "> ", "single value": "", "range": ""}
    frame["days_label"] = [
        f"{int(lo)}–{int(hi)}" if k == "range" else f"{prefix[k]}{int(lo)}"
        for k, lo, hi in zip(frame["kind"], frame["lo"], frame["hi"], strict=True)]
    frame["label"] = [short_line_label(line) for line in frame["line"]]
    frame["line_type_label"] = frame["line_type"].str.replace("_", " ")
    frame["russia"] = frame["route"].str.contains("Russia", na=False)
    frame["cite"] = [figures.cite(row) for _, row in frame.iterrows()]
    return frame.sort_values(["russia", "hi", "line_id"],
                             ascending=[False, True, True], kind="stable").reset_index(drop=True)


def payment_methods_table(methods: pd.DataFrame) -> pd.DataFrame:
    """Region × source summary: the methods of Zhao's Picture 3.3 and those named in running
    text (Gu, Zhao), with counts (derived)."""
    rows = []
    for region, group in methods.groupby("region", sort=True):
        table = group[group["from_table"]]
        text = group[~group["from_table"]]
        rows.append({
            "region": region,
            "Zhao Picture 3.3": ", ".join(sorted(table["method"])) or "—",
            "named in running text": "; ".join(
                f"{m} ({figures.SOURCE_LABELS[s]}, {p})" for m, s, p in
                sorted(zip(text["method"], text["source"], text["platform"], strict=True)))
            or "—",
            "distinct methods (derived)": group["method"].str.replace(" ", "").str.lower()
                                                         .nunique(),
        })
    return pd.DataFrame.from_records(rows)




# ---- the numbers glued into the prose ---------------------------------------------------------

JD_SITE_EVENT = "gu-2015-06-18-jd-russian-site"
OTHER_TOOLS = "Other Cross-boarder Online Payment Tools"
POSTAL_LEGS: tuple[str, ...] = ("gu-postal-china-border", "gu-postal-customs",
                                "gu-postal-russia-domestic")
# Glue names of printed figures quoted in the prose -> (table, figure id).
PRINTED: dict[str, tuple[str, str]] = {
    "ali_smartphone_s36": ("aliexpress_figures", "gu-smartphone-penetration-undated"),
    "ali_tmall_global_countries": ("aliexpress_figures", "zhao-tmall-global-countries"),
    "ali_carriers_share": ("aliexpress_figures", "gu-russian-carriers-share-of-volume"),
    "ali_search_local": ("aliexpress_figures", "gu-search-share-russian-engine"),
    "ali_search_google": ("aliexpress_figures", "gu-search-share-google"),
    "ali_vk_users": ("aliexpress_figures", "gu-vk-registered-users"),
    "ali_smartphone_s12": ("russia_market_figures", "gu-smartphone-penetration-2014"),
}


def numbers(tables: Mapping[str, pd.DataFrame]) -> dict[str, object]:
    """Every number the chapter glues into its prose, by glue name, in the order the prose
    first uses them: counts of events and figures, printed figures (:data:`PRINTED`), the
    date of JD.com's Russian site (Markdown, for ``{glue:md}``) and the derived checks of
    stages, growth, daily orders, Singles' Day, fees and delivery days.

    ``tables`` maps table names to frames: ``aliexpress_events``, ``aliexpress_stages``,
    ``aliexpress_figures``, ``russia_market_figures``, ``payment_fees`` and
    ``logistics_lines``.
    """
    from IPython.display import Markdown  # what {glue:md} needs

    events, stages = tables["aliexpress_events"], tables["aliexpress_stages"]
    figs, fees = tables["aliexpress_figures"], tables["payment_fees"]
    out: dict[str, object] = {
        "ali_n_events": len(events),
        "ali_n_dated": len(dated_events(events, stages)),
        "ali_n_undated": len(undated_events(events)),
        "ali_n_figures": len(figs),
    }
    out.update({name: figures.value(tables[table], figure_id)
                for name, (table, figure_id) in PRINTED.items()})
    jd_site = date.fromisoformat(str(events.set_index("event_id").loc[JD_SITE_EVENT, "date"]))
    out["ali_jd_site_date"] = Markdown(f"{jd_site.day} {jd_site:%B %Y}")
    out["ali_n_mismatch"] = len(stage_date_mismatches(events, stages))
    views = figures.metric_rows(figs, "aliexpress_daily_page_views").set_index("period")
    out["ali_pageviews_ratio"] = float(views.loc["2016-03", "value"] / views.loc["2015", "value"])
    out["ali_growth_ratio_2015"] = (figures.value(figs, "zhao-aliexpress-growth-2015")
                                    / figures.value(figs, "zhao-global-cbec-growth-2015"))
    orders = daily_orders_figures(figs)
    out["ali_implied_base"] = figures.value(orders, "ali-implied-base-2013-03")
    out["ali_orders_multiple_2012"] = figures.value(orders, "ali-daily-orders-multiple-2012")
    out["ali_march_vs_end"] = 100 * (1 - figures.value(figs, "gu-daily-orders-2013-03")
                                     / figures.value(figs, "gu-daily-orders-2012-end"))
    out["ali_sd_growth"] = singles_day_check(figs)["computed_growth_pct"]
    out["ali_orders_per_day_2013"] = orders_2013_per_day(figs) / 1e6
    check = check_fee_table(fees, 300).set_index("method")
    out["ali_other_net_min"] = float(check.loc[OTHER_TOOLS, "computed min"])
    out["ali_other_net_max"] = float(check.loc[OTHER_TOOLS, "computed max"])
    out["ali_alipay_net_max"] = float(check.loc["Alipay", "computed max"])
    savings = fee_savings(fees, 300).set_index("method")
    out["ali_other_saving"] = float(savings.loc[OTHER_TOOLS, "computed max saving"])
    out["ali_other_saving_gap"] = float(savings.loc[OTHER_TOOLS, "gap"])
    out["ali_be_low"] = break_even_amount(fees, "Alipay", "max", "T/T", "min")
    out["ali_be_high"] = break_even_amount(fees, "Alipay", "max", "T/T", "max")
    legs = logistics_frame(tables["logistics_lines"]).set_index("line_id")
    out["ali_post_legs_sum"] = float(legs.loc[list(POSTAL_LEGS), "hi"].sum())
    out["ali_yanwen_saving"] = float(legs.loc["zhao-postal-parcel-russia", "hi"]
                                     - legs.loc["zhao-yanwen-russia", "hi"])
    return out
