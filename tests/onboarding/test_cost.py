"""The cost case against hand-worked values: the fractional engagement against a full-time hire."""
from __future__ import annotations

import pytest

from playbook.onboarding.cost import cost_effectiveness
from tests.onboarding.helpers import client


def test_cost_effectiveness_hand_worked():
    costs = cost_effectiveness(client())
    assert costs.fractional_cost == pytest.approx(57_200)  # 1100 × 16 / 8 × 26 = 1100 × 2 × 26
    assert costs.full_time_cost_same_term == pytest.approx(82_500)  # 165,000 × 26 / 52
    assert costs.cost_ratio == pytest.approx(0.693333, abs=1e-6)  # 57,200 / 82,500
    assert costs.saving == pytest.approx(25_300)  # 82,500 − 57,200
    assert costs.fte_equivalent == pytest.approx(0.4)  # 16 / 40
    assert costs.missing == []


def test_cost_effectiveness_names_missing_inputs_and_invents_nothing():
    costs = cost_effectiveness(client(engagement={"day_rate": None, "full_time_cost": 0}))
    assert costs.missing == ["engagement.day_rate", "engagement.full_time_cost"]
    assert (costs.fractional_cost, costs.full_time_cost_same_term, costs.cost_ratio, costs.saving) == (None,) * 4
    assert costs.fte_equivalent == pytest.approx(0.4)


def test_cost_effectiveness_partial_inputs_keep_what_can_be_computed():
    costs = cost_effectiveness(client(engagement={"full_time_cost": None}))
    assert costs.fractional_cost == pytest.approx(57_200)
    assert costs.full_time_cost_same_term is None and costs.cost_ratio is None and costs.saving is None
    assert costs.missing == ["engagement.full_time_cost"]


def test_costs_is_frozen():
    with pytest.raises(AttributeError):
        cost_effectiveness(client()).saving = 0  # type: ignore[misc]


def test_the_hourly_premium_is_stated_hand_worked():
    costs = cost_effectiveness(client())
    assert costs.hourly_rate == pytest.approx(137.5)  # 1100 / 8
    assert costs.full_time_hourly_rate == pytest.approx(79.326923, abs=1e-6)  # 165,000 / (52 × 40)
    assert costs.hourly_premium == pytest.approx(1.733333, abs=1e-6)  # 137.5 / 79.33 = 0.6933 / 0.4
    assert costs.hourly_premium == pytest.approx(costs.cost_ratio / costs.fte_equivalent)


def test_no_premium_without_both_rates():
    costs = cost_effectiveness(client(engagement={"full_time_cost": None}))
    assert costs.hourly_rate == pytest.approx(137.5)
    assert costs.full_time_hourly_rate is None and costs.hourly_premium is None
