"""AliExpress in Russia: Gu's (2018) three stages, dated events, growth figures, payment fees
and logistics lines, shaped for the chapter ``chapters/aliexpress``.

Everything here starts from the tables of the data package (``aliexpress_events``,
``aliexpress_stages``, ``aliexpress_stage_elements``, ``aliexpress_figures``,
``payment_fees``, ``payment_methods_by_region``, ``logistics_lines``). Numbers computed from
printed figures are built with :func:`cbec.data.figures.derived_row` (``kind="derived"``) and
drawn with a different shape from reported ones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd

from cbec import charts
from cbec.data import figures

# ---- labels and constants -------------------------------------------------------------------

UNASSIGNED = "not assigned by Gu"
SCOPE_LABELS: dict[str, str] = {
    "russia": "Russia",
    "global": "Global",
    "china": "China",
    "competitor": "Other Chinese platforms in Russia",
}
STAGE_SHAPES: tuple[str, ...] = ("circle", "square", "triangle-right", "cross")
STAGE_COLOURS: tuple[str, ...] = (charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[2],
                                  "#8c8c8c")
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

# Sections of Gu (2018) chapter 3 that narrate or analyse one stage: the rule that assigns a
# figure to a stage from its locator (checked in tests/test_aliexpress.py).
_STAGE_LOCATORS: tuple[tuple[str, int], ...] = (
    ("§3.5 (The Initial Stage", 1),
    ("§3.6", 1),
    ("§3.5 (The Middle Stage", 2),
    ("§3.7", 2),
    ("§3.5 (Maturity", 3),
    ("§3.8", 3),
)

# Metrics drawn in the "metrics over time" chart, top to bottom.
TIME_SERIES: dict[str, str] = {
    "aliexpress_daily_orders": "Russia: daily orders",
    "aliexpress_monthly_visits": "Russia: monthly visits, million",
    "aliexpress_monthly_unique_visitors": "Russia: monthly unique visitors, million",
    "aliexpress_daily_overseas_traffic": "World: daily overseas traffic, million",
    "aliexpress_daily_page_views": "World: daily page views, million",
    "aliexpress_global_website_rank": "World: website rank (1 = top)",
    "aliexpress_countries_covered": "World: countries and regions (more than)",
}

# Growth figures compared in the growth-rate chart (figure id -> short label).
GROWTH_FIGURES: dict[str, str] = {
    "zhao-annual-growth-2012": "AliExpress, average annual growth (to 2012)",
    "zhao-transaction-growth-2013": "AliExpress, transaction volume 2013",
    "gu-intl-revenue-growth-2014q4": "Alibaba international e-commerce, Q4 2014",
    "zhao-aliexpress-growth-2015": "AliExpress, 2015",
    "zhao-global-cbec-growth-2015": "Global cross-border e-commerce, 2015",
    "gu-singles-day-growth-2017": "Alibaba Singles' Day GMV, 2017",
}

FEE_COLUMNS: tuple[str, ...] = (
    "login_fee_usd_min", "login_fee_usd_max", "transaction_fee_pct_min",
    "transaction_fee_pct_max", "payment_fee_pct_min", "payment_fee_pct_max",
    "payment_fee_usd_min", "payment_fee_usd_max", "withdrawal_fee_usd",
)
FEE_BOUNDS: tuple[str, ...] = ("min", "max")

# Conflicts and garbles discussed in the chapter: the rows involved and the book's reading.
CONFLICTS: tuple[dict[str, object], ...] = (
    {
        "topic": "Daily orders in Russia, 2012–2013",
        "ids": ("gu-daily-orders-2012-start", "gu-daily-orders-2012-end",
                "gu-daily-orders-2013-03", "gu-daily-orders-multiple-2013-03",
                "gu-order-volume-multiple-2012"),
        "reading": "Same section, three incompatible levels: 17,000 a day in March 2013 is "
                   "called a boost although 30,000 is given for end-2012, and '5 times' "
                   "implies a base matching neither. Both levels are kept.",
    },
    {
        "topic": "Year of entry into Russia",
        "ids": ("gu-2010-04-aliexpress-enters-russia", "gu-2012-company-enters-russia"),
        "reading": "Launch (April 2010) and the start of a Russia-specific push (2012) are "
                   "probably two steps; the §1.2 sentence does not name the company.",
    },
    {
        "topic": "Office or branch in Russia, 2015",
        "ids": ("gu-2015-05-representative-office", "gu-2015-06-branch-s1-3",
                "gu-2015-06-branch-founded"),
        "reading": "May (Alibaba representative office) and June (AliExpress branch) may be "
                   "two steps or one event dated twice; the text does not say.",
    },
    {
        "topic": "Switch of business model: which, and when",
        "ids": ("zhao-2013-b2c-repositioning", "gu-2015-11-company-id",
                "gu-2016-08-15-b2c-complete"),
        "reading": "Zhao: wholesale (B2B) to consumer retail (B2C) in 2013. Gu: individual "
                   "sellers (C2C) to enterprise sellers (B2C), November 2015 to August 2016. "
                   "Different transitions described with the same label.",
    },
    {
        "topic": "Singles' Day 2016 in dollars",
        "ids": ("gu-singles-day-2016-gmv", "gu-singles-day-2017-gmv",
                "gu-singles-day-growth-2017"),
        "reading": "The '$' is almost certainly yuan: the printed 39.4% growth only holds if "
                   "2016 and 2017 are in the same currency (see the derived check).",
    },
    {
        "topic": "Orders in 2013 'exceeded 10 billion'",
        "ids": ("zhao-orders-2013", "gu-daily-orders-2012-end"),
        "reading": "Implausible as a count of orders (see the derived orders per day); "
                   "probably a unit slip in translation.",
    },
    {
        "topic": "Traffic 'increased by 4.6 times'",
        "ids": ("zhao-daily-traffic-growth-2012-11",),
        "reading": "Either traffic reached 4.6 times the level of a year earlier, or it rose "
                   "by 4.6 times that level; both readings are drawn (derived) in the growth "
                   "chart.",
    },
    {
        "topic": "Russian e-commerce turnover, 2015",
        "ids": ("gu-ru-ecommerce-2015-gu", "zhao-ru-ecommerce-2015"),
        "reading": "Two theses print different totals for the same year; both are kept.",
    },
)


# ---- dates and stages -----------------------------------------------------------------------

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
    for row in stages.sort_values("stage").itertuples():
        end = "now" if pd.isna(row.end_year) else str(int(row.end_year))
        short = str(row.name).split(":")[-1].strip()
        short = short[:1].lower() + short[1:]
        labels[int(row.stage)] = f"Stage {int(row.stage)}: {short} ({int(row.start_year)}–{end})"
    return labels


def stages_for_year(year: int, stages: pd.DataFrame) -> list[int]:
    """Stages whose printed year span contains ``year``. Gu's headings share their boundary
    years (2010–2013, 2013–2015, 2015–now), so 2013 and 2015 belong to two stages."""
    found = []
    for row in stages.sort_values("stage").itertuples():
        end = math.inf if pd.isna(row.end_year) else int(row.end_year)
        if int(row.start_year) <= year <= end:
            found.append(int(row.stage))
    return found


def stage_of_locator(locator: str) -> int | None:
    """The stage a Gu (2018) chapter-3 locator belongs to (§3.6 → 1, §3.7 → 2, §3.8 → 3; the
    three sub-headings of §3.5 likewise), or ``None`` for any other section."""
    text = str(locator)
    for prefix, stage in _STAGE_LOCATORS:
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
    frame["stages_by_date"] = [
        ", ".join(str(s) for s in stages_for_year(_event_year(d), stages)) or "before stage 1"
        for d in frame["date"]]
    frame["cite"] = [figures.cite(row) for _, row in frame.iterrows()]
    frame = frame.sort_values(["scope", "start", "end", "event_id"]).reset_index(drop=True)
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
    return frame.sort_values("event_id").reset_index(drop=True)


def stage_date_mismatches(events: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Events that Gu assigns to a stage but whose printed year lies outside that stage's
    year span (the narrative and the headings disagree). Undated events are skipped."""
    rows = []
    for _, event in events[events["stage"].notna()].iterrows():
        year = _event_year(event["date"])
        if year is None:
            continue
        spans = stages_for_year(year, stages)
        if int(event["stage"]) not in spans:
            rows.append({"event_id": event["event_id"], "date": event["date"],
                         "assigned_stage": int(event["stage"]),
                         "stages_by_date": ", ".join(map(str, spans)) or "none",
                         "event": event["event"], "cite": figures.cite(event)})
    columns = ["event_id", "date", "assigned_stage", "stages_by_date", "event", "cite"]
    return pd.DataFrame.from_records(rows, columns=columns)


