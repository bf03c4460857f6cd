"""Solving one selection to a time limit: the exact search first, HiGHS when the search gives up.

Every answer is checked exactly (money in minor units, FTE within FTE_TOLERANCE) before it is
used. The branch and bound decides feasibility in integers, so what it proves optimal is optimal.
When a portfolio is too large or too hard for it, HiGHS's MIP solves with the time that is left;
any answer HiGHS's tolerances let over a limit gets a cover cut (those initiatives cannot all be
funded) and is re-solved. An answer found when the time ran out carries a proven gap: how far
below the best possible it can at most be, from the smaller of HiGHS's and the LP's bounds.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from playbook.intake.client import Prioritisation
from playbook.prioritisation.problem import FTE_TOLERANCE, TIE_TOLERANCE, Problem, closure
from playbook.prioritisation.scoring import PrioritisationError
from playbook.prioritisation.search import MAX_SIZE, Found, Search

DEFAULT_TIME_LIMIT = Prioritisation.model_fields["time_limit_s"].default  # seconds, for a whole plan
MAX_CUTS = 50  # re-solves with cover cuts before falling back to the best admissible answer known


class Clock:
    """A deadline shared by the solves of one plan; a part of it can be handed to one step."""

    def __init__(self, seconds: float, end: float | None = None):
        self.seconds = float(seconds)
        self.end = time.perf_counter() + self.seconds if end is None else end

    def left(self) -> float:
        return max(0.0, self.end - time.perf_counter())

    def part(self, share: float) -> Clock:
        """A clock for one step: `share` of what is left, never past this clock's end."""
        return Clock(self.seconds, min(self.end, time.perf_counter() + share * self.left()))


@dataclass(frozen=True)
class Solved:
    """A selection and how sure we are of it."""

    mask: np.ndarray | None  # None: no admissible selection exists (HiGHS proved it)
    proven: bool  # optimality proven, by the exact search or by HiGHS within the time
    bound: float  # no selection is worth more than this


def gap(value: float, bound: float) -> float:
    """The proven relative gap: how far below the best possible `value` can at most be."""
    if not np.isfinite(bound) or bound <= 0:
        return 0.0
    return float(max(0.0, bound - value) / bound)


def optimum(p: Problem, v: np.ndarray, budget: float, clock: Clock, ties: bool = True) -> Solved:
    """The most valuable admissible selection, then (with `ties`) the cheapest one within
    TIE_TOLERANCE of it, all within the clock. The problem is known to pass `diagnose`."""
    if p.n == 0:
        return Solved(np.zeros(0, dtype=bool), True, 0.0)
    search = Search(p, budget) if p.n <= MAX_SIZE else None
    found = search.best(v, deadline=clock.part(0.5).end) if search is not None else None
    if found is None or not found.finished:
        return with_highs(p, v, budget, clock, found, ties)
    if not ties:
        return Solved(found.mask, True, float(v[found.mask].sum()))
    floor = float(v[found.mask].sum()) - TIE_TOLERANCE * (float(np.abs(v).max(initial=0.0)) or 1.0)
    cheap = search.cheapest(v, floor, found.mask, deadline=clock.end)
    return Solved(cheap.mask, True, float(v[found.mask].sum()))


def with_highs(p: Problem, v: np.ndarray, budget: float, clock: Clock, found: Found | None,
               ties: bool) -> Solved:
    """HiGHS's MIP for what the search could not finish (`found`: its best, if it ran)."""
    scale = float(np.abs(v).max(initial=0.0)) or 1.0
    answer = _highs(p, v / scale, budget, clock)
    known = [m for m in (answer.mask, found.mask if found else None) if m is not None]
    if not answer.proven or not known:
        known += [m for m in (greedy(p, v, budget),) if m is not None]
    if not known:
        raise PrioritisationError("no admissible selection was found within the time limit")
    best = max(known, key=lambda m: float(v[m].sum()))
    if not answer.proven or best is not answer.mask:
        bound = min(answer.bound * scale, found.bound if found else np.inf)
        if not np.isfinite(bound):
            bound = _lp_bound(p, v, budget)
        return Solved(best, False, max(bound, float(v[best].sum())))
    if ties:
        floor = v[best].sum() / scale - TIE_TOLERANCE
        extra = (sparse.csr_array(-(v / scale)[None, :]), -floor)
        cheaper = _highs(p, p.units / p.unit_scale, budget, clock, minimise=True, extra=extra)
        if cheaper.mask is not None and cheaper.proven and float(v[cheaper.mask].sum()) / scale >= floor and \
                p.units[cheaper.mask].sum() < p.units[best].sum():
            best = cheaper.mask
    return Solved(best, True, float(v[best].sum()))


@dataclass(frozen=True)
class _Answer:
    mask: np.ndarray | None  # admissible, checked exactly
    proven: bool
    bound: float  # maximising: no admissible selection scores more (inf when unknown)


