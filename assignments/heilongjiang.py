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
# name: heilongjiang
# export_cell: false
# check_all_cell: true
# run_tests: true
# tests:
#   ok_format: false

# %% [markdown]
# # Assignment: Heilongjiang–Russia trade and the logistics of cross-border e-commerce
#
# This notebook turns the computational parts of the exercises of the chapter on
# Heilongjiang–Russia trade into autograded questions. The figures come from the data package table
# `heilongjiang_figures` (read with `cbec.data.load_table`; `figures.value(figs, figure_id)`
# gives one printed value), the helpers from `cbec.chapters.heilongjiang` and the growth
# arithmetic of `cbec.stats.growth`.
#
# Replace every `...` with your code and run `grader.check("question name")` under each
# question. Those checks only look at the *form* of your answers (type, shape). The values are
# checked when your instructor grades the notebook: each question counts in full or not at
# all. Do not round your results. The written parts of the exercises (explain, critique,
# draft a note) are discussed in the chapter and in class; they are not graded here.

# %%
from cbec.chapters import heilongjiang as hlj
from cbec.data import figures, load_table
from cbec.stats import growth

figs = load_table("heilongjiang_figures")
charters = hlj.load_charter_periods(figs)  # the chapter's charter periods (a registry)

# %% [raw]
# # BEGIN QUESTION
# name: hlj_implied
# points: 2

# %% [markdown]
# **Question 1 (exercise *Implied 2018 levels*).** Song prints the 2019 values and growth
# rates of Heilongjiang's exports to Russia (`song-russia-exports-2019`,
# `song-russia-exports-2019-growth`), imports from Russia (`song-russia-imports-2019`,
# `song-russia-imports-2019-growth`) and total trade with Russia (`song-russia-trade-2019`,
# `song-russia-trade-2019-growth`). With `growth.implied_previous_level`, compute the
# implied 2018 levels as a dict with the keys `"exports"`, `"imports"` and `"total"`
# (`implied_2018`, in billion yuan), and the gap `implied_gap` = exports + imports − total.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
implied_2018 = {
    name: growth.implied_previous_level(figures.value(figs, level), figures.value(figs, rate))
    for name, level, rate in [
        ("exports", "song-russia-exports-2019", "song-russia-exports-2019-growth"),
        ("imports", "song-russia-imports-2019", "song-russia-imports-2019-growth"),
        ("total", "song-russia-trade-2019", "song-russia-trade-2019-growth"),
    ]
}
# END SOLUTION
implied_gap = implied_2018["exports"] + implied_2018["imports"] - implied_2018["total"]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_hlj_implied_form(implied_2018, implied_gap):
    import numbers

    assert isinstance(implied_2018, dict), "implied_2018 should be a dict"
    assert set(implied_2018) == {"exports", "imports", "total"}, \
        'implied_2018 should have the keys "exports", "imports" and "total"'
    assert isinstance(implied_gap, numbers.Real), "implied_gap should be a number"

test_hlj_implied_form(implied_2018, implied_gap)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_hlj_implied_values(implied_2018, implied_gap):
    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table
    from cbec.stats import growth

    table = load_table("heilongjiang_figures")
    expected = {key: growth.implied_previous_level(
                    figures.value(table, f"song-russia-{flow}-2019"),
                    figures.value(table, f"song-russia-{flow}-2019-growth"))
                for key, flow in [("exports", "exports"), ("imports", "imports"),
                                  ("total", "trade")]}
    assert_matches(implied_2018, expected, "implied_2018")
    assert_matches(implied_gap, expected["exports"] + expected["imports"] - expected["total"],
                   "implied_gap")

test_hlj_implied_values(implied_2018, implied_gap)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: hlj_readings
# points: 2

# %% [markdown]
# **Question 2 (exercise *Which reading of "2.6 times"?*).** Song prints the CBEC trade of the
# first three quarters of 2020 (`song-cbec-trade-2020q1q3`, million yuan) and says it grew
# "2.6 times" (`song-cbec-trade-2020q1q3-growth`). `hlj.times_increase_readings` gives both
# readings. Give the implied level of the first three quarters of 2019 under reading A (new
# level = 2.6 × old; `cbec_2019_reading_a`) and under reading B (increase = 2.6 × old;
# `cbec_2019_reading_b`), in million yuan.

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
readings = hlj.times_increase_readings(figures.value(figs, "song-cbec-trade-2020q1q3"),
                                       figures.value(figs, "song-cbec-trade-2020q1q3-growth"))
