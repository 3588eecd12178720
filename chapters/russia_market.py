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
# # Russian online consumers and the Russian e-commerce market
#
# **Learning objectives.** After this chapter you can
#
# * compute growth rates, shares and implied levels from printed figures, and keep them
#   labelled as *derived*;
# * explain what the capitals-versus-regions table says about who bought online in Russia and
#   how much each group spent, in 2012 and 2015;
# * judge which of two disagreeing figures deserves more weight, using base, date, unit and
#   internal consistency;
# * describe the Russian cross-border shopper of 2014–2016 and the strengths, weaknesses,
#   opportunities and threats of Chinese sellers in Russia, citing a source for every number.
#
# **Prerequisites.** {doc}`data_package` (how the tables are built). Python: pandas
# filtering and `groupby`; altair basics (encodings and layers) if you want to change a chart.
#
# **Time.** About 40 minutes to read, a few seconds to run, an hour for the exercises.
#
# **Data used.** [`russia_market_figures`](data_package.ipynb) (every Russian-market number
# printed in the sources), [`russia_top_sites`](data_package.ipynb) (a top-10 site ranking) and
# [`russia_swot`](data_package.ipynb) (a SWOT analysis, one row per item); two rows of
# [`aliexpress_events`](data_package.ipynb) and one of
# [`aliexpress_figures`](data_package.ipynb) for comparison. The chapter's registries are
# tables of the package too: [`russia_market_conflicts`](data_package.ipynb) (disagreeing
# figures and the book's reading of each), [`russia_market_lost_charts`](data_package.ipynb),
# [`russia_market_profile`](data_package.ipynb) (the shopper portrait) and
# [`russia_market_chart_rows`](data_package.ipynb) (which figures each chart draws).

# %% tags=["remove-input"]
from cbec.chapters import russia_market as ru
from cbec.charts.preamble import chapter_preamble, glue_numbers
from cbec.charts.tables import show_table
from cbec.data import figures

tables = chapter_preamble(
    "russia_market_figures", "russia_top_sites", "russia_swot", "russia_market_conflicts",
    "russia_market_lost_charts", "russia_market_profile", "russia_market_chart_rows",
    "aliexpress_events", "aliexpress_figures")
figs, sites = tables["russia_market_figures"], tables["russia_top_sites"]
derived = ru.derived_figures(figs, sites)
allfig = figures.with_derived(figs, derived.to_dict("records"))
ru.check_registries(tables, allfig)
conflicts, chart_rows = tables["russia_market_conflicts"], tables["russia_market_chart_rows"]
glue_numbers(ru.numbers(tables))

# %% [markdown]
# Between 2014 and 2016 buying from Chinese web shops became an ordinary habit for millions of
# Russians. This chapter asks who those buyers were, where they lived, what they bought, how
# they paid and how long they waited, and how large the market they fed had become. The
# evidence is every number on the subject printed by {cite:t}`gu2018` (chapters 1.2–1.3 and the
# SWOT of chapter 2.2, plus a few figures from 4.1), the Russian-market figures of
# {cite:t}`zhao2021` (§3.2.2 and §3.2.4) and the Internet-user figures of {cite:t}`song2020`.
# They sit in the {term}`data package` as {glue:text}`ru-n-figures` rows of
# `russia_market_figures`, one per printed number, each with the {term}`locator` of the
# sentence or table that prints it.
#
# The chapter is about demand: the Russian side of {term}`cross-border e-commerce <CBEC>` with
# China. It keeps three rules. Values stay in the unit they were printed in — roubles are never
# turned into dollars, since the sources print no exchange rate and the book brings in no
# outside figure. A chart draws the printed values and nothing between them. And where two
# figures for the same thing disagree, both are shown, with what might explain the gap; the
# book does not choose quietly.
#
# ## What survives of the source charts
#
# Gu's chapter 1.2 was built around {glue:text}`ru-n-charts` charts. The text extraction kept their captions and
# lost the graphics: {glue:text}`ru-n-lost` are now captions only, and the one numbered table
# that survives (a 2012-versus-2015 comparison printed without a number, most likely
# Chart 1.8) is the richest source of this chapter. The table below lists, for each chart,
# what it showed and which numbers the surrounding text still prints. For
# {glue:text}`ru-n-lost-empty` of them nothing numeric remains: the forecast of the
# cross-border market, the product categories, and the map of Internet users by
# {term}`federal district`. No chart in this chapter tries to redraw those.

# %% tags=["remove-input"]
show_table(
    ru.lost_charts_table(tables["russia_market_lost_charts"], figs),
    caption="The charts of Gu (2018) §1.2: what each showed, whether it survives, and the printed figures (rows of russia_market_figures) that its surrounding text still gives.",
    label="tbl-ru-lost-charts",
)

