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
# name: china_cbec
# export_cell: false
# check_all_cell: true
# run_tests: true
# tests:
#   ok_format: false

# %% [markdown]
# # Assignment: China's cross-border e-commerce boom
#
# This notebook turns the computational parts of the exercises of the chapter *China's
# cross-border e-commerce boom* into autograded questions. Everything comes from the book's
# data package, read with `cbec.data.load_table`, and from the chapter's helpers in
# `cbec.chapters.china_cbec` and `cbec.stats.growth`.
#
# Replace every `...` with your code and run `grader.check("question name")` under each
# question. Those checks only look at the *form* of your answers (type, shape). The values are
# checked when your instructor grades the notebook: each question counts in full or not at
# all. Do not round your results unless a question asks you to. The written parts of the
# exercises (compare, argue, explain) are discussed in the chapter and in class; they are not
# graded here.

# %%
from dataclasses import replace

import numpy as np

from cbec.chapters import china_cbec as cn
from cbec.data import figures, load_table
from cbec.stats import growth

cbec_figures = load_table("china_cbec_figures")
problems = load_table("cbec_problems")

# %% [raw]
# # BEGIN QUESTION
# name: cn_cagr
# points: 2

# %% [markdown]
# **Question 1 (exercise *A CAGR against a printed average*).** Build the reconciled series
# with `cn.scale_reconciliation(cbec_figures).values()` (trillion yuan, indexed by year).
# With `growth.cagr_between`, compute the compound annual growth rate in percent from 2001 to
# 2018 (`cagr_2001_2018`) and from 2001 to 2022 (`cagr_2001_2022`), and the growth multiple
# from 2001 to 2018, the 2018 level divided by the 2001 level (`multiple_2001_2018`).

# %% [raw]
# # BEGIN SOLUTION

# %%
series = cn.scale_reconciliation(cbec_figures).values()  # SOLUTION
cagr_2001_2018 = growth.cagr_between(series, 2001, 2018)  # SOLUTION
multiple_2001_2018 = series[2018] / series[2001]  # SOLUTION
cagr_2001_2022 = growth.cagr_between(series, 2001, 2022)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_cn_cagr_form(cagr_2001_2018, multiple_2001_2018, cagr_2001_2022):
    import numpy as np

    for name, value in [("cagr_2001_2018", cagr_2001_2018),
                        ("multiple_2001_2018", multiple_2001_2018),
                        ("cagr_2001_2022", cagr_2001_2022)]:
        assert isinstance(value, (int, float, np.number)) and not isinstance(value, bool), \
            f"{name} should be a number"

test_cn_cagr_form(cagr_2001_2018, multiple_2001_2018, cagr_2001_2022)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_cn_cagr_values(cagr_2001_2018, multiple_2001_2018, cagr_2001_2022):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import china_cbec
    from cbec.data import load_table
    from cbec.stats import growth

    levels = china_cbec.scale_reconciliation(load_table("china_cbec_figures")).values()
    assert_matches(cagr_2001_2018, growth.cagr_between(levels, 2001, 2018), "cagr_2001_2018")
    assert_matches(multiple_2001_2018, levels[2018] / levels[2001], "multiple_2001_2018")
    assert_matches(cagr_2001_2022, growth.cagr_between(levels, 2001, 2022), "cagr_2001_2022")

test_cn_cagr_values(cagr_2001_2018, multiple_2001_2018, cagr_2001_2022)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: cn_rule
# points: 2

# %% [markdown]
# **Question 2 (exercise *Defend a different rule*).** Make a copy of `cn.SCALE_RULE` with
# `dataclasses.replace` that also accepts values printed as plain `"trillion"` (taken to be
# trillion yuan, factor 1.0) and keeps everything else; call it `relaxed`. Rebuild the series
# with `cn.scale_reconciliation(cbec_figures, rule=relaxed)`. Give the years of the new series
# as a list of integers in increasing order (`relaxed_years`), and, from
# `growth.growth_steps`, the growth in percent into 2015 (`growth_2015`) and into 2016
# (`growth_2016`), each from the year before it in the new series.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
relaxed = replace(
    cn.SCALE_RULE,
    unit_factors={**cn.SCALE_RULE.unit_factors, "trillion": 1.0},
    reason="values printed without a currency are taken to be yuan",
)
relaxed_series = cn.scale_reconciliation(cbec_figures, rule=relaxed).values()
steps = growth.growth_steps(relaxed_series).set_index("to_year")
# END SOLUTION
relaxed_years = [int(year) for year in relaxed_series.index]  # SOLUTION
growth_2015 = steps.loc[2015, "growth_pct"]  # SOLUTION
growth_2016 = steps.loc[2016, "growth_pct"]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_cn_rule_form(relaxed_years, growth_2015, growth_2016):
    import numpy as np

    assert isinstance(relaxed_years, list), "relaxed_years should be a list"
    assert all(isinstance(y, int) for y in relaxed_years), "the years should be integers"
    assert relaxed_years == sorted(relaxed_years), "the years should be in increasing order"
    for name, value in [("growth_2015", growth_2015), ("growth_2016", growth_2016)]:
        assert isinstance(value, (int, float, np.number)) and not isinstance(value, bool), \
            f"{name} should be a number"

