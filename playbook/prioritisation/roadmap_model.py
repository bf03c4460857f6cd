"""The time-phased selection problem: its inputs, their checks, and exact arithmetic on plans.

A plan funds proposals and gives each a start month in a horizon of months 0..T-1. A proposal
started in month s runs in months s..s+d-1 (d its duration) and needs `fte[team]` of each team in
each of those months; it must finish within the horizon. Committed work (approved or in flight)
is fixed in time: its FTE fills the months it runs and its remaining cost comes off the budget.

Everything the solver's answer is judged by lives here, in arithmetic that cannot drift: money in
whole minor currency units (integers, so the budget is never exceeded by a rounding error) and
FTE checked against capacity with an explicit FTE_TOLERANCE. Where committed work alone overloads a
team in a month, proposals get no room there: the plan never adds to an overload.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import Iterable, Mapping, Sequence

import numpy as np

from playbook.errors import PlaybookError
from playbook.report.formatting import short_amount

MINOR_UNITS = 100  # money is checked in cents (pence, ...): costs with finer fractions are rounded to one
FTE_TOLERANCE = 1e-6  # a month's demand may exceed capacity by at most this many FTE (float noise only)


class RoadmapError(PlaybookError):
    """The time-phased problem was given inputs it cannot use (unknown ids, bad months or capacity)."""


@dataclass(frozen=True)
class Proposal:
    """A proposal competing for funding; `earliest` is a month index, `duration` in months."""

    id: str
    value: float
    cost: float
    duration: int
    fte: Mapping[str, float] = field(default_factory=dict)  # per team, in every month it runs
    earliest: int = 0
    depends_on: tuple[str, ...] = ()  # proposals or committed work that must finish first
    exclusive_with: tuple[str, ...] = ()
    mandatory: bool = False
    forced_out: bool = False
    unavailable: str | None = None  # why it cannot be funded at all (e.g. "depends on I04, which is on hold")


@dataclass(frozen=True)
class Committed:
    """Approved or in-flight work: runs in months start..finish (inclusive; may lie outside the horizon)."""

    id: str
    remaining_cost: float
    start: int
    finish: int
    fte: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One portfolio's time-phased question. `capacity` is FTE per team: a number for every month,
    or a sequence of `horizon` numbers. A proposal needing a team without capacity is unconstrained
    on that team. The value of a proposal started in month t is value × (1 − delay_discount)^t."""

    proposals: tuple[Proposal, ...]
    horizon: int
    budget: float
    capacity: Mapping[str, float | Sequence[float]] = field(default_factory=dict)
    committed: tuple[Committed, ...] = ()
    delay_discount: float = 0.0
    months: tuple[str, ...] = ()  # labels for the reasons ("Mar 2027"); default "month 1", ...

    def label(self, t: int) -> str:
        return self.months[t] if 0 <= t < len(self.months) else f"month {t + 1}"


def minor(amount: float) -> int:
    """Money in whole minor units, rounding half to even from the decimal the float spells."""
    return int((Decimal(repr(float(amount))) * MINOR_UNITS).quantize(Decimal(1), ROUND_HALF_EVEN))


def short_money(amount_minor: int | float) -> str:
    """5.2m, 850k, 400: money in minor units as the reasons say it (the deliverable adds the currency)."""
    return short_amount(amount_minor / MINOR_UNITS)


