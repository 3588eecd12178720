"""Heilongjiang's goods trade in 2019 with Russia and with its other partners (Song 2020,
§2): the derived figures (other partners, shares, implied 2018 levels, national growth) and
the tidy frames of the two trade charts and of the reader's table."""

from __future__ import annotations

import pandas as pd

from cbec.charts.tables import display_frame
from cbec.data import figures
from cbec.stats.growth import implied_previous_level

FLOWS: tuple[str, ...] = ("Total trade", "Exports", "Imports")
# The printed figures each flow is derived from (the inputs of trade_derived_rows).
_TRADE_IDS: dict[str, dict[str, str]] = {
    "Total trade": {"all": "song-trade-2019-total", "all_growth": "song-trade-2019-total-growth",
                    "gap": "song-trade-2019-total-growth-gap", "russia": "song-russia-trade-2019",
                    "russia_growth": "song-russia-trade-2019-growth"},
    "Exports": {"all": "song-exports-2019", "all_growth": "song-exports-2019-growth",
                "gap": "song-exports-2019-growth-gap", "russia": "song-russia-exports-2019",
                "russia_growth": "song-russia-exports-2019-growth"},
    "Imports": {"all": "song-imports-2019", "all_growth": "song-imports-2019-growth",
                "gap": "song-imports-2019-growth-gap", "russia": "song-russia-imports-2019",
                "russia_growth": "song-russia-imports-2019-growth"},
}
_SLUG = {"Total trade": "total", "Exports": "exports", "Imports": "imports"}
PARTNERS: tuple[str, ...] = ("Russia", "Other partners", "All partners", "China (national)")
GROWTH_SERIES: dict[str, str] = {
    "All partners": "All partners",
    "Russia": "Russia",
    "Other partners": "Other partners (derived)",
    "China (national)": "China, national (derived)",
}
UNIT = "billion yuan"


def trade_derived_rows(figs: pd.DataFrame) -> list[dict[str, object]]:
    """Derived 2019 trade figures: other partners, Russia's shares, implied 2018 levels,
    growth with other partners, national growth and the implied Belt and Road total."""
    rows: list[dict[str, object]] = []
    for flow in FLOWS:
        ids = _TRADE_IDS[flow]
        slug = _SLUG[flow]
        total, russia = figures.value(figs, ids["all"]), figures.value(figs, ids["russia"])
        g_all = figures.value(figs, ids["all_growth"])
        g_ru = figures.value(figs, ids["russia_growth"])
        gap = figures.value(figs, ids["gap"])
        prev_all = implied_previous_level(total, g_all)
        prev_ru = implied_previous_level(russia, g_ru)
        other, prev_other = total - russia, prev_all - prev_ru
        base = [ids["all"], ids["russia"]]
        grow = [ids["all_growth"], ids["russia_growth"]]
        rows += [
            figures.derived_row(
                figure_id=f"hlj-{slug}-2019-other", metric=f"goods_{slug}_value_other_partners",
                value=other, unit=UNIT, period="2019", geography="Heilongjiang–other partners",
                inputs=base, formula=f"{ids['all']} − {ids['russia']}", year=2019),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2019-russia-share", metric=f"russia_share_of_{slug}",
                value=russia / total * 100, unit="percent", period="2019",
                geography="Heilongjiang–Russia", inputs=base,
                formula=f"{ids['russia']} / {ids['all']} × 100", year=2019),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2018-all-implied", metric=f"goods_{slug}_value",
                value=prev_all, unit=UNIT, period="2018", geography="Heilongjiang",
                inputs=[ids["all"], ids["all_growth"]],
                formula=f"{ids['all']} / (1 + {ids['all_growth']}/100)", year=2018),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2018-russia-implied",
                metric=f"goods_{slug}_value_with_russia", value=prev_ru, unit=UNIT,
                period="2018", geography="Heilongjiang–Russia",
                inputs=[ids["russia"], ids["russia_growth"]],
                formula=f"{ids['russia']} / (1 + {ids['russia_growth']}/100)", year=2018),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2018-other-implied",
                metric=f"goods_{slug}_value_other_partners", value=prev_other, unit=UNIT,
                period="2018", geography="Heilongjiang–other partners", inputs=base + grow,
                formula="implied 2018 all partners − implied 2018 Russia", year=2018),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2018-russia-share-implied",
                metric=f"russia_share_of_{slug}", value=prev_ru / prev_all * 100,
                unit="percent", period="2018", geography="Heilongjiang–Russia",
                inputs=base + grow,
                formula="implied 2018 Russia / implied 2018 all partners × 100", year=2018),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2019-other-growth",
                metric=f"goods_{slug}_growth_other_partners",
                value=(other / prev_other - 1) * 100, unit="percent", period="2019",
                geography="Heilongjiang–other partners", inputs=base + grow,
                formula="2019 other partners / implied 2018 other partners − 1", year=2019),
            figures.derived_row(
                figure_id=f"hlj-{slug}-2019-national-growth", metric=f"goods_{slug}_growth_yoy",
                value=g_all - gap, unit="percent", period="2019", geography="China",
                inputs=[ids["all_growth"], ids["gap"]],
                formula=f"{ids['all_growth']} − {ids['gap']}", year=2019),
        ]
    russia = figures.value(figs, "song-russia-trade-2019")
    share = figures.value(figs, "song-russia-trade-2019-share-bri")
    rows.append(figures.derived_row(
        figure_id="hlj-bri-trade-2019-implied", metric="goods_trade_value_with_belt_and_road",
        value=russia / share * 100, unit=UNIT, period="2019",
        geography="Heilongjiang–Belt and Road countries",
        inputs=["song-russia-trade-2019", "song-russia-trade-2019-share-bri"],
        formula="song-russia-trade-2019 / (song-russia-trade-2019-share-bri / 100)", year=2019))
    return rows


