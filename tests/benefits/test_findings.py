"""The benefits deliverable's findings, on demo data that shows every case the deliverable must handle."""
from __future__ import annotations

import re

import pytest

from playbook.benefits.findings import findings
from tests.benefits.helpers import CLIENTS, review_of


@pytest.mark.parametrize("client", CLIENTS)
def test_demo_covers_every_case(client):
    r = review_of(client)
    t, b = r.table, r.benefits
    assert set(b["direction"]) == {"increase", "decrease"}
    assert "dis-benefit" in set(b["kind"])
    assert {"green", "amber", "red", "no-data"} <= set(t["rag"])
    assert t["stale"].any() and t["no_actuals"].any() and (~t["ready"]).any()
    assert b["value_per_unit"].notna().sum() >= len(b) * 0.6
    assert set(t["objective"]) <= {o.id for o in r.objectives}
    for bid in t.index[~t["no_actuals"]]:
        months = {(d.year, d.month) for d in r.actuals.loc[r.actuals["benefit"] == bid, "date"]}
        assert 6 <= len(months) <= 18, (client, bid)


@pytest.mark.parametrize("client", CLIENTS)
def test_findings_are_three_to_five_with_numbers(client):
    items = findings(review_of(client))
    assert 3 <= len(items) <= 5
    assert re.search(r"[£€$][\d.]+m of the [£€$][\d.]+m of value planned to date is realised \(\d+%\)", items[0])
    assert all(re.search(r"\d", i) for i in items)
    assert items[-1].startswith("**Decisions needed:**")


def test_findings_name_red_benefits_with_owners(acme):
    at_risk = findings(acme)[1]
    assert "2 of 12 benefits are red" in at_risk
    assert "Depot sortation automation (Mark Owens, 57% of plan)" in at_risk
