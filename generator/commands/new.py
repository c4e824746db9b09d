"""`portal new`: a new project file from the template, valid at once.

The file is written with Chinese comments that explain each field, so a clerk who
opens it in the browser editor of the data repository knows what to fill in next.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from ..evaluate.rulebook import parse_rules
from ..findings import PortalError
from ..load import display_path
from ..schemas import load_schema

TEMPLATE = """\
# yaml-language-server: $schema={{ schema_url }}
# 新项目：{{ name_comment }}
# 按《吉木萨尔县社会投资项目服务管理办法》第四至十条，随项目推进逐段补充本文件。
# 日期一律写成 YYYY-MM-DD；金额单位为万元；编号只用小写字母、数字和连字符。

# 项目编号：必须与文件名相同
id: {{ id }}
name: {{ name }}
# 当前阶段：collection 收集 → assessment 研判 → policy 优惠政策 → signing 签约
#           → review 会审 → landing 落地 → production 投产
stage: collection
# 招引单位编号（见 data/units.yaml）：谁招引、谁负责
lead_unit: {{ unit }}
{% if leader %}# 包联县领导编号（见 data/leaders.yaml）：重点项目由县级领导包联（第十二条）
leader: {{ leader }}
{% endif %}# 重点项目由县里研究确定（第十二条），确定后改为 true 并填写包联县领导 leader（见 data/leaders.yaml）
{% if large and not key %}# 本项目计划总投资达到规则文件中的参考门槛（{{ threshold }} 万元），请县里研究是否列为重点项目
{% endif %}key_project: {{ "true" if key else "false" }}
# 所属产业
industry: {{ industry }}
location:
  # 乡镇或园区编号（见 data/townships.yaml）
  township: {{ township }}
# 计划总投资（万元）
total_investment: {{ investment }}
investor:
  # 投资企业全称
  name: {{ investor }}
  # 统一社会信用代码（18 位，系统校验最后一位）：
  # credit_code: 91652327XXXXXXXXXX
  # 企业联系人只在内部版显示：
  # contact:
  #   person: 姓名
  #   phone: "电话"
collection:
  # 《招商引资信息表》报送日期
  form_submitted: {{ today }}
  # 信息来源，例如 以商招商
  # source: 以商招商

# 以下各段在相应阶段填写：
# assessment:      研判日期 date、逐项研判 criteria、结论 conclusion
# policy:          政策类型 kind（standard / case_by_case 一事一议）、达成一致日期 agreed
# signing:         签约日期 signed（政策达成一致后 {{ signing_months }} 个月内）、
#                  三项登记 registrations（签约后 {{ registration_workdays }} 个工作日内）
# review:          可研报告提交 feasibility_submitted、各部门预审意见 opinions、会审会 meeting
# approvals:       审批事项 item、申报日期 submitted、办结日期 completed；逾期须写 delay_reason
# monthly_reports: 自签约起每月底填报 month、invested、cumulative、progress_percent、reported
"""


@dataclass(frozen=True)
class NewProject:
    name: str
    unit: str
    investor: str
    investment: float
    industry: str = "other"
    township: str = ""
    id: str | None = None
    leader: str | None = None
    key: bool = False              # the county decided it is a key project (art. 12)


@dataclass(frozen=True)
class InForce:
    """The numbers of the rules in force that a new project's file names (the measures' own
    values when rules.yaml cannot be read: ``portal new`` then reports its errors anyway)."""

    threshold: float = 50000.0          # key projects, 万元
    signing_months: float = 1           # art. 7
    registration_workdays: float = 10   # art. 7

    @classmethod
    def of(cls, raw: object, as_of: dt.date) -> InForce:
        try:
            values = parse_rules(raw).values_at(as_of) if isinstance(raw, dict) else {}
            return cls(float(values.get("key_project_threshold", cls.threshold)),
                       float(values.get("signing_months", cls.signing_months)),
                       float(values.get("registration_workdays", cls.registration_workdays)))
        except (KeyError, TypeError, ValueError):
            return cls()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar: data text never becomes YAML syntax."""
    return json.dumps(value, ensure_ascii=False)


def next_id(projects_dir: Path, year: int, industry: str) -> str:
    stem = f"{year}-{industry.replace('_', '-')}"
    taken = {p.stem for p in projects_dir.glob(f"{stem}-*.yaml")}
    number = 1
    while f"{stem}-{number:03d}" in taken:
        number += 1
    return f"{stem}-{number:03d}"


def render_project(spec: NewProject, ident: str, today: dt.date, rules: InForce, schema_url: str) -> str:
    """The new project's file; the time limits it names are those of the rules in force."""
    env = Environment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)
    amount = int(spec.investment) if float(spec.investment).is_integer() else spec.investment
    return env.from_string(TEMPLATE).render(
        schema_url=schema_url, name_comment=spec.name.replace("\n", " "), id=ident,
        name=_yaml_text(spec.name), unit=spec.unit, industry=spec.industry,
        township=spec.township, investment=amount, investor=_yaml_text(spec.investor),
        today=today.isoformat(), large=spec.investment >= rules.threshold, key=spec.key,
        threshold=int(rules.threshold), leader=spec.leader, signing_months=_number(rules.signing_months),
        registration_workdays=_number(rules.registration_workdays))


def plan_new_project(data_dir: Path, spec: NewProject, today: dt.date, rules: InForce,
                     schema_url: str = "../../schema/project.schema.json") -> tuple[Path, str]:
    """Where the new project's file goes and its text (nothing is written)."""
    projects = data_dir / "projects"
    if not projects.is_dir():
        raise PortalError(f"找不到项目文件夹 {display_path(projects)}（用 --data 指定数据文件夹）")
    industries = load_schema("project")["properties"]["industry"]["enum"]
    if spec.industry not in industries:
        raise PortalError(f"未知的产业“{spec.industry}”，可选：{'、'.join(industries)}")
    if spec.investment < 0:
        raise PortalError("总投资不能为负数")
    ident = spec.id or next_id(projects, today.year, spec.industry)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,63}", ident):
        raise PortalError(f"项目编号“{ident}”只能由小写英文字母、数字和连字符组成")
    path = projects / f"{ident}.yaml"
    if path.exists():
        raise PortalError(f"{display_path(path)} 已存在：请换一个编号")
    return path, render_project(spec, ident, today, rules, schema_url)
