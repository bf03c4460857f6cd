"""The 30-60-90-day plan (diagnose, prioritise, prove) from the role template, dated from
engagement.start, and the list of dated deliverables the charter shows."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.templates import PHASES, template
from playbook.onboarding.text import span


def plan_30_60_90(client: Client) -> pd.DataFrame:
    """Diagnose, prioritise, prove, dated from engagement.start.

    Without a start date the dates are None and attrs["note"] says why; day offsets are always given.
    """
    start = client.engagement.start
    rows = [{"phase": t.phase, "task": t.task, "start_day": t.start_day, "end_day": t.end_day,
             "start": start + dt.timedelta(days=t.start_day) if start else None,
             "end": start + dt.timedelta(days=t.end_day) if start else None,
             "deliverable": t.deliverable, "notebook": t.notebook, "check": t.check}
            for t in template(client.role).plan]
    order = {p: i for i, p in enumerate(PHASES)}
    table = (pd.DataFrame(rows).assign(_phase=lambda d: d["phase"].map(order))
             .sort_values(["_phase", "start_day", "end_day"], kind="stable")
             .drop(columns="_phase").reset_index(drop=True))
    if start is None:
        table.attrs["note"] = "engagement.start is not set: the plan shows days from the start, not dates"
    return table


def plan_spans(plan: pd.DataFrame) -> list[str]:
    """Each task's dates, or its days when the engagement has no start date."""
    return [span(s, e) if s else f"days {a}-{b}"
            for s, e, a, b in zip(plan["start"], plan["end"], plan["start_day"], plan["end_day"])]


def plan_table(client: Client) -> pd.DataFrame:
    """The 30-60-90 plan as a list of dated deliverables."""
    plan = plan_30_60_90(client)
    return pd.DataFrame({"Phase": plan["phase"], "When": plan_spans(plan), "Task": plan["task"],
                         "Deliverable": plan["deliverable"]})
