"""Generated reference pages: the data-package catalogue and the figure map."""

from __future__ import annotations

import json
from pathlib import Path

from cbec.book import bookmeta
from cbec.data import list_tables


def test_overview_has_one_row_per_resource_with_counts_and_hashes() -> None:
    overview = bookmeta.package_overview()
    assert list(overview["table"]) == [info.name for info in list_tables()]
    panel = overview.set_index("table").loc["provincial_panel"]
    assert panel["rows"] == 240 and panel["layer"] == "processed" and len(panel["sha256"]) == 64
    assert overview.loc[overview["kind"] == "file", "rows"].isna().all()


def test_layer_of_paths() -> None:
    assert bookmeta.layer_of("raw/transcribed/x/y.csv") == "transcribed"
    assert bookmeta.layer_of("raw/provincial/a.csv") == "raw"
    assert bookmeta.layer_of("processed/p.csv") == "processed"


def test_column_dictionary_lists_units() -> None:
    columns = bookmeta.column_dictionary("provincial_panel").set_index("column")
    assert columns.loc["urbanisation_pct", "unit"] == "percent"
    assert bool(columns.loc["year", "required"])


def test_resource_card_shows_hash_rows_and_licence() -> None:
    card = bookmeta.resource_card_html("provincial_panel")
    assert 'id="data-provincial_panel"' in card
    assert "Rows:</em> 240" in card and "sha256" in card and "Creative Commons" in card


def test_source_locators_is_empty_for_tables_without_sources() -> None:
    assert bookmeta.source_locators("provinces").empty


def _notebook(tmp_path: Path) -> Path:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# T"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
         "source": ["from cbec import charts\n", "from cbec.data import load_table\n",
                    "import cbec.charts.tables as tb\n", "frame = load_table('provinces')"]},
        {"cell_type": "code", "execution_count": 2, "outputs": [],
         "metadata": {"mystnb": {"figure": {"name": "fig-demo", "caption": "A demo."}}},
         "source": ["charts.with_source(chart, 's', 'd')"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 3,
         "source": ["tb.show_table(frame, caption='Provinces.', label='tbl-demo')"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 4,
         "source": ["%%time\n", "x = 1"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 5,
         "source": ["tb.show_table(frame, caption=f'{n} rows.', label='tbl-f')"]},
    ]
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def test_figure_map_finds_figures_tables_and_helpers(tmp_path: Path) -> None:
    rows = bookmeta.figure_map([_notebook(tmp_path)]).set_index("label")
    assert list(rows.index) == ["fig-demo", "tbl-demo", "tbl-f"]
    assert rows.loc["tbl-f", "caption"] == "{n} rows."
    assert rows.loc["fig-demo", "helper functions"] == "cbec.charts.with_source"
    assert rows.loc["fig-demo", "code cell"] == 2
    assert rows.loc["tbl-demo", "helper functions"] == "cbec.charts.tables.show_table"
    assert rows.loc["tbl-demo", "caption"] == "Provinces."
    assert rows.loc["tbl-demo", "data tables loaded by the chapter"] == "provinces"


def test_loaded_tables_reads_load_table_and_the_chapter_preamble() -> None:
    import ast

    from cbec.book.bookmeta import loaded_tables

    code = ('tables = chapter_preamble("a_table", "b_table", quiet_libraries=True)\n'
            'x = load_table("c_table")\nload_table(name)\n')
    assert sorted(loaded_tables(ast.parse(code))) == ["a_table", "b_table", "c_table"]
