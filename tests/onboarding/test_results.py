"""The results JSON, and a freshly scaffolded client that works everywhere without invented numbers."""
from __future__ import annotations

import json

import pytest

from playbook.intake.client import Client
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.governance import raci_issues, stakeholder_map
from playbook.onboarding.hours import cadence_calendar, meeting_load, time_allocation
from playbook.onboarding.objectives import objective_readiness
from playbook.onboarding.plan import plan_30_60_90
from playbook.onboarding.positioning import positioning
from playbook.onboarding.results import results
from tests.onboarding.helpers import D, client, SCAFFOLD, troubled


def test_results_are_json_and_carry_the_figures():
    out = results(troubled(), D(2026, 11, 1))
    assert json.loads(json.dumps(out)) == out
    assert out["fractional_cost"] == pytest.approx(28_600)  # 1100 × 8 / 8 × 26
    assert out["full_time_cost_same_term"] is None and out["cost_ratio"] is None
    assert out["meeting_load_share"] == pytest.approx(0.34375)
    assert out["raci_issues"][0].startswith("Workstream 'Portfolio governance' has 2 accountable people")
    assert out["objective_issues"] == ["'Cut cost to serve' has no baseline"]
    assert out["positioning"]["flag"] is True
    assert out["as_of"] == "2026-11-01"


def test_results_for_the_healthy_client():
    out = results(client())
    assert out["fractional_cost"] == pytest.approx(57_200)
    assert out["full_time_cost_same_term"] == pytest.approx(82_500)
    assert out["cost_ratio"] == pytest.approx(57_200 / 82_500)
    assert out["meeting_load_share"] == pytest.approx(0.0859375)
    assert out["raci_issues"] == [] and out["objective_issues"] == [] and out["must_fix"] == []
    assert (out["objectives_ready"], out["objectives_total"]) == (1, 1)


def test_scaffold_works_everywhere_without_inventing_numbers():
    costs = cost_effectiveness(SCAFFOLD)
    assert costs.fractional_cost is None and len(costs.missing) == 4
    assert time_allocation(SCAFFOLD).empty
    assert meeting_load(SCAFFOLD).share is None
    assert objective_readiness(SCAFFOLD).empty
    assert cadence_calendar(SCAFFOLD).empty
    assert stakeholder_map(SCAFFOLD).empty
    assert len(plan_30_60_90(SCAFFOLD)) > 0
    assert raci_issues(SCAFFOLD) == [
        "No workstreams or RACI agreed yet: nobody is accountable (A) for any part of the engagement"]
    out = results(SCAFFOLD)
    assert json.loads(json.dumps(out)) == out
    assert [out[k] for k in ("fractional_cost", "full_time_cost_same_term", "cost_ratio",
                             "meeting_load_share")] == [None] * 4
    assert 3 <= len(out["must_fix"]) <= 5
    assert out["must_fix"][-1].startswith("The cost case cannot be made until the day rate")


def test_scaffold_cmo_works():
    cmo = Client.model_validate({"client": "X", "engagement": {"role": "cmo"}})
    assert results(cmo)["role"] == "cmo"
    assert "marketing" in positioning(cmo).reasons[0]
