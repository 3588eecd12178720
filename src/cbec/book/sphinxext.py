"""The book's Sphinx extension.

* **Repository and launch buttons from one setting.** ``repository.url`` in ``_config.yml``
  is the only place a repository is named. Empty (the default: this project has no
  published remote), no page shows a repository, issue or launch button. Set, the
  Repository and Open-issue buttons and a Binder launch button are all built from it (see
  :func:`repository_options`).
* **Chapter bundles.** Every page of the table of contents' "Chapters" part gets a zip that
  runs on a clean machine (:mod:`cbec.book.bundles`) and a visible download link under its title.
  The kernel that executes a chapter during the build records what it reads
  (:mod:`cbec.book.kerneltrace`); when the build takes a chapter from the execution cache instead,
  the trace of the execution that filled the cache is used if the chapter's code, the helper
  modules it imported and the data package are unchanged since; otherwise the chapter is
  executed once more, only to trace it.
* **Reading while the notebooks execute.** Started by :func:`cbec.book.execute.build_html`
  (``python3 tasks.py book``), the build reads each notebook page only once the execution
  step has put it in the cache, and stops if that execution failed (``source-read``).
* Removes duplicate ``<script>`` entries. Jupyter Book 1.0.4 registers sphinx-thebe's inline
  configuration script twice, so every page declared ``const THEBE_JS_URL`` twice and the
  browser logged "Identifier 'THEBE_JS_URL' has already been declared".
* **The PDF edition** (LaTeX builder only): charts as vector images, HTML tables as LaTeX
  tables, the book's document class; see :mod:`cbec.book.printing`.
"""

from __future__ import annotations

import gc
import html
import json
import os
import posixpath
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from cbec.book import printing
from cbec.book.execute import BUNDLE_PART, SIGNAL_VARIABLE, ReadySignal
from cbec.book.toc import bundle_docnames, flat_docname

BINDERHUB_URL = "https://mybinder.org"
# Hosts for which sphinx-book-theme 1.3 writes a valid Binder address (v2/gh/..., v2/gl/...).
# For any other host it writes v2/git/<url> without escaping the slashes, which BinderHub
# cannot parse, so those get no launch button rather than a broken one.
BINDER_HOSTS = frozenset({"github.com", "gitlab.com"})
# What Jupyter Book 1.0.4 puts in repository.url when _config.yml leaves the key out.
JUPYTER_BOOK_DEFAULT = "https://github.com/executablebooks/jupyter-book"
# The buttons this extension derives from repository.url; setting them by hand would make a
# second setting that can disagree with the first.
DERIVED_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button",
                   "use_source_button")
LAUNCH_SERVICES = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url",
                   "jupyterlite_url", "thebe")
# Processes that exit right after the build (see _on_build_finished).
COMMAND_LINE_BUILDS = frozenset({"jupyter-book", "jb", "sphinx-build"})
_TRACE_VARIABLES = ("IPYTHONDIR", "CBEC_TRACE_FILE", "CBEC_TRACE_ROOTS", "CBEC_TRACE_EXCLUDE")


class RepositorySettingError(ValueError):
    """The configuration names a repository or a launch service outside ``repository.url``."""


def repository_options(theme_options: dict[str, Any]) -> dict[str, Any]:
    """Theme options with every repository-derived button set from ``repository_url`` alone.

    Unset or empty: no repository, issue, edit or launch button (and no Binder/Colab URL).
    Set: the Repository button; the Open-issue button on GitHub and GitLab hosts (the only
    ones the theme can file issues on); and, for a repository on github.com or gitlab.com, a
    Binder launch button (``requirements.txt``, ``runtime.txt`` and ``postBuild`` set the
    session up). There is no Colab button: Colab ignores ``requirements.txt`` and
    ``postBuild``, so a chapter's first cell (``import cbec``) would fail there.
    """
    options = json.loads(json.dumps(theme_options))
    hand_set = [key for key in DERIVED_BUTTONS if options.get(key)]
    launch = dict(options.get("launch_buttons") or {})
    hand_set += [f"launch_buttons.{key}" for key in LAUNCH_SERVICES if launch.get(key)]
    if hand_set:
        raise RepositorySettingError(
            f"_config.yml sets {', '.join(hand_set)}: these are derived from repository.url "
            "by cbec.book.sphinxext; remove them and set only repository.url")
    url = str(options.get("repository_url") or "").strip().rstrip("/")
    options.pop("repository_url", None)
    for key in DERIVED_BUTTONS:
        options[key] = False
    if url == JUPYTER_BOOK_DEFAULT:
        raise RepositorySettingError(
            "repository.url is Jupyter Book's default (its own repository): _config.yml must "
            'set repository.url, to "" when the book has no published repository')
    if url:
        host = (urlparse(url).hostname or "").lower()
        if urlparse(url).scheme != "https" or not host or url.count("/") < 4:
            raise RepositorySettingError(
                f"repository.url must be the https address of a repository "
                f"(https://host/owner/name), not {url!r}")
        options["repository_url"] = url
        options["use_repository_button"] = True
        options["use_issues_button"] = "github" in host or "gitlab" in host
        if host in BINDER_HOSTS:
            launch["binderhub_url"] = BINDERHUB_URL
    options["launch_buttons"] = launch
    return options


