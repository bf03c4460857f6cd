"""Early warning: what is going wrong before it is reported, with the evidence for each flag.

Signals, per initiative:
- watermelon: reported green while CPI or SPI(t) is below THRESHOLD (0.9), or while one of its
  milestones is slipping (green outside, red inside);
- slipping milestone: its forecast moved later in two or more consecutive reports, not yet done
  (the milestone trend analysis, MTA);
- stale report: the newest status report is older than the reporting cadence plus a week's grace
  (or there is none although the work started that long ago);
- risk hygiene: open risks with no owner, past their due date, or whose exposure (probability ×
  impact) rose since the previous assessment;
- spend ahead of progress: the share of budget spent exceeds the share of work done by more than
  SPEND_AHEAD points.
The score adds points per signal (POINTS; cost and schedule in proportion to how far CPI and
SPI(t) are below 1), and every part is kept so the deliverable can show why an initiative ranks.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Sequence

from playbook.delivery.earned_value import Snapshot
from playbook.delivery.records import Baseline, Milestone, Report, Risk

THRESHOLD = 0.9
CADENCE_DAYS = 30
GRACE_DAYS = 7
SPEND_AHEAD = 10.0  # percentage points of budget
POINTS = {"watermelon": 2.0, "milestone": 1.0, "milestones_max": 2.0, "stale": 1.0, "risk": 0.5,
          "risks_max": 2.0, "spend": 1.0, "index_per_tenth": 1.0, "index_max": 3.0}


@dataclass(frozen=True)
class MilestoneTrend:
    """One milestone's forecasts report by report, oldest first."""

    initiative: str
    milestone: str
    baseline: dt.date
    forecasts: tuple[tuple[dt.date, dt.date], ...]  # (reported, forecast)
    actual: dt.date | None

    @property
    def slips(self) -> list[bool]:
        """For each report after the first: did the forecast move later?"""
        f = [fc for _, fc in self.forecasts]
        return [b > a for a, b in zip(f, f[1:])]

    @property
    def longest_run(self) -> int:
        best = run = 0
        for slipped in self.slips:
            run = run + 1 if slipped else 0
            best = max(best, run)
        return best

    @property
    def slipping(self) -> bool:
        return self.actual is None and self.longest_run >= 2

    @property
    def latest(self) -> dt.date:
        return self.forecasts[-1][1]

    @property
    def delay_days(self) -> int:
        return ((self.actual or self.latest) - self.baseline).days

    def evidence(self) -> str:
        path = " → ".join(f"{fc:%-d %b %Y}" for _, fc in self.forecasts[-(self.longest_run + 1):])
        return (f"milestone '{self.milestone}' slipped in {self.longest_run} consecutive reports "
                f"({path}; baseline {self.baseline:%-d %b %Y})")


def milestone_trends(milestones: Iterable[Milestone]) -> list[MilestoneTrend]:
    key = lambda m: (m.initiative, m.milestone)  # noqa: E731
    out = []
    for (initiative, name), group in groupby(sorted(milestones, key=lambda m: (key(m), m.reported)), key):
        rows = list(group)
        actual = next((m.actual for m in reversed(rows) if m.actual is not None), None)
        out.append(MilestoneTrend(initiative, name, rows[-1].baseline,
                                  tuple((m.reported, m.forecast) for m in rows), actual))
    return out


@dataclass(frozen=True)
class Warning:
    initiative: str
    parts: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    watermelon: bool = False

    @property
    def score(self) -> float:
        return round(sum(self.parts.values()), 2)


def _index_points(value: float | None) -> float:
    if value is None or value >= 1:
        return 0.0
    return round(min(POINTS["index_max"], (1 - value) * 10 * POINTS["index_per_tenth"]), 2)


def risk_problems(risks: Iterable[Risk], as_of: dt.date) -> list[str]:
    """Hygiene problems of open risks, one sentence each."""
    out = []
    for r in risks:
        if not r.is_open:
            continue
        if not r.owner:
            out.append(f"risk {r.id} '{r.title}' has no owner")
        if r.due is not None and r.due < as_of:
            out.append(f"risk {r.id} '{r.title}' is past its due date ({r.due:%-d %b %Y})")
        if r.previous_exposure is not None and r.exposure > r.previous_exposure:
            out.append(f"risk {r.id} '{r.title}' exposure rose from {r.previous_exposure} to {r.exposure}")
    return out


def assess(b: Baseline, s: Snapshot | None, reports: Sequence[Report], trends: Sequence[MilestoneTrend],
           risks: Sequence[Risk], as_of: dt.date, cadence_days: int = CADENCE_DAYS) -> Warning:
    """Every signal for one initiative, from its own reports, milestones and risks."""
    parts: dict[str, float] = {}
    said: list[str] = []
    cpi, spi_t = (s.cpi, s.spi_t) if s else (None, None)
    if _index_points(cpi):
        parts["cost"] = _index_points(cpi)
        said.append(f"CPI {cpi:.2f}: the work done cost {1 / cpi:.2f} times its budgeted value" if cpi
                    else f"CPI 0: {s.ac:,.0f} spent and no work reported done")  # type: ignore[union-attr]
    if _index_points(spi_t):
        parts["schedule"] = _index_points(spi_t)
        said.append(f"SPI(t) {spi_t:.2f}: {abs(s.sv_t):.0f} days behind the baseline")  # type: ignore[union-attr]
    slipping = [t for t in trends if t.initiative == b.id and t.slipping]
    if slipping:
        parts["milestones"] = min(POINTS["milestones_max"], POINTS["milestone"] * len(slipping))
        said.extend(t.evidence() for t in slipping)
    mine = sorted((r for r in reports if r.initiative == b.id and r.date <= as_of), key=lambda r: r.date)
    newest = mine[-1] if mine else None
    low = [f"{name} {v:.2f}" for name, v in (("CPI", cpi), ("SPI(t)", spi_t)) if v is not None and v < THRESHOLD]
    watermelon = bool(newest and newest.rag == "green" and (low or slipping))
    if watermelon:
        parts["watermelon"] = POINTS["watermelon"]
        reason = " and ".join(low + (["a milestone slipping"] if slipping else []))
        said.insert(0, f"reported green on {newest.date:%-d %b %Y} while {reason}")  # type: ignore[union-attr]
    limit = cadence_days + GRACE_DAYS
    if newest is not None and (as_of - newest.date).days > limit:
        parts["stale"] = POINTS["stale"]
        said.append(f"newest status report is {(as_of - newest.date).days} days old "
                    f"({newest.date:%-d %b %Y}; reports are due every {cadence_days} days)")
    elif newest is None and (as_of - b.start).days > limit:
        parts["stale"] = POINTS["stale"]
        said.append(f"no status report although work started on {b.start:%-d %b %Y}")
    problems = risk_problems([r for r in risks if r.initiative == b.id], as_of)
    if problems:
        parts["risks"] = min(POINTS["risks_max"], POINTS["risk"] * len(problems))
        said.extend(problems)
    if s is not None and b.bac > 0:
        spent, done = 100 * s.ac / b.bac, s.percent_complete
        if spent - done > SPEND_AHEAD:
            parts["spend"] = POINTS["spend"]
            said.append(f"{spent:.0f}% of the budget spent for {done:.0f}% of the work")
    return Warning(b.id, parts, tuple(said), watermelon)


def ranked(warnings: Iterable[Warning]) -> list[Warning]:
    """Highest score first; ties by initiative id, so the order is stable."""
    return sorted(warnings, key=lambda w: (-w.score, w.initiative))
