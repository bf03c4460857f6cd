"""The branch and bound the Monte Carlo and the frontier use to re-solve one portfolio many times.

HiGHS's MIP solver answers each small selection in 50–250 ms; this search, warm-started from the
LP relaxation kept in one HiGHS instance, answers in a few ms, so 500 draws take seconds.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np
from scipy import sparse

from playbook.prioritisation.problem import TOL, Problem, closure

NODE_LIMIT = 20_000  # branch-and-bound nodes per re-solve before handing the problem to HiGHS


class Search:
    """Exact branch and bound for re-solving one portfolio many times with different values.

    HiGHS spends 50–250 ms on each of these 30–50-variable problems (root restarts and
    heuristics dominate), which would make 500 draws take a minute; this search takes a few
    ms and returns the same optimum (tests/prioritisation/test_search.py checks it against milp).
    Per solve: the LP relaxation (with every constraint) gives resource prices for a surrogate
    knapsack bound and fixes the variables its reduced costs rule out against the best
    selection found so far; a depth-first search, including items in order of value per
    surrogate cost, does the rest. Sets are Python int bitmasks: at this size that beats numpy.
    """

    def __init__(self, p: Problem, budget: float):
        self.p, self.n, self.budget = p, p.n, budget
        capped = np.flatnonzero(np.isfinite(p.capacity))
        self.use = np.vstack([p.cost[None, :], p.fte[:, capped].T])  # resources × items
        self.limit = np.concatenate([[p.room(budget)], p.capacity[capped]])
        self.slack = [float(b) * (1 + TOL) for b in self.limit]
        self.items = [list(map(float, col)) for col in self.use.T]
        needs = [closure(p, [i]) for i in range(p.n)]
        self.need = [sum(1 << j for j in needs[i]) for i in range(p.n)]
        self.dependents = [sum(1 << i for i in range(p.n) if j in needs[i]) for j in range(p.n)]
        self.rival = [sum(1 << k for k in p.exclusive_with(i)) for i in range(p.n)]
        row_ub = p.row_ub.copy()
        row_ub[0] = p.room(budget) / p.cost_scale
        self.relaxation = _Relaxation(p.rows.toarray(), row_ub, p.mandatory.astype(float),
                                      (~p.forced_out).astype(float))
        self.pool: list[np.ndarray] = []

    def solve(self, v: np.ndarray) -> np.ndarray:
        """The optimal funded mask for values `v` (the problem is known to be feasible)."""
        lp = self.relaxation.solve(v)
        if lp is None:
            return self._fallback(v)
        bound, x, reduced, duals = lp
        start = self._start(v)
        best = float(v[self._mask_array(start)].sum()) if start is not None else -np.inf
        gap = bound - best + 1e-7 * max(1.0, abs(best))
        fix_out = np.flatnonzero((x < 1e-9) & (reduced > gap))
        fix_in = np.flatnonzero((x > 1 - 1e-9) & (-reduced > gap))
        prices = np.maximum(-duals[: len(self.limit)], 0.0)
        prices[0] /= self.p.cost_scale
        prices += 1e-12 / np.where(self.limit > 0, self.limit, 1.0)
        try:
            funded = self._mask_array(self._search(list(map(float, v)), prices, start, best, fix_in, fix_out))
        except _TooHard:
            return self._fallback(v)
        return self._remember(funded)

    def _fallback(self, v: np.ndarray) -> np.ndarray:
        """HiGHS's MIP solver, for what the search should not take on."""
        return self._remember(self.p.solve(v, self.budget))

    def _remember(self, funded: np.ndarray) -> np.ndarray:
        if not any(np.array_equal(funded, q) for q in self.pool):
            self.pool.append(funded)
        return funded

    def _start(self, v: np.ndarray) -> int | None:
        if not self.pool:
            return None
        pool = np.array(self.pool)
        return self._mask_int(pool[int(np.argmax(pool @ v))])

    def _mask_int(self, funded: np.ndarray) -> int:
        return sum(1 << int(i) for i in np.flatnonzero(funded))

    def _mask_array(self, mask: int) -> np.ndarray:
        return np.array([(mask >> i) & 1 for i in range(self.n)], dtype=bool)

    def _close(self, chosen: int, barred: int, add: int, used: list[float]) -> tuple[int, int, list[float]] | None:
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

    def _search(self, v: list[float], prices: np.ndarray, start: int | None, best: float,
                fix_in: np.ndarray, fix_out: np.ndarray) -> int:
        p, items, slack = self.p, self.items, self.slack
        barred = 0
        for i in np.flatnonzero(p.forced_out):
            barred |= self.dependents[i]
        root = self._close(0, barred, self._mask_int(p.mandatory), [0.0] * len(slack))
        assert root is not None, "infeasible problems are diagnosed before searching"
        chosen, barred, used = root
        for i in fix_out:
            if not chosen >> int(i) & 1:
                barred |= self.dependents[int(i)]
        fixed = self._close(chosen, barred, self._mask_int(np.isin(np.arange(self.n), fix_in)), used)
        if fixed is None:  # nothing better than the start exists with those fixings
            return start if start is not None else chosen
        chosen, barred, used = fixed
        cost, capacity = list(map(float, prices @ self.use)), float(prices @ self.limit)
        prices = list(map(float, prices))
        order = sorted((i for i in range(self.n) if v[i] > 0 and not (chosen | barred) >> i & 1),
                       key=lambda i: -(v[i] / cost[i] if cost[i] > 0 else np.inf))
        record = [best, start if start is not None else chosen]
        budget = [NODE_LIMIT]

        def visit(chosen: int, barred: int, value: float, used: list[float], pos: int) -> None:
            budget[0] -= 1
            if budget[0] < 0:
                raise _TooHard
            if value > record[0]:
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
                        bound += v[i]
                        room -= cost[i]
                    else:
                        bound += v[i] * room / cost[i]
                        break
            if first < 0 or bound <= record[0] + 1e-9 * max(1.0, abs(record[0])):
                return
            i = order[first]
            taken = self._close(chosen, barred, 1 << i, used)
            if taken is not None:
                gained = sum(v[j] for j in _bits(taken[0] & ~chosen))
                visit(taken[0], taken[1], value + gained, taken[2], first + 1)
            visit(chosen, barred | self.dependents[i], value, used, first + 1)

        visit(chosen, barred, sum(v[i] for i in _bits(chosen)), used, 0)
        return record[1]


