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
# name: russia_market
# export_cell: false
# check_all_cell: true
# run_tests: true
# tests:
#   ok_format: false

# %% [markdown]
# # Assignment: Russian online consumers and the Russian e-commerce market
#
# This notebook turns the computational parts of the exercises of the chapter on the Russian
# market into autograded questions. The figures come from the data package table
# `russia_market_figures` (read with `cbec.data.load_table`; `figures.value(figs, figure_id)`
# gives one printed value) and the helpers from `cbec.chapters.russia_market` and `cbec.stats.growth`.
#
# Replace every `...` with your code and run `grader.check("question name")` under each
# question. Those checks only look at the *form* of your answers (type, shape). The values are
# checked when your instructor grades the notebook: each question counts in full or not at
# all. Do not round your results unless a question asks you to. The written parts of the
# exercises (which figure to believe, what an assumption costs) are discussed in the chapter
# and in class; they are not graded here.

# %%
from cbec.chapters import russia_market as ru
from cbec.data import figures, load_table
from cbec.stats import growth

figs = load_table("russia_market_figures")

# %% [raw]
# # BEGIN QUESTION
# name: ru_growth
# points: 2

# %% [markdown]
# **Question 1 (exercise *Growth from levels*).** The reported sizes of the Russian
# e-commerce market in billion US dollars are the rows `gu-ecom-size-y1` (2010),
# `gu-ecom-size-y2` (2011), `gu-ecom-size-y3` (2012) and `gu-41-ecom-size-2013` (2013).
# Compute the year-on-year growth in percent implied by these levels, as a pandas Series
# indexed by the years 2011 to 2013 (`derived_growth`, unrounded), and the compound annual
# growth from 2010 to 2013 in percent (`cagr_2010_2013`). The printed growth rates are the
# `ecommerce_market_growth` rows in percent (`figures.metric_rows(figs,
# "ecommerce_market_growth", unit="percent")`). List the years, as integers, for which your
# derived rate rounded to a whole percent equals the printed rate (`agreeing_years`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
ids = ["gu-ecom-size-y1", "gu-ecom-size-y2", "gu-ecom-size-y3", "gu-41-ecom-size-2013"]
levels = figs[figs["figure_id"].isin(ids)].sort_values("year")
levels = levels.set_index(levels["year"].astype(int))["value"]
printed = figures.metric_rows(figs, "ecommerce_market_growth", unit="percent")
printed = printed.set_index(printed["year"].astype(int))["value"]
# END SOLUTION
derived_growth = (levels.pct_change() * 100).dropna()  # SOLUTION
cagr_2010_2013 = growth.cagr_between(levels, 2010, 2013)  # SOLUTION
agreeing_years = [int(y) for y, rate in derived_growth.items() if y in printed.index and round(rate) == printed[y]]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ru_growth_form(derived_growth, cagr_2010_2013, agreeing_years):
    import numbers

    import pandas as pd

    assert isinstance(derived_growth, pd.Series), "derived_growth should be a pandas Series"
    assert [int(y) for y in derived_growth.index] == [2011, 2012, 2013], \
        "derived_growth should be indexed by the years 2011 to 2013"
    assert isinstance(cagr_2010_2013, numbers.Real), "cagr_2010_2013 should be a number"
    assert isinstance(agreeing_years, list) and all(isinstance(y, int) for y in agreeing_years), \
        "agreeing_years should be a list of integers"

test_ru_growth_form(derived_growth, cagr_2010_2013, agreeing_years)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ru_growth_values(derived_growth, cagr_2010_2013, agreeing_years):
    import pandas as pd

    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table
    from cbec.stats import growth

    table = load_table("russia_market_figures")
    ids = ["gu-ecom-size-y1", "gu-ecom-size-y2", "gu-ecom-size-y3", "gu-41-ecom-size-2013"]
    levels = pd.Series({int(figures.figure(table, i)["year"]): figures.value(table, i)
                        for i in ids}).sort_index()
    expected = growth.yoy_growth(levels)
    rates = figures.metric_rows(table, "ecommerce_market_growth", unit="percent")
    rates = dict(zip(rates["year"].astype(int), rates["value"], strict=True))
    assert_matches(derived_growth, expected, "derived_growth")
    assert_matches(cagr_2010_2013, growth.cagr_between(levels, 2010, 2013), "cagr_2010_2013")
    assert_matches(sorted(agreeing_years),
                   [int(y) for y, r in expected.items() if y in rates and round(r) == rates[y]],
                   "agreeing_years")

test_ru_growth_values(derived_growth, cagr_2010_2013, agreeing_years)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ru_per_order
# points: 2

# %% [markdown]
# **Question 2 (exercise *Who spends more per order?*).** `ru.regional_split(figs)` gives the
# shares (in percent) of Moscow and St Petersburg and of the rest of Russia in online
# shoppers, orders and sales, in 2012 and 2015. For each year, divide the capitals' share of
# sales by their share of orders, divide the regions' share of sales by their share of
# orders, and divide the first ratio by the second: `capitals_to_regions` is that pandas
# Series, indexed by year (integers). Then set `difference_grew` to `True` if the ratio is
# larger in 2015 than in 2012, `False` otherwise.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
wide = ru.regional_split(figs).pivot_table(index=["year", "area"], columns="measure",
                                           values="value")
