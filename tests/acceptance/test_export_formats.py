"""`portal export --format csv|xlsx|oc4ids`: each download read back the way its users read it
(DESIGN §5, §6): csv with the csv module, xlsx with openpyxl, oc4ids against the official
OC4IDS 0.9.5 schema with every format checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from generator.export.oc4ids import schema_validator
from tests.conftest import AS_OF, FIXTURES

OC4IDS_SCHEMA = FIXTURES / "oc4ids"
# Values of fields the schema marks x-internal: true (investor contacts, internal notes, a
# unit's liaison officer). None of them may reach any download.
INTERNAL_VALUES = ("13800000000", "测试联系人", "内部备注示例", "内部联络员甲", "13900000000", "另一联系人")

EXTRA_PROJECTS = {
    # Text that a spreadsheet would run as a formula, and an amount with decimals.
    "2026-formula-test": """\
id: 2026-formula-test
name: "=SUM(1,2)物流园项目"
stage: collection
lead_unit: shanggongju
industry: logistics
location:
  township: beiting-park
  address: "-1号地块"
total_investment: 1234.56
investor:
  name: "@示例物流有限公司"
  contact:
    person: 另一联系人
    phone: "13900000000"
content: "+建设冷库和分拣中心"
""",
    # Paused, one approval done late with a reason, one due soon, a report with formula text.
    "2026-paused-store": """\
id: 2026-paused-store
name: 北庭工业园区储能电站项目
stage: landing
status: paused
lead_unit: shanggongju
industry: energy_storage
location:
  township: beiting-park
total_investment: 3000
investor:
  name: 新疆示例储能有限公司
signing:
  signed: 2026-05-06
approvals:
  - item: land-permit
    submitted: 2026-06-01
    completed: 2026-07-20
    delay_reason: 用地范围调整，重新组卷报批
  - item: filing
    submitted: 2026-11-25
monthly_reports:
  - month: 2026-06
    invested: 200.5
    cumulative: 200.5
    progress_percent: 5.5
    progress_text: "+场地平整完成"
    major_problems: "=用地手续"
    reported: 2026-06-30
annual_plans:
  - year: 2026
    planned: 1000
""",
    "2026-cancel-tour": """\
id: 2026-cancel-tour
name: 北庭故城文旅综合体项目
stage: signing
status: cancelled
lead_unit: shanggongju
industry: culture_tourism
location:
  township: beiting-town
total_investment: 20000
investor:
  name: 新疆示例文旅有限公司
