"""Same glued numbers on every reader's CPU, for the four descriptive chapters.

The regression chapter has its own, fuller check (``test_cross_cpu.py``). The descriptive
chapters glue numbers derived from a few transcribed figures (growth rates, shares, sums,
counts, dates). This test re-computes every number each chapter glues with every float in
its tables perturbed by a relative 1e-12 (what another CPU's summation order could do) and
again with the rows of every table in another order, and asserts that the stored form of
each glued value does not change: IPython's plain-text repr, which myst-nb stores, of the
value as ``glue_numbers`` glues it (to ``GLUED_SIGNIFICANT_DIGITS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import pytest
from IPython.lib.pretty import pretty
from perturb import perturbed, reordered

from cbec.chapters import aliexpress, china_cbec, heilongjiang, russia_market
from cbec.charts.preamble import GLUED_SIGNIFICANT_DIGITS, stored_value
from cbec.data import load_table

Tables = Mapping[str, pd.DataFrame]


def _china(tables: Tables) -> dict[str, object]:
    figs = tables["china_cbec_figures"]
    return china_cbec.numbers(figs, tables["cbec_problems"], tables["cbec_pilot_batches"],
                              china_cbec.load_trade_2018(figs))


def _heilongjiang(tables: Tables) -> dict[str, object]:
    figs = tables["heilongjiang_figures"]
    return heilongjiang.numbers(figs, tables["delivery_times"], tables["heilongjiang_timeline"],
                                tables["provincial_panel"],
                                heilongjiang.load_charter_periods(figs))


# Each chapter: the tables its first cell loads, and how it computes its glued numbers.
CHAPTERS: dict[str, tuple[tuple[str, ...], Callable[[Tables], dict[str, object]]]] = {
    "china_cbec": (("china_cbec_figures", "cbec_problems", "cbec_pilot_batches"), _china),
    "heilongjiang": (("heilongjiang_figures", "delivery_times", "heilongjiang_timeline",
                      "provincial_panel"), _heilongjiang),
    "russia_market": (("russia_market_figures", "russia_top_sites", "russia_swot",
                       "russia_market_conflicts", "russia_market_lost_charts",
                       "russia_market_profile", "russia_market_chart_rows",
                       "aliexpress_events", "aliexpress_figures"), russia_market.numbers),
    "aliexpress": (("aliexpress_events", "aliexpress_stages", "aliexpress_stage_elements",
                    "aliexpress_figures", "payment_fees", "payment_methods_by_region",
                    "logistics_lines", "russia_market_figures", "aliexpress_conflicts",
                    "aliexpress_stage_sections", "aliexpress_metric_series",
                    "aliexpress_chart_rows"), aliexpress.numbers),
}


def stored_forms(numbers: Mapping[str, object]) -> dict[str, str]:
    return {name: pretty(stored_value(value, GLUED_SIGNIFICANT_DIGITS))
            for name, value in numbers.items()}


@pytest.fixture(scope="module")
def loaded() -> dict[str, pd.DataFrame]:
    names = sorted({name for tables, _ in CHAPTERS.values() for name in tables})
    return {name: load_table(name) for name in names}


@pytest.mark.parametrize("change", [perturbed, reordered], ids=["perturbed", "reordered"])
@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_glued_numbers_do_not_move_with_the_floating_point_path(
        chapter: str, change: Callable[[pd.DataFrame, int], pd.DataFrame],
        loaded: dict[str, pd.DataFrame]) -> None:
    names, compute = CHAPTERS[chapter]
    original = {name: loaded[name] for name in names}
    changed = {name: change(frame, seed) for seed, (name, frame)
               in enumerate(original.items(), start=1)}
    if change is perturbed:
        assert any(not frame.equals(original[name]) for name, frame in changed.items()), \
            f"{chapter}: no float column was perturbed, so the test would prove nothing"
    expected, got = stored_forms(compute(original)), stored_forms(compute(changed))
    assert len(expected) > 5
    moved = {name: (expected[name], got.get(name)) for name in expected
             if got.get(name) != expected[name]}
    assert moved == {}, f"{chapter}: glued numbers moved ({change.__name__}): {moved}"
