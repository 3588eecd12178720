"""Altair charts of the chapter heilongjiang. Each builder only renders the tidy frame it is
given (built by the chapter's other modules) with a source line, and never derives data."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cbec import charts
from cbec.chapters.heilongjiang.charters import CHARTER_METRICS, COMPARE
from cbec.chapters.heilongjiang.delivery import DELIVERY_GROUPS
from cbec.chapters.heilongjiang.derive import SNAPSHOTS
from cbec.chapters.heilongjiang.timeline import TIMELINE_CATEGORIES
from cbec.chapters.heilongjiang.trade import FLOWS, GROWTH_SERIES


def trade_composition_chart(shown: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Horizontal bars of 2019 exports and imports with Russia and with other partners
    (other partners derived), labelled with value and share."""
    order = list(shown["row"])
    base = alt.Chart(shown).encode(
        y=alt.Y("row:N", sort=order, title=None, axis=None),
        x=alt.X("value_2019:Q", title=["2019, billion yuan", "(share of the flow, derived)"],
                scale=alt.Scale(domain=[0, 160])),
        tooltip=["row", "status", alt.Tooltip("value_2019:Q", format=".2f"), "label"],
    )
    bars = base.mark_bar(height=26).encode(
        color=alt.Color("partner:N", title="Partner", sort=["Russia", "Other partners"],
                        legend=alt.Legend(columns=1),
                        scale=alt.Scale(range=[charts.PALETTE[0], charts.PALETTE[1]])),
        strokeDash=alt.StrokeDash("status:N", title="Value",
                                  sort=["printed", "derived in code"],
                                  legend=alt.Legend(columns=1),
                                  scale=alt.Scale(range=[[1, 0], [4, 3]])),
        stroke=alt.value("#000000"), strokeWidth=alt.value(1.2),
        opacity=alt.Opacity("status:N", legend=None, sort=["printed", "derived in code"],
                            scale=alt.Scale(range=[1.0, 0.55])),
    )
    text = base.mark_text(align="left", baseline="bottom", dx=2, dy=-15, fontSize=11).encode(
        text="label:N", x=alt.value(0))
    chart = (bars + text).properties(width="container", height=260)
    description = "; ".join(f"{r.label} billion yuan" for r in shown.itertuples())
    return charts.with_source(chart, source, "Heilongjiang goods trade 2019. " + description)


def trade_growth_chart(shown: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Dot plot of 2019 growth rates by flow: Heilongjiang with all partners and with
    Russia (printed), with other partners and China nationally (derived)."""
    series_order = list(GROWTH_SERIES.values())
    base = alt.Chart(shown).encode(
        y=alt.Y("flow:N", sort=list(FLOWS), title=None),
        yOffset=alt.YOffset("series:N", sort=series_order),
        x=alt.X("growth_2019_pct:Q", title="Growth over 2018, percent",
                scale=alt.Scale(domain=[0, 45])),
        tooltip=["flow", "series", "kind", alt.Tooltip("growth_2019_pct:Q", format=".1f")],
    )
    points = base.mark_point(size=90, filled=True).encode(
        color=alt.Color("series:N", sort=series_order, title=None,
                        legend=alt.Legend(columns=1)),
        shape=alt.Shape("kind:N", legend=None, sort=["reported", "derived"],
                        scale=alt.Scale(domain=["reported", "derived"],
                                        range=[charts.KIND_SHAPES["reported"],
                                               charts.KIND_SHAPES["derived"]])),
    )
    text = base.mark_text(align="left", dx=8, fontSize=11).encode(text="label:N")
    chart = (points + text).properties(width="container", height=330)
    description = "; ".join(f"{r.flow}, {r.series}: {r.label}" for r in shown.itertuples())
    return charts.with_source(chart, source, "Growth of goods trade in 2019. " + description)

def charter_chart(shown: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Each dated charter figure as a segment over the months it covers, at its derived
    monthly rate (the frame's last column, ``flights_per_month`` or ``tons_per_month``),
    labelled with the printed total."""
    metric = str(shown.columns[-1])
    if metric not in CHARTER_METRICS:
        raise ValueError(f"the last column must be one of {sorted(CHARTER_METRICS)}")
    y_title = CHARTER_METRICS[metric][0]
    base = alt.Chart(shown).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(
            domain=[pd.Timestamp(2013, 7, 1).isoformat(), pd.Timestamp(2021, 1, 1).isoformat()]),
            axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(f"{metric}:Q", title=y_title, scale=alt.Scale(zero=True)),
        tooltip=["label", "printed_total", "months", alt.Tooltip(f"{metric}:Q", format=".1f")],
    )
    segments = base.mark_rule(strokeWidth=5).encode(
        x2="end:T",
        color=alt.Color("conflict:N", title=None, sort=[COMPARE, "other periods"],
                        legend=alt.Legend(columns=1),
                        scale=alt.Scale(range=[charts.PALETTE[5], charts.PALETTE[0]])),
        strokeDash=alt.StrokeDash("conflict:N", legend=None,
                                  sort=[COMPARE, "other periods"],
                                  scale=alt.Scale(range=[[6, 3], [1, 0]])),
    )
    points = base.mark_point(shape=charts.KIND_SHAPES["derived"], filled=True, size=70,
                             color="#000000").encode(x="mid:T")
    early_text = base.transform_filter("!datum.late").mark_text(
        align="left", dy=-10, fontSize=11).encode(y="label_y:Q", text="printed_total:N")
    late_text = base.transform_filter("datum.late").mark_text(
        align="right", dy=-10, fontSize=11).encode(x="end:T", y="label_y:Q",
                                                  text="printed_total:N")
    chart = (segments + points + early_text + late_text).properties(width="container",
                                                                     height=300)
    description = "; ".join(
        f"{r.label}: {r.printed_total} in {r.months} months, {getattr(r, metric):.1f} per "
        "month (derived)" for r in shown.itertuples())
    return charts.with_source(chart, source, "Harbin–Russia air-cargo charters. " + description)

