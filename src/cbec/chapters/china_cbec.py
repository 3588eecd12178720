"""China's cross-border e-commerce boom: scale, growth, structure, models, stages, obstacles.

Helpers of the chapter ``chapters/china_cbec``. They shape the transcribed tables
``china_cbec_figures``, ``cbec_problems``, ``cbec_business_models`` and
``cbec_development_stages`` (plus the reference table ``cbec_pilot_batches``), compute every
derived number the chapter shows, and build its altair charts. The reconciliation of the
several printed values of China's CBEC transaction scale uses :data:`SCALE_RULE` with
:func:`cbec.stats.growth.reconcile`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cbec.charts import KIND_SHAPES, PALETTE, with_source
from cbec.data import figures
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
SERIES_COLOURS: dict[str, str] = {
    figures.SOURCE_LABELS["xu_nd"]: PALETTE[0],
    figures.SOURCE_LABELS["zhao2021"]: PALETTE[1],
    figures.SOURCE_LABELS["gu2018"]: PALETTE[2],
    RECONCILED: PALETTE[7],
    DERIVED_GROWTH: PALETTE[7],
}
# Shapes telling the sources apart without colour; the diamond stays reserved for derived
# values, as in charts.KIND_SHAPES.
SERIES_SHAPES: dict[str, str] = {
    figures.SOURCE_LABELS["xu_nd"]: "circle",
    figures.SOURCE_LABELS["zhao2021"]: "square",
    figures.SOURCE_LABELS["gu2018"]: "triangle-right",
    RECONCILED: KIND_SHAPES["derived"],
    DERIVED_GROWTH: KIND_SHAPES["derived"],
}
# Factors used only to *draw* raw points on the trillion-yuan axis. 'trillion' (currency not
# printed) is drawn at face value as a hollow point and never enters the reconciled series.
PLOT_FACTORS: dict[str, float] = {"trillion yuan": 1.0, "billion yuan": 0.001, "trillion": 1.0}
USED, NOT_USED = "used in the reconciled series", "not used (drawn hollow)"

OBSTACLE_LABELS: dict[str, str] = {
    "logistics": "Logistics",
    "payment_security": "Payment security",
    "credit_ip": "Credit and IP",
    "talent": "Talent",
    "regional_imbalance": "Regional imbalance",
    "policy_customs": "Policy and customs",
}

#: Groups of printed figures that disagree, are garbled or need care, shown side by side.
CONFLICTS: dict[str, tuple[str, ...]] = {
    "2016 scale: 6 trillion (total) vs 6.5 trillion yuan ('imports')":
        ("gu-cbec-2016-value", "gu-cbec-2016-import-value"),
    "2015 and 2016 scale printed without a currency":
        ("gu-cbec-2015-value", "gu-cbec-2016-value"),
    "2018 scale: two sources agree": ("xu-cbec-2018-value", "zhao-cbec-2018-value"),
    "'$' printed where yuan is meant": ("gu-ecommerce-2016-value", "gu-double11-2016-value"),
    "Comprehensive pilot zones counted at different dates":
        ("zhao-pilot-zones", "xu-pilot-zones"),
    "Private firms' share of 2018 trade": ("zhao-private-share-2018-a",
                                           "zhao-private-share-2018-b"),
}

#: Printed shares of China's 2018 trade drawn in the trade-structure chart:
#: figure id -> (group, label, qualifier printed with the number).
TRADE_2018: dict[str, tuple[str, str, str]] = {
    "zhao-foreign-funded-share-2018": ("Ownership", "Ownership: foreign-funded", ""),
    "zhao-private-share-2018-b": ("Ownership", "Ownership: private (§2.2.3 B)", ""),
    "zhao-private-share-2018-a": ("Ownership", "Ownership: private (§2.2.1)", ">"),
    "zhao-soe-share-2018": ("Ownership", "Ownership: state-owned", ""),
    "zhao-electromech-export-share-2018": ("Exports", "Exports: electromechanical", ""),
    "zhao-hightech-export-share-2018": ("Exports", "Exports: high-tech", ">"),
    "zhao-labour-export-share-2018": ("Exports", "Exports: labour-intensive", ""),
    "zhao-service-trade-2018-share": ("Other", "Other: services in trade", ""),
    "zhao-top4-partners-share-2018": ("Other", "Other: top four partners", ""),
    "zhao-goods-trade-world-share-2018": ("Other", "Other: China in world goods", ""),
}
OWNERSHIP_SHARES: tuple[str, ...] = ("zhao-foreign-funded-share-2018",
                                     "zhao-private-share-2018-b", "zhao-soe-share-2018")




def source_label(key: str) -> str:
    """Short citation label of a bibtex key (``"gu2018"`` -> ``"Gu (2018)"``)."""
    return figures.SOURCE_LABELS.get(key, key)


# ---- scale and its reconciliation -------------------------------------------------------

def scale_reconciliation(frame: pd.DataFrame,
                         rule: ReconciliationRule = SCALE_RULE) -> Reconciliation:
    """Reconcile the printed CBEC transaction values (one per year) by ``rule``."""
    return reconcile(frame, SCALE_METRIC, rule, geography="China")


def decisions_table(result: Reconciliation) -> pd.DataFrame:
    """Every candidate value of the scale with what the rule did with it, for display."""
    table = result.decisions
    return pd.DataFrame({
        "period": table["period"].astype(str),
        "source": table["source"].map(source_label),
        "figure id": table["figure_id"],
        "printed value": table["value"],
        "printed unit": table["unit"],
        f"value in {result.rule.target_unit}": table["value_converted"],
        "decision": table["status"],
        "why": table["reason"],
    })


def scale_points(frame: pd.DataFrame, result: Reconciliation) -> pd.DataFrame:
    """Raw printed scale values plus the reconciled series, ready for :func:`scale_chart`.

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