test_cn_rule_form(relaxed_years, growth_2015, growth_2016)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_cn_rule_values(relaxed_years, growth_2015, growth_2016):
    from dataclasses import replace

    from cbec.book.assignments import assert_matches
    from cbec.chapters import china_cbec
    from cbec.data import load_table
    from cbec.stats import growth

    rule = replace(china_cbec.SCALE_RULE,
                   unit_factors={**china_cbec.SCALE_RULE.unit_factors, "trillion": 1})
    levels = china_cbec.scale_reconciliation(load_table("china_cbec_figures"), rule=rule).values()
    by_year = growth.growth_steps(levels).set_index("to_year")["growth_pct"]
    assert_matches(relaxed_years, [int(y) for y in levels.index], "relaxed_years")
    assert_matches(growth_2015, by_year[2015], "growth_2015")
    assert_matches(growth_2016, by_year[2016], "growth_2016")

test_cn_rule_values(relaxed_years, growth_2015, growth_2016)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: cn_rounding
# points: 2

# %% [markdown]
# **Question 3 (exercise *Cut or rounded?*).** Take Xu's levels of the CBEC transaction value
# (`figures.metric_rows(cbec_figures, "cbec_transaction_value", source="xu_nd")`, indexed by
# year as integers) and compute their year-on-year growth in percent with `growth.yoy_growth`:
# `derived_rates` is that pandas Series, unrounded, for 2019 to 2022. Xu prints his own rates
# as the metric `cbec_transaction_growth`. Which way of going from your rates to two decimals
# gives every printed rate: rounding or cutting (truncating)? Set `matching_method` to
# `"round"` or `"cut"`. Hint: cut with `np.floor(rate.round(9) * 100) / 100`; the inner
# rounding removes floating-point noise such as 13.5999… for 13.6.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
xu_levels = figures.metric_rows(cbec_figures, "cbec_transaction_value", source="xu_nd")
xu_levels = xu_levels.set_index(xu_levels["year"].astype(int))["value"]
xu_rates = figures.metric_rows(cbec_figures, "cbec_transaction_growth", source="xu_nd")
printed = xu_rates.set_index(xu_rates["year"].astype(int))["value"]
# END SOLUTION
derived_rates = growth.yoy_growth(xu_levels)  # SOLUTION
cut = np.floor(derived_rates.round(9) * 100) / 100  # SOLUTION
matching_method = "cut" if (cut == printed.reindex(cut.index)).all() else "round"  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_cn_rounding_form(derived_rates, matching_method):
    import pandas as pd

    assert isinstance(derived_rates, pd.Series), "derived_rates should be a pandas Series"
    assert [int(y) for y in derived_rates.index] == [2019, 2020, 2021, 2022], \
        "derived_rates should be indexed by the years 2019 to 2022"
    assert matching_method in ("round", "cut"), 'matching_method should be "round" or "cut"'

test_cn_rounding_form(derived_rates, matching_method)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_cn_rounding_values(derived_rates, matching_method):
    import numpy as np

    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table
    from cbec.stats import growth

    table = load_table("china_cbec_figures")
    levels = figures.metric_rows(table, "cbec_transaction_value", source="xu_nd")
    expected = growth.yoy_growth(levels.set_index(levels["year"].astype(int))["value"])
    rates = figures.metric_rows(table, "cbec_transaction_growth", source="xu_nd")
    rates = rates.set_index(rates["year"].astype(int))["value"].reindex(expected.index)
    cut_all = bool((np.floor(expected.round(9) * 100) / 100 == rates).all())
    round_all = bool((expected.round(2) == rates).all())
    assert cut_all != round_all, "the answer key expects exactly one method to match"
    assert_matches(derived_rates, expected, "derived_rates")
    assert_matches(matching_method, "cut" if cut_all else "round", "matching_method")

test_cn_rounding_values(derived_rates, matching_method)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: cn_problems
# points: 2

# %% [markdown]
# **Question 4 (exercise *How much do the sources agree?*).** The table `problems` has one
# row per source and obstacle, with a boolean column `raised`. Count the obstacles each
# source raises, as a dict from the source key (the `source` column, e.g. `"gu2018"`) to an
# integer (`obstacles_per_source`). Then list the obstacles (keys of the `obstacle` column)
# raised by fewer than four sources, sorted alphabetically (`rare_obstacles`);
# `cn.obstacle_counts` counts the sources per obstacle.

# %% [raw]
# # BEGIN SOLUTION

# %%
obstacles_per_source = {str(k): int(n) for k, n in problems.groupby("source")["raised"].sum().items()}  # SOLUTION
rare_obstacles = sorted(str(k) for k, n in cn.obstacle_counts(problems).items() if n < 4)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_cn_problems_form(obstacles_per_source, rare_obstacles):
    import numpy as np

    assert isinstance(obstacles_per_source, dict), "obstacles_per_source should be a dict"
    assert all(isinstance(n, (int, np.integer)) for n in obstacles_per_source.values()), \
        "the counts should be integers"
    assert isinstance(rare_obstacles, list), "rare_obstacles should be a list"
    assert rare_obstacles == sorted(rare_obstacles), "rare_obstacles should be sorted"

test_cn_problems_form(obstacles_per_source, rare_obstacles)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_cn_problems_values(obstacles_per_source, rare_obstacles):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import china_cbec
    from cbec.data import load_table

    table = load_table("cbec_problems")
    counts = table.groupby("source")["raised"].sum()
    assert_matches(obstacles_per_source, {str(k): int(n) for k, n in counts.items()},
                   "obstacles_per_source")
    per_obstacle = china_cbec.obstacle_counts(table)
    assert_matches(rare_obstacles, sorted(str(k) for k, n in per_obstacle.items() if n < 4),
                   "rare_obstacles")

test_cn_problems_values(obstacles_per_source, rare_obstacles)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
