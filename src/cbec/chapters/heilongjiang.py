"""Heilongjiang–Russia trade and the logistics of cross-border e-commerce.

Helpers of the Heilongjiang chapter: periods and unit conversions, the numbers derived from
the printed figures of Song (2020) and Gu (2018) (shares, implied previous-year levels,
per-flight and per-train ratios, the two readings of "an increase of 2.6 times"), the
side-by-side tables of conflicting figures, and the chapter's altair charts.

Every derived number is built with :func:`cbec.data.figures.derived_row`, so it carries
``kind="derived"``, the figure ids it comes from and its formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import altair as alt
import pandas as pd

from cbec import charts
from cbec.data import figures

# ---- periods and units ----------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_SPAN = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_QUARTERS = re.compile(r"^(\d{4})-Q([1-4])(?:-Q([1-4]))?$")

_SCALE: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start (inclusive) and end (exclusive) of a printed period.

    Understands ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, month spans ``YYYY-MM/YYYY-MM`` and
    quarter spans ``YYYY-Q1`` or ``YYYY-Q1-Q3``; anything else (``"n.d."``, ``"2014-start"``)
    raises ``ValueError``.
    """
    text = period.strip()
    if match := _YEAR.match(text):
        start = pd.Timestamp(int(match[1]), 1, 1)
        return start, start + pd.DateOffset(years=1)
    if match := _MONTH.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), 1)
        return start, start + pd.DateOffset(months=1)
    if match := _DAY.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), int(match[3]))
        return start, start + pd.DateOffset(days=1)
    if match := _MONTH_SPAN.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), 1)
        last = pd.Timestamp(int(match[3]), int(match[4]), 1)
        if last < start:
            raise ValueError(f"period {period!r} ends before it starts")
        return start, last + pd.DateOffset(months=1)
    if match := _QUARTERS.match(text):
        first = int(match[2])
        last = int(match[3] or match[2])
        if last < first:
            raise ValueError(f"period {period!r} ends before it starts")
        start = pd.Timestamp(int(match[1]), 3 * first - 2, 1)
        return start, pd.Timestamp(int(match[1]), 1, 1) + pd.DateOffset(months=3 * last)
    raise ValueError(f"cannot read period {period!r} as dates")


def period_months(period: str) -> int:
    """Number of calendar months a printed period covers (a day counts as no full month)."""
    start, end = period_bounds(period)
    return (end.year - start.year) * 12 + end.month - start.month


def scale_to(value: float, unit: str, target: str) -> float:
    """Convert ``value`` printed in ``unit`` (e.g. ``"billion US dollars"``) to ``target``
    (e.g. ``"million US dollars"``); the words after the scale word must agree."""
    def split(text: str) -> tuple[float, str]:
        head, _, rest = text.strip().partition(" ")
        if head in _SCALE:
            return _SCALE[head], rest
        return 1.0, text.strip()

    factor, base = split(unit)
    target_factor, target_base = split(target)
    if base != target_base:
        raise ValueError(f"cannot convert {unit!r} to {target!r}")
    return value * factor / target_factor


def implied_previous(level: float, growth_pct: float) -> float:
    """Level of the previous period implied by ``level`` and its growth rate in percent."""
    if growth_pct <= -100:
        raise ValueError(f"a growth rate of {growth_pct}% implies no previous level")
    return level / (1 + growth_pct / 100)


def times_increase_readings(level: float, times: float) -> pd.DataFrame:
    """The two readings of "an increase of *times* times" for a printed ``level``.

    Reading A takes the new level to be ``times`` × the old one; reading B takes the
    *increase* to be ``times`` × the old level, so the new level is ``(1 + times)`` × the old.
    Returns one row per reading: multiplier, growth in percent and the implied previous level.
    """
    if times <= 0:
        raise ValueError("the printed multiple must be positive")
    rows = []
    for reading, multiplier in (("A: new level = {t} × old", times),
                                ("B: increase = {t} × old", 1 + times)):
        rows.append({
            "reading": reading.format(t=f"{times:g}"),
            "multiplier": multiplier,
            "growth_pct": (multiplier - 1) * 100,
            "implied_previous": level / multiplier,
        })
    return pd.DataFrame.from_records(rows)


# ---- chart finishing -----------------------------------------------------------------

def section_only(locator: str) -> str:
    """The section part of a locator (``"§1.3, item 3"`` → ``"§1.3"``)."""
    return locator.split(",", 1)[0].strip()


# ---- 2019 trade: Russia vs other partners ---------------------------------------------

FLOWS: tuple[str, ...] = ("Total trade", "Exports", "Imports")
_TRADE_IDS: dict[str, dict[str, str]] = {
    "Total trade": {"all": "song-trade-2019-total", "all_growth": "song-trade-2019-total-growth",
                    "gap": "song-trade-2019-total-growth-gap", "russia": "song-russia-trade-2019",
                    "russia_growth": "song-russia-trade-2019-growth"},
    "Exports": {"all": "song-exports-2019", "all_growth": "song-exports-2019-growth",
                "gap": "song-exports-2019-growth-gap", "russia": "song-russia-exports-2019",
                "russia_growth": "song-russia-exports-2019-growth"},
    "Imports": {"all": "song-imports-2019", "all_growth": "song-imports-2019-growth",
                "gap": "song-imports-2019-growth-gap", "russia": "song-russia-imports-2019",
                "russia_growth": "song-russia-imports-2019-growth"},
}
_SLUG = {"Total trade": "total", "Exports": "exports", "Imports": "imports"}
PARTNERS: tuple[str, ...] = ("Russia", "Other partners", "All partners", "China (national)")


