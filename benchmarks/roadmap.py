"""Time the time-phased selection (playbook.prioritisation.roadmap) on synthetic portfolios.

    PYTHONPATH=. .venv/bin/python benchmarks/roadmap.py [--sizes 50 100 200] [--seeds 5] [--limit 60]

Each portfolio has 3 teams and a 24-month horizon: durations of 2-12 months, one or two teams per
proposal at 0.5-5 FTE, costs from FTE-months at about 12k each with noise and pennies, scores from
three 1-5 ratings under weights (0.4/0.4/0.2 by default, as a client sets them, which puts every score on
a 0.05 grid; `--weights 0.4731,0.3156,0.2113`, as AHP gives them, leaves no grid), 15% of proposals depending on
an earlier one, a few exclusive pairs, two mandatory, a fifth with a later earliest start, committed
work in the first months, capacity for about half of the demand and a budget of half the total ask.
Prints, per size, the median and worst seconds over the seeds and the largest gap to the proven bound.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np

from playbook.prioritisation.roadmap import OPTIMAL, solve
from playbook.prioritisation.roadmap_model import Committed, Problem, Proposal

TEAMS = ("Engineering", "Data", "Operations")
WEIGHTS = [0.4, 0.4, 0.2]


def synthetic(n: int, seed: int, months: int = 24, discount: float = 0.0) -> Problem:
    """A reproducible portfolio of n proposals (see the module docstring)."""
    rng = np.random.default_rng(seed)
    proposals = []
    for i in range(n):
        duration = int(rng.integers(2, 13))
        teams = rng.choice(len(TEAMS), size=int(rng.integers(1, 3)), replace=False)
        fte = {TEAMS[k]: float(rng.choice([0.5, 1, 1.5, 2, 3, 4, 5])) for k in teams}
        cost = round(sum(fte.values()) * duration * 12_000 * rng.uniform(0.8, 1.3), 2)
        ratings = rng.integers(1, 6, size=3)
        value = float(np.dot(WEIGHTS, (ratings - 1) / 4))
        depends = (f"P{int(rng.integers(0, i)):03d}",) if i > 0 and rng.random() < 0.15 else ()
        earliest = int(rng.integers(1, 13)) if rng.random() < 0.2 else 0
        proposals.append(Proposal(f"P{i:03d}", value, cost, duration, fte, earliest, depends,
                                  mandatory=i in (3, 7)))
    pairs = {tuple(sorted(rng.choice(n, 2, replace=False))) for _ in range(max(n // 20, 1))}
    rivals: dict[int, list[str]] = {}
    for a, b in pairs:
        rivals.setdefault(int(a), []).append(f"P{b:03d}")
    proposals = [p if i not in rivals else Proposal(p.id, p.value, p.cost, p.duration, p.fte, p.earliest,
                                                    p.depends_on, tuple(rivals[i]), p.mandatory)
                 for i, p in enumerate(proposals)]
    committed = tuple(Committed(f"W{j}", round(rng.uniform(50_000, 400_000), 2), int(rng.integers(-6, 1)),
                                int(rng.integers(1, 9)), {TEAMS[j % 3]: float(rng.choice([1, 2, 3]))})
                      for j in range(max(n // 10, 1)))
    demand = {t: sum(p.fte.get(t, 0.0) * p.duration for p in proposals) for t in TEAMS}
    capacity = {t: round(demand[t] / months / 2 + 2, 1) for t in TEAMS}
    budget = round(0.5 * sum(p.cost for p in proposals), 2)
    return Problem(tuple(proposals), months, budget, capacity, committed, discount)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    args.add_argument("--seeds", type=int, default=5)
    args.add_argument("--limit", type=float, default=60.0, help="time limit per solve, seconds")
    args.add_argument("--discount", type=float, default=0.0, help="monthly delay discount")
    args.add_argument("--weights", default="0.4,0.4,0.2", help="the three criteria weights behind the scores")
    a = args.parse_args(argv)
    WEIGHTS[:] = [float(w) for w in a.weights.split(",")]
    print(f"time-phased selection, 3 teams, 24 months, weights {a.weights}, delay discount {a.discount}, "
          f"{a.seeds} portfolios per size, time limit {a.limit:g} s")
    print(f"{'proposals':>9}  {'median s':>8}  {'worst s':>7}  {'optimal':>7}  {'max gap':>8}  {'funded':>6}")
    for n in a.sizes:
        times, gaps, proven, funded = [], [], 0, []
        for seed in range(a.seeds):
            problem = synthetic(n, seed, discount=a.discount)
            began = time.perf_counter()
            plan = solve(problem, time_limit=a.limit)
            times.append(time.perf_counter() - began)
            gaps.append(plan.gap)
            proven += plan.status == OPTIMAL
            funded.append(len(plan.starts))
        print(f"{n:>9}  {statistics.median(times):>8.2f}  {max(times):>7.2f}  {proven:>4}/{a.seeds:<2}  "
              f"{max(gaps):>8.2%}  {statistics.median(funded):>6.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
