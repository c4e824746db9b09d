"""Export: machine-readable data with computed facts (json; csv, xlsx and oc4ids later)."""
