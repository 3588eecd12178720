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
# # AliExpress in Russia: the stages of a business model
#
# **Learning objectives.** After this chapter you can:
#
# * place each dated event of AliExpress's history in Russia on a timeline, say how precise
#   its date is and which source and section print it;
# * explain Gu's three stages in the terms of {term}`institutional theory` and
#   {term}`dynamic capability` theory, and judge where the stage boundaries fit the events
#   and where they do not;
# * compute the fees of the payment tools in Gu's Table 3.2 for any order size, and check
#   the printed 300-dollar example against that computation;
# * find and explain the places where the two sources disagree with each other or with
#   themselves;
# * say what the case can and cannot teach other Chinese firms entering Russia.
#
# **Prerequisites.** The book's introduction and the {doc}`data package <data_package>` page;
# pandas (filtering, `groupby`, `merge`), reading an altair chart.
#
# **Time.** About 40 minutes to read and run, 30 more for the exercises.
#
# **Data used.** [`aliexpress_events`](data_package.ipynb),
# [`aliexpress_stages`](data_package.ipynb), [`aliexpress_stage_elements`](data_package.ipynb),
# [`aliexpress_figures`](data_package.ipynb), [`payment_fees`](data_package.ipynb),
# [`payment_methods_by_region`](data_package.ipynb) and
# [`logistics_lines`](data_package.ipynb); one figure of
# [`russia_market_figures`](data_package.ipynb) for comparison. The chapter's registries are
# tables of the package too: [`aliexpress_conflicts`](data_package.ipynb) (conflicts and the
# book's reading of each), [`aliexpress_stage_sections`](data_package.ipynb) (which sections
# narrate which stage), [`aliexpress_metric_series`](data_package.ipynb) and
# [`aliexpress_chart_rows`](data_package.ipynb) (what the charts draw, with their labels).

# %% tags=["remove-input"]
from cbec.chapters import aliexpress as ali
from cbec.charts.preamble import chapter_preamble, glue_numbers
from cbec.charts.tables import show_table
from cbec.data import figures

tables = chapter_preamble(
    "aliexpress_events", "aliexpress_stages", "aliexpress_stage_elements",
    "aliexpress_figures", "payment_fees", "payment_methods_by_region", "logistics_lines",
    "russia_market_figures", "aliexpress_conflicts", "aliexpress_stage_sections",
    "aliexpress_metric_series", "aliexpress_chart_rows")
events, stages = tables["aliexpress_events"], tables["aliexpress_stages"]
elements, ali_figures = tables["aliexpress_stage_elements"], tables["aliexpress_figures"]
fees, methods, lines = (tables["payment_fees"], tables["payment_methods_by_region"],
                        tables["logistics_lines"])
sections = tables["aliexpress_stage_sections"]
growth = ali.growth_frame(ali_figures, tables["aliexpress_chart_rows"])
ali.check_registries(tables, ali_figures, events, growth)
dated = ali.dated_events(events, stages)
undated = ali.undated_events(events)
glue_numbers(ali.numbers(tables))

# %% [markdown]
# ## The case and the lens
#
# AliExpress, the consumer-facing export marketplace of the Alibaba group, is the one
# Chinese {term}`cross-border e-commerce` platform that both of the book's master's theses
# use as their main case.
# {cite:t}`gu2018` (chapter 3) tells its story in Russia as a sequence of three stages and
# reads each stage through a theory: the first through institutional theory, the second and
# third through the theory of dynamic capabilities. {cite:t}`zhao2021` (§3.1–3.2) is less
# interested in Russia in particular, but adds growth figures for the platform as a whole,
# its dedicated logistics lines and the payment methods it offers in each region.
#
# Gu's vocabulary needs three definitions. A {term}`business model` is taken in a broad
# sense: how a firm combines its own and outside resources to serve a market, and how it
# rearranges them when the market changes. Institutional theory says that the environment
# shapes a firm's business model through three pillars: the
# {term}`regulative pillar` (laws, rules and the bodies that enforce them), the
# {term}`normative pillar` (values and shared expectations of proper conduct) and the
# {term}`cultural-cognitive pillar` (taken-for-granted beliefs and habits). Dynamic
# capability theory turns the arrow around: it asks how a firm renews what it can do as the
# environment moves, by learning and by recombining resources at home and abroad.
#
# The {term}`data package` turns the case into {glue:text}`ali_n_events:d` dated events, one row per
# stage, a long table of the business-model elements of each stage and
# {glue:text}`ali_n_figures:d` printed figures, each with its source and {term}`locator`.
# The table below summarises the stages; its counts are computed from the tables.

# %% tags=["remove-input"]
summary = ali.stage_summary(stages, events, ali_figures, sections)
show_table(
    summary,
    caption="Gu's three stages of AliExpress in Russia: years as printed in the section "
    "headings, the driver each heading names, and how many events (Gu's own assignment) "
    "and printed figures (by the section that prints them) the data package holds for "
    "each stage (counts derived).",
    label="tbl-ali-stages",
)

