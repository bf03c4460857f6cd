"""Work already under way: what approved and in-flight initiatives take from the budget and the
teams before any proposal is decided.

Prioritisation decides among proposals only. Approved and in-flight work is committed: its
remaining cost (cost − spent to date, never below 0) counts against the budget and its FTE against
each team's capacity. Initiatives on hold, done or stopped are neither chosen nor counted; what
they mean for a proposal linked to them (a prerequisite that is on hold, an alternative already
done) is settled where the selection problem is built.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from playbook.prioritisation.scoring import FTE_PREFIX, PrioritisationError

STATUSES = ("proposed", "approved", "in_flight", "on_hold", "done", "stopped")
PROPOSED = "proposed"
COMMITTED = ("approved", "in_flight")  # their remaining cost and FTE count against budget and capacity
DELIVERED = ("done",)  # satisfies a dependency and rules out an alternative, like committed work
WORDS = {"proposed": "proposed", "approved": "approved", "in_flight": "in flight", "on_hold": "on hold",
         "done": "done", "stopped": "stopped"}


@dataclass(frozen=True)
class Commitments:
    """Committed work's share of the budget and the teams, and every initiative's status."""

    status: pd.Series  # every initiative -> one of STATUSES
    committed: tuple[str, ...]  # approved and in flight, in portfolio order
    cost: float  # their remaining cost
    fte: dict[str, float]  # their FTE per team in their busiest month, for every fte_<team> column

    @property
    def proposals(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.status.index[self.status == PROPOSED])

    def __bool__(self) -> bool:
        return bool(self.committed)


def statuses(portfolio: pd.DataFrame) -> pd.Series:
    """Each initiative's status; everything is a proposal in a portfolio without the column."""
    if "status" not in portfolio.columns:
        return pd.Series(PROPOSED, index=portfolio.index, dtype=object, name="status")
    status = portfolio["status"].astype(object).where(portfolio["status"].notna(), PROPOSED)
    unknown = sorted({str(s) for s in status if s not in STATUSES})
    if unknown:
        raise PrioritisationError(f"unknown initiative status {unknown}; expected one of {', '.join(STATUSES)}")
    return status.rename("status")


def remaining_cost(portfolio: pd.DataFrame) -> pd.Series:
    """cost − spent_to_date, never below 0 (an overspent initiative has nothing left to fund)."""
    cost = portfolio["cost"].astype(float)
    spent = portfolio["spent_to_date"].astype(float).fillna(0.0) if "spent_to_date" in portfolio.columns else 0.0
    return (cost - spent).clip(lower=0.0)


def peak_demand(rows: pd.DataFrame, fte: np.ndarray) -> np.ndarray:
    """Committed work's demand on each team in its busiest month. One capacity figure per team
    stands for every month, so work that runs at different times must not be summed as if it
    ran at once: each dated initiative counts in the months from its start to its finish, and
    one without dates counts in every month."""
    if not len(rows):
        return np.zeros(fte.shape[1])
    blank = pd.Series([None] * len(rows), index=rows.index)
    starts = pd.to_datetime(rows["start"] if "start" in rows else blank, errors="coerce")
    ends = pd.to_datetime(rows["finish"] if "finish" in rows else blank, errors="coerce")
    dated = (starts.notna() & ends.notna()).to_numpy()
    always = fte[~dated].sum(axis=0)
    if not dated.any():
        return always
    months = pd.period_range(starts[dated].min().to_period("M"), ends[dated].max().to_period("M"), freq="M")
    s, e = starts.dt.to_period("M").to_numpy(), ends.dt.to_period("M").to_numpy()
    active = np.array([[bool(dated[k]) and s[k] <= m <= e[k] for k in range(len(rows))] for m in months], dtype=float)
    return always + (active @ fte).max(axis=0)


def commitments(portfolio: pd.DataFrame) -> Commitments:
    """The remaining cost and FTE of the approved and in-flight initiatives."""
    status = statuses(portfolio)
    held = status.isin(COMMITTED).to_numpy()
    teams = [c for c in portfolio.columns if c.startswith(FTE_PREFIX)]
    demand = portfolio.loc[held, teams].astype(float).fillna(0.0).to_numpy()
    fte = pd.Series(peak_demand(portfolio.loc[held], demand), index=teams) if teams else pd.Series(dtype=float)
    return Commitments(
        status=status,
        committed=tuple(str(i) for i in portfolio.index[held]),
        cost=float(remaining_cost(portfolio)[held].sum()),
        fte={c[len(FTE_PREFIX):]: float(fte.get(c, 0.0)) for c in teams},
    )


def proposals(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The rows the decision is about (the frame itself when every row is a proposal)."""
    is_proposal = (statuses(portfolio) == PROPOSED).to_numpy()
    return portfolio if is_proposal.all() else portfolio[is_proposal]


def counted(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The rows whose demand is part of the picture: proposals and committed work."""
    keep = statuses(portfolio).isin((PROPOSED, *COMMITTED)).to_numpy()
    return portfolio if keep.all() else portfolio[keep]
