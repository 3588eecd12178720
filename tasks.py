#!/usr/bin/env python3
"""The book's two everyday commands (and a few for maintainers), with only Python 3.11 needed.

    python3 tasks.py book       build the HTML book (every chapter executed, with its
                                downloadable bundle in _build/html/_bundles); print index.html
    python3 tasks.py pdf        build the whole book as one PDF (LaTeX, xelatex); print its path
    python3 tasks.py test       run the whole test suite (what CI runs)

Maintainers also have:

    python3 tasks.py editions   build the student edition (no solutions) and the answer key
    python3 tasks.py assignments
                                build the autograded assignments (otter-grader): student
                                notebooks and autograder zips in _build/assignments/
    python3 tasks.py grade SUBMISSIONS_DIR [--assignment CHAPTER] [--output CSV]
                                grade every student notebook under a folder (no Docker);
                                writes a CSV of scores (default SUBMISSIONS_DIR/scores.csv)
    python3 tasks.py notebooks  re-execute every chapter in place and re-pair it with its .py
    python3 tasks.py data       rebuild data/processed from data/raw and record checksums
    python3 tasks.py quotations FOLDER
                                check every quotation of the data package against the five
                                source texts in FOLDER (not part of the project) and record
                                the result in data/quotations_verified.json

Each command creates (or reuses) the virtual environment .venv from requirements.txt; it is
rebuilt automatically when requirements.txt or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
STAMP = VENV / ".cbec-requirements.sha256"


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command from the book root; exit with its status if it fails."""
    print("+", " ".join(str(c) for c in command), flush=True)
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def requirements_digest() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the pinned requirements unless they are already installed."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (this is {sys.version.split()[0]}); "
                 "run the command with python3.11.")
    wanted = requirements_digest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and (BIN / "python").exists():
        return
    if not (BIN / "python").exists():
        run(sys.executable, "-m", "venv", VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps",
        "--no-build-isolation", "-e", ".")
    STAMP.write_text(wanted + "\n")


def venv_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def ensure_chromium() -> None:
    """Install Debian's chromium when it is missing and we may (root with apt-get)."""
    if shutil.which("chromium") or os.environ.get("CBEC_SKIP_BROWSER") == "1":
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
        if subprocess.run(install, env=env).returncode != 0:
            run("apt-get", "update", "-q", env=env)
            run(*install, env=env)
        return
    sys.exit("The browser tests need Debian's chromium (apt-get install chromium). Install it, "
             "or set CBEC_SKIP_BROWSER=1 to skip those tests knowingly.")


# Debian packages of the PDF edition (xelatex through Sphinx's LaTeX builder and latexmk):
# texlive-latex-extra has the LaTeX packages Sphinx's output loads, texlive-fonts-recommended
# the ZapfDingbats metrics hyperref needs under xelatex, texlive-lang-chinese xeCJK (with
# ctex) and the Fandol Chinese fonts; fonts-noto-core has Noto Serif and Noto Sans (Latin,
# Cyrillic); poppler-utils pdftotext and pdftoppm for the tests. DejaVu comes with Debian.
PDF_PACKAGES = ("texlive-xetex", "texlive-latex-extra", "texlive-fonts-recommended",
                "texlive-lang-chinese", "latexmk", "fonts-noto-core", "poppler-utils")
PDF_NAME = "cbec-book.pdf"


def missing_debian_packages(packages: tuple[str, ...]) -> list[str]:
    """The ``packages`` dpkg does not list as installed (all of them without dpkg)."""
    if not shutil.which("dpkg-query"):
        return list(packages)
    missing = []
    for package in packages:
        query = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                               capture_output=True, text=True)
        if query.returncode != 0 or "install ok installed" not in query.stdout:
            missing.append(package)
    return missing


def ensure_pdf_tools() -> None:
    """Install the PDF edition's Debian packages when missing and we may (root, apt-get)."""
    if os.environ.get("CBEC_SKIP_PDF") == "1":
        return
    missing = missing_debian_packages(PDF_PACKAGES)
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
        if subprocess.run(install, env=env).returncode != 0:
            run("apt-get", "update", "-q", env=env)
            run(*install, env=env)
        return
    sys.exit(f"The PDF edition needs Debian's {' '.join(missing)} (apt-get install "
             "--no-install-recommends ...). Install them, or set CBEC_SKIP_PDF=1 to skip the "
             "PDF tests knowingly.")


def build_pdf(output: Path | None = None) -> Path:
    """Build the whole book as one PDF (Sphinx LaTeX builder, xelatex); return its path.

    Uses the HTML book's configuration and jupyter-cache, so after `book` nothing is
    executed again.
    """
    command: list[str | Path] = [BIN / "jupyter-book", "build", ".", "--builder", "pdflatex",
                                 "-W", "-n", "--keep-going"]
    if output is not None:
        command += ["--path-output", output]
    run(*command, env=venv_env())
    return (output or ROOT) / "_build" / "latex" / PDF_NAME


