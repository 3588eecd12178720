"""The HTML tweaks of the book's Sphinx extension."""

from __future__ import annotations

from types import SimpleNamespace

from cbec.book.sphinxext import dedupe_scripts


def _script(name: str, body: str = "", priority: int = 500) -> SimpleNamespace:
    return SimpleNamespace(filename=name or None, priority=priority,
                           attributes={"body": body} if body else {})


def test_dedupe_scripts_drops_exact_repeats_and_keeps_order() -> None:
    scripts = [_script("a.js"), _script("", "const X = 1"), _script("b.js"),
               _script("", "const X = 1", priority=501), _script("a.js"),
               _script("", "const Y = 2")]
    unique = dedupe_scripts(scripts)
    assert [(s.filename, s.attributes.get("body", "")) for s in unique] == [
        ("a.js", ""), (None, "const X = 1"), ("b.js", ""), (None, "const Y = 2")]
    assert unique[1].priority == 500  # the first occurrence is kept
