"""One delivery review: every method applied once to one client's committed work, as of a date.

The notebook builds a Review and hands it to the findings, tables and charts; nothing there
recomputes a figure, so the summary, the tables and the results JSON cannot disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from playbook.delivery import capacity as cap
from playbook.delivery import early_warning as ew
from playbook.delivery import forecast as fc
from playbook.delivery import reference_class as rc
from playbook.delivery import status_report as sr
from playbook.delivery.earned_value import PortfolioFigures, Snapshot, latest, portfolio
from playbook.intake.client import DECISION_DAYS
from playbook.report.formatting import money_text
from playbook.delivery.records import COMMITTED, Baseline, Milestone, Report, Risk



@dataclass(frozen=True)
class Settings:
    draws: int = fc.DRAWS
    seed: int = fc.SEED
    sigma: float = fc.SIGMA
    cadence_days: int = ew.CADENCE_DAYS


@dataclass
class Review:
    as_of: dt.date
    currency: str
    sponsor: str
    decide_by: dt.date
    settings: Settings
    baselines: list[Baseline]
    reports: list[Report]
    milestones: list[Milestone]
    risks: list[Risk]
    snapshots: dict[str, Snapshot | None] = field(default_factory=dict)
    portfolio: PortfolioFigures | None = None
    forecasts: dict[str, fc.Forecast] = field(default_factory=dict)
    trends: list[ew.MilestoneTrend] = field(default_factory=list)
    warnings: dict[str, ew.Warning] = field(default_factory=dict)
    capacity: pd.DataFrame = field(default_factory=pd.DataFrame)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    outside: dict[str, rc.OutsideView] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    asks: list[sr.Ask] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No committed work, or no delivery data about it yet: the deliverable says what to collect."""
        return not self.baselines or not self.reports

    def baseline(self, initiative: str) -> Baseline:
        return next(b for b in self.baselines if b.id == initiative)


def committed(baselines: Iterable[Baseline]) -> list[Baseline]:
    return [b for b in baselines if b.status in COMMITTED]


def impacts(risks: Iterable[Risk], initiative: str) -> list[fc.RiskImpact]:
    """The open risks of one initiative as the simulation takes them."""
    return [fc.RiskImpact(r.id, fc.probability_of(r.probability), r.cost, r.days)
            for r in risks if r.initiative == initiative and r.is_open and (r.cost or r.days)]


def build(baselines: Sequence[Baseline], reports: Sequence[Report], milestones: Sequence[Milestone],
          risks: Sequence[Risk], as_of: dt.date, capacity: Mapping[str, float], sponsor: str,
          currency: str, class_stats: Mapping[str, Mapping[str, Any]] | None = None,
          decide_by: dt.date | None = None, settings: Settings = Settings(),
          capacity_by_month: Mapping[str, Mapping[dt.date, float]] | None = None) -> Review:
    """Apply every method once. `class_stats` are the firm's anonymised reference classes."""
    work = committed(baselines)
    ids = {b.id for b in work}
    r = Review(as_of, currency, sponsor, decide_by or as_of + dt.timedelta(days=DECISION_DAYS), settings,
               work, [x for x in reports if x.initiative in ids and x.date <= as_of],
               [m for m in milestones if m.initiative in ids and m.reported <= as_of],
               [x for x in risks if x.initiative in ids or x.initiative is None])
    r.snapshots = {b.id: latest(b, r.reports, as_of) for b in work}
    r.portfolio = portfolio(work, r.snapshots)
    r.forecasts = {b.id: fc.simulate(b, r.snapshots[b.id], impacts(r.risks, b.id), settings.draws,
                                     settings.seed, settings.sigma, as_of) for b in work}
    r.trends = ew.milestone_trends(r.milestones)
    r.warnings = {b.id: ew.assess(b, r.snapshots[b.id], r.reports, r.trends, r.risks, as_of,
                                  settings.cadence_days) for b in work}
    finishes = {}
    for rep in sorted(r.reports, key=lambda x: x.date):
        if rep.forecast_finish:
            finishes[rep.initiative] = rep.forecast_finish
    need = cap.demand(work, as_of, finishes)
    r.capacity = cap.utilisation(need, capacity, as_of, by_month=capacity_by_month)
    r.classes = rc.for_categories(class_stats or {}, (b.category for b in work))
    r.outside = {b.id: v for b in work if (v := rc.outside_view(b, r.classes)) is not None}
    r.changes = sr.changes(work, r.reports, r.trends, r.risks, as_of)
    r.asks = sr.needs_you(work, r.warnings, r.forecasts, r.risks, cap.overloads(r.capacity), as_of, sponsor,
                          lambda v: money_text(v, currency))
    return r
