"""Student edition (no solutions anywhere) and answer-key edition (solutions open)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from leakcheck import folder_text as _edition_text
from leakcheck import plain as _plain
from leakcheck import shingles as _shingles

from cbec.book import editions

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


def _notebook(cells: list[tuple[str, str, list[str]]]) -> dict:
    return {"cells": [{"cell_type": kind, "source": source, "metadata": {"tags": tags},
                       **({"outputs": [], "execution_count": 1} if kind == "code" else {})}
                      for kind, source, tags in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


DEMO = _notebook([
    ("markdown", "## Exercises\n\n```{exercise} Growth\n:label: x-ex\n\nCompute it.\n```\n\n"
     "```{solution-start} x-ex\n:class: dropdown\n```\n\nThe secret answer is forty two.", []),
    ("code", "secret_solution_code = 42", ["solution"]),
    ("markdown", "```{solution-end}\n```\n\n```{exercise} Second\n:label: y-ex\n\nAgain.\n```\n"
     "\n````{solution} y-ex\n:class: dropdown\n\nA hidden single-block answer.\n````\n\nAfter.",
     []),
    ("code", "visible = 1", []),
])


def _text(notebook: dict) -> str:
    return "\n".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                     for c in notebook["cells"])


def test_strip_solutions_removes_prose_code_and_single_blocks() -> None:
    text = _text(editions.strip_solutions(DEMO))
    for secret in ("secret answer", "secret_solution_code", "hidden single-block",
                   "solution-start", "solution-end"):
        assert secret not in text
    for kept in ("Compute it.", "Again.", "After.", "visible = 1", "{exercise} Second"):
        assert kept in text


def test_strip_solutions_refuses_an_unclosed_solution() -> None:
    broken = _notebook([("markdown", "```{solution-start} x\n```\nopen", [])])
    with pytest.raises(ValueError, match="never closed"):
        editions.strip_solutions(broken)


def test_open_solutions_drops_only_the_dropdown_class() -> None:
    text = _text(editions.open_solutions(DEMO))
    assert ":class: dropdown" not in text
    assert "secret answer" in text and "hidden single-block" in text
    assert "secret_solution_code" in text


def test_solution_texts_lists_what_the_student_edition_removes() -> None:
    texts = editions.solution_texts(DEMO, min_length=10)
    assert "The secret answer is forty two." in texts
    assert "secret_solution_code = 42" in texts
    assert not any("Compute it" in t for t in texts)


def test_edition_config_is_derived_from_the_main_one() -> None:
    config = {"title": "Book", "execute": {"execute_notebooks": "cache"}, "html": {"x": 1}}
    student = editions.edition_config(config, "student")
    assert student["title"] == "Book (student edition)"
    assert student["execute"]["execute_notebooks"] == "off"
    assert student["html"] == {"x": 1} and config["execute"]["execute_notebooks"] == "cache"


@pytest.mark.book
def test_student_edition_contains_no_solution_text(tmp_path: Path) -> None:
    import yaml

    toc = yaml.safe_load((CHAPTERS.parent / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    notebooks = [CHAPTERS.parent / f"{f}.ipynb" for f in files
                 if (CHAPTERS.parent / f"{f}.ipynb").exists()]
    shingles: set[str] = set()
    kept: set[str] = set()
    for notebook in notebooks:
        content = json.loads(notebook.read_text(encoding="utf-8"))
        for text in editions.solution_texts(content):
            shingles |= _shingles(text)
        # Phrases that also occur outside the solutions (prose, tables) may stay.
        kept |= _shingles(_plain(json.dumps(editions.strip_solutions(content),
                                            ensure_ascii=False)))
    shingles -= kept
    assert shingles, "the chapters have no solutions to check"
    student = editions.build_edition("student", tmp_path).parents[2]
    answer_key = editions.build_edition("answer-key", tmp_path).parents[2]
    student_text = _shingles(_edition_text(student / "_build" / "html"))
    answer_text = _shingles(_edition_text(answer_key / "_build" / "html"))
    leaked = shingles & student_text
    assert not leaked, sorted(leaked)[:10]
    # The same check finds the solutions in the answer key, so it is able to fail.
    assert len(shingles & answer_text) > 0.8 * len(shingles)
    assert "dropdown" not in (answer_key / "_build" / "html" / "chapters" /
                              "regression.html").read_text(encoding="utf-8").split(
        'class="exercise')[-1].split("solution")[0]