def _highs(p: Problem, objective: np.ndarray, budget: float, clock: Clock, minimise: bool = False,
           extra: tuple[sparse.csr_array, float] | None = None) -> _Answer:
    """HiGHS's MIP with the time left, re-solved with a cover cut while its answer breaks a limit
    when checked exactly; out of time, that answer is repaired instead. Maximises `objective`
    (minimises it with `minimise`). Each solve's dual bound holds for the exact problem too (the
    cuts only remove inadmissible selections), so the smallest one is kept."""
    rows, ub = p.rows, p.row_bounds(budget)
    if extra is not None:
        rows, ub = sparse.vstack([rows, extra[0]], format="csr"), np.append(ub, extra[1])
    c = objective if minimise else -objective
    bound = np.inf
    for _ in range(MAX_CUTS):
        result = milp(c, integrality=np.ones(p.n),
                      bounds=Bounds(p.mandatory.astype(float), (~p.forced_out).astype(float)),
                      constraints=LinearConstraint(rows, -np.inf, ub),
                      options={"mip_rel_gap": 0.0, "time_limit": max(clock.left(), 1e-3)})
        dual = getattr(result, "mip_dual_bound", None)
        if dual is not None and np.isfinite(dual):
            bound = min(bound, -dual)
        if result.x is None:
            if result.status == 2:
                return _Answer(None, True, -np.inf)
            if result.status == 1:  # the time ran out before HiGHS found any selection
                return _Answer(None, False, bound)
            raise PrioritisationError(f"the selection solver failed: {result.message}")
        mask = result.x > 0.5
        broken = p.breaks(mask, budget)
        if not broken:
            proven = result.status == 0
            return _Answer(mask, proven, float(-c @ mask) if proven else bound)
        if clock.left() <= 0:
            return _Answer(repair(p, mask, objective, budget), False, bound)
        row, limit = p.cut(mask, broken)
        rows, ub = sparse.vstack([rows, sparse.csr_array(row[None, :])], format="csr"), np.append(ub, limit)
    return _Answer(repair(p, mask, objective, budget), False, bound)


def repair(p: Problem, funded: np.ndarray, v: np.ndarray, budget: float) -> np.ndarray | None:
    """An answer that breaks a limit made admissible: drop the funded initiative worth least per
    unit of what is overused, with whatever depends on it, until nothing breaks."""
    funded = funded.copy()
    while broken := p.breaks(funded, budget):
        if broken[0] < 0:
            return None
        use = p.units if broken[0] == 0 else p.fte[:, p.capped[broken[0] - 1]]
        candidates = np.flatnonzero(funded & (use > 0) & ~p.mandatory)
        if not len(candidates):
            return None
        i = min(candidates, key=lambda i: (v[i] / use[i], i))
        funded[[j for j in range(p.n) if funded[j] and i in closure(p, [j])]] = False
    return funded


def _lp_bound(p: Problem, v: np.ndarray, budget: float) -> float:
    """The LP relaxation's optimum: no selection is worth more."""
    result = linprog(-v, A_ub=p.rows, b_ub=p.row_bounds(budget), method="highs",
                     bounds=np.c_[p.mandatory.astype(float), (~p.forced_out).astype(float)])
    return float(-result.fun) if result.status == 0 else np.inf


def greedy(p: Problem, v: np.ndarray, budget: float) -> np.ndarray | None:
    """Mandatory first, then by value per cost, funding each with its unfunded prerequisites if
    the bundle fits (exactly) and clashes with nothing already funded. The value-for-money
    ranking most PPM tools use: the frontier's comparison, and a fallback when time runs out."""
    funded = np.zeros(p.n, dtype=bool)
    funded[list(closure(p, np.flatnonzero(p.mandatory)))] = True
    if p.breaks(funded, budget):
        return None
    units_left = p.room_units(budget) - int(p.units[funded].sum())
    fte_left = p.capacity - p.fte[funded].sum(axis=0)
    ratio = np.divide(v, p.cost, out=np.full(p.n, np.inf), where=p.cost > 0)  # free items first
    for i in sorted(range(p.n), key=lambda i: (-ratio[i], -v[i], i)):
        if funded[i] or v[i] <= 0:
            continue
        bundle = list(closure(p, [i], stop=funded))
        clash = any(funded[k] or k in bundle for j in bundle for k in p.exclusive_with(j))
        units, fte = int(p.units[bundle].sum()), p.fte[bundle].sum(axis=0)
        if clash or p.forced_out[bundle].any() or units > units_left or (fte > fte_left + FTE_TOLERANCE).any():
            continue
        funded[bundle] = True
        units_left -= units
        fte_left = fte_left - fte
    return funded


class Resolver:
    """One portfolio and budget re-solved for many value vectors (the frontier, the Monte Carlo):
    the search, remembering earlier answers as starting points; HiGHS when the search gives up."""

    def __init__(self, p: Problem, budget: float):
        self.p, self.budget = p, budget
        self.search = Search(p, budget) if p.n <= MAX_SIZE else None
        self.unproven = 0

    def solve(self, v: np.ndarray, clock: Clock) -> np.ndarray | None:
        """The optimal (or, out of time, the best found) mask; None once the clock has run out."""
        if clock.left() <= 0:
            return None
        found = self.search.best(v, deadline=clock.end) if self.search is not None else None
        if found is not None and found.finished:
            return found.mask
        if clock.left() <= 0:
            self.unproven += found is not None
            return None if found is None else found.mask
        solved = with_highs(self.p, v, self.budget, clock, found, ties=False)
        self.unproven += not solved.proven
        return solved.mask
