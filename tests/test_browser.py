"""Headless Chromium visits every page of the built book served on 127.0.0.1 and checks what a
reader would see: charts drawn, no script errors, working links and images, no link to a host
that is not configured, a title and a heading, and no sideways scrolling on a 390 px phone.
Screenshots of the first screen of every page at phone and desktop width are kept under
``_build/artifacts/screenshots`` for CI."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

pytestmark = [pytest.mark.book, pytest.mark.browser, pytest.mark.xdist_group("book")]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if os.environ.get("CBEC_SKIP_BROWSER") == "1":
    pytest.skip("CBEC_SKIP_BROWSER=1: browser checks skipped on request",
                allow_module_level=True)
if CHROMIUM is None:
    pytest.fail("Debian's chromium is required for the browser checks (apt-get install "
                "chromium), or set CBEC_SKIP_BROWSER=1", pytrace=False)

ARTIFACTS = Path(__file__).resolve().parents[1] / "_build" / "artifacts" / "screenshots"
# Hosts the text itself cites, so pages may link to them whatever the repository setting.
CITED_HOSTS = {
    # references.bib gives Song (2020) its DOI, which the bibliography page links.
    "doi.org": "DOI resolver of the works cited",
}


def allowed_hosts() -> set[str]:
    """Cited hosts plus those the repository setting configures (none while it is unset)."""
    from cbec.book.bookmeta import repository_url
    from cbec.book.sphinxext import configured_hosts, repository_options

    options = repository_options({"repository_url": repository_url()})
    return set(CITED_HOSTS) | configured_hosts(options)


WIDTHS = {"phone": 390, "desktop": 1280}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def site(built_book: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _pages(built_book: Path) -> list[str]:
    return sorted(str(p.relative_to(built_book)) for p in built_book.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts
                  and not p.read_text(encoding="utf-8").startswith('<meta http-equiv="Refresh"'))


@functools.cache
def _ids_in(path: Path) -> frozenset[str]:
    return frozenset(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


CHART_STATE = """() => Array.from(document.querySelectorAll('div[id^="altair-viz-"]')).map(d => ({
    id: d.id,
    drawn: !!d.querySelector('.marks, svg.marks, canvas.marks'),
    error: (d.querySelector('.error') || {}).textContent || null,
    width: d.getBoundingClientRect().width,
}))"""


def _visit(browser: object, url: str, width: int) -> tuple[object, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    page.on("response", lambda res: errors.append(f"HTTP {res.status}: {res.url}")
            if res.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('div[id^="altair-viz-"]'))
                 .every(d => d.querySelector('.marks') || d.querySelector('.error'))""",
        timeout=20_000)
    return page, errors


def test_every_page_renders_for_a_reader(built_book: Path, site: str, browser: object) -> None:
    """Each page is loaded once, at phone width (where sideways scrolling would show), then
    widened to desktop width for the checks of its structure and links."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    charts_seen = 0
    for relative in _pages(built_book):
        url = urljoin(site, relative)
        page, errors = _visit(browser, url, WIDTHS["phone"])
        name = relative.replace("/", "__").removesuffix(".html")
        for label, width in WIDTHS.items():
            if label != "phone":
                page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
            # The first screen of each page (a full-page capture of the long chapters costs
            # seconds each and checks nothing more).
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"))  # type: ignore[attr-defined]
            charts = page.evaluate(CHART_STATE)  # type: ignore[attr-defined]
            charts_seen += len(charts) if label == "desktop" else 0
            for chart in charts:
                if not chart["drawn"]:
                    problems.append(f"{relative} @{width}px: chart {chart['id']} did not draw "
                                    f"({chart['error']})")
            if label == "phone":
                body_text = page.evaluate("() => document.body.innerText")  # type: ignore[attr-defined]
                if "Error loading script" in body_text:
                    problems.append(f"{relative}: 'Error loading script' shown")
                overflow = page.evaluate(  # type: ignore[attr-defined]
                    "() => document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 1:
                    problems.append(f"{relative} @{width}px: page scrolls sideways by "
                                    f"{overflow}px")
            else:
                problems += _check_page_structure(page, relative, built_book)
        problems += [f"{relative}: console error: {error}" for error in errors]
        page.close()  # type: ignore[attr-defined]
    assert problems == []
    print(f"\nbrowser: {len(_pages(built_book))} pages, {charts_seen} charts drawn")


def _check_page_structure(page: object, relative: str, built_book: Path) -> list[str]:
    problems = []
    if not page.title().strip():  # type: ignore[attr-defined]
        problems.append(f"{relative}: empty <title>")
    if relative not in {"genindex.html", "search.html"} and \
            page.locator("h1").count() == 0:  # type: ignore[attr-defined]
        problems.append(f"{relative}: no <h1>")
    broken_images = page.evaluate(  # type: ignore[attr-defined]
        "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)")
    problems += [f"{relative}: image did not load: {src}" for src in broken_images]
    hrefs = page.evaluate(  # type: ignore[attr-defined]
        "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    base = page.url  # type: ignore[attr-defined]
    origin = urlparse(base).netloc
    allowed = allowed_hosts()
    for href in hrefs:
        target, fragment = urldefrag(href)
        parsed = urlparse(target)
        if parsed.scheme in {"http", "https"} and parsed.netloc != origin and \
                parsed.hostname not in allowed:
            problems.append(f"{relative}: link to a host that is not configured: {href}")
        if parsed.scheme not in {"http", "https", "mailto", "javascript"}:
            problems.append(f"{relative}: link with an unexpected scheme: {href}")
        if parsed.scheme not in {"http", "https"} or parsed.netloc != origin:
            continue
        path = built_book / unquote(parsed.path.lstrip("/"))
        if path.is_dir():
            path = path / "index.html"
        if not path.exists():
            problems.append(f"{relative}: broken link {href}")
        elif fragment and path.suffix == ".html" and unquote(fragment) not in _ids_in(path):
            problems.append(f"{relative}: link to missing anchor {href}")
    return problems
