"""Tidy frames for the regression chapter's charts and the altair builders that render them.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from cbec import charts
from cbec.chapters.regression.model import LABELS, OUR_COLUMNS, REGIONS

CHART_DECIMALS = 6  # chart data are rounded so that the last bits of floating-point sums


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` with every float column rounded to :data:`CHART_DECIMALS`."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].round(CHART_DECIMALS)
    return out


def region_means(apanel: pd.DataFrame) -> pd.DataFrame:
    """Mean of each model variable by region and year, long form (small, for a chart)."""
    columns = {LABELS[v]: OUR_COLUMNS[v] for v in OUR_COLUMNS}
    long = []
    for label, column in columns.items():
        means = apanel.groupby(["region", "year"], as_index=False)[column].mean()
        means = means.rename(columns={column: "value"})
        means["variable"] = label
        long.append(means)
    out = pd.concat(long, ignore_index=True)
    out["year"] = out["year"].astype(int)
    return _rounded(out)


def region_means_chart(means: pd.DataFrame, source: str) -> alt.Chart:
    """Regional means over time, one variable at a time (pick it from a drop-down)."""
    variables = list(dict.fromkeys(means["variable"]))
    pick = alt.param(name="variable_choice", value=variables[0],
                     bind=alt.binding_select(options=variables, name="Variable: "))
    chart = alt.Chart(means).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year"),
        y=alt.Y("value:Q", title="Regional mean", scale=alt.Scale(zero=False)),
        color=alt.Color("region:N", title="Region", sort=REGIONS),
        strokeDash=alt.StrokeDash("region:N", sort=REGIONS, legend=None),
        shape=alt.Shape("region:N", sort=REGIONS, legend=None),
        tooltip=["variable:N", "region:N", "year:O", alt.Tooltip("value:Q", format=".3f")],
    ).add_params(pick).transform_filter(alt.datum.variable == pick).properties(
        width="container", height=280)
    return charts.with_source(chart, source, "Line chart of the mean of one panel variable by "
                              "region (East, Central, West, Northeast) for 2014 to 2021; a "
                              "drop-down selects the variable.")


def standardised_effects_chart(effects: pd.DataFrame, source: str) -> alt.Chart:
    """Point-and-interval plot of standardised CBEC effects, ours vs Xu's."""
    effects = _rounded(effects)
    base = alt.Chart(effects).encode(
        y=alt.Y("model:N", title=None, sort=list(dict.fromkeys(effects["model"]))),
        yOffset=alt.YOffset("study:N"),
        color=alt.Color("study:N", title=None),
        shape=alt.Shape("study:N", title=None),
    )
    intervals = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", title="Effect of 1 s.d. more of the CBEC regressor, in s.d. (derived)"),
        x2="high:Q")
    points = base.mark_point(filled=True, size=80).encode(
        x="effect:Q",
        tooltip=["study:N", "model:N", alt.Tooltip("effect:Q", format=".3f"),
                 alt.Tooltip("low:Q", format=".3f"), alt.Tooltip("high:Q", format=".3f")])
    chart = (intervals + points + charts.reference_line(0.0, "x")).properties(
        width="container", height=320)
    return charts.with_source(chart, source, "Dot-and-whisker plot comparing standardised "
                              "CBEC coefficients with 95% intervals, this book's estimates "
                              "versus Xu's published ones, for the pooled and regional models.")


def pvalue_frame(comparison: pd.DataFrame) -> pd.DataFrame:
    """The clustered and wild bootstrap p-values of each model, long, labelled with G."""
    long = comparison.melt(id_vars=["model", "clusters"],
                           value_vars=["clustered p (t(G-1))", "wild bootstrap p"],
                           var_name="inference", value_name="p")
    long["label"] = long["model"] + " (G = " + long["clusters"].astype(str) + ")"
    return _rounded(long)


