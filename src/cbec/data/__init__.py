"""Data layer: the Frictionless data package (load and validate tables), the figures
transcribed from the source texts, the provincial panel builder, licences and paths.

Nothing here imports from the statistics, charts, chapters or book layers.
"""

from typing import TYPE_CHECKING

from cbec.data.paths import DESCRIPTOR_NAME

__all__ = ["DESCRIPTOR_NAME", "DataPackageError", "TableInfo", "check_hash", "field_units",
           "list_tables", "load_table", "read_descriptor", "resource_descriptor", "sha256_of",
           "table_names", "validate_package", "validate_table"]

if TYPE_CHECKING:
    from cbec.data.load import (
        DataPackageError,
        TableInfo,
        check_hash,
        field_units,
        list_tables,
        load_table,
        read_descriptor,
        resource_descriptor,
        sha256_of,
        table_names,
        validate_package,
        validate_table,
    )


def __getattr__(name: str) -> object:
    """Load ``cbec.data.load`` (and pandas) on first use, so that the book tooling can read
    paths and file names without importing pandas."""
    if name in __all__:
        from cbec.data import load

        return getattr(load, name)
    raise AttributeError(f"module 'cbec.data' has no attribute {name!r}")
