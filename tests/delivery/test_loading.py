"""Delivery files: every bad input of the issue's step 1 is named by file, row and field, through
the loader and through `playbook validate`; the demo data loads clean."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from playbook.cli import main
from playbook.delivery import loading
from playbook.engine.validate import check
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit(path: Path, row: int, **cells: str) -> None:
    """Change cells of data row `row` (1-based, as errors count rows)."""
    rows = rows_of(path)
    rows[row - 1].update(cells)
    write(path, rows)


@pytest.mark.parametrize("client", list_clients(DEFAULT_DATA_DIR))
def test_demo_delivery_files_are_clean(client):
    assert check(DEFAULT_DATA_DIR / client) == []


BAD = [  # (file, row, cells, field, found, expected fragment)
    (loading.REPORTS, 2, {"initiative": "I99"}, "initiative", "I99", "an initiative id of portfolio.csv"),
    (loading.REPORTS, 2, {"initiative": "I07"}, "initiative", "I07", "I07 is a proposal"),
    (loading.REPORTS, 2, {"percent_complete": "140"}, "percent_complete", "140", "≤ 100"),
    (loading.REPORTS, 2, {"percent_complete": "1", "commentary": ""}, "percent_complete", "1",
     "commentary saying why progress went backwards"),
    (loading.REPORTS, 2, {"actual_cost": "-10"}, "actual_cost", "-10", "≥ 0"),
    (loading.REPORTS, 2, {"date": "25/04/2026"}, "date", "25/04/2026", "YYYY-MM-DD"),
    (loading.REPORTS, 2, {"date": "2027-04-25"}, "date", "2027-04-25", "on or before the as-of date"),
    (loading.REPORTS, 2, {"date": "2026-03-25"}, "date", "2026-03-25", "one report per initiative and date"),
    (loading.REPORTS, 2, {"rag": "purple"}, "rag", "purple", "one of green, amber or red"),
    (loading.MILESTONES, 2, {"initiative": "I99"}, "initiative", "I99", "an initiative id of portfolio.csv"),
    (loading.MILESTONES, 2, {"reported": "2031-01-01"}, "reported", "2031-01-01", "on or before the as-of date"),
    (loading.MILESTONES, 2, {"forecast": "2026-02-30"}, "forecast", "2026-02-30", "a real calendar date"),
    (loading.RISKS, 2, {"id": "R-I01-1"}, "id", "R-I01-1", "each risk id once (first at row 1)"),
    (loading.RISKS, 2, {"probability": "6"}, "probability", "6", "≤ 5"),
    (loading.RISKS, 2, {"impact": "0"}, "impact", "0", "≥ 1"),
    (loading.RISKS, 2, {"cost_likely": "99999999"}, "cost_max", "0 ≤ 99999999 ≤ 21000, which does not hold",
     "min ≤ likely ≤ max"),
    (loading.RISKS, 2, {"days_min": "40"}, "days_likely", "40 ≤ 10 ≤ 30, which does not hold", "min ≤ likely ≤ max"),
    (loading.RISKS, 2, {"days_max": ""}, "days_max", None, "all three of days_min, days_likely, days_max"),
    (loading.RISKS, 2, {"raised": "2027-01-01"}, "raised", "2027-01-01", "on or before the as-of date"),
    (loading.RISKS, 2, {"status": "maybe"}, "status", "maybe", "one of open or closed"),
    (loading.RISKS, 2, {"initiative": "I99"}, "initiative", "I99", "an initiative id of portfolio.csv"),
]


@pytest.mark.parametrize("file, row, cells, field, found, expected", BAD,
                         ids=[f"{b[0]}:{b[3]}:{i}" for i, b in enumerate(BAD)])
def test_bad_input_is_named_by_file_row_and_field(data_dir, capsys, file, row, cells, field, found, expected):
    folder = data_dir / "acme-logistics"
    edit(folder / file, row, **cells)
    issues = [i for i in check(folder) if i.file == file]
    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert (issue.row, issue.field) == (row, field)
    assert (None if issue.found is None else str(issue.found)) == found
    assert expected in issue.expected, issue.expected
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{file}, row {row} (line {row + 1}), field '{field}'" in err


def test_missing_delivery_files_are_not_errors(data_dir):
    folder = data_dir / "acme-logistics"
    for name in loading.FILES:
        (folder / name).unlink()
    assert check(folder) == []


def test_a_header_typo_is_named(data_dir):
    path = data_dir / "acme-logistics" / loading.REPORTS
    path.write_text(path.read_text(encoding="utf-8").replace("percent_complete", "percent_compete", 1), encoding="utf-8")
    (issue,) = [i for i in check(data_dir / "acme-logistics") if i.file == loading.REPORTS]
    assert issue.field == "percent_complete" and "did you mean 'percent_compete'" in str(issue.found)
