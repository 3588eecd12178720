"""The dated events of Heilongjiang–Russia e-commerce (``heilongjiang_timeline`` plus the
official pilot-zone and free-trade-zone lists), the timeline's marks and tables, and the
conflicting dates of the registry ``heilongjiang_conflicts``."""

from __future__ import annotations

import pandas as pd

from cbec.chapters.heilongjiang.units import period_bounds, section_only
from cbec.charts.tables import display_frame
from cbec.data import figures, registries

TIMELINE_CATEGORIES: tuple[str, ...] = ("policy", "agreement", "platform", "facility", "route",
                                        "other")
OFFICIAL_LISTS: dict[str, str] = {"cbec_pilot_zone_cities": "pilot-zone list",
                                  "pilot_free_trade_zones": "FTZ list"}
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


def timeline_events(timeline: pd.DataFrame,
                    extra: pd.DataFrame | None = None) -> pd.DataFrame:
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
    labels = {**figures.SOURCE_LABELS, **OFFICIAL_LISTS}
    events["source_label"] = events["source"].map(lambda s: labels.get(str(s), str(s)))
    return events.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)


def timeline_marks(events: pd.DataFrame) -> pd.DataFrame:
    """One mark per event for the timeline chart: its span (the printed precision) and
    midpoint, category and source label."""
    shown = events[["date", "category", "event", "source_label", "start", "end"]].copy()
    shown["mid"] = shown["start"] + (shown["end"] - shown["start"]) / 2
    return shown


def timeline_source(events: pd.DataFrame) -> str:
    """Source line of the timeline: sections of the printed events and the official lists."""
    printed = events[events["source"].isin(list(figures.SOURCE_LABELS))].copy()
    printed["locator"] = printed["locator"].map(section_only)
    official = [s for s in OFFICIAL_LISTS.values() if s in set(events["source_label"])]
    extra = ("Official lists in the data package: " + ", ".join(official)) if official else ""
    return figures.source_line(printed, extra)


def timeline_table(events: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows for readers: date, category, event, source and locator."""
    return display_frame(events, {"date": "date", "category": "category", "event": "event",
                                  "source_label": "source", "locator": "locator"})


def dates_side_by_side(conflicts: pd.DataFrame, timeline: pd.DataFrame,
                       conflict_id: str) -> pd.DataFrame:
    """The events of the conflict of dates ``conflict_id`` (a row of the registry
    ``heilongjiang_conflicts``) in the registry's order: date, event, printed, source and
    locator. ``KeyError`` names an unknown conflict or event."""
    rows = conflicts[conflicts["conflict_id"] == conflict_id]
    if rows.empty:
        raise KeyError(f"no conflict {conflict_id!r}")
    ids = list(registries.id_list(rows["figure_ids"].iloc[0]))
    missing = set(ids) - set(timeline["event_id"])
    if missing:
        raise KeyError(f"events not in the timeline: {sorted(missing)}")
    events = timeline.set_index("event_id").loc[ids].reset_index()
    events["source"] = [figures.SOURCE_LABELS.get(s, s) for s in events["source"]]
    return events[["event_id", "date", "event", "printed", "source", "locator"]]
