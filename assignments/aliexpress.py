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
# name: aliexpress
# export_cell: false
# check_all_cell: true
# run_tests: true
# tests:
#   ok_format: false

# %% [markdown]
# # Assignment: AliExpress in Russia: the stages of a business model
#
# This notebook turns the computational parts of the exercises of the AliExpress chapter
# into autograded questions. The data come from the data package tables
# `aliexpress_stages`, `aliexpress_figures`, `payment_fees` and `logistics_lines` (read with
# `cbec.data.load_table`; `figures.value(table, figure_id)` gives one printed value) and the
# helpers from `cbec.chapters.aliexpress`.
#
# Replace every `...` with your code and run `grader.check("question name")` under each
# question. Those checks only look at the *form* of your answers (type, shape). The values are
# checked when your instructor grades the notebook: each question counts in full or not at
# all. Do not round your results. The written parts of the exercises (which driver a move
# fits, why a date stays open) are discussed in the chapter and in class; they are not graded
# here.

# %%
from cbec.chapters import aliexpress as ali
from cbec.data import figures, load_table

stages = load_table("aliexpress_stages")
ali_figures = load_table("aliexpress_figures")
fees = load_table("payment_fees")
lines = load_table("logistics_lines")

# %% [raw]
# # BEGIN QUESTION
# name: ali_stage
# points: 2

# %% [markdown]
# **Question 1 (exercise *Place a new event in a stage*).** In June 2019 Alibaba formed a
# joint venture with Russian partners. With `ali.stages_for_year`, list the numbers of the
# stages whose printed years contain 2019 (`stages_2019`, a list of integers).

# %% [raw]
# # BEGIN SOLUTION

# %%
stages_2019 = ali.stages_for_year(2019, stages)  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ali_stage_form(stages_2019):
    assert isinstance(stages_2019, list), "stages_2019 should be a list"
    assert all(isinstance(s, int) for s in stages_2019), "the stages should be integers"

test_ali_stage_form(stages_2019)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ali_stage_values(stages_2019):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import aliexpress
    from cbec.data import load_table

    expected = aliexpress.stages_for_year(2019, load_table("aliexpress_stages"))
    assert_matches(sorted(stages_2019), sorted(expected), "stages_2019")

test_ali_stage_values(stages_2019)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ali_fees
# points: 2

# %% [markdown]
# **Question 2 (exercise *Fees for another order*).** `ali.payment_fees_for(fees, amount)`
# gives, for an order of `amount` US dollars, the lowest (`fee_usd_min`) and highest
# (`fee_usd_max`) fee of each payment method. Give the method (its name in the `method`
# column) whose highest fee is lowest for an order of 50 dollars (`cheapest_50`), the method
# whose lowest fee is lowest for an order of 1,000 dollars (`cheapest_1000`), and, with
# `ali.break_even_amount`, the order size in dollars at which Alipay at its highest rate
# costs as much as the highest `"T/T"` wire fee (`break_even`).

# %% [raw]
# # BEGIN SOLUTION

# %%
# BEGIN SOLUTION
small = ali.payment_fees_for(fees, 50)
large = ali.payment_fees_for(fees, 1000)
# END SOLUTION
cheapest_50 = small.loc[small["fee_usd_max"].idxmin(), "method"]  # SOLUTION
cheapest_1000 = large.loc[large["fee_usd_min"].idxmin(), "method"]  # SOLUTION
break_even = ali.break_even_amount(fees, "Alipay", "max", "T/T", "max")  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ali_fees_form(cheapest_50, cheapest_1000, break_even):
    import numbers

    assert isinstance(cheapest_50, str), "cheapest_50 should be the name of a method"
    assert isinstance(cheapest_1000, str), "cheapest_1000 should be the name of a method"
    assert isinstance(break_even, numbers.Real) and not isinstance(break_even, bool), \
        "break_even should be a number"

test_ali_fees_form(cheapest_50, cheapest_1000, break_even)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ali_fees_values(cheapest_50, cheapest_1000, break_even):
    from cbec.book.assignments import assert_matches
    from cbec.chapters import aliexpress
    from cbec.data import load_table

    table = load_table("payment_fees")

    def cheapest(amount, column):
        fees_at = aliexpress.payment_fees_for(table, amount).set_index("method")[column]
        best = fees_at[fees_at == fees_at.min()]
        assert len(best) == 1, "the answer key expects a single cheapest method"
        return str(best.index[0])

    assert_matches(cheapest_50, cheapest(50, "fee_usd_max"), "cheapest_50")
    assert_matches(cheapest_1000, cheapest(1000, "fee_usd_min"), "cheapest_1000")
    assert_matches(break_even, aliexpress.break_even_amount(table, "Alipay", "max", "T/T", "max"),
                   "break_even")

test_ali_fees_values(cheapest_50, cheapest_1000, break_even)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ali_multiple
# points: 2