# %% [markdown]
# ## Getting online
#
# {term}`Internet penetration` is the share of a population that uses the Internet. Gu's lost
# Chart 1.1 traced it from 2008 to 2015; the text keeps only its end points, 37.1% in 2010 and
# 70.4% in 2015 {cite:p}`gu2018`. That is a rise by a factor of
# {glue:text}`ru-d-penetration-multiple-2010-2015:.2f` (derived), just short of the doubling
# the text claims, or {glue:text}`ru-d-penetration-pp-per-year-2010-2015:.1f` percentage
# points a year on average (derived). Two further points use a different base, adults: 62% in
# autumn 2014 from the Public Opinion Foundation (FOM), reported by {cite:t}`gu2018`, and 79.8%
# of people aged 16 and over in 2019 {cite:p}`song2020`. Because the bases differ, the chart
# keeps the three series apart and joins no points with lines.

# %% mystnb={"figure": {"caption": "Internet penetration in Russia: the four printed values, on three bases (whole population, adults, people aged 16+). Points only: Gu's Chart 1.1 (2008\u20132015) is lost and only its 2010 and 2015 values are printed.", "name": "fig-ru-penetration"}}
ru.penetration_chart(ru.penetration_frame(allfig, chart_rows))

# %% [markdown]
# Counts of users tell the same story in millions (figure below). The figures again come from
# different counters: 69 million adult users in 2012 with no age threshold given and 72.3
# million adults in autumn 2014 (FOM), both in {cite:t}`gu2018`, and 91 million users aged 16
# and over rising to 94.4 million in 2019, a rise of
# {glue:text}`ru-d-adult-users-growth-2019:.1f`% (derived), in {cite:t}`song2020`. Mobile
# users form a separate series: more than 92 million in 2014 {cite:p}`gu2018`. Of Gu's lost
# Chart 1.2 the text also keeps a smartphone penetration of
# {glue:text}`ru-p-smartphone-2014:.0f`% for about 2014; Gu's §3.6 gives
# {glue:text}`ru-p-smartphone-undated:.0f`% without a year (see {doc}`aliexpress`). Neither
# passage names its base or source, so the gap may be a later year or a different group of
# people; both figures are kept, under different ids. Undated totals
# of "more than 90 million" users and 83 million *active* users {cite:p}`gu2018` cannot be
# placed on a time axis and are left out of the chart.

# %% mystnb={"figure": {"caption": "Internet users in Russia (million), printed values only, by the definition each source uses. Song's earlier value is dated 2018 by inference (the source says 'in the past').", "name": "fig-ru-internet-users"}}
ru.internet_users_chart(ru.internet_users_frame(allfig, chart_rows))

# %% [markdown]
# Use was not spread evenly over age groups. Nearly all young Russians were online, while the
# oldest groups caught up later: the share of people over 65 online rose from 26% in 2018 to
# 36% in 2019 {cite:p}`song2020`. The Russian-language Internet — the {term}`Runet` —
# also reaches beyond Russia: {cite:t}`gu2018` puts Russian speakers worldwide at more than 300
# million, among them 8.3 million in Ukraine and 4.5 million in Kazakhstan, a reach that
# Chinese sellers who translated their shops into Russian could use. Time online grew too: a
# garbled passage of {cite:t}`gu2018` most likely says that Russians spent 47% more time on
# the Internet between April 2013 and April 2014 (12 extra hours a year), the second-highest
# engagement in Europe after Turkey.

# %% tags=["remove-input"]
show_table(
    ru.figure_table(figs, [
        "gu-internet-penetration-under-30", "gu-internet-penetration-55-plus",
        "song-internet-penetration-50-64-2018", "song-internet-penetration-50-64-2019",
        "song-internet-penetration-65-plus-2018", "song-internet-penetration-65-plus-2019",
        "gu-internet-users-adult-2012", "gu-fom-internet-users-2014", "gu-fom-daily-users-2014",
        "gu-swot-internet-users", "gu-41-active-internet-users", "gu-internet-time-growth",
        "gu-internet-time-extra-hours",
    ]),
    caption="Internet use by age group and other printed user counts (Gu's under-30 share is a lower bound; the FOM daily figure is printed as '59900,000').",
    label="tbl-ru-internet-use",
)

# %% [markdown]
# ## Online shoppers
#
# An {term}`online shopper` is someone who has bought at least one thing on the Internet in
# the period a survey asks about. The printed counts climb from 11 million at the end of 2012
# (Morgan Stanley) to 30 million in 2013 and 40 million in 2015 {cite:p}`gu2018`. The first
# step is a multiple of {glue:text}`ru-d-shoppers-multiple-2012-2013:.1f` in one year
# (derived), too steep to be read as growth: the two counts come from different counters and
# most likely define a shopper differently. Of the 40 million shoppers of 2015, at least 15
# million bought from foreign shops {cite:p}`gu2018`, so at least
# {glue:text}`ru-d-cb-shoppers-share-2015:.1f`% of online shoppers were cross-border shoppers
# (derived; a lower bound, since the 15 million is printed as a minimum).
#
# The share of Internet users who shop online shows the first of the chapter's
# disagreements. For 2013 Gu prints "about 50%" in one paragraph and, citing GfK, 36% in
# another; GfK reaches 50% only in 2014 {cite:p}`gu2018`. The GfK pair is the better series
# for growth (one survey, two years); the lone 50% for 2013 may be GfK's 2014 value attached to
# the wrong year.