def configured_hosts(theme_options: dict[str, Any]) -> set[str]:
    """Hosts that pages may link to because of the repository setting (empty when unset)."""
    url = str(theme_options.get("repository_url") or "").strip()
    if not url:
        return set()
    hosts = {urlparse(url).hostname or ""}
    if (theme_options.get("launch_buttons") or {}).get("binderhub_url"):
        hosts.add(urlparse(BINDERHUB_URL).hostname or "")
    return hosts


def _script_key(script: Any) -> tuple[str, str]:
    """(file, inline body) of a Sphinx script entry; priority is ignored on purpose."""
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), str(attributes.get("body", ""))


def dedupe_scripts(scripts: list[Any]) -> list[Any]:
    """Return ``scripts`` without repeats (same file and same inline body), order kept."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def bundle_link_html(href: str, size_bytes: int, n_files: int) -> str:
    """The download box shown under a chapter's title."""
    size = f"{size_bytes / 1024:,.0f} KB"
    files = f"{n_files} data file{'s' if n_files != 1 else ''}"
    return (f'<p class="cbec-bundle"><a class="reference download" href="{html.escape(href)}" '
            f'download>Download this chapter to run it yourself</a> (zip, {size}): the '
            f"notebook, the {files} it reads with their sha256 checksums, the helper code it "
            "imports and pinned requirements. Unzip it and run the second line of its README "
            "to get this page's numbers.</p>")


# --- Sphinx event handlers -------------------------------------------------------------------

def _on_config_inited(app: Any, config: Any) -> None:
    config.html_theme_options = repository_options(dict(config.html_theme_options or {}))


def _bundles_enabled(app: Any) -> bool:
    return bool(app.config.cbec_bundles) and getattr(app.builder, "format", "") == "html"


def _trace_dir(app: Any) -> Path:
    return Path(app.doctreedir) / "cbec-traces"


def _on_builder_inited(app: Any) -> None:
    app.cbec_bundle_docs = []
    app.cbec_bundle_info = {}
    app.cbec_index_thread = None
    if not _bundles_enabled(app):
        return
    toc = Path(app.srcdir) / (getattr(app.config, "external_toc_path", "") or "_toc.yml")
    if not toc.is_file():  # a single page built on its own: no chapters, no bundles
        return
    app.cbec_bundle_docs = bundle_docnames(toc, app.config.cbec_bundle_part)
    _trace_dir(app).mkdir(parents=True, exist_ok=True)
    if os.environ.get(SIGNAL_VARIABLE):
        # Pages arrive while kernels run: index the installed distributions (for the
        # bundles' requirements) meanwhile, rather than after the last page is read.
        from cbec.book.bundles import index_distributions

        app.cbec_index_thread = threading.Thread(target=index_distributions, daemon=True)
        app.cbec_index_thread.start()


def _wait_for_execution(app: Any, docname: str, source: list[str]) -> None:
    """When the build runs alongside the execution step (:func:`cbec.book.execute.build_html`),
    read a notebook page only once its execution is in the cache."""
    folder = os.environ.get(SIGNAL_VARIABLE)
    if not folder:
        return
    from sphinx.errors import ExtensionError

    try:
        ReadySignal(Path(folder)).wait_for(docname)
    except RuntimeError as error:
        raise ExtensionError(str(error)) from None


def _trace_env(app: Any, docname: str) -> dict[str, str]:
    from cbec.book.bundles import trace_environment_for

    return trace_environment_for(_trace_dir(app), docname)


def _on_source_read(app: Any, docname: str, source: list[str]) -> None:
    """Arm the kernel tracer for a bundled chapter (its kernel inherits the environment)."""
    for variable in _TRACE_VARIABLES:
        os.environ.pop(variable, None)
    if docname not in getattr(app, "cbec_bundle_docs", []):
        return
    env = _trace_env(app, docname)
    Path(env["CBEC_TRACE_FILE"]).unlink(missing_ok=True)
    os.environ.update(env)


def _keep_trace(app: Any, docname: str) -> None:
    """Turn the kernel's raw record of ``docname`` (if any) into its trace, keyed by its code."""
    from cbec.book.bundles import keep_trace

    keep_trace(_trace_dir(app), docname, Path(app.env.doc2path(docname)))


def _on_doctree_read(app: Any, doctree: Any) -> None:
    for variable in _TRACE_VARIABLES:
        os.environ.pop(variable, None)
    if app.env.docname in getattr(app, "cbec_bundle_docs", []):
        _keep_trace(app, app.env.docname)


