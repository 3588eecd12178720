"""Execute the book's notebooks once, several at a time, into the cache the build reads.

Jupyter Book executes notebooks one after another while Sphinx reads them, so a clean build
takes the sum of every chapter's run. :func:`execute_book` runs them first in a pool of
worker processes (one kernel each) and stores each executed notebook in the build's own
jupyter-cache (``<output>/_build/.jupyter_cache``, where myst-nb looks); the build then takes
every page from that cache and executes nothing. The cache is written by this process only,
one notebook at a time, as myst-nb itself would write it.

Bundled chapters are traced while they run, exactly as the build would trace them
(:mod:`cbec.book.kerneltrace`), so the chapter bundles need no second execution.

:func:`build_html` (``python3 tasks.py book``, and the test suite's build) runs the two steps
side by side: ``jupyter-book build`` starts at once and loads Sphinx, its extensions and the
plain pages while the kernels run, and it reads each notebook page as soon as its execution
is in the cache (:class:`ReadySignal`; the extension waits in ``source-read``). Nothing else
changes: the same executions, the same cache, the same ``jupyter-book build -W -n
--keep-going`` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from cbec.book.toc import bundle_docnames, flat_docname, toc_files

BUNDLE_PART = "Chapters"  # the _toc.yml part whose pages get a bundle (cbec_bundle_part)
SIGNAL_VARIABLE = "CBEC_EXECUTION_SIGNAL"  # folder of the ReadySignal a build waits on
WAIT_LIMIT_SECONDS = 900  # a page that is not ready after this long fails the build


def default_workers() -> int:
    """Kernels at a time: one more than the CPUs. A kernel leaves its CPU idle while it
    starts and while its client waits for messages, and the build running alongside needs
    the CPU between pages; on the 2-core benchmark machine 3 kernels built the book in
    10.9 s against 11.6 s with 2 (median of 6 paired runs)."""
    return (os.cpu_count() or 1) + 1


# A kernel that dies before answering its first request never ran a cell: most often it was
# handed a port another process took in the meantime (jupyter_client picks the ports, writes
# them to the connection file and the kernel binds them later: jupyter/jupyter_client#487).
# Such a start is tried again, up to this many times in all; any other failure is final.
KERNEL_START_ATTEMPTS = 3
_KERNEL_START_FAILURE = "Kernel died before replying to kernel_info"


def kernel_start_failed(error: str) -> bool:
    """True when ``error`` (a message or traceback) says the kernel died while starting."""
    return _KERNEL_START_FAILURE in error


@dataclass(frozen=True)
class Execution:
    """One notebook's run in a worker: the executed notebook (JSON) or the error."""

    path: str
    notebook: str | None
    seconds: float
    error: str | None


