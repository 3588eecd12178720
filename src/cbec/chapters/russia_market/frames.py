"""Tidy frames for the charts of the Russian-market chapter.

Each ``*_frame`` function selects the figures a chart draws (from the chapter's
``russia_market_chart_rows`` registry, or by metric), shapes them into the small frame the
chart renders (labels, stacking, ordering) and writes the chart's source line. The chart
builders of :mod:`cbec.chapters.russia_market.charts` only render a :class:`ChartData`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from cbec.chapters.russia_market.derive import (
    AREA_LABELS,
    SPLIT_MEASURES,
    regional_split,
    site_counts,
)
from cbec.chapters.russia_market.lookup import chart_source, cite_short, fill, fmt_number, rows
from cbec.chapters.russia_market.registry import chart_groups, chart_labels, chart_rows_of

CATEGORY_LABELS: dict[str, str] = {
    "Shopping": "Shopping",
    "Consumer_Electronics": "Consumer electronics",
    "Clothing": "Clothing",
    "General_Merchandise": "General merchandise",
}
RANGE_ENDS: tuple[str, str] = ("low", "high")


class ChartData(NamedTuple):
    """What a chart draws: its main frame, its source line, frames of further layers and,
    where the chart needs one, the order of its categories."""

    data: pd.DataFrame
    source: str
    layers: Mapping[str, pd.DataFrame] = MappingProxyType({})
    order: tuple[str, ...] = ()


def labelled_rows(frame: pd.DataFrame, labels: Mapping[str, str],
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


def value_label(value: float, kind: str, suffix: str = "", digits: int = 1) -> str:
    """A mark's label: the value rounded to ``digits``, and its kind unless reported."""
    text = fmt_number(round(float(value), digits)) + suffix
    return f"{text} {kind}" if kind != "reported" else text


def time_points_frame(frame: pd.DataFrame, series: Mapping[str, str],
                      extra_source: str = "") -> ChartData:
    """Printed values to be drawn over time as points: ``series`` maps figure ids to a series
    label. Every row must be a reported figure with a year."""
    data, selected = labelled_rows(frame, series, "series")
    if (data["kind"] != "reported").any():
        raise ValueError("time_points_chart draws reported figures only")
    if data["year"].isna().any():
        raise ValueError("every figure needs a year to be placed on the time axis")
    return ChartData(data, chart_source(selected, extra_source))


def penetration_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Internet penetration: the printed points of the ``penetration`` chart rows."""
    return time_points_frame(
        frame, chart_labels(chart_rows, "penetration"),
        extra_source="Gu's Chart 1.1 (2008–2015) is lost; only two of its years are printed")


def internet_users_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Internet users in millions: the printed points of the ``internet-users`` chart rows."""
    return time_points_frame(
        frame, chart_labels(chart_rows, "internet-users"),
        extra_source=fill("Undated totals (more than {gu-swot-internet-users} m; "
                          "{gu-41-active-internet-users} m active) are not placed on the axis",
                          frame))


def market_usd_frame(frame: pd.DataFrame) -> ChartData:
    """Russian e-commerce market in US dollars: one point per printed (year, value, kind),
    the ids merged; layer ``band``: the printed forecast range."""
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
    source = chart_source(market, (
        "Years of the 2010–2012 values are not printed (assumed). Dashed bar: a printed "
        "forecast range"))
    return ChartData(data, source, {"band": band})


