"""Record which files and modules a notebook's kernel uses, with a Python audit hook.

The chapter bundles (:mod:`cbec.book.bundles`) must hold exactly the data files a chapter reads and
the modules it imports. Rather than guessing from the code, the kernel that executes the
chapter records them: :func:`install` adds an audit hook (:func:`sys.addaudithook`) that sees
every ``open`` event (``open()``, ``io.open``, ``os.open``, ``io.open_code``: pandas,
frictionless and the ``cbec`` readers all end up there) and every ``import`` event, and
appends each new path under the watched folders and each new module name to a trace file as
it happens, so nothing is lost however the kernel stops.

This module is stdlib-only and is meant to run *before* anything else in the kernel: the
IPython startup file written by :func:`write_startup_file` runs it by path (``runpy``), so it
does not import the ``cbec`` package itself and cannot decide which copy of ``cbec`` the
notebook then imports. The environment variables below switch it on.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

TRACE_FILE = "CBEC_TRACE_FILE"
TRACE_ROOTS = "CBEC_TRACE_ROOTS"
TRACE_EXCLUDE = "CBEC_TRACE_EXCLUDE"
STARTUP_NAME = "00-cbec-kernel-trace.py"


def install(trace_file: str, roots: list[str], exclude: list[str]) -> None:
    """Start recording into ``trace_file`` (JSON lines): opened paths under ``roots`` (minus
    those under ``exclude``), every module in ``sys.modules`` now and every later import."""
    handle = open(trace_file, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 (kept open)
    watched = tuple(os.path.join(os.path.abspath(r), "") for r in roots)
    skipped = tuple(os.path.join(os.path.abspath(e), "") for e in exclude)
    seen: set[tuple[str, str]] = set()
    lock = threading.Lock()  # the kernel's threads (I/O, history) open files too
    fspath, abspath, dumps = os.fspath, os.path.abspath, json.dumps

    def record(kind: str, value: str) -> None:
        with lock:
            if (kind, value) not in seen:
                seen.add((kind, value))
                handle.write(dumps({kind: value}) + "\n")

    for name in sorted(sys.modules):
        record("module", name)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "open":
            target = args[0]
            if isinstance(target, int) or target is None:
                return
            try:
                path = abspath(fspath(target))  # type: ignore[arg-type]
            except TypeError:
                return
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if path.startswith(watched) and not path.startswith(skipped):
                record("open", path)
        elif event == "import":
            record("module", str(args[0]))

    sys.addaudithook(hook)


def install_from_environment() -> bool:
    """:func:`install` with the settings of ``CBEC_TRACE_*``; do nothing when they are unset."""
    trace_file = os.environ.get(TRACE_FILE)
    if not trace_file:
        return False
    split = os.pathsep
    roots = [r for r in os.environ.get(TRACE_ROOTS, "").split(split) if r]
    exclude = [e for e in os.environ.get(TRACE_EXCLUDE, "").split(split) if e]
    install(trace_file, roots, exclude)
    return True


def write_startup_file(ipython_dir: Path) -> Path:
    """Write an IPython startup file under ``ipython_dir`` that runs this module by path.

    Point a kernel at it with ``IPYTHONDIR=ipython_dir`` (and the ``CBEC_TRACE_*`` variables).
    The file leaves no names behind in the notebook's namespace.
    """
    startup = Path(ipython_dir) / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    target = startup / STARTUP_NAME
    source = Path(__file__).resolve()
    target.write_text(
        "# Written by cbec.book.kerneltrace: records the files and modules this kernel uses.\n"
        "def _cbec_kernel_trace():\n"
        "    import runpy\n"
        f"    runpy.run_path({str(source)!r}, run_name='cbec_kernel_trace')"
        "['install_from_environment']()\n"
        "_cbec_kernel_trace()\n"
        "del _cbec_kernel_trace\n", encoding="utf-8")
    return target


def trace_environment(trace_file: Path, roots: list[Path], exclude: list[Path],
                      ipython_dir: Path) -> dict[str, str]:
    """The environment variables that make a kernel record into ``trace_file``."""
    write_startup_file(ipython_dir)
    return {
        "IPYTHONDIR": str(ipython_dir),
        TRACE_FILE: str(trace_file),
        TRACE_ROOTS: os.pathsep.join(str(r) for r in roots),
        TRACE_EXCLUDE: os.pathsep.join(str(e) for e in exclude),
    }


def read_trace(trace_file: Path) -> tuple[list[str], list[str]]:
    """(opened paths, module names) recorded in ``trace_file``, each sorted and unique."""
    opened: set[str] = set()
    modules: set[str] = set()
    for line in Path(trace_file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        if "open" in entry:
            opened.add(entry["open"])
        if "module" in entry:
            modules.add(entry["module"])
    return sorted(opened), sorted(modules)
