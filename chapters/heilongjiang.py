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
# # Heilongjiang–Russia trade and the logistics of cross-border e-commerce
#
# **Learning objectives.** After working through this chapter you will be able to:
#
# 1. compute shares, implied previous-year levels and residual "other partner" flows from a
#    handful of printed totals, and label every such result as derived;
# 2. explain how a province's trade with its neighbour can be dominated by imports while its
#    exports to that neighbour grow fastest;
# 3. compare delivery times across channels and periods as ranges, and say which printed
#    times are averages, guarantees, targets or delays;
# 4. expose conflicting figures by putting them on a common basis (per month, per flight, per
#    parcel) and explain them without silently choosing one;
# 5. trace any number on this page to a `figure_id`, source and {term}`locator` in the
#    {term}`data package`.
#
# **Prerequisites.** {doc}`data_package` (how the transcribed tables are laid out);
# pandas selection and column arithmetic; reading an altair chart (x, y, colour and shape
# encodings). The economics needed is growth rates and shares.
#
# **Time.** About 30 minutes to read, 60 minutes with the exercises.
#
# **Data used.** [`heilongjiang_figures`](data_package.ipynb) (every figure printed in
# {cite:t}`song2020`, sections 1–4, plus {cite:t}`gu2018` on the Harbin border warehouse),
# [`delivery_times`](data_package.ipynb) and [`heilongjiang_timeline`](data_package.ipynb);
# for context, [`provincial_panel`](data_package.ipynb),
# [`cbec_pilot_zone_cities`](data_package.ipynb) and
# [`pilot_free_trade_zones`](data_package.ipynb).

# %% tags=["remove-input"]
import pandas as pd

from cbec.chapters import heilongjiang as hlj
from cbec.charts.preamble import chapter_preamble, glue_numbers
from cbec.charts.tables import show_table
from cbec.data import figures
from cbec.stats import growth

tables = chapter_preamble("heilongjiang_figures", "delivery_times", "heilongjiang_timeline",
                          "provincial_panel", "cbec_pilot_zone_cities", "pilot_free_trade_zones")
figs, times, timeline, panel, pilot_cities, ftz = tables.values()
conflicts = hlj.load_conflicts(figs, timeline)
charters = hlj.load_charter_periods(figs)
delivery_rows = hlj.load_delivery_chart(times)
glue_numbers(hlj.numbers(figs, times, timeline, panel, charters))

# %% [markdown]
# ## How to read the numbers
#
# Heilongjiang, in China's far north-east, has the longest border with Russia of any Chinese
# province, and Russia is by far its main trading partner. {cite:t}`song2020`, writing from
# the provincial academy of social sciences in Harbin, surveys the province's
# {term}`cross-border e-commerce <Cross-border e-commerce>` ({term}`CBEC`) with Russia in the
# year after the province gained a {term}`pilot free-trade zone`. Song's article is short but
# dense with figures from customs, the airport and the press; {cite:t}`gu2018` adds the
# Harbin border warehouse and the customs agreements signed at the border crossings.
# {cite:t}`zhao2021` never mentions Heilongjiang, so it appears here only as a benchmark for
# delivery times.
#
# The chapter rests on {glue:text}`n_figures` printed figures, {glue:text}`n_times` printed
# delivery times and {glue:text}`n_events` dated events, each a row of the data package with
# its source and locator. Two kinds of number appear below:
#
# * **printed** numbers, cited to the source (the data package gives the exact section);
# * **derived** numbers, computed in the helper module `cbec.chapters.heilongjiang` from printed ones
#   and marked *derived* wherever they appear. The table of derived figures near the end of
#   the page lists the formula and the inputs of each.
#
# Where the sources disagree, both versions are shown and the disagreement is explained.
# The first example comes straight from Song's introduction: CBEC trade in the first three
# quarters of 2020 reached 560 million yuan, described as "a year-on-year increase of 2.6
# times" {cite:p}`song2020`. The phrase has two readings. If the new level is 2.6 times the
# old one, the same period of 2019 saw {glue:text}`cbec2019_a:.0f` million yuan (derived);
# if the *increase* is 2.6 times the old level, the new level is 3.6 times the old and 2019
# saw {glue:text}`cbec2019_b:.0f` million yuan (derived). Chinese official statistics usually
# mean the second reading when they say a quantity "increased by" a multiple, but the English
# text cannot settle which one the author meant, so both stay in the table.

