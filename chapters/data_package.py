# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The data package
#
# Everything the book computes starts from the tables of one
# {term}`Frictionless data package <data package>`, `data/datapackage.json`. This page is
# generated from that file when the book is built, so it cannot drift from the data: for each
# table it shows the title, description, file, size, sha256 checksum, licence, sources, the
# column dictionary with units and, for tables of figures taken from the source texts, how
# many rows cite each section ({term}`locator`).
#
# The package has three layers:
#
# * **transcribed** — figures typed from the five source texts, one row per printed figure,
#   each with a bibtex key and a locator (`data/raw/transcribed/`);
# * **raw** — official statistics and policy lists exactly as received (`data/raw/`); no code
#   ever writes there, and the test suite checks every file against its recorded checksum;
# * **processed** — tables built from raw files by the helper package
#   (`python -m cbec.build`), deterministically, so rebuilding gives byte-identical files.
#
# In a notebook, load any table by name with `cbec.data.load_table("provincial_panel")`: the
# file is validated against its schema first and any problem names the file, column and row.

# %% tags=["remove-input"]
from IPython.display import HTML, display

from cbec import bookmeta
from cbec.tables import show_table

overview = bookmeta.package_overview()

# %% tags=["remove-input"]
show_table(
    overview.drop(columns=["sha256"]),
    caption="Every resource of the data package (rows are counted for tables; files are parsed by the helper package).",
    label="tbl-data-overview",
)

# %% [markdown]
# ## Figures transcribed from the source texts

# %% tags=["remove-input"]
for name in overview.loc[overview["layer"] == "transcribed", "table"]:
    display(HTML(bookmeta.resource_card_html(name)))

# %% [markdown]
# ## Raw statistics and reference lists

# %% tags=["remove-input"]
for name in overview.loc[overview["layer"] == "raw", "table"]:
    display(HTML(bookmeta.resource_card_html(name)))

# %% [markdown]
# ## Processed tables

# %% tags=["remove-input"]
for name in overview.loc[overview["layer"] == "processed", "table"]:
    display(HTML(bookmeta.resource_card_html(name)))
