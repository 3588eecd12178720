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
# # Reproducibility
#
# This page follows the structure of the AEA Data Editor's README template: what data the book
# uses and where they come from, what software it needs, how long it takes, how to reproduce
# it, and which code makes every figure and table.
#
# ## Data availability and provenance
#
# All data used by the book are in the repository, under `data/`, described by the
# {doc}`data package <data_package>` (`data/datapackage.json`):
#
# * **Figures from the source texts** were transcribed by hand, one row per printed figure,
#   each with the bibtex key of its source and a {term}`locator` (section, table or chart).
#   The texts themselves are not redistributed; their full citations are in the
#   {doc}`bibliography`.
# * **Provincial statistics** (National Bureau of Statistics of China; the Peking University
#   Digital Financial Inclusion Index) and the lists of {term}`pilot free-trade zones <pilot
#   free-trade zone>` and {term}`CBEC comprehensive pilot zones <comprehensive pilot zone>`
#   are stored exactly as received in `data/raw/provincial/`, with the publisher, the
#   intermediary repository and commit they were taken from, and their checksums.
# * **Processed tables** are rebuilt from those files by `python -m cbec.book.build`.
#
# The book never reads anything outside its own folder and never downloads data while it
# builds or runs: the test suite runs with the network switched off.
#
# ## Software
#
# Python 3.11 and the packages pinned exactly in `requirements.txt`; the book's own helper
# package `cbec` (in `src/`) is installed from the repository. The main packages:

# %% tags=["remove-input"]

import pandas as pd

from cbec.book import bookmeta
from cbec.charts.tables import show_table
from cbec.data.paths import project_root

KEY_PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "altair", "pandas", "numpy", "pyfixest",
                "linearmodels", "wildboottest", "frictionless", "nbval", "pytest", "jupytext",
                "sphinx-exercise", "sphinxcontrib-bibtex", "playwright"]
pins = dict(
    line.split("==", 1)
    for line in (project_root() / "requirements.txt").read_text().splitlines()
    if "==" in line and not line.startswith("#")
)
show_table(
    pd.DataFrame({"package": KEY_PACKAGES, "version": [pins.get(p, "—") for p in KEY_PACKAGES]}),
    caption="Main packages and the exact versions pinned in requirements.txt.",
    label="tbl-software",
)

# %% [markdown]
# ## Reproducing the book
#
# ```bash
# python3 tasks.py book   # build the HTML book, executing every chapter
# python3 tasks.py test   # unit tests, data checks, nbval, -W build, browser checks, offline
# ```
#
# Both commands make a virtual environment `.venv` from `requirements.txt` the first time.
# Chapters are executed in a fresh kernel, with fixed random seeds, and must reproduce their
# stored outputs exactly (nbval in strict mode compares every output except images). Expected
# runtime and measurements are recorded in `benchmarks/RESULTS.md`.
#
# ## Which code makes each figure and table
#
# Generated from the chapter notebooks when the book is built: each captioned figure and table
# with the notebook and code cell that draw it, the helper-package functions that cell calls,
# and the data-package tables the chapter loads.

# %% tags=["remove-input"]
notebooks = [project_root() / f"{page}.ipynb" for page in bookmeta.toc_files()
             if (project_root() / f"{page}.ipynb").exists() and not page.endswith("reproducibility")]
figure_map = bookmeta.figure_map(notebooks)
show_table(
    figure_map,
    caption="Every figure and table of the book and the code that makes it.",
    label="tbl-figure-map",
)

# %% [markdown]
# ## Reliability: what is tested, and how
#
# `python3 tasks.py test` (what CI runs on a clean clone) checks, with the network switched
# off (`unshare -n`; a test proves no outside host can be reached):
#
# * **Data.** The whole package validates with Frictionless and every file matches the
#   sha256 recorded in `datapackage.json`. Every table is then broken on a private copy — file
#   deleted, a column dropped, text in a number column, a key duplicated, a value below its
#   declared minimum, bytes changed — and loading must fail with a message naming the file,
#   the column and the row. The readers of the raw NBS files are broken the same way.
# * **Raw data stay raw.** Every file under `data/raw` is hashed before and after the whole
#   run; any change fails the run. The processed tables are rebuilt twice from raw and must be
#   byte-identical to each other and to the committed files.
# * **Chapters.** Each notebook is re-executed in a fresh kernel and every output is compared
#   with the stored one (nbval, strict); only random chart ids, clock times and memory
#   addresses are masked, never numbers. Randomness is seeded and chart data are rounded so
#   that two clean executions give identical pages. Notebooks and their `.py` twins must agree.
# * **The book.** `jupyter-book build -W -n --keep-going` must succeed with no warning, and no
#   page may load a script, style sheet, font or image from another host (vega, vega-lite,
#   vega-embed and MathJax are vendored, with their licences).
# * **In a browser.** Headless Chromium opens every page from a local server at phone
#   (390 px) and desktop width: every chart must draw, no script may log an error, every
#   internal link and image must resolve, and nothing may scroll sideways. Screenshots are
#   kept as CI artefacts.
# * **Statistics.** The fixed-effects estimator agrees with linearmodels to 1e-9; the fast
#   Monte Carlo engine reproduces pyfixest and wildboottest exactly; four rebuilt controls
#   match Xu's published Table 2; the entropy weights match a hand-computed example.
# * **Teaching material.** The student edition contains no solution text anywhere, while the
#   answer key shows all of it; `CITATION.cff` validates against the CFF 1.2.0 schema; every
#   chart has a caption and a text description and never relies on colour alone; every
#   glossary term is used.
#
# Speed and page weight are measured by `benchmarks/run.py` (by hand, not in the test suite);
# the latest results:

# %% tags=["remove-input"]
import json

history_file = project_root() / "benchmarks" / "history.json"
latest = json.loads(history_file.read_text())[-1]
floor_total = sum(latest["floor"].values())
benchmark = pd.DataFrame([
    ("chapters executed one by one in fresh kernels (floor)", floor_total),
    ("clean build of the whole book", latest["builds"]["clean build"]),
    ("rebuild with nothing changed", latest["builds"]["no-op rebuild"]),
    ("rebuild after editing one chapter", latest["builds"]["rebuild after editing one chapter"]),
    *([("full test suite", latest["tests"])] if latest.get("tests") else []),
], columns=["what", "seconds"])
show_table(benchmark, caption=f"Measured on {latest['machine']['cores']} cores, Python "
           f"{latest['machine']['python']} ({latest['date']}); details in "
           "benchmarks/RESULTS.md.", label="tbl-benchmarks", precision=1)
