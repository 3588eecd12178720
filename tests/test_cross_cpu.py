"""Same numbers on every reader's CPU.

A CPU with other vector instructions (AVX-512 rather than AVX2) makes BLAS and numba sum in
another order, which changes the last bits of every floating-point result. No test may
switch the BLAS kernel, so this one imitates the effect instead: it re-runs every
numerically sensitive computation of the regression chapter on the provincial panel with
each number perturbed by a relative 1e-12, and again with the rows in another order, and
asserts that every table cell, glued number and chart data set the chapter stores is
unchanged. It compares with the outputs stored in ``chapters/regression.ipynb``, which nbval
separately checks against a fresh execution.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from IPython.lib.pretty import pretty
from perturb import perturbed, reordered

from cbec.chapters import regression
from cbec.charts.tables import show_table, with_p_text
from cbec.data import load_table
from cbec.stats import robustness, sensitivity
from cbec.stats.panel import check_published_stars, regression_table

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "regression.ipynb"
CHART_CALL = re.compile(r"\}\)\(\{")  # altair's loader is called with the spec: })({...}


def _chart_specs(text: str) -> list[dict[str, Any]]:
    """The vega-lite specs embedded in an altair HTML output."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(text, match.end() - 1)[0] for match in CHART_CALL.finditer(text)]