# END SOLUTION
cbec_2019_reading_a = readings["implied_previous"].iloc[0]  # SOLUTION
cbec_2019_reading_b = readings["implied_previous"].iloc[1]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_hlj_readings_form(cbec_2019_reading_a, cbec_2019_reading_b):
    import numbers

    for name, value in [("cbec_2019_reading_a", cbec_2019_reading_a),
                        ("cbec_2019_reading_b", cbec_2019_reading_b)]:
        assert isinstance(value, numbers.Real) and not isinstance(value, bool), \
            f"{name} should be a number"

test_hlj_readings_form(cbec_2019_reading_a, cbec_2019_reading_b)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_hlj_readings_values(cbec_2019_reading_a, cbec_2019_reading_b):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import heilongjiang as hlj
    from cbec.data import figures, load_table

    table = load_table("heilongjiang_figures")
    level = figures.value(table, "song-cbec-trade-2020q1q3")
    times = figures.value(table, "song-cbec-trade-2020q1q3-growth")
    assert_matches(cbec_2019_reading_a, level / times, "cbec_2019_reading_a")
    assert_matches(cbec_2019_reading_b, level / (1 + times), "cbec_2019_reading_b")
    by_reading = hlj.times_increase_readings(level, times)["implied_previous"]
    assert_matches([cbec_2019_reading_a, cbec_2019_reading_b], list(by_reading), "the readings")

test_hlj_readings_values(cbec_2019_reading_a, cbec_2019_reading_b)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: hlj_tons
# points: 2

# %% [markdown]
# **Question 3 (exercise *Redraw the charter chart for tonnage*).** Redraw the charter chart
# with tonnes per month instead of flights per month: `hlj.charter_periods(figs, charters)`
# gives the periods, `hlj.charter_segments` and `hlj.charter_source` take a `metric` argument,
# and `hlj.charter_chart` draws the segments with their source line. Keep the chart object in
# `tons_chart` and display it.

# %% [raw]
# # BEGIN SOLUTION

# %%
tons_periods = hlj.charter_periods(figs, charters)  # SOLUTION
tons_segments = hlj.charter_segments(figs, tons_periods, metric="tons_per_month")  # SOLUTION
tons_source = hlj.charter_source(figs, tons_periods, metric="tons_per_month")  # SOLUTION
tons_chart = hlj.charter_chart(tons_segments, tons_source)  # SOLUTION
tons_chart

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_hlj_tons_form(tons_chart):
    import altair as alt

    assert isinstance(tons_chart, alt.TopLevelMixin), "tons_chart should be an altair chart"

test_hlj_tons_form(tons_chart)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_hlj_tons_values(tons_chart):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import heilongjiang as hlj
    from cbec.data import load_table

    table = load_table("heilongjiang_figures")
    periods = hlj.charter_periods(table, hlj.load_charter_periods(table))
    expected = hlj.charter_chart(hlj.charter_segments(table, periods, metric="tons_per_month"),
                                 hlj.charter_source(table, periods, metric="tons_per_month"))
    assert_matches(tons_chart.to_dict(), expected.to_dict(), "tons_chart")

test_hlj_tons_values(tons_chart)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: hlj_parcels
# points: 2

# %% [markdown]
# **Question 4 (exercise *Critique a printed figure*).** `hlj.charter_periods(figs, charters)`
# has one row per charter period, with the printed pieces and tonnes and the derived weight
# per piece in kilograms (`kg_per_parcel`); its `figure_ids` column names the rows used. Give
# the weight per piece implied by the "7 million pieces" of January–October 2018
# (`kg_per_piece_7m`) and by the 107,000 parcels of the whole of 2018
# (`kg_per_parcel_2018`).

# %% [raw]
# # BEGIN SOLUTION

# %%
periods = hlj.charter_periods(figs, charters).set_index("label")  # SOLUTION
kg_per_piece_7m = periods.loc["Jan–Oct 2018 (“164 sorties”)", "kg_per_parcel"]  # SOLUTION
kg_per_parcel_2018 = periods.loc["2018, full year", "kg_per_parcel"]  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_hlj_parcels_form(kg_per_piece_7m, kg_per_parcel_2018):
    import numbers

    for name, value in [("kg_per_piece_7m", kg_per_piece_7m),
                        ("kg_per_parcel_2018", kg_per_parcel_2018)]:
        assert isinstance(value, numbers.Real) and not isinstance(value, bool), \
            f"{name} should be a number"

