"""Text-overlap checks shared by the tests of the student materials (editions, assignments):
six-word shingles of a text, and the plain text of built files."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any


def shingles(text: str, size: int = 6) -> set[str]:
    """Every run of ``size`` consecutive words of ``text`` (lower case)."""
    words = re.findall(r"[A-Za-z0-9\u0400-\u04ff\u4e00-\u9fff.%-]+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def plain(raw: str) -> str:
    """Text without HTML tags, entities or JSON escapes."""
    raw = raw.replace("\\n", " ").replace('\\"', '"')
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def folder_text(folder: Path, suffixes: set[str] | None = None) -> str:
    """The plain text of every file under ``folder`` whose suffix is in ``suffixes``."""
    wanted = suffixes or {".html", ".ipynb", ".txt", ".md"}
    return " ".join(plain(path.read_text(encoding="utf-8", errors="replace"))
                    for path in sorted(folder.rglob("*"))
                    if path.suffix in wanted and path.is_file())


def notebook_text(path: Path) -> str:
    """Every string stored in a notebook (cell sources, outputs, metadata such as otter's
    public tests), unescaped, with no HTML stripping, since code may contain ``<`` and ``>``."""
    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return ["".join(value)] if all(isinstance(v, str) for v in value) else \
                [s for v in value for s in strings(v)]
        return []

    return "\n".join(strings(json.loads(path.read_text(encoding="utf-8"))))
