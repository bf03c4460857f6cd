"""The prioritisation executive summary for every demo client: what to fund, what it buys, the
bubble, and what the data cannot tell."""
from __future__ import annotations

import pytest

from playbook.prioritisation.findings import findings
from playbook.prioritisation.sensitivity import ON_THE_BUBBLE
from tests.prioritisation.conftest import CLIENTS


@pytest.mark.parametrize("client", CLIENTS)
def test_summary_says_what_to_fund_what_it_buys_the_bubble_and_the_limits_of_the_data(plans, client):
    plan = plans[client]
    found = findings(plan)
    assert 3 <= len(found) <= 5
    decided = "proposals" if plan.committed else "initiatives"  # with work under way, only proposals are decided
    assert found[0].startswith(f"**Fund {len(plan.selection.funded)} of the {len(plan.portfolio)} {decided}**")
    assert plan.money(plan.budget) in found[0]
    assert found[1].startswith("What it buys") and "objective" in found[1]
    bubble = (plan.sensitivity["band"] == "on the bubble").any()
    assert "robust core" in found[3] and ("on the bubble" in found[3]) == bubble
    assert found[-1].startswith("What the data cannot tell")


def test_helix_uses_slightly_inconsistent_ahp_and_names_the_judgement(plans):
    plan = plans["helix-health"]
    assert plan.method == "ahp" and 0.05 <= plan.ahp.cr <= 0.15
    assert not plan.ahp.consistent
    assert "patient_impact over financial_value" in findings(plan)[-1]
