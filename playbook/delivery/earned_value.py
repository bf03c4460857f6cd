"""Earned value and earned schedule for committed work, per initiative and for the portfolio.

Definitions (PMI's Standard for Earned Value Management; Lipke's earned schedule):
- PV: the baseline, linear between `start` and `finish` by day: BAC × elapsed ÷ planned duration.
- EV = percent_complete ÷ 100 × BAC; AC = actual cost to date (from the status report).
- CV = EV − AC, SV = EV − PV, CPI = EV ÷ AC, SPI = EV ÷ PV.
- EAC = BAC ÷ CPI (the default: the cost efficiency so far continues), and the second formula
  EAC = AC + (BAC − EV) ÷ (CPI × SPI) (schedule pressure also costs money); VAC = BAC − EAC.
- TCPI = (BAC − EV) ÷ (BAC − AC): the efficiency the remaining work needs to finish on budget.
- ES: the time at which the baseline planned the value now earned (PV(ES) = EV); AT: time elapsed
  at the report; SPI(t) = ES ÷ AT; SV(t) = ES − AT; IEAC(t) = PD ÷ SPI(t), with PD the planned
  duration. SPI always returns to 1.0 at completion (EV = PV = BAC); SPI(t) does not, which is
  why it is the schedule index reported here.
Times are in days. A ratio whose denominator is zero is None, never infinity or NaN.

Every figure of an initiative is taken at its status report's date (the data date), so PV and EV
are compared at the same moment even when reports are late.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import pandas as pd

from playbook.delivery.records import Baseline, Report


class Indices:
    """The variances and indices that follow from PV, EV and AC, for one initiative or the sums."""

    pv: float
    ev: float
    ac: float

    @property
    def cv(self) -> float:
        return self.ev - self.ac

    @property
    def sv(self) -> float:
        return self.ev - self.pv

    @property
    def cpi(self) -> float | None:
        return ratio(self.ev, self.ac)

    @property
    def spi(self) -> float | None:
        return ratio(self.ev, self.pv)


@dataclass(frozen=True)
class Snapshot(Indices):
    """Every earned value and earned schedule figure of one initiative at one data date."""

    initiative: str
    date: dt.date
    bac: float
    pv: float
    ev: float
    ac: float
    es: float  # days after start
    at: int  # days after start
    pd: int
    rag: str | None = None

    @property
    def spi_t(self) -> float | None:
        return ratio(self.es, self.at)

    @property
    def sv_t(self) -> float:
        return self.es - self.at

    @property
    def eac(self) -> float | None:
        """EAC = BAC ÷ CPI."""
        cpi = self.cpi
        return None if not cpi else self.bac / cpi

    @property
    def eac_cpi_spi(self) -> float | None:
        """EAC = AC + (BAC − EV) ÷ (CPI × SPI)."""
        cpi, spi = self.cpi, self.spi
        return None if not cpi or not spi else self.ac + (self.bac - self.ev) / (cpi * spi)

    @property
    def vac(self) -> float | None:
        eac = self.eac
        return None if eac is None else self.bac - eac

    @property
    def tcpi(self) -> float | None:
        """None when the budget is already spent and work remains (no efficiency can recover it)."""
        remaining_budget = self.bac - self.ac
        return None if remaining_budget <= 0 else (self.bac - self.ev) / remaining_budget

    @property
    def ieac_t(self) -> float | None:
        """The forecast duration in days, IEAC(t) = PD ÷ SPI(t)."""
        spi_t = self.spi_t
        return None if not spi_t else self.pd / spi_t

    def forecast_finish(self, start: dt.date) -> dt.date | None:
        days = self.ieac_t
        return None if days is None else start + dt.timedelta(days=ceil_days(days))

    @property
    def percent_complete(self) -> float:
        return 100.0 * self.ev / self.bac if self.bac else 0.0


def ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def ceil_days(days: float) -> int:
    """Whole days, rounding a fraction up (a tolerance absorbs floating-point noise)."""
    whole = int(days)
    return whole if days - whole <= 1e-6 else whole + 1


def planned_value(b: Baseline, on: dt.date) -> float:
    """PV on a date: linear between start and finish, 0 before, BAC after."""
    if b.duration <= 0:
        return b.bac if on >= b.finish else 0.0
    share = (on - b.start).days / b.duration
    return b.bac * min(1.0, max(0.0, share))


def earned_schedule(b: Baseline, ev: float) -> float:
    """ES in days after start: when the baseline planned to have earned `ev` (inverse of PV)."""
    if b.bac <= 0:
        return float(b.duration)
    return b.duration * min(1.0, max(0.0, ev / b.bac))


def snapshot(b: Baseline, r: Report) -> Snapshot:
    ev = r.percent_complete / 100.0 * b.bac
    return Snapshot(b.id, r.date, b.bac, planned_value(b, r.date), ev, r.actual_cost,
                    earned_schedule(b, ev), (r.date - b.start).days, b.duration, r.rag)


def history(b: Baseline, reports: Iterable[Report]) -> list[Snapshot]:
    """The initiative's figures at each of its reports, oldest first: the trend."""
    return [snapshot(b, r) for r in sorted(reports, key=lambda r: r.date) if r.initiative == b.id]