def trade_derived_rows(figs: pd.DataFrame) -> list[dict[str, object]]:
    """Derived 2019 trade figures: other partners, Russia's shares, implied 2018 levels,
    growth with other partners, national growth and the implied Belt and Road total."""
    rows: list[dict[str, object]] = []
    unit = "billion yuan"
    for flow in FLOWS:
        ids = _TRADE_IDS[flow]
        slug = _SLUG[flow]
        total, russia = figures.value(figs, ids["all"]), figures.value(figs, ids["russia"])
        g_all = figures.value(figs, ids["all_growth"])
        g_ru = figures.value(figs, ids["russia_growth"])
        gap = figures.value(figs, ids["gap"])
        prev_all, prev_ru = implied_previous(total, g_all), implied_previous(russia, g_ru)
        other, prev_other = total - russia, prev_all - prev_ru
        base = [ids["all"], ids["russia"]]
        grow = [ids["all_growth"], ids["russia_growth"]]
        rows += [
            figures.derived_row(f"hlj-{slug}-2019-other", f"goods_{slug}_value_other_partners",
                                other, unit, "2019", "Heilongjiang–other partners", base,
                                f"{ids['all']} − {ids['russia']}", year=2019),
            figures.derived_row(f"hlj-{slug}-2019-russia-share", f"russia_share_of_{slug}",
                                russia / total * 100, "percent", "2019", "Heilongjiang–Russia",
                                base, f"{ids['russia']} / {ids['all']} × 100", year=2019),
            figures.derived_row(f"hlj-{slug}-2018-all-implied", f"goods_{slug}_value", prev_all,
                                unit, "2018", "Heilongjiang", [ids["all"], ids["all_growth"]],
                                f"{ids['all']} / (1 + {ids['all_growth']}/100)", year=2018),
            figures.derived_row(f"hlj-{slug}-2018-russia-implied",
                                f"goods_{slug}_value_with_russia", prev_ru, unit, "2018",
                                "Heilongjiang–Russia", [ids["russia"], ids["russia_growth"]],
                                f"{ids['russia']} / (1 + {ids['russia_growth']}/100)", year=2018),
            figures.derived_row(f"hlj-{slug}-2018-other-implied",
                                f"goods_{slug}_value_other_partners", prev_other, unit, "2018",
                                "Heilongjiang–other partners", base + grow,
                                "implied 2018 all partners − implied 2018 Russia", year=2018),
            figures.derived_row(f"hlj-{slug}-2018-russia-share-implied", f"russia_share_of_{slug}",
                                prev_ru / prev_all * 100, "percent", "2018",
                                "Heilongjiang–Russia", base + grow,
                                "implied 2018 Russia / implied 2018 all partners × 100",
                                year=2018),
            figures.derived_row(f"hlj-{slug}-2019-other-growth",
                                f"goods_{slug}_growth_other_partners",
                                (other / prev_other - 1) * 100, "percent", "2019",
                                "Heilongjiang–other partners", base + grow,
                                "2019 other partners / implied 2018 other partners − 1",
                                year=2019),
            figures.derived_row(f"hlj-{slug}-2019-national-growth", f"goods_{slug}_growth_yoy",
                                g_all - gap, "percent", "2019", "China",
                                [ids["all_growth"], ids["gap"]],
                                f"{ids['all_growth']} − {ids['gap']}", year=2019),
        ]
    russia = figures.value(figs, "song-russia-trade-2019")
    share = figures.value(figs, "song-russia-trade-2019-share-bri")
    rows.append(figures.derived_row(
        "hlj-bri-trade-2019-implied", "goods_trade_value_with_belt_and_road", russia / share * 100,
        "billion yuan", "2019", "Heilongjiang–Belt and Road countries",
        ["song-russia-trade-2019", "song-russia-trade-2019-share-bri"],
        "song-russia-trade-2019 / (song-russia-trade-2019-share-bri / 100)", year=2019))
    return rows


def trade_table(figs: pd.DataFrame) -> pd.DataFrame:
    """One row per flow and partner for 2019: value, share of the flow, growth and the
    implied 2018 level, each with whether it is printed ("reported") or derived."""
    combined = figures.with_derived(figs, trade_derived_rows(figs))
    get = {row.figure_id: row for row in combined.itertuples()}
    records = []
    for flow in FLOWS:
        ids, slug = _TRADE_IDS[flow], _SLUG[flow]
        total = get[ids["all"]].value
        spec = {
            "Russia": (ids["russia"], ids["russia_growth"], f"hlj-{slug}-2018-russia-implied"),
            "Other partners": (f"hlj-{slug}-2019-other", f"hlj-{slug}-2019-other-growth",
                               f"hlj-{slug}-2018-other-implied"),
            "All partners": (ids["all"], ids["all_growth"], f"hlj-{slug}-2018-all-implied"),
        }
        for partner, (value_id, growth_id, prev_id) in spec.items():
            records.append({
                "flow": flow, "partner": partner,
                "value_2019": get[value_id].value, "value_kind": get[value_id].kind,
                "share_of_flow_pct": get[value_id].value / total * 100,
                "growth_2019_pct": get[growth_id].value, "growth_kind": get[growth_id].kind,
                "implied_2018": get[prev_id].value,
            })
        national = get[f"hlj-{slug}-2019-national-growth"]
        records.append({
            "flow": flow, "partner": "China (national)", "value_2019": float("nan"),
            "value_kind": "", "share_of_flow_pct": float("nan"),
            "growth_2019_pct": national.value, "growth_kind": national.kind,
            "implied_2018": float("nan"),
        })
    return pd.DataFrame.from_records(records)


def _kind_label(kind: str) -> str:
    return "derived in code" if kind == figures.DERIVED else "printed"


def trade_composition_chart(figs: pd.DataFrame) -> alt.TopLevelMixin:
    """Horizontal bars of 2019 exports and imports with Russia and with other partners
    (other partners derived), labelled with value and share."""
    table = trade_table(figs)
    shown = table[table["flow"].isin(["Exports", "Imports"])
                  & table["partner"].isin(["Russia", "Other partners"])].copy()
    shown["row"] = shown["flow"] + ", " + shown["partner"]
    shown["status"] = shown["value_kind"].map(_kind_label)
    shown["label"] = [
        f"{r}: {v:.2f} ({s:.1f}%)" + (" derived" if k == figures.DERIVED else "")
        for r, v, s, k in zip(shown["row"], shown["value_2019"], shown["share_of_flow_pct"],
                              shown["value_kind"], strict=True)]
    shown = shown[["row", "partner", "status", "value_2019", "label"]]
    used = pd.concat([figures.metric_rows(figs, "goods_exports_value"),
                      figures.metric_rows(figs, "goods_imports_value"),
                      figures.metric_rows(figs, "goods_exports_to_russia_value"),
                      figures.metric_rows(figs, "goods_imports_from_russia_value")])
    used = figures.with_derived(used, [r for r in trade_derived_rows(figs)
                                       if r["figure_id"] in {"hlj-exports-2019-other",
                                                             "hlj-imports-2019-other"}])
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
    source = figures.source_line(used, "Other partners = all partners − Russia; shares derived")
    description = "; ".join(f"{r.label} billion yuan" for r in shown.itertuples())
    return charts.with_source(chart, source, "Heilongjiang goods trade 2019. " + description)


