"""OC4IDS export: the projects as an Open Contracting for Infrastructure Data Standard
(0.9) project package, for reuse by anyone who reads that standard.

Only public data goes out (records pass through the public audience first, and each field
is chosen here explicitly): no investor contacts, complainants, internal notes or leaders'
internal details. Amounts are converted from 万元 to yuan (CNY); dates are RFC 3339
date-times at midnight Asia/Shanghai (+08:00), the day the county's date refers to.

Mappings to the OC4IDS codelists (checked against the official codelists in the tests):

* stage -> ``projectStatus`` (closed codelist): collection, assessment and policy decide
  whether the project is taken up at all -> ``identification``; signing and joint review
  prepare it (feasibility report, pre-review opinions) -> ``preparation``; landing (approvals,
  construction) -> ``implementation``; production -> ``completion``: the county follows a
  project until it produces and then records its final investment, which is OC4IDS's
  close-out ("maintenance", i.e. operating the asset, is the investor's business and is
  not tracked here). ``cancelled`` -> ``cancelled`` whatever the stage. A *paused* project
  has no code of its own (the codelist names phases, not a suspension): it keeps the phase
  of its stage, and its description starts with 【项目暂停】 so readers are told.
* industry -> ``projectSector`` (open codelist; only its own codes are used): energy
  industries -> ``energy``; culture and tourism -> ``cultureSportsAndRecreation``;
  logistics -> ``transport``; processing and manufacturing, which the codelist has no code
  for, -> ``economy`` (agribusiness, industry and the like). The county's own industry code
  travels beside it in ``additionalClassifications``.
* approvals -> ``milestones`` of type ``approval`` with code ``projectApproval`` (both from the
  codelists); our status -> ``milestoneStatus`` (closed): pending and due soon ->
  ``scheduled``, done on time or late -> ``met`` (``dateMet`` after ``dueDate`` shows the
  delay), overdue -> ``notMet`` (as reviewed on ``dateModified`` = the evaluation date).
* monthly reports -> ``metrics`` ``financialProgress`` (cumulative investment as a CNY
  value) and ``physicalProgress`` (形象进度 as a percent measure, UN/CEFACT unit ``P1``),
  one observation per reported month.
* parties: the attracting unit is the ``publicAuthority``; the investor is the ``funder``
  (partyRole: "an entity providing money or finance for this project"), identified by its
  unified social credit code under org-id's ``CN-SAIC`` scheme when it has one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from ..evaluate.facts import Deadline, Facts, ProjectFacts
from ..records import Records
from ..render.labels import INDUSTRIES, STAGES, label
from ..workdays import month_end
from . import json_text
from .json_text import Items
from .view import Names, public, status_name

OC4IDS_VERSION = "0.9"
PUBLISHER = "吉木萨尔县招商引资领导小组办公室"
# A made-up but well-formed project identifier prefix ("oc4ids-" + six characters + "-").
# It is NOT registered: replace it with the prefix the OC4IDS helpdesk assigns to the county
# before the data is published for real.
ID_PREFIX = "oc4ids-jmsr00-"
# Placeholder site address (example.org is reserved for examples): the site's real address
# goes here, or is passed in by whoever publishes the file.
BASE_URL = "https://jimsar.example.org/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
TZ = "+08:00"  # dates are days in Asia/Shanghai

STAGE_STATUS = {
    "collection": "identification", "assessment": "identification", "policy": "identification",
    "signing": "preparation", "review": "preparation",
    "landing": "implementation", "production": "completion",
}
INDUSTRY_SECTORS = {
    "coal_chemical": "energy", "new_energy": "energy", "energy_storage": "energy",
    "new_materials": "economy", "agri_processing": "economy", "equipment": "economy",
    "other": "economy", "culture_tourism": "cultureSportsAndRecreation", "logistics": "transport",
}
MILESTONE_STATUS = {
    "pending": "scheduled", "due_soon": "scheduled", "overdue": "notMet",
    "done_on_time": "met", "done_late": "met",
}
REGION = "新疆维吾尔自治区"
LOCALITY = "昌吉回族自治州吉木萨尔县"
COUNTRY = "中国"
COUNTY_ADDRESS = {"region": REGION, "locality": LOCALITY, "countryName": COUNTRY}


def date_time(day: dt.date, end_of_day: bool = False) -> str:
    """RFC 3339 date-time of a county date (start or end of that day in Asia/Shanghai)."""
    return f"{day.isoformat()}T{'23:59:59' if end_of_day else '00:00:00'}{TZ}"


def yuan(amount: float | int) -> int | float:
    """万元 -> yuan, exactly (no float noise): 1234.56 -> 12345600."""
    value = Decimal(str(amount)) * 10000
    return int(value) if value == value.to_integral_value() else float(value)


def wan(value: float | int) -> str:
    """An amount in 万元 as people write it: 8000.0 -> "8000", 12.50 -> "12.5"."""
    return f"{Decimal(str(value)).normalize():f}"


def cny(amount: float | int) -> dict[str, Any]:
    """An amount in 万元 as an OC4IDS Value in yuan."""
    return {"amount": yuan(amount), "currency": "CNY"}


def project_status(p: ProjectFacts) -> str:
    return "cancelled" if p.status == "cancelled" else STAGE_STATUS[p.stage]


def _description(p: ProjectFacts, record: dict[str, Any], names: Names) -> str:
    content = record.get("content")
    text = content.strip() if isinstance(content, str) and content.strip() else (
        f"{p.name}，建设地点{names.township(p.township)}，"
        f"计划总投资{wan(p.total_investment)}万元，"
        f"当前处于{label(STAGES, p.stage)}阶段。")
    return f"【项目暂停】{text}" if p.status == "paused" else text


def _parties(p: ProjectFacts, record: dict[str, Any], names: Names
             ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    authority = {"id": f"unit-{p.lead_unit}", "name": names.unit(p.lead_unit),
                 "address": dict(COUNTY_ADDRESS), "roles": ["publicAuthority"]}
    parties = [authority]
    investor = record.get("investor") or {}
    if investor.get("name"):
        code = investor.get("credit_code")
        party: dict[str, Any] = {"id": f"CN-SAIC-{code}" if code else "investor",
                                 "name": investor["name"], "roles": ["funder"]}
        if code:
            party["identifier"] = {"scheme": "CN-SAIC", "id": code, "legalName": investor["name"]}
        parties.append(party)
    return parties, {"id": f"unit-{p.lead_unit}", "name": names.unit(p.lead_unit)}


def _milestone(d: Deadline, names: Names, as_of: dt.date) -> dict[str, Any]:
    parts = [f"办理部门：{names.unit(d.unit)}"]
    if d.start:
        parts.append(f"申报日期：{d.start.isoformat()}")
    if d.extra.get("time_limit_workdays"):
        parts.append(f"办理时限：{d.extra['time_limit_workdays']}个工作日")
    parts.append(f"状态：{status_name(d)}")
    if d.overdue_workdays:
        parts.append(f"逾期{d.overdue_workdays}个工作日")
    if d.reason:
        parts.append(f"延误原因：{d.reason}")
    m: dict[str, Any] = {"id": f"approval-{d.ref}", "title": d.label, "type": "approval",
                         "code": "projectApproval", "description": "；".join(parts)}
    if d.deadline:
        m["dueDate"] = date_time(d.deadline)
    if d.completed:
        m["dateMet"] = date_time(d.completed)
    m["dateModified"] = date_time(as_of)
    m["status"] = MILESTONE_STATUS[d.status]
    return m


def _period(month: str) -> dict[str, str]:
    year, mon = int(month[:4]), int(month[5:7])
    return {"startDate": date_time(dt.date(year, mon, 1)),
            "endDate": date_time(month_end(year, mon), end_of_day=True)}


def _metrics(record: dict[str, Any], as_of: dt.date) -> list[dict[str, Any]]:
    current = f"{as_of.year:04d}-{as_of.month:02d}"
    reports = sorted((r for r in record.get("monthly_reports", []) if r["month"] <= current),
                     key=lambda r: r["month"])
    if not reports:
        return []
    financial = [{
        "id": f"financialProgress-{r['month']}", "period": _period(r["month"]),
        "value": cny(r["cumulative"]),
        "notes": f"{r['month']} 当月完成投资 {wan(r['invested'])} 万元，"
                 f"累计完成投资 {wan(r['cumulative'])} 万元",
    } for r in reports]
    physical = []
    for r in reports:
        obs: dict[str, Any] = {
            "id": f"physicalProgress-{r['month']}", "period": _period(r["month"]),
            "measure": r["progress_percent"],
            "unit": {"name": "percent", "scheme": "UNCEFACT", "id": "P1"},
        }
        if r.get("progress_text"):
            obs["notes"] = r["progress_text"]
        physical.append(obs)
    return [
        {"id": "financialProgress", "title": "财务进度",
         "description": "累计完成投资（元），来自每月月度报送（《服务管理办法》第十四条）。",
         "observations": financial},
        {"id": "physicalProgress", "title": "形象进度",
         "description": "工程形象进度百分比，来自每月月度报送（《服务管理办法》第十四条）。",
         "observations": physical},
    ]


def project_json(p: ProjectFacts, record: dict[str, Any], names: Names,
                 as_of: dt.date) -> dict[str, Any]:
    parties, authority = _parties(p, record, names)
    township = names.township(p.township)
    address = record.get("location", {}).get("address")
    location: dict[str, Any] = {
        "id": "1",
        "description": f"{LOCALITY}{township}" + (f"{address}" if address else ""),
        "address": {**({"streetAddress": f"{township}{address}"} if address else {}),
                    **COUNTY_ADDRESS},
    }
    out: dict[str, Any] = {
        "id": f"{ID_PREFIX}{p.id}",
        "language": "zh",
        "title": p.name,
        "description": _description(p, record, names),
        "status": project_status(p),
        "type": "construction",
        "sector": [INDUSTRY_SECTORS[p.industry]],
        "additionalClassifications": [{"scheme": "吉木萨尔县产业分类", "id": p.industry,
                                       "description": label(INDUSTRIES, p.industry)}],
        "publicAuthority": authority,
        "budget": {"amount": cny(p.total_investment)},
        "locations": [location],
        "parties": parties,
    }
    identifiers = [{"id": p.id, "scheme": "吉木萨尔县社会投资项目编号"}]
    if record.get("project_code"):
        identifiers.append({"id": record["project_code"], "scheme": "全国投资项目在线审批监管平台项目代码"})
    out["identifiers"] = identifiers
    milestones = [_milestone(d, names, as_of) for d in p.approvals]
    if milestones:
        out["milestones"] = milestones
    metrics = _metrics(record, as_of)
    if metrics:
        out["metrics"] = metrics
    return out


def package(records: Records, facts: Facts, base_url: str = BASE_URL) -> dict[str, Any]:
    return _package(records, facts, base_url, list)


def _package(records: Records, facts: Facts, base_url: str,
             projects_as: Callable[[Iterator[Any]], Any]) -> dict[str, Any]:
    """The package, its projects passed through ``projects_as`` (``list``, or ``Items`` to
    write them one at a time)."""
    shown = public(records)
    names = Names(shown)
    base = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "uri": f"{base}downloads/oc4ids.json",
        "publishedDate": date_time(facts.as_of),
        "version": OC4IDS_VERSION,
        "publisher": {"name": PUBLISHER},
        "license": LICENSE,
        "publicationPolicy": f"{base}about.html",  # use_directory_urls: false
        "projects": projects_as(project_json(p, shown.projects.get(p.id, {}), names, facts.as_of)
                                for p in facts.projects),
    }


def dump(records: Records, facts: Facts, out: BinaryIO, base_url: str = BASE_URL) -> None:
    """Indented JSON in UTF-8 written to ``out`` as it is made, one project at a time."""
    json_text.dump(_package(records, facts, base_url, Items), out)


# --- validation against the official schema (used by the tests; no network) -------------

PACKAGE_SCHEMA = "project-package-schema.json"
PROJECT_SCHEMA = "project-schema.json"


@cache
def schema_validator(schema_dir: Path) -> Any:
    """A Draft 4 validator for the package schema in ``schema_dir``, with the project schema
    it refers to by URL resolved from the same folder, and every ``format`` checked.

    Raises ``RuntimeError`` when a format the schema uses cannot be checked (jsonschema
    skips a format silently when the library behind it is missing).
    """
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((schema_dir / PACKAGE_SCHEMA).read_text(encoding="utf-8"))
    project_schema = json.loads((schema_dir / PROJECT_SCHEMA).read_text(encoding="utf-8"))

    # A Registry without a ``retrieve`` function never fetches anything: an unknown URL fails.
    registry: Registry[Any] = Registry().with_resources([
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in (package_schema, project_schema)
    ])
    checker = Draft4Validator.FORMAT_CHECKER
    used = _formats(package_schema) | _formats(project_schema)
    missing = used - set(checker.checkers)
    if missing:
        raise RuntimeError(f"cannot check formats {sorted(missing)}: install rfc3339-validator "
                           "and rfc3986-validator")
    return Draft4Validator(package_schema, registry=registry, format_checker=checker)


def _formats(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(v) for v in node))
    return set()
