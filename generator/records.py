"""Records: the validated data as plain mappings keyed by id, the input of evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .load.dataset import DataSet
from .workdays import YearOverride

if TYPE_CHECKING:
    from .evaluate.rulebook import RuleBook

Record = dict[str, Any]


def _by_id(items: list[Any]) -> dict[str, Record]:
    return {i["id"]: i for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


@dataclass(frozen=True)
class Records:
    projects: dict[str, Record]
    units: dict[str, Record] = field(default_factory=dict)
    leaders: dict[str, Record] = field(default_factory=dict)
    townships: dict[str, Record] = field(default_factory=dict)
    approval_items: dict[str, Record] = field(default_factory=dict)
    meetings: list[Record] = field(default_factory=list)
    notices: list[Record] = field(default_factory=list)
    targets: list[Record] = field(default_factory=list)
    rules: Record = field(default_factory=dict)
    calendar: list[YearOverride] = field(default_factory=list)

    @property
    def rule_book(self) -> RuleBook:
        """rules.yaml's rule sets with their dates and the source of every number (parsed on
        each call: a few dozen numbers, and nothing cached that ``replace`` could carry over)."""
        from .evaluate.rulebook import parse_rules  # evaluate imports this module

        return parse_rules(self.rules)

    @classmethod
    def from_dataset(cls, data: DataSet) -> Records:
        rules = data.files.get("rules")
        return cls(
            projects={d.path.stem: d.data for d in data.projects},
            units=_by_id(data.items("units", "units")),
            leaders=_by_id(data.items("leaders", "leaders")),
            townships=_by_id(data.items("townships", "townships")),
            approval_items=_by_id(data.items("approval-items", "items")),
            meetings=[m for m in data.items("meetings", "meetings") if isinstance(m, dict)],
            notices=[n for n in data.items("notices", "notices") if isinstance(n, dict)],
            targets=[t for t in data.items("targets", "years") if isinstance(t, dict)],
            rules=rules.data if rules is not None else {},
            calendar=[
                YearOverride(
                    year=y["year"],
                    holidays=frozenset(dt.date.fromisoformat(d) for d in y.get("holidays", [])),
                    workdays=frozenset(dt.date.fromisoformat(d) for d in y.get("workdays", [])),
                )
                for y in data.items("calendar", "years")
            ],
        )
