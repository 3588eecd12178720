"""Dates and stages of the AliExpress chapter: the span a printed date covers, Gu's (2018)
three stages (labels, year spans, the sections that narrate them), the events and figures of
each stage, and the stage × element matrix of the business model and its framework."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from cbec.chapters.aliexpress.registry import stage_sections
from cbec.charts.tables import display_frame
from cbec.data import figures

UNASSIGNED = "not assigned by Gu"
SCOPE_LABELS: dict[str, str] = {
    "russia": "Russia",
    "global": "Global",
    "china": "China",
    "competitor": "Other Chinese platforms in Russia",
}
GAP_TEXT = "— (no entry in the data package for this stage)"

BUSINESS_MODEL_ELEMENTS: tuple[str, ...] = (
    "value_proposition", "customers", "sellers", "logistics", "payment", "marketing",
    "key_moves", "metrics",
)
FRAMEWORK_DIMENSIONS: tuple[str, ...] = (
    "institution_regulative", "institution_normative", "institution_cultural_cognitive",
    "capability_original", "capability_new",
)
ELEMENT_ORDER: tuple[str, ...] = (*BUSINESS_MODEL_ELEMENTS, *FRAMEWORK_DIMENSIONS,
                                  "market_environment")
ELEMENT_LABELS: dict[str, str] = {
    "value_proposition": "Value proposition",
    "customers": "Customers",
    "sellers": "Sellers",
    "logistics": "Logistics",
    "payment": "Payment",
    "marketing": "Marketing",
    "key_moves": "Key moves",
    "metrics": "Metrics reported",
    "institution_regulative": "Regulative pillar",
    "institution_normative": "Normative pillar",
    "institution_cultural_cognitive": "Cultural-cognitive pillar",
    "capability_original": "Original capability",
    "capability_new": "New dynamic capability",
    "market_environment": "Market environment",
}
CIRCLED = "①②③④⑤⑥⑦⑧⑨"

def _decimal_year(stamp: pd.Timestamp) -> float:
    start = pd.Timestamp(year=stamp.year, month=1, day=1)
    length = 366 if stamp.is_leap_year else 365
    return stamp.year + (stamp - start).days / length


def event_span(date: str, precision: str) -> tuple[float, float]:
    """The interval a printed date covers, in decimal years: ``("2012", "year")`` gives
    ``(2012.0, 2013.0)``, a month covers its days, a day is one day long.

    A ``day_no_year`` date (``--MM-DD``) has no position on a time axis: ``ValueError``.
    """
    if precision == "day_no_year":
        raise ValueError(f"date {date!r} has no year: it cannot be placed on a timeline")
    patterns = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}"}
    if precision not in patterns:
        raise ValueError(f"unknown date precision {precision!r}")
    if not re.fullmatch(patterns[precision], date):
        raise ValueError(f"date {date!r} does not match precision {precision!r}")
    start = pd.Timestamp(date if precision != "year" else f"{date}-01-01")
    end = {"year": start + pd.DateOffset(years=1), "month": start + pd.DateOffset(months=1),
           "day": start + pd.DateOffset(days=1)}[precision]
    return _decimal_year(start), _decimal_year(end)


def period_position(period: str) -> float:
    """Mid-point, in decimal years, of a figures-table ``period`` (``2014``, ``2014-H2``,
    ``2014-Q4``, ``2012-11``, ``2016-11-11``); ``ValueError`` if empty or unreadable."""
    text = (period or "").strip()
    half = re.fullmatch(r"(\d{4})-H([12])", text)
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    if half:
        return int(half[1]) + (int(half[2]) - 0.5) / 2
    if quarter:
        return int(quarter[1]) + (int(quarter[2]) - 0.5) / 4
    for precision, pattern in (("year", r"\d{4}"), ("month", r"\d{4}-\d{2}"),
                               ("day", r"\d{4}-\d{2}-\d{2}")):
        if re.fullmatch(pattern, text):
            start, end = event_span(text, precision)
            return (start + end) / 2
    raise ValueError(f"period {period!r} cannot be placed on a time axis")


def stage_labels(stages: pd.DataFrame) -> dict[int, str]:
    """``{1: "Stage 1: entry (2010–2013)", ...}`` from the stages table ('now' when open)."""
    labels = {}
    for row in stages.sort_values("stage", kind="stable").itertuples():
        end = "now" if pd.isna(row.end_year) else str(int(row.end_year))
        short = str(row.name).split(":")[-1].strip()
        short = short[:1].lower() + short[1:]
        labels[int(row.stage)] = f"Stage {int(row.stage)}: {short} ({int(row.start_year)}–{end})"
    return labels


def stages_for_year(year: int, stages: pd.DataFrame) -> list[int]:
    """Stages whose printed year span contains ``year``. Gu's headings share their boundary
    years (2010–2013, 2013–2015, 2015–now), so 2013 and 2015 belong to two stages."""
    return _stages_containing(year, _stage_spans(stages))


def _stage_spans(stages: pd.DataFrame) -> list[tuple[int, int, float]]:
    """(stage, start year, end year or infinity) in stage order."""
    ordered = stages.sort_values("stage", kind="stable")
    return [(int(stage), int(start), math.inf if pd.isna(end) else int(end))
            for stage, start, end in zip(ordered["stage"], ordered["start_year"],
                                         ordered["end_year"], strict=True)]


def _stages_containing(year: int, spans: list[tuple[int, int, float]]) -> list[int]:
    return [stage for stage, start, end in spans if start <= year <= end]


def stage_of_locator(locator: str, sections: pd.DataFrame) -> int | None:
    """The stage a Gu (2018) chapter-3 locator belongs to by the registry ``sections``
    (``aliexpress_stage_sections``: §3.6 → 1, §3.7 → 2, §3.8 → 3, and the three sub-headings
    of §3.5 likewise), or ``None`` for any other section."""
    text = str(locator)
    for prefix, stage in stage_sections(sections):
        if text.startswith(prefix):
            return stage
    return None


def _event_year(date: str) -> int | None:
    match = re.match(r"(\d{4})", str(date))
    return int(match[1]) if match else None


def dated_events(events: pd.DataFrame, stages: pd.DataFrame,
                 gap: float = 0.2) -> pd.DataFrame:
    """Events that have a year, with their span (``start``, ``end`` in decimal years), labels
    for the chart and a ``row`` so that events of one scope never overlap (greedy packing,
    sorted by start then id; ``gap`` in years between neighbours)."""
    labels = stage_labels(stages)
    frame = events[events["date_precision"] != "day_no_year"].copy()
    spans = [event_span(d, p) for d, p in zip(frame["date"], frame["date_precision"],
                                              strict=True)]
    frame["start"] = [s for s, _ in spans]
    frame["end"] = [e for _, e in spans]
    frame["scope_label"] = frame["scope"].map(SCOPE_LABELS)
    frame["stage_label"] = [labels[int(s)] if pd.notna(s) else UNASSIGNED
                            for s in frame["stage"]]
    spans_of_stages = _stage_spans(stages)
    frame["stages_by_date"] = [
        ", ".join(str(s) for s in _stages_containing(_event_year(d), spans_of_stages))
        or "before stage 1"
        for d in frame["date"]]
    frame["cite"] = [figures.cite(row) for _, row in frame.iterrows()]
    frame = frame.sort_values(["scope", "start", "end", "event_id"], kind="stable")
    frame = frame.reset_index(drop=True)
    rows = []
    ends: dict[str, list[float]] = {}
    for scope, start, end in zip(frame["scope"], frame["start"], frame["end"], strict=True):
        lane = ends.setdefault(scope, [])
        for index, last in enumerate(lane):
            if last + gap <= start:
                lane[index] = end
                rows.append(index)
                break
        else:
            lane.append(end)
            rows.append(len(lane) - 1)
    frame["row"] = rows
    return frame


def undated_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events printed with day and month but no year (``--MM-DD``): kept out of the timeline."""
    frame = events[events["date_precision"] == "day_no_year"]
    return frame.sort_values("event_id", kind="stable").reset_index(drop=True)


