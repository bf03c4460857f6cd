"""An upper bound on the roadmap's value from a selection-only relaxation, and the proof it gives.

The time-indexed MILP is slow to *prove* optimal when the delay discount is zero: value then
depends only on what is funded, every funded proposal can start in many months, and branching on
start months barely moves the bound. So the selection is bounded first, without months: one binary
per proposal, with the budget, dependencies (as funded-implies-funded), exclusions, mandatory items
and, per team, energetic knapsacks: in every window of months [0, b] and [a, T−1], each funded
proposal runs at least its least overlap with the window (over the months it could start in) at its
FTE, and that cannot exceed the room committed work leaves there. Every valid plan satisfies these,
so the relaxation's optimum bounds the plan's value (discounted at each proposal's earliest start).

On realistic portfolios its optimal selection is usually schedulable, which proves it optimal at
once. A selection proven unschedulable is cut off with its supersets (it is closed under
prerequisites, so any schedule of a superset would schedule it too) and the relaxation re-solved.
What is left unproven goes to the full MILP with the bound as a row, so the MILP stops as soon as it
meets it.
"""
from __future__ import annotations

import numpy as np

from playbook.prioritisation import roadmap_highs as hs
from playbook.prioritisation.roadmap_model import FTE_TOLERANCE, Compiled


class Relaxation:
    """The selection-only model, kept in one HiGHS instance so no-good cuts accumulate."""

    def __init__(self, c: Compiled):
        self.c = c
        self.ids = [i for i in range(c.n) if c.possible[i]]
        self.col = {i: q for q, i in enumerate(self.ids)}
        self.gain = c.value[self.ids] * c.discount(c.first[self.ids])
        self.highs = hs.model(c.mandatory[self.ids].astype(float), np.ones(len(self.ids)), self.gain)
        hs.add_rows(self.highs, self._rows())

    def _rows(self) -> list[hs.Row]:
        c, col = self.c, self.col
        rows: list[hs.Row] = []
        scale = float(max(c.cost_minor, default=0)) or 1.0
        if sum(c.cost_minor[i] for i in self.ids) > max(c.budget_minor, 0):
            rows.append(({col[i]: c.cost_minor[i] / scale for i in self.ids if c.cost_minor[i]},
                         -np.inf, max(c.budget_minor, 0) / scale))
        windows = sorted({(0, b) for b in range(c.T)} | {(a, c.T - 1) for a in range(1, c.T)})
        for k in np.flatnonzero(np.isfinite(c.cap).all(axis=1)):
            users = [i for i in self.ids if c.fte[i, k] > 0]
            first, last = c.first[users], c.last[users]
            d = c.duration[users]
            for a, b in windows:
                # least overlap of [s, s+d-1] with [a, b] over s in [first, last]: at an extreme start
                least = np.maximum(np.minimum(np.minimum(first + d - 1, b) - np.maximum(first, a) + 1,
                                              np.minimum(last + d - 1, b) - np.maximum(last, a) + 1), 0)
                room = float(c.room[k, a:b + 1].sum())
                need = c.fte[users, k] * least
                if need.sum() > room + FTE_TOLERANCE:
                    rows.append(({col[i]: float(x) for i, x in zip(users, need) if x > 0}, -np.inf, room))
        rows += [({col[i]: 1.0, col[j]: -1.0}, -np.inf, 0.0) for i in self.ids for j in c.prereqs[i]]
        rows += [({col[i]: 1.0, col[j]: 1.0}, -np.inf, 1.0) for i, j in c.exclusive if i in col and j in col]
        return rows

    def run(self, seconds: float) -> tuple[set[int] | None, bool, float]:
        """(the optimal selection or None, proven, upper bound on any valid plan's value)."""
        out = hs.run(self.highs, seconds)
        if out.x is None:
            return None, out.proven, (-np.inf if out.proven else out.bound)
        chosen = {self.ids[q] for q in np.flatnonzero(out.x)}
        return chosen, out.proven, max(out.bound, float(self.gain[out.x].sum()))

    def limit(self, chosen: set[int], bound: float) -> None:
        """Together, the proposals of `chosen` are worth at most `bound`: valid when the discount is
        zero and `bound` bounds every plan that funds only from `chosen` (a Benders optimality cut)."""
        hs.add_rows(self.highs, [({self.col[i]: float(self.gain[self.col[i]]) for i in chosen}, -np.inf,
                                  bound + 1e-9 * max(1.0, abs(bound)))])

    def forbid(self, chosen: set[int]) -> int:
        """Not all of `chosen` together: valid when it has no schedule, since neither has a superset
        then; otherwise only a way to see other selections, to be dropped again. Returns the row."""
        hs.add_rows(self.highs, [({self.col[i]: 1.0 for i in chosen}, -np.inf, float(len(chosen) - 1))])
        return self.highs.getNumRow() - 1

    def drop(self, rows: list[int]) -> None:
        """Remove rows `forbid` added (the latest first keeps the others' numbers valid)."""
        for row in sorted(rows, reverse=True):
            self.highs.deleteRows(1, np.array([row], dtype=np.int32))
        rows.clear()
