"""The regression chapter: Table 2 agreement, coding of the event study, calibration and
reproducibility of the Monte Carlo study, and the chart builders."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cbec.chapters import regression
from cbec.data import load_table


@pytest.fixture(scope="module")
def analysis() -> pd.DataFrame:
    return regression.analysis_panel(load_table("provincial_panel"))


@pytest.fixture(scope="module")
def xu() -> dict[str, pd.DataFrame]:
    return {name: load_table(f"xu_{name}")
            for name in ["descriptives", "estimates", "model_fit"]}


def test_four_controls_agree_with_xus_table_2_within_rounding(
        analysis: pd.DataFrame, xu: dict[str, pd.DataFrame]) -> None:
    side = regression.descriptives_side_by_side(analysis, xu["descriptives"]).set_index("key")
    for variable in regression.MATCHING_VARIABLES:
        assert side.loc[variable, "agrees"], (variable, side.loc[variable].to_dict())
        assert side.loc[variable, "N ours"] == side.loc[variable, "N Xu"] == 240
    # GDP is a different vintage; CI and CBEC are different measures.
    assert not side.loc[["ln_gdp", "ci", "cbec"], "agrees"].any()


def test_exposure_index_is_between_zero_and_one(analysis: pd.DataFrame) -> None:
    index = analysis["cbec_exposure"]
    assert index.min() == pytest.approx(0.0) and index.max() <= 1.0
    assert analysis.loc[analysis["year"] == 2014, "cbec_exposure"].max() > 0  # Shanghai FTZ
    weights = regression.exposure_weights(analysis)
    assert weights["weight"].sum() == pytest.approx(1.0)


def test_table3_and_regions_have_the_published_designs(analysis: pd.DataFrame) -> None:
    table3 = regression.fit_table3(analysis)
    assert list(table3["(1)"].coefficients["term"]) == ["cbec_exposure"]
    assert len(table3["(2)"].coefficients) == 6
    regions = regression.fit_regions(analysis)
    assert {r: m.n_obs for r, m in regions.items()} == {
        "East": 80, "Central": 48, "West": 88, "Northeast": 24}


def test_published_table_reproduces_the_printed_cells(xu: dict[str, pd.DataFrame]) -> None:
    table = regression.published_table(xu["estimates"], xu["model_fit"], 3).set_index("")
    # Xu's own regressor keeps his name; ours is named for what it is.
    assert regression.term_labels()["cbec_exposure"].startswith("CBEC policy exposure")
    assert table.loc["Cross-border e-commerce (CBEC)", "(2)"] == "0.408**"
    assert table.loc["Observations", "(1)"] == "240"
    table4 = regression.published_table(xu["estimates"], xu["model_fit"], 4).set_index("")
    assert list(table4.columns) == ["(1)", "(2)", "(3)"]
    assert table4.loc["Constant", "(2)"] == "-0.775"


def test_standardised_effects_use_each_studys_spreads(analysis: pd.DataFrame,
                                                     xu: dict[str, pd.DataFrame]) -> None:
    table3 = regression.fit_table3(analysis)
    effects = regression.standardised_effects(
        {"T3": table3["(2)"]}, analysis, xu["estimates"], xu["descriptives"],
        {"T3": ("All provinces", "(2)")}).set_index("study")
    assert effects.loc["Xu (published)", "effect"] == pytest.approx(0.408 * 0.749 / 0.927)
    assert effects.loc["Xu (published)", "low"] < effects.loc["Xu (published)", "effect"]


def test_event_study_sample_codes_cohorts_and_drops_what_it_must(
        analysis: pd.DataFrame) -> None:
    sample = regression.event_study_sample(analysis)
    assert sample["year"].max() == 2019
    assert "Zhejiang" not in set(sample["province_en"])  # lone 2015 adopter
    assert set(sample["cohort"]) == {0.0, 2016.0, 2019.0}
    harbin = sample[sample["province_en"] == "Heilongjiang"].set_index("year")
    assert harbin.loc[2018, "treated"] == 0 and harbin.loc[2019, "treated"] == 1
    assert harbin.loc[2019, "rel_year"] == 0
    assert (sample.loc[sample["cohort"] == 0, "rel_year"] == -1000).all()


def test_event_study_returns_the_reference_year(analysis: pd.DataFrame) -> None:
    path = regression.event_study(regression.event_study_sample(analysis))
    reference = path.set_index("rel_year").loc[-1]
    assert reference["estimate"] == 0 and reference["ci_low"] == 0
    assert path["rel_year"].min() == -5 and path["rel_year"].max() == 3
    assert (path["ci_low"] <= path["estimate"]).all()


def test_calibration_reads_xus_tables(xu: dict[str, pd.DataFrame]) -> None:
    design = regression.calibrate(xu["estimates"], xu["descriptives"], xu["model_fit"])
    assert design.true_effect == 0.408
    assert (design.cbec_mean, design.cbec_sd) == (2.097, 0.749)
    assert design.error_sd == pytest.approx(math.sqrt(1 - 0.990) * 0.927)
    assert design.control_effects["railway_density"] == 12.824


def test_simulated_cbec_has_xus_moments(xu: dict[str, pd.DataFrame]) -> None:
    design = regression.calibrate(xu["estimates"], xu["descriptives"], xu["model_fit"])
    entity = np.repeat(np.arange(30), 8)
    time = np.tile(np.arange(8), 30)
    cbec = regression.simulate_cbec(entity, time, design, np.random.default_rng(1))
    assert cbec.mean() == pytest.approx(2.097) and cbec.std(ddof=1) == pytest.approx(0.749)
    # A large panel pins down the error process: stationary sd and AR(1) coefficient.
    entity = np.repeat(np.arange(3000), 8)
    time = np.tile(np.arange(8), 3000)
    errors = regression.simulate_errors(entity, time, design, np.random.default_rng(2))
    assert errors.std() == pytest.approx(design.error_sd, rel=0.03)
    lagged = pd.Series(errors).groupby(entity).shift(1)
    assert pd.Series(errors).corr(lagged) == pytest.approx(design.rho, abs=0.03)


def test_monte_carlo_is_reproducible_and_summarised(analysis: pd.DataFrame,
                                                    xu: dict[str, pd.DataFrame]) -> None:
    design = regression.calibrate(xu["estimates"], xu["descriptives"], xu["model_fit"])
    central = analysis[analysis["region"] == "Central"]
    first = regression.monte_carlo(central, design, n_sims=20, seed=9, boot_reps=99)
    second = regression.monte_carlo(central, design, n_sims=20, seed=9, boot_reps=99)
    pd.testing.assert_frame_equal(first, second)
    summary = regression.summarise_monte_carlo(first, design.true_effect).set_index("inference")
    assert summary["simulations"].eq(20).all()
    coverage = (first["clustered_p_true"] >= 0.05).mean()
    assert summary.loc["clustered, t(G-1)", "coverage of 95% interval"] == coverage
    assert summary["bias"].iloc[0] == pytest.approx(first["estimate"].mean() - 0.408)


def test_monte_carlo_weights_have_their_own_stream(analysis: pd.DataFrame,
                                                   xu: dict[str, pd.DataFrame]) -> None:
    """Enumerating the 216 Webb patterns of three clusters (reps >= 216) instead of sampling
    99 draws must not change the simulated samples, only the bootstrap."""
    design = regression.calibrate(xu["estimates"], xu["descriptives"], xu["model_fit"])
    northeast = analysis[analysis["region"] == "Northeast"]
    enumerated = regression.monte_carlo(northeast, design, n_sims=5, seed=3, boot_reps=399)
    sampled = regression.monte_carlo(northeast, design, n_sims=5, seed=3, boot_reps=99)
    assert (enumerated["bootstrap_draws"] == 216).all() and (sampled["bootstrap_draws"] == 99).all()
    pd.testing.assert_series_equal(enumerated["estimate"], sampled["estimate"])
    assert (enumerated["wild_ties_zero"] == 6).all()  # the six constant patterns


def test_summary_refuses_p_values_that_rounding_would_decide() -> None:
    results = pd.DataFrame({"estimate": [0.4], "clustered_p_true": [0.05 * (1 + 1e-12)],
                            "wild_p_true": [0.5], "clustered_p_zero": [0.01],
                            "wild_p_zero": [0.01]})
    with pytest.raises(ValueError, match="rounding"):
        regression.summarise_monte_carlo(results, 0.4)


def test_bootstrap_comparison_enumerates_the_northeast(analysis: pd.DataFrame) -> None:
    """With three clusters all 216 Webb patterns are used; the p-value interval is exact."""
    regions = regression.fit_regions(analysis)
    samples = regression.model_samples(analysis)
    comparison = regression.bootstrap_comparison(
        {"Northeast": regions["Northeast"]}, samples, reps=9999, seed=2024).iloc[0]
    assert comparison["bootstrap draws"] == "216 (all)" and comparison["ties with |t|"] == 6
    assert comparison["wild p, ties not counted"] == pytest.approx(86 / 216)  # 0.398
    assert comparison["wild bootstrap p"] == pytest.approx(92 / 216)  # 0.426
    shown = regression.bootstrap_display(pd.DataFrame([comparison]))
    assert shown["wild bootstrap p"].iloc[0] == "0.4259"


@pytest.mark.parametrize("region", ["Northeast", "Central"])
def test_pyfixest_ties_are_computed_on_pyfixests_own_draws(analysis: pd.DataFrame,
                                                           region: str) -> None:
    """wildboottest draws the same Webb weights as pyfixest_weights (its bootstrap t* equal
    ours draw for draw), so the ties disclosed for it are its ties, and the p-value it
    prints lies in the interval they imply."""
    import warnings

    from cbec.stats import inference

    result = regression.fit_regions(analysis)[region]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary, theirs = result.fit.wildboottest(
            reps=9999, param="cbec_exposure", seed=2024, weights_type="webb",
            return_bootstrapped_t_stats=True)
    sample = analysis[analysis["region"] == region].sort_values(["province_en", "year"])
    entity, time = inference.panel_codes(sample)
    regressors = [regression.OUR_COLUMNS[v] for v in ["cbec", *regression.CONTROLS]]
    fast = inference.FastBalancedTwfe(sample[regressors].to_numpy(float), entity, time,
                                      k_fixef="full")  # wildboottest's t uses areg's K
    weights = regression.pyfixest_weights(int(entity.max()) + 1, 9999, 2024)
    _, ours = fast.wild_tstats(sample[regression.OUR_COLUMNS["ci"]].to_numpy(float), 0,
                               weights)
    np.testing.assert_allclose(np.asarray(theirs), ours, rtol=1e-7, atol=1e-9)
    ties = regression.pyfixest_bootstrap_ties(sample, reps=9999, seed=2024)
    _, their_ties = inference.count_exceedances(float(summary["t value"]), np.asarray(theirs))
    assert ties["draws"] == 9999 and ties["ties"] == their_ties
    assert ties["p_low"] <= float(summary["Pr(>|t|)"]) <= ties["p_high"]
    if region == "Northeast":  # about 6/216 of 9,999 draws are constant
        assert 200 < ties["ties"] < 360 and ties["p_low"] < 92 / 216 < ties["p_high"]


@pytest.mark.parametrize(("p", "draws", "text"), [(0.0, 9999, "< 0.0001"), (0.0, 99, "< 0.0101"),
                                                  (1.4e-5, None, "< 0.0001"),
                                                  (0.01234, None, "0.0123")])
def test_format_p(p: float, draws: int | None, text: str) -> None:
    from cbec.charts.tables import format_p

    assert format_p(p, draws) == text


def test_summarise_monte_carlo_on_a_hand_example() -> None:
    results = pd.DataFrame({"estimate": [0.3, 0.5], "clustered_p_true": [0.5, 0.01],
                            "wild_p_true": [0.5, 0.2], "clustered_p_zero": [0.01, 0.2],
                            "wild_p_zero": [0.01, 0.01]})
    summary = regression.summarise_monte_carlo(results, 0.4).set_index("inference")
    assert summary.loc["clustered, t(G-1)", "coverage of 95% interval"] == 0.5
    assert summary.loc["wild bootstrap (Webb)", "power against 0"] == 1.0
    assert summary["RMSE"].iloc[0] == pytest.approx(0.1)


def test_region_means_and_charts_carry_descriptions(analysis: pd.DataFrame) -> None:
    means = regression.region_means(analysis)
    assert len(means) == 7 * 4 * 8
    spec = regression.region_means_chart(means, "Source: test.").to_dict()
    assert spec["description"] and spec["title"]["text"] == ["Source: test."]
    path = pd.DataFrame({"rel_year": [-1, 0], "estimate": [0.0, 0.1], "std_error": [0, 0.1],
                         "ci_low": [0.0, -0.1], "ci_high": [0.0, 0.3]})
    assert regression.event_study_chart(regression.event_study_frame(path),
                                        "Source: x.").to_dict()["description"]
    comparison = pd.DataFrame({"model": ["A"], "clusters": [6], "estimate": [1.0], "t": [2.0],
                               "clustered p (t(G-1))": [0.1], "wild bootstrap p": [0.2]})
    assert regression.pvalues_chart(regression.pvalue_frame(comparison),
                                    "Source: x.").to_dict()["description"]
    effects = pd.DataFrame({"model": ["A"], "study": ["x"], "effect": [0.1], "low": [0.0],
                            "high": [0.2]})
    assert regression.standardised_effects_chart(effects, "Source: x.").to_dict()["description"]
    mc = {"d": pd.DataFrame({"estimate": [0.4, 0.41, 0.45]}),
          "e": pd.DataFrame({"estimate": [0.3, 0.5]})}
    histogram = regression.monte_carlo_histogram(mc, bins=4)
    assert histogram.groupby("design")["share"].sum().round(9).eq(1).all()
    assert regression.monte_carlo_chart(
regression.monte_carlo_histogram(mc), 0.408, "Source: x.").to_dict()["description"]
