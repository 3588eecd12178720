"""Book tooling: page metadata (figure map, citation), the student and answer-key editions,
the Sphinx extension, and the build of ``data/processed`` from ``data/raw``.

It may use the data layer; it reads chapters as notebook files and never imports them.
"""
