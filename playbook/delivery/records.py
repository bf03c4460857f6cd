"""The delivery records the methods work on, free of how they were read (CSV, Excel, a form)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

COMMITTED = ("approved", "in_flight")


@dataclass(frozen=True)
class Baseline:
    """One committed initiative's baseline: budget at completion and planned dates."""

    id: str
    name: str
    bac: float
    start: dt.date
    finish: dt.date
    status: str = "in_flight"
    category: str | None = None
    owner: str | None = None
    fte: Mapping[str, float] = field(default_factory=dict)

    @property
    def duration(self) -> int:
        """The planned duration PD in days."""
        return (self.finish - self.start).days


@dataclass(frozen=True)
class Report:
    """What a project manager reported on one date."""

    initiative: str
    date: dt.date
    percent_complete: float
    actual_cost: float
    forecast_finish: dt.date | None = None
    rag: str | None = None
    commentary: str | None = None


@dataclass(frozen=True)
class Milestone:
    """One milestone as forecast in one report (`reported`), so slips can be traced."""

    initiative: str
    milestone: str
    baseline: dt.date
    reported: dt.date
    forecast: dt.date
    actual: dt.date | None = None


@dataclass(frozen=True)
class Risk:
    id: str
    initiative: str | None
    title: str
    owner: str | None
    probability: int
    impact: int
    status: str
    raised: dt.date
    due: dt.date | None = None
    response: str | None = None
    cost: tuple[float, float, float] | None = None
    days: tuple[float, float, float] | None = None
    closed: dt.date | None = None
    previous_probability: int | None = None
    previous_impact: int | None = None

    @property
    def exposure(self) -> int:
        return self.probability * self.impact

    @property
    def previous_exposure(self) -> int | None:
        if self.previous_probability is None or self.previous_impact is None:
            return None
        return self.previous_probability * self.previous_impact

    @property
    def is_open(self) -> bool:
        return self.status == "open"
