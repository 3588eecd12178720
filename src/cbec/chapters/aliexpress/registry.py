"""The registries of the AliExpress chapter: hand-written tables of the data package
(``data/raw/transcribed/aliexpress/``) that name figures, events, metrics or sections.

* ``aliexpress_conflicts`` — conflicts and garbles with the book's reading (the book's one
  conflicts format, see :func:`cbec.data.registries.conflicts_table`); ids of figures and of
  dated events;
* ``aliexpress_stage_sections`` — which sections of Gu's chapter 3 narrate which stage;
* ``aliexpress_metric_series`` — the metrics drawn over time, with their row labels;
* ``aliexpress_chart_rows`` — the growth rates compared in the growth chart, with labels.

:func:`check_registries` proves that every id or metric they name exists, raising
:class:`cbec.data.DataPackageError` with the registry's file, column and row otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cbec.data import DataPackageError, load_table, resource_descriptor
from cbec.data.registries import check_figure_refs, check_known

CONFLICTS = "aliexpress_conflicts"
STAGE_SECTIONS = "aliexpress_stage_sections"
METRIC_SERIES = "aliexpress_metric_series"
CHART_ROWS = "aliexpress_chart_rows"
REGISTRIES: tuple[str, ...] = (CONFLICTS, STAGE_SECTIONS, METRIC_SERIES, CHART_ROWS)


def check_registries(tables: Mapping[str, pd.DataFrame], figs: pd.DataFrame,
                     events: pd.DataFrame, *derived: pd.DataFrame) -> None:
    """Check the ids the registries in ``tables`` name: conflicts against the figures
    ``figs`` and the events ``events``; growth rows against ``figs`` and the ``derived``
    figures; metric series against the metrics of ``figs``; and each stage section must
    begin the locator of at least one figure or event (a typo would assign nothing)."""
    as_figures = events.rename(columns={"event_id": "figure_id"})
    check_figure_refs(tables[CONFLICTS], CONFLICTS, figs, as_figures)
    check_figure_refs(tables[CHART_ROWS], CHART_ROWS, figs, *derived, column="figure_id")
    check_known(tables[METRIC_SERIES], METRIC_SERIES, "metric", figs["metric"].astype(str),
                "metric")
    locators = [str(loc) for loc in (*figs["locator"], *events["locator"])]
    for position, section in enumerate(tables[STAGE_SECTIONS]["section"]):
        if not any(loc.startswith(str(section)) for loc in locators):
            raise DataPackageError(resource_descriptor(STAGE_SECTIONS)["path"],
                                   f"section {section!r} begins no locator of the figures "
                                   "or events", column="section", row=position + 2)


def load_registries(figs: pd.DataFrame, events: pd.DataFrame,
                    *derived: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four registries, each validated against its schema, with their ids checked
    (:func:`check_registries`)."""
    tables = {name: load_table(name) for name in REGISTRIES}
    check_registries(tables, figs, events, *derived)
    return tables


def chart_labels(chart_rows: pd.DataFrame, chart: str) -> dict[str, str]:
    """``{figure_id: label}`` of one chart of ``aliexpress_chart_rows``, in file order."""
    selected = chart_rows[chart_rows["chart"] == chart]
    if selected.empty:
        raise KeyError(f"no rows for chart {chart!r}")
    return dict(zip(selected["figure_id"].astype(str), selected["label"].astype(str),
                    strict=True))


def series_labels(metric_series: pd.DataFrame) -> dict[str, str]:
    """``{metric: row label}`` of ``aliexpress_metric_series``, top row first."""
    return dict(zip(metric_series["metric"].astype(str), metric_series["label"].astype(str),
                    strict=True))


def stage_sections(sections: pd.DataFrame) -> tuple[tuple[str, int], ...]:
    """``((section prefix, stage), ...)`` of ``aliexpress_stage_sections``, in file order."""
    return tuple((str(s), int(n)) for s, n in zip(sections["section"], sections["stage"],
                                                  strict=True))
