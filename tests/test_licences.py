"""Rights of the data package: no table claims a licence broader than it may grant, ids are
unique across the package, every quotation was verified against its source, and CITATION.cff,
README and LICENSE-data say what the package says. Every rule is also tried on a doctored
copy of the package, to show that it fails."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from cbec.data import load_table, rights

ROOT = Path(__file__).resolve().parents[1]


def _descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))


def _save(data_dir: Path, descriptor: dict) -> None:
    (data_dir / "datapackage.json").write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _edit_csv(data_dir: Path, name: str, edit) -> None:
    path = data_dir / _resource(_descriptor(data_dir), name)["path"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _set_cell(data_dir: Path, name: str, row_id: str, column: str, value: str) -> None:
    def edit(rows: list[list[str]]) -> None:
        index = rows[0].index(column)
        target = next(r for r in rows[1:] if r[0] == row_id)
        target[index] = value
    _edit_csv(data_dir, name, edit)


# ---- the real package ---------------------------------------------------------------------

def test_no_table_declares_a_licence_broader_than_it_may_grant() -> None:
    assert rights.licence_problems() == []


def test_every_source_has_its_own_licence() -> None:
    sources = rights.source_licences().set_index("path")["licence"]
    assert sources["song2020"] == "CC-BY-NC-ND-4.0"
    for key in ("gu2018", "zhao2021", "xu_nd", "beltroad_nd"):
        assert sources[key] == "notspecified"
    wikipedia = "https://en.wikipedia.org/wiki/List_of_Chinese_administrative_divisions_by_area"
    assert sources[wikipedia] == "CC-BY-SA-4.0"
    assert (sources != "").all()


def test_tables_follow_their_sources() -> None:
    table = rights.licence_table().set_index("table")
    assert table.loc["provincial_panel", "licence"] == "CC-BY-SA-4.0"
    assert table.loc["land_area", "licence"] == "CC-BY-SA-4.0"
    third_party = table[table["origin"] == "third-party"].drop(index="land_area")
    assert set(third_party["licence"]) == {"notspecified"}
    transcribed = table[table["origin"] == "transcribed"]
    assert set(transcribed["licence"]) == {"CC-BY-4.0"}
    assert (transcribed.loc[["heilongjiang_figures", "russia_market_figures"],
                            "quotation fields"] == "printed").all()


def test_every_quotation_is_short() -> None:
    summary = rights.quotation_summary().set_index("source")
    assert (summary["longest (words besides numbers)"] <= rights.QUOTATION_MAX_WORDS).all()
    assert set(summary.index) == {"song2020", "gu2018", "zhao2021", "xu_nd"}


def test_provincial_panel_lists_the_land_areas_among_its_inputs() -> None:
    panel = _resource(_descriptor(ROOT / "data"), "provincial_panel")
    land = _resource(_descriptor(ROOT / "data"), "land_area")
    assert land["path"] in {s["path"] for s in panel["sources"]}
    assert "railway_density_km_per_km2" in {f["name"] for f in panel["schema"]["fields"]}


# ---- doctored copies: each rule fails ------------------------------------------------------

def test_unmarked_song_text_in_a_cc_by_table_fails(data_copy: Path) -> None:
    descriptor = _descriptor(data_copy)
    for field in _resource(descriptor, "heilongjiang_figures")["schema"]["fields"]:
        field.pop(rights.QUOTATION, None)
    _save(data_copy, descriptor)
    problems = rights.licence_problems(data_copy)
    assert problems
    assert any("song2020 (CC-BY-NC-ND-4.0)" in p and "CC-BY-4.0, which is broader" in p
               and "heilongjiang_figures.csv" in p for p in problems)


def test_a_narrower_table_licence_may_hold_unmarked_text(data_copy: Path) -> None:
    descriptor = _descriptor(data_copy)
    resource = _resource(descriptor, "russia_top_sites")  # Gu only
    for field in resource["schema"]["fields"]:
        field.pop(rights.QUOTATION, None)
    resource["licenses"] = [{"name": "notspecified", "title": "test"}]
    _save(data_copy, descriptor)
    assert rights.licence_problems(data_copy) == []


def test_a_long_quotation_fails(data_copy: Path) -> None:
    long_text = "cross-border e-commerce trade volume reached 560 million yuan in total"
    _set_cell(data_copy, "heilongjiang_figures", "song-cbec-trade-2020q1q3", "printed",
              long_text)
    problems = rights.licence_problems(data_copy)
    assert len(problems) == 1
    assert "more than the 6 of a short quotation" in problems[0]
    assert "song2020" in problems[0] and "row 2" in problems[0]


def test_a_long_quote_inside_a_note_fails(data_copy: Path) -> None:
    note = "Printed as 'share of online shoppers buying at least one product online'."
    _set_cell(data_copy, "russia_market_figures", "gu-gfk-buyers-2013", "note", note)
    problems = rights.licence_problems(data_copy)
    assert len(problems) == 1 and "column 'note'" in problems[0]


def test_share_alike_is_inherited_by_the_panel(data_copy: Path) -> None:
    descriptor = _descriptor(data_copy)
    _resource(descriptor, "provincial_panel")["licenses"] = [
        {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    _save(data_copy, descriptor)
    problems = rights.licence_problems(data_copy)
    assert any("built from land_area (CC-BY-SA-4.0, share-alike)" in p for p in problems)


def test_a_third_party_file_cannot_be_relicensed(data_copy: Path) -> None:
    descriptor = _descriptor(data_copy)
    for name in ("land_area", "nbs_gdp"):
        _resource(descriptor, name)["licenses"] = [
            {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    _save(data_copy, descriptor)
    problems = rights.licence_problems(data_copy)
    assert any(p.startswith("land_area: licence CC-BY-4.0 is broader than CC-BY-SA-4.0")
               for p in problems)
    assert any(p.startswith("nbs_gdp: licence CC-BY-4.0 is broader than notspecified")
               for p in problems)


@pytest.mark.parametrize("breakage", ["no source licence", "unknown licence",
                                      "inconsistent source", "undeclared source",
                                      "no origin", "quotation in derived table"])
def test_declarations_are_complete_and_consistent(data_copy: Path, breakage: str) -> None:
    descriptor = _descriptor(data_copy)
    figures = _resource(descriptor, "heilongjiang_figures")
    if breakage == "no source licence":
        figures["sources"][0].pop("licenses")
        expected = "no licenses declared"
    elif breakage == "unknown licence":
        figures["licenses"] = [{"name": "all-yours"}]
        expected = "unknown licence 'all-yours'"
    elif breakage == "inconsistent source":
        figures["sources"][0]["licenses"] = [
            {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
        expected = "for the same source"
    elif breakage == "undeclared source":
        figures["sources"] = [s for s in figures["sources"] if s["path"] != "gu2018"]
        expected = "source 'gu2018' is not among the resource's sources"
    elif breakage == "no origin":
        figures.pop(rights.ORIGIN)
        expected = "cbec:origin is None"
    else:
        panel = _resource(descriptor, "provincial_panel")
        panel["schema"]["fields"][0][rights.QUOTATION] = True
        expected = "a derived table may not hold quotations"
    _save(data_copy, descriptor)
    assert any(expected in p for p in rights.licence_problems(data_copy))


# ---- the helpers ------------------------------------------------------------------------

@pytest.mark.parametrize(("licence", "than", "expected"), [
    ("CC-BY-4.0", "CC-BY-NC-ND-4.0", True),
    ("CC-BY-4.0", "CC-BY-SA-4.0", True),
    ("CC-BY-SA-4.0", "CC-BY-SA-4.0", False),
    ("CC-BY-SA-4.0", "CC-BY-4.0", False),
    ("CC-BY-NC-ND-4.0", "CC-BY-4.0", False),
    ("notspecified", "CC-BY-NC-ND-4.0", False),
    ("CC-BY-NC-ND-4.0", "notspecified", True),
])
def test_broader(licence: str, than: str, expected: bool) -> None:
    assert rights.broader(licence, than) is expected


def test_broader_rejects_unknown_licences() -> None:
    with pytest.raises(KeyError):
        rights.broader("CC0-1.0", "CC-BY-4.0")


@pytest.mark.parametrize(("text", "words"), [
    ("reached 560 million yuan", 3),
    ("T/T No / / 15-50USD No 285-250USD /", 3),
    ("In April 2015, china-russia cross-border e-commerce", 5),
    ("", 0),
])
def test_quotation_words(text: str, words: int) -> None:
    assert rights.quotation_words(text) == words


def test_quoted_segments_ignore_apostrophes() -> None:
    note = "AliExpress's site; printed 'speed sale' and 'double 11' (sic)."
    assert rights.quoted_segments(note) == ["speed sale", "double 11"]


# ---- unique ids -----------------------------------------------------------------------------

def test_ids_are_unique_across_the_package() -> None:
    ids = rights.package_ids()
    assert set(ids["table"]) >= {"china_cbec_figures", "heilongjiang_figures", "delivery_times",
                                 "heilongjiang_timeline", "russia_market_figures",
                                 "aliexpress_events", "aliexpress_figures", "logistics_lines"}
    assert len(ids) > 500
    assert rights.duplicate_ids() == {}


def test_an_id_repeated_in_another_table_is_found(data_copy: Path) -> None:
    _set_cell(data_copy, "russia_market_figures", "gu-smartphone-penetration-2014", "figure_id",
              "gu-smartphone-penetration-undated")
    duplicates = rights.duplicate_ids(data_copy)
    assert list(duplicates) == ["gu-smartphone-penetration-undated"]
    assert len(duplicates["gu-smartphone-penetration-undated"]) == 2


def test_the_two_smartphone_figures_keep_their_own_ids() -> None:
    russia = load_table("russia_market_figures").set_index("figure_id")
    alix = load_table("aliexpress_figures").set_index("figure_id")
    assert russia.loc["gu-smartphone-penetration-2014", "value"] == 29
    assert alix.loc["gu-smartphone-penetration-undated", "value"] == 40
    assert "gu-smartphone-penetration-undated" in russia.loc["gu-smartphone-penetration-2014",
                                                             "note"]


# ---- quotations verified against the source texts --------------------------------------------

def test_every_quotation_was_verified_against_its_source() -> None:
    record = json.loads((ROOT / "data" / rights.VERIFIED_NAME).read_text(encoding="utf-8"))
    assert set(record["sources"]) == set(rights.SOURCE_FILES)
    assert rights.unverified_quotations() == []


def test_a_changed_quotation_is_unverified(data_copy: Path) -> None:
    _set_cell(data_copy, "heilongjiang_figures", "song-cbec-trade-2020q1q3", "printed",
              "volume reached 570 million yuan")
    problems = rights.unverified_quotations(data_copy)
    assert len(problems) == 1 and "570 million" in problems[0]


def _fake_texts(data_dir: Path, folder: Path, drop: str | None = None) -> None:
    """Source texts made of the package's own quotations (optionally without one)."""
    texts: dict[str, list[str]] = {key: [] for key in rights.SOURCE_FILES}
    for q in rights.quotations(data_dir):
        if q.text != drop:
            texts[q.source].append(q.text)
    folder.mkdir()
    for key, name in rights.SOURCE_FILES.items():
        (folder / name).write_text("\n...\n".join(texts[key]), encoding="utf-8")


