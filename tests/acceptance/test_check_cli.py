"""`portal check`: the CI gate on overdue entries, and the --base gate in a real git repo."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.conftest import AS_OF

HEADER = "# yaml-language-server: $schema=../../../../schema/project.schema.json\n"


def report(month: str, cumulative: int, note: str | None = None, invested: int = 100) -> str:
    y, m = int(month[:4]), int(month[5:])
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(m, 31)
    text = (f"  - month: {month}\n    invested: {invested}\n    cumulative: {cumulative}\n"
            f"    progress_percent: {min(cumulative // 100, 100)}\n"
            f"    reported: {y:04d}-{m:02d}-{last:02d}\n")
    return text + (f"    correction_note: {note}\n" if note else "")


def clean_project(extra: str = "", reports: str | None = None) -> str:
    if reports is None:
        reports = "".join(report(f"2026-{m:02d}", 100 * (m - 2)) for m in range(3, 11))
    return HEADER + f"""id: 2026-base-pv
name: 北庭镇20MW分布式光伏项目
stage: landing
lead_unit: shanggongju
industry: new_energy
location:
  township: beiting-town
total_investment: 8000
investor:
  name: 新疆示例新能源有限公司
policy:
  kind: standard
  agreed: 2026-02-10
signing:
  signed: 2026-03-02
  registrations:
    company: {{completed: 2026-03-10}}
    bank_account: {{completed: 2026-03-10}}
    tax: {{completed: 2026-03-12}}
