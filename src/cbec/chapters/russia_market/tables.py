"""Display tables of the Russian-market chapter: tidy frames handed to
:func:`cbec.charts.tables.show_table` (conflicts, lost charts, the shopper profile, the
SWOT, printed and derived figures)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cbec.chapters.russia_market.lookup import cite_compact, cite_short, fmt_figure, rows
from cbec.charts.tables import display_frame
from cbec.data import figures, registries

QUADRANTS: dict[str, str] = {"strength": "Strength", "weakness": "Weakness",
                             "opportunity": "Opportunity", "threat": "Threat"}
GROUP_COLUMNS: tuple[str, ...] = ("figure_id", "value", "unit", "period", "kind", "printed",
                                  "where")


def conflict_group_table(conflicts: pd.DataFrame, frame: pd.DataFrame,
                         conflict_id: str) -> pd.DataFrame:
    """The figures of one conflict side by side: figure_id, value, unit, period, kind, the
    printed fragment (in quotation marks) and the source (:func:`cite_short`)."""
    group = conflicts[conflicts["conflict_id"] == conflict_id]
    if group.empty:
        raise KeyError(f"no conflict {conflict_id!r}; known: "
                       f"{', '.join(sorted(conflicts['conflict_id']))}")
    shown = frame.assign(printed=["“" + str(p) + "”" for p in frame["printed"]],
                         where=[cite_short(r) for _, r in frame.iterrows()])
    table = registries.conflicts_table(group, shown, columns=GROUP_COLUMNS, group_columns=())
    return table.rename(columns={"where": "source"})


def conflicts_table(conflicts: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per conflict: topic, the values as printed, where they are printed and the
    book's reading."""
    shown = frame.assign(as_printed=[fmt_figure(r) for _, r in frame.iterrows()],
                         where=[cite_compact(r) for _, r in frame.iterrows()])
    summary = registries.conflicts_summary(
        conflicts, shown, joined={"as_printed": "; ", "where": "; "},
        group_columns=("topic", "reading"), distinct=("where",))
    return display_frame(summary, {"topic": "topic", "as_printed": "figures as printed",
                                   "where": "where", "reading": "a possible reading"})


def registry_citations(source: str, locator: str) -> list[str]:
    """``"Gu (2018), §2.2, Strength 1"`` for each locator of a registry row; with several
    texts the locator reads ``"gu2018: §1.2; §1.3 | zhao2021: §3.2.2 A"``."""
    keys = str(source).split()
    if len(keys) == 1:
        parts = {keys[0]: str(locator)}
    else:
        parts = dict(part.strip().split(": ", 1) for part in str(locator).split(" | "))
    return [f"{figures.SOURCE_LABELS.get(key, key)}, {loc.strip()}"
            for key in keys for loc in parts[key].split("; ")]


def lost_charts_table(lost_charts: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """Gu (2018)'s §1.2 charts: what each showed, its fate and the figures still printed."""
    records = []
    for lost in lost_charts.itertuples(index=False):
        selected = rows(frame, registries.id_list(lost.figure_ids))
        records.append({
            "chart": lost.chart,
            "what it showed": lost.topic,
            "status": lost.status,
            "printed figures recoverable": len(selected),
            "figure ids": ", ".join(selected["figure_id"].astype(str)) or "—",
        })
    return pd.DataFrame.from_records(records)


def profile_table(profile: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The shopper portrait: finding, the printed figures behind it and their sources (the
    figures' citations, or the passages a finding without figures rests on)."""
    records = []
    for item in profile.itertuples(index=False):
        selected = rows(frame, registries.id_list(item.figure_ids))
        sources = [cite_compact(r) for _, r in selected.iterrows()]
        if selected.empty:
            sources = registry_citations(item.source, item.locator)
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


def derived_table(derived: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """The chapter's derived numbers for display: value (rounded), unit, period, the input
    ids and the formula."""
    return display_frame(derived.assign(value=derived["value"].round(digits)), {
        "figure_id": "figure_id", "value": "derived value", "unit": "unit",
        "period": "period", "locator": "inputs", "note": "formula"})


def intensity_table(intensity: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """The capitals-vs-regions intensity indices for display (value rounded, formula)."""
    return display_frame(intensity.assign(value=intensity["value"].round(digits)), {
        "figure_id": "figure_id", "value": "derived value", "period": "period",
        "geography": "geography", "note": "formula (figure ids)"})
