"""The figures of a data folder checked against each other: monthly reports (one per month,
cumulative investment that never falls, a month's investment equal to the rise of the
cumulative figure, nothing reported before signing) and annual targets (one entry per year
and unit)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..load import Document
from ..load.dataset import DataSet
from ..schemas import is_year_month
from .common import as_date, get, mappings, mappings_in


def report_findings(doc: Document) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, report in mappings(doc, "monthly_reports"):
        month = report.get("month")
        if not isinstance(month, str) or not is_year_month(month):
            continue
        if month in seen:
            first = doc.mark(("monthly_reports", seen[month], "month"))[0]
            yield doc.finding(("monthly_reports", i, "month"), "duplicate-report",
                              f"{month} 的月报重复（第一次在第 {first} 行）：每月只报一条")
        seen[month] = i
        reported = as_date(report.get("reported"))
        if reported and len(month) == 7 and reported.isoformat()[:7] < month:
            yield doc.finding(("monthly_reports", i, "reported"), "date-order",
                              f"填报日期 {reported} 早于所报月份 {month}")


def _month_before(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


Report = tuple[str, int, dict[str, Any]]  # (month, index in monthly_reports, the report)


def investment_findings(doc: Document) -> Iterator[Finding]:
    """Monthly reports against each other and the signing: cumulative investment never
    falls; a month's investment is the rise of the cumulative figure since the month before;
    reports are owed from the signing month on, so an earlier one is most likely a typing
    mistake in the month (a warning: the project may have started work before signing)."""
    reports: list[Report] = sorted(
        ((r["month"], i, r) for i, r in mappings(doc, "monthly_reports")
         if isinstance(r.get("month"), str) and is_year_month(r["month"])
         and _amount(r.get("cumulative"))), key=lambda t: (t[0], t[1]))
    signed = as_date(get(doc.data, ("signing", "signed")))
    for n, (month, i, _) in enumerate(reports):
        if signed and month < signed.isoformat()[:7]:
            yield doc.finding(("monthly_reports", i, "month"), "report-before-signing",
                              f"{month} 的月报早于协议签订月份（{signed}）：月报自签约当月起报送，请核对月份",
                              severity="warning")
        if n and reports[n - 1][0] != month:  # a repeated month is reported by report_findings
            yield from _against_previous(doc, reports[n - 1], reports[n])


def _against_previous(doc: Document, previous: Report, current: Report) -> Iterator[Finding]:
    (last_month, _, last), (month, i, report) = previous, current
    before, now, invested = last["cumulative"], report["cumulative"], report.get("invested")
    if now < before:
        yield doc.finding(("monthly_reports", i, "cumulative"), "cumulative-decrease",
                          f"{month} 的累计完成投资（{now} 万元）少于 {last_month} 的"
                          f"（{before} 万元）：累计数只增不减，请核对")
    elif (last_month == _month_before(month) and _amount(invested) and not report.get("correction_note")
          and abs(now - before - invested) > INVESTED_TOLERANCE):
        yield doc.finding(("monthly_reports", i, "invested"), "invested-mismatch",
                          f"{month} 的当月完成投资（{invested} 万元）不等于累计数之差"
                          f"（{now} − {before} = {round(now - before, 2)} 万元）："
                          "请核对，确有原因的请填写 correction_note 说明")


INVESTED_TOLERANCE = 1  # 万元: monthly figures are rounded, usually to 1 or 0.1 万元


def _amount(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def target_findings(data: DataSet) -> Iterator[Finding]:
    """One entry per year in targets.yaml, and one per unit within a year: a second one
    would silently replace or double the first in the scores."""
    doc = data.files.get("targets")
    if doc is None:
        return
    years: dict[Any, int] = {}
    for i, year in mappings(doc, "years"):
        value = year.get("year")
        if isinstance(value, int) and value in years:
            first = doc.mark(("years", years[value], "year"))[0]
            yield doc.finding(("years", i, "year"), "duplicate-target-year",
                              f"{value} 年的目标重复（第一次在第 {first} 行）：每年只写一条")
        years.setdefault(value, i)
        units: dict[str, int] = {}
        for j, unit in mappings_in(year, "units"):
            name = unit.get("unit")
            if isinstance(name, str) and name in units:
                first = doc.mark(("years", i, "units", units[name], "unit"))[0]
                yield doc.finding(("years", i, "units", j, "unit"), "duplicate-target-unit",
                                  f"{value} 年单位“{name}”的任务重复（第一次在第 {first} 行）：每个单位每年只写一条")
            if isinstance(name, str):
                units.setdefault(name, j)
