"""The execution step and the build running alongside it (`cbec.book.execute`).

The whole book is built this way once per session (`built_book`); these tests check the
mechanism on its own: the build reads each page only once it is in the cache, a failed
execution stops the build instead of leaving it waiting, and the order of the runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from cbec.book.execute import (
    ReadySignal,
    book_notebooks,
    build_html,
    execution_order,
    recorded_seconds,
)

ROOT = Path(__file__).resolve().parents[1]
WAITER = ("import sys; from pathlib import Path; from cbec.book.execute import ReadySignal; "
          "print('waiting', flush=True); "
          "print(ReadySignal(Path(sys.argv[1])).wait_for(sys.argv[2], limit=60))")


def notebook(source: str, stamps: tuple[str, str] | None = None) -> dict:
    """A one-cell notebook (with ``jupyter execute``'s timestamps if ``stamps``)."""
    metadata = {} if stamps is None else {"execution": {
        "iopub.execute_input": stamps[0], "shell.execute_reply": stamps[1]}}
    return {"cells": [{"cell_type": "markdown", "id": "t", "metadata": {},
                       "source": "# A page"},
                      {"cell_type": "code", "id": "c", "metadata": metadata,
                       "execution_count": None, "source": source, "outputs": []}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def small_book(folder: Path, second_cell: str) -> Path:
    """A three-page book with the book's own configuration (bundles off): a markdown page
    and two notebooks, the second running ``second_cell``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["cbec_bundles"] = False
    folder.mkdir()
    (folder / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n  - caption: Pages\n    chapters:\n"
        "      - file: a\n      - file: b\n")
    (folder / "index.md").write_text("# A small book\n\nSee {doc}`a` and {doc}`b`.\n")
    shutil.copy2(ROOT / "references.bib", folder)
    shutil.copytree(ROOT / "_static", folder / "_static")
    (folder / "a.ipynb").write_text(json.dumps(notebook("1 + 1")))
    (folder / "b.ipynb").write_text(json.dumps(notebook(second_cell)))
    return folder


def test_the_build_reads_every_page_from_the_execution_cache(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", "2 + 2")
    result = build_html(book, book)
    assert result.returncode == 0, result.log[-4000:]
    assert set(result.executed) == {"a", "b", "(wall time)"}
    assert result.log.count("Using cached notebook") == 2, result.log[-4000:]
    assert "Executing notebook" not in result.log
    assert (book / "_build" / "html" / "b.html").is_file()


def test_a_failed_execution_stops_the_build(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", "1 / 0")
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match=r"b\.ipynb failed:(.|\n)*ZeroDivisionError"):
        build_html(book, book)
    assert time.perf_counter() - start < 120  # it did not wait for the build's time limit
    failed = book / "_build" / ".cbec-execution" / "failed"
    assert "ZeroDivisionError" in failed.read_text(encoding="utf-8")
    assert not (book / "_build" / "html" / "b.html").exists()


def _waiter(folder: Path, docname: str) -> subprocess.Popen[str]:
    """A child process waiting for ``docname``, as the build does (this process owns it)."""
    return subprocess.Popen([sys.executable, "-c", WAITER, str(folder), docname],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_signal_holds_a_page_until_it_is_ready(tmp_path: Path) -> None:
    signal = ReadySignal(tmp_path / "signal")
    signal.expect(["chapters/a", "chapters/b"])
    waiter = _waiter(signal.folder, "chapters/b")
    assert waiter.stdout.readline() == "waiting\n"  # it has reached wait_for
    time.sleep(0.5)
    assert waiter.poll() is None  # still waiting
    signal.ready("chapters/a")
    time.sleep(0.3)
    assert waiter.poll() is None  # another page being ready does not release it
    signal.ready("chapters/b")
    out, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 0, err
    assert float(out) >= 0.7
    # A page the execution step does not handle is not waited for.
    other = _waiter(signal.folder, "chapters/glossary")
    out, err = other.communicate(timeout=30)
    assert other.returncode == 0 and out.split() == ["waiting", "0.0"], err


def test_the_signal_reports_a_failed_or_vanished_execution(tmp_path: Path) -> None:
    signal = ReadySignal(tmp_path / "signal")
    signal.expect(["chapters/a"])
    waiter = _waiter(signal.folder, "chapters/a")
    assert waiter.stdout.readline() == "waiting\n"
    signal.fail("executing chapters/a.ipynb failed:\nNameError: x")
    _, err = waiter.communicate(timeout=30)
    assert waiter.returncode != 0 and "NameError: x" in err
    # Announced by a process that is not the waiter's parent (it has gone): no wait forever.
    signal.expect(["chapters/a"])
    record = json.loads((signal.folder / "expected").read_text(encoding="utf-8"))
    record["owner"] = os.getpid() + 1_000_000
    (signal.folder / "expected").write_text(json.dumps(record), encoding="utf-8")
    waiter = _waiter(signal.folder, "chapters/a")
    _, err = waiter.communicate(timeout=30)
    assert waiter.returncode != 0 and "has stopped" in err


def test_recorded_seconds_reads_the_stored_run(tmp_path: Path) -> None:
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(notebook("1", ("2026-12-04T01:19:30.500000Z",
                                              "2026-12-04T01:19:33.750000Z"))))
    assert recorded_seconds(path) == pytest.approx(3.25, abs=1e-9)
    path.write_text(json.dumps(notebook("1")))
    assert recorded_seconds(path) == 0.0


def test_the_longest_stored_run_starts_first_then_reading_order() -> None:
    todo = [(docname, path, {}) for docname, path in book_notebooks(ROOT)]
    order = [docname for docname, _, _ in execution_order(todo)]
    longest = max(todo, key=lambda item: recorded_seconds(item[1]))[0]
    assert order[0] == longest == "chapters/regression"
    assert order[1:] == sorted(d for d, _, _ in todo if d != longest)
    assert execution_order([]) == []


def _flaky_execution(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    """Make the next ``failures`` executions die as a kernel that lost its ports does."""
    from types import SimpleNamespace

    import jupyter_cache.executors.utils as utils

    real, calls = utils.single_nb_execution, []

    def flaky(notebook: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) <= failures:
            error = RuntimeError("Kernel died before replying to kernel_info")
            return SimpleNamespace(err=error, exc_string=f"RuntimeError: {error}", time=0.1)
        return real(notebook, **kwargs)

    monkeypatch.setattr(utils, "single_nb_execution", flaky)
    return calls


def test_a_kernel_that_dies_while_starting_is_started_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cbec.book.execute import KERNEL_START_ATTEMPTS, _run

    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps(notebook("1 + 1")))
    calls = _flaky_execution(monkeypatch, failures=1)
    run = _run(str(path), {}, 60)
    assert run.error is None and len(calls) == 2
    output = json.loads(run.notebook)["cells"][1]["outputs"][0]["data"]["text/plain"]
    assert "".join(output) == "2"  # nbformat stores text as a list of lines
    calls = _flaky_execution(monkeypatch, failures=KERNEL_START_ATTEMPTS)
    run = _run(str(path), {}, 60)  # it gives up after that many starts
    assert len(calls) == KERNEL_START_ATTEMPTS and "Kernel died" in run.error


def test_a_failing_cell_is_not_run_again(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from cbec.book.execute import _run

    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps(notebook("1 / 0")))
    calls = _flaky_execution(monkeypatch, failures=0)
    run = _run(str(path), {}, 60)
    assert len(calls) == 1 and "ZeroDivisionError" in run.error
