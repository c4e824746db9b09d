"""Export: machine-readable data with computed facts: json, csv, xlsx ledger, OC4IDS."""

from __future__ import annotations

from ..evaluate.facts import Facts
from ..records import Records

FORMATS = ("json", "csv", "xlsx", "oc4ids")


def export_bytes(fmt: str, records: Records, facts: Facts, base_url: str | None = None) -> bytes:
    """One export as the file's bytes (text formats in UTF-8; the csv starts with a BOM).

    ``base_url`` is where the site publishes the OC4IDS package (its ``uri``); the other
    formats do not use it. Each format's module is imported only when it is asked for.
    """
    if fmt == "xlsx":
        from . import xlsx

        return xlsx.dumps(records, facts)
    if fmt == "oc4ids":
        from . import oc4ids

        return oc4ids.dumps(records, facts, base_url) if base_url else oc4ids.dumps(records, facts)
    if fmt == "json":
        from . import facts_json

        return facts_json.dumps(records, facts)
    if fmt == "csv":
        from . import csv_export

        return csv_export.dumps(records, facts).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}")
