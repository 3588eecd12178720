# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [raw]
# # ASSIGNMENT CONFIG
# name: regression
# export_cell: false
# check_all_cell: true
# run_tests: true
# tests:
#   ok_format: false

# %% [markdown]
# # Assignment: Does cross-border e-commerce upgrade China's circulation industry?
#
# This notebook turns three exercises of the regression chapter into autograded questions:
# "Recompute a published star", "The pilot-zone coding rule" and "A logarithmic outcome".
# The data come from the data package tables `xu_estimates` and `provincial_panel` (read with
# `cbec.data.load_table`) and the estimators from `cbec.chapters.regression`, `cbec.stats.panel` and
# `cbec.data.provincial`.
#
# Replace every `...` with your code and run `grader.check("question name")` under each
# question. Those checks only look at the *form* of your answers (type, shape). The values are
# checked when your instructor grades the notebook: each question counts in full or not at
# all. Do not round your results. The interpretation asked for in the exercises is discussed
# in the chapter and in class; it is not graded here.

# %%
from scipy import stats

from cbec.chapters import regression
from cbec.data import load_table
from cbec.data.provincial import build_provincial_panel
from cbec.stats.panel import star, twfe

xu_estimates = load_table("xu_estimates")
panel = load_table("provincial_panel")
analysis = regression.analysis_panel(panel)

# %% [raw]
# # BEGIN QUESTION
# name: reg_star
# points: 2

# %% [markdown]
# **Question 1 (exercise *Recompute a published star*).** In `xu_estimates`, find the CBEC
# coefficient of Xu's Table 4, column (1), the East sample (`sample == "East"`,
# `variable == "cbec"`). Compute its t-statistic, coefficient over standard error
# (`t_east`), its two-sided p-value from a t distribution with G − 1 = 9 degrees of freedom
# (`p_east`, use `scipy.stats.t.sf`), and the stars it deserves with `star(p_east)`
# (`stars_east`, a string, empty for none).

# %% [raw]
# # BEGIN SOLUTION

# %%
east = xu_estimates[(xu_estimates["sample"] == "East") & (xu_estimates["variable"] == "cbec")]  # SOLUTION
t_east = float(east["coefficient"].iloc[0] / east["std_error"].iloc[0])  # SOLUTION
p_east = float(2 * stats.t.sf(abs(t_east), 9))  # SOLUTION
stars_east = star(p_east)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_reg_star_form(t_east, p_east, stars_east):
    import numbers

    assert isinstance(t_east, numbers.Real) and not isinstance(t_east, bool), \
        "t_east should be a number"
    assert isinstance(p_east, numbers.Real) and 0 <= p_east <= 1, \
        "p_east should be a probability"
    assert isinstance(stars_east, str) and set(stars_east) <= {"*"}, \
        'stars_east should be a string of stars ("" for none)'

test_reg_star_form(t_east, p_east, stars_east)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_reg_star_values(t_east, p_east, stars_east):
    from scipy import stats

    from cbec.book.assignments import assert_matches
    from cbec.chapters import regression
    from cbec.data import load_table
    from cbec.stats.panel import star

    estimates = load_table("xu_estimates")
    row = estimates[(estimates["table"] == 4) & (estimates["model"] == "(1)")
                    & (estimates["sample"] == "East") & (estimates["variable"] == "cbec")]
    assert len(row) == 1, "the answer key expects one East CBEC coefficient"
    t_value = float(row["coefficient"].iloc[0]) / float(row["std_error"].iloc[0])
    p_value = float(2 * stats.t.sf(abs(t_value), regression.XU_CLUSTERS["East"] - 1))
    assert_matches(t_east, t_value, "t_east")
    assert_matches(p_east, p_value, "p_east")
    assert_matches(stars_east, star(p_value), "stars_east")

test_reg_star_values(t_east, p_east, stars_east)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: reg_rule
# points: 2