def stage_bands(stages: pd.DataFrame, first_year: int, last_year: int,
                scheme: str = "china_cbec_zhao2021") -> pd.DataFrame:
    """Bands (half-year padded, clipped to ``first_year``–``last_year``) of one staging."""
    rows = stages[stages["scheme"] == scheme].sort_values("stage")
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


def _year_scale(first: int, last: int) -> alt.Scale:
    return alt.Scale(domain=[first - 0.5, last + 0.5], nice=False)


def _year_axis(first: int, last: int) -> alt.X:
    return alt.X("year:Q", title=None, scale=_year_scale(first, last),
                 axis=alt.Axis(format="d", values=list(range(2000, last + 1, 5))))


def scale_chart(points: pd.DataFrame, bands: pd.DataFrame, source: str) -> alt.LayerChart:
    """Log-scale chart of printed CBEC scale values by source, with the reconciled line."""
    first, last = 2000, int(points["year"].max())
    series_domain = [s for s in SERIES_SHAPES if s in set(points["series"])
                     and s != DERIVED_GROWTH]
    colour = alt.Color("series:N", title="Series", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=series_domain,
                                       range=[SERIES_COLOURS[s] for s in series_domain]))
    shape = alt.Shape("series:N", title="Series", legend=alt.Legend(columns=1),
                      scale=alt.Scale(domain=series_domain,
                                      range=[SERIES_SHAPES[s] for s in series_domain]))
    x = _year_axis(first, last)
    y = alt.Y("value:Q", title="Trillion yuan (log scale)",
              scale=alt.Scale(type="log", domain=[0.05, 20], nice=False))
    base = alt.Chart(points)
    # odd-numbered stages are shaded; a filter rather than a conditional opacity keeps the
    # fillOpacity legend of the points intact
    band_layer = alt.Chart(bands).transform_filter("datum.stage % 2 == 1").mark_rect(
        color="#000000", opacity=0.06).encode(
        x=alt.X("start:Q", scale=_year_scale(first, last)), x2="end:Q",
        tooltip=[alt.Tooltip("label:N", title="Stage"), alt.Tooltip("name:N", title="Name")],
    )
    band_text = alt.Chart(bands).mark_text(align="left", baseline="top", dx=3, fontSize=10,
                                           color="#4d4d4d").encode(
        x=alt.X("start:Q", scale=_year_scale(first, last)), y=alt.value(4), text="label:N")
    line = base.transform_filter(alt.datum.series == RECONCILED).mark_line(
        strokeDash=[6, 3], strokeWidth=1.5).encode(x=x, y=y, color=colour)
    tooltip = [alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("period:N", title="Period"),
               alt.Tooltip("printed:N", title="Value"),
               alt.Tooltip("figure_id:N", title="Figure"),
               alt.Tooltip("locator:N", title="Locator"),
               alt.Tooltip("decision:N", title="Rule")]
    derived = base.transform_filter(alt.datum.series == RECONCILED).mark_point(
        size=190, filled=False, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    marks = base.transform_filter(alt.datum.series != RECONCILED).mark_point(
        size=80, filled=True, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, stroke=colour,
        # unused values are hollow (fill opacity 0) and faded; vega-lite draws no legend for a
        # nominal fillOpacity, so the legend comes from the opacity channel
        fillOpacity=alt.condition(alt.datum.use == USED, alt.value(1.0), alt.value(0.0)),
        opacity=alt.Opacity("use:N", title="Printed value",
                            scale=alt.Scale(domain=[USED, NOT_USED], range=[1.0, 0.6]),
                            legend=alt.Legend(symbolType="circle", orient="top",
                                              direction="vertical", columns=1)),
        tooltip=tooltip)
    chart = alt.layer(band_layer, band_text, line, derived, marks).properties(
        width="container", height=340).resolve_scale(x="shared")
    reconciled = points[points["series"] == RECONCILED].sort_values("year")
    unused = points[(points["series"] != RECONCILED) & (points["use"] == NOT_USED)]
    description = (
        "Log-scale chart of China's cross-border e-commerce transaction value by year. "
        "Reconciled series (trillion yuan): "
        + "; ".join(f"{r.year} {r.value:g}" for r in reconciled.itertuples())
        + ". Printed values drawn hollow because the rule does not use them: "
        + "; ".join(f"{r.series} {r.period} {r.printed}" for r in unused.itertuples())
        + ". Shaded bands mark Zhao's three development stages.")
    return with_source(chart, source, description)


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


def growth_chart(points: pd.DataFrame, source: str) -> alt.LayerChart:
    """Printed and derived CBEC growth rates: points for one year, segments for spans."""
    first, last = 2000, int(points["year_end"].max())
    domain = [s for s in SERIES_COLOURS if s in set(points["series"])]
    colour = alt.Color("series:N", title="Series", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[s] for s in domain]))
    x = _year_axis(first, last)
    y = alt.Y("growth_pct:Q", title="Growth, % per year", scale=alt.Scale(domain=[0, 45]))
    tooltip = [alt.Tooltip("series:N", title="Series"), alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("year:Q", title="From", format="d"),
               alt.Tooltip("year_end:Q", title="To", format="d"),
               alt.Tooltip("growth_pct:Q", title="Growth, %", format=".2f"),
               alt.Tooltip("figure_id:N", title="Figure"),
               alt.Tooltip("locator:N", title="Locator")]
    base = alt.Chart(points)
    # the dash gets its own domain: vega-lite merges the legends of channels whose scales
    # share a domain, and switching the dash legend off would then hide the shape legend too
    spans = base.transform_filter(alt.datum.mark == "span").transform_calculate(
        dash="datum.kind + ' span'").mark_rule(strokeWidth=2.5).encode(
        x=x, x2="year_end:Q", y=y, color=colour,
        strokeDash=alt.StrokeDash("dash:N", legend=None,
                                  scale=alt.Scale(domain=["reported span", "derived span"],
                                                  range=[[1, 0], [6, 3]])),
        tooltip=tooltip)
    # shape repeats the series (so colour is never the only cue); the diamond of the derived
    # series is the book's mark for derived values
    shape = alt.Shape("series:N", title="Series", legend=alt.Legend(columns=1),
                      scale=alt.Scale(domain=domain, range=[SERIES_SHAPES[s] for s in domain]))
    dots = base.transform_filter(
        (alt.datum.mark == "point") & (alt.datum.kind == "reported")).mark_point(
        size=70, filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    # derived points are drawn larger and hollow so a printed value underneath stays visible
    hollow = base.transform_filter(
        (alt.datum.mark == "point") & (alt.datum.kind == "derived")).mark_point(
        size=160, filled=False, strokeWidth=1.5).encode(
        x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    chart = alt.layer(spans, dots, hollow).properties(width="container", height=300)
    reported = points[points["kind"] == "reported"]
    derived = points[points["kind"] == "derived"]
    description = (
        "Growth rates of China's cross-border e-commerce transaction value, percent per year. "
        "Printed: " + "; ".join(
            f"{r.series} {r.year}{'' if r.year == r.year_end else f'-{r.year_end}'} "
            f"{r.growth_pct:g}%" for r in reported.itertuples())
        + ". Derived from the reconciled series: " + "; ".join(
            f"{r.year}{'' if r.year == r.year_end else f'-{r.year_end}'} "
            f"{r.growth_pct:.1f}%" for r in derived.itertuples()) + ".")
    return with_source(chart, source, description)


def consistency_checks(frame: pd.DataFrame) -> pd.DataFrame:
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
            ["_own", "figure_id"])
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
    return table.sort_values(["period", "level figure"]).reset_index(drop=True)


def conflicts_table(frame: pd.DataFrame, groups: dict[str, tuple[str, ...]] = CONFLICTS
                    ) -> pd.DataFrame:
    """The printed figures of each conflict group side by side (value, unit, where, what)."""
    rows = []
    for issue, ids in groups.items():
        for figure_id in ids:
            row = figures.figure(frame, figure_id)
            rows.append({"issue": issue, "figure id": figure_id,
                         "source": figures.cite(row), "period": row["period"],
                         "value as printed": f"{row['value']:g} {row['unit']}",
                         "printed": row["printed"]})
    return pd.DataFrame.from_records(rows)


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


def pilot_zone_counts(batches: pd.DataFrame) -> pd.DataFrame:
    """Batches of comprehensive pilot zones with the cumulative number of cities (derived)."""
    table = batches.sort_values("batch")[["batch", "approval_month", "cities"]].copy()
    table["cumulative cities (derived)"] = table["cities"].cumsum().astype("Int64")
    table["batch"] = table["batch"].astype("Int64")
    return table.reset_index(drop=True)


def batch_reaching(counts: pd.DataFrame, printed: float) -> pd.Series | None:
    """The first batch whose cumulative count equals ``printed``; ``None`` if none does."""
    match = counts[counts["cumulative cities (derived)"] == int(printed)]
    return None if match.empty else match.iloc[0]


def pilot_zone_chart(counts: pd.DataFrame, frame: pd.DataFrame,
                     ids: tuple[str, ...] = ("zhao-pilot-zones", "xu-pilot-zones"),
                     source: str = "") -> alt.LayerChart:
    """Cumulative pilot-zone cities by batch (derived bars) against the printed counts."""
    bars = counts.assign(
        batch_label=counts["batch"].astype(str) + " (" + counts["approval_month"] + ")",
        cumulative=counts["cumulative cities (derived)"].astype(int),
        series="Cumulative cities, by batch (derived)")
    printed = pd.DataFrame([{"series": f"{source_label(r['source'])}: printed count",
                             "value": float(r["value"]), "figure_id": r["figure_id"],
                             "locator": r["locator"]}
                            for r in (figures.figure(frame, i) for i in ids)])
    domain = list(bars["series"].unique()) + list(printed["series"])
    colour = alt.Color("series:N", title=None,
                       scale=alt.Scale(domain=domain,
                                       range=["#999999", PALETTE[1], PALETTE[0]]),
                       legend=alt.Legend(columns=1))
    order = list(bars["batch_label"])
    y_scale = alt.Scale(domain=[0, 180])
    y = alt.Y("cumulative:Q", title="Cities (comprehensive pilot zones)", scale=y_scale)
    bar = alt.Chart(bars).mark_bar().encode(
        x=alt.X("batch_label:N", title="Batch (approval month)", sort=order,
                axis=alt.Axis(labelAngle=-40)),
        y=y, color=colour,
        tooltip=[alt.Tooltip("batch_label:N", title="Batch"),
                 alt.Tooltip("cities:Q", title="Cities in batch"),
                 alt.Tooltip("cumulative:Q", title="Cumulative (derived)")])
    labels = alt.Chart(bars).mark_text(dy=-7, fontSize=11).encode(
        x=alt.X("batch_label:N", sort=order), y=y, text="cumulative:Q")
    rules = alt.Chart(printed).mark_rule(strokeDash=[6, 3], strokeWidth=2).encode(
        y=alt.Y("value:Q", scale=y_scale), color=colour,
        tooltip=[alt.Tooltip("series:N", title="Count"), alt.Tooltip("value:Q", title="Zones"),
                 alt.Tooltip("figure_id:N", title="Figure"),
                 alt.Tooltip("locator:N", title="Locator")])
    rule_text = alt.Chart(printed).mark_text(align="left", baseline="top", dx=4, dy=4,
                                             fontSize=11).encode(
        x=alt.value(0), y=alt.Y("value:Q", scale=y_scale),
        text=alt.Text("series:N"))
    chart = alt.layer(bar, labels, rules, rule_text).properties(width="container", height=280)
    description = (
        "Bars: cumulative number of cross-border e-commerce comprehensive pilot-zone cities "
        "after each batch (derived): " + "; ".join(
            f"batch {r.batch_label} {r.cumulative}" for r in bars.itertuples())
        + ". Dashed lines: counts printed without a date: " + "; ".join(
            f"{r.series.split(':')[0]} {r.value:g}" for r in printed.itertuples()) + ".")
    return with_source(chart, source, description)


# ---- China's trade in 2018 --------------------------------------------------------------

def trade_structure_2018(frame: pd.DataFrame,
                         spec: dict[str, tuple[str, str, str]] = TRADE_2018) -> pd.DataFrame:
    """Printed shares of China's 2018 trade, grouped, with lower bounds flagged."""
    rows = []
    for order, (figure_id, (group, label, qualifier)) in enumerate(spec.items()):
        row = figures.figure(frame, figure_id)
        if row["unit"] != "percent":
            raise ValueError(f"{figure_id} is not a percentage share")
        value = float(row["value"])
        rows.append({"order": order, "group": group, "label": label, "share": value,
                     "precision": "lower bound" if qualifier == ">" else "as printed",
                     "text": f"{qualifier} {value:g}".strip(), "figure_id": figure_id,
                     "printed": row["printed"], "locator": row["locator"]})
    return pd.DataFrame.from_records(rows)


def ownership_total(frame: pd.DataFrame, ids: tuple[str, ...] = OWNERSHIP_SHARES) -> float:
    """Sum (percent, derived) of the three ownership shares of 2018 trade in Zhao §2.2.1/§2.2.3."""
    return sum(figures.value(frame, i) for i in ids)


def trade_structure_chart(rows: pd.DataFrame, source: str) -> alt.LayerChart:
    """Horizontal bars of China's 2018 trade shares; lower bounds hollow with dashed outline."""
    groups = list(dict.fromkeys(rows["group"]))
    colour = alt.Color("group:N", title="Share of", legend=alt.Legend(columns=1),
                       scale=alt.Scale(domain=groups, range=list(PALETTE[3:3 + len(groups)])))
    order = list(rows["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("share:Q", title="Share, %", scale=alt.Scale(domain=[0, 100]))
    tooltip = [alt.Tooltip("group:N", title="Group"), alt.Tooltip("label:N", title="Item"),
               alt.Tooltip("text:N", title="Share, %"),
               alt.Tooltip("precision:N", title="Precision"),
               alt.Tooltip("printed:N", title="Printed"),
               alt.Tooltip("locator:N", title="Locator")]
    bars = alt.Chart(rows).mark_bar(strokeWidth=1.5).encode(
        x=x, y=y, color=colour, stroke=colour,
        fillOpacity=alt.FillOpacity("precision:N", legend=None,
                                    scale=alt.Scale(domain=["as printed", "lower bound"],
                                                    range=[1.0, 0.15])),
        strokeDash=alt.StrokeDash("precision:N", legend=None,
                                  scale=alt.Scale(domain=["as printed", "lower bound"],
                                                  range=[[1, 0], [4, 2]])),
        tooltip=tooltip)
    text = alt.Chart(rows).mark_text(align="left", dx=3, fontSize=11).encode(
        x=x, y=y, text="text:N")
    chart = alt.layer(bars, text).properties(width="container", height=alt.Step(24))
    description = "Shares of China's trade in 2018, percent. " + "; ".join(
        f"{r.label}: {r.text}{' (lower bound)' if r.precision == 'lower bound' else ''}"
        for r in rows.itertuples()) + "."
    return with_source(chart, source, description)


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
    return table.sort_values(["_s", "_o"]).drop(columns=["_s", "_o"]).reset_index(drop=True)


def obstacle_counts(problems: pd.DataFrame) -> pd.Series:
    """Number of sources raising each obstacle (derived), in the order of the heatmap."""
    counts = problems.groupby("obstacle")["raised"].sum().astype(int)
    return counts.reindex(list(OBSTACLE_LABELS)).rename("sources raising it")


def obstacles_raised_by_all(problems: pd.DataFrame) -> list[str]:
    """Labels of the obstacles every source raises."""
    counts = obstacle_counts(problems)
    everyone = problems["source"].nunique()
    return [OBSTACLE_LABELS[k] for k, n in counts.items() if n == everyone]


def problems_chart(matrix: pd.DataFrame, source: str) -> alt.LayerChart:
    """Heatmap of which source raises which obstacle (tick and colour, tooltip locator)."""
    # sources as columns with vertical labels and obstacles as rows: nothing sticks out
    # sideways, so the cells keep a usable width on a phone
    x = alt.X("source_label:N", title=None, sort=[source_label(s) for s in SOURCE_ORDER],
              axis=alt.Axis(labelAngle=-90, orient="top", labelLimit=200))
    y = alt.Y("obstacle_label:N", title=None, sort=list(OBSTACLE_LABELS.values()))
    tooltip = [alt.Tooltip("source_label:N", title="Source"),
               alt.Tooltip("obstacle_label:N", title="Obstacle"),
               alt.Tooltip("status:N", title="Coded"),
               alt.Tooltip("locator:N", title="Locator"),
               alt.Tooltip("evidence:N", title="Evidence"),
               alt.Tooltip("note:N", title="Note")]
    # colour and the glyph in each cell encode the same field, so colour is never the only cue
    cells = alt.Chart(matrix).mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("mark:N", title="Coded as",
                        scale=alt.Scale(domain=["✓", "–"], range=[PALETTE[0], "#e6e6e6"]),
                        legend=alt.Legend(labelExpr="datum.label == '✓' ? '✓ raised' : "
                                                    "'– not raised'")),
        tooltip=tooltip)
    marks = alt.Chart(matrix).mark_text(fontSize=16, fontWeight="bold").encode(
        x=x, y=y, text="mark:N",
        color=alt.condition("datum.raised", alt.value("#ffffff"), alt.value("#4d4d4d")),
        tooltip=tooltip)
    chart = alt.layer(cells, marks).properties(width="container", height=alt.Step(40))
    lines = []
    for label, rows in matrix.groupby("source_label", sort=False):
        raised = ", ".join(rows.loc[rows["raised"], "obstacle_label"]) or "none"
        lines.append(f"{label} raises: {raised}")
    description = ("Heatmap of six obstacles to cross-border e-commerce (rows) by source "
                   "(columns); a tick marks an obstacle the source raises. "
                   + ". ".join(lines) + ".")
    return with_source(chart, source, description)


def problems_locator_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Obstacle-by-source table of where each source raises each obstacle (or that it does not)."""
    cell = matrix.assign(where=matrix["locator"].where(matrix["raised"], "not raised"))
    wide = cell.pivot(index="obstacle_label", columns="source_label", values="where")
    wide = wide.reindex(index=list(OBSTACLE_LABELS.values()),
                        columns=[source_label(s) for s in SOURCE_ORDER])
    return wide.rename_axis(index="obstacle", columns=None).reset_index()


def problems_source_line(problems: pd.DataFrame) -> str:
    """Source line for the heatmap: the sources coded and where the coding is recorded."""
    keys = [k for k in SOURCE_ORDER if k in set(problems["source"])]
    return ("Source: coded by the book from " + ", ".join(source_label(k) for k in keys)
            + "; the locator of every cell is in table cbec_problems of the data package "
            "and in the table below.")


# ---- business models and stages ---------------------------------------------------------

CLASSIFICATION_LABELS: dict[str, str] = {
    "transaction_parties": "transaction parties",
    "operating_entity": "operating entity",
    "business_scope": "business scope",
}


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
        group = group.assign(_p=group["source"].map(preference)).sort_values("_p")
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
    rows = stages[stages["scheme"] == scheme].sort_values("stage")
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
