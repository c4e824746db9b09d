"""The landing and production sections of a project file: approvals, construction,
production services and annual plans (articles 9–11)."""

from __future__ import annotations

import datetime as dt

from . import vocab as v
from .timeline import AS_OF, days
from .writer import Writer, nice
from .yamltext import NEVER, Line, block, item, kv

TYPE_CODES = {"approval": "02", "filing": "03"}  # project code TT: 核准 / 备案
UTILITY_UNITS = {"water": "gongshui", "power": "gongdian", "road": "jiaotong", "gas": "ranqi",
                 "telecom": "tongxin", "levelling": "yuanqu"}
UTILITY_NAMES = {"water": "供水", "power": "供电", "road": "道路", "gas": "供气", "telecom": "通信",
                 "levelling": "场地平整"}
GAS_USERS = {"coal_chemical", "new_materials", "agri_processing", "other"}


def _submission(w: Writer, item_id: str, phase: str) -> dt.date | None:
    """When an approval was filed, from the phase it belongs to; None if not yet."""
    rng, t = w.rng, w.t
    if item_id in ("filing", "approval"):  # granted after the joint review it rests on (arts. 8-9)
        return t.reviewed + days(rng.randint(1, 7)) if t.reviewed else None
    if phase == "review":
        return t.feasibility + days(rng.randint(3, 60)) if t.feasibility else None
    if item_id == "construction-permit":
        if t.started:
            return t.started - days(rng.randint(3, 25))
        return t.reviewed + days(rng.randint(60, 200)) if t.reviewed else None
    if item_id == "pollutant-permit":
        end = t.produced or t.planned_completion
        return end - days(rng.randint(10, 60)) if end and t.started else None
    if item_id == "real-estate":
        return t.reviewed + days(rng.randint(60, 150)) if t.reviewed else None
    return t.reviewed + days(rng.randint(5, 120)) if t.reviewed else None