def trade_growth_chart(figs: pd.DataFrame) -> alt.TopLevelMixin:
    """Dot plot of 2019 growth rates by flow: Heilongjiang with all partners and with
    Russia (printed), with other partners and China nationally (derived)."""
    table = trade_table(figs)
    table["series"] = table["partner"].map({
        "All partners": "All partners",
        "Russia": "Russia",
        "Other partners": "Other partners (derived)",
        "China (national)": "China, national (derived)",
    })
    table["kind"] = table["growth_kind"]
    table["label"] = [f"{g:.1f}%" + (" (derived)" if k == figures.DERIVED else "")
                      for g, k in zip(table["growth_2019_pct"], table["kind"], strict=True)]
    shown = table[["flow", "series", "kind", "growth_2019_pct", "label"]]
    series_order = ["All partners", "Russia", "Other partners (derived)",
                    "China, national (derived)"]
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
    used = figures.with_derived(
        figs[figs["figure_id"].isin([i for ids in _TRADE_IDS.values() for i in ids.values()])],
        trade_derived_rows(figs))
    source = figures.source_line(
        used, "National growth = Heilongjiang growth − printed gap; other partners from "
              "implied 2018 levels")
    description = "; ".join(f"{r.flow}, {r.series}: {r.label}" for r in shown.itertuples())
    return charts.with_source(chart, source, "Growth of goods trade in 2019. " + description)


# ---- Harbin air-cargo charters -------------------------------------------------------

CHARTER_PERIODS: tuple[dict[str, object], ...] = (
    {"label": "Nov 2013–Jun 2017, Harbin–Yekaterinburg", "period": "2013-11/2017-06",
     "flights": "song-charter-hrb-svx-2013-2017-flights",
     "parcels": "song-charter-hrb-svx-2013-2017-pieces",
     "tons": "song-charter-hrb-svx-2013-2017-tons"},
    {"label": "Jan–Oct 2018 (“164 sorties”)", "period": "2018-01/2018-10",
     "flights": "song-charter-2018-jan-oct-flights",
     "parcels": "song-charter-2018-jan-oct-parcels", "tons": "song-charter-2018-jan-oct-tons"},
    {"label": "2018, full year", "period": "2018", "flights": "song-charter-2018-flights",
     "parcels": "song-charter-2018-parcels", "tons": "song-charter-2018-tons"},
    {"label": "2018, footnote 6 title", "period": "2018", "flights": None,
     "parcels": "song-charter-2018-parcels-fn6", "tons": "song-charter-2018-tons-fn6"},
    {"label": "A typical year (year not printed)", "period": None,
     "flights": "song-charter-flights-per-year", "parcels": None,
     "tons": "song-charter-tons-per-year"},
    {"label": "Jan–Sep 2020", "period": "2020-Q1-Q3",
     "flights": "song-hrb-russia-2020q1q3-flights", "parcels": "song-hrb-russia-2020q1q3-pieces",
     "tons": "song-hrb-russia-2020q1q3-tons"},
)


def _count(figs: pd.DataFrame, figure_id: object, unit: str) -> float:
    """The value of ``figure_id`` converted to ``unit`` (NaN when there is no such figure)."""
    if figure_id is None:
        return float("nan")
    row = figures.figure(figs, str(figure_id))
    printed = str(row["unit"])
    if printed in {"flights per year", "tons per year"}:
        printed = printed.removesuffix(" per year")
    if printed in {"sorties", "flights"}:
        return float(row["value"])
    if printed in {"pieces", "parcels", "million pieces"}:
        return scale_to(float(row["value"]), printed.replace("parcels", "pieces"), unit)
    return scale_to(float(row["value"]), printed, unit)


def charter_periods(figs: pd.DataFrame) -> pd.DataFrame:
    """Harbin–Russia charter figures by period with derived monthly rates and loads.

    Columns: label, period, start, end, months, flights, parcels, tons (as printed, parcels
    in pieces), flights_per_month, tons_per_month, tons_per_flight, kg_per_parcel (derived)
    and ``figure_ids`` (the rows used).
    """
    records = []
    for spec in CHARTER_PERIODS:
        period = spec["period"]
        if period is None:
            start = end = pd.NaT
            months = 12  # "a year"
        else:
            start, end = period_bounds(str(period))
            months = period_months(str(period))
        flights = _count(figs, spec["flights"], "flights")
        parcels = _count(figs, spec["parcels"], "pieces")
        tons = _count(figs, spec["tons"], "tons")
        records.append({
            "label": spec["label"], "period": period or "annual (year not printed)",
            "start": start, "end": end, "months": months, "flights": flights,
            "parcels": parcels, "tons": tons,
            "flights_per_month": flights / months, "tons_per_month": tons / months,
            "tons_per_flight": tons / flights, "kg_per_parcel": tons * 1000 / parcels,
            "figure_ids": ", ".join(str(spec[k]) for k in ("flights", "parcels", "tons")
                                    if spec[k] is not None),
        })
    return pd.DataFrame.from_records(records)


def charter_rows(figs: pd.DataFrame) -> pd.DataFrame:
    """The printed charter figures (flights, parcels, weight, growth) of every period."""
    ids = [str(spec[k]) for spec in CHARTER_PERIODS for k in ("flights", "parcels", "tons")
           if spec[k] is not None]
    return figs[figs["figure_id"].isin(ids)].reset_index(drop=True)


_COMPARE = "2018 figures (compare)"
_LATE = pd.Timestamp(2019, 1, 1)


def _qualifier_symbol(printed: str) -> str:
    """``≈`` for "nearly"/"about", ``>`` for "more than"/"exceeded", else nothing."""
    text = printed.lower()
    if "nearly" in text or "about" in text:
        return "≈"
    if "more than" in text or "exceed" in text:
        return ">"
    return ""


