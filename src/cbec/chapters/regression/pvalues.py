"""The chapter's p-values for few clusters: the tie-aware wild cluster bootstrap, the ties in
pyfixest's own bootstrap, and the clustered / bootstrap / randomization summary.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from cbec.chapters.regression.model import CONTROLS, OUR_COLUMNS
from cbec.charts.tables import format_p
from cbec.stats.inference import (
    WEBB_VALUES,
    FastBalancedTwfe,
    WildBootstrapTest,
    bootstrap_weights,
    one_blas_thread,
    panel_codes,
)
from cbec.stats.panel import TwfeResult


def wild_bootstrap(data: pd.DataFrame, outcome: str, regressors: list[str], param: int = 0,
                   reps: int = 9999, seed: int = 2024, null_value: float = 0.0,
                   as_pyfixest: bool = False) -> WildBootstrapTest:
    """Restricted wild cluster bootstrap test (Webb weights, province clusters) of one
    coefficient of the two-way fixed-effects model, with ties counted; full enumeration
    when 6^G <= ``reps``. ``as_pyfixest`` draws ``reps`` random weights exactly as
    pyfixest's ``wildboottest`` does with the same seed, even when enumeration is possible
    (a test checks the draws are the same, draw for draw)."""
    ordered = data.sort_values(["province_en", "year"], kind="stable")
    entity, time = panel_codes(ordered)
    model = FastBalancedTwfe(ordered[regressors].to_numpy(float), entity, time)
    n_clusters = int(entity.max()) + 1
    weights = pyfixest_weights(n_clusters, reps, seed) if as_pyfixest else \
        bootstrap_weights(n_clusters, reps, np.random.default_rng(seed), "webb")
    with one_blas_thread():
        return model.wild_test(ordered[outcome].to_numpy(float), param, weights, null_value)


def pyfixest_weights(n_clusters: int, reps: int, seed: int) -> np.ndarray:
    """The Webb weights pyfixest's ``wildboottest`` draws for ``seed`` (G x B)."""
    return np.random.default_rng(seed).choice(WEBB_VALUES, size=(n_clusters, reps))


def bootstrap_comparison(models: Mapping[str, TwfeResult],
                         samples: Mapping[str, pd.DataFrame], reps: int = 9999,
                         seed: int = 2024) -> pd.DataFrame:
    """Conventional clustered p-value vs wild cluster bootstrap p-values (Webb weights) of the
    CBEC coefficient, model by model, with the draws and ties behind each bootstrap p.

    ``samples`` holds each model's data (same keys as ``models``), with every control."""
    term = OUR_COLUMNS["cbec"]
    regressors = [OUR_COLUMNS[v] for v in ["cbec", *CONTROLS]]
    rows = []
    for name, result in models.items():
        coef = result.coefficients.set_index("term").loc[term]
        test = wild_bootstrap(samples[name], OUR_COLUMNS["ci"], regressors, reps=reps,
                              seed=seed)
        rows.append({
            "model": name, "clusters": result.n_clusters,
            "estimate": coef["estimate"], "t": coef["t"],
            "clustered p (t(G-1))": coef["p_value"],
            "bootstrap draws": f"{test.draws:,}" + (" (all)" if test.enumerated else ""),
            "ties with |t|": test.ties,
            "wild bootstrap p": test.p_weak,
            "wild p, ties not counted": test.p_strict,
            "_draws": test.draws,
        })
    return pd.DataFrame(rows)


def bootstrap_display(comparison: pd.DataFrame) -> pd.DataFrame:
    """The comparison as printed: p-values as text, "< 1/B" for a bootstrap p of zero."""
    out = comparison.drop(columns="_draws").copy()
    for column in ["wild bootstrap p", "wild p, ties not counted"]:
        out[column] = [format_p(p, d) for p, d in zip(comparison[column],
                                                        comparison["_draws"], strict=True)]
    out["clustered p (t(G-1))"] = [format_p(p) for p in comparison["clustered p (t(G-1))"]]
    return out


def pyfixest_bootstrap_ties(data: pd.DataFrame, reps: int = 9999,
                            seed: int = 2024) -> dict[str, float]:
    """Ties in pyfixest's own wild bootstrap (``wildboottest``, Webb weights, ``reps`` random
    draws): it counts only strictly larger |t*|, so each draw tied with |t| falls on either
    side of the comparison depending on rounding. Computed on exactly its draws
    (:func:`pyfixest_weights`); returns the draws, the ties and the p-value interval they
    imply, inside which pyfixest's printed p-value lies."""
    regressors = [OUR_COLUMNS[v] for v in ["cbec", *CONTROLS]]
    test = wild_bootstrap(data, OUR_COLUMNS["ci"], regressors, reps=reps, seed=seed,
                          as_pyfixest=True)
    return {"draws": test.draws, "ties": test.ties, "p_low": test.p_strict,
            "p_high": test.p_weak}


def p_value_summary(comparison: pd.DataFrame, ri: pd.DataFrame) -> pd.DataFrame:
    """Clustered, wild bootstrap and randomization-inference p-values side by side."""
    merged = comparison.merge(ri[["model", "assignments", "RI p (|t|)",
                                  "RI p (|coefficient|)"]], on="model", validate="one_to_one")
    out = pd.DataFrame({
        "model": merged["model"], "clusters": merged["clusters"],
        "clustered p (t(G-1))": [format_p(p) for p in merged["clustered p (t(G-1))"]],
        "wild bootstrap p": [format_p(p, d) for p, d in zip(merged["wild bootstrap p"],
                                                           merged["_draws"], strict=True)],
        "RI assignments": merged["assignments"],
        "RI p (|t|)": [format_p(p) for p in merged["RI p (|t|)"]],
        "RI p (|coefficient|)": [format_p(p) for p in merged["RI p (|coefficient|)"]],
    })
    return out
