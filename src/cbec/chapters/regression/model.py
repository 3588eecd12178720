"""The panel, the variables and the fitted models of the regression chapter: Xu's variables
rebuilt on real provincial data, Tables 3 and 4, the event study, and the chapter's settings.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from cbec.charts.preamble import GLUED_SIGNIFICANT_DIGITS, stored_value
from cbec.stats.panel import TwfeResult, entropy_index, entropy_weights, twfe
from cbec.stats.robustness import critical_value, minimum_detectable_effect

# Xu's variable -> column of our analysis panel.
OUR_COLUMNS: dict[str, str] = {
    "ci": "ci_proxy_trillion_yuan",
    "cbec": "cbec_exposure",
    "ln_gdp": "ln_gdp",
    "urbanisation": "urbanisation_pct",
    "digital_finance": "digital_finance",
    "education": "ln_college_students",
    "railway_density": "railway_density_km_per_km2",
}


LABELS: dict[str, str] = {
    "ci": "Circulation industry (CI)",
    "cbec": "Cross-border e-commerce (CBEC)",
    "ln_gdp": "Regional economic development (ln GDP)",
    "urbanisation": "Urbanisation (%)",
    "digital_finance": "Digital inclusive finance (PKU index)",
    "education": "Education (ln students per 100,000)",
    "railway_density": "Railway density (km per km²)",
    "constant": "Constant",
}


CONTROLS = ["ln_gdp", "urbanisation", "digital_finance", "education", "railway_density"]


EXPOSURE_COMPONENTS = ["pilot_cities_in_force", "ftz_in_force", "years_since_first_pilot"]


MATCHING_VARIABLES = ["digital_finance", "urbanisation", "education", "railway_density"]


REGIONS = ["East", "Central", "West", "Northeast"]


# Clusters (provinces) behind each of Xu's samples: 240/8, 80/8, 48/8, 88/8.
XU_CLUSTERS = {"All provinces": 30, "East": 10, "Central": 6, "West": 11}


TRUE_EFFECT_SOURCE = ("xu_estimates", 3, "(2)", "cbec")  # the 0.408 of Table 3, column (2)
# Settings of the chapter's simulations and bootstraps (the notebook and the cross-CPU test


# Settings of the chapter's simulations and bootstraps (the notebook and the cross-CPU test
# read them from here, so both run exactly the same computations).
BOOTSTRAP_REPS, BOOTSTRAP_SEED = 9999, 2024


MC_SIMS, MC_BOOT_REPS = 2000, 399


MC_DESIGNS: dict[str, tuple[str | None, int]] = {  # design -> (region or all, seed)
    "30 provinces": (None, 2024), "6 central provinces": ("Central", 2025)}


NE_EXERCISE_SIMS, NE_EXERCISE_SEED = 300, 7


def stable(value: float, digits: int = GLUED_SIGNIFICANT_DIGITS) -> float:
    """A glued number as every chapter stores it (:func:`cbec.charts.preamble.stored_value`:
    ``digits`` significant digits and decimals; the page prints at most four, and the stored
    value must not carry the last bits of a floating-point sum)."""
    return float(stored_value(float(value), digits))


def model_samples(apanel: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The pooled sample and the four regional ones, by name."""
    return {"All provinces": apanel,
            **{region: apanel[apanel["region"] == region] for region in REGIONS}}


def analysis_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """The provincial panel plus the CBEC policy-exposure index (entropy-weighted, 0–1) and
    ln of the circulation proxy."""
    out = panel.copy()
    out["cbec_exposure"] = entropy_index(out, EXPOSURE_COMPONENTS)
    out["ln_ci_proxy"] = np.log(out["ci_proxy_100m_yuan"].astype(float))
    return out


def exposure_weights(panel: pd.DataFrame) -> pd.DataFrame:
    """Entropy weights of the exposure components, as a small table."""
    weights = entropy_weights(panel, EXPOSURE_COMPONENTS)
    return pd.DataFrame({"component": weights.index, "weight": weights.to_numpy()})


AGREEMENT_UNITS = 1.5  # tolerance, in units of the last digit Xu printed


