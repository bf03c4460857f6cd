"""Prioritisation methods: scores, the exact funding decision, its frontier and its uncertainty.

Pure functions over the loaded portfolio: a DataFrame indexed by initiative id with `name`,
`objective`, `cost`, one column per criterion, `fte_<team>` columns, `depends_on` and
`exclusive_with` (lists of ids) and `mandatory`. Loading and validating portfolio.csv is the
loader's job; the checks here only stop a method from answering a question it was not asked.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Iterable, Iterator

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from playbook.report.formatting import money_text
from playbook.errors import PlaybookError

if TYPE_CHECKING:
    from playbook.prioritisation.ahp import AhpResult
    from playbook.intake.client import Client

FTE_PREFIX = "fte_"
WSJF_COLUMNS = ("business_value", "time_criticality", "risk_reduction", "job_size")
NO_OBJECTIVE = "(no objective)"
ROBUST_CORE, ON_THE_BUBBLE, OUT = "robust core", "on the bubble", "out"
NO_SELECTION = "no feasible selection"
LOWER_VALUE = "lower value than the funded alternatives"
UNDER, WITHIN, OVER, UNCAPPED = "under 75%", "75–100%", "over 100%", "no capacity set"

# Selections whose values differ by less than this fraction of the top initiative's value count
# as equal, and the cheapest of them is funded. It sits above HiGHS's 1e-7 feasibility tolerance.
TIE_TOLERANCE = 1e-6
_MILP_OPTIONS = {"mip_rel_gap": 0.0}  # prove optimality; HiGHS's default stops 0.01% short
_TOL = 1e-9  # relative slack when checking sums against budget and capacity
NODE_LIMIT = 20_000  # branch-and-bound nodes per re-solve before handing the problem to HiGHS


class PrioritisationError(PlaybookError):
    """A method was given inputs it cannot use: unknown columns, ids or teams, or bad weights."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    lower_is_better: bool = False


@dataclass(frozen=True)
class Selection:
    """A funding decision; `status` is 'optimal' (MILP), 'greedy' (comparison only) or 'infeasible'."""

    status: str
    funded: tuple[str, ...]  # highest value first
    total_value: float
    total_cost: float
    team_usage: dict[str, float]  # funded FTE for every fte_<team> column
    reasons: dict[str, str]  # every unfunded initiative -> why, in plain words
    infeasible_reason: str | None = None


# --- scores ---------------------------------------------------------------------------------


def weighted_scores(portfolio: pd.DataFrame, criteria: list[Criterion]) -> pd.Series:
    """Min-max normalised, direction-aware weighted sum in 0..1.

    A criterion on which every initiative has the same rating cannot rank anything; it
    normalises to 0.5 for all, mid-scale, so it neither flatters nor penalises the portfolio.
    """
    raw, weights, lower = _criteria_arrays(portfolio, criteria)
    return pd.Series(_normalise(raw, lower) @ weights, index=portfolio.index, name="weighted")


def wsjf_scores(portfolio: pd.DataFrame) -> pd.Series | None:
    """(business value + time criticality + risk reduction) ÷ job size, or None without the columns."""
    if not set(WSJF_COLUMNS) <= set(portfolio.columns):
        return None
    cols = portfolio[list(WSJF_COLUMNS)].astype(float)
    bad = cols.index[cols.isna().any(axis=1) | ~(cols["job_size"] > 0)]
    if len(bad):
        raise PrioritisationError(
            "WSJF needs all four ratings and a positive job_size; missing or invalid for "
            + ", ".join(map(str, bad))
        )
    value = cols["business_value"] + cols["time_criticality"] + cols["risk_reduction"]
    return (value / cols["job_size"]).rename("wsjf")


def method_agreement(scores: dict[str, pd.Series]) -> pd.DataFrame:
    """Kendall's tau-b between every two methods' rankings, over the initiatives both score."""
    from scipy.stats import kendalltau  # imported here: scipy.stats costs most kernels 0.7 s for nothing

    names = list(scores)
    out = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            x, y = scores[a].align(scores[b], join="inner")
            both = x.notna() & y.notna()
            if both.sum() >= 2:
                out.loc[a, b] = kendalltau(x[both], y[both]).statistic
    return out


