"""From the loaded portfolio and client.yaml to the roadmap's question: months, durations and
committed work.

Month 0 is the as-of month. A proposal's `start` is its earliest start and `finish` − `start` its
duration (whole months, both counted); without dates it may start at once and takes
`prioritisation.default_duration_months`. Approved and in-flight work is committed: it runs from
its start (or now) to its finish, and without a finish it is counted for the whole horizon, the
cautious reading; its remaining cost (cost − spent to date, never below zero) comes off the budget.
Done work satisfies a dependency and rules out its alternatives; a proposal that depends on work
on hold or stopped cannot be funded until that work resumes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from playbook.intake.client import Client
from playbook.prioritisation.roadmap_model import Committed, Problem, Proposal
from playbook.prioritisation.roadmap_whatif import Scenario

FTE = "fte_"
PROPOSED, COMMITTED, DONE = "proposed", ("approved", "in_flight"), "done"
PAUSED = {"on_hold": "on hold", "stopped": "stopped"}


@dataclass(frozen=True)
class Timeline:
    """The horizon's months, from the first of the as-of month."""

    first: dt.date
    months: int

    def index(self, day: dt.date) -> int:
        return (day.year - self.first.year) * 12 + day.month - self.first.month

    def month(self, t: int) -> dt.date:
        year, month = divmod(self.first.month - 1 + t, 12)
        return dt.date(self.first.year + year, month + 1, 1)

    def label(self, t: int) -> str:
        return self.month(t).strftime("%b %Y")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.label(t) for t in range(self.months))


@dataclass(frozen=True)
class Inputs:
    """The roadmap's Problem and what the deliverable says about how it was built."""

    problem: Problem
    timeline: Timeline
    names: dict[str, str]  # every initiative's id -> name
    committed: tuple[str, ...]  # approved and in flight, counted before any proposal
    defaulted: tuple[str, ...]  # proposals without dates, planned with the default duration
    open_ended: tuple[str, ...]  # committed work without a finish, counted for the whole horizon


def _status(portfolio: pd.DataFrame) -> pd.Series:
    if "status" not in portfolio.columns:
        return pd.Series(PROPOSED, index=portfolio.index, dtype=object)
    return portfolio["status"].astype(object).where(portfolio["status"].notna(), PROPOSED)


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def capacity_by_month(client: Client, timeline: Timeline) -> dict[str, float | tuple[float, ...]]:
    """Each team's FTE: client.yaml's `capacity`, changed from each month `capacity_by_month` names on."""
    s = client.prioritisation
    out: dict[str, float | tuple[float, ...]] = {}
    for team, fte in s.capacity.items():
        steps = s.capacity_by_month.get(team, {})
        if not steps:
            out[team] = float(fte)
            continue
        months = np.full(timeline.months, float(fte))
        for month, value in sorted(steps.items()):
            months[max(timeline.index(month), 0):] = float(value)
        out[team] = tuple(months)
    return out


