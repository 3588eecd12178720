"""The printable (LaTeX/PDF) edition: notebook HTML outputs turned into print-ready nodes.

The chapters' stored outputs are HTML: altair charts (a ``vegaEmbed`` script holding the
Vega-Lite spec), captioned pandas tables and the data package's cards. LaTeX cannot use HTML,
so for the LaTeX builder only (see :mod:`cbec.book.sphinxext`):

* a chart's spec is taken out of the HTML and rendered to a **vector PDF** by vl-convert
  (:func:`chart_pdf`), at a fixed print width; the source line drawn under every chart by
  :func:`cbec.charts.with_source` is part of that drawing (re-wrapped to the wider line);
* any other HTML is converted to docutils nodes (:func:`html_to_nodes`): paragraphs,
  emphasis, code, bullet lists and tables (with their caption as the table title).

The stored notebook outputs are never changed. HTML this module does not know fails loudly
(:class:`PrintConversionError` names the tag), so nothing is silently dropped from the PDF.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from docutils import nodes

# Plot width (px, = pt in vl-convert's PDF) of a responsive ("container") chart in print:
# with axis labels the drawing comes to about the text width of an A4 page.
PRINT_WIDTH = 400
# vl-convert draws 1 px as 1 pt; printed at this scale (percent) the charts' 12 px labels
# come out at about the size of the body text (10 pt). LaTeX shrinks any still too wide.
PRINT_SCALE = 85
# Characters per line of a chart's source line in print (a page line is wider than a phone).
PRINT_SOURCE_WRAP = 80
CHART_MARKER = 'id="altair-viz-'
_SCHEMA = re.compile(r"/vega-lite/v(\d+)\.(\d+)(?:\.\d+)?\.json$")
_SPACE = re.compile(r"\s+")
# Tags of the chapters' HTML outputs and what they become.
_BLOCK_CONTAINERS = {"section", "div"}
_DROPPED = {"style"}
_INLINE = {"strong": nodes.strong, "em": nodes.emphasis, "b": nodes.strong,
           "i": nodes.emphasis, "code": nodes.literal}
_TABLE_PARTS = {"thead", "tbody", "tr", "th", "td", "caption"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col"}
# Tables: words longer than BREAK_AFTER characters may wrap after these characters.
ZWSP = "\u200b"
BREAK_AFTER = 16
_BREAK_CHARS = re.compile(r"[-_/.]")
# Width (pt) of a table line in print (A4 text width less the indent of cell outputs), and
# per type size the mean character width and the padding of a column (pt).
TABLE_LINE_PT = 455.0
TABLE_SIZES: dict[str, tuple[float, float]] = {
    "cbec-table": (4.4, 12.0),        # \footnotesize, default column separation
    "cbec-table-tight": (3.85, 6.0),  # \scriptsize, half the column separation
}
COLUMN_WANT = 50
COLUMN_MIN = 4


class PrintConversionError(ValueError):
    """An HTML output that the printable edition cannot represent."""


# --- charts -------------------------------------------------------------------------------

def is_chart(html: str) -> bool:
    """True when ``html`` is an altair chart output."""
    return CHART_MARKER in html and "vegaEmbed" in html


def chart_spec(html: str) -> dict[str, Any]:
    """The Vega-Lite spec embedded in altair's HTML output ``html``.

    Altair writes ``(function(spec, embedOpt){...})(SPEC, EMBED_OPTIONS);``; the spec is the
    JSON object after the last ``})(``.
    """
    start = html.rfind("})(")
    if not is_chart(html) or start < 0:
        raise PrintConversionError("HTML output is not an altair chart (no vegaEmbed call)")
    try:
        spec, _ = json.JSONDecoder().raw_decode(html, start + 3)
    except json.JSONDecodeError as error:
        raise PrintConversionError(f"altair chart spec is not valid JSON: {error}") from error
    if not isinstance(spec, dict) or "$schema" not in spec:
        raise PrintConversionError("altair chart spec has no $schema")
    return spec


def vegalite_version(spec: dict[str, Any]) -> str:
    """``"major.minor"`` of the Vega-Lite schema ``spec`` declares (e.g. ``"6.4"``)."""
    match = _SCHEMA.search(str(spec.get("$schema", "")))
    if not match:
        raise PrintConversionError(f"unrecognised Vega-Lite $schema {spec.get('$schema')!r}")
    return f"{match.group(1)}.{match.group(2)}"


def _fixed_width(node: Any, width: int) -> Any:
    if isinstance(node, dict):
        return {key: (width if key == "width" and value == "container"
                      else _fixed_width(value, width)) for key, value in node.items()}
    if isinstance(node, list):
        return [_fixed_width(item, width) for item in node]
    return node


def print_spec(spec: dict[str, Any], width: int = PRINT_WIDTH,
               source_wrap: int = PRINT_SOURCE_WRAP) -> dict[str, Any]:
    """``spec`` prepared for a page: responsive widths fixed to ``width`` px and the source
    line under the chart (a bottom title) re-wrapped to ``source_wrap`` characters."""
    # Imported here: cbec.charts imports altair, which every HTML build would otherwise pay
    # for (about 0.4 s) when Sphinx loads the book's extension.
    from cbec.charts import wrap_source_line

    out = _fixed_width(spec, width)
    title = out.get("title")
    if isinstance(title, dict) and title.get("orient") == "bottom":
        text = title.get("text")
        lines = text if isinstance(text, list) else [text]
        out["title"] = {**title,
                        "text": wrap_source_line(" ".join(map(str, lines)), source_wrap)}
    return out


def source_text(spec: dict[str, Any]) -> str:
    """The source line under a chart (its bottom title) as one string; empty if none."""
    title = spec.get("title")
    if not isinstance(title, dict) or title.get("orient") != "bottom":
        return ""
    text = title.get("text", "")
    return " ".join(map(str, text)) if isinstance(text, list) else str(text)


def chart_pdf(spec: dict[str, Any]) -> bytes:
    """Render a Vega-Lite ``spec`` (as printed: see :func:`print_spec`) to a vector PDF."""
    import vl_convert

    version = vegalite_version(spec)
    supported = vl_convert.get_vegalite_versions()
    if version not in supported:
        raise PrintConversionError(
            f"vl-convert {vl_convert.__version__} cannot render Vega-Lite {version} "
            f"(it supports {', '.join(supported)})")
    # No base URL is allowed: every chart carries its data inline, and a print build must not
    # fetch anything.
    return vl_convert.vegalite_to_pdf(spec, vl_version=version, allowed_base_urls=[])


def chart_digest(spec: dict[str, Any]) -> str:
    """A stable file name stem for the printed chart of ``spec``."""
    import vl_convert

    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False) + vl_convert.__version__
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# --- other HTML ---------------------------------------------------------------------------

@dataclass
class Element:
    """A parsed HTML element (tag, attributes, children: elements or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def elements(self) -> Iterator[Element]:
        return (child for child in self.children if isinstance(child, Element))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise PrintConversionError(f"HTML output closes <{tag}> that was never opened")

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    """``html`` as a tree of :class:`Element` (the root's tag is ``"root"``)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _inline(children: list[Element | str]) -> list[nodes.Node]:
    """Inline docutils nodes for text, strong/em/code; whitespace collapsed (not stripped),
    long words given break points (:func:`breakable`)."""
    out: list[nodes.Node] = []
    for child in children:
        if isinstance(child, str):
            text = _SPACE.sub(" ", child)
            if text:
                out.append(nodes.Text(breakable(text)))
        elif child.tag in _INLINE:
            if child.tag == "code":
                out.append(nodes.literal(text=breakable(_SPACE.sub(" ", _text(child)))))
            else:
                out.append(_INLINE[child.tag]("", "", *_inline(child.children)))
        elif child.tag == "br":
            out.append(nodes.Text(" "))
        else:
            raise PrintConversionError(f"unsupported inline HTML element <{child.tag}>")
    return out


def _text(element: Element) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in element.children)


def _strip(inline: list[nodes.Node]) -> list[nodes.Node]:
    """Drop leading/trailing spaces of an inline run (text nodes at either end)."""
    while inline and isinstance(inline[0], nodes.Text) and not inline[0].strip():
        inline.pop(0)
    while inline and isinstance(inline[-1], nodes.Text) and not inline[-1].strip():
        inline.pop()
    if inline and isinstance(inline[0], nodes.Text):
        inline[0] = nodes.Text(inline[0].lstrip())
    if inline and isinstance(inline[-1], nodes.Text):
        inline[-1] = nodes.Text(inline[-1].rstrip())
    return inline


def _paragraph(children: list[Element | str]) -> nodes.paragraph | None:
    inline = _strip(_inline(children))
    return nodes.paragraph("", "", *inline) if inline else None


def _cell(element: Element) -> nodes.entry:
    entry = nodes.entry()
    paragraph = _paragraph(element.children)
    if paragraph is not None:
        entry += paragraph
    return entry


def _rows(section: Element) -> list[Element]:
    rows = [row for row in section.elements() if row.tag == "tr"]
    for row in rows:
        for cell in row.elements():
            if cell.tag not in {"th", "td"}:
                raise PrintConversionError(f"unsupported element <{cell.tag}> in a table row")
            if cell.attrs.get("colspan", "1") != "1" or cell.attrs.get("rowspan", "1") != "1":
                raise PrintConversionError("table cells spanning rows or columns are not "
                                           "supported in print")
    return rows


def breakable(text: str, longest: int = BREAK_AFTER) -> str:
    """``text`` with zero-width spaces where its long words may wrap in print.

    In a word longer than ``longest`` characters a break is allowed after ``-``, ``_``,
    ``/`` and ``.``; a piece still longer than that (a checksum) may break every ``longest``
    characters. The PDF preamble makes U+200B a line-break point; it prints nothing.
    """
    def chunks(piece: str) -> str:
        if len(piece) <= longest:
            return piece
        return ZWSP.join(piece[i:i + longest] for i in range(0, len(piece), longest))

    def split(word: str) -> str:
        if len(word) <= longest:
            return word
        marked = _BREAK_CHARS.sub(lambda m: m.group(0) + ZWSP, word)
        return ZWSP.join(chunks(piece) for piece in marked.split(ZWSP))
    return re.sub(r"\S+", lambda m: split(m.group(0)), text)


def _pieces(text: str) -> list[str]:
    """The unbreakable pieces of a cell's text (words, split where :func:`breakable` can)."""
    return [piece for word in text.split() for piece in breakable(word).split(ZWSP)] or [""]


@dataclass(frozen=True)
class TableLayout:
    """Relative column widths and the type size class of a printed table."""

    widths: tuple[int, ...]
    size: str  # "cbec-table" (footnote size) or "cbec-table-tight" (script size)


def table_layout(cells: list[list[str]], line_pt: float = TABLE_LINE_PT) -> TableLayout:
    """Column widths for a table of cell texts (rows of strings), as a print line allows.

    Every column gets at least its longest unbreakable piece; what room is left goes to the
    columns with longer text (up to :data:`COLUMN_WANT` characters each). The smaller type
    size is used when the pieces alone do not fit a line at footnote size.
    """
    columns = max(len(row) for row in cells)
    base = [COLUMN_MIN] * columns
    want = [COLUMN_MIN] * columns
    for row in cells:
        for j, text in enumerate(row):
            # One character of slack: the widths per character are averages.
            base[j] = max(base[j], 1 + max(len(p) for p in _pieces(text)))
            want[j] = max(want[j], min(len(" ".join(text.split())), COLUMN_WANT))
    want = [max(w, b) for w, b in zip(want, base, strict=True)]
    size, (char_pt, pad_pt) = "cbec-table", TABLE_SIZES["cbec-table"]
    if sum(base) * char_pt + columns * pad_pt > line_pt:
        size, (char_pt, pad_pt) = "cbec-table-tight", TABLE_SIZES["cbec-table-tight"]
    room = (line_pt - columns * pad_pt) / char_pt
    if sum(want) <= room or sum(base) >= room:
        widths = want if sum(want) <= room else base
    else:
        share = (room - sum(base)) / (sum(want) - sum(base))
        widths = [b + (w - b) * share for b, w in zip(base, want, strict=True)]
    return TableLayout(tuple(max(1, round(10 * w)) for w in widths), size)


def _table(element: Element, long: bool) -> nodes.container:
    """A docutils table from an HTML ``<table>`` (caption → title, thead, tbody), with
    column widths from :func:`table_layout`, in a container whose class sets the type size.
    A ``long`` table may break across pages (LaTeX longtable)."""
    head: list[Element] = []
    body: list[Element] = []
    caption = None
    for part in element.elements():
        if part.tag == "caption":
            caption = _strip(_inline(part.children))
        elif part.tag == "thead":
            head += _rows(part)
        elif part.tag == "tbody":
            body += _rows(part)
        elif part.tag == "tr":
            body += _rows(Element("tbody", children=[part]))
        else:
            raise PrintConversionError(f"unsupported element <{part.tag}> in a table")
    rows = head + body
    if not rows:
        raise PrintConversionError("HTML table without rows")
    columns = max(len(list(row.elements())) for row in rows)
    layout = table_layout([[_text(cell) for cell in row.elements()] for row in rows])
    table = nodes.table(classes=["colwidths-given", *(["longtable"] if long else [])])
    if caption:
        table += nodes.title("", "", *caption)
    group = nodes.tgroup(cols=columns)
    table += group
    for width in layout.widths:
        group += nodes.colspec(colwidth=width)
    for rows_of, part_node in ((head, nodes.thead()), (body, nodes.tbody())):
        if not rows_of:
            continue
        for row in rows_of:
            row_node = nodes.row()
            cells = list(row.elements())
            for cell in cells:
                row_node += _cell(cell)
            for _ in range(columns - len(cells)):
                row_node += nodes.entry()
            part_node += row_node
        group += part_node
    return nodes.container("", table, classes=[layout.size])


def _blocks(element: Element, long: bool) -> list[nodes.Node]:
    """Block-level docutils nodes for the children of ``element``."""
    out: list[nodes.Node] = []
    pending: list[Element | str] = []

    def flush() -> None:
        paragraph = _paragraph(pending)
        if paragraph is not None:
            out.append(paragraph)
        pending.clear()

    for child in element.children:
        if isinstance(child, str) or child.tag in _INLINE or child.tag == "br":
            pending.append(child)
            continue
        flush()
        if child.tag in _DROPPED:
            continue
        if child.tag in _BLOCK_CONTAINERS:
            out += _blocks(child, long)
        elif child.tag == "p":
            paragraph = _paragraph(child.children)
            if paragraph is not None:
                out.append(paragraph)
        elif child.tag in {"ul", "ol"}:
            listing = nodes.bullet_list() if child.tag == "ul" else nodes.enumerated_list()
            for item in child.elements():
                if item.tag != "li":
                    raise PrintConversionError(f"unsupported element <{item.tag}> in a list")
                listing += nodes.list_item("", *_blocks(item, long))
            out.append(listing)
        elif child.tag == "table":
            out.append(_table(child, long))
        elif child.tag in _TABLE_PARTS:
            raise PrintConversionError(f"<{child.tag}> outside a table")
        else:
            raise PrintConversionError(f"unsupported HTML element <{child.tag}>")
    flush()
    return out


def html_to_nodes(html: str, long_tables: bool = True) -> list[nodes.Node]:
    """Docutils nodes for a (non-chart) HTML output of a chapter.

    Tables may break across pages unless ``long_tables`` is false (LaTeX cannot break a
    table inside a framed box such as an exercise's solution).
    """
    if is_chart(html):
        raise PrintConversionError("charts are converted with chart_pdf, not html_to_nodes")
    if "<script" in html:
        raise PrintConversionError("HTML output with a script cannot be printed")
    return _blocks(parse_html(html), long_tables)
