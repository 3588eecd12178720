"""Every number the chapter china_cbec glues into its prose, computed in one place."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from cbec.chapters.china_cbec.derive import (
    PILOT_ZONE_COUNTS,
    batch_reaching,
    consistency_table,
    investment_share,
    obstacle_counts,
    obstacles_raised_by_all,
    ownership_ids,
    ownership_total,
    penetration_table,
    pilot_zone_counts,
    scale_reconciliation,
    service_share_check,
)
from cbec.data import figures
from cbec.stats import growth

#: Obstacles the prose says are raised by the same number of sources.
SAME_COUNT_OBSTACLES: tuple[str, ...] = ("payment_security", "talent", "regional_imbalance",
                                         "policy_customs")
FIRMS_2013: dict[str, str] = {"cn_firms_selling": "zhao-firms-online-sales-2013",
                              "cn_firms_buying": "zhao-firms-online-purchases-2013",
                              "cn_firms_marketing": "zhao-firms-online-marketing-2013"}


def numbers(figs: pd.DataFrame, problems: pd.DataFrame, batches: pd.DataFrame,
            trade_2018: pd.DataFrame) -> dict[str, object]:
    """Name -> value of every number glued into the chapter's text (``{glue:text}`` and
    ``{glue:md}``), from the chapter's tables (``china_cbec_figures``, ``cbec_problems``,
    ``cbec_pilot_batches``) and its registry ``china_cbec_trade_2018``.

    Raises ``ValueError`` if a statement the prose makes about these numbers no longer
    holds: the reconciled series breaks its own rule, or the four obstacles the text groups
    together are no longer raised by the same number of sources.
    """
    scale = scale_reconciliation(figs)
    violations = growth.rule_violations(scale, figs)
    if violations:
        raise ValueError(f"the reconciled series breaks its rule: {violations}")
    reconciled = scale.values()
    checks = consistency_table(figs)
    xu_checks = checks[(checks["source"] == "Xu (n.d.)") & checks["gap, % (derived)"].notna()]
    implied = checks.set_index("level figure")["implied level a period earlier (derived)"]
    steps = growth.growth_steps(reconciled).set_index("from_year")
    penetration = penetration_table(figs, scale)
    pilot = pilot_zone_counts(batches)
    zhao_zones, xu_zones = (figures.value(figs, i) for i in PILOT_ZONE_COUNTS)
    match = batch_reaching(pilot, zhao_zones)
    if match is None:
        raise ValueError(f"no batch brings the cumulative count to {zhao_zones:g}")
    after = pilot[pilot["batch"] == match["batch"] + 1].iloc[0]
    counts = obstacle_counts(problems)
    if counts[list(SAME_COUNT_OBSTACLES)].nunique() != 1:
        raise ValueError(f"{SAME_COUNT_OBSTACLES} are no longer raised by as many sources "
                         f"each: {counts.to_dict()}")
    return {
        "cn_n_figures": len(figs),
        "cn_n_reconciled": len(reconciled),
        "cn_first_year": int(reconciled.index.min()),
        "cn_last_year": int(reconciled.index.max()),
        "cn_n_excluded": int((scale.decisions["status"] == growth.EXCLUDED).sum()),
        "cn_xu_max_gap": float(xu_checks["gap, % (derived)"].abs().max()),
        "cn_implied_2014": float(implied["gu-cbec-2015-value"]),
        "cn_implied_2015": float(implied["gu-cbec-2016-value"]),
        "cn_implied_2015_imports": float(implied["gu-cbec-2016-import-value"]),
        "cn_gap_2001_2014": float(steps.loc[2001, "growth_pct"]),
        "cn_gap_2014_2018": float(steps.loc[2014, "growth_pct"]),
        "cn_cagr_2018_2022": growth.cagr_between(reconciled, 2018, 2022),
        "cn_yoy_2019": float(growth.yoy_growth(reconciled)[2019]),
        "cn_ratio_2018": float(penetration.loc[penetration["period"] == "2018",
                                               "CBEC share of import-export, %"].iloc[0]),
        "cn_investment_share": investment_share(figs),
        "cn_zhao_batch": int(match["batch"]),
        "cn_zhao_month": Markdown(str(match["approval_month"])),
        "cn_next_month": Markdown(str(after["approval_month"])),
        "cn_max_recorded": int(pilot["cumulative cities (derived)"].max()),
        "cn_xu_matches": batch_reaching(pilot, xu_zones) is not None,
        "cn_ownership_total": ownership_total(figs, ownership_ids(trade_2018)),
        "cn_service_share": service_share_check(figs),
        **{key: figures.value(figs, figure_id) for key, figure_id in FIRMS_2013.items()},
        "cn_firms_not_selling": round(100 - figures.value(figs, FIRMS_2013["cn_firms_selling"]),
                                      9),
        "cn_all_sources": Markdown(", ".join(obstacles_raised_by_all(problems)).lower()),
        "cn_n_sources": int(problems["source"].nunique()),
        "cn_song_raised": int(problems.loc[problems["source"] == "song2020", "raised"].sum()),
        "cn_n_obstacles": len(counts),
        "cn_n_payment": int(counts["payment_security"]),
        "cn_n_credit": int(counts["credit_ip"]),
    }
