"""validate(clean=...): ``portal serve``'s session runs the project checks again on a file
only once it changed; the findings are those of a validation without it."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.load.dataset import load_dataset
from generator.validate import rules, validate
from tests.conftest import REPO


def test_a_file_found_clean_is_checked_again_only_once_it_changed(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    projects = sorted((root / "projects").glob("*.yaml"))
    clean: set[str] = set()
    first = validate(load_dataset(root), clean)
    assert first == validate(load_dataset(root))
    assert len(clean) == len(projects)            # the sample's project files pass every check

    checked: list[str] = []

    def counted(check):
        def run(doc):
            checked.append(Path(doc.path).name)
            return check(doc)
        return run

    monkeypatch.setattr(rules, "PROJECT_CHECKS", tuple(counted(c) for c in rules.PROJECT_CHECKS))
    assert validate(load_dataset(root), clean) == first
    assert checked == []

    # A save that breaks a rule (the id no longer the file's name): that file alone is
    # checked, and what it breaks is reported, as without the set, on every later load too.
    changed = projects[3]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace(f"id: {changed.stem}\n", f"id: {changed.stem}-x\n", 1), encoding="utf-8")
    for _ in range(2):
        checked.clear()
        found = validate(load_dataset(root), clean)
        assert set(checked) == {changed.name}
        assert [f.code for f in found if f.code == "id-mismatch"] == ["id-mismatch"]
        assert found == validate(load_dataset(root), None)
        checked.clear()

    # Fixed again: clean once more, and a removed file is forgotten.
    changed.write_text(text, encoding="utf-8")
    assert validate(load_dataset(root), clean) == first
    assert len(clean) == len(projects)
    projects[0].unlink()
    validate(load_dataset(root), clean)
    assert len(clean) == len(projects) - 1
