"""How the benefits deliverable writes a benefit: measures with the decimals of their scale,
promises with their unit written once, labels, statuses and status counts in words. Money is
written by playbook.report.formatting.money_text, the same in every deliverable."""
from __future__ import annotations

from typing import Any

import pandas as pd

from playbook.benefits.realisation import flag
from playbook.benefits.rows import Benefit, blank
from playbook.benefits.trajectory import AMBER, GREEN, NO_DATA, RAGS, RED
from playbook.intake.client import Objective
from playbook.report.formatting import join_words, money_text, number_text

NOT_TRACKED = "not tracked"  # a benefit of work that is not approved, in flight or done
RAG_WORDS = {GREEN: "Green", AMBER: "Amber", RED: "Red", NO_DATA: "No data", NOT_TRACKED: "Not tracked"}


def _digits(scale: float) -> int:
    """Decimals that suit a measure of this size: 1,905 · 94.8 · 2.40 · 0.134."""
    return 0 if scale >= 100 else 1 if scale >= 10 else 2 if scale >= 1 else 3


def _with_unit(text: str, unit: Any) -> str:
    if blank(unit):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def scale_of(b: Benefit) -> float:
    """The size of the benefit's measure, which sets the decimals its values are written with."""
    return max(abs(float(b["baseline"])), abs(float(b["target"])))


def measure_text(value: float | None, unit: str | None = None, scale: float | None = None) -> str:
    """A measure's value and unit, with the decimals of its benefit's scale (or its own size)."""
    if value is None or pd.isna(value):
        return ""
    return _with_unit(f"{value:,.{_digits(abs(value) if scale is None else scale)}f}", unit)


def span_text(baseline: float, target: float, unit: str | None) -> str:
    """"12.0 → 18.0 GBP m": a promise with its unit written once."""
    d = _digits(max(abs(baseline), abs(target)))
    return _with_unit(f"{baseline:,.{d}f} → {target:,.{d}f}", unit)


def text_or(value: Any, default: str = "") -> str:
    """Text for a table cell: `default` where the register left the field blank."""
    return default if blank(value) else str(value)


def benefit_label(bid: Any, row: pd.Series) -> str:
    return f"{bid} {row['name']}"


def objective_label(o: Objective) -> str:
    return f"{o.id} {o.title}" if o.title else o.id


def status_text(a: pd.Series) -> str:
    """One assessed benefit's status in words: "RED · 57% of plan · forecast misses"."""
    parts = [RAG_WORDS[a["rag"]].upper()]
    if pd.notna(a["realisation_pct"]):
        parts.append(f"{pct_text(a['realisation_pct'])} of plan")
    if a["stale"]:
        parts.append("stale")
    elif a["no_actuals"]:
        parts.append("not measured yet")
    if flag(a["forecast_meets_target"]) is False:
        parts.append("forecast misses")
    return " · ".join(parts)


def status_counts(group: pd.Series | None) -> str:
    """A roll-up group's benefits by status: "2 green · 1 amber"."""
    if group is None or not group["benefits"]:
        return "no benefits linked"
    return " · ".join(f"{int(group[rag])} {RAG_WORDS[rag].lower()}" for rag in RAGS if group[rag])


def pct_text(value: float) -> str:
    """A figure already in percent (57.5) as the deliverable writes it (58%), rounded half up."""
    return f"{number_text(value, 0)}%"


def run_rate(value: float, currency: str) -> str:
    """Money whose basis is an annual run-rate: "£4.9m a year"."""
    return f"{money_text(value, currency)} a year"


def top_words(words: list[str], shown: int = 3) -> str:
    """A long list as a sentence says it: the first few, then "and N more"."""
    if len(words) <= shown + 1:
        return join_words(words)
    return ", ".join(words[:shown]) + f" and {len(words) - shown} more"
