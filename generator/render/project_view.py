"""View model of one project's page: its stages, deadlines, reports and services."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..evaluate.facts import Deadline, ProjectFacts
from . import labels as L
from .directory import ComplaintView, Visit, complaints_of
from .text import amount, money, safe_url
from .views import Lookup, ProjectRow, Ref, Row, iso, project_row, row

NEEDS = (("land_mu", "用地", "亩"), ("energy_tce", "能耗", "吨标准煤/年"), ("water_m3", "用水", "立方米/年"),
         ("power_kw", "用电负荷", "千瓦"), ("jobs", "带动就业", "人"))


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    ref: Ref | None = None


@dataclass
class StageView:
    key: str
    label: str
    article: str
    state: str                 # done, current, future
    state_label: str
    items: list[Item] = field(default_factory=list)
    deadlines: list[Row] = field(default_factory=list)
    criteria: list[tuple[str, str, str]] = field(default_factory=list)
    chain: list[tuple[str, str, str, str]] = field(default_factory=list)
    opinions: list[tuple[Ref | None, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ApprovalRow:
    row: Row
    document_no: str
    note: str


@dataclass(frozen=True)
class PauseRow:
    """A period an approval's clock stood still (《行政许可法》第三十二条、第四十五条)."""

    approval: str
    start: str
    end: str                   # "" while the clock still stands
    reason: str
    workdays: str              # working days not counted, or why none were
    note: str


@dataclass(frozen=True)
class ReportRow:
    month: str
    invested: str
    cumulative: str
    physical: str
    text: str
    problems: str
    row: Row
    correction: str = ""       # why a closed month's figures were corrected


@dataclass(frozen=True)
class ProblemRow:
    row: Row
    level: str
    state: str
    leader: Ref | None
    description: str
    resolution: str


@dataclass(frozen=True)
class UtilityRow:
    name: str
    status: str
    unit: Ref | None
    completed: str
    note: str


@dataclass(frozen=True)
class ServiceRow:
    kind: str
    title: str
    unit: Ref | None
    applied: str
    completed: str
    no_application: bool
    amount: str
    status: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str | None


@dataclass
class ProjectView:
    id: str
    name: str
    row: ProjectRow
    facts: list[Item]
    investor_contact: list[Item] | None          # internal only
    content: str
    stages: list[StageView]
    approvals: list[ApprovalRow]
    reports: list[ReportRow]
    chart: list[tuple[str, float, str]]          # (month, invested, text) for the bars
    progress: list[Item]
    problems: list[ProblemRow]
    leader: Ref | None
    visits: list[Visit]
    visit_deadlines: list[Row]
    utilities: list[UtilityRow]
    services: list[ServiceRow]
    complaints: list[ComplaintView]
    links: list[Link]
    internal_notes: str | None                   # internal only
    # What the search index holds beside the name: investor, place, industry, stage, unit,
    # the construction content (建设内容) and the approval items' names.
    search_summary: list[str] = field(default_factory=list)
    pauses: list[PauseRow] = field(default_factory=list)
    limit_sources: str = ""                      # where the approvals' limits come from


# 建设内容 is indexed up to this length: the words people search for come first, and the
# index stays small (it adds about 1 KB a project: 162 KB -> 202 KB for the 43 sample projects).
SEARCH_CONTENT_CHARS = 300


def _items(pairs: list[tuple[str, Any]]) -> list[Item]:
    """Label-value pairs, leaving out what the data does not say; a Ref value becomes a link."""
    return [Item(k, v.name, v) if isinstance(v, Ref) else Item(k, str(v))
            for k, v in pairs if v not in (None, "", [])]


def _named(r: Row) -> Row:
    """A review opinion's row says whose opinion it is."""
    return replace(r, label=f"{r.label}（{r.unit.name}）") if r.unit else r


