"""Printed periods and units of the chapter heilongjiang: the dates a printed period covers,
conversions between scale words ("billion US dollars" to "million US dollars"), and the two
readings of "an increase of *n* times"."""

from __future__ import annotations

import re

import pandas as pd

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_SPAN = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_QUARTERS = re.compile(r"^(\d{4})-Q([1-4])(?:-Q([1-4]))?$")

_SCALE: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def period_bounds(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Start (inclusive) and end (exclusive) of a printed period.

    Understands ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, month spans ``YYYY-MM/YYYY-MM`` and
    quarter spans ``YYYY-Q1`` or ``YYYY-Q1-Q3``; anything else (``"n.d."``, ``"2014-start"``)
    raises ``ValueError``.
    """
    text = period.strip()
    if match := _YEAR.match(text):
        start = pd.Timestamp(int(match[1]), 1, 1)
        return start, start + pd.DateOffset(years=1)
    if match := _MONTH.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), 1)
        return start, start + pd.DateOffset(months=1)
    if match := _DAY.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), int(match[3]))
        return start, start + pd.DateOffset(days=1)
    if match := _MONTH_SPAN.match(text):
        start = pd.Timestamp(int(match[1]), int(match[2]), 1)
        last = pd.Timestamp(int(match[3]), int(match[4]), 1)
        if last < start:
            raise ValueError(f"period {period!r} ends before it starts")
        return start, last + pd.DateOffset(months=1)
    if match := _QUARTERS.match(text):
        first = int(match[2])
        last = int(match[3] or match[2])
        if last < first:
            raise ValueError(f"period {period!r} ends before it starts")
        start = pd.Timestamp(int(match[1]), 3 * first - 2, 1)
        return start, pd.Timestamp(int(match[1]), 1, 1) + pd.DateOffset(months=3 * last)
    raise ValueError(f"cannot read period {period!r} as dates")


def period_months(period: str) -> int:
    """Number of calendar months a printed period covers (a day counts as no full month)."""
    start, end = period_bounds(period)
    return (end.year - start.year) * 12 + end.month - start.month


def scale_to(value: float, unit: str, target: str) -> float:
    """Convert ``value`` printed in ``unit`` (e.g. ``"billion US dollars"``) to ``target``
    (e.g. ``"million US dollars"``); the words after the scale word must agree."""
    def split(text: str) -> tuple[float, str]:
        head, _, rest = text.strip().partition(" ")
        if head in _SCALE:
            return _SCALE[head], rest
        return 1.0, text.strip()

    factor, base = split(unit)
    target_factor, target_base = split(target)
    if base != target_base:
        raise ValueError(f"cannot convert {unit!r} to {target!r}")
    return value * factor / target_factor


def times_increase_readings(level: float, times: float) -> pd.DataFrame:
    """The two readings of "an increase of *times* times" for a printed ``level``.

    Reading A takes the new level to be ``times`` × the old one; reading B takes the
    *increase* to be ``times`` × the old level, so the new level is ``(1 + times)`` × the old.
    Returns one row per reading: multiplier, growth in percent and the implied previous level.
    """
    if times <= 0:
        raise ValueError("the printed multiple must be positive")
    rows = []
    for reading, multiplier in (("A: new level = {t} × old", times),
                                ("B: increase = {t} × old", 1 + times)):
        rows.append({
            "reading": reading.format(t=f"{times:g}"),
            "multiplier": multiplier,
            "growth_pct": (multiplier - 1) * 100,
            "implied_previous": level / multiplier,
        })
    return pd.DataFrame.from_records(rows)


def section_only(locator: str) -> str:
    """The section part of a locator (``"§1.3, item 3"`` → ``"§1.3"``)."""
    return locator.split(",", 1)[0].strip()


def days_in_period(period: str) -> int:
    """Number of days a printed period covers (``2014-Q1`` → 90)."""
    start, end = period_bounds(period)
    return int((end - start).days)
