"""What-ifs on the roadmap: what one more (or one fewer) person per team buys, what 10% more budget
buys, and named scenarios, each by a full re-solve compared with today's plan.

A re-solve, not a shadow price: the dual of a capacity row says what a sliver of FTE is worth in
the LP, while the executive's question is about a whole person in an integer plan, where one FTE
can be worth nothing or fund a whole initiative. Each figure is the difference of two optimal
values, exact when both solves are proven optimal (`Change.exact`).
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from playbook.prioritisation.roadmap import OPTIMAL, TIME_LIMIT, Roadmap, solve
from playbook.prioritisation.roadmap_model import Problem, RoadmapError

HIRE, LOSS, BUDGET = "hire", "loss", "budget"


@dataclass(frozen=True)
class Difference:
    """How another plan differs from today's: what it adds, drops, and starts earlier or later."""

    gain: float  # value of the other plan minus today's
    added: tuple[str, ...]
    dropped: tuple[str, ...]
    earlier: dict[str, int]  # id -> months brought forward
    later: dict[str, int]  # id -> months pushed back
    exact: bool  # both plans proven optimal


@dataclass(frozen=True)
class Change:
    """One what-if: `kind` hire (+1 FTE), loss (−1 FTE) or budget (+10%), for `team` where it applies."""

    kind: str
    team: str | None
    roadmap: Roadmap
    difference: Difference


def worth(problem: Problem, starts: Mapping[str, int]) -> float:
    """A plan's value under `problem`'s values and discount (to judge a re-weighted plan by today's)."""
    value = {p.id: p.value for p in problem.proposals}
    return float(math.fsum(value[i] * (1.0 - problem.delay_discount) ** t for i, t in starts.items()))


def compare(base: Roadmap, other: Roadmap, problem: Problem | None = None) -> Difference:
    """`other` against `base`; with `problem`, the gain is `other`'s plan valued as `problem` values it."""
    both = [i for i in other.starts if i in base.starts]
    moves = {i: base.starts[i] - other.starts[i] for i in both}
    return Difference(
        gain=(other.value if problem is None else worth(problem, other.starts)) - base.value,
        added=tuple(i for i in other.starts if i not in base.starts),
        dropped=tuple(i for i in base.starts if i not in other.starts),
        earlier={i: m for i, m in moves.items() if m > 0},
        later={i: -m for i, m in moves.items() if m < 0},
        exact=base.status == OPTIMAL and other.status == OPTIMAL,
    )


def with_capacity(problem: Problem, team: str, change: float, from_month: int = 0) -> Problem:
    """The problem with `change` FTE on `team` from `from_month` on (never below zero)."""
    if team not in problem.capacity:
        raise RoadmapError(f"team {team} has no capacity to change; teams with capacity: {', '.join(problem.capacity)}")
    given = problem.capacity[team]
    months = np.full(problem.horizon, float(given)) if np.ndim(given) == 0 else np.asarray(given, dtype=float)
    months = months.copy()
    months[from_month:] = np.maximum(months[from_month:] + change, 0.0)
    return dataclasses.replace(problem, capacity={**problem.capacity, team: tuple(months)})


def what_ifs(problem: Problem, base: Roadmap | None = None, time_limit: float = TIME_LIMIT,
             from_month: int = 0, budget_step: float = 0.10) -> list[Change]:
    """+1 and −1 FTE for every team with a capacity, then +10% budget: each a full re-solve."""
    base = base or solve(problem, time_limit)
    out = []
    for team in problem.capacity:
        for kind, step in ((HIRE, 1.0), (LOSS, -1.0)):
            plan = solve(with_capacity(problem, team, step, from_month), time_limit, base.starts)
            out.append(Change(kind, team, plan, compare(base, plan)))
    plan = solve(dataclasses.replace(problem, budget=problem.budget * (1 + budget_step)), time_limit, base.starts)
    out.append(Change(BUDGET, None, plan, compare(base, plan)))
    return out


@dataclass(frozen=True)
class Scenario:
    """A named variant of today's question; what is not given stays as it is."""

    name: str
    budget: float | None = None
    capacity: Mapping[str, float | Sequence[float]] | None = None  # teams to change, whole or by month
    forced_in: tuple[str, ...] = ()
    forced_out: tuple[str, ...] = ()
    values: Mapping[str, float] | None = None  # every proposal's value under other weights


def apply(problem: Problem, scenario: Scenario) -> Problem:
    """The problem as the scenario states it."""
    ids = {p.id for p in problem.proposals}
    unknown = sorted({*scenario.forced_in, *scenario.forced_out, *(scenario.values or {})} - ids)
    if unknown:
        raise RoadmapError(f"scenario {scenario.name!r} names ids that are not proposals: {unknown}")
    both = sorted(set(scenario.forced_in) & set(scenario.forced_out))
    if both:
        raise RoadmapError(f"scenario {scenario.name!r} forces {both} both in and out")
    proposals = tuple(
        dataclasses.replace(
            p,
            mandatory=p.mandatory or p.id in scenario.forced_in,
            forced_out=(p.forced_out and p.id not in scenario.forced_in) or p.id in scenario.forced_out,
            value=float(scenario.values[p.id]) if scenario.values and p.id in scenario.values else p.value,
        )
        for p in problem.proposals
    )
    return dataclasses.replace(
        problem, proposals=proposals,
        budget=problem.budget if scenario.budget is None else float(scenario.budget),
        capacity={**problem.capacity, **(scenario.capacity or {})},
    )


def run_scenarios(problem: Problem, scenarios: Sequence[Scenario], base: Roadmap | None = None,
                  time_limit: float = TIME_LIMIT) -> dict[str, tuple[Roadmap, Difference]]:
    """Each scenario's plan and how it differs from today's, by name, in the order given. A scenario
    that re-weights is judged by today's values too, so the gains are on one scale."""
    base = base or solve(problem, time_limit)
    out = {}
    for scenario in scenarios:
        plan = solve(apply(problem, scenario), time_limit, base.starts)
        out[scenario.name] = (plan, compare(base, plan, problem))
    return out
