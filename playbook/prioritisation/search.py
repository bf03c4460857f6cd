"""The exact branch and bound behind every selection: the decision, the frontier and the Monte Carlo.

Why it exists beside HiGHS (measured in README, Speed): HiGHS's MIP takes 50–250 ms on each
30–50-initiative selection, so the 500 re-solves of the Monte Carlo would take a minute; this
search takes a few ms. And it decides feasibility exactly: money in whole minor units (Python
integers), FTE within FTE_TOLERANCE. HiGHS works to a feasibility tolerance of 1e-7 and an
integrality tolerance of 1e-6 on a row scaled to the dearest proposal, which near the budget line
is coarser than a penny: it funded sets a few units over the budget, and once proved "optimal" a
set worse than one it had ruled out (tests/prioritisation/test_selection_exact.py).

Per solve: the LP relaxation (with every constraint) gives resource prices for a surrogate
knapsack bound and fixes the variables its reduced costs rule out against the best selection
known; a depth-first search, including items in order of value per surrogate cost, does the
rest. Sets are Python int bitmasks: at this size that beats numpy.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from scipy import sparse

from playbook.prioritisation.problem import FTE_TOLERANCE, VALUE_TOLERANCE, Problem, closure

NODE_LIMIT = 20_000  # nodes per solve before the search gives up and says so
MAX_SIZE = 400  # proposals: beyond this the recursion and the per-node bound cost too much


@dataclass(frozen=True)
class Found:
    """What one search returns: the best admissible selection it met, and whether it is proven."""

    mask: np.ndarray
    finished: bool  # the search covered every selection: `mask` is optimal
    bound: float  # an upper bound on the value any selection reaches (the LP relaxation's)


class Search:
    """Exact branch and bound for one portfolio and budget, re-solved for many value vectors."""

    def __init__(self, p: Problem, budget: float):
        self.p, self.n, self.budget = p, p.n, budget
        capped = p.capped
        self.use = np.vstack([p.units[None, :].astype(float), p.fte[:, capped].T])  # resources × items
        self.limit = np.concatenate([[float(p.room_units(budget))], p.capacity[capped]])
        self.slack = [int(p.room_units(budget)), *(float(c) + FTE_TOLERANCE for c in p.capacity[capped])]
        self.items = [[int(p.units[i]), *map(float, p.fte[i, capped])] for i in range(p.n)]
        needs = [closure(p, [i]) for i in range(p.n)]
        self.need = [sum(1 << j for j in needs[i]) for i in range(p.n)]
        self.dependents = [sum(1 << i for i in range(p.n) if j in needs[i]) for j in range(p.n)]
        self.rival = [sum(1 << k for k in p.exclusive_with(i)) for i in range(p.n)]
        self.relaxation = _Relaxation(p.rows.toarray(), p.row_bounds(budget), p.mandatory.astype(float),
                                      (~p.forced_out).astype(float))
        self.pool: list[np.ndarray] = []  # every distinct answer so far: starting points for the next solve
        self._seen: set[bytes] = set()
        self._stacked: np.ndarray | None = None  # the pool as one matrix, rebuilt when it grows

    def best(self, v: np.ndarray, start: np.ndarray | None = None, deadline: float = np.inf,
             nodes: int | None = None) -> Found | None:
        """The most valuable admissible selection for values `v` (the problem is known to be
        feasible), starting from `start` or the best remembered one; None if the LP failed."""
        lp = self.relaxation.solve(v, deadline)
        if lp is None:
            return None
        bound, x, reduced, duals = lp
        first = self._mask_int(start) if start is not None else self._start(v)
        best = float(v[self._mask_array(first)].sum()) if first is not None else -np.inf
        found, finished = self._search(v, self._prices(duals), first, best, self._fixings(lp, best),
                                       None, deadline, nodes)
        mask = self._remember(self._mask_array(found))
        return Found(mask, finished, float(v[mask].sum()) if finished else max(bound, float(v[mask].sum())))

    def cheapest(self, v: np.ndarray, floor: float, start: np.ndarray, deadline: float = np.inf,
                 nodes: int | None = None) -> Found:
        """The cheapest admissible selection worth at least `floor` (`start` is one)."""
        lp = self.relaxation.solve(v, deadline)
        if lp is None:
            return Found(start, False, float(v[start].sum()))
        fixings = self._fixings(lp, floor)
        found, finished = self._search(v, self._prices(lp[3]), self._mask_int(start), floor, fixings,
                                       floor, deadline, nodes)
        mask = self._mask_array(found)
        return Found(mask, finished, float(v[mask].sum()))

    def _prices(self, duals: np.ndarray) -> np.ndarray:
        prices = np.maximum(-duals[: len(self.limit)], 0.0)
        prices[0] /= self.p.unit_scale
        return prices + 1e-12 / np.where(self.limit > 0, self.limit, 1.0)

    def _fixings(self, lp: tuple, best: float) -> tuple[np.ndarray, np.ndarray]:
        """Variables the LP's reduced costs fix: any selection beating `best` has them so."""
        bound, x, reduced, _ = lp
        gap = bound - best + 1e-7 * max(1.0, abs(best))
        return (np.flatnonzero((x > 1 - 1e-9) & (-reduced > gap)), np.flatnonzero((x < 1e-9) & (reduced > gap)))

    def _remember(self, funded: np.ndarray) -> np.ndarray:
        """Keep each distinct answer once: the Monte Carlo meets the same few hundreds of times."""
        key = funded.tobytes()
        if key not in self._seen:
            self._seen.add(key)
            self.pool.append(funded)
            self._stacked = None
        return funded

    def _start(self, v: np.ndarray) -> int | None:
        if not self.pool:
            return None
        if self._stacked is None:
            self._stacked = np.array(self.pool)
        return self._mask_int(self.pool[int(np.argmax(self._stacked @ v))])

    def _mask_int(self, funded: np.ndarray) -> int:
        return sum(1 << int(i) for i in np.flatnonzero(funded))

    def _mask_array(self, mask: int) -> np.ndarray:
        return np.array([(mask >> i) & 1 for i in range(self.n)], dtype=bool)

    def _close(self, chosen: int, barred: int, add: int, used: list) -> tuple[int, int, list] | None:
        """Fund `add` with everything it needs; None if that breaks a rule or a limit."""
        new = 0
        for i in _bits(add):
            new |= self.need[i]
        new &= ~chosen
        if new & barred:
            return None
        used = list(used)
        rivals = 0
        for i in _bits(new):
            rivals |= self.rival[i]
            for r, x in enumerate(self.items[i]):
                used[r] += x
        chosen |= new
        if rivals & chosen or any(u > s for u, s in zip(used, self.slack)):
            return None
        for i in _bits(rivals):
            barred |= self.dependents[i]
        return (chosen, barred, used) if not barred & chosen else None

    def _search(self, v: np.ndarray, prices: np.ndarray, start: int | None, best: float,
                fixings: tuple[np.ndarray, np.ndarray], floor: float | None, deadline: float,
                nodes: int | None) -> tuple[int, bool]:
        """Depth first. Without `floor`: the most value. With it: the least cost among selections
        worth at least `floor`. Returns the selection and whether the search finished."""
        p, items, slack, values = self.p, self.items, self.slack, list(map(float, v))
        nodes = NODE_LIMIT if nodes is None else nodes
        fix_in, fix_out = fixings
        barred = 0
        for i in np.flatnonzero(p.forced_out):
            barred |= self.dependents[i]
        root = self._close(0, barred, self._mask_int(p.mandatory), [0] + [0.0] * (len(slack) - 1))
        assert root is not None, "infeasible problems are diagnosed before searching"
        chosen, barred, used = root
        for i in fix_out:
            if not chosen >> int(i) & 1:
                barred |= self.dependents[int(i)]
        fixed = self._close(chosen, barred, self._mask_int(np.isin(np.arange(self.n), fix_in)), used)
        if fixed is None:  # nothing better than the start exists with those fixings
            return (start if start is not None else chosen), True
        chosen, barred, used = fixed
        cost, capacity = list(map(float, prices @ self.use)), float(prices @ self.limit)
        prices = list(map(float, prices))
        order = sorted((i for i in range(self.n) if values[i] > 0 and not (chosen | barred) >> i & 1),
                       key=lambda i: -(values[i] / cost[i] if cost[i] > 0 else np.inf))
        by_cost = floor is not None
        if by_cost:  # record: the cost of the cheapest selection reaching the floor
            record = [int(self.p.units[self._mask_array(start)].sum()), start]
        else:
            record = [best, start if start is not None else chosen]
        margin = VALUE_TOLERANCE * max(1.0, sum(x for x in values if x > 0))
        count = [0]

        def visit(chosen: int, barred: int, value: float, used: list, pos: int) -> None:
            count[0] += 1
            if count[0] > nodes or (count[0] & 255 == 0 and time.perf_counter() > deadline):
                raise _Stopped
            if by_cost:
                if used[0] >= record[0]:
                    return
                if value >= floor:
                    record[0], record[1] = used[0], chosen
                    return
            elif value > record[0] + margin:
                record[0], record[1] = value, chosen
            decided = chosen | barred
            left = [s - u for s, u in zip(slack, used)]
            room = capacity - sum(c * u for c, u in zip(prices, used))
            bound, first = value, -1
            for q in range(pos, len(order)):
                i = order[q]
                if decided >> i & 1:
                    continue
                for x, room_r in zip(items[i], left):
                    if x > room_r:
                        break
                else:
                    if first < 0:
                        first = q
                    if cost[i] <= room:
                        bound += values[i]
                        room -= cost[i]
                    else:
                        bound += values[i] * room / cost[i]
                        break
            if first < 0 or (bound < floor - margin if by_cost else bound <= record[0] + margin):
                return
            i = order[first]
            taken = self._close(chosen, barred, 1 << i, used)
            if taken is not None:
                gained = sum(values[j] for j in _bits(taken[0] & ~chosen))
                visit(taken[0], taken[1], value + gained, taken[2], first + 1)
            visit(chosen, barred | self.dependents[i], value, used, first + 1)

        try:
            visit(chosen, barred, sum(values[i] for i in _bits(chosen)), used, 0)
        except _Stopped:
            return record[1], False
        return record[1], True


