"""Panel-data tools for the regression chapter: the entropy-weight index, two-way fixed
effects with province-clustered errors (pyfixest), regression tables in the paper's layout,
and a check of published significance stars.

Clustered standard errors use pyfixest's CRV1 with the small-sample correction stated in
:data:`SSC_DESCRIPTION`; :func:`twfe` is cross-checked against linearmodels in the tests.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

SSC_DESCRIPTION = (
    "CRV1 clustered by province with the small-sample factor "
    "G/(G-1) x (N-1)/(N-K), where K counts the regressors and the year dummies but not the "
    "province effects, which are nested in the clusters (the default of fixest, reghdfe and "
    "xtreg; pyfixest ssc(k_adj=True, k_fixef='nonnested', G_adj=True)); p-values from t(G-1)"
)
SSC_FULL_DESCRIPTION = (
    "the same with K also counting every province dummy, as Stata's areg does (pyfixest "
    "k_fixef='full'; linearmodels cov_type='clustered', debiased=True, group_debias=True)"
)
DOF_CONVENTIONS = ("nonnested", "full")
STAR_LEVELS: tuple[tuple[float, str], ...] = ((0.01, "***"), (0.05, "**"), (0.10, "*"))


def entropy_weights(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Entropy-weight-method weights of ``columns`` (all treated as "more is more").

    Each indicator is min-max normalised over all rows, shares ``p = x / sum(x)`` are formed,
    the entropy ``e = -sum(p ln p) / ln(n)`` (with ``0 ln 0 = 0``) measures how evenly an
    indicator is spread, and the weights are ``(1 - e) / sum(1 - e)``: indicators that vary
    more get more weight. A constant indicator is an error (it carries no information).
    """
    if len(frame) < 2:
        raise ValueError("the entropy weight method needs at least two observations")
    normalised = min_max(frame, columns)
    n = len(normalised)
    divergence = {}
    for column in columns:
        x = normalised[column].to_numpy(dtype=float)
        shares = x / x.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(shares > 0, shares * np.log(shares), 0.0)
        entropy = -terms.sum() / math.log(n)
        divergence[column] = 1.0 - entropy
    total = sum(divergence.values())
    return pd.Series({c: d / total for c, d in divergence.items()}, name="weight")