# %% tags=["remove-input"]
show_table(
    ru.figure_table(figs, [
        "gu-online-shoppers-2012", "gu-online-shoppers-2013", "gu-online-shoppers-2015",
        "gu-swot-online-shoppers-2015", "gu-41-online-shoppers", "gu-cb-shoppers-2015",
        "gu-shoppers-share-internet-2012", "gu-shoppers-share-internet-2013",
        "gu-gfk-buyers-2013", "gu-gfk-buyers-2014", "gu-shoppers-share-population-2013",
    ]),
    caption="Online shoppers in Russia as printed: counts (million people) and shares. Repeated figures are kept as separate rows.",
    label="tbl-ru-shoppers",
)

# %% [markdown]
# ## The capitals and the rest of Russia, 2012 and 2015
#
# The one comparison table that survives in Gu's chapter 1.2 splits online shoppers, orders
# and sales between Moscow with St Petersburg and the rest of the country, for 2012 and 2015
# {cite:p}`gu2018`. In each measure the two shares add to 100, so the table can be checked and
# read as a whole. Between the two years the regions gained
# {glue:text}`ru-d-regions-gain-shoppers:.0f` percentage points of shoppers,
# {glue:text}`ru-d-regions-gain-orders:.0f` of orders and
# {glue:text}`ru-d-regions-gain-sales:.0f` of sales (all derived). The sales panel is where the
# lines cross: in 2012 the two capitals still made most online sales, by 2015 the regions did.

# %% mystnb={"figure": {"caption": "Shares of Russian online shoppers, orders and sales in Moscow and St Petersburg vs the rest of Russia, 2012 and 2015 (printed values; each pair adds to 100%). The lines only join the two printed years.", "name": "fig-ru-regional-split"}}
ru.regional_split_chart(ru.regional_split_frame(figs))

# %% [markdown]
# Dividing one share by another shows who spent more (table below, all derived). A
# sales-per-shopper index of 1 means a group's share of sales equals its share of shoppers.
# Capital-city shoppers stood at {glue:text}`ru-d-2012-capitals-sales-per-shopper-index:.2f` in
# 2012 and {glue:text}`ru-d-2015-capitals-sales-per-shopper-index:.2f` in 2015; the regions at
# {glue:text}`ru-d-2012-regions-sales-per-shopper-index:.2f` and
# {glue:text}`ru-d-2015-regions-sales-per-shopper-index:.2f`. So a capital-city shopper
# accounted for {glue:text}`ru-d-2012-capitals-vs-regions-sales-per-shopper:.2f` times the
# sales of a regional shopper in 2012 and
# {glue:text}`ru-d-2015-capitals-vs-regions-sales-per-shopper:.2f` times in 2015. The regions
# gained share because more of their people started buying, not because each regional buyer
# spent more relative to Moscow: the gap per shopper widened slightly. Most of it comes from
# larger orders rather than more of them (compare the orders-per-shopper and sales-per-order
# rows).
#
# Two older, undated figures point the same way: Moscow with its region made 45% of
# e-commerce transactions and St Petersburg with the Leningrad region 11%, and Moscow's market
# was about 10 times the size of an average regional one {cite:p}`gu2018`. They cover wider
# areas than the table (the surrounding regions are included) and are not comparable with it
# row by row. Geography matters for Chinese sellers in another way too: a quarter of Russia's
# territory lies west of the Urals and holds three quarters of the population, and interest in
# China, which ranked fourth among foreign countries in Russian searches, was strongest in
# Siberia and the Far East {cite:p}`gu2018`.

# %% tags=["remove-input"]
show_table(
    ru.intensity_table(ru.split_intensity(figs)),
    caption="Derived intensity indices from the capitals-vs-regions table: sales per shopper, orders per shopper and sales per order relative to the national average (1 = average), and the capitals-to-regions ratio of sales per shopper.",
    label="tbl-ru-split-intensity",
    precision=3,
)

# %% [markdown]
# ## How big was the market?
#
# The dollar series in {cite:t}`gu2018` runs 8, 10.5 and 12 billion US dollars over "nearly
# three years" and 16.4 billion in 2013; a later section dates the 8 billion to 2010, so the
# first three values are placed at 2010–2012, an assumption the caption repeats. Growth
# computed from those levels is {glue:text}`ru-d-usd-growth-2011:.1f`% for 2011,
# {glue:text}`ru-d-usd-growth-2012:.1f`% for 2012 and {glue:text}`ru-d-usd-growth-2013:.1f`%
# for 2013, or {glue:text}`ru-d-usd-cagr-2010-2013:.1f`% a year over the three years (all
# derived). The printed growth rates are 20%, 31% and 20% {cite:p}`gu2018`: the 31% matches
# 2011, the last 20% does not match 2012, so the printed rates and levels are probably not
# about the same years or the same definition of the market.
#
# The forecasts are marked with triangles. The 36 billion US dollars expected for 2015 is
# exactly {glue:text}`ru-d-usd-2015-forecast-vs-2012:.0f` times the 2012 level (derived), as
# the text says. For 2020 one section expects 50 billion and another 40 to 50 billion
# {cite:p}`gu2018`; reaching 50 billion from 2013 would take
# {glue:text}`ru-d-usd-forecast-cagr-2013-2020:.1f`% a year (derived). No dollar value for
# the 2015 outcome is printed, so the forecast cannot be checked in dollars. It can be
# checked in one unit that needs no conversion: e-commerce was expected to reach 4.5% of
# retail trade in 2015 and reached 2% {cite:p}`gu2018`, a forecast
# {glue:text}`ru-d-retail-share-forecast-vs-outcome-2015:.2f` times the outcome (derived).