def _last_digit_unit(number: float) -> float:
    """One unit of the last printed digit of a number as it appears in the paper."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 10.0 ** -decimals


def descriptives_side_by_side(apanel: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Our mean, sd, min and max of each of Xu's variables next to his Table 2.

    ``largest gap`` is the largest difference over the four statistics, in units of the last
    digit Xu printed; ``agrees`` is true when it is at most :data:`AGREEMENT_UNITS` (Xu does
    not say whether he rounded or truncated, and one statistical revision can move a
    third decimal).
    """
    rows = []
    for variable, column in OUR_COLUMNS.items():
        ours = apanel[column].astype(float)
        theirs = published.set_index("variable").loc[variable]
        stats_ours = {"mean": ours.mean(), "std_dev": ours.std(ddof=1), "minimum": ours.min(),
                      "maximum": ours.max()}
        gap = max(abs(stats_ours[s] - float(theirs[s])) / _last_digit_unit(float(theirs[s]))
                  for s in stats_ours)
        rows.append({
            "variable": LABELS[variable], "key": variable, "our column": column,
            "N ours": len(ours), "N Xu": int(theirs["observations"]),
            **{f"{s} ours": v for s, v in stats_ours.items()},
            **{f"{s} Xu": float(theirs[s]) for s in stats_ours},
            "largest gap (last-digit units)": gap,
            "agrees": bool(gap <= AGREEMENT_UNITS),
        })
    return pd.DataFrame(rows)


def fit_table3(apanel: pd.DataFrame) -> dict[str, TwfeResult]:
    """Our versions of Table 3: CI proxy on CBEC exposure without and with the controls."""
    outcome = OUR_COLUMNS["ci"]
    return {
        "(1)": twfe(apanel, outcome, [OUR_COLUMNS["cbec"]]),
        "(2)": twfe(apanel, outcome, [OUR_COLUMNS[v] for v in ["cbec", *CONTROLS]]),
    }


def fit_regions(apanel: pd.DataFrame) -> dict[str, TwfeResult]:
    """Table 4 by region (with the Northeast, which Xu leaves out), all controls."""
    regressors = [OUR_COLUMNS[v] for v in ["cbec", *CONTROLS]]
    return {region: twfe(apanel[apanel["region"] == region], OUR_COLUMNS["ci"], regressors)
            for region in REGIONS}


# What our regressions estimate: the CBEC regressor is the pilot-zone exposure index.
OUR_LABELS: dict[str, str] = {**LABELS, "ci": "Circulation proxy (value added, trillion yuan)",
                              "cbec": "CBEC policy exposure (pilot-zone index, 0–1)"}


def term_labels() -> dict[str, str]:
    """Our column names -> row labels of the regression tables."""
    return {OUR_COLUMNS[v]: OUR_LABELS[v] for v in ["cbec", *CONTROLS]}


def published_table(estimates: pd.DataFrame, fit: pd.DataFrame, table: int) -> pd.DataFrame:
    """Xu's published Table 3 or 4 in the layout of
    :func:`cbec.stats.panel.regression_table`."""
    chosen = estimates[estimates["table"] == table]
    models = list(dict.fromkeys(chosen["model"]))
    rows = []
    for variable in ["cbec", *CONTROLS, "constant"]:
        estimate_row = {"": LABELS[variable]}
        se_row = {"": ""}
        for model in models:
            cell = chosen[(chosen["model"] == model) & (chosen["variable"] == variable)]
            if cell.empty:
                estimate_row[model] = se_row[model] = ""
                continue
            cell = cell.iloc[0]
            stars = "" if pd.isna(cell["stars"]) else str(cell["stars"])
            estimate_row[model] = f"{cell['coefficient']:g}{stars}"
            se_row[model] = f"({cell['std_error']:g})"
        rows += [estimate_row, se_row]
    fits = fit[fit["table"] == table].set_index("model")
    rows.append({"": "Observations", **{m: str(int(fits.loc[m, "observations"]))
                                        for m in models}})
    rows.append({"": "Goodness of fit", **{m: f"{fits.loc[m, 'goodness_of_fit']:g}"
                                           for m in models}})
    return pd.DataFrame(rows)


