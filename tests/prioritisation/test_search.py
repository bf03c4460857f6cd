"""The branch and bound must return the same optimum as HiGHS' milp, every time, including when
it gives up and hands over."""
from __future__ import annotations

import numpy as np
import pytest

from playbook.prioritisation import search as sr
from playbook.prioritisation.problem import build_problem
from playbook.prioritisation.selection import diagnose
from playbook.prioritisation.solver import Clock, Resolver, with_highs
from tests.prioritisation.cases import random_portfolio


@pytest.mark.parametrize("seed", range(60))
def test_search_equals_highs_on_random_portfolios(seed):
    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = build_problem(frame, capacity, forced)
    if diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    search = sr.Search(p, budget)
    rng = np.random.default_rng(1000 + seed)
    for _ in range(4):  # several value vectors, so the pool and the fixings are exercised too
        v = rng.uniform(0, 1, p.n) * (rng.random(p.n) > 0.1)
        exact = with_highs(p, v, budget, Clock(60), None, ties=False)
        found = search.best(v)
        assert found.finished and exact.proven
        assert v[found.mask].sum() == pytest.approx(v[exact.mask].sum(), abs=1e-9)
        assert p.breaks(found.mask, budget) == []
        assert p.cost[found.mask].sum() <= budget
        assert np.all(p.fte[found.mask].sum(axis=0) <= p.capacity + 1e-9)
        assert all(found.mask[j] for i in np.flatnonzero(found.mask) for j in p.prereqs[i])
        assert not any(found.mask[i] and found.mask[j] for i, j in p.exclusive)
        assert found.mask[p.mandatory].all() and not found.mask[p.forced_out].any()


def test_a_search_that_gives_up_says_so_and_highs_finishes_the_job(monkeypatch):
    frame, budget, capacity, forced = random_portfolio(4, n=40)
    monkeypatch.setattr(sr, "NODE_LIMIT", 1)
    p = build_problem(frame, capacity, forced)
    v = np.random.default_rng(0).uniform(0, 1, p.n)
    found = sr.Search(p, budget).best(v)
    assert not found.finished and p.breaks(found.mask, budget) == []
    assert found.bound >= v[found.mask].sum()
    resolver = Resolver(p, budget)
    exact = with_highs(p, v, budget, Clock(60), None, ties=False)
    assert v[resolver.solve(v, Clock(60))].sum() == pytest.approx(v[exact.mask].sum())
    assert resolver.unproven == 0  # HiGHS proved it within the limit


@pytest.mark.parametrize("seed", range(0, 60, 6))
def test_warm_relaxation_matches_a_fresh_linprog(seed):
    """Re-solved from the last basis, the LP gives linprog's optimum and prices every time."""
    from scipy.optimize import linprog

    frame, budget, capacity, forced = random_portfolio(seed, n=12 + seed % 30)
    p = build_problem(frame, capacity, forced)
    if diagnose(p, budget):
        pytest.skip("infeasible draw: the search is never asked")
    relaxation = sr.Search(p, budget).relaxation
    row_ub = p.row_bounds(budget)
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
