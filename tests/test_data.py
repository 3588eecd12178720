"""The data package loads, validates, and fails loudly — naming file, column and row — on
every kind of corruption, tried on broken copies (the real files are never touched)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from conftest import rehash

from cbec import data
from cbec.data import DataPackageError, load_table

TABLES = data.table_names()
BIB_KEYS = {"song2020", "gu2018", "zhao2021", "xu_nd", "beltroad_nd"}
EXPECTED_DTYPES = {"string": "string", "integer": "Int64", "number": "float64",
                   "boolean": "boolean"}


def _schema(name: str, data_dir: Path | None = None) -> dict:
    return data.resource_descriptor(name, data_dir)["schema"]


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_whole_package_is_valid_for_frictionless(root: Path) -> None:
    report = frictionless.validate(str(root / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_every_recorded_sha256_matches() -> None:
    assert data.validate_package() == []


def test_every_resource_has_description_sources_licence_and_hash() -> None:
    for resource in data.read_descriptor()["resources"]:
        assert resource.get("description"), resource["name"]
        assert resource.get("sources"), resource["name"]
        assert resource.get("licenses"), resource["name"]
        assert resource.get("hash", "").startswith("sha256:"), resource["name"]


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_declared_dtypes(name: str) -> None:
    frame = load_table(name)
    fields = _schema(name)["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    assert len(frame) > 0
    for field in fields:
        expected = EXPECTED_DTYPES.get(field.get("type", "string"))
        if expected:
            assert str(frame[field["name"]].dtype) == expected, field["name"]


@pytest.mark.parametrize("name", TABLES)
def test_every_column_is_documented(name: str) -> None:
    for field in _schema(name)["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", [t for t in TABLES if {"source", "locator"} <= {
    f["name"] for f in data.resource_descriptor(t)["schema"]["fields"]}])
def test_transcribed_rows_cite_a_known_source_and_locator(name: str) -> None:
    frame = load_table(name)
    keys = set(frame["source"].str.split().explode())  # registries may name several texts
    assert keys <= BIB_KEYS, keys - BIB_KEYS
    assert frame["locator"].notna().all() and (frame["locator"].str.strip() != "").all()


def test_unknown_table_name_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="provincial_panel"):
        load_table("no_such_table")


# ---- corruption of copies -------------------------------------------------------------

def _path(data_dir: Path, name: str) -> Path:
    return data_dir / data.resource_descriptor(name, data_dir)["path"]


@pytest.mark.parametrize("name", TABLES)
def test_missing_file_is_named(name: str, data_copy: Path) -> None:
    _path(data_copy, name).unlink()
    with pytest.raises(DataPackageError, match="not found") as error:
        load_table(name, data_copy)
    assert data.resource_descriptor(name)["path"] in str(error.value)


@pytest.mark.parametrize("name", TABLES)
def test_changed_file_fails_its_sha256(name: str, data_copy: Path) -> None:
    path = _path(data_copy, name)
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(DataPackageError, match="sha256 mismatch"):
        load_table(name, data_copy)


@pytest.mark.parametrize("name", TABLES)
def test_dropped_column_is_named(name: str, data_copy: Path) -> None:
    path = _path(data_copy, name)
    rows = _rows(path)
    dropped = rows[0][-1]
    _write_rows(path, [row[:-1] for row in rows])
    rehash(data_copy, name)
    with pytest.raises(DataPackageError) as error:
        load_table(name, data_copy)
    assert error.value.column == dropped
    assert error.value.row == 1
    assert data.resource_descriptor(name)["path"] in str(error.value)


def _first(fields: list[dict], test) -> int | None:
    return next((i for i, f in enumerate(fields) if test(f)), None)


@pytest.mark.parametrize("name", TABLES)
def test_text_in_a_numeric_column_is_named(name: str, data_copy: Path) -> None:
    fields = _schema(name)["fields"]
    column = _first(fields, lambda f: f.get("type") in {"number", "integer"})
    if column is None:
        pytest.skip(f"{name} has no numeric column")
    path = _path(data_copy, name)
    rows = _rows(path)
    rows[3][column] = "n/a (see text)"
    _write_rows(path, rows)
    rehash(data_copy, name)
    with pytest.raises(DataPackageError) as error:
        load_table(name, data_copy)
    assert error.value.column == fields[column]["name"]
    assert error.value.row == 4  # header is line 1


@pytest.mark.parametrize("name", TABLES)
def test_duplicated_key_is_named(name: str, data_copy: Path) -> None:
    schema = _schema(name)
    unique = _first(schema["fields"], lambda f: f.get("constraints", {}).get("unique"))
    if not schema.get("primaryKey") and unique is None:
        pytest.skip(f"{name} declares no key")
    path = _path(data_copy, name)
    rows = _rows(path)
    rows.insert(3, list(rows[1]))
    _write_rows(path, rows)
    rehash(data_copy, name)
    with pytest.raises(DataPackageError, match=r"row 4") as error:
        load_table(name, data_copy)
    assert "unique" in str(error.value).lower() or "primary" in str(error.value).lower()


@pytest.mark.parametrize("name", TABLES)
def test_value_below_declared_minimum_is_named(name: str, data_copy: Path) -> None:
    fields = _schema(name)["fields"]
    column = _first(fields, lambda f: f.get("type") in {"number", "integer"}
                    and f.get("constraints", {}).get("minimum", -1) >= 0)
    if column is None:
        pytest.skip(f"{name} has no non-negative column")
    path = _path(data_copy, name)
    rows = _rows(path)
    rows[2][column] = "-5"
    _write_rows(path, rows)
    rehash(data_copy, name)
    with pytest.raises(DataPackageError, match="minimum") as error:
        load_table(name, data_copy)
    assert (error.value.column, error.value.row) == (fields[column]["name"], 3)


def test_malformed_descriptor_names_the_line(data_copy: Path) -> None:
    descriptor = data_copy / "datapackage.json"
    descriptor.write_text(descriptor.read_text(encoding="utf-8")[:-40], encoding="utf-8")
    with pytest.raises(DataPackageError, match="not valid JSON"):
        data.read_descriptor(data_copy)


def test_field_units_come_from_the_schema() -> None:
    units = data.field_units("provincial_panel")
    assert units["railway_density_km_per_km2"] == "km per km²"
    assert "province_en" not in units


def test_list_tables_marks_files_and_tables() -> None:
    infos = {info.name: info for info in data.list_tables()}
    assert infos["provincial_panel"].tabular
    assert not infos["nbs_gdp"].tabular


def test_file_resources_cannot_be_loaded_as_tables() -> None:
    with pytest.raises(DataPackageError, match="is a file"):
        load_table("nbs_gdp")


def test_sha256_of_matches_hashlib(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc")
    assert data.sha256_of(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_descriptor_copies_are_independent() -> None:
    first = data.read_descriptor()
    first["resources"].clear()
    assert data.read_descriptor()["resources"]


def test_loaded_frames_are_plain_pandas() -> None:
    assert isinstance(load_table("provinces"), pd.DataFrame)
