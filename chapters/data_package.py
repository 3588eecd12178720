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
#   (`python -m cbec.book.build`), deterministically, so rebuilding gives byte-identical files.
#
# In a notebook, load any table by name with `cbec.data.load_table("provincial_panel")`: the
# file is validated against its schema first and any problem names the file, column and row.

# %% tags=["remove-input"]
from IPython.display import HTML, display
from myst_nb import glue

from cbec.book import bookmeta
from cbec.charts.tables import show_table
from cbec.data import rights

overview = bookmeta.package_overview()

# %% tags=["remove-input"]
show_table(
    overview.drop(columns=["sha256"]),
    caption="Every resource of the data package (rows are counted for tables; files are parsed by the helper package).",
    label="tbl-data-overview",
)

# %% [markdown]
# ## Rights: what each table may be reused under
#
# The package claims only the rights the book can grant. Each source carries its own licence
# in `sources[].licenses`: a custom property with the structure of the standard License
# object, because the Frictionless specification gives a source only `title`, `path`, `email`
# and `version` (licences are standard at package and resource level only). Two further custom
# properties, in the `namespace:property` form the specification recommends, say what a table
# holds: `cbec:origin` on each resource and `cbec:quotation` on fields whose values are
# verbatim fragments of a source.
#
# * **The book's own tables** (figures, units, periods, codes, paraphrases and notes typed
#   from the sources, reference lists, `cbec_pilot_zone_cities`) are CC BY 4.0. Numbers are
#   facts of their sources; cite the source of each row as well.
# * **Quotations are not ours to license.** Song (2020) is CC BY-NC-ND 4.0; Gu (2018),
#   Zhao (2021), Xu (n.d.) and the Belt and Road paper state no licence ("rights not
#   stated", Open Definition id `notspecified`). The fields marked `cbec:quotation`, and
#   words in single quotes inside notes, are excluded from the tables' licence.
# * **Share-alike.** `provincial_panel` is CC BY-SA 4.0 because it carries the land areas of
#   a Wikipedia list (CC BY-SA 4.0) and a railway density computed from them. No official
#   yearbook table of land areas is in `data/raw`, so the areas could not be replaced by one.
# * **Third-party files** in `data/raw/provincial/` (NBS and PKU-DFIIC statistics from
#   intermediary repositories without a licence file; pilot-zone and free-trade-zone lists
#   transcribed from the pages they name) are "rights not stated": the book redistributes
#   them as received and grants no licence for them.
#
# **Why the fragments were shortened rather than moved.** Every transcribed row keeps the
# words it was read from, so that anyone holding the source can find the passage. Moving
# those fragments into separate tables licensed like their sources would have changed
# nothing for four of the five sources, whose licence is "rights not stated" (the book can
# grant nothing for their text, in whatever table it sits), and it would still have copied
# as much text. The fragments were therefore cut instead, to what identifying a passage needs:
# the number or date with its unit and at most {glue:text}`dp-max-words:d` words besides
# numbers. In the previous version of the package (commit 613d6f5), 372 of the 709 fragments
# were longer than that and were shortened; the 118 quoted values from Song's article then
# held 732 words besides numbers (649 in distinct fragments), and the quoted values from all
# sources 4,720. They now hold {glue:text}`dp-song-words-all:d` ({glue:text}`dp-song-words:d`
# distinct) and {glue:text}`dp-all-words:d`; the table below gives the counts per source.

# %% tags=["remove-input"]
glue("dp-max-words", rights.QUOTATION_MAX_WORDS, display=False)
summary = rights.quotation_summary()
song = summary.set_index("source").loc["song2020"]
glue("dp-song-words", int(song["words besides numbers"]), display=False)
glue("dp-song-words-all", int(song["words besides numbers, all values"]), display=False)
glue("dp-all-words", int(summary["words besides numbers, all values"].sum()), display=False)
ids = rights.package_ids()
glue("dp-n-ids", len(ids), display=False)
glue("dp-n-id-tables", ids["table"].nunique(), display=False)
glue("dp-n-duplicate-ids", len(rights.duplicate_ids()), display=False)
glue("dp-n-quotations", len(rights.quotations()), display=False)
glue("dp-n-unverified", len(rights.unverified_quotations()), display=False)
glue("dp-n-licence-problems", len(rights.licence_problems()), display=False)
show_table(
    summary,
    caption="Quotations from each source now: values of cbec:quotation fields and their "
    "words besides numbers, then the distinct fragments and their words (all tokens, and "
    "words besides numbers). The Belt and Road paper is not quoted.",
    label="tbl-data-quotations",
)

# %% [markdown]
# Every one of the {glue:text}`dp-n-quotations:d` quoted values was checked against
# the text of its source with `python3 tasks.py quotations FOLDER` (the texts are not part of
# the project), which records a digest of each verified fragment in
# `data/quotations_verified.json`; the test suite fails for any quotation added or changed
# since that run ({glue:text}`dp-n-unverified:d` are unverified now). It also fails, here
# {glue:text}`dp-n-licence-problems:d` times, whenever a table that holds text from a source
# declares a licence broader than that source's without marking the text as a short
# quotation, a quotation grows past the limit, a third-party file is relicensed or a table
# built from a share-alike input drops the share-alike licence.
#
# Row ids are unique across the whole package, not only within a table: the
# {glue:text}`dp-n-ids:d` ids of the {glue:text}`dp-n-id-tables:d` tables keyed by an `_id`
# column contain {glue:text}`dp-n-duplicate-ids:d` duplicates, so a note can name a row of
# another table without ambiguity.

# %% tags=["remove-input"]
show_table(
    rights.source_licences()[["source", "licence", "what the licence entry says", "tables"]],
    caption="Every source of the package with the licence recorded for it "
    "(sources[].licenses); inputs of derived tables are listed with those tables below.",
    label="tbl-data-source-licences",
)

# %% tags=["remove-input"]
show_table(
    rights.licence_table()[["table", "origin", "licence", "quotation fields"]],
    caption="Every resource with its origin (cbec:origin), its licence and the fields whose "
    "values are quotations from the sources (excluded from the licence).",
    label="tbl-data-licences",
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
