"""When each milestone of a synthetic project happened.

A project is drawn backwards from the stage it is in today: first the day it entered that
stage, then each earlier milestone a plausible interval before the next. Drawing backwards
keeps the mix of stages under control and makes the order of dates right by construction
(collection ≤ assessment ≤ policy ≤ signing ≤ construction ≤ production).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

AS_OF = dt.date(2026, 11, 26)  # the demo's "today"; history ends here
HISTORY_START = dt.date(2024, 12, 1)  # the data repository was created in December 2024
EFFECTIVE = dt.date(2025, 1, 1)  # the measures took effect
STAGES = ("collection", "assessment", "policy", "signing", "review", "landing", "production")
STAGE_WEIGHTS = (6, 5, 5, 6, 9, 40, 29)


def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def month_of(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


@dataclass
class Timeline:
    stage: str
    created: dt.date
    assessing: dt.date | None = None  # assessment began (stage assessment)
    assessed: dt.date | None = None  # 研判 concluded (stage policy)
    agreed: dt.date | None = None  # policy agreed (stage signing)
    signed: dt.date | None = None
    signed_late: bool = False
    feasibility: dt.date | None = None  # feasibility report submitted (stage review)
    reviewed: dt.date | None = None  # joint review meeting (stage landing)
    started: dt.date | None = None  # construction started
    planned_completion: dt.date | None = None
    completed: dt.date | None = None  # construction completed
    produced: dt.date | None = None  # production started (stage production)
    capacity_reached: dt.date | None = None  # design capacity reached (达产)
    cancelled: dt.date | None = None
    paused: dt.date | None = None

    def stages(self) -> list[tuple[str, dt.date]]:
        """Each stage reached and the day it was entered."""
        entered = [self.created, self.assessing, self.assessed, self.agreed, self.feasibility,
                   self.reviewed, self.produced]
        names = ["collection", "assessment", "policy", "signing", "review", "landing", "production"]
        return [(n, d) for n, d in zip(names, entered, strict=True) if d is not None]


def draw_timeline(rng: random.Random, stage: str) -> Timeline:
    produced = started = reviewed = feasibility = signed = agreed = assessed = assessing = None
    planned = completed = None
    if stage == "production":
        produced = day_between(rng, dt.date(2022, 1, 1), AS_OF - days(10))
        started = produced - days(rng.randint(10, 34) * 30)
        reviewed = started - days(rng.randint(20, 180))
        planned = started + (produced - started) + days(rng.randint(-90, 30))
        completed = max(started, produced - days(rng.randint(0, 40)))
    elif stage == "landing":
        reviewed = day_between(rng, dt.date(2022, 7, 1), AS_OF - days(20))
        start = reviewed + days(rng.randint(30, 200))
        started = start if start <= AS_OF - days(5) else None
        if started is not None:
            planned = started + days(rng.randint(12, 36) * 30)
            if planned <= AS_OF:  # behind schedule: the plan was moved out
                planned = AS_OF + days(rng.randint(30, 300))
    if reviewed is not None:
        feasibility = reviewed - days(rng.randint(20, 75))
    elif stage == "review":
        feasibility = day_between(rng, AS_OF - days(240), AS_OF - days(10))
    late = False
    if feasibility is not None:
        signed = feasibility - days(rng.randint(10, 60))
    elif stage == "signing" and rng.random() < 0.7:
        signed = day_between(rng, AS_OF - days(60), AS_OF - days(1))
    if signed is not None:
        late = rng.random() < 0.08
        agreed = signed - days(rng.randint(32, 80) if late else rng.randint(3, 28))
    elif stage == "signing":
        agreed = day_between(rng, AS_OF - days(28), AS_OF - days(3))
    if agreed is not None:
        assessed = agreed - days(rng.randint(15, 90))
    elif stage == "policy":
        assessed = day_between(rng, AS_OF - days(120), AS_OF - days(5))
    if assessed is not None:
        assessing = assessed - days(rng.randint(7, 40))
    elif stage == "assessment":
        assessing = day_between(rng, AS_OF - days(90), AS_OF - days(3))
    if assessing is not None:
        created = assessing - days(rng.randint(5, 30))
    else:
        created = day_between(rng, AS_OF - days(120), AS_OF - days(1))
    t = Timeline(stage, created, assessing, assessed, agreed, signed, late, feasibility, reviewed,
                 started, planned, completed, produced)
    entered = t.stages()[-1][1]
    if stage in ("collection", "assessment", "policy") and rng.random() < 0.06 and entered < AS_OF:
        t.cancelled = day_between(rng, entered + days(1), AS_OF)
    if stage == "landing" and started is not None and rng.random() < 0.04 \
            and started + days(60) < AS_OF:
        t.paused = day_between(rng, started + days(60), AS_OF)
    return t
