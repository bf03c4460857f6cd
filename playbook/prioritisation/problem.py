"""The funding decision as a 0-1 integer program: the constraints of one portfolio, built once.

A portfolio frame (index: initiative id; `cost`, `fte_<team>` columns, `depends_on` and
`exclusive_with` as lists of ids, `mandatory`, optionally `status` and `spent_to_date`) becomes
arrays and sparse constraint rows over its proposals, which the exact solver (HiGHS's MIP), the
branch and bound of the Monte Carlo and the frontier all re-solve for different values and
budgets. Committed work enters as what it leaves of the budget and each team's capacity.
"""
from __future__ import annotations

import math
from collections import deque
from decimal import Decimal
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
from scipy import sparse

from playbook.prioritisation.commitments import (COMMITTED, DELIVERED, PROPOSED, WORDS, peak_demand,
                                                 remaining_cost, statuses)
from playbook.prioritisation.scoring import FTE_PREFIX, PrioritisationError

# Selections whose values differ by less than this fraction of the top initiative's value count
# as equal, and the cheapest of them is funded.
TIE_TOLERANCE = 1e-6
MINOR = 100  # money is checked in whole minor units (pence, cents): costs rounded up, budgets down
FTE_TOLERANCE = 1e-6  # FTE sums may exceed a capacity by this much (float sums of 0.1s), no more
VALUE_TOLERANCE = 1e-9  # relative: a selection must beat the best so far by more than this to replace it


@dataclass(frozen=True, eq=False)
class Problem:
    """The constraints of one portfolio, built once and re-solved for many objectives.

    Money is held twice: `cost` in currency for the reader, `units` in whole minor units
    (integers) for every feasibility decision, so no amount of floating-point or solver tolerance
    can fund a selection that costs a penny more than the budget.
    """

    ids: tuple[str, ...]
    cost: np.ndarray
    units: np.ndarray  # cost in minor units, int64, rounded up
    teams: tuple[str, ...]  # every fte_<team> column
    fte: np.ndarray  # n × teams
    capacity: np.ndarray  # per team, what committed work leaves (≥ 0); inf where the client set none
    prereqs: tuple[tuple[int, ...], ...]
    exclusive: tuple[tuple[int, int], ...]  # i < j
    mandatory: np.ndarray
    forced_out: np.ndarray
    rows: sparse.csr_array  # budget row (minor units ÷ unit_scale), capped team rows, dependencies, exclusions
    row_ub: np.ndarray  # upper bounds; the budget's (row 0) is set per solve
    blocked: dict[int, str]  # proposals another initiative's status rules out -> why
    committed_cost: float  # the remaining cost of approved and in-flight work
    committed_units: int
    committed_fte: np.ndarray  # its FTE per team
    full_capacity: np.ndarray  # per team, before committed work

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def unit_scale(self) -> float:
        """The budget row is divided by this (the dearest proposal) to keep HiGHS's numbers near 1."""
        return float(self.units.max(initial=0)) or 1.0

    @property
    def capped(self) -> np.ndarray:
        return np.flatnonzero(np.isfinite(self.capacity))

    def room(self, budget: float) -> float:
        """What the budget leaves for proposals once committed work is paid for."""
        return budget - self.committed_cost

    def room_units(self, budget: float) -> int:
        """What the budget leaves in minor units: never below 0, for committed work beyond the
        budget is a fact the deliverable reports, not a reason no proposal can be decided."""
        return max(budget_units(budget) - self.committed_units, 0)

    def row_bounds(self, budget: float) -> np.ndarray:
        ub = self.row_ub.copy()
        ub[0] = self.room_units(budget) / self.unit_scale
        return ub

    def exclusive_with(self, i: int) -> Iterator[int]:
        for a, b in self.exclusive:
            if a == i:
                yield b
            elif b == i:
                yield a

    def breaks(self, funded: np.ndarray, budget: float) -> list[int]:
        """The limits a selection breaks, checked exactly: 0 the budget (in minor units), k + 1 the
        k-th capped team (within FTE_TOLERANCE), -1 a rule (a prerequisite, an exclusion, a
        mandatory or forced-out initiative). Empty when the selection is admissible."""
        out = [0] if int(self.units[funded].sum()) > self.room_units(budget) else []
        demand = self.fte[funded].sum(axis=0)
        out += [k + 1 for k, t in enumerate(self.capped) if demand[t] > self.capacity[t] + FTE_TOLERANCE]
        ruled = (
            (self.mandatory & ~funded).any() or (self.forced_out & funded).any()
            or any(funded[i] and not funded[j] for i, js in enumerate(self.prereqs) for j in js)
            or any(funded[i] and funded[j] for i, j in self.exclusive)
        )
        return out + ([-1] if ruled else [])

    def cut(self, funded: np.ndarray, broken: list[int]) -> tuple[np.ndarray, float]:
        """A row (coefficients, upper bound) that every admissible selection satisfies and this one
        does not. For a broken limit, a cover: the funded initiatives that use it cannot all be
        funded, since costs and FTE are never negative; for a broken rule, this selection itself."""
        if broken[0] < 0:
            return np.where(funded, 1.0, -1.0), float(funded.sum() - 1)
        use = self.units if broken[0] == 0 else self.fte[:, self.capped[broken[0] - 1]]
        cover = funded & (use > 0)
        return cover.astype(float), float(cover.sum() - 1)


