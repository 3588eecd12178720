"""The Monte Carlo study of Xu's design: calibration from his tables, simulated samples on the
real controls, and the summary of bias, coverage and power.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cbec.chapters.regression.model import CONTROLS, MC_BOOT_REPS, MC_DESIGNS, MC_SIMS, OUR_COLUMNS
from cbec.stats.inference import (
    PartialledTwfe,
    bootstrap_weights,
    one_blas_thread,
    panel_codes,
)


@dataclass(frozen=True)
class SimulationDesign:
    """Calibration of the Monte Carlo study (every number traceable to Xu's tables)."""

    true_effect: float  # Xu Table 3 (2) CBEC coefficient
    cbec_mean: float  # Xu Table 2
    cbec_sd: float  # Xu Table 2
    error_sd: float  # sqrt(1 - R²) x sd(CI), Xu Tables 2 and 3
    control_effects: dict[str, float]  # Xu Table 3 (2)
    rho: float = 0.5  # within-province AR(1) of the errors: an assumption, stated in text


def calibrate(estimates: pd.DataFrame, published: pd.DataFrame,
              fit: pd.DataFrame) -> SimulationDesign:
    """Read the simulation's parameters from Xu's published tables."""
    col2 = estimates[(estimates["table"] == 3) & (estimates["model"] == "(2)")].set_index(
        "variable")["coefficient"]
    table2 = published.set_index("variable")
    r2 = float(fit[(fit["table"] == 3) & (fit["model"] == "(2)")]["goodness_of_fit"].iloc[0])
    return SimulationDesign(
        true_effect=float(col2["cbec"]),
        cbec_mean=float(table2.loc["cbec", "mean"]),
        cbec_sd=float(table2.loc["cbec", "std_dev"]),
        error_sd=float(np.sqrt(1 - r2) * table2.loc["ci", "std_dev"]),
        control_effects={v: float(col2[v]) for v in CONTROLS},
    )


def simulate_cbec(entity: np.ndarray, time: np.ndarray, design: SimulationDesign,
                  rng: np.random.Generator, n_samples: int | None = None) -> np.ndarray:
    """A simulated CBEC index: province level + common trend + province trend + noise,
    rescaled to Xu's mean and standard deviation (Table 2). With ``n_samples``, that many
    independent indices as the rows of an S x N array."""
    shape = () if n_samples is None else (n_samples,)
    n_entities, n_times = entity.max() + 1, time.max() + 1
    level = rng.normal(0, 1, (*shape, n_entities))[..., entity]
    slope = rng.normal(1, 0.3, (*shape, n_entities))[..., entity]
    raw = level + slope * time / (n_times - 1) * 2 + rng.normal(0, 0.3, (*shape, len(entity)))
    centred = raw - raw.mean(axis=-1, keepdims=True)
    return design.cbec_mean + design.cbec_sd * centred / raw.std(axis=-1, ddof=1, keepdims=True)


def simulate_errors(entity: np.ndarray, time: np.ndarray, design: SimulationDesign,
                    rng: np.random.Generator, n_samples: int | None = None) -> np.ndarray:
    """Within-province AR(1) errors with stationary standard deviation ``error_sd`` (an
    S x N array of independent samples with ``n_samples``)."""
    shape = () if n_samples is None else (n_samples,)
    n_entities, n_times = entity.max() + 1, time.max() + 1
    shocks = rng.normal(0, design.error_sd * np.sqrt(1 - design.rho ** 2),
                        (*shape, n_entities, n_times))
    errors = np.zeros((*shape, n_entities, n_times))
    errors[..., 0] = rng.normal(0, design.error_sd, (*shape, n_entities))
    for t in range(1, n_times):
        errors[..., t] = design.rho * errors[..., t - 1] + shocks[..., t]
    return errors[..., entity, time]


DECISION_RTOL = 1e-9  # a clustered p-value this close to the level cannot be decided


MC_METHODS = [("clustered, t(G-1)", "clustered"),
              ("clustered, t(G-1), areg K", "clustered_full"),
              ("wild bootstrap (Webb)", "wild")]


def monte_carlo(apanel: pd.DataFrame, design: SimulationDesign, n_sims: int, seed: int,
                boot_reps: int = 399) -> pd.DataFrame:
    """Simulate the CI outcome on the real controls with a known CBEC effect and estimate
    Xu's two-way fixed-effects model ``n_sims`` times. Returns one row per simulation with
    the estimate, clustered p-values (H0: effect 0; H0: true effect) and wild bootstrap
    p-values (Webb weights, ``boot_reps`` draws or all 6^G patterns when fewer, same
    hypotheses; ties counted as at least as extreme, see :mod:`cbec.stats.inference`).

    The simulated data and the bootstrap weights come from two independent streams spawned
    from ``seed``, so enumerating the weights never shifts the simulated samples."""
    data_stream, weight_stream = np.random.SeedSequence(seed).spawn(2)
    rng = np.random.default_rng(data_stream)
    data = apanel.sort_values(["province_en", "year"], kind="stable").reset_index(drop=True)
    entity, time = panel_codes(data)
    controls = data[[OUR_COLUMNS[v] for v in CONTROLS]].to_numpy(float)
    control_part = controls @ np.array([design.control_effects[v] for v in CONTROLS])
    province_effect = rng.normal(0, 1, entity.max() + 1)[entity]
    year_effect = np.linspace(0, 0.5, time.max() + 1)[time]
    weights = bootstrap_weights(entity.max() + 1, boot_reps,
                                np.random.default_rng(weight_stream), "webb")
    # The controls and both sets of effects are the same in every simulation: partial them
    # out once (Frisch-Waugh-Lovell; the same estimates and bootstrap as the full model) and
    # run all simulations as the columns of one array.
    model = PartialledTwfe(controls, entity, time)
    cbec = simulate_cbec(entity, time, design, rng, n_sims)                  # S x N
    outcome = (province_effect + year_effect + design.true_effect * cbec + control_part
               + simulate_errors(entity, time, design, rng, n_sims))
    with one_blas_thread():
        tests = model.wild_tests_many(cbec.T, outcome.T, weights, [0.0, design.true_effect])
    # The same t-statistics with areg's K (province dummies counted): larger SEs.
    to_full = np.sqrt(model.ssc / model.small_sample_factor("full"))
    df = int(entity.max())
    t_zero, t_true = np.abs(tests.t_stat)
    p_weak = tests.p_weak()
    return pd.DataFrame({
        "simulation": np.arange(n_sims), "estimate": tests.coef, "std_error": tests.se,
        "clustered_p_zero": 2 * stats.t.sf(t_zero, df),
        "clustered_p_true": 2 * stats.t.sf(t_true, df),
        "clustered_full_p_zero": 2 * stats.t.sf(t_zero * to_full, df),
        "clustered_full_p_true": 2 * stats.t.sf(t_true * to_full, df),
        "wild_p_zero": p_weak[0], "wild_p_true": p_weak[1],
        "wild_ties_zero": tests.ties[0], "wild_ties_true": tests.ties[1],
        "bootstrap_draws": tests.draws,
    })


def undecidable(p_values: pd.Series, level: float, rtol: float = DECISION_RTOL) -> pd.Series:
    """Continuous p-values so close to ``level`` that rounding could decide the test."""
    return (p_values - level).abs() <= rtol * level


def summarise_monte_carlo(results: pd.DataFrame, true_effect: float,
                          level: float = 0.05) -> pd.DataFrame:
    """Bias, RMSE, coverage of 95% intervals (1 - rejection of the true value) and power
    (rejection of zero) for clustered and wild bootstrap inference, with Monte Carlo SEs.

    A test rejects when p < ``level``. Bootstrap p-values are ratios of counts, so that
    comparison is exact; a clustered p-value within :data:`DECISION_RTOL` of the level would
    be decided by rounding, and is refused loudly rather than counted either way."""
    n = len(results)
    methods = [(label, prefix) for label, prefix in MC_METHODS
               if f"{prefix}_p_true" in results.columns]
    for column in [f"{prefix}_p_{h}" for _, prefix in methods if prefix != "wild"
                   for h in ("true", "zero")]:
        close = undecidable(results[column], level)
        if close.any():
            raise ValueError(f"{int(close.sum())} values of {column} lie within "
                             f"{DECISION_RTOL:g} (relative) of the level {level}: the "
                             "decision would depend on floating-point rounding")

    def share(mask: pd.Series) -> tuple[float, float]:
        p = float(mask.mean())
        return p, float(np.sqrt(p * (1 - p) / n))

    rows = []
    for method, prefix in methods:
        coverage, coverage_se = share(results[f"{prefix}_p_true"] >= level)
        power, power_se = share(results[f"{prefix}_p_zero"] < level)
        rows.append({"inference": method, "coverage of 95% interval": coverage,
                     "MC s.e. (coverage)": coverage_se, "power against 0": power,
                     "MC s.e. (power)": power_se})
    summary = pd.DataFrame(rows)
    summary.insert(0, "simulations", n)
    summary.insert(1, "bias", float(results["estimate"].mean() - true_effect))
    summary.insert(2, "RMSE", float(np.sqrt(((results["estimate"] - true_effect) ** 2).mean())))
    return summary


def monte_carlo_study(apanel: pd.DataFrame, design: SimulationDesign,
                      n_sims: int = MC_SIMS, boot_reps: int = MC_BOOT_REPS
                      ) -> dict[str, pd.DataFrame]:
    """The chapter's Monte Carlo study: every design of :data:`MC_DESIGNS`."""
    results = {}
    for name, (region, seed) in MC_DESIGNS.items():
        sample = apanel if region is None else apanel[apanel["region"] == region]
        results[name] = monte_carlo(sample, design, n_sims=n_sims, seed=seed,
                                    boot_reps=boot_reps)
    return results


def monte_carlo_table(results: Mapping[str, pd.DataFrame], true_effect: float) -> pd.DataFrame:
    """:func:`summarise_monte_carlo` of every design, one table with a ``design`` column."""
    summary = pd.concat([summarise_monte_carlo(frame, true_effect).assign(design=name)
                         for name, frame in results.items()], ignore_index=True)
    return summary[["design", *[c for c in summary.columns if c != "design"]]]
