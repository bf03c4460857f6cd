"""Time-phased selection: which proposals to fund and the month each starts, solved exactly.

The MILP has a binary x[i,t] for each proposal i and each month t it could start in (from its
earliest start, after its prerequisites could first finish, to the last month it can still finish
in the horizon). Σ_t x[i,t] ≤ 1 (= 1 when mandatory); the budget row; one capacity row per team
and month summing the FTE of every start that runs in that month; exclusions on Σ_t x; and each
dependency as "i started by month t ⇒ its prerequisite j started by t − d_j" for every t, the
cumulative form, whose LP relaxation is as tight as time-indexed precedence gets. The objective
is Σ value_i (1 − δ)^t x[i,t]. HiGHS solves it, warm-started from a greedy plan.

HiGHS accepts rows that are violated by up to its feasibility tolerance (1e-7 of the scaled
row: on the budget, up to 1e-7 × the largest cost). So its answer is rounded and audited in exact
arithmetic (roadmap_model.Compiled.violations); a plan that breaks a rule gets a cover cut on
exactly the starts that broke it, which no valid plan violates, and HiGHS runs again. Finally each
start moves as early as the plan allows, which never lowers the value.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import numpy as np

from playbook.prioritisation import roadmap_highs as hs
from playbook.prioritisation.roadmap_bound import Relaxation
from playbook.prioritisation.roadmap_model import (
    FTE_TOLERANCE, MINOR_UNITS, Compiled, Problem, RoadmapError, greedy, left_shift, schedule_of, short_money,
    with_prerequisites,
)
from playbook.prioritisation.roadmap_reasons import LOWER_VALUE, NO_PLAN, reasons

OPTIMAL, BEST_FOUND, INFEASIBLE = "optimal", "best found within the time limit", "infeasible"
TIME_LIMIT = 10.0  # seconds per solve; the gap to the proven bound is reported when it stops early
MAX_CUTS = 30  # audit-and-re-solve rounds before the plan is repaired by dropping work instead
EXPLORE_SHARE = 0.5  # of the time limit, for the relaxation and the selections it proposes
CHECK_SECONDS = 1.0  # for the MILP restricted to one of them
_SAME = 1e-9  # relative slack on bounds written back into a model


def _close(bound: float) -> float:
    """How far below a bound a plan may be and still count as meeting it: HiGHS's own optimality
    test (mip_abs_gap 1e-6; mip_rel_gap is set to 0)."""
    return max(1e-6, _SAME * abs(bound))


@dataclass(frozen=True)
class Roadmap:
    """A funded and scheduled plan. Loads and capacity are team × month arrays in FTE."""

    status: str
    starts: dict[str, int]  # funded id -> start month, earliest first
    finishes: dict[str, int]  # funded id -> last month it runs
    value: float  # with the delay discount applied
    cost: float
    bound: float  # proven upper bound on the value; equals `value` when optimal
    teams: tuple[str, ...]
    capacity: np.ndarray
    committed_load: np.ndarray
    funded_load: np.ndarray
    reasons: dict[str, str] = field(default_factory=dict)  # every unfunded proposal -> why, in words
    infeasible_reason: str | None = None
    seconds: float = 0.0
    cuts: int = 0  # solver answers the exact audit rejected

    @property
    def gap(self) -> float:
        """(bound − value) ÷ bound: 0 when proven optimal."""
        return max(self.bound - self.value, 0.0) / abs(self.bound) if self.bound else 0.0

    @property
    def funded(self) -> tuple[str, ...]:
        return tuple(self.starts)


def solve(problem: Problem, time_limit: float = TIME_LIMIT, warm: Mapping[str, int] | None = None) -> Roadmap:
    """The plan of most (discounted) value that keeps every month within every team's capacity.
    `warm` (id -> start month), e.g. today's plan when solving a what-if, is used when still valid."""
    began = time.perf_counter()
    c = Compiled(problem)
    reason = diagnose(c)
    if reason:
        return _result(c, {}, INFEASIBLE, 0.0, began, 0, reason)
    search = _Search(c, began + time_limit)
    if warm:
        search.keep({c.where[i]: s for i, s in warm.items() if i in c.where})
    while True:
        plan, proven, bound = search.run()
        if plan is None:
            why = ("the mandatory work cannot all be scheduled within capacity in the horizon" if proven else
                   "no plan that includes the mandatory work was found within the time limit (not proven impossible)")
            return _result(c, {}, INFEASIBLE, bound, began, search.cuts, why)
        broken = c.violations(plan)
        if not broken:
            break
        search.cuts += 1
        if search.cuts > MAX_CUTS or time.perf_counter() > search.deadline:
            plan, proven = _repair(c, plan), False
            break
        search.forbid(plan, broken)
    return _result(c, left_shift(c, plan), OPTIMAL if proven else BEST_FOUND, bound, began, search.cuts)


