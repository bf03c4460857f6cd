"""The Monte Carlo forecast: reproducible by seed, equal to the deterministic forecast without
uncertainty, and moved by risks by the amounts their estimates imply."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from playbook.delivery import forecast as fc
from playbook.delivery.earned_value import snapshot
from playbook.delivery.records import Baseline, Report

D = dt.date
A = Baseline("A", "Midpoint project", 100_000, D(2026, 1, 1), D(2026, 10, 28))
SNAP = snapshot(A, Report("A", D(2026, 5, 31), 40, 50_000))  # CPI 0.8, SPI(t) 0.8 (see test_earned_value)
RISKS = [fc.RiskImpact("R1", 0.5, (5_000, 10_000, 30_000), (10, 20, 60)),
         fc.RiskImpact("R2", 0.3, (1_000, 2_000, 4_000), None)]


def test_reproducible_with_its_seed():
    one = fc.simulate(A, SNAP, RISKS, draws=2000, seed=7)
    assert one == fc.simulate(A, SNAP, RISKS, draws=2000, seed=7)
    assert one != fc.simulate(A, SNAP, RISKS, draws=2000, seed=8)


def test_no_risk_and_no_variance_gives_the_deterministic_forecast():
    silent = [fc.RiskImpact(r.id, 0.0, r.cost, r.days) for r in RISKS]
    f = fc.simulate(A, SNAP, silent, draws=1000, sigma=0.0)
    assert f.p50_finish == SNAP.forecast_finish(A.start) == D(2027, 1, 11)  # start + IEAC(t) = 375 days
    assert f.p50_cost == pytest.approx(SNAP.eac) == 125_000  # BAC / CPI
    assert f.p80_finish == f.p50_finish and f.p80_cost == pytest.approx(f.p50_cost)
    assert f.p_on_time == 0.0  # 375 days against a baseline of 300


def test_a_certain_fixed_risk_shifts_the_forecast_by_its_impact():
    certain = [fc.RiskImpact("R", 1.0, (7_000, 7_000, 7_000), (5, 5, 5))]
    f = fc.simulate(A, SNAP, certain, draws=500, sigma=0.0)
    assert f.p50_finish == D(2027, 1, 16)
    assert f.p50_cost == pytest.approx(132_000)


def test_not_started_work_is_forecast_from_its_baseline():
    f = fc.simulate(A, None, [], draws=500, sigma=0.0, as_of=D(2025, 11, 1))
    assert (f.p50_finish, f.p50_cost, f.p_on_time) == (A.finish, A.bac, 1.0)


def test_variance_and_risks_widen_the_spread_and_lower_the_chance():
    f = fc.simulate(A, SNAP, RISKS, draws=4000)
    assert f.p80_finish > f.p50_finish and f.p80_cost > f.p50_cost
    on_track = snapshot(A, Report("A", D(2026, 5, 31), 50, 50_000))  # CPI 1, SPI(t) 1
    g = fc.simulate(A, on_track, [], draws=4000)
    assert 0.35 < g.p_on_time < 0.65  # median on the baseline date: about half the draws are late
    assert fc.simulate(A, on_track, RISKS, draws=4000).p_on_time < g.p_on_time


def test_pert_matches_its_mean_and_bounds():
    rng = np.random.default_rng(1)
    x = fc.pert(rng, (10, 20, 60), 200_000)
    assert x.min() >= 10 and x.max() <= 60
    assert x.mean() == pytest.approx((10 + 4 * 20 + 60) / 6, rel=0.01)  # 25


def test_probability_mapping_is_stated_and_monotone():
    assert [fc.probability_of(s) for s in range(1, 6)] == [0.1, 0.3, 0.5, 0.7, 0.9]


def test_each_initiative_has_its_own_stream():
    other = Baseline("Z", "Other", 100_000, D(2026, 1, 1), D(2026, 10, 28))
    first = fc.simulate(A, SNAP, RISKS, draws=1000, seed=3)
    fc.simulate(other, None, RISKS, draws=1000, seed=3)
    assert fc.simulate(A, SNAP, RISKS, draws=1000, seed=3) == first
