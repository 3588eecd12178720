"""Where the book's files live, found from the package location (no working-directory magic)."""

from __future__ import annotations

import os
from pathlib import Path

DESCRIPTOR_NAME = "datapackage.json"  # the data package's descriptor, in data/
_MARKERS = ("_config.yml", "_toc.yml")
# A chapter bundle (cbec.book.bundles) has no book configuration, only its data package.
_BUNDLE_MARKER = Path("data") / DESCRIPTOR_NAME


def _is_root(folder: Path) -> bool:
    return all((folder / marker).exists() for marker in _MARKERS) or \
        (folder / _BUNDLE_MARKER).is_file()


def project_root() -> Path:
    """Return the root folder of the book (the one holding ``_config.yml`` and ``_toc.yml``),
    or of an unzipped chapter bundle (the one holding ``data/datapackage.json``).

    ``CBEC_PROJECT_ROOT`` overrides the search, which otherwise walks up from this file and
    then from the working directory.
    """
    override = os.environ.get("CBEC_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if _is_root(folder):
                return folder
    raise FileNotFoundError(
        "cannot find the book root (a folder with _config.yml and _toc.yml) or a chapter "
        "bundle (a folder with data/datapackage.json); set CBEC_PROJECT_ROOT"
    )


def data_dir() -> Path:
    """Return the ``data/`` folder that holds ``datapackage.json``."""
    return project_root() / "data"


def chapters_dir() -> Path:
    """Return the ``chapters/`` folder."""
    return project_root() / "chapters"