def stage_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Gu's figures that belong to a stage by their locator (see :func:`stage_of_locator`),
    with a ``stage`` column, sorted by stage then figure id."""
    gu = frame[frame["source"] == "gu2018"].copy()
    gu["stage"] = [stage_of_locator(loc) for loc in gu["locator"]]
    gu = gu[gu["stage"].notna()].copy()
    gu["stage"] = gu["stage"].astype(int)
    return gu.sort_values(["stage", "figure_id"]).reset_index(drop=True)


def stage_summary(stages: pd.DataFrame, events: pd.DataFrame,
                  frame: pd.DataFrame) -> pd.DataFrame:
    """One row per stage: years, driver, and counts of events (Gu's assignment) and figures
    (by locator) the data package holds for it."""
    counted = stage_figures(frame)
    rows = []
    for row in stages.sort_values("stage").itertuples():
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
            items = items.sort_values("item")
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


def framework_cells(elements: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Long table stage × framework dimension (three pillars, original and new capability):
    ``status`` is ``driver`` (the stage's named driver), ``discussed`` (Gu analyses it for the
    stage) or ``not discussed``; ``content`` and ``locator`` join the items."""
    labels = stage_labels(stages)
    rows = []
    for stage_row in stages.sort_values("stage").itertuples():
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
                "content": " ".join(items.sort_values("item")["content"]) or
                           ("named as the driver in the heading: " + str(stage_row.driver)
                            if status == "driver" else "not discussed for this stage"),
                "locator": "; ".join(sorted(set(items["locator"]))) or str(stage_row.locator),
                "source": "gu2018",
            })
    return pd.DataFrame.from_records(rows)


