"""Hours per workstream, the meeting load and the meeting calendar against hand-worked values.
A month is 52/12 = 4.3333 weeks throughout."""
from __future__ import annotations

import pytest

from playbook.onboarding.hours import cadence_calendar, meeting_load, time_allocation, weekly_meeting_hours
from tests.onboarding.helpers import D, client, small


def test_time_allocation_hand_worked():
    table = time_allocation(client()).set_index("workstream")
    assert list(table.columns) == ["share", "hours_per_week", "hours_over_term"]
    # 16 h/week × 0.5, 0.3, 0.2 = 8, 4.8, 3.2; × 26 weeks = 208, 124.8, 83.2
    assert table["hours_per_week"].tolist() == pytest.approx([8.0, 4.8, 3.2])
    assert table["hours_over_term"].tolist() == pytest.approx([208.0, 124.8, 83.2])


def test_time_allocation_without_hours_gives_none():
    table = time_allocation(client(engagement={"hours_per_week": None}))
    assert table["share"].tolist() == [0.5, 0.3, 0.2]
    assert table["hours_per_week"].isna().all() and table["hours_over_term"].isna().all()


def test_meeting_load_hand_worked():
    load = meeting_load(client())
    per = load.meetings.set_index("meeting")["hours_per_month"]
    assert per["Steering committee"] == pytest.approx(1.625)  # 90/60 × 52/12 ÷ 4 = 1.5 × 4.3333 / 4
    assert per["Sponsor 1:1"] == pytest.approx(4.333333, abs=1e-6)  # 60/60 × 52/12 ÷ 1
    assert per["Board"] == 0.0  # the consultant does not attend
    assert load.hours_per_month == pytest.approx(5.958333, abs=1e-6)  # 1.625 + 4.3333
    assert load.contracted_hours_per_month == pytest.approx(69.333333, abs=1e-6)  # 16 × 52/12
    assert load.share == pytest.approx(0.0859375)  # 5.9583 / 69.3333
    assert not load.warning and load.message is None and load.missing == []


def test_meeting_overload_warns_with_the_share():
    load = meeting_load(client(
        engagement={"hours_per_week": 8},
        cadence=[{"meeting": "Weekly team", "every_weeks": 1, "minutes": 120},
                 {"meeting": "Steering committee", "every_weeks": 2, "minutes": 90}]))
    # 2 × 4.3333 = 8.6667 plus 1.5 × 4.3333 / 2 = 3.25 → 11.9167 of 8 × 4.3333 = 34.6667 → 0.34375
    assert load.hours_per_month == pytest.approx(11.916667, abs=1e-6)
    assert load.share == pytest.approx(0.34375)
    assert load.warning
    assert load.message == "Meetings take 34% of the contracted hours (over the 30% limit)"


def test_meeting_load_at_exactly_the_limit_does_not_warn():
    load = meeting_load(client(engagement={"hours_per_week": 10},
                                  cadence=[{"meeting": "Weekly", "every_weeks": 1, "minutes": 180}]))
    assert load.share == pytest.approx(0.30)  # 3 × 4.3333 = 13 of 10 × 4.3333 = 43.333
    assert not load.warning


def test_meeting_load_without_cadence_or_hours_is_none():
    load = meeting_load(client(cadence=[]))
    assert load.hours_per_month is None and load.share is None and load.missing == ["cadence"]
    load = meeting_load(client(engagement={"hours_per_week": None}))
    assert load.hours_per_month == pytest.approx(5.958333, abs=1e-6)
    assert load.share is None and load.missing == ["engagement.hours_per_week"]


def test_cadence_calendar_over_90_days():
    cal = cadence_calendar(client())
    assert list(cal.columns) == ["date", "day", "meeting", "minutes", "consultant_attends"]
    counts = cal["meeting"].value_counts()
    assert counts["Sponsor 1:1"] == 13  # days 0, 7, …, 84
    assert counts["Steering committee"] == 4  # days 0, 28, 56, 84
    assert counts["Board"] == 2  # days 0 and 84 (12 weeks), listed though the consultant does not attend
    steering = cal[cal["meeting"] == "Steering committee"]["date"].tolist()
    assert steering == [D(2026, 9, 1), D(2026, 9, 29), D(2026, 10, 27), D(2026, 11, 24)]
    assert cal["day"].is_monotonic_increasing and cal["day"].max() < 90


def test_cadence_calendar_without_start_is_empty_with_a_note():
    cal = cadence_calendar(client(engagement={"start": None}))
    assert cal.empty and "engagement.start" in cal.attrs["note"]


def test_weekly_meeting_hours_hand_worked():
    weeks = weekly_meeting_hours(small())
    assert len(weeks) == 13 and weeks["week_start"].iloc[1] == D(2026, 9, 14)
    # week 1: 1 h + 1.5 h = 2.5 h; week 2: 1 h; the board is not attended, so never counted
    assert weeks["hours"].tolist()[:4] == [2.5, 1.0, 2.5, 1.0]
    assert weeks["limit"].iloc[0] == pytest.approx(3.0)  # 30% of 10 h
    assert not weeks["over"].any()
    assert weekly_meeting_hours(small(hours_per_week=8))["over"].sum() == 7  # 2.5 h > 2.4 h in odd weeks
