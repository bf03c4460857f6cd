"""The output types a notebook run hands the exporter: charts, tables' data, the header facts,
the results.

Kept apart from the modules that produce them so that the exporter and the batch workers read
them without importing pandas or altair.
"""
from __future__ import annotations

import math
from typing import Any

CHART = "application/vnd.playbook.chart+json"
META = "application/vnd.playbook.meta+json"
RESULTS = "application/vnd.playbook.results+json"
TABLE = "application/vnd.playbook.table+json"  # a table's values, for the numbers workbook


def finite_json(value: Any) -> Any:
    """Data as strict JSON: NaN and infinity become null (no value), numpy scalars and dates
    plain values, so no reader (JSON.parse in a deliverable, the portal, jupyter's messages)
    ever meets 'NaN' or 'Infinity'."""
    if isinstance(value, dict):
        return {str(k): finite_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(v) for v in value]
    if isinstance(value, (str, bool, int)) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return finite_json(value.item())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
