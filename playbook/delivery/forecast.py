"""Finish date and cost at completion under uncertainty: a seeded Monte Carlo per initiative.

Each draw finishes the remaining work at the performance seen so far, with some variance, and
adds the open risks that occur:
- Remaining cost = (BAC − EV) ÷ (CPI × e^(σ·Z₁)); remaining time = (PD − ES) ÷ (SPI(t) × e^(σ·Z₂)),
  Z₁ and Z₂ independent standard normals. With σ = 0 the draw is exactly the deterministic
  forecast: EAC = BAC ÷ CPI and the finish start + IEAC(t). Before any report (or any cost),
  the indices are taken as 1: the baseline is the forecast.
- Each open risk occurs with the probability its 1–5 score maps to (PROBABILITY: the midpoints
  of five equal bands, 1 → 10% … 5 → 90%). When it occurs, its cost and its delay are drawn from
  its three-point estimates (min, likely, max) as PERT-beta distributions (λ = 4: α = 1 + 4(m−a)
  ÷ (b−a), β = 1 + 4(b−m) ÷ (b−a)). Delays add to the finish in full: a risk is assumed to hit
  the critical path, the prudent reading for an executive forecast.
Results are P50 and P80 of finish and cost, and P(on time): the share of draws finishing on or
before the baseline finish. Each initiative has its own random stream, derived from the seed and
its id, so a result does not change when other initiatives are added or reordered.
"""
from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from playbook.delivery.earned_value import Snapshot, ceil_days
from playbook.delivery.records import Baseline

PROBABILITY = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}
DRAWS = 5000
SEED = 20261101
SIGMA = 0.10
LAMBDA = 4.0


@dataclass(frozen=True)
class RiskImpact:
    """An open risk as the simulation needs it: a probability and three-point impacts."""

    id: str
    probability: float
    cost: tuple[float, float, float] | None = None
    days: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Forecast:
    initiative: str
    draws: int
    seed: int
    sigma: float
    p50_finish: dt.date
    p80_finish: dt.date
    p50_cost: float
    p80_cost: float
    p_on_time: float
    baseline_finish: dt.date
    bac: float


LATE_AFTER_DAYS = 14  # P50 finish this far past the baseline finish: likely late
OVER_BY = 0.05  # P50 cost this share above budget: forecast over budget


def likely_late(f: Forecast) -> bool:
    """Late at P50 by more than two weeks: a risk-free baseline makes P(on time) near 50% even
    for healthy work, so the median's slip, not that chance, decides what goes to the executive."""
    return (f.p50_finish - f.baseline_finish).days > LATE_AFTER_DAYS


def likely_over(f: Forecast) -> bool:
    return f.p50_cost > f.bac * (1 + OVER_BY)


def probability_of(score: int) -> float:
    """The 1–5 probability score as a probability (see PROBABILITY)."""
    return PROBABILITY[int(score)]


def pert(rng: np.random.Generator, three: tuple[float, float, float], size: int) -> np.ndarray:
    """PERT-beta draws between min and max, most likely at `likely`."""
    lo, mode, hi = three
    if hi <= lo:
        return np.full(size, float(lo))
    alpha = 1 + LAMBDA * (mode - lo) / (hi - lo)
    beta = 1 + LAMBDA * (hi - mode) / (hi - lo)
    return lo + rng.beta(alpha, beta, size) * (hi - lo)


def stream(seed: int, initiative: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(initiative.encode("utf-8"))])


def simulate(b: Baseline, s: Snapshot | None, risks: Sequence[RiskImpact], draws: int = DRAWS,
             seed: int = SEED, sigma: float = SIGMA, as_of: dt.date | None = None) -> Forecast:
    """Simulate one initiative from its newest snapshot (None before its first report)."""
    if draws < 1 or sigma < 0:
        raise ValueError("draws must be ≥ 1 and sigma ≥ 0")
    rng = stream(seed, b.id)
    if s is None:
        cpi = spi_t = 1.0
        ac, remaining_budget, remaining_days = 0.0, b.bac, float(b.duration)
        begin = b.start if as_of is None else max(b.start, as_of)
    else:
        cpi = s.cpi or 1.0
        spi_t = s.spi_t or 1.0
        ac, remaining_budget, remaining_days = s.ac, s.bac - s.ev, float(s.pd) - s.es
        begin = s.date
    z = rng.standard_normal((2, draws)) if sigma > 0 else np.zeros((2, draws))
    cost = ac + remaining_budget / (cpi * np.exp(sigma * z[0]))
    days = remaining_days / (spi_t * np.exp(sigma * z[1]))
    for risk in risks:
        hit = rng.random(draws) < risk.probability
        if risk.cost is not None:
            cost = cost + hit * pert(rng, risk.cost, draws)
        if risk.days is not None:
            days = days + hit * pert(rng, risk.days, draws)
    offset = (begin - b.start).days
    finish_days = offset + days  # days after the baseline start
    p50_d, p80_d = np.quantile(finish_days, [0.5, 0.8])
    p50_c, p80_c = np.quantile(cost, [0.5, 0.8])
    on_time = float(np.mean(finish_days <= b.duration + 1e-6))
    return Forecast(b.id, draws, seed, sigma, _date(b.start, p50_d), _date(b.start, p80_d),
                    float(p50_c), float(p80_c), on_time, b.finish, b.bac)


def _date(start: dt.date, days: float) -> dt.date:
    return start + dt.timedelta(days=ceil_days(float(days)))