# ---- figures: conflicts, growth, metrics over time ------------------------------------------

def format_value(value: float) -> str:
    """Thousands separators, no trailing zeros: 30000 → '30,000', 645.84 → '645.84'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def daily_orders_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Gu's daily orders in Russia (2012–2013), Russia's 2013 parcel capacity, and derived
    rows: the growth multiple 2012 (end / start) and the base implied by '5 times'."""
    ids = ["gu-daily-orders-2012-start", "gu-daily-orders-2012-end", "gu-daily-orders-2013-03"]
    reported = frame.set_index("figure_id").loc[ids].reset_index()[list(frame.columns)]
    start = figures.value(frame, "gu-daily-orders-2012-start")
    end = figures.value(frame, "gu-daily-orders-2012-end")
    march = figures.value(frame, "gu-daily-orders-2013-03")
    multiple = figures.value(frame, "gu-daily-orders-multiple-2013-03")
    derived = [
        figures.derived_row(
            "ali-implied-base-2013-03", "aliexpress_daily_orders", march / multiple,
            "orders per day", "2013-03", "Russia",
            ["gu-daily-orders-2013-03", "gu-daily-orders-multiple-2013-03"],
            "March 2013 daily orders / printed multiple: the 'original volume' implied", 2013),
        figures.derived_row(
            "ali-daily-orders-multiple-2012", "aliexpress_daily_orders_multiple", end / start,
            "times start-of-year level", "2012", "Russia",
            ["gu-daily-orders-2012-end", "gu-daily-orders-2012-start"],
            "end-2012 daily orders / start-2012 daily orders", 2012),
    ]
    return figures.with_derived(reported, derived)


def singles_day_check(frame: pd.DataFrame) -> dict[str, float]:
    """Growth of Singles' Day GMV 2016→2017 computed from the two printed levels (percent),
    next to the printed growth: equal only if both levels are in the same currency."""
    computed = (figures.value(frame, "gu-singles-day-2017-gmv")
                / figures.value(frame, "gu-singles-day-2016-gmv") - 1) * 100
    return {"computed_growth_pct": computed,
            "printed_growth_pct": figures.value(frame, "gu-singles-day-growth-2017")}


def orders_2013_per_day(frame: pd.DataFrame) -> float:
    """Orders per day implied by Zhao's '10 billion' orders in 2013 (value × 1e9 / 365)."""
    row = figures.figure(frame, "zhao-orders-2013")
    if str(row["unit"]) != "billion orders":
        raise ValueError(f"unexpected unit {row['unit']!r} for zhao-orders-2013")
    return float(row["value"]) * 1e9 / 365


