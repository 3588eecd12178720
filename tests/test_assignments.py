"""Autograded assignments (otter-grader): the answer keys score 100%, untouched student
notebooks score nothing, one wrong answer costs exactly its question, and neither solutions
nor hidden tests reach the student files.

The five assignments are built once per session (otter assign, without its own test run).
One call of the grade command (otter's local runner, a fresh kernel per notebook) grades
seven notebooks: every answer key, one untouched student notebook and one answer key with a
single wrong answer. Every untouched student notebook is also run against its autograder's
tests in this process with otter's own test-file runner, which needs no kernel.
"""

from __future__ import annotations

import ast
import json
import re
import zipfile
from pathlib import Path

import jupytext
import pandas as pd
import pytest
from leakcheck import notebook_text, shingles

from cbec.book import assignments
from cbec.book.assignments import CHAPTERS, AssignmentError, assert_matches

# Shares the session's built and graded assignments (one xdist worker).
pytestmark = pytest.mark.xdist_group("assignments")

MASTERS = Path(__file__).resolve().parents[1] / "assignments"
WRONG_CHAPTER, WRONG_QUESTION, WRONG_VARIABLE = "aliexpress", "ali_multiple", "daily_multiple"


# --- the master notebooks, read the way otter reads them ------------------------------------

def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _master(name: str) -> list[dict]:
    return json.loads((MASTERS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def _is_boundary(cell: dict, word: str) -> bool:
    return cell["cell_type"] == "raw" and bool(
        re.match(rf"#\s+{word}\b", _source(cell), flags=re.IGNORECASE))


def _test_config(source: str) -> dict:
    match = re.match(r'"""\s*# BEGIN TEST CONFIG\n(.*?)"""\s*# END TEST CONFIG', source, re.S)
    if not match:
        return {}
    import yaml

    return yaml.safe_load(match.group(1)) or {}


def _split_master(name: str) -> dict[str, list[str]]:
    """The master's text in three parts: what students see (prompts, the visible part of
    solution cells, public tests), the solutions, and the hidden tests."""
    parts: dict[str, list[str]] = {"visible": [], "solutions": [], "hidden": []}
    in_solution = in_tests = False
    for cell in _master(name):
        source = _source(cell)
        if _is_boundary(cell, "BEGIN SOLUTION"):
            in_solution = True
        elif _is_boundary(cell, "END SOLUTION"):
            in_solution = False
        elif _is_boundary(cell, "BEGIN TESTS"):
            in_tests = True
        elif _is_boundary(cell, "END TESTS"):
            in_tests = False
        elif cell["cell_type"] == "raw":
            continue
        elif in_tests:
            if _test_config(source).get("hidden", False):
                # the test itself; its configuration and the call are no secret
                parts["hidden"] += [ast.get_source_segment(source, node)
                                    for node in ast.parse(source).body
                                    if isinstance(node, ast.FunctionDef)]
            else:
                parts["visible"].append(source)
        elif in_solution and cell["cell_type"] == "markdown":
            parts["solutions"].append(source)
        elif in_solution:
            visible, secret, block = [], [], False
            for line in source.split("\n"):
                if line.strip() == "# BEGIN SOLUTION":
                    block = True
                    visible.append("...")
                elif line.strip() == "# END SOLUTION":
                    block = False
                elif block:
                    secret.append(line)
                elif line.rstrip().endswith("# SOLUTION"):
                    code = line.rsplit("#", 1)[0]
                    secret.append(code)
                    target = re.match(r"\s*([\w.]+)\s*=", code)
                    visible.append(f"{target.group(1)} = ..." if target else "...")
                else:
                    visible.append(line)
            parts["visible"].append("\n".join(visible))
            parts["solutions"].append("\n".join(secret))
        else:
            parts["visible"].append(source)
    return parts


def _hidden_functions(name: str) -> list[ast.FunctionDef]:
    return [ast.parse(source).body[0] for source in _split_master(name)["hidden"]]


def _hidden_tests_per_question(name: str) -> dict[str, int]:
    import yaml

    counts: dict[str, int] = {}
    question = None
    for cell in _master(name):
        if _is_boundary(cell, "BEGIN QUESTION"):
            question = yaml.safe_load(_source(cell).split("\n", 1)[1])["name"]
            counts[question] = 0
        elif cell["cell_type"] == "code" and _test_config(_source(cell)).get("hidden"):
            assert question is not None
            counts[question] += 1
    return counts


def _questions(name: str) -> list[dict]:
    import yaml

    return [yaml.safe_load(_source(c).split("\n", 1)[1]) for c in _master(name)
            if _is_boundary(c, "BEGIN QUESTION")]


# --- cheap checks of the masters --------------------------------------------------------------

def test_every_analytical_chapter_has_a_master() -> None:
    assert sorted(p.stem for p in MASTERS.glob("*.ipynb")) == sorted(CHAPTERS)
    chapters = Path(__file__).resolve().parents[1] / "chapters"
    assert all((chapters / f"{name}.ipynb").exists() for name in CHAPTERS)


@pytest.mark.parametrize("name", CHAPTERS)
def test_master_and_py_twin_are_in_sync(name: str) -> None:
    notebook = MASTERS / f"{name}.ipynb"
    paired = jupytext.writes(jupytext.read(notebook), fmt="py:percent")
    assert paired == notebook.with_suffix(".py").read_text(encoding="utf-8"), (
        f"run .venv/bin/jupytext --sync assignments/{name}.ipynb")


@pytest.mark.parametrize("name", CHAPTERS)
def test_each_question_has_one_hidden_test_that_recomputes_from_the_helpers(name: str) -> None:
    questions = _questions(name)
    assert questions
    assert _hidden_tests_per_question(name) == {q["name"]: 1 for q in questions}
    hidden = _hidden_functions(name)
    for function in hidden:
        imported = {alias.name if node.module is None else node.module
                    for node in ast.walk(function) if isinstance(node, ast.ImportFrom)
                    for alias in node.names}
        assert any(module.startswith("cbec") for module in imported), function.name
        floats = [n.value for n in ast.walk(function)
                  if isinstance(n, ast.Constant) and isinstance(n.value, float)]
        assert not floats, f"{function.name} types numbers by hand: {floats}"
        calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", None) == "assert_matches"]
        assert calls, f"{function.name} never compares an answer"
        for call in calls:
            expected = call.args[1]
            typed = isinstance(expected, ast.Constant) or (
                isinstance(expected, ast.List | ast.Tuple | ast.Dict)
                and all(isinstance(e, ast.Constant) for e in ast.walk(expected)
                        if isinstance(e, ast.expr) and e is not expected))
            assert not typed, f"{function.name} compares with a typed constant"


def test_question_names_are_unique_across_assignments() -> None:
    names = [q["name"] for chapter in CHAPTERS for q in _questions(chapter)]
    assert len(names) == len(set(names))


def test_public_tests_carry_no_points() -> None:
    for chapter in CHAPTERS:
        for source in _split_master(chapter)["visible"]:
            if source.lstrip().startswith('""" # BEGIN TEST CONFIG'):
                assert _test_config(source).get("points") == 0, source[:200]


# --- the comparison used by the hidden tests ---------------------------------------------------

def test_assert_matches_accepts_equal_answers_of_any_usual_form() -> None:
    import numpy as np

    assert_matches(np.float64(0.1) + 0.2, 0.3)
    assert_matches(26, 26.0)
    assert_matches(np.True_, True)
    assert_matches([2011], [np.int64(2011)])
    assert_matches({"a": 1.0, "b": [1, 2]}, {"a": 1, "b": (1, 2)})
    assert_matches(pd.Series([1.0, 2.0], index=[2019, 2020]),
                   pd.Series([1.0, 2.0], index=pd.Index([2019, 2020], dtype="Int64")))


@pytest.mark.parametrize("answer, expected", [
    (0.30001, 0.3), (True, 1), (1, True), ("cut", "round"), ([1, 2], [1, 2, 3]),
    ({"a": 1}, {"b": 1}), (Ellipsis, 1.5), (None, 2.0),
    (pd.Series([1.0], index=[2019]), pd.Series([1.0], index=[2020])),
    ([1.0, 2.0], pd.Series([1.0, 2.0])),
])
def test_assert_matches_rejects_wrong_answers_without_showing_the_key(answer: object,
                                                                       expected: object) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_matches(answer, expected, "x")
    assert str(failure.value).startswith("x ")
    assert "0.3" not in str(failure.value) and "round" not in str(failure.value)


# --- finding submissions -----------------------------------------------------------------------

def test_a_notebook_without_otter_metadata_fails_naming_the_file(tmp_path: Path) -> None:
    stray = tmp_path / "nested" / "essay.ipynb"
    stray.parent.mkdir()
    stray.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                 "nbformat_minor": 5}), encoding="utf-8")
    with pytest.raises(AssignmentError, match=r"essay\.ipynb.*assignment name"):
        assignments.submissions(tmp_path)
    stray.write_text("{not json", encoding="utf-8")
    with pytest.raises(AssignmentError, match=r"essay\.ipynb.*not a readable notebook"):
        assignments.submissions(tmp_path)
    with pytest.raises(AssignmentError, match="unknown assignment"):
        assignments.submissions(tmp_path, only="nonsense")


