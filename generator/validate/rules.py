"""The measures' own rules that a schema cannot express: names, order of dates,
the 一事一议 chain, and consistency inside a project file."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from typing import Any

from ..chain import CHAIN_NAMES, CHAIN_ORDER, ONE_CASE, RESULT_NAMES, ChainState, chain_state
from ..evaluate.facts import article_name
from ..evaluate.rulebook import MEASURES_NUMBERS
from ..findings import Finding
from ..load import Document, KeyPath
from ..load.dataset import DataSet
from ..schemas import COUNTY_REGION
from .common import as_date, get, mappings
from .figures import investment_findings, report_findings, target_findings

STAGE_DATES: list[tuple[KeyPath, str]] = [  # milestones in the order of articles 4-10
    (("collection", "form_submitted"), "信息表报送日期"),
    (("assessment", "date"), "研判日期"),
    (("policy", "agreed"), "政策达成一致日期"),
    (("signing", "signed"), "协议签订日期"),
    (("construction", "started"), "开工日期"),
    (("production", "started"), "投产日期"),
]


def _order(doc: Document, earlier: KeyPath, later: KeyPath, first: str, second: str,
           code: str = "date-order") -> Iterator[Finding]:
    a, b = as_date(get(doc.data, earlier)), as_date(get(doc.data, later))
    if a and b and b < a:
        yield doc.finding(later, code, f"{second}（{b}）早于{first}（{a}），日期顺序不可能")


def _chain(doc: Document) -> Iterator[Finding]:
    policy = doc.data.get("policy")
    if not isinstance(policy, dict):
        return
    chain = policy.get("chain")
    steps = [(i, s) for i, s in enumerate(chain) if isinstance(s, dict)] if isinstance(
        chain, list) else []
    if policy.get("kind") == ONE_CASE and not steps and policy.get("agreed"):
        yield doc.finding(("policy",), "policy-chain",
                          "一事一议政策须依次经招商领导小组、县政府常务会、县委常委会研究，请填写 chain")
    if steps and policy.get("kind") != ONE_CASE:
        yield doc.finding(("policy", "chain"), "policy-chain",
                          "只有一事一议（kind: case_by_case）才需要填写审议程序 chain")
    previous_rank, previous_date = -1, None
    for i, step in steps:
        body = step.get("body")
        if body not in CHAIN_ORDER:
            continue
        rank = CHAIN_ORDER.index(body)
        if rank != previous_rank + 1:
            expected = CHAIN_NAMES[CHAIN_ORDER[min(previous_rank + 1, 2)]]
            yield doc.finding(("policy", "chain", i, "body"), "policy-chain",
                              f"审议顺序有误：这一步应为{expected}"
                              "（顺序：招商领导小组 → 县政府常务会 → 县委常委会）")
        date = as_date(step.get("date"))
        if date and previous_date and date < previous_date:
            yield doc.finding(("policy", "chain", i, "date"), "policy-chain",
                              f"{CHAIN_NAMES[body]}的日期（{date}）早于上一环节（{previous_date}）")
        if rank > previous_rank and step.get("result") in ("rejected", "deferred") and (
                i + 1 < len(steps)):
            yield doc.finding(("policy", "chain", i + 1), "policy-chain",
                              "上一环节未通过，不能进入下一环节")
        previous_rank = max(previous_rank, rank)
        previous_date = date or previous_date
    last = steps[-1][1] if steps else None
    if last and policy.get("agreed") and last.get("body") == "standing_committee":
        yield from _order(doc, ("policy", "chain", steps[-1][0], "date"), ("policy", "agreed"),
                          "县委常委会研究日期", "政策达成一致日期", "policy-chain")
    yield from _signed_after_chain(doc, chain_state(policy), steps)


def _chain_gaps(state: ChainState, policy: dict[str, Any]) -> str:
    chain = policy.get("chain")
    result = {s.get("body"): s.get("result") for s in (chain if isinstance(chain, list) else [])
              if isinstance(s, dict)}
    gaps = [f"{CHAIN_NAMES[b]}尚未研究" for b in state.missing]
    gaps += [f"{CHAIN_NAMES[b]}{RESULT_NAMES.get(result[b], '未通过')}" for b in state.unapproved]
    return "、".join(gaps)


def _signed_after_chain(doc: Document, state: ChainState | None,
                        steps: list[tuple[int, dict[str, Any]]]) -> Iterator[Finding]:
    """Art. 6: a 一事一议 project signs only after all three bodies approved it, in order;
    a rejection stops it (the signing clock never starts, see evaluate.deadlines)."""
    if state is None:
        return
    policy, signed = doc.data["policy"], get(doc.data, ("signing", "signed"))
    if state.rejected:
        for key in (("signing", "signed"), ("policy", "agreed")):
            if get(doc.data, key):
                yield doc.finding(key, "policy-chain-rejected",
                                  f"一事一议未获通过：{CHAIN_NAMES[state.rejected]}审议未通过，项目不能"
                                  "进入签约（第六条）")
    elif signed and not state.complete:
        yield doc.finding(("signing", "signed"), "signed-before-chain",
                          "一事一议须经招商领导小组研究、县政府常务会审议通过、县委常委会研究确定后才能签约"
                          f"（第六条），但{_chain_gaps(state, policy)}")
    elif signed:
        last = next(i for i, s in steps if s.get("body") == CHAIN_ORDER[-1])
        yield from _order(doc, ("policy", "chain", last, "date"), ("signing", "signed"),
                          "县委常委会研究确定日期", "协议签订日期", "signed-before-chain")


def _pairing(doc: Document) -> Iterator[Finding]:
    """Art. 12: a key project is paired with a county-level leader (the county decides which
    projects are key; the threshold in the rules only suggests, see evaluate.accountability)."""
    if doc.data.get("key_project") is True and not doc.data.get("leader") and doc.data.get(
            "status") != "cancelled":
        yield doc.finding(("key_project",), "key-project-leader",
                          "重点项目须由县级领导包联（第十二条）：请填写包联县领导 leader")


def _pairs(doc: Document) -> Iterator[Finding]:
    dated = [(p, n) for p, n in STAGE_DATES if as_date(get(doc.data, p))]
    for (p1, n1), (p2, n2) in itertools.pairwise(dated):
        yield from _order(doc, p1, p2, n1, n2)
    signing = ("signing", "signed")
    for reg, name in (("company", "公司注册"), ("bank_account", "银行开户"), ("tax", "税务登记")):
        yield from _order(doc, signing, ("signing", "registrations", reg, "completed"),
                          "协议签订日期", f"{name}办结日期")
    yield from _order(doc, ("construction", "started"), ("construction", "completed"),
                      "开工日期", "竣工日期")
    for i, _ in mappings(doc, "approvals"):
        yield from _order(doc, ("approvals", i, "submitted"), ("approvals", i, "completed"),
                          "申报日期", "办结日期")
        if get(doc.data, ("approvals", i, "completed")) and not get(
                doc.data, ("approvals", i, "submitted")):
            yield doc.finding(("approvals", i, "completed"), "missing-date",
                              "有办结日期却没有申报日期：请补填 submitted")
    for i, _ in enumerate(get(doc.data, ("review", "opinions")) or []):
        yield from _order(doc, ("review", "opinions", i, "requested"),
                          ("review", "opinions", i, "completed"), "征求意见日期", "出具日期")
    for i, _ in enumerate(get(doc.data, ("production", "services")) or []):
        yield from _order(doc, ("production", "services", i, "applied"),
                          ("production", "services", i, "completed"), "申报日期", "办结日期")
    for i, _ in mappings(doc, "complaints"):
        yield from _order(doc, ("complaints", i, "date"), ("complaints", i, "resolved"),
                          "受理日期", "办结日期")


def _problems(doc: Document) -> Iterator[Finding]:
    for i, problem in mappings(doc, "problems"):
        yield from _order(doc, ("problems", i, "raised"), ("problems", i, "resolved"),
                          "提出日期", "解决日期")
        resolved, status = problem.get("resolved"), problem.get("status")
        if status == "resolved" and not resolved:
            yield doc.finding(("problems", i, "status"), "problem-status",
                              "状态为已解决（resolved），请填写解决日期 resolved")
        if resolved and status in ("open", "in_progress"):
            yield doc.finding(("problems", i, "status"), "problem-status",
                              "已填写解决日期，状态应为 resolved")
        if problem.get("level") == "county" and not problem.get("leader") and not doc.data.get(
                "leader"):
            yield doc.finding(("problems", i), "problem-leader",
                              "县级问题须报分管县领导会商：请填写 leader", severity="warning")


def _identity(doc: Document) -> Iterator[Finding]:
    ident = doc.data.get("id")
    if isinstance(ident, str) and ident != doc.path.stem:
        yield doc.finding(("id",), "id-mismatch",
                          f"id“{ident}”与文件名“{doc.path.stem}”不一致：两者必须相同")
    if not is_valid_stem(doc.path.stem):
        yield doc.finding((), "file-name",
                          "文件名只能由小写英文字母、数字和连字符组成，且不能是 con、nul 等 Windows 保留名"
                          "（例如 2026-solar-100mw.yaml）")
    code = doc.data.get("project_code")
    if isinstance(code, str) and len(code) == 24 and code[5:11] != COUNTY_REGION:
        yield doc.finding(("project_code",), "project-code-region",
                          f"项目代码的行政区划为 {code[5:11]}，本县为 {COUNTY_REGION}：请核对",
                          severity="warning")


# Device names Windows refuses as file names: projects/con.html could not be copied to a
# Windows file share, which is how many intranets publish the site.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                    *(f"lpt{i}" for i in range(1, 10))}


def is_valid_stem(stem: str) -> bool:
    return 2 <= len(stem) <= 64 and stem[0].isalnum() and stem not in WINDOWS_RESERVED and all(
        c.isdigit() or ("a" <= c <= "z") or c == "-" for c in stem)


def _sourced(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Every ``{value, source}`` number of a rule set, with its key path."""
    if isinstance(value, dict) and "source" in value and "value" in value:
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _sourced(v, (*path, k))


