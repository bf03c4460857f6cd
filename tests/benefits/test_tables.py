"""The tables the benefits deliverable shows: escalations, the promise ledger, tracking gaps."""
from __future__ import annotations

from playbook.benefits import tables


def test_escalations_are_red_first_then_forecast_misses(acme):
    table = tables.escalations(acme)
    assert list(table["Status"][:2]) == ["Red", "Red"]
    ids = [b.split()[0] for b in table["Benefit"]]
    t = acme.table.loc[ids]
    assert ((t["rag"] == "red") | t["forecast_meets_target"].eq(False)).all()
    assert set(ids) == set(acme.table.index[(acme.table["rag"] == "red")
                                            | acme.table["forecast_meets_target"].eq(False)])
    assert table.loc[0, "Latest note"].startswith("Midlands hub go-live slipped")


def test_ledger_sums_money_per_objective(acme):
    ledger = tables.ledger(acme).set_index("Objective")
    assert list(ledger.index) == ["O1 Grow recurring revenue", "O2 Cut cost to serve",
                                  "O3 Improve on-time delivery", "O4 Raise customer satisfaction"]
    o2 = acme.table[acme.table["objective"] == "O2"]
    realised = o2["realised_money_to_date"].sum()
    planned = o2["planned_money_to_date"].sum()
    assert ledger.at["O2 Cut cost to serve", "Realised ÷ planned"] == f"{100 * realised / planned:.0f}%"
    assert ledger.at["O2 Cut cost to serve", "Benefits"] == 5
    assert ledger.at["O1 Grow recurring revenue", "KPI promised"] == "ARR 12.0 → 18.0 GBP m by Dec 2027"
    assert ledger.at["O4 Raise customer satisfaction", "Planned to date"] == "not priced"


def test_tracking_gaps_list_unowned_stale_and_unmeasured(acme):
    gaps = tables.tracking_gaps(acme).set_index("Benefit")
    assert gaps.at["B09 Complaints handling redesign", "Ready to track"] == "Missing owner"
    assert gaps.at["B07 Driver app rollout", "Action"] == "Restore the measurement"
    assert gaps.at["B10 Warehouse energy retrofit", "Evidence"] == "No actuals recorded"
