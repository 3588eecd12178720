"""Shared fixtures: paths, broken copies of the data package, and a guard that no test (or
code it calls) ever modifies data/raw."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest

from cbec.book.build import record_hashes
from cbec.data.paths import project_root

ROOT = project_root()
RAW = ROOT / "data" / "raw"


def _hash_tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config._raw_hashes_before = _hash_tree(RAW)  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = getattr(session.config, "_raw_hashes_before", None)
    if before is None:
        return
    after = _hash_tree(RAW)
    if after != before:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        print(f"\nFAILED: files under data/raw changed during the test run: {changed}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def rehash(data_dir: Path, name: str) -> None:
    """Record the corrupted file's hash so the schema check, not the hash check, must fire."""
    record_hashes(data_dir, {name})


def edit_cell(data_dir: Path, name: str, row: int, column: str, value: str) -> None:
    """Set one cell (``row``: line number, the header being line 1) of table ``name`` in a
    copy of the data package, and record its new hash."""
    from cbec.data import resource_descriptor

    path = data_dir / resource_descriptor(name, data_dir)["path"]
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    lines[row - 1][lines[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    rehash(data_dir, name)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the whole book once per test session, as `python3 tasks.py book` does: every
    notebook executed once in a fresh cache (`cbec.book.execute`), with `jupyter-book build
    -W -n --keep-going` running alongside and reading each page from that cache. Return the
    html folder; the executed notebooks stay in the build's cache for
    `tests/test_stored_outputs.py`, and the build's log is kept as `build.log` beside
    `_build`."""
    from cbec.book.execute import build_html

    output = tmp_path_factory.mktemp("book")
    try:
        result = build_html(ROOT, output)
    except RuntimeError as error:
        pytest.fail(str(error))
    (output / "build.log").write_text(result.log, encoding="utf-8")
    if result.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {result.returncode}):\n"
                    f"{result.log[-6000:]}")
    return output / "_build" / "html"


@pytest.fixture(scope="session")
def built_pdf(built_book: Path) -> Path:
    """Build the PDF edition once per session, as `python3 tasks.py pdf` does, in the same
    output folder as `built_book`: the LaTeX builder reuses that build's parsed pages and
    jupyter-cache, so no notebook runs twice. Return the PDF's path."""
    import os
    import subprocess
    import sys

    if os.environ.get("CBEC_SKIP_PDF") == "1":
        pytest.skip("CBEC_SKIP_PDF=1: PDF checks skipped on request")
    output = built_book.parent.parent
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "--builder", "pdflatex", "--path-output", str(output), "-W", "-n",
               "--keep-going"]
    try:  # xelatex waits for input on some errors and can loop on bad macros: bound it
        result = subprocess.run(command, capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=900)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"PDF build did not finish in {error.timeout} s")
    log = result.stdout + result.stderr
    pdf = output / "_build" / "latex" / "cbec-book.pdf"
    if result.returncode != 0 or "Failed to build pdf" in log or not pdf.exists():
        pytest.fail(f"PDF build failed (exit {result.returncode}):\n{log[-6000:]}")
    return pdf