class Compiled:
    """A Problem as arrays, with its inputs checked: what the MILP, the audit and the greedy share."""

    def __init__(self, problem: Problem):
        self.problem = p = problem
        if p.horizon < 1:
            raise RoadmapError(f"the horizon must be at least one month; got {p.horizon}")
        if not 0.0 <= p.delay_discount < 1.0:
            raise RoadmapError(f"the monthly delay discount must be from 0 up to 1; got {p.delay_discount}")
        self.ids = tuple(x.id for x in p.proposals)
        committed_ids = tuple(c.id for c in p.committed)
        seen = self.ids + committed_ids
        if len(set(seen)) != len(seen):
            raise RoadmapError("ids must be unique across proposals and committed work")
        self.where = {x: i for i, x in enumerate(self.ids)}
        self.n, self.T = len(self.ids), p.horizon
        self.teams = tuple(dict.fromkeys([*p.capacity, *(t for x in (*p.proposals, *p.committed) for t in x.fte)]))
        self.cap = np.array([self._capacity(t) for t in self.teams]).reshape(len(self.teams), self.T)
        self.fte = np.array([[_fte(x, t) for t in self.teams] for x in p.proposals]).reshape(self.n, len(self.teams))
        self.committed_load = np.zeros_like(self.cap)
        for c in p.committed:
            lo, hi = max(c.start, 0), min(c.finish, self.T - 1)  # the months it runs within the horizon
            for k, t in enumerate(self.teams):
                self.committed_load[k, lo:max(hi + 1, lo)] += _fte(c, t)
        self.duration = np.array([x.duration for x in p.proposals], dtype=int)
        if (self.duration < 1).any():
            raise RoadmapError("every proposal needs a duration of at least one month: "
                               + ", ".join(x.id for x in p.proposals if x.duration < 1))
        self.value = np.array([float(x.value) for x in p.proposals])
        if not np.isfinite(self.value).all():
            raise RoadmapError("every proposal needs a finite value")
        self.cost = np.array([float(x.cost) for x in p.proposals])
        self.cost_minor = [minor(x.cost) for x in p.proposals]
        if any(c < 0 for c in self.cost_minor):
            raise RoadmapError("every proposal needs a cost of zero or more")
        self.committed_minor = sum(minor(c.remaining_cost) for c in p.committed)
        self.budget_minor = minor(p.budget) - self.committed_minor  # may be negative: overspent already
        self.mandatory = np.array([x.mandatory for x in p.proposals], dtype=bool)
        self.forced_out = np.array([x.forced_out for x in p.proposals], dtype=bool)
        self._links(committed_ids)

    def _capacity(self, team: str) -> np.ndarray:
        given = self.problem.capacity.get(team)
        if given is None:
            return np.full(self.T, np.inf)
        values = np.full(self.T, float(given)) if np.ndim(given) == 0 else np.asarray(given, dtype=float)
        if values.shape != (self.T,):
            raise RoadmapError(f"capacity of team {team} has {values.size} months; expected one number "
                               f"or {self.T} (the horizon)")
        if not (values >= 0).all():
            raise RoadmapError(f"capacity of team {team} must be zero or more FTE in every month")
        return values

    def _links(self, committed_ids: tuple[str, ...]) -> None:
        """Prerequisites among proposals, the earliest start each allows, and exclusions."""
        p, committed = self.problem, {c.id: c for c in self.problem.committed}
        self.prereqs: list[tuple[int, ...]] = []
        self.blocked: dict[int, str] = {}  # proposals committed work rules out: id -> reason
        self.earliest = np.array([max(x.earliest, 0) for x in p.proposals], dtype=int)
        for i, x in enumerate(p.proposals):
            unknown = [d for d in (*x.depends_on, *x.exclusive_with) if d not in self.where and d not in committed]
            if unknown:
                raise RoadmapError(f"{x.id}: depends_on or exclusive_with names unknown ids {unknown}")
            named = (self.where[d] for d in x.depends_on if d in self.where and d != x.id)
            self.prereqs.append(tuple(dict.fromkeys(named)))
            for d in x.depends_on:
                if d in committed:
                    self.earliest[i] = max(self.earliest[i], committed[d].finish + 1)
            rivals = [d for d in x.exclusive_with if d in committed]
            if x.unavailable:
                self.blocked[i] = x.unavailable
            elif rivals:
                self.blocked[i] = f"excluded by committed {rivals[0]}"
        pairs = {(min(i, self.where[d]), max(i, self.where[d]))
                 for i, x in enumerate(p.proposals) for d in x.exclusive_with if d in self.where and d != x.id}
        self.exclusive = tuple(sorted(pairs))
        self.order = _topological(self.prereqs)
        self.first = self.earliest.copy()  # the earliest start prerequisites allow, if they start at theirs
        for i in self.order:
            for j in self.prereqs[i]:
                self.first[i] = max(self.first[i], self.first[j] + self.duration[j])
        self.last = self.T - self.duration  # the latest start that finishes within the horizon
        self.possible = np.zeros(self.n, dtype=bool)  # some start month exists for it and its prerequisites
        for i in self.order:
            self.possible[i] = (not self.forced_out[i] and i not in self.blocked and self.first[i] <= self.last[i]
                                and all(self.possible[j] for j in self.prereqs[i]))

    @cached_property
    def rivals(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.n)]
        for i, j in self.exclusive:
            out[i].append(j)
            out[j].append(i)
        return out

    @cached_property
    def dependents(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.n)]
        for i, pre in enumerate(self.prereqs):
            for j in pre:
                out[j].append(i)
        return out

    def starts(self, i: int) -> range:
        """The start months the MILP considers for proposal i (empty if it can never be funded)."""
        return range(int(self.first[i]), int(self.last[i]) + 1) if self.possible[i] else range(0)

    def discount(self, t: int | np.ndarray) -> np.ndarray | float:
        return (1.0 - self.problem.delay_discount) ** t

    def worth(self, starts: Mapping[int, int]) -> float:
        return math.fsum(self.value[i] * self.discount(t) for i, t in starts.items())

    @cached_property
    def room(self) -> np.ndarray:
        """FTE left for proposals, team × month: capacity less committed work, never below zero."""
        return np.maximum(self.cap - self.committed_load, 0.0)

    def load(self, starts: Mapping[int, int]) -> np.ndarray:
        """The funded proposals' FTE, team × month (committed work not included)."""
        running = np.zeros((self.n, self.T))
        for i, s in starts.items():
            running[i, s:s + self.duration[i]] = 1.0
        return self.fte.T @ running

    def fits(self, i: int, s: int, load: np.ndarray) -> bool:
        """Whether proposal i started in month s stays within every team's room, given `load`."""
        if s < 0 or s + self.duration[i] > self.T:
            return False
        window, needed = slice(s, s + self.duration[i]), self.fte[i] > 0
        need = load[needed, window] + self.fte[i, needed, None]
        return bool((need <= self.room[needed, window] + FTE_TOLERANCE).all())

    def violations(self, starts: Mapping[int, int]) -> list[tuple[str, list[tuple[int, int]]]]:
        """Every rule the plan breaks, each with the (proposal, start) pairs that break it jointly.

        Empty means the plan is valid: budget exactly, in minor units; each month's funded FTE
        within the room committed work leaves (to FTE_TOLERANCE);
        dependencies, exclusions, mandatory and forced-out items, earliest starts and the horizon.
        """
        out: list[tuple[str, list[tuple[int, int]]]] = []
        pairs = sorted(starts.items())
        if starts and sum(self.cost_minor[i] for i in starts) > max(self.budget_minor, 0):
            out.append(("budget", pairs))
        for k, t in zip(*np.nonzero(self.load(starts) > self.room + FTE_TOLERANCE)):
            out.append((f"capacity {self.teams[k]} {t}",
                        [(i, s) for i, s in pairs if s <= t < s + self.duration[i] and self.fte[i, k] > 0]))
        for i, s in pairs:
            if s not in self.starts(i):
                out.append((f"start {self.ids[i]}", [(i, s)]))
            for j in self.prereqs[i]:
                if j not in starts or s < starts[j] + self.duration[j]:
                    out.append((f"dependency {self.ids[i]}", [(i, s)] + ([(j, starts[j])] if j in starts else [])))
        out += [(f"exclusion {self.ids[i]}", [(i, starts[i]), (j, starts[j])])
                for i, j in self.exclusive if i in starts and j in starts]
        out += [(f"mandatory {self.ids[i]}", []) for i in np.flatnonzero(self.mandatory) if i not in starts]
        return out


