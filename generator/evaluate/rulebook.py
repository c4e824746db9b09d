"""The rule book: the rule sets of rules.yaml, each in force from its effective date to its
expiry (art. 20), and where every number of a set comes from (DESIGN 4b).

Every number in the file is written ``{value: 1, source: measures, article: 7}``: the
measures' article, a county detail rule (细则) listed under ``documents``, or a sample
placeholder. Parsing is pure and expects a file the schema has accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..workdays import month_end
from .facts import Source

# The few numbers the measures fix themselves: (value, article). A number sourced "measures"
# must match; any other number cannot claim the measures as its source.
MEASURES_NUMBERS: dict[str, tuple[float, int]] = {
    "signing_months": (1, 7), "registration_workdays": (10, 7), "report_grace_days": (0, 14),
    "meetings_per_month": (1, 15), "leader_briefings_per_month": (1, 12),
    "leader_visits_per_month": (1, 12), "validity_years": (1, 20),
}
# Numbers a rule set may leave out: the measures' own value applies.
DEFAULTS = ("validity_years", "report_grace_days", "meetings_per_month", "leader_briefings_per_month",
            "leader_visits_per_month")
NUMBER_NAMES: dict[str, str] = {
    "validity_years": "有效期（年）",
    "expiry_warning_days": "有效期届满前预警（天）",
    "signing_months": "协议签订时限（政策达成一致后，月）",
    "registration_workdays": "签约后公司注册、银行开户、税务登记时限（工作日）",
    "review_opinion_workdays": "会审预审意见时限（工作日）",
    "report_grace_days": "月报宽限（月底后，天）",
    "warning_workdays": "黄色预警窗口（到期前，工作日）",
    "key_project_threshold": "重点项目门槛（万元）",
    "problem_response_workdays.general": "一般问题解决时限（工作日）",
    "problem_response_workdays.county": "县级问题解决时限（工作日）",
    "meetings_per_month": "每月调度会次数（至少）",
    "leader_briefings_per_month": "包联县领导每月听取汇报次数",
    "leader_visits_per_month": "包联县领导每月现场调研次数",
    "proposed_notice.overdue_approvals": "督办建议：单位逾期审批件数",
    "proposed_notice.missing_reports": "督办建议：招引单位逾期月报份数",
    "proposed_notice.county_problem_workdays": "督办建议：县级问题未解决工作日",
}
PLAIN_KEYS = ("id", "title", "effective_from", "expires", "note")


@dataclass(frozen=True)
class RuleSet:
    """One rule set: its dates, its plain values (``rs["signing_months"] == 1``) and the
    source of each number, keyed by dotted path ("scoring.attracting.reserve")."""

    id: str
    title: str
    effective_from: dt.date
    expires: dt.date
    values: dict[str, Any]
    sources: dict[str, Source] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def source(self, key: str) -> Source | None:
        return self.sources.get(key)

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day <= self.expires

    def numbers(self) -> Iterator[tuple[str, Any, Source]]:
        """Every number with its dotted key and source, in the file's order."""
        for key, src in self.sources.items():
            value: Any = self.values
            for part in key.split("."):
                value = value[part]
            yield key, value, src


@dataclass(frozen=True)
class RuleBook:
    rule_sets: tuple[RuleSet, ...] = ()      # by effective date
    interpreted_by: str | None = None        # art. 19: who interprets the measures
    documents: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # county rules by id

    def rule_set_at(self, day: dt.date | None) -> RuleSet | None:
        """The set in force on ``day``; the latest when two overlap. None before the first."""
        if day is None:
            return None
        return next((r for r in reversed(self.rule_sets) if r.in_force(day)), None)

    def for_month(self, month: str) -> RuleSet | None:
        """A monthly duty is judged by the set in force when it falls due (the month's last
        day), or on its first day when the set expired during the month."""
        year, mon = int(month[:4]), int(month[5:7])
        return self.rule_set_at(month_end(year, mon)) or self.rule_set_at(dt.date(year, mon, 1))

    def current(self, as_of: dt.date) -> RuleSet | None:
        """The set in force on ``as_of``, else the latest that took effect before it."""
        return self.rule_set_at(as_of) or next(
            (r for r in reversed(self.rule_sets) if r.effective_from <= as_of), None)

    def values_at(self, as_of: dt.date) -> dict[str, Any]:
        rs = self.current(as_of)
        return rs.values if rs is not None else {}

    @property
    def latest_values(self) -> dict[str, Any]:
        return self.rule_sets[-1].values if self.rule_sets else {}

    @property
    def expires(self) -> dt.date | None:
        return max((r.expires for r in self.rule_sets), default=None)

    def covering(self, start: dt.date, end: dt.date) -> list[RuleSet]:
        """Sets in force on some day of [start, end]."""
        return [r for r in self.rule_sets if r.effective_from <= end and r.expires >= start]


def county_source(document: Any, documents: Mapping[str, Mapping[str, Any]],
                  note: str | None = None) -> Source:
    """A number from a county detail rule, named by its number (文号) or title and dated from
    the one register in rules.yaml ``documents``."""
    doc = documents.get(str(document), {})
    name = doc.get("number") or doc.get("title") or document or ""
    date = doc.get("date")
    return Source("county", document=str(name) or None, date=str(date) if date else None, note=note)


def _source(raw: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]]) -> Source:
    kind = raw["source"]
    if kind == "county":
        return county_source(raw.get("document"), documents, raw.get("note"))
    return Source(kind, article=raw.get("article") if kind == "measures" else None,
                  note=raw.get("note"))


def _walk(raw: Mapping[str, Any], documents: Mapping[str, Mapping[str, Any]], prefix: str,
          sources: dict[str, Source]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, item in raw.items():
        if not isinstance(item, Mapping):
            values[key] = item
        elif "source" in item and "value" in item:
            values[key] = item["value"]
            sources[prefix + key] = _source(item, documents)
        else:
            values[key] = _walk(item, documents, f"{prefix}{key}.", sources)
    return values


def parse_rule_set(raw: Mapping[str, Any],
                   documents: Mapping[str, Mapping[str, Any]] | None = None) -> RuleSet:
    sources: dict[str, Source] = {}
    numbers = {k: v for k, v in raw.items() if k not in PLAIN_KEYS}
    values = _walk(numbers, documents or {}, "", sources)
    for key in DEFAULTS:
        if key not in values:
            value, article = MEASURES_NUMBERS[key]
            values[key] = int(value)
            sources[key] = Source("measures", article=article, note="规则文件未填写，按《办法》")
    return RuleSet(id=str(raw["id"]), title=str(raw.get("title") or raw["id"]),
                   effective_from=dt.date.fromisoformat(str(raw["effective_from"])),
                   expires=dt.date.fromisoformat(str(raw["expires"])), values=values,
                   sources=sources)


def parse_rules(raw: Mapping[str, Any]) -> RuleBook:
    """The validated rules file -> its rule book."""
    documents = {str(d["id"]): d for d in raw.get("documents") or [] if isinstance(d, Mapping)}
    sets = [parse_rule_set(r, documents) for r in raw.get("rule_sets") or []]
    sets.sort(key=lambda r: r.effective_from)
    return RuleBook(tuple(sets), raw.get("interpreted_by"), documents)
