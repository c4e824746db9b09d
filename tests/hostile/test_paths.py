"""Path tricks in ids and file names: traversal, slashes, absolute paths, reserved device
names, Unicode look-alikes, leading dots, very long names. Every id becomes a page path
(projects/<id>.html, units/<id>.html, leaders/<id>.html), so each must be refused with a
clear message before anything is written, and nothing may appear outside the site."""

from __future__ import annotations

import pytest

from tests.conftest import AS_OF
from tests.hostile.conftest import fingerprint
from tests.hostile.generate import minimal_project as project

pytestmark = pytest.mark.hostile

LONG = "2026-" + "a" * 200
CYRILLIC_A = "\u0430"      # а, looks like a
FULLWIDTH_A = "\uff41"     # ａ


# (file stem, id written in the file, expected error codes)
PROJECT_NAMES = [
    ("2026-traversal", "../../x", {"schema-pattern", "id-mismatch"}),
    ("2026-slash", "a/b", {"schema-pattern", "id-mismatch"}),
    ("2026-backslash", "a\\\\b", {"schema-pattern", "id-mismatch"}),
    ("2026-dotdot", "..", {"schema-pattern", "id-mismatch"}),
    ("2026-dot-id", ".hidden", {"schema-pattern", "id-mismatch"}),
    ("2026-nul", '"a\\0b"', {"schema-pattern", "id-mismatch"}),
    ("2026-space", '"2026 x"', {"schema-pattern", "id-mismatch"}),
    ("CON", "CON", {"schema-pattern", "file-name"}),
    ("Aux", "Aux", {"schema-pattern", "file-name"}),
    (f"2026-{CYRILLIC_A}bc", f"2026-{CYRILLIC_A}bc", {"schema-pattern", "file-name"}),
    (f"2026-{FULLWIDTH_A}bc", f"2026-{FULLWIDTH_A}bc", {"schema-pattern", "file-name"}),
    ("2026-abc", f"2026-{CYRILLIC_A}bc", {"schema-pattern", "id-mismatch"}),
    (LONG, LONG, {"schema-pattern", "file-name"}),
    ("2026-upper", "2026-Upper", {"schema-pattern", "id-mismatch"}),
    ("2026-trailing-dot.", "2026-trailing-dot.", {"schema-pattern", "file-name"}),
]


@pytest.mark.parametrize(("stem", "ident", "codes"), PROJECT_NAMES, ids=[p[0][:40] for p in PROJECT_NAMES])
def test_a_tricky_project_id_or_file_name_is_refused_and_nothing_is_written(arena, rejected, stem, ident, codes):
    (arena.projects / f"{stem}.yaml").write_text(project(ident), encoding="utf-8")
    result = rejected()
    reported = {code for code in codes if f"error[{code}]" in result.err}
    assert reported == codes, result.err
    assert f"data/projects/{stem}.yaml:" in result.err


def test_an_absolute_path_as_id_is_refused_and_nothing_is_written_there(arena, rejected):
    target = arena.root / "outside" / "evil"
    (arena.projects / "2026-absolute.yaml").write_text(project(str(target)), encoding="utf-8")
    result = rejected()
    assert "error[schema-pattern]" in result.err and "error[id-mismatch]" in result.err
    assert not (arena.root / "outside").exists()


@pytest.mark.parametrize(("file", "old", "new"), [
    ("units.yaml", "id: shanggongju", "id: ../../evil"),
    ("units.yaml", "id: shanggongju", "id: /tmp/evil"),
    ("leaders.yaml", "id: leader-li", "id: ../leader"),
    ("townships.yaml", "id: beiting-town", "id: beiting/town"),
])
def test_a_tricky_id_in_a_county_file_is_refused(arena, rejected, file, old, new):
    path = arena.data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = rejected()
    assert f"data/{file}:" in result.err and "error[schema-pattern]" in result.err


@pytest.mark.parametrize(("key", "value"), [
    ("lead_unit: shanggongju", "lead_unit: ../units/shanggongju"),
    ("leader: leader-li", "leader: ../../leaders/leader-li"),
    ("township: beiting-town", "township: /beiting-town"),
])
def test_a_reference_with_a_path_in_it_is_refused(arena, rejected, key, value):
    path = arena.projects / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8")
    assert key in text
    path.write_text(text.replace(key, value, 1), encoding="utf-8")
    assert "error[schema-pattern]" in rejected().err


def test_a_project_file_with_a_leading_dot_is_not_published_and_nothing_is_written_outside_the_site(
        run, arena):
    (arena.projects / ".2026-dot.yaml").write_text(project(".2026-dot"), encoding="utf-8")
    outside = {k: v for k, v in fingerprint(arena.root).items() if not k.startswith("site")}
    result = run("build", "--data", "data", "--out", "site", "--as-of", AS_OF)
    assert result.code == 1 and "error[file-name]" in result.out + result.err
    assert not any(".2026-dot" in path for path in fingerprint(arena.site))
    assert {k: v for k, v in fingerprint(arena.root).items() if not k.startswith("site")} == outside


def test_a_project_file_with_a_leading_dot_is_named_as_the_problem(run, arena):
    (arena.projects / ".2026-dot.yaml").write_text(project(".2026-dot"), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "error[file-name]" in result.out


@pytest.mark.parametrize("name", ["con", "nul"])
def test_a_reserved_windows_device_name_is_refused(run, arena, name):
    (arena.projects / f"{name}.yaml").write_text(project(name), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1