# %% tags=["remove-input"]
show_table(
    hlj.readings_table(figs),
    caption="Two readings of the printed growth of Heilongjiang's CBEC trade, Q1–Q3 2020 "
            "(printed: 560 million yuan, “2.6 times”; Song 2020, §1). All other columns derived.",
    label="tbl-hlj-growth-readings", precision=1)

# %% [markdown]
# ## Trade with Russia in 2019
#
# Song quotes the Harbin customs figures for 2019: the province's goods trade was 186.59
# billion yuan, of which exports were 34.94 billion and imports 151.65 billion; trade with
# Russia was 127.07 billion, of which exports were 10 billion and imports 117.07 billion
# {cite:p}`song2020`. The article prints these with decimal commas ("186,59"); the data
# package stores decimal points and keeps the printed fragment in its `printed` column.
#
# Russia's weight depends on the direction of trade. It took {glue:text}`share_total:.1f`%
# of the province's total goods trade (derived), but {glue:text}`share_imports:.1f`% of its
# imports and only {glue:text}`share_exports:.1f`% of its exports (both derived). The
# province buys much more from Russia than it sells there, and its trade with all other
# partners together, {glue:text}`other_total:.2f` billion yuan (derived), is less than half
# its trade with Russia. For scale, total goods trade was
# {glue:text}`trade_gdp:.1f`% of the province's GDP in 2019 (derived, with GDP from the
# official statistics in the provincial panel).

# %% mystnb={"figure": {"caption": "Heilongjiang's goods exports and imports in 2019, with Russia (printed) and with all other partners (derived: all partners minus Russia; dashed, lighter bars). Shares of each flow are derived.", "name": "fig-hlj-trade-composition"}}
composition = hlj.trade_composition(figs)
hlj.trade_composition_chart(composition, hlj.trade_composition_source(figs))

# %% [markdown]
# Song also gives each growth rate together with its distance from the national rate, so the
# national growth rates can be recovered by subtraction: {glue:text}`nat_total:.1f`% for
# total trade, {glue:text}`nat_exports:.1f`% for exports and {glue:text}`nat_imports:.1f`%
# for imports (all derived). Heilongjiang outgrew the country on every flow. The fastest
# printed rate is for exports to Russia, up 34.1% on 2018 {cite:p}`song2020`, against
# {glue:text}`other_growth_exports:.1f`% for exports to other partners (derived from the
# implied 2018 levels). Imports from Russia, the bulk of the trade, rose only 2.1%, so trade
# with Russia as a whole (up 4%) grew more slowly than trade with everyone else
# ({glue:text}`other_growth_total:.1f`%, derived). Russia's share of the province's trade
# therefore slipped from {glue:text}`share_total_2018:.1f`% in 2018 to
# {glue:text}`share_total:.1f`% in 2019, while its share of exports rose from
# {glue:text}`share_exports_2018:.1f`% to {glue:text}`share_exports:.1f`% (all derived).

# %% mystnb={"figure": {"caption": "Growth of Heilongjiang's goods trade in 2019 by flow: with all partners and with Russia (printed, circles), with other partners and China's national growth (derived, diamonds). National growth is the printed Heilongjiang rate minus the printed gap.", "name": "fig-hlj-trade-growth"}}
growth_2019 = hlj.trade_growth(figs)
hlj.trade_growth_chart(growth_2019, hlj.trade_growth_source(figs))

