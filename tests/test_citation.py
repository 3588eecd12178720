"""CITATION.cff validates against the Citation File Format 1.2.0 schema, and the How-to-cite
page covers the book and every analysis chapter."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cbec.book import bookmeta

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text())


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_file_is_valid_cff_1_2_0() -> None:
    errors = [f"{list(e.path)}: {e.message}" for e in _validator().iter_errors(_citation())]
    assert errors == []


@pytest.mark.parametrize("breakage", ["no authors", "bad date", "unknown key"])
def test_the_validator_rejects_broken_citations(breakage: str) -> None:
    broken = copy.deepcopy(_citation())
    if breakage == "no authors":
        del broken["authors"]
    elif breakage == "bad date":
        broken["date-released"] = "24 November 2026"
    else:
        broken["homepage"] = "https://example.org"
    assert list(_validator().iter_errors(broken))


def test_citation_matches_the_package_version() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert _citation()["version"] == project["version"]


def test_how_to_cite_lists_the_book_and_every_analysis_chapter() -> None:
    records = bookmeta.citation_records()
    assert records.iloc[0]["cite"] == "the whole book"
    analysis_pages = [f for f in bookmeta.toc_files() if Path(f).name not in {
        "intro", "data_package", "reproducibility", "glossary", "how_to_cite", "bibliography"}]
    assert len(records) == 1 + len(analysis_pages)
    for bibtex in records["bibtex"]:
        assert bibtex.count("{") == bibtex.count("}")
    assert all("?." not in text for text in records["text"])


def test_page_title_reads_the_first_heading(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("intro\n# The title\n## sub\n", encoding="utf-8")
    assert bookmeta.page_title(page) == "The title"
    page.write_text("no heading\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no level-1 heading"):
        bookmeta.page_title(page)


def test_citations_name_only_the_configured_repository() -> None:
    """The one repository setting (_config.yml repository.url) is the only source of the
    book's address: CITATION.cff may repeat it but never name another, and the How-to-cite
    texts carry it exactly when it is set."""
    url = bookmeta.repository_url()
    cff = _citation()
    for key in ("repository-code", "repository", "url"):
        if key in cff:
            assert url and cff[key] == url, f"CITATION.cff {key} is not repository.url"
    for record in bookmeta.citation_records().itertuples():
        assert ("http" in record.text) == bool(url)
        assert ("url = {" in record.bibtex) == bool(url)


def test_a_configured_repository_reaches_the_citations(tmp_path: Path) -> None:
    import shutil

    for name in ("CITATION.cff", "_toc.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "chapters", tmp_path / "chapters",
                    ignore=shutil.ignore_patterns("*.py", "_glossary"))
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://github.com/o/b/\n")
    records = bookmeta.citation_records(tmp_path)
    assert all(text.endswith(" https://github.com/o/b") for text in records["text"])
    assert all("url = {https://github.com/o/b}" in bib for bib in records["bibtex"])