class _Search:
    """Bound by the selection-only relaxation, prove by scheduling its selection, else the full MILP."""

    def __init__(self, c: Compiled, deadline: float):
        self.c, self.deadline, self.cuts = c, deadline, 0
        self.relaxation = Relaxation(c)
        self.best = greedy(c)

    @cached_property
    def milp(self) -> _Milp:
        """The full model, built only when the relaxation alone does not settle the question."""
        return _Milp(self.c)

    def _left(self, share: float = 1.0) -> float:
        return max((self.deadline - time.perf_counter()) * share, 0.01)

    def run(self) -> tuple[dict[int, int] | None, bool, float]:
        """(plan or None, proven optimal — or, without a plan, proven infeasible; upper bound)."""
        c, bound = self.c, np.inf
        if c.problem.delay_discount == 0:
            done, bound = self._decompose(time.perf_counter() + self._left(EXPLORE_SHARE))
            if done is not None:
                return done
        else:  # value depends on months: the relaxation only bounds, the MILP decides
            chosen, proven, bound = self.relaxation.run(self._left(0.2))
            if chosen is None and proven:
                return None, True, bound
        if np.isfinite(bound):
            self.milp.at_most(bound)
        out = self.milp.run(self._left(), self.best)
        bound = min(bound, out.bound)
        if out.x is not None:
            plan = self.milp.plan(out.x)
            if self.c.violations(plan):  # within HiGHS's tolerance only: the caller cuts it off and asks again
                return plan, out.proven, bound
            self.keep(plan)
        if self.best is None:
            return None, out.proven, bound
        return self.best, out.proven or self._meets(bound), bound

    def _decompose(self, until: float) -> tuple[tuple[dict[int, int] | None, bool, float] | None, float]:
        """With no discount only the selection matters: take the relaxation's best selection, schedule
        what of it the MILP restricted to it can, and tell the relaxation that this selection's items
        are worth at most the restricted MILP's bound together (valid for every plan, since a plan's
        part within a prerequisite-closed selection is itself a plan). Returns the answer once a plan
        meets the bound, else None and the bound for the full MILP."""
        c, bound, last = self.c, np.inf, None
        while time.perf_counter() < until:
            chosen, proven, top = self.relaxation.run(max(until - time.perf_counter(), 0.01))
            if chosen is None:
                return ((None, True, bound) if proven else None), bound
            bound = min(bound, top)
            check = max(min(until - time.perf_counter(), CHECK_SECONDS / 2), 0.01)
            plan = schedule_of(c, chosen) or self._exactly(chosen, check)
            if plan is not None:
                self.keep(plan)
            if self._meets(bound):
                return (self.best, True, bound), bound
            if plan is not None:
                break  # scheduled yet short of the bound: only rounding can do that; let the MILP settle it
            self.milp.restrict(chosen)
            out = self.milp.run(max(min(until - time.perf_counter(), CHECK_SECONDS), 0.01), None)
            self.milp.free()
            if out.x is not None:
                self.keep(self.milp.plan(out.x))
            elif out.proven:  # any plan's part within `chosen` would be a plan: there is none at all
                return (None, True, -np.inf), bound
            whole = float(c.value[list(chosen)].sum())
            if out.bound >= whole - _close(whole) or chosen == last:
                break  # neither scheduled nor bounded in time: the full MILP takes over
            self.relaxation.limit(chosen, out.bound)
            self.milp.limit(chosen, out.bound)
            last = chosen
            if self._meets(bound):
                return (self.best, True, bound), bound
        return None, bound

    def _exactly(self, chosen: set[int], seconds: float) -> dict[int, int] | None:
        """A schedule funding exactly `chosen`, by the MILP with the choice fixed (a feasibility
        problem, where HiGHS finds schedules faster than when it may also drop work)."""
        self.milp.restrict(chosen, exactly=True)
        out = self.milp.run(seconds, None)
        self.milp.free()
        return self.milp.plan(out.x) if out.x is not None else None

    def _meets(self, bound: float) -> bool:
        return self.best is not None and self.c.worth(self.best) >= bound - _close(bound)

    def keep(self, plan: dict[int, int]) -> None:
        """Remember `plan` if it is valid and the best so far."""
        if not self.c.violations(plan) and (self.best is None or self.c.worth(plan) > self.c.worth(self.best)):
            self.best = plan

    def forbid(self, plan: dict[int, int], broken: list[tuple[str, list[tuple[int, int]]]]) -> None:
        """Cut off what the exact audit rejected, in both models, and forget it as a candidate."""
        for rule, pairs in broken:
            self.milp.forbid(pairs, by_item=rule == "budget")
            if rule == "budget":
                self.relaxation.forbid({i for i, _ in pairs})
        if self.best == plan:
            self.best = None


