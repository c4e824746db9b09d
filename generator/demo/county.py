"""The county-level files of the demo: registries written on the first day, and meetings,
supervision notices and annual targets that grow month by month with the projects."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from . import vocab as v
from .ledger import months
from .timeline import AS_OF, EFFECTIVE, HISTORY_START, day_between, days
from .writer import Event, Project, nice
from .yamltext import NEVER, Line, block, item, kv, scalar

START = HISTORY_START.isoformat()
AMOUNT_MAX = 100_000_000  # the schema's ceiling for an amount in 万元


def _amount(value: float) -> int:
    return min(AMOUNT_MAX, nice(value))


@dataclass
class CountyFile:
    """A data file other than a project, as timed lines with the events behind each change."""

    path: str
    lines: list[Line]
    events: dict[str, list[Event]] = field(default_factory=dict)

    def event(self, day: dt.date, priority: int, short: str, detail: str) -> None:
        self.events.setdefault(day.isoformat(), []).append((priority, short, detail))


def _header(kind: str) -> Line:
    return (START, NEVER, f"# yaml-language-server: $schema=../schema/{kind}.schema.json")


def _static(kind: str, lines: list[Line]) -> CountyFile:
    return CountyFile(f"data/{kind}.yaml", [_header(kind), *lines])


def registries() -> list[CountyFile]:
    """Units, leaders, townships, the approval catalogue, rules and calendar: fixed from day one."""
    s = START
    units: list[Line] = []
    for uid, name, short, roles in v.UNITS:
        rest = [kv(4, "name", name, s), kv(4, "short_name", short, s), (s, NEVER, f"    roles: [{', '.join(roles)}]")]
        if uid in v.UNIT_DUTIES:
            rest.append(kv(4, "duties", v.UNIT_DUTIES[uid], s))
        units += item(2, "id", uid, s, rest)
    leaders: list[Line] = []
    for lid, name, title, owned in v.LEADERS:
        rest = [kv(4, "name", name, s), kv(4, "title", title, s)]
        if lid in v.PORTFOLIOS:
            rest.append(kv(4, "portfolio", v.PORTFOLIOS[lid], s))
        rest.append((s, NEVER, f"    units: [{', '.join(owned)}]"))
        leaders += item(2, "id", lid, s, rest)
    townships: list[Line] = []
    for tid, name, kind, unit in v.TOWNSHIPS:
        rest = [kv(4, "name", name, s), kv(4, "kind", kind, s)] + ([kv(4, "unit", unit, s)] if unit else [])
        townships += item(2, "id", tid, s, rest)
    items: list[Line] = []
    for iid, name, unit, limit, phase, basis, _ in v.APPROVAL_ITEMS:
        # Annex 2 was never published: every limit of the demo is a sample value.
        items += item(2, "id", iid, s, [kv(4, "name", name, s), kv(4, "unit", unit, s),
                                         (s, NEVER, "    committed_limit:"), kv(6, "value", limit, s),
                                         kv(6, "source", "sample", s), kv(4, "phase", phase, s),
                                         kv(4, "legal_basis", basis, s)])
    rules = [(s, NEVER, line) for line in RULES.splitlines()]
    calendar = [(s, NEVER, "# chinese-calendar 尚未收录的年份在此补充（国务院公布放假安排后填写）"),
                (s, NEVER, "years: []")]
    return [_static("units", block(0, "units", units)), _static("leaders", block(0, "leaders", leaders)),
            _static("townships", block(0, "townships", townships)),
            _static("approval-items", block(0, "items", items)), _static("rules", rules),
            _static("calendar", calendar)]


RULES = """\
# 演示数据：《办法》有效期已延续至 2027 年底。每个数字注明来源：measures（《办法》条文）、
# county（本县细则）或 sample（示例值，县里尚未确定）。
interpreted_by: 招商领导小组
documents: []
rule_sets:
  - id: demo-measures
    title: 吉木萨尔县社会投资项目服务管理办法
    effective_from: 2025-01-01
    expires: 2027-12-31
    expiry_warning_days: {value: 60, source: sample}
    signing_months: {value: 1, source: measures, article: 7}
    registration_workdays: {value: 10, source: measures, article: 7}
    review_opinion_workdays: {value: 5, source: sample}
    report_grace_days: {value: 0, source: measures, article: 14}
    warning_workdays: {value: 5, source: sample}
    key_project_threshold: {value: 50000, source: sample}
    problem_response_workdays:
      general: {value: 10, source: sample}
      county: {value: 20, source: sample}
    meetings_per_month: {value: 1, source: measures, article: 15}
    leader_briefings_per_month: {value: 1, source: measures, article: 12}
    leader_visits_per_month: {value: 1, source: measures, article: 12}
    proposed_notice:
      overdue_approvals: {value: 2, source: sample}
      missing_reports: {value: 2, source: sample}
      county_problem_workdays: {value: 30, source: sample}
    scoring:
      attracting:
        signed_investment: {value: 25, source: sample}
        completed_investment: {value: 25, source: sample}
        physical_progress: {value: 10, source: sample}
        prephase_on_time: {value: 20, source: sample}
        reserve: {value: 10, source: sample}
        reports_on_time: {value: 10, source: sample}
      service:
        approvals_on_time: {value: 50, source: sample}
        overdue_workdays: {value: 20, source: sample}
        notices: {value: 15, source: sample}
        problems_resolved: {value: 15, source: sample}
      caps:
        overdue_workday_penalty: {value: 0.5, source: sample}
        notice_penalty: {value: 5, source: sample}"""


def meetings(rng: random.Random, projects: list[Project]) -> CountyFile:
    """A dispatch meeting every month since the measures took effect, a leading-group meeting
    every quarter. A meeting names only projects and problems recorded before its month."""
    f = CountyFile("data/meetings.yaml", [])
    lines: list[Line] = []
    for month in months(EFFECTIVE.isoformat()[:7], AS_OF.isoformat()[:7]):
        year, m = int(month[:4]), int(month[5:7])
        begin = dt.date(year, m, 1).isoformat()
        known = [p for p in projects if p.created < begin and p.timeline.signed]
        key = [p for p in known if p.leader] or known
        chosen = sorted(rng.sample(key, min(len(key), rng.randint(2, 6))), key=lambda p: p.index)
        problems = [ref for p in known for ref, raised, level in p.problems if level == "county" and raised < begin]
        problems = sorted(rng.sample(problems, min(len(problems), rng.randint(0, 4))))
        kinds = [("dispatch", f"{year}年{m}月项目调度会", rng.randint(18, 26))]
        if m % 3 == 0:
            kinds.insert(0, ("leading_group", f"县招商引资工作领导小组{year}年第{m // 3}次会议", rng.randint(8, 15)))
        for kind, title, mday in kinds:
            day = dt.date(year, m, mday)
            d = day.isoformat()
            rest = [kv(4, "date", d, d), kv(4, "kind", kind, d), kv(4, "title", title, d),
                    kv(4, "chair", "leader-qian" if kind == "dispatch" else "leader-zhao", d),
                    (d, NEVER, f"    attendees: [{', '.join(sorted(rng.sample([u[0] for u in v.UNITS], 8)))}]")]
            if chosen and kind == "dispatch":
                rest.append((d, NEVER, f"    projects: [{', '.join(p.id for p in chosen)}]"))
                if problems:
                    rest.append((d, NEVER, f"    problems: [{', '.join(problems)}]"))
                rest += block(4, "decisions", [
                    (d, NEVER, f"      - {scalar(text.format(p=rng.choice(chosen).name))}")
                    for text in rng.sample(v.MEETING_DECISIONS, 3)])
            rest.append(kv(4, "minutes_no", f"{'项目调度会' if kind == 'dispatch' else '领导小组会议'}纪要〔{year}〕"
                                            f"{m if kind == 'dispatch' else m // 3}号", d))
            lines += item(2, "id", f"{month}-{kind.replace('_', '-')}", d, rest)
            f.event(day, 2, "会议纪要", f"记录{title}")
    f.lines = [(lines[0][0], NEVER, _header("meetings")[2]), *block(0, "meetings", lines)]
    return f


def notices(rng: random.Random, projects: list[Project]) -> CountyFile:
    """Supervision notices (督办通知单) to the units of slow projects, with their replies."""
    f = CountyFile("data/notices.yaml", [])
    issued_days = sorted(day_between(rng, dt.date(2025, 2, 1), AS_OF - days(6))
                         for _ in range(max(2, len(projects) // 40)))
    lines: list[Line] = []
    for k, issued in enumerate(issued_days):
        begin = issued.replace(day=1).isoformat()
        known = [p for p in projects if p.created < begin and p.timeline.signed] or [
            p for p in projects if p.created < begin]
        if not known:
            continue
        p = rng.choice(known)
        year = issued.year
        serial = sum(1 for d in issued_days[:k] if d.year == year) + 1
        deadline = issued + days(rng.randint(7, 15))
        previous = (issued.replace(day=1) - days(1)).month
        i = issued.isoformat()
        reason = rng.choice(v.NOTICE_REASONS).format(p=p.name, m=previous)
        rest = [kv(4, "number", f"吉招商督〔{year}〕{serial}号", i), kv(4, "issued", i, i),
                kv(4, "unit", p.lead_unit, i), kv(4, "project", p.id, i), kv(4, "reason", reason, i),
                kv(4, "reply_deadline", deadline.isoformat(), i)]
        r = rng.random()
        replied = issued + days(rng.randint(2, (deadline - issued).days)) if r < 0.85 else (
            deadline + days(rng.randint(3, 15)) if r < 0.95 else None)
        if replied is not None and replied <= AS_OF:
            d = replied.isoformat()
            rest += [kv(4, "replied", d, d), kv(4, "reply", rng.choice(v.NOTICE_REPLIES), d)]
            if replied > deadline and rng.random() < 0.7:
                rest.append(kv(4, "delay_reason", "责任单位主要负责人外出，反馈材料审签延后", d))
            f.event(replied, 5, "督办反馈", f"{p.name}督办通知单已反馈")
        lines += item(2, "id", f"{year}-notice-{serial:03d}", i, rest)
        f.event(issued, 2, "下达督办通知单", f"吉招商督〔{year}〕{serial}号：{p.name}")
    f.lines = [(lines[0][0], NEVER, _header("notices")[2]), *block(0, "notices", lines)] if lines else []
    return f


def targets(rng: random.Random, projects: list[Project]) -> CountyFile:
    """Annual targets per attracting unit, set each January from the year's plans."""
    f = CountyFile("data/targets.yaml", [_header("targets")])
    years: list[Line] = []
    for year, set_on in ((2025, HISTORY_START), (2026, dt.date(2026, 1, 12))):
        d = set_on.isoformat()
        plan = sum(p.plans.get(year, 0) for p in projects)
        units: list[Line] = []
        for unit in v.ATTRACTING:
            mine = [p for p in projects if p.lead_unit == unit]
            signed = sum(p.total for p in mine if p.timeline.signed and p.timeline.signed.year == year)
            planned = sum(p.plans.get(year, 0) for p in mine)
            created = sum(1 for p in mine if p.timeline.created.year == year)
            units += item(6, "unit", unit, d, [
                kv(8, "attraction_task", _amount(max(1000.0, signed * rng.uniform(0.8, 1.3))), d),
                kv(8, "investment_plan", _amount(max(500.0, planned * rng.uniform(0.9, 1.2))), d),
                kv(8, "reserve_task", created + rng.randint(0, 3), d)])
        years += item(2, "year", year, d, [kv(4, "county_investment_plan", _amount(max(1000.0, plan * 1.1)), d),
                                           *block(4, "units", units)])
        f.event(set_on, 2, "年度目标任务", f"下达 {year} 年度招商引资和投资目标任务")
    f.lines += block(0, "years", years)
    return f
