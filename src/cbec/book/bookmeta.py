"""Pages about the book itself, generated from its files: the data-package catalogue and the
map from every figure and table to the notebook cell and helper functions that make it."""

from __future__ import annotations

import ast
import html
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cbec.book.toc import toc_files
from cbec.data import list_tables, load_table, resource_descriptor
from cbec.data.paths import data_dir as default_data_dir
from cbec.data.paths import project_root


def layer_of(path: str) -> str:
    """``raw``, ``processed`` or ``transcribed`` from a resource path."""
    if path.startswith("raw/transcribed/"):
        return "transcribed"
    return path.split("/", 1)[0]


def package_overview(data_dir: Path | None = None) -> pd.DataFrame:
    """One row per resource: name, title, layer, rows (tables only), bytes, licence, sha256."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    rows = []
    for info in list_tables(base):
        resource = resource_descriptor(info.name, base)
        n_rows = len(load_table(info.name, base)) if info.tabular else pd.NA
        rows.append({
            "table": info.name,
            "title": info.title,
            "layer": layer_of(info.path),
            "kind": "table" if info.tabular else "file",
            "rows": n_rows,
            "bytes": resource.get("bytes", pd.NA),
            "licence": ", ".join(lic.get("name", "") for lic in resource.get("licenses", [])),
            "sha256": resource.get("hash", "").removeprefix("sha256:"),
        })
    frame = pd.DataFrame.from_records(rows)
    frame["rows"] = frame["rows"].astype("Int64")
    return frame


def column_dictionary(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """The columns of table ``name``: type, unit, required, description."""
    fields = resource_descriptor(name, data_dir)["schema"]["fields"]
    return pd.DataFrame({
        "column": [f["name"] for f in fields],
        "type": [f.get("type", "string") for f in fields],
        "unit": [f.get("unit", "") for f in fields],
        "required": [bool(f.get("constraints", {}).get("required", False)) for f in fields],
        "description": [f.get("description", "") for f in fields],
    })


def source_locators(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Distinct (source, locator) pairs cited by the rows of a table that has those columns."""
    frame = load_table(name, data_dir)
    if not {"source", "locator"} <= set(frame.columns):
        return pd.DataFrame(columns=["source", "locator", "rows"])
    counts = frame.groupby(["source", "locator"], dropna=False).size().rename("rows")
    ordered = counts.reset_index().sort_values(["source", "locator"], kind="stable")
    return ordered.reset_index(drop=True)


def resource_card_html(name: str, data_dir: Path | None = None) -> str:
    """An HTML block describing one resource for the data-package page."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    resource = resource_descriptor(name, base)
    esc = html.escape
    sources = "".join(
        f"<li>{esc(s.get('title', ''))}"
        + (f" — <code>{esc(s['path'])}</code>" if s.get("path") else "") + "</li>"
        for s in resource.get("sources", []))
    licences = "; ".join(esc(lic.get("title") or lic.get("name", ""))
                         for lic in resource.get("licenses", []))
    parts = [
        f'<section class="data-card" id="data-{esc(name)}">',
        f"<p><strong><code>{esc(name)}</code> — {esc(resource.get('title', name))}</strong></p>",
        f"<p>{esc(resource.get('description', ''))}</p>",
        f"<p><em>File:</em> <code>data/{esc(resource['path'])}</code>, "
        f"{resource.get('bytes', '?')} bytes, sha256 <code>"
        f"{esc(resource.get('hash', '').removeprefix('sha256:'))}</code></p>",
        f"<p><em>Licence:</em> {licences}</p>",
        f"<p><em>Sources:</em></p><ul>{sources}</ul>",
    ]
    if "schema" in resource:
        rows = len(load_table(name, base))
        parts.append(f"<p><em>Rows:</em> {rows}</p>")
        parts.append(column_dictionary(name, base).to_html(index=False, border=0,
                                                           classes="data-columns"))
        locators = source_locators(name, base)
        if len(locators):
            parts.append("<p><em>Rows by source and locator:</em></p>")
            parts.append(locators.to_html(index=False, border=0, classes="data-locators"))
    parts.append("</section>")
    return "\n".join(parts)


@dataclass(frozen=True)
class _Output:
    label: str
    kind: str
    caption: str
    cell: int
    helpers: tuple[str, ...]


def _cbec_aliases(tree: ast.AST, aliases: dict[str, str]) -> None:
    """Record names bound to the cbec package or its members by import statements."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "cbec":
                    aliases[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and \
                node.module.split(".")[0] == "cbec":
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"


def _called_helpers(tree: ast.AST, aliases: dict[str, str]) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        dotted: list[str] = []
        while isinstance(func, ast.Attribute):
            dotted.insert(0, func.attr)
            func = func.value
        if isinstance(func, ast.Name) and func.id in aliases:
            names.append(".".join([aliases[func.id], *dotted]))
    return sorted(set(names))


def _table_calls(tree: ast.AST) -> list[tuple[str, str]]:
    """(label, caption) of every ``show_table(..., caption=..., label=...)`` call."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                getattr(node.func, "id", "")
            if name == "show_table":
                keywords = {k.arg: k.value for k in node.keywords}
                label = keywords.get("label")
                caption = keywords.get("caption")
                if isinstance(label, ast.Constant) and caption is not None:
                    found.append((str(label.value), _literal_text(caption)))
    return found


def _literal_text(node: ast.expr) -> str:
    """The text of a string literal; for an f-string, its template with ``{...}`` kept."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(str(part.value) if isinstance(part, ast.Constant)
                       else "{" + ast.unparse(part.value) + "}"  # type: ignore[attr-defined]
                       for part in node.values)
    return ast.unparse(node)


