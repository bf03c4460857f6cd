"""The branch and bound must return the same optimum as HiGHS' milp, every time, including when
it gives up and hands over."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation import search as sr
from playbook.prioritisation.problem import build_problem
from playbook.prioritisation.selection import diagnose
from tests.prioritisation.cases import random_portfolio


@pytest.mark.parametrize("seed", range(60))
def test_search_equals_milp_on_random_portfolios(seed):
    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = build_problem(frame, capacity, forced)
    if diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    search = sr.Search(p, budget)
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
    monkeypatch.setattr(sr, "NODE_LIMIT", 1)
    p = build_problem(frame, capacity, forced)
    v = np.random.default_rng(0).uniform(0, 1, p.n)
    assert v[sr.Search(p, budget).solve(v)].sum() == pytest.approx(v[p.solve(v, budget)].sum())


@pytest.mark.parametrize("seed", range(0, 60, 6))
def test_warm_relaxation_matches_a_fresh_linprog(seed):
    """Re-solved from the last basis, the LP gives linprog's optimum and prices every time."""
    from scipy.optimize import linprog

    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = build_problem(frame, capacity, forced)
    if diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    relaxation = sr.Search(p, budget).relaxation
    row_ub = p.row_ub.copy()
    row_ub[0] = budget / p.cost_scale
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