def diagnose(c: Compiled) -> str | None:
    """Why no plan can include the mandatory work, in words; None when nothing obvious stops it."""
    problems = []
    ids = c.ids
    for i in np.flatnonzero(c.mandatory):
        if c.forced_out[i]:
            problems.append(f"{ids[i]} is both mandatory and forced out")
        elif i in c.blocked:
            problems.append(f"mandatory {ids[i]} cannot be funded: {c.blocked[i]}")
        elif c.first[i] > c.last[i]:
            problems.append(f"mandatory {ids[i]} cannot finish within the {c.T}-month horizon")
        elif not c.possible[i]:
            problems.append(f"mandatory {ids[i]} depends on work that cannot be funded")
    problems += [f"mandatory {ids[i]} and {ids[j]} are mutually exclusive"
                 for i, j in c.exclusive if c.mandatory[i] and c.mandatory[j]]
    need = sum(c.cost_minor[i] for i in _required(c))
    if need > max(c.budget_minor, 0):
        problems.append(f"the mandatory work costs {short_money(need)} against {short_money(max(c.budget_minor, 0))} "
                        "of budget left after committed work")
    return "; ".join(problems) or None


def _required(c: Compiled) -> set[int]:
    return with_prerequisites(c, np.flatnonzero(c.mandatory))


