"""The tables the onboarding deliverable shows, with hand-worked figures."""
from __future__ import annotations

from playbook.intake.client import Client
from playbook.onboarding.tables import engagement_facts, objectives_table, resource_checklist
from tests.onboarding.helpers import D, demo


def test_engagement_facts_hand_worked():
    facts = dict(engagement_facts(demo("acme-logistics")).values)
    assert facts["Term"] == "1 Sep 2026 to 2 Mar 2027 (26 weeks)"
    assert facts["Engagement cost"] == "GBP 57,200"  # 1100 × 16 / 8 × 26
    assert facts["Cost ratio"] == "69% of the full-time cost: a saving of GBP 25,300"  # 165,000 × 26 / 52 = 82,500
    assert facts["Hours"] == "16 a week (0.40 of a full-time role); 416 over the term"
    assert dict(engagement_facts(demo("helix-health")).values)["Reporting line"] == "IT"


def test_objectives_table_readiness_in_words():
    table = objectives_table(demo("helix-health")).set_index("ID")
    assert table.loc["O3", "Readiness"] == "Not ready: no owner" and table.loc["O3", "Owner"] == ""
    assert table.loc["O1", "Readiness"] == "Ready" and table.loc["O1", "Due"] == "31 Dec 2027"
    c = Client.model_validate({"client": "X", "objectives": [
        {"id": "O1", "kpi": "NPS", "unit": "points", "baseline": 10, "target": 10, "due": "2026-01-31",
         "owner": "CCO"}]})
    assert objectives_table(c, D(2026, 6, 1)).loc[0, "Readiness"] == (
        "Not ready: target equals baseline (10.0); was due 2026-01-31, before the as-of date 2026-06-01")


def test_resource_checklist_puts_blocked_first():
    table = resource_checklist(demo("acme-logistics"))
    assert table["Status"].tolist() == ["Blocked", "Requested", "Granted", "Granted"]
    assert table.loc[0, "Item"] == "Jira read access" and table.loc[0, "Next step"] == "Escalate to the sponsor"
