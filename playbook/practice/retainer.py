"""Hours against the retainer: what a part-time engagement actually spent, week by week.

Weeks are the engagement's own (week 1 starts on `engagement.start`), not calendar weeks. The
week holding the as-of date is "in progress": its hours count, but it is not judged as
under-used until it ends. Without roll-over (the default) each week stands alone: hours above
the weekly allowance are over-use, hours below it in a finished week are lost. With roll-over
(`engagement.hours_roll_over: true`) unused hours carry forward, so only the running balance
matters. Either is flagged when it exceeds TOLERANCE of the allowance to date.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from itertools import accumulate

import pandas as pd

from playbook.intake.client import Client, Meeting

TOLERANCE = 0.10  # over- or under-use beyond 10% of the allowance to date is flagged
MEETING_LIMIT = 0.30  # meetings above 30% of the hours leave too little for the work itself
NOT_ASSIGNED = "Not assigned"


@dataclass(frozen=True)
class Terms:
    """The retainer as client.yaml agreed it."""

    start: dt.date
    weeks: int
    hours_per_week: float
    rollover: bool = False

    @property
    def contracted(self) -> float:
        return self.weeks * self.hours_per_week

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(weeks=self.weeks)


def terms_of(client: Client) -> Terms | None:
    """The terms, or None while start, weeks or hours_per_week is not set."""
    e = client.engagement
    if not (e.start and e.weeks and e.hours_per_week):
        return None
    return Terms(e.start, e.weeks, float(e.hours_per_week), e.hours_roll_over)


def week_of(day: dt.date, terms: Terms) -> int:
    return (day - terms.start).days // 7 + 1


def current_week(terms: Terms, as_of: dt.date) -> int:
    """The last week to show: the one holding as-of, at most the term's last (0 before start)."""
    if as_of < terms.start:
        return 0
    return min(week_of(as_of, terms), terms.weeks)


def weekly(entries: pd.DataFrame, terms: Terms, as_of: dt.date) -> pd.DataFrame:
    """One row per week so far: hours used against the allowance, over-use, lost hours, balance."""
    last = current_week(terms, as_of)
    used = [0.0] * last
    for day, hours in zip(entries["date"], entries["hours"]):
        if 1 <= (week := week_of(day, terms)) <= last:
            used[week - 1] += float(hours)
    allowance = terms.hours_per_week
    starts = [terms.start + dt.timedelta(weeks=k) for k in range(last)]
    complete = [s + dt.timedelta(days=6) <= as_of for s in starts]
    lost = [0.0 if terms.rollover or not c else max(0.0, allowance - u) for u, c in zip(used, complete)]
    cumulative = list(accumulate(used))
    cumulative_allowance = [allowance * (k + 1) for k in range(last)]
    return pd.DataFrame({
        "week_start": starts, "hours": used, "allowance": [allowance] * last, "complete": complete,
        "over": [max(0.0, u - allowance) for u in used], "lost": lost, "cumulative_hours": cumulative,
        "cumulative_allowance": cumulative_allowance,
        "balance": [a - c for a, c in zip(cumulative_allowance, cumulative)],
    }, index=pd.RangeIndex(1, last + 1, name="week"))


@dataclass(frozen=True)
class Usage:
    """The retainer to date, in hours."""

    used: float
    allowance: float  # hours_per_week × weeks so far (including the week in progress)
    contracted: float
    remaining: float  # contracted − used
    over: float  # beyond the allowance: per week without roll-over, on balance with it
    unused: float  # lost (without roll-over) or carried forward (with it)
    over_use: bool
    under_use: bool
    weeks_elapsed: int
    weekly_rate: float | None  # mean hours per finished week
    runs_out_week: float | None  # when the contracted hours run out at that rate, if a week or more early
    rollover: bool


