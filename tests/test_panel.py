"""Entropy-weight index, two-way fixed effects (cross-checked against linearmodels), tables in
the paper's layout and the check of published stars."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cbec.data import load_table
from cbec.stats import panel


def test_entropy_weights_match_a_hand_computed_example() -> None:
    # x1 = 1, 2, 3 -> normalised 0, .5, 1 -> shares 0, 1/3, 2/3 -> entropy 0.579380
    # x2 = 1, 1, 4 -> normalised 0, 0, 1 -> shares 0, 0, 1 -> entropy 0
    # divergences 0.420620 and 1 -> weights 0.296082 and 0.703918
    frame = pd.DataFrame({"x1": [1.0, 2.0, 3.0], "x2": [1.0, 1.0, 4.0]})
    weights = panel.entropy_weights(frame, ["x1", "x2"])
    assert weights["x1"] == pytest.approx(0.296082, abs=1e-6)
    assert weights["x2"] == pytest.approx(0.703918, abs=1e-6)
    index = panel.entropy_index(frame, ["x1", "x2"])
    assert index.tolist() == pytest.approx([0.0, 0.5 * 0.296082, 1.0], abs=1e-6)


def test_min_max_refuses_constant_and_missing_columns() -> None:
    with pytest.raises(ValueError, match="'c' is constant"):
        panel.min_max(pd.DataFrame({"c": [2.0, 2.0]}), ["c"])
    with pytest.raises(ValueError, match="'m' has missing values"):
        panel.min_max(pd.DataFrame({"m": [1.0, None]}), ["m"])
    with pytest.raises(ValueError, match="at least two"):
        panel.entropy_weights(pd.DataFrame({"a": [1.0]}), ["a"])


@pytest.fixture(scope="module")
def provincial() -> pd.DataFrame:
    return load_table("provincial_panel")


REGRESSORS = ["pilot_cities_in_force", "ln_gdp", "urbanisation_pct", "digital_finance",
              "ln_college_students", "railway_density_km_per_km2"]


def test_twfe_matches_linearmodels_with_the_stated_correction(provincial: pd.DataFrame) -> None:
    from linearmodels.panel import PanelOLS

    result = panel.twfe(provincial, "ci_proxy_trillion_yuan", REGRESSORS, k_fixef="full")
    frame = provincial.set_index(["province_en", "year"])[
        ["ci_proxy_trillion_yuan", *REGRESSORS]].astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = PanelOLS(frame["ci_proxy_trillion_yuan"], frame[REGRESSORS],
                             entity_effects=True, time_effects=True).fit(
            cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    ours = result.coefficients.set_index("term")
    np.testing.assert_allclose(ours.loc[REGRESSORS, "estimate"], reference.params[REGRESSORS],
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.loc[REGRESSORS, "std_error"],
                               reference.std_errors[REGRESSORS], rtol=1e-9)
    assert (result.n_obs, result.n_clusters) == (240, 30)
    assert 0 < result.r2_within < result.r2 < 1


def test_nested_convention_drops_the_province_dummies_from_k(provincial: pd.DataFrame) -> None:
    """fixest's default K = k + T (province effects nested in the clusters) against areg's
    K = k + G + T - 1: the two SEs differ by exactly sqrt((N - K_full) / (N - K_nested))."""
    nested = panel.twfe(provincial, "ci_proxy_trillion_yuan", REGRESSORS)
    full = panel.twfe(provincial, "ci_proxy_trillion_yuan", REGRESSORS, k_fixef="full")
    n, k, g, t = 240, len(REGRESSORS), 30, 8
    ratio = np.sqrt((n - 1) / (n - (k + g + t - 1))) / np.sqrt((n - 1) / (n - (k + t)))
    np.testing.assert_allclose(full.coefficients["std_error"] / nested.coefficients["std_error"],
                               ratio, rtol=1e-9)
    np.testing.assert_allclose(full.coefficients["estimate"], nested.coefficients["estimate"],
                               rtol=1e-12)
    assert ratio == pytest.approx(1.0711, abs=1e-4)  # areg-style SEs are 7% larger here
    with pytest.raises(ValueError, match="k_fixef"):
        panel.twfe(provincial, "ci_proxy_trillion_yuan", REGRESSORS, k_fixef="areg")


def test_twfe_variants_trends_region_year_effects_and_other_vcovs(
        provincial: pd.DataFrame) -> None:
    data = provincial.assign(trend=provincial["year"] - 2014)
    base = panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS)
    trends = panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS,
                        extra_terms=["i(province_en, trend)"], extra_columns=["trend"])
    assert list(trends.coefficients["term"]) == REGRESSORS  # trend terms are not reported
    assert trends.fit._k == len(REGRESSORS) + 29  # one of 30 trends is the common trend
    region_year = panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS,
                             fixed_effects=["province_en", "region^year"])
    assert region_year.coefficients["estimate"].iloc[0] != base.coefficients["estimate"].iloc[0]
    twoway = panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS, vcov="twoway")
    np.testing.assert_allclose(twoway.coefficients["estimate"], base.coefficients["estimate"],
                               rtol=1e-12)
    assert not np.allclose(twoway.coefficients["std_error"], base.coefficients["std_error"])
    kraay = panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS, vcov="driscoll-kraay",
                       dk_lag=2)
    assert (kraay.coefficients["std_error"] > 0).all()
    with pytest.raises(ValueError, match="dk_lag"):
        panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS, vcov="driscoll-kraay")
    with pytest.raises(ValueError, match="vcov"):
        panel.twfe(data, "ci_proxy_trillion_yuan", REGRESSORS, vcov="hc1")


def test_twfe_p_values_use_t_with_g_minus_1_degrees_of_freedom(provincial: pd.DataFrame) -> None:
    from scipy import stats

    result = panel.twfe(provincial, "ci_proxy_trillion_yuan", ["pilot_cities_in_force"])
    row = result.coefficients.iloc[0]
    assert row["p_value"] == pytest.approx(2 * stats.t.sf(abs(row["t"]), 29), rel=1e-6)


def test_twfe_refuses_gaps_and_empty_regressors(provincial: pd.DataFrame) -> None:
    broken = provincial.copy()
    broken.loc[3, "ln_gdp"] = None
    with pytest.raises(ValueError, match="missing values"):
        panel.twfe(broken, "ci_proxy_trillion_yuan", ["ln_gdp"])
    with pytest.raises(ValueError, match="at least one"):
        panel.twfe(provincial, "ci_proxy_trillion_yuan", [])


@pytest.mark.parametrize(("p", "stars"), [(0.001, "***"), (0.0099, "***"), (0.01, "**"),
                                          (0.049, "**"), (0.05, "*"), (0.0999, "*"),
                                          (0.1, ""), (0.7, "")])
def test_star_thresholds(p: float, stars: str) -> None:
    assert panel.star(p) == stars


def test_regression_table_layout(provincial: pd.DataFrame) -> None:
    result = panel.twfe(provincial, "ci_proxy_trillion_yuan", ["pilot_cities_in_force"])
    table = panel.regression_table({"(1)": result}, {"pilot_cities_in_force": "Pilot cities"})
    assert table.iloc[0, 0] == "Pilot cities"
    assert table.iloc[1, 1].startswith("(") and table.iloc[1, 1].endswith(")")
    assert table.iloc[0, 1].endswith("***")
    assert table.set_index("").loc["Observations", "(1)"] == "240"


def test_check_published_stars_recomputes_and_respects_rounding() -> None:
    printed = pd.DataFrame({
        "sample": ["A", "A", "B"],
        "coefficient": [0.609, 0.01, 0.22],
        "std_error": [0.016, 0.003, 0.259],
        "stars": ["**", None, "**"],
        "printed": ["0.609** (0.016)", "0.01 (0.003)", "0.22** (0.259)"],
    })
    out = panel.check_published_stars(printed, {"A": 30, "B": 10})
    assert out["t"].round(3).tolist() == [38.062, 3.333, 0.849]
    assert out["stars_implied"].tolist() == ["***", "***", ""]
    # 0.01 may be 0.005 before rounding: t could be 1.43, so "no star" is possible.
    assert out["consistent"].tolist() == [False, True, False]
    with pytest.raises(KeyError, match="cluster count"):
        panel.check_published_stars(printed, {"A": 30})


def test_rounding_units_are_read_from_the_printed_cell() -> None:
    assert panel._rounding_half_units("-.775 (2.388)") == (0.0005, 0.0005)
    assert panel._rounding_half_units("0.22** (0.259)") == (0.005, 0.0005)
    with pytest.raises(ValueError, match="cannot read"):
        panel._rounding_half_units("n/a")
