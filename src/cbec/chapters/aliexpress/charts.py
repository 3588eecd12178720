"""Altair charts of the AliExpress chapter. Each builder renders a tidy frame it is given
(from :mod:`~cbec.chapters.aliexpress.stages`, :mod:`~cbec.chapters.aliexpress.derive` or,
for charts with several layers of data, a :class:`~cbec.chapters.aliexpress.frames.ChartData`
of :mod:`~cbec.chapters.aliexpress.frames`) and ends with :func:`cbec.charts.with_source`;
none selects or derives figures itself."""

from __future__ import annotations

import altair as alt
import pandas as pd

from cbec import charts
from cbec.chapters.aliexpress.frames import FEE_AXIS_TOP, ChartData
from cbec.chapters.aliexpress.labels import KIND_LABELS, compact_source_line, format_value
from cbec.chapters.aliexpress.stages import ELEMENT_LABELS, FRAMEWORK_DIMENSIONS, SCOPE_LABELS
from cbec.data import figures

STAGE_SHAPES: tuple[str, ...] = ("circle", "square", "triangle-right", "cross")
STAGE_COLOURS: tuple[str, ...] = (charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[2],
                                  "#8c8c8c")


def _kind_scales() -> tuple[alt.Scale, alt.Scale]:
    shapes = alt.Scale(domain=list(KIND_LABELS),
                       range=[charts.KIND_SHAPES["reported"], charts.KIND_SHAPES["derived"]])
    colours = alt.Scale(domain=list(KIND_LABELS), range=[charts.PALETTE[0], charts.PALETTE[5]])
    return shapes, colours


def _row_titles(data: pd.DataFrame, field: str, y: alt.Y) -> alt.Chart:
    """Row names written above each row, left-aligned, instead of axis labels (which would be
    cut short on a phone)."""
    return alt.Chart(data).mark_text(align="left", baseline="bottom", dy=-7, fontSize=11,
                                     color="#1a1a1a").encode(x=alt.value(0), y=y,
                                                             text=f"{field}:N")


def _stage_scale(domain: list[str]) -> tuple[alt.Scale, alt.Scale]:
    colour = alt.Scale(domain=domain, range=list(STAGE_COLOURS[:len(domain)]))
    shape = alt.Scale(domain=domain, range=list(STAGE_SHAPES[:len(domain)]))
    return colour, shape


def timeline_chart(timeline: ChartData) -> alt.TopLevelMixin:
    """Interactive timeline of ``timeline`` (:func:`~cbec.chapters.aliexpress.frames.
    timeline_frame`): one lane per scope, each event a point at its start with a bar over the
    span its printed date covers; colour and shape = Gu's stage. Shaded bands show the
    stages' printed year spans (they share boundary years). Tooltips give the event, the
    date as printed, the stage and the citation; clicking a legend entry highlights a stage.
    (No scroll-zoom: it would trap the page's scrolling on phones.)"""
    dated, bands = timeline.data, timeline.layers["bands"]
    colour, shape = _stage_scale(list(timeline.layers["stage_domain"]["stage_label"]))
    if timeline.domain is None:
        raise ValueError("a timeline needs the extent of its x axis (see timeline_frame)")
    first, last = timeline.domain
    x_scale = alt.Scale(domain=[first, last], nice=False)
    pick = alt.selection_point(name="stage_pick", fields=["stage_label"], bind="legend")
    data = dated[["event_id", "date", "date_precision", "scope_label", "event", "stage_label",
                  "stages_by_date", "cite", "start", "end", "row"]]
    base = alt.Chart(data)
    tooltip = [alt.Tooltip("date:N", title="date as printed"),
               alt.Tooltip("date_precision:N", title="precision"),
               alt.Tooltip("event:N"), alt.Tooltip("stage_label:N", title="Gu's stage"),
               alt.Tooltip("stages_by_date:N", title="stage(s) by year (derived)"),
               alt.Tooltip("cite:N", title="source"), alt.Tooltip("event_id:N", title="id")]
    y = alt.Y("scope_label:N", title=None, sort=list(SCOPE_LABELS.values()),
              axis=alt.Axis(labelAngle=-90, labelAlign="center", labelBaseline="bottom",
                            labelPadding=4))
    y_offset = alt.YOffset("row:O", scale=alt.Scale(paddingInner=0.15))
    legend = alt.Legend(title="Stage (Gu)", columns=1, symbolOpacity=1, labelFontSize=11,
                        labelLimit=300)
    colour_enc = alt.Color("stage_label:N", scale=colour, legend=legend)
    band = alt.Chart(bands).mark_rect(opacity=0.12).encode(
        x=alt.X("band_start:Q", scale=x_scale), x2="band_end:Q", color=colour_enc)
    band_text = alt.Chart(bands).mark_text(align="left", baseline="top", dx=3, dy=3,
                                           fontSize=11, color="#4d4d4d").encode(
        x="band_start:Q", y=alt.value(0), text="band_text:N")
    spans = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("start:Q", scale=x_scale), x2="end:Q", y=y, yOffset=y_offset,
        color=colour_enc, opacity=alt.condition(pick, alt.value(0.6), alt.value(0.1)))
    points = base.mark_point(filled=True, size=55).encode(
        x=alt.X("start:Q", scale=x_scale,
                axis=alt.Axis(format="d", title="Year (bar = span of the printed date)",
                              tickMinStep=1)),
        y=y, yOffset=y_offset, color=colour_enc,
        shape=alt.Shape("stage_label:N", scale=shape, legend=legend),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
        tooltip=tooltip,
    ).add_params(pick)
    chart = alt.layer(band, band_text, spans, points).properties(
        width="container", height=420)
    spans_text = ", ".join(f"{r.band_text} {r.band_start:.0f}–{r.band_end:.0f}"
                           for r in bands.itertuples())
    description = (f"Timeline of {len(dated)} dated events on AliExpress and Alibaba, "
                   "in three lanes (Russia, global, China), from "
                   f"{first} to {last}. Shaded stage spans: {spans_text}. "
                   "Colour and shape give the stage Gu assigns; grey crosses are events Gu "
                   "does not assign. The full list is in the table below the chart.")
    return charts.with_source(chart, timeline.source, description)


