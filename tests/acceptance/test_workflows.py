"""The CI workflow files offered to data repositories are valid GitHub workflows."""

from __future__ import annotations

import subprocess
import sys

import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_the_workflows_validate_against_the_github_workflow_schema():
    assert len(WORKFLOWS) == 3
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pull_request_workflow_runs_the_base_gate_with_annotations():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "pr-check.yml").read_text("utf-8"))
    steps = " ".join(str(s.get("run", "")) for s in flow["jobs"]["check"]["steps"])
    assert "portal check" in steps and "--base" in steps and "--format github" in steps
    checkout = flow["jobs"]["check"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0  # --base needs the target branch's history


def test_the_daily_check_runs_in_the_morning_in_shanghai():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "daily.yml").read_text("utf-8"))
    cron = flow[True]["schedule"][0]["cron"]  # PyYAML reads the key `on` as True
    minute, hour = cron.split()[:2]
    assert (int(hour) + 8) % 24 == 7 and minute == "0"


def test_the_pre_commit_hook_offers_portal_validate():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert any(h["id"] == "portal-validate" and h["entry"].startswith("portal validate")
               for h in hooks)
