"""The funding decision: the exact optimum, why each initiative is out, the greedy comparison and
the efficient frontier.

`select` funds the most value within the budget and every team's capacity, honouring
dependencies, exclusions, mandatory and forced-out initiatives; `greedy_select` ranks by value per
cost as most PPM tools do, only so the deliverable can show what that would lose. Every limit is
checked exactly (money in minor units, FTE within FTE_TOLERANCE), and every solve stops at a time
limit; a selection the limit stopped short of proof says so and carries its proven gap.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd

from playbook.report.formatting import short_amount as short_money
from playbook.prioritisation.problem import (
    FTE_TOLERANCE, MINOR, Problem, build_problem, closure, values_of,
)
from playbook.prioritisation.solver import DEFAULT_TIME_LIMIT, Clock, Resolver, gap, greedy, optimum

NO_SELECTION = "no feasible selection"
LOWER_VALUE = "lower value than the funded alternatives"
OPTIMAL, BEST_FOUND, GREEDY, INFEASIBLE = "optimal", "best found", "greedy", "infeasible"
LIMITS = {"budget": "the budget", "prerequisite": "an unfunded prerequisite", "exclusion": "an exclusive alternative",
          "forced out": "forced out", "value": "lower value"}  # a team's limit is "<team> capacity"


@dataclass(frozen=True)
class Selection:
    """A funding decision; `status` is 'optimal' (proven), 'best found' (the time limit stopped the
    proof), 'greedy' (the comparison) or 'infeasible'."""

    status: str
    funded: tuple[str, ...]  # highest value first
    total_value: float
    total_cost: float
    team_usage: dict[str, float]  # funded FTE for every fte_<team> column
    reasons: dict[str, str]  # every unfunded initiative -> why, in plain words
    infeasible_reason: str | None = None
    bound: float | None = None  # no selection is worth more than this (optimal: the value itself)

    @property
    def gap(self) -> float | None:
        """How far below the best possible this selection can at most be (0 when proven)."""
        return None if self.bound is None else gap(self.total_value, self.bound)
    limits: dict[str, str] = field(default_factory=dict)  # unfunded initiative -> the limit `why_not` counts


def select(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
    clock: Clock | None = None,
) -> Selection:
    """The exact 0-1 optimum: the most value within budget and capacity, honouring the rules, or
    the best found when `clock` (default DEFAULT_TIME_LIMIT seconds) runs out first."""
    p = build_problem(portfolio, capacity, forced_out)
    v = values_of(p, value)
    reason = diagnose(p, budget)
    if reason:
        return _selection(p, v, None, budget, INFEASIBLE, reason)
    solved = optimum(p, v, budget, clock or Clock(DEFAULT_TIME_LIMIT))
    return _selection(p, v, solved.mask, budget, OPTIMAL if solved.proven else BEST_FOUND, None, solved.bound)


def greedy_select(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
) -> Selection:
    """The value-per-cost ranking most PPM tools use; here only as the frontier's comparison."""
    p = build_problem(portfolio, capacity, forced_out)
    v = values_of(p, value)
    reason = diagnose(p, budget)
    return _selection(p, v, None if reason else greedy(p, v, budget), budget, GREEDY, reason)


def _selection(p: Problem, v: np.ndarray, mask: np.ndarray | None, budget: float, status: str,
               reason: str | None, bound: float | None = None) -> Selection:
    if mask is None:
        reason = reason or "no combination of initiatives satisfies every constraint"
        return Selection(
            INFEASIBLE, (), 0.0, 0.0, {t: 0.0 for t in p.teams},
            {i: NO_SELECTION for i in p.ids}, reason,
        )
    order = sorted(np.flatnonzero(mask), key=lambda i: (-v[i], p.cost[i], i))
    return Selection(
        status=status,
        funded=tuple(p.ids[i] for i in order),
        total_value=float(v[mask].sum()),
        total_cost=float(p.cost[mask].sum()),
        team_usage={t: float(u) for t, u in zip(p.teams, p.fte[mask].sum(axis=0))},
        reasons=(why := _reasons(p, mask, budget))[0],
        limits=why[1],
        bound=None if status == GREEDY else bound,
    )


