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

# %% [markdown]
# # China's cross-border e-commerce boom
#
# **Learning objectives.** After this chapter you can:
#
# * trace every published figure on the size of China's {term}`cross-border e-commerce`
#   (CBEC) between 2001 and 2022 to its source and section, and explain why the texts disagree;
# * apply an explicit rule that turns conflicting printed values into one
#   {term}`reconciled series`, and defend or replace that rule;
# * compute a {term}`CAGR` and year-on-year growth from a sparse series without inventing the
#   missing years;
# * tell CBEC business models apart by who trades with whom and by who runs the storefront,
#   and place them in the three stages of China's CBEC;
# * compare which obstacles each source raises and judge what that agreement is worth.
#
# **Prerequisites.** The book's introduction; pandas (filtering, `groupby`), reading an
# altair chart, and the idea of compound growth.
#
# **Time.** About 35 minutes to read and run, 30 more for the exercises.
#
# **Data used.** [`china_cbec_figures`](data_package.ipynb) (one row per printed figure),
# [`cbec_problems`](data_package.ipynb), [`cbec_business_models`](data_package.ipynb),
# [`cbec_development_stages`](data_package.ipynb) and, for the pilot-zone batches,
# [`cbec_pilot_batches`](data_package.ipynb).

# %% tags=["remove-input"]
import textwrap

from cbec.chapters import china_cbec as cn
from cbec.charts.preamble import chapter_preamble, glue_numbers
from cbec.charts.tables import show_table
from cbec.data import figures
from cbec.stats import growth

tables = chapter_preamble("china_cbec_figures", "cbec_problems", "cbec_business_models",
                          "cbec_development_stages", "cbec_pilot_batches")
cbec_figures, problems, models, stages, batches = tables.values()
conflicts = cn.load_conflicts(cbec_figures)
trade_2018 = cn.load_trade_2018(cbec_figures)
glue_numbers(cn.numbers(cbec_figures, problems, batches, trade_2018))

# %% [markdown]
# ## Five texts, one backdrop
#
# Each of the book's five sources opens with the same scene before turning to its own
# subject: China's online cross-border trade grew from a few export listing sites into a
# channel worth trillions of yuan a year, pushed along by customs reforms, a growing list of
# {term}`comprehensive pilot zones <comprehensive pilot zone>` and, in the background, the
# {term}`Belt and Road Initiative`. The sources tell this story with different numbers and
# emphases:
#
# * {cite:t}`zhao2021` gives the fullest account: the business models (§1.3.2), three
#   development stages (§2.1 A), the growth of transaction value from 2001 to 2018 (§2.1 C) and
#   the structure of China's foreign trade in 2018 (§2.2).
# * {cite:t}`gu2018` quotes yearly figures for 2014–2016 from a Chinese e-commerce research
#   centre, scattered over three chapters.
# * {cite:t}`xu_nd` prints a clean series for 2018–2022 and places CBEC inside the
#   {term}`dual circulation` strategy, which asks domestic and foreign markets to reinforce
#   each other.
# * {cite:t}`beltroad_nd` has no numbers at all; it lists obstacles and the policies that
#   might remove them.
# * {cite:t}`song2020` is about one border province, Heilongjiang, but names the same two
#   national bottlenecks, payments and logistics, in its §4.
#
# The data package records {glue:text}`cn_n_figures:d` printed figures for this chapter, one
# row each, with the section they come from. This chapter puts them side by side, decides in
# the open which ones form a single series, and keeps the ones it does not use in view.
#
# ## How big did it get?
#
# Three sources print the yearly value of China's CBEC transactions ("transaction scale" or
# "market scale"; all three mean the value of goods traded through cross-border online
# channels, business-to-business trade included). {cite:t}`zhao2021` gives the two ends of a
# chart that was lost when the thesis was converted to text: 100 billion yuan in 2001 and
# 9 trillion yuan in 2018. {cite:t}`gu2018` gives 3.75 trillion yuan for 2014, 2 trillion yuan
# for the first half of 2015, then 5.4 trillion for 2015 and 6 trillion for 2016 *without a
# currency*. {cite:t}`xu_nd` gives every year from 2018 (9 trillion yuan, the same as Zhao) to
# 2022 (15.7 trillion yuan).
#
# ### The reconciliation rule
#
# To draw one line through these points we need a rule that says which printed value stands
# for a year. The chapter's rule, written as a parameter of the reconciliation function so
# that it can be read, tested and swapped, has three parts:
#
# 1. **Whole calendar years only.** A half-year value is not comparable with annual ones.
# 2. **Yuan only, never mixed units.** Values printed in billions or trillions of yuan are
#    converted to trillions of yuan. A value printed as plain "trillion", with no currency, is
#    left out rather than assumed to be yuan, and so is the value Gu labels as imports.
# 3. **The newest publication wins a tie.** Where two sources give the same year, Xu (the most
#    recent text, reporting up to 2022) beats Zhao (2021), which beats Gu (2018): a later text
#    can quote a revised vintage of the same research-centre series, while an earlier one
#    cannot know the revision.
#
# With today's data only 2018 has two candidates, and they agree, so the priority order does
# not change a single number. It is there so that the result stays deterministic when rows are
# added, and the test suite checks that every reconciled year really comes from the
# highest-ranked eligible source (`tests/test_china_cbec.py`). The rule as the code states it:

# %%
scale = cn.scale_reconciliation(cbec_figures, rule=cn.SCALE_RULE)
print(textwrap.fill(cn.SCALE_RULE.describe(figures.SOURCE_LABELS), width=80))

# %% [markdown]
# The rule keeps {glue:text}`cn_n_reconciled:d` years between {glue:text}`cn_first_year:d` and
# {glue:text}`cn_last_year:d` and sets aside {glue:text}`cn_n_excluded:d` printed values of the
# same quantity. {numref}`fig-cn-scale` shows all of them: the filled marks are used, the
# hollow ones are not, and hovering over a mark shows its figure id, section and what the rule
# did with it.

# %% mystnb={"figure": {"caption": "China's cross-border e-commerce transaction value, 2001\u20132022, as printed by three sources (log scale). Filled marks are used in the reconciled series (black dashed line, derived: a selection of printed values by the rule above); hollow marks are printed values the rule leaves out (no currency printed, half a year only, or labelled imports), drawn at face value. Where the line crosses years without a printed value it only joins the printed values on either side. Shaded bands: Zhao's three development stages.", "name": "fig-cn-scale"}} tags=["remove-input"]
points = cn.scale_points(cbec_figures, scale)
bands = cn.stage_bands(stages, 2000, int(points["year"].max()))
cn.scale_chart(points, bands, cn.scale_source(cbec_figures, points))

# %% tags=["remove-input"]
show_table(
    cn.decisions_table(scale),
    caption="Every printed value of China's CBEC transaction scale and what the reconciliation rule does with it (converted values are derived).",
    label="tbl-cn-scale-decisions",
)

# %% [markdown]
# The reconciled line is only as dense as the printed record. Zhao's yearly chart for
# 2001–2018 survives as a caption, so between 2001 and 2014 and between 2014 and 2018 the line
# is a straight join, not an estimate; the chapter never fills those years in.
#
# ### Where the printed values disagree
#
# The table below sets out the conflicts and garbles this chapter relies on, each with the
# words as printed.

# %% tags=["remove-input"]
show_table(
    cn.conflicts_table(conflicts, cbec_figures),
    caption="Printed figures that conflict, are garbled or need care, side by side with their sources and the words as printed.",
    label="tbl-cn-conflicts",
)

# %% [markdown]
# * **2016.** {cite:t}`gu2018` prints 6 trillion for 2016 in §1.1 and, in §4.1, a garbled
#   "6. 5 trillion yuan" of CBEC *imports* for the same year. Imports larger than the total
#   are impossible, so at least one label is wrong; the most likely reading is that §4.1 also
#   means the total. The rule uses neither: one has no currency, the other is labelled as
#   something else.
# * **A dollar sign for yuan.** {cite:t}`gu2018` prints 26.1 trillion "dollars" for all of China's
#   e-commerce in 2016 and 120.7 billion "dollars" for the 2016 Double 11 sales, which it
#   compares with a 2017 figure in yuan. Both are recorded as printed with a note; neither is a
#   CBEC total, so neither enters the series.
# * **Pilot zones.** Zhao counts 59 comprehensive pilot zones, Xu 165
#   {cite:p}`zhao2021,xu_nd`; neither gives a date.
#   They are not rivals but snapshots taken at different times (see
#   {ref}`the pilot-zone section <cn-pilot-zones>` below).
# * **Private firms' share of trade.** {cite:t}`zhao2021` says both that it "exceeded 50%"
#   (§2.2.1) and that it was 40.0% (§2.2.3 B) in 2018; the trade section below shows which one fits.
#
# ### Do the levels and growth rates agree?
#
# Sources that print both a level and its growth rate let us recover the level a year
# earlier, because level ÷ (1 + growth) is the previous level. Where that previous level is
# also printed, the two can be compared.