def rouble_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Market figures printed in roubles and the implied 2014 levels (``roubles`` rows):
    one row each, labelled "scope: what" with printed values filled into the label."""
    scopes = chart_groups(chart_rows, "roubles")
    labels = {fid: f"{scopes[fid]}: {fill(what, frame)}"
              for fid, what in chart_labels(chart_rows, "roubles").items()}
    data, selected = labelled_rows(frame, labels, "row")
    data["scope"] = [scopes[f] for f in data["figure_id"]]
    data["label"] = [value_label(x, k, digits=0) for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    return ChartData(data, chart_source(selected, (
        "Pale dashed bars: 2014 levels implied by a 2015 level and a printed growth rate")))


def platform_share_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Shares of the cross-border market: the three platforms, their sum and the totals."""
    data, selected = labelled_rows(frame, chart_labels(chart_rows, "platforms"), "what")
    data["label"] = [value_label(x, k, "%") for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    return ChartData(data, chart_source(selected))


def visitors_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Visits and visitors per platform (``visitors`` rows: label = platform, group =
    measure)."""
    measures = chart_groups(chart_rows, "visitors")
    data, selected = labelled_rows(frame, chart_labels(chart_rows, "visitors"), "platform")
    data["measure"] = [measures[f] for f in data["figure_id"]]
    data["label"] = [fmt_number(x) for x in data["value"]]
    return ChartData(data, chart_source(
        selected, "Visits and unique visitors are different units; periods differ"))


def china_share_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Every printed 'share of China' figure (``china-share`` rows, labelled "Trade: …" or
    "People: …")."""
    data, selected = labelled_rows(frame, chart_labels(chart_rows, "china-share"), "what")
    data["base"] = [w.split(":")[0].lower() for w in data["what"]]
    data["label"] = [value_label(x, k, "%") for x, k in
                     zip(data["value"], data["kind"], strict=True)]
    return ChartData(data, chart_source(selected))


def gender_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Preference for Chinese vs English-language sites by gender (``gender`` rows: label =
    gender, group = preferred sites), stacked per gender."""
    genders = chart_labels(chart_rows, "gender")
    prefers = chart_groups(chart_rows, "gender")
    selected = rows(frame, list(genders))
    data = pd.DataFrame({
        "gender": list(genders.values()), "prefers": list(prefers.values()),
        "value": selected["value"].astype(float), "kind": selected["kind"].astype(str),
        "figure_id": selected["figure_id"].astype(str),
    })
    data["label"] = [f"{p} {fmt_number(x)}%" + (" (derived)" if k == "derived" else "")
                     for p, x, k in zip(data["prefers"], data["value"], data["kind"],
                                        strict=True)]
    data["end"] = data.groupby("gender")["value"].cumsum()
    data["start"] = data["end"] - data["value"]
    data["middle"] = (data["start"] + data["end"]) / 2
    return ChartData(data, chart_source(selected, (
        "Derived parts are 100 minus the printed share, assuming a two-way choice")))


def top_sites_frame(top_sites: pd.DataFrame) -> ChartData:
    """Top-10 sites by printed category, one bar segment per site; ``order``: categories
    with the most sites first."""
    counts = site_counts(top_sites)
    data = pd.DataFrame({
        "rank": top_sites["rank"].astype(int),
        "domain": top_sites["domain"].astype(str),
        "category": [CATEGORY_LABELS[str(c)] for c in top_sites["category"]],
    }).sort_values(["category", "rank"], kind="stable")
    data["end"] = data.groupby("category").cumcount() + 1
    data["start"] = data["end"] - 1
    data["middle"] = data["start"] + 0.5
    data["label"] = ["#" + str(r) for r in data["rank"]]
    return ChartData(data, chart_source(top_sites, (
        "Numbers in the bars are ranks; counts per category computed in code")),
        order=tuple(CATEGORY_LABELS[c] for c in counts))


def regional_split_frame(frame: pd.DataFrame,
                         measures: Sequence[str] | None = None) -> ChartData:
    """The capitals' and the regions' shares, 2012 and 2015, for the panels ``measures``
    (among ``"online shoppers"``, ``"online orders"``, ``"online sales"``; all by default),
    which become the ``order``."""
    split = regional_split(frame)
    wanted = list(measures) if measures is not None else list(SPLIT_MEASURES.values())
    unknown = [m for m in wanted if m not in SPLIT_MEASURES.values()]
    if unknown or not wanted:
        raise ValueError(f"unknown or no measures: {unknown}")
    split = split[split["measure"].isin(wanted)]
    data = split[["measure", "year", "area", "value", "figure_id"]].copy()
    data["label"] = [fmt_number(x) + "%" for x in data["value"]]
    return ChartData(data, chart_source(split), order=tuple(wanted))


AREAS: tuple[str, ...] = tuple(AREA_LABELS.values())


def delivery_frame(frame: pd.DataFrame, chart_rows: pd.DataFrame) -> ChartData:
    """Delivery times China→Russia (``delivery`` rows): the main frame holds the single
    values (label = route); layer ``legs`` the postal legs stacked (group = leg), layer
    ``ranges`` the printed range (groups ``low`` and ``high``); ``order``: the routes."""
    spec = chart_rows_of(chart_rows, "delivery")
    group = spec["group"].fillna("").astype(str)
    legs_spec = spec[~group.isin(["", *RANGE_ENDS])]
    ends = spec[group.isin(RANGE_ENDS)].set_index("group")
    singles_spec = spec[group == ""]
    legs = rows(frame, list(legs_spec["figure_id"]))
    leg_names = [f"{name}: {fmt_number(days)} days" for name, days in zip(
        legs_spec["group"], legs["value"], strict=True)]
    stacked = pd.DataFrame({"route": str(legs_spec["label"].iloc[0]), "leg": leg_names,
                            "days": legs["value"].astype(float).to_numpy(),
                            "figure_id": legs["figure_id"].astype(str).to_numpy()})
    stacked["end"] = stacked["days"].cumsum()
    stacked["start"] = stacked["end"] - stacked["days"]
    range_rows = rows(frame, [ends.loc[end, "figure_id"] for end in RANGE_ENDS])
    ranges = pd.DataFrame({"route": [str(ends["label"].iloc[0])],
                           "low": [float(range_rows["value"].iloc[0])],
                           "high": [float(range_rows["value"].iloc[1])]})
    singles, selected = labelled_rows(
        frame, dict(zip(singles_spec["figure_id"], singles_spec["label"], strict=True)),
        "route")
    singles["label"] = [value_label(x, k, digits=0) for x, k in
                        zip(singles["value"], singles["kind"], strict=True)]
    shown = pd.concat([legs, range_rows, selected], ignore_index=True)
    source = chart_source(shown, fill(
        "Bars: postal legs as printed; the domestic leg 'may be' {gu-swot-post-domestic} days",
        frame))
    return ChartData(singles, source, {"legs": stacked, "ranges": ranges},
                     order=tuple(dict.fromkeys(spec["label"].astype(str))))