def _stages(p: dict[str, Any], pf: ProjectFacts, look: Lookup) -> list[StageView]:
    current = list(L.STAGES).index(pf.stage)
    out = []
    for i, (key, name) in enumerate(L.STAGES.items()):
        state = "done" if i < current else "current" if i == current else "future"
        out.append(StageView(key, name, L.STAGE_ARTICLES[key], state,
                             {"done": "已完成", "current": "当前阶段", "future": "未到"}[state]))
    col, ass, pol, sig, rev = (p.get(k, {}) for k in ("collection", "assessment", "policy",
                                                       "signing", "review"))
    stages = {s.key: s for s in out}
    stages["collection"].items = _items([
        ("信息来源", col.get("source")), ("信息表报送日期", col.get("form_submitted")),
        ("企业信息核实", {True: "已核实", False: "未核实"}.get(col.get("verified")))])
    stages["assessment"].items = _items([
        ("研判日期", ass.get("date")), ("研判结论", L.label(L.CONCLUSIONS, ass.get("conclusion")))])
    stages["assessment"].criteria = [
        (L.label(L.CRITERIA, c["criterion"]), L.label(L.ASSESSMENT_RESULTS, c["result"]),
         c.get("note", "")) for c in ass.get("criteria", [])]
    stages["policy"].items = _items([
        ("政策类型", L.label(L.POLICY_KINDS, pol.get("kind"))), ("政策内容", pol.get("summary")),
        ("政策达成一致日期", pol.get("agreed"))])
    stages["policy"].chain = [
        (L.label(L.CHAIN_BODIES, c["body"]), c["date"], L.label(L.CHAIN_RESULTS, c.get("result")),
         c.get("minutes_no", "")) for c in pol.get("chain", [])]
    stages["signing"].items = _items([
        ("协议签订日期", sig.get("signed")),
        ("协议投资额", money(sig["agreement_investment"]) if "agreement_investment" in sig
         else None)])
    stages["signing"].deadlines = [row(d, look) for d in pf.deadlines
                                   if d.kind in ("signing", "registration")]
    meeting = rev.get("meeting", {})
    stages["review"].items = _items([
        ("可研报告提交日期", rev.get("feasibility_submitted")), ("会审日期", meeting.get("date")),
        ("会审结果", L.label(L.REVIEW_RESULTS, meeting.get("result")))])
    stages["review"].opinions = [
        (look.unit(o["unit"]), L.label(L.OPINIONS, o.get("opinion")), o.get("note", ""),
         iso(o.get("completed"))) for o in rev.get("opinions", [])]
    stages["review"].deadlines = [_named(row(d, look)) for d in pf.of_kind("review_opinion")]
    approvals = pf.approvals
    done = sum(1 for d in approvals if d.completed)
    late = sum(1 for d in approvals if d.late)
    con = p.get("construction", {})
    stages["landing"].items = _items([
        ("审批事项", f"共 {len(approvals)} 项，已办结 {done} 项，逾期 {late} 项" if approvals else None),
        ("开工日期", con.get("started")), ("计划竣工日期", con.get("planned_completion")),
        ("竣工日期", con.get("completed"))])
    stages["production"].items = _items([("投产日期", p.get("production", {}).get("started"))])
    return out


def _reports(p: dict[str, Any], pf: ProjectFacts, look: Lookup) -> list[ReportRow]:
    filed = {r["month"]: r for r in p.get("monthly_reports", [])}
    rows = []
    for d in sorted(pf.of_kind("monthly_report"), key=lambda d: d.ref, reverse=True):
        r = filed.get(d.ref, {})
        rows.append(ReportRow(
            month=d.ref, invested=amount(r.get("invested")), cumulative=amount(r.get("cumulative")),
            physical=f"{amount(r['progress_percent'], 1)}%" if "progress_percent" in r else "—",
            text=r.get("progress_text", ""), problems=r.get("major_problems", ""), row=row(d, look),
            correction=r.get("correction_note", "")))
    return rows


def _by_ref(deadlines: list[Deadline]) -> dict[str, Deadline]:
    return {d.ref: d for d in deadlines}


