"""Helpers of the chapter on Russian online consumers and the Russian e-commerce market.

The chapter rebuilds, from printed numbers only, what the lost charts of Gu (2018) §1.2–1.3
showed, adds the Russian-market figures of Zhao (2021) and Song (2020), and keeps every
disagreement visible. Everything here works on the ``russia_market_figures``,
``russia_top_sites`` and ``russia_swot`` tables of the data package:

* look-ups and formatting (:func:`split_metric`, :func:`rows`, :func:`fmt_number`);
* registries written for the chapter: the disagreeing figures (:data:`CONFLICTS`), the lost
  charts of Gu (2018) (:data:`LOST_CHARTS`) and the shopper portrait (:data:`PROFILE`);
* derived numbers, always built with :func:`cbec.data.figures.derived_row`
  (:func:`derived_figures`, :func:`regional_split`, :func:`split_intensity`);
* altair chart builders, each ending with :func:`cbec.charts.with_source`.

Chart data and derived values come only from rows of the data package (derived values record
the figure ids and the formula they come from); the few numbers quoted in the registries'
explanatory text are printed figures, cited in the tables that show them.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from cbec import charts
from cbec.data import figures

SEGMENT_SEPARATOR = "__"
CAPITALS = "Moscow and St Petersburg"
REGIONS = "Russia excluding Moscow and St Petersburg"
AREA_LABELS: dict[str, str] = {CAPITALS: "Moscow and St Petersburg",
                               REGIONS: "Rest of Russia"}
SPLIT_MEASURES: dict[str, str] = {
    "share_of_online_shoppers": "online shoppers",
    "share_of_online_orders": "online orders",
    "share_of_online_sales": "online sales",
}
CATEGORY_LABELS: dict[str, str] = {
    "Shopping": "Shopping",
    "Consumer_Electronics": "Consumer electronics",
    "Clothing": "Clothing",
    "General_Merchandise": "General merchandise",
}
QUADRANTS: dict[str, str] = {"strength": "Strength", "weakness": "Weakness",
                             "opportunity": "Opportunity", "threat": "Threat"}
# Shapes for series of reported points; kinds other than "reported" use charts.KIND_SHAPES.
SERIES_SHAPES: tuple[str, ...] = ("circle", "square", "triangle-right", "triangle-left",
                                  "cross")
# Source lines are wrapped to this many characters so they fit a 390 px phone column.
SOURCE_WRAP = 52


# ---- look-ups and formatting ---------------------------------------------------------------

def split_metric(metric: str) -> tuple[str, str]:
    """Split ``"monthly_visitors__aliexpress"`` into ``("monthly_visitors", "aliexpress")``.

    The segment is empty when the metric has none.
    """
    base, _, segment = str(metric).partition(SEGMENT_SEPARATOR)
    if not base:
        raise ValueError(f"metric {metric!r} has no base name")
    return base, segment


def with_segments(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` plus ``base_metric`` and ``segment`` columns split from ``metric``."""
    out = frame.copy()
    parts = [split_metric(m) for m in out["metric"]]
    out["base_metric"] = [base for base, _ in parts]
    out["segment"] = [segment for _, segment in parts]
    return out


def rows(frame: pd.DataFrame, figure_ids: Sequence[str]) -> pd.DataFrame:
    """The rows of ``figure_ids`` in the order given; ``KeyError`` lists any missing id."""
    ids = list(figure_ids)
    missing = [fid for fid in ids if fid not in set(frame["figure_id"])]
    if missing:
        raise KeyError(f"figure ids not in the table: {', '.join(missing)}")
    indexed = frame.set_index("figure_id", drop=False)
    if not indexed.index.is_unique:
        raise ValueError("figure_id is not unique in the table")
    return indexed.loc[ids].reset_index(drop=True)


def fmt_number(value: float) -> str:
    """A printed-style number: thousands separators, no trailing zeros, at most 2 decimals."""
    number = float(value)
    if math.isnan(number):
        raise ValueError("cannot format a missing value")
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def fmt_figure(row: pd.Series) -> str:
    """``"750 billion roubles (2015)"`` — value, unit and period of one figures row."""
    unit = str(row["unit"])
    value = fmt_number(row["value"])
    text = f"{value}%" if unit == "percent" else f"{value} {unit}"
    period = str(row["period"])
    return text if period == "undated" else f"{text} ({period})"


def cite_short(row: pd.Series) -> str:
    """``"Gu (2018), §1.3"`` for a reported row, ``"derived in code"`` for a derived one."""
    if row["source"] == figures.DERIVED:
        return "derived in code"
    return figures.cite(row)


def cite_compact(row: pd.Series) -> str:
    """:func:`cite_short` with the locator shortened by :func:`short_locator`."""
    if row["source"] == figures.DERIVED:
        return "derived in code"
    short = row.copy()
    short["locator"] = short_locator(str(row["locator"]))
    return figures.cite(short)


def short_locator(locator: str) -> str:
    """A locator without its bracketed sub-heading: ``"§1.2 (Overview …), text after Chart 1.3"``
    becomes ``"§1.2, text after Chart 1.3"`` (the full locator stays in the data package)."""
    short = re.sub(r"\s*\([^()]*\)", "", str(locator)).strip()
    return short or str(locator)


def chart_source(selected: pd.DataFrame, extra: str = "") -> str:
    """:func:`cbec.data.figures.source_line` of ``selected`` with short locators."""
    short = selected.assign(locator=[short_locator(loc) for loc in selected["locator"]])
    return figures.source_line(short, extra)


def fill(template: str, frame: pd.DataFrame) -> str:
    """Replace each ``{figure-id}`` in ``template`` by that figure's value (``fmt_number``)."""
    return re.sub(r"\{([a-z0-9-]+)\}", lambda m: fmt_number(figures.value(frame, m.group(1))),
                  template)


# ---- registries written for the chapter -----------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """A set of printed figures that measure (nearly) the same thing and disagree."""

    topic: str
    figure_ids: tuple[str, ...]
    reading: str