# %% tags=["remove-input"]
show_table(
    cn.consistency_table(cbec_figures),
    caption="Levels printed with their growth rates, the previous level they imply (derived) and the level printed for that earlier period.",
    label="tbl-cn-consistency",
)

# %% [markdown]
# Xu's numbers hang together: each growth rate reproduces the level printed for the year
# before to within {glue:text}`cn_xu_max_gap:.2f` per cent, the size of rounding in the second
# decimal. Gu's do not. The 2015 level of 5.4 trillion with growth of 28.6% implies a 2014
# level of {glue:text}`cn_implied_2014:.2f` trillion, not the 3.75 trillion yuan printed for
# 2014; and 6 trillion for 2016 with growth of 30% implies {glue:text}`cn_implied_2015:.2f`
# trillion for 2015, not 5.4 {cite:p}`gu2018`. The "imports" figure fits somewhat better
# ({glue:text}`cn_implied_2015_imports:.2f` trillion), which supports reading it as the total.
# Gu's figures probably come from reports of different dates; whatever their origin, they
# cannot all be right together. This is one more reason the rule leaves Gu's 2015 and 2016 values out, and why
# {ref}`an exercise <cn-ex-rule>` asks you to take the other side.
#
# ## How fast did it grow?
#
# The {term}`CAGR` between two years is the constant yearly rate that would carry the first
# level to the second:
#
# $$
# \text{CAGR} = \left(\frac{V_{\text{end}}}{V_{\text{start}}}\right)^{1/n} - 1,
# $$
#
# where *n* is the number of years between them. `cbec.stats.growth.cagr` computes it; over a gap of
# several years it gives the average pace, not the path. {numref}`fig-cn-growth` puts the
# printed growth rates next to those derived from the reconciled series.

# %% mystnb={"figure": {"caption": "Growth of China's cross-border e-commerce transaction value, % per year. Points: one year's growth, as printed (shape and colour by source) or derived from the reconciled series (hollow black diamonds). Segments: an average over several years \u2014 Zhao's printed 2001\u20132018 average (solid) and the annualised growth across the gaps of the reconciled series (dashed, derived). Half-year and import growth rates are not shown.", "name": "fig-cn-growth"}} tags=["remove-input"]
rates = cn.growth_points(cbec_figures, scale)
cn.growth_chart(rates, cn.growth_source(cbec_figures, rates))

# %% [markdown]
# Three things stand out.
#
# * **The boom years are thinly documented.** Across the first gap the reconciled series
#   grows by {glue:text}`cn_gap_2001_2014:.1f`% a year and across the second by
#   {glue:text}`cn_gap_2014_2018:.1f`% (both derived). {cite:t}`zhao2021` prints an average of
#   30.3% for 2001–2018; the first exercise asks you to check it.
# * **Growth slowed as the market matured.** Xu's rates peak at 19.04% in 2020 and fall to
#   10.56% in 2022 {cite:p}`xu_nd`; over 2018–2022 the reconciled series
#   grows by {glue:text}`cn_cagr_2018_2022:.1f`% a year (derived).
# * **Xu's rates are cut, not rounded.** The 2019 growth derived from Xu's own levels is
#   {glue:text}`cn_yoy_2019:.3f`%, printed as 16.66% {cite:p}`xu_nd`: the second decimal is
#   cut, not rounded. The
#   difference is tiny, but it shows the levels, not the rates, are the primary numbers.
#
# Gu's rates for 2014–2016 (38.9%, 28.6% and 30% {cite:p}`gu2018`) sit well above the later
# ones, but as the
# previous section showed they do not agree with Gu's own levels, so they are best read as the
# research centre's headlines of the time rather than as a series.
#
# ## CBEC in China's foreign trade
#
# How large is CBEC relative to China's trade as a whole? {cite:t}`gu2018` prints two shares of
# China's import-export value: 14.2% for 2014 and 17.3% for the first half of 2015. Each share,
# with its CBEC value, implies a total for trade, and for 2018 we can form the ratio ourselves
# from the reconciled CBEC value and Zhao's goods-trade total.

