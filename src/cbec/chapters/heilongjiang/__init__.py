"""Heilongjiang–Russia trade and the logistics of cross-border e-commerce.

Helpers of the chapter ``chapters/heilongjiang``:

* :mod:`~cbec.chapters.heilongjiang.registry` loads the chapter's registries
  (``heilongjiang_conflicts``, ``heilongjiang_charter_periods``,
  ``heilongjiang_delivery_chart``) and checks every id in them;
* :mod:`~cbec.chapters.heilongjiang.units` reads printed periods and units;
* :mod:`~cbec.chapters.heilongjiang.trade`, :mod:`~cbec.chapters.heilongjiang.charters`,
  :mod:`~cbec.chapters.heilongjiang.delivery`, :mod:`~cbec.chapters.heilongjiang.timeline`
  and :mod:`~cbec.chapters.heilongjiang.derive` build the derived figures, tidy frames and
  reader's tables of each section;
* :mod:`~cbec.chapters.heilongjiang.charts` renders those frames with altair;
* :mod:`~cbec.chapters.heilongjiang.page_numbers` lists every derived figure of the page and
  computes every number glued into the text.

Every derived number is built with :func:`cbec.data.figures.derived_row`, so it carries
``kind="derived"``, the figure ids it comes from and its formula.
"""

from cbec.chapters.heilongjiang.charters import (
    CHARTER_METRICS,
    charter_derived_rows,
    charter_figures,
    charter_load_table,
    charter_periods,
    charter_segments,
    charter_source,
    spread_labels,
)
from cbec.chapters.heilongjiang.charts import (
    charter_chart,
    delivery_chart,
    platform_chart,
    timeline_chart,
    trade_composition_chart,
    trade_growth_chart,
)
from cbec.chapters.heilongjiang.delivery import (
    DAYS_PER_MONTH,
    DELIVERY_GROUPS,
    POSTAL_STAGES,
    delivery_bars,
    delivery_days,
    delivery_ranges,
    delivery_source,
    delivery_table,
    parse_duration,
    stage_total,
    stage_total_row,
    to_days,
)
from cbec.chapters.heilongjiang.derive import (
    PLATFORM_METRICS,
    SNAPSHOTS,
    conflicts_table,
    derived_table,
    growth_between,
    other_derived_rows,
    panel_value,
    parcels_per_day_row,
    platform_captions,
    platform_counts,
    platform_points,
    platform_source,
    readings_table,
    trade_to_gdp_row,
)
from cbec.chapters.heilongjiang.page_numbers import numbers, page_derived_rows
from cbec.chapters.heilongjiang.registry import (
    load_charter_periods,
    load_conflicts,
    load_delivery_chart,
)
from cbec.chapters.heilongjiang.timeline import (
    TIMELINE_CATEGORIES,
    dates_side_by_side,
    official_events,
    timeline_events,
    timeline_marks,
    timeline_source,
    timeline_table,
)
from cbec.chapters.heilongjiang.trade import (
    FLOWS,
    PARTNERS,
    trade_2019,
    trade_composition,
    trade_composition_source,
    trade_derived_rows,
    trade_growth,
    trade_growth_source,
    trade_table,
)
from cbec.chapters.heilongjiang.units import (
    days_in_period,
    period_bounds,
    period_months,
    scale_to,
    section_only,
    times_increase_readings,
)

__all__ = [
    "CHARTER_METRICS", "DAYS_PER_MONTH", "DELIVERY_GROUPS", "FLOWS", "PARTNERS",
    "PLATFORM_METRICS", "POSTAL_STAGES", "SNAPSHOTS", "TIMELINE_CATEGORIES", "charter_chart",
    "charter_derived_rows", "charter_figures", "charter_load_table", "charter_periods",
    "charter_segments", "charter_source", "conflicts_table", "dates_side_by_side",
    "days_in_period", "delivery_bars", "delivery_chart", "delivery_days", "delivery_ranges",
    "delivery_source", "delivery_table", "derived_table", "growth_between",
    "load_charter_periods", "load_conflicts", "load_delivery_chart", "numbers",
    "official_events", "other_derived_rows", "page_derived_rows", "panel_value",
    "parcels_per_day_row", "parse_duration", "period_bounds", "period_months",
    "platform_captions", "platform_chart", "platform_counts", "platform_points",
    "platform_source", "readings_table", "scale_to", "section_only", "spread_labels",
    "stage_total", "stage_total_row", "timeline_chart", "timeline_events", "timeline_marks",
    "timeline_source", "timeline_table", "times_increase_readings", "to_days", "trade_2019",
    "trade_composition", "trade_composition_chart", "trade_composition_source",
    "trade_derived_rows", "trade_growth", "trade_growth_chart", "trade_growth_source",
    "trade_table", "trade_to_gdp_row",
]
