"""Whether each objective can measure success, and the role's suggested KPIs."""
from __future__ import annotations

import pytest

from playbook.onboarding.objectives import objective_issues, objective_readiness, suggested_kpis
from tests.onboarding.helpers import D, client, OBJECTIVES


def test_objective_issues_name_the_objective_and_the_gap():
    assert objective_issues(client(objectives=OBJECTIVES), D(2026, 11, 1)) == [
        "'Cut cost to serve' has no baseline",  # named as executives name it: by its title
        "Objective O3 target equals baseline (12.0)",  # untitled: only then by its id
        "'Faster decisions' has no KPI, unit or owner",
        "'Faster decisions' was due 30 June 2026, before the as-of date 1 November 2026",
    ]


def test_objective_readiness_table():
    table = objective_readiness(client(objectives=OBJECTIVES), D(2026, 11, 1)).set_index("id")
    assert list(table.columns) == ["title", "kpi", "unit", "baseline", "target", "due", "owner",
                                   "ready", "missing", "issues"]
    assert table["ready"].tolist() == [True, False, False, False]
    assert table.loc["O2", "missing"] == ["baseline"]
    assert table.loc["O3", "missing"] == []
    assert table.loc["O4", "missing"] == ["kpi", "unit", "owner"]


def test_past_due_check_uses_client_as_of_and_is_skipped_without_one():
    late = [OBJECTIVES[0] | {"due": "2026-06-30"}]
    assert objective_issues(client(objectives=late)) == [
        "'Grow recurring revenue' was due 30 June 2026, before the as-of date 1 November 2026"]
    assert objective_issues(client(objectives=late, as_of=None)) == []


def test_no_objectives_is_said_plainly():
    assert objective_issues(client(objectives=[])) == [
        "No objectives agreed yet: there is nothing to measure the engagement's success against"]


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_suggested_kpis(role):
    kpis = suggested_kpis(client(engagement={"role": role}))
    assert list(kpis.columns) == ["kpi", "unit", "why"] and len(kpis) >= 3
    assert kpis.notna().all().all()
    if role == "cmo":
        assert kpis["kpi"].str.contains("CAC").any()
