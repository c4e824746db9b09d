"""What the writers of one project file share: its random stream, its timeline, its lines'
commit messages, and the facts the county files and the history need afterwards."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from . import vocab as v
from .timeline import AS_OF, Timeline
from .yamltext import Line

Event = tuple[int, str, str]  # (priority, short label for the subject, detail for the body)


@dataclass
class Project:
    index: int
    id: str
    name: str
    lead_unit: str
    leader: str | None
    industry: str
    township: str
    total: float
    timeline: Timeline
    plans: dict[int, float] = field(default_factory=dict)  # year -> planned investment
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (ref, raised, level)
    lines: list[Line] = field(default_factory=list)
    events: dict[str, list[Event]] = field(default_factory=dict)  # day -> what happened

    @property
    def path(self) -> str:
        return f"data/projects/{self.id}.yaml"

    @property
    def created(self) -> str:
        return self.timeline.created.isoformat()


class Writer:
    """Draws one project's details in a fixed order and records what happened when."""

    def __init__(self, rng: random.Random, project: Project) -> None:
        self.rng = rng
        self.p = project
        self.t = project.timeline
        self.jobs = int(project.total / rng.uniform(80, 600)) + rng.randint(5, 40)
        self.code_lines: list[Line] = []  # project_code, known once the filing is done

    def event(self, day: dt.date | str, priority: int, short: str, detail: str) -> None:
        key = day if isinstance(day, str) else day.isoformat()
        self.p.events.setdefault(key, []).append((priority, short, detail))

    def person(self) -> str:
        if self.rng.random() < 0.12:
            return self.rng.choice(v.MINORITY_NAMES)
        return self.rng.choice(v.SURNAMES) + self.rng.choice(v.GIVEN)

    def until_today(self, day: dt.date) -> dt.date | None:
        """``day`` if it has already happened, else None."""
        return day if day <= AS_OF else None


def nice(value: float) -> int:
    """Round an amount in 万元 the way a ledger would (two significant figures or so)."""
    step = 10 ** max(0, int(math.log10(max(value, 1))) - 1)
    return max(step, int(round(value / step) * step))


def weighted(rng: random.Random, options: dict[str, int]) -> str:
    return rng.choices(list(options), weights=list(options.values()))[0]