def diagnose(p: Problem, budget: float) -> str | None:
    """Why no selection exists, in words; None when the mandatory set and its needs fit."""
    needs = closure(p, np.flatnonzero(p.mandatory))

    def who(i: int) -> str:
        return f"mandatory {p.ids[i]}" if p.mandatory[i] else f"{p.ids[i]} (needed by mandatory {p.ids[needs[i]]})"

    problems = [f"{who(i)}: {p.blocked[i]}" for i in needs if i in p.blocked]
    problems += [f"{p.ids[i]} is both mandatory and forced out"
                 for i in np.flatnonzero(p.mandatory & p.forced_out) if i not in p.blocked]
    problems += [
        f"mandatory {p.ids[root]} depends on {p.ids[i]}, which is forced out"
        for i, root in needs.items()
        if p.forced_out[i] and not p.mandatory[i] and i not in p.blocked
    ]
    problems += [
        f"{who(i)} and {who(j)} are mutually exclusive"
        for i, j in p.exclusive
        if i in needs and j in needs
    ]
    required = np.zeros(p.n, dtype=bool)
    required[list(needs)] = True
    what = "mandatory initiatives" + (" and their prerequisites" if (required != p.mandatory).any() else "")
    cost = p.cost[required].sum()
    if int(p.units[required].sum()) > p.room_units(budget):
        problems.append(f"{what} cost {short_money(cost)} against a budget of {short_money(budget)}"
                        + (f" with {short_money(max(p.room(budget), 0.0))} left after committed work"
                           if p.committed_cost else ""))
    for team, demand, cap, held, full in zip(p.teams, p.fte[required].sum(axis=0), p.capacity, p.committed_fte,
                                             p.full_capacity):
        if demand > cap + FTE_TOLERANCE:
            problems.append(f"{what} need {demand:.1f} FTE of team {team} against a capacity of {full:.1f}"
                            + (f" with {cap:.1f} left after committed work" if held else ""))
    return "; ".join(problems) or None


def _reasons(p: Problem, funded: np.ndarray, budget: float) -> tuple[dict[str, str], dict[str, str]]:
    """Why each unfunded initiative is out: the first rule that adding it would break, in words
    and as the limit `why_not` counts (kept apart, so that a team called 'Operations (UK)' is
    never parsed back out of a sentence).

    Precedence: forced out, excluded by a funded initiative, an unfunded prerequisite, team
    capacity, budget; an initiative that breaks none lost on value (or was a tie).
    """
    units_left = p.room_units(budget) - int(p.units[funded].sum())
    team_left = p.capacity - p.fte[funded].sum(axis=0)
    after = {t: " after work under way and the funded proposals" if held else ""
             for t, held in zip(p.teams, p.committed_fte)}
    out: dict[str, str] = {}
    limit: dict[str, str] = {}
    for i in np.flatnonzero(~funded):
        rivals = [j for j in p.exclusive_with(i) if funded[j]]
        short = [
            (t, need, left)
            for t, need, left in zip(p.teams, p.fte[i], team_left)
            if need > left + FTE_TOLERANCE
        ]
        key = p.ids[i]
        if i in p.blocked:  # our own wording: "depends on X, which is ..." or "excluded by X (...)"
            out[key] = p.blocked[i]
            limit[key] = LIMITS["prerequisite" if out[key].startswith("depends on") else "exclusion"]
        elif p.forced_out[i]:
            out[key], limit[key] = "forced out", LIMITS["forced out"]
        elif rivals:
            out[key], limit[key] = f"excluded by {p.ids[rivals[0]]} (funded)", LIMITS["exclusion"]
        elif any(not funded[j] for j in p.prereqs[i]):
            out[key] = f"depends on unfunded {p.ids[_blocking_prerequisite(p, i, funded)]}"
            limit[key] = LIMITS["prerequisite"]
        elif short:
            team, need, left = short[0]
            out[key] = f"capacity of team {team} (needs {need:.1f} FTE, {max(left, 0.0):.1f} left{after[team]})"
            limit[key] = f"{team} capacity"
        elif p.units[i] > units_left:
            out[key] = (f"budget (costs {short_money(p.cost[i])}, {short_money(max(units_left, 0) / MINOR)} left"
                        + (" after work under way and the funded proposals)" if p.committed_cost else ")"))
            limit[key] = LIMITS["budget"]
        else:
            out[key], limit[key] = LOWER_VALUE, LIMITS["value"]
    return out, limit


def _blocking_prerequisite(p: Problem, i: int, funded: np.ndarray) -> int:
    """The unfunded prerequisite that can never be funded, if any, else the first unfunded one."""
    chain = [j for j in closure(p, [i], stop=funded) if j != i]
    for j in chain:
        if p.forced_out[j] or any(funded[k] for k in p.exclusive_with(j)):
            return j
    return chain[0]


def frontier(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
    steps: int = 31,
    clock: Clock | None = None,
) -> pd.DataFrame:
    """Optimal and greedy value from 0 to 150% of the budget; infeasible budgets give NaN, and so
    do budgets the clock ran out before (`solved` False)."""
    p = build_problem(portfolio, capacity, forced_out)
    v = values_of(p, value)
    clock = clock or Clock(DEFAULT_TIME_LIMIT)
    budgets = np.union1d(np.linspace(0.0, 1.5 * budget, steps), [budget])
    rows = []
    for b in budgets:
        feasible = not diagnose(p, b)
        best = Resolver(p, float(b)).solve(v, clock) if feasible else None
        cheap = greedy(p, v, b) if best is not None else None
        rows.append(
            {
                "budget": float(b),
                "optimal_value": np.nan if best is None else float(v[best].sum()),
                "greedy_value": np.nan if cheap is None or best is None else float(v[cheap].sum()),
                "optimal_cost": np.nan if best is None else float(p.cost[best].sum()),
                "n_funded": np.nan if best is None else float(best.sum()),
                "is_chosen": bool(b == budget),
                "solved": best is not None or not feasible,
            }
        )
    return pd.DataFrame(rows)
