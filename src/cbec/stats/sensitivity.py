"""How much the regression chapter's answer depends on its choices: a specification curve
over exposure measures, control sets and outcomes; randomization inference that permutes the
pilot-zone timing across provinces; and leave-one-province-out estimates.

The 2,000-odd fits per randomization test, the 70 of the specification curve and the 30 of
the leave-one-out check use the Frisch–Waugh–Lovell fast path
:class:`cbec.stats.inference.PartialledTwfe`; the tests check each kind against pyfixest
(:func:`cbec.stats.panel.twfe`). Every decision that could hinge on rounding is tie-aware.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from cbec.stats.inference import TIE_RTOL, PartialledTwfe, count_exceedances, panel_codes
from cbec.stats.panel import min_max
from cbec.stats.robustness import critical_value

CONTROLS = ["ln_gdp", "urbanisation_pct", "digital_finance", "ln_college_students",
            "railway_density_km_per_km2"]
CONTROL_NAMES = {"ln_gdp": "ln GDP", "urbanisation_pct": "urbanisation",
                 "digital_finance": "digital finance", "ln_college_students": "education",
                 "railway_density_km_per_km2": "railway density"}
OUTCOMES = {"levels": "ci_proxy_trillion_yuan", "logs": "ln_ci_proxy"}
PILOT_COMPONENTS = ["pilot_cities_in_force", "years_since_first_pilot"]
EXPOSURE_COMPONENTS = ["pilot_cities_in_force", "ftz_in_force", "years_since_first_pilot"]
# The measures' names; the chapter explains each in a sentence.
EXPOSURE_MEASURES = ["entropy-weighted index", "equal-weighted index", "has a pilot zone (0/1)",
                     "years since first pilot zone", "ln(1 + pilot cities)"]
SIGNIFICANCE = 0.05
DECISION_RTOL = 1e-9


def exposure_measures(apanel: pd.DataFrame) -> pd.DataFrame:
    """The five CBEC exposure measures of :data:`EXPOSURE_MEASURES`, one column each."""
    normalised = min_max(apanel, EXPOSURE_COMPONENTS)
    cities = apanel["pilot_cities_in_force"].astype(float)
    measures = pd.DataFrame({
        "entropy-weighted index": apanel["cbec_exposure"].astype(float),
        "equal-weighted index": normalised[EXPOSURE_COMPONENTS].mean(axis=1),
        "has a pilot zone (0/1)": (cities > 0).astype(float),
        "years since first pilot zone": apanel["years_since_first_pilot"].astype(float),
        "ln(1 + pilot cities)": np.log1p(cities),
    }, index=apanel.index)
    return measures[EXPOSURE_MEASURES]


def control_sets() -> dict[str, list[str]]:
    """Control sets Xu's text allows: none (Table 3, column 1), all five (column 2), and all
    five but one, for each control."""
    sets = {"none": [], "all five": list(CONTROLS)}
    for dropped in CONTROLS:
        sets[f"all but {CONTROL_NAMES[dropped]}"] = [c for c in CONTROLS if c != dropped]
    return sets


def _decided(p_values: pd.Series, level: float) -> pd.Series:
    close = (p_values - level).abs() <= DECISION_RTOL * level
    if close.any():
        raise ValueError(f"{int(close.sum())} p-values lie within {DECISION_RTOL:g} of "
                         f"{level}: significance would depend on rounding")
    return p_values < level


def tie_aware_order(values: pd.Series, tiebreak: pd.Series,
                    rtol: float = TIE_RTOL) -> np.ndarray:
    """Positions that sort ``values`` ascending, where values within ``rtol`` (relative to
    the largest magnitude) of their neighbour count as tied and are ordered by ``tiebreak``."""
    numbers = values.to_numpy(float)
    scale = rtol * max(float(np.abs(numbers).max()), np.finfo(float).tiny)
    order = np.lexsort((tiebreak.to_numpy(), numbers))
    groups = np.concatenate([[0], np.cumsum(np.diff(numbers[order]) > scale)])
    return order[np.lexsort((tiebreak.to_numpy()[order], groups))]


def specification_curve(apanel: pd.DataFrame) -> pd.DataFrame:
    """Every exposure measure x control set x outcome: the standardised effect (one s.d. of
    the measure, in s.d. of the outcome) with its 95% interval (province-clustered, t(G−1)),
    sorted by the effect, ties ordered by specification, with ``rank`` 1..S.

    The 70 fits use :class:`cbec.stats.inference.PartialledTwfe` (one partialling per control set
    and outcome, five measures at once); a test checks every one against pyfixest."""
    measures = exposure_measures(apanel)
    ordered = apanel.sort_values(["province_en", "year"], kind="stable")
    entity, time = panel_codes(ordered)
    clusters = int(entity.max()) + 1
    critical = critical_value(clusters)
    candidates = measures.loc[ordered.index].to_numpy(float)
    rows = []
    for outcome_name, outcome in OUTCOMES.items():
        y = ordered[outcome].to_numpy(float)
        for set_name, controls in control_sets().items():
            fits = PartialledTwfe(ordered[controls].to_numpy(float), entity, time).fit_many(
                candidates, y)
            for m, measure in enumerate(measures.columns):
                scale = measures[measure].std() / apanel[outcome].astype(float).std()
                coef, se = fits.coef[m], fits.se[m]
                rows.append({"measure": measure, "controls": set_name,
                             "outcome": outcome_name, "effect": coef * scale,
                             "low": (coef - critical * se) * scale,
                             "high": (coef + critical * se) * scale,
                             "p": 2 * stats.t.sf(abs(fits.t[m]), clusters - 1)})
    curve = pd.DataFrame(rows)
    curve["specification"] = np.arange(len(curve))
    curve["positive and significant"] = (curve["effect"] > 0) & _decided(curve["p"],
                                                                         SIGNIFICANCE)
    curve = curve.iloc[tie_aware_order(curve["effect"], curve["specification"])]
    curve = curve.reset_index(drop=True)
    curve.insert(0, "rank", np.arange(1, len(curve) + 1))
    return curve


def curve_summary(curve: pd.DataFrame) -> pd.DataFrame:
    """Share of specifications that are positive and significant, overall and by choice."""
    rows = [{"choice": "all specifications", "value": "", "specifications": len(curve),
             "positive and significant": curve["positive and significant"].mean()}]
    for choice in ["measure", "controls", "outcome"]:
        for value, group in curve.groupby(choice, sort=False):
            rows.append({"choice": choice, "value": value, "specifications": len(group),
                         "positive and significant": group["positive and significant"].mean()})
    return pd.DataFrame(rows)


def _province_paths(data: pd.DataFrame, provinces: Sequence[str]) -> np.ndarray:
    """Pilot-zone components as a provinces x years x components array (sorted years)."""
    wide = data.pivot(index="province_en", columns="year", values=PILOT_COMPONENTS)
    return np.stack([wide[c].loc[list(provinces)].to_numpy(float) for c in PILOT_COMPONENTS],
                    axis=2)


def permutations(n: int, reps: int, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    """All n! orderings of n provinces when there are at most ``reps`` of them, else
    ``reps`` random ones; returns (B x n array, whether it is the full enumeration)."""
    if math.factorial(n) <= reps:
        return np.array(list(itertools.permutations(range(n)))), True
    return np.array([rng.permutation(n) for _ in range(reps)]), False


def randomization_inference(apanel: pd.DataFrame, sample: pd.DataFrame, reps: int = 2000,
                            seed: int = 2026, outcome: str = OUTCOMES["levels"]) -> dict:
    """Randomization inference for the CBEC exposure coefficient of the model with controls.

    The pilot-zone timing — each province's whole path of pilot cities in force and years
    since its first zone, i.e. its place in the real batch structure — is reassigned across
    the provinces of ``sample``; the free-trade-zone component stays with its province. The
    exposure index is rebuilt with the same entropy weights (a permutation leaves every
    component's distribution, hence the weights, unchanged) and the model is re-estimated.
    The p-value is the share of assignments whose |t| (or |coefficient|) is at least the
    observed one, ties counted; with n! <= ``reps`` every assignment is used, otherwise the
    observed one is counted among ``reps`` random ones: p = (1 + #at least) / (1 + reps).
    Assignments that give every province exactly its own path are ties by construction.
    """
    from cbec.stats.panel import entropy_weights

    ordered = sample.sort_values(["province_en", "year"], kind="stable").reset_index(drop=True)
    provinces = sorted(ordered["province_en"].unique())
    entity, time = panel_codes(ordered)
    weights = entropy_weights(apanel, EXPOSURE_COMPONENTS)
    normalised = min_max(apanel, EXPOSURE_COMPONENTS).loc[
        sample.sort_values(["province_en", "year"], kind="stable").index]
    bounds = {c: (apanel[c].astype(float).min(), apanel[c].astype(float).max())
              for c in PILOT_COMPONENTS}
    paths = _province_paths(ordered, provinces)                       # P x T x 2
    ftz_part = (normalised["ftz_in_force"].to_numpy(float) * weights["ftz_in_force"])
    model = PartialledTwfe(ordered[CONTROLS].to_numpy(float), entity, time)
    y = ordered[outcome].to_numpy(float)
    observed = model.fit_many(ordered[["cbec_exposure"]].to_numpy(float), y)

    orders, enumerated = permutations(len(provinces), reps, np.random.default_rng(seed))
    permuted = paths[orders]                                          # B x P x T x 2
    scaled = [(permuted[..., k] - bounds[c][0]) / (bounds[c][1] - bounds[c][0]) * weights[c]
              for k, c in enumerate(PILOT_COMPONENTS)]
    candidates = (scaled[0] + scaled[1]).reshape(len(orders), -1).T + ftz_part[:, None]
    fits = model.fit_many(candidates, y)
    same = np.all(permuted == paths[None], axis=(1, 2, 3))           # identical assignment
    t_draws, coef_draws = fits.t.copy(), fits.coef.copy()
    t_draws[same], coef_draws[same] = observed.t[0], observed.coef[0]
    result = {"provinces": len(provinces), "assignments": len(orders), "enumerated": enumerated,
              "identical assignments": int(same.sum()), "t": float(observed.t[0]),
              "coefficient": float(observed.coef[0]),
              "t_draws": t_draws, "coefficient_draws": coef_draws}
    for name, stat, draws in [("t", observed.t[0], t_draws),
                              ("coefficient", observed.coef[0], coef_draws)]:
        exceed, ties = count_exceedances(float(stat), draws)
        extreme = exceed + ties
        result[f"p ({name})"] = extreme / len(orders) if enumerated else \
            (1 + extreme) / (1 + len(orders))
        result[f"ties ({name})"] = ties
    return result


def randomization_table(apanel: pd.DataFrame, samples: Mapping[str, pd.DataFrame],
                        reps: int = 2000, seed: int = 2026) -> pd.DataFrame:
    """:func:`randomization_inference` for each sample, one row each."""
    rows = []
    for name, sample in samples.items():
        result = randomization_inference(apanel, sample, reps=reps, seed=seed)
        rows.append({"model": name, "provinces": result["provinces"],
                     "assignments": f"{result['assignments']:,}"
                                    + (" (all)" if result["enumerated"] else ""),
                     "t": result["t"], "RI p (|t|)": result["p (t)"],
                     "RI p (|coefficient|)": result["p (coefficient)"],
                     "ties (|t|)": result["ties (t)"]})
    return pd.DataFrame(rows)


def leave_one_out(apanel: pd.DataFrame, outcome: str = OUTCOMES["levels"]) -> pd.DataFrame:
    """The pooled model with controls re-estimated 30 times, each time without one province:
    estimate, 95% interval (t(G−1), G = 29) and the change from the full-sample estimate.
    Fitted with :class:`cbec.stats.inference.PartialledTwfe` (tested against pyfixest)."""

    def fit(sample: pd.DataFrame) -> tuple[float, float, int]:
        ordered = sample.sort_values(["province_en", "year"], kind="stable")
        entity, time = panel_codes(ordered)
        fits = PartialledTwfe(ordered[CONTROLS].to_numpy(float), entity, time).fit_many(
            ordered[["cbec_exposure"]].to_numpy(float), ordered[outcome].to_numpy(float))
        return float(fits.coef[0]), float(fits.se[0]), int(entity.max()) + 1

    full, _, _ = fit(apanel)
    rows = []
    for province in sorted(apanel["province_en"].unique()):
        estimate, se, clusters = fit(apanel[apanel["province_en"] != province])
        critical = critical_value(clusters)
        rows.append({"province left out": province, "estimate": estimate,
                     "low": estimate - critical * se, "high": estimate + critical * se,
                     "change": estimate - full})
    return pd.DataFrame(rows)


def most_influential(loo: pd.DataFrame, rtol: float = TIE_RTOL) -> list[str]:
    """The province(s) whose removal moves the estimate most; provinces whose |change| is
    within ``rtol`` of the largest are tied and all returned, alphabetically."""
    change = loo["change"].abs()
    largest = float(change.max())
    tied = loo.loc[change >= largest * (1 - rtol), "province left out"]
    return sorted(tied.astype(str))