def test_recording_refuses_fragments_missing_from_the_texts(data_copy: Path,
                                                             tmp_path: Path) -> None:
    fragment = "trade volume reached 560 million yuan"
    _fake_texts(data_copy, tmp_path / "texts", drop=fragment)
    with pytest.raises(ValueError, match="560 million yuan"):
        rights.record_verified_quotations(tmp_path / "texts", data_dir=data_copy)


def test_recording_then_checking_round_trips(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / rights.VERIFIED_NAME).unlink()
    assert rights.unverified_quotations(data_copy) == [
        f"{data_copy / rights.VERIFIED_NAME}: no verification record"]
    _fake_texts(data_copy, tmp_path / "texts")
    rights.record_verified_quotations(tmp_path / "texts", data_dir=data_copy)
    assert rights.unverified_quotations(data_copy) == []


def test_verification_collapses_whitespace_only() -> None:
    texts = {"song2020": "the cargo\n charter   operated more than 100 flights a year"}
    rows = [q for q in rights.quotations() if q.source == "song2020"]
    assert rows
    problems = rights.verify_quotations(texts)
    found = {p for p in problems if "more than 100 flights a year" in p}
    assert not found  # present once whitespace is collapsed
    assert any("not verbatim in song2020" in p for p in problems)
    assert any("no text for source gu2018" in p for p in problems)


