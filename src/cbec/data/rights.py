"""Rights of the data package: licences per source and per table, short quotations, ids.

``data/datapackage.json`` declares a licence for the package, for every resource and for every
source of a resource (``sources[].licenses``: a custom property with the structure of the
standard License object, since the Frictionless spec gives a source only ``title``, ``path``,
``email`` and ``version``). Two custom properties say what a table holds:

* ``cbec:origin`` on a resource: ``transcribed`` (typed by the book from the source texts:
  facts plus short quotations), ``compiled`` (facts typed by the book), ``third-party``
  (a file as received, whose rights stay with its sources) or ``derived`` (built by code from
  other resources of the package, which its ``sources`` list by path);
* ``cbec:quotation: true`` on a field: every value is a verbatim fragment of the row's source,
  quoted to identify the passage and not covered by the table's licence.

:func:`licence_problems` checks that no table declares a licence broader than what it may
grant; :func:`duplicate_ids` checks that row ids are unique across the package; and
:func:`unverified_quotations` checks every quotation against the record of a run of
:func:`record_verified_quotations` on the source texts (which are not part of the project).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cbec.data import read_descriptor
from cbec.data.paths import data_dir as default_data_dir

ORIGIN = "cbec:origin"
QUOTATION = "cbec:quotation"
ORIGINS = ("transcribed", "compiled", "third-party", "derived")
#: A short quotation has at most this many words besides numbers (see :func:`quotation_words`).
QUOTATION_MAX_WORDS = 6
VERIFIED_NAME = "quotations_verified.json"
#: File names of the plain-text extractions of the five sources (kept outside the project).
SOURCE_FILES: dict[str, str] = {
    "song2020": "song-2020-heilongjiang-russia-cbec.txt",
    "gu2018": "gu-2018-china-russia-ecommerce-alibaba-thesis.txt",
    "zhao2021": "zhao-2021-cbec-international-trade-aliexpress-thesis.txt",
    "xu_nd": "xu-cbec-circulation-upgrading-panel.txt",
    "beltroad_nd": "belt-and-road-cbec-development-model.txt",
}

#: What each licence lets a reuser do; ``share_alike``: adaptations must keep the licence.
_GRANTS: dict[str, tuple[frozenset[str], bool]] = {
    "CC-BY-4.0": (frozenset({"share", "adapt", "commercial"}), False),
    "CC-BY-SA-4.0": (frozenset({"share", "adapt", "commercial"}), True),
    "CC-BY-NC-ND-4.0": (frozenset({"share"}), False),
    "notspecified": (frozenset(), False),
}
_PATHS: dict[str, str] = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}
# A segment in single quotes: opened after a space, '(' or the start, closed before a space,
# punctuation or the end (so the apostrophe of "AliExpress's" does not open a quotation).
_QUOTED = re.compile(r"(?:(?<=[\s(])|^)'([^']+?)'(?=[\s,.;:)\]?!]|$)")
_ID_SUFFIX = "_id"


def quotation_words(text: str) -> int:
    """Words of ``text`` besides numbers: tokens with a letter and no digit
    ("reached 560 million yuan" has 3; "15-50USD", "2013," and "/" count 0)."""
    return sum(1 for token in str(text).split()
               if re.search(r"[^\W\d_]", token) and not re.search(r"\d", token))


def quoted_segments(text: str) -> list[str]:
    """The segments of ``text`` enclosed in single quotes."""
    return _QUOTED.findall(str(text))


def broader(licence: str, than: str) -> bool:
    """True if licence ``licence`` lets a reuser do something ``than`` does not (including
    dropping the share-alike condition of ``than``). Unknown names raise ``KeyError``."""
    grants, share_alike = _GRANTS[licence]
    other, other_share_alike = _GRANTS[than]
    if grants - other:
        return True
    return other_share_alike and "adapt" in grants and not share_alike


def _names(licences: list[dict[str, Any]]) -> list[str]:
    return [str(lic.get("name", "")) for lic in licences]


def source_text_fields(resource: dict[str, Any]) -> list[str]:
    """Fields holding text of the sources: marked ``cbec:quotation``, named ``printed`` or
    ``*_as_printed``, or described as verbatim."""
    out = []
    for field in resource.get("schema", {}).get("fields", []):
        name = field["name"]
        if (field.get(QUOTATION) or name == "printed" or name.endswith("_as_printed")
                or "verbatim" in field.get("description", "").lower()):
            out.append(name)
    return out


def _rows(base: Path, resource: dict[str, Any]) -> Iterator[tuple[int, dict[str, str]]]:
    with open(base / resource["path"], encoding=resource.get("encoding", "utf-8"),
              newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _check_licence_objects(where: str, licences: Any) -> list[str]:
    if not isinstance(licences, list) or not licences:
        return [f"{where}: no licenses declared"]
    problems = []
    for lic in licences:
        name = lic.get("name")
        if name not in _GRANTS:
            problems.append(f"{where}: unknown licence {name!r} (known: {sorted(_GRANTS)})")
        elif name in _PATHS and lic.get("path") != _PATHS[name]:
            problems.append(f"{where}: licence {name} should point to {_PATHS[name]}")
    return problems


def licence_problems(data_dir: Path | str | None = None) -> list[str]:
    """Every way the package claims more rights than it may grant; empty when all is well.

    * every licence (package, resource, source) is a known one; every source has one, and a
      source cited by several resources has the same licence everywhere;
    * a ``third-party`` resource is licensed no more broadly than each of its sources;
    * a ``derived`` resource lists its inputs (resources of the package) and keeps the
      share-alike licence of any share-alike input;
    * a ``transcribed`` resource cites only declared sources, and wherever its licence is
      broader than a row's source, that row's source text is a marked short quotation
      (at most :data:`QUOTATION_MAX_WORDS` words besides numbers), in its quotation fields
      and inside single quotes in its other text;
    * ``compiled`` and ``derived`` resources hold no quotation fields.
    """
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor = read_descriptor(base)
    problems = _check_licence_objects("package", descriptor.get("licenses"))
    by_path = {r["path"]: r for r in descriptor["resources"]}
    seen_sources: dict[str, tuple[str, list[str]]] = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        problems += _check_licence_objects(name, resource.get("licenses"))
        origin = resource.get(ORIGIN)
        if origin not in ORIGINS:
            problems.append(f"{name}: {ORIGIN} is {origin!r}, not one of {ORIGINS}")
            continue
        own = [n for n in _names(resource.get("licenses", [])) if n in _GRANTS]
        source_licences: dict[str, list[str]] = {}
        for source in resource.get("sources", []):
            where = f"{name}: source {source.get('title', source.get('path'))!r}"
            lic_problems = _check_licence_objects(where, source.get("licenses"))
            problems += lic_problems
            if lic_problems:
                continue
            names = _names(source["licenses"])
            path = str(source.get("path", ""))
            source_licences[path] = names
            if path in by_path and names != _names(by_path[path]["licenses"]):
                problems.append(f"{where}: licences {names} differ from those of the resource "
                                f"{by_path[path]['name']} {_names(by_path[path]['licenses'])}")
            first = seen_sources.setdefault(path, (name, names))
            if first[1] != names:
                problems.append(f"{where}: licences {names} differ from {first[1]} declared "
                                f"for the same source in {first[0]}")
        quotation_fields = [f["name"] for f in resource.get("schema", {}).get("fields", [])
                            if f.get(QUOTATION)]
        if origin == "third-party":
            for path, names in source_licences.items():
                for mine in own:
                    for theirs in names:
                        if broader(mine, theirs):
                            problems.append(f"{name}: licence {mine} is broader than {theirs} "
                                            f"of its source {path!r}")
        elif origin == "derived":
            for path, names in source_licences.items():
                if path not in by_path:
                    problems.append(f"{name}: input {path!r} is not a resource of the package")
                    continue
                for theirs in names:
                    if _GRANTS[theirs][1] and any(broader(mine, theirs) for mine in own):
                        problems.append(f"{name}: built from {by_path[path]['name']} "
                                        f"({theirs}, share-alike) but licensed {own}")
        if origin in ("compiled", "derived") and quotation_fields:
            problems.append(f"{name}: a {origin} table may not hold quotations "
                            f"({quotation_fields})")
        if origin == "transcribed":
            problems += _transcribed_problems(base, resource, own, source_licences)
    return problems


def _transcribed_problems(base: Path, resource: dict[str, Any], own: list[str],
                          source_licences: dict[str, list[str]]) -> list[str]:
    rel = resource["path"]
    fields = resource.get("schema", {}).get("fields", [])
    marked = {f["name"] for f in fields if f.get(QUOTATION)}
    text_fields = source_text_fields(resource)
    other_text = [f["name"] for f in fields if f.get("type", "string") == "string"
                  and f["name"] not in text_fields]
    problems = []
    for line, row in _rows(base, resource):
        key = row.get("source", "")
        # a row about figures of several texts (a registry of conflicts) names every key,
        # space separated; each must be declared, and the narrowest licence applies
        keys = key.split() or [key]
        if any(k not in source_licences for k in keys):
            problems.append(f"{rel}, row {line}: source {key!r} is not among the resource's "
                            f"sources {sorted(source_licences)}")
            continue
        wider = [(mine, theirs) for mine in own for k in keys for theirs in source_licences[k]
                 if broader(mine, theirs)]
        if not wider:
            continue
        mine, theirs = wider[0]
        for column in text_fields:
            text = row.get(column) or ""
            if not text:
                continue
            if column not in marked:
                problems.append(
                    f"{rel}, column {column!r}, row {line}: holds text of {key} ({theirs}) "
                    f"but the table declares {mine}, which is broader; mark the field "
                    f"{QUOTATION} and keep it a short quotation, or narrow the licence")
            elif quotation_words(text) > QUOTATION_MAX_WORDS:
                problems.append(
                    f"{rel}, column {column!r}, row {line}: quotation of {key} ({theirs}) has "
                    f"{quotation_words(text)} words besides numbers, more than the "
                    f"{QUOTATION_MAX_WORDS} of a short quotation, in a table licensed {mine}")
        for column in other_text:
            for segment in quoted_segments(row.get(column) or ""):
                if quotation_words(segment) > QUOTATION_MAX_WORDS:
                    problems.append(
                        f"{rel}, column {column!r}, row {line}: quoted words of {key} "
                        f"({theirs}) '{segment}' are longer than a short quotation "
                        f"({QUOTATION_MAX_WORDS} words besides numbers) in a table "
                        f"licensed {mine}")
    return problems


# ---- quotations: statistics and verification against the source texts -------------------

@dataclass(frozen=True)
class Quotation:
    """One value of a ``cbec:quotation`` field."""

    table: str
    row: int
    field: str
    source: str
    text: str


def quotations(data_dir: Path | str | None = None) -> list[Quotation]:
    """Every value of every ``cbec:quotation`` field of the package, in file order."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    out = []
    for resource in read_descriptor(base)["resources"]:
        marked = [f["name"] for f in resource.get("schema", {}).get("fields", [])
                  if f.get(QUOTATION)]
        if not marked:
            continue
        for line, row in _rows(base, resource):
            for column in marked:
                if row.get(column):
                    out.append(Quotation(resource["name"], line, column, row["source"],
                                         row[column]))
    return out


