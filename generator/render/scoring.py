"""View models of the department scores (arts. 17-18): the ranking, each unit's indicators
with the entries behind every figure, and the method page generated from the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..evaluate.facts import Facts, Indicator, UnitScore
from ..evaluate.method import GROUP_INDICATORS, GROUP_NAMES, INDICATOR_TEXTS, ScoringMethod, number, scoring_method
from ..evaluate.scores import score_period
from ..records import Records
from . import labels as L
from .evidence import EvidenceIndex, EvidenceRow
from .text import amount, percent
from .views import Lookup, Ref, unit_path

SCORE_ANCHOR = "portal-score"
NOT_SCORED = "不参与评分"


@dataclass(frozen=True)
class IndicatorLine:
    key: str
    name: str
    weight: str
    value: str
    target: str
    ratio: str
    points: str
    applicable: bool
    anchor: str
    evidence: list[EvidenceRow]


@dataclass(frozen=True)
class UnitScoreView:
    year: int
    group: str
    score: float | None
    rank: int | None
    ranked: int                      # units scored in the same group
    previous: float | None
    previous_year: int | None
    indicators: list[IndicatorLine]
    period: str = ""                 # 部分年度：2026-01-15 至 2026-12-03，任务按比例折算
    suffix: str = ""                 # anchors of a unit's second group: "-service"


@dataclass(frozen=True)
class ScoreLine:
    unit: Ref
    detail: Ref                      # the unit page, at its score section
    score: float | None
    rank: int | None
    previous: float | None
    change: float | None

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "—"
        return f"{self.change:+.1f}" if self.change else "0.0"


@dataclass(frozen=True)
class GroupTable:
    group: str
    name: str
    lines: list[ScoreLine]

    @property
    def scored(self) -> int:
        return sum(1 for line in self.lines if line.score is not None)


@dataclass
class ScoresPage:
    year: int
    previous_year: int | None
    groups: list[GroupTable]
    not_assessed: list[Ref] = field(default_factory=list)
    period: str = ""                 # the part of the year scored, or why nothing is
    scored: bool = True              # False: no rule set in force this year


@dataclass(frozen=True)
class TargetLine:
    unit: Ref | None
    attraction_task: str
    investment_plan: str
    reserve_task: str


@dataclass(frozen=True)
class MethodPage:
    method: ScoringMethod
    roles: dict[str, str]            # group -> roles in words
    title: str
    effective_from: str
    expires: str
    year: int
    targets: list[TargetLine]
    interpreted_by: str = ""         # art. 19
    period: str = ""                 # the part of the year scored
    sample_weights: bool = False     # some weight is only a sample placeholder
    rule_sets: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, title, from, to


def _value(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    text = INDICATOR_TEXTS.get(key)
    kind = text.value if text else "count"
    if kind == "amount":
        return f"{amount(value)} 万元"
    if kind == "share":
        return percent(value * 100)
    return f"{amount(value)} {text.unit if text else ''}".strip()


def _ranks(scores: list[UnitScore]) -> dict[str, int]:
    """1, 2, 2, 4: equal scores share a rank."""
    ordered = sorted((s for s in scores if s.score is not None), key=lambda s: -(s.score or 0))
    ranks: dict[str, int] = {}
    for i, s in enumerate(ordered):
        prev = ordered[i - 1] if i else None
        ranks[s.unit] = ranks[prev.unit] if prev and prev.score == s.score else i + 1
    return ranks


class Scoring:
    """Everything the score pages show, computed once per site."""

    def __init__(self, records: Records, facts: Facts, look: Lookup, evidence: EvidenceIndex) -> None:
        self.records, self.facts, self.look, self.evidence = records, facts, look, evidence
        self.year = facts.as_of.year
        self.scores: dict[str, list[UnitScore]] = {}
        for s in facts.scores:
            self.scores.setdefault(s.unit, []).append(s)
        self.previous = {(s.unit, s.group): s for s in facts.previous_scores}
        self.previous_year = self.year - 1 if facts.previous_scores else None
        self.ranks: dict[tuple[str, str], int] = {}
        self.ranked: dict[str, int] = {}
        for group in GROUP_INDICATORS:
            members = [s for s in facts.scores if s.group == group]
            self.ranks.update({(uid, group): r for uid, r in _ranks(members).items()})
            self.ranked[group] = sum(1 for s in members if s.score is not None)

    def _indicator(self, i: Indicator) -> IndicatorLine:
        return IndicatorLine(
            key=i.key, name=i.name, weight=number(i.weight), value=_value(i.key, i.value),
            target=_value(i.key, i.target),
            ratio=percent(i.ratio * 100) if i.ratio is not None else "不适用",
            points=amount(i.points) if i.points is not None else "—",
            applicable=i.ratio is not None, anchor=f"score-{i.key}",
            evidence=self.evidence.rows(i.evidence))

    def unit(self, uid: str) -> list[UnitScoreView]:
        """One view per group the unit is scored in (attracting and service units get two)."""
        views = []
        for n, s in enumerate(self.scores.get(uid, [])):
            previous = self.previous.get((uid, s.group))
            views.append(UnitScoreView(
                year=s.year, group=GROUP_NAMES.get(s.group, s.group), score=s.score,
                rank=self.ranks.get((uid, s.group)), ranked=self.ranked.get(s.group, 0),
                previous=previous.score if previous else None, previous_year=self.previous_year,
                indicators=[self._indicator(i) for i in s.indicators],
                period=s.period.label if s.period else "", suffix=f"-{s.group}" if n else ""))
        return views

    def unit_inputs(self, uid: str) -> tuple[list[Any], set[str]]:
        """What ``unit`` reads besides the projects its evidence names (the second item): the
        unit's scores with the previous year's, their ranks and how many were ranked."""
        scores = self.scores.get(uid, [])
        return ([(s, self.previous.get((uid, s.group)), self.ranks.get((uid, s.group)),
                  self.ranked.get(s.group, 0)) for s in scores] + [self.previous_year],
                {pid for s in scores for i in s.indicators for pid, _, _ in i.evidence if pid})

    def page(self) -> ScoresPage:
        groups = []
        for group, name in GROUP_NAMES.items():
            lines = []
            for s in (s for s in self.facts.scores if s.group == group):
                ref = self.look.unit(s.unit)
                assert ref is not None
                prev = self.previous.get((s.unit, s.group))
                before = prev.score if prev else None
                lines.append(ScoreLine(
                    unit=ref, detail=Ref("指标明细", f"{unit_path(s.unit)}#{SCORE_ANCHOR}"),
                    score=s.score, rank=self.ranks.get((s.unit, group)), previous=before,
                    change=round(s.score - before, 1) if s.score is not None and before is not None
                    else None))
            lines.sort(key=lambda x: (x.rank is None, x.rank or 0, x.unit.name))
            groups.append(GroupTable(group, name, lines))
        others = [r for uid in sorted(self.records.units)
                  if uid not in self.scores and (r := self.look.unit(uid)) is not None]
        period = score_period(self.records.rule_book, self.year, self.facts.as_of)
        if period is None:
            return ScoresPage(self.year, None, [], [], f"{self.year} 年《办法》尚未施行，不评分", False)
        return ScoresPage(self.year, self.previous_year, groups, others, period.label)

    def method(self) -> MethodPage:
        book = self.records.rule_book
        rs = book.current(self.facts.as_of)
        target: dict[str, Any] = next(
            (t for t in self.records.targets if t.get("year") == self.year), {})
        method = scoring_method(rs)
        period = score_period(book, self.year, self.facts.as_of)
        return MethodPage(
            method=method,
            roles={g.group: "、".join(L.label(L.UNIT_ROLES, r) for r in g.roles) for g in method.groups},
            title=rs.title if rs else "《服务管理办法》",
            effective_from=str(rs.effective_from) if rs else "", expires=str(rs.expires) if rs else "",
            year=self.year,
            targets=[TargetLine(self.look.unit(u.get("unit")),
                                amount(u.get("attraction_task")), amount(u.get("investment_plan")),
                                amount(u.get("reserve_task")))
                     for u in target.get("units", [])],
            interpreted_by=book.interpreted_by or "",
            period=period.label if period else f"{self.year} 年《办法》尚未施行，不评分",
            sample_weights=any(src.kind == "sample" for key, _, src in (rs.numbers() if rs else ())
                               if key.startswith("scoring.")),
            rule_sets=[(r.id, r.title, str(r.effective_from), str(r.expires)) for r in book.rule_sets])
