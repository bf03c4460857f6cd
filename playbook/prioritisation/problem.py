"""The funding decision as a 0-1 integer program: the constraints of one portfolio, built once.

A portfolio frame (index: initiative id; `cost`, `fte_<team>` columns, `depends_on` and
`exclusive_with` as lists of ids, `mandatory`) becomes arrays and sparse constraint rows that
the exact solver (HiGHS's MIP), the branch and bound of the Monte Carlo and the frontier all
re-solve for different values and budgets.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from playbook.prioritisation.scoring import PrioritisationError

FTE_PREFIX = "fte_"

# Selections whose values differ by less than this fraction of the top initiative's value count
# as equal, and the cheapest of them is funded. It sits above HiGHS's 1e-7 feasibility tolerance.
TIE_TOLERANCE = 1e-6
_MILP_OPTIONS = {"mip_rel_gap": 0.0}  # prove optimality; HiGHS's default stops 0.01% short
TOL = 1e-9  # relative slack when checking sums against budget and capacity


@dataclass(frozen=True, eq=False)
class Problem:
    """The constraints of one portfolio, built once and re-solved for many objectives."""

    ids: tuple[str, ...]
    cost: np.ndarray
    teams: tuple[str, ...]  # every fte_<team> column
    fte: np.ndarray  # n × teams
    capacity: np.ndarray  # per team; inf where the client set none
    prereqs: tuple[tuple[int, ...], ...]
    exclusive: tuple[tuple[int, int], ...]  # i < j
    mandatory: np.ndarray
    forced_out: np.ndarray
    rows: sparse.csr_array  # budget row, capped team rows, dependency rows, exclusion rows
    row_ub: np.ndarray  # upper bounds; the budget's (row 0) is set per solve

    @property
    def n(self) -> int:
        return len(self.ids)

    def exclusive_with(self, i: int) -> Iterator[int]:
        for a, b in self.exclusive:
            if a == i:
                yield b
            elif b == i:
                yield a

    def solve(self, value: np.ndarray, budget: float) -> np.ndarray | None:
        """The optimal funded mask, or None when no selection satisfies the constraints.

        Lexicographic: the most value, then the cheapest selection within TIE_TOLERANCE of it. A
        cost term folded into one objective was 5-15× slower on rated portfolios, because it
        breaks the objective's integrality that HiGHS exploits when scores sit on a grid.
        """
        scaled = value / (np.abs(value).max(initial=0.0) or 1.0)
        ub = self.row_ub.copy()
        ub[0] = budget / self.cost_scale
        best = self._milp(-scaled, self.rows, ub)
        if best is None:
            return None
        floor = scaled[best].sum() - TIE_TOLERANCE
        rows = sparse.vstack([self.rows, sparse.csr_array(-scaled[None, :])], format="csr")
        cheapest = self._milp(self.cost / self.cost_scale, rows, np.append(ub, -floor))
        return best if cheapest is None else cheapest  # None only if tolerances bite: keep `best`

    def _milp(self, objective: np.ndarray, rows: sparse.csr_array, ub: np.ndarray) -> np.ndarray | None:
        result = milp(
            objective,
            integrality=np.ones(self.n),
            bounds=Bounds(self.mandatory.astype(float), (~self.forced_out).astype(float)),
            constraints=LinearConstraint(rows, -np.inf, ub),
            options=_MILP_OPTIONS,
        )
        if result.x is None:
            if result.status == 2:  # infeasible
                return None
            raise PrioritisationError(f"the selection solver failed: {result.message}")
        return result.x > 0.5

    @property
    def cost_scale(self) -> float:
        return float(np.abs(self.cost).max(initial=0.0)) or 1.0


def build_problem(
    portfolio: pd.DataFrame, capacity: dict[str, float] | None, forced_out: Iterable[str]
) -> Problem:
    ids = tuple(map(str, portfolio.index))
    if len(set(ids)) != len(ids):
        raise PrioritisationError("initiative ids must be unique")
    where = {id_: i for i, id_ in enumerate(ids)}
    cost = portfolio["cost"].astype(float).to_numpy()
    if not np.all(np.isfinite(cost)) or (cost < 0).any():
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
    fte = portfolio[[FTE_PREFIX + t for t in teams]].astype(float).fillna(0.0).to_numpy()
    cap = np.array([float(capacity.get(t, np.inf)) for t in teams])

    def links(field: str) -> list[list[int]]:
        cells = portfolio[field] if field in portfolio.columns else [None] * len(ids)
        out = []
        for id_, cell in zip(ids, cells):
            named = _id_list(cell)
            bad = [x for x in named if x not in where]
            if bad:
                raise PrioritisationError(f"{id_}: {field} names unknown initiatives {bad}")
            out.append(list(dict.fromkeys(where[x] for x in named if x != id_)))
        return out

    prereqs = tuple(map(tuple, links("depends_on")))
    exclusive = tuple(
        sorted({(min(i, j), max(i, j)) for i, js in enumerate(links("exclusive_with")) for j in js})
    )
    out = set(map(str, forced_out))
    if out - set(ids):
        raise PrioritisationError(f"forced_out names unknown initiatives {sorted(out - set(ids))}")
    mandatory = (
        portfolio["mandatory"].fillna(False).astype(bool).to_numpy()
        if "mandatory" in portfolio.columns
        else np.zeros(len(ids), dtype=bool)
    )
    capped = np.flatnonzero(np.isfinite(cap))
    scale = float(np.abs(cost).max(initial=0.0)) or 1.0
    dep_rows = [(i, j) for i, js in enumerate(prereqs) for j in js]
    rows = sparse.vstack(
        [
            sparse.csr_array(cost[None, :] / scale),
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
        teams=teams,
        fte=fte,
        capacity=cap,
        prereqs=prereqs,
        exclusive=exclusive,
        mandatory=mandatory,
        forced_out=np.array([x in out for x in ids]),
        rows=rows,
        row_ub=row_ub,
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