# ---- CITATION.cff, README and LICENSE-data say what the package says -------------------------

def test_citation_lists_the_licences_the_book_grants() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert set(citation["license"]) == {"MIT", *rights.granted_licences()}
    message = " ".join(citation["message"].split())
    for phrase in ("CC BY-NC-ND 4.0", "rights not stated", "CC BY-SA 4.0", "provincial_panel",
                   "LICENSE-data"):
        assert phrase in message, phrase


@pytest.mark.parametrize("document", ["README.md", "LICENSE-data"])
def test_licence_notes_name_every_part(document: str) -> None:
    text = " ".join((ROOT / document).read_text(encoding="utf-8").split())
    for phrase in ("MIT", "CC BY 4.0", "CC BY-SA 4.0", "provincial_panel", "CC BY-NC-ND 4.0",
                   "rights not stated", "cbec:quotation", "Wikipedia"):
        assert phrase in text, f"{document} does not mention {phrase!r}"


def test_a_row_naming_several_texts_needs_every_one_declared(data_copy: Path) -> None:
    assert rights.licence_problems(data_copy) == []  # "zhao2021 xu_nd" rows are fine
    _set_cell(data_copy, "china_cbec_conflicts", "cn-pilot-zones", "source", "zhao2021 song2020")
    problems = rights.licence_problems(data_copy)
    assert len(problems) == 1
    assert "source 'zhao2021 song2020' is not among the resource's sources" in problems[0]
