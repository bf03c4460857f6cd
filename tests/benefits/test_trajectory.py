"""The planned trajectory against hand-worked values. Benefits run over 100 days from START, so
"day n" is n% of the way to due: planned(day n) = baseline + n/100 × (target − baseline)."""
from __future__ import annotations

import pytest

from playbook.benefits.trajectory import planned_value
from tests.benefits.helpers import START, DUE, day, benefit


def test_linear_plan_runs_from_baseline_at_start_to_target_at_due():
    b = benefit(baseline=20.0, target=120.0)
    assert planned_value(b, day(-5)) == 20.0      # before start: baseline
    assert planned_value(b, START) == 20.0
    assert planned_value(b, day(25)) == 45.0      # 20 + 25/100 × 100
    assert planned_value(b, DUE) == 120.0
    assert planned_value(b, day(130)) == 120.0    # after due: target


def test_decrease_plan_falls():
    b = benefit(direction="decrease", baseline=50.0, target=30.0)
    assert planned_value(b, day(50)) == 40.0      # 50 + 0.5 × (30 − 50)


def test_s_curve_is_smoothstep_with_the_same_endpoints():
    b = benefit(profile="s-curve")
    assert planned_value(b, START) == 0.0
    assert planned_value(b, DUE) == 100.0
    assert planned_value(b, day(50)) == pytest.approx(50.0)     # 3(.5)² − 2(.5)³ = .75 − .25 = .5
    assert planned_value(b, day(25)) == pytest.approx(15.625)   # 3(.0625) − 2(.015625) = .15625
