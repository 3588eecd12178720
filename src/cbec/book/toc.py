"""The table of contents (``_toc.yml``) read without the rest of the book tooling: cheap to
import (no pandas), for the execution step and the Sphinx extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _read(toc_path: Path) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(toc_path.read_text(encoding="utf-8"))


def toc_files(root: Path | None = None) -> list[str]:
    """Every page of ``_toc.yml`` in reading order (paths without suffix)."""
    from cbec.data.paths import project_root

    toc = _read((root or project_root()) / "_toc.yml")
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return files


def bundle_docnames(toc_path: Path, part: str) -> list[str]:
    """Docnames of the notebook pages in part ``part`` (its caption) of a ``_toc.yml``."""
    names = []
    for section in _read(toc_path).get("parts", []):
        if section.get("caption") == part:
            names += [str(Path(c["file"]).with_suffix("")) if c["file"].endswith(".ipynb")
                      else c["file"] for c in section.get("chapters", []) if "file" in c]
    return [n for n in names if (toc_path.parent / f"{n}.ipynb").exists()]


def flat_docname(docname: str) -> str:
    """A docname as a file name (``chapters/x`` -> ``chapters__x``)."""
    return docname.replace("/", "__")
