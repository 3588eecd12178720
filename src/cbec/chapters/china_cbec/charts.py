"""Altair charts of the chapter china_cbec. Each builder only renders the tidy frame it is
given (built by :mod:`cbec.chapters.china_cbec.derive`) with a source line, and never
derives data itself."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cbec.chapters.china_cbec.derive import (
    DERIVED_GROWTH,
    NOT_USED,
    OBSTACLE_LABELS,
    RECONCILED,
    SOURCE_ORDER,
    USED,
    source_label,
)
from cbec.charts import KIND_SHAPES, PALETTE, with_source
from cbec.data import figures

SERIES_COLOURS: dict[str, str] = {
    figures.SOURCE_LABELS["xu_nd"]: PALETTE[0],
    figures.SOURCE_LABELS["zhao2021"]: PALETTE[1],
    figures.SOURCE_LABELS["gu2018"]: PALETTE[2],
    RECONCILED: PALETTE[7],
    DERIVED_GROWTH: PALETTE[7],
}
# Shapes telling the sources apart without colour; the diamond stays reserved for derived
# values, as in charts.KIND_SHAPES.
SERIES_SHAPES: dict[str, str] = {
    figures.SOURCE_LABELS["xu_nd"]: "circle",
    figures.SOURCE_LABELS["zhao2021"]: "square",
    figures.SOURCE_LABELS["gu2018"]: "triangle-right",
    RECONCILED: KIND_SHAPES["derived"],
    DERIVED_GROWTH: KIND_SHAPES["derived"],
}


def _year_scale(first: int, last: int) -> alt.Scale:
    return alt.Scale(domain=[first - 0.5, last + 0.5], nice=False)


def _year_axis(first: int, last: int) -> alt.X:
    return alt.X("year:Q", title=None, scale=_year_scale(first, last),
                 axis=alt.Axis(format="d", values=list(range(2000, last + 1, 5))))


def scale_chart(points: pd.DataFrame, bands: pd.DataFrame, source: str) -> alt.LayerChart:
    """Log-scale chart of printed CBEC scale values by source, with the reconciled line."""
    first, last = 2000, int(points["year"].max())
    series_domain = [s for s in SERIES_SHAPES if s in set(points["series"])
                     and s != DERIVED_GROWTH]
    colour = alt.Color("series:N", title="Series", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=series_domain,
                                       range=[SERIES_COLOURS[s] for s in series_domain]))
    shape = alt.Shape("series:N", title="Series", legend=alt.Legend(columns=1),
                      scale=alt.Scale(domain=series_domain,
                                      range=[SERIES_SHAPES[s] for s in series_domain]))
    x = _year_axis(first, last)
    y = alt.Y("value:Q", title="Trillion yuan (log scale)",
              scale=alt.Scale(type="log", domain=[0.05, 20], nice=False))
    base = alt.Chart(points)
    # odd-numbered stages are shaded; a filter rather than a conditional opacity keeps the
    # fillOpacity legend of the points intact
    band_layer = alt.Chart(bands).transform_filter("datum.stage % 2 == 1").mark_rect(
        color="#000000", opacity=0.06).encode(
        x=alt.X("start:Q", scale=_year_scale(first, last)), x2="end:Q",
        tooltip=[alt.Tooltip("label:N", title="Stage"), alt.Tooltip("name:N", title="Name")],
    )
    band_text = alt.Chart(bands).mark_text(align="left", baseline="top", dx=3, fontSize=10,
                                           color="#4d4d4d").encode(
        x=alt.X("start:Q", scale=_year_scale(first, last)), y=alt.value(4), text="label:N")
    line = base.transform_filter(alt.datum.series == RECONCILED).mark_line(
        strokeDash=[6, 3], strokeWidth=1.5).encode(x=x, y=y, color=colour)
    tooltip = [alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("printed:N", title="Value"),
               alt.Tooltip("figure_id:N", title="Figure"),
               alt.Tooltip("locator:N", title="Locator"),
               alt.Tooltip("decision:N", title="Rule")]
    derived = base.transform_filter(alt.datum.series == RECONCILED).mark_point(
        size=190, filled=False, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    marks = base.transform_filter(alt.datum.series != RECONCILED).mark_point(
        size=80, filled=True, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, stroke=colour,
        # unused values are hollow (fill opacity 0) and faded; vega-lite draws no legend for a
        # nominal fillOpacity, so the legend comes from the opacity channel
        fillOpacity=alt.condition(alt.datum.use == USED, alt.value(1.0), alt.value(0.0)),
        opacity=alt.Opacity("use:N", title="Printed value",
                            scale=alt.Scale(domain=[USED, NOT_USED], range=[1.0, 0.6]),
                            legend=alt.Legend(symbolType="circle", orient="top",
                                              direction="vertical", columns=1)),
        tooltip=tooltip)
    chart = alt.layer(band_layer, band_text, line, derived, marks).properties(
        width="container", height=340).resolve_scale(x="shared")
    reconciled = points[points["series"] == RECONCILED].sort_values("year", kind="stable")
    unused = points[(points["series"] != RECONCILED) & (points["use"] == NOT_USED)]
    description = (
        "Log-scale chart of China's cross-border e-commerce transaction value by year. "
        "Reconciled series (trillion yuan): "
        + "; ".join(f"{r.year} {r.value:g}" for r in reconciled.itertuples())
        + ". Printed values drawn hollow because the rule does not use them: "
        + "; ".join(f"{r.series} {r.period} {r.printed}" for r in unused.itertuples())
        + ". Shaded bands mark Zhao's three development stages.")
    return with_source(chart, source, description)



def growth_chart(points: pd.DataFrame, source: str) -> alt.LayerChart:
    """Printed and derived CBEC growth rates: points for one year, segments for spans."""
    first, last = 2000, int(points["year_end"].max())
    domain = [s for s in SERIES_COLOURS if s in set(points["series"])]
    colour = alt.Color("series:N", title="Series", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[s] for s in domain]))
    x = _year_axis(first, last)
    y = alt.Y("growth_pct:Q", title="Growth, % per year", scale=alt.Scale(domain=[0, 45]))
    tooltip = [alt.Tooltip("series:N", title="Series"), alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("year:Q", title="From", format="d"),
               alt.Tooltip("year_end:Q", title="To", format="d"),
               alt.Tooltip("growth_pct:Q", title="Growth, %", format=".2f"),
               alt.Tooltip("figure_id:N", title="Figure"),
               alt.Tooltip("locator:N", title="Locator")]
    base = alt.Chart(points)
    # the dash gets its own domain: vega-lite merges the legends of channels whose scales
    # share a domain, and switching the dash legend off would then hide the shape legend too
    spans = base.transform_filter(alt.datum.mark == "span").transform_calculate(
        dash="datum.kind + ' span'").mark_rule(strokeWidth=2.5).encode(
        x=x, x2="year_end:Q", y=y, color=colour,
        strokeDash=alt.StrokeDash("dash:N", legend=None,
                                  scale=alt.Scale(domain=["reported span", "derived span"],
                                                  range=[[1, 0], [6, 3]])),
        tooltip=tooltip)
    # shape repeats the series (so colour is never the only cue); the diamond of the derived
    # series is the book's mark for derived values
    shape = alt.Shape("series:N", title="Series", legend=alt.Legend(columns=1),
                      scale=alt.Scale(domain=domain, range=[SERIES_SHAPES[s] for s in domain]))
    dots = base.transform_filter(
        (alt.datum.mark == "point") & (alt.datum.kind == "reported")).mark_point(
        size=70, filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    # derived points are drawn larger and hollow so a printed value underneath stays visible
    hollow = base.transform_filter(
        (alt.datum.mark == "point") & (alt.datum.kind == "derived")).mark_point(
        size=160, filled=False, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    chart = alt.layer(spans, dots, hollow).properties(width="container", height=300)
    reported = points[points["kind"] == "reported"]
    derived = points[points["kind"] == "derived"]
    description = (
        "Growth rates of China's cross-border e-commerce transaction value, percent per year. "
        "Printed: " + "; ".join(
            f"{r.series} {r.year}{'' if r.year == r.year_end else f'-{r.year_end}'} "
            f"{r.growth_pct:g}%" for r in reported.itertuples())
        + ". Derived from the reconciled series: " + "; ".join(
            f"{r.year}{'' if r.year == r.year_end else f'-{r.year_end}'} "
            f"{r.growth_pct:.1f}%" for r in derived.itertuples()) + ".")
    return with_source(chart, source, description)



def pilot_zone_chart(bars: pd.DataFrame, printed: pd.DataFrame,
                     source: str) -> alt.LayerChart:
    """Cumulative pilot-zone cities by batch (derived ``bars``) against the ``printed``
    counts (dashed reference lines)."""
    domain = list(bars["series"].unique()) + list(printed["series"])
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=domain,
                                       range=["#999999", PALETTE[1], PALETTE[0]]),
                       legend=alt.Legend(columns=1))
    order = list(bars["batch_label"])
    y_scale = alt.Scale(domain=[0, 180])
    y = alt.Y("cumulative:Q", title="Cities (comprehensive pilot zones)", scale=y_scale)
    bar = alt.Chart(bars).mark_bar().encode(
        x=alt.X("batch_label:N", title="Batch (approval month)", sort=order,
                axis=alt.Axis(labelAngle=-40)),
        y=y, color=colour,
        tooltip=[alt.Tooltip("batch_label:N", title="Batch"),
                 alt.Tooltip("cities:Q", title="Cities in batch"),
                 alt.Tooltip("cumulative:Q", title="Cumulative (derived)")])
    labels = alt.Chart(bars).mark_text(dy=-7, fontSize=11).encode(
        x=alt.X("batch_label:N", sort=order), y=y, text="cumulative:Q")
    rules = alt.Chart(printed).mark_rule(strokeDash=[6, 3], strokeWidth=2).encode(
        y=alt.Y("value:Q", scale=y_scale), color=colour,
        tooltip=[alt.Tooltip("series:N", title="Count"), alt.Tooltip("value:Q", title="Zones"),
                 alt.Tooltip("figure_id:N", title="Figure"),
                 alt.Tooltip("locator:N", title="Locator")])
    rule_text = alt.Chart(printed).mark_text(align="left", baseline="top", dx=4, dy=4,
                                             fontSize=11).encode(
        x=alt.value(0), y=alt.Y("value:Q", scale=y_scale),
        text=alt.Text("series:N"))
    chart = alt.layer(bar, labels, rules, rule_text).properties(width="container", height=280)
    description = (
        "Bars: cumulative number of cross-border e-commerce comprehensive pilot-zone cities "
        "after each batch (derived): " + "; ".join(
            f"batch {r.batch_label} {r.cumulative}" for r in bars.itertuples())
        + ". Dashed lines: counts printed without a date: " + "; ".join(
            f"{r.series.split(':')[0]} {r.value:g}" for r in printed.itertuples()) + ".")
    return with_source(chart, source, description)




def trade_structure_chart(rows: pd.DataFrame, source: str) -> alt.LayerChart:
    """Horizontal bars of China's 2018 trade shares; lower bounds hollow with dashed outline."""
    groups = list(dict.fromkeys(rows["group"]))
    colour = alt.Color("group:N", title="Share of", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=groups, range=list(PALETTE[3:3 + len(groups)])))
    order = list(rows["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("share:Q", title="Share, %", scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("group:N", title="Group"), alt.Tooltip("label:N", title="Item"),
               alt.Tooltip("text:N", title="Share, %"),
               alt.Tooltip("precision:N", title="Precision"),
               alt.Tooltip("printed:N", title="Printed"),
               alt.Tooltip("locator:N", title="Locator")]
    bars = alt.Chart(rows).mark_bar(strokeWidth=1.5).encode(
        x=x, y=y, color=colour, stroke=colour,
        fillOpacity=alt.FillOpacity("precision:N", legend=None,
                                    scale=alt.Scale(domain=["as printed", "lower bound"],
                                                    range=[1.0, 0.15])),
        strokeDash=alt.StrokeDash("precision:N", legend=None,
                                  scale=alt.Scale(domain=["as printed", "lower bound"],
                                                  range=[[1, 0], [4, 2]])),
        tooltip=tooltip)
    text = alt.Chart(rows).mark_text(align="left", dx=3, fontSize=11).encode(
        x=x, y=y, text="text:N")
    chart = alt.layer(bars, text).properties(width="container", height=alt.Step(24))
    description = "Shares of China's trade in 2018, percent. " + "; ".join(
        f"{r.label}: {r.text}{' (lower bound)' if r.precision == 'lower bound' else ''}"
        for r in rows.itertuples()) + "."
    return with_source(chart, source, description)



def problems_chart(matrix: pd.DataFrame, source: str) -> alt.LayerChart:
    """Heatmap of which source raises which obstacle (tick and colour, tooltip locator)."""
    # sources as columns with vertical labels and obstacles as rows: nothing sticks out
    # sideways, so the cells keep a usable width on a phone
    x = alt.X("source_label:N", title=None, sort=[source_label(s) for s in SOURCE_ORDER],
              axis=alt.Axis(labelAngle=-90, orient="top", labelLimit=200))
    y = alt.Y("obstacle_label:N", title=None, sort=list(OBSTACLE_LABELS.values()))
    tooltip = [alt.Tooltip("source_label:N", title="Source"),
               alt.Tooltip("obstacle_label:N", title="Obstacle"),
               alt.Tooltip("status:N", title="Coded"),
               alt.Tooltip("locator:N", title="Locator"),
               alt.Tooltip("evidence:N", title="Evidence"),
               alt.Tooltip("note:N", title="Note")]
    # colour and the glyph in each cell encode the same field, so colour is never the only cue
    cells = alt.Chart(matrix).mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("mark:N", title="Coded as",
                        scale=alt.Scale(domain=["✓", "–"], range=[PALETTE[0], "#e6e6e6"]),
                        legend=alt.Legend(labelExpr="datum.label == '✓' ? '✓ raised' : "
                                                    "'– not raised'")),
        tooltip=tooltip)
    marks = alt.Chart(matrix).mark_text(fontSize=16, fontWeight="bold").encode(
        x=x, y=y, text="mark:N",
        color=alt.condition("datum.raised", alt.value("#ffffff"), alt.value("#4d4d4d")),
        tooltip=tooltip)
    chart = alt.layer(cells, marks).properties(width="container", height=alt.Step(40))
    lines = []
    for label, rows in matrix.groupby("source_label", sort=False):
        raised = ", ".join(rows.loc[rows["raised"], "obstacle_label"]) or "none"
        lines.append(f"{label} raises: {raised}")
    description = ("Heatmap of six obstacles to cross-border e-commerce (rows) by source "
                   "(columns); a tick marks an obstacle the source raises. "
                   + ". ".join(lines) + ".")
    return with_source(chart, source, description)