# %% mystnb={"figure": {"caption": "Russian e-commerce market in billion US dollars: reported levels (circles, joined) and forecasts (triangles; the dashed bar is a printed 40\u201350 range for 2020). The years of the 2010\u20132012 values are assumed, not printed.", "name": "fig-ru-market-usd"}}
ru.market_usd_chart(ru.market_usd_frame(allfig))

# %% [markdown]
# The rouble figures for 2015 are where the sources disagree most. The total market was 650
# billion roubles ("domestic"), about 750 billion, or 760 billion, and it grew by 16% or 7%
# {cite:p}`gu2018,zhao2021`. The 750 and 760 are close enough to be the same estimate rounded
# differently, and Zhao's 760 is printed with the same cross-border figure as Gu's 750, which
# suggests a common source. The 650 is labelled domestic and may leave out purchases from
# foreign shops; it is also paired with the 16% growth, while the 750 comes with 7%. Working
# back from each pair gives a 2014 market of
# {glue:text}`ru-d-ecom-2014-implied-by-growth-7:.0f` or
# {glue:text}`ru-d-ecom-2014-implied-by-growth-16:.0f` billion roubles (derived; pale dashed
# bars in the figure).
#
# Cross-border purchases are harder still. Gu prints 300 billion roubles for 2014 and 220
# billion for 2015 with growth of 5% in 2015; Zhao repeats the 220 {cite:p}`gu2018,zhao2021`.
# A 5% rise to 220 means a 2014 level of {glue:text}`ru-d-cb-sales-2014-implied:.0f` billion
# (derived), not 300. And if the 300 billion were 20% of all e-commerce in 2014, as the same
# paragraph says, the whole market would have been
# {glue:text}`ru-d-ecom-2014-implied-by-cb-share:,.0f` billion roubles (derived), far above
# every printed 2015 total. The 2014 pair cannot both be right on the same definitions. One hint: Gu also
# puts the 2014 international B2C market at about 5 billion US dollars; dividing the two 2014
# figures gives {glue:text}`ru-d-rub-per-usd-implied-2014:.0f` roubles per dollar (derived).
# That is only the rate at which the two would describe the same market; the book brings in
# no exchange rate to test it.

# %% mystnb={"figure": {"caption": "Russian e-commerce figures printed in roubles by Gu (2018) and Zhao (2021), one bar per printed figure, with 2014 levels implied by a 2015 level and its printed growth rate (pale dashed bars, derived). The 2016 value covers the first quarter only.", "name": "fig-ru-market-rub"}}
ru.rouble_chart(ru.rouble_frame(allfig, chart_rows))

# %% tags=["remove-input"]
show_table(
    ru.conflict_group_table(conflicts, allfig, "ru-cross-border-share"),
    caption="Cross-border purchases as a share of Russian e-commerce, as printed (the 30% is 'current' in an undated passage; the 60% is a forecast).",
    label="tbl-ru-cb-share",
)

# %% [markdown]
# The share of cross-border purchases in the market moves from 20% in 2014 to "about a third"
# in 2015, with 30% called current in an undated passage and 60% forecast
# {cite:p}`gu2018,zhao2021`. Computed from the printed levels, 220 billion out of 750 is
# {glue:text}`ru-d-cb-share-2015-of-750:.1f`% and out of 760 is
# {glue:text}`ru-d-cb-share-2015-of-760:.1f`% (derived): "a third" is a generous rounding. The
# average order, in a garbled sentence, went from 3,750 to 4,050 roubles
# {cite:p}`gu2018`, {glue:text}`ru-d-avg-order-growth-2015:.0f`% more (derived).
#
# ## Where Russians shopped
#
# Gu's Table 1.2 ranks the ten leading Russian shopping sites, with a category for each, but
# prints no date, no source and no ranking criterion; it looks like a web-traffic ranking.
# AliExpress leads (printed as "allexpress.com"); eBay is third, Ozon seventh.
# {glue:text}`ru-d-sites-consumer-electronics:.0f` of the ten are consumer-electronics shops
# (derived count), which fits the role of electronics in the
# portrait below. The ranking also holds a small conflict: the SWOT names Ulmart as the
# biggest Russian online retailer, turning over 62.7 billion roubles in 2015
# {cite:p}`gu2018`, yet Ulmart is fourth in the table. Both can hold if the table ranks traffic
# and the SWOT ranks turnover among Russian-owned shops.

# %% mystnb={"figure": {"caption": "The top-10 Russian shopping sites of Gu's Table 1.2 (undated; ranking criterion not printed) counted by the category printed for each: one bar segment per site, labelled with its rank. The counts are derived.", "name": "fig-ru-top-sites"}}
ru.top_sites_chart(ru.top_sites_frame(sites))

