"""One altair look for the whole book, plus helpers every chapter uses.

Call :func:`use_book_theme` once at the top of a chapter. Charts are responsive
(``width="container"``) so they fit a phone column and fill a desktop one; every chart gets a
text ``description`` (read by screen readers) and a source line under it via
:func:`with_source`.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

THEME_NAME = "cbec"

# Okabe & Ito (2008) colour-blind-safe palette, black last.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
# Sequential scheme for heatmaps (perceptually uniform, colour-blind-safe).
SEQUENTIAL_SCHEME = "viridis"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
DEFAULT_HEIGHT = 300
SOURCE_COLOUR = "#4d4d4d"
# Characters per line of a chart's source line: wrapped lines fit a 390 px phone column, and
# a long single line would otherwise widen (or, with a responsive width, squeeze) the chart.
SOURCE_WRAP = 46
# Marks for the `kind` column of figure tables, so a forecast or a derived number is never
# shown like a reported one (shape and dash carry the meaning, not only colour).
KIND_SHAPES: dict[str, str] = {
    "reported": "circle",
    "derived": "diamond",
    "forecast": "triangle-up",
    "estimate": "square",
    "target": "cross",
    "proxy": "triangle-down",
    "simulated": "stroke",
}


def book_theme() -> alt.theme.ThemeConfig:
    """Return the book's altair theme: readable fonts, palette, sizes for a page column."""
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "view": {"continuousHeight": DEFAULT_HEIGHT, "stroke": None},
            "range": {"category": list(PALETTE)},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": "normal",
                "gridColor": "#e6e6e6",
                "labelLimit": 220,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 3,
                "labelLimit": 260,
            },
            "title": {"fontSize": 15, "anchor": "start", "fontWeight": "bold"},
            "header": {"labelFontSize": 12, "titleFontSize": 13},
            "line": {"strokeWidth": 2},
            "point": {"size": 60, "filled": True},
            "bar": {"continuousBandSize": 14},
            "text": {"fontSize": 12},
        }
    )


def use_book_theme() -> None:
    """Register (once) and enable the book theme for every chart that follows."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(book_theme)
    alt.theme.enable(THEME_NAME)


def with_source(chart: alt.TopLevelMixin, source: str, description: str) -> alt.TopLevelMixin:
    """Put a source line under ``chart`` and attach an accessible text ``description``.

    ``source`` is printed in small grey type below the plot (e.g. ``"Source: Song (2020),
    §3.5; shares derived in code."``), wrapped onto short lines by :func:`wrap_source_line`.
    The headline of a chart is its numbered figure caption in the book, so the chart itself
    carries no top title.
    """
    if not source.strip():
        raise ValueError("a chart needs a non-empty source line")
    if not description.strip():
        raise ValueError("a chart needs a text description for screen readers")
    source_line = alt.TitleParams(
        text=wrap_source_line(source), orient="bottom", anchor="start", frame="bounds",
        fontSize=11, fontWeight="normal", color=SOURCE_COLOUR, offset=12,
    )
    return chart.properties(title=source_line, description=description)


def reference_line(value: float, axis: str = "x", colour: str = "#666666",
                   dash: tuple[int, int] = (4, 4)) -> alt.Chart:
    """A dashed rule across the plot at ``value`` on the ``axis`` ("x": vertical line,
    "y": horizontal), to layer over a chart (zero, a threshold, a true value). The value is
    rounded to 9 decimals: a computed estimate must not carry its last floating-point bits,
    which differ between CPUs, into the stored chart."""
    if axis not in {"x", "y"}:
        raise ValueError(f"axis must be 'x' or 'y', not {axis!r}")
    frame = pd.DataFrame({"reference": [round(float(value), 9)]})
    return alt.Chart(frame).mark_rule(strokeDash=list(dash), color=colour).encode(
        **{axis: "reference:Q"})


def wrap_source_line(source: str, width: int = SOURCE_WRAP) -> list[str]:
    """``source`` broken into lines of at most ``width`` characters, words kept whole."""
    lines = textwrap.wrap(source, width=width, break_long_words=False, break_on_hyphens=False)
    if not lines:
        raise ValueError("a chart needs a non-empty source line")
    return lines
