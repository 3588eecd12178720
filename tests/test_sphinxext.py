"""The book's Sphinx extension: script dedupe, repository/launch buttons from one setting,
chapter-bundle helpers."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from cbec.book import bookmeta
from cbec.book.sphinxext import (
    DERIVED_BUTTONS,
    JUPYTER_BOOK_DEFAULT,
    LAUNCH_SERVICES,
    RepositorySettingError,
    bundle_link_html,
    configured_hosts,
    dedupe_scripts,
    repository_options,
)
from cbec.book.toc import bundle_docnames


def _script(name: str, body: str = "", priority: int = 500) -> SimpleNamespace:
    return SimpleNamespace(filename=name or None, priority=priority,
                           attributes={"body": body} if body else {})


def test_dedupe_scripts_drops_exact_repeats_and_keeps_order() -> None:
    scripts = [_script("a.js"), _script("", "const X = 1"), _script("b.js"),
               _script("", "const X = 1", priority=501), _script("a.js"),
               _script("", "const Y = 2")]
    unique = dedupe_scripts(scripts)
    assert [(s.filename, s.attributes.get("body", "")) for s in unique] == [
        ("a.js", ""), (None, "const X = 1"), ("b.js", ""), (None, "const Y = 2")]
    assert unique[1].priority == 500  # the first occurrence is kept


# --- repository and launch buttons: one setting ---------------------------------------------

def test_no_repository_means_no_repository_issue_or_launch_button() -> None:
    for unset in ({}, {"repository_url": ""}, {"repository_url": "  "}):
        options = repository_options({**unset, "launch_buttons": {"notebook_interface": "x"}})
        assert "repository_url" not in options
        assert not any(options[key] for key in DERIVED_BUTTONS)
        assert not any(options["launch_buttons"].get(key) for key in LAUNCH_SERVICES)
        assert configured_hosts(options) == set()


def test_a_repository_url_turns_on_the_buttons_built_from_it() -> None:
    options = repository_options({"repository_url": "https://github.com/owner/book/",
                                  "launch_buttons": {"notebook_interface": "jupyterlab"}})
    assert options["repository_url"] == "https://github.com/owner/book"
    assert options["use_repository_button"] and options["use_issues_button"]
    assert options["launch_buttons"] == {"notebook_interface": "jupyterlab",
                                         "binderhub_url": "https://mybinder.org"}
    assert "colab_url" not in options["launch_buttons"]
    assert configured_hosts(options) == {"github.com", "mybinder.org"}
    # The theme can file issues only on GitHub and GitLab, and writes valid Binder addresses
    # only for github.com and gitlab.com.
    other = repository_options({"repository_url": "https://bitbucket.org/owner/book"})
    assert other["use_repository_button"] and not other["use_issues_button"]
    assert "binderhub_url" not in other["launch_buttons"]
    hosted = repository_options({"repository_url": "https://gitlab.example.org/owner/book"})
    assert hosted["use_issues_button"] and "binderhub_url" not in hosted["launch_buttons"]
    assert configured_hosts(hosted) == {"gitlab.example.org"}
    assert "binderhub_url" in repository_options(
        {"repository_url": "https://gitlab.com/owner/book"})["launch_buttons"]


@pytest.mark.parametrize("options", [
    {"use_repository_button": True},
    {"repository_url": "https://github.com/o/b", "launch_buttons": {"colab_url": "https://x"}},
    {"launch_buttons": {"binderhub_url": "https://mybinder.org"}},
])
def test_buttons_set_by_hand_are_refused(options: dict) -> None:
    with pytest.raises(RepositorySettingError, match=r"derived from repository\.url"):
        repository_options(options)


@pytest.mark.parametrize("url", ["github.com/o/b", "http://github.com/o/b",
                                 "https://github.com/o", JUPYTER_BOOK_DEFAULT])
def test_a_malformed_or_default_repository_url_is_refused(url: str) -> None:
    with pytest.raises(RepositorySettingError):
        repository_options({"repository_url": url})


def test_the_book_sets_the_repository_key_explicitly(tmp_path: Path) -> None:
    assert bookmeta.repository_url() == ""  # this project has no published remote
    (tmp_path / "_config.yml").write_text("repository:\n  branch: main\n")
    with pytest.raises(KeyError, match=r"repository\.url"):
        bookmeta.repository_url(tmp_path)


def test_bundle_docnames_are_the_notebooks_of_one_part(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "c.ipynb").write_text("{}")
    (tmp_path / "b.md").write_text("# b")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nparts:\n  - caption: Chapters\n    chapters:\n"
        "      - file: a\n      - file: b\n  - caption: Reference\n    chapters:\n"
        "      - file: c\n")
    assert bundle_docnames(tmp_path / "_toc.yml", "Chapters") == ["a"]


def test_the_bundle_link_says_what_is_inside() -> None:
    text = bundle_link_html("../_bundles/x.zip", 150_000, 1)
    assert 'href="../_bundles/x.zip"' in text and "146 KB" in text and "1 data file " in text
