"""Portfolios for the prioritisation tests: a builder in the loader's shape, random cases and the
brute-force reference every exact answer is checked against."""
from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd


def portfolio(rows: list[dict], teams: tuple[str, ...] = ()) -> pd.DataFrame:
    """A portfolio in the loader's shape; omitted fields take neutral defaults."""
    full = []
    for row in rows:
        full.append({
            "name": row["id"], "objective": "O1", "cost": 0.0,
            **{f"fte_{t}": 0.0 for t in teams},
            "depends_on": [], "exclusive_with": [], "mandatory": False, **row,
        })
    return pd.DataFrame(full).set_index("id")


def values(frame: pd.DataFrame, column: str = "v") -> pd.Series:
    return frame[column].astype(float)


def random_case(seed: int, grid: bool) -> tuple[pd.DataFrame, float, dict[str, float], list[str]]:
    """≤ 14 initiatives, two teams, acyclic dependencies, exclusions, sometimes a mandatory item."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 15))
    ids = [f"P{i:02d}" for i in range(n)]
    rows = []
    for i, id_ in enumerate(ids):
        rows.append({
            "id": id_,
            "cost": float(rng.integers(1, 21) * 10_000),
            "fte_A": float(rng.integers(0, 7) * 0.5),
            "fte_B": float(rng.integers(0, 5) * 0.5),
            "v": float(rng.integers(0, 10) / 10) if grid else float(rng.random()),
            "depends_on": [ids[int(rng.integers(0, i))]] if i > 0 and rng.random() < 0.25 else [],
            "exclusive_with": [],
            "mandatory": False,
        })
    for _ in range(int(rng.integers(0, 3))):
        a, b = rng.choice(n, 2, replace=False)
        rows[a]["exclusive_with"] = rows[a]["exclusive_with"] + [ids[b]]
    if rng.random() < 0.3:
        rows[int(rng.integers(0, n))]["mandatory"] = True
    forced_out = [ids[int(rng.integers(0, n))]] if rng.random() < 0.2 else []
    frame = portfolio(rows, teams=("A", "B"))
    budget = float(frame["cost"].sum() * rng.uniform(0.25, 0.6))
    capacity = {t: float(frame[f"fte_{t}"].sum() * rng.uniform(0.3, 0.7)) for t in ("A", "B")}
    return frame, budget, capacity, forced_out


def brute_force(frame: pd.DataFrame, budget: float, capacity: dict[str, float], forced_out: list[str]):
    """Every 0/1 vector that satisfies every rule (rows of a boolean matrix)."""
    ids = list(frame.index)
    x = np.array(list(product((False, True), repeat=len(ids))))
    ok = x @ frame["cost"].to_numpy() <= budget
    for team, cap in capacity.items():
        ok &= x @ frame[f"fte_{team}"].to_numpy() <= cap
    for i, id_ in enumerate(ids):
        for dep in frame.at[id_, "depends_on"]:
            ok &= ~x[:, i] | x[:, ids.index(dep)]
        for other in frame.at[id_, "exclusive_with"]:
            ok &= ~(x[:, i] & x[:, ids.index(other)])
        if frame.at[id_, "mandatory"]:
            ok &= x[:, i]
        if id_ in forced_out:
            ok &= ~x[:, i]
    return x[ok]


def random_portfolio(seed: int, n: int) -> tuple[pd.DataFrame, float, dict[str, float], list[str]]:
    """Costs, two teams, dependencies (acyclic: only on earlier ids), an exclusive pair, a
    mandatory item and sometimes a forced-out one."""
    rng = np.random.default_rng(seed)
    ids = [f"I{i:02d}" for i in range(n)]
    cost = rng.integers(2, 40, n) * 10_000.0
    frame = pd.DataFrame({
        "name": ids, "objective": "O1", "cost": cost,
        "fte_A": rng.choice([0, 0.5, 1, 2, 3], n), "fte_B": rng.choice([0, 0.5, 1, 2], n),
        "depends_on": [[ids[j]] if i > 2 and rng.random() < 0.25 else [] for i, j in
                       enumerate(rng.integers(0, max(n // 2, 1), n))],
        "exclusive_with": [[] for _ in ids], "mandatory": False,
    }, index=pd.Index(ids, name="id"))
    frame["depends_on"] = [[d for d in deps if d < i] for i, deps in zip(ids, frame["depends_on"])]
    a, b = rng.choice(n, 2, replace=False)
    frame.at[ids[a], "exclusive_with"], frame.at[ids[b], "exclusive_with"] = [ids[b]], [ids[a]]
    frame.loc[ids[int(rng.integers(n))], "mandatory"] = True
    budget = float(cost.sum() * rng.uniform(0.25, 0.5))
    capacity = {"A": float(frame["fte_A"].sum() * 0.4), "B": float(frame["fte_B"].sum() * 0.5)}
    forced = [ids[int(rng.integers(n))]] if seed % 3 == 0 else []
    return frame, budget, capacity, forced