class _Relaxation:
    """The LP relaxation of one portfolio, kept in one HiGHS instance between draws.

    Only the values change from one draw to the next, so HiGHS restarts from the last optimal
    basis: about 0.1 ms a solve, against 1–2 ms for a fresh `scipy.optimize.linprog` call.
    """

    def __init__(self, rows: np.ndarray, row_ub: np.ndarray, lower: np.ndarray, upper: np.ndarray):
        import highspy

        self.n = rows.shape[1]
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.addVars(self.n, lower, upper)
        columns = sparse.csr_array(rows)
        self.highs.addRows(rows.shape[0], np.full(rows.shape[0], -highspy.kHighsInf), row_ub,
                           columns.nnz, columns.indptr[:-1].astype(np.int32), columns.indices.astype(np.int32),
                           columns.data.astype(float))
        self.index = np.arange(self.n, dtype=np.int32)
        self.optimal = highspy.HighsModelStatus.kOptimal

    def solve(self, v: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray] | None:
        """Maximum of v·x, x, reduced costs of -v, row duals; None if HiGHS did not prove it."""
        self.highs.changeColsCost(self.n, self.index, -np.asarray(v, dtype=float))
        self.highs.run()
        if self.highs.getModelStatus() != self.optimal:
            return None
        solution = self.highs.getSolution()
        return (-self.highs.getInfo().objective_function_value, np.asarray(solution.col_value),
                np.asarray(solution.col_dual), np.asarray(solution.row_dual))


class _TooHard(Exception):
    """The search passed NODE_LIMIT nodes: large or unusual portfolios go back to HiGHS."""


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low
