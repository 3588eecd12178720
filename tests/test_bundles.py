"""Chapter bundles: the tracer, the planner, and the bundles of the built book — one of them
unzipped outside the repository and executed there."""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from cbec.book import bundles, kerneltrace
from cbec.book.bookmeta import loaded_tables
from cbec.book.toc import bundle_docnames
from cbec.data import read_descriptor, validate_package

# Shares the session's built book with the other "book" tests (one xdist worker).
pytestmark = pytest.mark.xdist_group("book")

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = bundle_docnames(ROOT / "_toc.yml", "Chapters")
# The chapter executed from its bundle: the cheapest to run (benchmarks/RESULTS.md).
EXECUTED = "chapters/china_cbec"


# --- tracer and planner ------------------------------------------------------------------

def test_the_tracer_records_opened_files_and_imports(tmp_path: Path) -> None:
    watched, ignored = tmp_path / "watched", tmp_path / "watched" / "skip"
    ignored.mkdir(parents=True)
    for path in (watched / "a.csv", ignored / "b.csv", tmp_path / "outside.csv"):
        path.write_text("x\n")
    trace = tmp_path / "trace.jsonl"
    script = (f"import runpy; runpy.run_path({str(Path(kerneltrace.__file__))!r})"
              f"['install']({str(trace)!r}, [{str(watched)!r}], [{str(ignored)!r}])\n"
              f"import os, pandas; os.chdir({str(watched)!r})\n"
              "open('a.csv').read(); open('skip/b.csv').read(); open('../outside.csv').read()\n"
              "import colorsys\n")
    subprocess.run([sys.executable, "-c", script], check=True)
    opened, modules = kerneltrace.read_trace(trace)
    assert opened == [str(watched / "a.csv")]
    assert {"pandas", "colorsys"} <= set(modules)  # imported before and after installing


def _trace(*opened: str, modules: tuple[str, ...] = ("cbec", "cbec.data")) -> bundles.Trace:
    return bundles.Trace(tuple(opened), modules, "0" * 64)


def test_classify_splits_data_and_helper_modules_and_refuses_other_files() -> None:
    trace = _trace(str(ROOT / "data" / "datapackage.json"),
                   str(ROOT / "data" / "raw" / "reference" / "provinces.csv"),
                   str(ROOT / "src" / "cbec" / "data.py"),
                   modules=("cbec", "cbec.data", "cbec.book.kerneltrace", "pandas"))
    assert bundles.classify(trace, ROOT) == (["raw/reference/provinces.csv"],
                                             ["cbec", "cbec.data"])
    for stray in (ROOT / "references.bib", ROOT / "src" / "cbec" / "py.typed"):
        with pytest.raises(bundles.BundleError, match=re.escape(stray.name)):
            bundles.classify(_trace(str(stray)), ROOT)


def test_mini_descriptor_keeps_exactly_the_entries_read() -> None:
    descriptor = read_descriptor()
    provinces = next(r for r in descriptor["resources"] if r["name"] == "provinces")
    mini = bundles.mini_descriptor(descriptor, [provinces["path"]], "x.ipynb")
    assert mini["resources"] == [provinces]
    assert mini["licenses"] == descriptor["licenses"] and "x.ipynb" in mini["description"]
    with pytest.raises(bundles.BundleError, match=r"raw/nowhere\.csv"):
        bundles.mini_descriptor(descriptor, ["raw/nowhere.csv"])


def test_requirements_are_the_closure_of_what_is_imported_pinned_as_the_book() -> None:
    names = bundles.required_distributions(["pandas", "pandas.core.frame", "json"])
    assert {"pandas", "numpy", "python-dateutil", "tzdata", "nbclient"} <= set(names)
    assert "altair" not in names and "jupyter-book" not in names
    pins = bundles.read_pins(ROOT / "requirements.txt")
    lines = [line for line in bundles.requirements_text(names, pins).splitlines()
             if not line.startswith("#")]
    assert lines == sorted((pins[n] for n in names), key=str.lower)
    with pytest.raises(bundles.BundleError, match="not pinned"):
        bundles.requirements_text(["pandas"], {})
    with pytest.raises(bundles.BundleError, match="pandas is installed at"):
        bundles.requirements_text(["pandas"], {"pandas": "pandas==0.0.1"})