def framework_chart(cells: pd.DataFrame) -> alt.TopLevelMixin:
    """Stage × framework dimension grid: cell colour and text say whether the dimension is
    the stage's driver, is discussed, or is not discussed; tooltips give Gu's content."""
    status_scale = alt.Scale(domain=["driver", "discussed", "not discussed"],
                             range=[charts.PALETTE[0], "#a6cee3", "#f2f2f2"])
    order = [ELEMENT_LABELS[d] for d in FRAMEWORK_DIMENSIONS]
    base = alt.Chart(cells).encode(
        x=alt.X("stage:O", title="Stage (Gu 2018)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("dimension_label:N", sort=order, title=None),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("status:N", scale=status_scale, title="In Gu's analysis"),
        tooltip=[alt.Tooltip("stage_label:N", title="stage"),
                 alt.Tooltip("dimension_label:N", title="dimension"),
                 alt.Tooltip("status:N"), alt.Tooltip("content:N"),
                 alt.Tooltip("locator:N", title="Gu (2018)")])
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("status:N"),
        color=alt.condition(alt.datum.status == "driver", alt.value("white"),
                            alt.value("#1a1a1a")))
    chart = alt.layer(rect, text).properties(width="container", height=230)
    drivers = cells[cells["status"] == "driver"]
    description = ("Grid of Gu's three stages against five framework dimensions. Drivers: "
                   + "; ".join(f"stage {s}: {d}" for s, d in
                               zip(drivers["stage"], drivers["dimension_label"], strict=True))
                   + ". The institutional pillars are discussed only for stage 1; "
                     "capabilities only for stages 2 and 3.")
    return charts.with_source(chart, compact_source_line(cells), description)


def daily_orders_chart(orders: ChartData) -> alt.TopLevelMixin:
    """Gu's three daily-order levels for Russia (circles, printed), the base implied by
    '5 times' (diamond, derived) and Russia's 2013 parcel capacity (dashed rule, printed in
    thousands), as :func:`~cbec.chapters.aliexpress.frames.daily_orders_frame` gives them."""
    points, rule_frame = orders.data, orders.layers["rule"]
    shapes, colours = _kind_scales()
    x = alt.X("position:Q", title="Year (position = middle of the printed month)",
              scale=alt.Scale(domain=[2011.9, 2013.4]),
              axis=alt.Axis(format=".1f", values=[2012, 2012.5, 2013]))
    y = alt.Y("value:Q", title="Orders (or parcels) per day", scale=alt.Scale(domain=[0, 35000]))
    base = alt.Chart(points)
    marks = base.mark_point(filled=True, size=120).encode(
        x=x, y=y,
        shape=alt.Shape("kind_label:N", scale=shapes, title=None),
        color=alt.Color("kind_label:N", scale=colours, title=None),
        tooltip=[alt.Tooltip("period:N"), alt.Tooltip("value_label:N", title="orders/day"),
                 alt.Tooltip("kind_label:N", title="kind"), alt.Tooltip("cite:N", title="source"),
                 alt.Tooltip("note:N")])
    labels = base.mark_text(dx=10, align="left", fontSize=12).encode(
        x=x, y=y, text="value_label:N")
    rule = alt.Chart(rule_frame).mark_rule(strokeDash=[6, 4], color="#4d4d4d").encode(y="y:Q")
    rule_text = alt.Chart(rule_frame).mark_text(align="left", dy=-7, fontSize=11,
                                                color="#4d4d4d").encode(
        x=alt.value(4), y="y:Q", text="label:N")
    chart = alt.layer(rule, rule_text, marks, labels).properties(width="container", height=300)
    description = ("Daily AliExpress orders in Russia as printed by Gu: "
                   + ", ".join(f"{p} {v}" for p, v, k in
                               zip(points["period"], points["value_label"], points["kind"],
                                   strict=True) if k != figures.DERIVED)
                   + "; a derived diamond marks the base implied by '5 times'; a dashed line "
                     "marks Russia's 2013 parcel capacity.")
    return charts.with_source(chart, orders.source, description)


