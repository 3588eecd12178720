"""Altair charts of the Russian-market chapter. Each builder renders the
:class:`~cbec.chapters.russia_market.frames.ChartData` its ``*_frame`` twin prepared and ends
with :func:`cbec.charts.with_source`; none selects or derives figures itself."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from cbec import charts
from cbec.chapters.russia_market.frames import AREAS, CATEGORY_LABELS, ChartData
from cbec.chapters.russia_market.lookup import fmt_number

# Shapes for series of reported points; kinds other than "reported" use charts.KIND_SHAPES.
SERIES_SHAPES: tuple[str, ...] = ("circle", "square", "triangle-right", "triangle-left",
                                  "cross")
PLATFORM_ORDER: tuple[str, ...] = ("AliExpress", "Ozon", "eBay", "Amazon")
SCOPES: tuple[str, ...] = ("all e-commerce", "cross-border")
ORIGINS: tuple[str, ...] = ("Chinese", "English-language")
DERIVED_DASH = alt.Scale(domain=["reported", "derived"], range=[[1, 0], [4, 2]])


def _legend(title: str | None = None) -> alt.Legend:
    """A one-column legend, so long labels fit a phone column."""
    return alt.Legend(title=title, columns=1, labelLimit=320, direction="vertical")


def _kind_scale(kinds: Sequence[str]) -> alt.Scale:
    present = [k for k in charts.KIND_SHAPES if k in set(kinds)]
    return alt.Scale(domain=present, range=[charts.KIND_SHAPES[k] for k in present])


def _describe(data: pd.DataFrame, field: str, unit_suffix: str = "") -> str:
    return "; ".join(
        f"{r[field]}, {r['period']}: {fmt_number(r['value'])}{unit_suffix} ({r['kind']})"
        for _, r in data.iterrows())


def time_points_chart(points: ChartData, y_title: str, description: str,
                      unit_suffix: str = "", y_max: float | None = None) -> alt.LayerChart:
    """Printed values over time as points only (no line invents values between them); each
    series of ``points`` (:func:`~cbec.chapters.russia_market.frames.time_points_frame`)
    gets its own colour and shape."""
    labels = list(dict.fromkeys(points.data["series"]))
    if len(labels) > len(SERIES_SHAPES):
        raise ValueError(f"at most {len(SERIES_SHAPES)} series")
    data = points.data.assign(label=[fmt_number(x) + unit_suffix for x in points.data["value"]])
    lo, hi = int(data["year"].min()) - 1, int(data["year"].max()) + 1
    y_scale = alt.Scale(domain=[0, y_max]) if y_max is not None else alt.Scale(zero=True)
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=None, scale=alt.Scale(domain=[lo, hi]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=y_title, scale=y_scale),
    )
    marks = base.mark_point(size=110, filled=True, opacity=0.9).encode(
        color=alt.Color("series:N", scale=alt.Scale(domain=labels), legend=_legend()),
        shape=alt.Shape("series:N", legend=_legend(),
                        scale=alt.Scale(domain=labels, range=list(SERIES_SHAPES[:len(labels)]))),
        tooltip=["series", "period", "value", "unit", "source", "figure_id"],
    )
    text = base.mark_text(dy=-14, fontSize=12).encode(text="label:N")
    chart = alt.layer(marks, text).properties(width="container", height=260)
    return charts.with_source(chart, points.source,
                              f"{description} Points: {_describe(data, 'series', unit_suffix)}.")


def penetration_chart(points: ChartData) -> alt.LayerChart:
    """Internet penetration: the four printed points, on their three different bases."""
    return time_points_chart(
        points, "Share online (%)",
        "Internet penetration in Russia, printed values only, by base.", unit_suffix="%",
        y_max=100)


def internet_users_chart(points: ChartData) -> alt.LayerChart:
    """Internet users in millions, by the definition each source prints."""
    return time_points_chart(points, "Million people",
                             "Internet users in Russia, printed values only, by definition.")


def market_usd_chart(market: ChartData) -> alt.LayerChart:
    """Russian e-commerce market in US dollars: reported levels vs forecasts (incl. a range)."""
    data, band = market.data, market.layers["band"]
    x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[2009, 2021]),
              axis=alt.Axis(format="d", tickMinStep=1))
    y_title = "Billion US dollars"
    reported = data[data["kind"] == "reported"]
    line = alt.Chart(reported).mark_line(color=charts.PALETTE[0]).encode(
        x=x, y=alt.Y("value:Q", title=y_title))
    dots = alt.Chart(data).mark_point(size=110, filled=True).encode(
        x=x, y=alt.Y("value:Q", title=y_title),
        shape=alt.Shape("kind:N", scale=_kind_scale(data["kind"]), legend=_legend()),
        color=alt.Color("kind:N", legend=_legend(),
                        scale=alt.Scale(domain=["reported", "forecast"],
                                        range=[charts.PALETTE[0], charts.PALETTE[5]])),
        tooltip=["year", "value", "kind", "figure_ids"])
    text = alt.Chart(data).mark_text(dx=-10, dy=-10, align="right").encode(
        x=x, y="value:Q", text="label:N")
    rule = alt.Chart(band).mark_rule(strokeWidth=3, strokeDash=[4, 3],
                                     color=charts.PALETTE[5]).encode(
        x=x, y="low:Q", y2="high:Q", tooltip=["year", "low", "high", "kind", "figure_ids"])
    chart = alt.layer(line, rule, dots, text).properties(width="container", height=280)
    description = ("Russian e-commerce market in billion US dollars. "
                   + "; ".join(f"{r.year}: {r.label} ({r.kind})" for r in data.itertuples())
                   + f"; forecast range for {band['year'][0]}: {fmt_number(band['low'][0])} to "
                   f"{fmt_number(band['high'][0])}.")
    return charts.with_source(chart, market.source, description)


def rouble_chart(roubles: ChartData) -> alt.LayerChart:
    """Market figures printed in roubles, one bar each, with implied 2014 levels (derived)."""
    data = roubles.data
    base = alt.Chart(data).encode(
        y=alt.Y("row:N", title=None, sort=list(data["row"]),
                axis=alt.Axis(labels=False, ticks=False)),
        x=alt.X("value:Q", title="Billion roubles",
                scale=alt.Scale(domain=[0, float(data["value"].max()) * 1.3])))
    names = base.mark_text(align="left", baseline="bottom", dy=-6, fontSize=11,
                           color="#333333").encode(x=alt.datum(0), text="row:N")
    bars = base.mark_bar(height=12, stroke="#333333", yOffset=5).encode(
        color=alt.Color("scope:N", sort=list(SCOPES), legend=_legend()),
        opacity=alt.Opacity("kind:N", legend=None,
                            scale=alt.Scale(domain=["reported", "derived"], range=[1.0, 0.4])),
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=DERIVED_DASH),
        tooltip=["row", "value", "kind", "source", "figure_id"])
    text = base.mark_text(dx=4, dy=5, align="left", fontSize=11).encode(text="label:N")
    chart = alt.layer(bars, names, text).properties(width="container", height=400)
    return charts.with_source(
        chart, roubles.source,
        "E-commerce figures printed in roubles. " + _describe(data, "row", " bn roubles") + ".")


def platform_share_chart(platforms: ChartData) -> alt.LayerChart:
    """Shares of the cross-border market: the three platforms, their sum and the totals."""
    data = platforms.data
    base = alt.Chart(data).encode(
        y=alt.Y("what:N", title=None, sort=list(data["what"])),
        x=alt.X("value:Q", title="Share (%)", scale=alt.Scale(domain=[0, 145]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100])))
    bars = base.mark_bar(height=16, stroke="#333333").encode(
        color=alt.Color("kind:N", legend=_legend(),
                        scale=alt.Scale(domain=["reported", "derived"],
                                        range=[charts.PALETTE[0], "#bdbdbd"])),
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=DERIVED_DASH),
        tooltip=["what", "value", "period", "kind", "source", "figure_id"])
    text = base.mark_text(dx=4, align="left").encode(text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=230)
    return charts.with_source(chart, platforms.source,
                              "Shares of Russian cross-border e-commerce. "
                              + _describe(data, "what", "%") + ".")


def visitors_chart(visitors: ChartData) -> alt.LayerChart:
    """Visits and visitors per platform, one mark per printed figure, measures kept apart."""
    data = visitors.data
    measures = list(dict.fromkeys(data["measure"]))
    shapes = list(SERIES_SHAPES[:len(measures)])
    base = alt.Chart(data).encode(
        y=alt.Y("platform:N", title=None, sort=list(PLATFORM_ORDER)),
        yOffset=alt.YOffset("measure:N", sort=measures),
        x=alt.X("value:Q", title="Million",
                scale=alt.Scale(domain=[0, float(data["value"].max()) * 1.25])))
    dots = base.mark_point(size=100, filled=True).encode(
        color=alt.Color("measure:N", sort=measures, legend=_legend(),
                        scale=alt.Scale(domain=measures)),
        shape=alt.Shape("measure:N", sort=measures, legend=_legend(),
                        scale=alt.Scale(domain=measures, range=shapes)),
        tooltip=["platform", "measure", "value", "unit", "source", "figure_id"])
    text = base.mark_text(dx=9, align="left", fontSize=11).encode(text="label:N")
    chart = alt.layer(dots, text).properties(width="container", height=300)
    return charts.with_source(
        chart, visitors.source, "Platform visits and visitors in millions. " + "; ".join(
            f"{r.platform}, {r.measure}: {r.label}" for r in data.itertuples()) + ".")


def china_share_chart(china: ChartData) -> alt.LayerChart:
    """Every printed 'share of China' figure on one axis: shares of trade vs shares of people."""
    data = china.data
    base = alt.Chart(data).encode(
        y=alt.Y("what:N", title=None, sort=list(data["what"])),
        x=alt.X("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100])))
    dots = base.mark_point(size=110, filled=True).encode(
        color=alt.Color("base:N", sort=["trade", "people"],
                        legend=_legend("share of")),
        shape=alt.Shape("kind:N", scale=_kind_scale(data["kind"]), legend=_legend()),
        tooltip=["what", "value", "period", "kind", "source", "figure_id"])
    text = base.mark_text(dy=-11, fontSize=11).encode(text="label:N")
    chart = alt.layer(dots, text).properties(width="container", height=330)
    return charts.with_source(chart, china.source,
                              "Shares attributed to China. " + _describe(data, "what", "%") + ".")


def gender_chart(gender: ChartData) -> alt.LayerChart:
    """Preference for Chinese vs English-language sites by gender: printed and derived parts."""
    data = gender.data
    y = alt.Y("gender:N", title=None, sort=["Women", "Men"])
    bars = alt.Chart(data).mark_bar(height=34, stroke="#333333").encode(
        y=y, x=alt.X("start:Q", title="Share of each gender (%)",
                     scale=alt.Scale(domain=[0, 100])), x2="end:Q",
        color=alt.Color("prefers:N", sort=list(ORIGINS), legend=_legend("preferred sites")),
        opacity=alt.Opacity("kind:N", legend=_legend(),
                            scale=alt.Scale(domain=["reported", "derived"], range=[1.0, 0.45])),
        strokeDash=alt.StrokeDash("kind:N", legend=None, scale=DERIVED_DASH),
        tooltip=["gender", "prefers", "value", "kind", "figure_id"])
    text = alt.Chart(data).mark_text(fontSize=11, color="black").encode(
        y=y, x="middle:Q", text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=150)
    return charts.with_source(
        chart, gender.source, "Preferred site origin by gender. " + "; ".join(
            f"{r.gender} preferring {r.prefers}: {r.label}" for r in data.itertuples()) + ".")


def top_sites_chart(sites: ChartData) -> alt.LayerChart:
    """Top-10 sites counted by printed category: one bar segment per site, labelled by rank."""
    data = sites.data
    y = alt.Y("category:N", title=None, sort=list(sites.order))
    bars = alt.Chart(data).mark_bar(height=26, stroke="white", strokeWidth=2).encode(
        y=y, x=alt.X("start:Q", title="Number of sites (derived)",
                     axis=alt.Axis(tickMinStep=1, format="d")), x2="end:Q",
        color=alt.Color("category:N", sort=list(sites.order), legend=None),
        tooltip=["rank", "domain", "category"])
    text = alt.Chart(data).mark_text(fontSize=12, color="white", fontWeight="bold").encode(
        y=y, x="middle:Q", text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=190)
    ranked = data.sort_values("rank", kind="stable")
    present = set(data["category"])
    return charts.with_source(
        chart, sites.source, "Top ten Russian shopping sites counted by printed category. "
        + "; ".join(
            f"{c}: {int((data['category'] == c).sum())} sites (ranks "
            + ", ".join(str(r) for r in ranked.loc[ranked['category'] == c, 'rank']) + ")"
            for c in CATEGORY_LABELS.values() if c in present) + ".")


def regional_split_chart(split: ChartData) -> alt.FacetChart:
    """Slope chart of the capitals' and the regions' shares, 2012 vs 2015, one panel for
    each measure of ``split.order``."""
    data, wanted = split.data, list(split.order)
    areas = list(AREAS)
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title="Share of Russia (%)", scale=alt.Scale(domain=[20, 80]))
    colour = alt.Color("area:N", sort=areas, legend=_legend())
    lines = alt.Chart().mark_line().encode(
        x=x, y=y, color=colour,
        strokeDash=alt.StrokeDash("area:N", sort=areas, legend=None,
                                  scale=alt.Scale(domain=areas, range=[[1, 0], [5, 3]])))
    dots = alt.Chart().mark_point(size=90, filled=True).encode(
        x=x, y=y, color=colour,
        shape=alt.Shape("area:N", sort=areas, legend=_legend(),
                        scale=alt.Scale(domain=areas, range=["circle", "square"])),
        tooltip=["measure", "year", "area", "value", "figure_id"])
    text = alt.Chart().mark_text(dy=-11, fontSize=11).encode(x=x, y=y, text="label:N")
    width = 76 if len(wanted) == 3 else 110
    chart = alt.layer(lines, dots, text, data=data).properties(width=width, height=240).facet(
        column=alt.Column("measure:N", title=None, sort=wanted,
                          header=alt.Header(labelFontSize=12)), spacing=8)
    return charts.with_source(chart, split.source, (
        "Shares of Russian online shoppers, orders and sales in Moscow and St Petersburg vs "
        "the rest of Russia. " + "; ".join(
            f"{r.measure} {r.year}, {r.area}: {r.label}" for r in data.itertuples()) + "."))


def delivery_chart(delivery: ChartData) -> alt.LayerChart:
    """Delivery times China→Russia: postal legs (stacked), printed totals, ranges and maxima."""
    singles, stacked, ranges = delivery.data, delivery.layers["legs"], delivery.layers["ranges"]
    leg_names = list(stacked["leg"])
    y = alt.Y("route:N", title=None, sort=list(delivery.order))
    x_scale = alt.Scale(domain=[0, 80])
    bars = alt.Chart(stacked).mark_bar(height=18, stroke="white").encode(
        y=y, x=alt.X("start:Q", title="Days", scale=x_scale,
                     axis=alt.Axis(values=[0, 20, 40, 60])), x2="end:Q",
        color=alt.Color("leg:N", sort=leg_names, legend=_legend("postal legs"),
                        scale=alt.Scale(domain=leg_names, range=list(charts.PALETTE[4:7]))),
        # lightness repeats the leg, so the legs differ without colour vision too
        opacity=alt.Opacity("leg:N", sort=leg_names, legend=None,
                            scale=alt.Scale(domain=leg_names, range=[1.0, 0.7, 0.4])),
        tooltip=["leg", "days", "figure_id"])
    rule = alt.Chart(ranges).mark_rule(strokeWidth=3, color="#555555").encode(
        y=y, x=alt.X("low:Q", scale=x_scale), x2="high:Q", tooltip=["low", "high"])
    ends = alt.Chart(ranges.melt(id_vars="route", value_name="days")).mark_tick(
        color="#555555", thickness=3, size=14).encode(y=y, x="days:Q")
    dots = alt.Chart(singles).mark_point(size=110, filled=True, color="#222222").encode(
        y=y, x="value:Q",
        shape=alt.Shape("kind:N", scale=_kind_scale(singles["kind"]), legend=_legend()),
        tooltip=["route", "value", "kind", "source", "figure_id"])
    single_text = alt.Chart(singles).mark_text(dx=9, align="left", fontSize=11).encode(
        y=y, x="value:Q", text="label:N")
    chart = alt.layer(bars, rule, ends, dots, single_text).properties(
        width="container", height=260)
    description = ("Delivery times from China to Russia in days. Postal legs: "
                   + ", ".join(leg_names)
                   + f"; range {fmt_number(ranges['low'][0])} to {fmt_number(ranges['high'][0])}"
                   + "; " + _describe(singles, "route", " days") + ".")
    return charts.with_source(chart, delivery.source, description)
