"""The least-squares forecast at due and its prediction interval, against hand-worked values."""
from __future__ import annotations

import math

import pytest

from tests.benefits.helpers import day, benefit, flag, one


def test_forecast_on_exact_linear_data_is_the_line_at_due():
    # y = 5 + 0.8 × day on days 0..40 → at due (day 100): 5 + 80 = 85; no scatter, so the
    # interval collapses onto the point and contains it. 85 < target 100 → misses.
    row = one(benefit(), *((n, 5 + 0.8 * n) for n in (0, 10, 20, 30, 40)), as_of=day(40))
    assert row.forecast_at_due == pytest.approx(85.0)
    assert row.forecast_low <= row.forecast_at_due <= row.forecast_high
    assert row.forecast_low == pytest.approx(85.0) and row.forecast_high == pytest.approx(85.0)
    assert flag(row.forecast_meets_target) is False


def test_forecast_uses_only_the_newest_points():
    # Two early readings off the line, then six on y = 2 × day from day 20: the last six alone
    # give 2 × 100 = 200 at due.
    points = [(0, 50.0), (10, 50.0)] + [(n, 2.0 * n) for n in (20, 30, 40, 50, 60, 70)]
    row = one(benefit(), *points, as_of=day(70))
    assert row.forecast_at_due == pytest.approx(200.0)
    # With all eight the line would be pulled off 200.
    eight = one(benefit(), *points, as_of=day(70), forecast_points=8)
    assert eight.forecast_at_due != pytest.approx(200.0)


def test_forecast_interval_by_hand():
    # x = 0, 10, 20 days; y = 0, 12, 18. x̄ = 10, Sxx = 200, ȳ = 10,
    # Sxy = (−10)(−10) + 0(2) + 10(8) = 180 → slope 0.9, intercept 10 − 9 = 1.
    # Fitted 1, 10, 19; residuals −1, 2, −1; SSE 6; s² = 6/(3 − 2) = 6.
    # At due, x = 100: ŷ = 1 + 90 = 91;
    # se = √(6 × (1 + 1/3 + (100 − 10)²/200)) = √(6 × 41.8333) = √251.
    # t(0.95, 1 df) is the Cauchy quantile tan(0.45π) = 6.3138 → half-width ≈ 100.03.
    half = math.tan(0.45 * math.pi) * math.sqrt(251)
    row = one(benefit(), (0, 0.0), (10, 12.0), (20, 18.0), as_of=day(20))
    assert row.forecast_at_due == pytest.approx(91.0)
    assert row.forecast_low == pytest.approx(91.0 - half)
    assert row.forecast_high == pytest.approx(91.0 + half)
    assert flag(row.forecast_meets_target) is False


def test_two_points_give_a_point_forecast_without_interval_and_one_gives_none():
    two = one(benefit(), (0, 0.0), (50, 60.0), as_of=day(50))   # slope 1.2 → 120 at due
    assert two.forecast_at_due == pytest.approx(120.0)
    assert math.isnan(two.forecast_low) and math.isnan(two.forecast_high)
    assert flag(two.forecast_meets_target) is True    # 120 ≥ 100
    single = one(benefit(), (50, 60.0), as_of=day(50))
    assert math.isnan(single.forecast_at_due) and single.forecast_meets_target is None


@pytest.mark.parametrize("b, slope, meets", [
    (benefit(), 1.2, True),                                               # 120 ≥ 100
    (benefit(), 0.8, False),                                              # 80 < 100
    (benefit(direction="decrease", baseline=50.0, target=30.0), -0.25, True),   # 25 ≤ 30
    (benefit(direction="decrease", baseline=50.0, target=30.0), -0.1, False),   # 40 > 30
    (benefit(kind="dis-benefit", baseline=100.0, target=150.0), 0.4, True),     # harm 140 ≤ 150
    (benefit(kind="dis-benefit", baseline=100.0, target=150.0), 0.6, False),    # harm 160 > 150
])
def test_forecast_meets_target_in_both_directions_and_for_dis_benefits(b, slope, meets):
    base = b["baseline"]
    row = one(b, *((n, base + slope * n) for n in (0, 20, 40)), as_of=day(40))
    assert row.forecast_at_due == pytest.approx(base + slope * 100)
    assert flag(row.forecast_meets_target) is meets


def test_forecast_exactly_on_target_meets_it():
    row = one(benefit(), *((n, 1.0 * n) for n in (0, 10, 20)), as_of=day(20))   # 100 at due
    assert flag(row.forecast_meets_target) is True