# %% tags=["remove-input"]
show_table(
    sites[["rank", "domain", "category"]],
    caption="Gu (2018) Table 1.2 as printed: Russian online shopping sites, top 10 ('allexpress.com' is a misprint for aliexpress.com).",
    label="tbl-ru-top-sites",
)

# %% [markdown]
# Among foreign platforms, AliExpress held 35% of the cross-border market, eBay 30% and Amazon
# 7.5% (undated); elsewhere the three together are put at 72% in 2014 {cite:p}`gu2018`. The
# separate shares add up to {glue:text}`ru-d-top3-sum:.1f`% (derived), so the two statements
# agree within rounding. The 70% that the same three platforms handled of orders of Chinese
# goods is a share of something else and is shown separately.
#
# Chinese rivals followed AliExpress in. JD.com opened its Russian site on
# {glue:md}`ru-jd-site-date` and signed a cooperation agreement with the Russian express
# delivery firm SPSR to build its logistics there {cite:p}`gu2018` (both are events in
# [`aliexpress_events`](data_package.ipynb)). A price analyst quoted in the same paragraph
# expected JD to take {glue:text}`ru-p-jd-forecast:.0f`% of the Russian e-commerce market
# within five years, a forecast that no later figure in the sources checks.

# %% mystnb={"figure": {"caption": "Shares of Russian cross-border e-commerce held by AliExpress, eBay and Amazon as printed, their sum (derived, grey dashed bar), the combined share printed for 2014, and the three platforms' share of orders (a different base).", "name": "fig-ru-platform-shares"}}
ru.platform_share_chart(ru.platform_share_frame(allfig, chart_rows))

# %% [markdown]
# Traffic figures mix units. In the second half of 2014 AliExpress was visited 15.6 million
# times against 3.7 million for eBay and 1.4 million for Amazon {cite:p}`gu2018`, a lead of
# {glue:text}`ru-d-aliexpress-vs-ebay-visits-2014h2:.1f` to one over eBay (derived). Gu also
# gives 15.9 million *monthly visits* for AliExpress in 2014 — probably the same statistic as
# the 15.6 million — and 23.8 million monthly *unique visitors* in 2015. Zhao repeats the 23.8
# million without a date and sets it against 9.2 million monthly visits for Ozon and 7.4
# million for eBay {cite:p}`zhao2021`, well above Gu's eBay figure. Visits and unique visitors are
# different units, so the chart gives each its own shape and computes no growth between them.

# %% mystnb={"figure": {"caption": "Visits and visitors of four platforms (million), one mark per printed figure. Units differ (visits vs unique visitors) and so do periods (2014 H2, 2014, 2015, undated); nothing is converted or combined.", "name": "fig-ru-visitors"}}
ru.visitors_chart(ru.visitors_frame(allfig, chart_rows))

# %% [markdown]
# How much of the cross-border trade was Chinese? Gu says that cross-border e-commerce from
# China doubled between 2013 and 2015, and gives five answers for its share
# {cite:p}`gu2018`: 70% of sales from foreign online shops (undated), 80% of orders, a 57%
# market share for Chinese firms in 2015, and, for the first quarter of 2016, about 90% of
# items but 49% of their value. The last pair is the most informative: if Chinese parcels are
# nine in ten by number and half by value, the average Chinese item is much cheaper than the
# average item from elsewhere ({ref}`ru-ex-cheap-parcels` works out how much). A
# sixth, consistent answer can be derived: Chinese e-commerce sales in Russia of 3.5 billion
# US dollars in 2014, out of an international B2C market of about 5 billion, make
# {glue:text}`ru-d-china-share-intl-b2c-2014:.0f`% (derived), which matches the undated 70%.
#
# Shares of *people* are a different matter. In GfK's survey the share of respondents who had
# bought in a Chinese online store rose from 25% in 2013 to 39% in 2014, by
# {glue:text}`ru-d-chinese-stores-pp-2013-2014:.0f` points (derived); Yandex counts 63% of
# Russian Internet users as having bought Chinese goods since 2014 {cite:p}`gu2018`. The
# Yandex base (all Internet users, over an open-ended period) is wider and its question
# looser, so the two levels should not be set against each other.

# %% mystnb={"figure": {"caption": "Every printed 'share of China' figure: shares of Russian cross-border trade (orders, items, value, sales, market share) and shares of people who bought in Chinese stores. The diamond is derived (Chinese sales divided by the international B2C market, 2014).", "name": "fig-ru-china-share"}}
ru.china_share_chart(ru.china_share_frame(allfig, chart_rows))

# %% [markdown]
# ## Who preferred Chinese sites
#
# Gu's Chart 1.10 split buyers by age and income and is lost, but the sentences around it keep
# two gender figures: 52% of women preferred Chinese shops to English-language ones, while 54%
# of men preferred English-language sites {cite:p}`gu2018`. The text links this to what each
# group bought — clothing, accessories, children's and household goods for women, electronics
# and car parts for men. The figure below shows the two printed shares and, paler and dashed,
# their complements; those complements are derived on the assumption that every respondent
# chose one side, which the source does not say.

