"""Why each proposal the roadmap leaves out is out: the first rule that funding it would break.

Precedence: forced out; excluded by committed or funded work; a prerequisite that is not funded;
no start month that still finishes within the horizon (after its earliest start and its
prerequisites); capacity in every month it could run (committed work alone, or committed and funded
work together, named by team); the budget. A proposal that breaks none of these lost on value.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from playbook.prioritisation.roadmap_model import FTE_TOLERANCE, Compiled, earliest_fit, short_money

NO_PLAN = "no feasible plan"
LOWER_VALUE = "lower value than the funded alternatives"


def reasons(c: Compiled, starts: Mapping[int, int], infeasible_reason: str | None = None) -> dict[str, str]:
    """Every unfunded proposal's id -> why, in plain words."""
    if infeasible_reason is not None:
        return {x: NO_PLAN for x in c.ids}
    load = c.load(starts)
    left = max(c.budget_minor, 0) - sum(c.cost_minor[i] for i in starts)
    out: dict[str, str] = {}
    for i in range(c.n):
        if i in starts:
            continue
        rivals = [j for j in c.rivals[i] if j in starts]
        missing = [j for j in c.prereqs[i] if j not in starts]
        if c.forced_out[i]:
            out[c.ids[i]] = "forced out"
        elif i in c.blocked:
            out[c.ids[i]] = c.blocked[i]
        elif rivals:
            out[c.ids[i]] = f"excluded by {c.ids[rivals[0]]} (funded)"
        elif missing:
            out[c.ids[i]] = f"depends on {c.ids[missing[0]]}, which is not funded"
        elif (late := _too_late(c, i, starts)) is not None:
            out[c.ids[i]] = late
        elif earliest_fit(c, i, starts, load) is None:
            out[c.ids[i]] = _capacity(c, i, starts, load)
        elif c.cost_minor[i] > left:
            out[c.ids[i]] = f"budget (costs {short_money(c.cost_minor[i])}, {short_money(max(left, 0))} left)"
        else:
            out[c.ids[i]] = LOWER_VALUE
    return out


def _lo(c: Compiled, i: int, starts: Mapping[int, int]) -> int:
    return max([int(c.first[i]), *(starts[j] + int(c.duration[j]) for j in c.prereqs[i] if j in starts)])


def _too_late(c: Compiled, i: int, starts: Mapping[int, int]) -> str | None:
    """The horizon reason, if no start from the earliest allowed one finishes in time."""
    lo = _lo(c, i, starts)
    if lo <= c.last[i]:
        return None
    p, label = c.problem.proposals[i], c.problem.label
    takes = f"it takes {_months(int(c.duration[i]))}; the horizon ends {label(c.T - 1)}"
    if lo > c.earliest[i]:
        why = f"its prerequisites finish in time for a start in {label(lo)} at the earliest"
    elif c.earliest[i] > max(p.earliest, 0):
        waits = [d for d in p.depends_on if d not in c.where]
        why = f"it can start only once committed {', '.join(waits)} finishes, in {label(lo)}"
    elif lo > 0:
        why = f"its earliest start is {label(lo)}"
    else:
        return f"cannot finish within the horizon: it takes {_months(int(c.duration[i]))} and the horizon has {c.T}"
    return f"cannot finish within the horizon: {why}, and {takes}"


def _months(n: int) -> str:
    return f"{n} month{'s' if n != 1 else ''}"


def _capacity(c: Compiled, i: int, starts: Mapping[int, int], load: np.ndarray) -> str:
    """The team that leaves no room in any month window proposal i could run in, and who fills it."""
    lo, hi, d = _lo(c, i, starts), int(c.last[i]), int(c.duration[i])
    when = f"from {c.problem.label(lo)} to {c.problem.label(hi + d - 1)}"
    empty = np.zeros_like(load)
    for k in np.flatnonzero(c.fte[i] > 0):
        if not any(_fits_team(c, i, k, s, empty) for s in range(lo, hi + 1)):
            names = _committed_on(c, k, lo, hi + d - 1)
            if not names:
                return (f"capacity of team {c.teams[k]}: it needs {c.fte[i, k]:g} FTE, more than the team has "
                        f"in some month of every window {when}")
            return (f"capacity of team {c.teams[k]}: committed work ({', '.join(names)}) leaves no room for "
                    f"{c.fte[i, k]:g} FTE over {_months(d)} in any window {when}")
    for k in np.flatnonzero(c.fte[i] > 0):
        if not any(_fits_team(c, i, k, s, load) for s in range(lo, hi + 1)):
            return (f"capacity of team {c.teams[k]}: committed and funded work leave no room for "
                    f"{c.fte[i, k]:g} FTE over {_months(d)} in any window {when}")
    teams = " and ".join(c.teams[k] for k in np.flatnonzero(c.fte[i] > 0))
    return f"capacity of teams {teams}: never room on all of them in the same months {when}"


def _fits_team(c: Compiled, i: int, k: int, s: int, load: np.ndarray) -> bool:
    window = slice(s, s + int(c.duration[i]))
    return bool((load[k, window] + c.fte[i, k] <= c.room[k, window] + FTE_TOLERANCE).all())


def _committed_on(c: Compiled, k: int, first: int, last: int) -> list[str]:
    team = c.teams[k]
    return [w.id for w in c.problem.committed
            if float(w.fte.get(team, 0) or 0) > 0 and w.start <= last and w.finish >= first]