def approvals(w: Writer) -> list[Line]:
    rng, p = w.rng, w.p
    wanted = [i for i in v.INDUSTRIES[p.industry][5] if i in ("filing", "approval") or rng.random() < 0.96]
    filed = []
    for item_id in wanted:
        _, _, _, limit, phase, _, doc_pattern = v.ITEM_BY_ID[item_id]
        submitted = _submission(w, item_id, phase)
        if submitted is None or submitted > AS_OF:
            continue
        r = rng.random()
        late = r >= 0.88
        took = rng.randint(limit * 2, limit * 3) + 3 if late else rng.randint(max(1, limit // 3), limit)
        filed.append((submitted, item_id, limit, doc_pattern, w.until_today(submitted + days(took)),
                      late and r < 0.97))
    lines: list[Line] = []
    for submitted, item_id, _limit, doc_pattern, completed, explained in sorted(filed):
        s = submitted.isoformat()
        name = v.ITEM_BY_ID[item_id][1]
        rest = [kv(4, "submitted", s, s)]
        w.event(submitted, 6, "申报审批", f"申报{name}")
        if completed is not None:
            c = completed.isoformat()
            number = doc_pattern.format(y=completed.year, n=rng.randint(1, 400))
            rest += [kv(4, "completed", c, c), kv(4, "document_no", number, c)]
            if explained:
                rest.append(kv(4, "delay_reason", rng.choice(v.APPROVAL_DELAYS), c))
            w.event(completed, 4, f"{name}办结", f"{name}办结，文号 {number}")
            if item_id in TYPE_CODES and not w.code_lines:
                code = f"{completed.year}-652327-{v.INDUSTRIES[p.industry][3]}-{TYPE_CODES[item_id]}-" \
                       f"{rng.randint(1, 999999):06d}"
                w.code_lines.append(kv(0, "project_code", code, c))
        elif rng.random() < 0.2:
            rest.append(kv(4, "note", "材料已受理，正在技术审查", s))
        lines += item(2, "item", item_id, s, rest)
    return block(0, "approvals", lines)


def construction(w: Writer) -> list[Line]:
    t = w.t
    if t.started is None:
        return []
    s = t.started.isoformat()
    lines = [kv(2, "started", s, s)]
    if t.planned_completion is not None:
        lines.append(kv(2, "planned_completion", t.planned_completion.isoformat(), s))
    if t.completed is not None:
        c = t.completed.isoformat()
        lines.append(kv(2, "completed", c, c))
        w.event(t.completed, 2, "项目竣工", "项目建成，完成竣工验收")
    w.event(t.started, 2, "项目开工", "项目开工建设")
    return block(0, "construction", lines)


def production(w: Writer) -> list[Line]:
    rng, t = w.rng, w.t
    if t.produced is None:
        return []
    s = t.produced.isoformat()
    services: list[Line] = []
    for k, (kind, title, unit, automatic) in enumerate(rng.sample(v.SERVICES, rng.randint(0, 4))):
        applied = t.produced + days(rng.randint(20, 420))
        if applied > AS_OF:
            continue
        a = applied.isoformat()
        name = title.format(y=applied.year, k=k + 1)
        done = w.until_today(applied + days(rng.randint(10, 90)))
        rest = [kv(6, "unit", unit, a), kv(6, "applied", a, a)]
        if automatic:
            rest.append(kv(6, "no_application", True, a))
        if done is None:
            rest.append(kv(6, "status", "in_progress", a))
        else:
            d = done.isoformat()
            status = "rejected" if rng.random() < 0.06 else "done"
            rest += [kv(6, "status", "in_progress", a, d), kv(6, "status", status, d), kv(6, "completed", d, d)]
            if kind in ("subsidy", "credit", "policy_fulfilment") and status == "done":
                rest.append(kv(6, "amount", nice(w.p.total * rng.uniform(0.005, 0.05)), d))
            w.event(done, 8, "投产服务办结", f"{name}办结")
        services += item(4, "kind", kind, a, [kv(6, "title", name, a), *rest])
        w.event(applied, 8, "投产服务", f"申报{name}")
    w.event(t.produced, 2, "项目投产", "项目建成投产")
    lines = [kv(2, "started", s, s)]
    reached = w.until_today(t.produced + days(rng.randint(60, 400)))
    if reached is not None:  # design capacity (达产): the leader's pairing ends here (art. 12)
        t.capacity_reached = reached
        lines.append(kv(2, "capacity_reached", reached.isoformat(), reached.isoformat()))
        w.event(reached, 2, "项目达产", "项目达到设计产能")
    return block(0, "production", [*lines, *block(2, "services", services)])


def annual_plans(w: Writer) -> list[Line]:
    rng, t, p = w.rng, w.t, w.p
    if t.signed is None:
        return []
    end = t.produced or t.planned_completion or AS_OF
    years = list(range(t.signed.year, min(end.year, AS_OF.year) + 1))
    weights = [rng.uniform(0.5, 1.5) for _ in years]
    lines: list[Line] = []
    for year, weight in zip(years, weights, strict=True):
        p.plans[year] = nice(p.total * 0.95 * weight / sum(weights))
        day = max(t.signed, dt.date(year, 1, rng.randint(5, 25)))
        d = day.isoformat()
        lines += item(2, "year", year, d, [kv(4, "planned", p.plans[year], d)])
        w.event(day, 8, "年度投资计划", f"填报 {year} 年度投资计划")
    return block(0, "annual_plans", lines)


def utilities(w: Writer) -> list[Line]:
    rng, t, p = w.rng, w.t, w.p
    if t.reviewed is None:
        return []
    lines: list[Line] = []
    for key, unit in UTILITY_UNITS.items():
        if (key == "gas" and p.industry not in GAS_USERS) or (key == "water" and p.industry == "new_energy"):
            lines += block(2, key, [kv(4, "status", "not_needed", t.reviewed.isoformat())])
            continue
        opened = t.reviewed + days(rng.randint(0, 30))
        o = opened.isoformat()
        if opened > AS_OF:
            continue
        working = w.until_today(opened + days(rng.randint(10, 150)))
        done = None
        if working is not None:
            finish = working + days(rng.randint(20, 240))
            if t.produced is not None:
                finish = max(working, min(finish, t.produced - days(5)))
            done = w.until_today(finish)
        states = [("not_started", opened), ("in_progress", working), ("done", done)]
        reached = [(s, d) for s, d in states if d is not None]
        entry = [kv(4, "status", state, d.isoformat(), reached[i + 1][1].isoformat() if i + 1 < len(reached) else NEVER)
                 for i, (state, d) in enumerate(reached)]
        unit_id = unit if key != "levelling" or p.township.endswith("park") else "zhujian"
        entry.append(kv(4, "unit", unit_id, o))
        if done is not None:
            entry.append(kv(4, "completed", done.isoformat(), done.isoformat()))
            w.event(done, 8, "要素保障", f"{UTILITY_NAMES[key]}接通")
        if key == "power" and rng.random() < 0.6:
            entry.append(kv(4, "note", f"{rng.choice([10, 35, 110])}kV线路接入，容量{rng.randint(2, 80)}MVA", o))
        w.event(opened, 8, "要素保障", f"登记{UTILITY_NAMES[key]}保障需求")
        if working is not None:
            w.event(working, 8, "要素保障", f"{UTILITY_NAMES[key]}开始实施")
        lines += block(2, key, entry)
    return block(0, "utilities", lines)