# %% mystnb={"figure": {"caption": "Preferred origin of shopping sites by gender: the printed share for each gender (solid) and its complement (pale, dashed, derived as 100 minus the printed share, assuming a two-way choice).", "name": "fig-ru-gender"}}
ru.gender_chart(ru.gender_frame(allfig, chart_rows))

# %% [markdown]
# The core age group of cross-border buyers was 20–29; about 40% of respondents in that group
# had bought on both English-language and Chinese platforms {cite:p}`gu2018`. No shares by
# product category survive (Chart 1.9 is lost). In words, the text ranks clothing and
# accessories first, then phones and their accessories, and names household appliances,
# consumer electronics, computer parts, car parts and children's goods as the other main lines.
#
# ## Paying, waiting and clearing customs
#
# Russians distrusted paying online, so {term}`cash on delivery` remained the main way to pay
# {cite:p}`gu2018`. For a Chinese seller that meant waiting: the cash took 2 to 3 months to
# travel back from the buyer through the partners to the seller (SWOT, Weakness 3). No share
# of orders paid on delivery is printed.
#
# Delivery took weeks. By ordinary post a parcel needed about 3 days to reach the Russian
# border, 10 days to clear customs and up to 15 days inside Russia, about 28 days in all
# {cite:p}`gu2018`; the legs add up to {glue:text}`ru-d-postal-legs-sum:.0f` days (derived),
# so the printed total is consistent. The wider range given for China–Russia e-commerce is 3
# to 50 days. Zhao reports that AliExpress's Yanwen special line reached any Russian region
# within 25 days, against up to 60 days guaranteed for a postal parcel {cite:p}`zhao2021`, and
# the border warehouse opened in Harbin in June 2014 was expected to cut delivery to 10 days
# {cite:p}`gu2018`.

# %% mystnb={"figure": {"caption": "Delivery times from China to Russia in days: the three postal legs (stacked bar) with their sum (diamond, derived) and the printed total (circle), the printed 3\u201350-day range, two maxima reported by Zhao (2021), and the expected time via the Harbin border warehouse (triangle, forecast).", "name": "fig-ru-delivery"}}
ru.delivery_chart(ru.delivery_frame(allfig, chart_rows))

# %% [markdown]
# Customs added both delay and risk. Gu distinguishes {term}`white customs clearance`, where
# goods pass through the formal customs procedure, from {term}`grey customs clearance`, where
# an intermediary brings them in outside it; Chinese sellers often chose the grey route to
# save money, at the cost of goods with no legal status {cite:p}`gu2018`. In 2014 Russia
# introduced a 10% duty on online parcels and a duty of 30% of the value on parcels above the
# duty-free limit; the limit itself is not printed in the sections used here. Gu adds that
# Russia issued more protectionist measures than any other country in 2013, 20% of the world
# total (Global Trade Alert).

# %% tags=["remove-input"]
show_table(
    ru.figure_table(figs, [
        "gu-swot-tariff-online-2014", "gu-swot-tariff-over-limit-2014",
        "gu-swot-protectionism-2013", "gu-swot-post-customs",
        "gu-swot-cod-cycle-min", "gu-swot-cod-cycle-max",
    ]),
    caption="Customs rules and payment delays as printed (the duty-free threshold is not printed).",
    label="tbl-ru-customs",
)

# %% [markdown]
# ## Portrait of the cross-border shopper, 2014–2016
#
# Put together, the printed evidence gives a consistent if coarse portrait. The typical
# Russian buyer from a Chinese shop was young (20–29 at the core), increasingly lived outside
# the two capitals, came for low prices and wide choice, bought clothing and gadgets, paid in
# cash when the parcel arrived and waited about a month for it. Women were more drawn to
# Chinese sites than men. The table gives the evidence for each line; where a line rests on
# words rather than numbers it cites the passage.

# %% tags=["remove-input"]
show_table(
    ru.profile_table(tables["russia_market_profile"], figs),
    caption="The Russian cross-border shopper, 2014–2016: each finding (the book's wording) with the printed figures behind it and their sources.",
    label="tbl-ru-profile",
)

# %% [markdown]
# ## SWOT of Chinese cross-border e-commerce in Russia
#
# A {term}`SWOT analysis` lists the strengths and weaknesses of an actor and the opportunities
# and threats of its environment. Gu's §2.2 applies one to Alibaba and other Chinese
# cross-border sellers in Russia; the table below gives its items in the data package's
# paraphrase, with the number of printed figures each cites ({glue:text}`ru-n-swot` items in
# all). The evidence is uneven. The
# second strength rests on a figure for China's whole cross-border trade, not for Russia; the
# weaknesses (price wars, slow post, cash payment) are the same problems the portrait shows
# from the buyer's side; and the threats are dated 2013–2015, the years of the rouble's fall
# and the new parcel duties.

# %% tags=["remove-input"]
show_table(
    ru.swot_table(tables["russia_swot"], figs),
    caption="SWOT of Alibaba and other Chinese cross-border e-commerce in Russia (Gu 2018, §2.2), paraphrased; the cited figures are rows of russia_market_figures listed in russia_swot.figure_ids.",
    label="tbl-ru-swot",
)

