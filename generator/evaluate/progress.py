"""Investment and physical progress from the monthly reports (art. 14)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .facts import Progress


def project_progress(p: dict[str, Any], as_of: dt.date) -> Progress:
    current = f"{as_of.year:04d}-{as_of.month:02d}"
    reports = sorted((r for r in p.get("monthly_reports", []) if r["month"] <= current),
                     key=lambda r: r["month"])
    plans = {a["year"]: float(a["planned"]) for a in p.get("annual_plans", [])}
    total = float(p.get("total_investment") or 0)
    if not reports:
        return Progress(year_plan=plans.get(as_of.year))
    last = reports[-1]
    cumulative = float(last["cumulative"])
    year = f"{as_of.year:04d}-"
    return Progress(
        cumulative=cumulative,
        percent_of_total=round(cumulative / total * 100, 1) if total > 0 else None,
        physical_percent=float(last["progress_percent"]),
        latest_month=last["month"],
        year_invested=sum(float(r["invested"]) for r in reports if r["month"].startswith(year)),
        year_plan=plans.get(as_of.year),
        series=tuple((r["month"], float(r["invested"]), float(r["cumulative"]),
                      float(r["progress_percent"])) for r in reports),
    )
