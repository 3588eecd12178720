"""Growth arithmetic and the reconciliation of several sources' values (cbec.stats.growth)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cbec.stats import growth
from cbec.stats.growth import ReconciliationRule, reconcile, rule_violations

# ---- growth arithmetic ------------------------------------------------------------------

def test_cagr_matches_hand_computations() -> None:
    assert growth.cagr(100, 121, 2) == pytest.approx(10.0)
    assert growth.cagr(1, 2, 1) == pytest.approx(100.0)
    assert growth.cagr(50, 50, 7) == pytest.approx(0.0)
    assert growth.cagr(100, 81, 2) == pytest.approx(-10.0)
    # Zhao's 2001-2018 average: 100 billion -> 9 trillion yuan over 17 years is 30.3%
    assert growth.cagr(0.1, 9.0, 17) == pytest.approx(30.3033, abs=1e-4)


@pytest.mark.parametrize(("start", "end", "years", "message"), [
    (100, 121, 0, "years"), (100, 121, -1, "years"), (100, 121, math.nan, "years"),
    (0, 121, 2, "start_value"), (-5, 121, 2, "start_value"), (100, 0, 2, "end_value"),
    (100, math.inf, 2, "end_value"),
])
def test_cagr_rejects_bad_input(start: float, end: float, years: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        growth.cagr(start, end, years)


def _levels() -> pd.Series:
    return pd.Series({2018: 100.0, 2019: 110.0, 2021: 133.1})


def test_cagr_between_uses_the_years_as_the_span() -> None:
    assert growth.cagr_between(_levels(), 2019, 2021) == pytest.approx(10.0)
    assert growth.cagr_between(_levels(), 2018, 2021) == pytest.approx(10.0)


def test_cagr_between_complains_about_missing_or_reversed_years() -> None:
    with pytest.raises(KeyError, match="2020"):
        growth.cagr_between(_levels(), 2018, 2020)
    with pytest.raises(ValueError, match="after"):
        growth.cagr_between(_levels(), 2021, 2018)
    repeated = pd.Series([1.0, 2.0], index=[2018, 2018])
    with pytest.raises(ValueError, match="repeated"):
        growth.cagr_between(repeated, 2018, 2019)


def test_yoy_growth_only_for_consecutive_years() -> None:
    rates = growth.yoy_growth(_levels())
    assert list(rates.index) == [2019]  # 2021 has no 2020 before it: never interpolated
    assert rates[2019] == pytest.approx(10.0)
    assert growth.yoy_growth(pd.Series({2020: 5.0})).empty


def test_yoy_growth_sorts_years_and_ignores_missing_values() -> None:
    levels = pd.Series({2020: 120.0, 2019: 100.0, 2021: None})
    rates = growth.yoy_growth(levels)
    assert list(rates.index) == [2020]
    assert rates[2020] == pytest.approx(20.0)


def test_growth_steps_annualise_gaps() -> None:
    steps = growth.growth_steps(_levels())
    assert list(steps["from_year"]) == [2018, 2019]
    assert list(steps["years"]) == [1, 2]
    assert list(steps["consecutive"]) == [True, False]
    assert steps["growth_pct"].tolist() == pytest.approx([10.0, 10.0])
    assert growth.growth_steps(pd.Series({2020: 1.0})).empty


def test_implied_previous_level() -> None:
    assert growth.implied_previous_level(110, 10) == pytest.approx(100)
    assert growth.implied_previous_level(5.4, 28.6) == pytest.approx(4.199067, rel=1e-6)
    assert growth.implied_previous_level(50, -50) == pytest.approx(100)
    with pytest.raises(ValueError, match="above -100"):
        growth.implied_previous_level(50, -100)
    with pytest.raises(ValueError, match="level"):
        growth.implied_previous_level(0, 5)


# ---- reconciliation -----------------------------------------------------------------------

def _row(figure_id: str, value: float, unit: str, period: str, year: int | None,
         source: str, metric: str = "scale", geography: str = "X") -> dict[str, object]:
    return {"figure_id": figure_id, "metric": metric, "value": value, "unit": unit,
            "period": period, "year": year, "geography": geography, "kind": "reported",
            "printed": str(value), "source": source, "locator": "§1", "note": None}


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows)
    frame["year"] = pd.array(frame["year"], dtype="Int64")
    return frame


def _demo() -> pd.DataFrame:
    return _frame([
        _row("a-2019", 10.0, "bn yuan", "2019", 2019, "s1"),
        _row("b-2019", 0.011, "tn yuan", "2019", 2019, "s2"),
        _row("b-2020", 0.012, "tn", "2020", 2020, "s2"),           # unit not accepted
        _row("a-2020h1", 6.0, "bn yuan", "2020-H1", 2020, "s1"),   # half a year
        _row("c-2021", 0.02, "tn yuan", "2021", 2021, "s3"),       # unranked source
        _row("a-nd", 1.0, "bn yuan", "n.d.", None, "s1"),           # undated
        _row("a-2022", 13.0, "bn yuan", "2022", 2022, "s1"),
        _row("b-2022", 0.013, "tn yuan", "2022", 2022, "s2"),       # same value as a-2022
        _row("other", 99.0, "tn yuan", "2019", 2019, "s1", metric="other"),
        _row("y-2019", 0.5, "tn yuan", "2019", 2019, "s1", geography="Y"),
    ])


def _rule(priority: tuple[str, ...] = ("s2", "s1"), **kwargs: object) -> ReconciliationRule:
    return ReconciliationRule(priority=priority,
                              unit_factors={"tn yuan": 1.0, "bn yuan": 0.001},
                              target_unit="tn yuan", reason="test rule", **kwargs)


def test_reconcile_takes_the_highest_priority_source_per_year() -> None:
    result = reconcile(_demo(), "scale", _rule(), geography="X")
    series = result.series.set_index("year")
    assert list(series.index) == [2019, 2022]
    assert series.loc[2019, "figure_id"] == "b-2019"
    assert series.loc[2019, "value"] == pytest.approx(0.011)
    assert series.loc[2019, "conflicting"] == "a-2019"
    assert series.loc[2022, "figure_id"] == "b-2022"
    assert series.loc[2022, "agreeing"] == "a-2022"
    assert (series["unit"] == "tn yuan").all()


def test_the_priority_order_is_what_decides() -> None:
    result = reconcile(_demo(), "scale", _rule(priority=("s1", "s2")), geography="X")
    series = result.series.set_index("year")
    assert series.loc[2019, "figure_id"] == "a-2019"
    assert series.loc[2019, "value"] == pytest.approx(0.010)  # 10 bn yuan converted


def test_every_candidate_gets_a_decision_with_a_reason() -> None:
    decisions = reconcile(_demo(), "scale", _rule(), geography="X").decisions
    status = dict(zip(decisions["figure_id"], decisions["status"], strict=True))
    assert status == {"a-2019": "outranked", "b-2019": "chosen", "b-2020": "excluded",
                      "a-2020h1": "excluded", "c-2021": "excluded", "a-nd": "excluded",
                      "a-2022": "agrees", "b-2022": "chosen"}
    reason = dict(zip(decisions["figure_id"], decisions["reason"], strict=True))
    assert "unit 'tn'" in reason["b-2020"]
    assert "2020-H1" in reason["a-2020h1"]
    assert "s3" in reason["c-2021"]
    assert "no calendar year" in reason["a-nd"]
    assert "b-2019" in reason["a-2019"]
    assert decisions.loc[decisions["status"] == "excluded", "value_converted"].isna().all()
    assert list(decisions.columns) == list(growth.DECISION_COLUMNS)


def test_units_are_never_mixed_even_for_the_top_source() -> None:
    frame = _frame([_row("b-2020", 0.012, "tn", "2020", 2020, "s2"),
                    _row("a-2020", 11.0, "bn yuan", "2020", 2020, "s1")])
    series = reconcile(frame, "scale", _rule()).series
    assert series["figure_id"].tolist() == ["a-2020"]


def test_annual_only_can_be_switched_off() -> None:
    result = reconcile(_demo(), "scale", _rule(annual_only=False), geography="X")
    assert 2020 in set(result.series["year"])
    assert result.series.set_index("year").loc[2020, "figure_id"] == "a-2020h1"


def test_two_values_from_the_top_source_in_one_year_are_ambiguous() -> None:
    frame = _frame([_row("b1", 0.011, "tn yuan", "2019", 2019, "s2"),
                    _row("b2", 0.012, "tn yuan", "2019", 2019, "s2")])
    with pytest.raises(ValueError, match="ambiguous for 2019"):
        reconcile(frame, "scale", _rule())


def test_repeated_identical_values_from_one_source_are_fine() -> None:
    frame = _frame([_row("b1", 0.011, "tn yuan", "2019", 2019, "s2"),
                    _row("b2", 11.0, "bn yuan", "2019", 2019, "s2")])
    result = reconcile(frame, "scale", _rule())
    assert result.series["figure_id"].tolist() == ["b1"]
    assert result.series["agreeing"].tolist() == ["b2"]


def test_reconcile_needs_rows() -> None:
    with pytest.raises(KeyError, match="nothing"):
        reconcile(_demo(), "nothing", _rule())


def test_values_is_a_year_indexed_series() -> None:
    values = reconcile(_demo(), "scale", _rule(), geography="X").values()
    assert list(values.index) == [2019, 2022]
    assert values[2022] == pytest.approx(0.013)
    assert values.name == "scale"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"priority": ()}, "at least one source"),
    ({"priority": ("s1", "s1")}, "twice"),
    ({"unit_factors": {}}, "accepted unit"),
    ({"unit_factors": {"tn yuan": 0.0}}, "positive"),
    ({"unit_factors": {"bn yuan": 0.001}}, "target unit"),
    ({"reason": "  "}, "reason"),
])
def test_rules_must_be_well_formed(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"priority": ("s1",), "unit_factors": {"tn yuan": 1.0},
                               "target_unit": "tn yuan", "reason": "r"}
    with pytest.raises(ValueError, match=message):
        ReconciliationRule(**{**base, **kwargs})  # type: ignore[arg-type]


def test_rule_rank_and_description() -> None:
    rule = _rule()
    assert rule.rank("s2") == 0 and rule.rank("s1") == 1
    with pytest.raises(ValueError):
        rule.rank("s9")
    text = rule.describe({"s1": "Source One", "s2": "Source Two"})
    assert "take Source Two over Source One" in text
    assert "'tn yuan', 'bn yuan'" in text and text.endswith("test rule.")


def test_rule_violations_is_empty_for_a_correct_result() -> None:
    frame = _demo()  # includes a row for geography Y that must not count against X
    assert rule_violations(reconcile(frame, "scale", _rule(), geography="X"), frame) == []


def test_rule_violations_catches_a_lower_priority_choice() -> None:
    frame = _demo()[lambda f: f["geography"] == "X"]
    result = reconcile(frame, "scale", _rule())
    tampered = result.series.copy()
    tampered.loc[tampered["year"] == 2019, ["figure_id", "value", "source"]] = [
        "a-2019", 0.010, "s1"]
    bad = growth.Reconciliation(result.metric, result.rule, tampered, result.decisions)
    problems = rule_violations(bad, frame)
    assert any("b-2019 ranks higher" in p for p in problems)


def test_rule_violations_catches_wrong_values_units_and_dropped_years() -> None:
    frame = _demo()[lambda f: f["geography"] == "X"]
    result = reconcile(frame, "scale", _rule())
    wrong_value = result.series.copy()
    wrong_value.loc[0, "value"] = 10.0  # printed 10 bn yuan, never converted
    problems = rule_violations(
        growth.Reconciliation("scale", result.rule, wrong_value, result.decisions), frame)
    assert any("not the converted printed value" in p for p in problems)
    wrong_unit = result.series.copy()
    wrong_unit.loc[0, ["figure_id", "value"]] = ["b-2020", 0.012]
    problems = rule_violations(
        growth.Reconciliation("scale", result.rule, wrong_unit, result.decisions), frame)
    assert any("unit 'tn'" in p for p in problems)
    dropped = result.series.iloc[1:].reset_index(drop=True)
    problems = rule_violations(
        growth.Reconciliation("scale", result.rule, dropped, result.decisions), frame)
    assert problems == ["years with an eligible value but no reconciled value: [2019]"]