def project_view(p: dict[str, Any], pf: ProjectFacts, look: Lookup) -> ProjectView:
    investor = p.get("investor", {})
    township = look.township(pf.township)
    lead = look.unit(pf.lead_unit, full=True)
    pr = pf.progress
    contact = investor.get("contact")
    problems = _by_ref(pf.of_kind("problem"))
    facts = _facts(p, pf, look, lead, township)
    utilities = p.get("utilities", {})
    return ProjectView(
        id=pf.id, name=pf.name, row=project_row(pf, look), facts=facts,
        investor_contact=_items([("联系人", contact.get("person")), ("联系电话", contact.get("phone"))])
        if isinstance(contact, dict) else None,
        content=p.get("content", ""), stages=_stages(p, pf, look),
        approvals=_approvals(p, pf, look),
        reports=_reports(p, pf, look), chart=[(month, invested, f"{money(invested)} · 形象进度 {amount(physical, 1)}%")
               for month, invested, _, physical in pr.series],
        progress=_progress(pr),
        problems=[ProblemRow(row(problems[x["id"]], look), L.label(L.PROBLEM_LEVELS, x["level"]),
                             L.label(L.PROBLEM_STATUSES, x["status"]), look.leader(x.get("leader")),
                             x.get("description", ""), x.get("resolution", ""))
                  for x in p.get("problems", []) if x["id"] in problems],
        leader=look.leader(pf.leader),
        visits=sorted((Visit(v["date"], look.project(pf.id), look.leader(v["leader"]),
                             L.label(L.VISIT_KINDS, v.get("kind")), v.get("note", ""))
                       for v in p.get("visits", [])), key=lambda v: v.date, reverse=True),
        visit_deadlines=[row(d, look) for d in sorted(  # art. 12: both monthly duties
            pf.of_kind("leader_briefing") + pf.of_kind("leader_visit"), key=lambda d: d.ref)],
        utilities=[UtilityRow(name, L.label(L.UTILITY_STATUSES, utilities[key]["status"]),
                              look.unit(utilities[key].get("unit")), iso(utilities[key].get("completed")),
                              utilities[key].get("note", ""))
                   for key, name in L.UTILITIES.items() if key in utilities],
        services=[ServiceRow(L.label(L.SERVICE_KINDS, s["kind"]), s["title"], look.unit(s.get("unit")),
                             iso(s.get("applied")), iso(s.get("completed")), bool(s.get("no_application")),
                             amount(s["amount"]) if "amount" in s else "",
                             L.label(L.SERVICE_STATUSES, s.get("status")))
                  for s in p.get("production", {}).get("services", [])],
        complaints=complaints_of(pf.id, p, look),
        links=[Link(x["title"], safe_url(x.get("url"))) for x in p.get("links", [])],
        internal_notes=p.get("internal_notes"),
        search_summary=[investor.get("name") or "", township, L.label(L.INDUSTRIES, pf.industry),
                        L.label(L.STAGES, pf.stage), lead.name if lead else "",
                        str(p.get("content") or "")[:SEARCH_CONTENT_CHARS], *(d.label for d in pf.approvals)],
        pauses=_pauses(pf), limit_sources="、".join(sorted({
            d.source.label for d in pf.approvals if d.source is not None})),
    )


def _facts(p: dict[str, Any], pf: ProjectFacts, look: Lookup, lead: Any, township: str) -> Any:
    """基本情况: the project's identity, owner, place and money."""
    investor = p.get("investor", {})
    address = p.get("location", {}).get("address")
    needs = p.get("needs", {})
    return _items([
        ("项目编号", pf.id), ("项目代码", p.get("project_code")),
        ("当前阶段", L.label(L.STAGES, pf.stage)), ("项目状态", pf.lifecycle),
        ("招引单位", lead), ("包联县领导", look.leader(pf.leader)),
        ("所属产业", L.label(L.INDUSTRIES, pf.industry)),
        ("建设地点", f"{township} {address}" if address else township),
        ("计划总投资", money(pf.total_investment)),
        ("重点项目", "是" if pf.key_project else "否"),
        ("投资主体", investor.get("name")), ("统一社会信用代码", investor.get("credit_code")),
        ("企业来源地", investor.get("origin")),
        *((f"{name}（{unit_name}）", amount(needs[key])) for key, name, unit_name in NEEDS
          if key in needs),
    ])


def _progress(pr: Any) -> Any:
    """投资和形象进度 in figures."""
    return _items([
        ("累计完成投资", money(pr.cumulative)),
        ("占计划总投资", f"{amount(pr.percent_of_total, 1)}%" if pr.percent_of_total is not None else None),
        ("形象进度", f"{amount(pr.physical_percent, 1)}%" if pr.physical_percent is not None else None),
        ("最近月报", pr.latest_month),
        ("本年完成投资", money(pr.year_invested)),
        ("本年计划投资", money(pr.year_plan) if pr.year_plan is not None else None),
    ])


def _pauses(pf: ProjectFacts) -> list[PauseRow]:
    out = []
    for d in pf.approvals:
        pauses, counted = d.extra.get("pauses", ()), d.extra.get("pause_workdays", ())
        for p, days in zip(pauses, counted, strict=False):
            if days is None:
                shown = "不计（暂停时已过办理期限）"
            else:
                shown = f"{days}（暂停中，截至今日）" if p.end is None else str(days)
            out.append(PauseRow(d.label, iso(p.start), iso(p.end), p.reason_name, shown, p.note))
    return out


def _approvals(p: dict[str, Any], pf: ProjectFacts, look: Lookup) -> list[ApprovalRow]:
    out = []
    for d in pf.approvals:
        entry = _approval_record(p, d)
        out.append(ApprovalRow(row(d, look), entry.get("document_no", ""), entry.get("note", "")))
    return out


def _approval_record(p: dict[str, Any], d: Deadline) -> dict[str, Any]:
    approvals = p.get("approvals", [])
    if len(d.key_path) == 2 and isinstance(d.key_path[1], int) and d.key_path[1] < len(approvals):
        found: dict[str, Any] = approvals[d.key_path[1]]
        return found
    return next((a for a in approvals if a.get("item") == d.ref), {})
