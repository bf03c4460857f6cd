"""The tables the benefits deliverable shows: escalations, the promise ledger, tracking gaps."""
from __future__ import annotations

from playbook.benefits import tables


def test_escalations_are_tracked_benefits_off_track_worst_first(acme):
    table = tables.escalations(acme)
    ids = [b.split()[0] for b in table["Benefit"]]
    # B02 (red) and B12 (red) belong to proposals, I02 and I11: shown as such, never escalated
    assert ids == ["B04", "B11"] and list(table["Status"]) == ["Amber", "Green"]
    t = acme.tracked
    assert set(ids) == set(t.index[(t["rag"] == "red") | t["forecast_meets_target"].eq(False)])
    assert table.loc[1, "Latest note"].startswith("Insurer will not re-rate")
    assert table.loc[1, tables.SHORT] == "£55k"  # (1,905 − 1,850) × £1,000 a year


def test_benefits_of_proposals_are_listed_with_their_status_not_escalated(acme):
    waiting = tables.not_tracked(acme).set_index("Benefit")
    assert list(waiting.index) == ["B02 Depot sortation automation", "B03 Overtime during the automation changeover",
                                   "B08 Proactive delay notifications", "B12 SME e-commerce onboarding"]
    assert set(waiting["Initiative status"]) == {"a proposal, not approved"}
    # B02: (0.48 − 0.39) × 25m parcels = £2.25m a year at target; B03 is a dis-benefit, 450 h × £1,560 = −£702k
    assert waiting.at["B02 Depot sortation automation", tables.PROMISED] == "£2.2m"
    assert waiting.at["B03 Overtime during the automation changeover", tables.PROMISED] == "−£702k"
    assert waiting.at["B08 Proactive delay notifications", tables.PROMISED] == "not priced"


def test_ledger_sums_money_per_objective(acme):
    ledger = tables.ledger(acme).set_index("Objective")
    assert list(ledger.index) == ["O1 Grow recurring revenue", "O2 Cut cost to serve",
                                  "O3 Improve on-time delivery", "O4 Raise customer satisfaction"]
    o2 = acme.tracked[acme.tracked["objective"] == "O2"]
    realised = o2["realised_money_to_date"].sum()
    planned = o2["planned_money_to_date"].sum()
    assert ledger.at["O2 Cut cost to serve", "Realised ÷ planned"] == f"{100 * realised / planned:.0f}%"
    assert ledger.at["O2 Cut cost to serve", "Tracked benefits"] == 3  # B02 and B03 are a proposal's
    assert ledger.at["O1 Grow recurring revenue", "KPI promised"] == "ARR 12.0 → 18.0 GBP m by Dec 2027"
    assert ledger.at["O4 Raise customer satisfaction", tables.PLANNED] == "not priced"


def test_tracking_gaps_list_unowned_stale_and_unmeasured(acme):
    gaps = tables.tracking_gaps(acme).set_index("Benefit")
    assert gaps.at["B09 Complaints handling redesign", "Ready to track"] == "Missing owner"
    assert gaps.at["B07 Driver app rollout", "Action"] == "Restore the measurement"
    assert gaps.at["B10 Warehouse energy retrofit", "Evidence"] == "No measurement recorded"