""",
}


@pytest.fixture
def data(data_dir: Path) -> Path:
    """The base data plus projects in other stages and states, with hostile text."""
    for pid, text in EXTRA_PROJECTS.items():
        (data_dir / "projects" / f"{pid}.yaml").write_text(text, encoding="utf-8")
    return data_dir


def export(run, fmt: str, out: Path | None = None):
    args = ["export", "--format", fmt, "--data", "data", "--as-of", AS_OF]
    if out is not None:
        args += ["--out", str(out)]
    result = run(*args)
    assert result.code == 0, result.err
    return result


def facts(run) -> dict:
    return json.loads(export(run, "json").out)


# --- csv ------------------------------------------------------------------------------

def test_csv_has_a_bom_a_chinese_header_and_one_row_per_project(run, data, tmp_path):
    out = tmp_path / "projects.csv"
    export(run, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    with out.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["项目编号", "项目名称", "阶段", "招引单位", "包联县领导", "重点项目", "产业", "乡镇/园区",
                      "计划总投资（万元）", "累计完成投资（万元）", "完成比例（%）", "形象进度（%）",
                      "本年完成投资（万元）", "本年计划（万元）", "最新月报月份", "逾期事项数", "状态颜色"]
    dump = facts(run)
    assert [r["项目编号"] for r in rows] == [p["id"] for p in dump["projects"]]


def _number(text: str) -> float | None:
    return float(text) if text else None


def test_csv_values_match_the_json_facts(run, data):
    rows = {r["项目编号"]: r for r in csv.DictReader(io.StringIO(
        export(run, "csv").out.removeprefix("\ufeff"), newline=""))}
    colours = {"red": "红", "yellow": "黄", "green": "绿", "grey": "灰"}
    for p in facts(run)["projects"]:
        row, pr = rows[p["id"]], p["progress"]
        assert _number(row["计划总投资（万元）"]) == p["total_investment"]
        assert _number(row["累计完成投资（万元）"]) == pr["cumulative"]
        assert _number(row["完成比例（%）"]) == pr["percent_of_total"]
        assert _number(row["形象进度（%）"]) == pr["physical_percent"]
        assert _number(row["本年完成投资（万元）"]) == pr["year_invested"]
        assert _number(row["本年计划（万元）"]) == pr["year_plan"]
        assert (row["最新月报月份"] or None) == pr["latest_month"]
        assert row["状态颜色"] == colours[p["colour"]]
        late = [d for d in p["approvals"] + p["deadlines"] if d["status"] in ("overdue", "done_late")]
        assert int(row["逾期事项数"]) == len(late)
        assert row["重点项目"] == ("是" if p["key_project"] else "否")
    base = rows["2026-base-pv"]
    assert (base["项目名称"], base["阶段"], base["招引单位"], base["包联县领导"], base["产业"], base["乡镇/园区"]) == (
        "北庭镇20MW分布式光伏项目", "项目落地", "吉木萨尔县商务和工业信息化局", "李明", "新能源", "北庭镇")
    assert base["状态颜色"] == "红" and int(base["逾期事项数"]) >= 2
    assert rows["2026-formula-test"]["计划总投资（万元）"] == "1234.56"


def test_csv_text_never_starts_a_formula(run, data):
    rows = {r["项目编号"]: r for r in csv.DictReader(io.StringIO(
        export(run, "csv").out.removeprefix("\ufeff"), newline=""))}
    assert rows["2026-formula-test"]["项目名称"] == "'=SUM(1,2)物流园项目"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
            assert not value.startswith("-") or value.lstrip("-").replace(".", "").isdigit()


# --- xlsx -----------------------------------------------------------------------------

def test_xlsx_needs_out(run, data, tmp_path):
    result = run("export", "--format", "xlsx", "--data", "data", "--as-of", AS_OF)
    assert result.code == 2 and result.out == ""
    assert "--out" in result.err and "xlsx" in result.err


def _load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def test_xlsx_is_the_ledger_in_three_sheets(run, data, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(run, "xlsx", out)
    wb = _load(out)
    assert wb.sheetnames == ["项目台账", "审批事项", "月度报送"]
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert ws.column_dimensions["B"].width > 10

    ledger = wb["项目台账"]
    header = [c.value for c in ledger[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in ledger.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {p["id"] for p in facts(run)["projects"]}
    assert rows["2026-base-pv"]["计划总投资（万元）"] == 8000
    assert rows["2026-paused-store"]["项目状态"] == "暂停"
    assert rows["2026-formula-test"]["项目名称"] == "=SUM(1,2)物流园项目"  # text, not a formula
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_xlsx_approvals_are_coloured_and_dated(run, data, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(run, "xlsx", out)
    ws = _load(out)["审批事项"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["项目编号", "项目名称", "审批事项", "办理部门"]
    rows = {(r[0].value, r[2].value): r for r in ws.iter_rows(min_row=2)}
    col = {name: i for i, name in enumerate(header)}

    def fill(row) -> str:
        return str(row[0].fill.fgColor.rgb)[-6:] if row[0].fill.fill_type == "solid" else ""

    overdue = rows[("2026-base-pv", "建设项目环境影响报告表审批")]
    assert overdue[col["状态"]].value == "已逾期"
    assert fill(overdue) == "FFC7CE"  # red
    assert overdue[col["逾期工作日"]].value > 100
    late = rows[("2026-paused-store", "建设用地规划许可证")]
    assert (late[col["状态"]].value, fill(late)) == ("逾期办结", "FFC7CE")
    assert late[col["延误原因"]].value == "用地范围调整，重新组卷报批"
    soon = rows[("2026-paused-store", "企业投资项目备案")]
    assert (soon[col["状态"]].value, fill(soon)) == ("即将到期", "FFEB9C")  # yellow
    on_time = rows[("2026-base-pv", "企业投资项目备案")]
    assert (on_time[col["状态"]].value, fill(on_time)) == ("按时办结", "")
    assert on_time[col["办理部门"]].value == "吉木萨尔县发展和改革委员会"
    for name, expected in (("申报日期", dt.date(2026, 3, 16)), ("截止日期", dt.date(2026, 3, 19)),
                           ("办结日期", dt.date(2026, 3, 18))):
        cell = on_time[col[name]]
        assert cell.is_date and cell.value.date() == expected, name


def test_xlsx_monthly_reports(run, data, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(run, "xlsx", out)
    ws = _load(out)["月度报送"]
    header = [c.value for c in ws[1]]
    assert header == ["项目编号", "项目名称", "月份", "当月完成投资（万元）", "累计完成投资（万元）",
                      "形象进度（%）", "形象进度说明", "存在的重大问题", "填报日期", "迟报原因", "更正说明"]
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    store = next(r for r in rows if r["项目编号"] == "2026-paused-store")
    assert store["月份"] == dt.datetime(2026, 6, 1) and store["填报日期"] == dt.datetime(2026, 6, 30)
    assert (store["当月完成投资（万元）"], store["累计完成投资（万元）"], store["形象进度（%）"]) == (200.5, 200.5, 5.5)
    assert (store["形象进度说明"], store["存在的重大问题"]) == ("+场地平整完成", "=用地手续")
    assert [r["项目编号"] for r in rows].count("2026-base-pv") == 1


def test_xlsx_is_byte_identical_for_the_same_as_of(run, data, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export(run, "xlsx", first)
    export(run, "xlsx", second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 26, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-11-26T00:00:00Z") == 2  # created and modified from as_of
    props = _load(first).properties
    assert AS_OF in (props.title or "")


# --- oc4ids ---------------------------------------------------------------------------

def test_oc4ids_package_validates_against_the_official_schema(run, data):
    package = json.loads(export(run, "oc4ids").out)
    validator = schema_validator(OC4IDS_SCHEMA)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []
    assert package["version"] == "0.9"
    assert package["publisher"] == {"name": "吉木萨尔县招商引资领导小组办公室"}
    assert package["publishedDate"] == f"{AS_OF}T00:00:00+08:00"
    assert len(package["projects"]) == 4


def test_oc4ids_projects_carry_the_mapped_facts(run, data):
    projects = {p["id"]: p for p in json.loads(export(run, "oc4ids").out)["projects"]}
    assert all(pid.startswith("oc4ids-") for pid in projects)
    base = projects["oc4ids-jmsr00-2026-base-pv"]
    assert (base["title"], base["status"], base["type"], base["sector"]) == (
        "北庭镇20MW分布式光伏项目", "implementation", "construction", ["energy"])
    assert base["budget"]["amount"] == {"amount": 80000000, "currency": "CNY"}
    assert base["publicAuthority"]["name"] == "吉木萨尔县商务和工业信息化局"
    roles = {party["name"]: party["roles"] for party in base["parties"]}
    assert roles == {"吉木萨尔县商务和工业信息化局": ["publicAuthority"], "新疆示例新能源有限公司": ["funder"]}
    assert "北庭镇" in base["locations"][0]["description"]
    milestones = {m["id"]: m for m in base["milestones"]}
    filing, eia = milestones["approval-filing"], milestones["approval-eia-table"]
    assert (filing["type"], filing["code"], filing["status"]) == ("approval", "projectApproval", "met")
    assert (filing["dueDate"], filing["dateMet"]) == ("2026-03-19T00:00:00+08:00", "2026-03-18T00:00:00+08:00")
    assert (eia["status"], eia["dueDate"]) == ("notMet", "2026-04-23T00:00:00+08:00") and "dateMet" not in eia
    metrics = {m["id"]: m for m in base["metrics"]}
    assert metrics["financialProgress"]["observations"][0]["value"] == {"amount": 1000000, "currency": "CNY"}
    assert metrics["physicalProgress"]["observations"][0]["measure"] == 2

    store = projects["oc4ids-jmsr00-2026-paused-store"]
    assert store["status"] == "implementation" and store["description"].startswith("【项目暂停】")
    assert {m["title"]: m["status"] for m in store["milestones"]} == {
        "建设用地规划许可证": "met", "企业投资项目备案": "scheduled"}
    [financial] = [m for m in store["metrics"] if m["id"] == "financialProgress"]
    assert financial["observations"][0]["value"]["amount"] == 2005000
    assert financial["observations"][0]["period"] == {"startDate": "2026-06-01T00:00:00+08:00",
                                                      "endDate": "2026-06-30T23:59:59+08:00"}
    assert projects["oc4ids-jmsr00-2026-cancel-tour"]["status"] == "cancelled"
    assert projects["oc4ids-jmsr00-2026-cancel-tour"]["sector"] == ["cultureSportsAndRecreation"]
    formula = projects["oc4ids-jmsr00-2026-formula-test"]
    assert (formula["status"], formula["sector"]) == ("identification", ["transport"])
    assert formula["budget"]["amount"]["amount"] == 12345600  # 1234.56 万元, no float noise
    assert "milestones" not in formula and "metrics" not in formula


def test_oc4ids_can_be_written_to_a_file(run, data, tmp_path):
    out = tmp_path / "oc4ids.json"
    export(run, "oc4ids", out)
    package = json.loads(out.read_text(encoding="utf-8"))
    assert schema_validator(OC4IDS_SCHEMA).is_valid(package)


# --- every format ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "oc4ids"])
def test_no_internal_field_reaches_any_export(run, data, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    export(run, fmt, out)
    raw = out.read_bytes()
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    else:
        text = raw.decode("utf-8-sig")
    leaked = [v for v in INTERNAL_VALUES if v in text]
    assert leaked == []


def test_invalid_data_is_not_exported_in_any_format(run, data, tmp_path):
    (data / "projects" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    for fmt in ("csv", "xlsx", "oc4ids"):
        out = tmp_path / f"broken.{fmt}"
        result = run("export", "--format", fmt, "--data", "data", "--as-of", AS_OF, "--out", str(out))
        assert result.code == 1 and "broken.yaml" in result.err
        assert not out.exists()


def test_unknown_format_is_a_usage_error(run, data):
    assert run("export", "--format", "pdf", "--data", "data", "--as-of", AS_OF).code == 2