def _fte(item: Proposal | Committed, team: str) -> float:
    value = float(item.fte.get(team, 0.0) or 0.0)
    if not math.isfinite(value) or value < 0:
        raise RoadmapError(f"{item.id}: FTE for team {team} must be zero or more; got {value}")
    return value


def _topological(prereqs: Sequence[Iterable[int]]) -> list[int]:
    """Proposals ordered so that each comes after its prerequisites; a cycle is an error."""
    state, order = [0] * len(prereqs), []
    for root in range(len(prereqs)):
        stack = [(root, iter(prereqs[root]))]
        if state[root]:
            continue
        state[root] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state[nxt] == 1:
                raise RoadmapError("the dependencies between proposals form a cycle")
            elif state[nxt] == 0:
                state[nxt] = 1
                stack.append((nxt, iter(prereqs[nxt])))
    return order


# --- plans built by placement: the MILP's warm start, its fallback, and the final tidy-up ---------------


def earliest_fit(c: Compiled, i: int, starts: Mapping[int, int], load: np.ndarray) -> int | None:
    """The first month proposal i can start given the plan so far (prerequisites placed), or None."""
    if any(j not in starts for j in c.prereqs[i]):
        return None
    lo = max([int(c.first[i]), *(starts[j] + int(c.duration[j]) for j in c.prereqs[i])])
    return next((s for s in range(lo, int(c.last[i]) + 1) if c.fits(i, s, load)), None)