# %% [markdown]
# ## A dated chronology
#
# Every event in the events table carries its date exactly as printed, together with its
# precision: a year, a month or a day. The timeline below draws each event as a point at the
# start of its date with a thin bar over the whole span the date covers, so an event known
# only to the year is visibly vaguer than one known to the day. Colour *and* shape give the
# stage to which Gu's narrative assigns the event; events that Gu does not place in a stage
# (most of Zhao's, and Alibaba's history in China) are grey crosses. The shaded bands are
# the year spans of the three section headings. Hover over a point for the event, the date
# as printed and the citation; click a legend entry to pick out one stage.
#
# Two events are printed with a day and a month but no year. They cannot be placed on a time
# axis without guessing, so the chart leaves them out and
# the table of undated events below lists them with the transcriber's reading of the context. The
# chart therefore shows {glue:text}`ali_n_dated:d` of the {glue:text}`ali_n_events:d`
# events.

# %% mystnb={"figure": {"caption": "Dated events on AliExpress and Alibaba in both sources, in four lanes (Russia; the platform worldwide; Alibaba in China; other Chinese platforms in Russia, i.e. JD.com's entry in 2015, which Gu sets beside Alibaba's). Point = start of the printed date; bar = the span the date covers (year, month or day). Colour and shape = the stage Gu's narrative assigns (grey crosses: not assigned). Shaded bands = year spans of Gu's stage headings; they overlap in 2013 and 2015 because the headings share those years. Tooltips give the date as printed, the stage(s) the year falls in (derived) and the source. Two events without a year are not drawn (see the table of undated events).", "name": "fig-ali-timeline"}} tags=["remove-input"]
ali.timeline_chart(ali.timeline_frame(dated, stages))

# %% tags=["remove-input"]
show_table(
    ali.events_table(dated),
    caption="Every dated event in the data package, in date order (the data behind the "
    "timeline).",
    label="tbl-ali-events",
)

# %% tags=["remove-input"]
show_table(
    undated[["event_id", "date", "event", "stage", "locator", "note"]],
    caption="Events printed without a year (ISO 8601 month-day form --MM-DD). They are kept "
    "out of the timeline; the note gives the context that narrows the year.",
    label="tbl-ali-undated",
)

# %% [markdown]
# The stage headings and the narrative do not line up perfectly. Gu assigns some events to
# a stage whose printed years do not contain them: the table below lists the
# {glue:text}`ali_n_mismatch:d` such events, found by comparing each event's year with the
# year span of the stage it is assigned to. Branding and the recruitment of Russian sellers
# start in 2014, before the third stage formally opens, and the switch to enterprise sellers
# is completed in 2016, after the second stage formally closes. The stages are best read as
# overlapping emphases, not as clean periods.

# %% tags=["remove-input"]
show_table(
    ali.stage_date_mismatches(events, stages),
    caption="Events whose printed year falls outside the year span of the stage Gu assigns "
    "them to (stages by year derived from the heading spans).",
    label="tbl-ali-stage-dates",
)

# %% [markdown]
# ## Stage by stage: the business model and its drivers
#
# {numref}`fig-ali-framework` condenses Gu's analysis into a grid: for each stage, which of
# the three institutional pillars and which kind of capability the text discusses, and which
# one the section heading names as the driver. The grid makes one feature of the analysis
# plain: the theory changes with the stage. The pillars are used only to explain the entry;
# once AliExpress is established, the explanation moves to what the firm itself learns.

# %% mystnb={"figure": {"caption": "Gu's stages against the five dimensions of the framework: the three institutional pillars, AliExpress's original capability and its new dynamic capability. 'driver' = the dimension the stage's heading names; 'discussed' = analysed for that stage; 'not discussed' = not analysed for that stage. Tooltips give the content and section.", "name": "fig-ali-framework"}} tags=["remove-input"]
cells = ali.framework_frame(elements, stages)
ali.framework_chart(cells)

# %% [markdown]
# The table below is the full stage × element matrix. Each cell lists what the
# text says about one business-model element in one stage, with its section in brackets, so
# that every cell can be traced to the source. Where the data package has nothing for a
# cell, the table says so rather than leaving it blank: Gu describes no payment arrangement
# at all for the first stage.

# %% tags=["remove-input"]
show_table(
    ali.stage_matrix(elements, stages),
    caption="Stage × business-model element matrix (Gu 2018, chapter 3). Items are the "
    "transcriber's paraphrases, numbered within a cell, with the section in brackets; "
    "empty cells are marked.",
    label="tbl-ali-matrix",
)

