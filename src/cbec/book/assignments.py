"""Autograded assignments, one per analytical chapter, built and graded with otter-grader.

``assignments/<chapter>.ipynb`` (paired with a ``.py`` twin) is an otter-grader *assign*
master notebook: the chapter's computational exercises as questions, the answer key's code as
solutions, public tests that only check the form of an answer (worth no points) and one
hidden test per question that recomputes the expected value from the data package with the
``cbec`` helpers and carries all of the question's points.

``python3 tasks.py assignments`` runs ``otter assign`` on every master and writes, per
chapter, into ``_build/assignments/<chapter>/``:

* ``student/<chapter>.ipynb``: what students get (no solutions, public tests only);
* ``autograder/<chapter>.ipynb``: the answer key (solutions filled in);
* ``<chapter>-autograder.zip``: otter's autograder (all tests, hidden ones included).

``python3 tasks.py grade SUBMISSIONS_DIR`` grades every notebook under a folder, whatever
chapter each belongs to (read from the notebook's otter metadata; ``--assignment`` keeps one
chapter), with otter's local runner (``otter.api.grade_submission``, no Docker), and writes a
CSV of scores: one row per submission, one column per question.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd

from cbec.data.paths import project_root

CHAPTERS: tuple[str, ...] = ("china_cbec", "heilongjiang", "russia_market", "aliexpress",
                             "regression")
REL_TOLERANCE = 1e-6
ABS_TOLERANCE = 1e-9
SCORE_COLUMNS = ("submission", "assignment", "score", "possible", "percent", "error")


class AssignmentError(RuntimeError):
    """A master notebook, build or submission cannot be used (the message names the file)."""


def assignments_dir(root: Path | None = None) -> Path:
    """The folder of the master notebooks."""
    return (root or project_root()) / "assignments"


def default_build_dir(root: Path | None = None) -> Path:
    """Where ``python3 tasks.py assignments`` writes its output."""
    return (root or project_root()) / "_build" / "assignments"


@dataclass(frozen=True)
class BuiltAssignment:
    """The files ``otter assign`` made for one chapter."""

    name: str
    student: Path
    answer_key: Path
    autograder: Path


def _master_digest(master: Path) -> str:
    return hashlib.sha256(master.read_bytes()).hexdigest()


def built_paths(name: str, build_dir: Path) -> BuiltAssignment:
    """Where the build of ``name`` lives under ``build_dir`` (whether or not it exists)."""
    folder = build_dir / name
    return BuiltAssignment(name, folder / "student" / f"{name}.ipynb",
                           folder / "autograder" / f"{name}.ipynb",
                           folder / f"{name}-autograder.zip")


def _strip_pairing(notebook: Path) -> None:
    """Drop the jupytext pairing of the master, so a student's Jupyter makes no .py twin."""
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content.get("metadata", {}).pop("jupytext", None)
    notebook.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


def build_assignment(name: str, build_dir: Path | None = None, run_tests: bool = True,
                     root: Path | None = None) -> BuiltAssignment:
    """Run ``otter assign`` on the master of ``name``; return the paths of what it made.

    With ``run_tests`` otter also grades the answer key against every test and fails unless
    it scores 100%.
    """
    with warnings.catch_warnings():  # ipylab, which otter imports, uses a deprecated trait
        warnings.filterwarnings("ignore", "Traits should be given as instances",
                                DeprecationWarning)
        from otter.assign import main as otter_assign

    master = assignments_dir(root) / f"{name}.ipynb"
    if not master.exists():
        raise AssignmentError(f"{master}: no such master notebook")
    build_dir = Path(build_dir) if build_dir is not None else default_build_dir(root)
    paths = built_paths(name, build_dir)
    folder = paths.autograder.parent
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    # otter assign works in the master's folder; a scratch copy keeps assignments/ clean.
    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as scratch:
        copy = Path(scratch) / master.name
        shutil.copy2(master, copy)
        _strip_pairing(copy)
        result = Path(scratch) / "dist"
        cwd = Path.cwd()
        try:
            otter_assign(str(copy), str(result), no_pdfs=True, no_run_tests=not run_tests)
        except Exception as error:
            raise AssignmentError(f"{master}: otter assign failed: {error}") from error
        finally:
            os.chdir(cwd)
        zips = sorted((result / "autograder").glob(f"{name}-autograder_*.zip"))
        if len(zips) != 1:
            raise AssignmentError(f"{master}: expected one autograder zip, found {zips}")
        shutil.copytree(result / "student", folder / "student")
        shutil.copytree(result / "autograder", folder / "autograder",
                        ignore=shutil.ignore_patterns("*.zip"))
        shutil.copy2(zips[0], paths.autograder)
    (folder / "master.sha256").write_text(_master_digest(master) + "\n", encoding="utf-8")
    return paths


