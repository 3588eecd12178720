"""Specification curve, randomization inference and leave-one-out: the fast path equals
pyfixest, permutations keep the batch structure, ties are handled, and the verdict is
generated from the results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cbec.chapters import regression
from cbec.data import load_table
from cbec.stats import inference, sensitivity
from cbec.stats.panel import twfe


@pytest.fixture(scope="module")
def analysis() -> pd.DataFrame:
    return regression.analysis_panel(load_table("provincial_panel"))


@pytest.fixture(scope="module")
def curve(analysis: pd.DataFrame) -> pd.DataFrame:
    return sensitivity.specification_curve(analysis)


def test_partialled_fast_path_equals_pyfixest(analysis: pd.DataFrame) -> None:
    entity, time = inference.panel_codes(analysis)
    controls = analysis[sensitivity.CONTROLS].to_numpy(float)
    candidates = np.column_stack([analysis["cbec_exposure"].to_numpy(float),
                                  np.random.default_rng(1).normal(size=len(analysis))])
    fits = inference.PartialledTwfe(controls, entity, time).fit_many(
        candidates, analysis["ci_proxy_trillion_yuan"].to_numpy(float))
    for j in range(candidates.shape[1]):
        reference = twfe(analysis.assign(candidate=candidates[:, j]), "ci_proxy_trillion_yuan",
                         ["candidate", *sensitivity.CONTROLS]).coefficients.iloc[0]
        assert fits.coef[j] == pytest.approx(reference["estimate"], rel=1e-9)
        assert fits.se[j] == pytest.approx(reference["std_error"], rel=1e-9)


def test_every_specification_equals_pyfixest(analysis: pd.DataFrame,
                                             curve: pd.DataFrame) -> None:
    measures = sensitivity.exposure_measures(analysis)
    data = analysis.assign(**{f"m{i}": measures[m] for i, m in enumerate(measures)})
    sets = sensitivity.control_sets()
    assert len(curve) == len(measures.columns) * len(sets) * 2 == 70
    for row in curve.itertuples():
        column = f"m{list(measures.columns).index(row.measure)}"
        outcome = sensitivity.OUTCOMES[row.outcome]
        reference = twfe(data, outcome, [column, *sets[row.controls]]).coefficients.iloc[0]
        scale = measures[row.measure].std() / analysis[outcome].std()
        assert row.effect == pytest.approx(reference["estimate"] * scale, rel=1e-8, abs=1e-12)
        assert row.low == pytest.approx(reference["ci_low"] * scale, rel=1e-8, abs=1e-12)
        assert row.p == pytest.approx(reference["p_value"], rel=1e-6, abs=1e-12)


def test_curve_is_sorted_and_ranked(curve: pd.DataFrame) -> None:
    assert (np.diff(curve["effect"]) >= -1e-12).all()
    assert curve["rank"].tolist() == list(range(1, 71))
    summary = sensitivity.curve_summary(curve).set_index(["choice", "value"])
    assert summary.loc[("all specifications", ""), "positive and significant"] == \
        curve["positive and significant"].mean()
    assert summary.xs("measure")["specifications"].sum() == 70


def test_tie_aware_order_breaks_near_ties_by_the_tiebreak() -> None:
    values = pd.Series([1.0, 2.0, 1.0 + 1e-13, 0.5])
    tiebreak = pd.Series([3, 1, 0, 2])
    assert sensitivity.tie_aware_order(values, tiebreak).tolist() == [3, 2, 0, 1]
    # A genuine difference is not a tie.
    values = pd.Series([1.0, 1.001])
    assert sensitivity.tie_aware_order(values, pd.Series([1, 0])).tolist() == [0, 1]


def test_permutations_enumerate_small_samples() -> None:
    rng = np.random.default_rng(0)
    orders, enumerated = sensitivity.permutations(3, 2000, rng)
    assert enumerated and len(orders) == 6 and len({tuple(o) for o in orders}) == 6
    orders, enumerated = sensitivity.permutations(10, 2000, rng)
    assert not enumerated and orders.shape == (2000, 10)
    assert all(sorted(o) == list(range(10)) for o in orders[:20])


def _permuted_panel(analysis: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """The panel with province p given the pilot-zone path of mapping[p] (FTZ unchanged)."""
    paths = analysis.set_index(["province_en", "year"])[sensitivity.PILOT_COMPONENTS]
    out = analysis.copy()
    for column in sensitivity.PILOT_COMPONENTS:
        out[column] = [paths.loc[(mapping.get(p, p), y), column]
                       for p, y in zip(out["province_en"], out["year"], strict=True)]
    return out


def test_randomization_draws_equal_pyfixest_on_rebuilt_panels(analysis: pd.DataFrame) -> None:
    """Each permutation's t equals pyfixest on a panel rebuilt with the permuted paths and a
    freshly computed entropy index (whose weights the permutation leaves unchanged)."""
    central = analysis[analysis["region"] == "Central"]
    result = sensitivity.randomization_inference(analysis, central, reps=2000, seed=1)
    assert result["enumerated"] and result["assignments"] == 720
    provinces = sorted(central["province_en"].unique())
    orders, _ = sensitivity.permutations(len(provinces), 2000, np.random.default_rng(1))
    for b in [1, 100, 719]:
        mapping = {p: provinces[orders[b][i]] for i, p in enumerate(provinces)}
        rebuilt = regression.analysis_panel(_permuted_panel(analysis, mapping))
        pd.testing.assert_frame_equal(regression.exposure_weights(rebuilt),
                                      regression.exposure_weights(analysis), rtol=1e-12)
        reference = twfe(rebuilt[rebuilt["region"] == "Central"], "ci_proxy_trillion_yuan",
                         ["cbec_exposure", *sensitivity.CONTROLS]).coefficients.iloc[0]
        assert result["t_draws"][b] == pytest.approx(reference["t"], rel=1e-8)


def test_identical_assignments_are_exact_ties(analysis: pd.DataFrame) -> None:
    northeast = analysis[analysis["region"] == "Northeast"]
    result = sensitivity.randomization_inference(analysis, northeast, reps=2000)
    assert result["enumerated"] and result["assignments"] == 6
    assert result["identical assignments"] >= 1  # at least the identity
    assert (result["t_draws"] == result["t"]).sum() >= result["identical assignments"]
    extreme = np.sum(np.abs(result["t_draws"]) >= abs(result["t"]) * (1 - 1e-6))
    assert result["p (t)"] == pytest.approx(extreme / 6)


def test_sampled_randomization_counts_the_observed_assignment(analysis: pd.DataFrame) -> None:
    result = sensitivity.randomization_inference(analysis, analysis, reps=200, seed=3)
    assert not result["enumerated"]
    extreme = np.sum(np.abs(result["t_draws"]) >= abs(result["t"]) * (1 - 1e-6))
    assert result["p (t)"] == pytest.approx((1 + extreme) / 201)
    assert result["t"] == pytest.approx(twfe(analysis, "ci_proxy_trillion_yuan", [
        "cbec_exposure", *sensitivity.CONTROLS]).coefficients.iloc[0]["t"], rel=1e-9)


def test_leave_one_out_equals_pyfixest_and_names_the_most_influential(
        analysis: pd.DataFrame) -> None:
    loo = sensitivity.leave_one_out(analysis).set_index("province left out")
    assert len(loo) == 30
    for province in ["Shandong", "Beijing", "Xinjiang"]:
        reference = twfe(analysis[analysis["province_en"] != province],
                         "ci_proxy_trillion_yuan",
                         ["cbec_exposure", *sensitivity.CONTROLS]).coefficients.iloc[0]
        assert loo.loc[province, "estimate"] == pytest.approx(reference["estimate"], rel=1e-9)
        assert loo.loc[province, "low"] == pytest.approx(reference["ci_low"], rel=1e-8)
    influential = sensitivity.most_influential(loo.reset_index())
    assert influential == [loo["change"].abs().idxmax()]


def test_most_influential_reports_ties() -> None:
    loo = pd.DataFrame({"province left out": ["B", "A", "C"],
                        "change": [0.02, -0.02 * (1 + 1e-12), 0.01]})
    assert sensitivity.most_influential(loo) == ["A", "B"]


def test_verdict_follows_the_results(analysis: pd.DataFrame, curve: pd.DataFrame) -> None:
    comparison = pd.DataFrame({
        "model": ["All provinces", "East", "Central", "West"], "clusters": [30, 10, 6, 11],
        "clustered p (t(G-1))": [0.001, 0.01, 0.01, 0.01],
        "wild bootstrap p": [0.001, 0.01, 0.01, 0.01], "_draws": [9999] * 4})
    ri = pd.DataFrame({"model": comparison["model"], "RI p (|t|)": [0.001, 0.01, 0.3, 0.01]})
    trends = pd.DataFrame({"outcome": ["levels", "levels"],
                           "specification": ["+ province-specific linear trends",
                                             "Province and region × year effects"],
                           "estimate": [-0.015, 0.2], "SE": [0.02, 0.04]})
    loo = pd.DataFrame({"province left out": ["A"], "estimate": [0.2]})
    stars = pd.DataFrame({"consistent": [True, False]})
    dof = pd.DataFrame({"SE ratio": [1.07, 1.12]})
    verdict = regression.verdict_table(comparison, ri, sensitivity.curve_summary(curve),
                                       trends, loo, ["A"], stars, dof)
    text = " ".join(verdict.to_numpy().ravel())
    assert "Central: significant by clustered and wild bootstrap, not by randomization" in text
    assert "East: significant by all three tests" in text
    assert "-0.015 (SE 0.020)" in text and "For 1 of the 2 coefficients Xu prints" in text
    assert "for Central" in text and "7% to 12%" in text
