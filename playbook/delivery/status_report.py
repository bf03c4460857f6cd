"""The automated status report: what changed since the previous report, and what needs the
executive now, each item with the person who owns it.

"What changed" compares each initiative's two newest status reports: RAG moves, forecast finish
moves, milestones whose forecast moved later between them, and risks raised or closed in between.
"Needs you" turns the analysis into asks: challenge a green report that the figures contradict,
decide on work likely to finish late or over budget, restore a missing report, resolve a capacity
overload, and fix risks without an owner or past their due date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import pandas as pd

from playbook.delivery.early_warning import MilestoneTrend, Warning
from playbook.delivery.forecast import Forecast, likely_late, likely_over
from playbook.delivery.records import Baseline, Report, Risk



@dataclass(frozen=True)
class Ask:
    """One thing that needs the executive: what, who owns it, and the initiative it is about."""

    what: str
    owner: str
    initiative: str | None
    kind: str

    def __str__(self) -> str:
        return f"{self.what} (owner: {self.owner})"


def _day(d: dt.date) -> str:
    return f"{d:%-d %b %Y}"


def _forecast_at(t: MilestoneTrend, on: dt.date) -> dt.date | None:
    known = [fc for reported, fc in t.forecasts if reported <= on]
    return known[-1] if known else None


def changes(baselines: Sequence[Baseline], reports: Sequence[Report], trends: Sequence[MilestoneTrend],
            risks: Sequence[Risk], as_of: dt.date) -> list[str]:
    """One plain sentence per initiative whose two newest reports differ."""
    out = []
    for b in baselines:
        mine = sorted((r for r in reports if r.initiative == b.id and r.date <= as_of), key=lambda r: r.date)
        if len(mine) < 2:
            continue
        prev, new = mine[-2], mine[-1]
        parts = []
        if prev.rag and new.rag and prev.rag != new.rag:
            parts.append(f"RAG moved from {prev.rag} to {new.rag}")
        if prev.forecast_finish and new.forecast_finish and prev.forecast_finish != new.forecast_finish:
            days = (new.forecast_finish - prev.forecast_finish).days
            parts.append(f"forecast finish moved {abs(days)} day{'s' if abs(days) != 1 else ''} "
                         f"{'later' if days > 0 else 'earlier'} "
                         f"to {_day(new.forecast_finish)}")
        for t in trends:
            if t.initiative != b.id:
                continue
            before, after = _forecast_at(t, prev.date), _forecast_at(t, new.date)
            if before and after and after > before:
                parts.append(f"milestone '{t.milestone}' slipped {(after - before).days} days to {_day(after)}")
        window = [r for r in risks if r.initiative == b.id]
        raised = [r.id for r in window if prev.date < r.raised <= new.date]
        closed = [r.id for r in window if r.closed and prev.date < r.closed <= new.date]
        if raised:
            parts.append("new risk" + ("s " if len(raised) > 1 else " ") + ", ".join(raised))
        if closed:
            parts.append("closed risk" + ("s " if len(closed) > 1 else " ") + ", ".join(closed))
        if parts:
            out.append(f"{b.id} {b.name} ({_day(prev.date)} → {_day(new.date)}): " + "; ".join(parts) + ".")
    return out


def needs_you(baselines: Sequence[Baseline], warnings: Mapping[str, Warning], forecasts: Mapping[str, Forecast],
              risks: Sequence[Risk], overloads: pd.DataFrame, as_of: dt.date, sponsor: str,
              money: Callable[[float], str] = lambda v: f"{v:,.0f}") -> list[Ask]:
    """The decisions and escalations, most urgent initiative first, each with an owner: the
    initiative's owner where portfolio.csv names one, else the sponsor."""
    order = sorted(baselines, key=lambda b: (-(warnings[b.id].score if b.id in warnings else 0), b.id))
    asks: list[Ask] = []
    for b in order:
        owner = b.owner or sponsor
        w, f = warnings.get(b.id), forecasts.get(b.id)
        if w and w.watermelon:
            asks.append(Ask(f"Challenge the green report of {b.id} {b.name}: {w.warnings[0]}", owner, b.id,
                            "watermelon"))
        if f and likely_late(f):
            asks.append(Ask(f"Decide how to recover {b.id} {b.name} or accept a later date: a "
                            f"{f.p_on_time:.0%} chance of finishing by {_day(f.baseline_finish)}, "
                            f"P80 {_day(f.p80_finish)}", owner, b.id, "late"))
        if f and likely_over(f):
            asks.append(Ask(f"Approve {money(f.p50_cost - f.bac)} more for {b.id} {b.name} or cut its scope: "
                            f"P50 cost {money(f.p50_cost)} against a budget of {money(f.bac)}", sponsor, b.id,
                            "over budget"))
        if w and "stale" in w.parts:
            evidence = next(x for x in w.warnings if "report" in x and ("old" in x or "no status" in x))
            asks.append(Ask(f"Get a current status report for {b.id} {b.name}: {evidence}", owner, b.id, "stale"))
    for r in risks:
        if not r.is_open:
            continue
        owner = next((b.owner for b in baselines if b.id == r.initiative and b.owner), sponsor)
        if not r.owner:
            asks.append(Ask(f"Name an owner for risk {r.id} '{r.title}'", owner, r.initiative, "risk"))
        elif r.due is not None and r.due < as_of:
            asks.append(Ask(f"Chase risk {r.id} '{r.title}', past its due date of {_day(r.due)}", r.owner,
                            r.initiative, "risk"))
    for team, group in (overloads.groupby("team", sort=False) if len(overloads) else []):
        worst = group.loc[group["demand"].sub(group["capacity"]).idxmax()]
        months = ", ".join(f"{m:%b %Y}" for m in group["month"])
        asks.append(Ask(f"Resolve the {team} overload in {months}: worst {worst['month']:%b %Y} at "
                        f"{worst['demand']:.1f} FTE against {worst['capacity']:.0f} "
                        f"({', '.join(worst['causes'][:3])})", sponsor, None, "capacity"))
    return asks
