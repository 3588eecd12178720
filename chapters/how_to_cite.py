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
# # How to cite
#
# Cite the book, or the chapter you used, as below; the same information is in the
# repository's `CITATION.cff` (Citation File Format 1.2.0, validated in the test suite), from
# which this page is generated. Figures from the source texts are facts of those texts: when
# you use one, cite the source as well — every row of the {doc}`data package <data_package>`
# gives its bibtex key and {term}`locator`, and the {doc}`bibliography` lists the full
# references.

# %% tags=["remove-input"]
from IPython.display import Markdown, display

from cbec.book.bookmeta import citation_records

for record in citation_records().itertuples():
    display(Markdown(f"**Cite {record.cite}**\n\n{record.text}\n\n```bibtex\n{record.bibtex}\n```"))

# %% [markdown]
# Code is under the MIT licence and the text and the book's own tables under CC BY 4.0;
# `provincial_panel` is CC BY-SA 4.0, because it carries land areas from Wikipedia. Short
# quotations from the source texts are not licensed by the book (Song 2020 is CC BY-NC-ND
# 4.0; the other four texts state no licence), and the provincial statistics are official NBS
# and PKU-DFIIC figures whose rights stay with their publishers. The data-package page and
# `LICENSE-data` give the licence of every part.
