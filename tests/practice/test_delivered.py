"""The charter as delivered, in words (hand-worked on the engagement of test_retainer.py), and
`playbook validate` naming each bad timesheet or feedback row."""
from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd

from playbook.cli import main
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.practice import delivered, review
from tests.practice.test_pulse import FALLING
from tests.practice.test_retainer import CASE_A, CASE_B

D = dt.date


def test_sentences_case_a(client):
    r = review.assess(client, CASE_A.assign(row=range(1, 7)), FALLING.iloc[:0], D(2026, 1, 25))
    hours, meetings, streams, fb = delivered.sentences(r)
    assert hours == ("**29 hours used** of the 30 allowed to date (3 weeks × 10 h): 4 hours lapsed unused "
                     "(they do not roll over), more than 10% of the allowance.")
    assert meetings == ("Meetings took 31% of the hours used (9 hours), against 9% planned by the cadence: "
                        "**over the 30% limit**, leaving too little time for the work itself.")
    assert streams == "The largest shift from the agreed split: Benefits took 41% of the hours against 50% agreed."
    assert fb == "No feedback round is recorded yet: ask after each steering round (feedback.csv)."


def test_sentences_case_b_over_use_and_falling_feedback(client):
    r = review.assess(client, CASE_B, FALLING, D(2026, 3, 10))
    text = delivered.hours_sentence(review.assess(client, CASE_B, FALLING.iloc[:0], D(2026, 1, 21)))
    assert text == ("**32 hours used** of the 30 allowed to date (3 weeks × 10 h): 7 hours over the retainer (23%), "
                    "beyond the 10% tolerance. At 13.5 hours a week the 100 contracted hours run out in week 7 of 10.")
    assert delivered.feedback_sentence(r) == ("Client feedback: NPS -25 in the latest of 3 rounds (4 responses), "
                                              "**down two rounds running** (+25 → +0 → -25).")


def test_missing_terms_or_hours_say_what_to_add(make_client):
    empty = pd.DataFrame(columns=["date", "hours", "workstream", "activity", "note"])
    r = review.assess(make_client(), empty, FALLING.iloc[:0], D(2026, 1, 25))
    assert "No hours are logged yet" in delivered.missing(r)
    r = review.assess(make_client(hours_per_week=None), empty, FALLING.iloc[:0], D(2026, 1, 25))
    assert "engagement.hours_per_week" in delivered.missing(r)


def test_validate_names_every_bad_timesheet_and_feedback_row(tmp_path, capsys):
    data = tmp_path / "clients"
    shutil.copytree(DEFAULT_DATA_DIR / "helix-health", data / "helix-health")
    with (data / "helix-health" / "timesheet.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-10-05,3,Portfolio intake,meeting,\n2026-10-06,2,Capacity and demand,travel,\n")
    with (data / "helix-health" / "feedback.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-12-01,Grace Kim,CFO,8,\n")
    assert main(["validate", "helix-health", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "3 problems" in err
    assert "timesheet.csv, row " in err and "field 'workstream': found 'Portfolio intake'; expected a workstream" in err
    assert "field 'activity': found 'travel'; expected one of meeting, workshop, analysis" in err
    assert "feedback.csv, row " in err and "field 'date': found '2026-12-01'; expected a date on or before " \
                                           "the as-of date 2026-11-01" in err