def execute_notebooks(output: Path | None = None) -> None:
    """Execute every notebook of the book not yet in the build's cache, one kernel per CPU
    plus one (``cbec.book.execute``); the build then takes every page from the cache."""
    command: list[str | Path] = [BIN / "python", "-m", "cbec.book.execute"]
    if output is not None:
        command += ["--output", output]
    run(*command, env=venv_env())


def pdf() -> None:
    """Build the PDF edition (after executing what is not yet cached)."""
    ensure_venv()
    ensure_pdf_tools()
    execute_notebooks()
    print(f"PDF built: {build_pdf()}")


def can_cut_network() -> bool:
    """True when `unshare -n` works here (root, or user namespaces allowed)."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return probe.returncode == 0


def test() -> None:
    """Run pytest (unit, data, stored outputs, book build, browser, PDF) on two workers, with
    the network cut if possible."""
    ensure_venv()
    ensure_chromium()
    ensure_pdf_tools()
    env = venv_env()
    # Two workers (pytest-xdist): the tests that need the built book share one worker, which
    # builds it once (executing its notebooks while the build runs); the other runs the rest.
    pytest = [str(BIN / "python"), "-m", "pytest", "-n", "2", "--dist", "loadgroup",
              *sys.argv[2:]]
    if can_cut_network():
        env["CBEC_NETWORK_CUT"] = "1"
        command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *pytest]
        print("Running the test suite with the network cut (unshare -n).", flush=True)
    else:
        env["CBEC_NETWORK_CUT"] = "0"
        command = pytest
        print("unshare -n is not available: running the test suite with the network on.",
              flush=True)
    run(*command, env=env)


def notebooks() -> None:
    """Re-execute every chapter notebook in place (fresh kernel) and re-pair it."""
    ensure_venv()
    env = venv_env()
    chapters = sorted((ROOT / "chapters").glob("*.py"))
    for script in chapters:
        if script.with_suffix(".ipynb").exists():
            run(BIN / "jupytext", "--to", "ipynb", "--update", script, env=env)
        else:
            run(BIN / "jupytext", "--to", "ipynb", script, env=env)
    # The reproducibility page reads the other notebooks, so it runs last.
    ordered = sorted(chapters, key=lambda p: p.stem == "reproducibility")
    for script in ordered:
        run(BIN / "jupyter", "execute", "--inplace", script.with_suffix(".ipynb"), env=env)
    run(BIN / "jupytext", "--sync", *[p.with_suffix(".ipynb") for p in chapters], env=env)


def quotations() -> None:
    """Verify every quotation against the source texts in the folder given on the command line."""
    if len(sys.argv) != 3:
        sys.exit("usage: python3 tasks.py quotations FOLDER-WITH-THE-FIVE-SOURCE-TEXTS")
    ensure_venv()
    run(BIN / "python", "-c", "import sys; from cbec.data.rights import "
        "record_verified_quotations; print(record_verified_quotations(sys.argv[1]))",
        sys.argv[2], env=venv_env())


def book() -> None:
    """Execute every notebook (one kernel per CPU, plus one) while `jupyter-book build . -W -n
    --keep-going` runs alongside, reading each page from that cache once it is executed."""
    ensure_venv()
    run(BIN / "python", "-m", "cbec.book.execute", "--build", env=venv_env())
    print(f"Book built: {ROOT / '_build' / 'html' / 'index.html'}")


def data() -> None:
    """Rebuild data/processed from data/raw and record the checksums."""
    ensure_venv()
    run(BIN / "python", "-m", "cbec.book.build", env=venv_env())


def editions() -> None:
    """Build the student edition and the answer key."""
    ensure_venv()
    run(BIN / "python", "-m", "cbec.book.editions", env=venv_env())


def assignments() -> None:
    """Build the autograded assignments into _build/assignments/."""
    ensure_venv()
    run(BIN / "python", "-m", "cbec.book.assignments", "build", *sys.argv[2:], env=venv_env())


def grade() -> None:
    """Grade a folder of student notebooks and write a CSV of scores."""
    ensure_venv()
    run(BIN / "python", "-m", "cbec.book.assignments", "grade", *sys.argv[2:], env=venv_env())


COMMANDS = {"book": book, "pdf": pdf, "test": test, "notebooks": notebooks, "data": data,
            "editions": editions, "quotations": quotations, "assignments": assignments,
            "grade": grade}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()


if __name__ == "__main__":
    main()
