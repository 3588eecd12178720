"""The printable edition: `python3 tasks.py pdf` builds one PDF of the whole book with xelatex,
with a page range per chapter, Russian and Chinese glossary terms rendered, every figure of
the HTML book (as a vector drawing, with its caption and source line) and no raster charts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml

from cbec.book import latex

pytestmark = [pytest.mark.book, pytest.mark.xdist_group("book")]

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "chapters" / "_glossary"
# "(ru: наложенный платёж; zh: 货到付款)": the term runs to the next ";" or ")".
TERM = re.compile(r"\b(ru|zh): ([^;)]+)")
CAPTION = re.compile(r"^Fig\. (\d+)\.(\d+): ", re.MULTILINE)


def _squash(text: str) -> str:
    """Text to compare across HTML and PDF: ligatures undone (NFKC), no whitespace (lines
    differ) and no hyphens (the PDF hyphenates words at line ends)."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def _pdftotext(pdf: Path, *options: str) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is needed: python3 tasks.py test installs it"
    return subprocess.run([tool, *options, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@cache
def _text(pdf: Path) -> str:
    return _pdftotext(pdf)


def _pages(pdf: Path) -> list[str]:
    return _text(pdf).split("\f")


def _outline(pdf: Path) -> list[tuple[int, int, str]]:
    """(depth, page, title) of every PDF bookmark, from pdftohtml's XML."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    start = xml.find("<outline>")
    assert start >= 0, "the PDF has no outline (bookmarks)"
    items = []
    depth = 0
    for match in re.finditer(r'<outline>|</outline>|<item page="(\d+)">([^<]*)</item>',
                             xml[start:]):
        if match.group(0) == "<outline>":
            depth += 1
        elif match.group(0) == "</outline>":
            depth -= 1
            if depth == 0:
                break
        else:
            items.append((depth, int(match.group(1)), _unescape(match.group(2))))
    return items


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _toc_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def _html_title(built_book: Path, docname: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book / f"{docname}.html").read_text(encoding="utf-8"),
                         "html.parser")
    heading = soup.find("h1")
    assert heading is not None, docname
    return heading.get_text(" ", strip=True).rstrip("#").strip()


def _html_figures(built_book: Path) -> list[tuple[str, str]]:
    """(page, caption text) of every numbered figure of the HTML book, in reading order."""
    from bs4 import BeautifulSoup

    figures = []
    for docname in ["chapters/intro", *_toc_chapters()]:
        soup = BeautifulSoup((built_book / f"{docname}.html").read_text(encoding="utf-8"),
                             "html.parser")
        for figure in soup.find_all("figure"):
            caption = figure.find(class_="caption-text")
            if caption is not None:
                figures.append((docname, caption.get_text(" ", strip=True)))
    return figures


def _glossary_terms() -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {"ru": [], "zh": []}
    for page in sorted(GLOSSARY.glob("*.md")):
        text = " ".join(page.read_text(encoding="utf-8").split())
        for language, term in TERM.findall(text):
            terms[language].append(term.strip())
    return terms


def _latex_log(pdf: Path) -> str:
    return pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")


def test_the_pdf_is_one_xelatex_document_of_the_whole_book(built_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(built_pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Producer:\s+xdvipdfmx", info, re.MULTILINE), info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages > 100, f"only {pages} pages"
    assert "A4" in info
    log = _latex_log(built_pdf)
    assert log.startswith("This is XeTeX"), log[:200]
    assert not re.search(r"^! ", log, re.MULTILINE), "LaTeX reported an error"
    assert "Missing character" not in log, re.findall(r"Missing character.*", log)[:5]
    assert "undefined references" not in log


def test_every_chapter_has_its_own_page_range(built_pdf: Path, built_book: Path) -> None:
    """The PDF's bookmarks list each chapter of the table of contents once, in order, each
    starting on a later page than the one before; the introduction comes first."""
    outline = _outline(built_pdf)
    titles = [_html_title(built_book, docname) for docname in _toc_chapters()]
    top = [(page, title) for depth, page, title in outline if depth == 2]
    chapters, back_matter = top[:len(titles)], top[len(titles):]
    assert [title for _, title in chapters] == titles
    # After the last chapter only LaTeX's list of references and the index follow.
    assert [title for _, title in back_matter] == ["Bibliography", "Index"]
    starts = [page for page, _ in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), chapters
    pages = _pages(built_pdf)
    assert len(pages) - 1 > starts[-1]
    # The introduction (the book's root page) is the front matter before the first chapter.
    intro = _html_title(built_book, "chapters/intro")
    first_paragraph = "Who this book is for"
    before = "\n".join(pages[: starts[0] - 1])
    assert first_paragraph in before, f"{intro!r} is not before the first chapter"
    # Each range holds its chapter alone: the running footer of its even pages names it.
    ranges = zip(starts, [*starts[1:], len(pages)], strict=True)
    for number, ((start, end), title) in enumerate(zip(ranges, titles, strict=True), start=1):
        footers = set(re.findall(r"^Chapter (\d+)\. (.+)$", "\n".join(pages[start - 1:end - 1]),
                                 re.MULTILINE))
        if end - start >= 2:
            assert footers == {(str(number), title)}, (number, title, footers)


def test_russian_and_chinese_glossary_terms_are_rendered(built_pdf: Path) -> None:
    terms = _glossary_terms()
    assert len(terms["ru"]) >= 10 and len(terms["zh"]) >= 10, terms
    text = _squash(_text(built_pdf))
    for language in ("ru", "zh"):
        missing = [term for term in terms[language] if _squash(term) not in text]
        assert missing == [], f"{language} glossary terms not in the PDF text: {missing}"
    fonts = subprocess.run(["pdffonts", str(built_pdf)], capture_output=True, text=True,
                           check=True).stdout
    for font in ("NotoSerif-Regular", "FandolSong-Regular"):
        assert font in fonts, f"{font} is not embedded"


def test_every_html_figure_is_a_pdf_figure_with_its_caption(built_pdf: Path,
                                                            built_book: Path) -> None:
    html_figures = _html_figures(built_book)
    assert len(html_figures) >= 30
    captions = CAPTION.findall(_text(built_pdf))
    assert len(captions) == len(set(captions)) == len(html_figures), (
        f"{len(captions)} figure captions in the PDF, {len(html_figures)} in the HTML book")
    text = _squash(_text(built_pdf))
    for page, caption in html_figures:
        assert _squash(caption) in text, f"{page}: caption not in the PDF: {caption[:80]}"


def _chart_specs() -> list[tuple[str, dict]]:
    specs = []
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html")
                if html is not None:
                    html = "".join(html)
                    if latex.is_chart(html):
                        specs.append((notebook.stem, latex.chart_spec(html)))
    return specs


def test_charts_are_vector_drawings_with_their_source_lines(built_pdf: Path) -> None:
    images = subprocess.run(["pdfimages", "-list", str(built_pdf)], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert images == [], f"the PDF has raster images: {images[:3]}"
    charts = sorted((built_pdf.parent / "cbec-charts").glob("*.pdf"))
    specs = _chart_specs()
    assert len(specs) >= 30 and len({latex.chart_digest(latex.print_spec(s))
                                     for _, s in specs}) == len(charts)
    text = _squash(_text(built_pdf))
    for notebook, spec in specs:
        source = latex.source_text(spec)
        assert source.startswith("Source:"), f"{notebook}: a chart without a source line"
        assert _squash(source) in text, f"{notebook}: source line not in the PDF: {source}"
