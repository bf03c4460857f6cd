"""feedback.csv and the NPS loop, against hand-worked values.

NPS = %promoters (9–10) − %detractors (0–6):
  [10, 9, 8, 6, 3]      → 2 promoters, 2 detractors of 5      →   0
  [10, 10, 9, 7]        → 3 promoters, 0 detractors of 4      → +75
  [9, 7, 5, 2, 0, 10]   → 2 promoters, 3 detractors of 6      → −16.7
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from playbook.practice import feedback, pulse

D = dt.date
HEADER = "date,respondent,role,score,comment\n"


@pytest.mark.parametrize("scores, expected", [
    ([10, 9, 8, 6, 3], 0.0), ([10, 10, 9, 7], 75.0), ([9, 7, 5, 2, 0, 10], -100 / 6), ([], None),
    ([7, 8], 0.0), ([6], -100.0), ([9], 100.0),
])
def test_nps_hand_worked(scores, expected):
    assert pulse.nps(scores) == (pytest.approx(expected) if expected is not None else None)


def test_rounds_group_responses_up_to_a_week_apart():
    days = [D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 7), D(2026, 2, 2), D(2026, 3, 1), D(2026, 1, 20)]
    # 5, 7, 12 (5 days after the 7th) form round 1; the 20th is 8 days after the 12th: round 2
    assert feedback.rounds(days) == [1, 1, 1, 3, 4, 2]


def frame(rows):
    data = pd.DataFrame(rows, columns=["date", "respondent", "role", "score", "comment"])
    return data.assign(round=feedback.rounds(list(data["date"])))


FALLING = frame([
    (D(2026, 1, 9), "A", "CEO", 10, None), (D(2026, 1, 9), "B", "CFO", 9, "Clear"),
    (D(2026, 1, 10), "C", "COO", 8, None), (D(2026, 1, 10), "D", "CIO", 6, "Too many meetings"),   # round 1: +25
    (D(2026, 2, 6), "A", "CEO", 9, None), (D(2026, 2, 6), "B", "CFO", 7, None),
    (D(2026, 2, 6), "C", "COO", 6, None), (D(2026, 2, 6), "D", "CIO", 8, None),                    # round 2: 0
    (D(2026, 3, 6), "A", "CEO", 8, None), (D(2026, 3, 6), "B", "CFO", 5, "Slow"),
    (D(2026, 3, 7), "C", "COO", 6, None), (D(2026, 3, 7), "D", "CIO", 9, "Good roadmap"),           # round 3: −25
])


def test_per_round_trend_and_falling_twice():
    table = pulse.by_round(FALLING)
    assert list(table["nps"]) == [25.0, 0.0, -25.0]
    assert list(table["responses"]) == [4, 4, 4]
    assert list(table[["promoters", "passives", "detractors"]].iloc[2]) == [1, 1, 2]
    assert pulse.falling_twice(table)
    assert not pulse.falling_twice(table.iloc[:2])
    steady = table.assign(nps=[25.0, 0.0, 0.0])
    assert not pulse.falling_twice(steady)


def test_pulse_overdue_against_the_steering_cycle(client):
    # steering committee every 4 weeks: 28 days after the last answer is fine, 29 is overdue
    p = pulse.pulse(FALLING, client.cadence, D(2026, 4, 4), client.engagement.start)
    assert (p.latest, p.change, p.falling, p.interval_weeks) == (-25.0, -25.0, True, 4.0)
    assert p.last_asked == D(2026, 3, 7) and not p.overdue
    assert pulse.pulse(FALLING, client.cadence, D(2026, 4, 5), client.engagement.start).overdue


def test_never_asked_is_overdue_from_the_start(client):
    empty = FALLING.iloc[:0]
    assert not pulse.pulse(empty, client.cadence, D(2026, 2, 1), D(2026, 1, 5)).overdue
    assert pulse.pulse(empty, client.cadence, D(2026, 2, 3), D(2026, 1, 5)).overdue


def test_interval_from_setting_steering_or_longest_cycle(client, make_client):
    assert pulse.interval_weeks(client.cadence, 6) == 6
    assert pulse.pulse(FALLING.iloc[:0], client.cadence, D(2026, 1, 6), D(2026, 1, 5)).interval_weeks == 4
    assert pulse.pulse(FALLING.iloc[:0], make_client(feedback_every_weeks=6).cadence, D(2026, 1, 6), None,
                       make_client(feedback_every_weeks=6).engagement.feedback_every_weeks).interval_weeks == 6
    assert pulse.interval_weeks(client.cadence) == 4
    assert pulse.interval_weeks([m for m in client.cadence if "Steering" not in m.meeting]) == 1
    assert pulse.interval_weeks([]) == pulse.DEFAULT_INTERVAL_WEEKS


def test_comments_grouped_detractors_first_newest_round_first():
    said = pulse.comments(FALLING)
    assert list(said["comment"]) == ["Slow", "Too many meetings", "Good roadmap", "Clear"]
    assert "respondent" not in said  # grouped by role, not by name


def test_feedback_file_loads_with_rounds(tmp_path, client):
    (tmp_path / "feedback.csv").write_text(HEADER + "2026-01-09,Ann,CEO,9,\n2026-01-12,Bo,CFO,6,meh\n"
                                           "2026-02-06,Ann,CEO,10,\n", encoding="utf-8")
    data, issues = feedback.load(tmp_path, client, D(2026, 3, 1))
    assert issues == [] and list(data["round"]) == [1, 1, 2] and list(data["score"]) == [9, 6, 10]


@pytest.mark.parametrize("row, field, found, expected", [
    ("2026-01-10,Bo,CFO,11,", "score", "'11'", "a whole number from 0 to 10"),
    ("2026-01-10,Bo,CFO,7.5,", "score", "'7.5'", "a whole number from 0 to 10"),
    ("2026-01-10,Bo,CFO,great,", "score", "'great'", "a whole number from 0 to 10"),
    ("2026-03-02,Bo,CFO,7,", "date", "'2026-03-02'", "on or before the as-of date 2026-03-01"),
    ("10/01/2026,Bo,CFO,7,", "date", "'10/01/2026'", "a date written YYYY-MM-DD"),
    ("2026-01-10,,CFO,7,", "respondent", "''", "text"),
    ("2026-01-10,ann,CFO,7,", "respondent", "'ann'", "each respondent once per feedback round (already "
                                                       "answered this round at row 1)"),
])
def test_bad_feedback_rows_are_named(tmp_path, client, row, field, found, expected):
    (tmp_path / "feedback.csv").write_text(HEADER + "2026-01-09,Ann,CEO,9,\n" + row + "\n", encoding="utf-8")
    _, issues = feedback.load(tmp_path, client, D(2026, 3, 1))
    assert len(issues) == 1, issues
    text = str(issues[0])
    assert text.startswith(f"feedback.csv, row 2 (line 3), field '{field}': found {found}"), text
    assert expected in text
