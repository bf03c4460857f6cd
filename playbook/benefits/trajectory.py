"""The planned trajectory of one benefit and how a measurement reads against it: the planned
level on any date, realisation and progress in percent, the RAG status, whether a forecast
reaches the target, and whether the benefit is ready to track (DESIGN.md "Methods", issue 5).

Every figure is direction-aware (the sign of target − baseline) and kind-aware: for a
dis-benefit, an accepted harm, smaller is better.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from playbook.benefits.rows import KIND, Benefit, Kind, at_least, better_sign, choice, text, total_change

GREEN, AMBER, RED, NO_DATA = "green", "amber", "red", "no-data"
RAGS = (GREEN, AMBER, RED, NO_DATA)

_PROFILE: dict[str, Callable[[float], float]] = {
    "linear": lambda t: t,
    "s-curve": lambda t: t * t * (3 - 2 * t),  # smoothstep
}
# (criterion, field): a benefit is ready to track when it is measurable, attributable and owned.
_READINESS = (("measurable", "measure"), ("measurable", "unit"),
              ("attributable", "initiative"), ("owned", "owner"))


def planned_value(b: Benefit, on: date) -> float:
    """The measure's planned level on a date: baseline up to `start`, target from `due`.

    Between them it follows `profile`: 'linear' (the default, and DESIGN's definition) moves by
    the same amount each day; 's-curve' is the smoothstep 3t² − 2t³ of the elapsed share t of the
    days, for benefits that ramp up after go-live: slow start, fastest at the mid-date (where it
    equals linear), slow finish, with the same endpoints.
    """
    shape = choice(b, "profile", _PROFILE, default="linear")
    start, due = b["start"], b["due"]
    if on >= due:
        share = 1.0
    elif on <= start:
        share = 0.0
    else:
        share = shape((on - start).days / (due - start).days)
    return float(b["baseline"]) + share * total_change(b)


def realisation_pct(b: Benefit, value: float, measured_on: date) -> float | None:
    """Achieved ÷ planned change, in percent, with the plan read at the measurement's date.

    Reading the plan at the measurement's date rather than at as-of means a benefit measured
    quarterly is not marked down for the weeks since its last reading; that staleness is flagged
    separately. None while no change is planned yet (measured on or before `start`). The ratio
    is direction-aware by construction: both changes share the sign of target − baseline.
    """
    planned_change = planned_value(b, measured_on) - float(b["baseline"])
    if planned_change == 0:
        return None
    return 100 * (value - float(b["baseline"])) / planned_change


def progress_pct(b: Benefit, value: float) -> float:
    """Achieved ÷ total change (target − baseline), in percent: how far along the whole promise is."""
    return 100 * (value - float(b["baseline"])) / total_change(b)


def rag_status(realisation: float | None, tolerance_pct: float, kind: Kind = "benefit") -> str:
    """Green on or ahead of plan; amber behind by at most tolerance_pct points; red beyond.

    For a dis-benefit "ahead" means less harm than planned: green at ≤ 100%, amber at
    ≤ 100 + tolerance_pct, red above.
    """
    if realisation is None:
        return NO_DATA
    behind = (100 - realisation) * KIND[kind]
    if at_least(0, behind):
        return GREEN
    return AMBER if at_least(tolerance_pct, behind) else RED


def forecast_meets_target(b: Benefit, forecast: float) -> bool:
    """Whether a forecast reaches the target; for a dis-benefit, whether its harm stays within the
    accepted harm."""
    better = better_sign(b)
    return at_least(better * forecast, better * float(b["target"]))


@dataclass(frozen=True)
class Readiness:
    """Whether a benefit can be tracked; gaps read like "owned: no owner"."""

    ready: bool
    gaps: tuple[str, ...]


def readiness(b: Benefit) -> Readiness:
    """A benefit nobody owns or that has no measure is reported, not rejected: fixing it is a finding."""
    gaps = tuple(f"{criterion}: no {key}" for criterion, key in _READINESS if text(b, key) is None)
    return Readiness(not gaps, gaps)