test_hlj_parcels_form(kg_per_piece_7m, kg_per_parcel_2018)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_hlj_parcels_values(kg_per_piece_7m, kg_per_parcel_2018):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import heilongjiang as hlj
    from cbec.data import load_table

    figs = load_table("heilongjiang_figures")
    table = hlj.charter_periods(figs, hlj.load_charter_periods(figs))
    by_pieces = {ids.split(", ")[1]: kg
                 for ids, kg in zip(table["figure_ids"], table["kg_per_parcel"], strict=True)
                 if len(ids.split(", ")) == 3}
    assert_matches(kg_per_piece_7m, by_pieces["song-charter-2018-jan-oct-parcels"],
                   "kg_per_piece_7m")
    assert_matches(kg_per_parcel_2018, by_pieces["song-charter-2018-parcels"],
                   "kg_per_parcel_2018")

test_hlj_parcels_values(kg_per_piece_7m, kg_per_parcel_2018)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: hlj_rail
# points: 2

# %% [markdown]
# **Question 5 (exercise *Value per train*).** Song prints the Harbin–Europe train runs and
# cargo value for 2015–2017 together (`song-hrb-europe-trains-2015-2017`,
# `song-hrb-europe-value-2015-2017`, the value in billion US dollars) and for 2017 alone
# (`song-hrb-europe-trains-2017`, `song-hrb-europe-value-2017`, in million US dollars).
# Convert both values to million US dollars with `hlj.scale_to`, then give the runs of
# 2015–2016 (`runs_2015_2016`), their cargo value in million US dollars
# (`value_2015_2016`), and the value per train in million US dollars in 2015–2016
# (`per_train_2015_2016`) and in 2017 (`per_train_2017`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
runs_all = figures.value(figs, "song-hrb-europe-trains-2015-2017")
runs_2017 = figures.value(figs, "song-hrb-europe-trains-2017")
value_all = hlj.scale_to(figures.value(figs, "song-hrb-europe-value-2015-2017"),
                         "billion US dollars", "million US dollars")
value_2017 = figures.value(figs, "song-hrb-europe-value-2017")
# END SOLUTION
runs_2015_2016 = runs_all - runs_2017  # SOLUTION
value_2015_2016 = value_all - value_2017  # SOLUTION
per_train_2015_2016 = value_2015_2016 / runs_2015_2016  # SOLUTION
per_train_2017 = value_2017 / runs_2017  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_hlj_rail_form(runs_2015_2016, value_2015_2016, per_train_2015_2016, per_train_2017):
    import numbers

    for name, value in [("runs_2015_2016", runs_2015_2016),
                        ("value_2015_2016", value_2015_2016),
                        ("per_train_2015_2016", per_train_2015_2016),
                        ("per_train_2017", per_train_2017)]:
        assert isinstance(value, numbers.Real) and not isinstance(value, bool), \
            f"{name} should be a number"

test_hlj_rail_form(runs_2015_2016, value_2015_2016, per_train_2015_2016, per_train_2017)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_hlj_rail_values(runs_2015_2016, value_2015_2016, per_train_2015_2016, per_train_2017):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import heilongjiang as hlj
    from cbec.data import figures, load_table

    table = load_table("heilongjiang_figures")

    def million_usd(figure_id):
        row = figures.figure(table, figure_id)
        return hlj.scale_to(float(row["value"]), str(row["unit"]), "million US dollars")

    runs = (figures.value(table, "song-hrb-europe-trains-2015-2017")
            - figures.value(table, "song-hrb-europe-trains-2017"))
    value = (million_usd("song-hrb-europe-value-2015-2017")
             - million_usd("song-hrb-europe-value-2017"))
    assert_matches(runs_2015_2016, runs, "runs_2015_2016")
    assert_matches(value_2015_2016, value, "value_2015_2016")
    assert_matches(per_train_2015_2016, value / runs, "per_train_2015_2016")
    assert_matches(per_train_2017, million_usd("song-hrb-europe-value-2017")
                   / figures.value(table, "song-hrb-europe-trains-2017"), "per_train_2017")

test_hlj_rail_values(runs_2015_2016, value_2015_2016, per_train_2015_2016, per_train_2017)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
