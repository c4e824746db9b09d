"""Fuzz: mutated project files and mutated histories, from random operations on the base
project (misplaced and mistyped values, unknown keys, hostile scalars, deep nesting, broken
YAML text). Whatever the mutation, the command line answers with exit code 0, 1 or 2 and
never a traceback, and a public site built over a history full of such versions carries no
internal value: neither the markers put at internal or invalid places nor the base file's
own internal texts.

Bounded: about 30 s on the reference machine (200 files, 8 histories) (``max_examples`` below, no deadline per example).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.commands.cli import main
from tests.conftest import FIXTURES
from tests.hostile.test_history_leaks import site_text
from tests.unit.test_history import commit_all

pytestmark = pytest.mark.hostile

AS_OF = "2026-12-03"
PROJECT = "2026-base-pv"
BASE = yaml.safe_load((FIXTURES / "base" / "projects" / f"{PROJECT}.yaml").read_text(encoding="utf-8"))
# The base file's internal texts (investor.contact, internal_notes): never public.
BASE_SECRETS = ("测试联系人", "13800000000", "内部备注示例")
SECRET = "机密甲{:03d}"
INTERNAL_PLACES = (("internal_notes",), ("investor", "contact", "person"), ("investor", "contact", "phone"))
HOSTILE = st.one_of(
    st.sampled_from([
        float("inf"), float("nan"), -0.0, 10**40, -1, 0, True, None, "", "=HYPERLINK(\"http://x\")",
        "<script>alert(1)</script>", "a\u202eb\nc\x00d", "行\r\n末", "x" * 30_000,
        dt.date(1, 1, 1), dt.date(2999, 12, 31), "2026-02-30", "2026-13", "../../etc/passwd",
    ]),
    st.integers(), st.floats(), st.text(max_size=20), st.dates(),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in the document (mapping keys and list indices), parents first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _get(doc: Any, path: tuple) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _set(doc: Any, path: tuple, value: Any) -> None:
    if path:
        _get(doc, path[:-1])[path[-1]] = value


def _nested(depth: int, leaf: Any) -> Any:
    for n in range(depth):
        leaf = {f"k{n}": leaf}
    return leaf


@st.composite
def mutated(draw: st.DrawFn, serial: int) -> tuple[str, list[str]]:
    """A mutated project file as text, and the secrets it carries (texts that may only sit
    where the public site must not show them)."""
    doc = yaml.safe_load(yaml.safe_dump(BASE, allow_unicode=True))
    secrets: list[str] = []

    def secret() -> str:
        text = SECRET.format(serial * 100 + len(secrets))
        secrets.append(text)
        return text

    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        target = _get(doc, path)
        op = draw(st.sampled_from(["internal", "unknown", "retype", "hostile", "delete", "deep"]))
        if op == "internal":
            place = draw(st.sampled_from(INTERNAL_PLACES))
            holder = doc
            for step in place[:-1]:
                holder = holder.setdefault(step, {}) if isinstance(holder, dict) else {}
            if isinstance(holder, dict):
                holder[place[-1]] = draw(st.sampled_from([secret(), [secret()], {"x": secret()}]))
        elif op == "unknown" and isinstance(target, dict):
            name = draw(st.sampled_from(["备注x", "phone2", secret()]))
            target[name] = secret()
        elif op == "retype" and path:
            # A value of the wrong type: containers become text, scalars become containers.
            if isinstance(target, (dict, list)):
                _set(doc, path, secret())
            else:
                _set(doc, path, draw(st.sampled_from([[secret()], {"值": secret()}])))
        elif op == "hostile" and path and not isinstance(target, (dict, list)):
            _set(doc, path, draw(HOSTILE))
        elif op == "delete" and path:
            parent = _get(doc, path[:-1])
            del parent[path[-1]]
        elif op == "deep" and isinstance(target, dict):
            target["internal_notes" if not path else "嵌套"] = _nested(draw(st.integers(40, 200)), secret())
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    if draw(st.booleans()) and draw(st.booleans()):
        # Broken text: cut short, or a stray character at a random place.
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "\t", ":", "- ", "{", "\ufeff", "&a ", "*a"])) + text[cut:]
    return text, secrets


def _cli(*args: str) -> int:
    """The command line in-process: an unexpected exception is a bug and fails the test
    with its traceback (``cli.main`` re-raises what is not an environment failure)."""
    code = main(list(args))
    assert code in (0, 1, 2), (args, code)
    return code


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURES / "base", root / "data")
    return root / "data"


FUZZ = settings(deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@settings(FUZZ, max_examples=200)
@given(case=st.integers(0, 999).flatmap(mutated))
def test_a_mutated_project_file_gets_an_answer_never_a_traceback(folder, case, capsys):
    text, _ = case
    (folder / "projects" / f"{PROJECT}.yaml").write_text(text, encoding="utf-8")
    for command in (["validate", "--data", str(folder)],
                    ["check", "--data", str(folder), "--as-of", AS_OF, "--format", "json"],
                    ["check", "--data", str(folder), "--as-of", AS_OF, "--format", "github"]):
        _cli(*command)
    output = capsys.readouterr()
    for line in (output.out + output.err).splitlines():
        # Text output cannot be forged: no control or bidi character reaches a line.
        assert not any(c in line for c in "\x00\r\u202e\x1b"), line


@settings(FUZZ, max_examples=8)
@given(history=st.lists(st.integers(0, 999).flatmap(mutated), min_size=2, max_size=4))
def test_a_public_site_over_a_mutated_history_shows_no_internal_value(tmp_path_factory, history):
    root = tmp_path_factory.mktemp("history")
    shutil.copytree(FIXTURES / "base", root / "data")
    project = root / "data" / "projects" / f"{PROJECT}.yaml"
    good = project.read_text(encoding="utf-8")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    commit_all(root, "新建项目", "2026-03-01T10:00:00+08:00")
    secrets: list[str] = []
    for day, (text, carried) in enumerate(history, start=2):
        project.write_text(f"{text}\n# 第 {day} 版\n", encoding="utf-8")   # never an empty commit
        commit_all(root, "修改", f"2026-04-{day:02d}T10:00:00+08:00")
        secrets += carried
    project.write_text(good, encoding="utf-8")
    commit_all(root, "改正", "2026-05-01T10:00:00+08:00")
    code = _cli("build", "--data", str(root / "data"), "--out", str(root / "site"),
                "--audience", "public", "--as-of", AS_OF)
    assert code == 0
    published = site_text(root / "site")
    for text in (*BASE_SECRETS, *secrets):
        assert text not in published, text