# %% [markdown]
# ## Disagreeing figures at a glance
#
# The chapter has met {glue:text}`ru-n-conflicts` groups of figures that should agree and do
# not. The table collects them with one possible reading of each. Four questions help decide
# which number of a pair to lean on: *Is the base the same?* (orders, items and value give
# different shares of the same trade); *is the date the same?* (undated "current" figures
# often belong to an earlier year); *is the unit the same?* (visits are not unique visitors);
# and *is the figure consistent with its neighbours?* (a 5% rise cannot turn 300 into 220).
# When none of these settles it, the honest answer is a range, not a choice.

# %% tags=["remove-input"]
show_table(
    ru.conflicts_table(conflicts, figs),
    caption="Printed figures that disagree, grouped by topic, with where they are printed and a possible reading (the book's).",
    label="tbl-ru-conflicts",
)

# %% [markdown]
# ## Derived numbers in this chapter
#
# Every number the chapter computes — {glue:text}`ru-n-derived` in all — is listed here with
# the figure ids it comes from and its formula, so each can be recomputed by hand.

# %% tags=["remove-input"]
show_table(
    ru.derived_table(derived),
    caption="Derived numbers of this chapter (kind 'derived'): value, unit, inputs (figure ids) and formula.",
    label="tbl-ru-derived",
    precision=3,
)

# %% [markdown]
# ## Key takeaways
#
# * Russia went online fast — Internet penetration rose from 37.1% in 2010 to 70.4% in 2015
#   {cite:p}`gu2018` — and online shoppers followed, but the counts come from different
#   surveys and should be compared within a source only.
# * Between 2012 and 2015 online shopping spread from Moscow and St Petersburg to the regions:
#   the regions gained {glue:text}`ru-d-regions-gain-sales:.0f` points of online sales and as
#   many of shoppers and orders (derived). Yet in 2015 a capital-city shopper still accounted
#   for {glue:text}`ru-d-2015-capitals-vs-regions-sales-per-shopper:.2f` times the sales of a
#   regional one (derived).
# * The sources do not agree on the size of the market: three totals for 2015, two growth
#   rates, and a 2014 cross-border figure that cannot be reconciled with the 2015 one.
#   Dollar and rouble figures are kept apart because no exchange rate is printed.
# * Chinese sellers dominated cross-border trade by number of parcels far more than by value:
#   cheap goods, shipped by slow post and paid in cash on delivery.
# * Of Gu's charts, only the 2012–2015 comparison survives; for the others the chapter draws
#   exactly the values the text prints and says what is missing.
#
# ## Exercises
#
# ```{exercise} Growth from levels
# :label: ru-ex-growth
#
# Using the `ecommerce_market_size` rows of `russia_market_figures` in billion US dollars
# (reported only), compute the year-on-year growth implied by the levels for 2011, 2012 and
# 2013, and the compound annual growth from 2010 to 2013. Compare them with the printed rows
# of `ecommerce_market_growth`. Which printed rate agrees with the levels?
# ```
#
# ```{solution-start} ru-ex-growth
# :class: dropdown
# ```
#
# Sort the reported dollar levels by year and use `pct_change`. Only the printed rate for
# 2011 agrees with the levels; the 2012 rate does not, so the printed rates (whose years are
# not printed either) probably refer to other years or another definition.

# %% tags=["solution"]
levels = (figs[figs["figure_id"].isin(["gu-ecom-size-y1", "gu-ecom-size-y2", "gu-ecom-size-y3",
                                       "gu-41-ecom-size-2013"])]
          .sort_values("year", kind="stable").set_index("year")["value"])
growth = (levels.pct_change() * 100).round(1).rename("derived growth (%)")
printed = (figures.metric_rows(figs, "ecommerce_market_growth", unit="percent")
           .set_index("year")["value"].rename("printed growth (%)"))
comparison = growth.to_frame().join(printed, how="left")
cagr = ((levels.iloc[-1] / levels.iloc[0]) ** (1 / (levels.index[-1] - levels.index[0])) - 1) * 100
print(comparison)
print(f"derived compound annual growth 2010-2013: {cagr:.1f}%")

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Who spends more per order?
# :label: ru-ex-per-order
#
# From `ru.regional_split(figs)`, compute for each year the capitals' share of sales divided
# by their share of orders, and the same for the regions. What do the results say about the
# size of an average order in the two areas, and did the difference grow or shrink between
# 2012 and 2015?
# ```
#
# ```{solution-start} ru-ex-per-order
# :class: dropdown
# ```
#
# Pivot the long table so that each measure is a column, then divide. An index above 1 means
# orders larger than the national average. The capitals' orders were larger than average in
# both years, and the capitals-to-regions ratio rose, so the difference in order size grew a
# little while the regions gained share.

