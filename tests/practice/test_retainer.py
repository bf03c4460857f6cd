"""Hours against the retainer, burn-down, meeting share and workstream split, against figures
worked by hand (the engagement of conftest.py: from Monday 2026-01-05, 10 weeks × 10 hours).

Case A, as of Sunday 2026-01-25 (three finished weeks):
  week 1: 8 Governance analysis + 4 Governance meeting  = 12  (2 over)
  week 2: 4 Benefits analysis  + 2 (no workstream) meeting = 6 (4 short)
  week 3: 8 Benefits reporting + 3 Governance meeting   = 11  (1 over)
  used 29 of an allowance of 30; no roll-over: over 2 + 1 = 3, lost 4 (> 10% of 30 = 3: under-use
  flagged, although the total is close: each week stands alone); with roll-over: balance +1,
  nothing flagged. Burn-down: remaining 100, 88, 82, 71 after weeks 0–3, planned 100, 90, 80, 70;
  mean rate 29 / 3 = 9.667 a week, projected remaining at week 10 = 71 − 7 × 9.667 = 3.333, so
  the hours last the term. Meetings 4 + 2 + 3 = 9 of 29 hours = 31.0% (> 30%); plan 0.875 h a
  week = 8.75% of 10 h, 2.625 h over three weeks. Workstreams: Governance 15 (51.7% vs 50%),
  Benefits 12 (41.4%), Not assigned 2 (6.9%).

Case B, as of Wednesday 2026-01-21 (week 3 in progress): 14, 13, then 5 on Monday of week 3.
  Over 4 + 3 + 0 = 7 > 3: over-use; week 3's shortfall is not lost yet. Rate over finished weeks
  13.5; 100 − 27 = 73 left lasts 73 / 13.5 = 5.407 weeks: the hours run out in week 7.4.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from playbook.practice import retainer

D = dt.date


def entries(rows):
    return pd.DataFrame(rows, columns=["date", "hours", "workstream", "activity"]).assign(note=None)


CASE_A = entries([
    (D(2026, 1, 5), 8, "Governance", "analysis"), (D(2026, 1, 9), 4, "Governance", "meeting"),
    (D(2026, 1, 12), 4, "Benefits", "analysis"), (D(2026, 1, 18), 2, None, "meeting"),
    (D(2026, 1, 19), 8, "Benefits", "reporting"), (D(2026, 1, 25), 3, "Governance", "meeting"),
])
CASE_B = entries([
    (D(2026, 1, 6), 14, "Governance", "analysis"), (D(2026, 1, 13), 13, "Benefits", "analysis"),
    (D(2026, 1, 19), 5, "Benefits", "coaching"),
])


def test_weekly_hours_over_and_lost_without_roll_over(client):
    terms = retainer.terms_of(client)
    table = retainer.weekly(CASE_A, terms, D(2026, 1, 25))
    assert list(table["hours"]) == [12, 6, 11]
    assert list(table["over"]) == [2, 0, 1]
    assert list(table["lost"]) == [0, 4, 0]
    assert list(table["complete"]) == [True, True, True]
    u = retainer.usage(table, terms)
    assert (u.used, u.allowance, u.contracted, u.remaining) == (29, 30, 100, 71)
    assert (u.over, u.unused, u.over_use, u.under_use) == (3, 4, False, True)
    assert u.weekly_rate == pytest.approx(29 / 3) and u.runs_out_week is None


def test_roll_over_nets_the_weeks(make_client):
    terms = retainer.terms_of(make_client(hours_roll_over=True))
    assert terms.rollover
    u = retainer.usage(retainer.weekly(CASE_A, terms, D(2026, 1, 25)), terms)
    assert (u.over, u.unused, u.over_use, u.under_use) == (0, 1, False, False)


def test_burn_down_actual_planned_and_projected(client):
    terms = retainer.terms_of(client)
    burn = retainer.burn_down(retainer.weekly(CASE_A, terms, D(2026, 1, 25)), terms)
    assert list(burn["planned"].iloc[:4]) == [100, 90, 80, 70] and burn["planned"].iloc[-1] == 0
    assert list(burn["actual"].iloc[:4]) == [100, 88, 82, 71] and burn["actual"].iloc[4:].isna().all()
    assert burn["projected"].iloc[3] == pytest.approx(71)
    assert burn["projected"].iloc[10] == pytest.approx(71 - 7 * 29 / 3)
    assert math.isnan(burn["projected"].iloc[2])


def test_over_use_and_the_week_the_hours_run_out(client):
    terms = retainer.terms_of(client)
    table = retainer.weekly(CASE_B, terms, D(2026, 1, 21))
    assert list(table["complete"]) == [True, True, False]
    u = retainer.usage(table, terms)
    assert (u.used, u.allowance, u.over, u.unused) == (32, 30, 7, 0)
    assert u.over_use and not u.under_use
    assert u.runs_out_week == pytest.approx(2 + 73 / 13.5)


def test_meeting_share_against_the_limit_and_the_plan(client):
    terms = retainer.terms_of(client)
    m = retainer.meetings(CASE_A, client.cadence, terms, weeks_elapsed=3)
    assert m.hours == 9 and m.share == pytest.approx(9 / 29) and m.over_limit
    assert retainer.planned_meeting_hours_per_week(client.cadence) == pytest.approx(0.875)
    assert m.planned_share == pytest.approx(0.0875) and m.planned_hours == pytest.approx(2.625)


def test_exactly_30_percent_meetings_is_not_over(client):
    rows = entries([(D(2026, 1, 5), 3, None, "meeting"), (D(2026, 1, 6), 7, None, "analysis")])
    assert not retainer.meetings(rows, client.cadence, retainer.terms_of(client), 1).over_limit


def test_workstreams_against_agreed_shares(client):
    table = retainer.workstreams(CASE_A, {w.name: w.share for w in client.workstreams})
    assert list(table.index) == ["Governance", "Benefits", "Not assigned"]
    assert list(table["hours"]) == [15, 12, 2]
    assert table.loc["Governance", "share"] == pytest.approx(15 / 29)
    assert table.loc["Benefits", "difference"] == pytest.approx(12 / 29 - 0.5)
    assert math.isnan(table.loc["Not assigned", "agreed_share"])


def test_no_terms_no_figures(make_client):
    assert retainer.terms_of(make_client(start=None)) is None


def test_before_the_start_there_are_no_weeks(client):
    terms = retainer.terms_of(client)
    assert retainer.weekly(CASE_A.iloc[:0], terms, D(2026, 1, 1)).empty


def test_after_the_term_weeks_stop_at_the_last(client):
    terms = retainer.terms_of(client)
    table = retainer.weekly(CASE_A, terms, D(2026, 6, 1))
    assert len(table) == 10 and table["complete"].all()
    assert retainer.usage(table, terms).unused == 4 + 10 * 7  # weeks 4–10 unused and lost