def pvalues_chart(long: pd.DataFrame, source: str) -> alt.Chart:
    """Clustered vs wild bootstrap p-values of the CBEC coefficient, by model (from
    :func:`pvalue_frame`)."""
    base = alt.Chart(long).encode(
        y=alt.Y("label:N", title=None, sort=list(dict.fromkeys(long["label"]))),
        x=alt.X("p:Q", title="p-value (H0: no effect of CBEC exposure)",
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("inference:N", title=None),
        shape=alt.Shape("inference:N", title=None),
        tooltip=["label:N", "inference:N", alt.Tooltip("p:Q", format=".4f")])
    points = base.mark_point(filled=True, size=90)
    chart = (points + charts.reference_line(0.05, "x")).properties(width="container", height=240)
    return charts.with_source(chart, source, "Dot plot of two p-values per model, the "
                              "conventional clustered one and the wild cluster bootstrap one, "
                              "with a dashed line at 0.05.")


def event_study_frame(path: pd.DataFrame) -> pd.DataFrame:
    """The event-study path with each year's period: before, reference year, zone in force."""
    data = _rounded(path)
    data["period"] = np.where(data["rel_year"] < 0, "before the first pilot zone",
                              "pilot zone in force")
    data.loc[data["rel_year"] == -1, "period"] = "reference year (fixed at 0)"
    return data


def event_study_chart(data: pd.DataFrame, source: str) -> alt.Chart:
    """Event-study coefficients with 95% intervals; reference year -1 marked (from
    :func:`event_study_frame`)."""
    base = alt.Chart(data).encode(
        x=alt.X("rel_year:O", title="Years since the province's first pilot zone counted"),
        color=alt.Color("period:N", title=None),
        shape=alt.Shape("period:N", title=None))
    rules = base.mark_rule(strokeWidth=2).encode(
        y=alt.Y("ci_low:Q", title="Effect on ln(circulation proxy)"), y2="ci_high:Q")
    points = base.mark_point(filled=True, size=80).encode(
        y="estimate:Q",
        tooltip=["rel_year:O", alt.Tooltip("estimate:Q", format=".4f"),
                 alt.Tooltip("ci_low:Q", format=".4f"), alt.Tooltip("ci_high:Q", format=".4f")])
    chart = (rules + points + charts.reference_line(0.0, "y")).properties(
        width="container", height=300)
    return charts.with_source(chart, source, "Event-study plot: estimated effect on the log "
                              "circulation proxy for each year before and after a province's "
                              "first pilot zone, with 95% intervals.")


def monte_carlo_histogram(results: Mapping[str, pd.DataFrame], bins: int = 40) -> pd.DataFrame:
    """Share of simulations per bin of the estimate, on common bins for every design."""
    everything = np.concatenate([frame["estimate"].to_numpy() for frame in results.values()])
    edges = np.linspace(everything.min(), everything.max(), bins + 1)
    rows = []
    for design, frame in results.items():
        counts, _ = np.histogram(frame["estimate"], bins=edges)
        for left, right, count in zip(edges[:-1], edges[1:], counts, strict=True):
            rows.append({"design": design, "bin_start": left, "bin_end": right,
                         "share": count / len(frame)})
    return _rounded(pd.DataFrame(rows))


def monte_carlo_chart(histogram: pd.DataFrame, true_effect: float, source: str) -> alt.Chart:
    """Step histograms of simulated estimates for each design (colour and dash, from
    :func:`monte_carlo_histogram`), with the true effect marked."""
    steps = alt.Chart(histogram).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("bin_start:Q", title="Estimated CBEC effect in each simulated sample"),
        y=alt.Y("share:Q", title="Share of simulations", axis=alt.Axis(format="%")),
        color=alt.Color("design:N", title="Simulated design"),
        strokeDash=alt.StrokeDash("design:N", title="Simulated design"),
        tooltip=["design:N", alt.Tooltip("bin_start:Q", format=".3f"),
                 alt.Tooltip("bin_end:Q", format=".3f"), alt.Tooltip("share:Q", format=".1%")],
    )
    truth = charts.reference_line(true_effect, "x", colour="black", dash=(6, 3))
    chart = (steps + truth).properties(width="container", height=260)
    return charts.with_source(chart, source, "Step histograms of simulated coefficient "
                              "estimates for the 30-province design (solid) and the "
                              "6-province design (dashed); a vertical line marks the true "
                              "effect.")


# Short names of the choices for the panel under the curve (the tooltips keep the full ones):
# the panel's labels and its plot must fit a 390 px phone column.
CHOICE_LABELS: dict[str, str] = {
    "entropy-weighted index": "entropy index", "equal-weighted index": "equal weights",
    "has a pilot zone (0/1)": "0/1 pilot zone", "years since first pilot zone": "years in zone",
    "ln(1 + pilot cities)": "ln(1 + cities)", "none": "no controls", "all five": "all five",
    "all but ln GDP": "no ln GDP", "all but urbanisation": "no urbanisation",
    "all but digital finance": "no digital fin.", "all but education": "no education",
    "all but railway density": "no railway", "levels": "CI in levels", "logs": "CI in logs",
}
CURVE_WIDTH = 200  # concatenated charts cannot take the container's width


