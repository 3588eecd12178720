"""Tidy frames for the AliExpress charts that draw more than one table they are given: the
timeline with its stage bands, the daily orders with the parcel capacity, and the two fee
charts. The chart builders of :mod:`cbec.chapters.aliexpress.charts` only render them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from cbec.chapters.aliexpress.labels import (
    KIND_LABELS,
    METHOD_SHORT,
    compact_source_line,
    format_value,
)
from cbec.chapters.aliexpress.stages import UNASSIGNED, period_position, stage_labels
from cbec.data import figures

FEE_AXIS_TOP = 40  # percent: the fee-curve chart's axis stops here


class ChartData(NamedTuple):
    """What a chart draws: its main frame, its source line, frames of further layers and,
    where the chart needs one, the extent of its x axis."""

    data: pd.DataFrame
    source: str
    layers: Mapping[str, pd.DataFrame] = MappingProxyType({})
    domain: tuple[float, float] | None = None


def timeline_frame(dated: pd.DataFrame, stages: pd.DataFrame,
                   until: float | None = None) -> ChartData:
    """The dated events (:func:`~cbec.chapters.aliexpress.stages.dated_events`) for the
    timeline, with layer ``bands``: one shaded band per stage over its printed years, open
    stages running to ``until`` (default: the end of the last event's year), and the stage
    domain (every stage label, then :data:`UNASSIGNED`) as ``stage_domain``. ``domain``: the
    x axis from the first event's year to that end."""
    last = until if until is not None else math.ceil(float(dated["end"].max()))
    ordered = stages.sort_values("stage", kind="stable")
    bands = pd.DataFrame({
        "stage_label": list(stage_labels(stages).values()),
        "band_start": ordered["start_year"].astype(float).to_list(),
        "band_end": [float(last) if pd.isna(e) else float(e) + 1 for e in ordered["end_year"]],
        "band_text": [f"S{i}" for i in ordered["stage"].astype(int)],
    })
    first = math.floor(float(dated["start"].min()))
    domain = pd.DataFrame({"stage_label": [*stage_labels(stages).values(), UNASSIGNED]})
    source = compact_source_line(
        dated, "Bar width = span of the printed date (year, month or day)")
    return ChartData(dated, source, {"bands": bands, "stage_domain": domain}, (first, last))


def daily_orders_frame(frame: pd.DataFrame, capacity: pd.Series) -> ChartData:
    """Gu's daily orders in Russia (the ``aliexpress_daily_orders`` rows of ``frame``, see
    :func:`~cbec.chapters.aliexpress.derive.daily_orders_figures`) placed in time and
    labelled, with layer ``rule``: Russia's 2013 parcel capacity per day (``capacity``, a
    figures row printed in thousands)."""
    points = frame[frame["metric"] == "aliexpress_daily_orders"].copy()
    points["position"] = points["period"].map(period_position)
    points["value_label"] = points["value"].map(format_value)
    points["kind_label"] = points["kind"].map(
        lambda k: KIND_LABELS[1] if k == figures.DERIVED else KIND_LABELS[0])
    points["cite"] = [figures.cite(r) for _, r in points.iterrows()]
    points = points[["figure_id", "position", "period", "value", "value_label", "kind",
                     "kind_label", "cite", "note"]]
    factor = 1000 if str(capacity["unit"]).startswith("thousand") else 1
    rule = pd.DataFrame({"y": [float(capacity["value"]) * factor], "label": [
        f"Russia's delivery capacity 2013: {format_value(float(capacity['value']))} "
        f"{capacity['unit']}"]})
    both = pd.concat([frame, capacity.to_frame().T], ignore_index=True)
    return ChartData(points, compact_source_line(both), {"rule": rule})


def fees_300_frame(check: pd.DataFrame) -> ChartData:
    """Net receipts per method from :func:`~cbec.chapters.aliexpress.fees.check_fee_table`
    in long form: one row for the printed range and one for the computed range of each
    method, with short method names and a label ("261–276")."""
    rows = []
    for _, row in check.iterrows():
        for kind, lo, hi in ((KIND_LABELS[0], row["printed min"], row["printed max"]),
                             (KIND_LABELS[1], row["computed min"], row["computed max"])):
            rows.append({"method": METHOD_SHORT.get(row["method"], row["method"]),
                         "method_printed": row["method"], "kind_label": kind,
                         "lo": float(lo), "hi": float(hi),
                         "label": f"{format_value(round(lo, 2))}"
                         + ("" if math.isclose(lo, hi) else f"–{format_value(round(hi, 2))}")})
    source = "Source: Gu (2018), Table 3.2. Derived values computed in code from the parsed " \
             "fee components."
    return ChartData(pd.DataFrame.from_records(rows), source)


def fee_curve_frame(curve: pd.DataFrame) -> ChartData:
    """The fee curve of :func:`~cbec.chapters.aliexpress.fees.fee_curve` with short method
    names, and layer ``ends``: where each method's name is written (at the second-largest
    amount, midway between its band's ends as the axis shows them)."""
    data = curve.assign(method=curve["method"].map(lambda m: METHOD_SHORT.get(m, m)))
    amounts = sorted(set(data["amount"]))
    at = amounts[-2] if len(amounts) > 1 else amounts[-1]
    ends = data[data["amount"] == at].assign(
        mid=lambda f: (f["fee_pct_min"].clip(upper=FEE_AXIS_TOP)
                       + f["fee_pct_max"].clip(upper=FEE_AXIS_TOP)) / 2)
    source = ("Source: Gu (2018), Table 3.2 (fee components). Derived values computed in "
              "code; bands run from the lowest to the highest printed component; the axis "
              "stops at 40%.")
    return ChartData(data, source, {"ends": ends})