def test_submissions_are_found_recursively_and_filtered_by_chapter(tmp_path: Path) -> None:
    for folder, name in [("a", "china_cbec"), ("b", "regression"), ("b/deeper", "regression")]:
        path = tmp_path / folder / f"{name}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"cells": [], "nbformat": 4, "nbformat_minor": 5,
                                    "metadata": {"otter": {"assignment_name": name}}}))
    checkpoint = tmp_path / "a" / ".ipynb_checkpoints" / "china_cbec-checkpoint.ipynb"
    checkpoint.parent.mkdir()
    checkpoint.write_text("{}")
    found = assignments.submissions(tmp_path)
    assert [(p.relative_to(tmp_path).as_posix(), n) for p, n in found] == [
        ("a/china_cbec.ipynb", "china_cbec"), ("b/deeper/regression.ipynb", "regression"),
        ("b/regression.ipynb", "regression")]
    assert [n for _, n in assignments.submissions(tmp_path, only="china_cbec")] == ["china_cbec"]


# --- built and graded once per session ---------------------------------------------------------

@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("assignments")
    return out, assignments.build_all(out, run_tests=False)


def _with_one_wrong_answer(answer_key: Path, target: Path) -> None:
    content = json.loads(answer_key.read_text(encoding="utf-8"))
    cells = [c for c in content["cells"] if c["cell_type"] == "code"
             and re.search(rf"^{WRONG_VARIABLE} = ", _source(c), re.M)]
    assert len(cells) == 1
    cells[0]["source"] = _source(cells[0]) + f"\n{WRONG_VARIABLE} = {WRONG_VARIABLE} * 2\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(content), encoding="utf-8")


