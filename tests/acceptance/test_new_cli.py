"""`portal new`: a project file that validates at once."""

from __future__ import annotations

from tests.conftest import AS_OF

OPTIONS = ["--unit", "shanggongju", "--investor", "新疆某某能源有限公司", "--investment", "60000",
           "--industry", "new_energy", "--township", "beiting-park", "--as-of", AS_OF]


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
