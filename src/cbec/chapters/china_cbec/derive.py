"""Tidy frames of the chapter china_cbec: the reconciled scale and its growth, the reader's
tables, the pilot-zone batches, China's 2018 trade shares and the obstacles coding.

Nothing here draws; :mod:`cbec.chapters.china_cbec.charts` renders the frames built here.
The reconciliation of the several printed values of China's CBEC transaction scale uses
:data:`SCALE_RULE` with :func:`cbec.stats.growth.reconcile`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cbec.charts.tables import display_frame
from cbec.data import figures, registries
from cbec.stats.growth import (
    CHOSEN,
    EXCLUDED,
    Reconciliation,
    ReconciliationRule,
    growth_steps,
    implied_previous_level,
    reconcile,
)

SCALE_METRIC = "cbec_transaction_value"
IMPORT_METRIC = "cbec_import_value"
GROWTH_METRIC = "cbec_transaction_growth"
AVERAGE_GROWTH_METRIC = "cbec_transaction_growth_avg_annual"

#: The chapter's reconciliation rule for the CBEC transaction scale (stated in the text and
#: enforced by tests/test_china_cbec.py).
SCALE_RULE = ReconciliationRule(
    priority=("xu_nd", "zhao2021", "gu2018"),
    unit_factors={"trillion yuan": 1.0, "billion yuan": 0.001},
    target_unit="trillion yuan",
    reason=("the most recent publication wins, because a later text can quote a revised "
            "vintage of the same research-centre series; a value printed without a currency, "
            "for half a year or for imports only is left out rather than guessed"),
)

SOURCE_ORDER: tuple[str, ...] = ("xu_nd", "zhao2021", "gu2018", "song2020", "beltroad_nd")
RECONCILED = "Reconciled series (derived)"
DERIVED_GROWTH = "Derived from reconciled series"
# Factors used only to *draw* raw points on the trillion-yuan axis. 'trillion' (currency not
# printed) is drawn at face value as a hollow point and never enters the reconciled series.
PLOT_FACTORS: dict[str, float] = {"trillion yuan": 1.0, "billion yuan": 0.001, "trillion": 1.0}
USED, NOT_USED = "used in the reconciled series", "not used (drawn hollow)"
#: The two undated counts of comprehensive pilot zones (Zhao, Xu).
PILOT_ZONE_COUNTS: tuple[str, ...] = ("zhao-pilot-zones", "xu-pilot-zones")

OBSTACLE_LABELS: dict[str, str] = {
    "logistics": "Logistics",
    "payment_security": "Payment security",
    "credit_ip": "Credit and IP",
    "talent": "Talent",
    "regional_imbalance": "Regional imbalance",
    "policy_customs": "Policy and customs",
}
CLASSIFICATION_LABELS: dict[str, str] = {
    "transaction_parties": "transaction parties",
    "operating_entity": "operating entity",
    "business_scope": "business scope",
}


def source_label(key: str) -> str:
    """Short citation label of a bibtex key (``"gu2018"`` -> ``"Gu (2018)"``)."""
    return figures.SOURCE_LABELS.get(key, key)


def _rows_of(frame: pd.DataFrame, ids: Sequence[str] | pd.Series) -> pd.DataFrame:
    return frame[frame["figure_id"].isin(list(ids))]


# ---- scale and its reconciliation -------------------------------------------------------

def scale_reconciliation(frame: pd.DataFrame,
                         rule: ReconciliationRule = SCALE_RULE) -> Reconciliation:
    """Reconcile the printed CBEC transaction values (one per year) by ``rule``."""
    return reconcile(frame, SCALE_METRIC, rule, geography="China")


def decisions_table(result: Reconciliation) -> pd.DataFrame:
    """Every candidate value of the scale with what the rule did with it, for display."""
    table = result.decisions.assign(period=result.decisions["period"].astype(str),
                                    source=result.decisions["source"].map(source_label))
    return display_frame(table, {
        "period": "period", "source": "source", "figure_id": "figure id",
        "value": "printed value", "unit": "printed unit",
        "value_converted": f"value in {result.rule.target_unit}",
        "status": "decision", "reason": "why",
    })


def scale_points(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """Raw printed scale values plus the reconciled series, ready for the scale chart.

    Raw rows are the scale metric and the 2016 value Gu labels 'imports'; each carries
    whether the reconciled series uses it and why not. Reconciled rows have the series
    label :data:`RECONCILED` and kind ``derived``.
    """
    raw = frame[frame["metric"].isin([SCALE_METRIC, IMPORT_METRIC])
                & frame["period"].str.match(r"^\d{4}")]
    reasons = result.decisions.set_index("figure_id")
    rows = []
    for _, row in raw.iterrows():
        if row["figure_id"] in reasons.index:
            status = reasons.loc[row["figure_id"], "status"]
            reason = reasons.loc[row["figure_id"], "reason"]
        else:
            status, reason = EXCLUDED, "labelled CBEC imports, not the total"
        used = status == CHOSEN
        rows.append({
            "series": source_label(row["source"]), "kind": "reported",
            "figure_id": row["figure_id"], "year": int(row["year"]),
            "period": row["period"], "value": float(row["value"]) * PLOT_FACTORS[row["unit"]],
            "printed": f"{row['value']:g} {row['unit']}", "locator": row["locator"],
            "use": USED if used else NOT_USED,
            "decision": "chosen" if used else f"{status}: {reason}",
        })
    for _, row in result.series.iterrows():
        rows.append({
            "series": RECONCILED, "kind": "derived", "figure_id": row["figure_id"],
            "year": int(row["year"]), "period": str(int(row["year"])),
            "value": float(row["value"]), "printed": f"{row['value']:g} {row['unit']}",
            "locator": f"from {row['figure_id']}", "use": USED,
            "decision": "reconciled value (selection by the rule)",
        })
    return pd.DataFrame.from_records(rows)


def scale_source(frame: pd.DataFrame, points: pd.DataFrame) -> str:
    """Source line of the scale chart: the printed rows it draws, the rule and the stages."""
    return figures.source_line(
        _rows_of(frame, points["figure_id"]),
        extra="Reconciled line derived in code by the rule stated in the text; "
              "stages from Zhao (2021) §2.1 A")


def stage_bands(stages: pd.DataFrame, first_year: int, last_year: int,
                scheme: str = "china_cbec_zhao2021") -> pd.DataFrame:
    """Bands (half-year padded, clipped to ``first_year``–``last_year``) of one staging."""
    rows = stages[stages["scheme"] == scheme].sort_values("stage", kind="stable")
    if rows.empty:
        raise KeyError(f"no stages for scheme {scheme!r}")
    bands = []
    for _, row in rows.iterrows():
        start = max(float(row["start_year"]) - 0.5, first_year - 0.5)
        end = last_year + 0.5 if pd.isna(row["end_year"]) else float(row["end_year"]) + 0.5
        bands.append({"stage": int(row["stage"]), "name": row["name"], "start": start,
                      "end": min(end, last_year + 0.5), "open_ended": pd.isna(row["end_year"]),
                      "label": f"Stage {int(row['stage'])}"})
    return pd.DataFrame.from_records(bands)


# ---- growth ------------------------------------------------------------------------------

def growth_points(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """Printed annual growth rates, Zhao's printed average, and growth derived in code.

    Columns: ``series``, ``kind`` (reported/derived), ``mark`` (``point`` for one year,
    ``span`` for an average over several years), ``year`` and ``year_end``, ``growth_pct``,
    ``figure_id`` and ``locator``. Half-year and import growth rates are left out.
    """
    rows = []
    printed = frame[(frame["metric"] == GROWTH_METRIC) & (frame["geography"] == "China")]
    for _, row in printed.iterrows():
        if pd.isna(row["year"]) or row["period"] != str(int(row["year"])):
            continue
        rows.append({"series": source_label(row["source"]), "kind": "reported",
                     "mark": "point", "year": int(row["year"]), "year_end": int(row["year"]),
                     "growth_pct": float(row["value"]), "figure_id": row["figure_id"],
                     "locator": row["locator"]})
    for _, row in frame[frame["metric"] == AVERAGE_GROWTH_METRIC].iterrows():
        start, end = (int(part) for part in str(row["period"]).split("-"))
        rows.append({"series": source_label(row["source"]), "kind": "reported",
                     "mark": "span", "year": start, "year_end": end,
                     "growth_pct": float(row["value"]), "figure_id": row["figure_id"],
                     "locator": row["locator"]})
    steps = growth_steps(result.values())
    ids = dict(zip(result.series["year"].astype(int), result.series["figure_id"], strict=True))
    for step in steps.itertuples():
        rows.append({"series": DERIVED_GROWTH, "kind": "derived",
                     "mark": "point" if step.consecutive else "span",
                     "year": int(step.to_year) if step.consecutive else int(step.from_year),
                     "year_end": int(step.to_year), "growth_pct": float(step.growth_pct),
                     "figure_id": f"derived from {ids[step.from_year]}, {ids[step.to_year]}",
                     "locator": "growth over the gap, annualised" if not step.consecutive
                     else "year-on-year growth"})
    return pd.DataFrame.from_records(rows)


def growth_source(frame: pd.DataFrame, rates: pd.DataFrame) -> str:
    """Source line of the growth chart."""
    return figures.source_line(
        _rows_of(frame, rates["figure_id"]),
        extra="Diamonds and dashed segments derived in code from the reconciled series")


def consistency_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Each printed level with its printed growth rate, and the previous level they imply.

    For every source and period that prints both a CBEC level (total or 'imports') and its
    growth, the implied level one period earlier (``level / (1 + growth)``, derived) is set
    beside the level printed for that earlier period, if any (same source first). The gap is
    ``implied / printed - 1`` in percent (derived), rounded to two decimals.
    """
    china = frame[frame["geography"] == "China"]
    levels = china[china["metric"].isin([SCALE_METRIC, IMPORT_METRIC])]
    growth_for = {SCALE_METRIC: GROWTH_METRIC, IMPORT_METRIC: "cbec_import_growth"}
    rows = []
    for _, level in levels.iterrows():
        rates = china[(china["metric"] == growth_for[level["metric"]])
                      & (china["source"] == level["source"])
                      & (china["period"] == level["period"])]
        if rates.empty:
            continue
        rate = rates.iloc[0]
        period = str(level["period"])
        previous = str(int(period[:4]) - 1) + period[4:]
        implied = implied_previous_level(level["value"], rate["value"])
        earlier = levels[(levels["metric"] == SCALE_METRIC) & (levels["period"] == previous)]
        earlier = earlier.assign(_own=earlier["source"] != level["source"]).sort_values(
            ["_own", "figure_id"], kind="stable")
        compare = earlier.iloc[0] if not earlier.empty else None
        label = "imports" if level["metric"] == IMPORT_METRIC else "total"
        rows.append({
            "period": period, "source": source_label(level["source"]),
            "printed level": f"{level['value']:g} {level['unit']} ({label})",
            "printed growth, %": float(rate["value"]),
            "implied level a period earlier (derived)": implied,
            "printed level a period earlier": "—" if compare is None else
            f"{compare['value']:g} {compare['unit']} ({source_label(compare['source'])})",
            "gap, % (derived)": None if compare is None else
            round((implied / float(compare["value"]) - 1) * 100, 2) + 0.0,
            "level figure": level["figure_id"],
        })
    table = pd.DataFrame.from_records(rows)
    return table.sort_values(["period", "level figure"], kind="stable").reset_index(drop=True)


