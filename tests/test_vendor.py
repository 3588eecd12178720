"""The vendored vega libraries are the versions altair asks for, intact and loaded on every
page, so charts never reach for a CDN."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import altair as alt
import pytest
import yaml

VENDOR = Path(__file__).resolve().parents[1] / "_static" / "vendor"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text())


def test_vendored_versions_match_what_altair_requests() -> None:
    assert MANIFEST["vega"]["version"].split(".")[0] == alt.VEGA_VERSION.split(".")[0]
    assert MANIFEST["vega-lite"]["version"] == alt.VEGALITE_VERSION
    assert MANIFEST["vega-embed"]["version"].split(".")[0] == alt.VEGAEMBED_VERSION.split(".")[0]


@pytest.mark.parametrize("package", sorted(MANIFEST))
def test_vendored_file_is_intact_and_licensed(package: str) -> None:
    entry = MANIFEST[package]
    content = (VENDOR / entry["file"]).read_bytes()
    assert hashlib.sha256(content).hexdigest() == entry["sha256"]
    licence_text = (VENDOR / entry["license_file"]).read_text()
    expected = {"BSD-3-Clause": "Redistribution and use", "Apache-2.0": "Apache License"}
    assert expected[entry["license"]] in licence_text


def test_mathjax_is_served_locally(root: Path) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text())
    path = config["sphinx"]["config"]["mathjax_path"]
    assert path == f"vendor/{MANIFEST['mathjax']['file']}"
    fonts = VENDOR / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert len(list(fonts.glob("*.woff"))) >= 20


def test_vega_lite_bundle_reports_its_version() -> None:
    head = (VENDOR / "vega-lite.min.js").read_text()[:2000]
    assert f'"{MANIFEST["vega-lite"]["version"]}"' in head


def test_preload_script_tells_altair_the_exact_versions(root: Path) -> None:
    script = (root / "_static" / "vega-offline.js").read_text()
    found = dict(re.findall(r'VEGA_DEBUG\.(\w+) = "([^"]+)"', script))
    assert found == {"vega_version": alt.VEGA_VERSION, "vegalite_version": alt.VEGALITE_VERSION,
                     "vegaembed_version": alt.VEGAEMBED_VERSION}


def test_every_page_loads_the_bundle_before_the_preload(root: Path) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text())
    scripts = config["sphinx"]["config"]["html_js_files"]
    assert scripts == ["vendor/vega.min.js", "vendor/vega-lite.min.js",
                       "vendor/vega-embed.min.js", "vega-offline.js"]