def min_max(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Scale each column to [0, 1]; raise naming a column that is constant or has gaps."""
    out = pd.DataFrame(index=frame.index)
    for column in columns:
        values = frame[column].astype(float)
        if values.isna().any():
            raise ValueError(f"column {column!r} has missing values")
        low, high = values.min(), values.max()
        if high == low:
            raise ValueError(f"column {column!r} is constant: it cannot be weighted")
        out[column] = (values - low) / (high - low)
    return out


def entropy_index(frame: pd.DataFrame, columns: Sequence[str],
                  weights: pd.Series | None = None) -> pd.Series:
    """Composite index: weighted sum of the min-max normalised ``columns`` (0 to 1)."""
    weights = entropy_weights(frame, columns) if weights is None else weights
    normalised = min_max(frame, columns)
    return (normalised[list(columns)] * weights[list(columns)]).sum(axis=1).rename("index")


@dataclass(frozen=True)
class TwfeResult:
    """Tidy output of :func:`twfe`."""

    coefficients: pd.DataFrame  # term, estimate, std_error, t, p_value, ci_low, ci_high
    n_obs: int
    n_clusters: int
    r2: float
    r2_within: float
    fit: object  # the pyfixest Feols object, for bootstraps and plots


def _as_model_frame(data: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Plain float/object columns: pyfixest and numba do not take pandas extension dtypes."""
    frame = data[list(dict.fromkeys(columns))].copy()
    for column in frame.columns:
        dtype = str(frame[column].dtype)
        if dtype in {"Int64", "Float64", "boolean"}:
            frame[column] = frame[column].astype("float64")
        elif dtype == "string":
            frame[column] = frame[column].astype(object)
    return frame


def twfe(data: pd.DataFrame, outcome: str, regressors: Sequence[str], entity: str = "province_en",
         time: str = "year", *, k_fixef: str = "nonnested",
         fixed_effects: Sequence[str] | None = None, extra_terms: Sequence[str] = (),
         extra_columns: Sequence[str] = (), vcov: str = "cluster",
         dk_lag: int | None = None) -> TwfeResult:
    """Two-way fixed-effects OLS of ``outcome`` on ``regressors`` with entity and time
    effects and entity-clustered standard errors (see :data:`SSC_DESCRIPTION`; ``k_fixef=
    "full"`` gives :data:`SSC_FULL_DESCRIPTION`).

    Variants for robustness checks: ``fixed_effects`` replaces the two effects (pyfixest
    syntax, e.g. ``["province_en", "region^year"]``); ``extra_terms`` adds formula terms
    (e.g. ``"i(province_en, trend)"`` for province trends) that read ``extra_columns``;
    ``vcov`` is ``"cluster"`` (by entity), ``"twoway"`` (entity and time, Cameron–Gelbach–
    Miller, with min(G)/(min(G)-1)) or ``"driscoll-kraay"`` with ``dk_lag`` lags."""
    import pyfixest as pf

    if k_fixef not in DOF_CONVENTIONS:
        raise ValueError(f"k_fixef must be one of {DOF_CONVENTIONS}, not {k_fixef!r}")
    if not regressors:
        raise ValueError("give at least one regressor")
    effects = list(fixed_effects) if fixed_effects is not None else [entity, time]
    effect_columns = [c for e in effects for c in e.split("^")]
    frame = _as_model_frame(data, [outcome, *regressors, entity, time, *effect_columns,
                                   *extra_columns])
    frame["_cluster"] = pd.factorize(frame[entity], sort=True)[0]  # numba needs integers
    frame["_time"] = pd.factorize(frame[time], sort=True)[0]
    if frame.isna().any().any():
        bad = frame.columns[frame.isna().any()].tolist()
        raise ValueError(f"missing values in {bad}: the panel must be complete")
    vcov_spec: str | dict[str, str]
    vcov_kwargs = None
    if vcov == "cluster":
        vcov_spec = {"CRV1": "_cluster"}
    elif vcov == "twoway":
        vcov_spec = {"CRV1": "_cluster+_time"}
    elif vcov == "driscoll-kraay":
        if dk_lag is None:
            raise ValueError("Driscoll-Kraay standard errors need dk_lag")
        vcov_spec = "DK"
        vcov_kwargs = {"lag": dk_lag, "time_id": "_time", "panel_id": "_cluster"}
    else:
        raise ValueError(f"vcov must be 'cluster', 'twoway' or 'driscoll-kraay', not {vcov!r}")
    formula = f"{outcome} ~ {' + '.join([*regressors, *extra_terms])} | {' + '.join(effects)}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.feols(formula, data=frame, vcov=vcov_spec, vcov_kwargs=vcov_kwargs,
                       ssc=pf.ssc(k_adj=True, k_fixef=k_fixef, G_adj=True, G_df="min"))
    tidy = fit.tidy().reset_index()
    coefficients = pd.DataFrame({
        "term": tidy["Coefficient"].astype(str),
        "estimate": tidy["Estimate"].to_numpy(float),
        "std_error": tidy["Std. Error"].to_numpy(float),
        "t": tidy["t value"].to_numpy(float),
        "p_value": tidy["Pr(>|t|)"].to_numpy(float),
        "ci_low": tidy["2.5%"].to_numpy(float),
        "ci_high": tidy["97.5%"].to_numpy(float),
    })
    coefficients = coefficients[coefficients["term"].isin(regressors)].reset_index(drop=True)
    return TwfeResult(coefficients, int(fit._N), int(frame["_cluster"].nunique()),
                      float(fit._r2), float(fit._r2_within), fit)


def _rounding_half_units(printed: str) -> tuple[float, float]:
    """Half a unit of the last printed digit of the coefficient and of the standard error
    in a cell like ``"0.609** (0.016)"`` or ``"-.775 (2.388)"``."""
    match = re.fullmatch(r"\s*(-?\d*\.?\d+)\**\s*\((\d*\.?\d+)\)\s*", printed)
    if match is None:
        raise ValueError(f"cannot read a coefficient and (standard error) from {printed!r}")

    def half(number: str) -> float:
        decimals = len(number.split(".")[1]) if "." in number else 0
        return 0.5 * 10.0 ** -decimals

    return half(match.group(1)), half(match.group(2))


def star(p_value: float) -> str:
    """Stars for a p-value: *** below 0.01, ** below 0.05, * below 0.10."""
    for level, stars in STAR_LEVELS:
        if p_value < level:
            return stars
    return ""