# %% [markdown]
# ### What changed between the stages, and why
#
# **Stage 1 (entry, 2010–2013).** AliExpress arrived in Russia as a website, not as a
# company, and Gu argues that this made the regulative pillar almost irrelevant: there was
# no local entity to license or tax, and the duty-free allowance for parcels worked in its
# favour. The normative pillar was weak too, because Russian online retail had not yet
# settled its own norms, and the price-consciousness Russian and Chinese buyers shared let
# AliExpress export its Chinese low-price model unchanged. What Gu calls decisive is the
# cultural-cognitive pillar: a population that spends much of its online time on social
# networks ({glue:text}`ali_smartphone_s36:.0f`% smartphone penetration and 9.8 hours a
# month on social networks, both printed without a year, {cite:p}`gu2018`), and, on
# {term}`VKontakte`, an existing habit of
# buying from Taobao through Russian purchasing agents. The business model followed from
# that reading: a 2012 budget aimed at customer flow, an official VKontakte account, and
# incentives that turned the agents into AliExpress's opinion leaders. The firm adapted to
# the environment; it did not yet change it. (The smartphone figure does not square with
# Gu's own §1.2, which puts smartphone penetration in Russia at
# {glue:text}`ali_smartphone_s12:.0f`% for about 2014, the figure used in the chapter on
# Russian consumers. Neither passage names its base or its source, so the
# {glue:text}`ali_smartphone_s36:.0f`% may be a later year or a share of a different group;
# the data package keeps both, as `gu-smartphone-penetration-undated` here and
# `gu-smartphone-penetration-2014` in `russia_market_figures`.)
#
# **From stage 1 to stage 2.** The success of stage 1 produced the problem that defines
# stage 2. Orders grew faster than Russian delivery could absorb: Gu prints a national
# capacity of about 30 thousand parcels a day in 2013, delays of more than 90 days and about
# ten thousand complaints {cite:p}`gu2018`. In institutional terms this is the regulative
# and infrastructural environment starting to bind; Gu, however, switches lens and explains
# the response as a dynamic capability. AliExpress drew on what it already had (experience
# of an underdeveloped market at home, a seller base, Alipay) and recombined it with Russian
# resources: the {term}`EDI` link that let the Russian carrier and customs receive parcel
# data in advance, a Russian-language site from May 2014, group buying, a shopping guide,
# and its first {term}`Singles' Day` in Russia in November 2014. On the seller side it began
# moving from individual sellers to registered firms. The move from stage 1 to stage 2 is
# therefore a move from fitting the environment to reconfiguring resources to change it.
#
# **From stage 2 to stage 3.** Stage 3 (2015 onward, opened by the Russian branch of June
# 2015) is about {term}`localisation` and brand. Russian companies are invited to sell on
# the platform, the enterprise-only seller rule is meant to repair the "cheap and
# low-quality" image of Chinese goods, and logistics and payment are offered in tiers and
# local variants. In Gu's terms the new capability is the ability to spot opportunities and
# to work with changing local partners, and the brand becomes a core competence in its own
# right. Zhao's later events extend the same line: a 2019 joint venture with Russian
# partners that takes in the whole Russian business, and dedicated delivery lines to Russia.
# Stage 3 also opened against a new Chinese rival: in the month of AliExpress's Russian
# branch, JD.com opened its Russian site (on {glue:md}`ali_jd_site_date`, Gu's "anniversary"
# day) and signed a delivery agreement with the Russian express firm SPSR
# {cite:p}`gu2018`; the timeline shows both in their own lane.
#
# **A caveat on the lens.** The switch of theory between stage 1 and stage 2 is a choice by
# the author, not a finding. The institutional pillars did not stop mattering in 2013: the
# EDI link with customs and the enterprise-seller rule can just as well be read as
# responses to the regulative pillar, and the branding effort as an attempt to win
# normative legitimacy. The framework explains every stage after the fact; it does not say
# in advance which pillar or capability will matter next.
#
# The metrics Gu reports for each stage are the figures printed in the sections that
# narrate or analyse it (§3.5's three sub-headings, §3.6, §3.7 and §3.8). The rule is coded in
# `ali.stage_of_locator`, so the table below can be rebuilt from the data
# package with one function call.

# %% tags=["remove-input"]
per_stage = ali.stage_figures(ali_figures, sections)
show_table(
    per_stage[["stage", "figure_id", "value", "unit", "period", "printed", "locator"]],
    caption="Gu's figures for each stage, assigned by the section that prints them "
    "(ali.stage_of_locator). Values as printed; period empty where the text gives none.",
    label="tbl-ali-stage-figures",
)

# %% [markdown]
# ## Growth: what the figures say
#
# Neither source gives a consistent series for any single measure of AliExpress's size.
# What they give is a scatter of snapshots in different units: daily orders in Russia,
# monthly visits and unique visitors in Russia, daily traffic and page views worldwide, a
# global website rank and the number of countries reached. {numref}`fig-ali-metrics` places
# the dated ones in time, one row per measure, with each value printed next to its point.
# Figures without a printed period (for example Zhao's undated 23.8 million monthly unique
# visitors, the same number Gu gives for 2015) are not drawn.