def budget_units(amount: float) -> int:
    """A budget in whole minor units, rounded down (so the check never grants a fraction). Read
    as the decimal it was written as: 140000000.08 × 100 in floating point is 14000000008.000002."""
    return math.floor(Decimal(repr(float(amount))) * MINOR)


def cost_units(amounts: np.ndarray) -> np.ndarray:
    """Costs in whole minor units, rounded up, read as written (see budget_units)."""
    return np.array([math.ceil(Decimal(repr(float(x))) * MINOR) for x in np.asarray(amounts, dtype=float)],
                    dtype=np.int64)


def build_problem(
    portfolio: pd.DataFrame, capacity: dict[str, float] | None, forced_out: Iterable[str]
) -> Problem:
    """The proposals as 0-1 variables; committed work as what it leaves of the budget and capacity.

    A link to an initiative that is not a proposal is settled here: a prerequisite that is
    committed or done is met, one on hold or stopped rules its dependants out; an alternative that
    is committed or done rules the proposal out, one on hold or stopped does not.
    """
    all_ids = tuple(map(str, portfolio.index))
    if len(set(all_ids)) != len(all_ids):
        raise PrioritisationError("initiative ids must be unique")
    status = statuses(portfolio).to_numpy()
    cost_all = portfolio["cost"].astype(float).to_numpy()
    if not np.all(np.isfinite(cost_all)) or (cost_all < 0).any():
        raise PrioritisationError("every initiative needs a cost of zero or more")
    teams = tuple(c[len(FTE_PREFIX):] for c in portfolio.columns if c.startswith(FTE_PREFIX))
    capacity = capacity or {}
    unknown = [t for t in capacity if t not in teams]
    if unknown:
        raise PrioritisationError(
            f"capacity is set for teams {unknown} but the portfolio has no "
            + ", ".join(f"'{FTE_PREFIX}{t}'" for t in unknown)
            + " column"
        )
    fte_all = portfolio[[FTE_PREFIX + t for t in teams]].astype(float).fillna(0.0).to_numpy()
    full_cap = np.array([float(capacity.get(t, np.inf)) for t in teams])
    held = np.isin(status, COMMITTED)
    keep = np.flatnonzero(status == PROPOSED)
    ids = tuple(all_ids[k] for k in keep)
    where = {id_: i for i, id_ in enumerate(ids)}
    whole = {id_: k for k, id_ in enumerate(all_ids)}
    blocked: dict[int, str] = {}

    def links(field: str, blocking: tuple[str, ...], why: str, symmetric: bool = False) -> list[list[int]]:
        """Each proposal's links to other proposals; a link to a `blocking` initiative rules the
        proposal out (the first such link gives the reason), any other link to one is settled.
        A symmetric link (an exclusion) counts whichever side names it."""
        cells = portfolio[field] if field in portfolio.columns else [None] * len(all_ids)
        out = []
        for id_, cell in zip(all_ids, cells):
            named = _id_list(cell)
            bad = [x for x in named if x not in whole]
            if bad:
                raise PrioritisationError(f"{id_}: {field} names unknown initiatives {bad}")
            pairs = [(id_, x) for x in named] + ([(x, id_) for x in named] if symmetric else [])
            for a, b in pairs:
                if a in where and status[whole[b]] in blocking:
                    blocked.setdefault(where[a], why.format(x=b, status=WORDS[status[whole[b]]]))
            if id_ in where:
                out.append(list(dict.fromkeys(where[x] for x in named if x != id_ and x in where)))
        return out

    prereqs = tuple(map(tuple, links("depends_on", ("on_hold", "stopped"), "depends on {x}, which is {status}")))
    alternatives = links("exclusive_with", COMMITTED + DELIVERED, "excluded by {x} ({status})", symmetric=True)
    exclusive = tuple(sorted({(min(i, j), max(i, j)) for i, js in enumerate(alternatives) for j in js}))
    out = set(map(str, forced_out))
    if out - set(all_ids):
        raise PrioritisationError(f"forced_out names unknown initiatives {sorted(out - set(all_ids))}")
    mandatory = (
        portfolio["mandatory"].fillna(False).astype(bool).to_numpy()[keep]
        if "mandatory" in portfolio.columns
        else np.zeros(len(ids), dtype=bool)
    )
    cost, fte = cost_all[keep], fte_all[keep]
    units = cost_units(cost)
    committed_fte = peak_demand(portfolio.iloc[np.flatnonzero(held)], fte_all[held])
    cap = np.maximum(full_cap - committed_fte, 0.0)  # a team committed beyond capacity has nothing left
    capped = np.flatnonzero(np.isfinite(cap))
    scale = float(units.max(initial=0)) or 1.0
    dep_rows = [(i, j) for i, js in enumerate(prereqs) for j in js]
    remaining = remaining_cost(portfolio).to_numpy()[held]
    rows = sparse.vstack(
        [
            sparse.csr_array(units[None, :] / scale),
            sparse.csr_array(fte[:, capped].T),
            _pair_rows(dep_rows, len(ids), -1.0),
            _pair_rows(exclusive, len(ids), 1.0),
        ],
        format="csr",
    )
    row_ub = np.concatenate(
        [[np.inf], cap[capped], np.zeros(len(dep_rows)), np.ones(len(exclusive))]
    )
    return Problem(
        ids=ids,
        cost=cost,
        units=units,
        teams=teams,
        fte=fte,
        capacity=cap,
        prereqs=prereqs,
        exclusive=exclusive,
        mandatory=mandatory,
        forced_out=np.array([x in out or i in blocked for i, x in enumerate(ids)], dtype=bool),
        rows=rows,
        row_ub=row_ub,
        blocked=blocked,
        committed_cost=float(remaining.sum()),
        committed_units=int(cost_units(remaining).sum()),
        committed_fte=committed_fte,
        full_capacity=full_cap,
    )


