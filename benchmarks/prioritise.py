"""Benchmark the prioritisation methods: exact selection and the Monte Carlo sensitivity.

    .venv/bin/python benchmarks/prioritise.py [--repeats 5] [--seed 1]

Synthetic portfolios of 50, 500 and 2,000 initiatives, modelled on the demo portfolios: three
teams, FTE in half steps (each initiative needs one lead team, and each other team with
probability 0.45), cost driven by the people it needs (110k per FTE, lognormal noise, rounded
to 10k), ratings 1-5 on three criteria, 20% of initiatives depending on an earlier one, one
exclusive pair per 25 initiatives and one mandatory initiative per 50. The budget is 40% of the
total ask and each team's capacity 45% of its total demand, so every limit binds.

It times `select` (median of --repeats runs) against `greedy_select` on the same portfolio, and
`sensitivity` with 500 draws on the 50-initiative portfolio, and prints the medians with the
ratio to the issue's targets: selection on 500 initiatives well under 1 s, 500 draws on 50
initiatives in a few seconds (taken as 5 s).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.prioritisation.scoring import Criterion, weighted_scores  # noqa: E402
from playbook.prioritisation.selection import greedy_select, select  # noqa: E402
from playbook.prioritisation.sensitivity import sensitivity  # noqa: E402

TEAMS = ("Engineering", "Operations", "Data")
CRITERIA = [Criterion("strategic_fit", 0.4), Criterion("financial_value", 0.4),
            Criterion("delivery_risk", 0.2, lower_is_better=True)]
SIZES = (50, 500, 2000)
TARGETS = {("select", 500): 1.0, ("sensitivity", 50): 5.0}  # seconds
DRAWS = 500


def synthetic(n: int, seed: int) -> tuple[pd.DataFrame, float, dict[str, float]]:
    """A portfolio in the loader's shape, with its budget and team capacities."""
    rng = np.random.default_rng(seed)
    ids = [f"I{i:04d}" for i in range(n)]
    uses = rng.random((n, len(TEAMS))) < 0.45
    uses[np.arange(n), rng.integers(0, len(TEAMS), n)] = True
    fte = np.maximum(np.round(rng.gamma(2.0, 0.8, (n, len(TEAMS))) * 2) / 2, 0.5) * uses
    cost = np.round(fte.sum(axis=1) * 110_000 * rng.lognormal(0.0, 0.35, n), -4) + 10_000
    frame = pd.DataFrame({
        "name": ids,
        "objective": rng.choice(["O1", "O2", "O3", None], n, p=[0.3, 0.3, 0.3, 0.1]),
        "cost": cost,
        **{c.name: rng.integers(1, 6, n).astype(float) for c in CRITERIA},
        **{f"fte_{t}": fte[:, k] for k, t in enumerate(TEAMS)},
        "depends_on": [[ids[rng.integers(0, i)]] if i and rng.random() < 0.2 else [] for i in range(n)],
        "exclusive_with": [[] for _ in range(n)],
        "mandatory": False,
    }, index=pd.Index(ids, name="id"))
    for _ in range(max(1, n // 25)):
        a, b = rng.choice(n, 2, replace=False)
        frame.iat[a, frame.columns.get_loc("exclusive_with")] = [ids[b]]
    cheapest = np.argsort(cost)[: max(1, n // 50)]
    frame.iloc[cheapest, frame.columns.get_loc("mandatory")] = True
    capacity = {t: float(round(fte[:, k].sum() * 0.45)) for k, t in enumerate(TEAMS)}
    return frame, float(cost.sum() * 0.4), capacity


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rows = []
    for n in SIZES:
        frame, budget, capacity = synthetic(n, args.seed)
        value = weighted_scores(frame, CRITERIA)
        chosen = select(frame, value, budget, capacity)
        greedy = greedy_select(frame, value, budget, capacity)
        exact_s = median_seconds(lambda: select(frame, value, budget, capacity), args.repeats)
        greedy_s = median_seconds(lambda: greedy_select(frame, value, budget, capacity), args.repeats)
        rows.append(("select", n, exact_s, greedy_s, TARGETS.get(("select", n)),
                     f"{chosen.status}, {len(chosen.funded)} funded, value {chosen.total_value:.2f} "
                     f"vs greedy {greedy.total_value:.2f}"))
    frame, budget, capacity = synthetic(50, args.seed)
    start = time.perf_counter()
    result = sensitivity(frame, CRITERIA, budget, capacity, draws=DRAWS)
    seconds = time.perf_counter() - start
    bands = result["band"].value_counts()
    rows.append(("sensitivity", 50, seconds, None, TARGETS[("sensitivity", 50)],
                 f"{DRAWS} draws, " + ", ".join(f"{k} {v}" for k, v in bands.items())))

    print(f"{'method':<12} {'n':>5} {'median s':>9} {'greedy s':>9} {'× greedy':>9} {'target s':>9} "
          f"{'÷ target':>9}  result")
    for method, n, seconds, greedy_s, target, note in rows:
        print(f"{method:<12} {n:>5} {seconds:>9.3f} {_cell(greedy_s, '.3f')} "
              f"{_cell(greedy_s and seconds / greedy_s, '.0f')} {_cell(target, '.1f')} "
              f"{_cell(target and seconds / target, '.2f')}  {note}")
    print(f"(sensitivity timed once: {DRAWS} exact re-solves; selection medians of {args.repeats} runs)")


def _cell(x: float | None, spec: str) -> str:
    return f"{x:>9{spec}}" if x else f"{'-':>9}"


if __name__ == "__main__":
    main()
