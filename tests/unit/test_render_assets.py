"""The CSS and JavaScript the site ships: valid, self-contained, and printed without JS."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from generator.build.config import ASSETS


def test_the_shipped_script_is_valid_javascript():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    subprocess.run([node, "--check", str(ASSETS / "portal.js")], check=True, capture_output=True)


def test_the_shipped_assets_reference_no_other_host():
    for path in (p for p in ASSETS.rglob("*") if p.is_file()):
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text(encoding="utf-8")), path


def test_the_filters_are_hidden_in_print_and_the_script_only_enhances_the_table():
    css = (ASSETS / "portal.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{[^@]*\.portal-filters", css)
    script = (ASSETS / "portal.js").read_text(encoding="utf-8")
    assert "form.hidden = false" in script  # the form starts hidden; rows are never hidden without JS


def test_build_and_serve_are_documented_subcommands(run):
    for command in ("build", "serve"):
        result = run(command, "--help")
        assert result.code == 0
        assert "--data" in result.out and "--audience" in result.out and "--as-of" in result.out