# %% tags=["remove-input"]
show_table(
    cn.penetration_table(cbec_figures, scale),
    caption="CBEC relative to China's import-export value: printed shares (Gu) and a 2018 ratio derived from the reconciled series and Zhao's goods-trade total; derived values are labelled.",
    label="tbl-cn-penetration",
)

# %% [markdown]
# By 2018 the CBEC value equals {glue:text}`cn_ratio_2018:.1f`% of goods trade (derived). That
# is a ratio, not a clean share: the research-centre series is a broad measure of orders
# placed through cross-border channels, most of it business-to-business trade that is
# probably also counted in the customs statistics, and no source explains how the two totals
# overlap.
#
# The make-up of the total is known only in outline. According to {cite:t}`zhao2021`,
# {term}`B2B` trade has
# made up more than 80% of China's CBEC in every year from 2010 to 2018, while the share of
# {term}`B2C` retail has been rising; exports dominate, with imports gaining ground. The yearly
# numbers behind both statements were in two charts that did not survive the text conversion,
# so only these bounds remain. Money followed the boom more cautiously than before: of the
# 193.381 billion yuan invested in Chinese e-commerce in 2019, 21.472 billion went to CBEC
# {cite:p}`zhao2021`, or {glue:text}`cn_investment_share:.1f`% (derived).
#
# (cn-pilot-zones)=
# ### Comprehensive pilot zones: two counts, two dates

# %% [markdown]
# Zhao's 59 and Xu's 165 pilot zones {cite:p}`zhao2021,xu_nd` are undated, but the book's list
# of batches dates them.
# The cumulative count reaches exactly 59 with batch {glue:text}`cn_zhao_batch:d`, approved in
# {glue:md}`cn_zhao_month`, and stays there until the next batch in {glue:md}`cn_next_month`:
# Zhao's count describes that window, well before the thesis appeared in 2021. The
# batches recorded in the data package add up to {glue:text}`cn_max_recorded:d` cities, fewer
# than Xu's 165, so Xu's count must include at least one later batch that the package does not
# list. The two numbers are both right, at different dates.

# %% mystnb={"figure": {"caption": "CBEC comprehensive pilot zones: cumulative number of cities after each approval batch (grey bars, derived from the batch table) against the two undated counts printed by Zhao and Xu (dashed lines).", "name": "fig-cn-pilot-zones"}} tags=["remove-input"]
bars = cn.pilot_zone_bars(cn.pilot_zone_counts(batches))
cn.pilot_zone_chart(bars, cn.pilot_zone_printed(cbec_figures), cn.pilot_zone_source(cbec_figures))

# %% [markdown]
# ## China's trade in 2018
#
# Zhao's chapter on foreign trade describes 2018 in shares: who trades (foreign-funded,
# private and state-owned firms), what is exported, and how concentrated the partners are
# {cite:p}`zhao2021`. {numref}`fig-cn-trade-2018` collects the printed shares.

# %% mystnb={"figure": {"caption": "Shares of China's trade in 2018 as printed by Zhao (2021), in %. Bars drawn hollow with a dashed outline are lower bounds ('exceeded', 'surpassing'). Product groups overlap (high-tech goods are largely electromechanical), so export shares do not add up; the two private-firm shares conflict.", "name": "fig-cn-trade-2018"}} tags=["remove-input"]
trade = cn.trade_structure_2018(cbec_figures, trade_2018)
cn.trade_structure_chart(trade, cn.trade_structure_source(cbec_figures, trade))