def _pair_rows(pairs: Iterable[tuple[int, int]], n: int, second: float) -> sparse.csr_array:
    """One row per pair: x_i + second·x_j (dependency: x_i − x_j ≤ 0; exclusion: x_i + x_j ≤ 1)."""
    pairs = list(pairs)
    k = len(pairs)
    cols = [c for pair in pairs for c in pair]
    data = [1.0, second] * k
    return sparse.csr_array((data, (np.repeat(np.arange(k), 2), cols)), shape=(k, n))


def _id_list(cell: object) -> list[str]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return []
    if isinstance(cell, str):
        return [x.strip() for x in cell.split(";") if x.strip()]
    return [str(x) for x in cell]


def values_of(p: Problem, value: pd.Series) -> np.ndarray:
    v = value.reindex(list(p.ids)).astype(float)
    if v.isna().any():
        raise PrioritisationError("no value for " + ", ".join(v.index[v.isna()]))
    return v.to_numpy()


def closure(p: Problem, start: Iterable[int], stop: np.ndarray | None = None) -> dict[int, int]:
    """Every initiative `start` needs (itself included, skipping `stop`), mapped to who needs it."""
    origin: dict[int, int] = {}
    queue = deque((i, i) for i in start)
    while queue:
        i, root = queue.popleft()
        if i in origin or (stop is not None and stop[i]):
            continue
        origin[i] = root
        queue.extend((j, root) for j in p.prereqs[i])
    return origin