CONFLICTS: dict[str, Conflict] = {
    "market_size_2015": Conflict(
        "Russian e-commerce market, 2015 (billion roubles)",
        ("gu-ecom-size-2015-650", "gu-ecom-size-2015-750", "zhao-ecom-size-2015"),
        "Two totals a few billion apart (rounding or a different report) and a third labelled "
        "domestic, which may exclude cross-border purchases."),
    "market_growth_2015": Conflict(
        "Growth of the e-commerce market in 2015",
        ("gu-ecom-growth-2015-16", "gu-ecom-growth-2015-7"),
        "Printed next to different totals (650 and 750); they may describe different "
        "market definitions, or one may be the previous year's rate."),
    "cross_border_share": Conflict(
        "Cross-border purchases as a share of Russian e-commerce",
        ("gu-cb-share-2014", "gu-41-cb-share-current", "gu-cb-share-2015", "zhao-cb-share-2015",
         "gu-41-cb-share-forecast"),
        "A rise from a fifth to a third in one year is possible but steep; the 60% is a "
        "forecast, not an outcome."),
    "cross_border_sales": Conflict(
        "Russians' purchases from foreign online stores (billion roubles)",
        ("gu-cb-sales-2014", "gu-cb-growth-2015", "gu-cb-sales-2015", "zhao-cb-sales-2015"),
        "A 5% rise cannot take 300 to 220; at most one of the 2014 level and the 2015 "
        "growth rate describes the same series as the 2015 level."),
    "china_share": Conflict(
        "China's share of Russian cross-border e-commerce",
        ("gu-china-share-cb-sales", "gu-china-share-orders-2015", "gu-chinese-market-share-2015",
         "gu-swot-china-share-value-2016q1", "gu-swot-china-share-goods-2016q1"),
        "Shares of orders and items run above shares of value because Chinese parcels are "
        "cheap; the figures use different bases and dates."),
    "top3_platforms": Conflict(
        "AliExpress, eBay and Amazon together",
        ("gu-top3-share-2014", "gu-platform-share-aliexpress", "gu-platform-share-ebay",
         "gu-platform-share-amazon", "gu-top3-orders-from-china-2014"),
        "The three separate shares add up to about the combined share; the 70% of orders "
        "is a different base."),
    "shoppers_share_2013": Conflict(
        "Online shoppers as a share of Internet users, 2013",
        ("gu-shoppers-share-internet-2013", "gu-gfk-buyers-2013", "gu-gfk-buyers-2014"),
        "GfK reaches the 50% level only in 2014; the other 2013 figure may be a later "
        "year's value or a looser definition of buying online."),
    "chinese_stores": Conflict(
        "People who bought from Chinese online stores",
        ("gu-chinese-stores-2013", "gu-chinese-stores-2014", "gu-yandex-china-buyers"),
        "GfK asks its survey respondents; Yandex counts Internet users over an open-ended "
        "period, so the bases differ."),
    "aliexpress_visits": Conflict(
        "AliExpress visits in 2014 (million)",
        ("gu-visits-aliexpress-2014h2", "gu-monthly-visitors-aliexpress-2014",
         "gu-monthly-visitors-aliexpress-2015", "zhao-monthly-visitors-aliexpress"),
        "The two 2014 numbers are close and probably the same monthly statistic; the 2015 "
        "figure counts unique visitors, a different unit."),
    "ebay_visits": Conflict(
        "eBay visits (million)",
        ("gu-visits-ebay-2014h2", "zhao-monthly-visitors-ebay"),
        "Different dates (Zhao's is undated) and possibly different counting periods."),
    "ecommerce_share_of_retail": Conflict(
        "E-commerce as a share of Russian retail",
        ("gu-ecom-share-retail-current", "gu-ecom-share-retail-2015",
         "gu-41-ecom-share-retail", "gu-ecom-share-retail-2015-forecast",
         "gu-ecom-share-retail-2020-forecast"),
        "The reported shares agree (about 2%); the forecast for 2015 was more than twice the "
        "outcome."),
    "online_stores": Conflict(
        "Number of online stores in Russia",
        ("gu-online-stores-2-5", "gu-online-stores-39000"),
        "The first figure lost its magnitude word in translation; neither is dated."),
}


@dataclass(frozen=True)
class LostChart:
    """A chart of Gu (2018) §1.2 and what its surrounding text still prints."""

    chart: str
    topic: str
    status: str
    figure_ids: tuple[str, ...]


LOST_CHARTS: tuple[LostChart, ...] = (
    LostChart("Chart 1.1", "Internet penetration in Russia, 2008–2015", "lost (caption only)",
              ("gu-internet-penetration-2010", "gu-internet-penetration-2015")),
    LostChart("Chart 1.2", "Mobile Internet penetration, 2013–2015", "lost (caption only)",
              ("gu-mobile-internet-users-2014", "gu-smartphone-penetration-2014",
               "gu-tablet-penetration")),
    LostChart("Chart 1.3", "Expected growth of the e-commerce market", "lost (caption only)",
              ("gu-ecom-size-2015-650", "gu-ecom-growth-2015-16", "gu-avg-order-value-2014",
               "gu-avg-order-value-2015", "gu-ecom-share-retail-2015")),
    LostChart("Chart 1.4", "Forecast growth of the cross-border market", "lost (caption only)",
              ()),
    LostChart("Chart 1.5", "China's share of cross-border parcels", "lost (caption only)",
              ("gu-cb-from-china-growth-2013-2015", "gu-china-share-orders-2015")),
    LostChart("Chart 1.6", "Internet users by federal district, autumn 2014",
              "lost (caption only)", ()),
    LostChart("Chart 1.7", "Cities' shares of online shoppers, 2013", "lost (caption only)",
              ("gu-moscow-market-multiple",)),
    LostChart("(Chart 1.8?)", "Capitals vs rest of Russia, 2012 and 2015",
              "survives as an unnumbered table",
              ("gu-split-2012-shoppers-regions", "gu-split-2012-shoppers-capitals",
               "gu-split-2015-shoppers-regions", "gu-split-2015-shoppers-capitals",
               "gu-split-2012-orders-regions", "gu-split-2012-orders-capitals",
               "gu-split-2015-orders-regions", "gu-split-2015-orders-capitals",
               "gu-split-2012-sales-regions", "gu-split-2012-sales-capitals",
               "gu-split-2015-sales-regions", "gu-split-2015-sales-capitals")),
    LostChart("Chart 1.9", "Purchases in Chinese stores by product category, 2013/2014",
              "lost (caption only)", ()),
    LostChart("Chart 1.10", "Buyers on Chinese and English-language sites by age and income",
              "lost (caption only)",
              ("gu-pref-english-sites-men", "gu-pref-chinese-sites-women",
               "gu-experience-age-20-29")),
)


@dataclass(frozen=True)
class ProfileItem:
    """One line of the shopper portrait: a finding in the book's words and its evidence."""

    aspect: str
    finding: str
    figure_ids: tuple[str, ...]
    locators: tuple[str, ...] = ()


PROFILE: tuple[ProfileItem, ...] = (
    ProfileItem("How many", "A large minority of Russian online shoppers bought abroad.",
                ("gu-online-shoppers-2015", "gu-cb-shoppers-2015")),
    ProfileItem("Why abroad", "Lower prices and a wider range of goods, where Chinese sellers "
                "are strong.", (), ("§1.2 (demand and consumption behavior)", "§2.2, Strength 1")),
    ProfileItem("What", "Mostly clothing and accessories, then phones and their accessories; "
                "women add children's and household goods, men electronics and car parts. "
                "No category shares survive.", (), ("§1.2, text around Charts 1.9–1.10",)),
    ProfileItem("Who (age)", "The core is aged 20–29, nearly all online, many with experience "
                "of both Chinese and English-language sites.",
                ("gu-experience-age-20-29", "gu-internet-penetration-under-30")),
    ProfileItem("Who (gender)", "Women leaned to Chinese sites, men to English-language ones.",
                ("gu-pref-chinese-sites-women", "gu-pref-english-sites-men")),
    ProfileItem("Where", "Increasingly outside Moscow and St Petersburg; interest in China is "
                "strongest in Siberia and the Far East.",
                ("gu-split-2012-shoppers-regions", "gu-split-2015-shoppers-regions")),
    ProfileItem("Reach of Chinese stores", "A rising share of respondents had bought in a "
                "Chinese store; Yandex's wider base gives a higher share.",
                ("gu-chinese-stores-2013", "gu-chinese-stores-2014", "gu-yandex-china-buyers")),
    ProfileItem("Order size", "The average order grew slightly (garbled sentence, years "
                "inferred).", ("gu-avg-order-value-2014", "gu-avg-order-value-2015")),
    ProfileItem("How they pay", "Distrust of online payment kept cash on delivery the main "
                "method; the cash took months to reach the Chinese seller.",
                ("gu-swot-cod-cycle-min", "gu-swot-cod-cycle-max")),
    ProfileItem("How long they wait", "Weeks: about four by ordinary post, less by a special "
                "line, up to two months guaranteed for a postal parcel.",
                ("gu-swot-post-total", "zhao-delivery-yanwen-max", "zhao-delivery-postal-max")),
)


