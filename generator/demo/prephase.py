"""The pre-phase sections of a project file: collection, assessment, preferential policy,
signing and joint review (articles 4–8)."""

from __future__ import annotations

import datetime as dt

from . import seasons
from . import vocab as v
from .timeline import AS_OF, day_between, days
from .writer import Writer
from .yamltext import Line, block, item, kv

REVIEW_UNITS = ["nongye", "shanggongju", "wenlv", "ziranziyuan", "shengtai", "yingji", "lincao", "shuili"]
CHAIN = [("leading_group", "招商领导小组会议纪要"), ("executive_meeting", "县政府常务会纪要"),
         ("standing_committee", "县委常委会会议纪要")]


def collection(w: Writer) -> list[Line]:
    rng, c = w.rng, w.t.created
    source = rng.choice(v.SOURCES)
    lines = [kv(2, "source", source, c.isoformat()), kv(2, "form_submitted", c.isoformat(), c.isoformat())]
    verified = w.until_today(c + days(rng.randint(1, 10)))
    if verified is None:
        lines.append(kv(2, "verified", False, c.isoformat()))
    else:
        lines += [kv(2, "verified", False, c.isoformat(), verified.isoformat()),
                  kv(2, "verified", True, verified.isoformat())]
        w.event(verified, 8, "核实企业信息", "招引单位完成企业信息核实")
    w.event(c, 1, "新增项目", f"报送招商引资信息表（信息来源：{source}）")
    return block(0, "collection", lines)


def assessment(w: Writer) -> list[Line]:
    rng, t = w.rng, w.t
    if t.assessing is None:
        return []
    chosen = sorted(rng.sample(v.CRITERIA, rng.randint(5, 8)), key=v.CRITERIA.index)
    if t.assessed is None:  # still being assessed: some criteria recorded so far
        chosen = chosen[: rng.randint(1, 4)]
        when = sorted(day_between(rng, t.assessing, AS_OF) for _ in chosen)
    else:
        when = [t.assessed] * len(chosen)
    items: list[Line] = []
    for criterion, day in zip(chosen, when, strict=True):
        result = "conditional" if rng.random() < 0.15 else "pass"
        note = rng.choice(v.CRITERION_NOTES[criterion]).format(k=rng.randint(5, 12), r=rng.randint(7, 16),
                                                               plan=seasons.five_year_plan(day.year))
        items += item(4, "criterion", criterion, day.isoformat(),
                      [kv(6, "result", result, day.isoformat()), kv(6, "note", note, day.isoformat())])
        w.event(day, 8, "项目研判", f"记录研判事项 {criterion}")
    lines: list[Line] = []
    if t.assessed is not None:
        a = t.assessed.isoformat()
        lines.append(kv(2, "date", a, a))
    lines += block(2, "criteria", items)
    if t.assessed is not None:
        lines.append(kv(2, "conclusion", "conditional" if rng.random() < 0.2 else "pass", t.assessed.isoformat()))
    return block(0, "assessment", lines)


def policy(w: Writer) -> list[Line]:
    rng, t, p = w.rng, w.t, w.p
    if t.assessed is None:
        return []
    kind = ("case_by_case" if p.total >= 100000 and rng.random() < 0.6
            else "standard" if rng.random() < 0.8 else "none")
    end = t.agreed or AS_OF
    steps: list[dt.date] = []
    if kind == "case_by_case":
        if t.agreed is not None:  # drawn backwards from the day the policy was agreed
            sc = t.agreed - days(rng.randint(0, 8))
            em = sc - days(rng.randint(5, 15))
            steps = [em - days(rng.randint(7, 20)), em, sc]
        else:
            lg = t.assessed + days(rng.randint(10, 40))
            steps = [d for d in (lg, lg + days(rng.randint(7, 20)), lg + days(rng.randint(27, 45))) if d <= AS_OF]
        steps = [max(s, t.assessed) for s in steps]
    opened = min([t.assessed + days(rng.randint(1, 10)), end, *steps])
    o = opened.isoformat()
    lines = [kv(2, "kind", kind, o)]
    if kind != "none":
        lines.append(kv(2, "summary", rng.choice(v.POLICY_SUMMARIES), o))
    chain: list[Line] = []
    for (body, minutes), day in zip(CHAIN, steps, strict=False):
        d = day.isoformat()
        chain += item(4, "body", body, d, [
            kv(6, "date", d, d), kv(6, "result", "approved", d),
            kv(6, "minutes_no", f"{minutes}〔{day.year}〕{rng.randint(1, 60)}号", d)])
        w.event(day, 8, "一事一议审议", f"{minutes.removesuffix('会议纪要').removesuffix('纪要')}审议通过")
    lines += block(2, "chain", chain)
    w.event(opened, 8, "优惠政策洽谈", "记录优惠政策类型和主要内容")
    if t.agreed is not None:
        lines.append(kv(2, "agreed", t.agreed.isoformat(), t.agreed.isoformat()))
    return block(0, "policy", lines)