def quotation_summary(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Per source: quoted values and their words besides numbers, then the distinct fragments
    with their words (all tokens, and words besides numbers)."""
    frame = pd.DataFrame([q.__dict__ for q in quotations(data_dir)])
    rows = []
    for source, group in frame.groupby("source", sort=True):
        distinct = sorted(set(group["text"].map(_normalise)))
        rows.append({"source": source, "quoted values": len(group),
                     "words besides numbers, all values": int(
                         group["text"].map(quotation_words).sum()),
                     "distinct fragments": len(distinct),
                     "tokens": sum(len(t.split()) for t in distinct),
                     "words besides numbers": sum(quotation_words(t) for t in distinct),
                     "longest (words besides numbers)": max(map(quotation_words, distinct))})
    return pd.DataFrame(rows)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


def quotation_digest(source: str, text: str) -> str:
    """sha256 of a source key and a whitespace-collapsed fragment (what the record stores)."""
    return hashlib.sha256(f"{source}\x1f{_normalise(text)}".encode()).hexdigest()


def verify_quotations(texts: dict[str, str],
                      data_dir: Path | str | None = None) -> list[str]:
    """Check every quotation against the full text of its source (``texts``: source key ->
    text); return one problem per fragment that is not a verbatim substring (whitespace
    collapsed on both sides) or whose source text is missing."""
    normalised = {key: _normalise(text) for key, text in texts.items()}
    problems = []
    for q in quotations(data_dir):
        text = normalised.get(q.source)
        if text is None:
            problems.append(f"{q.table}, row {q.row}, {q.field}: no text for source {q.source}")
        elif _normalise(q.text) not in text:
            problems.append(f"{q.table}, row {q.row}, {q.field}: {q.text!r} is not verbatim "
                            f"in {q.source}")
    return problems


def record_verified_quotations(texts_dir: Path | str,
                               files: dict[str, str] | None = None,
                               data_dir: Path | str | None = None) -> Path:
    """Verify every quotation against the source texts in ``texts_dir`` (``files``: source
    key -> file name, default :data:`SOURCE_FILES`) and, only if all are verbatim, write the
    record of digests (``data/quotations_verified.json``) that :func:`unverified_quotations`
    checks offline."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    folder = Path(texts_dir)
    files = SOURCE_FILES if files is None else files
    texts = {key: (folder / name).read_text(encoding="utf-8") for key, name in files.items()}
    problems = verify_quotations(texts, base)
    if problems:
        raise ValueError("quotations not found verbatim in their source:\n"
                         + "\n".join(problems))
    record = {
        "description": "sha256 digests of every cbec:quotation value (source key, unit "
                       "separator, fragment with whitespace collapsed) found verbatim in the "
                       "source texts listed here, by cbec.data.rights.record_verified_quotations.",
        "sources": {key: {"file": name,
                          "sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
                    for key, name in sorted(files.items())},
        "verified": sorted({quotation_digest(q.source, q.text) for q in quotations(base)}),
    }
    path = base / VERIFIED_NAME
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


def unverified_quotations(data_dir: Path | str | None = None) -> list[str]:
    """Quotations whose digest is not in the verification record (changed or added since the
    last run against the source texts); empty when every one was verified."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    path = base / VERIFIED_NAME
    if not path.exists():
        return [f"{path}: no verification record"]
    verified = set(json.loads(path.read_text(encoding="utf-8"))["verified"])
    return [f"{q.table}, row {q.row}, {q.field}: {q.text!r} ({q.source}) was never verified "
            f"against the source text" for q in quotations(base)
            if quotation_digest(q.source, q.text) not in verified]


# ---- ids ---------------------------------------------------------------------------------

def package_ids(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Every row id of the package: the values of each table whose primary key is a single
    ``*_id`` column (table, column, row, id)."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    rows = []
    for resource in read_descriptor(base)["resources"]:
        key = resource.get("schema", {}).get("primaryKey")
        key = [key] if isinstance(key, str) else key
        if not key or len(key) != 1 or not key[0].endswith(_ID_SUFFIX):
            continue
        for line, row in _rows(base, resource):
            rows.append({"table": resource["name"], "column": key[0], "row": line,
                         "id": row[key[0]]})
    return pd.DataFrame(rows, columns=["table", "column", "row", "id"])


def duplicate_ids(data_dir: Path | str | None = None) -> dict[str, list[str]]:
    """Ids used by more than one row of the package -> the tables (and rows) using them."""
    ids = package_ids(data_dir)
    repeated = ids[ids["id"].duplicated(keep=False)]
    return {value: [f"{r.table} row {r.row}" for r in group.itertuples()]
            for value, group in repeated.groupby("id", sort=True)}


# ---- what the package grants --------------------------------------------------------------

def granted_licences(data_dir: Path | str | None = None) -> list[str]:
    """The licences the book itself grants for data (package and resource level, other than
    ``notspecified``)."""
    descriptor = read_descriptor(data_dir)
    names = set(_names(descriptor.get("licenses", [])))
    for resource in descriptor["resources"]:
        if resource.get(ORIGIN) != "third-party":
            names |= set(_names(resource.get("licenses", [])))
    return sorted(names - {"notspecified"})


def licence_table(data_dir: Path | str | None = None) -> pd.DataFrame:
    """One row per resource: origin, licence, quotation fields and the sources' licences."""
    descriptor = read_descriptor(data_dir)
    rows = []
    for resource in descriptor["resources"]:
        sources = sorted({f"{s.get('title', s.get('path'))}: "
                          + ", ".join(_names(s.get("licenses", [])))
                          for s in resource.get("sources", [])})
        rows.append({
            "table": resource["name"],
            "origin": resource.get(ORIGIN, ""),
            "licence": ", ".join(_names(resource.get("licenses", []))),
            "quotation fields": ", ".join(f["name"] for f in resource.get("schema", {})
                                          .get("fields", []) if f.get(QUOTATION)) or "—",
            "sources and their licences": "; ".join(sources),
        })
    return pd.DataFrame(rows)


def source_licences(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Each distinct source of the package (by path) with its licence and the tables citing it."""
    descriptor = read_descriptor(data_dir)
    by_path = {r["path"] for r in descriptor["resources"]}
    seen: dict[str, dict[str, Any]] = {}
    for resource in descriptor["resources"]:
        for source in resource.get("sources", []):
            path = str(source.get("path", ""))
            if path in by_path:
                continue  # an input of a derived table: its licence is listed with it
            entry = seen.setdefault(path, {
                "source": source.get("title", path), "path": path,
                "licence": ", ".join(_names(source.get("licenses", []))),
                "what the licence entry says": "; ".join(
                    str(lic.get("title", "")) for lic in source.get("licenses", [])),
                "tables": []})
            entry["tables"].append(resource["name"])
    frame = pd.DataFrame(seen.values())
    frame["tables"] = frame["tables"].map(", ".join)
    return frame
