"""Success measures: whether each objective can measure the engagement's success as it stands
(KPI, unit, baseline, target, due date and owner set, target unlike baseline, not past due),
and the KPIs the role usually signs up to while objectives are still being agreed."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from playbook.intake.client import Client, Objective
from playbook.onboarding.templates import template
from playbook.report.formatting import date_text

OBJECTIVE_FIELDS = {"kpi": "KPI", "unit": "unit", "baseline": "baseline", "target": "target",
                    "due": "due date", "owner": "owner"}


def label(objective: Objective) -> str:
    """An objective as executives name it: its title; only an untitled one is named by its id."""
    return f"'{objective.title}'" if objective.title else f"Objective {objective.id}"


def check(objective: Objective, as_of: dt.date | None) -> tuple[list[str], list[str]]:
    """(missing fields, issue sentences) for one objective."""
    missing = [name for name in OBJECTIVE_FIELDS if getattr(objective, name) in (None, "")]
    named, issues = label(objective), []
    if missing:
        words = [OBJECTIVE_FIELDS[m] for m in missing]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
        issues.append(f"{named} has no {listed}")
    b, t = objective.baseline, objective.target
    if b is not None and t is not None and math.isclose(b, t, rel_tol=1e-9, abs_tol=1e-12):
        issues.append(f"{named} target equals baseline ({b})")
    if as_of and objective.due and objective.due < as_of:
        issues.append(f"{named} was due {date_text(objective.due)}, before the as-of date {date_text(as_of)}")
    return missing, issues


def objective_readiness(client: Client, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per objective; `ready` only when it can serve as a success measure as it stands.

    The past-due check runs against `as_of`, else client.as_of, and is skipped when neither is set.
    """
    as_of = as_of or client.as_of
    rows = []
    for o in client.objectives:
        missing, issues = check(o, as_of)
        rows.append({"id": o.id, "title": o.title, **{k: getattr(o, k) for k in OBJECTIVE_FIELDS},
                     "ready": not issues, "missing": missing, "issues": issues})
    return pd.DataFrame(rows, columns=["id", "title", *OBJECTIVE_FIELDS, "ready", "missing", "issues"])


def objective_issues(client: Client, as_of: dt.date | None = None) -> list[str]:
    """Sentences naming each objective and what stops it measuring success."""
    if not client.objectives:
        return ["No objectives agreed yet: there is nothing to measure the engagement's success against"]
    as_of = as_of or client.as_of
    return [issue for o in client.objectives for issue in check(o, as_of)[1]]


def suggested_kpis(client: Client) -> pd.DataFrame:
    """KPIs the role usually signs up to, as prompts when objectives are still being agreed."""
    return pd.DataFrame([k.model_dump() for k in template(client.role).kpis], columns=["kpi", "unit", "why"])