TABLE_LOADERS = {"load_table": 1, "chapter_preamble": None}  # name -> positional args read


def loaded_tables(tree: ast.AST) -> list[str]:
    """Table names a notebook's code loads by name: the first argument of ``load_table``
    and every constant positional argument of ``chapter_preamble``."""
    names = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in TABLE_LOADERS:
            arguments = node.args[:TABLE_LOADERS[name]]
            names += [str(a.value) for a in arguments
                      if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return names


def figure_map(notebooks: list[Path]) -> pd.DataFrame:
    """Every captioned figure and table of the given notebooks with the code that makes it.

    A figure is a code cell with ``mystnb.figure`` metadata (name and caption); a table is a
    call to :func:`cbec.charts.tables.show_table` with literal ``caption`` and ``label``.
    """
    rows = []
    for notebook in notebooks:
        cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
        aliases: dict[str, str] = {}
        tables: list[str] = []
        outputs: list[_Output] = []
        code_number = 0
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            code_number += 1
            source = "".join(cell["source"])
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue  # cell magics; nothing to map
            _cbec_aliases(tree, aliases)
            tables.extend(loaded_tables(tree))
            helpers = tuple(_called_helpers(tree, aliases))
            figure = cell.get("metadata", {}).get("mystnb", {}).get("figure")
            if figure:
                outputs.append(_Output(figure.get("name", ""), "figure",
                                       figure.get("caption", ""), code_number, helpers))
            for label, caption in _table_calls(tree):
                outputs.append(_Output(label, "table", caption, code_number, helpers))
        for out in outputs:
            rows.append({
                "label": out.label, "kind": out.kind, "caption": out.caption,
                "notebook": Path(notebook).name, "code cell": out.cell,
                "helper functions": ", ".join(out.helpers),
                "data tables loaded by the chapter": ", ".join(sorted(set(tables))),
            })
    return pd.DataFrame.from_records(rows, columns=[
        "label", "kind", "caption", "notebook", "code cell", "helper functions",
        "data tables loaded by the chapter"])




def page_title(path: Path) -> str:
    """The first level-1 heading of a notebook or markdown page."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{path} has no level-1 heading")


def repository_url(root: Path | None = None) -> str:
    """The book's one repository setting, ``repository.url`` in ``_config.yml`` ("" = none).

    The key must be present: without it Jupyter Book would fall back to its own repository.
    """
    import yaml

    root = root or project_root()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    repository = config.get("repository") or {}
    if "url" not in repository:
        raise KeyError("_config.yml must set repository.url (\"\" when the book has no "
                       "published repository); without it Jupyter Book uses its own")
    return str(repository["url"] or "").strip().rstrip("/")


def citation_records(root: Path | None = None) -> pd.DataFrame:
    """How to cite the book and each analysis chapter, built from ``CITATION.cff``, the
    repository setting (:func:`repository_url`; no address when it is unset) and the table of
    contents (so the citations follow the book as it changes)."""
    import yaml

    root = root or project_root()
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    author = cff["authors"][0]["name"]
    year = str(cff["date-released"])[:4]
    url = repository_url(root)
    at = f" {url}" if url else ""
    url_field = f",\n  url = {{{url}}}" if url else ""
    version = cff["version"]
    book = cff["title"]
    rows = [{
        "cite": "the whole book",
        "text": f"{author} ({year}). {book} (version {version}).{at}",
        "bibtex": (f"@book{{cbec_book_{year},\n  author = {{{{{author}}}}},\n  title = {{{book}}},"
                   f"\n  year = {{{year}}},\n  version = {{{version}}}{url_field}\n}}"),
    }]
    reference_pages = {"data_package", "reproducibility", "glossary", "bibliography",
                       "how_to_cite", "intro"}
    for file in toc_files(root):
        stem = Path(file).name
        if stem in reference_pages:
            continue
        path = next(p for p in (root / f"{file}.ipynb", root / f"{file}.md") if p.exists())
        title = page_title(path)
        end = "" if title[-1] in ".?!" else "."
        rows.append({
            "cite": f"chapter: {title}",
            "text": f"{author} ({year}). {title}{end} In {book} (version {version}), "
                    f"chapter file {file}.ipynb.{at}",
            "bibtex": (f"@incollection{{cbec_{stem}_{year},\n  author = {{{{{author}}}}},\n"
                       f"  title = {{{title}}},\n  booktitle = {{{book}}},\n  year = {{{year}}},"
                       f"\n  note = {{Chapter file {file}.ipynb, version {version}}}"
                       f"{url_field}\n}}"),
        })
    return pd.DataFrame(rows)
