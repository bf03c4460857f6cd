"""The cost case: what the fractional engagement costs against a full-time hire over the same
term. A figure whose inputs are missing is None and the inputs are named, never guessed."""
from __future__ import annotations

from dataclasses import dataclass, field

from playbook.intake.client import Client

HOURS_PER_DAY = 8  # the day rate buys an 8-hour day
FULL_TIME_HOURS_PER_WEEK = 40  # the full-time week an FTE equivalent is measured against
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class Costs:
    """The cost case; a figure whose inputs are missing is None and the inputs are named."""

    fractional_cost: float | None
    full_time_cost_same_term: float | None
    cost_ratio: float | None
    saving: float | None
    fte_equivalent: float | None
    missing: list[str] = field(default_factory=list)
    hourly_rate: float | None = None  # what an hour of the engagement costs
    full_time_hourly_rate: float | None = None  # an hour of the full-time hire: annual cost / (52 × 40)
    hourly_premium: float | None = None  # how many times a full-time hour an engagement hour costs


def _given(value: float | None) -> float | None:
    """A zero day rate or salary is a placeholder, not a price, so it counts as missing."""
    return None if value is None or value == 0 else float(value)


def cost_effectiveness(client: Client) -> Costs:
    """Fractional engagement against a full-time hire over the same term.

    The honest comparison is per hour as well as in total: 0.4 of a role for 69% of the full-time
    cost is 0.69 / 0.4 = 1.7 times the full-time hourly rate, the premium paid for senior expertise
    without hiring cost and with the freedom to scale or stop."""
    e = client.engagement
    rate, full_time = _given(e.day_rate), _given(e.full_time_cost)
    inputs = {"engagement.day_rate": rate, "engagement.hours_per_week": e.hours_per_week,
              "engagement.weeks": e.weeks, "engagement.full_time_cost": full_time}
    missing = [name for name, value in inputs.items() if value is None]
    fractional = (rate * e.hours_per_week / HOURS_PER_DAY * e.weeks
                  if None not in (rate, e.hours_per_week, e.weeks) else None)
    same_term = full_time * e.weeks / WEEKS_PER_YEAR if None not in (full_time, e.weeks) else None
    both = fractional is not None and same_term is not None
    hourly = rate / HOURS_PER_DAY if rate is not None else None
    full_hourly = full_time / (WEEKS_PER_YEAR * FULL_TIME_HOURS_PER_WEEK) if full_time is not None else None
    return Costs(
        fractional_cost=fractional,
        full_time_cost_same_term=same_term,
        cost_ratio=fractional / same_term if both else None,
        saving=same_term - fractional if both else None,
        fte_equivalent=e.hours_per_week / FULL_TIME_HOURS_PER_WEEK if e.hours_per_week else None,
        missing=missing,
        hourly_rate=hourly,
        full_time_hourly_rate=full_hourly,
        hourly_premium=hourly / full_hourly if hourly is not None and full_hourly is not None else None,
    )