# %% mystnb={"figure": {"caption": "AliExpress metrics over time as printed, one row per measure (Russia first, then the platform worldwide). Each row has its own unit, so values are read from the labels; the horizontal position is the middle of the printed period. Website rank: lower is better. Country counts are lower bounds ('more than').", "name": "fig-ali-metrics"}} tags=["remove-input"]
series = ali.metrics_frame(ali_figures, tables["aliexpress_metric_series"])
ali.metrics_chart(series)

# %% [markdown]
# Two measures do move in a readable way. Daily page views rose from 200 million in 2015 to
# 645.84 million in the month before March 2016 {cite:p}`zhao2021`, a ratio of
# {glue:text}`ali_pageviews_ratio:.1f` (derived) within about a year, though the first
# figure is a yearly average and the second a monthly one. The global website rank improved
# from 220th in November 2012 to 50th on Alexa in March 2016 {cite:p}`zhao2021`.
#
# Country counts need a second look. Zhao's "more than 200 countries and regions" for
# AliExpress counts where its buyers are; the same number appears in Zhao §3.1 for Tmall
# Global, Alibaba's import platform launched in February 2014, which attracts sellers from
# more than {glue:text}`ali_tmall_global_countries:.0f` countries and regions
# {cite:p}`zhao2021`. The two counts describe opposite directions of trade and say nothing
# about each other; the metrics chart draws only AliExpress's.
#
# In Russia the sources compare AliExpress with its rivals rather than with its own past.
# Gu counts 15.6 million visits to AliExpress in the second half of 2014 against 3.7 million
# for eBay and 1.4 million for Amazon {cite:p}`gu2018`. Zhao sets AliExpress's 23.8 million
# monthly unique visitors against 9.2 million monthly visits for Ozon.ru and 7.4 million for
# eBay {cite:p}`zhao2021`, which compares two different measures; the two theses' eBay
# figures, for different periods and measures, cannot be compared either.
#
# Growth rates are printed more often than levels. {numref}`fig-ali-growth` collects them.
# Zhao's headline comparison is that AliExpress grew by 100% in 2015 while global
# cross-border e-commerce grew by 16% {cite:p}`zhao2021`, a ratio of
# {glue:text}`ali_growth_ratio_2015:.2f` (derived); neither the measure (orders, value?) nor
# its source is given. The November 2012 traffic figure is printed as "increased by 4.6
# times", which can mean 4.6 times the earlier level or 4.6 times *more* than it; the chart
# draws both readings as derived diamonds rather than choosing one.

# %% mystnb={"figure": {"caption": "Growth rates, percent: printed rates (circles) and rates derived in code (diamonds): both readings of the 2012 traffic growth, the 2012 growth of daily orders in Russia, and the 2017 Singles' Day growth recomputed from the two printed levels. Measures differ from row to row (transactions, traffic, revenue, gross merchandise value).", "name": "fig-ali-growth"}} tags=["remove-input"]
ali.growth_chart(growth)

# %% [markdown]
# ### Daily orders in 2012–2013: one source, three levels
#
# The most visible internal conflict is in Gu's §3.5. The first-stage narrative says that
# daily orders in Russia rose from 7,000 at the start of 2012 to 30,000 at its end, and that
# the year's order volume grew more than tenfold. The next paragraph says that a promotion in
# March 2013 "boosted" daily orders to 17,000, five times their original volume
# {cite:p}`gu2018`. These cannot all be true of the same measure.

# %% tags=["remove-input"]
orders = ali.daily_orders_figures(ali_figures)
capacity = figures.figure(ali_figures, "gu-russia-parcel-capacity-2013")

# %% [markdown]
# The arithmetic makes the problem concrete. Going from 7,000 to 30,000 a day is a
# multiple of {glue:text}`ali_orders_multiple_2012:.1f` (derived), well short of "more than
# ten times" unless the tenfold figure refers to another measure, such as monthly volume.
# The March 2013 level is {glue:text}`ali_march_vs_end:.0f`% *below* the end-2012 level
# (derived), yet the text calls it a boost; and "five times the original volume" implies a
# starting point of {glue:text}`ali_implied_base:,.0f` orders a day (derived), which matches
# neither printed level. Perhaps 17,000 was the increase, or one figure was garbled in
# translation; the text does not allow a choice, so the book keeps all three
# ({numref}`fig-ali-daily-orders`). The dashed line adds a telling comparison: the 30
# thousand parcels a day that Gu gives as Russia's whole delivery capacity in 2013 equal
# AliExpress's own end-2012 orders, which is consistent with the delivery crisis that opens
# stage 2.

# %% mystnb={"figure": {"caption": "Daily AliExpress orders in Russia as printed by Gu (circles) and the 'original volume' implied by the printed '5 times' in March 2013 (diamond, derived: 17,000 / 5). Dashed line: Russia's daily parcel-delivery capacity in 2013 as printed (30 thousand). Horizontal position: middle of the printed month.", "name": "fig-ali-daily-orders"}} tags=["remove-input"]
ali.daily_orders_chart(ali.daily_orders_frame(orders, capacity))

