"""View models of the supervision notices (art. 16): those issued, with their replies, and
those the facts call for, drafted for the leading-group office with their evidence."""

from __future__ import annotations

from dataclasses import dataclass

from ..evaluate.facts import Facts, ProposedNotice
from ..records import Records
from .evidence import NOTICES_PAGE, EvidenceIndex, EvidenceRow, notice_anchor
from .views import Lookup, Ref, Row, row

NOTICE_KINDS = {"overdue_approvals": "审批逾期未办结", "missing_reports": "月报逾期未报",
                "county_problem": "县级问题久拖未决"}


@dataclass(frozen=True)
class NoticeLine:
    anchor: str
    number: str
    issued: str
    unit: Ref | None
    project: Ref | None
    reason: str
    row: Row                   # the reply deadline
    reply: str


@dataclass
class NoticesPage:
    notices: list[NoticeLine]
    counts: dict[str, int]
    proposed: int


@dataclass(frozen=True)
class ProposalLine:
    kind: str
    unit: Ref | None
    projects: list[Ref]
    reason: str
    count: int
    threshold: int
    evidence: list[EvidenceRow]
    issued: list[Ref]


@dataclass
class ProposalsPage:
    conditions: list[tuple[str, str | None]]   # (condition, threshold in words; None: unchecked)
    lines: list[ProposalLine]


def notices_page(records: Records, facts: Facts, look: Lookup, proposed: int) -> NoticesPage:
    deadlines = {d.ref: d for d in facts.county if d.kind == "notice"}
    lines = []
    for n in sorted(records.notices, key=lambda n: (n["issued"], n["id"]), reverse=True):
        d = deadlines.get(n["id"])
        if d is None:
            continue
        lines.append(NoticeLine(
            anchor=notice_anchor(n["id"]), number=n["number"], issued=n["issued"],
            unit=look.unit(n["unit"]), project=look.project(n.get("project")),
            reason=n["reason"], row=row(d, look), reply=n.get("reply", "")))
    statuses = [d.status for d in deadlines.values()]
    counts = {"total": len(lines),
              "on_time": statuses.count("done_on_time"), "late": statuses.count("done_late"),
              "overdue": statuses.count("overdue"),
              "waiting": statuses.count("pending") + statuses.count("due_soon")}
    return NoticesPage(lines, counts, proposed)


def proposals_page(records: Records, proposed: tuple[ProposedNotice, ...], look: Lookup,
                   evidence: EvidenceIndex) -> ProposalsPage:
    t = records.rule_book.latest_values.get("proposed_notice") or {}

    def words(key: str, text: str) -> str | None:
        return text.format(t[key]) if t.get(key) else None

    conditions = [
        ("一个单位办理的审批事项逾期未办结", words("overdue_approvals", "达到 {} 项")),
        ("一个招引单位所招引项目的月报逾期未报", words("missing_reports", "达到 {} 份")),
        ("县级问题提出后仍未解决", words("county_problem_workdays", "超过 {} 个工作日")),
    ]
    issued = {x["id"]: x for x in records.notices}
    return ProposalsPage(conditions, [ProposalLine(
        kind=NOTICE_KINDS[n.code], unit=look.unit(n.unit),
        projects=[r for r in (look.project(p) for p in n.projects) if r],
        reason=n.reason, count=n.count, threshold=n.threshold, evidence=evidence.rows(n.evidence),
        issued=[Ref(f"{issued[i]['number']}（{issued[i]['issued']}）", f"{NOTICES_PAGE}#{notice_anchor(i)}")
                for i in n.issued if i in issued]) for n in proposed])
