"""Load and validate the tables of the book's Frictionless data package.

Every table is described in ``data/datapackage.json`` (schema, units, sources, licence and
sha256). :func:`load_table` checks the file against that description with ``frictionless``
before reading it into pandas with the declared dtypes; any problem raises
:class:`DataPackageError` naming the file, the column and the first bad row (the line number
in the file, the header being line 1).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib.metadata
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from cbec.data.paths import DESCRIPTOR_NAME
from cbec.data.paths import data_dir as default_data_dir

# Table Schema type -> pandas dtype used when reading.
_PANDAS_DTYPES: dict[str, str] = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "year": "Int64",
}
_TRUE_VALUES = ["true", "True", "TRUE"]
_FALSE_VALUES = ["false", "False", "FALSE"]


class DataPackageError(ValueError):
    """A data file is missing or does not match its description in ``datapackage.json``."""

    def __init__(self, path: str, message: str, column: str | None = None,
                 row: int | None = None) -> None:
        self.path = path
        self.column = column
        self.row = row
        where = [path]
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row}")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class TableInfo:
    """Summary of one resource of the data package, for listings and the data page."""

    name: str
    path: str
    title: str
    tabular: bool


def _resolve(data_dir: Path | str | None) -> Path:
    return Path(data_dir) if data_dir is not None else default_data_dir()


@lru_cache(maxsize=8)
def _read_descriptor_cached(path: str, mtime_ns: int) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json``, shared: read-only for the callers in this module."""
    path = _resolve(data_dir) / DESCRIPTOR_NAME
    if not path.exists():
        raise DataPackageError(str(path), "data package descriptor not found")
    try:
        return _read_descriptor_cached(str(path), path.stat().st_mtime_ns)
    except json.JSONDecodeError as error:
        raise DataPackageError(str(path), f"not valid JSON ({error})",
                               row=error.lineno) from error


def read_descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Return the parsed ``datapackage.json`` (a fresh copy; callers may modify it)."""
    return copy.deepcopy(_descriptor(data_dir))


def list_tables(data_dir: Path | str | None = None) -> list[TableInfo]:
    """List every resource of the package in declaration order."""
    return [
        TableInfo(res["name"], res["path"], res.get("title", res["name"]), "schema" in res)
        for res in _descriptor(data_dir)["resources"]
    ]


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tabular resources (the ones :func:`load_table` can read)."""
    return [info.name for info in list_tables(data_dir) if info.tabular]


def resource_descriptor(name: str, data_dir: Path | str | None = None) -> dict[str, Any]:
    """Return the descriptor of resource ``name`` (a fresh copy); raise ``KeyError`` listing
    valid names."""
    resources = _descriptor(data_dir)["resources"]
    for resource in resources:
        if resource["name"] == name:
            return copy.deepcopy(resource)
    known = ", ".join(sorted(r["name"] for r in resources))
    raise KeyError(f"no table {name!r} in the data package; known tables: {known}")