def spread_labels(frame: pd.DataFrame, value: str, gap: float) -> list[float]:
    """Label heights for segments (``start``/``end`` columns) at height ``value``: a label is
    pushed up by ``gap`` while it would sit within ``gap`` of a label already placed on an
    overlapping time span. Returns the heights in the frame's row order."""
    placed: list[tuple[pd.Timestamp, pd.Timestamp, float]] = []
    heights: dict[object, float] = {}
    for index in frame.sort_values([value, "start"], kind="stable").index:
        start, end = frame.at[index, "start"], frame.at[index, "end"]
        height = float(frame.at[index, value])
        while any(s < end and start < e and abs(h - height) < gap for s, e, h in placed):
            height += gap
        placed.append((start, end, height))
        heights[index] = height
    return [heights[i] for i in frame.index]


def charter_chart(figs: pd.DataFrame, metric: str = "flights_per_month") -> alt.TopLevelMixin:
    """Each dated charter figure as a segment over the months it covers, at its derived
    monthly rate (``flights_per_month`` or ``tons_per_month``), labelled with the printed
    total."""
    titles = {"flights_per_month": ("Flights per month (derived)", "flights", "flights"),
              "tons_per_month": ("Tonnes per month (derived)", "tons", "t")}
    if metric not in titles:
        raise ValueError(f"metric must be one of {sorted(titles)}")
    y_title, total, unit = titles[metric]
    periods = charter_periods(figs)
    shown = periods[periods["start"].notna() & periods[total].notna()].copy()
    specs = {str(spec["label"]): spec for spec in CHARTER_PERIODS}
    printed = [str(figures.figure(figs, str(specs[label][total]))["printed"])
               for label in shown["label"]]
    shown["printed_total"] = [
        _qualifier_symbol(p) + (f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}")
        + (" sorties" if "sorties" in p else f" {unit}")
        + (" (fn 6)" if "footnote" in label else "")
        for p, v, label in zip(printed, shown[total], shown["label"], strict=True)]
    shown["conflict"] = shown["label"].str.startswith(("Jan–Oct 2018", "2018")).map(
        {True: _COMPARE, False: "other periods"})
    shown["mid"] = shown["start"] + (shown["end"] - shown["start"]) / 2
    shown["label_y"] = spread_labels(shown, metric, gap=float(shown[metric].max()) * 0.09)
    shown["late"] = shown["start"] >= _LATE
    shown = shown[["label", "start", "end", "mid", "months", "printed_total", "conflict",
                   "late", "label_y", metric]]
    base = alt.Chart(shown).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(
            domain=[pd.Timestamp(2013, 7, 1).isoformat(), pd.Timestamp(2021, 1, 1).isoformat()]),
            axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y(f"{metric}:Q", title=y_title, scale=alt.Scale(zero=True)),
        tooltip=["label", "printed_total", "months", alt.Tooltip(f"{metric}:Q", format=".1f")],
    )
    segments = base.mark_rule(strokeWidth=5).encode(
        x2="end:T",
        color=alt.Color("conflict:N", title=None, sort=[_COMPARE, "other periods"],
                        legend=alt.Legend(columns=1),
                        scale=alt.Scale(range=[charts.PALETTE[5], charts.PALETTE[0]])),
        strokeDash=alt.StrokeDash("conflict:N", legend=None,
                                  sort=[_COMPARE, "other periods"],
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
    ids = [str(s[total]) for s in CHARTER_PERIODS if s["label"] in set(shown["label"])]
    used = figs[figs["figure_id"].isin(ids)]
    source = figures.source_line(
        used, "Rates per month derived in code (printed total ÷ months covered)")
    description = "; ".join(
        f"{r.label}: {r.printed_total} in {r.months} months, {getattr(r, metric):.1f} per "
        "month (derived)" for r in shown.itertuples())
    return charts.with_source(chart, source, "Harbin–Russia air-cargo charters. " + description)


# ---- delivery times ------------------------------------------------------------------

DAYS_PER_MONTH = 30.0
HOURS_PER_DAY = 24.0
_DURATION = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)\s*(?:(?:-|~|–)\s*(?P<high>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>days?|months?|hours?)\b")

# delivery_id -> (row shown in the chart, group); rows sharing a label are merged.
DELIVERY_ROWS: dict[str, tuple[str, str]] = {
    "song-intl-parcel-pre2014": ("Post, before 2014", "Before the charters"),
    "song-cbec-before-charter": ("Parcels before charters", "Before the charters"),
    "song-cbec-air-charter-fastest": ("Harbin air charters", "Heilongjiang, 2013–14"),
    "song-cbec-air-charter-average": ("Harbin air charters", "Heilongjiang, 2013–14"),
    "gu-harbin-warehouse-time": ("Harbin border warehouse", "Heilongjiang, 2013–14"),
    "gu-ecommerce-cycle-time": ("All channels (Gu)", "Benchmarks (Gu, Zhao)"),
    "gu-post-total": ("Post door to door (Gu)", "Benchmarks (Gu, Zhao)"),
    "gu-russian-post-international-2013": ("Russian Post 2013 (Gu)",
                                           "Benchmarks (Gu, Zhao)"),
    "gu-russian-surface-mail": ("Surface mail (Gu)", "Benchmarks (Gu, Zhao)"),
    "gu-russian-express-backlog-2013": ("Backlog 2013 (Gu)", "Benchmarks (Gu, Zhao)"),
    "zhao-yanwen-russia-line": ("Yanwen line (Zhao)", "Benchmarks (Gu, Zhao)"),
    "zhao-postal-parcel-time": ("Postal parcel (Zhao)", "Benchmarks (Gu, Zhao)"),
}
# delivery_id -> why it is left out of the delivery-time chart.
DELIVERY_EXCLUDED: dict[str, str] = {
    "song-hrb-svx-flight-time": "flight time of one leg, not a delivery time",
    "song-suifenhe-vladivostok-route": "a relative saving ('half'), no duration printed",
    "gu-post-to-border": "a stage of the door-to-door postal time",
    "gu-post-customs": "a stage of the door-to-door postal time",
    "gu-post-russia-domestic": "a stage of the door-to-door postal time",
}
DELIVERY_GROUPS: tuple[str, ...] = ("Before the charters", "Heilongjiang, 2013–14",
                                    "Benchmarks (Gu, Zhao)")


def parse_duration(text: str) -> tuple[float, float, str] | None:
    """``(low, high, unit)`` of a printed duration such as ``"40-75 days"``,
    ``"3 ~ 50 days"`` or ``"nearly 2 months"``; ``None`` if no number with a unit is found
    (``"six and a half hours"``, ``"half of the transportation time"``)."""
    match = _DURATION.search(text)
    if match is None:
        return None
    low = float(match["low"])
    high = float(match["high"]) if match["high"] else low
    unit = match["unit"].rstrip("s") + "s"
    return low, high, unit


def to_days(amount: float, unit: str) -> float:
    """Convert an amount of ``days``, ``months`` (30 days each) or ``hours`` to days."""
    factors = {"days": 1.0, "months": DAYS_PER_MONTH, "hours": 1 / HOURS_PER_DAY}
    if unit not in factors:
        raise ValueError(f"unknown duration unit {unit!r}")
    return amount * factors[unit]


def delivery_days(times: pd.DataFrame) -> pd.DataFrame:
    """``times`` with ``days_low``/``days_high`` filled: printed days where the source prints
    days, otherwise a conversion of the printed duration (kind ``derived``); rows with no
    convertible duration keep ``NaN``. Adds ``days_kind`` ("reported", "derived" or "")."""
    out = times.copy()
    lows, highs, kinds = [], [], []
    for row in out.itertuples():
        if pd.notna(row.days_min):
            lows.append(float(row.days_min))
            highs.append(float(row.days_max))
            kinds.append("reported")
            continue
        parsed = parse_duration(str(row.duration_as_printed))
        if parsed is None:
            lows.append(float("nan"))
            highs.append(float("nan"))
            kinds.append("")
        else:
            low, high, unit = parsed
            lows.append(to_days(low, unit))
            highs.append(to_days(high, unit))
            kinds.append(figures.DERIVED)
    out["days_low"], out["days_high"], out["days_kind"] = lows, highs, kinds
    return out


def _short(qualifier: str, low: float, high: float) -> str:
    """Compact label of a printed duration: ``≤25``, ``>90``, ``≈28``, ``avg 13``."""
    q = qualifier.lower()
    number = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    if q.startswith("fastest"):
        return f"fastest {number}"
    if q.startswith("average"):
        return f"avg {number}"
    if q.startswith("target"):
        return f"target {number}"
    if q.startswith("within"):
        return f"≤{number}"
    if q.startswith("more than"):
        return f">{number}"
    if q.startswith(("about", "nearly")):
        return f"≈{number}"
    return number


def delivery_chart_table(times: pd.DataFrame) -> pd.DataFrame:
    """One row per chart row: group, row label, lowest and highest day figure, a compact
    label (``≤25``, ``4–13``, ``≈60 derived``), kind, sources and locators.

    Raises ``KeyError`` if a delivery_id is neither charted nor explicitly excluded.
    """
    unknown = set(times["delivery_id"]) - set(DELIVERY_ROWS) - set(DELIVERY_EXCLUDED)
    if unknown:
        raise KeyError(f"delivery ids without a chart row or exclusion: {sorted(unknown)}")
    days = delivery_days(times[times["delivery_id"].isin(list(DELIVERY_ROWS))])
    days["row"] = days["delivery_id"].map(lambda i: DELIVERY_ROWS[i][0])
    days["group"] = days["delivery_id"].map(lambda i: DELIVERY_ROWS[i][1])
    days["piece"] = [
        _short(str(q) if pd.notna(q) else "", lo, hi)
        + (" (derived)" if k == figures.DERIVED else "")
        for q, lo, hi, k in zip(days["qualifier"], days["days_low"], days["days_high"],
                                days["days_kind"], strict=True)]
    records = []
    for row_label, part in days.groupby("row", sort=False):
        part = part.sort_values("days_low")
        records.append({
            "group": part["group"].iloc[0], "row": row_label,
            "days_low": part["days_low"].min(), "days_high": part["days_high"].max(),
            "label": " / ".join(part["piece"]),
            "kind": figures.DERIVED if (part["days_kind"] == figures.DERIVED).any()
            else "reported",
            "as_printed": "; ".join(part["duration_as_printed"]),
            "source": part["source"].iloc[0],
            "locator": "; ".join(dict.fromkeys(part["locator"])),
        })
    frame = pd.DataFrame.from_records(records)
    frame["group"] = pd.Categorical(frame["group"], categories=list(DELIVERY_GROUPS),
                                    ordered=True)
    return frame.sort_values(["group", "days_high"], kind="stable").reset_index(drop=True)


def delivery_chart(times: pd.DataFrame) -> alt.TopLevelMixin:
    """Delivery-time ranges (days) by channel, grouped by era, each row labelled above its
    bar; converted values are marked as derived (diamond)."""
    table = delivery_chart_table(times)
    shown = table.astype({"group": "string"})[["group", "row", "days_low", "days_high",
                                               "label", "kind"]].copy()
    # The era is spelled out in each row's caption, so colour is not its only carrier.
    shown["caption"] = shown["row"] + ": " + shown["label"] + " · " + shown["group"]
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
    used = times[times["delivery_id"].isin(list(DELIVERY_ROWS))]
    parts = []
    for source, rows in used.groupby("source", sort=False):
        locators = "; ".join(sorted(set(rows["locator"].map(section_only)), key=str))
        parts.append(f"{figures.SOURCE_LABELS.get(str(source), str(source))} {locators}")
    source_text = ("Source: " + " | ".join(parts) + ". 'Nearly 2 months' converted at "
                   f"{DAYS_PER_MONTH:g} days a month (derived in code).")
    description = "; ".join(f"{r.row} ({r.group}): {r.label} days" for r in shown.itertuples())
    return charts.with_source(chart, source_text, "Delivery times. " + description)


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
_SNAPSHOT = {"2014-start": "start of 2014", "2016": "2016", "2017-start": "start of 2017",
             "2017-end": "end of 2017"}


def platform_counts(figs: pd.DataFrame) -> pd.DataFrame:
    """Counts of platforms, stores, merchants, parks and warehouses (Song 2020, §3.4):
    one row per printed figure with its display label and snapshot date."""
    rows = figs[figs["metric"].isin(list(PLATFORM_METRICS))].copy()
    rows["label"] = rows["metric"].map(PLATFORM_METRICS)
    rows["snapshot"] = rows["period"].map(_SNAPSHOT)
    if rows["snapshot"].isna().any():
        odd = sorted(set(rows.loc[rows["snapshot"].isna(), "period"]))
        raise ValueError(f"unexpected periods: {odd}")
    rows["order"] = rows["metric"].map({m: i for i, m in enumerate(PLATFORM_METRICS)})
    return rows.sort_values(["order", "year"]).reset_index(drop=True)


def growth_between(figs: pd.DataFrame, earlier: str, later: str) -> dict[str, object]:
    """A derived row with the percentage change from figure ``earlier`` to ``later``
    (same metric and unit required)."""
    a, b = figures.figure(figs, earlier), figures.figure(figs, later)
    if a["metric"] != b["metric"] or a["unit"] != b["unit"]:
        raise ValueError(f"{earlier} and {later} do not measure the same thing")
    if float(a["value"]) == 0:
        raise ValueError(f"{earlier} is zero: no growth rate")
    return figures.derived_row(
        f"hlj-{a['metric']}-change-{a['period']}-{b['period']}", f"{a['metric']}_change",
        (float(b["value"]) / float(a["value"]) - 1) * 100, "percent",
        f"{a['period']}/{b['period']}", str(b["geography"]), [earlier, later],
        f"{later} / {earlier} − 1", year=int(b["year"]))


def platform_chart(figs: pd.DataFrame) -> alt.TopLevelMixin:
    """Dot plot (log scale) of the counts by snapshot, each row labelled above with its
    printed values; a line joins the two snapshots of platforms and of stores."""
    counts = platform_counts(figs)
    shown = counts[["label", "snapshot", "value", "printed"]].copy()
    order = list(dict.fromkeys(shown["label"]))
    captions = pd.DataFrame({
        "label": order,
        "caption": [label + ": " + " → ".join(
            f"{v:,.0f}" for v in shown.loc[shown["label"] == label, "value"])
            for label in order]})
    snapshots = list(_SNAPSHOT.values())
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
    source = figures.source_line(counts, "Definitions change between years (see text)")
    description = "; ".join(f"{r.label}, {r.snapshot}: {r.value:,.0f}"
                            for r in shown.itertuples())
    return charts.with_source(chart, source,
                              "Heilongjiang e-commerce platforms and facilities. " + description)


# ---- timeline ------------------------------------------------------------------------

_CITY_EN = {"黑河市": "Heihe"}


def official_events(pilot_cities: pd.DataFrame, ftz: pd.DataFrame,
                    province: str = "Heilongjiang") -> pd.DataFrame:
    """Timeline rows for the province's CBEC comprehensive pilot-zone cities and its pilot
    free-trade zone, from the official lists in the data package."""
    rows = []
    for city in pilot_cities[pilot_cities["province_en"] == province].itertuples():
        name = _CITY_EN.get(str(city.city), str(city.city))
        rows.append({
            "event_id": f"{city.approval_month}-pilot-zone-{name.lower()}",
            "date": str(city.approval_month), "date_precision": "month", "category": "policy",
            "event": f"{name} approved as a CBEC comprehensive pilot zone (batch {city.batch}).",
            "geography": name, "source": "cbec_pilot_zone_cities",
            "locator": f"batch {city.batch}",
        })
    for zone in ftz[ftz["province_en"] == province].itertuples():
        rows.append({
            "event_id": f"{zone.ftz_approval_year}-pilot-ftz",
            "date": str(zone.ftz_approval_year), "date_precision": "year", "category": "policy",
            "event": f"{province} pilot free-trade zone approved.", "geography": province,
            "source": "pilot_free_trade_zones", "locator": "approval year",
        })
    return pd.DataFrame.from_records(rows)


def timeline_table(timeline: pd.DataFrame, extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """All events sorted by date with ``start``/``end`` dates from the printed precision
    and a readable ``source_label``."""
    columns = ["event_id", "date", "date_precision", "category", "event", "geography",
               "source", "locator"]
    frames = [timeline[columns]]
    if extra is not None and len(extra):
        frames.append(extra[columns])
    events = pd.concat(frames, ignore_index=True)
    bounds = [period_bounds(str(d)) for d in events["date"]]
    events["start"] = [b[0] for b in bounds]
    events["end"] = [b[1] for b in bounds]
    labels = {**figures.SOURCE_LABELS, "cbec_pilot_zone_cities": "pilot-zone list",
              "pilot_free_trade_zones": "FTZ list"}
    events["source_label"] = events["source"].map(lambda s: labels.get(str(s), str(s)))
    return events.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)


TIMELINE_CATEGORIES: tuple[str, ...] = ("policy", "agreement", "platform", "facility", "route",
                                        "other")


def timeline_chart(events: pd.DataFrame) -> alt.TopLevelMixin:
    """Events by category over 2013–2020; a bar spans the printed precision (a month or a
    year), the marker's shape and colour give the source."""
    shown = events[["date", "category", "event", "source_label", "start", "end"]].copy()
    shown["mid"] = shown["start"] + (shown["end"] - shown["start"]) / 2
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
    printed = events[events["source"].isin(list(figures.SOURCE_LABELS))].copy()
    printed["locator"] = printed["locator"].map(section_only)
    official = [s for s in ("pilot-zone list", "FTZ list") if s in set(events["source_label"])]
    extra = ("Official lists in the data package: " + ", ".join(official)) if official else ""
    source = figures.source_line(printed, extra)
    counts = events.groupby("category").size()
    description = (f"{len(events)} dated events from {events['start'].min():%Y} to "
                   f"{events['start'].max():%Y}: "
                   + ", ".join(f"{counts.get(c, 0)} {c}" for c in TIMELINE_CATEGORIES) + ".")
    return charts.with_source(chart, source, "Timeline. " + description)


# ---- conflicts and other derived figures ---------------------------------------------

CONFLICTS: dict[str, tuple[str, ...]] = {
    "Charter flights in 2018": ("song-charter-2018-jan-oct-flights", "song-charter-2018-flights",
                                "song-charter-flights-per-year"),
    "Charter parcels in 2018": ("song-charter-2018-jan-oct-parcels", "song-charter-2018-parcels",
                                "song-charter-2018-parcels-fn6"),
    "Charter cargo weight in 2018": ("song-charter-2018-jan-oct-tons", "song-charter-2018-tons",
                                     "song-charter-2018-tons-fn6", "song-charter-tons-per-year"),
    "Market shares of Ruston / Russian Express": (
        "song-ruston-share-2015-2017", "song-ruston-share-2017", "song-rexpress-share-mail",
        "song-ruston-air-parcel-share-2017"),
}


def side_by_side(figs: pd.DataFrame, ids: Iterable[str], topic: str = "") -> pd.DataFrame:
    """The printed figures ``ids`` in the given order, with the columns a reader needs to
    compare them: value, unit, period, geography, printed fragment, source and locator."""
    ids = list(ids)
    rows = pd.concat([figures.figure(figs, i).to_frame().T for i in ids], ignore_index=True)
    out = rows[["figure_id", "value", "unit", "period", "geography", "printed", "locator"]]
    out = out.assign(source=[figures.SOURCE_LABELS.get(s, s) for s in rows["source"]])
    out = out.astype({"value": "float64"})
    if topic:
        out.insert(0, "topic", topic)
    return out.reset_index(drop=True)


def conflict_table(figs: pd.DataFrame) -> pd.DataFrame:
    """Every conflicting group of :data:`CONFLICTS`, side by side."""
    return pd.concat([side_by_side(figs, ids, topic) for topic, ids in CONFLICTS.items()],
                     ignore_index=True)


def other_derived_rows(figs: pd.DataFrame) -> list[dict[str, object]]:
    """Derived figures outside trade and charters: Harbin–Europe trains (2015–2016 split,
    value per train), payment value per transaction, population implied by the internet
    penetration rate, the CBEC trade level implied by 14.4% charter-cargo growth."""
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
    return [
        figures.derived_row("hlj-rail-trains-2015-2016", "rail_train_runs",
                            trains_all - trains_17, "train runs", "2015-2016", "Harbin–Europe",
                            train_ids, "665 (2015–2017) − 461 (2017)", year=2016),
        figures.derived_row("hlj-rail-value-2015-2016", "rail_cargo_value", value_all - value_17,
                            "million US dollars", "2015-2016", "Harbin–Europe", value_ids,
                            "2015–2017 value − 2017 value", year=2016),
        figures.derived_row("hlj-rail-value-per-train-2017", "rail_value_per_train",
                            value_17 / trains_17, "million US dollars per train", "2017",
                            "Harbin–Europe", [train_ids[1], value_ids[1]],
                            "2017 value / 2017 runs", year=2017),
        figures.derived_row("hlj-rail-value-per-train-2015-2016", "rail_value_per_train",
                            (value_all - value_17) / (trains_all - trains_17),
                            "million US dollars per train", "2015-2016", "Harbin–Europe",
                            train_ids + value_ids, "2015–2016 value / 2015–2016 runs",
                            year=2016),
        figures.derived_row("hlj-rail-2017-share-of-runs", "rail_runs_share_2017",
                            trains_17 / trains_all * 100, "percent", "2015-2017",
                            "Harbin–Europe", train_ids, "2017 runs / 2015–2017 runs", year=2017),
        figures.derived_row("hlj-payment-value-per-transaction", "cbec_payment_average",
                            pay_value / (payments * 1e6), "yuan per transaction",
                            "2014/2016-end", "China–Russia",
                            ["song-payment-value-2014-2016", "song-payment-transactions-2014-2016"],
                            "value / number of transactions", year=2016),
        figures.derived_row("hlj-population-implied-2019", "population_implied", users / rate * 100,
                            "million people", "2019-end", "Heilongjiang",
                            ["song-internet-users-2019", "song-internet-penetration-2019"],
                            "internet users / penetration rate", year=2019),
        figures.derived_row("hlj-warehouses-per-firm-2017", "overseas_warehouses_per_company",
                            warehouses / firms, "warehouses per company", "2017-end",
                            "Heilongjiang–Russia",
                            ["song-ow-warehouses-2017", "song-ow-companies-2017"],
                            "warehouses / companies", year=2017),
        figures.derived_row("hlj-charter-tons-2019q1q3-implied", "charter_cargo_weight",
                            implied_previous(tons_2020, growth_2020), "tons", "2019-Q1-Q3",
                            "Harbin Airport–Russia",
                            ["song-hrb-russia-2020q1q3-tons", "song-hrb-russia-2020q1q3-growth"],
                            "2020 Q1–Q3 tons / (1 + growth/100)", year=2019),
    ]


def _to(figs: pd.DataFrame, figure_id: str, unit: str) -> float:
    row = figures.figure(figs, figure_id)
    return scale_to(float(row["value"]), str(row["unit"]), unit)


POSTAL_STAGES: tuple[str, ...] = ("gu-post-to-border", "gu-post-customs",
                                  "gu-post-russia-domestic")


def stage_total(times: pd.DataFrame, ids: Iterable[str] = POSTAL_STAGES) -> float:
    """Sum of the single-valued stage times ``ids`` (days); raises if a stage is a range."""
    rows = times.set_index("delivery_id").loc[list(ids)]
    if (rows["days_min"] != rows["days_max"]).any() or rows["days_min"].isna().any():
        raise ValueError("every stage must be a single printed number of days")
    return float(rows["days_min"].sum())


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
        "hlj-trade-to-gdp-2019", "goods_trade_to_gdp", trade / gdp_bn * 100, "percent", "2019",
        "Heilongjiang", ["song-trade-2019-total", "provincial_panel gdp_100m_yuan 2019"],
        "trade (billion yuan) / (GDP (100 million yuan) / 10) × 100", year=2019)


def days_in_period(period: str) -> int:
    """Number of days a printed period covers (``2014-Q1`` → 90)."""
    start, end = period_bounds(period)
    return int((end - start).days)


def parcels_per_day_row(figs: pd.DataFrame) -> dict[str, object]:
    """Derived daily average of the 1.7 million parcels sent to Russia in 2014-Q1, to compare
    with the printed "nearly 20,000 items per day"."""
    row = figures.figure(figs, "song-parcels-to-russia-2014q1")
    parcels = scale_to(float(row["value"]), str(row["unit"]), "parcels")
    days = days_in_period(str(row["period"]))
    return figures.derived_row(
        "hlj-parcels-per-day-2014q1", "parcels_to_russia_per_day", parcels / days,
        "items per day", str(row["period"]), str(row["geography"]),
        ["song-parcels-to-russia-2014q1"], f"parcels / {days} days of the quarter", year=2014)


def events_side_by_side(timeline: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """Timeline rows ``ids`` in the given order with date, event, printed, source, locator."""
    ids = list(ids)
    missing = set(ids) - set(timeline["event_id"])
    if missing:
        raise KeyError(f"events not in the timeline: {sorted(missing)}")
    rows = timeline.set_index("event_id").loc[ids].reset_index()
    rows["source"] = [figures.SOURCE_LABELS.get(s, s) for s in rows["source"]]
    return rows[["event_id", "date", "event", "printed", "source", "locator"]]


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


# ---- reader tables -------------------------------------------------------------------

def trade_display(figs: pd.DataFrame) -> pd.DataFrame:
    """The 2019 trade table for readers: every number says whether it is printed or derived."""
    table = trade_table(figs)

    def status(kind: str) -> str:
        return {"reported": "printed", figures.DERIVED: "derived"}.get(kind, "")

    return pd.DataFrame({
        "flow": table["flow"], "partner": table["partner"],
        "2019, bn yuan": table["value_2019"], "value is": table["value_kind"].map(status),
        "share of flow, % (derived)": table["share_of_flow_pct"].where(
            table["partner"] != "All partners"),
        "growth 2019, %": table["growth_2019_pct"],
        "growth is": table["growth_kind"].map(status),
        "implied 2018, bn yuan (derived)": table["implied_2018"],
    })


def charter_load_table(figs: pd.DataFrame) -> pd.DataFrame:
    """Charter figures by period with the derived rates and loads that expose conflicts."""
    periods = charter_periods(figs)
    return pd.DataFrame({
        "period": periods["label"], "months": periods["months"],
        "flights (printed)": periods["flights"].round().astype("Int64"),
        "parcels (printed)": periods["parcels"].round().astype("Int64"),
        "tonnes (printed)": periods["tons"],
        "flights per month (derived)": periods["flights_per_month"],
        "tonnes per month (derived)": periods["tons_per_month"],
        "tonnes per flight (derived)": periods["tons_per_flight"],
        "kg per parcel (derived)": periods["kg_per_parcel"],
    })


def delivery_table(times: pd.DataFrame) -> pd.DataFrame:
    """Every printed delivery time with where it appears in the delivery chart (or why not)."""
    days = delivery_days(times)
    shown = [DELIVERY_ROWS[i][0] if i in DELIVERY_ROWS
             else "not charted: " + DELIVERY_EXCLUDED.get(i, "unclassified")
             for i in days["delivery_id"]]
    return pd.DataFrame({
        "delivery_id": days["delivery_id"], "channel": days["channel"],
        "period": days["era_or_period"], "as printed": days["duration_as_printed"],
        "days (low)": days["days_low"], "days (high)": days["days_high"],
        "days are": days["days_kind"].map({"reported": "printed", figures.DERIVED: "derived",
                                           "": ""}),
        "in the chart": shown,
        "source": [figures.SOURCE_LABELS.get(s, s) for s in days["source"]],
        "locator": days["locator"],
    })


def timeline_display(events: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows for readers: date, category, event, source and locator."""
    return pd.DataFrame({
        "date": events["date"], "category": events["category"], "event": events["event"],
        "source": events["source_label"], "locator": events["locator"],
    })


def charter_derived_rows(figs: pd.DataFrame) -> list[dict[str, object]]:
    """Derived charter figures quoted in the text: tonnes per flight and kg per parcel of
    each dated period, and how many times the Jan–Oct 2018 monthly flight rate exceeds the
    full-year 2018 rate."""
    periods = charter_periods(figs)
    rows: list[dict[str, object]] = []
    slugs = {"2013-11/2017-06": "2013-2017", "2018-01/2018-10": "2018-jan-oct",
             "2018": "2018", "2020-Q1-Q3": "2020q1q3"}
    for spec, record in zip(CHARTER_PERIODS, periods.itertuples(), strict=True):
        slug = slugs.get(str(spec["period"]))
        if slug is None or spec["flights"] is None or spec["parcels"] is None:
            continue
        last_year = int((record.end - pd.Timedelta(days=1)).year)
        rows.append(figures.derived_row(
            f"hlj-charter-tons-per-flight-{slug}", "charter_tons_per_flight",
            record.tons_per_flight, "tons per flight", str(spec["period"]),
            "Harbin–Russia", [str(spec["tons"]), str(spec["flights"])], "tons / flights",
            year=last_year))
        rows.append(figures.derived_row(
            f"hlj-charter-kg-per-parcel-{slug}", "charter_kg_per_parcel",
            record.kg_per_parcel, "kg per parcel", str(spec["period"]), "Harbin–Russia",
            [str(spec["tons"]), str(spec["parcels"])], "tons × 1000 / parcels (pieces)",
            year=last_year))
    by_label = periods.set_index("label")["flights_per_month"]
    rows.append(figures.derived_row(
        "hlj-charter-2018-rate-ratio", "charter_flight_rate_ratio",
        by_label["Jan–Oct 2018 (“164 sorties”)"] / by_label["2018, full year"], "ratio", "2018",
        "Harbin–Russia",
        ["song-charter-2018-jan-oct-flights", "song-charter-2018-flights"],
        "(164 / 10 months) / (91 / 12 months)", year=2018))
    return rows


def stage_total_row(times: pd.DataFrame) -> dict[str, object]:
    """Derived door-to-door postal time: the sum of Gu's three printed stages."""
    return figures.derived_row(
        "hlj-post-stage-total", "delivery_time_stage_sum", stage_total(times), "days",
        "n.d. (thesis 2018)", "China–Russian buyer", list(POSTAL_STAGES),
        "border + customs + domestic delivery")
