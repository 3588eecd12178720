"""Project rules that are cheap to check: the README's test command is what CI runs, the
code is ruff-clean, and nothing reads the shared folder outside the project."""

from __future__ import annotations

import os
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


def test_xdist_groups_really_share_a_worker(tmp_path: Path) -> None:
    """The suite builds the book once because every test that needs it is in one xdist
    group; pytest-xdist must actually honour the groups with the pinned pytest (under
    pytest 9 it silently did not)."""
    (tmp_path / "test_groups.py").write_text(
        "import os\nimport pytest\n"
        "pytestmark = pytest.mark.xdist_group('book')\n"
        + "".join(f"def test_{i}():\n    open({str(tmp_path / 'workers')!r}, 'a').write("
                  "os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n" for i in range(6)))
    (tmp_path / "test_free.py").write_text(
        "".join(f"def test_free_{i}():\n    pass\n" for i in range(6)))
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # only xdist: fast start
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "xdist", "-n", "2",
                             "--dist", "loadgroup", "-p", "no:cacheprovider", str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    workers = (tmp_path / "workers").read_text().split()
    assert len(workers) == 6 and len(set(workers)) == 1