def _rule_sets(doc: Document) -> Iterator[Finding]:
    """Dates in order, and no number credited to the measures that they do not contain."""
    documents = {d.get("id") for _, d in mappings(doc, "documents")}
    previous: tuple[int, dt.date] | None = None
    for i, rs in mappings(doc, "rule_sets"):
        yield from _order(doc, ("rule_sets", i, "effective_from"), ("rule_sets", i, "expires"),
                          "施行日期", "有效期至")
        start, end = as_date(rs.get("effective_from")), as_date(rs.get("expires"))
        if start and previous and start <= previous[1]:
            yield doc.finding(("rule_sets", i, "effective_from"), "rule-set-order",
                              f"规则集的施行日期（{start}）须晚于上一个规则集的有效期至（{previous[1]}）："
                              "规则集按施行日期先后排列，期间不能重叠")
        previous = (i, end) if start and end else previous
        for path, number in _sourced(rs, ("rule_sets", i)):
            key = ".".join(str(p) for p in path[2:])
            fixed = MEASURES_NUMBERS.get(key)
            source, value, article = number.get("source"), number.get("value"), number.get("article")
            if source == "county" and number.get("document") not in documents:
                yield doc.finding((*path, "document"), "unknown-document",
                                  f"细则“{number.get('document')}”没有在 documents 中登记（文号和日期）")
            if source != "measures":
                continue
            if fixed is None:
                yield doc.finding((*path, "source"), "not-in-measures",
                                  f"《办法》没有规定 {key} 的数值：请注明来源为 county（本县细则，"
                                  "在 documents 中登记文号和日期）或 sample（示例值）")
            elif isinstance(article, int) and article != fixed[1]:
                yield doc.finding((*path, "article"), "not-in-measures",
                                  f"{key} 由《办法》{article_name(fixed[1])}规定，不是{article_name(article)}")
            elif value != fixed[0]:
                yield doc.finding((*path, "value"), "not-in-measures",
                                  f"《办法》{article_name(fixed[1])}规定的 {key} 是 {fixed[0]:g}，不是 {value}："
                                  "其他数值须注明来源为 county（本县细则）或 sample（示例值）")


