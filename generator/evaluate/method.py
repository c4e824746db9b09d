"""The assessment method (arts. 17-18) as the rules file sets it: the groups, each
indicator's weight and what it measures, and the deductions.

What each indicator measures is written here once, next to the keys ``scores.py`` computes;
the weights and deductions are read from the same rules the scores use, so the published
method cannot say one thing while the scores do another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .scores import ATTRACTING, CAP_DEFAULTS, INDICATOR_NAMES, SERVICE_ROLES

GROUP_INDICATORS: dict[str, tuple[str, ...]] = {
    ATTRACTING: ("signed_investment", "completed_investment", "prephase_on_time", "reserve",
                 "reports_on_time"),
    "service": ("approvals_on_time", "overdue_workdays", "notices", "problems_resolved"),
}
GROUP_ROLES: dict[str, tuple[str, ...]] = {ATTRACTING: (ATTRACTING,), "service": SERVICE_ROLES}
GROUP_NAMES = {ATTRACTING: "招引单位", "service": "审批和要素保障单位"}
CAP_NAMES = {"overdue_workday_penalty": "审批每逾期 1 个工作日扣分",
             "notice_penalty": "每收到 1 份督办通知单扣分"}


@dataclass(frozen=True)
class IndicatorText:
    measures: str      # what is measured and how the share of the weight is earned
    value: str         # how the measured value reads: amount (万元), share, or count
    unit: str = ""     # the unit of a count


# Placeholders are filled from the rules: {weight} of the indicator, the caps, the time rules.
INDICATOR_TEXTS: dict[str, IndicatorText] = {
    "signed_investment": IndicatorText(
        "本年签订投资协议的协议投资额之和 ÷ 本单位年度招商引资任务（targets.yaml 的 attraction_task），"
        "超过任务按满分计；没有年度任务时不适用。", "amount"),
    "completed_investment": IndicatorText(
        "本单位招引的项目本年各月月报“当月完成投资”之和 ÷ 本单位年度投资计划（investment_plan），"
        "超过计划按满分计；没有投资计划时不适用。", "amount"),
    "prephase_on_time": IndicatorText(
        "本年到期的协议签订（政策达成一致后 {signing_months} 个月内）和签约后登记（公司注册、银行开户、"
        "税务登记，{registration_workdays} 个工作日内）中按时完成的比例；逾期完成和逾期未完成都不算按时。",
        "share"),
    "reserve": IndicatorText(
        "正常推进且处于项目收集、项目研判、优惠政策阶段的储备项目个数 ÷ 年度储备任务（reserve_task），"
        "超过任务按满分计；没有储备任务时不适用。", "count", "个"),
    "reports_on_time": IndicatorText(
        "本单位招引的项目本年到期的月报（月底后 {report_grace_days} 日内报送）中按时报送的比例。", "share"),
    "approvals_on_time": IndicatorText(
        "本单位办理、本年到期或办结的审批事项中在承诺时限内办结的比例（时限见审批事项目录）。", "share"),
    "overdue_workdays": IndicatorText(
        "满分 {weight} 分：本单位办理的本年审批事项每逾期 1 个工作日扣 {overdue_workday_penalty} 分，"
        "扣完为止；本年没有到期或办结的审批事项时不适用。", "count", "个工作日"),
    "notices": IndicatorText(
        "满分 {weight} 分：本年每收到 1 份督办通知单扣 {notice_penalty} 分，扣完为止。", "count", "份"),
    "problems_resolved": IndicatorText(
        "本单位负责解决、本年到期或解决的问题中在时限内（一般问题 {general} 个工作日、县级问题 {county} "
        "个工作日）解决的比例。", "share"),
}


@dataclass(frozen=True)
class IndicatorRule:
    key: str
    name: str
    weight: float
    measures: str


@dataclass(frozen=True)
class GroupRule:
    group: str
    name: str
    roles: tuple[str, ...]
    indicators: tuple[IndicatorRule, ...]
    total_weight: float
    unknown: tuple[str, ...] = ()    # keys in the rules that no computation reads


@dataclass(frozen=True)
class Cap:
    key: str
    name: str
    value: float
    default: bool                    # the rules leave it out: the built-in value applies


@dataclass(frozen=True)
class ScoringMethod:
    groups: tuple[GroupRule, ...]
    caps: tuple[Cap, ...]
    unknown_caps: tuple[str, ...] = ()


def number(value: float) -> str:
    """30 -> "30", 0.5 -> "0.5": weights and deductions as people write them."""
    return f"{float(value):g}"


def scoring_method(rules: dict[str, Any]) -> ScoringMethod:
    scoring = rules.get("scoring") or {}
    caps = scoring.get("caps") or {}
    values = {k: caps.get(k, v) for k, v in CAP_DEFAULTS.items()}
    response = rules.get("problem_response_workdays") or {}
    context = {
        **{k: number(v) for k, v in values.items()},
        "signing_months": rules.get("signing_months", "—"),
        "registration_workdays": rules.get("registration_workdays", "—"),
        "report_grace_days": rules.get("report_grace_days", "—"),
        "general": response.get("general", "—"), "county": response.get("county", "—"),
    }
    groups = []
    for group, keys in GROUP_INDICATORS.items():
        weights = scoring.get(group) or {}
        indicators = tuple(
            IndicatorRule(key, INDICATOR_NAMES[key], float(weights.get(key, 0)),
                          INDICATOR_TEXTS[key].measures.format(
                              weight=number(weights.get(key, 0)), **context))
            for key in keys)
        groups.append(GroupRule(group, GROUP_NAMES[group], GROUP_ROLES[group], indicators,
                                sum(i.weight for i in indicators),
                                tuple(sorted(k for k in weights if k not in keys))))
    return ScoringMethod(
        groups=tuple(groups),
        caps=tuple(Cap(k, CAP_NAMES[k], float(v), k not in caps) for k, v in values.items()),
        unknown_caps=tuple(sorted(k for k in caps if k not in CAP_DEFAULTS)))