def _run(path: str, env: dict[str, str], timeout: int) -> Execution:
    """Execute one notebook in this worker (a fresh kernel, in the notebook's folder)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
            notebook = nbformat.read(path, as_version=4)
            result = single_nb_execution(notebook, cwd=str(Path(path).parent),
                                         timeout=timeout, allow_errors=False,
                                         meta_override=True)
            if result.err is None or attempt == KERNEL_START_ATTEMPTS or \
                    not kernel_start_failed(result.exc_string or repr(result.err)):
                break
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if result.err is not None:
        return Execution(path, None, result.time, result.exc_string or repr(result.err))
    return Execution(path, nbformat.writes(notebook), result.time, None)


def book_notebooks(root: Path) -> list[tuple[str, Path]]:
    """(docname, path) of every notebook page of the table of contents, in reading order."""

    pages = [(page, root / f"{page}.ipynb") for page in toc_files(root)]
    return [(docname, path) for docname, path in pages if path.exists()]


def execute_book(root: Path, output: Path, workers: int | None = None, timeout: int = 120,
                 on_ready: Callable[[str], None] | None = None) -> dict[str, float]:
    """Execute every notebook of the book not yet in ``output``'s execution cache, with
    ``workers`` kernels at a time (default: :func:`default_workers`); return seconds per
    notebook.
    ``on_ready(docname)`` is called once a page's executed notebook is in the cache (at once
    for a page that already was).

    Raises ``RuntimeError`` with the notebook and its traceback if a cell fails.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from cbec.book.bundles import keep_trace, trace_environment_for

    build = output / "_build"
    cache = get_cache(str(build / ".jupyter_cache"))
    trace_dir = build / ".doctrees" / "cbec-traces"
    bundled = set(bundle_docnames(root / "_toc.yml", BUNDLE_PART))
    todo = []
    for docname, path in book_notebooks(root):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            pass
        else:  # already executed with this code
            if on_ready is not None:
                on_ready(docname)
            continue
        env = {}
        if docname in bundled:
            trace_dir.mkdir(parents=True, exist_ok=True)
            env = trace_environment_for(trace_dir, docname)
            Path(env["CBEC_TRACE_FILE"]).unlink(missing_ok=True)
        todo.append((docname, path, env))
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers or default_workers()) as pool:
        futures = {pool.submit(_run, str(path), env, timeout): (docname, path)
                   for docname, path, env in execution_order(todo)}
        for future in as_completed(futures):
            docname, path = futures[future]
            run = future.result()
            if run.error is not None:
                for other in futures:
                    other.cancel()
                raise RuntimeError(f"executing {path} failed:\n{run.error}")
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(run.notebook, as_version=4), record.uri,
                              data={"execution_seconds": run.seconds}),
                check_validity=False, overwrite=True)
            if docname in bundled:
                keep_trace(trace_dir, docname, path)
            seconds[docname] = run.seconds
            if on_ready is not None:
                on_ready(docname)
    seconds["(wall time)"] = time.perf_counter() - start
    return seconds


def recorded_seconds(path: Path) -> float:
    """How long the stored run of notebook ``path`` took, from the timestamps ``jupyter
    execute`` records in each code cell (0 when it recorded none)."""
    from datetime import datetime

    notebook = json.loads(path.read_text(encoding="utf-8"))
    stamps = [(cell.get("metadata", {}).get("execution") or {})
              for cell in notebook.get("cells", []) if cell.get("cell_type") == "code"]
    starts = [s["iopub.execute_input"] for s in stamps if "iopub.execute_input" in s]
    ends = [s["shell.execute_reply"] for s in stamps if "shell.execute_reply" in s]
    if not starts or not ends:
        return 0.0
    parse = datetime.fromisoformat
    return max(0.0, (parse(max(ends).rstrip("Z")) - parse(min(starts).rstrip("Z"))).total_seconds())


def execution_order(todo: list[tuple[str, Path, dict[str, str]]]
                    ) -> list[tuple[str, Path, dict[str, str]]]:
    """The notebook whose stored run took longest first, so that the longest run does not
    start last; then the others in the order Sphinx reads pages (sorted docnames), so that
    a build running alongside finds each page ready as soon as possible."""
    if not todo:
        return []
    longest = max(todo, key=lambda item: (recorded_seconds(item[1]), item[0]))
    rest = sorted((item for item in todo if item is not longest), key=lambda item: item[0])
    return [longest, *rest]