# %% [markdown]
# The table gives the exact values. The implied 2018 levels divide each 2019 value by one
# plus its growth rate; because the printed rates are rounded to one decimal, implied levels
# do not add up exactly ({ref}`the first exercise <hlj-ex-implied-level>` measures the
# gap). One more
# printed share puts Russia in the context of China's Belt and Road partners: it accounted
# for 85.5% of the province's trade with Belt and Road countries {cite:p}`song2020`, which
# puts that trade at {glue:text}`bri_total:.1f` billion yuan (derived).

# %% tags=["remove-input"]
show_table(hlj.trade_table(figs),
           caption="Heilongjiang's goods trade in 2019 by flow and partner. Values and growth "
                   "rates of all partners and of Russia are printed (Song 2020, §2); other "
                   "partners, shares, national growth and implied 2018 levels are derived.",
           label="tbl-hlj-trade-2019")

# %% [markdown]
# ## The digital base
#
# At the end of 2019 the province counted about 28.163 million internet users, a
# penetration rate of 75.1%, and it aimed to give every important border crossing gigabit
# fibre access in 2020 {cite:p}`song2020` (a target, recorded with kind `target`). Dividing
# users by the rate gives the population the rate was computed on:
# {glue:text}`pop_implied:.2f` million people (derived). The official resident population for
# 2019 in the book's provincial panel is {glue:text}`pop_nbs:.2f` million, noticeably lower.
# The gap is too large to be rounding: the rate was most likely computed on the population
# estimate published at the time, before the 2020 census led the statistics office to revise
# the north-east's population down, and the panel holds the revised series. Song's figures
# for Russian internet users are recorded in the Russian-market chapter's table
# (`russia_market_figures`).

# %% [markdown]
# ## Platforms, stores and parks
#
# Song counts the province's e-commerce infrastructure at several dates (section 3.4). At the
# start of 2014 Heilongjiang had 95 self-built e-commerce platforms, 19 of them aimed mainly
# at Russia, and its firms and residents ran 39,000 shops on third-party platforms; by 2016
# there were 145 platforms, 44 provincial "pavilions" on national marketplaces, more than
# 40,000 shops and 101,800 online merchants; at the start of 2017, 32 e-commerce industrial
# parks housed 1,368 firms; and by the end of 2017 eight firms ran 19 warehouses in Russia
# {cite:p}`song2020`.
#
# Song presents this build-up as the province's part in {term}`Internet Plus`, the national
# drive to bring the internet into trade and other traditional sectors, alongside
# cooperation deals with Alibaba, JD and Tencent (see the timeline below).
#
# The chart puts these counts on one logarithmic axis, joining the two dates where a count is
# printed twice. Read the joins with care: the 2014 platform count covers self-built
# platforms only and the 2014 shop count covers third-party platforms only, while the 2016
# counts cover all kinds. The derived increases, {glue:text}`growth_platforms:.1f`% for
# platforms and {glue:text}`growth_stores:.1f`% for shops, therefore compare slightly
# different things. The warehouse-holding firms had {glue:text}`wh_per_firm:.1f` warehouses
# each on average (derived).

# %% mystnb={"figure": {"caption": "Heilongjiang e-commerce platforms, shops, merchants, parks and warehouses in Russia, 2014\u20132017 (printed counts; log scale). Lines join counts printed for two dates; definitions differ between dates.", "name": "fig-hlj-platforms"}}
counts = hlj.platform_counts(figs)
hlj.platform_chart(hlj.platform_points(counts), hlj.platform_captions(counts),
                   hlj.platform_source(counts))

