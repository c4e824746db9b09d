"""OC4IDS: our mappings use the official codelists, and the schema validation really bites
(references resolved from local files, every format checked)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from generator.export import oc4ids
from generator.pipeline import load_and_evaluate
from generator.render.labels import INDUSTRIES, STAGES
from tests.conftest import AS_OF, FIXTURES

SCHEMA_DIR = FIXTURES / "oc4ids"
STATUSES = ("pending", "due_soon", "overdue", "done_on_time", "done_late")


def codes(name: str) -> set[str]:
    with (SCHEMA_DIR / "codelists" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def test_the_schema_copy_is_complete_and_licensed():
    assert "Apache License" in (SCHEMA_DIR / "LICENSE").read_text(encoding="utf-8")
    package = json.loads((SCHEMA_DIR / oc4ids.PACKAGE_SCHEMA).read_text(encoding="utf-8"))
    project = json.loads((SCHEMA_DIR / oc4ids.PROJECT_SCHEMA).read_text(encoding="utf-8"))
    assert package["properties"]["projects"]["items"]["$ref"] == project["id"]
    assert "0__9__5" in project["id"]


def test_every_stage_and_status_maps_to_a_project_status():
    assert set(oc4ids.STAGE_STATUS) == set(STAGES)
    assert set(oc4ids.STAGE_STATUS.values()) <= codes("projectStatus")
    assert "cancelled" in codes("projectStatus")


def test_every_industry_maps_to_a_sector_code():
    assert set(oc4ids.INDUSTRY_SECTORS) == set(INDUSTRIES)
    assert set(oc4ids.INDUSTRY_SECTORS.values()) <= codes("projectSector")


def test_every_approval_status_maps_to_a_milestone_status():
    assert set(oc4ids.MILESTONE_STATUS) == set(STATUSES)
    assert set(oc4ids.MILESTONE_STATUS.values()) <= codes("milestoneStatus")


def test_amounts_and_dates():
    assert oc4ids.yuan(8000.0) == 80000000 and isinstance(oc4ids.yuan(8000.0), int)
    assert oc4ids.yuan(1234.56) == 12345600
    assert oc4ids.yuan(0.015) == 150
    assert oc4ids.yuan(0.00001) == 0.1
    assert oc4ids.cny(1) == {"amount": 10000, "currency": "CNY"}
    assert oc4ids.date_time(dt.date(2026, 2, 28)) == "2026-02-28T00:00:00+08:00"
    assert oc4ids.date_time(dt.date(2026, 2, 28), end_of_day=True) == "2026-02-28T23:59:59+08:00"
    assert oc4ids.wan(8000.0) == "8000" and oc4ids.wan(12.50) == "12.5"


def test_every_format_the_schema_uses_is_checked():
    validator = oc4ids.schema_validator(SCHEMA_DIR)
    assert {"date-time", "uri", "email"} <= set(validator.format_checker.checkers)
    assert {"date-time", "uri", "email"} <= set(Draft4Validator.FORMAT_CHECKER.checkers)


@pytest.fixture
def package(data_dir: Path) -> dict:
    result = load_and_evaluate(data_dir, dt.date.fromisoformat(AS_OF))
    assert result.records is not None and result.facts is not None
    return oc4ids.package(result.records, result.facts)


def test_the_base_fixture_exports_a_valid_package(package):
    validator = oc4ids.schema_validator(SCHEMA_DIR)
    assert [e.message for e in validator.iter_errors(package)] == []


def test_open_codelist_values_come_from_the_codelists(package):
    for project in package["projects"]:
        assert set(project["sector"]) <= codes("projectSector")
        assert project["type"] in codes("projectType")
        assert {r for p in project["parties"] for r in p["roles"]} <= codes("partyRole")
        assert {m["type"] for m in project["milestones"]} <= codes("milestoneType")
        assert {m["code"] for m in project["milestones"]} <= codes("milestoneCode")
        assert {m["status"] for m in project["milestones"]} <= codes("milestoneStatus")
        assert {m["id"] for m in project["metrics"]} == codes("metricID")
        assert project["budget"]["amount"]["currency"] in codes("currency")


def _broken(package: dict, path: tuple, value: object) -> dict:
    bad = copy.deepcopy(package)
    node = bad
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return bad


@pytest.mark.parametrize(("path", "value", "keyword"), [
    (("projects", 0, "milestones", 0, "dueDate"), "2026-03-19", "format"),      # a date, not date-time
    (("publishedDate",), "2026-11-26 00:00", "format"),
    (("uri",), "not a uri", "format"),
    (("projects", 0, "status"), "paused", "enum"),
    (("projects", 0, "milestones", 0, "status"), "late", "enum"),
    (("projects", 0, "budget", "amount", "currency"), "RMB", "enum"),
    (("projects", 0, "budget", "amount", "amount"), "8000万元", "type"),
    (("publisher",), KeyError, "required"),
    (("projects", 0, "id"), KeyError, "required"),
    (("version",), "0.9.5", "pattern"),
    (("projects",), [], "minItems"),
])
def test_a_broken_package_fails_validation(package, path, value, keyword):
    validator = oc4ids.schema_validator(SCHEMA_DIR)
    assert validator.is_valid(package)
    errors = list(validator.iter_errors(_broken(package, path, value)))
    assert keyword in {e.validator for e in errors}, [e.message for e in errors]


def test_references_resolve_without_network(tmp_path):
    # Only the package schema, without the project schema beside it: the $ref by URL must
    # fail to resolve instead of being fetched from the internet.
    from referencing.exceptions import Unresolvable

    (tmp_path / oc4ids.PACKAGE_SCHEMA).write_bytes((SCHEMA_DIR / oc4ids.PACKAGE_SCHEMA).read_bytes())
    (tmp_path / oc4ids.PROJECT_SCHEMA).write_text(json.dumps({"id": "urn:other", "type": "object"}),
                                                  encoding="utf-8")
    validator = oc4ids.schema_validator(tmp_path)
    with pytest.raises(Unresolvable):
        validator.validate({"uri": "https://a.example/", "publisher": {"name": "x"}, "version": "0.9",
                            "publishedDate": "2026-01-01T00:00:00Z", "projects": [{"id": "p"}]})
