"""The machine-readable summary written next to the onboarding deliverable (results JSON): the
figures of the cost case and the meeting load, the issues found and what must be fixed."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.findings import blocked, must_fix
from playbook.onboarding.governance import raci_issues
from playbook.onboarding.hours import meeting_load
from playbook.onboarding.objectives import objective_issues, objective_readiness
from playbook.onboarding import people
from playbook.onboarding.positioning import positioning
from playbook.onboarding.progress import counts, slips
from playbook.onboarding.summary import Brief


def results(client: Client, as_of: dt.date | None = None, plan: pd.DataFrame | None = None,
            asked: Brief | None = None) -> dict[str, Any]:
    """The machine-readable summary written next to the deliverable (JSON-serialisable); with the
    plan's progress and the summary, their statuses and the decisions requested too."""
    costs, load, place = cost_effectiveness(client), meeting_load(client), positioning(client)
    when = as_of or client.as_of
    readiness = objective_readiness(client, when)
    return {
        "role": client.role,
        "as_of": when.isoformat() if when else None,
        "fractional_cost": costs.fractional_cost,
        "full_time_cost_same_term": costs.full_time_cost_same_term,
        "cost_ratio": costs.cost_ratio,
        "saving": costs.saving,
        "fte_equivalent": costs.fte_equivalent,
        "cost_missing": list(costs.missing),
        "meeting_hours_per_month": load.hours_per_month,
        "contracted_hours_per_month": load.contracted_hours_per_month,
        "meeting_load_share": load.share,
        "meeting_overload": load.warning,
        "raci_issues": raci_issues(client),
        "objective_issues": objective_issues(client, when),
        "objectives_ready": int(readiness["ready"].sum()),
        "objectives_total": len(readiness),
        "positioning": {"type": place.type, "flag": place.flag, "reasons": list(place.reasons)},
        "blocked_resources": blocked(client),
        "must_fix": must_fix(client, when),
        "hourly_premium": costs.hourly_premium,
        "decide_by": people.by_steering(client, when).on.isoformat() if when else None,  # as delivery and benefits
        "plan_status": counts(plan) if plan is not None and not plan.empty else None,
        "plan_behind": [{"task": s.task, "status": s.status, "due": s.due.isoformat(), "days": s.days}
                        for s in slips(plan)] if plan is not None and not plan.empty else [],
        "decisions": [{"what": d.what, "who": d.who, "by": d.by.isoformat() if hasattr(d.by, "isoformat") else d.by}
                      for d in asked.decisions] if asked is not None else [],
    }