class _Relaxation:
    """The LP relaxation of one portfolio, kept in one HiGHS instance between draws.

    Only the values change from one draw to the next, so HiGHS restarts from the last optimal
    basis: about 0.1 ms a solve, against 1–2 ms for a fresh `scipy.optimize.linprog` call.
    """

    def __init__(self, rows: np.ndarray, row_ub: np.ndarray, lower: np.ndarray, upper: np.ndarray):
        import highspy

        from playbook.prioritisation.quiet_highs import new_highs

        self.n = rows.shape[1]
        self.highs = new_highs()  # no solver banner under a workshop cell
        self.highs.addVars(self.n, lower, upper)
        columns = sparse.csr_array(rows)
        self.highs.addRows(rows.shape[0], np.full(rows.shape[0], -highspy.kHighsInf), row_ub,
                           columns.nnz, columns.indptr[:-1].astype(np.int32), columns.indices.astype(np.int32),
                           columns.data.astype(float))
        self.index = np.arange(self.n, dtype=np.int32)
        self.optimal = highspy.HighsModelStatus.kOptimal

    def solve(self, v: np.ndarray, deadline: float = np.inf) -> tuple[float, np.ndarray, np.ndarray, np.ndarray] | None:
        """Maximum of v·x, x, reduced costs of -v, row duals; None if HiGHS did not prove it in time."""
        self.highs.setOptionValue("time_limit", float(min(max(deadline - time.perf_counter(), 1e-3), 1e6)))
        self.highs.changeColsCost(self.n, self.index, -np.asarray(v, dtype=float))
        self.highs.run()
        if self.highs.getModelStatus() != self.optimal:
            return None
        solution = self.highs.getSolution()
        return (-self.highs.getInfo().objective_function_value, np.asarray(solution.col_value),
                np.asarray(solution.col_dual), np.asarray(solution.row_dual))


class _Stopped(Exception):
    """The search passed its node limit or its deadline."""


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