# %% [markdown]
# The parcel flow of early 2014 passes a simple check. Song reports more than 1.7 million
# international parcels sent to Russia in the first quarter and an average of nearly 20,000
# a day {cite:p}`song2020`. Spread over the {glue:text}`q1_days` days of the quarter, the
# first figure gives {glue:text}`parcels_per_day:,.0f` parcels a day (derived), in line with
# the second.
#
# ## Air-cargo charters from Harbin
#
# Before 2014 an international parcel could take up to 75 days to reach a Russian buyer
# {cite:p}`song2020`. The province's answer was the {term}`air cargo charter`: whole
# freighters flying e-commerce parcels from Harbin to Yekaterinburg, where the Russian Post
# took over delivery, and later to Novosibirsk and Krasnoyarsk. Song dates the first flight to November 2013 in
# one section and the opening of the Ural Airlines charter to December 2013 in another, and
# says that the logistics firm Ruston launched its air operation in Harbin in late November
# 2013 {cite:p}`song2020`. Both dates are kept: a first trial flight in November and a regular
# service from December would reconcile them, but the text does not say so.

# %% tags=["remove-input"]
show_table(hlj.dates_side_by_side(conflicts, timeline, "hlj-first-charter-date"),
    caption="When did the Harbin charters start? Three printed dates, side by side "
            "(heilongjiang_timeline).",
    label="tbl-hlj-first-charter")

# %% [markdown]
# The printed charter totals cover periods of different lengths: 355 flights from the first
# flight to June 2017, 91 flights in 2018, "164 sorties" between January and October 2018,
# and 85 flights in the first three quarters of 2020 {cite:p}`song2020`. Dividing each total
# by the months it covers (derived) makes them comparable. Three of the four rates lie close
# together; the monthly rate of the January–October 2018 count is
# {glue:text}`sortie_ratio:.1f` times that of the count for the whole of that year
# (derived), which cannot both be true of the same flights.

# %% mystnb={"figure": {"caption": "Harbin\u2013Russia e-commerce charter flights per month (derived: printed total divided by the months covered); each segment spans the period of its printed total. The two 2018 counts (dashed) disagree.", "name": "fig-hlj-charters"}}
periods = hlj.charter_periods(figs, charters)
hlj.charter_chart(hlj.charter_segments(figs, periods), hlj.charter_source(figs, periods))

# %% [markdown]
# Tonnage tells the two counts apart. The weights printed for 2018 agree with each other: 1,658
# tonnes in January–October, 1,944.68 tonnes for the year and "nearly 2,000 tonnes" in the
# title of the news item Song cites {cite:p}`song2020`. Per flight, the 91 flights of 2018
# carried {glue:text}`tpf_2018:.1f` tonnes each, close to the {glue:text}`tpf_2017:.1f`
# tonnes of 2013–2017, whereas the 164 sorties would have carried only
# {glue:text}`tpf_164:.1f` tonnes each (all derived). One reading that fits is that
# "sorties" counts each leg of a round trip, which would put the number of return flights
# close to the full-year rate; another is that the 164 included passenger charters, which
# the garbled sentence seems to mention. Parcels behave the same way: the 107,000 parcels of 2018 weigh
# {glue:text}`kg_2018:.1f` kg each, but the "7 million pieces" of January–October 2018 would
# weigh {glue:text}`kg_7m:.2f` kg each (both derived). The larger figure probably counts
# individual items rather than the bags they travel in, or is a misprint. The table shows
# every period; neither count is dropped.

# %% tags=["remove-input"]
show_table(hlj.charter_load_table(periods),
           caption="Harbin–Russia charter totals by period (printed; Song 2020, §3.2, §3.5 and "
                   "footnote 6) and the derived rates and loads that expose the conflicting "
                   "2018 counts. Parcels in pieces; “a typical year” has no printed date; "
                   "qualifiers such as “nearly” and “more than” are in the table of conflicts.",
           label="tbl-hlj-charter-loads")