def build_all(build_dir: Path | None = None, run_tests: bool = True,
              names: Iterable[str] = CHAPTERS, root: Path | None = None,
              timings: dict[str, float] | None = None) -> dict[str, BuiltAssignment]:
    """Build every assignment; record seconds per chapter in ``timings`` when given."""
    built = {}
    for name in names:
        start = time.perf_counter()
        built[name] = build_assignment(name, build_dir, run_tests=run_tests, root=root)
        if timings is not None:
            timings[name] = time.perf_counter() - start
    return built


def is_current(name: str, build_dir: Path, root: Path | None = None) -> bool:
    """True when the build of ``name`` exists and was made from the current master."""
    paths = built_paths(name, build_dir)
    stamp = paths.autograder.parent / "master.sha256"
    master = assignments_dir(root) / f"{name}.ipynb"
    return (paths.autograder.exists() and stamp.exists()
            and stamp.read_text(encoding="utf-8").strip() == _master_digest(master))


# --- hidden-test comparison -------------------------------------------------------------------

def assert_matches(answer: Any, expected: Any, what: str = "the answer") -> None:
    """Fail unless ``answer`` equals ``expected`` (numbers to a relative 1e-6).

    Used by the hidden tests, which compute ``expected`` from the data package. Series must
    have the same index, mappings the same keys, sequences the same length. The message
    never shows the expected value.
    """
    message = f"{what} does not match the answer key"
    if isinstance(expected, pd.DataFrame):
        assert isinstance(answer, pd.DataFrame), f"{what} should be a pandas DataFrame"
        assert list(answer.columns) == list(expected.columns), message
        assert_matches(answer.to_dict("list"), expected.to_dict("list"), what)
        return
    if isinstance(expected, pd.Series):
        assert isinstance(answer, pd.Series), f"{what} should be a pandas Series"
        assert [_plain(i) for i in answer.index] == [_plain(i) for i in expected.index], message
        assert_matches(list(answer), list(expected), what)
        return
    if isinstance(expected, Mapping):
        assert isinstance(answer, Mapping), f"{what} should be a dict"
        assert {_plain(k) for k in answer} == {_plain(k) for k in expected}, message
        by_key = {_plain(k): v for k, v in answer.items()}
        for key, value in expected.items():
            assert_matches(by_key[_plain(key)], value, what)
        return
    if isinstance(expected, list | tuple):
        assert isinstance(answer, list | tuple | pd.Series | pd.Index), f"{what} should be a list"
        assert len(answer) == len(expected), message
        for got, want in zip(answer, expected, strict=True):
            assert_matches(got, want, what)
        return
    expected, answer = _plain(expected), _plain(answer)
    if isinstance(expected, bool | str) or expected is None:
        assert type(answer) is type(expected) and answer == expected, message
        return
    if isinstance(expected, int | float):
        assert isinstance(answer, int | float) and not isinstance(answer, bool), \
            f"{what} should be a number"
        if math.isnan(expected):
            assert math.isnan(answer), message
            return
        assert math.isclose(answer, expected, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE), \
            message
        return
    assert answer == expected, message


def _plain(value: Any) -> Any:
    """numpy and pandas scalars as Python ones (pd.NA as None)."""
    if value is pd.NA or value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


# --- grading ----------------------------------------------------------------------------------

def assignment_of(notebook: Path) -> str:
    """The assignment a submission belongs to, from the otter metadata of the notebook."""
    try:
        content = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AssignmentError(f"{notebook}: not a readable notebook ({error})") from error
    name = content.get("metadata", {}).get("otter", {}).get("assignment_name")
    if not name:
        raise AssignmentError(
            f"{notebook}: no otter assignment name in the notebook metadata; hand out the "
            "notebooks made by python3 tasks.py assignments")
    return str(name)


def submissions(folder: Path, only: str | None = None) -> list[tuple[Path, str]]:
    """Every notebook under ``folder`` with its assignment (only ``only`` when given)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise AssignmentError(f"{folder}: no such folder of submissions")
    if only is not None and only not in CHAPTERS:
        raise AssignmentError(f"unknown assignment {only!r}; choose one of {', '.join(CHAPTERS)}")
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        name = assignment_of(path)
        if name not in CHAPTERS:
            raise AssignmentError(f"{path}: unknown assignment {name!r} in its metadata")
        if only is None or name == only:
            found.append((path, name))
    return found


def _grade_one(submission: str, autograder: str) -> dict[str, Any]:
    """Grade one notebook with otter's local runner (runs in a worker process)."""
    from otter.api import grade_submission

    from cbec.book.execute import KERNEL_START_ATTEMPTS, kernel_start_failed

    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            results = grade_submission(submission, autograder, quiet=True)
            break
        except Exception as error:  # otter raises on a notebook it cannot run at all
            if attempt < KERNEL_START_ATTEMPTS and kernel_start_failed(str(error)):
                continue  # the kernel never started: not the submission's fault
            return {"questions": {}, "error": f"{type(error).__name__}: {error}"}
    questions = {name: (float(results.get_result(name).score),
                        float(results.get_result(name).possible))
                 for name in results.test_files}
    error = results.catastrophic_error
    return {"questions": questions, "error": "" if error is None else str(error)}