def stage_date_mismatches(events: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Events that Gu assigns to a stage but whose printed year lies outside that stage's
    year span (the narrative and the headings disagree). Undated events are skipped."""
    rows = []
    spans_of_stages = _stage_spans(stages)
    for _, event in events[events["stage"].notna()].iterrows():
        year = _event_year(event["date"])
        if year is None:
            continue
        spans = _stages_containing(year, spans_of_stages)
        if int(event["stage"]) not in spans:
            rows.append({"event_id": event["event_id"], "date": event["date"],
                         "assigned_stage": int(event["stage"]),
                         "stages_by_date": ", ".join(map(str, spans)) or "none",
                         "event": event["event"], "cite": figures.cite(event)})
    columns = ["event_id", "date", "assigned_stage", "stages_by_date", "event", "cite"]
    return pd.DataFrame.from_records(rows, columns=columns)


def stage_figures(frame: pd.DataFrame, sections: pd.DataFrame) -> pd.DataFrame:
    """Gu's figures that belong to a stage by their locator (see :func:`stage_of_locator`),
    with a ``stage`` column, sorted by stage then figure id."""
    gu = frame[frame["source"] == "gu2018"].copy()
    gu["stage"] = [stage_of_locator(loc, sections) for loc in gu["locator"]]
    gu = gu[gu["stage"].notna()].copy()
    gu["stage"] = gu["stage"].astype(int)
    return gu.sort_values(["stage", "figure_id"], kind="stable").reset_index(drop=True)


def stage_summary(stages: pd.DataFrame, events: pd.DataFrame, frame: pd.DataFrame,
                  sections: pd.DataFrame) -> pd.DataFrame:
    """One row per stage: years, driver, and counts of events (Gu's assignment) and figures
    (by locator, see :func:`stage_figures`) the data package holds for it."""
    counted = stage_figures(frame, sections)
    rows = []
    for row in stages.sort_values("stage", kind="stable").itertuples():
        stage = int(row.stage)
        rows.append({
            "stage": stage,
            "name": row.name,
            "years": f"{int(row.start_year)}–"
                     + ("now" if pd.isna(row.end_year) else str(int(row.end_year))),
            "driver": row.driver,
            "driver type": row.driver_type,
            "events (Gu)": int((events["stage"] == stage).sum()),
            "figures": int((counted["stage"] == stage).sum()),
            "locator": row.locator,
        })
    return pd.DataFrame.from_records(rows)


def stage_matrix(elements: pd.DataFrame, stages: pd.DataFrame,
                 order: Sequence[str] = ELEMENT_ORDER) -> pd.DataFrame:
    """Wide stage × element table: one row per element in ``order``, one column per stage.

    Each cell lists the numbered items with their locator; a cell the data package leaves
    empty says so (:data:`GAP_TEXT`) instead of being blank.
    """
    labels = stage_labels(stages)
    unknown = set(elements["element"]) - set(order)
    if unknown:
        raise ValueError(f"elements not in the requested order: {sorted(unknown)}")
    table = pd.DataFrame({"element": [ELEMENT_LABELS.get(e, e) for e in order]})
    for stage, label in labels.items():
        cells = []
        for element in order:
            items = elements[(elements["stage"] == stage) & (elements["element"] == element)]
            items = items.sort_values("item", kind="stable")
            if items.empty:
                cells.append(GAP_TEXT)
                continue
            parts = [
                (CIRCLED[int(i) - 1] + " " if len(items) > 1 else "") + f"{c} [{loc}]"
                for i, c, loc in zip(items["item"], items["content"], items["locator"],
                                     strict=True)]
            cells.append(" ".join(parts))
        table[label] = cells
    return table


def matrix_gaps(elements: pd.DataFrame, stages: pd.DataFrame,
                order: Sequence[str] = BUSINESS_MODEL_ELEMENTS) -> list[tuple[int, str]]:
    """(stage, element) pairs of ``order`` that have no row in the stage-elements table."""
    present = set(zip(elements["stage"].astype(int), elements["element"], strict=True))
    return [(int(s), e) for s in sorted(stages["stage"].astype(int)) for e in order
            if (int(s), e) not in present]


def _driver_dimension(driver: str, driver_type: str) -> str:
    if driver_type == "dynamic capability":
        return "capability_new"
    key = "institution_" + driver.strip().replace("-", "_").replace(" ", "_")
    if key not in FRAMEWORK_DIMENSIONS:
        raise ValueError(f"driver {driver!r} is not one of the three institutional pillars")
    return key


def framework_frame(elements: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Long table stage × framework dimension (three pillars, original and new capability):
    ``status`` is ``driver`` (the stage's named driver), ``discussed`` (Gu analyses it for the
    stage) or ``not discussed``; ``content`` and ``locator`` join the items."""
    labels = stage_labels(stages)
    rows = []
    for stage_row in stages.sort_values("stage", kind="stable").itertuples():
        stage = int(stage_row.stage)
        driver = _driver_dimension(str(stage_row.driver), str(stage_row.driver_type))
        for dimension in FRAMEWORK_DIMENSIONS:
            items = elements[(elements["stage"] == stage) & (elements["element"] == dimension)]
            if dimension == driver:
                status = "driver"
            elif not items.empty:
                status = "discussed"
            else:
                status = "not discussed"
            rows.append({
                "stage": stage, "stage_label": labels[stage], "dimension": dimension,
                "dimension_label": ELEMENT_LABELS[dimension], "status": status,
                "content": " ".join(items.sort_values("item", kind="stable")["content"]) or
                           ("named as the driver in the heading: " + str(stage_row.driver)
                            if status == "driver" else "not discussed for this stage"),
                "locator": "; ".join(sorted(set(items["locator"]))) or str(stage_row.locator),
                "source": "gu2018",
            })
    return pd.DataFrame.from_records(rows)


def events_table(dated: pd.DataFrame) -> pd.DataFrame:
    """The dated events (:func:`dated_events`) in date order, for display: the date as
    printed, its precision, the scope, Gu's stage, the event and its source."""
    return display_frame(dated.sort_values(["start", "event_id"], kind="stable"), {
        "date": "date as printed", "date_precision": "precision", "scope_label": "scope",
        "stage_label": "stage (Gu)", "event": "event", "cite": "source"})
