"""The book builds with warnings as errors, and its HTML is self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.book

EXTERNAL_ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""",
    re.IGNORECASE)
CSS_EXTERNAL = re.compile(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')]+)""", re.I)


def _is_redirect(page: Path) -> bool:
    """Jupyter Book writes index.html as a one-line meta-refresh to the root page."""
    return page.read_text(encoding="utf-8").startswith('<meta http-equiv="Refresh"')


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html")
                  if "_static" not in p.parts and not _is_redirect(p))


def test_index_redirects_to_the_introduction(built_book: Path) -> None:
    assert 'url=chapters/intro.html' in (built_book / "index.html").read_text(encoding="utf-8")


def test_book_builds_and_has_every_toc_page(built_book: Path, root: Path) -> None:
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for file in files:
        assert (built_book / f"{file}.html").exists(), file
    assert (built_book / "index.html").exists()


def test_no_page_loads_a_script_style_font_or_image_from_another_host(built_book: Path) -> None:
    offenders = []
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        # rel="preconnect"/"dns-prefetch" and plain <a href> links are fine; assets are not.
        for url in EXTERNAL_ASSET.findall(text):
            offenders.append(f"{page.relative_to(built_book)}: {url}")
    for sheet in built_book.rglob("*.css"):
        for url in CSS_EXTERNAL.findall(sheet.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{sheet.relative_to(built_book)}: {url}")
    assert offenders == []


def test_every_page_has_a_title_and_a_heading(built_book: Path) -> None:
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), page.name
        if page.name not in {"genindex.html", "search.html"}:
            assert "<h1" in text, page.name


def test_charts_carry_the_offline_preload(built_book: Path) -> None:
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        if "altair-viz-" in text:
            for script in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js",
                           "vega-offline.js"):
                assert script in text, f"{page.name} does not load {script}"
