"""The fast Monte Carlo engine reproduces pyfixest and wildboottest exactly."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cbec import inference
from cbec.data import load_table
from cbec.panel import twfe

REGRESSORS = ["pilot_cities_in_force", "ln_gdp", "urbanisation_pct", "digital_finance"]
OUTCOME = "ci_proxy_trillion_yuan"


@pytest.fixture(scope="module")
def central() -> pd.DataFrame:
    data = load_table("provincial_panel")
    return data[data["region"] == "Central"].reset_index(drop=True)


def test_two_way_demean_on_a_small_balanced_panel() -> None:
    entity = np.array([0, 0, 1, 1])
    time = np.array([0, 1, 0, 1])
    values = np.array([1.0, 3.0, 2.0, 8.0])
    # grand mean 3.5; entity means 2, 5; time means 1.5, 5.5
    expected = values - np.array([2, 2, 5, 5]) - np.array([1.5, 5.5, 1.5, 5.5]) + 3.5
    assert inference.two_way_demean(values, entity, time) == pytest.approx(expected)
    assert inference.entity_demean(values, entity) == pytest.approx([-1, 1, -3, 3])


def test_two_way_demean_refuses_unbalanced_panels() -> None:
    with pytest.raises(ValueError, match="balanced"):
        inference.two_way_demean(np.ones(3), np.array([0, 0, 1]), np.array([0, 1, 0]))


def test_fast_fit_equals_pyfixest(central: pd.DataFrame) -> None:
    reference = twfe(central, OUTCOME, REGRESSORS).coefficients
    entity, time = inference.panel_codes(central)
    fast = inference.FastBalancedTwfe(central[REGRESSORS].to_numpy(float), entity, time)
    fit = fast.fit(central[OUTCOME].to_numpy(float))
    np.testing.assert_allclose(fit.coef, reference["estimate"], rtol=1e-9, atol=1e-13)
    np.testing.assert_allclose(fit.se, reference["std_error"], rtol=1e-9)
    np.testing.assert_allclose(fit.p_value, reference["p_value"], rtol=1e-7)


def test_fast_wild_bootstrap_equals_wildboottest_under_full_enumeration(
        central: pd.DataFrame) -> None:
    result = twfe(central, OUTCOME, REGRESSORS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary, reference = result.fit.wildboottest(
            reps=9999, param=REGRESSORS[0], weights_type="rademacher", seed=1,
            return_bootstrapped_t_stats=True)
    entity, time = inference.panel_codes(central)
    fast = inference.FastBalancedTwfe(central[REGRESSORS].to_numpy(float), entity, time)
    weights = inference.bootstrap_weights(6, 9999, np.random.default_rng(0), "rademacher")
    assert weights.shape == (6, 64)  # all 2^6 sign patterns
    t_stat, t_boot = fast.wild_tstats(central[OUTCOME].to_numpy(float), 0, weights)
    assert t_stat == pytest.approx(float(summary["t value"]), rel=1e-8)
    np.testing.assert_allclose(np.sort(np.abs(t_boot)), np.sort(np.abs(reference)), rtol=1e-7)


def test_bootstrap_p_value_of_a_true_null_is_not_small(central: pd.DataFrame) -> None:
    entity, time = inference.panel_codes(central)
    fast = inference.FastBalancedTwfe(central[REGRESSORS].to_numpy(float), entity, time)
    outcome = central[OUTCOME].to_numpy(float)
    estimate = fast.fit(outcome).coef[0]
    weights = inference.bootstrap_weights(6, 999, np.random.default_rng(3), "webb")
    # Testing the point estimate itself gives t = 0, so every bootstrap |t| is larger.
    assert fast.wild_pvalue(outcome, 0, weights, null_value=estimate) == pytest.approx(1.0)
    with pytest.raises(IndexError):
        fast.wild_pvalue(outcome, 7, weights)


def test_bootstrap_weights() -> None:
    rng = np.random.default_rng(5)
    webb = inference.bootstrap_weights(30, 199, rng, "webb")
    assert webb.shape == (30, 199)
    assert set(np.round(np.unique(webb), 6)) <= set(np.round(inference.WEBB_VALUES, 6))
    rademacher = inference.bootstrap_weights(30, 199, rng, "rademacher")
    assert set(np.unique(rademacher)) == {-1.0, 1.0} and rademacher.shape == (30, 199)
    with pytest.raises(ValueError, match="unknown weights"):
        inference.bootstrap_weights(3, 9, rng, "gaussian")


def test_pyfixest_wild_bootstrap_wrapper_is_reproducible(central: pd.DataFrame) -> None:
    result = twfe(central, OUTCOME, REGRESSORS)
    first = inference.wild_bootstrap_pvalue(result, REGRESSORS[0], reps=999, seed=11)
    second = inference.wild_bootstrap_pvalue(result, REGRESSORS[0], reps=999, seed=11)
    assert first == second and 0 <= first <= 1
