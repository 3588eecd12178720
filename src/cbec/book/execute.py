"""Execute the book's notebooks once, several at a time, into the cache the build reads.

Jupyter Book executes notebooks one after another while Sphinx reads them, so a clean build
takes the sum of every chapter's run. :func:`execute_book` runs them first in a pool of
worker processes (one kernel each) and stores each executed notebook in the build's own
jupyter-cache (``<output>/_build/.jupyter_cache``, where myst-nb looks); the build then takes
every page from that cache and executes nothing. The cache is written by this process only,
one notebook at a time, as myst-nb itself would write it.

Bundled chapters are traced while they run, exactly as the build would trace them
(:mod:`cbec.book.kerneltrace`), so the chapter bundles need no second execution.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BUNDLE_PART = "Chapters"  # the _toc.yml part whose pages get a bundle (cbec_bundle_part)


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
        notebook = nbformat.read(path, as_version=4)
        result = single_nb_execution(notebook, cwd=str(Path(path).parent), timeout=timeout,
                                     allow_errors=False, meta_override=True)
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
    from cbec.book.bookmeta import toc_files

    pages = [(page, root / f"{page}.ipynb") for page in toc_files(root)]
    return [(docname, path) for docname, path in pages if path.exists()]


def execute_book(root: Path, output: Path, workers: int | None = None,
                 timeout: int = 120) -> dict[str, float]:
    """Execute every notebook of the book not yet in ``output``'s execution cache, with
    ``workers`` kernels at a time (default: one per CPU); return seconds per notebook.

    Raises ``RuntimeError`` with the notebook and its traceback if a cell fails.
    """
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from cbec.book.bundles import keep_trace, trace_environment_for
    from cbec.book.sphinxext import bundle_docnames

    build = output / "_build"
    cache = get_cache(str(build / ".jupyter_cache"))
    trace_dir = build / ".doctrees" / "cbec-traces"
    bundled = set(bundle_docnames(root / "_toc.yml", BUNDLE_PART))
    todo = []
    for docname, path in book_notebooks(root):
        try:
            cache.match_cache_notebook(nbformat.read(path, as_version=4))
            continue  # already executed with this code
        except KeyError:
            pass
        env = {}
        if docname in bundled:
            trace_dir.mkdir(parents=True, exist_ok=True)
            env = trace_environment_for(trace_dir, docname)
            Path(env["CBEC_TRACE_FILE"]).unlink(missing_ok=True)
        todo.append((docname, path, env))
    # Largest notebooks first, so that the longest run does not start last.
    todo.sort(key=lambda item: item[1].stat().st_size, reverse=True)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = [(docname, path, pool.submit(_run, str(path), env, timeout))
                   for docname, path, env in todo]
        for docname, path, future in futures:
            run = future.result()
            if run.error is not None:
                raise RuntimeError(f"executing {path} failed:\n{run.error}")
            record = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(run.notebook, as_version=4), record.uri,
                              data={"execution_seconds": run.seconds}),
                check_validity=False, overwrite=True)
            if docname in bundled:
                keep_trace(trace_dir, docname, path)
            seconds[docname] = run.seconds
    seconds["(wall time)"] = time.perf_counter() - start
    return seconds


def executed_notebook(output: Path, path: Path) -> object:
    """The executed copy of ``path`` held in ``output``'s execution cache (nbformat)."""
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(output / "_build" / ".jupyter_cache"))
    notebook = nbformat.read(path, as_version=4)
    _, merged = cache.merge_match_into_notebook(notebook)
    return merged


def main(argv: list[str] | None = None) -> None:
    """``python -m cbec.book.execute [--output DIR] [--workers N]``."""
    import argparse

    from cbec.data.paths import project_root

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None,
                        help="the build's --path-output (default: the book folder)")
    parser.add_argument("--workers", type=int, default=None, help="kernels at a time")
    args = parser.parse_args(argv)
    root = project_root()
    seconds = execute_book(root, args.output or root, workers=args.workers)
    wall = seconds.pop("(wall time)")
    for docname, spent in seconds.items():
        print(f"executed {docname} in {spent:.1f} s")
    print(f"{len(seconds)} notebooks executed in {wall:.1f} s "
          f"({sum(seconds.values()):.1f} s of kernel time)")


if __name__ == "__main__":
    main()
