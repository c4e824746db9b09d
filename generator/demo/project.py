"""One synthetic project: who and what it is, then every section in the schema's key order.

Each project draws from its own random stream (seed and index), so project 7 of a seed is
the same whatever the number of projects.
"""

from __future__ import annotations

import math
import random

from ..schemas import credit_check_char
from . import landing, prephase
from . import vocab as v
from .ledger import Ledger
from .timeline import STAGE_WEIGHTS, STAGES, draw_timeline
from .writer import Project, Writer, nice, weighted
from .yamltext import NEVER, Line, block, kv

STAGE_NAMES = {"collection": "项目收集", "assessment": "项目研判", "policy": "优惠政策", "signing": "项目签约",
               "review": "项目会审", "landing": "项目落地", "production": "项目投产"}
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
KEY_THRESHOLD = 50000  # 万元, as in the demo's rules.yaml
NOTES = ["企业法人代表近期变更，注意核实授权委托书", "投资方资金实力待进一步核实", "与县属国企合作方式尚在洽谈",
         "企业希望尽快明确用电价格政策", "涉及园区规划调整，暂缓对外公开选址细节"]


def credit_code(rng: random.Random, region: str) -> str:
    """A unified social credit code with a correct GB 32100 check character."""
    first17 = "91" + region + "MA" + "".join(rng.choice(CREDIT_CHARS) for _ in range(7))
    return first17 + credit_check_char(first17)


def make_project(seed: int, index: int) -> Project:
    rng = random.Random(f"portal-demo/{seed}/{index}")
    stage = rng.choices(STAGES, weights=STAGE_WEIGHTS)[0]
    t = draw_timeline(rng, stage)
    industry = weighted(rng, {k: w[0] for k, w in v.INDUSTRIES.items()})
    _, slugs, (low, high), _, towns, _ = v.INDUSTRIES[industry]
    total = nice(math.exp(rng.uniform(math.log(low), math.log(high))))
    title, cost = rng.choice(v.PROJECT_TITLES[industry])
    size = nice(total / cost) if cost else 0
    township = rng.choice(towns)
    place = v.TOWNSHIP_NAMES[township]
    prefix = place if place.endswith(("镇", "乡")) and rng.random() < 0.6 else "吉木萨尔县"
    name = prefix + title.format(n=size, m=2 * size) + rng.choice(["", "", "", "", "（一期）", "（二期）"])
    lead = weighted(rng, v.ATTRACTING)
    leader = None
    if total >= KEY_THRESHOLD or rng.random() < 0.04:
        leader = next((lid for lid, _, _, units in v.LEADERS if lead in units), "leader-qian")
        leader = rng.choice([leader, leader, "leader-zhao", "leader-sun"])
    pid = f"{t.created.year}-{rng.choice(slugs)}-{index + 1:04d}"
    p = Project(index, pid, name, lead, leader, industry, township, float(total), t)
    w = Writer(rng, p)
    ledger = Ledger(w)
    sections = [prephase.collection(w), prephase.assessment(w), prephase.policy(w), prephase.signing(w),
                prephase.review(w), landing.approvals(w), landing.construction(w), landing.production(w),
                landing.annual_plans(w), ledger.reports(), ledger.problems(), ledger.visits(),
                landing.utilities(w), ledger.complaints()]
    p.lines = identity(w) + [line for section in sections for line in section]
    p.lines += block(0, "delays", ledger.delays)
    if rng.random() < 0.25:
        p.lines.append(kv(0, "internal_notes", rng.choice(NOTES), p.created))
    return p


def identity(w: Writer) -> list[Line]:
    """The fields known from the first day: who, what, where and how much."""
    rng, p, t, c = w.rng, w.p, w.t, w.p.created
    lines: list[Line] = [(c, NEVER, "# yaml-language-server: $schema=../../schema/project.schema.json"),
                         kv(0, "id", p.id, c), kv(0, "name", p.name, c), *w.code_lines]
    if t.cancelled:
        lines.append(kv(0, "status", "cancelled", t.cancelled.isoformat()))
        w.event(t.cancelled, 2, "项目终止", "企业调整投资计划，项目终止")
    if t.paused:
        lines.append(kv(0, "status", "paused", t.paused.isoformat()))
        w.event(t.paused, 2, "项目暂停", "企业资金安排调整，项目暂停建设")
    reached = t.stages()
    for i, (stage, entered) in enumerate(reached):
        until = reached[i + 1][1].isoformat() if i + 1 < len(reached) else NEVER
        lines.append(kv(0, "stage", stage, entered.isoformat(), until))
        if i:
            w.event(entered, 2, f"进入{STAGE_NAMES[stage]}阶段", f"项目进入{STAGE_NAMES[stage]}阶段")
    lines.append(kv(0, "lead_unit", p.lead_unit, c))
    if p.leader:
        lines += [kv(0, "leader", p.leader, c), kv(0, "key_project", True, c)]
    lines.append(kv(0, "industry", p.industry, c))
    if p.township.endswith("park"):
        address = f"{v.TOWNSHIP_NAMES[p.township]}{rng.choice(v.PLOTS)}地块"
    else:
        address = f"{rng.choice(v.VILLAGES)}以{rng.choice('东南西北')}{rng.randint(1, 12)}公里"
    lines += block(0, "location", [kv(2, "township", p.township, c), kv(2, "address", address, c)])
    lines += [kv(0, "total_investment", p.total, c), kv(0, "content", _content(w), c)]
    origin, region = rng.choice(v.ORIGINS)
    brand, word = rng.choice(v.BRANDS), v.INDUSTRY_WORD[p.industry]
    if rng.random() < 0.5:
        company, region = f"吉木萨尔县{brand}{word}有限公司", "652327"
    else:
        company = f"{origin[:2]}{brand}{word}{rng.choice(['有限公司', '股份有限公司', '有限责任公司'])}"
    phone = rng.choice(["13", "15", "18", "19"]) + "".join(rng.choice("0123456789") for _ in range(9))
    lines += block(0, "investor", [
        kv(2, "name", company, c), kv(2, "credit_code", credit_code(rng, region), c), kv(2, "origin", origin, c),
        *block(2, "contact", [kv(4, "person", w.person(), c), kv(4, "phone", phone, c)])])
    needs = [kv(2, "land_mu", nice(p.total / rng.uniform(60, 400)), c)]
    if p.industry in ("coal_chemical", "new_materials"):
        needs.append(kv(2, "energy_tce", nice(p.total * rng.uniform(0.3, 2.0)), c))
    needs += [kv(2, "water_m3", nice(p.total * rng.uniform(0.2, 4)), c),
              kv(2, "power_kw", nice(p.total * rng.uniform(0.05, 0.6)), c), kv(2, "jobs", w.jobs, c)]
    return lines + block(0, "needs", needs)


def _content(w: Writer) -> str:
    rng, p = w.rng, w.p
    yi = p.total / 10000
    head = f"项目总投资{yi:.2f}亿元" if yi >= 1 else f"项目总投资{p.total:.0f}万元"
    tails = "".join(s.format(v=max(0.1, round(yi * rng.uniform(0.6, 1.5), 1)), j=w.jobs, m=rng.randint(12, 30),
                             t=nice(p.total * rng.uniform(0.01, 0.05)))
                    for s in rng.sample(v.CONTENT_TAIL, 2))
    return f"{head}，{rng.choice(v.CONTENT_MAIN[p.industry])}。{tails}"
