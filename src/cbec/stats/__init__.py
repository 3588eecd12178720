"""Statistics layer: growth arithmetic and reconciliation of printed series, panel estimators
(two-way fixed effects through pyfixest), few-cluster inference, robustness and sensitivity
checks.

It may use the data layer, never the charts, chapters or book layers.
"""
