"""data/processed is rebuilt from data/raw deterministically and never writes into data/raw."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cbec.book import build
from cbec.data import read_descriptor


def test_building_twice_gives_byte_identical_files_equal_to_the_committed_ones(
        root: Path, tmp_path: Path) -> None:
    first = build.build_processed(out_dir=tmp_path / "one")
    second = build.build_processed(out_dir=tmp_path / "two")
    assert set(first) == set(build.BUILDERS)
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name
        committed = root / "data" / read_descriptor()["resources"][
            [r["name"] for r in read_descriptor()["resources"]].index(name)]["path"]
        assert first[name].read_bytes() == committed.read_bytes(), (
            f"{name}: committed file differs from a fresh build; run python3 tasks.py data")


def test_build_refuses_to_write_into_raw(data_copy: Path) -> None:
    # Point a processed resource at raw/ to prove the guard.
    descriptor = (data_copy / "datapackage.json")
    text = descriptor.read_text(encoding="utf-8").replace(
        '"processed/provincial_panel.csv"', '"raw/provincial_panel.csv"')
    descriptor.write_text(text, encoding="utf-8")
    with pytest.raises(PermissionError, match="read-only"):
        build.build_processed(data_copy)


def test_record_hashes_updates_only_the_named_resources(data_copy: Path) -> None:
    processed = data_copy / "processed" / "cbec_pilot_zone_cities.csv"
    processed.write_text(processed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build.record_hashes(data_copy, {"provinces"}) == 0
    assert build.record_hashes(data_copy, {"cbec_pilot_zone_cities"}) == 1


def test_write_csv_uses_unix_newlines(tmp_path: Path) -> None:
    import pandas as pd

    build.write_csv(pd.DataFrame({"a": [0.1 + 0.2]}), tmp_path / "x.csv")
    assert (tmp_path / "x.csv").read_bytes() == b"a\n0.3\n"


def test_processed_numbers_do_not_sit_on_a_rounding_boundary() -> None:
    """The processed CSVs print floats with 12 significant digits. Sums, products and
    quotients are correctly rounded on every machine, but ln() comes from the platform's
    maths library and may differ by an ulp on another CPU or system; the committed files must
    not depend on that, so every logarithm must print the same after moving it by two ulps."""
    import numpy as np

    resources = {r["name"]: r for r in read_descriptor()["resources"]}
    for name, builder in build.BUILDERS.items():
        frame = builder(build.default_data_dir())
        derived = [f["name"] for f in resources[name]["schema"]["fields"]
                   if "(derived" in f.get("description", "") and "ln(" in f["description"]]
        for column in derived:
            if not pd.api.types.is_float_dtype(frame[column]):
                continue
            values = frame[column].dropna().to_numpy(float)
            # Maths libraries keep log within one ulp of the exact value, so two of them
            # differ by at most one ulp: demand a margin of two ulps either way.
            for direction in (np.inf, -np.inf):
                moved = np.nextafter(np.nextafter(values, direction), direction)
                changed = [f"{a:.12g}" != f"{b:.12g}" for a, b in zip(values, moved, strict=True)]
                assert not any(changed), (name, column, values[np.flatnonzero(changed)])
        assert name != "provincial_panel" or derived == ["ln_gdp", "ln_college_students"]
