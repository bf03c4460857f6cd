"""Benefits in money: a measure's change priced by value_per_unit (a dis-benefit's harm counts
negative), the portfolio's planned and realised money to date and over time, what the register
promises in total, and roll-ups per objective or initiative that sum money, never average percentages.

The basis of every figure is an annual run-rate: value_per_unit prices one unit of the measure for
a year, so a level of change is worth that much a year while it lasts. Summing run-rates over
benefits is sound; nothing here adds them up over time, so no figure is cumulative."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from playbook.benefits.rows import Benefit, better_sign, history, latest, number
from playbook.benefits.trajectory import RAGS, planned_value
from playbook.errors import ParameterError

UNASSIGNED = "(unassigned)"
ROLLUP_KEYS = ("objective", "initiative")


def money(b: Benefit, value: float) -> float | None:
    """Worth of moving the measure from baseline to `value`: beneficial change × value_per_unit.

    A dis-benefit's harm counts negative. None when the benefit has no value_per_unit.
    """
    per_unit = number(b, "value_per_unit")
    if per_unit is None:
        return None
    return better_sign(b) * (value - float(b["baseline"])) * per_unit


def promised(benefits: pd.DataFrame) -> float:
    """The money of reaching every target: what the register promises in total."""
    return float(sum(money(b, float(b["target"])) or 0.0 for _, b in benefits.iterrows()))


def shortfall(b: Benefit, forecast: float) -> float | None:
    """Money the forecast leaves short of the target at due (positive when it misses)."""
    if pd.isna(forecast) or number(b, "value_per_unit") is None:
        return None
    return float(money(b, float(b["target"])) - money(b, float(forecast)))


@dataclass(frozen=True)
class Financial:
    """Portfolio money to date, summed over the benefits that have a value_per_unit."""

    planned_to_date: float
    realised_to_date: float
    priced: int  # how many benefits the sums cover

    @property
    def realisation_pct(self) -> float | None:
        """Realised ÷ planned money; None unless planned money is positive: when more harm than
        value is planned the ratio means nothing."""
        return 100 * self.realised_to_date / self.planned_to_date if self.planned_to_date > 0 else None


def _priced(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date) -> list[tuple[pd.Series, pd.Series]]:
    return [(b, history(actuals, bid, as_of)) for bid, b in benefits.iterrows()
            if number(b, "value_per_unit") is not None]


def _money_on(priced: list[tuple[pd.Series, pd.Series]], on: date) -> tuple[float, float]:
    """Planned and realised money on a date; a benefit not yet measured has realised nothing."""
    planned = sum(money(b, planned_value(b, on)) for b, _ in priced)
    newest = [(b, latest(values, on)) for b, values in priced]
    realised = sum(money(b, value) for b, value in newest if value is not None)
    return float(planned), float(realised)


def financial_to_date(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date) -> Financial:
    """Planned money is the plan at as_of; realised money is each benefit's newest actual on or
    before as_of. Unlike per-benefit realisation, a late measurement does count against the
    portfolio here: money not yet evidenced is not yet realised."""
    priced = _priced(benefits, actuals, as_of)
    return Financial(*_money_on(priced, as_of), priced=len(priced))


def run_rate_over_time(benefits: pd.DataFrame, actuals: pd.DataFrame, as_of: date,
                     freq: str = "MS") -> pd.DataFrame:
    """Planned and realised annual run-rate on each date (columns date, planned, realised), summed
    across benefits, from the earliest start to the later of as_of and the last due date.

    Each value is the portfolio's level of change from baseline priced by value_per_unit: a
    run-rate that grows as the measures move, not a time integral. The dates are the `freq` grid
    plus the span's ends and as_of, so the planned line reaches the promised total and the
    realised line ends on the headline figure; realised is NaN after as_of.
    """
    priced = _priced(benefits, actuals, as_of)
    if not priced:
        return pd.DataFrame(columns=["date", "planned", "realised"])
    first = min(b["start"] for b, _ in priced)
    last = max(as_of, *(b["due"] for b, _ in priced))
    grid = {t.date() for t in pd.date_range(first, last, freq=freq)} | {first, last}
    if as_of >= first:
        grid.add(as_of)
    rows = []
    for on in sorted(grid):
        planned, realised = _money_on(priced, on)
        rows.append({"date": on, "planned": planned, "realised": realised if on <= as_of else np.nan})
    return pd.DataFrame(rows)


def rollup(assessment: pd.DataFrame, by: str = "objective") -> pd.DataFrame:
    """Count benefits and sum money per objective or initiative; never average percentages.

    Columns: benefits, green, amber, red, no-data, stale, no_actuals, forecast_misses,
    not_ready, priced, planned_money_to_date, realised_money_to_date, money_realisation_pct.
    A group's realisation is its realised ÷ planned money (NaN unless planned money is positive),
    so a large benefit behind plan is not hidden by a small one ahead. Benefits without an
    objective or initiative fall under "(unassigned)".
    """
    if by not in ROLLUP_KEYS:
        raise ParameterError(f"by: found {by!r}; expected one of {', '.join(ROLLUP_KEYS)}")
    keys = assessment[by].fillna(UNASSIGNED).rename(by)
    tallies = pd.DataFrame({
        "benefits": 1,
        **{rag: assessment["rag"].eq(rag) for rag in RAGS},
        "stale": assessment["stale"].astype(bool),
        "no_actuals": assessment["no_actuals"].astype(bool),
        "forecast_misses": assessment["forecast_meets_target"].eq(False),
        "not_ready": ~assessment["ready"].astype(bool),
        "priced": assessment["planned_money_to_date"].notna(),
        "planned_money_to_date": assessment["planned_money_to_date"].astype(float),
        "realised_money_to_date": assessment["realised_money_to_date"].astype(float),
    }, index=assessment.index)
    out = tallies.groupby(keys).sum()
    planned = out["planned_money_to_date"]
    out["money_realisation_pct"] = (100 * out["realised_money_to_date"] / planned).where(planned > 0)
    return out
