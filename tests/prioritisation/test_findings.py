"""The summary's shared sentences and the summary when no funding line can be drawn; the summary
of a plan that can be funded is tested in test_board."""
from __future__ import annotations

from playbook.prioritisation.findings import cannot_tell, committed_sentence, findings


def test_a_fundable_plan_is_left_to_the_decision_page(plans):
    assert findings(plans["acme-logistics"]) == []


def test_what_the_data_cannot_tell_names_criteria_as_the_client_does(plans):
    plan = plans["acme-logistics"]
    text = cannot_tell(plan)
    assert text.startswith("What the data cannot tell") and "_" not in text


def test_work_under_way_is_counted_with_its_busiest_month(plans):
    text = committed_sentence(plans["helix-health"])
    assert text.startswith("Work already under way (7 approved or in-flight initiatives) takes $1.3m of the $6.0m budget")
    assert "18.5 of the 34 FTE in Digital" in text
