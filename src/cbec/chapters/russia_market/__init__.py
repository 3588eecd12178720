"""The chapter on Russian online consumers and the Russian e-commerce market.

The chapter rebuilds, from printed numbers only, what the lost charts of Gu (2018) §1.2–1.3
showed, adds the Russian-market figures of Zhao (2021) and Song (2020), and keeps every
disagreement visible. It reads the ``russia_market_figures``, ``russia_top_sites`` and
``russia_swot`` tables and four registries of the data package. Its modules:

* :mod:`~cbec.chapters.russia_market.lookup` — look-ups and formatting;
* :mod:`~cbec.chapters.russia_market.registry` — the registries (conflicts, lost charts,
  shopper profile, chart rows) and the check of the figure ids they name;
* :mod:`~cbec.chapters.russia_market.derive` — derived numbers (a declarative spec evaluated
  with :mod:`cbec.stats.growth`), the regional split and :func:`numbers` for the glue;
* :mod:`~cbec.chapters.russia_market.tables` — display tables;
* :mod:`~cbec.chapters.russia_market.frames` — tidy frames for the charts;
* :mod:`~cbec.chapters.russia_market.charts` — altair builders that only render them.
"""

from cbec.chapters.russia_market.charts import (
    china_share_chart,
    delivery_chart,
    gender_chart,
    internet_users_chart,
    market_usd_chart,
    penetration_chart,
    platform_share_chart,
    regional_split_chart,
    rouble_chart,
    time_points_chart,
    top_sites_chart,
    visitors_chart,
)
from cbec.chapters.russia_market.derive import (
    AREA_LABELS,
    CAPITALS,
    DERIVED,
    OPERATIONS,
    REGIONS,
    SPLIT_MEASURES,
    derived_figures,
    derived_value,
    numbers,
    ratio,
    regional_split,
    site_counts,
    split_intensity,
)
from cbec.chapters.russia_market.frames import (
    ChartData,
    china_share_frame,
    delivery_frame,
    gender_frame,
    internet_users_frame,
    market_usd_frame,
    penetration_frame,
    platform_share_frame,
    regional_split_frame,
    rouble_frame,
    time_points_frame,
    top_sites_frame,
    visitors_frame,
)
from cbec.chapters.russia_market.lookup import (
    SEGMENT_SEPARATOR,
    chart_source,
    cite_compact,
    cite_short,
    fill,
    fmt_figure,
    fmt_number,
    rows,
    short_locator,
    split_metric,
    with_segments,
)
from cbec.chapters.russia_market.registry import (
    REGISTRIES,
    chart_groups,
    chart_labels,
    check_registries,
    load_registries,
)
from cbec.chapters.russia_market.tables import (
    conflict_group_table,
    conflicts_table,
    derived_table,
    figure_table,
    intensity_table,
    lost_charts_table,
    profile_table,
    swot_table,
)

__all__ = [
    "AREA_LABELS", "CAPITALS", "DERIVED", "OPERATIONS", "REGIONS", "REGISTRIES",
    "SEGMENT_SEPARATOR", "SPLIT_MEASURES", "ChartData", "chart_groups", "chart_labels",
    "chart_source", "check_registries", "china_share_chart", "china_share_frame",
    "cite_compact", "cite_short", "conflict_group_table", "conflicts_table", "delivery_chart",
    "delivery_frame", "derived_figures", "derived_table", "derived_value", "figure_table",
    "fill", "fmt_figure", "fmt_number", "gender_chart", "gender_frame", "intensity_table",
    "internet_users_chart", "internet_users_frame", "load_registries", "lost_charts_table",
    "market_usd_chart", "market_usd_frame", "numbers", "penetration_chart",
    "penetration_frame", "platform_share_chart", "platform_share_frame", "profile_table", "ratio",
    "regional_split", "regional_split_chart", "regional_split_frame", "rouble_chart",
    "rouble_frame", "rows", "short_locator", "site_counts", "split_intensity",
    "split_metric", "swot_table", "time_points_chart", "time_points_frame", "top_sites_chart",
    "top_sites_frame", "visitors_chart", "visitors_frame", "with_segments",
]