@pytest.fixture(scope="session")
def graded(built: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out, made = built
    folder = tmp_path_factory.mktemp("submissions")
    (folder / "key").mkdir()
    for name, paths in made.items():
        (folder / "key" / f"{name}.ipynb").write_bytes(paths.answer_key.read_bytes())
    (folder / "untouched").mkdir()
    (folder / "untouched" / f"{WRONG_CHAPTER}.ipynb").write_bytes(
        made[WRONG_CHAPTER].student.read_bytes())
    _with_one_wrong_answer(made[WRONG_CHAPTER].answer_key,
                           folder / "wrong" / f"{WRONG_CHAPTER}.ipynb")
    table = assignments.grade(folder, build_dir=out, output=folder / "scores.csv", jobs=2)
    written = pd.read_csv(folder / "scores.csv", keep_default_na=False)
    assert list(written["submission"]) == list(table["submission"])
    assert list(written.columns) == list(table.columns)
    return table.set_index("submission")


def _question_names(name: str) -> list[str]:
    return [q["name"] for q in _questions(name)]


def test_the_build_has_what_tasks_promises(built: tuple[Path, dict]) -> None:
    _, made = built
    for name, paths in made.items():
        for path in (paths.student, paths.answer_key, paths.autograder):
            assert path.is_file(), path
        with zipfile.ZipFile(paths.autograder) as archive:
            tests = {n for n in archive.namelist() if n.startswith("tests/")}
        assert tests == {f"tests/{q}.py" for q in _question_names(name)}
        metadata = json.loads(paths.student.read_text(encoding="utf-8"))["metadata"]
        assert metadata["otter"]["assignment_name"] == name
        assert "jupytext" not in metadata


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_answer_key_scores_100_percent(graded: pd.DataFrame, name: str) -> None:
    row = graded.loc[f"key/{name}.ipynb"]
    assert row["error"] == "" and row["assignment"] == name
    assert row["possible"] > 0 and row["score"] == row["possible"] and row["percent"] == 100
    assert sum(row[q] for q in _question_names(name)) == row["possible"]


def test_an_untouched_student_notebook_scores_zero(graded: pd.DataFrame) -> None:
    row = graded.loc[f"untouched/{WRONG_CHAPTER}.ipynb"]
    key = graded.loc[f"key/{WRONG_CHAPTER}.ipynb"]
    # All points sit on the hidden tests, so a zero score is a zero on every hidden test, and
    # the same possible points as the key show that the hidden tests did run.
    assert row["error"] == "" and row["possible"] == key["possible"]
    assert row["score"] == 0 and all(row[q] == 0 for q in _question_names(WRONG_CHAPTER))


def _run_code_cells(notebook: Path) -> dict:
    """The namespace left by a notebook's own code (otter's grader cells left out)."""
    namespace: dict = {}
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = _source(cell)
        if cell["cell_type"] == "code" and "otter" not in source and "grader." not in source:
            exec(compile(source, str(notebook), "exec"), namespace)
    return namespace


def _hidden_results(namespace: dict, autograder: Path) -> list[tuple[str, bool, float]]:
    """(question, passed, points) of every hidden test case of the autograder zip, run
    against ``namespace`` with otter's exception-based test files."""
    from otter.test_files.exception_test import ExceptionTestFile

    results = []
    with zipfile.ZipFile(autograder) as archive:
        for member in sorted(n for n in archive.namelist() if n.startswith("tests/")):
            test_file = ExceptionTestFile.from_string(archive.read(member).decode("utf-8"),
                                                      path=member)
            test_file.run(namespace)
            results += [(test_file.name, r.passed, r.test_case.points)
                        for r in test_file.test_case_results if r.test_case.hidden]
    return results


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_untouched_student_notebook_fails_every_hidden_test(
        built: tuple[Path, dict], name: str) -> None:
    paths = built[1][name]
    untouched = _hidden_results(_run_code_cells(paths.student), paths.autograder)
    assert len(untouched) == len(_questions(name))
    assert not any(passed for _, passed, _ in untouched), untouched
    # The same harness gives the answer key every hidden point, so it is able to pass.
    key = _hidden_results(_run_code_cells(paths.answer_key), paths.autograder)
    assert all(passed for _, passed, _ in key), key
    assert sum(points for *_, points in key) == sum(q["points"] for q in _questions(name))


def test_one_wrong_answer_loses_exactly_that_questions_points(graded: pd.DataFrame) -> None:
    row = graded.loc[f"wrong/{WRONG_CHAPTER}.ipynb"]
    key = graded.loc[f"key/{WRONG_CHAPTER}.ipynb"]
    both = f"wrong: {row.to_dict()}\nkey: {key.to_dict()}"
    assert key[WRONG_QUESTION] > 0, both
    assert row[WRONG_QUESTION] == 0, both
    assert row["score"] == key["score"] - key[WRONG_QUESTION], both
    for question in _question_names(WRONG_CHAPTER):
        if question != WRONG_QUESTION:
            assert row[question] == key[question], both


def test_no_solution_or_hidden_test_text_reaches_the_student_files(
        built: tuple[Path, dict]) -> None:
    _, made = built
    for name, paths in made.items():
        parts = _split_master(name)
        visible: set[str] = set()
        for text in parts["visible"]:
            visible |= shingles(text)
        solutions = set().union(*(shingles(t) for t in parts["solutions"])) - visible
        hidden = set().union(*(shingles(t) for t in parts["hidden"])) - visible
        assert solutions and hidden, name
        files = [p for p in sorted(paths.student.parent.rglob("*")) if p.is_file()]
        assert files == [paths.student], files
        student = shingles(notebook_text(paths.student))
        leaked = (solutions | hidden) & student
        assert not leaked, (name, sorted(leaked)[:10])
        # The same check finds them in the instructor's files, so it is able to fail.
        # (the answer key keeps otter's solution markers, which would break up the shingles)
        key = shingles(re.sub(r"#\s*(BEGIN |END )?SOLUTION", " ",
                              notebook_text(paths.answer_key)))
        with zipfile.ZipFile(paths.autograder) as archive:
            zipped = shingles(" ".join(archive.read(n).decode("utf-8")
                                       for n in archive.namelist() if n.endswith(".py")))
        assert len(solutions & key) > 0.8 * len(solutions), name
        assert len(hidden & zipped) > 0.8 * len(hidden), name


def test_grading_starts_a_kernel_again_only_when_it_died_starting(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A kernel that died before its first reply never ran the submission: grade it again
    (up to KERNEL_START_ATTEMPTS starts). Any other failure is the submission's result."""
    from types import SimpleNamespace

    import otter.api

    from cbec.book.execute import KERNEL_START_ATTEMPTS

    results = SimpleNamespace(test_files=["q1"], catastrophic_error=None,
                              get_result=lambda name: SimpleNamespace(score=2, possible=2))

    def grader(failures: list[Exception]) -> list[int]:
        calls: list[int] = []

        def grade_submission(*args: object, **kwargs: object) -> object:
            calls.append(1)
            if failures:
                raise failures.pop(0)
            return results

        monkeypatch.setattr(otter.api, "grade_submission", grade_submission)
        return calls

    died = RuntimeError("Kernel died before replying to kernel_info")
    calls = grader([died])
    assert assignments._grade_one("s.ipynb", "a.zip") == {"questions": {"q1": (2.0, 2.0)},
                                                          "error": ""}
    assert len(calls) == 2
    calls = grader([died] * KERNEL_START_ATTEMPTS)
    outcome = assignments._grade_one("s.ipynb", "a.zip")
    assert len(calls) == KERNEL_START_ATTEMPTS and "Kernel died" in outcome["error"]
    calls = grader([ValueError("not a notebook")])
    assert assignments._grade_one("s.ipynb", "a.zip")["error"] == "ValueError: not a notebook"
    assert len(calls) == 1
