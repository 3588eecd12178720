"""The fast Monte Carlo engine reproduces pyfixest and wildboottest exactly."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cbec.data import load_table
from cbec.stats import inference
from cbec.stats.panel import twfe

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
    # wildboottest's t uses the areg-style small-sample factor; the p-value does not depend
    # on it (it scales t and every t* alike).
    fast = inference.FastBalancedTwfe(central[REGRESSORS].to_numpy(float), entity, time,
                                      k_fixef="full")
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


@pytest.fixture(scope="module")
def northeast() -> pd.DataFrame:
    data = load_table("provincial_panel")
    return data[data["region"] == "Northeast"].reset_index(drop=True)


def test_constant_weight_draws_tie_exactly_with_the_sample_t(northeast: pd.DataFrame) -> None:
    entity, time = inference.panel_codes(northeast)
    fast = inference.FastBalancedTwfe(northeast[REGRESSORS].to_numpy(float), entity, time)
    weights = inference.bootstrap_weights(3, 9999, np.random.default_rng(0), "webb")
    t_stat, t_boot = fast.wild_tstats(northeast[OUTCOME].to_numpy(float), 0, weights)
    constant = np.all(weights == weights[:1], axis=0)
    assert constant.sum() == 6  # one per Webb value
    assert (np.abs(t_boot[constant]) == abs(t_stat)).all()  # exactly, not approximately
    np.testing.assert_array_equal(np.sign(t_boot[constant]) * np.sign(t_stat),
                                  np.sign(weights[0, constant]))
    test = fast.wild_test(northeast[OUTCOME].to_numpy(float), 0, weights)
    assert test.enumerated and test.draws == 216 and test.ties == 6
    assert test.p_weak - test.p_strict == pytest.approx(6 / 216)


def test_few_clusters_are_enumerated_and_many_are_sampled() -> None:
    rng = np.random.default_rng(1)
    three = inference.bootstrap_weights(3, 399, rng, "webb")
    assert three.shape == (3, 216) and inference.is_enumeration(three, "webb")
    assert len({tuple(column) for column in three.T}) == 216
    six = inference.bootstrap_weights(6, 9999, rng, "webb")  # 6^6 = 46,656 > 9,999
    assert six.shape == (6, 9999) and not inference.is_enumeration(six, "webb")
    assert inference.bootstrap_weights(3, 215, rng, "webb").shape == (3, 215)


def test_ties_are_counted_within_the_relative_tolerance() -> None:
    t_boot = np.array([2.0, -2.0 * (1 + 1e-9), 2.0 * (1 - 1e-9), 2.1, -3.0, 1.0, 2.0 * 1.00001])
    exceed, ties = inference.count_exceedances(2.0, t_boot)
    assert (exceed, ties) == (3, 3)  # 2.1, 3.0, 2.00002 exceed; three agree to 1e-6
    assert inference.count_exceedances(2.0, t_boot, rtol=0.0) == (4, 1)
    assert inference.count_exceedances(0.0, np.array([0.0, 0.5])) == (1, 1)


def test_p_values_of_a_wild_test_bracket_the_ties() -> None:
    test = inference.WildBootstrapTest(t_stat=1.0, t_boot=np.zeros(10), exceed=2, ties=3,
                                       enumerated=False)
    assert (test.draws, test.p_strict, test.p_weak) == (10, 0.2, 0.5)


def test_bootstrap_p_values_survive_rounding_noise(northeast: pd.DataFrame) -> None:
    """The decision-relevant counts do not move when the data move by 1e-12."""
    entity, time = inference.panel_codes(northeast)
    x = northeast[REGRESSORS].to_numpy(float)
    y = northeast[OUTCOME].to_numpy(float)
    weights = inference.bootstrap_weights(3, 999, np.random.default_rng(0), "webb")
    reference = inference.FastBalancedTwfe(x, entity, time).wild_test(y, 0, weights)
    rng = np.random.default_rng(4)
    for _ in range(5):
        noise = 1 + 1e-12 * rng.choice([-1.0, 1.0], size=x.shape)
        other = inference.FastBalancedTwfe(x * noise, entity, time).wild_test(y, 0, weights)
        assert (other.exceed, other.ties) == (reference.exceed, reference.ties)


def test_small_sample_factors_of_the_two_conventions(central: pd.DataFrame) -> None:
    entity, time = inference.panel_codes(central)
    fast = inference.FastBalancedTwfe(central[REGRESSORS].to_numpy(float), entity, time)
    n, k, g, t = 48, len(REGRESSORS), 6, 8
    assert fast.small_sample_factor("nonnested") == pytest.approx(g / (g - 1) * (n - 1) /
                                                                 (n - k - t))
    assert fast.small_sample_factor("full") == pytest.approx(g / (g - 1) * (n - 1) /
                                                            (n - k - g - t + 1))
    with pytest.raises(ValueError, match="k_fixef"):
        fast.small_sample_factor("areg")


@pytest.mark.parametrize("region", ["Central", "Northeast", None])
def test_partialled_wild_tests_equal_the_full_model_draw_for_draw(region: str | None) -> None:
    data = load_table("provincial_panel")
    sample = data if region is None else data[data["region"] == region]
    sample = sample.sort_values(["province_en", "year"]).reset_index(drop=True)
    entity, time = inference.panel_codes(sample)
    x, y = sample[REGRESSORS].to_numpy(float), sample[OUTCOME].to_numpy(float)
    full = inference.FastBalancedTwfe(x, entity, time)
    partialled = inference.PartialledTwfe(x[:, 1:], entity, time)
    weights = inference.bootstrap_weights(int(entity.max()) + 1, 999,
                                          np.random.default_rng(8), "webb")
    coef, se, tests = partialled.wild_tests(x[:, 0], y, weights, [0.0, 0.5])
    fit = full.fit(y)
    assert coef == pytest.approx(fit.coef[0], rel=1e-9) and se == pytest.approx(fit.se[0],
                                                                                 rel=1e-9)
    for null, test in zip([0.0, 0.5], tests, strict=True):
        reference = full.wild_test(y, 0, weights, null)
        assert test.t_stat == pytest.approx(reference.t_stat, rel=1e-9)
        np.testing.assert_allclose(test.t_boot, reference.t_boot, rtol=1e-8, atol=1e-10)
        assert (test.exceed, test.ties, test.enumerated) == (
            reference.exceed, reference.ties, reference.enumerated)
    assert partialled.small_sample_factor("full") == pytest.approx(
        full.small_sample_factor("full"))


def test_many_samples_at_once_equal_one_at_a_time() -> None:
    """The chunked S-sample engine gives each sample exactly what the one-sample call gives."""
    data = load_table("provincial_panel")
    sample = data[data["region"] == "West"].sort_values(["province_en", "year"])
    entity, time = inference.panel_codes(sample)
    x = sample[REGRESSORS].to_numpy(float)
    rng = np.random.default_rng(12)
    candidates = rng.normal(size=(len(sample), 7))
    outcomes = sample[OUTCOME].to_numpy(float)[:, None] + 0.1 * rng.normal(size=(len(sample), 7))
    weights = inference.bootstrap_weights(int(entity.max()) + 1, 199, rng, "webb")
    model = inference.PartialledTwfe(x[:, 1:], entity, time)
    many = model.wild_tests_many(candidates, outcomes, weights, [0.0, 0.2], chunk=3)
    for s in range(7):
        coef, se, tests = model.wild_tests(candidates[:, s], outcomes[:, s], weights, [0.0, 0.2])
        assert (many.coef[s], many.se[s]) == pytest.approx((coef, se), rel=1e-12)
        for j, test in enumerate(tests):
            assert (many.exceed[j, s], many.ties[j, s]) == (test.exceed, test.ties)
            assert many.t_stat[j, s] == pytest.approx(test.t_stat, rel=1e-12)
    assert many.p_weak().shape == (2, 7)
