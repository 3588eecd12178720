"""Chapter bundles: one zip per chapter that runs on a clean machine and gives the page's numbers.

A bundle holds

* the chapter notebook, as committed (with its outputs, so a reader can compare);
* ``data/``: the data-package files the chapter reads, at their paths in the package, and a
  ``data/datapackage.json`` with exactly their resource entries (schema, sources, licence and
  sha256), so :func:`cbec.data.load_table` validates them as it does in the book;
* ``cbec/``: the modules of the helper package the notebook imports, as source (Python finds
  them next to the notebook, nothing to install);
* ``requirements.txt``: exact pins, from the book's ``requirements.txt``, of the distributions
  the notebook imports, everything they depend on, and ``nbclient`` (``jupyter execute``);
* ``LICENSE`` (the MIT licence asks that copies of the code carry it) and a two-line
  ``README.md``: what the bundle is, and the one command that installs and runs it.

"Exactly what it reads" comes from a trace, not from reading the code: the kernel that
executes the chapter records every file it opens and every module it imports
(:mod:`cbec.book.kerneltrace`). A static scan of ``load_table("...")`` calls would miss the files
that helper functions read (``cbec.data.provincial.build_provincial_panel`` opens 16 raw files
that no notebook names) and could not see names computed at run time. The trace records what
one top-to-bottom run touched, and a run is deterministic, so that is what every run needs.

Zips are reproducible: sorted entries, fixed timestamps and permissions.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from cbec.book.toc import flat_docname
from cbec.data.paths import DESCRIPTOR_NAME

BUNDLE_DIR = "_bundles"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
RUNNER = ("nbclient",)  # provides `jupyter execute`; the kernel (ipykernel) is traced
# Modules every kernel has for reasons that are not the notebook's: setuptools' distutils
# shim (imported by a .pth file at interpreter start) and this module's own tracer.
IGNORED_MODULES = frozenset({"_distutils_hack", "cbec.book.kerneltrace"})
_SO_SUFFIX = re.compile(r"\.(cpython-[^.]+|abi3)?\.?(so|pyd)$")


class BundleError(RuntimeError):
    """A chapter cannot be bundled (it reads a file the bundle could not hold, say)."""


@dataclass(frozen=True)
class Trace:
    """What one execution of a notebook used: files opened and modules imported, and the
    digest of what decided them (:func:`inputs_sha256`)."""

    opened: tuple[str, ...]
    modules: tuple[str, ...]
    inputs_sha256: str

    def to_json(self) -> str:
        return json.dumps({"inputs_sha256": self.inputs_sha256, "opened": list(self.opened),
                           "modules": list(self.modules)}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Trace:
        data = json.loads(text)
        return cls(tuple(data["opened"]), tuple(data["modules"]), data["inputs_sha256"])


@dataclass
class BundlePlan:
    """Everything that goes into one chapter's zip (paths relative to the bundle folder)."""

    name: str
    title: str
    notebook: Path
    resources: list[str]
    files: dict[str, Path] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def entries(self) -> dict[str, bytes]:
        """Path in the bundle -> bytes, for every member."""
        out = {path: source.read_bytes() for path, source in self.files.items()}
        out.update({path: text.encode("utf-8") for path, text in self.texts.items()})
        return dict(sorted(out.items()))