def _execute_for_trace(app: Any, docname: str, notebook_path: Path) -> None:
    """Run a chapter once in a fresh kernel only to record what it reads."""
    import nbformat
    from nbclient import NotebookClient
    from sphinx.util import logging

    logging.getLogger(__name__).info(f"cbec: executing {docname} to trace what it reads")
    env = _trace_env(app, docname)
    Path(env["CBEC_TRACE_FILE"]).unlink(missing_ok=True)
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        notebook = nbformat.read(notebook_path, as_version=4)
        NotebookClient(notebook, timeout=app.config.nb_execution_timeout or 300,
                       resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    _keep_trace(app, docname)


def _load_trace(app: Any, docname: str, notebook_path: Path) -> Any:
    from cbec.book.bundles import Trace, inputs_sha256
    from cbec.data.paths import project_root

    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    stored = _trace_dir(app) / f"{flat_docname(docname)}.json"
    if stored.exists():
        try:
            trace = Trace.from_json(stored.read_text(encoding="utf-8"))
        except (KeyError, ValueError):  # written by an older version of this extension
            trace = None
        if trace is not None and \
                trace.inputs_sha256 == inputs_sha256(notebook, trace.modules, project_root()):
            return trace
    _execute_for_trace(app, docname, notebook_path)
    return Trace.from_json(stored.read_text(encoding="utf-8"))


def _write_bundle(app: Any, env: Any, docname: str) -> None:
    """Plan and write chapter ``docname``'s bundle; remember its link for the page."""
    from cbec.book.bundles import BUNDLE_DIR, plan_bundle, write_bundle
    from cbec.data.paths import project_root

    if getattr(app, "cbec_index_thread", None) is not None:
        app.cbec_index_thread.join()
    notebook_path = Path(env.doc2path(docname))
    trace = _load_trace(app, docname, notebook_path)
    title = env.titles[docname].astext() if docname in env.titles else docname
    stem = posixpath.basename(docname)
    plan = plan_bundle(stem, title, notebook_path, trace, project_root())
    relative = f"{BUNDLE_DIR}/{stem}.zip"
    target = write_bundle(plan, Path(app.outdir) / relative)
    app.cbec_bundle_info[docname] = (relative, target.stat().st_size, len(plan.resources))


def _on_doctree_read_bundle(app: Any, doctree: Any) -> None:
    """Write a chapter's bundle as soon as the chapter is read (its title is known then)."""
    if _bundles_enabled(app) and app.env.docname in getattr(app, "cbec_bundle_docs", []):
        _write_bundle(app, app.env, app.env.docname)


def _on_env_updated(app: Any, env: Any) -> list[str]:
    """Write the bundles of the chapters not read in this build (after reading, before the
    pages are written): their code or data may have changed since."""
    if not _bundles_enabled(app):
        return []
    for docname in app.cbec_bundle_docs:
        if docname not in app.cbec_bundle_info:
            _write_bundle(app, env, docname)
    return []


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    """In a command-line build the process ends now: spare it the final garbage collection
    over the whole environment (about 0.35 s for this book). Objects are still freed."""
    if Path(sys.argv[0]).name in COMMAND_LINE_BUILDS:
        gc.freeze()


def _on_doctree_resolved(app: Any, doctree: Any, docname: str) -> None:
    """Put the download link right under the chapter's title."""
    from docutils import nodes

    info = getattr(app, "cbec_bundle_info", {}).get(docname)
    if info is None or not _bundles_enabled(app):
        return
    relative, size, n_files = info
    page = app.builder.get_target_uri(docname)
    href = posixpath.relpath(relative, posixpath.dirname(page) or ".")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    position = 1 if section.children and isinstance(section[0], nodes.title) else 0
    section.insert(position, nodes.raw("", bundle_link_html(href, size, n_files),
                                       format="html"))


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    if "script_files" in context:
        context["script_files"] = dedupe_scripts(list(context["script_files"]))
    info = getattr(app, "cbec_bundle_info", {}).get(pagename)
    if info is None:
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].insert(0, {
                "type": "link", "url": f"{context['pathto'](info[0], 1)}", "text": ".zip",
                "icon": "fas fa-file-archive", "label": "download-bundle-button",
                "tooltip": "Download the chapter bundle (notebook, data, code)"})


def cache_pybtex_entry_points() -> None:
    """Let pybtex scan the installed packages' entry points once per build, not once per
    citation: sphinxcontrib-bibtex asks pybtex for a style plugin for every reference, and
    each lookup reads the metadata of every installed distribution (about 11 ms each here,
    some 150 lookups per build, 1.7 s). The answer cannot change while a build runs; the
    plugins registered at run time are still consulted first on every call."""
    import functools

    import pybtex.plugin

    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        pybtex.plugin.entry_points = functools.cache(pybtex.plugin.entry_points)


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    cache_pybtex_entry_points()
    app.add_config_value("cbec_bundles", True, "html", [bool])
    app.add_config_value("cbec_bundle_part", BUNDLE_PART, "html", [str])
    app.connect("config-inited", _on_config_inited, priority=100)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("source-read", _wait_for_execution, priority=100)
    app.connect("source-read", _on_source_read)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("doctree-read", _on_doctree_read_bundle, priority=900)  # after the title
    app.connect("env-updated", _on_env_updated)
    app.connect("build-finished", _on_build_finished, priority=999)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_page_context, priority=900)
    printing.register(app)  # the PDF edition's LaTeX-only hooks
    return {"version": "3", "parallel_read_safe": True, "parallel_write_safe": True}
