"""Helper package of the CBEC book: data loading, charts, estimators and indices."""

__version__ = "0.1.0"
