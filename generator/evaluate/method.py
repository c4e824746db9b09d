"""The assessment method (arts. 17-18) as the rules file sets it: the groups, each
indicator's weight and what it measures, and the deductions.

What each indicator measures is written here once, next to the keys ``scores.py`` computes;
the weights and deductions are read from the same rules the scores use, so the published
method cannot say one thing while the scores do another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .facts import Source
from .rulebook import NUMBER_NAMES, RuleSet
from .scores import ATTRACTING, CAP_DEFAULTS, INDICATOR_NAMES, SERVICE_ROLES

GROUP_INDICATORS: dict[str, tuple[str, ...]] = {
    ATTRACTING: ("signed_investment", "completed_investment", "physical_progress",
                 "prephase_on_time", "reserve", "reports_on_time"),
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
        "考核期内签订投资协议的协议投资额之和 ÷ 本单位年度招商引资任务（年度目标任务表中的招商引资任务，"
        "部分年度按比例折算），超过任务按满分计；没有年度任务时不适用。", "amount"),
    "completed_investment": IndicatorText(
        "本单位招引的项目考核期内各月月报“当月完成投资”之和 ÷ 本单位年度投资计划（年度目标任务表中的投资计划，"
        "部分年度按比例折算），超过计划按满分计；没有投资计划时不适用。统计局核定了本单位本年完成投资"
        "（年度目标任务表中的核定完成投资，第十八条：会同统计局）时，以核定数为准。", "amount"),
    "physical_progress": IndicatorText(
        "工程形象进度（第十八条）：本单位招引、考核期内报送过月报且此前形象进度未到 100% 的项目中，"
        "考核期内最新形象进度高于考核期前最后一次报送数（或已达 100%）的项目比例。", "share"),
    "prephase_on_time": IndicatorText(
        "考核期内到期的协议签订（政策达成一致后 {signing_months} 个月内）和签约后登记（公司注册、银行开户、"
        "税务登记，{registration_workdays} 个工作日内）中按时完成的比例；逾期完成和逾期未完成都不算按时。",
        "share"),
    "reserve": IndicatorText(
        "考核期内新进入储备（报送招商引资信息表的日期）的项目个数 ÷ 年度储备任务"
        "（年度目标任务表中的储备任务，部分年度按比例折算），超过任务按满分计；没有储备任务时不适用。项目按进入储备的"
        "年份计入，与其现在所处阶段无关。", "count", "个"),
    "reports_on_time": IndicatorText(
        "本单位招引的项目考核期内到期的月报（第十四条：每月底填报{report_grace}）中按时报送的比例；"
        "逾期填报和逾期未报都不算按时。", "share"),
    "approvals_on_time": IndicatorText(
        "本单位办理、考核期内到期或办结的审批事项中在承诺时限内办结的比例（时限见审批事项目录）。", "share"),
    "overdue_workdays": IndicatorText(
        "满分 {weight} 分：本单位办理的考核期内审批事项每逾期 1 个工作日扣 {overdue_workday_penalty} 分，"
        "扣完为止；考核期内没有到期或办结的审批事项时不适用。", "count", "个工作日"),
    "notices": IndicatorText(
        "满分 {weight} 分：考核期内每收到 1 份督办通知单扣 {notice_penalty} 分，扣完为止。", "count", "份"),
    "problems_resolved": IndicatorText(
        "本单位负责解决、考核期内到期或解决的问题中在时限内（一般问题 {general} 个工作日、县级问题 {county} "
        "个工作日）解决的比例。", "share"),
}


@dataclass(frozen=True)
class IndicatorRule:
    key: str
    name: str
    weight: float
    measures: str
    source: str = ""                 # where the weight comes from, in words


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
    source: str = ""


@dataclass(frozen=True)
class RuleLine:
    """One number of the rule set (outside the weights) and where it comes from."""

    key: str
    name: str
    value: str
    source: Source


@dataclass(frozen=True)
class ScoringMethod:
    groups: tuple[GroupRule, ...]
    caps: tuple[Cap, ...]
    unknown_caps: tuple[str, ...] = ()
    rules: tuple[RuleLine, ...] = ()   # every other number of the rule set, with its source


def number(value: float) -> str:
    """30 -> "30", 0.5 -> "0.5": weights and deductions as people write them."""
    return f"{float(value):g}"


def _label(rs: RuleSet | None, key: str) -> str:
    source = rs.source(key) if rs is not None else None
    return source.label if source is not None else "规则文件未设定"


def rule_lines(rs: RuleSet | None) -> tuple[RuleLine, ...]:
    return tuple(RuleLine(key, NUMBER_NAMES.get(key, key), number(value), source)
                 for key, value, source in (rs.numbers() if rs is not None else ())
                 if not key.startswith("scoring."))


def scoring_method(rs: RuleSet | None) -> ScoringMethod:
    """The method of the rule set ``rs`` (None: no rule set, every weight 0)."""
    values: dict[str, Any] = rs.values if rs is not None else {}
    scoring = values.get("scoring") or {}
    caps = scoring.get("caps") or {}
    cap_values = {k: caps.get(k, v) for k, v in CAP_DEFAULTS.items()}
    response = values.get("problem_response_workdays") or {}
    grace = int(values.get("report_grace_days", 0))
    context = {
        **{k: number(v) for k, v in cap_values.items()},
        "signing_months": values.get("signing_months", "—"),
        "registration_workdays": values.get("registration_workdays", "—"),
        "report_grace": f"，月底后宽限 {grace} 天" if grace else "",
        "general": response.get("general", "—"), "county": response.get("county", "—"),
    }
    groups = []
    for group, keys in GROUP_INDICATORS.items():
        weights = scoring.get(group) or {}
        indicators = tuple(
            IndicatorRule(key, INDICATOR_NAMES[key], float(weights.get(key, 0)),
                          INDICATOR_TEXTS[key].measures.format(
                              weight=number(weights.get(key, 0)), **context),
                          _label(rs, f"scoring.{group}.{key}"))
            for key in keys)
        groups.append(GroupRule(group, GROUP_NAMES[group], GROUP_ROLES[group], indicators,
                                sum(i.weight for i in indicators),
                                tuple(sorted(k for k in weights if k not in keys))))
    return ScoringMethod(
        groups=tuple(groups),
        caps=tuple(Cap(k, CAP_NAMES[k], float(v), k not in caps, _label(rs, f"scoring.caps.{k}"))
                   for k, v in cap_values.items()),
        unknown_caps=tuple(sorted(k for k in caps if k not in CAP_DEFAULTS)),
        rules=rule_lines(rs))