def standardised_effects(models: Mapping[str, TwfeResult], apanel: pd.DataFrame,
                         estimates: pd.DataFrame, published: pd.DataFrame,
                         xu_match: Mapping[str, tuple[str, str] | None]) -> pd.DataFrame:
    """CBEC coefficients in standard-deviation units, ours and Xu's (derived numbers).

    ``beta x sd(CBEC) / sd(CI)`` with each study's own pooled standard deviations (Xu's from
    his Table 2), with 95% intervals from the clustered standard error and t(G-1).
    ``xu_match`` maps each of our model names to Xu's (sample, column), or None.
    """
    sd_ours = apanel[OUR_COLUMNS["cbec"]].std() / apanel[OUR_COLUMNS["ci"]].std()
    table2 = published.set_index("variable")
    sd_xu = float(table2.loc["cbec", "std_dev"]) / float(table2.loc["ci", "std_dev"])
    rows = []
    for name, result in models.items():
        coef = result.coefficients.set_index("term").loc[OUR_COLUMNS["cbec"]]
        crit = stats.t.ppf(0.975, result.n_clusters - 1)
        rows.append({"model": name, "study": "This book (real proxies)",
                     "effect": coef["estimate"] * sd_ours,
                     "low": (coef["estimate"] - crit * coef["std_error"]) * sd_ours,
                     "high": (coef["estimate"] + crit * coef["std_error"]) * sd_ours})
        match = xu_match.get(name)
        if match is None:
            continue
        sample, column = match
        row = estimates[(estimates["sample"] == sample) & (estimates["model"] == column)
                        & (estimates["variable"] == "cbec")].iloc[0]
        crit_xu = stats.t.ppf(0.975, XU_CLUSTERS[sample] - 1)
        rows.append({"model": name, "study": "Xu (published)",
                     "effect": row["coefficient"] * sd_xu,
                     "low": (row["coefficient"] - crit_xu * row["std_error"]) * sd_xu,
                     "high": (row["coefficient"] + crit_xu * row["std_error"]) * sd_xu})
    return pd.DataFrame(rows)


def event_study_sample(apanel: pd.DataFrame, last_year: int = 2019) -> pd.DataFrame:
    """Panel for the staggered-adoption event study with not-yet-treated controls.

    Every province has a pilot zone in force by 2020, so years from 2020 on have no untreated
    comparison: the sample ends in ``last_year`` and provinces first treated after it serve
    as not-yet-treated controls (cohort 0). Zhejiang, the only 2015 adopter, has a single
    untreated year; pyfixest's two-stage estimator drops such singleton effects, so it is
    left out explicitly (and said so in the text).
    """
    sample = apanel[apanel["year"] <= last_year].copy()
    first = sample["first_pilot_year"].astype("float64")
    single_pre = sample.loc[first == sample["year"].min() + 1, "province_en"].unique()
    sample = sample[~sample["province_en"].isin(single_pre)].copy()
    first = sample["first_pilot_year"].astype("float64")
    sample["cohort"] = np.where(first <= last_year, first, 0.0)
    sample["treated"] = ((sample["cohort"] > 0) & (sample["year"] >= sample["cohort"])).astype(int)
    sample["rel_year"] = np.where(sample["cohort"] > 0, sample["year"] - sample["cohort"],
                                  -1000.0)
    sample["province_id"] = pd.factorize(sample["province_en"], sort=True)[0]
    return sample.reset_index(drop=True)


def event_study(sample: pd.DataFrame, outcome: str = "ln_ci_proxy") -> pd.DataFrame:
    """Gardner's two-stage DiD (pyfixest ``did2s``) by year relative to the first pilot zone,
    reference year -1, province-clustered. Returns rel_year, estimate, standard error, a 95%
    interval from t(G−1) like every other interval in the chapter (pyfixest's own uses a
    different critical value), and the minimum detectable effect at 80% power."""
    import warnings

    import pyfixest as pf

    frame = sample[[outcome, "province_id", "year", "treated", "rel_year"]].astype(float)
    frame["province_id"] = frame["province_id"].astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.did2s(frame, yname=outcome, first_stage="~ 0 | province_id + year",
                       second_stage="~ i(rel_year, ref=-1.0)", treatment="treated",
                       cluster="province_id")
    tidy = fit.tidy().reset_index()
    rel = tidy["Coefficient"].str.extract(r"rel_year::(-?[0-9.]+)")[0].astype(float)
    # -1000 marks the not-yet-treated cohort: its second-stage dummy only absorbs their
    # (zero-mean) first-stage residuals and is not an event-time effect.
    tidy, rel = tidy[rel > -1000], rel[rel > -1000]
    clusters = int(sample["province_id"].nunique())
    critical = critical_value(clusters)
    estimate, std_error = tidy["Estimate"].to_numpy(float), tidy["Std. Error"].to_numpy(float)
    out = pd.DataFrame({"rel_year": rel.astype(int).to_numpy(), "estimate": estimate,
                        "std_error": std_error, "ci_low": estimate - critical * std_error,
                        "ci_high": estimate + critical * std_error,
                        "mde_80": minimum_detectable_effect(std_error, clusters)})
    reference = pd.DataFrame({"rel_year": [-1], "estimate": [0.0], "std_error": [0.0],
                              "ci_low": [0.0], "ci_high": [0.0], "mde_80": [np.nan]})
    return pd.concat([out, reference]).sort_values("rel_year", kind="stable").reset_index(drop=True)


RI_REPS, RI_SEED = 2000, 2026
