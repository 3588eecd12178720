"""The chapter on AliExpress in Russia: Gu's (2018) three stages, dated events, growth
figures, payment fees and logistics lines.

It reads the ``aliexpress_events``, ``aliexpress_stages``, ``aliexpress_stage_elements``,
``aliexpress_figures``, ``payment_fees``, ``payment_methods_by_region`` and
``logistics_lines`` tables and four registries of the data package. Its modules:

* :mod:`~cbec.chapters.aliexpress.registry` — the registries (conflicts, stage sections,
  metric series, chart rows) and the check of the ids they name;
* :mod:`~cbec.chapters.aliexpress.stages` — dates, stages and the business-model matrix;
* :mod:`~cbec.chapters.aliexpress.derive` — derived figures, the frames of the growth and
  metrics charts, conflicts side by side, delivery days and :func:`numbers` for the glue;
* :mod:`~cbec.chapters.aliexpress.fees` — the payment fees of Gu's Table 3.2;
* :mod:`~cbec.chapters.aliexpress.labels` — formatting shared by tables and charts;
* :mod:`~cbec.chapters.aliexpress.frames` — tidy frames of the charts with several layers;
* :mod:`~cbec.chapters.aliexpress.charts` — altair builders that only render.
"""

from cbec.chapters.aliexpress.charts import (
    daily_orders_chart,
    fee_curve_chart,
    fees_300_chart,
    framework_chart,
    growth_chart,
    logistics_chart,
    metrics_chart,
    timeline_chart,
)
from cbec.chapters.aliexpress.derive import (
    conflicts_table,
    daily_orders_figures,
    days_kind,
    growth_frame,
    label_alignment,
    logistics_frame,
    metrics_frame,
    numbers,
    orders_2013_per_day,
    payment_methods_table,
    printed_items,
    singles_day_check,
)
from cbec.chapters.aliexpress.fees import (
    FEE_BOUNDS,
    FEE_COLUMNS,
    break_even_amount,
    check_fee_table,
    fee_components,
    fee_curve,
    fee_savings,
    payment_fees_for,
    printed_fees_table,
    sum_fee,
)
from cbec.chapters.aliexpress.frames import (
    ChartData,
    daily_orders_frame,
    fee_curve_frame,
    fees_300_frame,
    timeline_frame,
)
from cbec.chapters.aliexpress.labels import (
    KIND_LABELS,
    METHOD_SHORT,
    compact_source_line,
    format_value,
    short_line_label,
)
from cbec.chapters.aliexpress.registry import (
    REGISTRIES,
    chart_labels,
    check_registries,
    load_registries,
    series_labels,
)
from cbec.chapters.aliexpress.stages import (
    BUSINESS_MODEL_ELEMENTS,
    ELEMENT_LABELS,
    ELEMENT_ORDER,
    FRAMEWORK_DIMENSIONS,
    GAP_TEXT,
    SCOPE_LABELS,
    UNASSIGNED,
    dated_events,
    event_span,
    events_table,
    framework_frame,
    matrix_gaps,
    period_position,
    stage_date_mismatches,
    stage_figures,
    stage_labels,
    stage_matrix,
    stage_of_locator,
    stage_summary,
    stages_for_year,
    undated_events,
)

__all__ = [
    "BUSINESS_MODEL_ELEMENTS",
    "ELEMENT_LABELS",
    "ELEMENT_ORDER",
    "FEE_BOUNDS",
    "FEE_COLUMNS",
    "FRAMEWORK_DIMENSIONS",
    "GAP_TEXT",
    "KIND_LABELS",
    "METHOD_SHORT",
    "REGISTRIES",
    "SCOPE_LABELS",
    "UNASSIGNED",
    "ChartData",
    "break_even_amount",
    "chart_labels",
    "check_fee_table",
    "check_registries",
    "compact_source_line",
    "conflicts_table",
    "daily_orders_chart",
    "daily_orders_figures",
    "daily_orders_frame",
    "dated_events",
    "days_kind",
    "event_span",
    "events_table",
    "fee_components",
    "fee_curve",
    "fee_curve_chart",
    "fee_curve_frame",
    "fee_savings",
    "fees_300_chart",
    "fees_300_frame",
    "format_value",
    "framework_chart",
    "framework_frame",
    "growth_chart",
    "growth_frame",
    "label_alignment",
    "load_registries",
    "logistics_chart",
    "logistics_frame",
    "matrix_gaps",
    "metrics_chart",
    "metrics_frame",
    "numbers",
    "orders_2013_per_day",
    "payment_fees_for",
    "payment_methods_table",
    "period_position",
    "printed_fees_table",
    "printed_items",
    "series_labels",
    "short_line_label",
    "singles_day_check",
    "stage_date_mismatches",
    "stage_figures",
    "stage_labels",
    "stage_matrix",
    "stage_of_locator",
    "stage_summary",
    "stages_for_year",
    "sum_fee",
    "timeline_chart",
    "timeline_frame",
    "undated_events",
]