def conflict_rows(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """The figures of conflict ``key`` side by side, for a table: value, period, source."""
    if key not in CONFLICTS:
        raise KeyError(f"no conflict {key!r}; known: {', '.join(sorted(CONFLICTS))}")
    selected = rows(frame, CONFLICTS[key].figure_ids)
    return pd.DataFrame({
        "figure_id": selected["figure_id"].astype(str),
        "value": selected["value"].astype(float),
        "unit": selected["unit"].astype(str),
        "period": selected["period"].astype(str),
        "kind": selected["kind"].astype(str),
        "printed": ["“" + str(p) + "”" for p in selected["printed"]],
        "source": [cite_short(r) for _, r in selected.iterrows()],
    })


def conflict_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per registered conflict: the values as printed and where they are printed."""
    records = []
    for conflict in CONFLICTS.values():
        selected = rows(frame, conflict.figure_ids)
        records.append({
            "topic": conflict.topic,
            "figures as printed": "; ".join(fmt_figure(r) for _, r in selected.iterrows()),
            "where": "; ".join(dict.fromkeys(cite_compact(r) for _, r in selected.iterrows())),
            "a possible reading": conflict.reading,
        })
    return pd.DataFrame.from_records(records)


def lost_charts_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Gu (2018)'s §1.2 charts: what each showed, its fate and the figures still printed."""
    records = []
    for lost in LOST_CHARTS:
        selected = rows(frame, lost.figure_ids)
        records.append({
            "chart": lost.chart,
            "what it showed": lost.topic,
            "status": lost.status,
            "printed figures recoverable": len(selected),
            "figure ids": ", ".join(selected["figure_id"].astype(str)) or "—",
        })
    return pd.DataFrame.from_records(records)


def profile_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The shopper portrait: finding, the printed figures behind it and their sources."""
    records = []
    for item in PROFILE:
        selected = rows(frame, item.figure_ids)
        sources = [cite_compact(r) for _, r in selected.iterrows()]
        sources += [f"Gu (2018), {loc}" for loc in item.locators]
        records.append({
            "aspect": item.aspect,
            "finding": item.finding,
            "printed figures": "; ".join(fmt_figure(r) for _, r in selected.iterrows()) or "—",
            "source": "; ".join(dict.fromkeys(sources)),
        })
    return pd.DataFrame.from_records(records)


def swot_table(swot: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The SWOT items in S-W-O-T order; every figure id they cite must exist in ``frame``."""
    known = set(frame["figure_id"])
    order = {q: i for i, q in enumerate(QUADRANTS)}
    records = []
    for _, item in swot.iterrows():
        raw = item["figure_ids"]
        ids = [] if pd.isna(raw) else [i.strip() for i in str(raw).split(";") if i.strip()]
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(f"SWOT item {item['quadrant']} {item['item_no']} cites unknown "
                           f"figure ids: {', '.join(unknown)}")
        records.append({
            "_order": (order[str(item["quadrant"])], int(item["item_no"])),
            "quadrant": QUADRANTS[str(item["quadrant"])],
            "no.": int(item["item_no"]),
            "item": str(item["item"]),
            "evidence (paraphrased)": str(item["evidence"]),
            "figures cited": len(ids),
            "locator": str(item["locator"]),
        })
    out = pd.DataFrame.from_records(records).sort_values("_order", kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def figure_table(frame: pd.DataFrame, figure_ids: Sequence[str],
                 labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A compact display of printed (or derived) figures: label, value, unit, period, source."""
    selected = rows(frame, figure_ids)
    labels = labels or {}
    return pd.DataFrame({
        "figure": [labels.get(str(f), str(m)) for f, m in
                   zip(selected["figure_id"], selected["metric"], strict=True)],
        "value": selected["value"].astype(float),
        "unit": selected["unit"].astype(str),
        "period": selected["period"].astype(str),
        "kind": selected["kind"].astype(str),
        "source": [cite_short(r) for _, r in selected.iterrows()],
        "figure_id": selected["figure_id"].astype(str),
    })


# ---- derived numbers -----------------------------------------------------------------------

def pct_change(frame: pd.DataFrame, from_id: str, to_id: str) -> float:
    """Percent change from the value of ``from_id`` to that of ``to_id``."""
    start = figures.value(frame, from_id)
    if start == 0:
        raise ZeroDivisionError(f"{from_id} is zero: no percent change")
    return (figures.value(frame, to_id) / start - 1.0) * 100.0


def ratio(frame: pd.DataFrame, numerator_id: str, denominator_id: str) -> float:
    """Value of ``numerator_id`` divided by value of ``denominator_id``."""
    denominator = figures.value(frame, denominator_id)
    if denominator == 0:
        raise ZeroDivisionError(f"{denominator_id} is zero")
    return figures.value(frame, numerator_id) / denominator


def cagr(frame: pd.DataFrame, from_id: str, to_id: str) -> float:
    """Compound annual growth (percent) between two rows, using their ``year`` columns."""
    first, last = figures.figure(frame, from_id), figures.figure(frame, to_id)
    if pd.isna(first["year"]) or pd.isna(last["year"]):
        raise ValueError("both figures need a year for an annual growth rate")
    years = int(last["year"]) - int(first["year"])
    if years <= 0:
        raise ValueError(f"{to_id} must be later than {from_id}")
    start = float(first["value"])
    if start <= 0:
        raise ValueError("compound growth needs a positive starting value")
    return ((float(last["value"]) / start) ** (1.0 / years) - 1.0) * 100.0


def regional_split(frame: pd.DataFrame) -> pd.DataFrame:
    """The capitals-vs-regions table (Gu 2018, §1.2) in long form, checked to sum to 100.

    Columns: measure, year, area, value, figure_id, kind, source, locator.
    """
    selected = frame[frame["metric"].isin(list(SPLIT_MEASURES))
                     & frame["geography"].isin([CAPITALS, REGIONS])]
    if selected.empty:
        raise KeyError("no capitals-vs-regions rows in the table")
    out = pd.DataFrame({
        "measure": selected["metric"].map(SPLIT_MEASURES).astype(str),
        "year": selected["year"].astype(int),
        "area": selected["geography"].map(AREA_LABELS).astype(str),
        "value": selected["value"].astype(float),
        "figure_id": selected["figure_id"].astype(str),
        "kind": selected["kind"].astype(str),
        "source": selected["source"].astype(str),
        "locator": selected["locator"].astype(str),
    })
    totals = out.groupby(["measure", "year"])["value"].agg(["sum", "size"])
    bad = totals[(totals["size"] != 2) | ((totals["sum"] - 100.0).abs() > 0.5)]
    if not bad.empty:
        raise ValueError(f"capitals and regions do not add to 100 for {list(bad.index)}")
    order = list(SPLIT_MEASURES.values())
    out["_m"] = out["measure"].map(order.index)
    return out.sort_values(["_m", "year", "area"]).drop(columns="_m").reset_index(drop=True)


def split_intensity(frame: pd.DataFrame) -> pd.DataFrame:
    """Derived rows from the regional split: per-shopper and per-order intensity indices.

    For each year and area: sales share ÷ shopper share (sales per shopper relative to the
    national average), orders share ÷ shopper share and sales share ÷ orders share; and, per
    year, the capitals' sales-per-shopper index divided by the regions'.
    """
    split = regional_split(frame)
    ids = {(r.measure, r.year, r.area): r.figure_id for r in split.itertuples()}
    pairs = {
        "sales_per_shopper_index": ("online sales", "online shoppers"),
        "orders_per_shopper_index": ("online orders", "online shoppers"),
        "sales_per_order_index": ("online sales", "online orders"),
    }
    slug = {"Moscow and St Petersburg": "capitals", "Rest of Russia": "regions"}
    geo = {label: geo for geo, label in AREA_LABELS.items()}
    out = []
    for year in sorted(split["year"].unique()):
        for area in AREA_LABELS.values():
            for metric, (num, den) in pairs.items():
                a, b = ids[(num, year, area)], ids[(den, year, area)]
                out.append(figures.derived_row(
                    f"ru-d-{year}-{slug[area]}-{metric.replace('_', '-')}", metric,
                    ratio(frame, a, b), "index (1 = national average)", str(year), geo[area],
                    [a, b], f"{a} / {b}", year=int(year)))
        caps = ids[("online sales", year, AREA_LABELS[CAPITALS])], \
            ids[("online shoppers", year, AREA_LABELS[CAPITALS])]
        regs = ids[("online sales", year, AREA_LABELS[REGIONS])], \
            ids[("online shoppers", year, AREA_LABELS[REGIONS])]
        value = ratio(frame, *caps) / ratio(frame, *regs)
        out.append(figures.derived_row(
            f"ru-d-{year}-capitals-vs-regions-sales-per-shopper",
            "sales_per_shopper_ratio_capitals_to_regions", value, "times", str(year), "Russia",
            [*caps, *regs], f"({caps[0]} / {caps[1]}) / ({regs[0]} / {regs[1]})",
            year=int(year)))
    return pd.DataFrame.from_records(out, columns=list(figures.FIGURE_COLUMNS))


def _diff(frame: pd.DataFrame, a: str, b: str) -> float:
    return figures.value(frame, a) - figures.value(frame, b)


def _year(frame: pd.DataFrame, figure_id: str) -> int:
    year = figures.figure(frame, figure_id)["year"]
    if pd.isna(year):
        raise ValueError(f"{figure_id} has no year")
    return int(year)


def derived_figures(frame: pd.DataFrame, top_sites: pd.DataFrame) -> pd.DataFrame:
    """Every number the chapter computes from printed figures, in the figures layout.

    Each row is made with :func:`cbec.data.figures.derived_row` (kind ``derived``), naming its input
    figure ids and its formula. Rows of :func:`split_intensity` and of the site counts per
    category of ``top_sites`` are included.
    """
    v = lambda fid: figures.value(frame, fid)  # noqa: E731
    d = figures.derived_row
    pen10, pen15 = "gu-internet-penetration-2010", "gu-internet-penetration-2015"
    usd = ["gu-ecom-size-y1", "gu-ecom-size-y2", "gu-ecom-size-y3", "gu-41-ecom-size-2013"]
    out = [
        d("ru-d-penetration-multiple-2010-2015", "internet_penetration_multiple",
          ratio(frame, pen15, pen10), "times", "2010-2015", "Russia", [pen10, pen15],
          f"{pen15} / {pen10}", year=2015),
        d("ru-d-penetration-pp-per-year-2010-2015", "internet_penetration_change",
          _diff(frame, pen15, pen10) / (_year(frame, pen15) - _year(frame, pen10)),
          "percentage points per year", "2010-2015", "Russia",
          [pen10, pen15], f"({pen15} - {pen10}) / (2015 - 2010)", year=2015),
        d("ru-d-adult-users-growth-2019", "internet_users_adult_growth",
          pct_change(frame, "song-internet-users-adult-prev", "song-internet-users-adult-2019"),
          "percent", "2019", "Russia",
          ["song-internet-users-adult-prev", "song-internet-users-adult-2019"],
          "song-internet-users-adult-2019 / song-internet-users-adult-prev - 1", year=2019),
        d("ru-d-shoppers-multiple-2012-2013", "online_shoppers_multiple",
          ratio(frame, "gu-online-shoppers-2013", "gu-online-shoppers-2012"), "times",
          "2012-2013", "Russia", ["gu-online-shoppers-2012", "gu-online-shoppers-2013"],
          "gu-online-shoppers-2013 / gu-online-shoppers-2012", year=2013),
        d("ru-d-cb-shoppers-share-2015", "cross_border_shoppers_share_of_online_shoppers",
          100 * ratio(frame, "gu-cb-shoppers-2015", "gu-online-shoppers-2015"), "percent",
          "2015", "Russia", ["gu-cb-shoppers-2015", "gu-online-shoppers-2015"],
          "100 * gu-cb-shoppers-2015 / gu-online-shoppers-2015 (a lower bound: 'at least')",
          year=2015),
        d("ru-d-chinese-stores-pp-2013-2014", "share_buying_from_chinese_stores_change",
          _diff(frame, "gu-chinese-stores-2014", "gu-chinese-stores-2013"),
          "percentage points", "2013-2014", "Russia",
          ["gu-chinese-stores-2013", "gu-chinese-stores-2014"],
          "gu-chinese-stores-2014 - gu-chinese-stores-2013", year=2014),
    ]
    # Capitals vs regions: the regions' gain 2012 -> 2015 in each measure.
    for metric, label in SPLIT_MEASURES.items():
        kind = label.split()[-1]
        a, b = f"gu-split-2012-{kind}-regions", f"gu-split-2015-{kind}-regions"
        out.append(d(f"ru-d-regions-gain-{kind}", f"{metric}_change", _diff(frame, b, a),
                     "percentage points", "2012-2015", REGIONS, [a, b], f"{b} - {a}",
                     year=2015))
    # Market size in US dollars: growth implied by the printed levels.
    for a, b in itertools.pairwise(usd):
        year = _year(frame, b)
        out.append(d(f"ru-d-usd-growth-{year}", "ecommerce_market_growth_from_levels",
                     pct_change(frame, a, b), "percent", str(year), "Russia", [a, b],
                     f"{b} / {a} - 1 (years of {a} assumed, see its note)", year=year))
    out += [
        d("ru-d-usd-cagr-2010-2013", "ecommerce_market_cagr", cagr(frame, usd[0], usd[-1]),
          "percent per year", "2010-2013", "Russia", [usd[0], usd[-1]],
          f"({usd[-1]} / {usd[0]}) ** (1/3) - 1", year=2013),
        d("ru-d-usd-2015-forecast-vs-2012", "ecommerce_market_size_multiple_vs_2012",
          ratio(frame, "gu-ecom-size-2015-forecast", "gu-ecom-size-y3"), "times", "2015",
          "Russia", ["gu-ecom-size-2015-forecast", "gu-ecom-size-y3"],
          "gu-ecom-size-2015-forecast / gu-ecom-size-y3", year=2015),
        d("ru-d-usd-forecast-cagr-2013-2020", "ecommerce_market_cagr_implied_by_forecast",
          cagr(frame, "gu-41-ecom-size-2013", "gu-ecom-size-2020-forecast"),
          "percent per year", "2013-2020", "Russia",
          ["gu-41-ecom-size-2013", "gu-ecom-size-2020-forecast"],
          "(gu-ecom-size-2020-forecast / gu-41-ecom-size-2013) ** (1/7) - 1", year=2020),
    ]
    # Roubles: shares and implied levels from disagreeing figures.
    out += [
        d("ru-d-cb-share-2015-of-750", "cross_border_share_of_ecommerce",
          100 * ratio(frame, "gu-cb-sales-2015", "gu-ecom-size-2015-750"), "percent", "2015",
          "Russia", ["gu-cb-sales-2015", "gu-ecom-size-2015-750"],
          "100 * gu-cb-sales-2015 / gu-ecom-size-2015-750", year=2015),
        d("ru-d-cb-share-2015-of-760", "cross_border_share_of_ecommerce",
          100 * ratio(frame, "zhao-cb-sales-2015", "zhao-ecom-size-2015"), "percent", "2015",
          "Russia", ["zhao-cb-sales-2015", "zhao-ecom-size-2015"],
          "100 * zhao-cb-sales-2015 / zhao-ecom-size-2015", year=2015),
        d("ru-d-cb-sales-2014-implied", "cross_border_ecommerce_sales",
          v("gu-cb-sales-2015") / (1 + v("gu-cb-growth-2015") / 100), "billion roubles", "2014",
          "Russia", ["gu-cb-sales-2015", "gu-cb-growth-2015"],
          "gu-cb-sales-2015 / (1 + gu-cb-growth-2015 / 100)", year=2014),
        d("ru-d-ecom-2014-implied-by-cb-share", "ecommerce_market_size",
          v("gu-cb-sales-2014") / (v("gu-cb-share-2014") / 100), "billion roubles", "2014",
          "Russia", ["gu-cb-sales-2014", "gu-cb-share-2014"],
          "gu-cb-sales-2014 / (gu-cb-share-2014 / 100)", year=2014),
        d("ru-d-ecom-2014-implied-by-growth-7", "ecommerce_market_size",
          v("gu-ecom-size-2015-750") / (1 + v("gu-ecom-growth-2015-7") / 100),
          "billion roubles", "2014", "Russia", ["gu-ecom-size-2015-750", "gu-ecom-growth-2015-7"],
          "gu-ecom-size-2015-750 / (1 + gu-ecom-growth-2015-7 / 100)", year=2014),
        d("ru-d-ecom-2014-implied-by-growth-16", "ecommerce_market_size",
          v("gu-ecom-size-2015-650") / (1 + v("gu-ecom-growth-2015-16") / 100),
          "billion roubles", "2014", "Russia",
          ["gu-ecom-size-2015-650", "gu-ecom-growth-2015-16"],
          "gu-ecom-size-2015-650 / (1 + gu-ecom-growth-2015-16 / 100)", year=2014),
        d("ru-d-retail-share-forecast-vs-outcome-2015", "ecommerce_share_of_retail_multiple",
          ratio(frame, "gu-ecom-share-retail-2015-forecast", "gu-ecom-share-retail-2015"),
          "times", "2015", "Russia",
          ["gu-ecom-share-retail-2015-forecast", "gu-ecom-share-retail-2015"],
          "gu-ecom-share-retail-2015-forecast / gu-ecom-share-retail-2015", year=2015),
        d("ru-d-avg-order-growth-2015", "average_order_value_growth",
          pct_change(frame, "gu-avg-order-value-2014", "gu-avg-order-value-2015"), "percent",
          "2015", "Russia", ["gu-avg-order-value-2014", "gu-avg-order-value-2015"],
          "gu-avg-order-value-2015 / gu-avg-order-value-2014 - 1", year=2015),
        d("ru-d-rub-per-usd-implied-2014", "roubles_per_dollar_implied",
          ratio(frame, "gu-cb-sales-2014", "gu-intl-b2c-2014"),
          "roubles per US dollar (implied, not a market rate)", "2014", "Russia",
          ["gu-cb-sales-2014", "gu-intl-b2c-2014"],
          "gu-cb-sales-2014 (billion roubles) / gu-intl-b2c-2014 (billion US dollars)",
          year=2014),
        d("ru-d-china-share-intl-b2c-2014", "china_share_of_cross_border_sales",
          100 * ratio(frame, "gu-chinese-sales-2014", "gu-intl-b2c-2014"), "percent", "2014",
          "Russia", ["gu-chinese-sales-2014", "gu-intl-b2c-2014"],
          "100 * gu-chinese-sales-2014 / gu-intl-b2c-2014", year=2014),
    ]
    # Platforms and visitors.
    shares = ["gu-platform-share-aliexpress", "gu-platform-share-ebay",
              "gu-platform-share-amazon"]
    out += [
        d("ru-d-top3-sum", "platform_share_of_cross_border_market__aliexpress_ebay_amazon",
          sum(v(s) for s in shares), "percent", "undated", "Russia", shares,
          " + ".join(shares)),
        d("ru-d-aliexpress-vs-ebay-visits-2014h2", "site_visits_ratio__aliexpress_to_ebay",
          ratio(frame, "gu-visits-aliexpress-2014h2", "gu-visits-ebay-2014h2"), "times",
          "2014-H2", "Russia", ["gu-visits-aliexpress-2014h2", "gu-visits-ebay-2014h2"],
          "gu-visits-aliexpress-2014h2 / gu-visits-ebay-2014h2", year=2014),
        # Gender: complements of the two printed preferences (two-way choice assumed).
        d("ru-d-pref-chinese-sites-men", "share_preferring_chinese_sites__men",
          100 - v("gu-pref-english-sites-men"), "percent", "undated", "Russia",
          ["gu-pref-english-sites-men"],
          "100 - gu-pref-english-sites-men (assumes every man chose one of the two)"),
        d("ru-d-pref-english-sites-women", "share_preferring_english_sites__women",
          100 - v("gu-pref-chinese-sites-women"), "percent", "undated", "Russia",
          ["gu-pref-chinese-sites-women"],
          "100 - gu-pref-chinese-sites-women (assumes every woman chose one of the two)"),
    ]
    legs = ["gu-swot-post-to-border", "gu-swot-post-customs", "gu-swot-post-domestic"]
    out.append(d("ru-d-postal-legs-sum", "postal_delivery_time__sum_of_legs",
                 sum(v(leg) for leg in legs), "days", "undated", "China-Russia", legs,
                 " + ".join(legs)))
    for category, count in site_counts(top_sites).items():
        ranks = top_sites.loc[top_sites["category"] == category, "rank"].astype(int)
        out.append(d(f"ru-d-sites-{category.lower().replace('_', '-')}",
                     f"top10_sites_in_category__{category.lower()}", count, "sites",
                     "undated", "Russia", [f"russia_top_sites rank {r}" for r in sorted(ranks)],
                     f"count of top-10 sites with category {category}"))
    derived = pd.DataFrame.from_records(out, columns=list(figures.FIGURE_COLUMNS))
    return pd.concat([derived, split_intensity(frame)], ignore_index=True)


def site_counts(top_sites: pd.DataFrame) -> dict[str, int]:
    """Number of top-10 sites per printed category, largest first (ties by name)."""
    counts = top_sites["category"].astype(str).value_counts()
    return {str(k): int(counts[k]) for k in sorted(counts.index, key=lambda c: (-counts[c], c))}


# ---- charts ---------------------------------------------------------------------------------

def _chart_frame(frame: pd.DataFrame, labels: Mapping[str, str],
                 field: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Small inline data for a chart (the rows of ``labels``' keys, labelled in ``field``),
    and the full rows selected (for the source line)."""
    selected = rows(frame, list(labels))
    return pd.DataFrame({
        field: [labels[str(f)] for f in selected["figure_id"]],
        "value": selected["value"].astype(float),
        "unit": selected["unit"].astype(str),
        "period": selected["period"].astype(str),
        "year": selected["year"].astype("Float64").astype(float),
        "kind": selected["kind"].astype(str),
        "source": [cite_short(r) for _, r in selected.iterrows()],
        "figure_id": selected["figure_id"].astype(str),
    }), selected


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


def _value_label(value: float, kind: str, suffix: str = "", digits: int = 1) -> str:
    text = fmt_number(round(float(value), digits)) + suffix
    return f"{text} {kind}" if kind != "reported" else text


def time_points_chart(frame: pd.DataFrame, series: Mapping[str, str], y_title: str,
                      description: str, unit_suffix: str = "", extra_source: str = "",
                      y_max: float | None = None) -> alt.LayerChart:
    """Printed values over time as points only (no line invents values between them).

    ``series`` maps figure ids to a series label; each series gets its own colour and shape.
    All rows must be reported figures with a year.
    """
    data, selected = _chart_frame(frame, series, "series")
    if (data["kind"] != "reported").any():
        raise ValueError("time_points_chart draws reported figures only")
    if data["year"].isna().any():
        raise ValueError("every figure needs a year to be placed on the time axis")
    labels = list(dict.fromkeys(data["series"]))
    if len(labels) > len(SERIES_SHAPES):
        raise ValueError(f"at most {len(SERIES_SHAPES)} series")
    data["label"] = [fmt_number(x) + unit_suffix for x in data["value"]]
    lo, hi = int(data["year"].min()) - 1, int(data["year"].max()) + 1
    y_scale = alt.Scale(domain=[0, y_max]) if y_max is not None else alt.Scale(zero=True)
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=None, scale=alt.Scale(domain=[lo, hi]),
                axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=y_title, scale=y_scale),
    )
    points = base.mark_point(size=110, filled=True, opacity=0.9).encode(
        color=alt.Color("series:N", scale=alt.Scale(domain=labels), legend=_legend()),
        shape=alt.Shape("series:N", legend=_legend(),
                        scale=alt.Scale(domain=labels, range=list(SERIES_SHAPES[:len(labels)]))),
        tooltip=["series", "period", "value", "unit", "source", "figure_id"],
    )
    text = base.mark_text(dy=-14, fontSize=12).encode(text="label:N")
    chart = alt.layer(points, text).properties(width="container", height=260)
    return charts.with_source(chart, chart_source(selected, extra_source),
                        f"{description} Points: {_describe(data, 'series', unit_suffix)}.")


PENETRATION_SERIES: dict[str, str] = {
    "gu-internet-penetration-2010": "Population (Gu; base not printed)",
    "gu-internet-penetration-2015": "Population (Gu; base not printed)",
    "gu-fom-internet-share-2014": "Adults (FOM, autumn 2014)",
    "song-internet-penetration-adult-2019": "Adults aged 16+ (Song)",
}
USERS_SERIES: dict[str, str] = {
    "gu-internet-users-adult-2012": "Adult users (Gu; age not printed)",
    "gu-fom-internet-users-2014": "Adult users (FOM, autumn 2014)",
    "gu-mobile-internet-users-2014": "Mobile Internet users (Gu)",
    "song-internet-users-adult-prev": "Users aged 16+ (Song; 2018 assumed)",
    "song-internet-users-adult-2019": "Users aged 16+ (Song; 2018 assumed)",
}
AGE_SERIES: dict[str, str] = {
    "song-internet-penetration-50-64-2018": "Aged 50–64",
    "song-internet-penetration-50-64-2019": "Aged 50–64",
    "song-internet-penetration-65-plus-2018": "Aged 65+",
    "song-internet-penetration-65-plus-2019": "Aged 65+",
}


def penetration_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Internet penetration: the four printed points, on their three different bases."""
    return time_points_chart(
        frame, PENETRATION_SERIES, "Share online (%)",
        "Internet penetration in Russia, printed values only, by base.", unit_suffix="%",
        extra_source="Gu's Chart 1.1 (2008–2015) is lost; only two of its years are printed",
        y_max=100)


def internet_users_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Internet users in millions, by the definition each source prints."""
    return time_points_chart(
        frame, USERS_SERIES, "Million people",
        "Internet users in Russia, printed values only, by definition.",
        extra_source=fill("Undated totals (more than {gu-swot-internet-users} m; "
                          "{gu-41-active-internet-users} m active) are not placed on the axis",
                          frame))


def market_usd_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Russian e-commerce market in US dollars: reported levels vs forecasts (incl. a range)."""
    market = frame[(frame["unit"] == "billion US dollars")
                   & frame["metric"].isin(["ecommerce_market_size", "ecommerce_market_size_min",
                                           "ecommerce_market_size_max"])]
    market = market[market["geography"] == "Russia"]
    points = market[market["metric"] == "ecommerce_market_size"]
    data = (points.assign(value=points["value"].astype(float), year=points["year"].astype(int),
                          kind=points["kind"].astype(str),
                          figure_id=points["figure_id"].astype(str))
            .groupby(["year", "value", "kind"], as_index=False)
            .agg(figure_ids=("figure_id", ", ".join)))
    data["label"] = [fmt_number(x) for x in data["value"]]
    low = market[market["metric"] == "ecommerce_market_size_min"]
    high = market[market["metric"] == "ecommerce_market_size_max"]
    if len(low) != 1 or len(high) != 1:
        raise ValueError("expected one printed forecast range (min and max)")
    band = pd.DataFrame({"year": [int(low["year"].iloc[0])],
                         "low": [float(low["value"].iloc[0])],
                         "high": [float(high["value"].iloc[0])],
                         "kind": ["forecast"],
                         "figure_ids": [f"{low['figure_id'].iloc[0]}, "
                                        f"{high['figure_id'].iloc[0]}"]})
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
    return charts.with_source(chart, chart_source(market, (
        "Years of the 2010–2012 values are not printed (assumed). Dashed bar: a printed "
        "forecast range")), description)


ROUBLE_ROWS: dict[str, tuple[str, str]] = {
    "gu-ecom-size-2015-650": ("2015, Gu §1.2 'domestic'", "all e-commerce"),
    "gu-ecom-size-2015-750": ("2015, Gu §1.3", "all e-commerce"),
    "zhao-ecom-size-2015": ("2015, Zhao", "all e-commerce"),
    "ru-d-ecom-2014-implied-by-growth-7": (
        "2014 from {gu-ecom-size-2015-750} and {gu-ecom-growth-2015-7}%", "all e-commerce"),
    "ru-d-ecom-2014-implied-by-growth-16": (
        "2014 from {gu-ecom-size-2015-650} and {gu-ecom-growth-2015-16}%", "all e-commerce"),
    "gu-cb-sales-2014": ("2014, Gu", "cross-border"),
    "ru-d-cb-sales-2014-implied": (
        "2014 from {gu-cb-sales-2015} and {gu-cb-growth-2015}%", "cross-border"),
    "gu-cb-sales-2015": ("2015, Gu", "cross-border"),
    "zhao-cb-sales-2015": ("2015, Zhao", "cross-border"),
    "gu-swot-cb-sales-2016q1": ("2016 Q1 only, Gu", "cross-border"),
}


def rouble_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Market figures printed in roubles, one bar each, with implied 2014 levels (derived)."""
    labels = {fid: f"{scope}: {fill(what, frame)}" for fid, (what, scope) in ROUBLE_ROWS.items()}
    data, selected = _chart_frame(frame, labels, "row")
    data["scope"] = [ROUBLE_ROWS[f][1] for f in data["figure_id"]]
    data["label"] = [_value_label(x, k, digits=0) for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    order = list(labels.values())
    scopes = ["all e-commerce", "cross-border"]
    base = alt.Chart(data).encode(
        y=alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False)),
        x=alt.X("value:Q", title="Billion roubles",
                scale=alt.Scale(domain=[0, float(data["value"].max()) * 1.3])))
    names = base.mark_text(align="left", baseline="bottom", dy=-6, fontSize=11,
                           color="#333333").encode(x=alt.datum(0), text="row:N")
    bars = base.mark_bar(height=12, stroke="#333333", yOffset=5).encode(
        color=alt.Color("scope:N", sort=scopes, legend=_legend()),
        opacity=alt.Opacity("kind:N", legend=None,
                            scale=alt.Scale(domain=["reported", "derived"], range=[1.0, 0.4])),
        strokeDash=alt.StrokeDash("kind:N", legend=None,
                                  scale=alt.Scale(domain=["reported", "derived"],
                                                  range=[[1, 0], [4, 2]])),
        tooltip=["row", "value", "kind", "source", "figure_id"])
    text = base.mark_text(dx=4, dy=5, align="left", fontSize=11).encode(text="label:N")
    chart = alt.layer(bars, names, text).properties(width="container", height=400)
    return charts.with_source(chart, chart_source(selected, (
        "Pale dashed bars: 2014 levels implied by a 2015 level and a printed growth rate")),
        "E-commerce figures printed in roubles. " + _describe(data, "row", " bn roubles") + ".")