# %% [markdown]
# For 2020 the airport reported 2,064 tonnes in the first three quarters, up 14.4% on a year
# earlier {cite:p}`song2020`. The text does not say which quantity grew; the cited news item
# speaks of traffic. Read as tonnage growth, it implies {glue:text}`tons_2019q1q3:,.0f`
# tonnes in the first three quarters of 2019 (derived). Song also describes a typical year
# of charters without dating it: more than 100 flights, 2,000 tonnes and goods worth over
# 200 million US dollars, 40% of the e-commerce parcels, reaching some 8 million Russian
# internet users.
#
# ## Delivery times: from months to days
#
# The main claim for the charters is speed. Song reports that the average delivery time from
# Heilongjiang to Russian buyers fell from nearly two months to 13 days, 4 days at best, and
# that international parcels had taken 40–75 days before 2014 {cite:p}`song2020`. Gu expected
# the Harbin {term}`border warehouse`, China's first, opened in June 2014 with 3,000 square
# metres, to bring delivery down to 10 days {cite:p}`gu2018`. The chart sets these against
# the general China–Russia times in Gu and Zhao. "Nearly two months" is converted at 30 days
# a month and marked as derived; one flight time (six and a half hours) and one relative
# saving ("half" the time) have no delivery time to draw and appear only in the table.

# %% mystnb={"figure": {"caption": "Printed delivery times for parcels from China to Russian buyers, by channel and period (days; bars span printed ranges, single values are points). \u2264 within, > more than, \u2248 about or nearly. The pre-charter time, printed in months, is converted to days (derived, diamond).", "name": "fig-hlj-delivery"}}
ranges = hlj.delivery_ranges(times, delivery_rows)
hlj.delivery_chart(hlj.delivery_bars(ranges), hlj.delivery_source(times, delivery_rows))

# %% [markdown]
# Gu's stages of the postal route, three days to the Russian border, ten in customs and
# fifteen inside Russia, add up to {glue:text}`post_stages:.0f` days (derived), the same as
# Gu's printed total of about 28 days {cite:p}`gu2018`. Zhao contrasts AliExpress's Russian
# line, which promises delivery anywhere in Russia within 25 days, with the 60-day guarantee
# of an ordinary postal parcel {cite:p}`zhao2021`. Gu's "more than 90 days" is a backlog
# during the 2013 order surge, not a normal delivery time, and Gu's 15–30 days for Russian
# surface mail may describe a gap in tracking rather than the delivery itself; both are
# drawn, and the notes of `delivery_times` record these caveats.

# %% tags=["remove-input"]
show_table(hlj.delivery_table(times, delivery_rows),
           caption="Every printed delivery time (delivery_times), with its place in the "
                   "delivery-time chart or the reason it is left out. Days are printed except "
                   "where marked derived.",
           label="tbl-hlj-delivery", precision=0)

# %% [markdown]
# ## Land routes: Suifenhe and the trains to Europe
#
# Air is only one of the province's routes. Suifenhe, a {term}`port of entry` on the railway
# and road to Vladivostok, gained from a Russian Post decision in November 2014 to open a
# Far-Eastern distribution centre in Vladivostok, 220 km from the border town; parcels for
# the Russian Far East no longer had to travel via Moscow, which Song says halved their
# transport time {cite:p}`song2020`. Gu records two customs steps in 2014: mutual
# recognition of inspection results at the Suifenhe and Dongning port pairs in August, and a
# China–Russia "green channel" for fast clearance in September {cite:p}`gu2018`.
#
# Westwards, the Harbin–Europe service, one of the {term}`China–Europe freight trains
# <China–Europe freight train>`, ran 665 trains carrying goods worth 1.18 billion US dollars
# between 2015 and 2017, 461 of them worth 800 million dollars in 2017 alone
# {cite:p}`song2020`. So 2017 accounted for {glue:text}`rail_share_2017:.1f`% of the runs
# (derived). The speed-up was in the number of trains, not their cargo: a 2017 train carried
# goods worth {glue:text}`rail_per_train_2017:.2f` million dollars, against
# {glue:text}`rail_per_train_1516:.2f` million in 2015–2016 (both derived).

