"""The printable PDF edition's part of the book's Sphinx extension (LaTeX builder only).

* Notebook outputs that only exist as HTML become print nodes before myst-nb picks a mime
  type (:class:`PrintableOutputs`): altair charts become vector PDF images rendered by
  vl-convert (inside the myst-nb figure, so the caption stays), tables and data cards become
  docutils tables and paragraphs (see :mod:`cbec.book.latex`). The stored outputs are
  untouched.
* The document class is the book's own ``cbecBook`` (``src/cbec/book/texmf/cbecBook.cls``):
  sphinx-jupyterbook-latex's ``jupyterBook`` class needs ``bbm.sty``, which only the 500 MB
  ``texlive-fonts-extra`` package ships, and tikz/pgfplots, which the book does not use.

:func:`register` is called by :mod:`cbec.book.sphinxext`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from cbec.book import latex

LOGGER = logging.getLogger(__name__)
# Chart files written or reused by the current LaTeX build, per output folder: others are
# left over from earlier builds and removed when the build finishes.
_USED_CHARTS: dict[str, set[str]] = {}
LATEX_CLASS = "cbecBook"
CHART_DIR = "cbec-charts"
# Loaded by sphinx-jupyterbook-latex's preamble; it clashes with xeCJK (both set XeTeX's
# inter-character classes), and xeCJK is what sets the book's Chinese text.
_UCHARCLASSES = r"\usepackage[Latin,Greek]{ucharclasses}"


def _html_of(bundle: nodes.Element) -> str | None:
    """The text/html payload of a myst-nb mime bundle, if it has one."""
    for child in bundle.children:
        if isinstance(child, nodes.Element) and child.get("mime_type") == "text/html":
            return "".join(raw.astext() for raw in child.findall(nodes.raw))
    return None


def _in_box(node: nodes.Node) -> bool:
    """True inside an admonition (exercise and solution boxes are admonitions)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Admonition):
            return True
        parent = parent.parent
    return False


def chart_image(spec: dict[str, Any], outdir: Path) -> nodes.image:
    """Render ``spec`` for print into ``outdir/cbec-charts`` (once); an image node for it."""
    printed = latex.print_spec(spec)
    name = f"{CHART_DIR}/{latex.chart_digest(printed)}.pdf"
    target = outdir / name
    _USED_CHARTS.setdefault(str(outdir), set()).add(target.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(latex.chart_pdf(printed))
    image = nodes.image(uri=name, candidates={"*": name}, classes=["cbec-chart"],
                        scale=latex.PRINT_SCALE)
    if spec.get("description"):
        image["alt"] = str(spec["description"])
    return image


class PrintableOutputs(SphinxPostTransform):
    """For LaTeX: replace HTML-only notebook outputs by print nodes (see module docstring).

    Runs before myst-nb's ``SelectMimeType`` (priority 4), which would otherwise choose the
    ``text/plain`` repr (``alt.LayerChart(...)``, ``<...Styler at 0x...>``) for LaTeX.
    """

    default_priority = 3
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        outdir = Path(self.app.builder.outdir)
        bundles = [node for node in self.document.findall(nodes.container)
                   if node.get("nb_element") == "mime_bundle"]
        for bundle in bundles:
            html = _html_of(bundle)
            if html is None:
                continue
            try:
                if latex.is_chart(html):
                    replacement: list[nodes.Node] = [chart_image(latex.chart_spec(html), outdir)]
                else:
                    # Set ragged right in print: the data cards' paths and checksums would
                    # otherwise stretch justified lines.
                    printed = latex.html_to_nodes(html, long_tables=not _in_box(bundle))
                    replacement = [nodes.container("", *printed, classes=["cbec-html"])]
            except latex.PrintConversionError as error:
                LOGGER.warning("cannot print this HTML output: %s", error, location=bundle,
                               type="cbec", subtype="print")
                continue
            bundle.replace_self(replacement)


def _latex_config(app: Any, config: Any) -> None:
    """After sphinx-jupyterbook-latex: the book's class, and no ucharclasses (see above)."""
    config["latex_theme"] = LATEX_CLASS
    preamble = config["latex_elements"].get("preamble", "")
    config["latex_elements"]["preamble"] = preamble.replace(_UCHARCLASSES, "")


def _copy_latex_class(app: Any) -> None:
    if app.builder.format != "latex":
        return
    source = resources.files("cbec.book").joinpath("texmf", f"{LATEX_CLASS}.cls")
    outdir = Path(app.builder.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / f"{LATEX_CLASS}.cls").write_bytes(source.read_bytes())


def _prune_charts(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "latex":
        return
    folder = Path(app.builder.outdir) / CHART_DIR
    used = _USED_CHARTS.pop(str(Path(app.builder.outdir)), set())
    for stale in folder.glob("*.pdf") if folder.is_dir() else []:
        if stale.name not in used:
            stale.unlink()


def register(app: Any) -> None:
    """Connect the LaTeX-only hooks (config, class file, print transform, chart pruning)."""
    app.connect("config-inited", _latex_config, priority=900)
    app.connect("builder-inited", _copy_latex_class, priority=900)
    app.add_post_transform(PrintableOutputs)
    app.connect("build-finished", _prune_charts)
