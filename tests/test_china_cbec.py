"""Chapter china_cbec: its tables, the reconciliation rule it states, and its helpers."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import edit_cell

from cbec.chapters import china_cbec as cn
from cbec.data import DataPackageError, figures, load_table, resource_descriptor
from cbec.stats import growth

NOTEBOOK_TWIN = Path(__file__).resolve().parents[1] / "chapters" / "china_cbec.py"


@pytest.fixture(scope="module")
def fig() -> pd.DataFrame:
    return load_table("china_cbec_figures")


@pytest.fixture(scope="module")
def problems() -> pd.DataFrame:
    return load_table("cbec_problems")


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return load_table("cbec_business_models")


@pytest.fixture(scope="module")
def stages() -> pd.DataFrame:
    return load_table("cbec_development_stages")


@pytest.fixture(scope="module")
def scale(fig: pd.DataFrame) -> growth.Reconciliation:
    return cn.scale_reconciliation(fig)


@pytest.fixture(scope="module")
def conflicts(fig: pd.DataFrame) -> pd.DataFrame:
    return cn.load_conflicts(fig)


@pytest.fixture(scope="module")
def trade_2018(fig: pd.DataFrame) -> pd.DataFrame:
    return cn.load_trade_2018(fig)


def _extra(figure_id: str, value: float, unit: str, year: int, source: str) -> dict:
    return {"figure_id": figure_id, "metric": cn.SCALE_METRIC, "value": value, "unit": unit,
            "period": str(year), "year": year, "geography": "China", "kind": "reported",
            "printed": f"{value}", "source": source, "locator": "test", "note": None}


def _with(fig: pd.DataFrame, *rows: dict) -> pd.DataFrame:
    extra = pd.DataFrame.from_records(list(rows)).astype(
        {c: fig[c].dtype for c in fig.columns})
    return pd.concat([fig, extra], ignore_index=True)


# ---- data tests ---------------------------------------------------------------------------

def test_figures_table_has_every_transcribed_row(fig: pd.DataFrame) -> None:
    assert len(fig) == 118
    assert set(fig["source"]) == {"xu_nd", "zhao2021", "gu2018"}
    assert (fig["geography"] == "China").all()


def test_printed_fragment_contains_each_scale_and_growth_value(fig: pd.DataFrame) -> None:
    rows = fig[fig["metric"].isin([cn.SCALE_METRIC, cn.GROWTH_METRIC])]
    for row in rows.itertuples():
        assert f"{row.value:g}" in row.printed, row.figure_id


def test_percentages_and_years_are_in_range(fig: pd.DataFrame) -> None:
    shares = fig[fig["unit"] == "percent"]
    assert shares["value"].between(-100, 400).all()
    years = fig["year"].dropna()
    assert years.between(1949, 2022).all()
    annual = fig[fig["period"].str.fullmatch(r"\d{4}")]
    assert (annual["period"].astype(int) == annual["year"]).all()


def test_every_conflict_the_chapter_discusses_is_in_the_data(fig: pd.DataFrame,
                                                             conflicts: pd.DataFrame) -> None:
    value = {fid: figures.value(fig, fid) for ids in conflicts["figure_ids"]
             for fid in ids.split()}
    assert value["gu-cbec-2016-value"] == 6 and value["gu-cbec-2016-import-value"] == 6.5
    assert value["xu-cbec-2018-value"] == value["zhao-cbec-2018-value"] == 9
    assert value["zhao-pilot-zones"] == 59 and value["xu-pilot-zones"] == 165
    assert value["zhao-private-share-2018-a"] == 50 and value["zhao-private-share-2018-b"] == 40
    for fid in ("gu-ecommerce-2016-value", "gu-double11-2016-value"):
        row = figures.figure(fig, fid)
        assert "US dollars" in row["unit"] and row["note"].startswith("GARBLED")
        assert "\\$" in row["printed"]
    for fid in ("gu-cbec-2015-value", "gu-cbec-2016-value"):
        assert figures.figure(fig, fid)["unit"] == "trillion"  # currency not printed
    # Gu's 2016 growth of 30% does not square with its 2015 level of 5.4
    assert figures.value(fig, "gu-cbec-2016-growth") == 30
    assert figures.value(fig, "gu-cbec-2015-value") == 5.4


def test_problems_cover_five_sources_by_six_obstacles(problems: pd.DataFrame) -> None:
    assert len(problems) == 30
    grid = problems.groupby(["source", "obstacle"]).size()
    assert (grid == 1).all() and len(grid) == 30
    assert set(problems["obstacle"]) == set(cn.OBSTACLE_LABELS)
    raised = problems[problems["raised"]]
    assert (raised["evidence"].str.len() > 0).all()
    assert not raised["locator"].str.startswith("not raised").any()
    silent = problems[~problems["raised"]]
    assert silent["locator"].str.startswith("not raised").all()


def test_models_include_both_classifications(models: pd.DataFrame) -> None:
    parties = set(models.loc[models["classification"] == "transaction_parties", "model"])
    assert {"B2B", "B2C", "C2C", "C2B"} <= parties
    entities = set(models.loc[models["classification"] == "operating_entity", "model"])
    assert entities == {"platform", "self-operated", "hybrid (platform + self-operated)"}


def test_zhaos_three_stages_are_contiguous(stages: pd.DataFrame) -> None:
    zhao = stages[stages["scheme"] == "china_cbec_zhao2021"].sort_values("stage")
    assert zhao["start_year"].tolist() == [1997, 2004, 2014]
    assert zhao["end_year"].tolist()[:2] == [2003, 2013] and pd.isna(zhao["end_year"].iloc[2])
    assert (zhao["start_year"].iloc[1:].to_numpy()
            == zhao["end_year"].iloc[:-1].to_numpy() + 1).all()


# ---- the reconciliation rule the chapter states is enforced ----------------------------

def test_the_rule_is_the_one_stated_in_the_text() -> None:
    assert cn.SCALE_RULE.priority == ("xu_nd", "zhao2021", "gu2018")
    assert dict(cn.SCALE_RULE.unit_factors) == {"trillion yuan": 1.0, "billion yuan": 0.001}
    assert cn.SCALE_RULE.annual_only
    assert "most recent publication" in cn.SCALE_RULE.reason


def test_reconciled_series_follows_the_rule(fig: pd.DataFrame,
                                            scale: growth.Reconciliation) -> None:
    assert growth.rule_violations(scale, fig) == []
    values = scale.values()
    assert values.to_dict() == pytest.approx(
        {2001: 0.1, 2014: 3.75, 2018: 9.0, 2019: 10.5, 2020: 12.5, 2021: 14.2, 2022: 15.7})
    row_2018 = scale.series.set_index("year").loc[2018]
    assert row_2018["figure_id"] == "xu-cbec-2018-value"
    assert row_2018["agreeing"] == "zhao-cbec-2018-value"
    excluded = set(scale.decisions.loc[scale.decisions["status"] == growth.EXCLUDED,
                                       "figure_id"])
    assert excluded == {"gu-cbec-2015-value", "gu-cbec-2015h1-value", "gu-cbec-2016-value"}
    used_units = set(fig.set_index("figure_id").loc[scale.series["figure_id"], "unit"])
    assert used_units <= set(cn.SCALE_RULE.unit_factors)


def test_a_newer_source_beats_an_older_one_for_the_same_year(fig: pd.DataFrame) -> None:
    extended = _with(fig, _extra("test-gu-2019", 11.0, "trillion yuan", 2019, "gu2018"),
                     _extra("test-zhao-2017", 8.0, "trillion yuan", 2017, "zhao2021"),
                     _extra("test-xu-2017", 8.5, "trillion", 2017, "xu_nd"))
    result = cn.scale_reconciliation(extended)
    series = result.series.set_index("year")
    assert series.loc[2019, "figure_id"] == "xu-cbec-2019-value"
    assert series.loc[2019, "conflicting"] == "test-gu-2019"
    # Xu's 2017 value has no currency, so Zhao's yuan value stands despite the priority
    assert series.loc[2017, "figure_id"] == "test-zhao-2017"
    assert growth.rule_violations(result, extended) == []
    reversed_rule = replace(cn.SCALE_RULE, priority=("gu2018", "zhao2021", "xu_nd"))
    reversed_result = cn.scale_reconciliation(extended, rule=reversed_rule)
    assert reversed_result.series.set_index("year").loc[2019, "figure_id"] == "test-gu-2019"


def test_relaxing_the_currency_rule_admits_gus_values(fig: pd.DataFrame) -> None:
    relaxed = replace(cn.SCALE_RULE,
                      unit_factors={**cn.SCALE_RULE.unit_factors, "trillion": 1.0})
    years = cn.scale_reconciliation(fig, rule=relaxed).values().index.tolist()
    assert years == [2001, 2014, 2015, 2016, 2018, 2019, 2020, 2021, 2022]


# ---- helpers ------------------------------------------------------------------------------

def test_decisions_table_lists_every_candidate(scale: growth.Reconciliation) -> None:
    table = cn.decisions_table(scale)
    assert len(table) == len(scale.decisions) == 11
    assert table.loc[table["figure id"] == "zhao-cbec-2001-value",
                     "value in trillion yuan"].iloc[0] == pytest.approx(0.1)
    assert set(table["decision"]) == {"chosen", "agrees", "excluded"}


def test_scale_points_mark_what_the_rule_uses(fig: pd.DataFrame,
                                              scale: growth.Reconciliation) -> None:
    points = cn.scale_points(fig, scale)
    raw = points[points["series"] != cn.RECONCILED].set_index("figure_id")
    assert raw.loc["gu-cbec-2016-import-value", "use"] == cn.NOT_USED
    assert "imports" in raw.loc["gu-cbec-2016-import-value", "decision"]
    assert raw.loc["zhao-cbec-2001-value", "value"] == pytest.approx(0.1)
    assert raw.loc["zhao-cbec-2018-value", "use"] == cn.NOT_USED  # agrees, but Xu is used
    assert raw.loc["xu-cbec-2018-value", "use"] == cn.USED
    reconciled = points[points["series"] == cn.RECONCILED]
    assert len(reconciled) == 7 and (reconciled["kind"] == "derived").all()


def test_stage_bands_are_clipped_and_open_ended(stages: pd.DataFrame) -> None:
    bands = cn.stage_bands(stages, 2000, 2022)
    assert bands["start"].tolist() == [1999.5, 2003.5, 2013.5]
    assert bands["end"].tolist() == [2003.5, 2013.5, 2022.5]
    assert bands["open_ended"].tolist() == [False, False, True]
    with pytest.raises(KeyError, match="nope"):
        cn.stage_bands(stages, 2000, 2022, scheme="nope")


def test_scale_chart_is_responsive_sourced_and_described(
        fig: pd.DataFrame, stages: pd.DataFrame, scale: growth.Reconciliation) -> None:
    points = cn.scale_points(fig, scale)
    spec = cn.scale_chart(points, cn.stage_bands(stages, 2000, 2022), "Source: test.").to_dict()
    assert spec["width"] == "container"
    assert spec["title"]["text"] == ["Source: test."]
    assert "2001 0.1; 2014 3.75" in spec["description"]
    assert "Gu (2018) 2015-H1 2 trillion yuan" in spec["description"]


def test_growth_points_combine_printed_and_derived_rates(
        fig: pd.DataFrame, scale: growth.Reconciliation) -> None:
    rates = cn.growth_points(fig, scale)
    reported = rates[rates["kind"] == "reported"]
    assert "gu-cbec-2015h1-growth" not in set(reported["figure_id"])  # half-year left out
    assert "gu-cbec-2016-import-growth" not in set(reported["figure_id"])
    span = reported[reported["mark"] == "span"].iloc[0]
    assert (span["year"], span["year_end"], span["growth_pct"]) == (2001, 2018, 30.3)
    derived = rates[rates["kind"] == "derived"].set_index(["year", "year_end"])
    assert derived.loc[(2001, 2014), "growth_pct"] == pytest.approx(
        ((3.75 / 0.1) ** (1 / 13) - 1) * 100)
    assert derived.loc[(2014, 2018), "mark"] == "span"
    assert derived.loc[(2019, 2019), "growth_pct"] == pytest.approx(50 / 3)
    assert derived.loc[(2022, 2022), "mark"] == "point"
    spec = cn.growth_chart(rates, "Source: t.").to_dict()
    assert spec["width"] == "container" and "Zhao (2021) 2001-2018 30.3%" in spec["description"]


def test_consistency_table_exposes_gus_contradictions(fig: pd.DataFrame) -> None:
    checks = cn.consistency_table(fig).set_index("level figure")
    gu_2015 = checks.loc["gu-cbec-2015-value"]
    assert gu_2015["implied level a period earlier (derived)"] == pytest.approx(5.4 / 1.286)
    assert gu_2015["printed level a period earlier"] == "3.75 trillion yuan (Gu (2018))"
    assert gu_2015["gap, % (derived)"] == pytest.approx(11.98)
    assert checks.loc["gu-cbec-2016-value", "gap, % (derived)"] == pytest.approx(-14.53)
    assert checks.loc["gu-cbec-2016-import-value", "printed level"].endswith("(imports)")
    h1 = checks.loc["gu-cbec-2015h1-value"]
    assert h1["printed level a period earlier"] == "—" and pd.isna(h1["gap, % (derived)"])
    xu = checks[checks["source"] == "Xu (n.d.)"]["gap, % (derived)"].dropna()
    assert len(xu) == 4 and (xu.abs() <= 0.01).all()


def test_conflicts_table_sets_groups_side_by_side(fig: pd.DataFrame,
                                                  conflicts: pd.DataFrame) -> None:
    table = cn.conflicts_table(conflicts, fig)
    assert list(table.columns) == ["issue", "figure id", "source", "period",
                                   "value as printed", "printed"]
    assert len(table) == sum(len(ids.split()) for ids in conflicts["figure_ids"])
    assert table["issue"].iloc[0] == conflicts["topic"].iloc[0]  # file order
    row = table.set_index("figure id").loc["gu-cbec-2016-import-value"]
    assert row["value as printed"] == "6.5 trillion yuan"
    assert row["source"].startswith("Gu (2018), §4.1")
    missing = pd.DataFrame({"topic": ["x"], "figure_ids": ["missing-id"]})
    with pytest.raises(KeyError, match="missing-id"):
        cn.conflicts_table(missing, fig)


def test_penetration_table(fig: pd.DataFrame, scale: growth.Reconciliation) -> None:
    table = cn.penetration_table(fig, scale).set_index("period")
    assert table.loc["2014", "import-export value (trillion yuan)"] == pytest.approx(
        3.75 / 0.142)
    assert table.loc["2015-H1", "CBEC share of import-export, %"] == 17.3
    assert table.loc["2018", "CBEC share of import-export, %"] == pytest.approx(9 / 30.5 * 100)
    assert table.loc["2018", "share is"].startswith("derived")


def test_derived_shares_and_totals(fig: pd.DataFrame, trade_2018: pd.DataFrame) -> None:
    assert cn.investment_share(fig) == pytest.approx(21.472 / 193.381 * 100)
    assert cn.service_share_check(fig) == pytest.approx(5.24 / 35.74 * 100)
    assert round(cn.service_share_check(fig), 1) == figures.value(
        fig, "zhao-service-trade-2018-share")
    assert cn.ownership_ids(trade_2018) == ("zhao-foreign-funded-share-2018",
                                            "zhao-private-share-2018-b", "zhao-soe-share-2018")
    assert cn.ownership_total(fig, cn.ownership_ids(trade_2018)) == pytest.approx(100.0)
    assert cn.ownership_total(fig, ("zhao-private-share-2018-a", "zhao-soe-share-2018",
                                     "zhao-foreign-funded-share-2018")) > 100


def test_pilot_zone_counts_date_zhaos_count() -> None:
    counts = cn.pilot_zone_counts(load_table("cbec_pilot_batches"))
    assert counts["cumulative cities (derived)"].tolist() == [1, 13, 35, 59, 105, 132]
    match = cn.batch_reaching(counts, 59)
    assert (match["batch"], match["approval_month"]) == (4, "2019-12")
    assert cn.batch_reaching(counts, 165) is None


def test_pilot_zone_chart(fig: pd.DataFrame) -> None:
    bars = cn.pilot_zone_bars(cn.pilot_zone_counts(load_table("cbec_pilot_batches")))
    assert bars["batch_label"].iloc[3] == "4 (2019-12)" and bars["cumulative"].iloc[3] == 59
    printed = cn.pilot_zone_printed(fig)
    assert printed["series"].tolist() == ["Zhao (2021): printed count", "Xu (n.d.): printed count"]
    spec = cn.pilot_zone_chart(bars, printed, "Source: t.").to_dict()
    assert spec["width"] == "container"
    assert "batch 4 (2019-12) 59" in spec["description"]
    assert "Zhao (2021) 59; Xu (n.d.) 165" in spec["description"]


def test_trade_structure_2018(fig: pd.DataFrame, trade_2018: pd.DataFrame) -> None:
    rows = cn.trade_structure_2018(fig, trade_2018).set_index("figure_id")
    assert len(rows) == len(trade_2018) == 10
    assert list(rows.index) == list(trade_2018["figure_ids"])  # the registry's order
    assert rows.loc["zhao-hightech-export-share-2018", "precision"] == "lower bound"
    assert rows.loc["zhao-hightech-export-share-2018", "text"] == "> 30"
    assert rows.loc["zhao-soe-share-2018", "text"] == "17.4"
    not_a_share = trade_2018.head(1).assign(figure_ids="zhao-foreign-trade-2018-rmb")
    with pytest.raises(ValueError, match="percentage"):
        cn.trade_structure_2018(fig, not_a_share)
    spec = cn.trade_structure_chart(cn.trade_structure_2018(fig, trade_2018),
                                    "Source: t.").to_dict()
    assert "Exports: high-tech: > 30 (lower bound)" in spec["description"]


def test_problems_matrix_counts_and_chart(problems: pd.DataFrame) -> None:
    matrix = cn.problems_matrix(problems)
    assert matrix["source"].iloc[0] == "xu_nd" and matrix["obstacle"].iloc[0] == "logistics"
    assert set(matrix["mark"]) == {"✓", "–"}
    counts = cn.obstacle_counts(problems)
    assert counts.to_dict() == {"logistics": 5, "payment_security": 4, "credit_ip": 3,
                                "talent": 4, "regional_imbalance": 4, "policy_customs": 4}
    assert cn.obstacles_raised_by_all(problems) == ["Logistics"]
    spec = cn.problems_chart(matrix, cn.problems_source(problems)).to_dict()
    assert "Song (2020) raises: Logistics, Payment security" in spec["description"]
    bad = problems.copy()
    bad["obstacle"] = bad["obstacle"].astype(object)
    bad.loc[0, "obstacle"] = "weather"
    with pytest.raises(KeyError, match="weather"):
        cn.problems_matrix(bad)


def test_problems_locator_table_and_source_line(problems: pd.DataFrame) -> None:
    table = cn.problems_locator_table(cn.problems_matrix(problems)).set_index("obstacle")
    assert table.shape == (6, 5)
    assert table.loc["Talent", "Song (2020)"] == "not raised"
    assert table.loc["Logistics", "Song (2020)"] == "§4.2"
    line = cn.problems_source(problems)
    assert all(cn.source_label(s) in line for s in cn.SOURCE_ORDER)


def test_models_table(models: pd.DataFrame) -> None:
    table = cn.models_table(models).set_index("model")
    assert len(table) == 12
    assert table.loc["hybrid (platform + self-operated)",
                     "example companies named"] == "Gu (2018): JD.com"
    assert table.loc["B2B", "what it is"].startswith("Cross-border online wholesale")  # Zhao
    assert table.loc["C2B", "defined in"] == "Gu (2018) §1.1 (future trend 1)"
    assert table.loc["B2G", "example companies named"] == "—"
    order = cn.models_table(models)["classified by"].tolist()
    assert order.index("business scope") > max(
        i for i, c in enumerate(order) if c == "operating entity")


def test_stages_table(stages: pd.DataFrame) -> None:
    table = cn.stages_table(stages)
    assert table["years"].tolist() == ["1997–2003", "2004–2013", "2014–open-ended"]
    assert table["where"].unique().tolist() == ["Zhao (2021) §2.1 A"]
    gu = cn.stages_table(stages, scheme="china_ecommerce_gu2018")
    assert gu["years"].iloc[0] == "1997–open-ended" and gu["years"].iloc[1] == "?–open-ended"
    with pytest.raises(KeyError):
        cn.stages_table(stages, scheme="nope")


def test_source_label_names_the_source() -> None:
    assert cn.source_label("song2020") == "Song (2020)"
    assert cn.source_label("xu_nd") == "Xu (n.d.)"


# ---- registries ---------------------------------------------------------------------------

def test_registries_hold_the_chapters_groups_and_bars(conflicts: pd.DataFrame,
                                                     trade_2018: pd.DataFrame) -> None:
    assert conflicts["conflict_id"].str.startswith("cn-").all()
    assert conflicts["reading"].notna().all()
    two_texts = conflicts.set_index("conflict_id").loc["cn-pilot-zones"]
    assert two_texts["source"].split() == ["zhao2021", "xu_nd"]
    assert (trade_2018["source"] == "zhao2021").all()
    lower = trade_2018.loc[trade_2018["precision"] == "lower bound", "figure_ids"]
    assert set(lower) == {"zhao-private-share-2018-a", "zhao-hightech-export-share-2018"}


@pytest.mark.parametrize(("load", "name", "column", "value"), [
    (cn.load_conflicts, "china_cbec_conflicts", "figure_ids", "gu-cbec-2016-value gu-no-such"),
    (cn.load_trade_2018, "china_cbec_trade_2018", "figure_ids", "zhao-no-such-share"),
])
def test_an_unknown_id_in_a_registry_names_file_column_and_row(
        fig: pd.DataFrame, data_copy: Path, load, name: str, column: str, value: str) -> None:
    edit_cell(data_copy, name, 4, column, value)  # line 4: the third data row
    with pytest.raises(DataPackageError, match=rf"column '{column}', row 4: .*no-such") as error:
        load(fig, data_copy)
    assert resource_descriptor(name)["path"] in str(error.value)


# ---- the numbers glued into the text --------------------------------------------------------

@pytest.fixture(scope="module")
def numbers(fig: pd.DataFrame, problems: pd.DataFrame,
            trade_2018: pd.DataFrame) -> dict[str, object]:
    return cn.numbers(fig, problems, load_table("cbec_pilot_batches"), trade_2018)


def test_numbers_are_every_number_the_text_glues(numbers: dict[str, object]) -> None:
    text = NOTEBOOK_TWIN.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue:(?:text|md)\}`([a-z0-9_]+)", text))
    assert used <= set(numbers), used - set(numbers)
    # glued but not quoted: the prose relies on Xu's count matching no batch
    assert set(numbers) - used == {"cn_xu_matches"}


def test_numbers_by_hand(numbers: dict[str, object]) -> None:
    assert numbers["cn_n_figures"] == 118 and numbers["cn_n_reconciled"] == 7
    assert (numbers["cn_first_year"], numbers["cn_last_year"]) == (2001, 2022)
    assert numbers["cn_n_excluded"] == 3
    assert numbers["cn_implied_2014"] == pytest.approx(5.4 / 1.286)
    assert numbers["cn_gap_2014_2018"] == pytest.approx(((9 / 3.75) ** (1 / 4) - 1) * 100)
    assert numbers["cn_cagr_2018_2022"] == pytest.approx(((15.7 / 9) ** (1 / 4) - 1) * 100)
    assert numbers["cn_ratio_2018"] == pytest.approx(9 / 30.5 * 100)
    assert numbers["cn_zhao_batch"] == 4 and numbers["cn_zhao_month"].data == "2019-12"
    assert numbers["cn_max_recorded"] == 132 and numbers["cn_xu_matches"] is False
    assert numbers["cn_ownership_total"] == pytest.approx(100.0)
    assert numbers["cn_firms_not_selling"] == pytest.approx(
        100 - numbers["cn_firms_selling"])
    assert numbers["cn_all_sources"].data == "logistics"
    assert (numbers["cn_n_sources"], numbers["cn_n_obstacles"]) == (5, 6)
    assert (numbers["cn_n_payment"], numbers["cn_n_credit"], numbers["cn_song_raised"]) == (
        4, 3, 2)


def test_numbers_refuse_what_the_prose_could_no_longer_say(
        fig: pd.DataFrame, problems: pd.DataFrame, trade_2018: pd.DataFrame) -> None:
    batches = load_table("cbec_pilot_batches")
    fewer = problems.copy()
    fewer.loc[(fewer["source"] == "xu_nd") & (fewer["obstacle"] == "talent"), "raised"] = False
    with pytest.raises(ValueError, match="talent"):
        cn.numbers(fig, fewer, batches, trade_2018)
    misplaced = fig.copy()
    misplaced.loc[misplaced["figure_id"] == "zhao-pilot-zones", "value"] = 60.0
    with pytest.raises(ValueError, match="no batch"):
        cn.numbers(misplaced, problems, batches, trade_2018)