# %% [markdown]
# ## Conflicts and garbles, side by side
#
# The table below gathers every disagreement the chapter relies on. The column
# of printed values is built from the data package, so each entry carries its source and
# section; the last column is the book's reading, not a correction.

# %% tags=["remove-input"]
show_table(
    ali.conflicts_table(tables["aliexpress_conflicts"], events, ali_figures),
    caption="Conflicts within and between the sources, with the printed values (from "
    "aliexpress_figures and aliexpress_events) and the book's reading.",
    label="tbl-ali-conflicts",
)

# %% [markdown]
# Two of these can be settled by arithmetic. Gu's Singles' Day figures give 168.2 billion
# yuan for 2017 and "$120.7 billion" for 2016, with growth of 39.4% {cite:p}`gu2018`.
# Dividing the two levels gives growth of {glue:text}`ali_sd_growth:.2f`% (derived), which
# matches the printed rate only if both levels are in yuan; the dollar sign is a slip.
# Zhao's "more than 10 billion" orders in 2013 {cite:p}`zhao2021` would mean about
# {glue:text}`ali_orders_per_day_2013:.1f` million orders a day (derived), against tens of
# thousands a day that Gu gives for Russia, a market Zhao later calls AliExpress's largest; the
# number is very probably a
# unit slip (for example a misread Chinese *yi*, a hundred million). The remaining conflicts
# (the year of entry, office versus branch, the two meanings of "B2C") are questions of
# definition that the texts do not answer. Zhao's 2013 switch is from wholesale to
# business-to-consumer retail (B2B to B2C); Gu's switch of 2015–2016 is from individual
# sellers, a consumer-to-consumer marketplace (C2C), to enterprise sellers only (B2C). Both
# can be true.
#
# ## Paying: the fees in Gu's Table 3.2
#
# Gu compares the cost of receiving payment for an export order through three channels: a
# bank wire (T/T), Alipay, and other online payment tools. Alipay works as an
# {term}`escrow payment`: the buyer's money is held by the platform and released to the
# seller once the deal is completed, and AliExpress takes its 5% commission at that point
# {cite:p}`gu2018`. The commission was part of the entry strategy from the start: at its
# launch in 2010 AliExpress charged no registration fee and at most 5%, against 5–8% at the
# rival platform DHgate {cite:p}`zhao2021`. The first table below shows Table 3.2 as printed, with the
# numeric bounds the transcriber parsed from each cell.

# %% tags=["remove-input"]
show_table(
    ali.printed_fees_table(fees),
    caption="Gu (2018) Table 3.2, 'the expense of different electronic payment', cells as "
    "printed ('/' = not applicable). Profit is what the seller keeps of a 300 USD order.",
    label="tbl-ali-fees-printed",
)

# %% [markdown]
# The helper `ali.payment_fees_for(fees, amount)` computes every method's fee for any order
# amount from the parsed columns: fixed fees (login, fixed payment fee, withdrawal) plus
# percentage fees (transaction, payment) times the amount, once with the lowest and once with
# the highest end of every printed range. For Gu's 300-dollar example:

# %% tags=["remove-input"]
show_table(
    ali.payment_fees_for(fees, 300),
    caption="Fees and net receipts on a 300 USD order, computed from the parsed components "
    "of Table 3.2 (all values derived; min/max = lowest/highest combination of the printed "
    "ranges).",
    label="tbl-ali-fees-300",
)

# %% [markdown]
# The next table and {numref}`fig-ali-fees-300` compare this computation with
# the printed "profit" column. For T/T the two agree exactly. For the other online tools the
# computed range is {glue:text}`ali_other_net_min:.2f`–{glue:text}`ali_other_net_max:.2f`
# dollars against 261–276 printed: the table cuts the cents off rather than rounding (at
# the upper end, rounding would give the next dollar up). For Alipay the table prints a single 285 dollars, the
# result at the standard 5% fee; the 3% rate that the same row mentions "for some
# transactions" would leave {glue:text}`ali_alipay_net_max:.0f` dollars (derived), which the
# table omits.

# %% tags=["remove-input"]
check = ali.check_fee_table(fees, 300)
show_table(
    check,
    caption="Printed 'profit on 300 USD' against net receipts computed from the fee "
    "components (computed columns and gaps derived; gap = computed − printed).",
    label="tbl-ali-fee-check",
)

# %% mystnb={"figure": {"caption": "What the seller keeps of a 300 USD order: the range printed in Gu's Table 3.2 (circles) against the range computed in code from the table's own fee components (diamonds, derived). Alipay's printed value is the 5% case only.", "name": "fig-ali-fees-300"}} tags=["remove-input"]
ali.fees_300_chart(ali.fees_300_frame(check), 300)

