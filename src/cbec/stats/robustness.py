"""Robustness checks of the regression chapter's pooled estimate: the degrees-of-freedom
convention, other standard errors, differential trends and the minimum detectable effect.

Every fit goes through :func:`cbec.stats.panel.twfe` (pyfixest); the functions only choose the
variants and lay the results out as tidy tables.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from cbec.stats.panel import TwfeResult, star, twfe

CBEC = "cbec_exposure"
CONTROL_COLUMNS = ["ln_gdp", "urbanisation_pct", "digital_finance", "ln_college_students",
                   "railway_density_km_per_km2"]
REGRESSORS = [CBEC, *CONTROL_COLUMNS]
OUTCOMES = {"levels": "ci_proxy_trillion_yuan", "logs": "ln_ci_proxy"}
DK_LAGS = (1, 2, 3)


def _row(result: TwfeResult, term: str = CBEC) -> pd.Series:
    return result.coefficients.set_index("term").loc[term]


def dof_comparison(samples: Mapping[str, pd.DataFrame],
                   labels: Mapping[str, str]) -> pd.DataFrame:
    """Every coefficient of the pooled and regional models under the two small-sample
    conventions: K without the nested province effects (fixest's default, this book's) and
    K with them (areg). Returns SEs, p-values and stars of both, and whether the stars
    differ."""
    rows = []
    for name, data in samples.items():
        nested = twfe(data, OUTCOMES["levels"], REGRESSORS).coefficients.set_index("term")
        full = twfe(data, OUTCOMES["levels"], REGRESSORS,
                    k_fixef="full").coefficients.set_index("term")
        for term in REGRESSORS:
            rows.append({
                "model": name, "variable": labels[term],
                "estimate": nested.loc[term, "estimate"],
                "SE, K = k + T": nested.loc[term, "std_error"],
                "SE, K = k + G + T − 1": full.loc[term, "std_error"],
                "p, K = k + T": nested.loc[term, "p_value"],
                "p, K = k + G + T − 1": full.loc[term, "p_value"],
                "stars, K = k + T": star(nested.loc[term, "p_value"]),
                "stars, K = k + G + T − 1": star(full.loc[term, "p_value"]),
            })
    out = pd.DataFrame(rows)
    out["SE ratio"] = out["SE, K = k + G + T − 1"] / out["SE, K = k + T"]
    out["stars differ"] = out["stars, K = k + T"] != out["stars, K = k + G + T − 1"]
    return out


def alternative_standard_errors(apanel: pd.DataFrame) -> pd.DataFrame:
    """The pooled CBEC coefficient (Table 3 design, with controls) with each standard error
    a careful reader might ask for: clustered by province under both conventions, two-way
    clustered by province and year, and Driscoll–Kraay with 1 to 3 lags."""
    variants: list[tuple[str, dict]] = [
        ("Clustered by province, K = k + T (this book)", {}),
        ("Clustered by province, K = k + G + T − 1 (areg)", {"k_fixef": "full"}),
        ("Two-way clustered, province and year", {"vcov": "twoway"}),
        *[(f"Driscoll–Kraay, {lag} lag{'s' if lag > 1 else ''}",
           {"vcov": "driscoll-kraay", "dk_lag": lag}) for lag in DK_LAGS],
    ]
    rows = []
    for label, options in variants:
        coef = _row(twfe(apanel, OUTCOMES["levels"], REGRESSORS, **options))
        rows.append({"standard error": label, "estimate": coef["estimate"],
                     "SE": coef["std_error"], "t": coef["estimate"] / coef["std_error"]})
    return pd.DataFrame(rows)


TREND_SPECIFICATIONS = {
    "Province and year effects (Xu's design)": {},
    "+ province-specific linear trends": {"extra_terms": ["i(province_en, trend)"],
                                          "extra_columns": ["trend"]},
    "Province and region × year effects": {"fixed_effects": ["province_en", "region^year"]},
}


def trend_robustness(apanel: pd.DataFrame) -> pd.DataFrame:
    """The pooled CBEC coefficient with controls, in levels and in logs, under Xu's two-way
    effects, with province-specific linear trends added, and with region × year effects
    (province-clustered, t(G−1))."""
    data = apanel.assign(trend=apanel["year"].astype(int) - int(apanel["year"].min()))
    rows = []
    for outcome_label, outcome in OUTCOMES.items():
        for spec, options in TREND_SPECIFICATIONS.items():
            result = twfe(data, outcome, REGRESSORS, **options)
            coef = _row(result)
            rows.append({"outcome": outcome_label, "specification": spec,
                         "estimate": coef["estimate"], "SE": coef["std_error"],
                         "p": coef["p_value"], "95% low": coef["ci_low"],
                         "95% high": coef["ci_high"], "clusters": result.n_clusters})
    return pd.DataFrame(rows)


def trend_share_of_exposure(apanel: pd.DataFrame) -> float:
    """Share of the exposure index's variation left after province and year effects that
    province-specific linear trends explain (within R² of exposure on the trends)."""
    import pyfixest as pf

    data = apanel.assign(trend=apanel["year"].astype(int) - int(apanel["year"].min()))
    frame = data[[CBEC, "province_en", "year", "trend"]].copy()
    frame[CBEC] = frame[CBEC].astype(float)
    frame["province_en"] = frame["province_en"].astype(object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.feols(f"{CBEC} ~ i(province_en, trend) | province_en + year", data=frame)
    return float(fit._r2_within)


def critical_value(clusters: int, level: float = 0.95) -> float:
    """Two-sided critical value of t(G−1), the reference distribution of every clustered
    interval in the chapter."""
    return float(stats.t.ppf(1 - (1 - level) / 2, clusters - 1))


def minimum_detectable_effect(std_error: float | np.ndarray, clusters: int,
                              alpha: float = 0.05, power: float = 0.8) -> float | np.ndarray:
    """Smallest true effect a two-sided t(G−1) test at ``alpha`` detects with probability
    ``power``: (t_{1−α/2} + t_{power}) × SE (Bloom 1995)."""
    df = clusters - 1
    return (stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) * np.asarray(std_error)