def inputs_sha256(notebook: dict[str, Any], modules: list[str] | tuple[str, ...],
                  root: Path) -> str:
    """Digest of what decides what an execution reads: the notebook's code cells, the source
    of the ``cbec`` modules it imported and the data package's descriptor. A trace whose
    digest no longer matches is stale (a helper may now read another table)."""
    digest = hashlib.sha256()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell["source"]
            digest.update(("".join(source) if isinstance(source, list) else source)
                          .encode("utf-8") + b"\0")
    package = root / "src" / "cbec"
    for module in sorted(m for m in modules if m == "cbec" or m.startswith("cbec.")):
        relative = "/".join(module.split(".")[1:]) or "__init__"
        for source in (package / f"{relative}.py", package / relative / "__init__.py"):
            if source.is_file():
                digest.update(module.encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update((root / "data" / DESCRIPTOR_NAME).read_bytes())
    return digest.hexdigest()


def classify(trace: Trace, root: Path) -> tuple[list[str], list[str]]:
    """(data-package paths read, ``cbec`` module names imported) of a trace.

    Raises :class:`BundleError` naming any other file of the project that the chapter opened:
    a bundle holds only the data package and the helper package, so such a chapter cannot be
    bundled until that file is in the data package.
    """
    data = (root / "data").resolve()
    package = (root / "src" / "cbec").resolve()
    data_paths: set[str] = set()
    strays: list[str] = []
    for opened in trace.opened:
        path = Path(opened).resolve()
        if path.is_relative_to(data):
            data_paths.add(path.relative_to(data).as_posix())
        elif not (path.is_relative_to(package) and path.suffix in {".py", ".pyc"}):
            strays.append(str(path))  # anything but the helper modules' code
    if strays:
        raise BundleError("the chapter reads files outside the data package and the cbec "
                          f"package, which a bundle cannot hold: {', '.join(sorted(strays))}")
    modules = sorted(m for m in trace.modules
                     if (m == "cbec" or m.startswith("cbec.")) and m not in IGNORED_MODULES)
    return sorted(data_paths - {DESCRIPTOR_NAME}), modules


def mini_descriptor(descriptor: dict[str, Any], paths: list[str],
                    chapter: str = "") -> dict[str, Any]:
    """The data package reduced to the resources stored at ``paths`` (entries unchanged; the
    description says whose subset it is).

    Raises :class:`BundleError` for a path that no resource describes.
    """
    resources = [r for r in descriptor["resources"] if r.get("path") in set(paths)]
    unknown = sorted(set(paths) - {r["path"] for r in resources})
    if unknown:
        raise BundleError("the chapter reads files of data/ that datapackage.json does not "
                          f"describe: {', '.join(unknown)}")
    out = {key: value for key, value in descriptor.items() if key != "resources"}
    if chapter:
        out["description"] = (f"{descriptor.get('description', '')} This copy, from the "
                              f"bundle of the chapter {chapter}, holds only the "
                              f"{len(resources)} resources that chapter reads.").strip()
    out["resources"] = resources
    return out


def _modules_of(dist: metadata.Distribution) -> list[str]:
    """Importable module names of the files an installed distribution provides."""
    modules = []
    for file in dist.files or []:
        parts = PurePosixPath(str(file)).parts
        if not parts or parts[0] == ".." or parts[0].endswith((".dist-info", ".data")):
            continue
        last = parts[-1]
        if last.endswith(".py"):
            stem = last[:-3]
        elif _SO_SUFFIX.search(last):
            stem = last.split(".", 1)[0]
        else:
            continue
        modules.append(".".join(parts[:-1] + (() if stem == "__init__" else (stem,))))
    return modules


@cache
def _top_level_owners() -> dict[str, tuple[str, ...]]:
    """Top-level import name -> the installed distributions that provide it."""
    return {top: tuple(dict.fromkeys(names))
            for top, names in metadata.packages_distributions().items()}


def index_distributions() -> None:
    """Build the index :func:`module_owner` looks names up in (it is kept for the process)."""
    _top_level_owners()


@cache
def module_owner(module: str) -> str | None:
    """Name of the installed distribution that provides ``module`` (None for the standard
    library and for modules no distribution lists). A top-level name shared by several
    distributions (namespace packages such as ``sphinxcontrib``) is resolved by their files."""
    candidates = _top_level_owners().get(module.split(".")[0], ())
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for name in candidates:
        if module in _modules_of(metadata.distribution(name)):
            return metadata.distribution(name).metadata["Name"]
    return None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(requirements: Path) -> dict[str, str]:
    """Canonical name -> the line ``Name==version`` of an exactly pinned requirements file."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, _version = line.partition("==")
            pins[_canonical(name)] = line
    return pins


def required_distributions(modules: list[str], extra: tuple[str, ...] = RUNNER) -> list[str]:
    """Installed distributions providing ``modules``, plus ``extra``, closed under their
    declared (non-optional) dependencies; canonical names, sorted."""
    owners = {m: module_owner(m) for m in modules if m not in IGNORED_MODULES}
    wanted = {_canonical(owner) for owner in owners.values() if owner is not None}
    wanted |= {_canonical(e) for e in extra}
    wanted.discard("cbec")
    closed: set[str] = set()
    queue = sorted(wanted)
    while queue:
        name = queue.pop()
        if name in closed:
            continue
        closed.add(name)
        queue += _dependencies(name)
    return sorted(closed)


@cache
def _dependencies(name: str) -> tuple[str, ...]:
    """Canonical names of the non-optional dependencies of installed distribution ``name``."""
    from packaging.requirements import Requirement

    try:
        requires = metadata.distribution(name).requires or []
    except metadata.PackageNotFoundError:
        raise BundleError(f"distribution {name!r} is needed but not installed") from None
    out = []
    for line in requires:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            out.append(_canonical(requirement.name))
    return tuple(out)


def requirements_text(distributions: list[str], pins: dict[str, str]) -> str:
    """A ``requirements.txt`` pinning ``distributions`` exactly as the book does.

    Raises :class:`BundleError` when one of them is not pinned in the book, or is installed at
    another version than the pin (the bundle would then not be what the book ran).
    """
    missing = [d for d in distributions if d not in pins]
    if missing:
        raise BundleError(f"not pinned in requirements.txt: {', '.join(missing)}")
    lines = []
    for name in distributions:
        pinned = pins[name].partition("==")[2]
        installed = metadata.version(name)
        if installed != pinned:
            raise BundleError(f"{name} is installed at {installed}, requirements.txt pins "
                              f"{pinned}")
        lines.append(pins[name])
    header = ("# Exact pins (from the CBEC book's requirements.txt) of what this notebook "
              "imports, their dependencies, and nbclient for `jupyter execute`. Python 3.11.\n")
    return header + "\n".join(sorted(lines, key=str.lower)) + "\n"


def readme_text(title: str, notebook_name: str, n_files: int) -> str:
    """The bundle's two-line README: what it is, and the command that runs it."""
    files = f"{n_files} data-package file{'s' if n_files != 1 else ''}"
    return (f"{title}: a chapter of the CBEC book that runs on its own — {notebook_name}, the "
            f"{files} it reads (data/, sha256-checked), the cbec helper modules it imports "
            "(cbec/) and exact pins (requirements.txt). Needs Python 3.11; run the next line "
            "in this folder.\n"
            f"python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt && "
            f".venv/bin/jupyter execute --inplace {notebook_name}\n")


def plan_bundle(name: str, title: str, notebook: Path, trace: Trace, root: Path) -> BundlePlan:
    """Work out the members of chapter ``name``'s bundle from its trace."""
    data_paths, modules = classify(trace, root)
    descriptor = json.loads((root / "data" / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    mini = mini_descriptor(descriptor, data_paths, notebook.name)
    plan = BundlePlan(name, title, notebook, [r["name"] for r in mini["resources"]])
    plan.files[notebook.name] = notebook
    plan.files["LICENSE"] = root / "LICENSE"
    for path in data_paths:
        plan.files[f"data/{path}"] = root / "data" / path
    for module in modules:
        relative = "/".join(module.split(".")[1:]) or "__init__"
        source = root / "src" / "cbec" / f"{relative}.py"
        if not source.exists():
            source = root / "src" / "cbec" / relative / "__init__.py"
        if not source.exists():
            raise BundleError(f"module {module} has no source file under src/cbec")
        plan.files[f"cbec/{source.relative_to(root / 'src' / 'cbec').as_posix()}"] = source
    plan.texts[f"data/{DESCRIPTOR_NAME}"] = json.dumps(mini, indent=2, ensure_ascii=False) + "\n"
    plan.texts["requirements.txt"] = requirements_text(
        required_distributions(list(trace.modules)), read_pins(root / "requirements.txt"))
    plan.texts["README.md"] = readme_text(title, notebook.name, len(data_paths))
    return plan


def write_bundle(plan: BundlePlan, target: Path) -> Path:
    """Write ``plan`` as a reproducible zip with one top folder named after the chapter."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in plan.entries().items():
            info = zipfile.ZipInfo(f"{plan.name}/{path}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    partial.replace(target)
    return target


def trace_environment_for(trace_dir: Path, docname: str) -> dict[str, str]:
    """The environment that makes a kernel record what ``docname`` reads into
    ``trace_dir`` (the project, minus the virtual environment and Python itself)."""
    from cbec.book.kerneltrace import trace_environment
    from cbec.data.paths import project_root

    root = project_root()
    ipython_dir = trace_dir / "ipython"
    exclude = [root / ".venv", Path(sys.prefix), ipython_dir]
    return trace_environment(trace_dir / f"{flat_docname(docname)}.jsonl", [root], exclude,
                             ipython_dir)


def keep_trace(trace_dir: Path, docname: str, notebook_path: Path) -> None:
    """Turn a kernel's raw record of ``docname`` (if there is one: a page taken from the
    execution cache has none) into its :class:`Trace`, keyed by the notebook's code."""
    from cbec.book.kerneltrace import read_trace
    from cbec.data.paths import project_root

    raw = trace_dir / f"{flat_docname(docname)}.jsonl"
    if raw.exists():
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        opened, modules = read_trace(raw)
        trace = Trace(tuple(opened), tuple(modules),
                      inputs_sha256(notebook, modules, project_root()))
        (trace_dir / f"{flat_docname(docname)}.json").write_text(trace.to_json(),
                                                                 encoding="utf-8")
        raw.unlink()