def growth_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Printed growth rates (percent) of :data:`GROWTH_FIGURES`, plus derived rows: both
    readings of 'increased by 4.6 times' and the 2012 daily-order growth in percent."""
    reported = frame[frame["figure_id"].isin(GROWTH_FIGURES)].copy()
    times = figures.value(frame, "zhao-daily-traffic-growth-2012-11")
    start = figures.value(frame, "gu-daily-orders-2012-start")
    end = figures.value(frame, "gu-daily-orders-2012-end")
    derived = [
        figures.derived_row(
            "ali-traffic-growth-reading-a", "aliexpress_daily_overseas_traffic_growth",
            (times - 1) * 100, "percent", "2012-11", "world",
            ["zhao-daily-traffic-growth-2012-11"],
            "reading A: traffic = m × last year; growth = (m − 1) × 100", 2012),
        figures.derived_row(
            "ali-traffic-growth-reading-b", "aliexpress_daily_overseas_traffic_growth",
            times * 100, "percent", "2012-11", "world",
            ["zhao-daily-traffic-growth-2012-11"],
            "reading B: traffic rose by m × last year; growth = m × 100", 2012),
        figures.derived_row(
            "ali-singles-day-growth-check", "alibaba_singles_day_gmv_growth",
            singles_day_check(frame)["computed_growth_pct"], "percent", "2017-11-11", "China",
            ["gu-singles-day-2017-gmv", "gu-singles-day-2016-gmv"],
            "(2017 GMV / 2016 GMV − 1) × 100, both levels read in the same currency", 2017),
        figures.derived_row(
            "ali-daily-orders-growth-2012", "aliexpress_daily_orders_growth",
            (end / start - 1) * 100, "percent", "2012", "Russia",
            ["gu-daily-orders-2012-end", "gu-daily-orders-2012-start"],
            "(end-2012 / start-2012 daily orders − 1) × 100", 2012),
    ]
    out = figures.with_derived(reported.reset_index(drop=True), derived)
    labels = {**GROWTH_FIGURES,
              "ali-traffic-growth-reading-a": "AliExpress daily traffic, Nov 2012 (×4.6 reading)",
              "ali-traffic-growth-reading-b": "AliExpress daily traffic, Nov 2012 (+4.6× reading)",
              "ali-daily-orders-growth-2012": "AliExpress daily orders in Russia, 2012",
              "ali-singles-day-growth-check": "Alibaba Singles' Day GMV, 2017 (recomputed)"}
    out["label"] = out["figure_id"].map(labels)
    out["kind_label"] = out["kind"].map(lambda k: "derived in code" if k == figures.DERIVED
                                        else "printed")
    return out.sort_values(["year", "figure_id"]).reset_index(drop=True)


def metrics_over_time(frame: pd.DataFrame, min_gap: float = 0.6) -> pd.DataFrame:
    """Dated rows of the metrics in :data:`TIME_SERIES` with a time position, a row label, a
    value label and its alignment (see :func:`label_alignment`). Rows without a printed
    period are left out (they cannot be placed)."""
    chosen = frame[frame["metric"].isin(TIME_SERIES) & frame["period"].notna()].copy()
    chosen["position"] = chosen["period"].map(period_position)
    chosen["series"] = chosen["metric"].map(TIME_SERIES)
    chosen["value_label"] = [
        ("#" if m == "aliexpress_global_website_rank" else "") + format_value(v)
        for m, v in zip(chosen["metric"], chosen["value"], strict=True)]
    chosen["cite"] = [figures.cite(row) for _, row in chosen.iterrows()]
    order = {m: i for i, m in enumerate(TIME_SERIES)}
    chosen["series_order"] = chosen["metric"].map(order)
    chosen = chosen.sort_values(["series_order", "position", "figure_id"]).reset_index(drop=True)
    chosen["label_align"] = label_alignment(chosen["series"], chosen["position"], min_gap)
    return chosen


def label_alignment(series: Sequence[str], position: Sequence[float],
                    min_gap: float = 0.6) -> list[str]:
    """``center`` for each point's value label, except that two neighbours of one series
    closer than ``min_gap`` years have their labels pushed apart (``right`` / ``left``).
    Inputs must be sorted by series, then position."""
    series, position = list(series), [float(p) for p in position]
    if len(series) != len(position):
        raise ValueError("series and position must have the same length")
    align = ["center"] * len(series)
    for i in range(1, len(series)):
        if series[i] == series[i - 1] and position[i] - position[i - 1] < min_gap:
            align[i - 1] = "right" if align[i - 1] == "center" else align[i - 1]
            align[i] = "left"
    return align


def conflicts_table(events: pd.DataFrame, frame: pd.DataFrame,
                    conflicts: Sequence[dict[str, object]] = CONFLICTS) -> pd.DataFrame:
    """One row per conflict: what each source prints (value or dated event, with citation)
    and the book's reading. Raises ``KeyError`` if an id is in neither table."""
    rows = []
    for conflict in conflicts:
        printed = []
        for item in conflict["ids"]:  # type: ignore[union-attr]
            if (frame["figure_id"] == item).any():
                row = figures.figure(frame, str(item))
                when = f" ({row['period']})" if pd.notna(row["period"]) else ""
                printed.append(f"{format_value(row['value'])} {row['unit']}{when} — "
                               f"{figures.cite(row)}")
            elif (events["event_id"] == item).any():
                row = events[events["event_id"] == item].iloc[0]
                printed.append(f"{row['date']}: {row['event']} — {figures.cite(row)}")
            else:
                raise KeyError(f"conflict id {item!r} is in neither table")
        rows.append({"topic": conflict["topic"], "what the sources print": " | ".join(printed),
                     "reading": conflict["reading"]})
    return pd.DataFrame.from_records(rows)


