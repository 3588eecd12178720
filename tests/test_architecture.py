"""The layers of ``cbec`` (see ARCHITECTURE.md) import only downwards, and nothing but a
chapter's own notebook, assignment and tests imports a chapter module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cbec"
LAYERS = ("data", "stats", "charts", "chapters", "book")
# Which layers each layer may import (its own included).
ALLOWED: dict[str, set[str]] = {
    "data": {"data"},
    "stats": {"data", "stats"},
    "charts": {"data", "charts"},
    "chapters": {"data", "stats", "charts", "chapters"},
    "book": {"data", "charts", "book"},
}
MAX_LINES = 600


def cbec_imports(path: Path) -> list[tuple[int, str]]:
    """Every ``cbec...`` module a file imports, anywhere in it, with the line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.split(".")[0] == "cbec"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "cbec":
            if node.module == "cbec":  # from cbec import charts, ...
                found += [(node.lineno, f"cbec.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                          if (PACKAGE / node.module.removeprefix("cbec.").replace(".", "/")
                              / alias.name).is_dir()
                          or (PACKAGE / node.module.removeprefix("cbec.").replace(".", "/")
                              / f"{alias.name}.py").is_file()]
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def chapter_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "chapters" else None


def package_modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_layer() -> None:
    loose = [p.relative_to(PACKAGE) for p in package_modules()
             if p.parent == PACKAGE and p.name != "__init__.py"]
    assert loose == [], f"modules outside the five layers: {loose}"


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_import_only_downwards(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) == 1:
        return  # cbec/__init__.py
    own = relative.parts[0]
    bad = [f"line {line}: {module}" for line, module in cbec_imports(path)
           if layer_of(module) is not None and layer_of(module) not in ALLOWED[own]]
    assert bad == [], f"{relative} ({own}) may import only {sorted(ALLOWED[own])}: {bad}"


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_chapter_module_imports_no_other_chapter(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] != "chapters" or (relative.name == "__init__.py"
                                           and len(relative.parts) == 2):
        return
    own = relative.parts[1].removesuffix(".py")
    others = [f"line {line}: {m}" for line, m in cbec_imports(path)
              if chapter_of(m) not in (None, own)]
    assert others == [], f"{relative} imports another chapter: {others}"


def _outside_files() -> list[Path]:
    files = [*sorted((ROOT / "chapters").glob("*.py")),
             *sorted((ROOT / "assignments").glob("*.py")),
             *sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "tasks.py"]
    return [f for f in files if f.exists()]


@pytest.mark.parametrize("path", _outside_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_a_chapters_own_notebook_imports_its_module(path: Path) -> None:
    """Notebooks and assignments may import their own chapter's module; benchmarks, tasks.py
    and other pages none."""
    allowed = {path.stem} if path.parent.name in {"chapters", "assignments"} else set()
    wrong = [f"line {line}: {m}" for line, m in cbec_imports(path)
             if chapter_of(m) is not None and chapter_of(m) not in allowed]
    assert wrong == [], f"{path.relative_to(ROOT)} imports a chapter module: {wrong}"


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)}: {lines} lines, at most {MAX_LINES}"


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    """The import scan sees function-level imports and `from cbec import x` forms."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from cbec.book import editions\n"
                      "from cbec import charts\nimport cbec.chapters.regression\n")
    modules = [m for _, m in cbec_imports(sample)]
    assert "cbec.book" in modules and "cbec.charts" in modules
    assert "cbec.chapters.regression" in modules
    assert layer_of("cbec.book.editions") == "book"
    assert chapter_of("cbec.chapters.regression.charts") == "regression"


@pytest.mark.parametrize("document", ["ARCHITECTURE.md", "README.md", "CONTRIBUTING.md"])
def test_documents_name_only_what_exists(document: str) -> None:
    """Every `cbec...` name and every project path the map, the README and the contributors'
    guide cite still exists, so they stay true when code moves."""
    import importlib
    import re

    text = (ROOT / document).read_text(encoding="utf-8")
    missing = []
    for name in sorted(set(re.findall(r"`(cbec(?:\.\w+)+)", text))):
        parts = name.split(".")
        for split in range(len(parts), 0, -1):
            try:
                target = importlib.import_module(".".join(parts[:split]))
            except ModuleNotFoundError:
                continue
            for attribute in parts[split:]:
                target = getattr(target, attribute, None)
            if target is None:
                missing.append(name)
            break
        else:
            missing.append(name)
    for path in sorted(set(re.findall(r"`((?:src|data|tests|chapters)/[\w./<>-]+)`", text))):
        if "<" not in path and not (ROOT / path.rstrip("/")).exists():
            missing.append(path)
    assert missing == [], f"{document} names what no longer exists: {missing}"


SORTS = {"sort_values", "sort_index", "argsort"}


@pytest.mark.parametrize("path", [*package_modules(), *sorted((ROOT / "chapters").glob("*.py"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_sort_is_stable(path: Path) -> None:
    """A quicksort orders tied rows differently with AVX2 and AVX-512 kernels (numpy's SIMD
    sorts); every sort in the book's code states kind="stable", so ties keep the file order
    on every CPU."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    unstable = [node.lineno for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SORTS
                and not any(k.arg == "kind" and isinstance(k.value, ast.Constant)
                            and k.value.value == "stable" for k in node.keywords)]
    assert unstable == [], f"{path.relative_to(ROOT)}: sorts without kind='stable' at {unstable}"
