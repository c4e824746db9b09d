"""Art. 12 and art. 6 as written, with dates pinned: the paired leader's two monthly duties
(听取汇报 and 现场调研) from pairing until design capacity, the key-project threshold as a mere
suggestion, and the 一事一议 chain that must pass before the signing clock starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.evaluate.facts import Source
from tests.conftest import FIXTURES
from tests.unit.test_evaluate import deadlines, project

BRIEFING, VISIT = "leader_briefing", "leader_visit"


def key(**extra):
    return project(key_project=True, leader="l", **extra)


def by_month(p, as_of, kind):
    return {d.ref: d for d in deadlines(p, as_of, kind)}


# -- art. 12: two duties a month ----------------------------------------------------------------

def test_a_month_with_only_a_briefing_has_its_site_visit_overdue():
    p = key(signing={"signed": "2026-09-01"},
            visits=[{"date": "2026-09-15", "leader": "l", "kind": "briefing"}])
    briefings, visits = by_month(p, "2026-10-20", BRIEFING), by_month(p, "2026-10-20", VISIT)
    assert briefings["2026-09"].status == "done_on_time"
    assert visits["2026-09"].status == "overdue" and visits["2026-09"].completed is None


def test_a_month_with_only_a_site_visit_has_its_briefing_overdue():
    p = key(signing={"signed": "2026-09-01"},
            visits=[{"date": "2026-09-15", "leader": "l", "kind": "site_visit"}])
    assert by_month(p, "2026-10-20", BRIEFING)["2026-09"].status == "overdue"
    assert by_month(p, "2026-10-20", VISIT)["2026-09"].status == "done_on_time"


def test_each_duty_has_its_own_label_and_the_measures_as_its_source():
    p = key(signing={"signed": "2026-09-01"})
    [briefing] = by_month(p, "2026-09-20", BRIEFING).values()
    [visit] = by_month(p, "2026-09-20", VISIT).values()
    assert briefing.label == "2026-09 包联领导听取汇报"
    assert visit.label == "2026-09 包联领导现场调研"
    assert briefing.source == visit.source == Source("measures", article=12)
    assert briefing.source.label == "《办法》第十二条"


def test_a_written_reason_explains_one_duty_and_not_the_other():
    p = key(signing={"signed": "2026-09-01"},
            delays=[{"kind": "leader_visit", "ref": "2026-09", "reason": "春节停工，未赴现场"}])
    assert by_month(p, "2026-10-20", VISIT)["2026-09"].reason == "春节停工，未赴现场"
    assert by_month(p, "2026-10-20", BRIEFING)["2026-09"].unexplained


# -- art. 12: from pairing (包前期) until capacity (包达产) --------------------------------------

def test_the_duty_runs_past_production_start_until_capacity_is_reached():
    p = key(stage="production", signing={"signed": "2026-03-02"},
            production={"started": "2026-06-10", "capacity_reached": "2026-09-18"})
    months = sorted(by_month(p, "2026-11-20", VISIT))
    assert months == ["2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    assert sorted(by_month(p, "2026-11-20", BRIEFING)) == months


def test_without_capacity_reached_the_duty_runs_until_today():
    p = key(stage="production", signing={"signed": "2026-09-01"},
            production={"started": "2026-10-10"})
    assert sorted(by_month(p, "2026-11-20", VISIT)) == ["2026-09", "2026-10", "2026-11"]


def test_a_key_project_before_signing_owes_the_duties_from_its_pairing_date():
    p = key(stage="assessment", paired="2026-07-14")
    visits = by_month(p, "2026-09-10", VISIT)
    assert sorted(visits) == ["2026-07", "2026-08", "2026-09"]
    assert visits["2026-07"].status == "overdue" and visits["2026-09"].status == "pending"


def test_without_a_pairing_date_the_policy_stage_starts_the_pairing():
    p = key(stage="policy", assessment={"date": "2026-08-20"})
    assert sorted(by_month(p, "2026-10-10", BRIEFING)) == ["2026-08", "2026-09", "2026-10"]


def test_a_key_project_still_in_collection_without_a_pairing_date_owes_nothing_yet():
    assert deadlines(key(stage="collection"), "2026-10-10", VISIT) == []


def test_no_duty_is_owed_before_the_measures_took_effect():
    p = key(paired="2025-10-08", signing={"signed": "2025-11-03"})
    assert min(by_month(p, "2026-03-10", VISIT)) == "2026-01"   # effective_from 2026-01-15


def test_a_project_that_is_not_key_owes_neither_duty():
    p = project(leader="l", signing={"signed": "2026-09-01"})
    assert deadlines(p, "2026-11-20", VISIT) == deadlines(p, "2026-11-20", BRIEFING) == []


# -- art. 6: the 一事一议 chain before signing --------------------------------------------------

def chain(*results):
    bodies = ("leading_group", "executive_meeting", "standing_committee")
    dates = ("2026-03-02", "2026-03-16", "2026-03-30")
    return [{"body": b, "date": d, "result": r} for b, d, r in zip(bodies, dates, results,
                                                                   strict=False)]


def test_a_complete_approved_chain_starts_the_signing_clock():
    p = project(stage="signing", policy={"kind": "case_by_case", "agreed": "2026-04-02",
                                         "chain": chain("approved", "approved", "approved")})
    [signing] = deadlines(p, "2026-04-10", "signing")
    assert signing.start.isoformat() == "2026-04-02"


@pytest.mark.parametrize("results", [
    ("approved", "rejected"),                      # the executive meeting said no
    ("approved", "approved", "rejected"),          # the standing committee said no
    ("approved", "approved"),                      # the standing committee has not decided
    ("approved", "deferred"),
])
def test_a_rejected_or_incomplete_chain_starts_no_signing_clock(results):
    p = project(stage="policy", policy={"kind": "case_by_case", "agreed": "2026-04-02",
                                        "chain": chain(*results)})
    assert deadlines(p, "2026-06-10", "signing") == []


# -- validation: the same rules as findings -----------------------------------------------------



def write_project(data: Path, name: str, text: str) -> None:
    (data / "projects" / f"{name}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", root)
    return root


HEAD = """id: {id}
name: 测试项目
stage: {stage}
lead_unit: shanggongju
industry: new_energy
location:
  township: beiting-town