def trade_2019(figs: pd.DataFrame) -> pd.DataFrame:
    """One row per flow and partner for 2019: value, share of the flow, growth and the
    implied 2018 level, each with whether it is printed ("reported") or derived."""
    combined = figures.with_derived(figs, trade_derived_rows(figs))
    get = {row.figure_id: row for row in combined.itertuples()}
    records = []
    for flow in FLOWS:
        ids, slug = _TRADE_IDS[flow], _SLUG[flow]
        total = get[ids["all"]].value
        spec = {
            "Russia": (ids["russia"], ids["russia_growth"], f"hlj-{slug}-2018-russia-implied"),
            "Other partners": (f"hlj-{slug}-2019-other", f"hlj-{slug}-2019-other-growth",
                               f"hlj-{slug}-2018-other-implied"),
            "All partners": (ids["all"], ids["all_growth"], f"hlj-{slug}-2018-all-implied"),
        }
        for partner, (value_id, growth_id, prev_id) in spec.items():
            records.append({
                "flow": flow, "partner": partner,
                "value_2019": get[value_id].value, "value_kind": get[value_id].kind,
                "share_of_flow_pct": get[value_id].value / total * 100,
                "growth_2019_pct": get[growth_id].value, "growth_kind": get[growth_id].kind,
                "implied_2018": get[prev_id].value,
            })
        national = get[f"hlj-{slug}-2019-national-growth"]
        records.append({
            "flow": flow, "partner": "China (national)", "value_2019": float("nan"),
            "value_kind": "", "share_of_flow_pct": float("nan"),
            "growth_2019_pct": national.value, "growth_kind": national.kind,
            "implied_2018": float("nan"),
        })
    return pd.DataFrame.from_records(records)


def _status(kind: str) -> str:
    return {"reported": "printed", figures.DERIVED: "derived"}.get(kind, "")


def trade_table(figs: pd.DataFrame) -> pd.DataFrame:
    """The 2019 trade table for readers: every number says whether it is printed or derived."""
    table = trade_2019(figs)
    table = table.assign(
        value_kind=table["value_kind"].map(_status),
        share_of_flow_pct=table["share_of_flow_pct"].where(table["partner"] != "All partners"),
        growth_kind=table["growth_kind"].map(_status))
    return display_frame(table, {
        "flow": "flow", "partner": "partner", "value_2019": "2019, bn yuan",
        "value_kind": "value is", "share_of_flow_pct": "share of flow, % (derived)",
        "growth_2019_pct": "growth 2019, %", "growth_kind": "growth is",
        "implied_2018": "implied 2018, bn yuan (derived)",
    })


def _kind_label(kind: str) -> str:
    return "derived in code" if kind == figures.DERIVED else "printed"


def trade_composition(figs: pd.DataFrame) -> pd.DataFrame:
    """Bars of the composition chart: 2019 exports and imports with Russia (printed) and with
    other partners (derived), each labelled with its value and share of the flow."""
    table = trade_2019(figs)
    shown = table[table["flow"].isin(["Exports", "Imports"])
                  & table["partner"].isin(["Russia", "Other partners"])].copy()
    shown["row"] = shown["flow"] + ", " + shown["partner"]
    shown["status"] = shown["value_kind"].map(_kind_label)
    shown["label"] = [
        f"{r}: {v:.2f} ({s:.1f}%)" + (" derived" if k == figures.DERIVED else "")
        for r, v, s, k in zip(shown["row"], shown["value_2019"], shown["share_of_flow_pct"],
                              shown["value_kind"], strict=True)]
    return shown[["row", "partner", "status", "value_2019", "label"]]


def trade_composition_source(figs: pd.DataFrame) -> str:
    """Source line of the composition chart."""
    used = pd.concat([figures.metric_rows(figs, "goods_exports_value"),
                      figures.metric_rows(figs, "goods_imports_value"),
                      figures.metric_rows(figs, "goods_exports_to_russia_value"),
                      figures.metric_rows(figs, "goods_imports_from_russia_value")])
    used = figures.with_derived(used, [r for r in trade_derived_rows(figs)
                                       if r["figure_id"] in {"hlj-exports-2019-other",
                                                             "hlj-imports-2019-other"}])
    return figures.source_line(used, "Other partners = all partners − Russia; shares derived")


def trade_growth(figs: pd.DataFrame) -> pd.DataFrame:
    """Points of the growth chart: 2019 growth by flow with all partners and Russia (printed)
    and with other partners and China nationally (derived), each labelled."""
    table = trade_2019(figs)
    table["series"] = table["partner"].map(GROWTH_SERIES)
    table["kind"] = table["growth_kind"]
    table["label"] = [f"{g:.1f}%" + (" (derived)" if k == figures.DERIVED else "")
                      for g, k in zip(table["growth_2019_pct"], table["kind"], strict=True)]
    return table[["flow", "series", "kind", "growth_2019_pct", "label"]]


def trade_growth_source(figs: pd.DataFrame) -> str:
    """Source line of the growth chart."""
    used = figures.with_derived(
        figs[figs["figure_id"].isin([i for ids in _TRADE_IDS.values() for i in ids.values()])],
        trade_derived_rows(figs))
    return figures.source_line(
        used, "National growth = Heilongjiang growth − printed gap; other partners from "
              "implied 2018 levels")
