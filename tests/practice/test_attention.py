"""The attention list: items from results JSON and practice figures, worst first, with links."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from playbook.practice import attention, review
from playbook.practice.attention import Item, Severity

BENEFITS = {"benefits": {
    "B1": {"name": "Route optimisation", "rag": "red", "realisation_pct": 40.0, "stale": True},
    "B2": {"name": "Fewer returns", "rag": "red", "realisation_pct": 80.0},
    "B3": {"name": "Faster invoicing", "rag": "amber", "forecast_meets_target": False},
    "B4": {"name": "On target", "rag": "green", "forecast_meets_target": True},
}}


def test_ordered_worst_first_then_magnitude_then_client():
    items = [Item(Severity.LOW, "a", "Alpha", "stale-data", "x", None),
             Item(Severity.HIGH, "b", "Beta", "k", "small", None, 0.1),
             Item(Severity.CRITICAL, "c", "Gamma", "k", "c", None),
             Item(Severity.HIGH, "a", "Alpha", "k", "big", None, 0.9),
             Item(Severity.HIGH, "a", "alpha", "k", "tie", None, 0.1)]
    assert [i.what for i in attention.ordered(items)] == ["c", "big", "tie", "small", "x"]


def test_every_red_benefit_with_its_link_the_worst_first():
    items = attention.ordered(attention.from_results("acme", "Acme", {"benefits": BENEFITS}))
    assert [i.kind for i in items] == ["benefit-red", "benefit-red", "benefit-forecast-miss", "stale-data"]
    assert items[0].what == "Benefit B1 Route optimisation is red (40% of plan to date)."
    assert all(i.link == "acme/benefits.html" for i in items)


def test_maturity_prioritisation_and_delivery_items():
    results = {
        "maturity": {"dimensions": {"governance": {"low_agreement": True}, "risk": {"low_agreement": False}}},
        "prioritisation": {"infeasible": True, "infeasible_reason": "committed work exceeds the budget"},
        "delivery": {"initiatives": {"I1": {"cpi": 0.8, "spi_t": 1.0}, "I2": {"cpi": 1.0, "spi_t": 1.0},
                                     "I3": {"watermelon": True},
                                     "I4": {"warnings": ["newest status report is 70 days old (01 Sep 2026; "
                                                         "reports are due every 30 days)"]}}},
    }
    items = attention.ordered(attention.from_results("acme", "Acme", results))
    assert [(i.severity, i.kind) for i in items] == [
        (Severity.CRITICAL, "portfolio-infeasible"), (Severity.HIGH, "initiative-late-or-over"),
        (Severity.HIGH, "initiative-late-or-over"), (Severity.MEDIUM, "maturity-contested"),
        (Severity.LOW, "stale-data")]
    assert items[-1].what == "Status reports are out of date for 1 initiative (I4)."
    assert "I1" in items[1].what and "CPI 0.80" in items[1].what and items[1].link == "acme/delivery.html"


def test_practice_items_from_review_figures(client):
    D = dt.date
    entries = pd.DataFrame([(D(2026, 1, 6), 14.0, None, "meeting", None, 1),
                            (D(2026, 1, 13), 13.0, None, "analysis", None, 2)],
                           columns=["date", "hours", "workstream", "activity", "note", "row"])
    votes = pd.DataFrame([(D(2026, 1, 9), "A", "CEO", s, None, r) for r, s in ((1, 10), (2, 8), (3, 5))],
                         columns=["date", "respondent", "role", "score", "comment", "round"])
    figures = review.results(review.assess(client, entries, votes, D(2026, 1, 20)))
    kinds = {i.kind: i for i in attention.from_practice("t", "Test Co", figures, "t/onboarding.html")}
    assert set(kinds) == {"retainer-over-use", "meeting-overload", "feedback-falling"}
    assert kinds["retainer-over-use"].what == "Retainer over-used: 27 hours against 30 allowed to date (7 over, 23%)."
    assert kinds["meeting-overload"].what == "Meetings take 52% of the hours (limit 30%)."
    assert kinds["feedback-falling"].what == "Client feedback fell two rounds running (NPS +100 → +0 → -100)."
    assert kinds["feedback-falling"].weight == 2.0
    assert all(i.link == "t/onboarding.html" for i in kinds.values())
    # a month later nothing more was logged: weeks 3–6 finished empty (4 × 10 lost; week 7 still runs)
    later = review.results(review.assess(client, entries, votes, D(2026, 2, 20)))
    kinds = {i.kind: i for i in attention.from_practice("t", "Test Co", later, "t/onboarding.html")}
    assert {"retainer-under-use", "feedback-overdue", "stale-data"} <= set(kinds)
    assert kinds["retainer-under-use"].what == "Retainer under-used: 40 hours lost so far."
    assert kinds["feedback-overdue"].what == "No feedback asked since 2026-01-09 (due every 4 weeks)."
    assert kinds["stale-data"].what == "No hours logged in timesheet.csv since 2026-01-13."


def test_failed_runs_are_items():
    [item] = attention.from_failures("acme", "Acme", {"maturity": "cell 3: KeyError"})
    assert item.severity == Severity.HIGH and item.link == "acme/maturity.html"
