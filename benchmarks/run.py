"""Benchmarks of the book (run by hand: ``.venv/bin/python benchmarks/run.py``).

Measures, in one run on one machine, and prints a table of ratios with their goals:

* clean book build vs. the *floor* (the sum of every chapter executed alone in a fresh
  kernel; both the median of three runs, since one run can hit a slow moment of a shared
  machine), a no-op rebuild, and a rebuild after editing one chapter's code;
* each chapter page's HTML weight (the shared vendored vega bundle is separate files);
* the panel estimator on a synthetic 2,800 x 20 panel: ``cbec.stats.panel.twfe`` vs. pyfixest
  called directly, and vs. statsmodels OLS with dummy variables;
* the PDF edition's build after the HTML build (as `python3 tasks.py pdf` after `book`);
* the wall time of the full test suite.

Results are appended to ``benchmarks/history.json`` and written to ``benchmarks/RESULTS.md``;
a measure more than 20% worse than in the previous recorded run is called out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HISTORY = ROOT / "benchmarks" / "history.json"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ROUNDS = 3  # the floor and the clean build are each the median of this many runs
REGRESSION_TOLERANCE = 0.20
DESCRIPTIVE = ("china_cbec", "heilongjiang", "russia_market", "aliexpress")
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info",
                                     ".pytest_cache", ".ruff_cache")


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall time of a command that must succeed."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        log = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed:\n{log}")
    return elapsed


def chapter_notebooks(root: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from cbec.book.toc import toc_files

    return [root / f"{page}.ipynb" for page in toc_files(root)
            if (root / f"{page}.ipynb").exists()]


def measure_floor(root: Path, rounds: int = ROUNDS) -> dict[str, float]:
    """Each chapter executed alone in a fresh kernel (on a copy, so nothing is rewritten):
    the median of ``rounds`` runs, the chapters taken in turn in every round."""
    runs: dict[str, list[float]] = {}
    for _ in range(rounds):
        for notebook in chapter_notebooks(root):
            with tempfile.TemporaryDirectory() as scratch:
                copy = Path(scratch) / notebook.name
                shutil.copy2(notebook, copy)
                runs.setdefault(notebook.stem, []).append(timed(
                    [str(BIN / "jupyter"), "execute", "--inplace", str(copy)],
                    cwd=notebook.parent))
    return {name: statistics.median(times) for name, times in runs.items()}


def measure_builds(source: Path) -> dict[str, float]:
    """Clean build as ``python3 tasks.py book`` does it (every notebook executed into the
    build's cache, one kernel per CPU plus one, while the Sphinx build runs alongside and
    reads each page once it is cached; the median of ``ROUNDS`` builds, like the floor);
    the same two steps one after the other, for comparison; a no-op rebuild and a rebuild
    after editing one chapter's code."""
    execute = [str(BIN / "python"), "-m", "cbec.book.execute", "--output", str(source)]
    build = [str(BIN / "jupyter-book"), "build", str(source), "-W", "-n", "--keep-going"]
    env = dict(os.environ, CBEC_PROJECT_ROOT=str(source))
    cache = source / "_build"
    cleans = []  # (wall time, its execution step), median of ROUNDS clean builds
    for _ in range(ROUNDS):
        shutil.rmtree(cache, ignore_errors=True)
        start = time.perf_counter()
        log = subprocess.run([*execute, "--build"], cwd=source, env=env, capture_output=True,
                             text=True, check=True).stdout
        cleans.append((time.perf_counter() - start,
                       float(re.search(r"notebooks executed in ([\d.]+) s", log).group(1))))
    clean, executing = sorted(cleans)[len(cleans) // 2]
    shutil.rmtree(cache)
    sequential_execute = timed(execute, source, env)
    sequential_sphinx = timed(build, source, env)
    out = {"clean build": clean,
           "clean build: its execution step (the build running alongside)": executing,
           "clean build: beyond its execution step": clean - executing,
           "for comparison, the two steps one after the other": (sequential_execute
                                                                 + sequential_sphinx),
           "one after the other: executing the notebooks": sequential_execute,
           "one after the other: the Sphinx build from the cache": sequential_sphinx,
           "no-op rebuild": timed(build, source, env)}
    edited = source / "chapters" / "heilongjiang.ipynb"
    notebook = json.loads(edited.read_text(encoding="utf-8"))
    first_code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    first_code["source"] = "".join(first_code["source"]) + "\n# benchmark edit"
    edited.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    out["rebuild after editing one chapter"] = timed(build, source, env)
    return out


def measure_pdf(source: Path) -> float:
    """The PDF edition built after the HTML build of ``source`` (LaTeX builder, xelatex): it
    reuses that build's parsed pages and cache, as `python3 tasks.py pdf` after `book`."""
    return timed([str(BIN / "jupyter-book"), "build", str(source), "--builder", "pdflatex",
                  "-W", "-n", "--keep-going"], source, dict(os.environ,
                                                            CBEC_PROJECT_ROOT=str(source)))


def page_weights(source: Path) -> dict[str, float]:
    """KB of each chapter page's HTML (vendored scripts are shared files, not counted)."""
    html = source / "_build" / "html"
    return {nb.stem: (html / nb.relative_to(source).with_suffix(".html")).stat().st_size / 1024
            for nb in chapter_notebooks(source)}


def synthetic_panel(entities: int = 2800, periods: int = 20, regressors: int = 5,
                    seed: int = 2024) -> pd.DataFrame:
    """A balanced panel with entity and period effects and clustered errors."""
    rng = np.random.default_rng(seed)
    entity = np.repeat(np.arange(entities), periods)
    period = np.tile(np.arange(periods), entities)
    x = rng.normal(size=(entities * periods, regressors))
    y = (x @ np.linspace(0.5, 1.5, regressors) + rng.normal(size=entities)[entity]
         + rng.normal(size=periods)[period] + rng.normal(size=entities)[entity] * 0.3
         + rng.normal(size=entities * periods))
    frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(regressors)])
    frame["y"], frame["entity"], frame["period"] = y, entity, period
    return frame