def sha256_of(path: Path | str) -> str:
    """Hex sha256 digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def check_hash(name: str, data_dir: Path | str | None = None) -> None:
    """Raise if the file of resource ``name`` is missing or its sha256 differs from the record."""
    base = _resolve(data_dir)
    resource = resource_descriptor(name, base)
    path = base / resource["path"]
    if not path.exists():
        raise DataPackageError(resource["path"], f"file of table {name!r} not found at {path}")
    recorded = resource.get("hash", "")
    if not recorded.startswith("sha256:"):
        raise DataPackageError(resource["path"], "datapackage.json records no sha256 hash")
    actual = sha256_of(path)
    if actual != recorded.removeprefix("sha256:"):
        raise DataPackageError(
            resource["path"],
            f"sha256 mismatch: file has {actual}, datapackage.json records "
            f"{recorded.removeprefix('sha256:')} (the file changed after it was recorded)",
        )


def _first_error(report: Any, rel_path: str) -> DataPackageError | None:
    """Turn the first error of a frictionless report into a :class:`DataPackageError`."""
    errors = [error for task in report.tasks for error in task.errors] + list(report.errors)
    if not errors:
        return None
    # Header problems (missing or extra columns) come first: they explain every later row.
    errors.sort(key=lambda e: (getattr(e, "row_number", None) or 0))
    error = errors[0]
    column = getattr(error, "field_name", None)
    row = getattr(error, "row_number", None)
    if error.type in {"missing-label", "extra-label", "blank-label", "duplicate-label",
                      "incorrect-label"}:
        row = 1
        message = {
            "missing-label": "column declared in the schema is missing from the file",
            "extra-label": "column in the file is not declared in the schema",
        }.get(error.type, error.message)
        if column is None:
            column = getattr(error, "label", None)
    else:
        message = error.message
    return DataPackageError(rel_path, message, column=column, row=row)


VALIDATION_CACHE = "CBEC_VALIDATION_CACHE"  # a folder, or "off"


def _validation_marker(resource: dict[str, Any]) -> Path | None:
    """Where the record of a successful schema validation of ``resource`` lives, or None when
    the cache is switched off or cannot be written.

    The key is the sha256 of the resource's whole descriptor, which includes the file's
    recorded sha256 (checked against the bytes on every load), and of the frictionless
    version: the same description of the same bytes validated by the same library must give
    the same answer, so a recorded success can stand in for running the validation again.
    """
    setting = os.environ.get(VALIDATION_CACHE, "")
    if setting == "off":
        return None
    try:
        version = importlib.metadata.version("frictionless")
    except importlib.metadata.PackageNotFoundError:
        return None
    folder = Path(setting) if setting else \
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cbec" / "validated"
    key = hashlib.sha256((json.dumps(resource, sort_keys=True) + version).encode()).hexdigest()
    return folder / key


def validate_table(name: str, data_dir: Path | str | None = None, *,
                   reuse: bool = True) -> None:
    """Validate table ``name`` against its recorded hash and its schema; raise on the first
    problem. The hash is checked every time; the schema validation (frictionless, about
    0.4 s to import and 50 ms per table) is skipped when this exact descriptor, hash included,
    has validated before (see :func:`_validation_marker`; ``reuse=False`` always runs it)."""
    base = _resolve(data_dir)
    resource = resource_descriptor(name, base)
    rel_path = resource["path"]
    check_hash(name, base)
    if "schema" not in resource:
        return
    marker = _validation_marker(resource) if reuse else None
    if marker is not None and marker.exists():
        return
    import frictionless  # imported only when a validation really runs

    descriptor = {k: v for k, v in resource.items() if k != "hash"}  # hash checked above
    with frictionless.system.use_context(trusted=False):
        report = frictionless.Resource(descriptor, basepath=str(base)).validate()
    problem = _first_error(report, rel_path)
    if problem is not None:
        raise problem
    if marker is not None:
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()


def load_table(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Load table ``name`` as a DataFrame with the dtypes its schema declares.

    The file is validated first (:func:`validate_table`), so a missing file, missing column,
    wrong type, duplicate key or out-of-range value raises :class:`DataPackageError` naming
    the file, column and row instead of producing a quietly wrong frame.
    """
    base = _resolve(data_dir)
    validate_table(name, base)
    resource = resource_descriptor(name, base)
    if "schema" not in resource:
        raise DataPackageError(resource["path"], f"resource {name!r} is a file, not a table")
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: _PANDAS_DTYPES.get(f.get("type", "string"), "string") for f in fields}
    dates = [f["name"] for f in fields if f.get("type") == "date"]
    for column in dates:
        dtypes.pop(column)
    frame = pd.read_csv(
        base / resource["path"],
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
        true_values=_TRUE_VALUES,
        false_values=_FALSE_VALUES,
        encoding=resource.get("encoding", "utf-8"),
    )
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def field_units(name: str, data_dir: Path | str | None = None) -> dict[str, str]:
    """Map each column of table ``name`` that declares a ``unit`` to that unit."""
    fields = resource_descriptor(name, data_dir)["schema"]["fields"]
    return {f["name"]: f["unit"] for f in fields if "unit" in f}


def validate_package(data_dir: Path | str | None = None) -> list[str]:
    """Validate every resource (schema and sha256, frictionless always run); return the
    problems found, one per table."""
    problems: list[str] = []
    for info in list_tables(data_dir):
        try:
            validate_table(info.name, data_dir, reuse=False)
        except DataPackageError as error:
            problems.append(str(error))
    return problems
