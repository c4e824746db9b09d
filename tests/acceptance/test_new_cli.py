"""`portal new`: a project file that validates at once, asked for step by step in a terminal."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from generator.commands.new import InForce, NewProject, render_project
from tests.conftest import AS_OF

OPTIONS = ["--unit", "shanggongju", "--investor", "新疆某某能源有限公司", "--investment", "60000",
           "--industry", "new_energy", "--township", "beiting-park", "--leader", "leader-li", "--as-of", AS_OF]


def test_a_new_project_file_validates_at_once(run, data_dir):
    result = run("new", "--data", "data", "--name", "吉木萨尔县100MW光伏项目", *OPTIONS)
    assert result.code == 0, result.err
    path = data_dir / "projects" / "2026-new-energy-001.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# 招引单位编号" in text and "key_project: false" in text
    assert "达到规则文件中的参考门槛（50000 万元），请县里研究是否列为重点项目" in text
    assert run("validate", "--data", "data").code == 0


def test_the_next_new_project_gets_the_next_number(run, data_dir):
    run("new", "--data", "data", "--name", "项目一", *OPTIONS)
    run("new", "--data", "data", "--name", "项目二", *OPTIONS)
    assert (data_dir / "projects" / "2026-new-energy-002.yaml").exists()


def test_yaml_syntax_in_the_name_stays_text(run, data_dir):
    name = '测试: "引号" #井号 - [列表] {映射} &锚 *别名'
    assert run("new", "--data", "data", "--name", name, "--id", "tricky", *OPTIONS).code == 0
    assert run("export", "--format", "json", "--data", "data", "--as-of", AS_OF).out.count(
        '"name": "测试: \\"引号\\" #井号 - [列表] {映射} &锚 *别名"') == 1


def test_an_unknown_unit_is_rejected_and_no_file_is_left(run, data_dir):
    options = [o if o != "shanggongju" else "nosuchunit" for o in OPTIONS]
    result = run("new", "--data", "data", "--name", "项目", "--id", "bad-unit", *options)
    assert result.code == 1 and "nosuchunit" in result.err
    assert not (data_dir / "projects" / "bad-unit.yaml").exists()


def test_missing_options_without_a_terminal_are_a_usage_error(run, data_dir):
    result = run("new", "--data", "data", "--name", "项目")
    assert result.code == 2 and "--unit" in result.err


def test_an_existing_id_is_not_overwritten(run, data_dir):
    result = run("new", "--data", "data", "--name", "项目", "--id", "2026-base-pv", *OPTIONS)
    assert result.code == 2 and "已存在" in result.err


def test_a_key_project_without_a_leader_is_refused_listing_the_leaders(run, data_dir):
    options = OPTIONS[:OPTIONS.index("--leader")] + OPTIONS[OPTIONS.index("--leader") + 2:]
    result = run("new", "--data", "data", "--name", "大项目", "--id", "no-leader", "--key", *options)
    assert result.code == 2 and "第十二条" in result.err and "leader-li（李明" in result.err
    assert not (data_dir / "projects" / "no-leader.yaml").exists()


def test_an_unknown_leader_is_rejected(run, data_dir):
    options = [o if o != "leader-li" else "leader-nobody" for o in OPTIONS]
    result = run("new", "--data", "data", "--name", "项目", "--id", "bad-leader", *options)
    assert result.code == 1 and "leader-nobody" in result.err and "leader-li（李明" in result.err


def test_a_key_project_names_its_leader(run, data_dir):
    assert run("new", "--data", "data", "--name", "大项目", "--id", "big", "--key", *OPTIONS).code == 0
    text = (data_dir / "projects" / "big.yaml").read_text(encoding="utf-8")
    assert "\nlead_unit: shanggongju\n# 包联县领导编号" in text
    assert "\nleader: leader-li\n" in text and "\nkey_project: true\n" in text


def test_dry_run_prints_the_file_and_writes_nothing(run, data_dir):
    before = sorted(p.name for p in (data_dir / "projects").iterdir())
    result = run("new", "--data", "data", "--name", "试一试", "--id", "dry", "--dry-run", *OPTIONS)
    assert result.code == 0, result.err
    assert result.out.startswith("# yaml-language-server: $schema=") and "id: dry\n" in result.out
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == before


class Terminal(io.StringIO):
    """Typed answers, one a line, on what looks like a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def typed(monkeypatch):
    def feed(*lines: str) -> None:
        monkeypatch.setattr("sys.stdin", Terminal("".join(f"{line}\n" for line in lines)))
    return feed