def regression_table(models: Mapping[str, TwfeResult], labels: Mapping[str, str],
                     digits: int = 3) -> pd.DataFrame:
    """Coefficients with stars and standard errors in parentheses below, one column per
    model, in the layout of the paper's tables; fixed effects, N and R² at the bottom."""
    rows: list[dict[str, str]] = []
    for term, label in labels.items():
        estimate_row = {"": label}
        se_row = {"": ""}
        for name, result in models.items():
            match = result.coefficients[result.coefficients["term"] == term]
            if match.empty:
                estimate_row[name] = se_row[name] = ""
                continue
            coef = match.iloc[0]
            estimate_row[name] = f"{coef['estimate']:.{digits}f}{star(coef['p_value'])}"
            se_row[name] = f"({coef['std_error']:.{digits}f})"
        rows += [estimate_row, se_row]
    rows.append({"": "Province fixed effects", **{n: "YES" for n in models}})
    rows.append({"": "Year fixed effects", **{n: "YES" for n in models}})
    rows.append({"": "Observations", **{n: str(r.n_obs) for n, r in models.items()}})
    rows.append({"": "Provinces (clusters)", **{n: str(r.n_clusters) for n, r in models.items()}})
    rows.append({"": "R²", **{n: f"{r.r2:.3f}" for n, r in models.items()}})
    rows.append({"": "Within R²", **{n: f"{r.r2_within:.3f}" for n, r in models.items()}})
    return pd.DataFrame(rows)


def check_published_stars(estimates: pd.DataFrame, clusters: Mapping[str, int],
                          reference: str = "t") -> pd.DataFrame:
    """Recompute t and p from printed coefficients and standard errors and compare the stars.

    ``estimates`` has ``sample``, ``coefficient``, ``std_error``, ``stars`` and ``printed``
    (e.g. ``"0.609** (0.016)"``); ``clusters`` maps each sample to its number of clusters G.
    The p-value uses a t distribution with G - 1 degrees of freedom, as clustered inference
    does (``reference="normal"`` uses the standard normal instead, as some software does).
    Rounding is taken into account: a star is only called inconsistent when no
    coefficient and standard error that round to the printed digits would give it.
    """
    if reference not in {"t", "normal"}:
        raise ValueError(f"reference must be 't' or 'normal', not {reference!r}")
    out = estimates.copy()
    g = out["sample"].map(clusters)
    if g.isna().any():
        missing = sorted(set(out.loc[g.isna(), "sample"]))
        raise KeyError(f"no cluster count for samples {missing}")
    df = (g - 1).astype(float) if reference == "t" else pd.Series(np.inf, index=out.index)
    out["t"] = out["coefficient"] / out["std_error"]
    out["p_value"] = 2 * stats.t.sf(out["t"].abs(), df)
    out["stars_implied"] = [star(p) for p in out["p_value"]]
    printed = out["stars"].fillna("").astype(str)
    # Range of |t| compatible with the rounding of the printed numbers.
    halves = [_rounding_half_units(text) for text in out["printed"]]
    coef_half = pd.Series([h[0] for h in halves], index=out.index)
    se_half = pd.Series([h[1] for h in halves], index=out.index)
    t_high = (out["coefficient"].abs() + coef_half) / (out["std_error"] - se_half).clip(lower=1e-12)
    t_low = ((out["coefficient"].abs() - coef_half).clip(lower=0)) / (out["std_error"] + se_half)
    stars_low = [star(2 * stats.t.sf(t, d)) for t, d in zip(t_low, df, strict=True)]
    stars_high = [star(2 * stats.t.sf(t, d)) for t, d in zip(t_high, df, strict=True)]
    order = {"": 0, "*": 1, "**": 2, "***": 3}
    out["consistent"] = [
        order[lo] <= order[p] <= order[hi]
        for p, lo, hi in zip(printed, stars_low, stars_high, strict=True)
    ]
    out["stars_printed"] = printed
    return out.drop(columns=["stars"])


def stars_if_parentheses_are_p(estimates: pd.DataFrame) -> pd.Series:
    """For each printed cell, whether its stars are exactly those its parenthesised number
    would earn if that number were a p-value rather than a standard error."""
    printed = estimates["stars"].fillna("").astype(str)
    return pd.Series([star(p) == s for p, s in zip(estimates["std_error"], printed, strict=True)],
                     index=estimates.index)