def latest(b: Baseline, reports: Iterable[Report], as_of: dt.date) -> Snapshot | None:
    mine = [s for s in history(b, reports) if s.date <= as_of]
    return mine[-1] if mine else None


@dataclass(frozen=True)
class PortfolioFigures(Indices):
    """Sums first, ratios of the sums after: never a mean of the initiatives' indices."""

    bac: float
    pv: float
    ev: float
    ac: float
    eac: float
    weighted_es: float  # Σ BAC × ES
    weighted_at: float  # Σ BAC × AT
    reporting: int  # initiatives with a report, whose PV, EV and AC are in the sums
    initiatives: int

    @property
    def spi_t(self) -> float | None:
        """Σ(BAC × ES) ÷ Σ(BAC × AT): earned against elapsed time, each initiative weighted by
        its budget, so a large late project weighs more than a small early one."""
        return ratio(self.weighted_es, self.weighted_at)

    @property
    def vac(self) -> float:
        return self.bac - self.eac


def portfolio(baselines: Sequence[Baseline], snapshots: Mapping[str, Snapshot | None]) -> PortfolioFigures:
    """Roll up: every baseline's BAC; PV, EV, AC, ES and AT of those with a report. The EAC
    sums each initiative's EAC = BAC ÷ CPI, or its BAC while it has no cost yet to judge by."""
    bac = pv = ev = ac = eac = wes = wat = 0.0
    reporting = 0
    for b in baselines:
        bac += b.bac
        s = snapshots.get(b.id)
        if s is None:
            eac += b.bac
            continue
        reporting += 1
        pv, ev, ac = pv + s.pv, ev + s.ev, ac + s.ac
        eac += s.eac if s.eac is not None else b.bac
        if s.at > 0:
            wes, wat = wes + b.bac * s.es, wat + b.bac * s.at
    return PortfolioFigures(bac, pv, ev, ac, eac, wes, wat, reporting, len(baselines))


def trend_frame(b: Baseline, reports: Iterable[Report]) -> pd.DataFrame:
    """CPI and SPI(t) (and SPI, to show its drift back to 1) at each report of one initiative."""
    rows = [{"initiative": b.id, "date": s.date, "cpi": s.cpi, "spi": s.spi, "spi_t": s.spi_t,
             "percent_complete": s.percent_complete, "ac": s.ac} for s in history(b, reports)]
    return pd.DataFrame(rows, columns=["initiative", "date", "cpi", "spi", "spi_t", "percent_complete", "ac"])


def direction(values: Sequence[float | None], tolerance: float = 0.02) -> str:
    """'improving', 'worsening' or 'steady' from the two newest defined values of an index."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return "steady"
    change = known[-1] - known[-2]
    return "improving" if change > tolerance else "worsening" if change < -tolerance else "steady"
