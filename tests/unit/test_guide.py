"""The editing guide cannot rot: every picture it shows exists (made by
scripts/guide-screenshots), and every error code it names is one the checker really emits."""

from __future__ import annotations

import re

from generator.evaluate.facts import KIND_NAMES
from tests.conftest import REPO

GUIDE = REPO / "docs" / "how-to-edit.md"


def emitted_codes() -> set[str]:
    """The finding codes written as string literals in the generator's source, and those
    `portal check` makes from a deadline's kind (unexplained-<kind>, generator/check.py)."""
    found = {f"unexplained-{kind.replace('_', '-')}" for kind in KIND_NAMES}
    for path in (REPO / "generator").rglob("*.py"):
        found |= set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+|[a-z]+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_picture_of_the_guide_exists():
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", text)
    assert len(pictures) >= 3
    for picture in pictures:
        assert (GUIDE.parent / picture).is_file(), picture


def test_every_error_code_the_guide_names_is_one_the_checker_emits():
    text = GUIDE.read_text(encoding="utf-8")
    named = set(re.findall(r"(?:error|warning)\[([a-z0-9-]+)\]", text))
    named |= {c for c in re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", text) if "…" not in c}
    named -= {"yaml-language-server"}     # the editor hint in each file's first line, not a code
    assert {"yaml-syntax", "schema-format", "unknown-unit", "invested-mismatch"} <= named
    assert sorted(named - emitted_codes()) == []