def signing(w: Writer) -> list[Line]:
    rng, t, p = w.rng, w.t, w.p
    if t.signed is None:
        return []
    s = t.signed.isoformat()
    lines = [kv(2, "signed", s, s), kv(2, "agreement_investment", p.total, s)]
    if t.signed_late:
        lines.append(kv(2, "delay_reason", rng.choice(v.SIGN_DELAYS), s))
    w.event(t.signed, 2, "签订投资协议", f"签订投资协议，协议投资 {p.total:.0f} 万元")
    regs: list[Line] = []
    for key, name in (("company", "公司注册"), ("bank_account", "银行开户"), ("tax", "税务登记")):
        late = rng.random() < 0.05
        done = w.until_today(t.signed + days(rng.randint(15, 30) if late else rng.randint(1, 10)))
        if done is None:
            continue
        d = done.isoformat()
        entry = [kv(6, "completed", d, d)]
        if late:
            entry.append(kv(6, "delay_reason", "企业名称核准需补充投资方授权材料", d))
        regs += block(4, key, entry)
        w.event(done, 8, "三项登记", f"{name}办结")
    lines += block(2, "registrations", regs)
    return block(0, "signing", lines)


def review(w: Writer) -> list[Line]:
    rng, t = w.rng, w.t
    if t.feasibility is None:
        return []
    f = t.feasibility.isoformat()
    lines = [kv(2, "feasibility_submitted", f, f)]
    w.event(t.feasibility, 8, "提交可研报告", "可行性研究报告提交发改委窗口")
    opinions: list[Line] = []
    for unit in sorted(rng.sample(REVIEW_UNITS, rng.randint(5, 8)), key=REVIEW_UNITS.index):
        requested = t.feasibility + days(rng.randint(1, 3))
        if requested > AS_OF:
            continue
        r = requested.isoformat()
        late = rng.random() < 0.05
        done = w.until_today(requested + days(rng.randint(8, 15) if late else rng.randint(1, 5)))
        rest = [kv(6, "requested", r, r)]
        if done is not None:
            d = done.isoformat()
            conditional = rng.random() < 0.2
            rest += [kv(6, "completed", d, d), kv(6, "opinion", "conditional" if conditional else "agree", d)]
            if conditional:
                rest.append(kv(6, "note", "同意，建议进一步落实用地和环保措施", d))
            if late:
                rest.append(kv(6, "delay_reason", "需现场踏勘核实选址情况，出具意见顺延", d))
            w.event(done, 8, "部门预审意见", f"{unit} 出具预审意见")
        opinions += item(4, "unit", unit, r, rest)
    lines += block(2, "opinions", opinions)
    if t.reviewed is not None:
        m = t.reviewed.isoformat()
        lines += block(2, "meeting", [kv(4, "date", m, m),
                                      kv(4, "result", "conditional" if rng.random() < 0.15 else "approved", m)])
        w.event(t.reviewed, 8, "项目会审", "项目会审会研究通过")
    return block(0, "review", lines)

