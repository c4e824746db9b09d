"""Export: machine-readable data with computed facts: json, csv, xlsx ledger, OC4IDS."""
