"""Hand-written registries of the chapters (groups of conflicting figures, lost charts, the
shopper profile, stage locators ...) kept as validated data-package tables, and the one way
to read them.

A registry row points at printed figures by id: a ``figure_ids`` column holds one or more
ids separated by spaces (the schema's pattern enforces the form). :func:`check_figure_refs`
proves every id exists in the chapter's figures table, raising :class:`DataPackageError`
with the registry's file, column and row otherwise, as every other table check does.
:func:`side_by_side` and :func:`conflicts_table` turn a registry of conflicting figures into
the table a chapter shows, whatever columns that chapter wants to show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from cbec.data import figures
from cbec.data.load import DataPackageError, resource_descriptor

ID_SEPARATOR = " "
SIDE_BY_SIDE_COLUMNS: tuple[str, ...] = ("figure_id", "value", "unit", "period", "geography",
                                         "printed", "locator", "source")


def id_list(cell: object) -> tuple[str, ...]:
    """The figure ids of one registry cell (``"a b c"`` -> ``("a", "b", "c")``; empty -> ())."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return ()
    return tuple(str(cell).split())


def check_figure_refs(registry: pd.DataFrame, registry_name: str,
                      *figure_tables: pd.DataFrame, column: str = "figure_ids") -> None:
    """Raise :class:`DataPackageError` (file, column, row) for the first id in ``column`` of
    ``registry`` that is in none of ``figure_tables``."""
    known = set().union(*(set(table["figure_id"].astype(str)) for table in figure_tables))
    path = resource_descriptor(registry_name)["path"]
    for position, cell in enumerate(registry[column]):
        missing = [i for i in id_list(cell) if i not in known]
        if missing:
            raise DataPackageError(path, f"unknown figure id {missing[0]!r}", column=column,
                                   row=position + 2)  # the header is line 1


def side_by_side(figs: pd.DataFrame, ids: Iterable[str],
                 columns: Sequence[str] = SIDE_BY_SIDE_COLUMNS) -> pd.DataFrame:
    """The figures ``ids``, in that order, with the chosen ``columns``; ``source`` is the
    short label ("Song (2020)") and ``value`` a float."""
    rows = pd.concat([figures.figure(figs, i).to_frame().T for i in ids], ignore_index=True)
    rows = rows.assign(source=[figures.SOURCE_LABELS.get(s, s) for s in rows["source"]])
    return rows[list(columns)].astype({"value": "float64"} if "value" in columns else {})


def conflicts_table(conflicts: pd.DataFrame, figs: pd.DataFrame,
                    columns: Sequence[str] = SIDE_BY_SIDE_COLUMNS,
                    group_columns: Sequence[str] = ("topic",)) -> pd.DataFrame:
    """Every group of a conflicts registry side by side: for each row of ``conflicts`` (in
    file order), its ``group_columns`` followed by its figures' ``columns``."""
    parts = []
    for row in conflicts.itertuples(index=False):
        group = side_by_side(figs, id_list(row.figure_ids), columns)
        for offset, name in enumerate(group_columns):
            group.insert(offset, name, getattr(row, name))
        parts.append(group)
    return pd.concat(parts, ignore_index=True)


def conflicts_summary(conflicts: pd.DataFrame, figs: pd.DataFrame,
                      joined: Mapping[str, str],
                      group_columns: Sequence[str] = ("topic",),
                      distinct: Iterable[str] = ()) -> pd.DataFrame:
    """One row per group of a conflicts registry (in file order): its ``group_columns``,
    then, for each column of ``figs`` named in ``joined``, the values of the group's figures
    joined by the separator ``joined`` gives it (repeats dropped for columns in
    ``distinct``). Built on :func:`conflicts_table`, so every id must be in ``figs``."""
    long = conflicts_table(conflicts, figs, columns=list(joined),
                           group_columns=("conflict_id", *group_columns))
    unique = set(distinct)
    records = []
    for _, part in long.groupby("conflict_id", sort=False):
        record: dict[str, object] = {name: part[name].iloc[0] for name in group_columns}
        for column, separator in joined.items():
            values = [str(v) for v in part[column]]
            record[column] = separator.join(dict.fromkeys(values) if column in unique
                                            else values)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=[*group_columns, *joined])


def check_known(registry: pd.DataFrame, registry_name: str, column: str,
                known: Iterable[str], what: str) -> None:
    """Raise :class:`DataPackageError` (file, column, row) for the first value in ``column``
    of ``registry`` (space-separated values allowed) that is not in ``known``; ``what``
    names the kind of value ("metric", "section")."""
    allowed = set(known)
    path = resource_descriptor(registry_name)["path"]
    for position, cell in enumerate(registry[column]):
        missing = [i for i in id_list(cell) if i not in allowed]
        if missing:
            raise DataPackageError(path, f"unknown {what} {missing[0]!r}", column=column,
                                   row=position + 2)  # the header is line 1
