"""Student and answer-key editions of the book.

Exercises live in the chapters with solutions in drop-downs (the normal book). For teaching,
``python3 tasks.py editions`` builds two more versions from a copy of the sources:

* the **student edition**: every solution (the prose between ``{solution-start}`` and
  ``{solution-end}``, single ``{solution}`` blocks, and code cells tagged ``solution``) is
  removed from the notebooks *before* the build, so neither the HTML, nor the page sources,
  nor the downloadable notebooks contain it;
* the **answer-key edition**: solutions are shown in full (no drop-down).

Both are built from the committed, executed notebooks without re-executing them, with a
configuration generated from the main ``_config.yml`` so the editions cannot drift from it.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import yaml

from cbec.data.paths import project_root

Edition = Literal["student", "answer-key"]
EDITIONS: tuple[Edition, ...] = ("student", "answer-key")
SOLUTION_TAG = "solution"
_START = re.compile(r"^```\{solution-start\}")
_END = re.compile(r"^```\{solution-end\}")
_SINGLE = re.compile(r"^(`{3,})\{solution\}")
_DROPDOWN = re.compile(r"^:class:\s*dropdown\s*$")
COPIED = ("_toc.yml", "references.bib", "_static", "chapters")


def _lines(cell: dict[str, Any]) -> list[str]:
    source = cell["source"]
    text = source if isinstance(source, str) else "".join(source)
    return text.split("\n")


def _set_lines(cell: dict[str, Any], lines: list[str]) -> None:
    text = "\n".join(lines)
    cell["source"] = text


def strip_solutions(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``notebook`` without any solution (prose, code cells, outputs)."""
    out = copy.deepcopy(notebook)
    cells: list[dict[str, Any]] = []
    inside = False
    for cell in out["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code":
            if inside or SOLUTION_TAG in tags:
                continue
            cells.append(cell)
            continue
        kept: list[str] = []
        lines = _lines(cell)
        index = 0
        single_fence: str | None = None
        while index < len(lines):
            line = lines[index]
            if single_fence is not None:
                if line.strip() == single_fence:
                    single_fence = None
                index += 1
                continue
            if inside:
                if _END.match(line):
                    inside = False
                    index += 2 if index + 1 < len(lines) and lines[index + 1].startswith("```") \
                        else 1
                    continue
                index += 1
                continue
            if _START.match(line):
                inside = True
                index += 1
                continue
            single = _SINGLE.match(line)
            if single:
                single_fence = single.group(1)
                index += 1
                continue
            kept.append(line)
            index += 1
        while kept and not kept[-1].strip():
            kept.pop()
        if any(line.strip() for line in kept):
            _set_lines(cell, kept)
            cells.append(cell)
    if inside:
        raise ValueError("a {solution-start} block is never closed by {solution-end}")
    out["cells"] = cells
    return out


def open_solutions(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``notebook`` whose solutions are shown in full instead of in drop-downs."""
    out = copy.deepcopy(notebook)
    for cell in out["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        lines = _lines(cell)
        kept = []
        in_solution_header = False
        for line in lines:
            if _START.match(line) or _SINGLE.match(line):
                in_solution_header = True
            elif in_solution_header and _DROPDOWN.match(line):
                continue
            elif not line.startswith(":"):
                in_solution_header = False
            kept.append(line)
        _set_lines(cell, kept)
    return out


def solution_texts(notebook: dict[str, Any], min_length: int = 25) -> list[str]:
    """Distinctive lines of every solution in ``notebook`` (for checking an edition)."""
    stripped = strip_solutions(notebook)
    remaining = {line.strip() for cell in stripped["cells"] for line in _lines(cell)}
    texts = []
    for cell in notebook["cells"]:
        for line in _lines(cell):
            text = line.strip()
            if len(text) >= min_length and text not in remaining and not text.startswith("```"):
                texts.append(text)
    return sorted(set(texts))


def edition_config(config: dict[str, Any], edition: Edition) -> dict[str, Any]:
    """The configuration of an edition, derived from the main ``_config.yml``."""
    out = copy.deepcopy(config)
    suffix = {"student": "student edition", "answer-key": "answer key"}[edition]
    out["title"] = f"{config['title']} ({suffix})"
    out.setdefault("execute", {})["execute_notebooks"] = "off"
    # Chapter bundles need a traced execution of each chapter (cbec.book.sphinxext); the editions
    # are built without executing, so they link to no bundle rather than run every chapter.
    sphinx = out["sphinx"] = dict(out.get("sphinx") or {})
    sphinx["config"] = {**(sphinx.get("config") or {}), "cbec_bundles": False}
    return out


def prepare_edition(edition: Edition, target: Path, root: Path | None = None) -> Path:
    """Write the sources of ``edition`` into ``target`` (replaced if it exists)."""
    root = root or project_root()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("*.py", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, target / name)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    (target / "_config.yml").write_text(
        yaml.safe_dump(edition_config(config, edition), sort_keys=False, allow_unicode=True),
        encoding="utf-8")
    transform = strip_solutions if edition == "student" else open_solutions
    for notebook_path in sorted((target / "chapters").glob("*.ipynb")):
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        notebook_path.write_text(json.dumps(transform(notebook), ensure_ascii=False, indent=1)
                                 + "\n", encoding="utf-8")
    return target


def build_edition(edition: Edition, out_dir: Path, root: Path | None = None) -> Path:
    """Prepare and build one edition with warnings as errors; return its ``index.html``."""
    source = prepare_edition(edition, out_dir / edition, root)
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
               "-W", "-n", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"building the {edition} edition failed:\n"
                           f"{(result.stdout + result.stderr)[-4000:]}")
    return source / "_build" / "html" / "index.html"


def main(argv: list[str] | None = None) -> None:
    """Command line: build both editions and print where they are."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=project_root() / "_build" / "editions")
    args = parser.parse_args(argv)
    for edition in EDITIONS:
        print(f"{edition} edition: {build_edition(edition, args.out)}")


if __name__ == "__main__":
    main()
