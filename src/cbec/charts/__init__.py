"""Presentation layer: one altair look for the whole book (:mod:`cbec.charts.theme`) and
captioned, deterministic tables (:mod:`cbec.charts.tables`).

It may use the data layer, never the statistics, chapters or book layers. Importing it
makes altair reuse its schema table (:mod:`cbec.charts.schema_cache`).
"""

from cbec.charts import schema_cache
from cbec.charts.theme import (
    DEFAULT_HEIGHT,
    FONT,
    KIND_SHAPES,
    PALETTE,
    SEQUENTIAL_SCHEME,
    SOURCE_COLOUR,
    SOURCE_WRAP,
    THEME_NAME,
    book_theme,
    reference_line,
    use_book_theme,
    with_source,
    wrap_source_line,
)

schema_cache.install()

__all__ = ["DEFAULT_HEIGHT", "FONT", "KIND_SHAPES", "PALETTE", "SEQUENTIAL_SCHEME",
           "SOURCE_COLOUR", "SOURCE_WRAP", "THEME_NAME", "book_theme", "reference_line",
           "use_book_theme", "with_source", "wrap_source_line"]