def growth_chart(growth: pd.DataFrame) -> alt.TopLevelMixin:
    """Lollipops of growth rates (percent): printed rates as circles, derived ones as
    diamonds, each labelled with its value; row names above the rows."""
    data = growth[["figure_id", "label", "value", "kind_label", "year", "note"]].copy()
    data["year"] = data["year"].astype(int)
    data["zero"] = 0.0
    data["value_label"] = data["value"].map(lambda v: format_value(round(v, 1)) + "%")
    data["cite"] = [figures.cite(r) for _, r in growth.iterrows()]
    order = data["label"].to_list()
    shapes, colours = _kind_scales()
    y = alt.Y("label:N", sort=order, axis=None, scale=alt.Scale(paddingOuter=0.6))
    x_scale = alt.Scale(domain=[0, 750])
    x = alt.X("value:Q", title="Growth, percent", scale=x_scale)
    base = alt.Chart(data)
    stem = base.mark_rule(color="#b3b3b3").encode(x=alt.X("zero:Q", scale=x_scale),
                                                  x2="value:Q", y=y)
    dots = base.mark_point(filled=True, size=100).encode(
        x=x, y=y, shape=alt.Shape("kind_label:N", scale=shapes, title=None),
        color=alt.Color("kind_label:N", scale=colours, title=None),
        tooltip=[alt.Tooltip("label:N", title="what"),
                 alt.Tooltip("value_label:N", title="growth"),
                 alt.Tooltip("kind_label:N", title="kind"), alt.Tooltip("cite:N", title="source"),
                 alt.Tooltip("note:N")])
    text = base.mark_text(align="left", dx=8, fontSize=11).encode(x=x, y=y,
                                                                   text="value_label:N")
    chart = alt.layer(stem, dots, text, _row_titles(data, "label", y)).properties(
        width="container", height=42 * len(data))
    description = "Growth rates in percent: " + "; ".join(
        f"{lab} {val}" for lab, val in zip(data["label"], data["value_label"], strict=True)) + "."
    return charts.with_source(chart, compact_source_line(growth), description)


def metrics_chart(series: pd.DataFrame) -> alt.TopLevelMixin:
    """One row per metric, its printed values placed in time and labelled (each row has its
    own unit, so values are read from the labels, not from a shared axis)."""
    data = series[["figure_id", "series", "series_order", "position", "period", "value_label",
                   "label_align", "unit", "cite", "note"]]
    order = list(dict.fromkeys(data["series"]))
    x = alt.X("position:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[2011.5, 2016.7], nice=False))
    y = alt.Y("series:N", sort=order, axis=None, scale=alt.Scale(paddingOuter=0.5))
    base = alt.Chart(data)
    line = base.mark_line(color="#b3b3b3").encode(x=x, y=y, detail="series:N")
    dots = base.mark_point(filled=True, size=70, color=charts.PALETTE[0],
                           shape=charts.KIND_SHAPES["reported"]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("series:N", title="metric"),
                           alt.Tooltip("period:N"), alt.Tooltip("value_label:N", title="value"),
                           alt.Tooltip("unit:N"), alt.Tooltip("cite:N", title="source"),
                           alt.Tooltip("note:N")])
    texts = [
        base.transform_filter(alt.datum.label_align == align).mark_text(
            align=align, baseline="top", dy=7, dx={"left": 2, "right": -2}.get(align, 0),
            fontSize=11).encode(x=x, y=y, text="value_label:N")
        for align in ("left", "center", "right")]
    chart = alt.layer(line, dots, *texts, _row_titles(data, "series", y)).properties(
        width="container", height=52 * len(order))
    description = "Printed AliExpress metrics placed in time: " + "; ".join(
        f"{s}: " + ", ".join(f"{p} {v}" for p, v in zip(g["period"], g["value_label"],
                                                         strict=True))
        for s, g in data.groupby("series", sort=False)) + "."
    return charts.with_source(chart, compact_source_line(series), description)