def best_of(function: Callable[[], object], repeats: int) -> float:
    function()  # warm-up (imports, JIT, caches)
    return min(_once(function) for _ in range(repeats))


def interleaved_best(first: Callable[[], object], second: Callable[[], object],
                     repeats: int) -> tuple[float, float]:
    """Best times of two functions timed alternately, so that background load on a small
    machine affects both alike."""
    first()
    second()
    times_first, times_second = [], []
    for _ in range(repeats):
        times_first.append(_once(first))
        times_second.append(_once(second))
    return min(times_first), min(times_second)


def _once(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure_estimators() -> dict[str, float]:
    """Seconds per fit: cbec.stats.panel.twfe, pyfixest directly, statsmodels with dummies."""
    import warnings

    import pyfixest as pf
    import statsmodels.formula.api as smf

    sys.path.insert(0, str(ROOT / "src"))
    from cbec.stats.panel import twfe

    warnings.simplefilter("ignore")
    data = synthetic_panel()
    regressors = [c for c in data.columns if c.startswith("x")]
    formula = f"y ~ {' + '.join(regressors)} | entity + period"
    ssc = pf.ssc(k_adj=True, k_fixef="full", G_adj=True, G_df="min")
    ours, direct = interleaved_best(
        lambda: twfe(data, "y", regressors, entity="entity", time="period"),
        lambda: pf.feols(formula, data=data, vcov={"CRV1": "entity"}, ssc=ssc).tidy(),
        repeats=20)
    dummies = f"y ~ {' + '.join(regressors)} + C(entity) + C(period)"
    statsmodels_time = best_of(lambda: smf.ols(dummies, data=data).fit(
        cov_type="cluster", cov_kwds={"groups": data["entity"]}), 1)
    return {"cbec.stats.panel.twfe": ours, "pyfixest direct": direct,
            "statsmodels dummies": statsmodels_time}


def measure_assignments(source: Path) -> dict[str, float]:
    """Seconds to build each chapter's assignment as ``python3 tasks.py assignments`` does
    (otter assign, including otter's grading of the answer key), after importing otter once."""
    script = ("import json, otter.assign\n"
              "from cbec.book import assignments\n"
              "timings = {}\n"
              "assignments.build_all(run_tests=True, timings=timings)\n"
              "print(json.dumps(timings))\n")
    env = dict(os.environ, CBEC_PROJECT_ROOT=str(source),
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    result = subprocess.run([str(BIN / "python"), "-c", script], cwd=source, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"building the assignments failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


SENSITIVITY_SCRIPT = """
import time, warnings
warnings.filterwarnings("ignore")
from cbec.chapters import regression
from cbec.data import load_table
from cbec.stats import sensitivity
analysis = regression.analysis_panel(load_table("provincial_panel"))
regression.fit_table3(analysis)  # pyfixest imported and warm, as in the chapter
start = time.perf_counter()
curve = sensitivity.specification_curve(analysis)
summary = sensitivity.curve_summary(curve)
ri = sensitivity.randomization_table(analysis, regression.model_samples(analysis),
                                     reps=regression.RI_REPS, seed=regression.RI_SEED)
loo = sensitivity.leave_one_out(analysis)
influential = sensitivity.most_influential(loo)
regression.specification_curve_chart(*regression.specification_curve_frames(curve), "s").to_dict()
regression.leave_one_out_chart(loo, 0.2, "s").to_dict()
print(time.perf_counter() - start)
"""


def measure_sensitivity() -> float:
    """Seconds the regression chapter spends on the specification curve, randomization
    inference and leave-one-out checks (their tables and charts), pyfixest already warm."""
    result = subprocess.run([str(BIN / "python"), "-c", SENSITIVITY_SCRIPT], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"timing the sensitivity checks failed:\n{result.stderr[-3000:]}")
    return float(result.stdout.strip().splitlines()[-1])


def measure_tests() -> dict[str, float]:
    """The README's test command on a fresh clone (which must pass): total wall time, with
    the installation of its virtual environment, and the time pytest itself reports."""
    with tempfile.TemporaryDirectory() as scratch:
        clone = Path(scratch) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        result = subprocess.run(["python3", "tasks.py", "test", "-q"], cwd=clone,
                                capture_output=True, text=True)
        total = time.perf_counter() - start
    if result.returncode != 0:
        log = Path(tempfile.gettempdir()) / "cbec-benchmark-failed-suite.log"
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
        failures = result.stdout.partition("= FAILURES =")[2] or result.stdout
        raise RuntimeError(f"the test suite failed on a fresh clone (whole log: {log}):\n"
                           f"{failures[:6000]}")
    reported = re.findall(r" in ([0-9.]+)s", result.stdout)
    return {"fresh clone, install and tests": total, "pytest": float(reported[-1])}


def machine() -> dict[str, str]:
    return {"python": platform.python_version(), "cores": str(os.cpu_count()),
            "platform": platform.platform(), "processor": platform.machine()}


def evaluate(run: dict) -> list[dict]:
    """The table of ratios with goals and verdicts."""
    floor = sum(run["floor"].values())
    builds = run["builds"]
    descriptive = {k: v for k, v in run["floor"].items() if k in DESCRIPTIVE}
    rows = [
        {"measure": "clean build / summed standalone chapter executions",
         "value": builds["clean build"] / floor, "goal": "<= 0.65",
         "met": builds["clean build"] / floor <= 0.65},
        {"measure": "slowest descriptive chapter executed alone (s)",
         "value": max(descriptive.values()), "goal": "<= 2.5",
         "met": max(descriptive.values()) <= 2.5},
        {"measure": "regression chapter executed alone (s)",
         "value": run["floor"]["regression"], "goal": "<= 6",
         "met": run["floor"]["regression"] <= 6},
        {"measure": "no-op rebuild / clean build",
         "value": builds["no-op rebuild"] / builds["clean build"], "goal": "<= 0.15",
         "met": builds["no-op rebuild"] / builds["clean build"] <= 0.15},
    ]
    edited = run["floor"].get("heilongjiang", float("nan"))
    rebuild = builds["rebuild after editing one chapter"]
    noop = builds["no-op rebuild"]
    rows.append({"measure": "(rebuild after one edit - no-op) / that chapter's floor",
                 "value": (rebuild - noop) / edited, "goal": "about 1 (<= 1.5)",
                 "met": (rebuild - noop) / edited <= 1.5})
    pdf = builds.get("PDF build after the HTML build")
    if pdf is not None:
        rows.append({"measure": "PDF build after the HTML build / clean build",
                     "value": pdf / builds["clean build"], "goal": "<= 2",
                     "met": pdf / builds["clean build"] <= 2})
    for page, kb in run["pages_kb"].items():
        rows.append({"measure": f"page weight {page} (KB)", "value": kb, "goal": "<= 400",
                     "met": kb <= 400})
    est = run["estimators"]
    rows.append({"measure": "cbec.stats.panel.twfe / pyfixest direct",
                 "value": est["cbec.stats.panel.twfe"] / est["pyfixest direct"], "goal": "<= 1.2",
                 "met": est["cbec.stats.panel.twfe"] / est["pyfixest direct"] <= 1.2})
    rows.append({"measure": "statsmodels dummies / cbec.stats.panel.twfe (speed-up)",
                 "value": est["statsmodels dummies"] / est["cbec.stats.panel.twfe"],
                 "goal": ">= 10",
                 "met": est["statsmodels dummies"] / est["cbec.stats.panel.twfe"] >= 10})
    if run.get("sensitivity") is not None:
        rows.append({"measure": "regression: specification curve, randomization inference "
                                "and leave-one-out (s)", "value": run["sensitivity"],
                     "goal": "<= 3", "met": run["sensitivity"] <= 3})
    if run.get("tests") is not None:
        rows.append({"measure": "full test suite, fresh clone, pytest wall time (s)",
                     "value": run["tests"]["pytest"], "goal": "<= 90",
                     "met": run["tests"]["pytest"] <= 90})
        total = run["tests"]["fresh clone, install and tests"]
        rows.append({"measure": "fresh clone: install and test suite (s)", "value": total,
                     "goal": "well under 30 min (< 600)", "met": total < 600})
    return rows


def regressions(run: dict, previous: dict | None) -> list[str]:
    """Raw timings more than 20% worse than in the previous run."""
    if previous is None:
        return []
    flagged = []

    def compare(label: str, now: float, before: float | None) -> None:
        if before and now > before * (1 + REGRESSION_TOLERANCE):
            flagged.append(f"{label}: {now:.3g} vs {before:.3g} before (+{now / before - 1:.0%})")

    for key in ("builds", "estimators", "floor", "pages_kb", "assignments"):
        for name, value in run.get(key, {}).items():
            compare(f"{key} / {name}", value, previous.get(key, {}).get(name))
    before = previous.get("tests")
    if isinstance(run.get("tests"), dict) and isinstance(before, dict):
        compare("tests (pytest)", run["tests"]["pytest"], before.get("pytest"))
    return flagged


def write_results(run: dict, rows: list[dict], flagged: list[str]) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Last run: {run['date']} on {run['machine']['platform']} "
        f"({run['machine']['cores']} cores, Python {run['machine']['python']}). "
        "Produced by `.venv/bin/python benchmarks/run.py`; every run is kept in "
        "`benchmarks/history.json`.",
        "",
        "| measure | value | goal | met |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r['measure']} | {r['value']:.3g} | {r['goal']} | "
              f"{'yes' if r['met'] else '**no**'} |" for r in rows]
    lines += ["", "## Raw timings (seconds)", "",
              "| what | seconds |", "|---|---|"]
    lines += [f"| execute {k} alone (floor) | {v:.2f} |" for k, v in run["floor"].items()]
    lines += [f"| floor, total | {sum(run['floor'].values()):.2f} |"]
    lines += [f"| {k} | {v:.2f} |" for k, v in run["builds"].items()]
    lines += [f"| one fit, {k} (2,800 x 20 panel) | {v:.4f} |"
              for k, v in run["estimators"].items()]
    lines += [f"| build assignment {k} (otter assign, answer key graded) | {v:.2f} |"
              for k, v in run.get("assignments", {}).items()]
    if run.get("sensitivity") is not None:
        lines += [f"| regression: spec curve + randomization inference + leave-one-out | "
                  f"{run['sensitivity']:.2f} |"]
    if run.get("tests") is not None:
        lines += [f"| test suite on a fresh clone: {k} | {v:.1f} |"
                  for k, v in run["tests"].items()]
    lines += ["", "## Regressions against the previous run", ""]
    lines += [f"* {f}" for f in flagged] or ["None beyond 20%."]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def refresh_reproducibility_page() -> None:
    """Re-execute the Reproducibility page, whose benchmark table reads the newest run of
    ``history.json``; otherwise its stored outputs (checked by the test suite) go stale."""
    page = ROOT / "chapters" / "reproducibility.ipynb"
    timed([str(BIN / "jupyter"), "execute", "--inplace", str(page)], cwd=page.parent)
    print(f"re-executed {page.relative_to(ROOT)} for the new benchmark table")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-tests", action="store_true",
                        help="do not time the full test suite")
    args = parser.parse_args(argv)
    run: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine()}
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "book"
        shutil.copytree(ROOT, source, ignore=COPY_IGNORE)
        run["floor"] = measure_floor(source)
        run["builds"] = measure_builds(source)
        run["pages_kb"] = page_weights(source)
        run["assignments"] = measure_assignments(source)
        run["builds"]["PDF build after the HTML build"] = measure_pdf(source)
    run["estimators"] = measure_estimators()
    run["sensitivity"] = measure_sensitivity()
    run["tests"] = None if args.skip_tests else measure_tests()
    history = json.loads(HISTORY.read_text()) if HISTORY.exists() else []
    previous = history[-1] if history else None
    rows = evaluate(run)
    flagged = regressions(run, previous)
    history.append(run)
    HISTORY.write_text(json.dumps(history, indent=2) + "\n", encoding="utf-8")
    write_results(run, rows, flagged)
    refresh_reproducibility_page()
    width = max(len(r["measure"]) for r in rows)
    for r in rows:
        print(f"{r['measure']:<{width}}  {r['value']:>9.3g}  goal {r['goal']:<22} "
              f"{'met' if r['met'] else 'NOT MET'}")
    for f in flagged:
        print(f"REGRESSION: {f}")
    print(f"median floor per chapter: {statistics.median(run['floor'].values()):.2f} s")
    print(f"written: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
