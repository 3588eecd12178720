"""Chapter layer: one module per chapter, holding that chapter's derivations, the numbers it
glues into its prose and its charts. Only the chapter's own notebook and tests import it.

It may use the data, statistics and charts layers, never the book layer or another chapter.
"""