def _criteria_arrays(
    portfolio: pd.DataFrame, criteria: list[Criterion]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratings (n × k), weights summing to 1, and the lower-is-better mask."""
    if not criteria:
        raise PrioritisationError("weighted scoring needs at least one criterion")
    names = [c.name for c in criteria]
    missing = [n for n in names if n not in portfolio.columns]
    if missing:
        raise PrioritisationError(f"the portfolio has no column for criteria {missing}")
    weights = np.array([c.weight for c in criteria], dtype=float)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise PrioritisationError(
            f"criterion weights must be non-negative and not all zero; got {weights.tolist()}"
        )
    raw = portfolio[names].astype(float)
    unrated = raw.index[raw.isna().any(axis=1)]
    if len(unrated):
        raise PrioritisationError("missing criterion ratings for " + ", ".join(map(str, unrated)))
    lower = np.array([c.lower_is_better for c in criteria])
    return raw.to_numpy(), weights / weights.sum(), lower


def _normalise(raw: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Min-max per criterion over the initiatives axis (-2), so a stack of draws works too."""
    lo = raw.min(axis=-2, keepdims=True)
    span = raw.max(axis=-2, keepdims=True) - lo
    scaled = np.where(span > 0, (raw - lo) / np.where(span > 0, span, 1.0), 0.5)
    return np.where(lower, 1.0 - scaled, scaled)


# --- the selection problem ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Problem:
    """The constraints of one portfolio, built once and re-solved for many objectives."""

    ids: tuple[str, ...]
    cost: np.ndarray
    teams: tuple[str, ...]  # every fte_<team> column
    fte: np.ndarray  # n × teams
    capacity: np.ndarray  # per team; inf where the client set none
    prereqs: tuple[tuple[int, ...], ...]
    exclusive: tuple[tuple[int, int], ...]  # i < j
    mandatory: np.ndarray
    forced_out: np.ndarray
    rows: sparse.csr_array  # budget row, capped team rows, dependency rows, exclusion rows
    row_ub: np.ndarray  # upper bounds; the budget's (row 0) is set per solve

    @property
    def n(self) -> int:
        return len(self.ids)

    def exclusive_with(self, i: int) -> Iterator[int]:
        for a, b in self.exclusive:
            if a == i:
                yield b
            elif b == i:
                yield a

    def solve(self, value: np.ndarray, budget: float) -> np.ndarray | None:
        """The optimal funded mask, or None when no selection satisfies the constraints.

        Lexicographic: the most value, then the cheapest selection within TIE_TOLERANCE of it. A
        cost term folded into one objective was 5-15× slower on rated portfolios, because it
        breaks the objective's integrality that HiGHS exploits when scores sit on a grid.
        """
        scaled = value / (np.abs(value).max(initial=0.0) or 1.0)
        ub = self.row_ub.copy()
        ub[0] = budget / self._cost_scale
        best = self._milp(-scaled, self.rows, ub)
        if best is None:
            return None
        floor = scaled[best].sum() - TIE_TOLERANCE
        rows = sparse.vstack([self.rows, sparse.csr_array(-scaled[None, :])], format="csr")
        cheapest = self._milp(self.cost / self._cost_scale, rows, np.append(ub, -floor))
        return best if cheapest is None else cheapest  # None only if tolerances bite: keep `best`

    def _milp(self, objective: np.ndarray, rows: sparse.csr_array, ub: np.ndarray) -> np.ndarray | None:
        result = milp(
            objective,
            integrality=np.ones(self.n),
            bounds=Bounds(self.mandatory.astype(float), (~self.forced_out).astype(float)),
            constraints=LinearConstraint(rows, -np.inf, ub),
            options=_MILP_OPTIONS,
        )
        if result.x is None:
            if result.status == 2:  # infeasible
                return None
            raise PrioritisationError(f"the selection solver failed: {result.message}")
        return result.x > 0.5

    @property
    def _cost_scale(self) -> float:
        return float(np.abs(self.cost).max(initial=0.0)) or 1.0


def _problem(
    portfolio: pd.DataFrame, capacity: dict[str, float] | None, forced_out: Iterable[str]
) -> _Problem:
    ids = tuple(map(str, portfolio.index))
    if len(set(ids)) != len(ids):
        raise PrioritisationError("initiative ids must be unique")
    where = {id_: i for i, id_ in enumerate(ids)}
    cost = portfolio["cost"].astype(float).to_numpy()
    if not np.all(np.isfinite(cost)) or (cost < 0).any():
        raise PrioritisationError("every initiative needs a cost of zero or more")
    teams = tuple(c[len(FTE_PREFIX):] for c in portfolio.columns if c.startswith(FTE_PREFIX))
    capacity = capacity or {}
    unknown = [t for t in capacity if t not in teams]
    if unknown:
        raise PrioritisationError(
            f"capacity is set for teams {unknown} but the portfolio has no "
            + ", ".join(f"'{FTE_PREFIX}{t}'" for t in unknown)
            + " column"
        )
    fte = portfolio[[FTE_PREFIX + t for t in teams]].astype(float).fillna(0.0).to_numpy()
    cap = np.array([float(capacity.get(t, np.inf)) for t in teams])

    def links(field: str) -> list[list[int]]:
        cells = portfolio[field] if field in portfolio.columns else [None] * len(ids)
        out = []
        for id_, cell in zip(ids, cells):
            named = _id_list(cell)
            bad = [x for x in named if x not in where]
            if bad:
                raise PrioritisationError(f"{id_}: {field} names unknown initiatives {bad}")
            out.append(list(dict.fromkeys(where[x] for x in named if x != id_)))
        return out

    prereqs = tuple(map(tuple, links("depends_on")))
    exclusive = tuple(
        sorted({(min(i, j), max(i, j)) for i, js in enumerate(links("exclusive_with")) for j in js})
    )
    out = set(map(str, forced_out))
    if out - set(ids):
        raise PrioritisationError(f"forced_out names unknown initiatives {sorted(out - set(ids))}")
    mandatory = (
        portfolio["mandatory"].fillna(False).astype(bool).to_numpy()
        if "mandatory" in portfolio.columns
        else np.zeros(len(ids), dtype=bool)
    )
    capped = np.flatnonzero(np.isfinite(cap))
    scale = float(np.abs(cost).max(initial=0.0)) or 1.0
    dep_rows = [(i, j) for i, js in enumerate(prereqs) for j in js]
    rows = sparse.vstack(
        [
            sparse.csr_array(cost[None, :] / scale),
            sparse.csr_array(fte[:, capped].T),
            _pair_rows(dep_rows, len(ids), -1.0),
            _pair_rows(exclusive, len(ids), 1.0),
        ],
        format="csr",
    )
    row_ub = np.concatenate(
        [[np.inf], cap[capped], np.zeros(len(dep_rows)), np.ones(len(exclusive))]
    )
    return _Problem(
        ids=ids,
        cost=cost,
        teams=teams,
        fte=fte,
        capacity=cap,
        prereqs=prereqs,
        exclusive=exclusive,
        mandatory=mandatory,
        forced_out=np.array([x in out for x in ids]),
        rows=rows,
        row_ub=row_ub,
    )


def _pair_rows(pairs: Iterable[tuple[int, int]], n: int, second: float) -> sparse.csr_array:
    """One row per pair: x_i + second·x_j (dependency: x_i − x_j ≤ 0; exclusion: x_i + x_j ≤ 1)."""
    pairs = list(pairs)
    k = len(pairs)
    cols = [c for pair in pairs for c in pair]
    data = [1.0, second] * k
    return sparse.csr_array((data, (np.repeat(np.arange(k), 2), cols)), shape=(k, n))


def _id_list(cell: object) -> list[str]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return []
    if isinstance(cell, str):
        return [x.strip() for x in cell.split(";") if x.strip()]
    return [str(x) for x in cell]


def _values(p: _Problem, value: pd.Series) -> np.ndarray:
    v = value.reindex(list(p.ids)).astype(float)
    if v.isna().any():
        raise PrioritisationError("no value for " + ", ".join(v.index[v.isna()]))
    return v.to_numpy()


# --- selection ------------------------------------------------------------------------------


def select(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
) -> Selection:
    """The exact 0-1 optimum: the most value within budget and capacity, honouring the rules."""
    return _choose(portfolio, value, budget, capacity, forced_out, "optimal")


def greedy_select(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
) -> Selection:
    """The value-per-cost ranking most PPM tools use; here only as the frontier's comparison."""
    return _choose(portfolio, value, budget, capacity, forced_out, "greedy")


def _choose(portfolio: pd.DataFrame, value: pd.Series, budget: float, capacity: dict[str, float] | None,
            forced_out: Iterable[str], status: str) -> Selection:
    p = _problem(portfolio, capacity, forced_out)
    v = _values(p, value)
    reason = _diagnose(p, budget)
    if reason:
        mask = None
    else:
        mask = p.solve(v, budget) if status == "optimal" else _greedy(p, v, budget)
    return _selection(p, v, mask, budget, status, reason)


def _selection(
    p: _Problem, v: np.ndarray, mask: np.ndarray | None, budget: float, status: str, reason: str | None
) -> Selection:
    if mask is None:
        reason = reason or "no combination of initiatives satisfies every constraint"
        return Selection(
            "infeasible", (), 0.0, 0.0, {t: 0.0 for t in p.teams},
            {i: NO_SELECTION for i in p.ids}, reason,
        )
    order = sorted(np.flatnonzero(mask), key=lambda i: (-v[i], p.cost[i], i))
    return Selection(
        status=status,
        funded=tuple(p.ids[i] for i in order),
        total_value=float(v[mask].sum()),
        total_cost=float(p.cost[mask].sum()),
        team_usage={t: float(u) for t, u in zip(p.teams, p.fte[mask].sum(axis=0))},
        reasons=_reasons(p, mask, budget),
    )


def _closure(p: _Problem, start: Iterable[int], stop: np.ndarray | None = None) -> dict[int, int]:
    """Every initiative `start` needs (itself included, skipping `stop`), mapped to who needs it."""
    origin: dict[int, int] = {}
    queue = deque((i, i) for i in start)
    while queue:
        i, root = queue.popleft()
        if i in origin or (stop is not None and stop[i]):
            continue
        origin[i] = root
        queue.extend((j, root) for j in p.prereqs[i])
    return origin


def _diagnose(p: _Problem, budget: float) -> str | None:
    """Why no selection exists, in words; None when the mandatory set and its needs fit."""
    needs = _closure(p, np.flatnonzero(p.mandatory))

    def who(i: int) -> str:
        return f"mandatory {p.ids[i]}" if p.mandatory[i] else f"{p.ids[i]} (needed by mandatory {p.ids[needs[i]]})"

    problems = [f"{p.ids[i]} is both mandatory and forced out" for i in np.flatnonzero(p.mandatory & p.forced_out)]
    problems += [
        f"mandatory {p.ids[root]} depends on {p.ids[i]}, which is forced out"
        for i, root in needs.items()
        if p.forced_out[i] and not p.mandatory[i]
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
    if cost > budget * (1 + _TOL):
        problems.append(f"{what} cost {_money(cost)} against a budget of {_money(budget)}")
    for team, demand, cap in zip(p.teams, p.fte[required].sum(axis=0), p.capacity):
        if demand > cap * (1 + _TOL):
            problems.append(f"{what} need {demand:.1f} FTE of team {team} against a capacity of {cap:.1f}")
    return "; ".join(problems) or None


def _reasons(p: _Problem, funded: np.ndarray, budget: float) -> dict[str, str]:
    """Why each unfunded initiative is out: the first rule that adding it would break.

    Precedence: forced out, excluded by a funded initiative, an unfunded prerequisite, team
    capacity, budget; an initiative that breaks none lost on value (or was a tie).
    """
    budget_left = budget - p.cost[funded].sum()
    team_left = p.capacity - p.fte[funded].sum(axis=0)
    out: dict[str, str] = {}
    for i in np.flatnonzero(~funded):
        rivals = [j for j in p.exclusive_with(i) if funded[j]]
        short = [
            (t, need, left)
            for t, need, left in zip(p.teams, p.fte[i], team_left)
            if need > left + _TOL * max(1.0, abs(left))
        ]
        if p.forced_out[i]:
            out[p.ids[i]] = "forced out"
        elif rivals:
            out[p.ids[i]] = f"excluded by {p.ids[rivals[0]]} (funded)"
        elif any(not funded[j] for j in p.prereqs[i]):
            out[p.ids[i]] = f"depends on unfunded {p.ids[_blocking_prerequisite(p, i, funded)]}"
        elif short:
            team, need, left = short[0]
            out[p.ids[i]] = f"capacity of team {team} (needs {need:.1f} FTE, {max(left, 0.0):.1f} left)"
        elif p.cost[i] > budget_left + _TOL * max(1.0, abs(budget)):
            out[p.ids[i]] = f"budget (costs {_money(p.cost[i])}, {_money(max(budget_left, 0.0))} left)"
        else:
            out[p.ids[i]] = LOWER_VALUE
    return out


def _blocking_prerequisite(p: _Problem, i: int, funded: np.ndarray) -> int:
    """The unfunded prerequisite that can never be funded, if any, else the first unfunded one."""
    chain = [j for j in _closure(p, [i], stop=funded) if j != i]
    for j in chain:
        if p.forced_out[j] or any(funded[k] for k in p.exclusive_with(j)):
            return j
    return chain[0]


def _greedy(p: _Problem, v: np.ndarray, budget: float) -> np.ndarray:
    """Mandatory first, then by value per cost, funding each with its unfunded prerequisites if
    the bundle fits and clashes with nothing already funded."""
    funded = np.zeros(p.n, dtype=bool)
    funded[list(_closure(p, np.flatnonzero(p.mandatory)))] = True
    ratio = np.divide(v, p.cost, out=np.full(p.n, np.inf), where=p.cost > 0)  # free items first
    for i in sorted(range(p.n), key=lambda i: (-ratio[i], -v[i], i)):
        if funded[i] or v[i] <= 0:
            continue
        bundle = list(_closure(p, [i], stop=funded))
        clash = any(funded[k] or k in bundle for j in bundle for k in p.exclusive_with(j))
        fits = p.cost[bundle].sum() + p.cost[funded].sum() <= budget * (1 + _TOL) and np.all(
            p.fte[bundle].sum(axis=0) + p.fte[funded].sum(axis=0) <= p.capacity * (1 + _TOL)
        )
        if fits and not clash and not p.forced_out[bundle].any():
            funded[bundle] = True
    return funded


# --- frontier and sensitivity ---------------------------------------------------------------


def frontier(
    portfolio: pd.DataFrame,
    value: pd.Series,
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
    steps: int = 31,
) -> pd.DataFrame:
    """Optimal and greedy value from 0 to 150% of the budget; infeasible budgets give NaN."""
    p = _problem(portfolio, capacity, forced_out)
    v = _values(p, value)
    budgets = np.union1d(np.linspace(0.0, 1.5 * budget, steps), [budget])
    rows = []
    for b in budgets:
        best = None if _diagnose(p, b) else _Search(p, float(b)).solve(v)
        greedy = None if best is None else _greedy(p, v, b)
        rows.append(
            {
                "budget": float(b),
                "optimal_value": np.nan if best is None else float(v[best].sum()),
                "greedy_value": np.nan if greedy is None else float(v[greedy].sum()),
                "optimal_cost": np.nan if best is None else float(p.cost[best].sum()),
                "n_funded": np.nan if best is None else float(best.sum()),
                "is_chosen": bool(b == budget),
            }
        )
    return pd.DataFrame(rows)


def sensitivity(
    portfolio: pd.DataFrame,
    criteria: list[Criterion],
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
    draws: int = 500,
    seed: int = 20261122,
    concentration: float = 50.0,
    method: str = "weighted",
) -> pd.DataFrame:
    """How often each initiative is funded when the weights and ratings are plausibly different.

    Each draw takes Dirichlet weights centred on the agreed ones (alpha = concentration × w)
    and adds uniform ±1-point noise to every rating, clipped to the range each criterion was
    rated on, then re-scores and re-solves the exact selection. WSJF has no weights: its draws
    add the ±1 point to business value, time criticality and risk reduction (kept ≥ 1) and keep
    the job sizes.
    """
    p = _problem(portfolio, capacity, forced_out)
    if _diagnose(p, budget):
        return pd.DataFrame(
            {"p_funded": np.nan, "band": NO_SELECTION}, index=pd.Index(p.ids, name=portfolio.index.name)
        )
    rng = np.random.default_rng(seed)
    if method == "wsjf":
        values = _wsjf_draws(portfolio, rng, draws)
    else:
        raw, weights, lower = _criteria_arrays(portfolio, criteria)
        w = np.zeros((draws, len(weights)))
        active = weights > 0  # Dirichlet needs alpha > 0; a zero weight stays zero
        w[:, active] = rng.dirichlet(concentration * weights[active], size=draws)
        noisy = raw[None] + rng.uniform(-1.0, 1.0, size=(draws, *raw.shape))
        ratings = np.clip(noisy, raw.min(axis=0), raw.max(axis=0))
        values = np.einsum("dnk,dk->dn", _normalise(ratings, lower), w)
    search = _Search(p, budget)
    share = sum(search.solve(values[d]) for d in range(draws)) / draws
    band = np.where(share >= 0.9, ROBUST_CORE, np.where(share <= 0.1, OUT, ON_THE_BUBBLE))
    return pd.DataFrame(
        {"p_funded": share, "band": band}, index=pd.Index(p.ids, name=portfolio.index.name)
    )


def _wsjf_draws(portfolio: pd.DataFrame, rng: np.random.Generator, draws: int) -> np.ndarray:
    if wsjf_scores(portfolio) is None:
        raise PrioritisationError("WSJF sensitivity needs the columns " + ", ".join(WSJF_COLUMNS))
    ratings = portfolio[list(WSJF_COLUMNS[:3])].astype(float).to_numpy()
    noisy = np.maximum(ratings[None] + rng.uniform(-1.0, 1.0, size=(draws, *ratings.shape)), 1.0)
    return noisy.sum(axis=2) / portfolio["job_size"].astype(float).to_numpy()[None, :]


class _Search:
    """Exact branch and bound for re-solving one portfolio many times with different values.

    HiGHS spends 50–250 ms on each of these 30–50-variable problems (root restarts and
    heuristics dominate), which would make 500 draws take a minute; this search takes a few
    ms and returns the same optimum (tests/test_prioritise_search.py checks it against milp).
    Per solve: the LP relaxation (with every constraint) gives resource prices for a surrogate
    knapsack bound and fixes the variables its reduced costs rule out against the best
    selection found so far; a depth-first search, including items in order of value per
    surrogate cost, does the rest. Sets are Python int bitmasks: at this size that beats numpy.
    """

    def __init__(self, p: _Problem, budget: float):
        self.p, self.n = p, p.n
        capped = np.flatnonzero(np.isfinite(p.capacity))
        self.use = np.vstack([p.cost[None, :], p.fte[:, capped].T])  # resources × items
        self.limit = np.concatenate([[budget], p.capacity[capped]])
        self.slack = [float(b) * (1 + _TOL) for b in self.limit]
        self.items = [list(map(float, col)) for col in self.use.T]
        needs = [_closure(p, [i]) for i in range(p.n)]
        self.need = [sum(1 << j for j in needs[i]) for i in range(p.n)]
        self.dependents = [sum(1 << i for i in range(p.n) if j in needs[i]) for j in range(p.n)]
        self.rival = [sum(1 << k for k in p.exclusive_with(i)) for i in range(p.n)]
        row_ub = p.row_ub.copy()
        row_ub[0] = budget / p._cost_scale
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
        prices[0] /= self.p._cost_scale
        prices += 1e-12 / np.where(self.limit > 0, self.limit, 1.0)
        try:
            funded = self._mask_array(self._search(list(map(float, v)), prices, start, best, fix_in, fix_out))
        except _TooHard:
            return self._fallback(v)
        return self._remember(funded)

    def _fallback(self, v: np.ndarray) -> np.ndarray:
        """HiGHS's MIP solver, for what the search should not take on."""
        return self._remember(self.p.solve(v, float(self.limit[0])))

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


# --- alignment and capacity -----------------------------------------------------------------


def orphans(portfolio: pd.DataFrame) -> list[str]:
    """Initiatives that serve no stated objective."""
    return [str(i) for i, o in portfolio["objective"].items() if _blank(o)]


def objective_alignment(portfolio: pd.DataFrame, funded: Iterable[str]) -> pd.DataFrame:
    """Per objective: initiatives and cost proposed and funded, and its share of the funded cost."""
    is_funded = _funded_mask(portfolio, funded)
    frame = pd.DataFrame(
        {
            "objective": [NO_OBJECTIVE if _blank(o) else str(o) for o in portfolio["objective"]],
            "proposed_cost": portfolio["cost"].astype(float).to_numpy(),
            "funded": is_funded,
        }
    )
    frame["funded_cost"] = frame["proposed_cost"].where(frame["funded"], 0.0)
    out = frame.groupby("objective", sort=False).agg(
        n_initiatives=("funded", "size"),
        n_funded=("funded", "sum"),
        proposed_cost=("proposed_cost", "sum"),
        funded_cost=("funded_cost", "sum"),
    )
    total = out["funded_cost"].sum()
    out["share"] = out["funded_cost"] / total if total > 0 else np.nan
    order = sorted(out.index, key=lambda o: (o == NO_OBJECTIVE, o))
    return out.loc[order]


def capacity_use(
    portfolio: pd.DataFrame, funded: Iterable[str], capacity: dict[str, float] | None
) -> pd.DataFrame:
    """Funded FTE demand against each team's capacity, banded under 75%, 75–100%, over 100%.

    Teams with demand but no capacity in client.yaml are listed too, banded 'no capacity set'.
    """
    is_funded = _funded_mask(portfolio, funded)
    capacity = capacity or {}
    teams = [c[len(FTE_PREFIX):] for c in portfolio.columns if c.startswith(FTE_PREFIX)]
    unknown = [t for t in capacity if t not in teams]
    if unknown:
        raise PrioritisationError(f"capacity is set for teams {unknown} without an fte_<team> column")
    rows = []
    for team in list(capacity) + [t for t in teams if t not in capacity]:
        demand = float(portfolio.loc[is_funded, FTE_PREFIX + team].astype(float).fillna(0.0).sum())
        cap = float(capacity.get(team, np.nan))
        use = _utilisation(demand, cap)
        band = UNCAPPED if np.isnan(use) else UNDER if use < 0.75 else WITHIN if use <= 1.0 else OVER
        rows.append({"team": team, "demand": demand, "capacity": cap, "utilisation": use, "band": band})
    columns = ["demand", "capacity", "utilisation", "band"]
    return pd.DataFrame(rows, columns=["team", *columns]).set_index("team")


def _utilisation(demand: float, capacity: float) -> float:
    """Demand ÷ capacity; NaN without a capacity, and a zero capacity is only full when used."""
    if np.isnan(capacity) or capacity > 0:
        return demand / capacity
    return 0.0 if demand == 0 else np.inf


def _funded_mask(portfolio: pd.DataFrame, funded: Iterable[str]) -> np.ndarray:
    funded = set(map(str, funded))
    ids = set(map(str, portfolio.index))
    if funded - ids:
        raise PrioritisationError(f"funded names unknown initiatives {sorted(funded - ids)}")
    return np.array([str(i) in funded for i in portfolio.index])


def _blank(objective: object) -> bool:
    return objective is None or objective is pd.NA or (
        isinstance(objective, float) and np.isnan(objective)
    ) or (isinstance(objective, str) and not objective.strip())


def _money(x: float) -> str:
    """5.2m, 850k, 400: how the executive summary talks about money."""
    for size, unit, digits in ((1e9, "bn", 2), (1e6, "m", 2), (1e3, "k", 1)):
        if abs(round(x / size, digits)) >= 1:
            return f"{x / size:.{digits}f}".rstrip("0").rstrip(".") + unit
    return f"{x:.0f}"


# --- the deliverable ------------------------------------------------------------------------
# What the prioritisation notebook says, computed once from the loaded portfolio and client.yaml.

METHOD_NAMES = {"weighted": "weighted scoring", "ahp": "AHP-weighted scoring", "wsjf": "WSJF"}
DRAWS = 500
SEED = 20261122
FUNDED, MANDATORY, NOT_FUNDED = "funded", "funded (mandatory)", "not funded"
NOT_TESTED = "not tested"


def client_criteria(client: Client) -> list[Criterion]:
    return [Criterion(c.name, c.weight, c.lower_is_better) for c in client.prioritisation.criteria]


def client_judgements(client: Client) -> dict[tuple[str, str], float]:
    """client.yaml's "a over b: v" judgements in the form playbook.ahp takes: {(a, b): v}."""
    out = {}
    for text, value in client.prioritisation.pairwise.items():
        a, _, b = text.partition(" over ")
        out[(a.strip(), b.strip())] = float(value)
    return out


@dataclass(frozen=True)
class Plan:
    """Everything the prioritisation deliverable reports, for one client as its files stand."""

    method: str
    currency: str
    budget: float
    capacity: dict[str, float]
    criteria: list[Criterion]  # with the weights used: AHP's when the method is ahp
    portfolio: pd.DataFrame
    value: pd.Series  # the score the selection maximises
    scores: dict[str, pd.Series]  # every method the data supports
    agreement: pd.DataFrame  # Kendall's tau between those methods
    ahp: AhpResult | None
    judgements: dict[tuple[str, str], float]  # as written in client.yaml
    selection: Selection
    greedy: Selection
    frontier: pd.DataFrame
    sensitivity: pd.DataFrame
    alignment: pd.DataFrame
    capacity_use: pd.DataFrame  # the funded selection's demand
    demand: pd.DataFrame  # every initiative's demand, as if all were funded
    objectives: dict[str, str]  # objective id -> title
    draws: int
    notes: tuple[str, ...]  # what could not be computed, in words

    @property
    def empty(self) -> bool:
        return self.portfolio.empty

    @property
    def infeasible(self) -> bool:
        return self.selection.status == "infeasible"

    def money(self, value: float) -> str:
        """£4.48m: the currency symbol benefits.money_text uses, with two decimals for millions."""
        return money_text(1, self.currency)[:-1] + _money(value)


def plan(portfolio: pd.DataFrame, client: Client, draws: int = DRAWS, seed: int = SEED) -> Plan:
    """Score, select, sweep the budget, test the robustness (skipped with draws=0, for live
    re-solving) and check alignment and capacity."""
    from playbook.prioritisation import ahp

    s = client.prioritisation
    criteria, notes, result = client_criteria(client), [], None
    if s.pairwise or s.method == "ahp":
        result = ahp.ahp_weights([c.name for c in criteria], client_judgements(client))
    scores: dict[str, pd.Series] = {}
    if criteria and not portfolio.empty:
        scores["weighted"] = weighted_scores(portfolio, criteria)
        if result is not None:
            ahp_criteria = [Criterion(c.name, result.weights[c.name], c.lower_is_better) for c in criteria]
            scores["ahp"] = weighted_scores(portfolio, ahp_criteria).rename("ahp")
            if s.method == "ahp":
                criteria = ahp_criteria
    if not portfolio.empty:
        try:
            wsjf = wsjf_scores(portfolio)
        except PrioritisationError:
            wsjf = None
            notes.append("WSJF is not compared: some initiatives lack its four ratings.")
        if wsjf is not None:
            scores["wsjf"] = wsjf
    objectives = {o.id: o.title or o.id for o in client.objectives}
    budget = float(s.budget or 0.0)
    if portfolio.empty:
        none = Selection("infeasible", (), 0.0, 0.0, {}, {}, "there are no initiatives in portfolio.csv yet")
        empty = pd.DataFrame()
        return Plan(
            method=s.method, currency=client.currency, budget=budget, capacity=dict(s.capacity), criteria=criteria,
            portfolio=portfolio, value=pd.Series(dtype=float), scores=scores, agreement=empty, ahp=result,
            judgements=client_judgements(client), selection=none, greedy=none, frontier=empty, sensitivity=empty,
            alignment=empty, capacity_use=empty, demand=empty, objectives=objectives, draws=draws, notes=tuple(notes))
    value = scores[s.method]
    args = (portfolio, value, budget, s.capacity, s.forced_out)
    selection = select(*args)
    return Plan(
        method=s.method, currency=client.currency, budget=budget, capacity=dict(s.capacity), criteria=criteria,
        portfolio=portfolio, value=value, scores=scores, agreement=method_agreement(scores), ahp=result,
        judgements=client_judgements(client), selection=selection, greedy=greedy_select(*args), frontier=frontier(*args),
        sensitivity=sensitivity(portfolio, criteria, budget, s.capacity, s.forced_out, draws=draws, seed=seed,
                                method=s.method) if draws > 0 else _untested(portfolio),
        alignment=objective_alignment(portfolio, selection.funded),
        capacity_use=capacity_use(portfolio, selection.funded, s.capacity),
        demand=capacity_use(portfolio, portfolio.index, s.capacity),
        objectives=objectives, draws=draws, notes=tuple(notes))


def _untested(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The sensitivity frame of a plan made without draws (the workshop's live re-solve)."""
    return pd.DataFrame({"p_funded": np.nan, "band": NOT_TESTED}, index=portfolio.index)


def ranking(plan: Plan) -> pd.DataFrame:
    """One row per initiative in the order of the cut list: funded by score, then the rest by score."""
    p, sel = plan.portfolio, plan.selection
    funded = set(sel.funded)
    frame = pd.DataFrame({
        "name": p["name"], "objective": p["objective"], "cost": p["cost"].astype(float),
        "score": plan.value.astype(float), "rank": plan.value.rank(ascending=False, method="min").astype(int),
        "funded": [i in funded for i in p.index], "mandatory": p["mandatory"].astype(bool),
        "p_funded": plan.sensitivity["p_funded"].reindex(p.index).astype(float),
        "band": plan.sensitivity["band"].reindex(p.index),
    }, index=p.index)
    frame["status"] = [MANDATORY if f and m else FUNDED if f else NOT_FUNDED
                       for f, m in zip(frame["funded"], p["mandatory"])]
    frame["reason"] = [None if f or plan.infeasible else sel.reasons.get(i) for i, f in frame["funded"].items()]
    return frame.sort_values(["funded", "score", "cost"], ascending=[False, False, True], kind="stable")


def bubble_table(plan: Plan) -> pd.DataFrame:
    """The initiatives the decision is least sure about, closest to a coin toss first."""
    r = ranking(plan)
    r = r[r["band"] == ON_THE_BUBBLE]
    r = r.iloc[np.argsort(np.abs(r["p_funded"].to_numpy() - 0.5), kind="stable")]
    return pd.DataFrame({
        "Id": r.index, "Initiative": r["name"], "Objective": r["objective"].fillna("none"),
        "Cost": [plan.money(c) for c in r["cost"]], "Funded in draws": r["p_funded"],
        "In the plan": ["yes" if f else "no" for f in r["funded"]], "If not, why": r["reason"].fillna(""),
    })


def weights_table(plan: Plan) -> pd.DataFrame:
    """The criteria with the weights the scoring uses: client.yaml's, or under AHP the eigenvector's."""
    total = sum(c.weight for c in plan.criteria) or 1.0
    stated = {c.name: c for c in plan.criteria}
    return pd.DataFrame({
        "Criterion": list(stated), "Direction": ["lower is better" if c.lower_is_better else "higher is better"
                                                 for c in stated.values()],
        "Weight used": [c.weight / total for c in stated.values()],
    })


def value_at(plan: Plan, budget: float) -> float | None:
    """The optimal score at another budget, read off the frontier (None where infeasible)."""
    f = plan.frontier.dropna(subset=["optimal_value"])
    if f.empty or budget < f["budget"].min():
        return None
    return float(np.interp(budget, f["budget"], f["optimal_value"]))


WHY_NOT = {"budget": "the budget", "capacity of team": "capacity", "depends on": "an unfunded prerequisite",
           "excluded by": "an exclusive alternative", "forced out": "forced out", LOWER_VALUE: "lower value"}


def why_not(plan: Plan) -> pd.Series:
    """How many unfunded initiatives each rule keeps out, most first: 'the budget',
    'Operations capacity', 'an unfunded prerequisite', ..."""
    kinds = []
    for reason in plan.selection.reasons.values():
        key = next((k for k in WHY_NOT if reason.startswith(k)), LOWER_VALUE)
        kinds.append(f"{reason[len(key):].split('(')[0].strip()} capacity" if key == "capacity of team"
                     else WHY_NOT[key])
    return pd.Series(kinds, dtype=object).value_counts()


def _used(plan: Plan, limit: str) -> str:
    if limit == "the budget":
        return f"{plan.money(plan.selection.total_cost)} of {plan.money(plan.budget)} committed"
    u = plan.capacity_use.loc[limit.removesuffix(" capacity")]
    return f"{u['demand']:g} of {u['capacity']:g} FTE used"


def _names(plan: Plan, ids: Iterable[str], limit: int = 4, with_p: bool = False) -> str:
    ids = list(ids)
    shown = []
    for i in ids[:limit]:
        text = f"{i} {plan.portfolio.at[i, 'name']}"
        if with_p:
            text += f" ({plan.sensitivity.at[i, 'p_funded']:.0%})"
        shown.append(text)
    more = len(ids) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _pct(x: float) -> str:
    return f"{x:.0%}"


def findings(plan: Plan) -> list[str]:
    """The executive summary: what to fund, what it buys, what is on the bubble, what the data cannot tell."""
    if plan.empty:
        return ["There is no portfolio yet: add the initiatives to portfolio.csv and re-run this deliverable."]
    if plan.infeasible:
        return _infeasible_findings(plan)
    p, sel = plan.portfolio, plan.selection
    total_value, total_cost = float(plan.value.sum()), float(p["cost"].sum())
    out = [f"**Fund {len(sel.funded)} of the {len(p)} initiatives** for {plan.money(sel.total_cost)} of the "
           f"{plan.money(plan.budget)} budget: they carry {_pct(sel.total_value / total_value)} of the portfolio's "
           f"total score for {_pct(sel.total_cost / total_cost)} of its {plan.money(total_cost)} ask."]
    a = plan.alignment[plan.alignment["funded_cost"] > 0].sort_values("funded_cost", ascending=False)
    top = a.index[0]
    unfunded_objectives = [o for o in plan.objectives if o not in a.index]
    backed = len(a.drop(NO_OBJECTIVE, errors="ignore"))
    text = (f"What it buys: {'all ' if backed == len(plan.objectives) else ''}{backed}"
            f"{'' if backed == len(plan.objectives) else f' of {len(plan.objectives)}'} objectives are "
            f"backed, the largest share going to {top} {plan.objectives.get(top, '')} "
            f"({_pct(a.at[top, 'share'])}, {plan.money(a.at[top, 'funded_cost'])})")
    if unfunded_objectives:
        text += "; nothing funded serves " + ", ".join(f"{o} {plan.objectives[o]}" for o in unfunded_objectives)
    lone = orphans(p)
    if lone:
        funded_orphans = [i for i in lone if i in sel.funded]
        text += (f". {len(lone)} initiative{'s' if len(lone) > 1 else ''} serve no objective "
                 f"({', '.join(lone)}); {len(funded_orphans) or 'none'} of them funded")
    out.append(text + ".")
    limits = why_not(plan)
    limits = limits[[k == "the budget" or k.endswith(" capacity") for k in limits.index]]
    parts = [f"{k} ({_used(plan, k)}) keeps out {n} initiative{'s' if n > 1 else ''}" if i == 0 else f"{k} {n}"
             for i, (k, n) in enumerate(limits.items())]
    text = ("What limits it: " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            if parts else "Nothing else fits: every unfunded initiative waits on a prerequisite or an alternative")
    more = value_at(plan, 1.1 * plan.budget)
    if more is not None and sel.total_value > 0:
        gain = more / sel.total_value - 1
        text += (f". Another 10% of budget ({plan.money(0.1 * plan.budget)}) would add "
                 + (f"{_pct(gain)} more score" if gain >= 0.005 else "nothing")
                 + (", since people, not money, run out first" if gain < 0.03 and any(
                     k.endswith(" capacity") for k in limits.index) else ""))
    if plan.greedy.status != "infeasible" and sel.total_value > plan.greedy.total_value * 1.0001:
        text += (f"; ranking by value for money instead would buy "
                 f"{_pct(1 - plan.greedy.total_value / sel.total_value)} less score for the same money")
    out.append(text + ".")
    bands = plan.sensitivity["band"]
    core = bands.index[bands == ROBUST_CORE]
    bubble = plan.sensitivity.loc[bands == ON_THE_BUBBLE, "p_funded"]
    bubble = bubble.iloc[np.argsort(np.abs(bubble.to_numpy() - 0.5), kind="stable")]
    text = (f"**{len(core)} initiatives are a robust core**, funded in at least 90% of {plan.draws} plausible "
            f"re-weightings and re-scorings")
    if len(bubble):
        text += (f"; {len(bubble)} are on the bubble, the closest calls being {_names(plan, bubble.index, 3, True)}. "
                 "Decide those on judgement, not on the score")
    out.append(text + ".")
    out.append(_cannot_tell(plan))
    return out


def _cannot_tell(plan: Plan) -> str:
    text = ("What the data cannot tell: whether the benefits will arrive (the scores are judgements, not "
            "forecasts) or when, since capacity is one FTE figure per team rather than a schedule")
    if plan.ahp is not None and plan.method == "ahp" and not plan.ahp.consistent:
        w = plan.ahp.worst
        text += (f". The AHP judgements are not consistent (CR {plan.ahp.cr:.2f}, limit 0.10): revisit "
                 f"'{w.a} over {w.b}', given as {w.given:g} where the others imply about {w.implied:.1f}")
    return text + "."


def _infeasible_findings(plan: Plan) -> list[str]:
    p = _problem(plan.portfolio, plan.capacity, ())
    needed = list(_closure(p, np.flatnonzero(p.mandatory)))
    cost = float(p.cost[needed].sum())
    out = [f"**No selection is possible as the portfolio stands**: {plan.selection.infeasible_reason}."]
    fixes = []
    if cost > plan.budget:
        fixes.append(f"raise the budget to at least {plan.money(cost)}")
    fixes.append("take the mandatory flag off what can wait (mandatory: "
                 + _names(plan, [p.ids[i] for i in np.flatnonzero(p.mandatory)], 5) + ")")
    out.append("To make a decision possible: " + ", or ".join(fixes) + ". Until then no funding line can be drawn.")
    top = plan.value.sort_values(ascending=False).index
    out.append(f"On score alone the strongest initiatives are {_names(plan, top, 4)}; the ranking stands, only "
               "the cut line is missing.")
    out.append(_cannot_tell(plan))
    return out


def results(plan: Plan) -> dict:
    """The figures written to <client>/prioritisation.results.json (NaN becomes null)."""
    def num(x: float | None) -> float | None:
        return None if x is None or not np.isfinite(x) else round(float(x), 6)

    sel = plan.selection
    sens = plan.sensitivity
    pairs = {f"{a} vs {b}": num(plan.agreement.at[a, b]) for a, b in combinations(plan.agreement.index, 2)} \
        if not plan.agreement.empty else {}
    return {
        "method": plan.method,
        "weights": {c.name: num(c.weight / (sum(x.weight for x in plan.criteria) or 1.0)) for c in plan.criteria},
        "consistency_ratio": num(plan.ahp.cr) if plan.ahp is not None else None,
        "budget": num(plan.budget),
        "currency": plan.currency,
        "selected": list(sel.funded),
        "funded_count": len(sel.funded),
        "total_cost": num(sel.total_cost),
        "total_value": num(sel.total_value),
        "infeasible": plan.infeasible,
        "infeasible_reason": sel.infeasible_reason,
        "unfunded_reasons": dict(sel.reasons),
        "funding_probability": {} if sens.empty else {i: num(v) for i, v in sens["p_funded"].items()},
        "robust_core": [] if sens.empty else list(sens.index[sens["band"] == ROBUST_CORE]),
        "on_the_bubble": [] if sens.empty else list(sens.index[sens["band"] == ON_THE_BUBBLE]),
        "draws": plan.draws,
        "method_agreement": pairs,
        "capacity_utilisation": {} if plan.capacity_use.empty
        else {t: num(u) for t, u in plan.capacity_use["utilisation"].items()},
        "orphans": [] if plan.empty else orphans(plan.portfolio),
    }