# ---- payment fees (Gu Table 3.2) --------------------------------------------------------------

def fee_components(fees: pd.DataFrame, method: str, bound: str) -> tuple[float, float]:
    """``(fixed_usd, rate)`` of one payment method at the ``min`` or ``max`` end of every
    printed range: fee(amount) = fixed_usd + rate × amount. Empty cells ('/', 'No') are 0."""
    if bound not in FEE_BOUNDS:
        raise ValueError(f"bound must be 'min' or 'max', not {bound!r}")
    rows = fees[fees["method"] == method]
    if len(rows) != 1:
        raise KeyError(f"payment method {method!r} not in the table; "
                       f"known: {', '.join(fees['method'])}")
    row = rows.iloc[0]

    def nz(column: str) -> float:
        value = row[column]
        return 0.0 if pd.isna(value) else float(value)

    fixed = nz(f"login_fee_usd_{bound}") + nz(f"payment_fee_usd_{bound}") + \
        nz("withdrawal_fee_usd")
    rate = (nz(f"transaction_fee_pct_{bound}") + nz(f"payment_fee_pct_{bound}")) / 100
    return fixed, rate


def payment_fees_for(fees: pd.DataFrame, amount: float) -> pd.DataFrame:
    """Fees and net receipts for an order of ``amount`` US dollars, for every method of Gu's
    Table 3.2, at the lowest and the highest combination of the printed components.

    Columns: method, fee_usd_min, fee_usd_max, net_usd_min (= amount − fee_usd_max),
    net_usd_max, fee_pct_min, fee_pct_max. All values are derived.
    """
    if not isinstance(amount, int | float) or isinstance(amount, bool) \
            or not math.isfinite(amount) or amount <= 0:
        raise ValueError(f"order amount must be a positive number of US dollars, not {amount!r}")
    rows = []
    for method in fees["method"]:
        low = sum_fee(*fee_components(fees, method, "min"), amount)
        high = sum_fee(*fee_components(fees, method, "max"), amount)
        rows.append({"method": method, "fee_usd_min": low, "fee_usd_max": high,
                     "net_usd_min": amount - high, "net_usd_max": amount - low,
                     "fee_pct_min": 100 * low / amount, "fee_pct_max": 100 * high / amount})
    return pd.DataFrame.from_records(rows)


def sum_fee(fixed: float, rate: float, amount: float) -> float:
    """fixed + rate × amount."""
    return fixed + rate * amount


def check_fee_table(fees: pd.DataFrame, amount: float = 300.0) -> pd.DataFrame:
    """Computed net receipts on ``amount`` next to the printed 'profit on 300 USD' column,
    with the gaps (computed − printed) at each end."""
    computed = payment_fees_for(fees, amount).set_index("method")
    rows = []
    for _, row in fees.iterrows():
        c = computed.loc[row["method"]]
        rows.append({
            "method": row["method"],
            "printed profit": row["profit_on_300_usd"],
            "printed min": row["profit_usd_min"], "printed max": row["profit_usd_max"],
            "computed min": c["net_usd_min"], "computed max": c["net_usd_max"],
            "gap at min": c["net_usd_min"] - row["profit_usd_min"],
            "gap at max": c["net_usd_max"] - row["profit_usd_max"],
        })
    return pd.DataFrame.from_records(rows)


