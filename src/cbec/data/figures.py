"""Work with the "figures" tables: one row per number printed in a source text.

Every such table has the columns of :data:`FIGURE_COLUMNS`. Numbers computed from printed
figures (shares, growth rates, implied levels) are never typed in: build them with
:func:`derived_row`, which labels them ``kind="derived"`` and records the figure ids and the
formula they come from, so charts and tables can show them differently from reported ones.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

FIGURE_COLUMNS: tuple[str, ...] = (
    "figure_id", "metric", "value", "unit", "period", "year", "geography", "kind",
    "printed", "source", "locator", "note",
)
REPORTED_KINDS: tuple[str, ...] = ("reported", "forecast", "estimate", "target")
DERIVED = "derived"
SOURCE_LABELS: dict[str, str] = {
    "song2020": "Song (2020)",
    "gu2018": "Gu (2018)",
    "zhao2021": "Zhao (2021)",
    "xu_nd": "Xu (n.d.)",
    "beltroad_nd": "Belt and Road paper (n.d.)",
    DERIVED: "derived in code",
}


def is_figures_table(frame: pd.DataFrame) -> bool:
    """True when ``frame`` has exactly the figures layout."""
    return tuple(frame.columns) == FIGURE_COLUMNS


def _position(frame: pd.DataFrame, figure_id: str) -> int:
    """Row position of ``figure_id`` (a numpy comparison: chapters look up hundreds of ids)."""
    positions = np.flatnonzero(frame["figure_id"].to_numpy() == figure_id)
    if len(positions) != 1:
        raise KeyError(f"figure {figure_id!r} not found (or not unique) in the table")
    return int(positions[0])


def figure(frame: pd.DataFrame, figure_id: str) -> pd.Series:
    """The row of ``figure_id``; ``KeyError`` names the id if it is absent."""
    return frame.iloc[_position(frame, figure_id)]


def value(frame: pd.DataFrame, figure_id: str) -> float:
    """The printed value of ``figure_id``."""
    return float(frame["value"].to_numpy()[_position(frame, figure_id)])


def metric_rows(frame: pd.DataFrame, metric: str, **equal: object) -> pd.DataFrame:
    """Rows of one ``metric``, optionally filtered on other columns (``geography="Russia"``)."""
    selected = frame[frame["metric"] == metric]
    for column, wanted in equal.items():
        selected = selected[selected[column] == wanted]
    if selected.empty:
        raise KeyError(f"no rows for metric {metric!r} with {equal}")
    return selected.reset_index(drop=True)


def derived_row(*, figure_id: str, metric: str, value: float, unit: str, period: str,
                geography: str, inputs: Iterable[str], formula: str,
                year: int | None = None) -> dict[str, object]:
    """A figures-layout row for a number computed in code from the ``inputs`` figure ids.

    ``locator`` lists the inputs and ``note`` the formula, so the reader can recompute it.
    Every argument is passed by keyword, so a call reads as the row it builds.
    """
    inputs = list(inputs)
    if not inputs:
        raise ValueError("a derived figure needs the figure ids it is computed from")
    if not formula.strip():
        raise ValueError("a derived figure needs its formula")
    return {
        "figure_id": figure_id, "metric": metric, "value": float(value), "unit": unit,
        "period": period, "year": year, "geography": geography, "kind": DERIVED,
        "printed": "", "source": DERIVED, "locator": "from " + ", ".join(inputs),
        "note": formula,
    }


def with_derived(frame: pd.DataFrame, rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """``frame`` plus derived rows (same columns and dtypes)."""
    extra = pd.DataFrame.from_records(list(rows), columns=list(FIGURE_COLUMNS))
    if extra.empty:
        return frame.copy()
    extra = extra.astype({column: frame[column].dtype for column in FIGURE_COLUMNS})
    return pd.concat([frame, extra], ignore_index=True)


def cite(row: pd.Series) -> str:
    """A short citation of one figure, e.g. ``"Song (2020), §3.5"``."""
    label = SOURCE_LABELS.get(str(row["source"]), str(row["source"]))
    if row["source"] == DERIVED:
        return f"derived in code {row['locator']}"
    return f"{label}, {row['locator']}"


def source_line(frame: pd.DataFrame, extra: str = "") -> str:
    """A "Source: …" line listing every source and locator used by ``frame``'s rows.

    Derived rows add "derived values computed in code"; ``extra`` is appended as a sentence.
    """
    parts = []
    reported = frame[frame["source"] != DERIVED]
    for source, rows in reported.groupby("source", sort=False):
        locators = sorted(set(rows["locator"]), key=str)
        parts.append(f"{SOURCE_LABELS.get(str(source), str(source))} {'; '.join(locators)}")
    text = "Source: " + " | ".join(parts) if parts else "Source: computed in code"
    if (frame["source"] == DERIVED).any():
        text += ". Derived values computed in code"
    if extra:
        text += ". " + extra.rstrip(".")
    return text + "."
