"""Monte Carlo sensitivity: reproducible, banded by its probabilities, and exact without noise."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation import sensitivity as sens
from playbook.prioritisation.scoring import WSJF_COLUMNS, Criterion, weighted_scores, wsjf_scores
from playbook.prioritisation.selection import NO_SELECTION, select
from playbook.prioritisation.results import share_text
from playbook.prioritisation.sensitivity import noisy_ratings, sensitivity
from playbook.prioritisation.solver import Clock
from tests.prioritisation.cases import portfolio, random_portfolio

CRITERIA = [Criterion("fit", 0.4), Criterion("value", 0.4), Criterion("risk", 0.2, lower_is_better=True)]


def sensitivity_case() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = [
        {"id": "STAR", "cost": 50_000.0, "fit": 5, "value": 5, "risk": 1},  # best on every rating, cheapest
        {"id": "DUD", "cost": 900_000.0, "fit": 1, "value": 1, "risk": 5},  # worst on every rating, dearest
    ]
    for i in range(10):
        rows.append({"id": f"M{i}", "cost": float(rng.integers(2, 9) * 50_000),
                     "fit": int(rng.integers(2, 5)), "value": int(rng.integers(2, 5)), "risk": int(rng.integers(2, 5))})
    return portfolio(rows)


def test_sensitivity_is_reproducible_and_bands_follow_the_probabilities():
    frame = sensitivity_case()
    budget = float(frame["cost"].sum() * 0.4)
    first = sensitivity(frame, CRITERIA, budget, draws=200, seed=7)
    again = sensitivity(frame, CRITERIA, budget, draws=200, seed=7)
    pd.testing.assert_frame_equal(first, again)
    p = first["p_funded"]
    assert ((p >= 0) & (p <= 1)).all()
    assert (p * 200).round(9).eq((p * 200).round()).all()  # a count of draws
    assert first.at["STAR", "band"] == sens.ROBUST_CORE and p["STAR"] >= 0.9
    assert first.at["DUD", "band"] == sens.OUT and p["DUD"] <= 0.1
    expected = np.where(p >= 0.9, sens.ROBUST_CORE, np.where(p <= 0.1, sens.OUT, sens.ON_THE_BUBBLE))
    assert first["band"].tolist() == expected.tolist()
    assert (first["band"] == sens.ON_THE_BUBBLE).any()  # the noise does move the middle


def test_sensitivity_without_noise_reproduces_the_selection():
    """With every draw at the agreed weights (huge concentration) and ratings that the ±1 noise
    cannot reorder (5 points apart), each draw must fund exactly what `select` funds."""
    frame = portfolio([
        {"id": i, "cost": c, "fit": f, "value": f, "risk": 0}
        for i, c, f in (("A", 100.0, 20), ("B", 100.0, 15), ("C", 100.0, 10), ("D", 100.0, 5), ("E", 100.0, 0))
    ])
    chosen = select(frame, weighted_scores(frame, CRITERIA), 300)
    result = sensitivity(frame, CRITERIA, 300, draws=50, concentration=1e9)
    assert set(result.index[result["p_funded"] == 1.0]) == set(chosen.funded) == {"A", "B", "C"}
    assert (result.loc[["D", "E"], "p_funded"] == 0.0).all()


def test_sensitivity_of_an_infeasible_portfolio_is_nan_not_an_error():
    frame = portfolio([{"id": "M", "cost": 10.0, "fit": 1, "value": 1, "risk": 1, "mandatory": True}])
    result = sensitivity(frame, CRITERIA, 5, draws=10)
    assert result["p_funded"].isna().all()
    assert result["band"].tolist() == [NO_SELECTION]


def test_frontier_and_sensitivity_on_a_demo_sized_portfolio_are_quick():
    import time

    frame, budget, capacity, forced = random_portfolio(7, n=40)
    frame[["fit", "value"]] = np.random.default_rng(7).integers(1, 6, (40, 2)).astype(float)
    criteria = [Criterion("fit", 0.6), Criterion("value", 0.4)]
    start = time.perf_counter()
    sensitivity(frame, criteria, budget, capacity, forced, draws=500)
    assert time.perf_counter() - start < 20  # ~1–2 s on one core; generous for a loaded CI machine


def test_wsjf_sensitivity_perturbs_the_wsjf_ratings():
    frame, budget, capacity, _ = random_portfolio(5, n=20)
    rng = np.random.default_rng(5)
    for col in WSJF_COLUMNS:
        frame[col] = rng.choice([1, 2, 3, 5, 8, 13, 20], len(frame)).astype(float)
    result = sensitivity(frame, [], budget, capacity, draws=100, method="wsjf")
    base = set(select(frame, wsjf_scores(frame), budget, capacity).funded)
    assert result.loc[sorted(base), "p_funded"].mean() > result.drop(sorted(base))["p_funded"].mean()
    assert result["p_funded"].between(0, 1).all()


def test_rating_noise_stays_within_the_rating_scale_not_the_ratings_given():
    """Issue 12, item 8: the noise was clipped to the range each criterion was rated on, so the
    best-rated initiative (4 here, on a 1-5 scale) could only move down. Now it moves both ways,
    up to the scale's 5; a stated scale is used, and widened to a rating given outside it."""
    raw = np.array([[4.0, 9.0], [2.0, 3.0], [1.0, 0.0]])
    criteria = [Criterion("fit", 1.0), Criterion("x", 1.0, scale=(1.0, 7.0))]
    drawn = noisy_ratings(raw, criteria, np.random.default_rng(1), 4000)
    assert drawn[:, 0, 0].max() > 4.9 and drawn[:, 0, 0].min() < 3.1  # both ways from 4
    assert abs(drawn[:, 0, 0].mean() - 4.0) < 0.03  # symmetric: no drift from one-sided clipping
    assert drawn[:, :, 0].min() >= 1.0 and drawn[:, :, 0].max() <= 5.0  # the 1-5 scale
    assert drawn[:, :, 1].min() >= 0.0 and drawn[:, :, 1].max() <= 9.0  # 1-7 widened to the 0 and 9 given
    assert drawn[:, 2, 0].min() == 1.0 and drawn[:, 2, 0].max() <= 2.0  # the bottom of the scale holds


