"""Where the book's files live, found from the package location (no working-directory magic)."""

from __future__ import annotations

import os
from pathlib import Path

_MARKERS = ("_config.yml", "_toc.yml")


def project_root() -> Path:
    """Return the root folder of the book (the one holding ``_config.yml``).

    ``CBEC_PROJECT_ROOT`` overrides the search, which otherwise walks up from this file and
    then from the working directory.
    """
    override = os.environ.get("CBEC_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if all((folder / marker).exists() for marker in _MARKERS):
                return folder
    raise FileNotFoundError(
        "cannot find the book root (a folder with _config.yml and _toc.yml); "
        "set CBEC_PROJECT_ROOT"
    )


def data_dir() -> Path:
    """Return the ``data/`` folder that holds ``datapackage.json``."""
    return project_root() / "data"


def chapters_dir() -> Path:
    """Return the ``chapters/`` folder."""
    return project_root() / "chapters"