def delivery_chart(shown: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Delivery-time ranges (days) by channel, grouped by era, each row labelled above its
    bar; converted values are marked as derived (diamond)."""
    order = list(shown["row"])
    y = alt.Y("row:N", sort=order, title=None, axis=None)
    x_scale = alt.Scale(domain=[0, 100])
    base = alt.Chart(shown).encode(y=y, tooltip=["group", "row", "label", "kind"])
    span = base.mark_bar(height=8, cornerRadius=3, yOffset=5).encode(
        x=alt.X("days_low:Q", title="Days from order to delivery", scale=x_scale,
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100])),
        x2="days_high:Q",
        color=alt.Color("group:N", title=None, sort=list(DELIVERY_GROUPS),
                        legend=alt.Legend(columns=1)),
    )
    ends = alt.Chart(shown.melt(id_vars=["group", "row", "label", "kind"],
                                value_vars=["days_low", "days_high"], value_name="days")
                     ).mark_point(filled=True, size=45, color="#000000", yOffset=5).encode(
        y=y, x=alt.X("days:Q", scale=x_scale),
        shape=alt.Shape("kind:N", title="Value", sort=["reported", "derived"],
                        legend=alt.Legend(columns=1),
                        scale=alt.Scale(domain=["reported", "derived"],
                                        range=[charts.KIND_SHAPES["reported"],
                                               charts.KIND_SHAPES["derived"]])),
    )
    text = base.mark_text(align="left", baseline="bottom", dy=-3, fontSize=11).encode(
        x=alt.value(0), text="caption:N")
    chart = (span + ends + text).properties(width="container", height=alt.Step(36))
    description = "; ".join(f"{r.row} ({r.group}): {r.label} days" for r in shown.itertuples())
    return charts.with_source(chart, source, "Delivery times. " + description)

def platform_chart(shown: pd.DataFrame, captions: pd.DataFrame,
                   source: str) -> alt.TopLevelMixin:
    """Dot plot (log scale) of the counts by snapshot, each row labelled above with its
    printed values; a line joins the two snapshots of platforms and of stores."""
    order = list(captions["label"])
    snapshots = list(SNAPSHOTS.values())
    y = alt.Y("label:N", sort=order, title=None, axis=None)
    x_scale = alt.Scale(type="log", domain=[1, 1_000_000])
    base = alt.Chart(shown).encode(
        y=y,
        x=alt.X("value:Q", title="Count (log scale)", scale=x_scale,
                axis=alt.Axis(values=[1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
                              format="~s")),
        tooltip=["label", "snapshot", alt.Tooltip("value:Q", format=",.0f"), "printed"],
    )
    lines = base.mark_line(color="#7f7f7f", strokeWidth=2, yOffset=5).encode(detail="label:N")
    points = base.mark_point(filled=True, size=70, yOffset=5).encode(
        color=alt.Color("snapshot:N", title="When", sort=snapshots,
                        legend=alt.Legend(columns=2),
                        scale=alt.Scale(domain=snapshots, range=list(charts.PALETTE[:4]))),
        shape=alt.Shape("snapshot:N", title="When", sort=snapshots,
                        scale=alt.Scale(domain=snapshots,
                                        range=["circle", "square", "triangle-up", "cross"])),
    )
    text = alt.Chart(captions).mark_text(align="left", baseline="bottom", dy=-3,
                                         fontSize=11).encode(
        y=y, x=alt.value(0), text="caption:N")
    chart = (lines + points + text).properties(width="container", height=alt.Step(34))
    description = "; ".join(f"{r.label}, {r.snapshot}: {r.value:,.0f}"
                            for r in shown.itertuples())
    return charts.with_source(chart, source,
                              "Heilongjiang e-commerce platforms and facilities. " + description)


def timeline_chart(shown: pd.DataFrame, source: str) -> alt.TopLevelMixin:
    """Events by category over 2013–2020; a bar spans the printed precision (a month or a
    year), the marker's shape and colour give the source."""
    sources = list(dict.fromkeys(shown["source_label"]))
    base = alt.Chart(shown).encode(
        y=alt.Y("category:N", sort=list(TIMELINE_CATEGORIES), title=None),
        yOffset=alt.YOffset("source_label:N", sort=sources),
        tooltip=["date", "category", "event", "source_label"],
    )
    spans = base.mark_bar(height=6, opacity=0.35, color="#4d4d4d").encode(
        x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(domain=[pd.Timestamp(2013, 1, 1).isoformat(),
                                        pd.Timestamp(2021, 1, 1).isoformat()])),
        x2="end:T")
    points = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x="mid:T",
        color=alt.Color("source_label:N", title="Source", sort=sources,
                        legend=alt.Legend(columns=2),
                        scale=alt.Scale(domain=sources,
                                        range=list(charts.PALETTE[:len(sources)]))),
        shape=alt.Shape("source_label:N", title="Source", sort=sources,
                        scale=alt.Scale(domain=sources, range=[
                            "circle", "square", "triangle-up", "diamond"][:len(sources)])),
    )
    chart = (spans + points).properties(width="container", height=360)
    counts = shown.groupby("category").size()
    description = (f"{len(shown)} dated events from {shown['start'].min():%Y} to "
                   f"{shown['start'].max():%Y}: "
                   + ", ".join(f"{counts.get(c, 0)} {c}" for c in TIMELINE_CATEGORIES) + ".")
    return charts.with_source(chart, source, "Timeline. " + description)

