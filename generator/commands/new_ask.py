"""`portal new` for a clerk: every option on the command line, or asked one by one.

Each answer is checked at once against the data folder (unit ids, townships, industries,
leaders); a wrong answer is explained and asked again with the valid choices listed, and the
answers already given are kept. Whether a project is a key project is the county's decision
(``--key``; the investment threshold in the rules is only a suggestion, written into the file as
a comment); a key project must name its pairing county leader (art. 12), so the leader is asked
for when ``--key`` is given without one. Without a
terminal, missing options are a usage error and a wrong value is an error naming the choices.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..findings import PortalError
from ..load.dataset import DataSet
from ..render.labels import INDUSTRIES
from ..schemas import load_schema
from .new import NewProject

ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")


class BadAnswer(Exception):
    """A value given on the command line that is not valid (message in Chinese)."""


@dataclass(frozen=True)
class Question:
    key: str
    prompt: str
    choices: dict[str, str] | None = None  # id -> Chinese name; None: free text
    default: str | None = None


def _names(data: DataSet, kind: str, describe: Callable[[dict[str, Any]], str]) -> dict[str, str]:
    return {str(r["id"]): describe(r) for r in data.items(kind, kind) if isinstance(r, dict) and "id" in r}


def questions(data: DataSet) -> list[Question]:
    industries = load_schema("project")["properties"]["industry"]["enum"]
    return [
        Question("name", "项目名称"),
        Question("unit", "招引单位编号", _names(data, "units", lambda u: str(u.get("name", "")))),
        Question("investor", "投资企业名称"),
        Question("investment", "计划总投资（万元）"),
        Question("industry", "所属产业编号（直接回车为 other 其他）",
                 {i: INDUSTRIES.get(i, i) for i in industries}, "other"),
        Question("township", "乡镇或园区编号", _names(data, "townships", lambda t: str(t.get("name", "")))),
    ]


def leader_question(data: DataSet) -> Question:
    return Question("leader", "包联县领导编号（重点项目须由县级领导包联，第十二条）",
                    _names(data, "leaders", lambda r: f"{r.get('name', '')}，{r.get('title', '')}".strip("，")))


def problem(q: Question, value: str) -> str | None:
    """Why ``value`` is not a valid answer, or None."""
    if not value:
        return f"{q.prompt}不能为空"
    if q.key == "investment":
        try:
            number = float(value)
        except ValueError:
            return f"计划总投资“{value}”不是数字（单位万元）"
        return "计划总投资不能为负数" if number < 0 or number != number else None
    if q.choices is not None and value not in q.choices:
        return f"{q.prompt.split('（')[0]}“{value}”不存在"
    return None


def listing(q: Question, *, lines: bool = False) -> str:
    """The valid answers with their Chinese names: one a line for a terminal, else in one line."""
    assert q.choices is not None
    if lines:
        return "可选：\n" + "\n".join(f"  {k}（{v}）" for k, v in q.choices.items())
    return "可选：" + "；".join(f"{k}（{v}）" for k, v in q.choices.items())


class Asker:
    """Answers from the command line, else from the clerk (``ask``), each one checked."""

    def __init__(self, interactive: bool, ask: Callable[[str], str] = input,
                 say: Callable[[str], None] = print) -> None:
        self.interactive, self.ask, self.say = interactive, ask, say

    def answer(self, q: Question, given: str | None) -> str:
        value = (given or "").strip()
        if not value and q.default and (given is not None or not self.interactive):
            value = q.default
        while True:
            why = problem(q, value)
            if why is None:
                return value
            if not self.interactive:
                raise BadAnswer(f"{why}" + (f"：{listing(q)}" if q.choices else ""))
            if value:
                self.say(f"{why}，请重新输入。")
            if q.choices:
                self.say(listing(q, lines=True))
            try:
                value = self.ask(f"{q.prompt}：").strip() or (q.default or "")
            except EOFError:
                raise PortalError("输入已结束，没有创建项目文件") from None


def missing(data: DataSet, answers: dict[str, str | None]) -> list[str]:
    return [f"--{q.key}" for q in questions(data) if q.default is None and not answers.get(q.key)]


def gather(data: DataSet, answers: dict[str, str | None], interactive: bool,
           asker: Asker | None = None) -> NewProject:
    """The new project's answers, asked for or checked; raises BadAnswer or PortalError."""
    asker = asker or Asker(interactive)
    if not interactive and missing(data, answers):
        raise PortalError(f"缺少选项 {' '.join(missing(data, answers))}（或在终端中交互运行）")
    values = {q.key: asker.answer(q, answers.get(q.key)) for q in questions(data)}
    investment = float(values["investment"])
    leader, key = answers.get("leader"), bool(answers.get("key"))
    if key or leader:
        q = leader_question(data)
        if not interactive and not leader:
            raise PortalError(f"重点项目须由县级领导包联（第十二条）：请用 --leader 指定，{listing(q)}")
        leader = asker.answer(q, leader)
    ident = answers.get("id")
    if ident and not ID.fullmatch(ident):
        raise BadAnswer(f"项目编号“{ident}”只能由小写英文字母、数字和连字符组成")
    return NewProject(name=values["name"], unit=values["unit"], investor=values["investor"],
                      investment=investment, industry=values["industry"], township=values["township"],
                      id=ident or None, leader=leader or None, key=key)