# %% [markdown]
# The "fees saving" column can be reconstructed in the same way. Alipay's "41 USD at most"
# is the highest T/T fee minus Alipay's lowest (3%) fee. The same rule gives
# {glue:text}`ali_other_saving:.2f` dollars for the other online tools, not the printed 25,
# a gap of {glue:text}`ali_other_saving_gap:.2f` that the text does not explain
# (table below).

# %% tags=["remove-input"]
show_table(
    ali.fee_savings(fees, 300),
    caption="Largest saving against T/T on a 300 USD order: printed, and computed as the "
    "highest T/T fee minus the method's lowest fee (computed values derived).",
    label="tbl-ali-fee-savings",
)

# %% [markdown]
# The 300-dollar example is not neutral. Because a wire costs a flat fee and Alipay a
# percentage, the comparison depends on the order size ({numref}`fig-ali-fee-curve`). Alipay
# at 5% costs exactly as much as the cheapest wire at an order of
# {glue:text}`ali_be_low:,.0f` dollars and as much as the dearest wire at
# {glue:text}`ali_be_high:,.0f` dollars (both derived with `ali.break_even_amount`). Gu's
# example sits at the first of these points, so it shows Alipay at its most favourable
# against wires. Above the second point a wire is cheaper whatever its exact fee; well below
# the first, Alipay wins easily. For the small parcels that dominate cross-border retail the
# conclusion holds, but it is a statement about small orders, not about payment tools in
# general.

# %% tags=["remove-input"]
amounts = [20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000]
curve = ali.fee_curve(fees, amounts)

# %% mystnb={"figure": {"caption": "Fee as a percentage of the order for each payment tool of Gu's Table 3.2, against order size (log scale). Each band runs from the lowest to the highest combination of the printed fee components; line style as well as colour identifies the tool. All values derived in code; the dashed rule marks Gu's 300 USD example.", "name": "fig-ali-fee-curve"}} tags=["remove-input"]
ali.fee_curve_chart(ali.fee_curve_frame(curve), 300)

# %% [markdown]
# Payment methods are the other half of the story. Zhao's table (Picture 3.3) lists the
# methods AliExpress offers in four regions, and both theses name others in the running
# text (table below). Two Russian e-wallets, QIWI Wallet and
# WebMoney, appear under "Europe" in Zhao's table; Gu names them, with Yandex Money, as the
# tools Russian buyers actually use, and recommends that Chinese sellers connect to them.

# %% tags=["remove-input"]
show_table(
    ali.payment_methods_table(methods),
    caption="Payment methods by region: those in Zhao (2021) Picture 3.3, and those named in "
    "the running text of Gu (2018) and Zhao (2021) with the platform they are attached to. "
    "Distinct methods counted after ignoring spaces and case (derived).",
    label="tbl-ali-payment-methods",
)

# %% [markdown]
# ## Delivering: logistics lines and delivery times
#
# Delivery was the bottleneck of stage 2, and both theses print delivery times.
# {numref}`fig-ali-logistics` shows every line or route for which a number of days is
# printed; the shape says how to read the number (a range, an upper bound such as "within 25
# days", a lower bound such as "more than 30 days", or a single value).

# %% mystnb={"figure": {"caption": "Delivery days as printed for AliExpress's dedicated lines and programmes and for comparator routes (routes to Russia first). Bars show printed ranges; the shape says whether a number is a range, an upper bound ('within'), a lower bound ('more than') or a single value. Colour = kind of line. Not all rows are AliExpress services: the postal legs, the Harbin border warehouse and the all-channel delivery cycle describe China\u2013Russia e-commerce in general.", "name": "fig-ali-logistics"}} tags=["remove-input"]
ali.logistics_chart(ali.logistics_frame(lines))

# %% [markdown]
# Zhao's Yanwen line to Russia promises delivery anywhere in the country within 25 days,
# against a 60-day guarantee for an ordinary postal parcel {cite:p}`zhao2021`, an upper bound
# {glue:text}`ali_yanwen_saving:.0f` days shorter (derived). Gu breaks the usual postal
# route into three legs (China to the border, customs, Russian domestic delivery); the legs
# sum to {glue:text}`ali_post_legs_sum:.0f` days (derived), the same as the printed total.
# Costs are printed only in relative terms (table below).

# %% tags=["remove-input"]
show_table(
    lines[lines["cost"].notna()][["line", "operator", "route", "cost", "cost_unit", "source",
                                  "locator"]],
    caption="The only logistics costs the sources print, both relative to a benchmark.",
    label="tbl-ali-logistics-costs",
)

