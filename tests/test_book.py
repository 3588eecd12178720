"""The book builds with warnings as errors, and its HTML is self-contained."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.book, pytest.mark.xdist_group("book")]

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


REPOSITORY_LABELS = ("source-repository-button", "source-issues-button", "source-edit-button",
                     "source-file-button", "launch-buttons")


def test_with_no_repository_set_no_page_has_repository_or_launch_buttons(
        built_book: Path) -> None:
    from cbec.book.bookmeta import repository_url

    assert repository_url() == "", "this check is for the book as committed (no remote)"
    for page in _pages(built_book):
        text = page.read_text(encoding="utf-8")
        for label in REPOSITORY_LABELS:
            assert label not in text, f"{page.name} has {label}"
        for host in ("mybinder.org", "colab.research.google.com", "github.com/cbec-book"):
            assert host not in text, f"{page.name} mentions {host}"


# A hypothetical fork on github.com (the host whose Binder and issue links the theme builds):
# it only goes into the pages of a throw-away build, which are never published or fetched.
FORK_URL = "https://github.com/a-fork/cbec-book"


def test_a_repository_setting_builds_every_button_from_it(tmp_path: Path, root: Path) -> None:
    """Build a two-page book with the book's own configuration and repository.url set."""
    import shutil
    import subprocess
    import sys
    from urllib.parse import urlparse

    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = FORK_URL
    config["execute"]["execute_notebooks"] = "off"
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: nb\n")
    (book / "index.md").write_text("# A fork\n\nSee {doc}`nb`.\n")
    shutil.copy2(root / "references.bib", book)
    shutil.copytree(root / "_static", book / "_static")
    notebook = {"cells": [{"cell_type": "markdown", "id": "t", "metadata": {},
                           "source": "# A notebook page"},
                          {"cell_type": "code", "id": "c", "metadata": {},
                           "execution_count": 1, "source": "1 + 1",
                           "outputs": [{"output_type": "execute_result", "execution_count": 1,
                                        "data": {"text/plain": "2"}, "metadata": {}}]}],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (book / "nb.ipynb").write_text(json.dumps(notebook))
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book),
               "-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    html = book / "_build" / "html"
    nb = (html / "nb.html").read_text(encoding="utf-8")
    index = (html / "index.html").read_text(encoding="utf-8")

    def href(page: str, label: str) -> str:
        match = re.search(rf'<a href="([^"]+)"[^>]*?{label}|{label}[^>]*?href="([^"]+)"', page,
                          re.S)
        assert match, f"no {label}"
        return (match.group(1) or match.group(2)).replace("&amp;", "&")

    for page in (nb, index):
        assert href(page, "source-repository-button") == FORK_URL
        assert href(page, "source-issues-button").startswith(f"{FORK_URL}/issues/new?")
    assert "launch-buttons" in nb and "launch-buttons" not in index  # notebooks only
    binder = re.search(r'href="(https://mybinder\.org/[^"]+)"', nb)
    assert binder and binder.group(1).replace("&amp;", "&") == (
        "https://mybinder.org/v2/gh/a-fork/cbec-book/main?urlpath=lab/tree/nb.ipynb")
    assert "colab" not in nb.lower()
    hosts = {urlparse(u).hostname for u in re.findall(r'href="(https?://[^"]+)"', nb + index)}
    assert hosts == {"github.com", "mybinder.org"}