PLATFORM_ROWS: dict[str, str] = {
    "gu-platform-share-aliexpress": "AliExpress",
    "gu-platform-share-ebay": "eBay",
    "gu-platform-share-amazon": "Amazon",
    "ru-d-top3-sum": "Sum of the three",
    "gu-top3-share-2014": "The three, 2014",
    "gu-top3-orders-from-china-2014": "The three, orders",
}


def platform_share_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Shares of the cross-border market: the three platforms, their sum and the totals."""
    data, selected = _chart_frame(frame, PLATFORM_ROWS, "what")
    data["label"] = [_value_label(x, k, "%") for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    base = alt.Chart(data).encode(
        y=alt.Y("what:N", title=None, sort=list(PLATFORM_ROWS.values())),
        x=alt.X("value:Q", title="Share (%)", scale=alt.Scale(domain=[0, 145]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100])))
    bars = base.mark_bar(height=16, stroke="#333333").encode(
        color=alt.Color("kind:N", legend=_legend(),
                        scale=alt.Scale(domain=["reported", "derived"],
                                        range=[charts.PALETTE[0], "#bdbdbd"])),
        strokeDash=alt.StrokeDash("kind:N", legend=None,
                                  scale=alt.Scale(domain=["reported", "derived"],
                                                  range=[[1, 0], [4, 2]])),
        tooltip=["what", "value", "period", "kind", "source", "figure_id"])
    text = base.mark_text(dx=4, align="left").encode(text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=230)
    return charts.with_source(chart, chart_source(selected),
                        "Shares of Russian cross-border e-commerce. "
                        + _describe(data, "what", "%") + ".")


VISITOR_ROWS: dict[str, tuple[str, str]] = {
    "gu-visits-aliexpress-2014h2": ("AliExpress", "visits, 2014 H2 (Gu)"),
    "gu-visits-ebay-2014h2": ("eBay", "visits, 2014 H2 (Gu)"),
    "gu-visits-amazon-2014h2": ("Amazon", "visits, 2014 H2 (Gu)"),
    "gu-monthly-visitors-aliexpress-2014": ("AliExpress", "visits/month, 2014 (Gu)"),
    "zhao-monthly-visitors-ozon": ("Ozon", "visits/month, undated (Zhao)"),
    "zhao-monthly-visitors-ebay": ("eBay", "visits/month, undated (Zhao)"),
    "gu-monthly-visitors-aliexpress-2015": ("AliExpress", "unique visitors/month, 2015 (Gu)"),
    "zhao-monthly-visitors-aliexpress": ("AliExpress",
                                         "unique visitors/month, undated (Zhao)"),
}


def visitors_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Visits and visitors per platform, one mark per printed figure, measures kept apart."""
    labels = {fid: platform for fid, (platform, _) in VISITOR_ROWS.items()}
    data, selected = _chart_frame(frame, labels, "platform")
    data["measure"] = [VISITOR_ROWS[f][1] for f in data["figure_id"]]
    data["label"] = [fmt_number(x) for x in data["value"]]
    measures = list(dict.fromkeys(m for _, m in VISITOR_ROWS.values()))
    shapes = ["circle", "square", "triangle-right", "triangle-left", "cross"][:len(measures)]
    base = alt.Chart(data).encode(
        y=alt.Y("platform:N", title=None, sort=["AliExpress", "Ozon", "eBay", "Amazon"]),
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
    return charts.with_source(chart, chart_source(
        selected, "Visits and unique visitors are different units; periods differ"),
        "Platform visits and visitors in millions. " + "; ".join(
            f"{r.platform}, {r.measure}: {r.label}" for r in data.itertuples()) + ".")


CHINA_ROWS: dict[str, str] = {
    "gu-china-share-cb-sales": "Trade: sales, undated",
    "ru-d-china-share-intl-b2c-2014": "Trade: sales ÷ B2C, 2014",
    "gu-chinese-market-share-2015": "Trade: firms' share, 2015",
    "gu-china-share-orders-2015": "Trade: orders, 2015",
    "gu-swot-china-share-value-2016q1": "Trade: value, 2016 Q1",
    "gu-swot-china-share-goods-2016q1": "Trade: items, 2016 Q1",
    "gu-chinese-stores-2013": "People: GfK, 2013",
    "gu-chinese-stores-2014": "People: GfK, 2014",
    "gu-yandex-china-buyers": "People: Yandex, since 2014",
}


def china_share_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Every printed 'share of China' figure on one axis: shares of trade vs shares of people."""
    data, selected = _chart_frame(frame, CHINA_ROWS, "what")
    data["base"] = [w.split(":")[0].lower() for w in data["what"]]
    data["label"] = [_value_label(x, k, "%") for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    base = alt.Chart(data).encode(
        y=alt.Y("what:N", title=None, sort=list(CHINA_ROWS.values())),
        x=alt.X("value:Q", title="Percent", scale=alt.Scale(domain=[0, 100])))
    dots = base.mark_point(size=110, filled=True).encode(
        color=alt.Color("base:N", sort=["trade", "people"],
                        legend=_legend("share of")),
        shape=alt.Shape("kind:N", scale=_kind_scale(data["kind"]), legend=_legend()),
        tooltip=["what", "value", "period", "kind", "source", "figure_id"])
    text = base.mark_text(dy=-11, fontSize=11).encode(text="label:N")
    chart = alt.layer(dots, text).properties(width="container", height=330)
    return charts.with_source(chart, chart_source(selected),
                        "Shares attributed to China. " + _describe(data, "what", "%") + ".")


def gender_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Preference for Chinese vs English-language sites by gender: printed and derived parts."""
    spec = [
        ("gu-pref-chinese-sites-women", "Women", "Chinese"),
        ("ru-d-pref-english-sites-women", "Women", "English-language"),
        ("ru-d-pref-chinese-sites-men", "Men", "Chinese"),
        ("gu-pref-english-sites-men", "Men", "English-language"),
    ]
    selected = rows(frame, [s[0] for s in spec])
    data = pd.DataFrame({
        "gender": [s[1] for s in spec], "prefers": [s[2] for s in spec],
        "value": selected["value"].astype(float), "kind": selected["kind"].astype(str),
        "figure_id": selected["figure_id"].astype(str),
    })
    data["label"] = [f"{p} {fmt_number(x)}%" + (" (derived)" if k == "derived" else "")
                     for p, x, k in zip(data["prefers"], data["value"], data["kind"],
                                        strict=True)]
    origins = ["Chinese", "English-language"]
    data["end"] = data.groupby("gender")["value"].cumsum()
    data["start"] = data["end"] - data["value"]
    data["middle"] = (data["start"] + data["end"]) / 2
    y = alt.Y("gender:N", title=None, sort=["Women", "Men"])
    bars = alt.Chart(data).mark_bar(height=34, stroke="#333333").encode(
        y=y, x=alt.X("start:Q", title="Share of each gender (%)",
                     scale=alt.Scale(domain=[0, 100])), x2="end:Q",
        color=alt.Color("prefers:N", sort=origins, legend=_legend("preferred sites")),
        opacity=alt.Opacity("kind:N", legend=_legend(),
                            scale=alt.Scale(domain=["reported", "derived"], range=[1.0, 0.45])),
        strokeDash=alt.StrokeDash("kind:N", legend=None,
                                  scale=alt.Scale(domain=["reported", "derived"],
                                                  range=[[1, 0], [4, 2]])),
        tooltip=["gender", "prefers", "value", "kind", "figure_id"])
    text = alt.Chart(data).mark_text(fontSize=11, color="black").encode(
        y=y, x="middle:Q", text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=150)
    return charts.with_source(chart, chart_source(selected, (
        "Derived parts are 100 minus the printed share, assuming a two-way choice")),
        "Preferred site origin by gender. " + "; ".join(
            f"{r.gender} preferring {r.prefers}: {r.label}" for r in data.itertuples()) + ".")


def top_sites_chart(top_sites: pd.DataFrame) -> alt.LayerChart:
    """Top-10 sites counted by printed category: one bar segment per site, labelled by rank."""
    counts = site_counts(top_sites)
    data = pd.DataFrame({
        "rank": top_sites["rank"].astype(int),
        "domain": top_sites["domain"].astype(str),
        "category": [CATEGORY_LABELS[str(c)] for c in top_sites["category"]],
    }).sort_values(["category", "rank"])
    data["end"] = data.groupby("category").cumcount() + 1
    data["start"] = data["end"] - 1
    data["middle"] = data["start"] + 0.5
    data["label"] = ["#" + str(r) for r in data["rank"]]
    order = [CATEGORY_LABELS[c] for c in counts]
    y = alt.Y("category:N", title=None, sort=order)
    bars = alt.Chart(data).mark_bar(height=26, stroke="white", strokeWidth=2).encode(
        y=y, x=alt.X("start:Q", title="Number of sites (derived)",
                     axis=alt.Axis(tickMinStep=1, format="d")), x2="end:Q",
        color=alt.Color("category:N", sort=order, legend=None),
        tooltip=["rank", "domain", "category"])
    text = alt.Chart(data).mark_text(fontSize=12, color="white", fontWeight="bold").encode(
        y=y, x="middle:Q", text="label:N")
    chart = alt.layer(bars, text).properties(width="container", height=190)
    ranked = data.sort_values("rank")
    return charts.with_source(chart, chart_source(top_sites, (
        "Numbers in the bars are ranks; counts per category computed in code")),
        "Top ten Russian shopping sites counted by printed category. " + "; ".join(
            f"{c}: {counts[k]} sites (ranks "
            + ", ".join(str(r) for r in ranked.loc[ranked['category'] == c, 'rank']) + ")"
            for k, c in CATEGORY_LABELS.items() if k in counts) + ".")


def regional_split_chart(frame: pd.DataFrame,
                         measures: Sequence[str] | None = None) -> alt.FacetChart:
    """Slope chart of the capitals' and the regions' shares, 2012 vs 2015, one panel a measure.

    ``measures`` picks panels among ``"online shoppers"``, ``"online orders"``,
    ``"online sales"`` (all by default).
    """
    split = regional_split(frame)
    wanted = list(measures) if measures is not None else list(SPLIT_MEASURES.values())
    unknown = [m for m in wanted if m not in SPLIT_MEASURES.values()]
    if unknown or not wanted:
        raise ValueError(f"unknown or no measures: {unknown}")
    split = split[split["measure"].isin(wanted)]
    data = split[["measure", "year", "area", "value", "figure_id"]].copy()
    data["label"] = [fmt_number(x) + "%" for x in data["value"]]
    areas = list(AREA_LABELS.values())
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
    return charts.with_source(chart, chart_source(split), (
        "Shares of Russian online shoppers, orders and sales in Moscow and St Petersburg vs "
        "the rest of Russia. " + "; ".join(
            f"{r.measure} {r.year}, {r.area}: {r.label}" for r in data.itertuples()) + "."))


DELIVERY_ORDER: tuple[str, ...] = (
    "Post, by leg (Gu)", "Post, total (Gu)", "Range (Gu)", "Yanwen line, max (Zhao)",
    "Post parcel, max (Zhao)", "Harbin warehouse (Gu)")


def delivery_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Delivery times China→Russia: postal legs (stacked), printed totals, ranges and maxima."""
    legs = rows(frame, ["gu-swot-post-to-border", "gu-swot-post-customs",
                        "gu-swot-post-domestic"])
    leg_names = [f"{name}: {fmt_number(days)} days" for name, days in zip(
        ["to the border", "customs", "inside Russia"], legs["value"], strict=True)]
    stacked = pd.DataFrame({"route": DELIVERY_ORDER[0], "leg": leg_names,
                            "days": legs["value"].astype(float).to_numpy(),
                            "figure_id": legs["figure_id"].astype(str).to_numpy()})
    stacked["end"] = stacked["days"].cumsum()
    stacked["start"] = stacked["end"] - stacked["days"]
    range_rows = rows(frame, ["gu-delivery-cycle-min", "gu-delivery-cycle-max"])
    ranges = pd.DataFrame({"route": [DELIVERY_ORDER[2]],
                           "low": [float(range_rows["value"].iloc[0])],
                           "high": [float(range_rows["value"].iloc[1])]})
    singles_spec = {
        "gu-swot-post-total": DELIVERY_ORDER[1],
        "ru-d-postal-legs-sum": DELIVERY_ORDER[0],
        "zhao-delivery-yanwen-max": DELIVERY_ORDER[3],
        "zhao-delivery-postal-max": DELIVERY_ORDER[4],
        "gu-harbin-warehouse-delivery": DELIVERY_ORDER[5],
    }
    singles, selected = _chart_frame(frame, singles_spec, "route")
    singles["label"] = [_value_label(x, k, digits=0) for x, k in
                        zip(singles["value"], singles["kind"], strict=True)]
    y = alt.Y("route:N", title=None, sort=list(DELIVERY_ORDER))
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
    shown = pd.concat([legs, range_rows, selected], ignore_index=True)
    description = ("Delivery times from China to Russia in days. Postal legs: "
                   + ", ".join(leg_names)
                   + f"; range {fmt_number(ranges['low'][0])} to {fmt_number(ranges['high'][0])}"
                   + "; " + _describe(singles, "route", " days") + ".")
    return charts.with_source(chart, chart_source(shown, fill(
        "Bars: postal legs as printed; the domestic leg 'may be' {gu-swot-post-domestic} days",
        frame)), description)
