"""`portal export --format json`: the facts dump other tools rely on (DESIGN §5)."""

from __future__ import annotations

import json

from tests.conftest import AS_OF

STATUSES = {"pending", "due_soon", "overdue", "done_on_time", "done_late"}


def test_the_json_export_carries_the_contract_fields(run, data_dir):
    result = run("export", "--format", "json", "--data", "data", "--as-of", AS_OF)
    assert result.code == 0, result.err
    dump = json.loads(result.out)
    assert dump["as_of"] == AS_OF
    [project] = dump["projects"]
    assert {"id", "name", "stage", "lead_unit", "approvals", "unexplained_overdue"} <= set(project)
    approvals = {a["item"]: a for a in project["approvals"]}
    assert approvals["filing"].items() >= {
        "item": "filing", "name": "企业投资项目备案", "department": "fagaiwei",
        "submitted": "2026-03-16", "deadline": "2026-03-19", "completed": "2026-03-18",
        "status": "done_on_time", "overdue_workdays": 0, "reason": None, "paused_workdays": 0,
        "judged": True, "rule_set": "measures-2026"}.items()
    eia = approvals["eia-table"]
    # 15 working days after 2026-04-01, skipping Qingming (Apr 4-6) -> 2026-04-23
    assert (eia["deadline"], eia["status"]) == ("2026-04-23", "overdue")
    assert eia["overdue_workdays"] > 100
    assert all(a["status"] in STATUSES for a in project["approvals"])
    kinds = {(u["kind"], u["ref"]) for u in project["unexplained_overdue"]}
    assert ("approval", "eia-table") in kinds and ("monthly_report", "2026-04") in kinds
    assert {d["id"] for d in dump["departments"]} >= {"shanggongju", "fagaiwei"}
    assert all({"id", "name", "score", "indicators"} <= set(d) for d in dump["departments"])


def test_the_export_can_be_written_to_a_file(run, data_dir, tmp_path):
    out = tmp_path / "facts.json"
    assert run("export", "--format", "json", "--data", "data", "--as-of", AS_OF,
               "--out", str(out)).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == AS_OF


def test_invalid_data_is_not_exported(run, data_dir):
    (data_dir / "projects" / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    result = run("export", "--format", "json", "--data", "data", "--as-of", AS_OF)
    assert result.code == 1 and result.out == "" and "broken.yaml" in result.err
