"""Loading and validating benefits.csv and benefit_actuals.csv: every error names the file, the
row, the field and what was found; gaps in ownership are findings, not errors."""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from playbook.benefits import register as benefit_register
from playbook.benefits.trajectory import readiness
from playbook.engine import validate
from playbook.benefits.register import ACTUALS_FILE, FILE, load
from playbook.cli import main
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients

HEADER = "id,name,initiative,objective,owner,measure,unit,direction,baseline,target,start,due,tolerance_pct,kind,value_per_unit"
GOOD = [
    "B1,Route optimisation,I01,O2,Tom Hughes,Fuel cost per parcel,GBP,decrease,0.62,0.54,2026-01-01,2027-01-01,,,1000",
    "B2,Portal ARR,I03,O1,Claire Dubois,ARR,GBP m,increase,0,2.4,2026-01-01,2027-01-01,5,benefit,",
]
ACTUALS = ["benefit,date,value,note", "B1,2026-03-01,0.6,first", "B2,2026-03-01,0.4,"]


def write(folder: Path, benefits: list[str], actuals: list[str] | None = None) -> Path:
    """Write both files; by default the actuals of the benefits written."""
    if actuals is None:
        ids = {row.split(",")[0] for row in benefits}
        actuals = ACTUALS[:1] + [a for a in ACTUALS[1:] if a.split(",")[0] in ids]
    (folder / FILE).write_text("\n".join([HEADER, *benefits]) + "\n", encoding="utf-8")
    (folder / ACTUALS_FILE).write_text("\n".join(actuals) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "acme-logistics"


def issues_of(folder: Path) -> list:
    return load(folder, load_client(folder))[1]


def only(issues: list):
    assert len(issues) == 1, [str(i) for i in issues]
    return issues[0]


@pytest.mark.parametrize("client", list_clients(DEFAULT_DATA_DIR))
def test_demo_registers_are_valid(client):
    folder = DEFAULT_DATA_DIR / client
    assert validate.check(folder, [FILE, ACTUALS_FILE]) == []
    register = benefit_register.load_valid(folder, load_client(folder))
    assert 8 <= len(register.benefits) <= 15


def test_frames_follow_the_methods_conventions(folder):
    write(folder, GOOD)
    register = benefit_register.load_valid(folder, load_client(folder))
    b = register.benefits
    assert list(b.index) == ["B1", "B2"] and b.index.name == "id"
    assert b.at["B1", "start"] == dt.date(2026, 1, 1) and isinstance(b.at["B1", "due"], dt.date)
    assert b.at["B1", "tolerance_pct"] == 10.0 and b.at["B2", "tolerance_pct"] == 5.0  # blank → default
    assert b.at["B1", "kind"] == "benefit" and b.at["B1", "profile"] == "linear"
    assert b.at["B1", "value_per_unit"] == 1000.0 and math.isnan(b.at["B2", "value_per_unit"])
    a = register.actuals
    assert list(a.columns) == ["benefit", "date", "value", "note"]
    assert a.at[0, "date"] == dt.date(2026, 3, 1) and a["value"].dtype == float


def test_missing_files_are_an_empty_register_not_errors(folder):
    (folder / FILE).unlink(missing_ok=True)
    (folder / ACTUALS_FILE).unlink(missing_ok=True)
    register, issues = load(folder, load_client(folder))
    assert issues == [] and register.benefits.empty and register.actuals.empty


def test_unknown_benefit_in_the_actuals_names_file_row_and_id(folder):
    write(folder, GOOD, ACTUALS + ["B9,2026-04-01,0.5,"])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (ACTUALS_FILE, 3, "benefit", "B9")
    assert "B1, B2" in issue.expected


def test_unknown_objective(folder):
    write(folder, [GOOD[0].replace(",O2,", ",O9,")])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 1, "objective", "O9")
    assert "O1, O2, O3, O4" in issue.expected


def test_unknown_initiative_when_a_portfolio_exists(folder):
    write(folder, GOOD)
    assert issues_of(folder) == []  # no portfolio.csv: nothing to check initiatives against
    (folder / "portfolio.csv").write_text("id,name,objective,cost\nI01,Routing,O2,100\nI02,Depot,O2,200\n")
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 2, "initiative", "I03")
    assert "I01, I02" in issue.expected


def test_duplicate_benefit_id(folder):
    write(folder, GOOD + [GOOD[0].replace("Route optimisation", "Again")])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 3, "id", "B1")
    assert "first at row 1" in issue.expected


@pytest.mark.parametrize("field, bad", [("start", "01/01/2026"), ("due", "2027-02-30"), ("start", "soon")])
def test_unparseable_register_dates(folder, field, bad):
    good = "2026-01-01" if field == "start" else "2027-01-01"
    write(folder, [GOOD[0].replace(good, bad, 1), GOOD[1]])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 1, field, bad)
    assert "YYYY-MM-DD" in issue.expected