class ReadySignal:
    """Files through which the executing process tells a build running alongside which
    pages are in the cache: ``expected`` (the pages it will execute or finds cached),
    ``<page>.ready`` once one is, and ``failed`` (with the error) if an execution fails.

    The build's side is :meth:`wait_for`; it gives up when the executing process (its
    parent) has gone, the execution failed, or after :data:`WAIT_LIMIT_SECONDS`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _ready_file(self, docname: str) -> Path:
        return self.folder / f"{flat_docname(docname)}.ready"

    def expect(self, docnames: Sequence[str]) -> None:
        """Start afresh, announcing the pages this process is responsible for."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for stale in self.folder.iterdir():
            stale.unlink()
        (self.folder / "expected").write_text(
            json.dumps({"owner": os.getpid(), "pages": list(docnames)}), encoding="utf-8")

    def ready(self, docname: str) -> None:
        self._ready_file(docname).touch()

    def fail(self, message: str) -> None:
        (self.folder / "failed").write_text(message, encoding="utf-8")

    def expected(self) -> tuple[int, list[str]]:
        """(pid of the executing process, the pages it announced)."""
        record = json.loads((self.folder / "expected").read_text(encoding="utf-8"))
        return record["owner"], record["pages"]

    def wait_for(self, docname: str, poll: float = 0.02,
                 limit: float = WAIT_LIMIT_SECONDS) -> float:
        """Block until ``docname`` is in the cache (return the seconds waited); at once for
        a page the executing process did not announce. Raises ``RuntimeError`` if its
        execution failed, the executing process is gone, or ``limit`` passes."""
        owner, pages = self.expected()
        if docname not in pages:
            return 0.0
        start = time.perf_counter()
        ready = self._ready_file(docname)
        while not ready.exists():
            failed = self.folder / "failed"
            if failed.exists():
                raise RuntimeError(f"{docname} is not in the cache: the execution step "
                                   f"failed:\n{failed.read_text(encoding='utf-8')}")
            if os.getppid() != owner:
                raise RuntimeError(f"{docname} is not in the cache: the execution step "
                                   f"(process {owner}) has stopped")
            if time.perf_counter() - start > limit:
                raise RuntimeError(f"{docname} was not executed within {limit:.0f} s")
            time.sleep(poll)
        return time.perf_counter() - start


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_html` did: the build's exit code and log, seconds per executed
    notebook (plus "(wall time)" of the execution step) and the whole wall time."""

    returncode: int
    log: str
    executed: dict[str, float]
    seconds: float


def build_html(root: Path, output: Path, workers: int | None = None,
               build_args: Sequence[str] = ("-W", "-n", "--keep-going"),
               capture: bool = True) -> BuildResult:
    """Execute every notebook into ``output``'s cache and, side by side, run
    ``jupyter-book build ROOT --path-output OUTPUT`` with ``build_args``, which reads each
    notebook page once it is in the cache. With ``capture`` the build's output is returned
    in ``log``; without, it goes to this process's terminal.

    Raises ``RuntimeError`` (naming the notebook, with its traceback) if an execution fails;
    the build is then stopped. A failed build is reported by ``returncode`` and ``log``.
    """
    import tempfile

    signal = ReadySignal(output / "_build" / ".cbec-execution")
    signal.expect([docname for docname, _ in book_notebooks(root)])
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(root),
               "--path-output", str(output), *build_args]
    env = dict(os.environ, **{SIGNAL_VARIABLE: str(signal.folder)})
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        sink = {"stdout": log, "stderr": subprocess.STDOUT} if capture else {}
        build = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, **sink)
        try:
            executed = execute_book(root, output, workers=workers, on_ready=signal.ready)
        except BaseException as error:
            signal.fail(str(error))
            build.wait()
            raise
        returncode = build.wait()
        log.seek(0)
        text = log.read()
    return BuildResult(returncode, text, executed, time.perf_counter() - start)


def executed_notebook(output: Path, path: Path) -> object:
    """The executed copy of ``path`` held in ``output``'s execution cache (nbformat)."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(output / "_build" / ".jupyter_cache"))
    notebook = nbformat.read(path, as_version=4)
    _, merged = cache.merge_match_into_notebook(notebook)
    return merged


def _report(seconds: dict[str, float]) -> None:
    seconds = dict(seconds)
    wall = seconds.pop("(wall time)")
    for docname in sorted(seconds):
        print(f"executed {docname} in {seconds[docname]:.1f} s")
    print(f"{len(seconds)} notebooks executed in {wall:.1f} s "
          f"({sum(seconds.values()):.1f} s of kernel time)")


def main(argv: list[str] | None = None) -> None:
    """``python -m cbec.book.execute [--output DIR] [--workers N] [--build]``."""
    import argparse

    from cbec.data.paths import project_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None,
                        help="the build's --path-output (default: the book folder)")
    parser.add_argument("--workers", type=int, default=None, help="kernels at a time")
    parser.add_argument("--build", action="store_true",
                        help="run `jupyter-book build . -W -n --keep-going` alongside")
    args = parser.parse_args(argv)
    root = project_root()
    output = args.output or root
    if not args.build:
        _report(execute_book(root, output, workers=args.workers))
        return
    result = build_html(root, output, workers=args.workers, capture=False)
    _report(result.executed)
    print(f"executed and built in {result.seconds:.1f} s")
    if result.returncode != 0:
        sys.exit(f"jupyter-book build failed (exit {result.returncode})")


if __name__ == "__main__":
    main()
