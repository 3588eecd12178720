"""A small Sphinx extension for the book's HTML.

* Removes duplicate ``<script>`` entries. Jupyter Book 1.0.4 registers sphinx-thebe's inline
  configuration script twice, so every page declared ``const THEBE_JS_URL`` twice and the
  browser logged "Identifier 'THEBE_JS_URL' has already been declared".
"""

from __future__ import annotations

from typing import Any


def _script_key(script: Any) -> tuple[str, str]:
    """(file, inline body) of a Sphinx script entry; priority is ignored on purpose."""
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), str(attributes.get("body", ""))


def dedupe_scripts(scripts: list[Any]) -> list[Any]:
    """Return ``scripts`` without repeats (same file and same inline body), order kept."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(list(context["script_files"]))


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
