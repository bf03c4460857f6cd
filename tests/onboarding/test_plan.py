"""The 30-60-90-day plan: the three milestones, the role's wording, dates or day offsets."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.onboarding.plan import plan_30_60_90, plan_table
from playbook.onboarding.text import span
from tests.onboarding.helpers import D, client, SCAFFOLD


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_plan_hits_the_three_milestones(role):
    start = D(2026, 9, 1)
    plan = plan_30_60_90(client(engagement={"role": role}))
    assert list(plan.columns) == ["phase", "task", "start_day", "end_day", "start", "end", "deliverable", "notebook", "check"]
    assert list(dict.fromkeys(plan["phase"])) == ["Diagnose", "Prioritise", "Prove"]
    for notebook, day in {"maturity": 30, "prioritisation": 60, "benefits": 90}.items():
        assert (plan.loc[plan["notebook"] == notebook, "end"] <= start + dt.timedelta(days=day)).any()
    workshop = plan[plan["task"].str.contains("maturity workshop")].iloc[0]
    assert workshop["phase"] == "Diagnose" and workshop["end"] <= D(2026, 10, 1)  # 1 Sep + 30 days
    assert (plan["start"] == plan["start_day"].map(lambda d: start + dt.timedelta(days=d))).all()
    assert set(plan["notebook"]) <= {"maturity", "prioritisation", "benefits", "onboarding"}


def test_cmo_plan_has_marketing_wording():
    text = " ".join(plan_30_60_90(client(engagement={"role": "cmo"}))[["task", "deliverable"]].stack())
    for phrase in ("marketing maturity workshop", "Channel and campaign portfolio prioritised",
                   "Pipeline and CAC baselines"):
        assert phrase in text


def test_plan_without_start_keeps_offsets_and_says_why():
    plan = plan_30_60_90(SCAFFOLD)
    assert plan["start"].isna().all() and plan["end"].isna().all()
    assert plan["end_day"].max() == 90
    assert "engagement.start" in plan.attrs["note"]


def test_plan_dates_are_written_short():
    assert span(D(2026, 10, 1), D(2026, 10, 8)) == "1 October to 8 October 2026"
    assert span(D(2026, 12, 28), D(2027, 1, 3)) == "28 December 2026 to 3 January 2027"
    assert plan_table(SCAFFOLD)["When"].iloc[0] == "days 0-7"