def fees_300_chart(fees300: ChartData, amount: float = 300.0) -> alt.TopLevelMixin:
    """Net receipts on ``amount`` per method: printed range (circles) against the range
    computed from the parsed fee components (diamonds, derived), from
    :func:`~cbec.chapters.aliexpress.frames.fees_300_frame`."""
    data = fees300.data
    shapes, colours = _kind_scales()
    order = list(dict.fromkeys(data["method"]))
    y = alt.Y("method:N", sort=order, axis=None, scale=alt.Scale(paddingOuter=0.4))
    y_offset = alt.YOffset("kind_label:N", sort=list(KIND_LABELS))
    x_scale = alt.Scale(domain=[245, 300])
    x = alt.X("lo:Q", title=f"US dollars received on a {format_value(amount)} USD order",
              scale=x_scale, axis=alt.Axis(values=list(range(245, 301, 5)), labelOverlap=True))
    base = alt.Chart(data)
    tip = [alt.Tooltip("method_printed:N", title="method (as printed)"),
           alt.Tooltip("kind_label:N", title="kind"),
           alt.Tooltip("label:N", title="USD received")]
    colour = alt.Color("kind_label:N", scale=colours, title=None)
    shape = alt.Shape("kind_label:N", scale=shapes, title=None)
    rule = base.mark_rule(strokeWidth=2).encode(x=x, x2="hi:Q", y=y, yOffset=y_offset,
                                                 color=colour)
    lo = base.mark_point(filled=True, size=90).encode(
        x=x, y=y, yOffset=y_offset, shape=shape, color=colour, tooltip=tip)
    hi = base.mark_point(filled=True, size=90).encode(
        x=alt.X("hi:Q", scale=x_scale), y=y, yOffset=y_offset, shape=shape, color=colour,
        tooltip=tip)
    text = base.mark_text(align="left", dx=8, fontSize=11).encode(
        x=alt.X("hi:Q", scale=x_scale), y=y, yOffset=y_offset, text="label:N")
    titles = alt.Chart(data[data["kind_label"] == KIND_LABELS[0]]).mark_text(
        align="left", baseline="bottom", dy=-20, fontSize=11, color="#1a1a1a").encode(
        x=alt.value(0), y=y, text="method:N")
    chart = alt.layer(rule, lo, hi, text, titles).properties(width="container", height=270)
    description = f"Net receipts on a {format_value(amount)} USD order by payment method: " + \
        "; ".join(f"{m} {k} {lab}" for m, k, lab in
                  zip(data["method"], data["kind_label"], data["label"], strict=True)) + "."
    return charts.with_source(chart, fees300.source, description)