def test_bundles_are_reproducible_zips_with_one_top_folder(tmp_path: Path) -> None:
    plan = bundles.BundlePlan("demo", "Demo", ROOT / "LICENSE", [])
    plan.files["LICENSE"] = ROOT / "LICENSE"
    plan.texts["README.md"] = "one\ntwo\n"
    first = bundles.write_bundle(plan, tmp_path / "a.zip").read_bytes()
    second = bundles.write_bundle(plan, tmp_path / "b.zip").read_bytes()
    assert first == second
    assert zipfile.ZipFile(tmp_path / "a.zip").namelist() == ["demo/LICENSE", "demo/README.md"]


def test_the_inputs_digest_follows_code_helpers_and_data_but_not_prose(tmp_path: Path) -> None:
    (tmp_path / "src" / "cbec").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    helper = tmp_path / "src" / "cbec" / "data.py"
    helper.write_text("A = 1\n")
    (tmp_path / "data" / "datapackage.json").write_text("{}")
    cell = {"cell_type": "code", "source": "x = 1", "outputs": []}
    modules = ["cbec", "cbec.data", "pandas"]

    def digest(cells: list[dict]) -> str:
        return bundles.inputs_sha256({"cells": cells}, modules, tmp_path)

    base = digest([cell])
    assert digest([{"cell_type": "markdown", "source": "hi"},
                   {**cell, "outputs": [{"text": "1"}]}]) == base
    assert digest([{**cell, "source": "x = 2"}]) != base
    helper.write_text("A = 2\n")
    assert digest([cell]) != base
    helper.write_text("A = 1\n")
    (tmp_path / "data" / "datapackage.json").write_text('{"resources": []}')
    assert digest([cell]) != base


# --- the bundles of the built book -------------------------------------------------------