def conflicts_table(conflicts: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The printed figures of each group of ``conflicts`` (the registry
    ``china_cbec_conflicts``) side by side: issue, figure, citation, period, value with its
    unit, and the words as printed."""
    table = registries.conflicts_table(
        conflicts, frame, columns=("figure_id", "source", "locator", "period", "value", "unit",
                                   "printed"))
    table = table.assign(
        source=[f"{s}, {loc}" for s, loc in zip(table["source"], table["locator"], strict=True)],
        printed_value=[f"{v:g} {u}" for v, u in zip(table["value"], table["unit"], strict=True)],
        topic=[str(t) for t in table["topic"]])
    return display_frame(table, {"topic": "issue", "figure_id": "figure id",
                                 "source": "source", "period": "period",
                                 "printed_value": "value as printed", "printed": "printed"})


# ---- CBEC and foreign trade ---------------------------------------------------------------

def penetration_table(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """CBEC relative to China's import-export value: Gu's printed shares and a derived 2018
    ratio, with the import-export totals each share implies (derived)."""
    rows = []
    pairs = {"gu-cbec-2014-share": "gu-cbec-2014-value",
             "gu-cbec-2015h1-share": "gu-cbec-2015h1-value"}
    for share_id, level_id in pairs.items():
        share, level = figures.figure(frame, share_id), figures.figure(frame, level_id)
        rows.append({
            "period": share["period"], "CBEC value (trillion yuan)": float(level["value"]),
            "CBEC share of import-export, %": float(share["value"]), "share is": "printed",
            "import-export value (trillion yuan)": float(level["value"]) / share["value"] * 100,
            "import-export value is": "derived (implied by the share)",
            "figures": f"{level_id}, {share_id}",
        })
    trade = figures.figure(frame, "zhao-foreign-trade-2018-rmb")
    cbec_2018 = result.series.set_index("year").loc[2018]
    rows.append({
        "period": "2018", "CBEC value (trillion yuan)": float(cbec_2018["value"]),
        "CBEC share of import-export, %": float(cbec_2018["value"]) / trade["value"] * 100,
        "share is": "derived (ratio)",
        "import-export value (trillion yuan)": float(trade["value"]),
        "import-export value is": "printed (goods trade)",
        "figures": f"{cbec_2018['figure_id']}, {trade['figure_id']}",
    })
    return pd.DataFrame.from_records(rows)


def investment_share(frame: pd.DataFrame) -> float:
    """CBEC's share (percent, derived) of all e-commerce investment and financing in 2019."""
    return (figures.value(frame, "zhao-cbec-investment-2019")
            / figures.value(frame, "zhao-ecommerce-investment-2019") * 100)


def service_share_check(frame: pd.DataFrame) -> float:
    """Services' share (percent, derived) of goods plus services trade in 2018, recomputed
    from Zhao's two levels on the assumption that the 5.24 trillion is in yuan."""
    services = figures.value(frame, "zhao-service-trade-2018-value")
    goods = figures.value(frame, "zhao-foreign-trade-2018-rmb")
    return services / (services + goods) * 100


# ---- comprehensive pilot zones ----------------------------------------------------------

def pilot_zone_counts(batches: pd.DataFrame) -> pd.DataFrame:
    """Batches of comprehensive pilot zones with the cumulative number of cities (derived)."""
    table = batches.sort_values("batch", kind="stable")
    table = table[["batch", "approval_month", "cities"]].copy()
    table["cumulative cities (derived)"] = table["cities"].cumsum().astype("Int64")
    table["batch"] = table["batch"].astype("Int64")
    return table.reset_index(drop=True)


def batch_reaching(counts: pd.DataFrame, printed: float) -> pd.Series | None:
    """The first batch whose cumulative count equals ``printed``; ``None`` if none does.
    ``printed`` is a count read as a float: it is rounded to the nearest whole number (a
    last-bit difference must not turn 59 into 58) and refused if it is not whole."""
    whole = round(printed)
    if abs(printed - whole) > 1e-9 * max(1.0, abs(printed)):
        raise ValueError(f"the printed count {printed!r} is not a whole number")
    match = counts[counts["cumulative cities (derived)"] == whole]
    return None if match.empty else match.iloc[0]


def pilot_zone_bars(counts: pd.DataFrame) -> pd.DataFrame:
    """One bar per batch: its label (batch and approval month) and the cumulative count."""
    return counts.assign(
        batch_label=counts["batch"].astype(str) + " (" + counts["approval_month"] + ")",
        cumulative=counts["cumulative cities (derived)"].astype(int),
        series="Cumulative cities, by batch (derived)")


def pilot_zone_printed(frame: pd.DataFrame,
                       ids: tuple[str, ...] = PILOT_ZONE_COUNTS) -> pd.DataFrame:
    """The printed (undated) counts of pilot zones, one row each, for the reference lines."""
    return pd.DataFrame([{"series": f"{source_label(r['source'])}: printed count",
                          "value": float(r["value"]), "figure_id": r["figure_id"],
                          "locator": r["locator"]}
                         for r in (figures.figure(frame, i) for i in ids)])


def pilot_zone_source(frame: pd.DataFrame, ids: tuple[str, ...] = PILOT_ZONE_COUNTS) -> str:
    """Source line of the pilot-zone chart."""
    return figures.source_line(
        _rows_of(frame, ids), extra="Batch sizes from table cbec_pilot_batches; cumulative "
                                    "counts derived in code")


# ---- China's trade in 2018 --------------------------------------------------------------

def trade_structure_2018(frame: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Printed shares of China's 2018 trade, grouped, with lower bounds flagged, in the
    order of ``shares`` (the registry ``china_cbec_trade_2018``)."""
    rows = []
    for order, spec in enumerate(shares.itertuples(index=False)):
        figure_id = str(spec.figure_ids)
        row = figures.figure(frame, figure_id)
        if row["unit"] != "percent":
            raise ValueError(f"{figure_id} is not a percentage share")
        value = float(row["value"])
        qualifier = ">" if spec.precision == "lower bound" else ""
        rows.append({"order": order, "group": str(spec.group), "label": str(spec.label),
                     "share": value, "precision": str(spec.precision),
                     "text": f"{qualifier} {value:g}".strip(), "figure_id": figure_id,
                     "printed": row["printed"], "locator": row["locator"]})
    return pd.DataFrame.from_records(rows)


def trade_structure_source(frame: pd.DataFrame, rows: pd.DataFrame) -> str:
    """Source line of the trade-structure chart."""
    return figures.source_line(_rows_of(frame, rows["figure_id"]))


def ownership_ids(shares: pd.DataFrame) -> tuple[str, ...]:
    """The ownership shares the chapter adds up (``ownership_total`` in the registry)."""
    return tuple(str(i) for i in shares.loc[shares["ownership_total"], "figure_ids"])


def ownership_total(frame: pd.DataFrame, ids: Sequence[str]) -> float:
    """Sum (percent, derived) of the ownership shares ``ids`` of 2018 trade."""
    return sum(figures.value(frame, i) for i in ids)


# ---- obstacles ----------------------------------------------------------------------------

def problems_matrix(problems: pd.DataFrame) -> pd.DataFrame:
    """The source-by-obstacle coding with readable labels, ordered for the heatmap."""
    table = problems.copy()
    table["source_label"] = table["source"].map(source_label)
    table["obstacle_label"] = table["obstacle"].map(OBSTACLE_LABELS)
    if table["obstacle_label"].isna().any():
        unknown = sorted(set(table.loc[table["obstacle_label"].isna(), "obstacle"]))
        raise KeyError(f"obstacles without a label: {unknown}")
    table["status"] = table["raised"].map({True: "raised", False: "not raised"})
    table["mark"] = table["raised"].map({True: "✓", False: "–"})
    table["evidence"] = table["evidence"].fillna("")
    table["note"] = table["note"].fillna("")
    order = {key: i for i, key in enumerate(SOURCE_ORDER)}
    table = table.assign(_s=table["source"].map(order),
                         _o=table["obstacle"].map(list(OBSTACLE_LABELS).index))
    table = table.sort_values(["_s", "_o"], kind="stable")
    return table.drop(columns=["_s", "_o"]).reset_index(drop=True)


def obstacle_counts(problems: pd.DataFrame) -> pd.Series:
    """Number of sources raising each obstacle (derived), in the order of the heatmap."""
    counts = problems.groupby("obstacle")["raised"].sum().astype(int)
    return counts.reindex(list(OBSTACLE_LABELS)).rename("sources raising it")


def obstacles_raised_by_all(problems: pd.DataFrame) -> list[str]:
    """Labels of the obstacles every source raises."""
    counts = obstacle_counts(problems)
    everyone = problems["source"].nunique()
    return [OBSTACLE_LABELS[k] for k, n in counts.items() if n == everyone]


def problems_locator_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Obstacle-by-source table of where each source raises each obstacle (or that it does not)."""
    cell = matrix.assign(where=matrix["locator"].where(matrix["raised"], "not raised"))
    wide = cell.pivot(index="obstacle_label", columns="source_label", values="where")
    wide = wide.reindex(index=list(OBSTACLE_LABELS.values()),
                        columns=[source_label(s) for s in SOURCE_ORDER])
    return wide.rename_axis(index="obstacle", columns=None).reset_index()


def problems_source(problems: pd.DataFrame) -> str:
    """Source line for the heatmap: the sources coded and where the coding is recorded."""
    keys = [k for k in SOURCE_ORDER if k in set(problems["source"])]
    return ("Source: coded by the book from " + ", ".join(source_label(k) for k in keys)
            + "; the locator of every cell is in table cbec_problems of the data package "
            "and in the table below.")


# ---- business models and stages ---------------------------------------------------------

def models_table(models: pd.DataFrame) -> pd.DataFrame:
    """One row per business model: how it is classified, what it is, who defines it, and the
    example companies each source names.

    The description is Zhao's where Zhao defines the model (Zhao writes about CBEC
    specifically), otherwise Gu's, otherwise Xu's.
    """
    preference = {"zhao2021": 0, "gu2018": 1, "xu_nd": 2}
    rows = []
    keys = models[["classification", "model"]].drop_duplicates()
    for _, key in keys.iterrows():
        group = models[(models["classification"] == key["classification"])
                       & (models["model"] == key["model"])]
        group = group.assign(_p=group["source"].map(preference)).sort_values("_p", kind="stable")
        examples = [f"{source_label(r['source'])}: {r['examples'].replace(';', ',')}"
                    for _, r in group.iterrows() if pd.notna(r["examples"])]
        rows.append({
            "classified by": CLASSIFICATION_LABELS[key["classification"]],
            "model": key["model"],
            "what it is": group.iloc[0]["description"],
            "defined in": " | ".join(f"{source_label(r['source'])} {r['locator']}"
                                    for _, r in group.iterrows()),
            "example companies named": " | ".join(examples) if examples else "—",
        })
    table = pd.DataFrame.from_records(rows)
    order = {k: i for i, k in enumerate(CLASSIFICATION_LABELS.values())}
    return table.sort_values("classified by", key=lambda s: s.map(order),
                             kind="stable").reset_index(drop=True)


def stages_table(stages: pd.DataFrame, scheme: str = "china_cbec_zhao2021") -> pd.DataFrame:
    """The stages of one staging scheme with their dates, hallmarks and locator."""
    rows = stages[stages["scheme"] == scheme].sort_values("stage", kind="stable")
    if rows.empty:
        raise KeyError(f"no stages for scheme {scheme!r}")

    def years(row: pd.Series) -> str:
        start = "?" if pd.isna(row["start_year"]) else str(int(row["start_year"]))
        end = "open-ended" if pd.isna(row["end_year"]) else str(int(row["end_year"]))
        return f"{start}–{end}"

    return pd.DataFrame({
        "stage": rows["stage"].astype(int).to_numpy(),
        "name": rows["name"].to_numpy(),
        "years": [years(r) for _, r in rows.iterrows()],
        "hallmarks": rows["hallmarks"].to_numpy(),
        "where": [f"{source_label(s)} {loc}" for s, loc in zip(rows["source"], rows["locator"],
                                                               strict=True)],
    })