def fee_curve_chart(curve: ChartData, highlight: float = 300.0) -> alt.TopLevelMixin:
    """Fee as a percentage of the order against order size (log axis), from
    :func:`~cbec.chapters.aliexpress.frames.fee_curve_frame`: a band from the lowest to the
    highest combination of printed components per method, dashed differently per method; a
    rule marks ``highlight``. Every value is derived."""
    data, ends = curve.data, curve.layers["ends"]
    methods = list(dict.fromkeys(data["method"]))
    title = "Payment tool (Table 3.2)"
    colour = alt.Color("method:N", scale=alt.Scale(
        domain=methods, range=list(charts.PALETTE[:len(methods)])), title=title,
        legend=alt.Legend(columns=1))
    dash = alt.StrokeDash("method:N", scale=alt.Scale(
        domain=methods, range=[[1, 0], [6, 3], [2, 2]][:len(methods)]), title=title,
        legend=alt.Legend(columns=1))
    x = alt.X("amount:Q", title="Order amount, US dollars (log scale)",
              scale=alt.Scale(type="log", domain=[float(data["amount"].min()),
                                                  float(data["amount"].max())]),
              axis=alt.Axis(format=",d", values=[20, 50, 100, 300, 1000, 3000]))
    y_scale = alt.Scale(domain=[0, FEE_AXIS_TOP], clamp=True)
    base = alt.Chart(data)
    band = base.mark_area(opacity=0.25, clip=True).encode(
        x=x, y=alt.Y("fee_pct_min:Q", title="Fee, percent of the order (derived)",
                     scale=y_scale),
        y2="fee_pct_max:Q", color=colour)
    tip = [alt.Tooltip("method:N"), alt.Tooltip("amount:Q", format=",.0f", title="order, USD"),
           alt.Tooltip("fee_usd_min:Q", format=",.2f", title="fee min, USD"),
           alt.Tooltip("fee_usd_max:Q", format=",.2f", title="fee max, USD"),
           alt.Tooltip("fee_pct_min:Q", format=".2f", title="fee min, %"),
           alt.Tooltip("fee_pct_max:Q", format=".2f", title="fee max, %")]
    lines = [base.mark_line(strokeWidth=2, clip=True).encode(
        x=x, y=alt.Y(f"{column}:Q", scale=y_scale), color=colour, strokeDash=dash)
        for column in ("fee_pct_min", "fee_pct_max")]
    points = base.mark_point(size=30, filled=True, clip=True).encode(
        x=x, y=alt.Y("fee_pct_max:Q", scale=y_scale), color=colour, tooltip=tip)
    mark = pd.DataFrame({"amount": [highlight],
                         "label": [f"Gu's example: {format_value(highlight)} USD"]})
    rule = alt.Chart(mark).mark_rule(strokeDash=[4, 4], color="#4d4d4d").encode(x="amount:Q")
    rule_text = alt.Chart(mark).mark_text(align="left", dx=4, y=8, fontSize=11,
                                          color="#4d4d4d").encode(x="amount:Q", text="label:N")
    names = alt.Chart(ends).mark_text(fontSize=11, fontWeight="bold", align="right", dx=-6,
                                      color="#1a1a1a").encode(
        x=x, y=alt.Y("mid:Q", scale=y_scale), text="method:N")
    chart = alt.layer(band, *lines, points, rule, rule_text, names).properties(
        width="container", height=320)
    description = ("Fee as a percentage of the order for " + ", ".join(methods)
                   + f" for orders from {format_value(float(data['amount'].min()))} to "
                   f"{format_value(float(data['amount'].max()))} USD: flat T/T fees weigh "
                   "heavily on small orders, percentage fees do not fall with size.")
    return charts.with_source(chart, curve.source, description)


def logistics_chart(days: pd.DataFrame) -> alt.TopLevelMixin:
    """Printed delivery days per line: a bar for ranges, a point for single values, a
    triangle pointing the open way for bounds ('within' = upper, 'more than' = lower)."""
    data = days[["line_id", "label", "line", "line_type_label", "route", "segment", "kind",
                 "lo", "hi", "days_label", "days_qualifier", "cite"]].copy()
    # The row title repeats the kind of line, so colour is not the only carrier of it.
    data["label"] = data["label"] + " · " + data["line_type_label"]
    kinds = ["range", "upper bound", "lower bound", "single value"]
    shapes = alt.Scale(domain=kinds, range=["circle", "triangle-left", "triangle-right",
                                            "square"])
    types = list(dict.fromkeys(data["line_type_label"]))
    colour = alt.Color("line_type_label:N", scale=alt.Scale(
        domain=types, range=list(charts.PALETTE[:len(types)])), title="Kind of line")
    order = data["label"].to_list()
    y = alt.Y("label:N", sort=order, axis=None, scale=alt.Scale(paddingOuter=0.6))
    x_scale = alt.Scale(domain=[0, 65])
    x = alt.X("hi:Q", title="Days as printed", scale=x_scale)
    base = alt.Chart(data)
    tip = [alt.Tooltip("line:N"), alt.Tooltip("route:N"),
           alt.Tooltip("segment:N"), alt.Tooltip("days_label:N", title="days"),
           alt.Tooltip("days_qualifier:N", title="wording"),
           alt.Tooltip("cite:N", title="source")]
    bar = base.mark_rule(strokeWidth=5, opacity=0.6).encode(
        x=alt.X("lo:Q", scale=x_scale), x2="hi:Q", y=y, color=colour)
    dot = base.mark_point(filled=True, size=90).encode(
        x=x, y=y, shape=alt.Shape("kind:N", scale=shapes, title="How the days read",
                                  legend=alt.Legend(orient="top")),
        color=colour, tooltip=tip)
    text = base.mark_text(align="left", dx=8, fontSize=11).encode(x=x, y=y,
                                                                   text="days_label:N")
    chart = alt.layer(bar, dot, text, _row_titles(data, "label", y)).properties(
        width="container", height=40 * len(data))
    description = "Delivery days as printed: " + "; ".join(
        f"{lab} {d}" for lab, d in zip(data["label"], data["days_label"], strict=True)) + "."
    return charts.with_source(chart, compact_source_line(days), description)