def _zip(built_book: Path, docname: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(built_book / "_bundles" / f"{Path(docname).name}.zip")


@pytest.mark.book
@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_bundle_holds_what_the_chapter_reads_and_nothing_else(
        built_book: Path, docname: str, tmp_path: Path) -> None:
    stem = Path(docname).name
    archive = _zip(built_book, docname)
    archive.extractall(tmp_path)
    folder = tmp_path / stem
    names = {n.removeprefix(f"{stem}/") for n in archive.namelist()}
    assert all(n.startswith(f"{stem}/") for n in archive.namelist())
    # The notebook exactly as committed, a two-line README, the licence.
    assert (folder / f"{stem}.ipynb").read_bytes() == (ROOT / f"{docname}.ipynb").read_bytes()
    readme = (folder / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(readme) == 2 and readme[1].endswith(f"jupyter execute --inplace {stem}.ipynb")
    # Data: the files the build's traced execution opened, described by unchanged entries
    # of the book's data package, and valid (schema and sha256) where they are.
    trace = bundles.Trace.from_json((built_book.parent / ".doctrees" / "cbec-traces" /
                                     f"{bundles.flat_docname(docname)}.json").read_text())
    read_paths, modules = bundles.classify(trace, ROOT)
    data_files = sorted(n.removeprefix("data/") for n in names
                        if n.startswith("data/") and n != "data/datapackage.json")
    assert data_files == read_paths and data_files
    mini = json.loads((folder / "data" / "datapackage.json").read_text(encoding="utf-8"))
    book = {r["name"]: r for r in read_descriptor()["resources"]}
    assert all(book[r["name"]] == r for r in mini["resources"])
    assert sorted(r["path"] for r in mini["resources"]) == read_paths
    assert validate_package(folder / "data") == []
    # Every table the notebook names in a load_table("...") call is there (a lower bound;
    # helper functions may read more, which only the trace sees).
    cells = json.loads((ROOT / f"{docname}.ipynb").read_text(encoding="utf-8"))["cells"]
    named = {name for c in cells if c["cell_type"] == "code"
             for name in loaded_tables(ast.parse("".join(c["source"])))}
    assert named <= {r["name"] for r in mini["resources"]}
    # Helper code: the cbec modules the chapter imported, byte for byte.
    helper_files = sorted(n for n in names if n.startswith("cbec/"))
    def module_file(module: str) -> str:
        relative = "/".join(module.split(".")[1:])
        package = ROOT / "src" / "cbec" / relative / "__init__.py"
        return f"cbec/{relative}/__init__.py" if relative and package.is_file() else \
            f"cbec/{relative or '__init__'}.py"

    assert helper_files == sorted(module_file(m) for m in modules)
    for name in helper_files:
        assert (folder / name).read_bytes() == (ROOT / "src" / name).read_bytes()
    # Exact pins, each one the book's own pin.
    pins = bundles.read_pins(ROOT / "requirements.txt")
    lines = [line for line in (folder / "requirements.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines and all(line in pins.values() for line in lines)
    assert pins["nbclient"] in lines  # what runs it
    expected = {f"{stem}.ipynb", "README.md", "LICENSE", "requirements.txt",
                "data/datapackage.json", *(f"data/{p}" for p in data_files), *helper_files}
    assert names == expected


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def _outputs(cells: list[dict]) -> list[list[dict]]:
    """Outputs of every code cell, compared as nbval does (same sanitizers, no metadata)."""
    subs = _sanitizers()

    def clean(value: object) -> str:
        text = "".join(value) if isinstance(value, list) else \
            value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        for pattern, replace in subs:
            text = pattern.sub(replace, text)
        return text

    return [[{"type": o["output_type"], "text": clean(o.get("text", "")),
              "data": {k: clean(v) for k, v in o.get("data", {}).items()}}
             for o in cell.get("outputs", [])]
            for cell in cells if cell["cell_type"] == "code"]


@pytest.mark.book
def test_a_bundle_runs_outside_the_repository_and_gives_the_page_numbers(
        built_book: Path, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    stem = Path(EXECUTED).name
    work = tmp_path_factory.mktemp("bundle-run")
    assert not work.resolve().is_relative_to(ROOT)
    _zip(built_book, EXECUTED).extractall(work)
    folder = (work / stem).resolve()
    # The test venv already has every pinned requirement, so nothing needs installing.
    for line in (folder / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            assert metadata.version(name) == version, line
    stored = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
    run = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
    run.cells.append(nbformat.v4.new_code_cell(
        "import cbec, cbec.data.paths\nprint(cbec.__file__)\nprint(cbec.data.paths.data_dir())"))
    # Record every file the kernel opens in the repository or the bundle (cbec.book.kerneltrace).
    trace = work / "trace.jsonl"
    env = kerneltrace.trace_environment(trace, [ROOT, folder],
                                        [ROOT / ".venv", Path(sys.prefix), work / "ipython"],
                                        work / "ipython")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("PYTHONPATH", "CBEC_PROJECT_ROOT"):
        monkeypatch.delenv(key, raising=False)
    NotebookClient(run, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    where = "".join(run.cells[-1].outputs[0]["text"]).split("\n")
    assert Path(where[0]).is_relative_to(folder / "cbec"), where
    assert Path(where[1]) == folder / "data", where
    opened, _modules = kerneltrace.read_trace(trace)
    from_repo = [p for p in opened if Path(p).is_relative_to(ROOT)]
    assert from_repo == [], "the bundle run read files of the repository"
    data_read = {Path(p).relative_to(folder).as_posix() for p in opened
                 if Path(p).is_relative_to(folder / "data")}
    data_shipped = {p.relative_to(folder).as_posix()
                    for p in (folder / "data").rglob("*") if p.is_file()}
    assert data_read == data_shipped  # every shipped file is read, and nothing else
    assert _outputs(run.cells[:-1]) == _outputs(stored.cells)
    assert sum(len(o) for o in _outputs(stored.cells)) > 10


@pytest.mark.book
@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_page_links_its_bundle(built_book: Path, docname: str) -> None:
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    box = re.search(r'<p class="cbec-bundle"><a [^>]*href="([^"]+)"', page)
    assert box, "no bundle download box"
    target = (built_book / Path(docname).parent / box.group(1)).resolve()
    assert target == (built_book / "_bundles" / f"{Path(docname).name}.zip").resolve()
    assert target.is_file()
    assert "download-bundle-button" in page  # also in the page's download menu
    assert os.path.getsize(target) < 1_000_000


def test_the_editions_build_without_bundles() -> None:
    from cbec.book.editions import edition_config

    config = {"title": "T", "sphinx": {"config": {"numfig": True}}}
    student = edition_config(config, "student")
    assert student["sphinx"]["config"] == {"numfig": True, "cbec_bundles": False}
    assert config["sphinx"]["config"] == {"numfig": True}