# %% [markdown]
# ## Paying and clearing across the border
#
# Song's section on payment gives two figures: from its launch in 2014 to the end of 2016, a
# Sino-Russian {term}`cross-border payment platform` processed 10.2 million transactions worth
# 2.75 billion yuan {cite:p}`song2020`. That is {glue:text}`pay_average:.0f` yuan per
# transaction (derived), the size of a small retail order rather than a wholesale deal.
# Customs clearance moved online at the same time: a clearance service platform opened in
# Suifenhe on 8 April 2015, combining clearance, payment, foreign-exchange settlement and tax
# rebates for exports to Russia {cite:p}`song2020,gu2018`. Gu mentions the opening twice, once
# with the day and once with the month only; the timeline keeps all three mentions. Song adds
# that some online shoppers still distrusted online payment and chose cash on delivery.
#
# ## Who carries the parcels
#
# One firm dominates the logistics story. Ruston, the Harbin logistics firm met in the
# section on charters, is credited with first place among logistics firms serving Russia for three years running
# (2015–2017) with a market share of 12.6%, with 52.1% of China's logistics market to Russia
# in 2017 and with 91% of air parcels to Russia in the same year; a firm Song calls Russian
# Express, most likely the same company, with nearly 40% of China's mail exports to Russia
# {cite:p}`song2020`. The shares cannot all measure the same market: 12.6% and 52.1% both
# claim the logistics market to Russia around 2017. They may rest on different denominators
# (all cross-border logistics versus e-commerce parcels, values versus pieces), or one may be
# garbled in translation. The table of conflicts below shows them side by side.
#
# ## A timeline, 2013–2020
#
# The printed events run from the Alibaba platform of 2013 to the north-east symposium of
# 2018. The official lists in the data package carry the story on to 2020: the province's
# cities that became a CBEC {term}`comprehensive pilot zone` (Harbin, Suifenhe and Heihe)
# and the approval of its pilot free-trade zone. Each event is drawn over the span its
# printed date allows (a day, a month or a whole year).

# %% mystnb={"figure": {"caption": "Dated events of Heilongjiang\u2013Russia e-commerce, 2013\u20132020, by category: policies, agreements, platforms, facilities and routes printed in Song (2020) and Gu (2018), plus pilot-zone and free-trade-zone approvals from official lists. Grey bars span the printed date's precision; repeated mentions of one event are kept.", "name": "fig-hlj-timeline"}}
events = hlj.timeline_events(timeline, hlj.official_events(pilot_cities, ftz))
hlj.timeline_chart(hlj.timeline_marks(events), hlj.timeline_source(events))

# %% tags=["remove-input"]
show_table(hlj.timeline_table(events),
           caption="Every dated event in the timeline chart (heilongjiang_timeline, plus "
                   "official pilot-zone and free-trade-zone lists).",
           label="tbl-hlj-timeline")

# %% [markdown]
# ## Conflicting figures at a glance
#
# The table collects the printed figures that cannot all be right, next to each other, with
# the period and the exact printed fragment. The notes in the data package explain each one;
# the sections above give the checks that help judge them. The first charter date is in the
# table of charter start dates above and the two readings of "2.6 times" in the first table
# of the chapter.

# %% tags=["remove-input"]
show_table(hlj.conflicts_table(conflicts, figs),
           caption="Conflicting or overlapping printed figures, side by side "
                   "(heilongjiang_figures; all from Song 2020).",
           label="tbl-hlj-conflicts")

# %% [markdown]
# ## Derived figures on this page
#
# Every derived number quoted in the text, with its formula and inputs (click to show the
# table). Figure ids starting with `song-` or `gu-` are rows of `heilongjiang_figures`; the
# postal stages are rows of `delivery_times`; GDP comes from `provincial_panel`.

