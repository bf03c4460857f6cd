"""The Monte Carlo's branch and bound must return the same optimum as HiGHS' milp, every time,
including when it gives up and hands over."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation import selection as pr


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


@pytest.mark.parametrize("seed", range(60))
def test_search_equals_milp_on_random_portfolios(seed):
    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = pr._problem(frame, capacity, forced)
    if pr._diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    search = pr._Search(p, budget)
    rng = np.random.default_rng(1000 + seed)
    for _ in range(4):  # several value vectors, so the pool and the fixings are exercised too
        v = rng.uniform(0, 1, p.n) * (rng.random(p.n) > 0.1)
        exact = p.solve(v, budget)
        found = search.solve(v)
        assert v[found].sum() == pytest.approx(v[exact].sum(), abs=1e-9)
        assert p.cost[found].sum() <= budget * (1 + 1e-9)
        assert np.all(p.fte[found].sum(axis=0) <= p.capacity + 1e-9)
        assert all(found[j] for i in np.flatnonzero(found) for j in p.prereqs[i])
        assert not any(found[i] and found[j] for i, j in p.exclusive)
        assert found[p.mandatory].all() and not found[p.forced_out].any()


def test_too_hard_problems_go_back_to_highs(monkeypatch):
    frame, budget, capacity, forced = random_portfolio(4, n=40)
    monkeypatch.setattr(pr, "NODE_LIMIT", 1)
    p = pr._problem(frame, capacity, forced)
    v = np.random.default_rng(0).uniform(0, 1, p.n)
    assert v[pr._Search(p, budget).solve(v)].sum() == pytest.approx(v[p.solve(v, budget)].sum())


def test_frontier_and_sensitivity_on_a_demo_sized_portfolio_are_quick():
    import time

    frame, budget, capacity, forced = random_portfolio(7, n=40)
    frame[["fit", "value"]] = np.random.default_rng(7).integers(1, 6, (40, 2)).astype(float)
    criteria = [pr.Criterion("fit", 0.6), pr.Criterion("value", 0.4)]
    start = time.perf_counter()
    pr.sensitivity(frame, criteria, budget, capacity, forced, draws=500)
    assert time.perf_counter() - start < 20  # ~1–2 s on one core; generous for a loaded CI machine


def test_wsjf_sensitivity_perturbs_the_wsjf_ratings():
    frame, budget, capacity, _ = random_portfolio(5, n=20)
    rng = np.random.default_rng(5)
    for col in pr.WSJF_COLUMNS:
        frame[col] = rng.choice([1, 2, 3, 5, 8, 13, 20], len(frame)).astype(float)
    result = pr.sensitivity(frame, [], budget, capacity, draws=100, method="wsjf")
    base = set(pr.select(frame, pr.wsjf_scores(frame), budget, capacity).funded)
    assert result.loc[sorted(base), "p_funded"].mean() > result.drop(sorted(base))["p_funded"].mean()
    assert result["p_funded"].between(0, 1).all()


@pytest.mark.parametrize("seed", range(0, 60, 6))
def test_warm_relaxation_matches_a_fresh_linprog(seed):
    """Re-solved from the last basis, the LP gives linprog's optimum and prices every time."""
    from scipy.optimize import linprog

    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = pr._problem(frame, capacity, forced)
    if pr._diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    relaxation = pr._Search(p, budget).relaxation
    row_ub = p.row_ub.copy()
    row_ub[0] = budget / p._cost_scale
    bounds = np.c_[p.mandatory.astype(float), (~p.forced_out).astype(float)]
    rng = np.random.default_rng(seed)
    for _ in range(5):
        v = rng.uniform(0, 1, p.n)
        bound, x, reduced, duals = relaxation.solve(v)
        fresh = linprog(-v, A_ub=p.rows.toarray(), b_ub=row_ub, bounds=bounds, method="highs")
        assert bound == pytest.approx(-fresh.fun, abs=1e-9)
        assert v @ x == pytest.approx(bound, abs=1e-9)
        # reduced costs and prices are LP duals: they certify the bound (weak duality, tight)
        assert (np.maximum(-duals, 0) @ row_ub + np.maximum(-reduced, 0) @ bounds[:, 1]
                - np.maximum(reduced, 0) @ bounds[:, 0]) == pytest.approx(bound, abs=1e-7)