# %% [markdown]
# **Question 3 (exercise *An internal inconsistency*).** Gu prints the daily orders in Russia
# at the start and at the end of 2012 (`gu-daily-orders-2012-start`,
# `gu-daily-orders-2012-end` in `ali_figures`) and says the order volume grew "more than 10
# times" in 2012 (`gu-order-volume-multiple-2012`). Compute the multiple implied by the daily
# figures (`daily_multiple`, end over start), and set `same_measure_possible` to `True` if it
# is at least the printed multiple (so both statements could describe the same measure),
# `False` otherwise.

# %% [raw]
# # BEGIN SOLUTION

# %%
daily_multiple = figures.value(ali_figures, "gu-daily-orders-2012-end") / figures.value(ali_figures, "gu-daily-orders-2012-start")  # SOLUTION
same_measure_possible = bool(daily_multiple >= figures.value(ali_figures, "gu-order-volume-multiple-2012"))  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ali_multiple_form(daily_multiple, same_measure_possible):
    import numbers

    assert isinstance(daily_multiple, numbers.Real) and not isinstance(daily_multiple, bool), \
        "daily_multiple should be a number"
    assert isinstance(same_measure_possible, bool), "same_measure_possible should be True or False"

test_ali_multiple_form(daily_multiple, same_measure_possible)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ali_multiple_values(daily_multiple, same_measure_possible):
    from cbec.book.assignments import assert_matches
    from cbec.data import figures, load_table

    table = load_table("aliexpress_figures")
    implied = (figures.value(table, "gu-daily-orders-2012-end")
               / figures.value(table, "gu-daily-orders-2012-start"))
    printed = figures.value(table, "gu-order-volume-multiple-2012")
    assert_matches(daily_multiple, implied, "daily_multiple")
    assert_matches(same_measure_possible, bool(implied >= printed), "same_measure_possible")

test_ali_multiple_values(daily_multiple, same_measure_possible)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION

# %% [raw]
# # BEGIN QUESTION
# name: ali_route
# points: 2

# %% [markdown]
# **Question 4 (exercise *Check the postal route*).** In `lines` (one row per logistics
# line, keyed by `line_id`), Gu's postal route has three legs, `gu-postal-china-border`,
# `gu-postal-customs` and `gu-postal-russia-domestic`, and a printed total,
# `gu-postal-total`. Give the sum of the legs' upper bounds in days (`legs_total`, column
# `days_max`), the printed total's upper bound (`printed_total`), and how many days shorter
# the upper bound of the Yanwen Russian line (`zhao-yanwen-russia`) is than that of the
# postal parcel (`zhao-postal-parcel-russia`) (`yanwen_days_saved`).

# %% [raw]
# # BEGIN SOLUTION

# %%
route = lines.set_index("line_id")["days_max"]  # SOLUTION
legs_total = int(route[["gu-postal-china-border", "gu-postal-customs", "gu-postal-russia-domestic"]].sum())  # SOLUTION
printed_total = int(route["gu-postal-total"])  # SOLUTION
yanwen_days_saved = int(route["zhao-postal-parcel-russia"] - route["zhao-yanwen-russia"])  # SOLUTION

# %% [raw]
# # END SOLUTION

# %% [raw]
# # BEGIN TESTS

# %%
""" # BEGIN TEST CONFIG
points: 0
""" # END TEST CONFIG
def test_ali_route_form(legs_total, printed_total, yanwen_days_saved):
    import numbers

    for name, value in [("legs_total", legs_total), ("printed_total", printed_total),
                        ("yanwen_days_saved", yanwen_days_saved)]:
        assert isinstance(value, numbers.Real) and not isinstance(value, bool), \
            f"{name} should be a number of days"

test_ali_route_form(legs_total, printed_total, yanwen_days_saved)

# %%
""" # BEGIN TEST CONFIG
hidden: true
""" # END TEST CONFIG
def test_ali_route_values(legs_total, printed_total, yanwen_days_saved):
    from cbec.book.assignments import assert_matches
    from cbec.data import load_table

    upper = dict(load_table("logistics_lines")[["line_id", "days_max"]].itertuples(index=False))
    legs = ["gu-postal-china-border", "gu-postal-customs", "gu-postal-russia-domestic"]
    assert_matches(legs_total, sum(int(upper[leg]) for leg in legs), "legs_total")
    assert_matches(printed_total, int(upper["gu-postal-total"]), "printed_total")
    assert_matches(yanwen_days_saved,
                   int(upper["zhao-postal-parcel-russia"]) - int(upper["zhao-yanwen-russia"]),
                   "yanwen_days_saved")

test_ali_route_values(legs_total, printed_total, yanwen_days_saved)

# %% [raw]
# # END TESTS

# %% [raw]
# # END QUESTION