# %% [markdown]
# The ownership shares settle the conflict over private firms. Foreign-funded firms (42.6%),
# private firms at 40.0% and state-owned firms (17.4%) {cite:p}`zhao2021` add up to
# {glue:text}`cn_ownership_total:.1f`% (derived), so the 40.0% figure is the one consistent
# with the rest; the "exceeded 50%" of §2.2.1 most likely confuses the share of trade with the
# share of trade *growth*, which Zhao puts at more than half in §2.2.3 B. A second check
# supports a transcription note: services' 5.24 trillion {cite:p}`zhao2021` is printed
# without a currency, but
# taking it as yuan, services make up {glue:text}`cn_service_share:.2f`% of goods plus
# services trade (derived), matching the printed 14.7%.
#
# ## Business models
#
# The sources classify CBEC businesses in two main ways {cite:p}`zhao2021,gu2018,xu_nd`.
#
# *By the parties to the transaction.* In {term}`B2B` trade, firms sell to firms — online
# wholesale, from catalogue sites for exporters to platforms that also handle payment and
# shipping. In {term}`B2C` trade, firms sell to individual consumers abroad; in {term}`C2C`,
# individuals sell to individuals. Zhao also lists trade with governments (B2G, C2G) but notes
# that it barely exists, and {cite:t}`gu2018` adds {term}`C2B`, in which pooled customer demand
# is passed back to flexible factories. Some of the sources' example companies are doubtful:
# Zhao files Tmall Global and JD Global under C2C, although both are usually described as
# business-to-consumer import platforms.
#
# *By who runs the storefront.* Under the {term}`platform model` a third party hosts many
# sellers and earns commissions, offering range and traffic at low risk. Under the
# {term}`self-operated model` the company buys goods itself and sells them on its own site,
# gaining control over quality and prices. The {term}`hybrid model` does both, and Zhao sees it
# as where the industry is heading; Gu's example is JD.com's Russian site of 2015, which mixed
# its own sales with an open marketplace. Xu reports a third classification from the
# literature, by business scope (comprehensive versus vertical).

# %% tags=["remove-input"]
show_table(
    cn.models_table(models),
    caption="CBEC business models as the sources define them, with the example companies each names (descriptions are the book's paraphrase; Zhao's where Zhao defines the model).",
    label="tbl-cn-models",
)

# %% [markdown]
# ## Three stages
#
# {cite:t}`zhao2021` divides China's CBEC into three periods, shaded in {numref}`fig-cn-scale`.
# Gu names a sequence of phases of Chinese e-commerce in general since 1997 but dates none of
# them, and
# Zhao elsewhere contrasts a "1.0" era of display-only sites with a "2.0" era of online
# transactions; both are in the data package (`cbec_development_stages`) but only the dated
# scheme is used here.

# %% tags=["remove-input"]
show_table(
    cn.stages_table(stages),
    caption="The three development stages of China's CBEC according to Zhao (2021), with dates as printed and the book's summary of their hallmarks.",
    label="tbl-cn-stages",
)

# %% [markdown]
# The stages line up with the scale data as far as the data go: Zhao's 2001 value falls in
# the embryonic period of listing sites; Gu's 2014 figure sits at the start of the outbreak
# period, the year the industry called the first year of CBEC after customs clarified the rules
# for cross-border parcels. The third stage is open-ended in a 2021 thesis, and Xu's series
# shows it continuing, at a slower pace, to 2022.
#
# Firms were slower than the platforms. In 2013, the last year of Zhao's development period,
# {glue:text}`cn_firms_selling:.1f`% of Chinese companies sold online,
# {glue:text}`cn_firms_buying:.1f`% bought online and {glue:text}`cn_firms_marketing:.1f`%
# used the Internet to market their products {cite:p}`zhao2021`. These shares cover all
# e-commerce, not only cross-border trade, and Zhao prints them to show how much room was
# left: on the eve of the outbreak period {glue:text}`cn_firms_not_selling:.1f`% of companies
# did not sell online (derived).

# %% [markdown]
# ## What holds CBEC back
#
# The sources agree on the obstacles more than on the numbers. The book coded each text for
# six obstacles: a mark means the text discusses the obstacle for CBEC (not a passing word), and
# every mark has a locator. {numref}`fig-cn-problems` shows the result; hover over a cell for
# the evidence, or read the locators in the table under it.

# %% mystnb={"figure": {"caption": "Which source raises which obstacle to cross-border e-commerce, coded by the book from the five texts (\u2713 raised, \u2013 not raised). Every cell's locator is in the table below and in the tooltip.", "name": "fig-cn-problems"}} tags=["remove-input"]
matrix = cn.problems_matrix(problems)
cn.problems_chart(matrix, cn.problems_source(problems))

# %% tags=["remove-input"]
show_table(
    cn.problems_locator_table(matrix),
    caption="Where each source raises each obstacle (section numbers as the sources print them), or 'not raised' after reading the whole text.",
    label="tbl-cn-problems",
)