def fee_savings(fees: pd.DataFrame, amount: float = 300.0,
                baseline: str = "T/T") -> pd.DataFrame:
    """Largest saving of each method against ``baseline`` on ``amount`` (baseline's highest
    fee − the method's lowest fee), next to the printed 'fees saving … at most'."""
    computed = payment_fees_for(fees, amount).set_index("method")
    if baseline not in computed.index:
        raise KeyError(f"baseline {baseline!r} not in the table")
    top = computed.loc[baseline, "fee_usd_max"]
    rows = []
    for _, row in fees[fees["method"] != baseline].iterrows():
        saving = top - computed.loc[row["method"], "fee_usd_min"]
        rows.append({"method": row["method"], "printed saving": row["fees_saving"],
                     "printed max": row["fees_saving_usd_max"],
                     "computed max saving": saving,
                     "gap": saving - row["fees_saving_usd_max"]})
    return pd.DataFrame.from_records(rows)


def break_even_amount(fees: pd.DataFrame, method_a: str, bound_a: str, method_b: str,
                      bound_b: str) -> float | None:
    """Order amount (USD) at which two methods' fees are equal, or ``None`` when the fee lines
    never cross at a positive amount (parallel, or crossing at or below zero)."""
    fixed_a, rate_a = fee_components(fees, method_a, bound_a)
    fixed_b, rate_b = fee_components(fees, method_b, bound_b)
    if math.isclose(rate_a, rate_b):
        return None
    amount = (fixed_b - fixed_a) / (rate_a - rate_b)
    return amount if amount > 0 else None


def fee_curve(fees: pd.DataFrame, amounts: Iterable[float]) -> pd.DataFrame:
    """Fee as a share of the order for each method, amount and bound (long form, derived)."""
    rows = []
    for amount in amounts:
        table = payment_fees_for(fees, float(amount))
        for _, row in table.iterrows():
            rows.append({"method": row["method"], "amount": float(amount),
                         "fee_pct_min": row["fee_pct_min"], "fee_pct_max": row["fee_pct_max"],
                         "fee_usd_min": row["fee_usd_min"], "fee_usd_max": row["fee_usd_max"]})
    return pd.DataFrame.from_records(rows)


# ---- logistics and payment methods ------------------------------------------------------------

def days_kind(days_min: object, days_max: object, qualifier: object) -> str | None:
    """How printed delivery days read: ``range`` (both ends), ``lower bound`` (only a
    minimum, 'more than'), ``upper bound`` ('within'), ``single value``; ``None`` if no days."""
    has_min, has_max = pd.notna(days_min), pd.notna(days_max)
    if has_min and has_max:
        return "range"
    if has_min:
        return "lower bound"
    if has_max:
        return "upper bound" if "within" in str(qualifier) else "single value"
    return None


_LINE_SHORTENINGS: tuple[tuple[str, str], ...] = (
    (r"^Postal delivery China to Russia: ", "Post China→Russia: "),
    (r"^Special Line-YW: Yanwen ", "Yanwen "),
    (r" small packet$", ""),
    (r"^China-Russia e-commerce delivery cycle \(all channels\)$",
     "China–Russia delivery cycle, all channels"),
)


def short_line_label(line: str) -> str:
    """A logistics line's name shortened for a chart row (full name stays in the table)."""
    for pattern, replacement in _LINE_SHORTENINGS:
        line = re.sub(pattern, replacement, line)
    return line