per_order = (wide["online sales"] / wide["online orders"]).unstack("area")
# END SOLUTION
capitals_to_regions = per_order["Moscow and St Petersburg"] / per_order["Rest of Russia"]  # SOLUTION
difference_grew = bool(capitals_to_regions[2015] > capitals_to_regions[2012])  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ru_per_order_form(capitals_to_regions, difference_grew):
    import pandas as pd

    assert isinstance(capitals_to_regions, pd.Series), \
        "capitals_to_regions should be a pandas Series"
    assert [int(y) for y in capitals_to_regions.index] == [2012, 2015], \
        "capitals_to_regions should be indexed by the years 2012 and 2015"
    assert isinstance(difference_grew, bool), "difference_grew should be True or False"

test_ru_per_order_form(capitals_to_regions, difference_grew)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ru_per_order_values(capitals_to_regions, difference_grew):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import russia_market as ru
    from cbec.data import load_table

    split = ru.regional_split(load_table("russia_market_figures"))
    share = split.set_index(["year", "area", "measure"])["value"]
    expected = {}
    for year in sorted(split["year"].unique()):
        capitals = (share[(year, ru.AREA_LABELS[ru.CAPITALS], "online sales")]
                    / share[(year, ru.AREA_LABELS[ru.CAPITALS], "online orders")])
        regions = (share[(year, ru.AREA_LABELS[ru.REGIONS], "online sales")]
                   / share[(year, ru.AREA_LABELS[ru.REGIONS], "online orders")])
        expected[int(year)] = capitals / regions
    assert_matches(dict(capitals_to_regions.items()), expected, "capitals_to_regions")
    assert_matches(difference_grew, bool(expected[2015] > expected[2012]), "difference_grew")

test_ru_per_order_values(capitals_to_regions, difference_grew)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ru_credible
# points: 2

# %% [markdown]
# **Question 3 (exercise *Which cross-border figure to believe?*).** Gu prints cross-border
# purchases of `gu-cb-sales-2014` for 2014 and `gu-cb-sales-2015` for 2015 (billion
# roubles), with growth of `gu-cb-growth-2015` percent in 2015. Compute the 2015 level
# implied by the 2014 figure and that growth (`implied_2015`) and the 2014 level implied by
# the 2015 figure and that growth (`implied_2014`), both in billion roubles.

# %% [raw]
# # BEGIN SOLUTION

# %%
rate = figures.value(figs, "gu-cb-growth-2015")  # SOLUTION
implied_2015 = figures.value(figs, "gu-cb-sales-2014") * (1 + rate / 100)  # SOLUTION
implied_2014 = figures.value(figs, "gu-cb-sales-2015") / (1 + rate / 100)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ru_credible_form(implied_2015, implied_2014):
    import numbers

    for name, value in [("implied_2015", implied_2015), ("implied_2014", implied_2014)]:
        assert isinstance(value, numbers.Real) and not isinstance(value, bool), \
            f"{name} should be a number"

test_ru_credible_form(implied_2015, implied_2014)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ru_credible_values(implied_2015, implied_2014):
    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table

    table = load_table("russia_market_figures")
    factor = 1 + figures.value(table, "gu-cb-growth-2015") / 100
    assert_matches(implied_2015, figures.value(table, "gu-cb-sales-2014") * factor,
                   "implied_2015")
    assert_matches(implied_2014, figures.value(table, "gu-cb-sales-2015") / factor,
                   "implied_2014")

test_ru_credible_values(implied_2015, implied_2014)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ru_cheap
# points: 2

# %% [markdown]
# **Question 4 (exercise *How cheap were Chinese parcels?*).** For the first quarter of 2016
# Gu prints China's share of the cross-border items bought by Russians
# (`gu-swot-china-share-goods-2016q1`) and of their value
# (`gu-swot-china-share-value-2016q1`), both in percent. Taking the two shares to describe
# the same purchases, compute the average value of a Chinese item divided by the average
# value of a non-Chinese item (`relative_value`).

# %% [raw]
# # BEGIN SOLUTION

# %%
items = figures.value(figs, "gu-swot-china-share-goods-2016q1")  # SOLUTION
value = figures.value(figs, "gu-swot-china-share-value-2016q1")  # SOLUTION
relative_value = (value / items) / ((100 - value) / (100 - items))  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ru_cheap_form(relative_value):
    import numbers

    assert isinstance(relative_value, numbers.Real) and not isinstance(relative_value, bool), \
        "relative_value should be a number"

test_ru_cheap_form(relative_value)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ru_cheap_values(relative_value):
    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table

    table = load_table("russia_market_figures")
    china_items = figures.value(table, "gu-swot-china-share-goods-2016q1")
    china_value = figures.value(table, "gu-swot-china-share-value-2016q1")
    per_item_china = china_value / china_items
    per_item_other = (100 - china_value) / (100 - china_items)
    assert_matches(relative_value, per_item_china / per_item_other, "relative_value")

test_ru_cheap_values(relative_value)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