# %% [markdown]
# Only {glue:md}`cn_all_sources` is raised by all {glue:text}`cn_n_sources:d` texts. The
# Belt and Road paper puts it first and recommends {term}`overseas warehouses <overseas
# warehouse>`, stock held near foreign buyers so parcels need not cross the border one by one,
# while warning that they tie up capital for years {cite:p}`beltroad_nd`; Zhao makes the same
# point about their cost {cite:p}`zhao2021`. Payment security, talent, regional imbalance and
# policy each appear in {glue:text}`cn_n_payment:d` texts, and credit and intellectual
# property in {glue:text}`cn_n_credit:d`.
#
# The coding is coarse and should be read with care. Song raises {glue:text}`cn_song_raised:d`
# of the {glue:text}`cn_n_obstacles:d` obstacles, but it studies one province's trade with Russia, so its silence on talent or
# regional imbalance says nothing about China as a whole. Xu's "regional imbalance" is a finding
# of its panel regression (the effect of CBEC is not significant in the western provinces),
# not a complaint; and several marks come from strategy sections rather than problem lists,
# as the notes in the data package record. Agreement among five texts that cite overlapping
# literature is also weaker evidence than it looks.
#
# ## Key takeaways
#
# * The printed record of China's CBEC scale is sparse and uneven: two end points from Zhao,
#   a few mutually inconsistent values from Gu, and a tidy 2018–2022 series from Xu.
# * A reconciliation rule stated as a parameter — calendar years only, yuan only, newest
#   publication first — gives a short series that is traceable row by row; values it leaves
#   out stay visible and explained.
# * Growth was fast through the 2010s and slowed after 2020; averages across the gaps are
#   averages, not a reconstruction of the missing years.
# * Checks in code resolve several conflicts: Zhao's 59 and Xu's 165 pilot zones are counts at
#   different dates, and the 40.0% share of private firms, not "over 50%", fits 2018's other
#   ownership shares {cite:p}`zhao2021,xu_nd`.
# * Business-to-business trade dominates Chinese CBEC; platforms, own-account retailers and
#   hybrids of the two are the main ways of running a storefront.
# * Logistics is the one obstacle every source names; the rest of the agreement is softer than
#   it looks.
#
# ## Exercises
#
# ```{exercise} A CAGR against a printed average
# :label: cn-ex-cagr
#
# {cite:t}`zhao2021` says the transaction value grew "nearly 90 times" from 2001 to 2018, an
# average of 30.3% a year. Using the reconciled series and `cbec.stats.growth`, compute the CAGR for
# 2001–2018 and the growth multiple, and compare them with the printed figures. Then compute the
# CAGR for 2001–2022. Why is it lower?
# ```
#
# ```{solution-start} cn-ex-cagr
# :class: dropdown
# ```
#
# The reconciled series holds Zhao's two printed end points for 2001 and 2018 (the 2018 value is
# Xu's, which is the same), so the CAGR reproduces Zhao's average and the multiple is exactly
# the ratio of the two levels, which "nearly 90 times" describes.

# %% tags=["solution"]
series = cn.scale_reconciliation(cbec_figures).values()
print(f"CAGR 2001-2018: {growth.cagr_between(series, 2001, 2018):.2f}% "
      f"(printed: {figures.value(cbec_figures, 'zhao-cbec-2001-2018-avg-growth')}%)")
print(f"multiple 2001-2018: {series[2018] / series[2001]:.1f} "
      f"(printed: nearly {figures.value(cbec_figures, 'zhao-cbec-2001-2018-multiple'):g})")
print(f"CAGR 2001-2022: {growth.cagr_between(series, 2001, 2022):.2f}%")

# %% [markdown]
# Extending the window to 2022 adds four years in which Xu's growth rates are all well below
# the earlier average, so the compound rate over the longer span falls.
#
# ```{solution-end}
# ```
#
# ```{exercise} Defend a different rule
# :label: cn-ex-rule
#
# Write a rule that also accepts values printed as plain "trillion" (assuming they are yuan),
# keeping everything else about `cn.SCALE_RULE`. Which years enter the series? Compute the
# growth between successive years with `growth.growth_steps` and compare the 2015 and 2016
# rates with those Gu prints. Would you adopt this rule? Argue for or against it in a few
# sentences.
# ```
#
# ```{solution-start} cn-ex-rule
# :class: dropdown
# ```
#
# `dataclasses.replace` copies the rule with new accepted units and a new reason; nothing else
# changes, so the comparison isolates the effect of the currency assumption.