def logistics_days(lines: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``logistics_lines`` that print delivery days, with ``kind``, plot ends ``lo`` /
    ``hi`` and a text label ('≤ 25', '> 30', '3–5', '28')."""
    frame = lines[lines["days_min"].notna() | lines["days_max"].notna()].copy()
    frame["kind"] = [days_kind(a, b, q) for a, b, q in
                     zip(frame["days_min"], frame["days_max"], frame["days_qualifier"],
                         strict=True)]
    frame["lo"] = frame["days_min"].fillna(frame["days_max"]).astype(float)
    frame["hi"] = frame["days_max"].fillna(frame["days_min"]).astype(float)
    prefix = {"upper bound": "≤ ", "lower bound": "> ", "single value": "", "range": ""}
    frame["days_label"] = [
        f"{int(lo)}–{int(hi)}" if k == "range" else f"{prefix[k]}{int(lo)}"
        for k, lo, hi in zip(frame["kind"], frame["lo"], frame["hi"], strict=True)]
    frame["label"] = [short_line_label(line) for line in frame["line"]]
    frame["line_type_label"] = frame["line_type"].str.replace("_", " ")
    frame["russia"] = frame["route"].str.contains("Russia", na=False)
    frame["cite"] = [figures.cite(row) for _, row in frame.iterrows()]
    return frame.sort_values(["russia", "hi", "line_id"],
                             ascending=[False, True, True]).reset_index(drop=True)


def payment_methods_table(methods: pd.DataFrame) -> pd.DataFrame:
    """Region × source summary: the methods of Zhao's Picture 3.3 and those named in running
    text (Gu, Zhao), with counts (derived)."""
    rows = []
    for region, group in methods.groupby("region", sort=True):
        table = group[group["from_table"]]
        text = group[~group["from_table"]]
        rows.append({
            "region": region,
            "Zhao Picture 3.3": ", ".join(sorted(table["method"])) or "—",
            "named in running text": "; ".join(
                f"{m} ({figures.SOURCE_LABELS[s]}, {p})" for m, s, p in
                sorted(zip(text["method"], text["source"], text["platform"], strict=True)))
            or "—",
            "distinct methods (derived)": group["method"].str.replace(" ", "").str.lower()
                                                         .nunique(),
        })
    return pd.DataFrame.from_records(rows)


# ---- charts ------------------------------------------------------------------------------------

def compact_source_line(frame: pd.DataFrame, extra: str = "") -> str:
    """A short "Source: …" line naming each source with its section numbers only (§3.5,
    Table 3.2); full locators are in the tooltips and tables."""
    parts = []
    reported = frame[frame["source"] != figures.DERIVED]
    pattern = re.compile(r"§\s?\d+(?:\.\d+)*|Table \d+\.\d+|Picture \d+\.\d+|Chart \d+\.\d+"
                         r"|Conclusion")

    def key(text: str) -> tuple:
        numbers = re.findall(r"\d+", text)
        kind = "" if text.startswith("§") else text.split(" ")[0]
        return (kind, *map(int, numbers))

    for source, rows in reported.groupby("source", sort=True):
        found = sorted({m.replace("§ ", "§") for loc in rows["locator"]
                        for m in pattern.findall(str(loc))}, key=key)
        parts.append(f"{figures.SOURCE_LABELS.get(str(source), str(source))} "
                     + ", ".join(found))
    text = "Source: " + "; ".join(parts) if parts else "Source: computed in code"
    if (frame["source"] == figures.DERIVED).any():
        text += ". Derived values computed in code"
    if extra:
        text += ". " + extra.rstrip(".")
    return text + "."


KIND_LABELS: tuple[str, str] = ("printed", "derived in code")
METHOD_SHORT: dict[str, str] = {
    "Other Cross-boarder Online Payment Tools": "Other online payment tools",
}


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


def _stage_scale(stages: pd.DataFrame) -> tuple[list[str], alt.Scale, alt.Scale]:
    domain = [*stage_labels(stages).values(), UNASSIGNED]
    colour = alt.Scale(domain=domain, range=list(STAGE_COLOURS[:len(domain)]))
    shape = alt.Scale(domain=domain, range=list(STAGE_SHAPES[:len(domain)]))
    return domain, colour, shape


def timeline_chart(dated: pd.DataFrame, stages: pd.DataFrame,
                   until: float | None = None) -> alt.TopLevelMixin:
    """Interactive timeline: one lane per scope, each event a point at its start with a bar
    over the span its printed date covers; colour and shape = Gu's stage. Shaded bands show
    the stages' printed year spans (they share boundary years). Tooltips give the event, the
    date as printed, the stage and the citation; clicking a legend entry highlights a stage.
    (No scroll-zoom: it would trap the page's scrolling on phones.)"""
    _domain, colour, shape = _stage_scale(stages)
    last = until if until is not None else math.ceil(float(dated["end"].max()))
    ordered = stages.sort_values("stage")
    bands = pd.DataFrame({
        "stage_label": list(stage_labels(stages).values()),
        "band_start": ordered["start_year"].astype(float).to_list(),
        "band_end": [float(last) if pd.isna(e) else float(e) + 1 for e in ordered["end_year"]],
        "band_text": [f"S{i}" for i in ordered["stage"].astype(int)],
    })
    first = math.floor(float(dated["start"].min()))
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
    source = compact_source_line(
        dated, "Bar width = span of the printed date (year, month or day)")
    return charts.with_source(chart, source, description)


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


def daily_orders_chart(frame: pd.DataFrame, capacity: pd.Series) -> alt.TopLevelMixin:
    """Gu's three daily-order levels for Russia (circles, printed), the base implied by
    '5 times' (diamond, derived) and Russia's 2013 parcel capacity (dashed rule, printed in
    thousands)."""
    points = frame[frame["metric"] == "aliexpress_daily_orders"].copy()
    points["position"] = points["period"].map(period_position)
    points["value_label"] = points["value"].map(format_value)
    points["kind_label"] = points["kind"].map(
        lambda k: KIND_LABELS[1] if k == figures.DERIVED else KIND_LABELS[0])
    points["cite"] = [figures.cite(r) for _, r in points.iterrows()]
    points = points[["figure_id", "position", "period", "value", "value_label", "kind",
                     "kind_label", "cite", "note"]]
    factor = 1000 if str(capacity["unit"]).startswith("thousand") else 1
    rule_frame = pd.DataFrame({"y": [float(capacity["value"]) * factor], "label": [
        f"Russia's delivery capacity 2013: {format_value(float(capacity['value']))} "
        f"{capacity['unit']}"]})
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
    both = pd.concat([frame, capacity.to_frame().T], ignore_index=True)
    description = ("Daily AliExpress orders in Russia as printed by Gu: "
                   + ", ".join(f"{p} {v}" for p, v, k in
                               zip(points["period"], points["value_label"], points["kind"],
                                   strict=True) if k != figures.DERIVED)
                   + "; a derived diamond marks the base implied by '5 times'; a dashed line "
                     "marks Russia's 2013 parcel capacity.")
    return charts.with_source(chart, compact_source_line(both), description)


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


def fees_300_chart(check: pd.DataFrame, amount: float = 300.0) -> alt.TopLevelMixin:
    """Net receipts on ``amount`` per method: printed range (circles) against the range
    computed from the parsed fee components (diamonds, derived)."""
    rows = []
    for _, row in check.iterrows():
        for kind, lo, hi in ((KIND_LABELS[0], row["printed min"], row["printed max"]),
                             (KIND_LABELS[1], row["computed min"], row["computed max"])):
            rows.append({"method": METHOD_SHORT.get(row["method"], row["method"]),
                         "method_printed": row["method"], "kind_label": kind,
                         "lo": float(lo), "hi": float(hi),
                         "label": f"{format_value(round(lo, 2))}"
                         + ("" if math.isclose(lo, hi) else f"–{format_value(round(hi, 2))}")})
    data = pd.DataFrame.from_records(rows)
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
    source = "Source: Gu (2018), Table 3.2. Derived values computed in code from the parsed " \
             "fee components."
    return charts.with_source(chart, source, description)


def fee_curve_chart(curve: pd.DataFrame, highlight: float = 300.0) -> alt.TopLevelMixin:
    """Fee as a percentage of the order against order size (log axis): a band from the
    lowest to the highest combination of printed components per method, dashed differently
    per method; a rule marks ``highlight``. Every value is derived."""
    data = curve.assign(method=curve["method"].map(lambda m: METHOD_SHORT.get(m, m)))
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
    y_scale = alt.Scale(domain=[0, 40], clamp=True)
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
    amounts = sorted(set(data["amount"]))
    at = amounts[-2] if len(amounts) > 1 else amounts[-1]
    ends = data[data["amount"] == at].assign(
        mid=lambda f: (f["fee_pct_min"].clip(upper=40) + f["fee_pct_max"].clip(upper=40)) / 2)
    names = alt.Chart(ends).mark_text(fontSize=11, fontWeight="bold", align="right", dx=-6,
                                      color="#1a1a1a").encode(
        x=x, y=alt.Y("mid:Q", scale=y_scale), text="method:N")
    chart = alt.layer(band, *lines, points, rule, rule_text, names).properties(
        width="container", height=320)
    description = ("Fee as a percentage of the order for " + ", ".join(methods)
                   + f" for orders from {format_value(float(data['amount'].min()))} to "
                   f"{format_value(float(data['amount'].max()))} USD: flat T/T fees weigh "
                   "heavily on small orders, percentage fees do not fall with size.")
    source = ("Source: Gu (2018), Table 3.2 (fee components). Derived values computed in "
              "code; bands run from the lowest to the highest printed component; the axis "
              "stops at 40%.")
    return charts.with_source(chart, source, description)


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
