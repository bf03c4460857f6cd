"""The benefits deliverable's findings, on demo data that shows every case the deliverable must handle."""
from __future__ import annotations

import re

import pytest

from playbook.benefits.findings import decisions, findings, governing_thought, sponsor_name
from playbook.benefits.text import top_words
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
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
def test_findings_are_three_to_five_with_numbers_and_money_says_its_basis(client):
    r = review_of(client)
    items = findings(r)
    assert 3 <= len(items) <= 5
    assert all(re.search(r"\d", i) for i in items)
    money = [m for i in items for m in re.findall(r"[£€$][\d.,]+[mk]?(?: a year)?", i)]
    assert money and all(m.endswith(" a year") for m in money), money  # every figure an annual run-rate
    assert not any("cumulative" in i.lower() for i in items)
    assert re.search(r"[£€$][\d.]+m a year of the [£€$][\d.]+m a year of value planned by now is realised "
                     r"\(\d+%\)", " ".join(items))
    thought = governing_thought(r)
    assert re.fullmatch(r"[^.]+(\.\d[^.]*)*\.", thought) and "a year" in thought  # one sentence


@pytest.mark.parametrize("client", CLIENTS)
def test_decisions_name_who_decides_and_by_when(client):
    r = review_of(client)
    asked = decisions(r, sponsor_name(load_client(DEFAULT_DATA_DIR / client)))
    assert 1 <= len(asked) <= 4
    sponsor = load_client(DEFAULT_DATA_DIR / client).sponsor.name
    assert all(d.who.startswith(sponsor) and re.match(r"\d{1,2} \w+ 2026", d.by) for d in asked)
    # no benefit of work that is not under way is asked to recover
    recover = next((d.what for d in asked if d.what.startswith("Approve a recovery plan")), "")
    assert not any(name in recover for name in r.untracked["name"])


def test_acme_leads_with_what_needs_a_decision(acme):
    items = findings(acme)
    # no tracked benefit is red, so the forecast misses lead; B02 Depot sortation (red, a proposal) is not among them
    assert items[0].startswith("**On the trend of their recent measurements, 2 benefits will miss their target")
    assert "Depot sortation automation" not in " ".join(items[:4])
    assert items[-1].startswith("4 benefits belong to work that is not under way (a proposal)")
    assert "Yet all 4 are being measured: confirm whether the work is approved" in items[-1]
    assert governing_thought(acme) == (
        "Benefits of work under way are running at £4.4m a year against £4.9m a year planned by now (91%); "
        "2 of 8 need a recovery decision, led by Customer self-service portal forecast to end £161k a year short.")
    [recover, owner, measure, confirm] = decisions(acme, "Dana Lee (Chief Strategy Officer)")
    assert recover.what == "Approve a recovery plan or a new baseline for Customer self-service portal and " \
                           "Telematics insurance discount"
    assert recover.by == "24 November 2026 (Steering committee)"
    assert owner.what == "Name an owner for Complaints handling redesign"


def test_a_long_list_names_the_worst_three_and_counts_the_rest():
    assert top_words(["A", "B", "C", "D", "E", "F", "G", "H"]) == "A, B, C and 5 more"
    assert top_words(["A", "B", "C", "D"]) == "A, B, C and D"  # "and 1 more" would save nothing
    assert top_words(["A"]) == "A"