approvals:
  - item: filing
    submitted: 2026-03-16
    completed: 2026-03-18
{extra}monthly_reports:
{reports}"""


@pytest.fixture
def clean(data_dir: Path) -> Path:
    (data_dir / "projects" / "2026-base-pv.yaml").write_text(clean_project(), encoding="utf-8")
    return data_dir


def write_project(data_dir: Path, text: str) -> Path:
    path = data_dir / "projects" / "2026-base-pv.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_data_passes_the_check(run, clean):
    result = run("check", "--data", str(clean), "--as-of", AS_OF)
    assert result.code == 0, result.out
    assert "warning[missing-meeting]" in result.out  # county gaps warn, they do not block


def adopt_county_limit(data_dir: Path, item: str = "eia-table") -> None:
    """The county adopts the item's committed limit in a detail rule (细则), registered once in
    rules.yaml: no longer a sample."""
    rules = data_dir / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "documents: []\n", "documents:\n  - {id: chengnuo-2026, title: 审批事项承诺时限, "
        "number: 吉招领发〔2026〕3号, date: 2026-03-01}\n"), encoding="utf-8")
    path = data_dir / "approval-items.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {item}\n")
    at = text.index("      source: sample\n", start)
    path.write_text(text[:at] + "      source: county\n      document: chengnuo-2026\n"
                    + text[at + len("      source: sample\n"):], encoding="utf-8")


def test_an_unexplained_overdue_approval_fails_and_points_at_its_line(run, clean):
    adopt_county_limit(clean)
    extra = "  - item: eia-table\n    submitted: 2026-10-09\n"
    write_project(clean, clean_project(extra=extra))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1, result.out
    line = clean_project(extra=extra).splitlines().index("  - item: eia-table") + 1
    assert f"data/projects/2026-base-pv.yaml:{line}:5: error[unexplained-approval]" in result.out
    assert "建设项目环境影响报告表审批" in result.out and "吉招领发〔2026〕3号" in result.out


def test_an_overdue_approval_under_a_sample_limit_is_only_a_warning(run, clean):
    extra = "  - item: eia-table\n    submitted: 2026-10-09\n"
    write_project(clean, clean_project(extra=extra))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.out
    assert "warning[unexplained-approval]" in result.out and "示例值" in result.out


def test_the_same_overdue_approval_with_a_written_reason_passes(run, clean):
    extra = ("  - item: eia-table\n    submitted: 2026-10-09\n"
             "    delay_reason: 企业补充环评监测数据，已书面告知\n")
    write_project(clean, clean_project(extra=extra))
    assert run("check", "--data", "data", "--as-of", AS_OF).code == 0


def test_a_missing_monthly_report_fails_until_it_is_explained(run, clean):
    reports = "".join(report(f"2026-{m:02d}", 100 * (m - 2)) for m in range(3, 10))
    write_project(clean, clean_project(reports=reports))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1 and "2026-10 月报" in result.out
    explained = clean_project(reports=reports).replace(
        "monthly_reports:", "delays:\n  - kind: monthly_report\n    ref: 2026-10\n"
        "    reason: 项目冬季停工，当月无投资\nmonthly_reports:")
    write_project(clean, explained)
    assert run("check", "--data", "data", "--as-of", AS_OF).code == 0


def test_an_approval_submitted_before_the_measures_took_effect_is_not_an_error(run, clean):
    extra = "  - item: eia-table\n    submitted: 2025-04-10\n"   # no reason, never completed
    write_project(clean, clean_project(extra=extra))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.out
    assert "unexplained-approval" not in result.out


def test_an_overdue_approval_names_the_source_of_its_limit(run, clean):
    write_project(clean, clean_project(extra="  - item: eia-table\n    submitted: 2026-10-09\n"))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert "（时限依据：审批事项目录，示例值（待县里确定））" in result.out
    adopt_county_limit(clean)
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert "（时限依据：审批事项目录，本县细则（吉招领发〔2026〕3号，2026-03-01））" in result.out


def test_a_report_filed_after_month_end_is_a_warning_naming_article_14(run, clean):
    reports = "".join(report(f"2026-{m:02d}", 100 * (m - 2)) for m in range(3, 11)).replace(
        "reported: 2026-09-30", "reported: 2026-10-02")
    write_project(clean, clean_project(reports=reports))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.out
    line = next(x for x in result.out.splitlines() if "2026-09 月报" in x)
    assert "warning[unexplained-monthly-report]" in line and "（时限依据：《办法》第十四条）" in line


def test_on_december_3_an_unfiled_november_report_fails(run, clean):
    reports = "".join(report(f"2026-{m:02d}", 100 * (m - 2)) for m in range(3, 11))
    write_project(clean, clean_project(reports=reports))
    result = run("check", "--data", "data", "--as-of", "2026-12-03")
    line = next(x for x in result.out.splitlines() if "2026-11 月报" in x)
    assert result.code == 1 and "error[unexplained-monthly-report]" in line


def _problem(level: str) -> str:
    return (f"problems:\n  - id: pr1\n    title: 施工用电未接通\n    level: {level}\n"
            "    raised: 2026-09-01\n    owner_unit: shanggongju\n    status: open\n"
            + ("    leader: leader-li\n" if level == "county" else ""))


def test_an_overdue_problem_on_a_sample_limit_is_only_a_warning(run, clean):
    write_project(clean, clean_project().replace("monthly_reports:", _problem("general")
                                                          + "monthly_reports:"))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.out
    assert "warning[unexplained-problem]" in result.out
    assert "（时限依据：示例值（待县里确定））" in result.out


def test_the_same_problem_on_a_limit_the_county_adopted_is_an_error(run, clean):
    rules = (clean / "rules.yaml").read_text(encoding="utf-8")
    rules = rules.replace("documents: []", "documents:\n  - {id: xize, title: 实施细则, "
                          "number: 吉招领〔2026〕1号, date: 2026-03-01}").replace(
        "general: {value: 10, source: sample}", "general: {value: 10, source: county, document: xize}")
    (clean / "rules.yaml").write_text(rules, encoding="utf-8")
    write_project(clean, clean_project().replace("monthly_reports:", _problem("general")
                                                 + "monthly_reports:"))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1, result.out
    assert "error[unexplained-problem]" in result.out
    assert "（时限依据：本县细则（吉招领〔2026〕1号，2026-03-01））" in result.out


def test_a_number_credited_to_the_measures_that_they_do_not_contain_is_rejected(run, clean):
    rules = (clean / "rules.yaml").read_text(encoding="utf-8").replace(
        "warning_workdays: {value: 5, source: sample}",
        "warning_workdays: {value: 5, source: measures, article: 14}").replace(
        "report_grace_days: {value: 0, source: measures, article: 14}",
        "report_grace_days: {value: 5, source: measures, article: 14}")
    (clean / "rules.yaml").write_text(rules, encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1
    assert result.out.count("error[not-in-measures]") == 2
    assert "《办法》没有规定 warning_workdays" in result.out
    assert "《办法》第十四条规定的 report_grace_days 是 0" in result.out


def test_a_completion_date_in_the_future_is_rejected(run, clean):
    extra = "  - item: eia-table\n    submitted: 2026-11-20\n    completed: 2026-12-01\n"
    write_project(clean, clean_project(extra=extra))
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1 and "error[future-date]" in result.out


def test_check_in_json_lists_the_findings(run, data_dir):
    result = run("check", "--data", "data", "--as-of", AS_OF, "--format", "json")
    report_json = json.loads(result.out)
    codes = {f["code"] for f in report_json["findings"]}
    assert result.code == 1 and "unexplained-approval" in codes


@pytest.mark.parametrize("as_of", ["2026-13-01", "26-11-2026", "today"])
def test_an_invalid_as_of_is_a_usage_error(run, clean, as_of):
    result = run("check", "--data", "data", "--as-of", as_of)
    assert result.code == 2 and "--as-of" in result.err


def test_a_rules_file_past_its_expiry_is_a_one_line_usage_error(run, clean):
    result = run("check", "--data", "data", "--as-of", "2027-03-01")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "失效" in result.err and "Traceback" not in result.err


def test_a_self_contradicting_calendar_override_is_a_usage_error(run, clean):
    (clean / "calendar.yaml").write_text(
        "years:\n  - year: 2027\n    source: 测试\n    holidays: [2027-02-06]\n"
        "    workdays: [2027-02-07]\n", encoding="utf-8")
    ok = run("check", "--data", "data", "--as-of", AS_OF)
    assert ok.code == 0  # consistent: 2027-02-07 is a Sunday made a working day
    (clean / "calendar.yaml").write_text(
        "years:\n  - year: 2027\n    source: 测试\n    holidays: [2027-02-08]\n"
        "    workdays: [2027-02-08]\n", encoding="utf-8")
    result = run("check", "--data", "data", "--as-of", AS_OF)
    assert result.code in (1, 2) and "2027-02-08" in result.out + result.err
    assert "Traceback" not in result.out + result.err


# --- the --base gate in a temporary git repository --------------------------------------

@pytest.fixture
def repo(clean: Path) -> git.Repo:
    repository = git.Repo.init(clean.parent)
    with repository.config_writer() as config:
        config.set_value("user", "name", "测试")
        config.set_value("user", "email", "test@example.invalid")
    repository.git.add("data")
    repository.index.commit("初始数据")
    repository.git.branch("base")
    return repository


def test_a_valid_change_passes_the_base_gate(run, repo, clean):
    # records a new submission whose deadline has not come yet
    write_project(clean, clean_project(extra="  - item: eia-table\n    submitted: 2026-11-20\n"))
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "base")
    assert result.code == 0, result.out


def test_a_new_unexplained_overdue_entry_fails_the_base_gate(run, repo, clean):
    adopt_county_limit(clean)
    write_project(clean, clean_project(extra="  - item: eia-table\n    submitted: 2026-10-09\n"))
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "base")
    assert result.code == 1 and "error[unexplained-approval]" in result.out


def test_overdue_entries_in_untouched_files_are_not_judged_with_a_base(run, repo, clean):
    write_project(clean, clean_project(extra="  - item: eia-table\n    submitted: 2026-10-09\n"))
    repo.git.add("data")
    repo.index.commit("审批逾期")
    repo.git.branch("later")
    (clean / "units.yaml").write_text((clean / "units.yaml").read_text(encoding="utf-8")
                                      + "    duties: 测试\n", encoding="utf-8")
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "later")
    assert result.code == 0, result.out


def corrected_reports(note: str | None = None) -> str:
    """50 万元 moved from June to May after the statistics bureau's review: May invested 150
    (cumulative 350), June 50 (cumulative 400 as before), so each month is still the rise of
    the cumulative figure; a rewrite of two closed months, with ``note`` on both."""
    return "".join(
        report(f"2026-{m:02d}", 100 * (m - 2) + (50 if m == 5 else 0),
               note=note if m in (5, 6) else None, invested={5: 150, 6: 50}.get(m, 100))
        for m in range(3, 11))


def test_rewriting_a_closed_month_without_a_correction_note_fails(run, repo, clean):
    write_project(clean, clean_project(reports=corrected_reports()))
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "base")
    assert result.code == 1 and "error[closed-month-rewrite]" in result.out
    assert "2026-05" in result.out


def test_the_same_rewrite_with_a_correction_note_passes(run, repo, clean):
    write_project(clean, clean_project(reports=corrected_reports("统计局核定后更正累计投资")))
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "base")
    assert result.code == 0, result.out


def test_an_unknown_base_ref_is_a_one_line_usage_error(run, repo, clean):
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "no-such-branch")
    assert result.code == 2 and "no-such-branch" in result.err
    assert result.err.count("\n") == 1


def test_a_base_outside_a_git_repository_is_a_usage_error(run, clean):
    result = run("check", "--data", "data", "--as-of", AS_OF, "--base", "main")
    assert result.code == 2 and "git" in result.err


def test_overlapping_rule_sets_and_unknown_county_documents_are_rejected(run, clean):
    rules = (clean / "rules.yaml").read_text(encoding="utf-8")
    first = rules.split("rule_sets:\n", 1)[1]
    second = first.replace("id: measures-2026", "id: measures-2027").replace(
        "effective_from: 2026-01-15", "effective_from: 2027-01-01").replace(
        "expires: 2027-01-14", "expires: 2027-12-31").replace(
        "county: {value: 20, source: sample}", "county: {value: 20, source: county, document: nope}")
    (clean / "rules.yaml").write_text(rules + second, encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1
    assert "error[rule-set-order]" in result.out and "2027-01-14" in result.out
    assert "error[unknown-document]" in result.out and "细则“nope”没有在 documents 中登记" in result.out


def test_a_number_without_its_source_says_how_to_write_it(run, clean):
    rules = (clean / "rules.yaml").read_text(encoding="utf-8").replace(
        "review_opinion_workdays: {value: 5, source: sample}", "review_opinion_workdays: 5")
    (clean / "rules.yaml").write_text(rules, encoding="utf-8")
    result = run("validate", "--data", "data")
    assert result.code == 1
    assert "每个数字须注明来源，例如 {value: 5, source: sample}" in result.out


def test_check_reads_the_parses_a_build_kept_and_writes_nothing(run, tmp_path, monkeypatch):
    """A pull request's check restores the build cache: the parses of unchanged files come
    from it, the findings (and their lines) are the same, and the check writes nothing."""
    import shutil

    from generator.load import files as files_module
    from tests.conftest import REPO

    shutil.copytree(REPO / "data", tmp_path / "data")
    assert run("build", "--data", "data", "--out", "site", "--as-of", AS_OF).code == 0
    cache = tmp_path / ".cache" / "portal"
    kept = {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    units = tmp_path / "data" / "units.yaml"       # a unit the projects name is renamed
    units.write_text(units.read_text(encoding="utf-8").replace("id: shanggongju", "id: shanggongju-2", 1),
                     encoding="utf-8")
    parses: list[str] = []
    original = files_module.parse
    monkeypatch.setattr(files_module, "parse", lambda text, doc: parses.append(doc.path.name) or original(text, doc))
    cached = run("check", "--data", "data", "--as-of", AS_OF)
    assert parses == ["units.yaml"]                 # the changed file alone
    fresh = run("check", "--data", "data", "--as-of", AS_OF, "--no-cache")
    assert len(parses) > 10
    assert cached.code == fresh.code == 1 and "unknown-unit" in cached.out
    assert cached.out == fresh.out
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == kept
