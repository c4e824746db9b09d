"""The entries behind a figure: ``(project id, kind, ref)`` triples as rows that link to the
project page (at the table that holds the entry) or to the notice, with their status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..evaluate.facts import Deadline, Evidence, Facts
from ..records import Records
from . import labels as L
from .text import amount
from .views import Lookup, Ref, Row, iso, project_path, row

# Where on a project page each kind of entry is listed (the tables' ids).
ANCHORS = {"approval": "portal-approvals", "monthly_report": "portal-reports",
           "problem": "portal-problems"}
NOTICES_PAGE = "notices.md"


def notice_anchor(nid: str) -> str:
    return f"notice-{nid}"


@dataclass(frozen=True)
class EvidenceRow:
    project: Ref | None
    entry: Ref
    row: Row | None          # the deadline behind the entry, when it is one
    note: str = ""


class EvidenceIndex:
    """Finds the entry a triple names, among the facts and the records."""

    def __init__(self, records: Records, facts: Facts, look: Lookup) -> None:
        self.records = records
        self.look = look
        self.deadlines: dict[tuple[str | None, str, str], Deadline] = {
            (d.project, d.kind, d.ref): d for d in facts.all_deadlines()}
        self.series = {p.id: p.progress.series for p in facts.projects}

    def rows(self, evidence: Iterable[Evidence]) -> list[EvidenceRow]:
        return [self.row(e) for e in evidence]

    def _project_ref(self, pid: str | None, kind: str) -> Ref | None:
        ref = self.look.project(pid)
        if ref is None or ref.path is None or kind not in ANCHORS:
            return ref
        return Ref(ref.name, f"{ref.path}#{ANCHORS[kind]}")

    def row(self, e: Evidence) -> EvidenceRow:
        pid, kind, ref = e
        project = self.look.project(pid)
        where = self._project_ref(pid, kind)
        record = self.records.projects.get(pid or "", {})
        if kind == "signing" and ref == "signed":
            signing = record.get("signing", {})
            investment = signing.get("agreement_investment", record.get("total_investment"))
            return EvidenceRow(project, Ref("协议签订", project_path(pid) if pid else None), None,
                               f"签订日期 {iso(signing.get('signed'))}，协议投资额 {amount(investment)} 万元")
        if kind == "collection":          # the reserve counts projects by their entry date
            return EvidenceRow(project, Ref("储备项目", where.path if where else None), None,
                               f"报送信息表 {iso(record.get('collection', {}).get('form_submitted'))}，"
                               f"当前阶段：{L.label(L.STAGES, record.get('stage'))}")
        if kind == "confirmed_investment":
            return EvidenceRow(None, Ref(f"{ref} 年统计局核定完成投资", None), None,
                               "第十八条：会同统计局考核，以核定数为准（targets.yaml）")
        if kind == "stage":
            return EvidenceRow(project, Ref("储备项目", where.path if where else None), None,
                               f"当前阶段：{L.label(L.STAGES, record.get('stage'))}")
        if kind == "monthly_report" and len(ref) == 4:   # a year: the figure sums its reports
            invested = sum(v for m, v, _, _ in self.series.get(pid or "", ()) if m[:4] == ref)
            return EvidenceRow(project, Ref(f"{ref} 年月报", where.path if where else None), None,
                               f"{ref} 年完成投资 {amount(invested)} 万元")
        d = self.deadlines.get((pid, kind, ref))
        if d is None:
            return EvidenceRow(project, Ref(f"{kind} {ref}", where.path if where else None), None)
        r = row(d, self.look)
        if kind == "notice":
            return EvidenceRow(project, Ref(d.label, f"{NOTICES_PAGE}#{notice_anchor(ref)}"), r)
        return EvidenceRow(project, Ref(d.label, where.path if where else None), r)