# %% [markdown]
# ## What other Chinese firms can learn (Gu, chapter 4)
#
# Gu closes with advice for Chinese cross-border sellers and platforms that want to enter
# Russia (§4.2–4.3). Read against the case, the advice falls into two groups.
#
# The first group follows from the AliExpress story itself. *Localise*: hire local staff,
# work with Russian logistics firms, and adapt language and service to Russian habits, as
# AliExpress did with its Russian site, its Russian branch and its Russian sellers. Gu's
# §4.3 backs this with two figures on Russian carriers: DPD, EMS, DHL and (most likely) the
# Russian Post together handled about {glue:text}`ali_carriers_share:.0f`% of the volume,
# cheaply and with many branches {cite:p}`gu2018`. *Use local channels*: market through
# Russian search engines and social networks, as the VKontakte campaign of stage 1 did.
# Gu's figures here are undated: a Russian search engine held about
# {glue:text}`ali_search_local:.0f`% of the search market against
# {glue:text}`ali_search_google:.0f`% for Google, and VKontakte had more than
# {glue:text}`ali_vk_users:.0f` million registered users {cite:p}`gu2018`. The engine's
# name is garbled in the text ("another dual"); it is most likely Yandex, and the data
# package keeps the figure with that caveat. *Connect to local payments*: offer the wallets and
# cards Russian buyers already use. *Compete on brand and quality, not on price alone*: the
# low-price entry worked but left an image problem that stage 3 had to repair. The case also
# suggests a two-way channel: about 100 Russian apparel brands sold on AliExpress by the end
# of 2015 {cite:p}`gu2018`, which helps a Chinese platform look local.
#
# The second group (new management ideas, soft management, risk prevention, talent
# training) is general advice that the case neither supports nor contradicts.
#
# One lesson the framework itself implies is easy to miss: in Gu's reading, the stage-2
# response rested on capabilities AliExpress brought from China (a vast seller base, Alipay,
# experience with weak infrastructure). A smaller firm does not have those, so it cannot
# copy the moves without the resources behind them. The case teaches what to pay attention
# to (social networks, delivery, payments, legitimacy) more than it teaches what to do.
#
# ## What the sources cannot show
#
# * **No financials.** Neither thesis gives AliExpress's revenue, costs or profit in Russia,
#   nor the cost of its logistics or marketing. The only money figures are a commission
#   rate, an average basket of 25 dollars (half of eBay's, {cite:p}`gu2018`), Alibaba-wide
#   Singles' Day sales and the share of international business in Alibaba's revenue. Whether
#   each stage paid off cannot be judged.
# * **Survivorship.** The case was chosen because it succeeded. The texts do not follow
#   Chinese firms that tried the same moves in Russia and failed, so they cannot show that
#   the moves caused the success rather than accompanied it.
# * **Self-reported figures.** Most numbers come from Alibaba's website, "AliExpress data"
#   or a Russian industry association, and are repeated without a way to check them. Many
#   are undated, some are garbled in translation, and the two theses do not always agree
#   with each other (or with themselves).
# * **An after-the-fact framework.** The stages and their drivers are assigned by the
#   author looking back; the boundaries overlap and the choice of theory changes between
#   stages. The framework organises the story well but is not tested against an
#   alternative.
#
# ## Key takeaways
#
# * Gu's three stages are a useful map: entry shaped by Russian social-network culture
#   (cultural-cognitive pillar), a middle stage in which AliExpress recombines Chinese and
#   Russian resources to fix delivery (dynamic capability), and a localisation and branding
#   stage. The boundaries overlap: {glue:text}`ali_n_mismatch:d` assigned events fall outside
#   their stage's years.
# * The delivery crisis of 2013 links the stages: AliExpress's daily orders at the end of
#   2012 equalled Russia's whole daily parcel capacity.
# * Gu's order figures for 2012–2013 contradict each other; Zhao's 2013 order count and Gu's
#   Singles' Day currency are almost certainly slips. The data package keeps all of them with notes.
# * Gu's 300-dollar fee example can be recomputed from the table's own components; it
#   matches up to truncated cents, omits Alipay's 3% case, and sits exactly where Alipay
#   and the cheapest wire cost the same.
# * The case says much about what an entrant must handle in Russia (social networks,
#   delivery, payment, legitimacy) and nothing about whether it paid.
#
# ## Exercises
#
# ```{exercise} Place a new event in a stage
# :label: ali-ex-place-event
#
# Zhao reports that in June 2019 Alibaba signed a joint venture with Russian partners that
# takes in all of AliExpress's business in Russia (`zhao-2019-06-russia-jv` in
# `aliexpress_events`). Use `ali.stages_for_year` to find the stage(s) whose printed years
# contain 2019, then argue in the framework's own terms which driver the move fits best.
# ```
#
# ```{solution-start} ali-ex-place-event
# :class: dropdown
# ```
#
# The year falls only in stage 3, whose heading runs from 2015 to "now". The move fits the
# stage-3 driver, the new dynamic capability: cooperating with changing local partners and
# localising the business. It can also be read through the regulative and normative
# pillars: partnering with a state investment fund and large Russian firms gives a foreign
# platform legitimacy in the eyes of Russian authorities and users, which Gu does not
# discuss after stage 1.

