"""`portal validate` and `portal check` against a hostile or broken data repository: every
limit breach is one located, coded finding; symlinks are never read; output stays small and
cannot be forged; the sanity rules on monthly reports and targets hold."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.limits import MAX_SAME_FINDINGS
from tests.hostile.generate import minimal_project as project

SECRET = "SECRET-TARGET-CONTENT"
posix_only = pytest.mark.skipif(os.name == "nt", reason="symlinks and FIFOs need POSIX")


def write(data_dir: Path, ident: str, text: str) -> Path:
    path = data_dir / "projects" / f"{ident}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def no_traceback(result) -> None:
    assert "Traceback" not in result.out + result.err


def test_a_three_megabyte_project_file_is_refused_unread(run, data_dir):
    big = data_dir / "projects" / "big.yaml"
    big.write_bytes(b"id: big\ncontent: " + b"x" * (3 * 1024 * 1024) + b"\n")
    result = run("validate", "--data", "data")
    assert result.code == 1
    assert "data/projects/big.yaml:1:1: error[file-too-large]" in result.out and "2 MB" in result.out


DEEP = project("deep", "needs:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(1000))
               + "  " * 1001 + "v\n")


@pytest.mark.parametrize("command", [("validate",), ("check", "--as-of", "2026-12-03")])
def test_a_thousand_levels_of_nesting_is_one_finding_not_a_traceback(run, data_dir, command):
    write(data_dir, "deep", DEEP)
    result = run(*command, "--data", "data")
    no_traceback(result)
    assert result.code == 1
    assert result.out.count("error[too-deep]") == 1
    assert "data/projects/deep.yaml:" in result.out


def test_fifty_levels_of_nesting_are_still_read(run, data_dir):
    write(data_dir, "deep", project("deep", "needs: " + "[" * 49 + "]" * 49 + "\n"))
    result = run("validate", "--data", "data")
    assert "too-deep" not in result.out and "schema-type" in result.out


def test_a_list_of_480000_items_gives_one_short_finding(run, data_dir):
    write(data_dir, "long", project("long", "approvals: [" + ",".join(["1"] * 480_000) + "]\n"))
    result = run("validate", "--data", "data")
    assert result.code == 1 and len(result.out.encode()) < 100_000
    assert "data/projects/long.yaml:11:" in result.out and "error[too-long]" in result.out


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_thousands_of_findings_of_one_code_are_capped_with_a_summary(run, data_dir, fmt):
    items = "".join(f"  - item: no-such-item-{i}\n" for i in range(5000))
    write(data_dir, "many", project("many", "approvals:\n" + items))
    result = run("validate", "--data", "data", "--format", fmt)
    assert result.code == 1 and len(result.out.encode()) < 100_000
    assert result.out.count("审批事项“no-such-item-") == MAX_SAME_FINDINGS
    assert f"另有 {5000 - MAX_SAME_FINDINGS} 处同类错误" in result.out
    if fmt == "json":
        report = json.loads(result.out)
        unknown = [f for f in report["findings"] if f["code"] == "unknown-approval-item"]
        assert len(unknown) == MAX_SAME_FINDINGS + 1 and "另有" in unknown[-1]["message"]
        assert report["errors"] == 5001  # the counts are of every finding (5000 + too many items)


@pytest.mark.parametrize(("value", "code"), [
    ("0001-01-01", "date-range"), ("2101-01-01", "date-range"), ("1989-12-31", "date-range"),
])
def test_a_date_outside_1990_to_2100_is_refused(run, data_dir, value, code):
    write(data_dir, "old", project("old", f"policy:\n  kind: standard\n  agreed: {value}\n"))
    result = run("validate", "--data", "data")
    assert result.code == 1 and f"data/projects/old.yaml:13:11: error[{code}]" in result.out
    assert "1990-01-01 至 2100-12-31" in result.out


def test_a_date_in_year_one_never_reaches_the_overdue_count(run, data_dir):
    write(data_dir, "old", project("old", "approvals:\n  - item: filing\n    submitted: 0001-01-01\n"))
    result = run("check", "--data", "data", "--as-of", "2026-12-03")
    assert result.code == 1 and "error[date-range]" in result.out
    assert "unexplained" not in result.out


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan", ".NaN", "1e400", "9" * 5000])
def test_a_number_that_is_not_finite_is_refused(run, data_dir, number):
    write(data_dir, "inf", project("inf", **{"total_investment: 100": f"total_investment: {number}"}))
    result = run("validate", "--data", "data")
    no_traceback(result)
    assert result.code == 1 and "data/projects/inf.yaml:8:19: error[not-finite]" in result.out


def test_minus_zero_is_read_as_zero(run, data_dir):
    write(data_dir, "zero", project("zero", "needs:\n  land_mu: -0.0\n  jobs: -0\n"))
    assert run("validate", "--data", "data").code == 0


def test_a_string_over_20000_characters_is_refused(run, data_dir):
    write(data_dir, "text", project("text", "content: " + "长" * 20_001 + "\n"))
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/projects/text.yaml:11:10: error[too-long]" in result.out


@posix_only
def test_a_symlinked_project_file_is_refused_and_its_target_never_printed(run, data_dir, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(project("link", f"content: {SECRET}\nbad_key: {SECRET}\n"), encoding="utf-8")
    (data_dir / "projects" / "link.yaml").symlink_to(secret)
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/projects/link.yaml:1:1: error[symlink]" in result.out
    assert "符号链接" in result.out and SECRET not in result.out and str(secret) not in result.out


@posix_only
@pytest.mark.parametrize("where", ["projects", "projects/sub", "projects/sub.yaml"])
def test_a_symlinked_folder_is_refused_and_nothing_in_it_is_read(run, data_dir, tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stolen.yaml").write_text(project("stolen", f"bad_key: {SECRET}\n"), encoding="utf-8")
    if where == "projects":
        for path in (data_dir / "projects").iterdir():
            path.unlink()
        (data_dir / "projects").rmdir()
    (data_dir / where).symlink_to(outside, target_is_directory=True)
    result = run("validate", "--data", "data")
    assert result.code == 1 and f"data/{where}:1:1: error[symlink]" in result.out
    assert SECRET not in result.out


@posix_only
def test_a_symlinked_county_file_is_refused(run, data_dir):
    (data_dir / "units.yaml").unlink()
    (data_dir / "units.yaml").symlink_to("/etc/passwd")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/units.yaml:1:1: error[symlink]" in result.out
    assert "root:" not in result.out


@posix_only
def test_a_fifo_named_like_a_project_file_is_refused_without_hanging(run, data_dir):
    os.mkfifo(data_dir / "projects" / "pipe.yaml")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/projects/pipe.yaml:1:1: error[not-a-file]" in result.out


@pytest.mark.parametrize("name", ["units.YML", "units.yml", "Units.yaml", "rules.Yaml"])
def test_a_county_file_with_another_case_or_extension_is_named(run, data_dir, name):
    right = name.lower().replace(".yml", ".yaml")
    (data_dir / right).rename(data_dir / name)
    result = run("validate", "--data", "data")
    assert result.code == 1 and f"data/{name}:1:1: error[file-name]" in result.out
    assert right in result.out and "missing-file" not in result.out


@pytest.mark.parametrize("name", ["x.YML", "x.Yaml", "x.yAML"])
def test_a_project_file_with_another_case_extension_is_named(run, data_dir, name):
    (data_dir / "projects" / name).write_text(project("x"), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1 and f"data/projects/{name}:1:1: error[file-name]" in result.out


FORGED = '"needs\\u202e\\n::error file=forged.yaml,line=1::forged\\r\\u2028\\x85y": 1\n'


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_control_and_bidi_characters_in_keys_are_escaped_in_every_format(run, data_dir, fmt):
    write(data_dir, "forged", project("forged", FORGED))
    result = run("validate", "--data", "data", "--format", fmt)
    assert result.code == 1
    for char in "\u202e\u2028\r\x85":
        assert char not in result.out
    assert "\\u202e" in result.out
    assert not any(line.startswith("::error file=forged") for line in result.out.splitlines())
    if fmt == "json":
        keys = {f["key_path"] for f in json.loads(result.out)["findings"]}
        assert any(key.startswith("needs\u202e\n") for key in keys)  # a JSON reader gets it back
    else:
        assert len(result.out.splitlines()) == 2  # the finding and the summary


def test_a_control_character_in_a_file_name_is_escaped(run, data_dir):
    (data_dir / "projects" / "a\u202eb.yaml").write_text(project("ab"), encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "\u202e" not in result.out and "a\\u202eb.yaml" in result.out
