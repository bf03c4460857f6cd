"""Where the part-time hours go: hours per workstream, the meeting load against the contracted
hours, and the meeting calendar of the first 90 days with each week's meeting hours."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.cost import WEEKS_PER_YEAR
from playbook.onboarding.text import percent

MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR  # 4.33: a month is 52/12 weeks on average
MEETING_LIMIT = 0.30  # meetings above this share of contracted hours crowd out the work itself


def time_allocation(client: Client) -> pd.DataFrame:
    """Hours per workstream, so the sponsor sees what the part-time week can and cannot cover."""
    hours, weeks = client.engagement.hours_per_week, client.engagement.weeks
    rows = [{"workstream": w.name, "share": w.share,
             "hours_per_week": w.share * hours if hours else None,
             "hours_over_term": w.share * hours * weeks if hours and weeks else None}
            for w in client.workstreams]
    return pd.DataFrame(rows, columns=["workstream", "share", "hours_per_week", "hours_over_term"])


@dataclass(frozen=True, eq=False)
class MeetingLoad:
    """The consultant's meeting hours against the contracted hours (per month of 52/12 weeks)."""

    meetings: pd.DataFrame  # meeting, every_weeks, minutes, consultant_attends, hours_per_month
    hours_per_month: float | None
    contracted_hours_per_month: float | None
    share: float | None
    warning: bool
    message: str | None
    missing: list[str] = field(default_factory=list)


def meeting_load(client: Client) -> MeetingLoad:
    """Meetings eat the scarce part-time hours first; over 30% leaves too little for the work."""
    rows = [{"meeting": m.meeting, "every_weeks": m.every_weeks, "minutes": m.minutes,
             "consultant_attends": m.consultant_attends,
             "hours_per_month": m.minutes / 60 * WEEKS_PER_MONTH / m.every_weeks if m.consultant_attends else 0.0}
            for m in client.cadence]
    table = pd.DataFrame(rows, columns=["meeting", "every_weeks", "minutes", "consultant_attends",
                                        "hours_per_month"])
    hours_per_week = client.engagement.hours_per_week
    missing = [name for name, absent in (("cadence", not client.cadence),
                                         ("engagement.hours_per_week", hours_per_week is None)) if absent]
    total = float(table["hours_per_month"].sum()) if client.cadence else None
    contracted = hours_per_week * WEEKS_PER_MONTH if hours_per_week else None
    share = total / contracted if total is not None and contracted else None
    warning = share is not None and share > MEETING_LIMIT and not math.isclose(share, MEETING_LIMIT)  # float noise
    message = (f"Meetings take {percent(share, MEETING_LIMIT)} of the contracted hours "
               f"(over the {MEETING_LIMIT:.0%} limit)") if warning else None
    return MeetingLoad(table, total, contracted, share, warning, message, missing)


def cadence_calendar(client: Client, days: int = 90) -> pd.DataFrame:
    """Meeting occurrences from the start date (day 0) up to, not including, day `days`.

    Without a start date the table is empty and attrs["note"] says why.
    """
    columns = ["date", "day", "meeting", "minutes", "consultant_attends"]
    start = client.engagement.start
    rows = []
    if start:
        for m in client.cadence:
            step = m.every_weeks * 7
            offsets = [d for d in sorted({round(k * step) for k in range(math.ceil(days / step))}) if d < days]
            rows += [{"date": start + dt.timedelta(days=d), "day": d, "meeting": m.meeting,
                      "minutes": m.minutes, "consultant_attends": m.consultant_attends} for d in offsets]
    table = pd.DataFrame(rows, columns=columns).sort_values(["day", "meeting"], kind="stable")
    table = table.reset_index(drop=True)
    if start is None:
        table.attrs["note"] = "engagement.start is not set: the meeting calendar needs a start date"
    return table


def weekly_meeting_hours(client: Client, days: int = 90) -> pd.DataFrame:
    """The consultant's meeting hours in each week of the first `days`, against the weekly limit."""
    cal = cadence_calendar(client, days)
    attended = cal[cal["consultant_attends"]]
    weeks = range(math.ceil(days / 7)) if client.engagement.start else range(0)
    hours = (attended["minutes"] / 60).groupby(attended["day"] // 7).sum()
    limit = client.engagement.hours_per_week * MEETING_LIMIT if client.engagement.hours_per_week else None
    rows = [{"week": w + 1, "week_start": client.engagement.start + dt.timedelta(days=7 * w),
             "hours": float(hours.get(w, 0.0)), "limit": limit,
             "over": limit is not None and float(hours.get(w, 0.0)) > limit} for w in weeks]
    return pd.DataFrame(rows, columns=["week", "week_start", "hours", "limit", "over"])