def grade(folder: Path, build_dir: Path | None = None, only: str | None = None,
          output: Path | None = None, jobs: int = 1,
          root: Path | None = None) -> pd.DataFrame:
    """Grade every submission under ``folder``; write and return the table of scores.

    Assignments whose build is missing or older than their master are built first. The CSV
    (``folder/scores.csv`` unless ``output`` is given) has one row per submission: its path
    relative to ``folder``, the assignment, the score, the possible points, the percentage,
    any error that stopped the notebook, and the points of each question.
    """
    folder = Path(folder)
    build_dir = Path(build_dir) if build_dir is not None else default_build_dir(root)
    found = submissions(folder, only)
    for name in sorted({name for _, name in found}, key=CHAPTERS.index):
        if not is_current(name, build_dir, root):
            print(f"building the {name} assignment first", file=sys.stderr, flush=True)
            build_assignment(name, build_dir, root=root)
    tasks = [(str(path), str(built_paths(name, build_dir).autograder)) for path, name in found]
    if jobs > 1 and len(tasks) > 1:
        # Forking a single-threaded process spares each worker the import of otter; with other
        # threads running, forking is unsafe, so workers start afresh.
        method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
        if method == "fork":
            import otter.api  # noqa: F401  (loaded once, before the workers are forked)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method)) as pool:
            outcomes = list(pool.map(_grade_one, *zip(*tasks, strict=True)))
    else:
        outcomes = [_grade_one(*task) for task in tasks]
    rows: list[dict[str, Any]] = []
    question_order: dict[str, list[str]] = {name: [] for name in CHAPTERS}
    for (path, name), outcome in zip(found, outcomes, strict=True):
        questions = outcome["questions"]
        score = sum(s for s, _ in questions.values())
        possible = sum(p for _, p in questions.values())
        row: dict[str, Any] = {
            "submission": path.relative_to(folder).as_posix(), "assignment": name,
            "score": score, "possible": possible,
            "percent": round(100 * score / possible, 2) if possible else 0.0,
            "error": outcome["error"]}
        for question, (points, _) in questions.items():
            row[question] = points
            if question not in question_order[name]:
                question_order[name].append(question)
        rows.append(row)
    columns = [q for name in CHAPTERS for q in question_order[name]]
    table = pd.DataFrame(rows, columns=[*SCORE_COLUMNS, *columns])
    target = Path(output) if output is not None else folder / "scores.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(target, index=False)
    return table


def main(argv: list[str] | None = None) -> None:
    """Command line: ``build`` the assignments or ``grade`` a folder of submissions."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build student notebooks and autograder zips")
    build.add_argument("names", nargs="*", default=list(CHAPTERS), metavar="CHAPTER")
    build.add_argument("--out", type=Path, default=None, help="default: _build/assignments")
    build.add_argument("--no-run-tests", action="store_true",
                       help="skip otter's check that each answer key scores 100%%")
    grade_command = commands.add_parser("grade", help="grade a folder of student notebooks")
    grade_command.add_argument("submissions", type=Path)
    grade_command.add_argument("--assignment", choices=CHAPTERS, default=None,
                               help="grade only the notebooks of this chapter")
    grade_command.add_argument("--output", type=Path, default=None,
                               help="CSV to write (default: SUBMISSIONS/scores.csv)")
    grade_command.add_argument("--build-dir", type=Path, default=None,
                               help="where the autograders are (default: _build/assignments)")
    grade_command.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            for name in args.names:
                if name not in CHAPTERS:
                    parser.error(f"unknown chapter {name!r}")
            timings: dict[str, float] = {}
            for name, built in build_all(args.out, not args.no_run_tests, args.names,
                                         timings=timings).items():
                print(f"{name}: {built.student.parent.parent} ({timings[name]:.1f} s)")
            return
        output = args.output or args.submissions / "scores.csv"
        table = grade(args.submissions, args.build_dir, args.assignment, output, args.jobs)
    except AssignmentError as error:
        sys.exit(f"error: {error}")
    if table.empty:
        print(f"no notebooks to grade under {args.submissions}")
    else:
        print(table[["submission", "assignment", "score", "possible", "percent"]]
              .to_string(index=False))
    print(f"scores written to {output}")


if __name__ == "__main__":
    main()
