"""Harbin–Russia air-cargo charters (Song 2020, §3.2 and §3.5): the printed totals of each
period of the registry ``heilongjiang_charter_periods`` put on a common basis (per month,
per flight, per parcel), the derived figures the text quotes, and the chart's segments."""

from __future__ import annotations

import pandas as pd

from cbec.chapters.heilongjiang.registry import CHARTER_FIGURES
from cbec.chapters.heilongjiang.units import period_bounds, period_months, scale_to
from cbec.charts.tables import display_frame
from cbec.data import figures

COMPARE = "2018 figures (compare)"
_LATE = pd.Timestamp(2019, 1, 1)
#: metric of the chart -> (axis title, total it divides, unit of the printed total)
CHARTER_METRICS: dict[str, tuple[str, str, str]] = {
    "flights_per_month": ("Flights per month (derived)", "flights", "flights"),
    "tons_per_month": ("Tonnes per month (derived)", "tons", "t"),
}


def _count(figs: pd.DataFrame, figure_id: object, unit: str) -> float:
    """The value of ``figure_id`` converted to ``unit`` (NaN when there is no such figure)."""
    if pd.isna(figure_id):
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


def charter_periods(figs: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Charter figures of every period of ``registry`` with derived monthly rates and loads.

    Columns: label, period, start, end, months, flights, parcels, tons (as printed, parcels
    in pieces), flights_per_month, tons_per_month, tons_per_flight, kg_per_parcel (derived),
    ``figure_ids`` (the rows used), then the registry's charter_period, figure columns,
    compare_2018 and total_note. A period without a date counts as 12 months ("a year").
    """
    records = []
    for spec in registry.itertuples(index=False):
        if pd.isna(spec.period):
            start = end = pd.NaT
            months = 12  # "a year"
        else:
            start, end = period_bounds(str(spec.period))
            months = period_months(str(spec.period))
        flights = _count(figs, spec.flights_figure, "flights")
        parcels = _count(figs, spec.parcels_figure, "pieces")
        tons = _count(figs, spec.tons_figure, "tons")
        ids = [str(getattr(spec, column)) for column in CHARTER_FIGURES
               if pd.notna(getattr(spec, column))]
        records.append({
            "label": str(spec.label),
            "period": "annual (year not printed)" if pd.isna(spec.period) else str(spec.period),
            "start": start, "end": end, "months": months, "flights": flights,
            "parcels": parcels, "tons": tons,
            "flights_per_month": flights / months, "tons_per_month": tons / months,
            "tons_per_flight": tons / flights, "kg_per_parcel": tons * 1000 / parcels,
            "figure_ids": ", ".join(ids),
            "charter_period": str(spec.charter_period),
            **{column: None if pd.isna(getattr(spec, column)) else str(getattr(spec, column))
               for column in CHARTER_FIGURES},
            "compare_2018": bool(spec.compare_2018),
            "total_note": None if pd.isna(spec.total_note) else str(spec.total_note),
        })
    return pd.DataFrame.from_records(records)


def charter_figures(figs: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """The printed charter figures (flights, parcels, weight) of every period."""
    ids = [i for column in CHARTER_FIGURES for i in periods[column].dropna()]
    return figs[figs["figure_id"].isin(ids)].reset_index(drop=True)


def charter_derived_rows(periods: pd.DataFrame) -> list[dict[str, object]]:
    """Derived charter figures quoted in the text: tonnes per flight and kg per parcel of
    each dated period with flights and parcels, and how many times the Jan–Oct 2018 monthly
    flight rate exceeds the full-year 2018 rate."""
    rows: list[dict[str, object]] = []
    for record in periods.itertuples(index=False):
        if pd.isna(record.start) or pd.isna(record.flights_figure) \
                or pd.isna(record.parcels_figure):
            continue
        last_year = int((record.end - pd.Timedelta(days=1)).year)
        rows.append(figures.derived_row(
            figure_id=f"hlj-charter-tons-per-flight-{record.charter_period}",
            metric="charter_tons_per_flight", value=record.tons_per_flight,
            unit="tons per flight", period=record.period, geography="Harbin–Russia",
            inputs=[record.tons_figure, record.flights_figure], formula="tons / flights",
            year=last_year))
        rows.append(figures.derived_row(
            figure_id=f"hlj-charter-kg-per-parcel-{record.charter_period}",
            metric="charter_kg_per_parcel", value=record.kg_per_parcel, unit="kg per parcel",
            period=record.period, geography="Harbin–Russia",
            inputs=[record.tons_figure, record.parcels_figure],
            formula="tons × 1000 / parcels (pieces)", year=last_year))
    rate = periods.set_index("charter_period")["flights_per_month"]
    rows.append(figures.derived_row(
        figure_id="hlj-charter-2018-rate-ratio", metric="charter_flight_rate_ratio",
        value=rate["2018-jan-oct"] / rate["2018"], unit="ratio", period="2018",
        geography="Harbin–Russia",
        inputs=["song-charter-2018-jan-oct-flights", "song-charter-2018-flights"],
        formula="(164 / 10 months) / (91 / 12 months)", year=2018))
    return rows


def charter_load_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Charter figures by period with the derived rates and loads that expose conflicts."""
    table = periods.assign(flights=periods["flights"].round().astype("Int64"),
                           parcels=periods["parcels"].round().astype("Int64"))
    return display_frame(table, {
        "label": "period", "months": "months", "flights": "flights (printed)",
        "parcels": "parcels (printed)", "tons": "tonnes (printed)",
        "flights_per_month": "flights per month (derived)",
        "tons_per_month": "tonnes per month (derived)",
        "tons_per_flight": "tonnes per flight (derived)",
        "kg_per_parcel": "kg per parcel (derived)",
    })


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


def _charted(periods: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, str, str]:
    if metric not in CHARTER_METRICS:
        raise ValueError(f"metric must be one of {sorted(CHARTER_METRICS)}")
    _, total, unit = CHARTER_METRICS[metric]
    return periods[periods["start"].notna() & periods[total].notna()].copy(), total, unit


def charter_segments(figs: pd.DataFrame, periods: pd.DataFrame,
                     metric: str = "flights_per_month") -> pd.DataFrame:
    """One segment per dated charter total over the months it covers, at its derived monthly
    rate ``metric`` (``flights_per_month`` or ``tons_per_month``), labelled with the printed
    total (its qualifier as a symbol); the 2018 totals of the registry are set apart."""
    shown, total, unit = _charted(periods, metric)
    printed = [str(figures.figure(figs, str(i))["printed"]) for i in shown[f"{total}_figure"]]
    shown["printed_total"] = [
        _qualifier_symbol(p) + (f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}")
        + (" sorties" if "sorties" in p else f" {unit}")
        + ("" if pd.isna(note) else f" ({note})")
        for p, v, note in zip(printed, shown[total], shown["total_note"], strict=True)]
    shown["conflict"] = shown["compare_2018"].map({True: COMPARE, False: "other periods"})
    shown["mid"] = shown["start"] + (shown["end"] - shown["start"]) / 2
    shown["label_y"] = spread_labels(shown, metric, gap=float(shown[metric].max()) * 0.09)
    shown["late"] = shown["start"] >= _LATE
    return shown[["label", "start", "end", "mid", "months", "printed_total", "conflict",
                  "late", "label_y", metric]]


def charter_source(figs: pd.DataFrame, periods: pd.DataFrame,
                   metric: str = "flights_per_month") -> str:
    """Source line of the charter chart: the printed totals it draws."""
    shown, total, _ = _charted(periods, metric)
    used = figs[figs["figure_id"].isin(list(shown[f"{total}_figure"]))]
    return figures.source_line(
        used, "Rates per month derived in code (printed total ÷ months covered)")
