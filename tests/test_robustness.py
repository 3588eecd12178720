"""Robustness helpers of the regression chapter: the degrees-of-freedom comparison, other
standard errors, differential trends (cross-checked against linearmodels with explicit
trend columns) and the minimum detectable effect."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cbec.chapters import regression
from cbec.data import load_table
from cbec.stats import robustness


@pytest.fixture(scope="module")
def analysis() -> pd.DataFrame:
    return regression.analysis_panel(load_table("provincial_panel"))


def test_province_trends_equal_explicit_trend_columns_in_linearmodels(
        analysis: pd.DataFrame) -> None:
    from linearmodels.panel import PanelOLS

    trends = robustness.trend_robustness(analysis).set_index(["outcome", "specification"])
    ours = trends.loc[("levels", "+ province-specific linear trends")]
    data = analysis.assign(trend=analysis["year"] - 2014)
    provinces = sorted(data["province_en"].unique())
    for province in provinces[1:]:  # one trend is the common trend, absorbed by year effects
        data[f"trend_{province}"] = (data["province_en"] == province) * data["trend"]
    columns = [*robustness.REGRESSORS, *[f"trend_{p}" for p in provinces[1:]]]
    frame = data.set_index(["province_en", "year"])[["ci_proxy_trillion_yuan", *columns]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = PanelOLS(frame["ci_proxy_trillion_yuan"], frame[columns].astype(float),
                             entity_effects=True, time_effects=True).fit(
            cov_type="clustered", cluster_entity=True)
    assert ours["estimate"] == pytest.approx(reference.params["cbec_exposure"], rel=1e-8)
    # The pooled association vanishes once every province has its own trend ...
    assert abs(ours["estimate"]) < ours["SE"] and ours["p"] > 0.1
    # ... but survives region x year effects.
    assert trends.loc[("levels", "Province and region × year effects"), "p"] < 0.01


def test_dof_comparison_flags_every_star_that_changes(analysis: pd.DataFrame) -> None:
    samples = regression.model_samples(analysis)
    dof = robustness.dof_comparison(samples, regression.term_labels())
    assert len(dof) == 5 * 6
    assert (dof["SE ratio"] > 1).all()
    changed = dof[dof["stars differ"]]
    assert (changed["stars, K = k + T"] != changed["stars, K = k + G + T − 1"]).all()
    unchanged = dof[~dof["stars differ"]]
    assert (unchanged["stars, K = k + T"] == unchanged["stars, K = k + G + T − 1"]).all()
    west = dof[(dof["model"] == "West") & (dof["variable"].str.contains("ln GDP"))].iloc[0]
    assert west["p, K = k + T"] < 0.05 < west["p, K = k + G + T − 1"]


def test_alternative_standard_errors_share_one_estimate(analysis: pd.DataFrame) -> None:
    other = robustness.alternative_standard_errors(analysis)
    assert len(other) == 3 + len(robustness.DK_LAGS)
    assert other["estimate"].nunique() == 1 or np.ptp(other["estimate"]) < 1e-12
    assert other.loc[1, "SE"] / other.loc[0, "SE"] == pytest.approx(
        np.sqrt((240 - 14) / (240 - 43)), rel=1e-9)


def test_minimum_detectable_effect_and_critical_value() -> None:
    assert robustness.critical_value(29) == pytest.approx(stats.t.ppf(0.975, 28))
    mde = robustness.minimum_detectable_effect(np.array([0.01, 0.02]), 29)
    factor = stats.t.ppf(0.975, 28) + stats.t.ppf(0.8, 28)
    np.testing.assert_allclose(mde, [0.01 * factor, 0.02 * factor])
    assert factor == pytest.approx(2.90, abs=0.01)


def test_trend_share_of_exposure_is_a_share(analysis: pd.DataFrame) -> None:
    share = robustness.trend_share_of_exposure(analysis)
    assert 0 < share < 1
