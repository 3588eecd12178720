"""Growth arithmetic for yearly series, and the reconciliation of several sources' values.

Growth helpers work on a :class:`pandas.Series` of levels indexed by calendar year (sparse
years allowed) and return rates in **percent**:

* :func:`cagr` / :func:`cagr_between` — compound annual growth rate between two levels;
* :func:`yoy_growth` — year-on-year growth, only where the previous year is present;
* :func:`growth_steps` — growth between successive available years, annualised over gaps;
* :func:`implied_previous_level` — the level a year earlier implied by a level and its growth.

When several sources print a value for the same year, :func:`reconcile` picks one per year
by an explicit :class:`ReconciliationRule` (accepted units and their conversion factors, a
source priority order and the reason for it). It returns the chosen series *and* a decision
for every candidate row, so the choice is never silent; :func:`rule_violations` re-checks a
result against its rule independently.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

CHOSEN = "chosen"
AGREES = "agrees"
OUTRANKED = "outranked"
EXCLUDED = "excluded"
STATUSES: tuple[str, ...] = (CHOSEN, AGREES, OUTRANKED, EXCLUDED)
DECISION_COLUMNS: tuple[str, ...] = (
    "figure_id", "source", "year", "period", "value", "unit", "value_converted", "status",
    "reason",
)
SERIES_COLUMNS: tuple[str, ...] = (
    "year", "value", "unit", "figure_id", "source", "agreeing", "conflicting",
)


def _check_level(value: float, name: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return number


def cagr(start_value: float, end_value: float, years: float) -> float:
    """Compound annual growth rate in percent: ``((end / start) ** (1 / years) - 1) * 100``.

    ``years`` is the number of yearly steps (2018 to 2022 is 4). Levels must be positive.
    """
    start = _check_level(start_value, "start_value")
    end = _check_level(end_value, "end_value")
    span = float(years)
    if not math.isfinite(span) or span <= 0:
        raise ValueError(f"years must be positive, got {years!r}")
    return ((end / start) ** (1.0 / span) - 1.0) * 100.0


def _year_series(series: pd.Series) -> pd.Series:
    """``series`` with an integer year index, sorted, without missing values."""
    if not series.index.is_unique:
        raise ValueError("the series has repeated years; reconcile it first")
    clean = series.dropna().astype(float)
    clean.index = clean.index.astype(int)
    return clean.sort_index(kind="stable")


def cagr_between(series: pd.Series, start_year: int, end_year: int) -> float:
    """CAGR in percent of a year-indexed ``series`` from ``start_year`` to ``end_year``."""
    levels = _year_series(series)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    for year in (start_year, end_year):
        if year not in levels.index:
            raise KeyError(f"no value for {year}; the series has {list(levels.index)}")
    return cagr(levels[start_year], levels[end_year], end_year - start_year)


def yoy_growth(series: pd.Series) -> pd.Series:
    """Year-on-year growth in percent for each year whose previous year is in ``series``.

    Years without a value for the year before are left out (never interpolated).
    """
    levels = _year_series(series)
    rates = {
        year: (levels[year] / levels[year - 1] - 1.0) * 100.0
        for year in levels.index if year - 1 in levels.index
    }
    return pd.Series(rates, dtype="float64", name="growth_pct").rename_axis("year")


def growth_steps(series: pd.Series) -> pd.DataFrame:
    """Growth between each pair of successive available years of ``series``.

    Columns: ``from_year``, ``to_year``, ``years`` (the gap), ``growth_pct`` (annualised:
    the CAGR over the gap, equal to plain growth when the years are consecutive) and
    ``consecutive``.
    """
    levels = _year_series(series)
    years = list(levels.index)
    rows = [
        {"from_year": a, "to_year": b, "years": b - a,
         "growth_pct": cagr(levels[a], levels[b], b - a), "consecutive": b - a == 1}
        for a, b in itertools.pairwise(years)
    ]
    return pd.DataFrame.from_records(
        rows, columns=["from_year", "to_year", "years", "growth_pct", "consecutive"])


def implied_previous_level(level: float, growth_pct: float) -> float:
    """The level one period earlier implied by ``level`` and its growth: ``level / (1 + g)``."""
    current = _check_level(level, "level")
    rate = float(growth_pct)
    if not math.isfinite(rate) or rate <= -100:
        raise ValueError(f"growth_pct must be finite and above -100, got {growth_pct!r}")
    return current / (1.0 + rate / 100.0)


@dataclass(frozen=True)
class ReconciliationRule:
    """Which printed value stands for a year when several sources give one.

    * ``priority`` — source keys, most trusted first; a source not listed is never used.
    * ``unit_factors`` — the accepted printed units and the factor that converts each to
      ``target_unit``; a row in any other unit is excluded (units are never mixed).
    * ``reason`` — why this priority order, shown to the reader next to the result.
    * ``annual_only`` — keep only rows whose period is the calendar year itself (no
      half-years or spans).
    """

    priority: tuple[str, ...]
    unit_factors: Mapping[str, float]
    target_unit: str
    reason: str
    annual_only: bool = True
    tolerance: float = field(default=1e-9)

    def __post_init__(self) -> None:
        if not self.priority:
            raise ValueError("a reconciliation rule needs at least one source in its priority")
        if len(set(self.priority)) != len(self.priority):
            raise ValueError(f"a source appears twice in the priority {self.priority}")
        if not self.unit_factors:
            raise ValueError("a reconciliation rule needs at least one accepted unit")
        for unit, factor in self.unit_factors.items():
            if not (isinstance(factor, int | float) and math.isfinite(factor) and factor > 0):
                raise ValueError(f"conversion factor of {unit!r} must be positive")
        if self.target_unit not in self.unit_factors:
            raise ValueError(f"the target unit {self.target_unit!r} must be an accepted unit")
        if not self.reason.strip():
            raise ValueError("a reconciliation rule must state its reason")

    def rank(self, source: str) -> int:
        """Position of ``source`` in the priority (0 = most trusted); ``ValueError`` if absent."""
        return self.priority.index(source)

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """One-sentence statement of the rule, with source keys replaced by ``labels``."""
        names = [(labels or {}).get(s, s) for s in self.priority]
        units = ", ".join(f"'{u}'" for u in self.unit_factors)
        period = "calendar-year values" if self.annual_only else "values"
        return (f"Keep {period} printed in {units}, converted to {self.target_unit}; "
                f"when several sources give the same year, take {' over '.join(names)}; "
                f"{self.reason.rstrip('.')}.")


@dataclass(frozen=True)
class Reconciliation:
    """Result of :func:`reconcile`: the chosen series and one decision per candidate row."""

    metric: str
    rule: ReconciliationRule
    series: pd.DataFrame
    decisions: pd.DataFrame
    geography: str | None = None

    def values(self) -> pd.Series:
        """The reconciled levels as a float Series indexed by year."""
        return pd.Series(self.series["value"].to_numpy(dtype=float),
                         index=self.series["year"].astype(int).to_numpy(),
                         name=self.metric).rename_axis("year")


def _exclusion(row: pd.Series, rule: ReconciliationRule) -> str | None:
    """Why ``row`` cannot be used under ``rule`` (``None`` when it can)."""
    if pd.isna(row["year"]):
        return "no calendar year printed"
    if rule.annual_only and str(row["period"]) != str(int(row["year"])):
        return f"period {row['period']} is not a calendar year"
    if row["unit"] not in rule.unit_factors:
        return f"unit '{row['unit']}' is not an accepted unit (units are never mixed)"
    if row["source"] not in rule.priority:
        return f"source {row['source']} is not in the priority order"
    return None


def reconcile(frame: pd.DataFrame, metric: str, rule: ReconciliationRule,
              geography: str | None = None) -> Reconciliation:
    """Reconcile the rows of ``metric`` (figures layout) into one value per year by ``rule``.

    For each year the eligible row of the highest-priority source wins. Other eligible rows
    of that year are recorded as ``agrees`` (same converted value) or ``outranked``;
    ineligible rows as ``excluded`` with the reason. Two different values from the *same*
    top source in one year make the rule ambiguous and raise ``ValueError``.
    """
    rows = frame[frame["metric"] == metric]
    if geography is not None:
        rows = rows[rows["geography"] == geography]
    if rows.empty:
        raise KeyError(f"no rows for metric {metric!r}")
    decisions: list[dict[str, object]] = []
    eligible: list[dict[str, object]] = []
    for _, row in rows.iterrows():
        base = {"figure_id": row["figure_id"], "source": row["source"],
                "year": row["year"], "period": row["period"], "value": float(row["value"]),
                "unit": row["unit"]}
        why = _exclusion(row, rule)
        if why is not None:
            decisions.append({**base, "value_converted": np.nan, "status": EXCLUDED,
                              "reason": why})
        else:
            converted = float(row["value"]) * float(rule.unit_factors[row["unit"]])
            eligible.append({**base, "value_converted": converted,
                             "rank": rule.rank(str(row["source"]))})
    series_rows: list[dict[str, object]] = []
    by_year: dict[int, list[dict[str, object]]] = {}
    for item in eligible:
        by_year.setdefault(int(item["year"]), []).append(item)  # type: ignore[call-overload]
    for year in sorted(by_year):
        group = sorted(by_year[year], key=lambda c: (c["rank"], str(c["figure_id"])))
        best = group[0]
        top = [c for c in group if c["rank"] == best["rank"]]
        values = {c["value_converted"] for c in top}
        if len({round(float(v), 12) for v in values}) > 1:  # type: ignore[arg-type]
            ids = ", ".join(str(c["figure_id"]) for c in top)
            raise ValueError(f"rule is ambiguous for {year}: {best['source']} gives different "
                             f"values in {ids}")
        agreeing, conflicting = [], []
        for other in group[1:]:
            same = math.isclose(float(other["value_converted"]),  # type: ignore[arg-type]
                                float(best["value_converted"]),  # type: ignore[arg-type]
                                rel_tol=rule.tolerance)
            if same:
                agreeing.append(str(other["figure_id"]))
                status, reason = AGREES, f"same value as {best['figure_id']}, lower priority"
            else:
                conflicting.append(str(other["figure_id"]))
                status, reason = OUTRANKED, f"outranked by {best['figure_id']} ({best['source']})"
            decisions.append({**{k: v for k, v in other.items() if k != "rank"},
                              "status": status, "reason": reason})
        decisions.append({**{k: v for k, v in best.items() if k != "rank"},
                          "status": CHOSEN,
                          "reason": "only eligible value" if len(group) == 1 else
                          "highest-priority source for this year"})
        series_rows.append({"year": year, "value": best["value_converted"],
                            "unit": rule.target_unit, "figure_id": best["figure_id"],
                            "source": best["source"], "agreeing": ", ".join(agreeing),
                            "conflicting": ", ".join(conflicting)})
    series = pd.DataFrame.from_records(series_rows, columns=list(SERIES_COLUMNS))
    series = series.astype({"year": "Int64", "value": "float64"})
    table = pd.DataFrame.from_records(decisions, columns=list(DECISION_COLUMNS))
    table["year"] = pd.array(table["year"], dtype="Int64")
    table["value_converted"] = table["value_converted"].astype("float64")
    order = {status: i for i, status in enumerate(STATUSES)}
    table = table.assign(_y=table["year"].fillna(9999), _s=table["status"].map(order))
    table = table.sort_values(["_y", "_s", "figure_id"], kind="stable").drop(columns=["_y", "_s"])
    return Reconciliation(metric, rule, series.reset_index(drop=True),
                          table.reset_index(drop=True), geography)


def rule_violations(result: Reconciliation, frame: pd.DataFrame) -> list[str]:
    """Independently re-check ``result`` against its rule and the original ``frame``.

    Returns a list of problems (empty when the rule was followed): a chosen value in a unit
    the rule does not accept or from an unranked source, a non-calendar-year period, a
    converted value that does not match the printed one, a year where a higher-priority
    eligible row existed, or an eligible row that was dropped.
    """
    rule = result.rule
    problems: list[str] = []
    rows = frame[frame["metric"] == result.metric]
    if result.geography is not None:
        rows = rows[rows["geography"] == result.geography]
    rows = rows.set_index("figure_id")
    for _, chosen in result.series.iterrows():
        figure_id = chosen["figure_id"]
        printed = rows.loc[figure_id]
        year = int(chosen["year"])
        if printed["unit"] not in rule.unit_factors:
            problems.append(f"{year}: {figure_id} is in unit '{printed['unit']}'")
            continue
        if printed["source"] not in rule.priority:
            problems.append(f"{year}: {figure_id} comes from unranked {printed['source']}")
            continue
        if rule.annual_only and str(printed["period"]) != str(year):
            problems.append(f"{year}: {figure_id} has period {printed['period']}")
        expected = float(printed["value"]) * float(rule.unit_factors[printed["unit"]])
        if not math.isclose(expected, float(chosen["value"]), rel_tol=1e-12):
            problems.append(f"{year}: value {chosen['value']} is not the converted printed "
                            f"value {expected}")
        same_year = rows[rows["year"].eq(year).fillna(False).astype(bool)
                         & rows["unit"].isin(list(rule.unit_factors))
                         & rows["source"].isin(list(rule.priority))]
        if rule.annual_only:
            same_year = same_year[same_year["period"].astype(str) == str(year)]
        better = [i for i, r in same_year.iterrows()
                  if rule.rank(str(r["source"])) < rule.rank(str(printed["source"]))]
        if better:
            problems.append(f"{year}: {figure_id} chosen although {', '.join(better)} ranks "
                            "higher")
    eligible_years = set()
    for _, row in rows.reset_index().iterrows():
        if _exclusion(row, rule) is None:
            eligible_years.add(int(row["year"]))
    missing = sorted(eligible_years - {int(y) for y in result.series["year"]})
    if missing:
        problems.append(f"years with an eligible value but no reconciled value: {missing}")
    return problems