def _singletons(data: DataSet) -> Iterator[Finding]:
    rules = data.files.get("rules")
    if rules is not None:
        yield from _rule_sets(rules)
    calendar = data.files.get("calendar")
    if calendar is not None:
        for i, year in mappings(calendar, "years"):
            for key in ("holidays", "workdays"):
                for j, value in enumerate(year.get(key) or []):
                    day = as_date(value)
                    if day and day.year != year.get("year"):
                        yield calendar.finding(("years", i, key, j), "calendar",
                                               f"日期 {day} 不属于 {year.get('year')} 年")
            both = set(year.get("holidays") or []) & set(year.get("workdays") or [])
            for text in sorted(str(d) for d in both):
                yield calendar.finding(("years", i), "calendar",
                                       f"{text} 同时列为放假日和调休上班日，自相矛盾")
    for doc in data.files.values():
        for i, notice in mappings(doc, "notices"):
            yield from _order(doc, ("notices", i, "issued"), ("notices", i, "replied"),
                              "下达日期", "反馈日期")
            yield from _order(doc, ("notices", i, "issued"), ("notices", i, "reply_deadline"),
                              "下达日期", "反馈期限")
            del notice


PROJECT_CHECKS = (_identity, _pairs, _chain, _pairing, _problems, report_findings, investment_findings)


def rule_findings(data: DataSet, clean: set[str] | None = None) -> list[Finding]:
    """``clean``: the project files (by ``file_key``) these checks found nothing in before
    (``portal serve``'s session keeps them): checked again only once changed. Each check reads
    the one file only. Replaced by the files of this load found clean.

    Worth it: 0.23 s of a save in ``portal serve`` at 1,000 demo projects (means of five
    saves), none now; with the kept theme (``build.plugins.KeptTheme``, where the three are
    measured together) (2026-12-04)."""
    findings: list[Finding] = [*_singletons(data), *target_findings(data)]
    found_clean = set()
    for doc in data.projects:
        key = file_key(doc) if clean is not None else None
        if key is not None and clean is not None and key in clean:
            found_clean.add(key)
            continue
        own = [finding for check in PROJECT_CHECKS for finding in check(doc)]
        if key is not None and not own:
            found_clean.add(key)
        findings.extend(own)
    if clean is not None:
        clean.clear()
        clean.update(found_clean)
    return findings


def file_key(doc: Document) -> str | None:
    """The file's path and bytes, which decide what the project checks find; None when the
    document was not read from a file."""
    if not isinstance(doc.source, bytes):
        return None
    digest = hashlib.sha256(f"{doc.path}\0{doc.display}\0".encode())
    digest.update(doc.source)
    return digest.hexdigest()
