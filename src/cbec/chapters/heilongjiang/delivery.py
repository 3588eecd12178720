"""Delivery times from China to Russian buyers (Song 2020, Gu 2018, Zhao 2021): printed
durations read as days, the rows of the delivery-time chart (placed by the registry
``heilongjiang_delivery_chart``), the reader's table and the sum of Gu's postal stages."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from cbec.chapters.heilongjiang.units import section_only
from cbec.charts.tables import display_frame
from cbec.data import figures

DAYS_PER_MONTH = 30.0
HOURS_PER_DAY = 24.0
_DURATION = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)\s*(?:(?:-|~|–)\s*(?P<high>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>days?|months?|hours?)\b")
#: Order of the chart's groups (eras); the registry names the group of each row.
DELIVERY_GROUPS: tuple[str, ...] = ("Before the charters", "Heilongjiang, 2013–14",
                                    "Benchmarks (Gu, Zhao)")
POSTAL_STAGES: tuple[str, ...] = ("gu-post-to-border", "gu-post-customs",
                                  "gu-post-russia-domestic")


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




def _drawn(chart_rows: pd.DataFrame) -> pd.DataFrame:
    placed = chart_rows.set_index("delivery_ids")
    return placed[placed["chart_row"].notna()]


def delivery_ranges(times: pd.DataFrame, chart_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per chart row (``chart_rows`` is the registry ``heilongjiang_delivery_chart``):
    group, row label, lowest and highest day figure, a compact label (``≤25``, ``4–13``,
    ``≈60 derived``), kind, sources and locators.

    Raises ``KeyError`` if a delivery_id is neither charted nor explicitly left out.
    """
    unknown = set(times["delivery_id"]) - set(chart_rows["delivery_ids"])
    if unknown:
        raise KeyError(f"delivery ids without a chart row or exclusion: {sorted(unknown)}")
    drawn = _drawn(chart_rows)
    days = delivery_days(times[times["delivery_id"].isin(list(drawn.index))])
    days["row"] = days["delivery_id"].map(lambda i: str(drawn.at[i, "chart_row"]))
    days["group"] = days["delivery_id"].map(lambda i: str(drawn.at[i, "chart_group"]))
    days["piece"] = [
        _short(str(q) if pd.notna(q) else "", lo, hi)
        + (" (derived)" if k == figures.DERIVED else "")
        for q, lo, hi, k in zip(days["qualifier"], days["days_low"], days["days_high"],
                                days["days_kind"], strict=True)]
    records = []
    for row_label, part in days.groupby("row", sort=False):
        part = part.sort_values("days_low", kind="stable")
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


def delivery_bars(ranges: pd.DataFrame) -> pd.DataFrame:
    """The bars of the delivery-time chart, each with a caption that spells out its era (so
    colour is not the only carrier of the group)."""
    shown = ranges.astype({"group": "string"})[["group", "row", "days_low", "days_high",
                                                "label", "kind"]].copy()
    shown["caption"] = shown["row"] + ": " + shown["label"] + " · " + shown["group"]
    return shown


def delivery_source(times: pd.DataFrame, chart_rows: pd.DataFrame) -> str:
    """Source line of the delivery-time chart: sections of the drawn delivery times and the
    one conversion made."""
    used = times[times["delivery_id"].isin(list(_drawn(chart_rows).index))]
    parts = []
    for source, rows in used.groupby("source", sort=False):
        locators = "; ".join(sorted(set(rows["locator"].map(section_only)), key=str))
        parts.append(f"{figures.SOURCE_LABELS.get(str(source), str(source))} {locators}")
    return ("Source: " + " | ".join(parts) + ". 'Nearly 2 months' converted at "
            f"{DAYS_PER_MONTH:g} days a month (derived in code).")


def delivery_table(times: pd.DataFrame, chart_rows: pd.DataFrame) -> pd.DataFrame:
    """Every printed delivery time with where it appears in the delivery chart (or why not)."""
    days = delivery_days(times)
    placed = chart_rows.set_index("delivery_ids")
    shown = [str(placed.at[i, "chart_row"]) if i in placed.index
             and pd.notna(placed.at[i, "chart_row"])
             else "not charted: " + (str(placed.at[i, "left_out_because"])
                                     if i in placed.index else "unclassified")
             for i in days["delivery_id"]]
    days = days.assign(
        days_kind=days["days_kind"].map({"reported": "printed", figures.DERIVED: "derived",
                                         "": ""}),
        in_chart=shown, source=[figures.SOURCE_LABELS.get(s, s) for s in days["source"]])
    return display_frame(days, {
        "delivery_id": "delivery_id", "channel": "channel", "era_or_period": "period",
        "duration_as_printed": "as printed", "days_low": "days (low)",
        "days_high": "days (high)", "days_kind": "days are", "in_chart": "in the chart",
        "source": "source", "locator": "locator",
    })


def stage_total(times: pd.DataFrame, ids: Iterable[str] = POSTAL_STAGES) -> float:
    """Sum of the single-valued stage times ``ids`` (days); raises if a stage is a range."""
    rows = times.set_index("delivery_id").loc[list(ids)]
    if (rows["days_min"] != rows["days_max"]).any() or rows["days_min"].isna().any():
        raise ValueError("every stage must be a single printed number of days")
    return float(rows["days_min"].sum())


def stage_total_row(times: pd.DataFrame) -> dict[str, object]:
    """Derived door-to-door postal time: the sum of Gu's three printed stages."""
    return figures.derived_row(
        figure_id="hlj-post-stage-total", metric="delivery_time_stage_sum",
        value=stage_total(times), unit="days", period="n.d. (thesis 2018)",
        geography="China–Russian buyer", inputs=list(POSTAL_STAGES),
        formula="border + customs + domestic delivery")