total_investment: {investment}
investor:
  name: 新疆示例新能源有限公司
"""


def one_case(results: tuple[str, ...], signed: str | None) -> str:
    steps = "".join(f"    - body: {s['body']}\n      date: {s['date']}\n      result: {s['result']}\n"
                    for s in chain(*results))
    text = f"policy:\n  kind: case_by_case\n  chain:\n{steps}"
    return text + (f"signing:\n  signed: {signed}\n" if signed else "")


def findings_of(run, data: Path, name: str) -> list[str]:
    result = run("validate", "--data", str(data))
    return [line for line in result.out.splitlines() if f"/{name}.yaml:" in line]


def test_signing_before_the_standing_committee_approved_is_an_error(run, data):
    write_project(data, "p-early", HEAD.format(id="p-early", stage="signing", investment=8000)
                  + one_case(("approved", "approved"), "2026-03-20"))
    [line] = findings_of(run, data, "p-early")
    assert "error[signed-before-chain]" in line and "县委常委会尚未研究" in line


def test_signing_before_the_standing_committee_date_is_an_error(run, data):
    write_project(data, "p-date", HEAD.format(id="p-date", stage="signing", investment=8000)
                  + one_case(("approved", "approved", "approved"), "2026-03-20"))
    lines = findings_of(run, data, "p-date")
    assert any("error[signed-before-chain]" in x and "早于县委常委会研究确定日期" in x for x in lines)


def test_a_rejected_chain_stops_the_project_signing_is_an_error(run, data):
    write_project(data, "p-no", HEAD.format(id="p-no", stage="signing", investment=8000)
                  + one_case(("approved", "rejected"), "2026-04-20"))
    [line] = findings_of(run, data, "p-no")
    assert "error[policy-chain-rejected]" in line and "县政府常务会审议未通过" in line


def test_a_complete_chain_before_signing_passes(run, data):
    write_project(data, "p-ok", HEAD.format(id="p-ok", stage="signing", investment=8000)
                  + one_case(("approved", "approved", "approved"), "2026-04-20"))
    assert findings_of(run, data, "p-ok") == []


def test_a_key_project_without_a_leader_is_an_error(run, data):
    write_project(data, "p-key", HEAD.format(id="p-key", stage="collection", investment=8000)
                  + "key_project: true\n")
    [line] = findings_of(run, data, "p-key")
    assert "error[key-project-leader]" in line and "第十二条" in line


def test_a_large_project_not_flagged_key_is_only_a_warning_for_the_county(run, data):
    write_project(data, "p-big", HEAD.format(id="p-big", stage="collection", investment=60000))
    assert findings_of(run, data, "p-big") == []          # valid: the county decides
    result = run("check", "--data", str(data), "--as-of", "2026-11-26")
    lines = [x for x in result.out.splitlines() if "/p-big.yaml:" in x]
    assert len(lines) == 1 and "warning[key-project-threshold]" in lines[0]
    assert "请县里研究确定" in lines[0]
    assert "error" not in " ".join(lines)


def test_a_capacity_date_after_today_is_rejected_so_it_cannot_end_the_pairing_early(run, data):
    write_project(data, "p-cap", HEAD.format(id="p-cap", stage="production", investment=8000)
                  + "production:\n  started: 2026-10-08\n  capacity_reached: 2027-01-05\n")
    result = run("check", "--data", str(data), "--as-of", "2026-11-26")
    assert any("/p-cap.yaml:" in x and "error[future-date]" in x and "capacity_reached" in x
               for x in result.out.splitlines())
