"""The tables the onboarding deliverable shows, with hand-worked figures."""
from __future__ import annotations

from playbook.intake.client import Client
from playbook.onboarding.tables import engagement_facts, objectives_table, resource_checklist
from tests.onboarding.helpers import D, demo


def test_engagement_facts_hand_worked():
    facts = dict(engagement_facts(demo("acme-logistics")).values)
    assert facts["Term"] == "1 September 2026 to 2 March 2027 (26 weeks)"
    assert facts["Engagement cost, one-off over the term"] == "£57k"  # 1100 × 16 / 8 × 26 = 57,200
    assert facts["Full-time alternative, same weeks"] == "£83k over the same weeks (£165k a year)"  # × 26 / 52
    # 57,200 / 82,500 = 69%; 82,500 − 57,200 = 25,300
    assert facts["Cost against a full-time hire"] == "69% of the full-time cost for 40% of its hours: a saving of £25k in total"
    # 1100 / 8 = 137.50 an hour against 165,000 / 2080 = 79.33: 1.73 times
    assert facts["Cost per hour"].startswith("£138 against £79 full-time: 1.7 times, for senior expertise")
    assert facts["Hours"] == "16 a week (0.4 of a full-time role); 416 over the term"
    assert dict(engagement_facts(demo("helix-health")).values)["Reporting line"] == "IT"


def test_objectives_table_readiness_in_words():
    table = objectives_table(demo("helix-health")).set_index("Objective")
    front_door, waits = table.loc["Deliver the digital front door"], table.loc["Reduce outpatient waiting time"]
    assert front_door["Readiness"] == "Not ready: no owner" and front_door["Owner"] == ""
    assert waits["Readiness"] == "Ready" and waits["Due"] == "31 December 2027"
    c = Client.model_validate({"client": "X", "objectives": [
        {"id": "O1", "kpi": "NPS", "unit": "points", "baseline": 10, "target": 10, "due": "2026-01-31",
         "owner": "CCO"}]})
    assert objectives_table(c, D(2026, 6, 1)).loc[0, "Readiness"] == (
        "Not ready: target equals baseline (10.0); was due 31 January 2026, before the as-of date 1 June 2026")
    assert objectives_table(c, D(2026, 6, 1)).loc[0, "Objective"] == "Objective O1"  # untitled: named by its id


def test_resource_checklist_puts_blocked_first():
    table = resource_checklist(demo("acme-logistics"))
    assert table["Status"].tolist() == ["Blocked", "Requested", "Granted", "Granted"]
    assert table.loc[0, "Item"] == "Jira read access" and table.loc[0, "Next step"] == "Escalate to the sponsor"
    assert table.loc[0, "Owner"] == "Ravi Menon (CIO)"  # the owner's title, matched to the stakeholder
