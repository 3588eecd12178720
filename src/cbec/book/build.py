"""Build ``data/processed/`` from ``data/raw/`` and record every file's sha256.

Run ``python -m cbec.book.build`` after changing a raw file or a builder. The build is
deterministic (sorted rows, fixed float formatting, ``\\n`` line endings) and never writes
below ``data/raw``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cbec.data import DESCRIPTOR_NAME, read_descriptor, sha256_of
from cbec.data.paths import data_dir as default_data_dir
from cbec.data.provincial import build_provincial_panel, pilot_zone_cities

# processed resource name -> function(data_dir) returning the table to write.
BUILDERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "provincial_panel": build_provincial_panel,
    "cbec_pilot_zone_cities": pilot_zone_cities,
}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as UTF-8 CSV with ``\\n`` endings and full float precision."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", float_format="%.12g")


def build_processed(data_dir: Path | None = None, out_dir: Path | None = None) -> dict[str, Path]:
    """Build every processed table; write them under ``out_dir`` (default: the package's own
    ``processed/`` folder) and return the paths written."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    target = Path(out_dir) if out_dir is not None else base
    raw = (base / "raw").resolve()
    descriptor = read_descriptor(base)
    resources = {res["name"]: res for res in descriptor["resources"]}
    written: dict[str, Path] = {}
    for name, builder in BUILDERS.items():
        path = (target / resources[name]["path"]).resolve()
        if path.is_relative_to(raw):
            raise PermissionError(f"refusing to write {path}: data/raw is read-only")
        frame = builder(base)
        columns = [field["name"] for field in resources[name]["schema"]["fields"]]
        if sorted(columns) != sorted(frame.columns):
            raise ValueError(f"{name}: built columns {sorted(frame.columns)} differ from the "
                             f"schema's {sorted(columns)}")
        write_csv(frame[columns], path)
        written[name] = path
    return written


def record_hashes(data_dir: Path | None = None, names: set[str] | None = None) -> int:
    """Store the current sha256 and size of the files of resources ``names`` (default: all)
    in ``datapackage.json``; return the number of hashes that changed."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    descriptor = read_descriptor(base)
    changed = 0
    for resource in descriptor["resources"]:
        if names is not None and resource["name"] not in names:
            continue
        file = base / resource["path"]
        new_hash = f"sha256:{sha256_of(file)}"
        if resource.get("hash") != new_hash:
            changed += 1
        resource["hash"] = new_hash
        resource["bytes"] = file.stat().st_size
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (base / DESCRIPTOR_NAME).write_text(text, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> None:
    """Command line: rebuild processed tables, then refresh the recorded hashes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    base = args.data_dir or default_data_dir()
    # A newly added raw file has no hash yet: record it once. Existing raw hashes are never
    # overwritten here, so a raw file changed by accident keeps failing its check.
    descriptor = read_descriptor(base)
    new = {r["name"] for r in descriptor["resources"]
           if "hash" not in r and r["name"] not in BUILDERS}
    if new:
        record_hashes(base, new)
        print(f"recorded hashes of new raw files: {', '.join(sorted(new))}")
    for name, path in build_processed(base).items():
        print(f"built {name}: {path}")
    print(f"processed hashes changed: {record_hashes(base, set(BUILDERS))}")


if __name__ == "__main__":
    main()
