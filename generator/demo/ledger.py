"""The running ledger of a project (台账): monthly reports, problems, leader visits,
complaints and written reasons for delays (articles 12–15)."""

from __future__ import annotations

import datetime as dt
import random

from ..workdays import month_end
from . import seasons
from . import vocab as v
from .timeline import AS_OF, day_between, days, month_of
from .writer import Writer
from .yamltext import NEVER, Line, block, item, kv

LAST_REPORTED_MONTH = "2026-10"  # November's report is not due before the demo's today


def months(first: str, last: str) -> list[str]:
    out, (year, month) = [], (int(first[:4]), int(first[5:7]))
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _bounds(month: str) -> tuple[dt.date, dt.date]:
    year, m = int(month[:4]), int(month[5:7])
    return dt.date(year, m, 1), month_end(year, m)


def _tenths(value: int) -> float:
    return value / 10 if value % 10 else value // 10


class Ledger:
    def __init__(self, w: Writer) -> None:
        self.w = w
        self.delays: list[Line] = []

    def _delay(self, day: dt.date, kind: str, ref: str, reason: str) -> None:
        d = day.isoformat()
        self.delays += item(2, "kind", kind, d, [kv(4, "ref", ref, d), kv(4, "reason", reason, d)])
        self.w.event(day, 8, "补充延误说明", f"说明 {ref} 延误原因")

    def _progress_text(self, share: float | None, percent: int, invested: float, month: int) -> str:
        rng = self.w.rng
        if share is None:  # before construction: large sums bought land or ordered equipment
            text = rng.choice(seasons.PREPAID_PROGRESS if invested >= 1000 else v.PRE_PROGRESS)
        elif month in seasons.WINTER_MONTHS and share < 1:
            text = rng.choice(seasons.WINTER_PROGRESS)
        elif share < 0.2:
            text = rng.choice(v.EARLY_PROGRESS)
        elif share < 0.8:
            text = rng.choice(v.MID_PROGRESS[self.w.p.industry])
        else:
            text = rng.choice(v.LATE_PROGRESS)
        text += rng.choice(v.PROGRESS_TAIL)
        return text.format(p=percent, n=rng.randint(2, 400), m=rng.randint(5, 200), k=rng.randint(20, 600),
                           x=invested)

    def reports(self) -> list[Line]:
        w, rng, t = self.w, self.w.rng, self.w.t
        if t.signed is None:
            return []
        last = min([LAST_REPORTED_MONTH] + [month_of(d) for d in (t.produced, t.paused) if d is not None])
        total = int(w.p.total * 10)  # amounts are kept in tenths of 万元 so sums stay exact
        final = rng.uniform(0.88, 1.0)
        build_end = t.produced or t.planned_completion
        span = max(1, round((build_end - t.started).days / 30.4)) if t.started and build_end else 24
        cumulative = percent = 0
        base = built = 0.0
        lines: list[Line] = []
        for k, month in enumerate(months(month_of(t.signed), last)):
            first, end = _bounds(month)
            if t.started is not None and month >= month_of(t.started):
                x = min(1.0, ((first.year - t.started.year) * 12 + first.month - t.started.month + 1) / span)
                smooth = 3 * x * x - 2 * x ** 3  # smoothstep: slow start, fast middle, slow finish
                # winter pause (Dec-Feb): outdoor work stops, only indoor installation goes on
                built = built + (smooth - built) * 0.15 if first.month in seasons.WINTER_MONTHS else smooth
                if t.produced is None:
                    built = min(built, 0.97)
                share: float | None = built
                target = base + (final - base) * built
            else:
                share = None
                target = base = min(0.03, (k + 1) * rng.uniform(0.002, 0.008))
            target *= rng.uniform(0.97, 1.03) if share is None or share < 1 else 1
            new = min(total, max(cumulative, int(total * target)))
            if share is not None:  # building has begun: at least 1 %
                percent = max(percent, 100 if t.produced and month == month_of(t.produced)
                              else max(1, min(99, round(100 * share))))
            if k and rng.random() < 0.01:  # a month nobody reported
                if rng.random() < 0.6:
                    self._delay(min(AS_OF, end + days(rng.randint(6, 15))), "monthly_report", month,
                                rng.choice(v.REPORT_DELAYS))
                continue
            # a month nobody reported is carried in the next report: invested = cumulative - previous
            invested, cumulative = new - cumulative, new
            reported, late = _report_day(rng, end)
            reported = max(reported, t.signed)
            r = reported.isoformat()
            rest = [kv(4, "invested", _tenths(invested), r), kv(4, "cumulative", _tenths(cumulative), r),
                    kv(4, "progress_percent", percent, r),
                    kv(4, "progress_text", self._progress_text(share, percent, _tenths(invested),
                                                               first.month), r)]
            if share is not None and first.month in seasons.WINTER_MONTHS and rng.random() < 0.4:
                rest.append(kv(4, "major_problems", v.WINTER_PROBLEM, r))
            elif rng.random() < 0.08:
                rest.append(kv(4, "major_problems", rng.choice(v.MAJOR_PROBLEMS), r))
            rest.append(kv(4, "reported", r, r))
            if late and rng.random() < 0.8:
                rest.append(kv(4, "delay_reason", rng.choice(v.REPORT_DELAYS), r))
            lines += item(2, "month", month, r, rest)
            w.event(reported, 3, f"更新 {month} 月报", f"报送 {month} 月报：完成投资 {_tenths(invested)} 万元，"
                                                        f"形象进度 {percent}%")
        return block(0, "monthly_reports", lines)

    def problems(self) -> list[Line]:
        w, rng, t, p = self.w, self.w.rng, self.w.t, self.w.p
        if t.signed is None:
            return []
        end = min(AS_OF - days(1), (t.produced + days(150)) if t.produced else AS_OF)
        raised_days = sorted(day_between(rng, t.signed, end) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])))
        lines: list[Line] = []
        for i, raised in enumerate(raised_days):
            title, owner, level, description, resolution = rng.choice(v.PROBLEMS)
            limit = 10 if level == "general" else 20
            r, ident, a = rng.random(), f"p{i + 1}", raised.isoformat()
            took = rng.randint(2, limit) if r < 0.65 else rng.randint(limit * 2, limit * 4) if r < 0.88 else None
            resolved = w.until_today(raised + days(took)) if took is not None else None
            working = w.until_today(raised + days(rng.randint(1, 5)))
            if resolved is not None and working is not None and working >= resolved:
                working = None
            states = [(s, d) for s, d in (("open", raised), ("in_progress", working), ("resolved", resolved)) if d]
            rest = [kv(4, "title", title, a), kv(4, "description", description, a), kv(4, "level", level, a),
                    kv(4, "owner_unit", owner, a)]
            if level == "county":
                rest.append(kv(4, "leader", p.leader or next(
                    (lid for lid, _, _, units in v.LEADERS if owner in units), "leader-qian"), a))
            rest.append(kv(4, "raised", a, a))
            rest += [kv(4, "status", s, d.isoformat(), states[j + 1][1].isoformat() if j + 1 < len(states) else NEVER)
                     for j, (s, d) in enumerate(states)]
            if resolved is not None:
                d = resolved.isoformat()
                rest += [kv(4, "resolved", d, d), kv(4, "resolution", resolution, d)]
                w.event(resolved, 5, "问题已解决", f"问题“{title}”已解决")
            if took is None or took > limit:
                due = raised + days(limit + rng.randint(2, 10))
                if due <= AS_OF and rng.random() < 0.85:
                    rest.append(kv(4, "delay_reason", "涉及多个部门会商，需报县领导协调后解决", due.isoformat()))
                    w.event(due, 8, "补充延误说明", f"说明问题“{title}”延误原因")
            if working is not None:
                w.event(working, 8, "问题处理中", f"问题“{title}”开始办理")
            w.event(raised, 5, "登记问题", f"登记问题“{title}”（{'县级' if level == 'county' else '一般'}）")
            lines += item(2, "id", ident, a, rest)
            p.problems.append((f"{p.id}#{ident}", a, level))
        return block(0, "problems", lines)

    def visits(self) -> list[Line]:
        """Art. 12: every month from pairing (the policy stage) until design capacity, the
        leader hears a briefing and visits the site; each is recorded, or its delay explained."""
        w, rng, t, p = self.w, self.w.rng, self.w.t, self.w.p
        if p.leader is None or t.assessed is None:
            return []
        stop = min(d for d in (t.capacity_reached, t.paused, t.cancelled, AS_OF) if d is not None)
        start = max(t.assessed, dt.date(2024, 1, 1))
        lines: list[Line] = []
        for month in months(month_of(start), month_of(stop)):
            first, end = _bounds(month)
            phase = self._phase(month)
            cold = f"{phase}_cold" if int(month[5:]) in seasons.COLD_MONTHS else phase
            done: list[tuple[dt.date, str, str]] = []
            for kind, notes, delays, chance in (("briefing", seasons.BRIEFING_NOTES, seasons.BRIEFING_DELAYS, 0.95),
                                                ("site_visit", seasons.SITE_NOTES, seasons.VISIT_DELAYS, 0.92)):
                if rng.random() < chance:
                    done.append((day_between(rng, max(first, start), min(end, stop)), kind,
                                 rng.choice(notes.get(cold, notes[phase]))))
                elif "2025-01" <= month < month_of(AS_OF) and rng.random() < 0.6:
                    self._delay(min(AS_OF, end + days(rng.randint(3, 10))),
                                "leader_visit" if kind == "site_visit" else "leader_briefing", month,
                                rng.choice(delays))
            for day, kind, note in sorted(done):
                d = day.isoformat()
                lines += item(2, "date", d, d, [kv(4, "leader", p.leader, d), kv(4, "kind", kind, d),
                                                kv(4, "note", note, d)])
                w.event(day, 7, "包联领导调研", "包联县领导现场调研" if kind == "site_visit" else "包联县领导听取汇报")
        return block(0, "visits", lines)

    def _phase(self, month: str) -> str:
        t = self.w.t
        if t.signed is None or month < month_of(t.signed):
            return "pre_sign"
        if t.started is None or month < month_of(t.started):
            return "pre_build"
        return "build" if t.produced is None or month < month_of(t.produced) else "produce"

    def complaints(self) -> list[Line]:
        w, rng, t = self.w, self.w.rng, self.w.t
        if t.signed is None or rng.random() >= 0.05 or t.signed > AS_OF - days(30):
            return []
        received = day_between(rng, t.signed, AS_OF - days(20))
        summary, handler, result = rng.choice(v.COMPLAINTS)
        a = received.isoformat()
        closed = w.until_today(received + days(rng.randint(3, 20)))
        rest = [kv(4, "channel", rng.choice(["hotline", "online", "letter", "visit"]), a), kv(4, "summary", summary, a)]
        if rng.random() < 0.5:
            rest.append(kv(4, "complainant", w.p.name.split("县")[-1][:6] + "项目业主", a))
        rest.append(kv(4, "handler_unit", handler, a))
        if closed is None:
            rest.append(kv(4, "status", "open", a))
        else:
            c = closed.isoformat()
            rest += [kv(4, "status", "open", a, c), kv(4, "status", "closed", c), kv(4, "resolved", c, c),
                     kv(4, "result", result, c)]
            w.event(closed, 5, "投诉办结", "投诉办结")
        w.event(received, 5, "受理投诉", f"受理投诉：{summary}")
        return block(0, "complaints", item(2, "date", a, a, rest))


def _report_day(rng: random.Random, end: dt.date) -> tuple[dt.date, bool]:
    """When a month's report came in, and whether it was late (3 % of them)."""
    late = rng.random() < 0.03
    if late:
        return end + days(rng.randint(8, 25)), True
    if rng.random() < 0.5:
        return end - days(rng.randint(0, 3)), False
    return end + days(rng.randint(1, 5)), False