def test_every_share_carries_its_sampling_error():
    frame = sensitivity_case()
    result = sensitivity(frame, CRITERIA, float(frame["cost"].sum() * 0.4), draws=200, seed=7)
    p = result["p_funded"]
    assert result["se"].tolist() == pytest.approx(np.sqrt(p * (1 - p) / 200).tolist())
    assert result.attrs["draws"] == result.attrs["requested"] == 200
    assert share_text(0.9, np.sqrt(0.9 * 0.1 / 500)) == "90% ± 1.3"  # the example, at 500 draws


def test_a_criterion_everyone_rated_the_same_stays_out_of_the_draws():
    """It contributes nothing to the scores, so the draws must not bring it back as noise: with
    the constant criterion the shares are those without it."""
    frame = sensitivity_case()
    frame["same"] = 3.0
    budget = float(frame["cost"].sum() * 0.4)
    with_it = sensitivity(frame, CRITERIA + [Criterion("same", 0.5)], budget, draws=100, seed=3)
    without = sensitivity(frame, CRITERIA, budget, draws=100, seed=3)
    assert (with_it["band"] == without["band"]).mean() >= 0.9
    assert (with_it["p_funded"] - without["p_funded"]).abs().max() <= 0.15


def test_the_time_limit_stops_the_draws_and_says_how_many_ran():
    frame = sensitivity_case()
    result = sensitivity(frame, CRITERIA, float(frame["cost"].sum() * 0.4), draws=200, clock=Clock(0.0))
    assert result.attrs["draws"] == 0 and result.attrs["requested"] == 200 and result["p_funded"].isna().all()
    assert (result["band"] == sens.NOT_TESTED).all()
