"""The time-indexed MILP in its step form: z[i,t] = 1 when proposal i has started by month t.

The same model as binary start variables x[i,t] = z[i,t] − z[i,t−1] (a unimodular change of
variables, so the LP relaxation is as tight), but better for branch and bound: fixing z[i,t] splits
"starts by t" from "starts after t", a balanced choice, where fixing one x[i,t] barely moves the
bound; the last z[i,·] is "funded". Rows are sparser too: a proposal enters a month's capacity row
as z[i,t] − z[i,t−d], two entries instead of one per start that covers the month.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from playbook.prioritisation import roadmap_highs as hs
from playbook.prioritisation.roadmap_model import FTE_TOLERANCE, Compiled

_SAME = 1e-9


class StepMilp:
    """The model in one HiGHS instance, so audit cuts and bounds are added and re-solved in place."""

    def __init__(self, c: Compiled):
        self.c = c
        self.cols: list[dict[int, int]] = []  # per proposal: month -> column of z[i, month]
        item, start = [], []
        for i in range(c.n):
            self.cols.append({s: len(item) + k for k, s in enumerate(c.starts(i))})
            item += [i] * len(c.starts(i))
            start += list(c.starts(i))
        self.item, self.start = np.array(item, dtype=int), np.array(start, dtype=int)
        self.y = {i: cols[max(cols)] for i, cols in enumerate(self.cols) if cols}  # funded = started by the last month
        rate = c.discount(self.start)
        later = np.where(np.isin(np.arange(len(item)), list(self.y.values())), 0.0, c.discount(self.start + 1))
        self.gain = c.value[self.item] * (rate - later)  # telescopes to value × (1 − δ)^start
        self.lower = np.zeros(len(item))
        self.lower[[self.y[i] for i in self.y if c.mandatory[i]]] = 1.0
        self.highs = hs.model(self.lower, np.ones(len(item)), self.gain)
        hs.add_rows(self.highs, self._rows())

    def started(self, i: int, t: int) -> dict[int, float]:
        """z[i, t] as a row fragment: nothing before its first start, `funded` after its last."""
        cols = self.cols[i]
        if not cols or t < min(cols):
            return {}
        return {cols[min(t, max(cols))]: 1.0}

    def _rows(self) -> list[hs.Row]:
        c, rows = self.c, []
        for cols in self.cols:
            months = sorted(cols)
            rows += [({cols[s]: 1.0, cols[s + 1]: -1.0}, -np.inf, 0.0) for s in months[:-1]]
        scale = float(max(c.cost_minor, default=0)) or 1.0
        if sum(c.cost_minor[i] for i in self.y) > max(c.budget_minor, 0):
            rows.append(({y: c.cost_minor[i] / scale for i, y in self.y.items() if c.cost_minor[i]},
                         -np.inf, max(c.budget_minor, 0) / scale))
        for k in np.flatnonzero(np.isfinite(c.cap).all(axis=1)):
            users = [i for i in self.y if c.fte[i, k] > 0]
            for t in range(c.T):
                row: dict[int, float] = {}
                on = [i for i in users if min(self.cols[i]) <= t < max(self.cols[i]) + c.duration[i]]
                if c.fte[on, k].sum() <= c.room[k, t] + FTE_TOLERANCE:
                    continue
                for i in on:
                    for q, a in self.started(i, t).items():
                        row[q] = row.get(q, 0.0) + a * c.fte[i, k]
                    for q, a in self.started(i, t - int(c.duration[i])).items():
                        row[q] = row.get(q, 0.0) - a * c.fte[i, k]
                rows.append(({q: a for q, a in row.items() if a}, -np.inf, float(c.room[k, t])))
        for i in self.y:
            for j in c.prereqs[i]:  # started by t => the prerequisite started by t − d_j
                rows += [({self.cols[i][t]: 1.0, **{q: -a for q, a in self.started(j, t - int(c.duration[j])).items()}},
                          -np.inf, 0.0) for t in self.cols[i]]
        rows += [({self.y[i]: 1.0, self.y[j]: 1.0}, -np.inf, 1.0) for i, j in c.exclusive if i in self.y and j in self.y]
        return rows

    def plan(self, z: np.ndarray) -> dict[int, int]:
        """Each funded proposal's start: the first month its z is 1."""
        out: dict[int, int] = {}
        for i, y in self.y.items():
            if z[y]:
                out[i] = min(s for s, q in self.cols[i].items() if z[q])
        return out

    def run(self, seconds: float, warm: Mapping[int, int] | None) -> hs.Outcome:
        z = None
        if warm is not None:
            z = np.zeros(len(self.gain))
            for i, s in warm.items():
                z[[q for t, q in self.cols[i].items() if t >= s]] = 1.0
        return hs.run(self.highs, seconds, z)

    def restrict(self, chosen: set[int]) -> None:
        """Fund only from `chosen` until `free`."""
        index = np.array(list(self.y.values()), dtype=np.int32)
        self.highs.changeColsBounds(len(index), index, self.lower[index],
                                    np.array([float(i in chosen) for i in self.y]))

    def free(self) -> None:
        index = np.array(list(self.y.values()), dtype=np.int32)
        self.highs.changeColsBounds(len(index), index, self.lower[index], np.ones(len(index)))

    def at_most(self, bound: float) -> None:
        """An upper bound on the value as a row: the MILP stops as soon as a plan meets it."""
        hs.add_rows(self.highs, [({q: float(g) for q, g in enumerate(self.gain) if g}, -np.inf,
                                  bound + _SAME * max(1.0, abs(bound)))])

    def limit(self, chosen: set[int], bound: float) -> None:
        """Together, the proposals of `chosen` are worth at most `bound` (no discount)."""
        hs.add_rows(self.highs, [({self.y[i]: float(self.c.value[i]) for i in chosen}, -np.inf,
                                  bound + _SAME * max(1.0, abs(bound)))])

    def forbid(self, pairs: list[tuple[int, int]], by_item: bool) -> None:
        """A cover cut: not all of these starts (or, by_item, these proposals at any start) together."""
        row: dict[int, float] = {}
        for i, s in pairs:
            if by_item:
                row[self.y[i]] = 1.0
            elif s in self.cols[i]:
                row[self.cols[i][s]] = row.get(self.cols[i][s], 0.0) + 1.0  # x[i,s] = z[i,s] − z[i,s−1]
                if s - 1 in self.cols[i]:
                    row[self.cols[i][s - 1]] = row.get(self.cols[i][s - 1], 0.0) - 1.0
        if row:
            hs.add_rows(self.highs, [(row, -np.inf, float(len(pairs) - 1))])
