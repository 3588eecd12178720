"""The printable edition's conversions (cbec.book.latex): chart specs out of altair's HTML into
vector PDFs, and the chapters' HTML tables and data cards into docutils nodes."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest
import vl_convert
from docutils import nodes

from cbec import charts
from cbec.book import latex
from cbec.charts.tables import show_table


def _chart() -> alt.Chart:
    frame = pd.DataFrame({"year": [2018, 2019, 2020], "value": [1.0, 2.5, 4.0]})
    chart = alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q").properties(
        width="container")
    source = ("Source: Song (2020) §1 and a deliberately long list of locators so that the "
              "line has to wrap twice on a phone.")
    return charts.with_source(chart, source, "A line rising from 1 to 4.")


def _chart_html(chart: alt.TopLevelMixin) -> str:
    with alt.renderers.enable("html"):
        bundle = chart._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    return data["text/html"]


def test_the_spec_comes_out_of_altairs_html_unchanged() -> None:
    chart = _chart()
    html = _chart_html(chart)
    assert latex.is_chart(html)
    spec = latex.chart_spec(html)
    assert spec == chart.to_dict()
    assert latex.source_text(spec).startswith("Source: Song (2020) §1 and")


def test_vl_convert_renders_the_vega_lite_version_altair_writes() -> None:
    version = latex.vegalite_version(_chart().to_dict())
    assert version == ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    assert version in vl_convert.get_vegalite_versions()


def test_print_spec_fixes_responsive_widths_and_rewraps_the_source_line() -> None:
    spec = _chart().to_dict()
    printed = latex.print_spec(spec, width=420, source_wrap=200)
    assert spec["width"] == "container"  # the input is not modified
    assert printed["width"] == 420
    assert printed["title"]["text"] == [latex.source_text(spec)]
    assert latex.source_text(printed) == latex.source_text(spec)
    nested = {"$schema": spec["$schema"], "hconcat": [{"width": "container"}, {"width": 50}]}
    assert latex.print_spec(nested, width=300)["hconcat"] == [{"width": 300}, {"width": 50}]


def test_chart_pdf_is_a_vector_pdf_with_the_source_line_as_text() -> None:
    import shutil
    import subprocess

    pdf = latex.chart_pdf(latex.print_spec(_chart().to_dict()))
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "Source: Song (2020)" in " ".join(text.split())


def test_chart_digest_is_stable_and_depends_on_the_spec() -> None:
    spec = latex.print_spec(_chart().to_dict())
    assert latex.chart_digest(spec) == latex.chart_digest(dict(reversed(spec.items())))
    assert latex.chart_digest(spec) != latex.chart_digest({**spec, "height": 10})


def test_bad_chart_html_fails_loudly() -> None:
    with pytest.raises(latex.PrintConversionError, match="not an altair chart"):
        latex.chart_spec("<div>no chart</div>")
    broken = '<div id="altair-viz-1"></div><script>vegaEmbed(1)})({"a": </script>'
    with pytest.raises(latex.PrintConversionError, match="not valid JSON"):
        latex.chart_spec(broken)
    with pytest.raises(latex.PrintConversionError, match="Vega-Lite"):
        latex.vegalite_version({"$schema": "https://example.org/other.json"})


def test_a_captioned_book_table_becomes_a_docutils_table() -> None:
    frame = pd.DataFrame({"year": [2019, 2020], "value": [1.5, 2.25],
                          "note": ["as printed", "derived from a-2019 and a-2020"]})
    html = show_table(frame, "Two years of a figure.", "tbl-demo")._repr_html_()
    [box] = latex.html_to_nodes(html)
    assert isinstance(box, nodes.container) and box["classes"] == ["cbec-table"]
    [table] = box.children
    assert isinstance(table, nodes.table) and "colwidths-given" in table["classes"]
    assert "longtable" in table["classes"]  # may break across pages
    [boxed] = latex.html_to_nodes(html, long_tables=False)  # inside a solution box
    assert "longtable" not in boxed[0]["classes"]
    assert table[0].astext() == "Two years of a figure."
    head = [entry.astext() for entry in table.findall(nodes.entry)][:3]
    assert head == ["year", "value", "note"]
    body = [row.astext().split("\n\n") for row in table.findall(nodes.row)][1:]
    assert body == [["2019", "1.50", "as printed"],
                    ["2020", "2.25", "derived from a-2019 and a-2020"]]


def test_a_data_card_becomes_paragraphs_lists_literals_and_tables() -> None:
    html = ('<section class="data-card"><p><strong><code>t</code> — A table</strong></p>'
            '<p><em>File:</em> <code>data/raw/x.csv</code>, 10 bytes</p>'
            '<ul><li>Song (2020) — <code>song2020</code></li><li>Gu &amp; Zhao</li></ul>'
            '<table class="dataframe"><thead><tr><th>column</th><th>type</th></tr></thead>'
            '<tbody><tr><td>a</td><td>string</td></tr></tbody></table></section>')
    out = latex.html_to_nodes(html)
    assert [type(node) for node in out] == [nodes.paragraph, nodes.paragraph,
                                            nodes.bullet_list, nodes.container]
    assert isinstance(out[0][0], nodes.strong) and isinstance(out[0][0][0], nodes.literal)
    assert out[1].astext() == "File: data/raw/x.csv, 10 bytes"
    assert [item.astext() for item in out[2].children] == ["Song (2020) — song2020",
                                                           "Gu & Zhao"]


def test_unknown_html_fails_loudly_naming_the_tag() -> None:
    with pytest.raises(latex.PrintConversionError, match="<iframe>"):
        latex.html_to_nodes("<div><iframe src='x'></iframe></div>")
    with pytest.raises(latex.PrintConversionError, match="<a>"):
        latex.html_to_nodes("<p>see <a href='x'>here</a></p>")
    with pytest.raises(latex.PrintConversionError, match="script"):
        latex.html_to_nodes("<script>alert(1)</script>")
    with pytest.raises(latex.PrintConversionError, match="spanning"):
        latex.html_to_nodes("<table><tr><td colspan='2'>x</td></tr></table>")
    with pytest.raises(latex.PrintConversionError, match="never opened"):
        latex.html_to_nodes("<p>x</p></div>")


def test_long_words_get_break_points_and_short_ones_do_not() -> None:
    z = latex.ZWSP
    assert latex.breakable("a short-ish text") == "a short-ish text"
    assert latex.breakable("gu-online-shoppers-2012 x") == f"gu-{z}online-{z}shoppers-{z}2012 x"
    checksum = "0123456789abcdef" * 4
    assert latex.breakable(checksum).split(z) == ["0123456789abcdef"] * 4
    assert latex.breakable(latex.breakable(checksum)) == latex.breakable(checksum)


def test_table_layout_gives_long_text_room_and_tightens_wide_tables() -> None:
    narrow = latex.table_layout([["year", "note"], ["2019", "a long note " * 6]])
    assert narrow.size == "cbec-table"
    assert narrow.widths[1] > 3 * narrow.widths[0]
    wide = latex.table_layout([[f"column{j:02d}" for j in range(12)],
                               ["12345.67"] * 12])
    assert wide.size == "cbec-table-tight" and len(set(wide.widths)) == 1
