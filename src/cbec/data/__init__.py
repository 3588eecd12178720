"""Data layer: the Frictionless data package (load and validate tables), the figures
transcribed from the source texts, the provincial panel builder, licences and paths.

Nothing here imports from the statistics, charts, chapters or book layers.
"""

from cbec.data.load import (
    DESCRIPTOR_NAME,
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

__all__ = ["DESCRIPTOR_NAME", "DataPackageError", "TableInfo", "check_hash", "field_units",
           "list_tables", "load_table", "read_descriptor", "resource_descriptor", "sha256_of",
           "table_names", "validate_package", "validate_table"]
