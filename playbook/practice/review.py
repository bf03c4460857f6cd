"""One client's engagement as delivered: the retainer, the meetings, the workstreams and the
feedback loop, computed once and shared by the onboarding deliverable and the practice view."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from playbook.intake.client import Client
from playbook.practice import pulse as pulses, retainer
from playbook.practice.pulse import Pulse
from playbook.practice.retainer import Meetings, Terms, Usage

STALE_TIMESHEET_DAYS = 14  # no hours logged for two weeks while the engagement runs


@dataclass(frozen=True, eq=False)
class Review:
    as_of: dt.date
    terms: Terms | None
    entries: pd.DataFrame
    weekly: pd.DataFrame | None
    usage: Usage | None
    burn: pd.DataFrame | None
    meetings: Meetings
    workstreams: pd.DataFrame
    pulse: Pulse
    last_entry: dt.date | None

    @property
    def timesheet_stale(self) -> bool:
        """No hours logged for STALE_TIMESHEET_DAYS while the term runs (or none at all once it
        has run that long)."""
        if self.terms is None or self.as_of >= self.terms.end:
            return False
        since = self.last_entry or self.terms.start
        return (self.as_of - since).days > STALE_TIMESHEET_DAYS


def assess(client: Client, entries: pd.DataFrame, responses: pd.DataFrame, as_of: dt.date) -> Review:
    terms = retainer.terms_of(client)
    weekly = retainer.weekly(entries, terms, as_of) if terms else None
    use = retainer.usage(weekly, terms) if terms else None
    burn = retainer.burn_down(weekly, terms) if terms else None
    meets = retainer.meetings(entries, client.cadence, terms, use.weeks_elapsed if use else 0)
    streams = retainer.workstreams(entries, {w.name: w.share for w in client.workstreams})
    pulse = pulses.pulse(responses, client.cadence, as_of, client.engagement.start,
                         client.engagement.feedback_every_weeks)
    last = max(entries["date"]) if len(entries) else None
    return Review(as_of, terms, entries, weekly, use, burn, meets, streams, pulse, last)


def _num(x: Any, digits: int = 4) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x), digits)


def results(r: Review) -> dict[str, Any]:
    """JSON-ready figures: what the practice view and the attention list read."""
    u, m, p = r.usage, r.meetings, r.pulse
    return {
        "as_of": r.as_of.isoformat(),
        "hours": None if u is None else {
            "used": _num(u.used), "allowance_to_date": _num(u.allowance), "contracted": _num(u.contracted),
            "remaining": _num(u.remaining), "over": _num(u.over), "unused": _num(u.unused),
            "over_use": u.over_use, "under_use": u.under_use, "weeks_elapsed": u.weeks_elapsed,
            "weekly_rate": _num(u.weekly_rate), "runs_out_week": _num(u.runs_out_week, 1),
            "rollover": u.rollover, "hours_per_week": r.terms.hours_per_week, "weeks": r.terms.weeks},
        "meetings": {"hours": _num(m.hours), "share": _num(m.share), "planned_hours": _num(m.planned_hours),
                     "planned_share": _num(m.planned_share), "over_limit": m.over_limit},
        "workstreams": {str(k): {"hours": _num(v["hours"]), "share": _num(v["share"]),
                                 "agreed_share": _num(v["agreed_share"])} for k, v in r.workstreams.iterrows()},
        "feedback": {"rounds": len(p.rounds), "latest_nps": _num(p.latest, 1), "change": _num(p.change, 1),
                     "falling": p.falling, "last_asked": p.last_asked.isoformat() if p.last_asked else None,
                     "overdue": p.overdue, "interval_weeks": p.interval_weeks,
                     "nps_by_round": [_num(x, 1) for x in p.rounds["nps"]]},
        "last_entry": r.last_entry.isoformat() if r.last_entry else None,
        "timesheet_stale": r.timesheet_stale,
    }