def place(c: Compiled, queue: Sequence[int], passes: int = 2) -> dict[int, int]:
    """Each proposal of `queue` in turn at its earliest fitting month, if the budget, its
    prerequisites and its exclusions allow; later passes place dependents queued too early."""
    starts: dict[int, int] = {}
    load, left = c.load({}), max(c.budget_minor, 0)
    for _ in range(passes):
        for i in queue:
            if i in starts or not c.possible[i] or c.cost_minor[i] > left or any(j in starts for j in c.rivals[i]):
                continue
            s = earliest_fit(c, i, starts, load)
            if s is not None:
                starts[i], left = s, left - c.cost_minor[i]
                load[:, s:s + c.duration[i]] += c.fte[i][:, None]
    return starts


def greedy(c: Compiled) -> dict[int, int] | None:
    """Mandatory work first, then the most value per share of the scarce resources, each at its
    earliest fitting month; None if the mandatory work does not fit this way."""
    spend = [c.cost_minor[i] / max(c.budget_minor, 1) for i in range(c.n)]
    area = c.fte * c.duration[:, None] / np.maximum(c.room.sum(axis=1), 1e-9)
    density = [c.value[i] / (spend[i] + area[i].sum() + 1e-9) for i in range(c.n)]
    needed = with_prerequisites(c, np.flatnonzero(c.mandatory))
    rest = sorted((i for i in range(c.n) if i not in needed and c.value[i] > 0), key=lambda i: (-density[i], i))
    starts = place(c, [i for i in c.order if i in needed] + rest)
    return starts if all(i in starts for i in np.flatnonzero(c.mandatory)) else None


def schedule_of(c: Compiled, chosen: set[int]) -> dict[int, int] | None:
    """A schedule for exactly `chosen` by placement in a few priority orders, or None if none works
    (which proves nothing: the MILP decides those)."""
    area = (c.fte * c.duration[:, None]).sum(axis=1)
    for key in (lambda i: (c.first[i], -area[i]), lambda i: -area[i], lambda i: (c.last[i], -area[i])):
        queue = _prerequisites_first(c, sorted(chosen, key=key))
        starts = place(c, queue, passes=1)
        if len(starts) == len(chosen):
            return starts
    return None


def _prerequisites_first(c: Compiled, queue: Sequence[int]) -> list[int]:
    """`queue` reordered so each proposal follows its prerequisites, otherwise in the given order."""
    out: list[int] = []
    seen: set[int] = set()

    def visit(i: int) -> None:
        if i in seen:
            return
        seen.add(i)
        for j in c.prereqs[i]:
            visit(j)
        out.append(i)

    for i in queue:
        visit(i)
    return out


def left_shift(c: Compiled, starts: Mapping[int, int]) -> dict[int, int]:
    """Each funded proposal moved to the earliest month it fits with the others unmoved, until none
    can move: the plan's value never falls, and no start is later than it needs to be."""
    plan = dict(starts)
    moved = True
    while moved:
        moved = False
        for i in sorted(plan, key=lambda i: (plan[i], i)):
            s = plan.pop(i)
            load = c.load(plan)
            earlier = earliest_fit(c, i, plan, load)
            plan[i] = earlier if earlier is not None and earlier < s else s
            moved |= plan[i] != s
    return plan


def with_prerequisites(c: Compiled, items: Iterable[int]) -> set[int]:
    out, stack = set(), list(items)
    while stack:
        i = stack.pop()
        if i not in out:
            out.add(i)
            stack.extend(c.prereqs[i])
    return out
