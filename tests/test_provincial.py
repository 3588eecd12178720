"""The provincial panel: readers of each raw layout, the coding rules, and loud failures."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import rehash

from cbec.data import DataPackageError, load_table, provincial


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return load_table("provincial_panel")


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return load_table("provinces")


def test_panel_is_30_provinces_by_8_years_without_gaps(panel: pd.DataFrame) -> None:
    assert len(panel) == 240
    assert panel["province_en"].nunique() == 30
    assert "Tibet" not in set(panel["province_en"])
    assert sorted(panel["year"].unique()) == list(range(2014, 2022))
    assert not panel.drop(columns="first_pilot_year").isna().any().any()


def test_region_sizes_match_xus_table_4_design(panel: pd.DataFrame) -> None:
    observations = panel.groupby("region").size().to_dict()
    assert observations == {"East": 80, "Central": 48, "West": 88, "Northeast": 24}


def test_derived_columns_follow_their_definitions(panel: pd.DataFrame) -> None:
    row = panel[(panel["province_en"] == "Heilongjiang") & (panel["year"] == 2019)].iloc[0]
    assert row["urbanisation_pct"] == pytest.approx(
        row["urban_pop_10k"] / row["resident_pop_10k"] * 100)
    assert row["railway_density_km_per_km2"] == pytest.approx(
        row["railway_length_10k_km"] * 10_000 / row["land_area_km2"])
    assert row["ci_proxy_100m_yuan"] == pytest.approx(
        row["va_wholesale_retail_100m_yuan"] + row["va_transport_storage_post_100m_yuan"]
        + row["va_accommodation_catering_100m_yuan"])
    assert row["ln_gdp"] == pytest.approx(__import__("math").log(row["gdp_100m_yuan"]))


@pytest.mark.parametrize(("month", "rule", "year"), [
    ("2015-03", "half_year", 2015), ("2018-07", "half_year", 2019),
    ("2019-12", "half_year", 2020), ("2020-04", "half_year", 2020),
    ("2018-07", "approval_year", 2018), ("2015-03", "next_year", 2016),
])
def test_pilot_zone_in_force_rules(month: str, rule: provincial.PilotRule, year: int) -> None:
    assert provincial.in_force_year(month, rule) == year


def test_in_force_year_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="month out of range"):
        provincial.in_force_year("2019-13")
    with pytest.raises(ValueError, match="unknown rule"):
        provincial.in_force_year("2019-05", "whenever")  # type: ignore[arg-type]


def test_policy_exposure_on_a_small_example() -> None:
    cities = pd.DataFrame({"province_en": ["A", "A", "B"],
                           "in_force_year": pd.array([2016, 2019, 2020], dtype="Int64")})
    ftz = pd.DataFrame({"province_en": ["B"], "ftz_approval_year": [2017]})
    out = provincial.policy_exposure(cities, ftz, ["A", "B", "C"], range(2015, 2021))
    a = out[out["province_en"] == "A"].set_index("year")
    assert a["pilot_cities_in_force"].tolist() == [0, 1, 1, 1, 2, 2]
    assert a["years_since_first_pilot"].tolist() == [0, 1, 2, 3, 4, 5]
    b = out[out["province_en"] == "B"].set_index("year")
    assert b["ftz_in_force"].tolist() == [0, 0, 1, 1, 1, 1]
    assert b.loc[2020, "first_pilot_year"] == 2020
    c = out[out["province_en"] == "C"]
    assert c["first_pilot_year"].isna().all() and (c["pilot_cities_in_force"] == 0).all()


def test_pilot_zone_cities_counts_by_batch() -> None:
    cities = provincial.pilot_zone_cities()
    assert cities.groupby("batch").size().to_dict() == {1: 1, 2: 12, 3: 22, 4: 24, 5: 46,
                                                        6: 27}
    harbin = cities[cities["city"] == "Harbin"].iloc[0]
    assert (harbin["province_en"], harbin["in_force_year"]) == ("Heilongjiang", 2019)


def test_every_province_has_a_pilot_zone_by_2020(panel: pd.DataFrame) -> None:
    first = panel.drop_duplicates("province_en")["first_pilot_year"]
    assert first.notna().all() and first.max() == 2020


def test_nbs_reader_names_an_unknown_region(data_copy: Path, provinces: pd.DataFrame) -> None:
    path = data_copy / "raw/provincial/nbs-provincial-annual/gdp_100m_yuan_2011-2022.csv"
    text = path.read_text(encoding="utf-8-sig").replace("河北省,", "河北,", 1)
    path.write_text(text, encoding="utf-8")
    rehash(data_copy, "nbs_gdp")
    with pytest.raises(DataPackageError, match="unknown region '河北'") as error:
        provincial.read_nbs_wide("nbs_gdp", provinces, data_copy)
    assert error.value.column == "地区" and error.value.row == 6


def test_nbs_reader_names_a_non_numeric_cell(data_copy: Path, provinces: pd.DataFrame) -> None:
    path = data_copy / "raw/provincial/nbs-provincial-annual/gdp_100m_yuan_2011-2022.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[2] = "x45"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rehash(data_copy, "nbs_gdp")
    with pytest.raises(DataPackageError, match="expected a number, found 'x45'") as error:
        provincial.read_nbs_wide("nbs_gdp", provinces, data_copy)
    assert (error.value.column, error.value.row) == ("2021年", 4)


def test_nbs_reader_reports_a_missing_province(data_copy: Path,
                                               provinces: pd.DataFrame) -> None:
    path = data_copy / "raw/provincial/nbs-provincial-annual/gdp_100m_yuan_2011-2022.csv"
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines()
             if not line.startswith("海南省")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rehash(data_copy, "nbs_gdp")
    with pytest.raises(DataPackageError, match="missing from the file: 海南省"):
        provincial.read_nbs_wide("nbs_gdp", provinces, data_copy)


def test_sector_json_reader_names_the_bad_record(data_copy: Path,
                                                provinces: pd.DataFrame) -> None:
    path = data_copy / "raw/provincial/nbs-sector-value-added/va_wholesale_retail.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    records[4]["value"] = -1.0
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    rehash(data_copy, "nbs_va_wholesale_retail")
    with pytest.raises(DataPackageError, match="negative value added") as error:
        provincial.read_nbs_sector_json("nbs_va_wholesale_retail", provinces, data_copy)
    assert (error.value.column, error.value.row) == ("value", 5)


def test_raw_file_changed_without_rehash_is_refused(data_copy: Path,
                                                   provinces: pd.DataFrame) -> None:
    path = data_copy / "raw/provincial/railway/merged_provincial_data.json"
    path.write_text(path.read_text(encoding="utf-8").replace("0.03", "0.04", 1),
                    encoding="utf-8")
    with pytest.raises(DataPackageError, match="sha256 mismatch"):
        provincial.read_railway_length(provinces, data_copy)


def test_digital_finance_and_college_readers_cover_the_panel(provinces: pd.DataFrame) -> None:
    finance = provincial.read_digital_finance(provinces)
    college = provincial.read_college_students(provinces)
    assert finance["province_en"].nunique() == 30
    assert set(college["year"]) == set(provincial.YEARS)
    assert (finance["value"] > 0).all() and (college["value"] > 0).all()


def test_panel_build_names_a_missing_cell(data_copy: Path) -> None:
    path = (data_copy / "raw/provincial/pku-digital-finance"
            / "provincial_panel_with_digital_finance_2011-2022.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in lines if not line.startswith("上海,2016,")]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    rehash(data_copy, "pku_digital_finance_panel")
    with pytest.raises(DataPackageError, match="no value for Shanghai 2016") as error:
        provincial.build_provincial_panel(data_copy)
    assert error.value.column == "digital_finance"
