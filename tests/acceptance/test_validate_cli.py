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


def test_a_file_over_two_megabytes_is_rejected(run, data_dir):
    big = data_dir / "projects" / "big.yaml"
    big.write_text("id: big\ncontent: " + "很" * 800_000 + "\n", encoding="utf-8")
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


def write_reports(data_dir, *reports: tuple[str, float, float, str]) -> None:
    """The base project with these (month, invested, cumulative, extra lines) reports."""
    path = data_dir / "projects" / "2026-base-pv.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("monthly_reports:")]
    body = "".join(f"  - month: {m}\n    invested: {i}\n    cumulative: {c}\n    progress_percent: 2\n"
                   f"    reported: {m}-28\n{extra}" for m, i, c, extra in reports)
    path.write_text(head + "monthly_reports:\n" + body + text[text.index("internal_notes:"):],
                    encoding="utf-8")


def test_consistent_monthly_figures_with_rounding_pass(run, data_dir):
    write_reports(data_dir, ("2026-03", 100, 100, ""), ("2026-04", 50.4, 151, ""),
                  ("2026-06", 10, 400, ""))  # a missing month: May's figure is not known
    assert run("validate", "--data", "data").code == 0


def test_cumulative_investment_that_falls_is_an_error_naming_the_month(run, data_dir):
    write_reports(data_dir, ("2026-03", 100, 100, ""), ("2026-04", 0, 90, ""))
    result = run("validate", "--data", "data")
    assert result.code == 1 and "error[cumulative-decrease]" in result.out and "2026-04" in result.out
    assert "invested-mismatch" not in result.out  # one problem, one finding


def test_invested_not_the_rise_of_the_cumulative_is_an_error_unless_a_correction_note_explains(
        run, data_dir):
    write_reports(data_dir, ("2026-03", 100, 100, ""), ("2026-04", 100, 150, ""))
    result = run("validate", "--data", "data")
    assert result.code == 1 and "monthly_reports[1].invested" in result.out
    assert "error[invested-mismatch]" in result.out and "2026-04" in result.out
    write_reports(data_dir, ("2026-03", 100, 100, ""),
                  ("2026-04", 100, 150, "    correction_note: 统计局核减上月数据\n"))
    assert run("validate", "--data", "data").code == 0


def test_a_report_for_a_month_before_signing_is_a_warning(run, data_dir):
    write_reports(data_dir, ("2026-02", 100, 100, ""), ("2026-03", 100, 200, ""))
    result = run("validate", "--data", "data")
    assert result.code == 0 and "warning[report-before-signing]" in result.out
    assert "2026-02" in result.out


TARGETS = """years:
  - year: 2026
    units:
      - unit: shanggongju
        attraction_task: 100
      - unit: shanggongju
        attraction_task: 200
  - year: 2026
    units:
      - unit: shanggongju
"""


def test_a_target_year_or_a_unit_within_a_year_given_twice_is_an_error(run, data_dir):
    (data_dir / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1
    assert "data/targets.yaml:8:11: error[duplicate-target-year]" in result.out
    assert "data/targets.yaml:6:15: error[duplicate-target-unit]" in result.out