# %% tags=["remove-input", "hide-output"]
show_table(hlj.derived_table(hlj.page_derived_rows(figs, times, panel, periods)),
           caption="Numbers derived in code (cbec.chapters.heilongjiang) from the printed figures.",
           label="tbl-hlj-derived")

# %% [markdown]
# ## Key takeaways
#
# * Russia dominates Heilongjiang's trade through imports; exports to Russia are small but
#   were the fastest-growing flow in 2019, and Russia's share of total trade slipped.
# * {cite:t}`song2020` credits the opening of the cargo charters to Russia with cutting the
#   average delivery time from Heilongjiang from nearly two months to 13 days (4 at the
#   fastest). The other improvements are separate claims: the 10 days for the Harbin border
#   warehouse is a forecast by {cite:t}`gu2018` ("will shorten"), and the Russian Post
#   distribution centre in Vladivostok is said to save half of the transport time for buyers
#   in the Far East {cite:p}`song2020`. The best printed times are targets or fastest cases,
#   not averages.
# * Putting totals on a common basis exposes bad figures: per month and per flight, the
#   "164 sorties" and the "7 million pieces" of 2018 do not fit the tonnage, which all
#   sources agree on.
# * Shares without a stated denominator, such as the 12.6%, 52.1% and nearly 40% credited
#   to Ruston and Russian Express, cannot be compared or averaged; record them and say what
#   each might measure.
# * Every number here is a row of the data package or a formula over such rows, so each can
#   be checked and recomputed.
#
# ## Exercises
#
# ```{exercise} Implied 2018 levels
# :label: hlj-ex-implied-level
#
# Using `heilongjiang_figures`, compute the 2018 levels of Heilongjiang's exports to Russia,
# imports from Russia and total trade with Russia implied by the 2019 values and growth
# rates. Does the sum of the implied exports and imports equal the implied total? Explain
# any gap.
# ```
#
# ```{solution-start} hlj-ex-implied-level
# :class: dropdown
# ```
#
# Divide each 2019 value by one plus its growth rate. The implied exports and imports
# together differ from the implied total by {glue:text}`ex1_gap_abs:.3f` billion yuan
# (derived). The gap is small and comes from rounding: each growth rate is printed
# rounded, to a whole percent in the case of total trade with Russia, and on a flow of more
# than a hundred billion yuan a small rounding error in the rate shifts the implied level
# visibly.

# %% tags=["solution"]
implied = {
    name: growth.implied_previous_level(figures.value(figs, level), figures.value(figs, rate))
    for name, level, rate in [
        ("exports", "song-russia-exports-2019", "song-russia-exports-2019-growth"),
        ("imports", "song-russia-imports-2019", "song-russia-imports-2019-growth"),
        ("total", "song-russia-trade-2019", "song-russia-trade-2019-growth"),
    ]
}
gap = implied["exports"] + implied["imports"] - implied["total"]
pd.Series({**implied, "exports + imports - total (derived)": gap}).round(3)

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Which reading of "2.6 times"?
# :label: hlj-ex-two-readings
#
# Use `hlj.times_increase_readings` to compute the CBEC trade of the first three quarters of
# 2019 under both readings of the printed growth. How would you show the 2020 figure and its
# growth in a chart of CBEC trade over time without choosing a reading silently?
# ```
#
# ```{solution-start} hlj-ex-two-readings
# :class: dropdown
# ```
#
# Reading A gives {glue:text}`cbec2019_a:.0f` million yuan and reading B
# {glue:text}`cbec2019_b:.0f` million (both derived). If Song's Chinese source said the
# trade "grew 2.6-fold" in the usual statistical phrasing, reading B would be meant, but the
# English text does not show the original. In a chart, draw the printed 2020 value as a
# reported point and both implied 2019 values as derived points (a different shape), each
# joined to 2020 by a dashed line labelled with its reading, and say in the caption that the
# source is ambiguous.