class _Milp:
    """The time-indexed model: x[i,t] for each possible start, then y_i = Σ_t x[i,t] for each proposal.

    The objective sits on y (value) with only the discount's loss on x, and budget and exclusions
    are written on y: HiGHS then branches on whether to fund before when, which proves optimality
    several times faster than the same model on x alone.
    """

    def __init__(self, c: Compiled):
        self.c = c
        item, start = [], []
        self.cols: list[dict[int, int]] = []  # per proposal: start month -> column
        for i in range(c.n):
            self.cols.append({s: len(item) + k for k, s in enumerate(c.starts(i))})
            item += [i] * len(c.starts(i))
            start += list(c.starts(i))
        self.item, self.start = np.array(item, dtype=int), np.array(start, dtype=int)
        self.y = {i: len(item) + r for r, i in enumerate(i for i in range(c.n) if self.cols[i])}
        ys = np.array(list(self.y), dtype=int)
        self.gain = np.concatenate([c.value[self.item] * (c.discount(self.start) - 1.0), c.value[ys]])
        self.lower = np.concatenate([np.zeros(len(item)), c.mandatory[ys].astype(float)])
        self.highs = hs.model(self.lower, np.ones(len(self.gain)), self.gain)
        hs.add_rows(self.highs, self._rows())

    def _rows(self) -> list[hs.Row]:
        c, rows = self.c, []
        rows += [({**{q: 1.0 for q in self.cols[i].values()}, y: -1.0}, 0.0, 0.0) for i, y in self.y.items()]
        scale = float(max(c.cost_minor, default=0)) or 1.0
        if sum(c.cost_minor[i] for i in self.y) > max(c.budget_minor, 0):
            rows.append(({y: c.cost_minor[i] / scale for i, y in self.y.items() if c.cost_minor[i]},
                         -np.inf, max(c.budget_minor, 0) / scale))
        end = self.start + c.duration[self.item]
        for k in np.flatnonzero(np.isfinite(c.cap).all(axis=1)):
            for t in range(c.T):
                on = np.flatnonzero((self.start <= t) & (t < end) & (c.fte[self.item, k] > 0))
                if c.fte[np.unique(self.item[on]), k].sum() > c.room[k, t] + FTE_TOLERANCE:
                    rows.append(({int(q): float(c.fte[self.item[q], k]) for q in on}, -np.inf, float(c.room[k, t])))
        for i in self.y:
            for j in c.prereqs[i]:  # started by t => the prerequisite started by t - d_j
                for t in self.cols[i]:
                    row = {q: 1.0 for s, q in self.cols[i].items() if s <= t}
                    row.update({q: -1.0 for u, q in self.cols[j].items() if u <= t - c.duration[j]})
                    rows.append((row, -np.inf, 0.0))
        rows += [({self.y[i]: 1.0, self.y[j]: 1.0}, -np.inf, 1.0) for i, j in c.exclusive if i in self.y and j in self.y]
        return rows

    def plan(self, x: np.ndarray) -> dict[int, int]:
        return {int(self.item[q]): int(self.start[q]) for q in np.flatnonzero(x[:len(self.item)])}

    def run(self, seconds: float, warm: Mapping[int, int] | None) -> hs.Outcome:
        x = None
        if warm is not None:
            x = np.zeros(len(self.gain))
            x[[self.cols[i][s] for i, s in warm.items()]] = 1.0
            x[[self.y[i] for i in warm]] = 1.0
        return hs.run(self.highs, seconds, x)

    def restrict(self, chosen: set[int], exactly: bool = False) -> None:
        """Fund only from `chosen` (or, `exactly`, all of it) until `free`."""
        index = np.array(list(self.y.values()), dtype=np.int32)
        upper = np.array([float(i in chosen) for i in self.y])
        self.highs.changeColsBounds(len(index), index, upper if exactly else self.lower[index], upper)

    def free(self) -> None:
        index = np.array(list(self.y.values()), dtype=np.int32)
        self.highs.changeColsBounds(len(index), index, self.lower[index], np.ones(len(index)))

    def at_most(self, bound: float) -> None:
        """The relaxation's bound as a row: the MILP stops as soon as a plan meets it."""
        hs.add_rows(self.highs, [({q: float(g) for q, g in enumerate(self.gain) if g}, -np.inf,
                                  bound + _SAME * max(1.0, abs(bound)))])

    def limit(self, chosen: set[int], bound: float) -> None:
        """Together, the proposals of `chosen` are worth at most `bound` (no discount)."""
        hs.add_rows(self.highs, [({self.y[i]: float(self.c.value[i]) for i in chosen}, -np.inf,
                                  bound + _SAME * max(1.0, abs(bound)))])

    def forbid(self, pairs: list[tuple[int, int]], by_item: bool) -> None:
        """A cover cut: not all of these starts (or, by_item, these proposals at any start) together."""
        cols = [self.y[i] for i, _ in pairs] if by_item else [self.cols[i][s] for i, s in pairs if s in self.cols[i]]
        if cols:
            hs.add_rows(self.highs, [({q: 1.0 for q in cols}, -np.inf, float(len(cols) - 1))])


def _repair(c: Compiled, starts: Mapping[int, int]) -> dict[int, int]:
    """Drop the least valuable funded work (with what depends on it) until the audit passes."""
    plan = dict(starts)
    while broken := c.violations(plan):
        involved = {i for _, pairs in broken for i, _ in pairs if not c.mandatory[i]} or set(plan)
        drop = min(involved, key=lambda i: (c.value[i], i))
        stack = [drop]
        while stack:
            i = stack.pop()
            if plan.pop(i, None) is not None:
                stack.extend(c.dependents[i])
    return plan


def _result(c: Compiled, starts: Mapping[int, int], status: str, bound: float, began: float, cuts: int,
            infeasible_reason: str | None = None) -> Roadmap:
    order = sorted(starts, key=lambda i: (starts[i], -c.value[i], i))
    value = c.worth(starts)
    return Roadmap(
        status=status,
        starts={c.ids[i]: starts[i] for i in order},
        finishes={c.ids[i]: starts[i] + int(c.duration[i]) - 1 for i in order},
        value=value,
        cost=sum(c.cost_minor[i] for i in starts) / MINOR_UNITS,
        bound=max(bound, value) if status != INFEASIBLE else bound,
        teams=c.teams, capacity=c.cap, committed_load=c.committed_load, funded_load=c.load(starts),
        reasons=reasons(c, starts, infeasible_reason),
        infeasible_reason=infeasible_reason,
        seconds=time.perf_counter() - began,
        cuts=cuts,
    )


__all__ = ["BEST_FOUND", "INFEASIBLE", "LOWER_VALUE", "NO_PLAN", "OPTIMAL", "Problem", "Roadmap", "RoadmapError",
           "diagnose", "solve"]
