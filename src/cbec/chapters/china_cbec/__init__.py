"""China's cross-border e-commerce boom: scale, growth, structure, models, stages, obstacles.

Helpers of the chapter ``chapters/china_cbec``, in four modules:

* :mod:`~cbec.chapters.china_cbec.registry` loads the chapter's registries
  (``china_cbec_conflicts``, ``china_cbec_trade_2018``) and checks every figure id in them;
* :mod:`~cbec.chapters.china_cbec.derive` builds the tidy frames and reader's tables from the
  transcribed tables ``china_cbec_figures``, ``cbec_problems``, ``cbec_business_models``,
  ``cbec_development_stages`` and ``cbec_pilot_batches``, including the reconciliation of the
  printed scale by :data:`SCALE_RULE`;
* :mod:`~cbec.chapters.china_cbec.charts` renders those frames with altair;
* :mod:`~cbec.chapters.china_cbec.page_numbers` computes every number glued into the text.
"""

from cbec.chapters.china_cbec.charts import (
    SERIES_COLOURS,
    SERIES_SHAPES,
    growth_chart,
    pilot_zone_chart,
    problems_chart,
    scale_chart,
    trade_structure_chart,
)
from cbec.chapters.china_cbec.derive import (
    AVERAGE_GROWTH_METRIC,
    CLASSIFICATION_LABELS,
    DERIVED_GROWTH,
    GROWTH_METRIC,
    IMPORT_METRIC,
    NOT_USED,
    OBSTACLE_LABELS,
    PILOT_ZONE_COUNTS,
    PLOT_FACTORS,
    RECONCILED,
    SCALE_METRIC,
    SCALE_RULE,
    SOURCE_ORDER,
    USED,
    batch_reaching,
    conflicts_table,
    consistency_table,
    decisions_table,
    growth_points,
    growth_source,
    investment_share,
    models_table,
    obstacle_counts,
    obstacles_raised_by_all,
    ownership_ids,
    ownership_total,
    penetration_table,
    pilot_zone_bars,
    pilot_zone_counts,
    pilot_zone_printed,
    pilot_zone_source,
    problems_locator_table,
    problems_matrix,
    problems_source,
    scale_points,
    scale_reconciliation,
    scale_source,
    service_share_check,
    source_label,
    stage_bands,
    stages_table,
    trade_structure_2018,
    trade_structure_source,
)
from cbec.chapters.china_cbec.page_numbers import numbers
from cbec.chapters.china_cbec.registry import load_conflicts, load_trade_2018

__all__ = [
    "AVERAGE_GROWTH_METRIC", "CLASSIFICATION_LABELS", "DERIVED_GROWTH", "GROWTH_METRIC",
    "IMPORT_METRIC", "NOT_USED", "OBSTACLE_LABELS", "PILOT_ZONE_COUNTS", "PLOT_FACTORS",
    "RECONCILED", "SCALE_METRIC", "SCALE_RULE", "SERIES_COLOURS", "SERIES_SHAPES",
    "SOURCE_ORDER", "USED", "batch_reaching", "conflicts_table", "consistency_table",
    "decisions_table", "growth_chart", "growth_points", "growth_source", "investment_share",
    "load_conflicts", "load_trade_2018", "models_table", "numbers", "obstacle_counts",
    "obstacles_raised_by_all", "ownership_ids", "ownership_total", "penetration_table",
    "pilot_zone_bars", "pilot_zone_chart", "pilot_zone_counts", "pilot_zone_printed",
    "pilot_zone_source", "problems_chart", "problems_locator_table", "problems_matrix",
    "problems_source", "scale_chart", "scale_points", "scale_reconciliation", "scale_source",
    "service_share_check", "source_label", "stage_bands", "stages_table",
    "trade_structure_2018", "trade_structure_chart", "trade_structure_source",
]
