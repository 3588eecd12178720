"""Accessibility of the chapters: every chart has a caption and a text description, colour
is never the only carrier of meaning, and the glossary is complete and used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cbec.book.bookmeta import toc_files

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / f"{f}.ipynb" for f in toc_files(ROOT) if (ROOT / f"{f}.ipynb").exists()]
SPEC = re.compile(r"\}\)\((\{.*\}), \{\"mode\": \"vega-lite\"\}\);", re.S)
REDUNDANT_CHANNELS = {"shape", "strokeDash", "opacity", "x", "y", "row", "column", "facet",
                      "text", "xOffset", "yOffset"}


def _charts(notebook: Path) -> list[tuple[dict, dict]]:
    """(cell metadata, vega-lite spec) of every altair chart in a notebook's outputs."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            match = SPEC.search(html)
            if match:
                found.append((cell.get("metadata", {}), json.loads(match.group(1))))
    return found


def _encodings(spec: dict) -> list[dict]:
    """Every encoding block of a (possibly layered or concatenated) spec."""
    blocks = [spec.get("encoding", {})]
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            blocks += _encodings(sub)
    if "spec" in spec:
        blocks += _encodings(spec["spec"])
    return blocks


CHARTS = [(nb.stem, i, meta, spec) for nb in NOTEBOOKS for i, (meta, spec)
          in enumerate(_charts(nb))]


def test_the_book_has_charts() -> None:
    assert len(CHARTS) >= 5


@pytest.mark.parametrize(("page", "index", "meta", "spec"), CHARTS,
                         ids=[f"{c[0]}-{c[1]}" for c in CHARTS])
def test_chart_is_captioned_and_described(page: str, index: int, meta: dict,
                                          spec: dict) -> None:
    figure = meta.get("mystnb", {}).get("figure", {})
    if "solution" not in meta.get("tags", []):  # charts in exercise solutions are uncaptioned
        assert figure.get("caption") and figure.get("name"), "chart cell needs a caption"
    assert spec.get("description"), "chart needs a text description"
    assert spec.get("title", {}).get("orient") == "bottom", "chart needs a source line"


@pytest.mark.parametrize(("page", "index", "meta", "spec"), CHARTS,
                         ids=[f"{c[0]}-{c[1]}" for c in CHARTS])
def test_colour_is_never_the_only_carrier_of_meaning(page: str, index: int, meta: dict,
                                                     spec: dict) -> None:
    blocks = _encodings(spec)
    other_fields = {channel.get("field") for block in blocks for name, channel in block.items()
                    if name in REDUNDANT_CHANNELS and isinstance(channel, dict)}
    rows = [row for data in spec.get("datasets", {}).values() for row in data]
    for block in blocks:
        colour = block.get("color", {})
        field = colour.get("field") if isinstance(colour, dict) else None
        if not field or colour.get("type") not in {"nominal", "ordinal"}:
            continue
        # Redundant if another channel shows the same field, or a label/axis field whose
        # text always contains the coloured category (e.g. "Trade: orders, 2015").
        spelled_out = any(_spells_out(rows, field, o) for o in other_fields if o and o != field)
        assert field in other_fields or spelled_out, (
            f"colour encodes {field!r} and nothing else does")


def _spells_out(rows: list[dict], field: str, other: str) -> bool:
    """True when every row's ``other`` text contains its ``field`` value."""
    pairs = [(str(r[field]).lower(), str(r[other]).lower()) for r in rows
             if field in r and other in r]
    return bool(pairs) and all(value in text for value, text in pairs)


def _glossary_groups() -> list[list[str]]:
    """Each glossary entry as the list of its names (synonyms share one definition)."""
    groups: list[list[str]] = []
    page = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    included = re.findall(r"```\{include\} (_glossary/[\w-]+\.md)", page)
    assert included, "the glossary page includes no fragments"
    for fragment in [ROOT / "chapters" / name for name in included]:
        current: list[str] = []
        for line in fragment.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith(("```", ":")):
                continue
            if line.startswith((" ", "\t")):
                if current:
                    groups.append(current)
                    current = []
                continue
            current.append(line.strip())
        if current:
            groups.append(current)
    return groups


def _referenced_terms() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "chapters").glob("*.py")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "chapters").glob("*.md")]
    refs = set()
    for text in texts:
        for match in re.finditer(r"\{term\}`([^`]+)`", text.replace("\n# ", " ")):
            target = match.group(1)
            inner = re.search(r"<([^>]+)>\s*$", target)
            refs.add((inner.group(1) if inner else target).strip().lower())
    return refs


def test_every_glossary_entry_is_used_by_a_page() -> None:
    refs = _referenced_terms()
    unused = [group for group in _glossary_groups()
              if not any(name.lower() in refs for name in group)]
    assert unused == []


def test_glossary_terms_are_unique() -> None:
    names = [name.lower() for group in _glossary_groups() for name in group]
    assert len(names) == len(set(names))