# %% tags=["solution"]
jv = events.set_index("event_id").loc["zhao-2019-06-russia-jv"]
print(jv["date"], jv["event"])
print("stages containing 2019:", ali.stages_for_year(2019, stages))
print(stages.set_index("stage").loc[3, ["driver", "driver_type"]].to_dict())

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Fees for another order
# :label: ali-ex-fees-amount
#
# Compute the fees of the three payment tools for an order of 1,000 dollars and one of 50
# dollars with `ali.payment_fees_for`. Which tool is cheapest at each size (compare the
# highest possible fees)? At what order size does Alipay at its full 5% cost as much as the
# most expensive wire?
# ```
#
# ```{solution-start} ali-ex-fees-amount
# :class: dropdown
# ```
#
# The output below shows that for the small order Alipay is cheapest by far, while for the
# large one the highest Alipay fee is no lower than the highest wire fee and the cheapest wire
# beats both. `ali.break_even_amount` returns the order size at which Alipay at 5% and the
# dearest wire cost the same; it is the larger of the two sizes in the exercise.

# %% tags=["solution"]
for amount in (50, 1000):
    table = ali.payment_fees_for(fees, amount)
    print(amount, table[["method", "fee_usd_min", "fee_usd_max"]].round(2).to_string(index=False))
    print("cheapest by highest fee:", table.loc[table["fee_usd_max"].idxmin(), "method"])
print("break-even with the dearest wire:",
      ali.break_even_amount(fees, "Alipay", "max", "T/T", "max"))

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} An internal inconsistency
# :label: ali-ex-inconsistency
#
# Gu's first stage says that the order volume in Russia at the end of 2012 was "more than
# 10 times" that of the start of the year, and that daily orders went from 7,000 to 30,000.
# Using `aliexpress_figures`, compute the multiple the daily figures imply, and decide
# whether both statements can describe the same measure.
# ```
#
# ```{solution-start} ali-ex-inconsistency
# :class: dropdown
# ```
#
# The daily figures imply a multiple (printed by the code below) of less than half the
# printed "more than 10 times". Both can only be true if the tenfold figure measures something else (monthly or
# cumulative volume, say) or if one of the numbers is garbled. The text does not say, so
# both stay in the data package.

# %% tags=["solution"]
start = figures.value(ali_figures, "gu-daily-orders-2012-start")
end = figures.value(ali_figures, "gu-daily-orders-2012-end")
printed = figures.figure(ali_figures, "gu-order-volume-multiple-2012")
print(f"daily-order multiple (derived): {end / start:.2f}")
print(f"printed: {printed['printed']!r} -> {printed['value']:g} {printed['unit']}")

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Check the postal route
# :label: ali-ex-logistics
#
# In `logistics_lines`, Gu splits the usual China–Russia postal route into three legs and
# prints a total. Check that the legs add up to the total, and compute how much shorter the
# Yanwen Russian line's upper bound is than the postal parcel's guarantee. Why can the
# second comparison only be about upper bounds?
# ```
#
# ```{solution-start} ali-ex-logistics
# :class: dropdown
# ```
#
# The code below shows that the three legs add up exactly to the printed total
# {cite:p}`gu2018`. The Yanwen line promises "within 25 days" and the postal parcel "within
# 60 days" {cite:p}`zhao2021`: both are guarantees, not typical times, so their difference
# compares worst cases, not what a buyer usually waits.

# %% tags=["solution"]
route = lines.set_index("line_id")
legs_sum = route.loc[["gu-postal-china-border", "gu-postal-customs",
                      "gu-postal-russia-domestic"], "days_max"].sum()
print("legs:", legs_sum, "printed total:", route.loc["gu-postal-total", "days_max"])
print("Yanwen vs post (upper bounds):",
      route.loc["zhao-postal-parcel-russia", "days_max"]
      - route.loc["zhao-yanwen-russia", "days_max"])

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} A date without a year
# :label: ali-ex-undated
#
# The event `gu-09-07-entry-standard` ("7 September") has no year. List the other events of
# the C2C-to-B2C switch in date order and decide which year fits. Why does the book not fill
# in the year?
# ```
#
# ```{solution-start} ali-ex-undated
# :class: dropdown
# ```
#
# Gu narrates the entry standards between the company-ID function (November 2015) and the
# completion of the switch (15 August 2016). No 7 September lies between those two dates:
# 2015 would put it before the November step, and 2016 after the completion. Either the
# narrative order is loose or one date is wrong, so any year would be a guess; the book
# lists the event apart instead of placing it on the timeline.

# %% tags=["solution"]
switch = events[events["event_id"].isin(["gu-2015-11-company-id", "gu-09-07-entry-standard",
                                          "gu-2016-08-15-b2c-complete"])]
print(switch[["event_id", "date", "date_precision", "stage"]].to_string(index=False))

# %% [markdown]
# ```{solution-end}
# ```
