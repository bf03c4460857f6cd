"""timesheet.csv: entries load, and every bad cell is named by file, row, field, found, expected."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from playbook.errors import DataError
from playbook.practice import timesheet

AS_OF = dt.date(2026, 1, 25)
HEADER = "date,hours,workstream,activity,note\n"


def load(tmp_path, client, body, header=HEADER):
    (tmp_path / "timesheet.csv").write_text(header + body, encoding="utf-8")
    return timesheet.load(tmp_path, client, AS_OF)


def test_good_file_loads_in_file_order_with_workstream_as_client_yaml_spells_it(tmp_path, client):
    frame, issues = load(tmp_path, client, "2026-01-05,2.5,governance,Meeting,steerco prep\n"
                                           "\n2026-01-06,4,,analysis,\n")
    assert issues == []
    assert list(frame["row"]) == [1, 3]  # a blank row keeps its number
    assert list(frame["hours"]) == [2.5, 4.0]
    assert frame["workstream"].iloc[0] == "Governance" and pd.isna(frame["workstream"].iloc[1])
    assert list(frame["activity"]) == ["meeting", "analysis"]
    assert frame["date"].iloc[0] == dt.date(2026, 1, 5)


def test_missing_file_is_no_entries(tmp_path, client):
    frame, issues = timesheet.load(tmp_path, client, AS_OF)
    assert issues == [] and frame.empty


@pytest.mark.parametrize("row, field, found, expected", [
    ("05/01/2026,2,Governance,meeting,", "date", "'05/01/2026'", "a date written YYYY-MM-DD"),
    ("2026-02-30,2,Governance,meeting,", "date", "'2026-02-30'", "a real calendar date"),
    ("2026-01-26,2,Governance,meeting,", "date", "'2026-01-26'", "on or before the as-of date 2026-01-25"),
    ("2026-01-04,2,Governance,meeting,", "date", "'2026-01-04'", "on or after the engagement start 2026-01-05"),
    ("2026-01-05,two,Governance,meeting,", "hours", "'two'", "a number"),
    ("2026-01-05,0,Governance,meeting,", "hours", "'0'", "a number > 0"),
    ("2026-01-05,25,Governance,meeting,", "hours", "'25'", "a number ≤ 24"),
    ("2026-01-05,nan,Governance,meeting,", "hours", "'nan'", "a number: finite"),
    ("2026-01-05,,Governance,meeting,", "hours", "''", "a number"),
    ("2026-01-05,2,Governanse,meeting,", "workstream", "'Governanse'", "did you mean 'Governance'?"),
    ("2026-01-05,2,Governance,lunch,", "activity", "'lunch'", "one of meeting, workshop, analysis"),
])
def test_each_bad_cell_names_file_row_field_found_expected(tmp_path, client, row, field, found, expected):
    _, issues = load(tmp_path, client, "2026-01-05,1,Governance,analysis,\n" + row + "\n")
    assert len(issues) == 1, issues
    text = str(issues[0])
    assert text.startswith("timesheet.csv, row 2 (line 3), field '" + field + "': found " + found), text
    assert expected in text


def test_a_day_over_24_hours_names_the_row_that_breaks_it(tmp_path, client):
    _, issues = load(tmp_path, client, "2026-01-05,12,Governance,analysis,\n2026-01-06,3,Benefits,analysis,\n"
                                       "2026-01-05,13,Benefits,reporting,\n")
    assert [(i.row, i.field) for i in issues] == [(3, "hours")]
    assert "making 25 on 2026-01-05" in str(issues[0]) and "at most 24 hours in one day" in str(issues[0])


def test_after_the_term_is_refused(tmp_path, make_client):
    short = make_client(weeks=2)  # ends 2026-01-19
    (tmp_path / "timesheet.csv").write_text(HEADER + "2026-01-19,1,Governance,analysis,\n", encoding="utf-8")
    _, issues = timesheet.load(tmp_path, short, AS_OF)
    assert "before the end of the engagement term 2026-01-19" in str(issues[0])


def test_missing_column_and_every_issue_at_once(tmp_path, client):
    _, issues = load(tmp_path, client, "2026-01-05,2,meeting\n", header="date,hours,activity\n")
    assert [i.field for i in issues] == ["workstream"]
    _, issues = load(tmp_path, client, "2026-01-05,x,Nope,party,\n2026-01-99,1,Governance,meeting,\n")
    assert sorted((i.row, i.field) for i in issues) == [(1, "activity"), (1, "hours"), (2, "date")]


def test_load_valid_raises_one_data_error_listing_all(tmp_path, client):
    (tmp_path / "timesheet.csv").write_text(HEADER + "2026-01-05,x,Governance,meeting,\n"
                                            "2026-01-06,1,Governance,dancing,\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        timesheet.load_valid(tmp_path, client, AS_OF)
    assert len(err.value.issues) == 2