def specification_curve_frames(curve: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The curve with each specification's result, and its choices long (one row per
    specification and choice, with a short label), for :func:`specification_curve_chart`."""
    data = _rounded(curve)
    data["result"] = np.where(data["positive and significant"], "positive, p < 0.05",
                              "not positive and significant")
    choices = data.melt(id_vars=["rank", "result"], value_vars=["measure", "controls",
                                                                "outcome"],
                        var_name="choice", value_name="option")
    choices["label"] = choices["option"].map(CHOICE_LABELS).fillna(choices["option"])
    return data, choices


def specification_curve_chart(data: pd.DataFrame, choices: pd.DataFrame,
                              source: str) -> alt.VConcatChart:
    """Specification curve: standardised estimates with 95% intervals sorted by size (top),
    and the choices behind each specification marked underneath (bottom); frames from
    :func:`specification_curve_frames`."""
    scale = alt.Scale(domain=[0, len(data) + 1], nice=False)
    legend = alt.Legend(orient="bottom", direction="vertical", columns=1, title=None)
    base = alt.Chart(data).encode(
        x=alt.X("rank:Q", title=None, scale=scale, axis=alt.Axis(labels=False, ticks=False)))
    intervals = base.mark_rule(opacity=0.5, color="#999999").encode(
        y=alt.Y("low:Q", title="Effect, s.d. of outcome"), y2="high:Q")
    points = base.mark_point(filled=True, size=25).encode(
        y="effect:Q", color=alt.Color("result:N", legend=legend),
        shape=alt.Shape("result:N", legend=legend),
        tooltip=["rank:Q", "measure:N", "controls:N", "outcome:N",
                 alt.Tooltip("effect:Q", format=".3f"), alt.Tooltip("p:Q", format=".4f")])
    top = (intervals + points + charts.reference_line(0.0, "y")).properties(
        width=CURVE_WIDTH, height=200)
    order = list(dict.fromkeys(choices["label"]))
    bottom = alt.Chart(choices).mark_tick(thickness=2, size=9).encode(
        x=alt.X("rank:Q", title="Specification, sorted by estimate", scale=scale),
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("result:N", legend=None),
        tooltip=["rank:Q", "choice:N", "option:N"]).properties(width=CURVE_WIDTH, height=280)
    # Independent colour and shape scales keep the one merged legend inside the top panel
    # (the bottom's colours are the same: same two results, same order).
    chart = alt.vconcat(top, bottom, spacing=6).resolve_scale(x="shared", color="independent",
                                                              shape="independent")
    return charts.with_source(chart, source, "Specification curve: each of the "
                              f"{len(data)} specifications is a dot with its 95% interval, "
                              "sorted from the smallest to the largest standardised effect, "
                              "with a dashed line at zero; below, a tick marks the exposure "
                              "measure, control set and outcome of each specification.")


def leave_one_out_chart(loo: pd.DataFrame, full_estimate: float, source: str) -> alt.Chart:
    """Leave-one-province-out estimates with 95% intervals, sorted, and the full-sample
    estimate as a reference line."""
    data = _rounded(loo)
    order = list(data.iloc[np.lexsort((data["province left out"].to_numpy(),
                                        data["estimate"].to_numpy()))]["province left out"])
    base = alt.Chart(data).encode(y=alt.Y("province left out:N", title="Province left out",
                                          sort=order))
    intervals = base.mark_rule(strokeWidth=2, color=charts.PALETTE[0]).encode(
        x=alt.X("low:Q", title="CBEC exposure coefficient without that province"), x2="high:Q")
    points = base.mark_point(filled=True, size=50, color=charts.PALETTE[0]).encode(
        x="estimate:Q",
        tooltip=["province left out:N", alt.Tooltip("estimate:Q", format=".4f"),
                 alt.Tooltip("change:Q", format="+.4f")])
    chart = (intervals + points + charts.reference_line(full_estimate, "x", colour="black",
                                                        dash=(6, 3))
             + charts.reference_line(0.0, "x")).properties(width="container", height=520)
    return charts.with_source(chart, source, "Dot-and-whisker plot of the pooled CBEC "
                              "exposure coefficient re-estimated 30 times, each time without "
                              "one province, sorted by estimate; a dashed black line marks "
                              "the full-sample estimate and a grey one zero.")