# %% [markdown]
# **Question 2 (exercise *The pilot-zone coding rule*).** Rebuild the panel with the
# `"next_year"` rule (`build_provincial_panel(rule="next_year")`), add the exposure index with
# `regression.analysis_panel`, and re-estimate Table 3, column (2) with
# `regression.fit_table3(...)["(2)"]`. Its `coefficients` table has one row per `term`. Give
# the coefficient of `"cbec_exposure"` (`beta_next_year`, column `estimate`) and its p-value
# (`p_next_year`, column `p_value`), and set `still_significant` to `True` if the coefficient
# is positive with a p-value below 0.05, `False` otherwise.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
late = regression.analysis_panel(build_provincial_panel(rule="next_year"))
row = regression.fit_table3(late)["(2)"].coefficients.set_index("term").loc["cbec_exposure"]
# END SOLUTION
beta_next_year = float(row["estimate"])  # SOLUTION
p_next_year = float(row["p_value"])  # SOLUTION
still_significant = beta_next_year > 0 and p_next_year < 0.05  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_reg_rule_form(beta_next_year, p_next_year, still_significant):
    import numbers

    assert isinstance(beta_next_year, numbers.Real) and not isinstance(beta_next_year, bool), \
        "beta_next_year should be a number"
    assert isinstance(p_next_year, numbers.Real) and 0 <= p_next_year <= 1, \
        "p_next_year should be a probability"
    assert isinstance(still_significant, bool), "still_significant should be True or False"

test_reg_rule_form(beta_next_year, p_next_year, still_significant)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_reg_rule_values(beta_next_year, p_next_year, still_significant):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import regression
    from cbec.data.provincial import build_provincial_panel
    from cbec.stats.panel import STAR_LEVELS

    refit = regression.fit_table3(
        regression.analysis_panel(build_provincial_panel(rule="next_year")))["(2)"]
    exposure = refit.coefficients.set_index("term").loc[regression.OUR_COLUMNS["cbec"]]
    assert_matches(beta_next_year, float(exposure["estimate"]), "beta_next_year")
    assert_matches(p_next_year, float(exposure["p_value"]), "p_next_year")
    five_percent = next(level for level, stars in STAR_LEVELS if stars == "**")
    expected = bool(exposure["estimate"] > 0 and exposure["p_value"] < five_percent)
    assert_matches(still_significant, expected, "still_significant")

test_reg_rule_values(beta_next_year, p_next_year, still_significant)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: reg_log
# points: 2

# %% [markdown]
# **Question 3 (exercise *A logarithmic outcome*).** Re-estimate the pooled model with
# controls with the log of the circulation proxy, `ln_ci_proxy`, as the outcome:
# `twfe(analysis, "ln_ci_proxy", columns)`, where `columns` lists the exposure index and the
# controls, `[regression.OUR_COLUMNS[v] for v in ["cbec", *regression.CONTROLS]]`. Give the
# coefficient of `"cbec_exposure"` (`beta_log`) and its standard error (`se_log`, column
# `std_error`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
columns = [regression.OUR_COLUMNS[v] for v in ["cbec", *regression.CONTROLS]]
log_row = twfe(analysis, "ln_ci_proxy", columns).coefficients.set_index("term").loc["cbec_exposure"]
# END SOLUTION
beta_log = float(log_row["estimate"])  # SOLUTION
se_log = float(log_row["std_error"])  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_reg_log_form(beta_log, se_log):
    import numbers

    assert isinstance(beta_log, numbers.Real) and not isinstance(beta_log, bool), \
        "beta_log should be a number"
    assert isinstance(se_log, numbers.Real) and se_log > 0, \
        "se_log should be a positive number"

test_reg_log_form(beta_log, se_log)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_reg_log_values(beta_log, se_log):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import regression
    from cbec.data import load_table
    from cbec.stats.panel import twfe

    data = regression.analysis_panel(load_table("provincial_panel"))
    regressors = [regression.OUR_COLUMNS[v] for v in ["cbec", *regression.CONTROLS]]
    fit = twfe(data, "ln_ci_proxy", regressors).coefficients.set_index("term")
    exposure = fit.loc[regression.OUR_COLUMNS["cbec"]]
    assert_matches(beta_log, float(exposure["estimate"]), "beta_log")
    assert_matches(se_log, float(exposure["std_error"]), "se_log")

test_reg_log_values(beta_log, se_log)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