def _cells(table_html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table_html, flags=re.S)
    return [[html.unescape(re.sub(r"<.*?>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for row in rows]


def stored_outputs() -> dict[str, dict[str, Any]]:
    """Glued values (their text), table cells by label and chart data sets of the notebook."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    glue: dict[str, str] = {}
    tables: dict[str, list[list[str]]] = {}
    datasets: dict[str, Any] = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap:
                glue[scrap["name"]] = data.get("application/papermill.record/text/plain", "")
            elif "text/html" in data and "altair-viz" not in "".join(data["text/html"]):
                text = "".join(data["text/html"])
                label = re.search(r'<table id="T_([^"]+)"', text)
                if label:
                    tables[f"tbl-{label.group(1)}"] = _cells(text)
            for spec in _chart_specs("".join(data.get("text/html", ""))):
                datasets.update(spec.get("datasets", {}))
    return {"glue": glue, "tables": tables, "datasets": datasets}


def chapter_outputs(panel: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The chapter's numerically sensitive outputs, computed as the notebook computes them."""
    xu_table2, xu_estimates = load_table("xu_descriptives"), load_table("xu_estimates")
    xu_fit = load_table("xu_model_fit")
    analysis = regression.analysis_panel(panel)
    samples = regression.model_samples(analysis)
    tables: dict[str, tuple[pd.DataFrame, int]] = {}
    glue: dict[str, Any] = {}
    charts = []

    tables["tbl-reg-weights"] = (regression.exposure_weights(analysis), 3)
    side = regression.descriptives_side_by_side(analysis, xu_table2)
    tables["tbl-reg-table2"] = (side[[
        "variable", "mean ours", "mean Xu", "std_dev ours", "std_dev Xu", "minimum ours",
        "minimum Xu", "maximum ours", "maximum Xu", "largest gap (last-digit units)",
        "agrees"]], 3)
    glue["reg_gdp_mean_ours"] = regression.stable(
        side.set_index("key").loc["ln_gdp", "mean ours"])
    charts.append(regression.region_means_chart(regression.region_means(analysis), "s"))

    table3, regions = regression.fit_table3(analysis), regression.fit_regions(analysis)
    tables["tbl-reg-ours"] = (regression_table(
        {"(1)": table3["(1)"], "(2)": table3["(2)"], **regions}, regression.term_labels()), 2)
    models = {"Table 3 (1)": table3["(1)"], "Table 3 (2)": table3["(2)"], **regions}
    xu_match = {"Table 3 (1)": ("All provinces", "(1)"),
                "Table 3 (2)": ("All provinces", "(2)"), "East": ("East", "(1)"),
                "Central": ("Central", "(2)"), "West": ("West", "(3)"), "Northeast": None}
    charts.append(regression.standardised_effects_chart(regression.standardised_effects(
        models, analysis, xu_estimates, xu_table2, xu_match), "s"))

    dof = robustness.dof_comparison(samples, regression.term_labels())
    glue.update(regression.dof_numbers(dof))
    shown = dof[(dof["variable"] == regression.OUR_LABELS["cbec"]) | dof["stars differ"]]
    tables["tbl-reg-dof"] = (with_p_text(shown.drop(columns=["stars differ"]),
                                         ["p, K = k + T", "p, K = k + G + T − 1"]), 4)

    comparison = regression.bootstrap_comparison(
        {"All provinces": table3["(2)"], **regions}, samples,
        reps=regression.BOOTSTRAP_REPS, seed=regression.BOOTSTRAP_SEED)
    ties = {name: regression.pyfixest_bootstrap_ties(
        analysis[analysis["region"] == name], reps=regression.BOOTSTRAP_REPS,
        seed=regression.BOOTSTRAP_SEED) for name in ["Northeast", "Central"]}
    glue.update(regression.bootstrap_numbers(comparison, ties))
    tables["tbl-reg-bootstrap"] = (regression.bootstrap_display(comparison), 4)
    charts.append(regression.pvalues_chart(regression.pvalue_frame(comparison), "s"))

    other_se = robustness.alternative_standard_errors(analysis)
    glue.update(regression.other_se_numbers(other_se))
    tables["tbl-reg-other-se"] = (other_se, 4)
    trends = robustness.trend_robustness(analysis)
    glue.update(regression.trend_numbers(trends,
                                         robustness.trend_share_of_exposure(analysis)))
    tables["tbl-reg-trends"] = (with_p_text(trends, ["p"]), 4)

    curve = sensitivity.specification_curve(analysis)
    curve_summary = sensitivity.curve_summary(curve)
    ri = sensitivity.randomization_table(analysis, samples, reps=regression.RI_REPS,
                                         seed=regression.RI_SEED)
    loo = sensitivity.leave_one_out(analysis)
    influential = sensitivity.most_influential(loo)
    full_estimate = float(table3["(2)"].coefficients.set_index("term").loc["cbec_exposure",
                                                                            "estimate"])
    glue.update(regression.sensitivity_numbers(curve_summary, ri, loo, influential,
                                               full_estimate))
    tables["tbl-reg-curve-summary"] = (curve_summary, 3)
    tables["tbl-reg-ri"] = (regression.p_value_summary(comparison, ri), 4)
    charts.append(regression.specification_curve_chart(
*regression.specification_curve_frames(curve), "s"))
    charts.append(regression.leave_one_out_chart(loo, full_estimate, "s"))
    stars = check_published_stars(xu_estimates, regression.XU_CLUSTERS)
    tables["tbl-reg-verdict"] = (regression.verdict_table(
        comparison, ri, curve_summary, trends, loo, influential, stars, dof), 2)

    sample = regression.event_study_sample(analysis)
    path = regression.event_study(sample)
    glue.update(regression.event_study_numbers(path, sample))
    tables["tbl-reg-event-study"] = (path, 4)
    charts.append(regression.event_study_chart(regression.event_study_frame(path), "s"))

    design = regression.calibrate(xu_estimates, xu_table2, xu_fit)
    mc = regression.monte_carlo_study(analysis, design)
    summary = regression.monte_carlo_table(mc, design.true_effect)
    glue.update(regression.monte_carlo_numbers(summary))
    tables["tbl-reg-monte-carlo"] = (summary, 3)
    charts.append(regression.monte_carlo_chart(
regression.monte_carlo_histogram(mc), design.true_effect, "s"))
    northeast = regression.summarise_monte_carlo(regression.monte_carlo(
        analysis[analysis["region"] == "Northeast"], design, regression.NE_EXERCISE_SIMS,
        regression.NE_EXERCISE_SEED), design.true_effect)
    glue.update(regression.northeast_numbers(northeast, summary))

    cells = {label: _cells(show_table(frame, caption="x", label=label,
                                      precision=precision).to_html())
             for label, (frame, precision) in tables.items()}
    datasets: dict[str, Any] = {}
    for chart in charts:
        datasets.update(chart.to_dict().get("datasets", {}))
    return {"glue": {name: pretty(value) for name, value in glue.items()},
            "tables": cells, "datasets": datasets}


@pytest.fixture(scope="module")
def stored() -> dict[str, dict[str, Any]]:
    return stored_outputs()


@pytest.fixture(scope="module", params=["perturbed by 1e-12", "rows reordered"])
def recomputed(request: pytest.FixtureRequest) -> dict[str, dict[str, Any]]:
    panel = load_table("provincial_panel")
    variant = perturbed(panel) if request.param.startswith("perturbed") else reordered(panel)
    return chapter_outputs(variant)


def test_the_perturbation_really_changes_the_inputs() -> None:
    panel = load_table("provincial_panel")
    changed = perturbed(panel)["ci_proxy_trillion_yuan"] != panel["ci_proxy_trillion_yuan"]
    assert changed.mean() > 0.9  # the last bits move in almost every cell
    assert not reordered(panel).equals(panel)


def test_every_sensitive_table_is_checked(stored: dict, recomputed: dict) -> None:
    missing = sorted(set(recomputed["tables"]) - set(stored["tables"]))
    assert missing == [], f"tables not stored in the notebook: {missing}"


@pytest.mark.parametrize("label", ["tbl-reg-weights", "tbl-reg-table2", "tbl-reg-ours",
                                   "tbl-reg-dof", "tbl-reg-bootstrap", "tbl-reg-other-se",
                                   "tbl-reg-trends", "tbl-reg-event-study",
                                   "tbl-reg-monte-carlo", "tbl-reg-curve-summary",
                                   "tbl-reg-ri", "tbl-reg-verdict"])
def test_table_cells_do_not_move(label: str, stored: dict, recomputed: dict) -> None:
    assert recomputed["tables"][label] == stored["tables"][label]


def test_glued_numbers_do_not_move(stored: dict, recomputed: dict) -> None:
    moved = {name: (stored["glue"].get(name), value)
             for name, value in recomputed["glue"].items() if stored["glue"].get(name) != value}
    assert moved == {}, f"glued values that moved (stored, recomputed): {moved}"


def test_chart_data_do_not_move(stored: dict, recomputed: dict) -> None:
    assert len(stored["datasets"]) >= len(recomputed["datasets"]) > 5
    missing = sorted(set(recomputed["datasets"]) - set(stored["datasets"]))
    assert missing == [], "chart data sets that differ from the stored charts: " \
        f"{missing}"