def inputs(portfolio: pd.DataFrame, client: Client, value: pd.Series, as_of: dt.date) -> Inputs:
    """The roadmap's Problem for this client as its files stand."""
    s = client.prioritisation
    timeline = Timeline(as_of.replace(day=1), s.horizon_months)
    status = _status(portfolio)
    teams = list(s.capacity)
    fte_of = {i: {t: float(portfolio.at[i, FTE + t]) for t in teams
                  if FTE + t in portfolio.columns and pd.notna(portfolio.at[i, FTE + t])} for i in portfolio.index}
    spent = portfolio["spent_to_date"].fillna(0.0) if "spent_to_date" in portfolio.columns else 0.0
    remaining = (portfolio["cost"].astype(float) - spent).clip(lower=0.0)
    column = {c: portfolio[c] if c in portfolio.columns else pd.Series(None, index=portfolio.index, dtype=object)
              for c in ("start", "finish", "depends_on", "exclusive_with", "mandatory")}
    committed, open_ended, proposals, defaulted = [], [], [], []
    for i in portfolio.index:
        start, finish = _date(column["start"][i]), _date(column["finish"][i])
        if status[i] in COMMITTED:
            first = timeline.index(start) if start else 0
            last = timeline.index(finish) if finish else timeline.months - 1
            open_ended += [] if finish else [str(i)]
            committed.append(Committed(str(i), float(remaining[i]), first, last, fte_of[i]))
        elif status[i] == PROPOSED:
            if start and finish:
                duration = timeline.index(finish) - timeline.index(start) + 1
            else:
                duration = s.default_duration_months
                defaulted.append(str(i))
            proposals.append(_proposal(str(i), value, float(portfolio.at[i, "cost"]), duration, fte_of[i],
                                       max(timeline.index(start), 0) if start else 0, column, status,
                                       str(i) in set(s.forced_out)))
    problem = Problem(tuple(proposals), timeline.months, float(s.budget or 0.0),
                      capacity_by_month(client, timeline), tuple(committed), s.delay_discount, timeline.labels)
    return Inputs(problem, timeline, {str(i): str(n) for i, n in portfolio["name"].items()},
                  tuple(c.id for c in committed), tuple(defaulted), tuple(open_ended))


def _proposal(i: str, value: pd.Series, cost: float, duration: int, fte: dict[str, float], earliest: int,
              column: dict[str, pd.Series], status: pd.Series, forced_out: bool) -> Proposal:
    """One proposal, its links sorted by the status of the work they name."""
    def ids(cell: object) -> list[str]:
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            return []
        return [x.strip() for x in cell.split(";") if x.strip()] if isinstance(cell, str) else list(map(str, cell))

    depends, rivals, unavailable = [], [], None
    for d in ids(column["depends_on"][i]):
        if status.get(d) in PAUSED:
            unavailable = unavailable or f"depends on {d}, which is {PAUSED[status[d]]}"
        elif status.get(d) in (PROPOSED, *COMMITTED):
            depends.append(d)
    for d in ids(column["exclusive_with"][i]):
        if status.get(d) == DONE:
            unavailable = unavailable or f"excluded by {d}, which is done"
        elif status.get(d) in (PROPOSED, *COMMITTED):
            rivals.append(d)
    mandatory = column["mandatory"][i]
    return Proposal(i, float(value[i]), cost, max(int(duration), 1), fte, earliest, tuple(depends), tuple(rivals),
                    bool(mandatory) if pd.notna(mandatory) else False, forced_out, unavailable)


def scenarios(client: Client, rescore: Callable[[dict[str, float]], pd.Series],
              proposals: Sequence[str]) -> list[Scenario]:
    """client.yaml's scenarios as the solver takes them; `rescore` gives every initiative's value
    under other criteria weights (criteria a scenario does not name keep today's weight)."""
    out = []
    for spec in client.prioritisation.scenarios:
        values = None
        if spec.weights:
            scored = rescore(dict(spec.weights))
            values = {i: float(scored[i]) for i in proposals}
        out.append(Scenario(spec.name, spec.budget, dict(spec.capacity) or None, tuple(spec.forced_in),
                            tuple(spec.forced_out), values))
    return out


def rescorer(portfolio: pd.DataFrame, criteria: Sequence) -> Callable[[dict[str, float]], pd.Series]:
    """Weighted scores with some criteria's weights replaced (the scenarios' `weights`), normalised
    over the proposals as the deliverable's own scores are."""
    from playbook.prioritisation.scoring import weighted_scores

    proposals = portfolio[(_status(portfolio) == PROPOSED).to_numpy()]

    def rescore(weights: dict[str, float]) -> pd.Series:
        changed = [dataclasses.replace(c, weight=float(weights.get(c.name, c.weight))) for c in criteria]
        return weighted_scores(proposals, changed)

    return rescore
