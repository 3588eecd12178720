"""Project rules that are cheap to check: the README's test command is what CI runs, the
code is ruff-clean, and nothing reads the shared folder outside the project."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 tasks.py test" in readme and "python3 tasks.py book" in readme
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line.strip() and not line.lstrip().startswith("#")]
    assert ci[-1] == "exec python3 tasks.py test"


def test_code_is_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "tasks.py",
                             "chapters", "benchmarks", "assignments"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_nothing_refers_to_the_shared_folder() -> None:
    pattern = re.compile(r"\.\./shared|/work/shared")
    offenders = []
    for folder in ("src", "chapters", "tests", "_config.yml", "_toc.yml", "tasks.py"):
        path = ROOT / folder
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()
                                                and p.suffix in {".py", ".ipynb", ".md", ".yml"}]
        offenders += [str(f.relative_to(ROOT)) for f in files
                      if f != Path(__file__) and pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_requirements_are_pinned_exactly() -> None:
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=<>~!]+", line) for line in lines)
    pins = dict(line.split("==") for line in lines)
    assert pins["jupyter-book"].startswith("1.")