def usage(table: pd.DataFrame, terms: Terms) -> Usage:
    """Over- and under-use to date from the weekly table."""
    used, allowance = float(table["hours"].sum()), float(table["allowance"].sum())
    finished = table[table["complete"]]
    if terms.rollover:
        balance = float(table["balance"].iloc[-1]) if len(table) else 0.0
        over = max(0.0, -balance)
        unused = max(0.0, float(finished["balance"].iloc[-1])) if len(finished) else 0.0
    else:
        over, unused = float(table["over"].sum()), float(table["lost"].sum())
    judged = float(finished["allowance"].sum())
    rate = float(finished["hours"].mean()) if len(finished) else None
    runs_out = None
    if rate and rate > 0:
        week = len(finished) + (terms.contracted - float(finished["hours"].sum())) / rate
        runs_out = week if week <= terms.weeks - 1 else None  # a week early or more: not rounding noise
    return Usage(used, allowance, terms.contracted, terms.contracted - used, over, unused,
                 over > TOLERANCE * allowance + 1e-9, judged > 0 and unused > TOLERANCE * judged + 1e-9,
                 len(table), rate, runs_out, terms.rollover)


def burn_down(table: pd.DataFrame, terms: Terms) -> pd.DataFrame:
    """Hours remaining at the end of each week of the term: planned (an even burn), actual so far,
    and projected at the mean rate of the finished weeks."""
    weeks = pd.RangeIndex(0, terms.weeks + 1, name="week")
    out = pd.DataFrame(index=weeks)
    out["planned"] = terms.contracted - terms.hours_per_week * weeks
    actual = terms.contracted - table["cumulative_hours"]
    out["actual"] = pd.concat([pd.Series([terms.contracted], index=[0]), actual]).reindex(weeks)
    finished = table[table["complete"]]
    out["projected"] = math.nan
    if len(finished):
        k = len(finished)
        rate = float(finished["hours"].mean())
        left = terms.contracted - float(finished["hours"].sum())
        out.loc[k:, "projected"] = [left - rate * (w - k) for w in range(k, terms.weeks + 1)]
    return out


@dataclass(frozen=True)
class Meetings:
    """Meeting hours as delivered against the cadence's plan."""

    hours: float
    share: float | None  # of the hours used
    planned_hours: float | None  # the cadence's meeting hours over the same weeks
    planned_share: float | None  # of the contracted hours
    over_limit: bool
    by_activity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))


def planned_meeting_hours_per_week(cadence: list[Meeting]) -> float:
    """Σ minutes ÷ 60 ÷ every_weeks over the meetings the consultant attends."""
    return sum(m.minutes / 60 / m.every_weeks for m in cadence if m.consultant_attends)


def meetings(entries: pd.DataFrame, cadence: list[Meeting], terms: Terms | None, weeks_elapsed: int) -> Meetings:
    by_activity = entries.groupby("activity")["hours"].sum() if len(entries) else pd.Series(dtype=float)
    total = float(entries["hours"].sum()) if len(entries) else 0.0
    hours = float(by_activity.get("meeting", 0.0))
    share = hours / total if total else None
    per_week = planned_meeting_hours_per_week(cadence) if cadence else None
    planned = per_week * weeks_elapsed if per_week is not None else None
    planned_share = per_week / terms.hours_per_week if per_week is not None and terms else None
    over = share is not None and share > MEETING_LIMIT and not math.isclose(share, MEETING_LIMIT)
    return Meetings(hours, share, planned, planned_share, over, by_activity)


def workstreams(entries: pd.DataFrame, agreed: dict[str, float]) -> pd.DataFrame:
    """Hours and share of the hours used per workstream against the agreed share (blank
    workstreams as NOT_ASSIGNED, which has no agreed share)."""
    names = list(agreed)
    used = entries.assign(workstream=entries["workstream"].fillna(NOT_ASSIGNED)).groupby("workstream")["hours"] \
        .sum() if len(entries) else pd.Series(dtype=float)
    order = names + sorted(n for n in used.index if n not in agreed)
    out = pd.DataFrame(index=pd.Index(order, name="workstream"))
    out["hours"] = used.reindex(out.index, fill_value=0.0).astype(float)
    total = float(out["hours"].sum())
    out["share"] = out["hours"] / total if total else math.nan
    out["agreed_share"] = [agreed.get(n, math.nan) for n in out.index]
    out["difference"] = out["share"] - out["agreed_share"]
    return out