def test_unparseable_actual_date_and_value(folder):
    write(folder, GOOD, ACTUALS + ["B1,2026-13-01,0.5,", "B2,2026-05-01,lots,", "B2,2026-06-01,nan,"])
    found = {(i.file, i.row, i.field, i.found) for i in issues_of(folder)}
    assert found == {(ACTUALS_FILE, 3, "date", "2026-13-01"), (ACTUALS_FILE, 4, "value", "lots"),
                     (ACTUALS_FILE, 5, "value", "nan")}


def test_due_before_start(folder):
    write(folder, [GOOD[0].replace("2027-01-01", "2025-06-30")])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 1, "due", "2025-06-30")
    assert "after the start date 2026-01-01" in issue.expected


def test_target_equal_to_baseline(folder):
    write(folder, [GOOD[0].replace("0.62,0.54", "0.62,0.62")])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 1, "target", 0.62)


@pytest.mark.parametrize("row, direction, implied", [
    (GOOD[0].replace("decrease", "increase"), "increase", "decrease"),   # 0.62 → 0.54 falls
    (GOOD[1].replace("increase", "decrease"), "decrease", "increase"),   # 0 → 2.4 rises
])
def test_direction_contradicting_baseline_to_target(folder, row, direction, implied):
    write(folder, [row])
    issue = only(issues_of(folder))
    assert (issue.file, issue.row, issue.field, issue.found) == (FILE, 1, "direction", direction)
    assert f"'{implied}'" in issue.expected


def test_bad_codes_and_numbers_are_named(folder):
    write(folder, [GOOD[0].replace("decrease", "down"), GOOD[1].replace(",0,2.4,", ",zero,2.4,")])
    found = {(i.row, i.field, i.found) for i in issues_of(folder)}
    assert found == {(1, "direction", "down"), (2, "baseline", "zero")}


def test_missing_owner_or_measure_is_not_an_error(folder):
    write(folder, [GOOD[0].replace("Tom Hughes,Fuel cost per parcel", ",")])
    register = benefit_register.load_valid(folder, load_client(folder))
    gaps = readiness(register.benefits.loc["B1"]).gaps
    assert gaps == ("measurable: no measure", "owned: no owner")


def test_a_bad_register_row_does_not_also_flag_its_actuals(folder):
    write(folder, [GOOD[0].replace("2026-01-01", "someday"), GOOD[1]])
    issue = only(issues_of(folder))
    assert issue.file == FILE
    register, _ = load(folder, load_client(folder))
    assert set(register.actuals["benefit"]) == {"B2"}


def test_validate_lists_each_issue_once_under_its_file(folder):
    write(folder, GOOD, ACTUALS + ["B9,2026-04-01,0.5,"])
    issues = validate.check(folder)
    assert [(i.file, i.found) for i in issues] == [(ACTUALS_FILE, "B9")]


def test_cli_validate_exits_1_naming_file_row_and_unknown_id(data_dir, capsys):
    path = data_dir / "acme-logistics" / ACTUALS_FILE
    rows = path.read_text(encoding="utf-8").splitlines()
    rows.insert(5, "B99,2026-10-01,1.0,typo")  # becomes data row 5
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "B99" in ln)
    assert "benefit_actuals.csv" in line and "row 5 " in line and "'benefit'" in line and "'B99'" in line
    assert "1 problem" in err


def test_check_actual_for_the_workshop(folder):
    register = benefit_register.load_valid(folder, load_client(folder))
    as_of = dt.date(2026, 11, 1)
    assert benefit_register.check_actual(register, "B01", "2026-10-30", "0.55", as_of) == []
    bad = benefit_register.check_actual(register, "B77", "2026-11-02", "0,55", as_of)
    assert [(i.field, i.found) for i in bad] == [("benefit", "B77"), ("date", "2026-11-02"), ("value", "0,55")]
    assert "on or before today (2026-11-01)" in bad[1].expected
    bad = benefit_register.check_actual(register, "", "1/11/2026", "", as_of)
    assert [(i.field, i.found) for i in bad] == [("benefit", None), ("date", "1/11/2026"), ("value", None)]


def test_check_actual_refuses_a_second_measurement_on_a_date_and_only_the_future(folder):
    register = benefit_register.load_valid(folder, load_client(folder))
    first = register.actuals[register.actuals["benefit"] == "B01"].iloc[0]  # 2025-09-02, 0.62
    again = benefit_register.check_actual(register, "B01", first["date"].isoformat(), "0.6", dt.date(2026, 12, 2))
    assert [(i.field, i.found) for i in again] == [("date", "2025-09-02")]
    assert "0.62 is already recorded on that date" in again[0].expected
    # after client.yaml's as_of (2026-11-01) but not in the future: accepted
    assert benefit_register.check_actual(register, "B01", "2026-11-20", "0.55", dt.date(2026, 12, 2)) == []
    assert benefit_register.check_actual(register, "B01", "2026-12-03", "0.55", dt.date(2026, 12, 2))[0].field == "date"


def test_a_measurement_before_the_benefit_starts_is_a_warning(folder):
    register = benefit_register.load_valid(folder, load_client(folder))
    assert benefit_register.actual_warnings(register, "B02", "2025-10-15") == [
        "15 Oct 2025 is before B02 starts (01 Nov 2025): saved, but check the date."]
    assert benefit_register.actual_warnings(register, "B02", "2025-11-01") == []
