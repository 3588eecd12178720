"""Build the 30-province x 2014-2021 panel for the regression chapter from the raw files.

The raw files (``data/raw/provincial/``) come in four shapes: NBS wide CSV exports with two
title lines and footnote rows, NBS sector value added as JSON records, a nested JSON of
transport statistics, and clean CSVs. Each reader checks what it parses and raises
:class:`~cbec.data.DataPackageError` naming the file, column and row of the first problem.

Coding rules (stated in the regression chapter and tested):

* **Urbanisation** = year-end urban population / year-end resident population x 100.
* **Railway density** = railway length in operation (10,000 km x 10,000) / land area, km/km².
* **Circulation-industry proxy** = value added of wholesale & retail + transport, storage &
  post + accommodation & catering (100 million yuan, 2023-yearbook vintage).
* **Pilot zones in force**: a CBEC comprehensive pilot zone approved in month *m* of year *t*
  counts from year *t* when *m* <= 6 and from *t* + 1 otherwise (``"half_year"`` rule); the
  alternatives ``"approval_year"`` and ``"next_year"`` are available for robustness checks.
* **Pilot free-trade zone in force** from its approval year (only the year is recorded).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Literal

import pandas as pd

from cbec.data import DataPackageError, check_hash, load_table, resource_descriptor

YEARS = range(2014, 2022)
EXCLUDED_PROVINCES = ("Tibet",)
PilotRule = Literal["half_year", "approval_year", "next_year"]

_SECTOR_RESOURCES = {
    "va_wholesale_retail_100m_yuan": "nbs_va_wholesale_retail",
    "va_transport_storage_post_100m_yuan": "nbs_va_transport_storage_post",
    "va_accommodation_catering_100m_yuan": "nbs_va_accommodation_catering",
    "gdp_2023_vintage_100m_yuan": "nbs_gdp_2023_vintage",
}
RAILWAY_KEY = "铁路营业里程(万公里)"
YEAR_KEY = "年份"


def _raw_path(name: str, data_dir: Path | None) -> tuple[Path, str]:
    """Return the absolute and package-relative path of raw resource ``name`` (hash-checked)."""
    from cbec.data.paths import data_dir as default_data_dir

    base = Path(data_dir) if data_dir is not None else default_data_dir()
    check_hash(name, base)
    rel = resource_descriptor(name, base)["path"]
    return base / rel, rel


def _number(text: str, rel: str, column: str, row: int) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise DataPackageError(rel, f"expected a number, found {text!r}", column, row) from None
    if not math.isfinite(value):
        raise DataPackageError(rel, f"expected a finite number, found {text!r}", column, row)
    return value


def read_nbs_wide(name: str, provinces: pd.DataFrame,
                  data_dir: Path | None = None) -> pd.DataFrame:
    """Read an NBS "annual by province" CSV export into long form (province_en, year, value).

    The export has two title lines, a header ``地区,2022年,…``, one row per province and
    footnote rows (``注``, ``数``…) that are skipped. Every province must appear exactly once
    with a number for every year.
    """
    path, rel = _raw_path(name, data_dir)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header_line = next((i for i, line in enumerate(lines) if line.startswith("地区,")), None)
    if header_line is None:
        raise DataPackageError(rel, "no header line starting with '地区,' found", row=1)
    header = lines[header_line].split(",")
    years: list[int] = []
    for position, label in enumerate(header[1:], start=1):
        if not (label.endswith("年") and label[:-1].isdigit()):
            raise DataPackageError(rel, f"header cell {label!r} is not a year like '2021年'",
                                   column=f"#{position + 1}", row=header_line + 1)
        years.append(int(label[:-1]))
    by_name = dict(zip(provinces["nbs_name"], provinces["province_en"], strict=True))
    records: list[dict[str, object]] = []
    seen: set[str] = set()
    for index in range(header_line + 1, len(lines)):
        row_number = index + 1
        cells = lines[index].split(",")
        name_cell = cells[0].strip()
        if name_cell not in by_name:
            if all(cell.strip() == "" for cell in cells[1:]):
                continue  # footnote rows such as "注" or "数据来源"
            raise DataPackageError(rel, f"unknown region {name_cell!r}", "地区", row_number)
        if name_cell in seen:
            raise DataPackageError(rel, f"region {name_cell!r} appears twice", "地区", row_number)
        seen.add(name_cell)
        if len(cells) != len(header):
            raise DataPackageError(rel, f"{len(cells)} cells, header has {len(header)}",
                                   row=row_number)
        for year, label, cell in zip(years, header[1:], cells[1:], strict=True):
            records.append({"province_en": by_name[name_cell], "year": year,
                            "value": _number(cell, rel, label, row_number)})
    missing = sorted(set(by_name) - seen)
    if missing:
        raise DataPackageError(rel, f"regions missing from the file: {', '.join(missing)}",
                               "地区")
    return pd.DataFrame.from_records(records)


def read_nbs_sector_json(name: str, provinces: pd.DataFrame,
                         data_dir: Path | None = None) -> pd.DataFrame:
    """Read NBS sector value added stored as JSON records ``{region, year, value, name}``."""
    path, rel = _raw_path(name, data_dir)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataPackageError(rel, f"not valid JSON ({error.msg})", row=error.lineno) from None
    if not isinstance(records, list):
        raise DataPackageError(rel, "expected a JSON list of records")
    by_name = dict(zip(provinces["nbs_name"], provinces["province_en"], strict=True))
    rows: list[dict[str, object]] = []
    for number, record in enumerate(records, start=1):
        for key in ("region", "year", "value"):
            if not isinstance(record, dict) or key not in record:
                raise DataPackageError(rel, f"record has no {key!r}", key, number)
        if record["region"] not in by_name:
            raise DataPackageError(rel, f"unknown region {record['region']!r}", "region", number)
        year = _number(record["year"], rel, "year", number)
        value = _number(record["value"], rel, "value", number)
        if value < 0:
            raise DataPackageError(rel, f"negative value added {value}", "value", number)
        rows.append({"province_en": by_name[record["region"]], "year": int(year),
                     "value": value})
    frame = pd.DataFrame.from_records(rows)
    duplicated = frame.duplicated(["province_en", "year"])
    if duplicated.any():
        first = int(duplicated.to_numpy().argmax()) + 1
        raise DataPackageError(rel, "duplicate region-year record", "region", first)
    return frame


def read_railway_length(provinces: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """Railway length in operation (10,000 km) by province and year from the nested JSON."""
    path, rel = _raw_path("nbs_transport_by_province", data_dir)
    data = json.loads(path.read_text(encoding="utf-8"))
    by_name = dict(zip(provinces["nbs_name"], provinces["province_en"], strict=True))
    rows: list[dict[str, object]] = []
    for region, entries in data.items():
        if region not in by_name:
            raise DataPackageError(rel, f"unknown region {region!r}", "region")
        for number, entry in enumerate(entries, start=1):
            if entry.get(RAILWAY_KEY) is None or YEAR_KEY not in entry:
                continue  # years without a railway figure are reported by the panel check
            where = f"{region}[{number}]"
            rows.append({
                "province_en": by_name[region],
                "year": int(_number(entry[YEAR_KEY], rel, f"{where}.{YEAR_KEY}", number)),
                "value": _number(entry[RAILWAY_KEY], rel, f"{where}.{RAILWAY_KEY}", number),
            })
    return pd.DataFrame.from_records(rows)


def read_digital_finance(provinces: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """PKU Digital Financial Inclusion Index (column ``digital_finance``) by province-year."""
    path, rel = _raw_path("pku_digital_finance_panel", data_dir)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in ("province", "year", "digital_finance"):
        if column not in frame.columns:
            raise DataPackageError(rel, "required column missing", column, 1)
    by_short = dict(zip(provinces["province_zh"], provinces["province_en"], strict=True))
    rows = []
    for index, record in frame.iterrows():
        line = int(index) + 2  # header is line 1
        if record["province"] not in by_short:
            raise DataPackageError(rel, f"unknown province {record['province']!r}", "province",
                                   line)
        rows.append({
            "province_en": by_short[record["province"]],
            "year": int(_number(record["year"], rel, "year", line)),
            "value": _number(record["digital_finance"], rel, "digital_finance", line),
        })
    return pd.DataFrame.from_records(rows)


def read_college_students(provinces: pd.DataFrame, data_dir: Path | None = None) -> pd.DataFrame:
    """Higher-education students per 100,000 people (column ``HESP``) by province-year."""
    path, rel = _raw_path("college_students_panel", data_dir)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in ("REGION", "YEAR", "HESP"):
        if column not in frame.columns:
            raise DataPackageError(rel, "required column missing", column, 1)
    by_short = dict(zip(provinces["province_zh"], provinces["province_en"], strict=True))
    rows = []
    for index, record in frame.iterrows():
        line = int(index) + 2
        year = int(_number(record["YEAR"], rel, "YEAR", line))
        if year not in YEARS:
            continue
        if record["REGION"] not in by_short:
            raise DataPackageError(rel, f"unknown province {record['REGION']!r}", "REGION", line)
        rows.append({"province_en": by_short[record["REGION"]], "year": year,
                     "value": _number(record["HESP"], rel, "HESP", line)})
    return pd.DataFrame.from_records(rows)


def in_force_year(approval_month: str, rule: PilotRule = "half_year") -> int:
    """First calendar year in which a zone approved in ``approval_month`` (YYYY-MM) counts."""
    year_text, _, month_text = approval_month.partition("-")
    year, month = int(year_text), int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range in {approval_month!r}")
    if rule == "approval_year":
        return year
    if rule == "next_year":
        return year + 1
    if rule == "half_year":
        return year if month <= 6 else year + 1
    raise ValueError(f"unknown rule {rule!r}")


def pilot_zone_cities(data_dir: Path | None = None,
                      rule: PilotRule = "half_year") -> pd.DataFrame:
    """One row per CBEC comprehensive pilot-zone city: batch, city, province, year in force.

    Batches 1-4 come from the English list (its batch-5 placeholder row without a city is
    skipped; batch 5 comes from the State Council list); province names of batches 5-6 are
    mapped from Chinese to English with the province reference table.
    """
    provinces = load_table("provinces", data_dir)
    batches = load_table("cbec_pilot_batches", data_dir)
    early = load_table("cbec_pilot_zones_batches_1_4", data_dir)
    late = load_table("cbec_pilot_zones_batches_5_6", data_dir)
    early = early[early["city_en"].notna()]
    by_short = dict(zip(provinces["province_zh"], provinces["province_en"], strict=True))
    rel_late = resource_descriptor("cbec_pilot_zones_batches_5_6", data_dir)["path"]
    unknown = ~late["province_zh"].isin(list(by_short))
    if unknown.any():
        line = int(unknown.to_numpy().argmax()) + 2
        raise DataPackageError(rel_late, "province not in the reference table", "province_zh",
                               line)
    late_cities = pd.DataFrame({
        "batch": late["batch"],
        "city": late["city_zh"],
        "province_en": late["province_zh"].map(by_short),
    })
    early_cities = pd.DataFrame({"batch": early["batch"], "city": early["city_en"],
                                 "province_en": early["province_en"]})
    cities = pd.concat([early_cities, late_cities], ignore_index=True)
    month = dict(zip(batches["batch"], batches["approval_month"], strict=True))
    cities["approval_month"] = cities["batch"].map(month).astype("string")
    cities["in_force_year"] = [in_force_year(m, rule) for m in cities["approval_month"]]
    counts = cities.groupby("batch").size()
    expected = dict(zip(batches["batch"], batches["cities"], strict=True))
    for batch, count in counts.items():
        if count != expected[batch]:
            raise DataPackageError("raw/reference/cbec_pilot_batches.csv",
                                   f"batch {batch} lists {count} cities, reference says "
                                   f"{expected[batch]}", "cities")
    cities["in_force_year"] = cities["in_force_year"].astype("Int64")
    return cities.sort_values(["batch", "province_en", "city"], kind="stable").reset_index(
        drop=True)


def policy_exposure(cities: pd.DataFrame, ftz: pd.DataFrame, provinces: list[str],
                    years: range = YEARS, ftz_lag: int = 0) -> pd.DataFrame:
    """Province-year CBEC policy exposure coded from the pilot-zone and FTZ lists.

    Returns ``pilot_cities_in_force`` (number of pilot-zone cities counting that year),
    ``ftz_in_force`` (1 once the province's pilot FTZ counts, approval year + ``ftz_lag``),
    ``first_pilot_year`` (first year any of its cities counts; ``<NA>`` if none) and
    ``years_since_first_pilot`` (0 before the first pilot year, then 1, 2, ...).
    """
    first_pilot = cities.groupby("province_en")["in_force_year"].min()
    ftz_year = dict(zip(ftz["province_en"], ftz["ftz_approval_year"], strict=True))
    rows = []
    for province in provinces:
        own = cities.loc[cities["province_en"] == province, "in_force_year"]
        first = first_pilot.get(province, pd.NA)
        for year in years:
            approved_ftz = ftz_year.get(province)
            rows.append({
                "province_en": province,
                "year": year,
                "pilot_cities_in_force": int((own <= year).sum()),
                "ftz_in_force": int(approved_ftz is not None and year >= approved_ftz + ftz_lag),
                "first_pilot_year": first,
                "years_since_first_pilot": 0 if pd.isna(first) or year < first
                else int(year - first + 1),
            })
    frame = pd.DataFrame.from_records(rows)
    frame["first_pilot_year"] = frame["first_pilot_year"].astype("Int64")
    return frame


def build_provincial_panel(data_dir: Path | None = None,
                           rule: PilotRule = "half_year") -> pd.DataFrame:
    """Assemble the 30 x 8 panel (Tibet excluded) with Xu's controls, the CI proxy and policy
    exposure; raise if any cell of the panel is missing."""
    provinces = load_table("provinces", data_dir)
    land = load_table("land_area", data_dir)
    ftz = load_table("pilot_free_trade_zones", data_dir)
    keep = provinces[~provinces["province_en"].isin(EXCLUDED_PROVINCES)]
    names = list(keep["province_en"])
    grid = pd.MultiIndex.from_product([names, list(YEARS)], names=["province_en", "year"])
    panel = pd.DataFrame(index=grid).reset_index()
    panel = panel.merge(keep[["province_en", "province_zh", "region"]], on="province_en")

    def attach(frame: pd.DataFrame, column: str) -> None:
        nonlocal panel
        frame = frame[frame["year"].isin(YEARS)].rename(columns={"value": column})
        panel = panel.merge(frame[["province_en", "year", column]], on=["province_en", "year"],
                            how="left")

    attach(read_nbs_wide("nbs_gdp", provinces, data_dir), "gdp_100m_yuan")
    attach(read_nbs_wide("nbs_urban_population", provinces, data_dir), "urban_pop_10k")
    attach(read_nbs_wide("nbs_resident_population", provinces, data_dir), "resident_pop_10k")
    attach(read_digital_finance(provinces, data_dir), "digital_finance")
    attach(read_college_students(provinces, data_dir), "college_students_per_100k")
    attach(read_railway_length(provinces, data_dir), "railway_length_10k_km")
    for column, resource in _SECTOR_RESOURCES.items():
        attach(read_nbs_sector_json(resource, provinces, data_dir), column)
    panel = panel.merge(land[["province_en", "area_km2"]].rename(
        columns={"area_km2": "land_area_km2"}), on="province_en", how="left")

    panel["ln_gdp"] = panel["gdp_100m_yuan"].map(math.log)
    panel["urbanisation_pct"] = panel["urban_pop_10k"] / panel["resident_pop_10k"] * 100
    panel["ln_college_students"] = panel["college_students_per_100k"].map(math.log)
    panel["railway_density_km_per_km2"] = (
        panel["railway_length_10k_km"] * 10_000 / panel["land_area_km2"])
    panel["ci_proxy_100m_yuan"] = (panel["va_wholesale_retail_100m_yuan"]
                                   + panel["va_transport_storage_post_100m_yuan"]
                                   + panel["va_accommodation_catering_100m_yuan"])
    panel["ci_proxy_trillion_yuan"] = panel["ci_proxy_100m_yuan"] / 10_000
    panel["ci_proxy_share_of_gdp_pct"] = (panel["ci_proxy_100m_yuan"]
                                          / panel["gdp_2023_vintage_100m_yuan"] * 100)

    exposure = policy_exposure(pilot_zone_cities(data_dir, rule), ftz, names)
    panel = panel.merge(exposure, on=["province_en", "year"], how="left")
    required = [c for c in panel.columns if c != "first_pilot_year"]
    gaps = panel[required].isna()
    if gaps.any().any():
        row, column = next((r, c) for r, c in zip(*gaps.to_numpy().nonzero(), strict=True))
        where = panel.iloc[row]
        raise DataPackageError(
            "data/processed/provincial_panel.csv",
            f"no value for {where['province_en']} {where['year']} after merging raw files",
            required[column])
    return panel.sort_values(["province_en", "year"], kind="stable").reset_index(drop=True)
