"""Numbers the Russian-market chapter computes from printed figures, and the numbers it glues.

Every derived number is a row of the figures layout made by
:func:`cbec.data.figures.derived_row` (``kind="derived"``, its input ids in ``locator`` and its
formula in ``note``). Most rows are declared in :data:`DERIVED`, one small dict each
(``op``: the arithmetic, ``args``: the figure ids in formula order); :func:`derived_figures`
evaluates them with the statistics layer's growth arithmetic and adds the rows that depend
on a table's contents (site counts, the capitals-vs-regions indices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from cbec.chapters.russia_market.lookup import rows
from cbec.data import figures
from cbec.data.registries import id_list
from cbec.stats import growth

CAPITALS = "Moscow and St Petersburg"
REGIONS = "Russia excluding Moscow and St Petersburg"
AREA_LABELS: dict[str, str] = {CAPITALS: "Moscow and St Petersburg",
                               REGIONS: "Rest of Russia"}
SPLIT_MEASURES: dict[str, str] = {
    "share_of_online_shoppers": "online shoppers",
    "share_of_online_orders": "online orders",
    "share_of_online_sales": "online sales",
}
INDEX_UNIT = "index (1 = national average)"

# ---- the declarative spec of derived numbers ----------------------------------------------

PEN_2010, PEN_2015 = "gu-internet-penetration-2010", "gu-internet-penetration-2015"
USD_LEVELS: tuple[str, ...] = ("gu-ecom-size-y1", "gu-ecom-size-y2", "gu-ecom-size-y3",
                               "gu-41-ecom-size-2013")
PLATFORM_SHARES: tuple[str, ...] = ("gu-platform-share-aliexpress", "gu-platform-share-ebay",
                                    "gu-platform-share-amazon")
POSTAL_LEGS: tuple[str, ...] = ("gu-swot-post-to-border", "gu-swot-post-customs",
                                "gu-swot-post-domestic")


def _regions_gain(kind: str, metric: str) -> dict[str, Any]:
    a, b = f"gu-split-2012-{kind}-regions", f"gu-split-2015-{kind}-regions"
    return {"id": f"ru-d-regions-gain-{kind}", "metric": f"{metric}_change", "op": "difference",
            "args": (b, a), "inputs": (a, b), "unit": "percentage points",
            "period": "2012-2015", "geography": REGIONS, "year": 2015}


def _usd_growth(a: str, b: str, year: int) -> dict[str, Any]:
    return {"id": f"ru-d-usd-growth-{year}", "metric": "ecommerce_market_growth_from_levels",
            "op": "growth", "args": (a, b), "unit": "percent", "period": str(year),
            "year": year, "note": f"years of {a} assumed, see its note"}


# One dict per derived number, in the order of the chapter's table of derived numbers.
# Keys: id, metric, op (see OPERATIONS), args (figure ids in formula order), unit, period;
# optional: year, geography (default Russia), inputs (the order the locator lists them in,
# default args), note (appended to the generated formula), formula (replaces it).
DERIVED: tuple[dict[str, Any], ...] = (
    {"id": "ru-d-penetration-multiple-2010-2015", "metric": "internet_penetration_multiple",
     "op": "ratio", "args": (PEN_2015, PEN_2010), "inputs": (PEN_2010, PEN_2015),
     "unit": "times", "period": "2010-2015", "year": 2015},
    {"id": "ru-d-penetration-pp-per-year-2010-2015", "metric": "internet_penetration_change",
     "op": "change_per_year", "args": (PEN_2010, PEN_2015),
     "unit": "percentage points per year", "period": "2010-2015", "year": 2015},
    {"id": "ru-d-adult-users-growth-2019", "metric": "internet_users_adult_growth",
     "op": "growth", "args": ("song-internet-users-adult-prev", "song-internet-users-adult-2019"),
     "unit": "percent", "period": "2019", "year": 2019},
    {"id": "ru-d-shoppers-multiple-2012-2013", "metric": "online_shoppers_multiple",
     "op": "ratio", "args": ("gu-online-shoppers-2013", "gu-online-shoppers-2012"),
     "inputs": ("gu-online-shoppers-2012", "gu-online-shoppers-2013"),
     "unit": "times", "period": "2012-2013", "year": 2013},
    {"id": "ru-d-cb-shoppers-share-2015",
     "metric": "cross_border_shoppers_share_of_online_shoppers", "op": "share",
     "args": ("gu-cb-shoppers-2015", "gu-online-shoppers-2015"), "unit": "percent",
     "period": "2015", "year": 2015, "note": "a lower bound: 'at least'"},
    {"id": "ru-d-chinese-stores-pp-2013-2014", "metric": "share_buying_from_chinese_stores_change",
     "op": "difference", "args": ("gu-chinese-stores-2014", "gu-chinese-stores-2013"),
     "inputs": ("gu-chinese-stores-2013", "gu-chinese-stores-2014"),
     "unit": "percentage points", "period": "2013-2014", "year": 2014},
    # Capitals vs regions: the regions' gain 2012 -> 2015 in each measure.
    *(_regions_gain(label.split()[-1], metric) for metric, label in SPLIT_MEASURES.items()),
    # Market size in US dollars: growth implied by the printed levels.
    _usd_growth(USD_LEVELS[0], USD_LEVELS[1], 2011),
    _usd_growth(USD_LEVELS[1], USD_LEVELS[2], 2012),
    _usd_growth(USD_LEVELS[2], USD_LEVELS[3], 2013),
    {"id": "ru-d-usd-cagr-2010-2013", "metric": "ecommerce_market_cagr", "op": "cagr",
     "args": (USD_LEVELS[0], USD_LEVELS[-1]), "unit": "percent per year",
     "period": "2010-2013", "year": 2013},
    {"id": "ru-d-usd-2015-forecast-vs-2012", "metric": "ecommerce_market_size_multiple_vs_2012",
     "op": "ratio", "args": ("gu-ecom-size-2015-forecast", "gu-ecom-size-y3"), "unit": "times",
     "period": "2015", "year": 2015},
    {"id": "ru-d-usd-forecast-cagr-2013-2020",
     "metric": "ecommerce_market_cagr_implied_by_forecast", "op": "cagr",
     "args": ("gu-41-ecom-size-2013", "gu-ecom-size-2020-forecast"),
     "unit": "percent per year", "period": "2013-2020", "year": 2020},
    # Roubles: shares and implied levels from disagreeing figures.
    {"id": "ru-d-cb-share-2015-of-750", "metric": "cross_border_share_of_ecommerce",
     "op": "share", "args": ("gu-cb-sales-2015", "gu-ecom-size-2015-750"), "unit": "percent",
     "period": "2015", "year": 2015},
    {"id": "ru-d-cb-share-2015-of-760", "metric": "cross_border_share_of_ecommerce",
     "op": "share", "args": ("zhao-cb-sales-2015", "zhao-ecom-size-2015"), "unit": "percent",
     "period": "2015", "year": 2015},
    {"id": "ru-d-cb-sales-2014-implied", "metric": "cross_border_ecommerce_sales",
     "op": "implied_previous", "args": ("gu-cb-sales-2015", "gu-cb-growth-2015"),
     "unit": "billion roubles", "period": "2014", "year": 2014},
    {"id": "ru-d-ecom-2014-implied-by-cb-share", "metric": "ecommerce_market_size",
     "op": "implied_total", "args": ("gu-cb-sales-2014", "gu-cb-share-2014"),
     "unit": "billion roubles", "period": "2014", "year": 2014},
    {"id": "ru-d-ecom-2014-implied-by-growth-7", "metric": "ecommerce_market_size",
     "op": "implied_previous", "args": ("gu-ecom-size-2015-750", "gu-ecom-growth-2015-7"),
     "unit": "billion roubles", "period": "2014", "year": 2014},
    {"id": "ru-d-ecom-2014-implied-by-growth-16", "metric": "ecommerce_market_size",
     "op": "implied_previous", "args": ("gu-ecom-size-2015-650", "gu-ecom-growth-2015-16"),
     "unit": "billion roubles", "period": "2014", "year": 2014},
    {"id": "ru-d-retail-share-forecast-vs-outcome-2015",
     "metric": "ecommerce_share_of_retail_multiple", "op": "ratio",
     "args": ("gu-ecom-share-retail-2015-forecast", "gu-ecom-share-retail-2015"),
     "unit": "times", "period": "2015", "year": 2015},
    {"id": "ru-d-avg-order-growth-2015", "metric": "average_order_value_growth",
     "op": "growth", "args": ("gu-avg-order-value-2014", "gu-avg-order-value-2015"),
     "unit": "percent", "period": "2015", "year": 2015},
    {"id": "ru-d-rub-per-usd-implied-2014", "metric": "roubles_per_dollar_implied",
     "op": "ratio", "args": ("gu-cb-sales-2014", "gu-intl-b2c-2014"),
     "unit": "roubles per US dollar (implied, not a market rate)", "period": "2014",
     "year": 2014, "formula": "gu-cb-sales-2014 (billion roubles) / gu-intl-b2c-2014 "
                              "(billion US dollars)"},
    {"id": "ru-d-china-share-intl-b2c-2014", "metric": "china_share_of_cross_border_sales",
     "op": "share", "args": ("gu-chinese-sales-2014", "gu-intl-b2c-2014"), "unit": "percent",
     "period": "2014", "year": 2014},
    # Platforms and visitors.
    {"id": "ru-d-top3-sum",
     "metric": "platform_share_of_cross_border_market__aliexpress_ebay_amazon", "op": "sum",
     "args": PLATFORM_SHARES, "unit": "percent", "period": "undated"},
    {"id": "ru-d-aliexpress-vs-ebay-visits-2014h2",
     "metric": "site_visits_ratio__aliexpress_to_ebay", "op": "ratio",
     "args": ("gu-visits-aliexpress-2014h2", "gu-visits-ebay-2014h2"), "unit": "times",
     "period": "2014-H2", "year": 2014},
    # Gender: complements of the two printed preferences (two-way choice assumed).
    {"id": "ru-d-pref-chinese-sites-men", "metric": "share_preferring_chinese_sites__men",
     "op": "complement", "args": ("gu-pref-english-sites-men",), "unit": "percent",
     "period": "undated", "note": "assumes every man chose one of the two"},
    {"id": "ru-d-pref-english-sites-women", "metric": "share_preferring_english_sites__women",
     "op": "complement", "args": ("gu-pref-chinese-sites-women",), "unit": "percent",
     "period": "undated", "note": "assumes every woman chose one of the two"},
    {"id": "ru-d-postal-legs-sum", "metric": "postal_delivery_time__sum_of_legs", "op": "sum",
     "args": POSTAL_LEGS, "unit": "days", "period": "undated", "geography": "China-Russia"},
)


# ---- the arithmetic ---------------------------------------------------------------------

def ratio(frame: pd.DataFrame, numerator_id: str, denominator_id: str) -> float:
    """Value of ``numerator_id`` divided by value of ``denominator_id``."""
    denominator = figures.value(frame, denominator_id)
    if denominator == 0:
        raise ZeroDivisionError(f"{denominator_id} is zero")
    return figures.value(frame, numerator_id) / denominator


def figure_year(frame: pd.DataFrame, figure_id: str) -> int:
    """The ``year`` of ``figure_id``; ``ValueError`` if it has none."""
    year = figures.figure(frame, figure_id)["year"]
    if pd.isna(year):
        raise ValueError(f"{figure_id} has no year")
    return int(year)


def _years_between(frame: pd.DataFrame, first: str, last: str) -> int:
    years = figure_year(frame, last) - figure_year(frame, first)
    if years <= 0:
        raise ValueError(f"{last} must be later than {first}")
    return years


def _value(frame: pd.DataFrame, op: str, args: Sequence[str]) -> float:
    v = [figures.value(frame, a) for a in args]
    if op == "ratio":
        return ratio(frame, args[0], args[1])
    if op == "share":
        return 100 * ratio(frame, args[0], args[1])
    if op == "difference":
        return v[0] - v[1]
    if op == "change_per_year":
        return (v[1] - v[0]) / _years_between(frame, args[0], args[1])
    if op == "growth":  # one step: (to / from - 1) x 100
        return growth.cagr(v[0], v[1], 1)
    if op == "cagr":
        return growth.cagr(v[0], v[1], _years_between(frame, args[0], args[1]))
    if op == "implied_previous":  # a level and its growth in percent
        return growth.implied_previous_level(v[0], v[1])
    if op == "implied_total":  # a part and its share in percent
        return v[0] / (v[1] / 100)
    if op == "sum":
        return sum(v)
    if op == "complement":
        return 100 - v[0]
    raise ValueError(f"unknown operation {op!r}; known: {', '.join(OPERATIONS)}")


def _formula(frame: pd.DataFrame, op: str, args: Sequence[str]) -> str:
    a, b = [*args, ""][:2]
    if op == "change_per_year":
        return f"({b} - {a}) / ({figure_year(frame, b)} - {figure_year(frame, a)})"
    if op == "cagr":
        return f"({b} / {a}) ** (1/{_years_between(frame, a, b)}) - 1"
    if op == "sum":
        return " + ".join(args)
    return OPERATIONS[op].format(a=a, b=b)


# Formula shown for each operation ({a}, {b}: the first two args).
OPERATIONS: dict[str, str] = {
    "ratio": "{a} / {b}", "share": "100 * {a} / {b}", "difference": "{a} - {b}",
    "change_per_year": "({b} - {a}) / (year of {b} - year of {a})",
    "growth": "{b} / {a} - 1", "cagr": "({b} / {a}) ** (1/years) - 1",
    "implied_previous": "{a} / (1 + {b} / 100)", "implied_total": "{a} / ({b} / 100)",
    "sum": "{a} + ...", "complement": "100 - {a}",
}


# Operations whose result belongs to the year of their last figure.
YEAR_OPERATIONS = frozenset({"growth", "cagr", "change_per_year"})


def derived_value(frame: pd.DataFrame, op: str, args: Sequence[str]) -> float:
    """Evaluate one operation of :data:`OPERATIONS` on the figures ``args`` of ``frame``."""
    if op not in OPERATIONS:
        raise ValueError(f"unknown operation {op!r}; known: {', '.join(OPERATIONS)}")
    return _value(frame, op, args)


def spec_row(frame: pd.DataFrame, spec: Mapping[str, Any]) -> dict[str, object]:
    """The derived row one entry of :data:`DERIVED` describes, evaluated on ``frame``."""
    args = tuple(spec["args"])
    if spec["op"] in YEAR_OPERATIONS and spec.get("year") is not None \
            and pd.notna(figures.figure(frame, args[-1])["year"]) \
            and figure_year(frame, args[-1]) != spec["year"]:
        raise ValueError(f"{spec['id']}: year {spec['year']} is not the year of {args[-1]}")
    formula = spec.get("formula") or _formula(frame, spec["op"], args)
    if spec.get("note"):
        formula += f" ({spec['note']})"
    return figures.derived_row(
        figure_id=spec["id"], metric=spec["metric"],
        value=derived_value(frame, spec["op"], args), unit=spec["unit"],
        period=spec["period"], geography=spec.get("geography", "Russia"),
        inputs=list(spec.get("inputs", args)), formula=formula, year=spec.get("year"))


# ---- rows that depend on a table's contents ---------------------------------------------------

def site_counts(top_sites: pd.DataFrame) -> dict[str, int]:
    """Number of top-10 sites per printed category, largest first (ties by name)."""
    counts = top_sites["category"].astype(str).value_counts()
    return {str(k): int(counts[k]) for k in sorted(counts.index, key=lambda c: (-counts[c], c))}


def site_count_rows(top_sites: pd.DataFrame) -> list[dict[str, object]]:
    """One derived row per category of the top-10 ranking: how many sites it has."""
    out = []
    for category, count in site_counts(top_sites).items():
        ranks = top_sites.loc[top_sites["category"] == category, "rank"].astype(int)
        out.append(figures.derived_row(
            figure_id=f"ru-d-sites-{category.lower().replace('_', '-')}",
            metric=f"top10_sites_in_category__{category.lower()}", value=count, unit="sites",
            period="undated", geography="Russia",
            inputs=[f"russia_top_sites rank {r}" for r in sorted(ranks)],
            formula=f"count of top-10 sites with category {category}"))
    return out


def regional_split(frame: pd.DataFrame) -> pd.DataFrame:
    """The capitals-vs-regions table (Gu 2018, §1.2) in long form, checked to sum to 100.

    Columns: measure, year, area, value, figure_id, kind, source, locator.
    """
    selected = frame[frame["metric"].isin(list(SPLIT_MEASURES))
                     & frame["geography"].isin([CAPITALS, REGIONS])]
    if selected.empty:
        raise KeyError("no capitals-vs-regions rows in the table")
    out = pd.DataFrame({
        "measure": selected["metric"].map(SPLIT_MEASURES).astype(str),
        "year": selected["year"].astype(int),
        "area": selected["geography"].map(AREA_LABELS).astype(str),
        "value": selected["value"].astype(float),
        "figure_id": selected["figure_id"].astype(str),
        "kind": selected["kind"].astype(str),
        "source": selected["source"].astype(str),
        "locator": selected["locator"].astype(str),
    })
    totals = out.groupby(["measure", "year"])["value"].agg(["sum", "size"])
    bad = totals[(totals["size"] != 2) | ((totals["sum"] - 100.0).abs() > 0.5)]
    if not bad.empty:
        raise ValueError(f"capitals and regions do not add to 100 for {list(bad.index)}")
    order = list(SPLIT_MEASURES.values())
    out["_m"] = out["measure"].map(order.index)
    out = out.sort_values(["_m", "year", "area"], kind="stable")
    return out.drop(columns="_m").reset_index(drop=True)


INTENSITY_PAIRS: dict[str, tuple[str, str]] = {
    "sales_per_shopper_index": ("online sales", "online shoppers"),
    "orders_per_shopper_index": ("online orders", "online shoppers"),
    "sales_per_order_index": ("online sales", "online orders"),
}


def split_intensity(frame: pd.DataFrame) -> pd.DataFrame:
    """Derived rows from the regional split: per-shopper and per-order intensity indices.

    For each year and area: sales share ÷ shopper share (sales per shopper relative to the
    national average), orders share ÷ shopper share and sales share ÷ orders share; and, per
    year, the capitals' sales-per-shopper index divided by the regions'.
    """
    split = regional_split(frame)
    ids = {(r.measure, r.year, r.area): r.figure_id for r in split.itertuples()}
    slug = {"Moscow and St Petersburg": "capitals", "Rest of Russia": "regions"}
    geo = {label: geo for geo, label in AREA_LABELS.items()}
    out = []
    for year in sorted(split["year"].unique()):
        for area in AREA_LABELS.values():
            for metric, (num, den) in INTENSITY_PAIRS.items():
                a, b = ids[(num, year, area)], ids[(den, year, area)]
                out.append(figures.derived_row(
                    figure_id=f"ru-d-{year}-{slug[area]}-{metric.replace('_', '-')}",
                    metric=metric, value=ratio(frame, a, b), unit=INDEX_UNIT,
                    period=str(year), geography=geo[area], inputs=[a, b],
                    formula=f"{a} / {b}", year=int(year)))
        caps = (ids[("online sales", year, AREA_LABELS[CAPITALS])],
                ids[("online shoppers", year, AREA_LABELS[CAPITALS])])
        regs = (ids[("online sales", year, AREA_LABELS[REGIONS])],
                ids[("online shoppers", year, AREA_LABELS[REGIONS])])
        out.append(figures.derived_row(
            figure_id=f"ru-d-{year}-capitals-vs-regions-sales-per-shopper",
            metric="sales_per_shopper_ratio_capitals_to_regions",
            value=ratio(frame, *caps) / ratio(frame, *regs), unit="times", period=str(year),
            geography="Russia", inputs=[*caps, *regs],
            formula=f"({caps[0]} / {caps[1]}) / ({regs[0]} / {regs[1]})", year=int(year)))
    return pd.DataFrame.from_records(out, columns=list(figures.FIGURE_COLUMNS))


def derived_figures(frame: pd.DataFrame, top_sites: pd.DataFrame,
                    spec: Sequence[Mapping[str, Any]] = DERIVED) -> pd.DataFrame:
    """Every number the chapter computes from printed figures, in the figures layout: the
    rows of ``spec``, the site counts per category of ``top_sites`` and
    :func:`split_intensity`."""
    out = [spec_row(frame, entry) for entry in spec] + site_count_rows(top_sites)
    derived = pd.DataFrame.from_records(out, columns=list(figures.FIGURE_COLUMNS))
    return pd.concat([derived, split_intensity(frame)], ignore_index=True)


# ---- the numbers glued into the prose ---------------------------------------------------------

JD_SITE_EVENT = "gu-2015-06-18-jd-russian-site"


def numbers(tables: Mapping[str, pd.DataFrame]) -> dict[str, object]:
    """Every number the chapter glues into its prose, by glue name, in glue order: each
    derived figure (by its id), counts of the chapter's tables and registries, three
    printed figures and the date of JD.com's Russian site (Markdown, for ``{glue:md}``).

    ``tables`` maps table names to frames: ``russia_market_figures``, ``russia_top_sites``,
    ``russia_swot``, ``russia_market_lost_charts``, ``russia_market_conflicts``,
    ``aliexpress_figures`` and ``aliexpress_events``.
    """
    from IPython.display import Markdown  # what {glue:md} needs

    figs = tables["russia_market_figures"]
    lost = tables["russia_market_lost_charts"]
    derived = derived_figures(figs, tables["russia_top_sites"])
    recoverable = [len(rows(figs, id_list(cell))) for cell in lost["figure_ids"]]
    out: dict[str, object] = {str(r.figure_id): float(r.value) for r in derived.itertuples()}
    out.update({
        "ru-n-figures": len(figs),
        "ru-n-charts": len(lost),
        "ru-n-swot": len(tables["russia_swot"]),
        "ru-n-derived": len(derived),
        "ru-n-conflicts": len(tables["russia_market_conflicts"]),
        "ru-n-lost": int(lost["status"].str.startswith("lost").sum()),
        "ru-n-lost-empty": sum(1 for n in recoverable if n == 0),
        "ru-p-smartphone-2014": figures.value(figs, "gu-smartphone-penetration-2014"),
        "ru-p-smartphone-undated": figures.value(tables["aliexpress_figures"],
                                                 "gu-smartphone-penetration-undated"),
        "ru-p-jd-forecast": figures.value(figs, "gu-jd-share-forecast"),
    })
    events = tables["aliexpress_events"].set_index("event_id")
    jd_site = date.fromisoformat(str(events.loc[JD_SITE_EVENT, "date"]))
    out["ru-jd-site-date"] = Markdown(f"{jd_site.day} {jd_site:%B %Y}")
    return out

