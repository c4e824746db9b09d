"""`portal validate` end to end: exit codes, formats, and every kind of bad input."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from tests.conftest import FIXTURES, REPO

NEGATIVE = FIXTURES / "negative"
EXPECTED = json.loads((NEGATIVE / "expected.json").read_text(encoding="utf-8"))


def test_the_valid_fixture_passes_with_exit_0(run, data_dir):
    result = run("validate", "--data", str(data_dir))
    assert result.code == 0, result.out
    assert "全部通过" in result.out


def test_the_bundled_sample_data_is_valid(run):
    result = run("validate", "--data", str(REPO / "data"))
    assert result.code == 0, result.out


def test_a_missing_data_folder_is_a_usage_error_with_exit_2(run, tmp_path):
    result = run("validate", "--data", str(tmp_path / "nowhere"))
    assert result.code == 2
    assert "数据文件夹不存在" in result.err


def test_an_unknown_format_is_a_usage_error(run, data_dir):
    assert run("validate", "--data", str(data_dir), "--format", "xml").code == 2


def test_there_are_at_least_25_distinct_bad_inputs():
    assert len({name for name in EXPECTED}) >= 25
    assert len({e["code"] for e in EXPECTED.values()}) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_project_file_is_reported_with_file_line_and_code(run, data_dir, name):
    shutil.copy(NEGATIVE / name, data_dir / "projects" / name)
    result = run("validate", "--data", "data")
    expected = EXPECTED[name]
    assert result.code == 1
    assert f"data/projects/{name}:{expected['line']}:" in result.out
    assert f"error[{expected['code']}]" in result.out
    assert "Traceback" not in result.out + result.err


def test_every_problem_in_every_file_is_reported_in_one_run(run, data_dir):
    for name in ("unknown-unit.yaml", "dup-key.yaml", "gbk.yaml", "bad-stage.yaml"):
        shutil.copy(NEGATIVE / name, data_dir / "projects" / name)
    result = run("validate", "--data", "data", "--format", "json")
    report = json.loads(result.out)
    files = {f["path"] for f in report["findings"]}
    assert len(files) == 4
    assert report["valid"] is False and report["errors"] >= 4


def test_json_format_gives_path_line_column_code_and_key_path(run, data_dir):
    shutil.copy(NEGATIVE / "bad-date-feb30.yaml", data_dir / "projects")
    report = json.loads(run("validate", "--data", "data", "--format", "json").out)
    [finding] = report["findings"]
    assert finding == {
        "path": "data/projects/bad-date-feb30.yaml", "line": 13, "col": 11,
        "code": "schema-format", "key_path": "signing.signed", "severity": "error",
        "message": finding["message"],
    }
    assert "2026-02-30" in finding["message"] and "协议签订日期" in finding["message"]


def test_github_format_emits_workflow_annotations(run, data_dir):
    shutil.copy(NEGATIVE / "unknown-unit.yaml", data_dir / "projects")
    out = run("validate", "--data", "data", "--format", "github").out
    assert out.startswith("::error file=data/projects/unknown-unit.yaml,line=5,col=12,")
    assert "zhaoshangju" in out


def test_a_file_over_one_megabyte_is_rejected(run, data_dir):
    big = data_dir / "projects" / "big.yaml"
    big.write_text("id: big\ncontent: " + "很" * 400_000 + "\n", encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/projects/big.yaml:1:1: error[file-too-large]" in result.out


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlinked_project_file_is_rejected(run, data_dir):
    (data_dir / "projects" / "link.yaml").symlink_to(data_dir / "projects" / "2026-base-pv.yaml")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/projects/link.yaml:1:1: error[symlink]" in result.out


def test_a_yml_extension_is_named_as_the_problem(run, data_dir):
    (data_dir / "projects" / "x.yml").write_text("id: x\n", encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1 and "error[file-name]" in result.out


def test_a_missing_required_data_file_is_reported(run, data_dir):
    (data_dir / "units.yaml").unlink()
    result = run("validate", "--data", "data")
    assert result.code == 1 and "data/units.yaml:1:1: error[missing-file]" in result.out


def test_bom_and_crlf_files_are_accepted(run, data_dir):
    path = data_dir / "projects" / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("validate", "--data", "data").code == 0


def test_a_wrong_region_in_the_project_code_is_only_a_warning(run, data_dir):
    path = data_dir / "projects" / "2026-base-pv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("-652327-", "-652301-"),
                    encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 0
    assert "warning[project-code-region]" in result.out