# %% tags=["solution"]
from dataclasses import replace

relaxed = replace(
    cn.SCALE_RULE,
    unit_factors={**cn.SCALE_RULE.unit_factors, "trillion": 1.0},
    reason="values printed without a currency are taken to be yuan, as the context suggests",
)
alternative = cn.scale_reconciliation(cbec_figures, rule=relaxed)
print(alternative.series[["year", "value", "figure_id"]].to_string(index=False))
print(growth.growth_steps(alternative.values()).round(1).to_string(index=False))

# %% [markdown]
# The relaxed rule adds Gu's 2015 and 2016 values. The derived growth for 2015 is far above
# the 28.6% Gu prints, and for 2016 far below the 30% — the series jumps and then stalls. A
# case *for* the rule: the context of both sentences is yuan, and a denser series shows the
# mid-2010s boom. A case *against*: the currency is an assumption, and the values it admits
# contradict the growth rates printed next to them, so the extra points add noise, not
# information. Either way, the rule is now explicit and its consequences can be checked.
#
# ```{solution-end}
# ```
#
# ```{exercise} Cut or rounded?
# :label: cn-ex-rounding
#
# For each of Xu's years from 2019 to 2022, compute the growth rate from Xu's own levels to four
# decimals, then both round it and cut (truncate) it to two decimals. Which of the two matches
# every printed rate?
# ```
#
# ```{solution-start} cn-ex-rounding
# :class: dropdown
# ```
#
# Growth is derived from the levels with `growth.yoy_growth`; `numpy.floor` on the rate times
# 100 cuts the third decimal off.

# %% tags=["solution"]
import numpy as np
import pandas as pd

xu_levels = figures.metric_rows(cbec_figures, "cbec_transaction_value", source="xu_nd")
xu_levels = xu_levels.set_index(xu_levels["year"].astype(int))["value"]
derived = growth.yoy_growth(xu_levels)
xu_rates = figures.metric_rows(cbec_figures, "cbec_transaction_growth", source="xu_nd")
printed = xu_rates.set_index(xu_rates["year"].astype(int))["value"].reindex(derived.index)
comparison = pd.DataFrame({
    "derived": derived.round(4), "rounded": derived.round(2),
    # derived.round(9) removes float noise (13.6 is stored as 13.5999...) before cutting
    "cut": np.floor(derived.round(9) * 100) / 100, "printed": printed,
})
print(comparison.to_string())
print("rounding matches every year:", bool((comparison["rounded"] == comparison["printed"]).all()))
print("cutting matches every year:", bool((comparison["cut"] == comparison["printed"]).all()))

# %% [markdown]
# Cutting matches in every year; rounding does not, because it raises the last digit in 2019
# and 2020. Xu computed the rates from the levels and cut them, so the levels are the primary
# numbers.
#
# ```{solution-end}
# ```
#
# ```{exercise} How much do the sources agree?
# :label: cn-ex-problems
#
# Using `cbec_problems`, count how many obstacles each source raises, and list the obstacles
# raised by fewer than four sources. Then argue whether Song's short list reflects the
# province it studies or a real disagreement with the other texts.
# ```
#
# ```{solution-start} cn-ex-problems
# :class: dropdown
# ```

# %% tags=["solution"]
per_source = problems.groupby("source")["raised"].sum().astype(int).sort_values(kind="stable")
print(per_source.rename(index=cn.source_label).to_string())
rare = cn.obstacle_counts(problems)
print("raised by fewer than four sources:",
      [cn.OBSTACLE_LABELS[k] for k, n in rare.items() if n < 4])

# %% [markdown]
# Song raises the fewest obstacles, and only payments and logistics — the two that bite
# hardest on parcels from Heilongjiang to Russian buyers. Its subject is one province's trade
# with one country, so its silence on talent or China's regional gaps is a matter of scope, not
# a claim that they do not matter. Credit and intellectual property is the least shared
# obstacle: it matters most to the retail-platform studies (Gu and Zhao) and to the Belt and
# Road paper's call for a credit system.
#
# ```{solution-end}
# ```