def test_a_clerk_is_asked_again_after_a_wrong_unit_and_keeps_earlier_answers(run, data_dir, typed):
    typed("吉木萨尔县小型光伏项目", "nosuchunit", "fagaiwei", "新疆某某新能源有限公司", "abc", "800",
          "", "nowhere", "beiting-town")
    result = run("new", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "招引单位编号“nosuchunit”不存在，请重新输入。" in result.out
    assert "可选：\n  shanggongju（" in result.out and "\n  fagaiwei（吉木萨尔县发展和改革委员会）\n" in result.out
    assert "计划总投资“abc”不是数字" in result.out
    assert "乡镇或园区编号“nowhere”不存在" in result.out and "beiting-town（北庭镇）" in result.out
    assert "new_energy（新能源）" in result.out  # industries are listed with their names
    text = (data_dir / "projects" / "2026-other-001.yaml").read_text(encoding="utf-8")
    for line in ('name: "吉木萨尔县小型光伏项目"', "lead_unit: fagaiwei", 'name: "新疆某某新能源有限公司"',
                 "total_investment: 800", "industry: other", "township: beiting-town", "key_project: false"):
        assert f"{line}\n" in text, line
    assert run("validate", "--data", "data").code == 0


def test_a_key_project_asks_for_its_leader(run, data_dir, typed):
    typed("nobody", "leader-li")
    result = run("new", "--data", "data", "--name", "大项目", "--id", "asked", "--key",
                 *OPTIONS[:OPTIONS.index("--leader")])
    assert result.code == 0, result.err
    assert "包联县领导编号“nobody”不存在" in result.out and "leader-li（李明，县委常委、常务副县长）" in result.out
    assert "leader: leader-li\n" in (data_dir / "projects" / "asked.yaml").read_text(encoding="utf-8")


def test_answers_that_end_too_soon_write_nothing(run, data_dir, typed):
    typed("只有名称")
    result = run("new", "--data", "data", "--as-of", AS_OF)
    assert result.code == 2 and "输入已结束" in result.err
    assert sorted(p.name for p in (data_dir / "projects").iterdir()) == ["2026-base-pv.yaml"]


def test_the_time_limits_the_new_file_names_are_those_of_the_rules_in_force(run, data_dir):
    result = run("new", "--data", "data", "--name", "项目一", *OPTIONS)
    text = (data_dir / "projects" / "2026-new-energy-001.yaml").read_text(encoding="utf-8")
    assert result.code == 0 and "政策达成一致后 1 个月内" in text and "签约后 10 个工作日内" in text
    in_force = InForce.of({"rule_sets": [{"id": "r", "effective_from": dt.date(2026, 1, 1),
                                          "expires": dt.date(2027, 1, 1),
                                          "signing_months": {"value": 2, "source": "county"},
                                          "registration_workdays": {"value": 7, "source": "county"}}]},
                          dt.date.fromisoformat(AS_OF))
    assert (in_force.signing_months, in_force.registration_workdays) == (2, 7)
    spec = NewProject(name="项目二", unit="shanggongju", investor="某公司", investment=100)
    text = render_project(spec, "2026-other-001", dt.date.fromisoformat(AS_OF), in_force, "schema.json")
    assert "政策达成一致后 2 个月内" in text and "签约后 7 个工作日内" in text