# %% tags=["solution"]
split = ru.regional_split(figs)
wide = split.pivot_table(index=["year", "area"], columns="measure", values="value")
wide["derived sales per order index"] = (wide["online sales"] / wide["online orders"]).round(3)
print(wide)
per_order = wide["derived sales per order index"].unstack("area")
print((per_order["Moscow and St Petersburg"] / per_order["Rest of Russia"]).round(3)
      .rename("derived capitals / regions"))

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Which cross-border figure to believe?
# :label: ru-ex-credible
#
# Gu prints cross-border purchases of 300 billion roubles for 2014 and 220 billion for 2015,
# with growth of 5% in 2015 (figure ids `gu-cb-sales-2014`, `gu-cb-sales-2015`,
# `gu-cb-growth-2015`); Zhao repeats the 220 (`zhao-cb-sales-2015`). Compute the 2015 level
# implied by 300 and the 5% growth, and the 2014 level implied by 220 and 5%. Which two of the
# three printed numbers belong together, and why is that the more credible pair? What would
# you need to settle it?
# ```
#
# ```{solution-start} ru-ex-credible
# :class: dropdown
# ```
#
# The 220 and the 5% are printed in the same sentence by Gu and come from one report; the 220
# is also repeated by Zhao with a matching total market (760, against Gu's 750)
# and share (about a third). The 300 stands alone, in another paragraph, next to a share (20%)
# that would imply an impossible 2014 total. The pair 220 and 5% is therefore the more
# credible reading; the 300 may measure something broader (for example including goods
# bought abroad in other ways) or a different year. To settle it one would need the original
# reports both authors cite.

# %% tags=["solution"]
sales_2014, sales_2015, growth_2015 = (
    figures.value(figs, figure_id)
    for figure_id in ("gu-cb-sales-2014", "gu-cb-sales-2015", "gu-cb-growth-2015"))
implied_2015 = sales_2014 * (1 + growth_2015 / 100)
implied_2014 = sales_2015 / (1 + growth_2015 / 100)
print(f"derived: 2015 level implied by 300 and 5%: {implied_2015:.1f} billion roubles")
print(f"derived: 2014 level implied by 220 and 5%: {implied_2014:.1f} billion roubles")
print(ru.conflict_group_table(conflicts, figs, "ru-cross-border-sales")[
    ["figure_id", "value", "unit", "period", "source"]])

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} Redraw for another metric
# :label: ru-ex-redraw
#
# `ru.time_points_frame` selects any set of dated, reported figures and `ru.time_points_chart`
# draws them as points. Use them with the `age` rows of `russia_market_chart_rows`
# (`ru.chart_labels(chart_rows, "age")`) to draw Internet penetration of the 50–64 and 65+
# age groups in 2018 and 2019 {cite:p}`song2020`. Then redraw the regional split for online
# sales only, with `ru.regional_split_frame(figs, measures=["online sales"])`. How many points
# does each series of the first chart have, and why should no line be drawn beyond them?
# ```
#
# ```{solution-start} ru-ex-redraw
# :class: dropdown
# ```
#
# Each age series has two printed points (2018 and 2019). Song's text gives nothing before
# or after, so extending a line would invent values.

# %% tags=["solution"]
ages = ru.time_points_chart(
    ru.time_points_frame(figs, ru.chart_labels(chart_rows, "age")),
    "Share of the age group online (%)", "Internet penetration by age group, printed values.",
    unit_suffix="%", y_max=100)
ages

# %% tags=["solution"]
ru.regional_split_chart(ru.regional_split_frame(figs, measures=["online sales"]))

# %% [markdown]
# ```{solution-end}
# ```
#
# ```{exercise} How cheap were Chinese parcels?
# :label: ru-ex-cheap-parcels
#
# For the first quarter of 2016 Gu prints that about 90% of cross-border items bought by
# Russians came from China and that Chinese sellers took 49% of the value
# (`gu-swot-china-share-goods-2016q1`, `gu-swot-china-share-value-2016q1`). Compute the
# average value of a Chinese item relative to the average value of a non-Chinese item. Which
# assumption do you need about the two figures, and how does the garbled sentence that prints
# them weaken the result?
# ```
#
# ```{solution-start} ru-ex-cheap-parcels
# :class: dropdown
# ```
#
# The average value per item of a group is its value share divided by its item share. The
# ratio of the two averages is (v / i) / ((100 − v) / (100 − i)), with v the value share and
# i the item share. It assumes that both shares describe the same purchases in the same
# period — the sentence is garbled and may mix 2016 Q1 with the same quarter of 2015 — and
# that "about 90%" is close to exact. The sensitivity lines recompute the ratio for a few
# hypothetical item shares around the printed one: the result moves a lot, because the
# non-Chinese item share in the denominator is small.

# %% tags=["solution"]
items = figures.value(figs, "gu-swot-china-share-goods-2016q1")
value = figures.value(figs, "gu-swot-china-share-value-2016q1")
relative = (value / items) / ((100 - value) / (100 - items))
print(f"derived: a Chinese item is worth {relative:.2f} of a non-Chinese item on average")
for share in (85.0, 90.0, 95.0):
    print(f"  derived sensitivity, items share {share:.0f}%: "
          f"{(value / share) / ((100 - value) / (100 - share)):.2f}")

# %% [markdown]
# ```{solution-end}
# ```