# %% tags=["solution"]
hlj.times_increase_readings(figures.value(figs, "song-cbec-trade-2020q1q3"),
                            figures.value(figs, "song-cbec-trade-2020q1q3-growth"))

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Redraw the charter chart for tonnage
# :label: hlj-ex-redraw-tons
#
# The functions `hlj.charter_segments` and `hlj.charter_source` take a `metric` argument.
# Redraw the chart with tonnes per month instead of flights per month. What does the new chart say about the conflicting
# 2018 counts?
# ```
#
# ```{solution-start} hlj-ex-redraw-tons
# :class: dropdown
# ```
#
# Tonnes per month are almost flat from 2013 to 2018, and the January–October 2018 segment
# now sits with the others: the weight figures agree. The conflict in the flight chart must
# therefore come from what was counted as a flight (or sortie), not from a change in
# activity. The 2020 rate is higher, in line with the reported growth.

# %% mystnb={"figure": {"caption": "Exercise solution: Harbin\u2013Russia charter cargo in tonnes per month (derived: printed tonnage divided by the months covered).", "name": "fig-hlj-charter-tons"}} tags=["solution"]
tons = hlj.charter_segments(figs, periods, metric="tons_per_month")
hlj.charter_chart(tons, hlj.charter_source(figs, periods, metric="tons_per_month"))

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Critique a printed figure
# :label: hlj-ex-critique-parcels
#
# Song prints "7 million pieces of parcels" for January–October 2018 and 107,000 parcels for
# the whole of 2018. Compute the average weight per piece implied by each figure together
# with the tonnage printed for the same period. Which figure describes a parcel as the
# airline would count it? Draft a one-sentence note for the data package.
# ```
#
# ```{solution-start} hlj-ex-critique-parcels
# :class: dropdown
# ```
#
# With 1,658 tonnes, 7 million pieces weigh {glue:text}`kg_7m:.2f` kg each, the weight of a
# single small item; 107,000 parcels with 1,944.68 tonnes weigh {glue:text}`kg_2018:.1f` kg
# each, the weight of a consolidated postal bag and close to the loads implied for 2013–2017
# and 2020 (all derived). A possible note: "7 million probably counts individual items,
# 107,000 consolidated parcels (see the derived weight per piece); kept as printed."

# %% tags=["solution"]
per_piece = hlj.charter_periods(figs, charters)[["label", "parcels", "tons", "kg_per_parcel"]]
per_piece.dropna().round(2)

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Value per train
# :label: hlj-ex-rail
#
# From the Harbin–Europe train figures, compute the number of runs and the cargo value of
# 2015–2016 together, and the average value per train in 2015–2016 and in 2017. Be careful
# with units: one total is printed in billions, the other in millions of dollars.
# ```
#
# ```{solution-start} hlj-ex-rail
# :class: dropdown
# ```
#
# Subtract the 2017 figures from the 2015–2017 totals after converting both values to
# millions of dollars with `hlj.scale_to`. Trains in 2017 carried slightly less value each
# than in 2015–2016, so the growth of 2017 came from running more trains.

# %% tags=["solution"]
runs_all = figures.value(figs, "song-hrb-europe-trains-2015-2017")
runs_2017 = figures.value(figs, "song-hrb-europe-trains-2017")
value_all = hlj.scale_to(figures.value(figs, "song-hrb-europe-value-2015-2017"),
                         "billion US dollars", "million US dollars")
value_2017 = hlj.scale_to(figures.value(figs, "song-hrb-europe-value-2017"),
                          "million US dollars", "million US dollars")
pd.DataFrame({
    "runs": [runs_all - runs_2017, runs_2017],
    "value, million USD": [value_all - value_2017, value_2017],
}, index=["2015-2016 (derived)", "2017 (printed)"]).assign(
    **{"million USD per train (derived)": lambda d: d["value, million USD"] / d["runs"]}
).round(2)

# %% [markdown]
# ```{solution-end}
# ```
