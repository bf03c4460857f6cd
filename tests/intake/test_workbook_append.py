"""Workshop forms append to client.xlsx when the client keeps a workbook: rows land at the end
of the right sheet, typed, nothing else changes, and concurrent appends lose nothing."""
from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import openpyxl
import pytest

from playbook.benefits import register as benefit_register
from playbook.benefits.workshop_form import ActualForm
from playbook.errors import PlaybookError
from playbook.intake.client import load_client
from playbook.intake.csv_files import read_csv
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.maturity import responses
from tests.intake.workbook_helpers import as_workbook_client, edit_book, write_book

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return as_workbook_client(DEFAULT_DATA_DIR / "acme-logistics", tmp_path / "acme-logistics", answers=40)


def test_the_benefits_workshop_form_appends_to_the_workbook(folder: Path) -> None:
    before, _ = read_csv(folder / "benefit_actuals.csv", [])
    form = ActualForm(folder, load_client(folder), AS_OF)
    form.benefit.value, form.date.value, form.value.value, form.note.value = "B02", "2026-10-30", "0.43", "=trial"
    assert form.save() is True, form.message.value
    assert not (folder / "benefit_actuals.csv").exists()
    after, issues = read_csv(folder / "benefit_actuals.csv", [])
    assert issues == [] and after.rows[:-1] == before.rows
    assert after.rows[-1] == {"benefit": "B02", "date": "2026-10-30", "value": "0.43", "note": "=trial"}
    ws = openpyxl.load_workbook(folder / "client.xlsx")["benefit_actuals"]
    last = ws[ws.max_row]
    assert [c.value for c in last] == ["B02", dt.datetime(2026, 10, 30), 0.43, "=trial"]
    assert last[3].data_type == "s" and ws["B1"].comment is not None and ws.data_validations.dataValidation
    register = benefit_register.load_valid(folder, load_client(folder))
    assert register.actuals.iloc[-1].to_dict()["value"] == 0.43


def test_rows_follow_the_sheets_header_and_a_missing_column_is_added(folder: Path) -> None:
    def reorder(wb: openpyxl.Workbook) -> None:
        ws = wb["maturity_responses"]
        ws.delete_cols(5)  # no comment column
        for r in range(200, 260):  # formatted empty rows below the data
            ws.cell(row=r, column=1).number_format = "@"

    edit_book(folder / "client.xlsx", reorder)
    rows = [{"respondent": "Zoe", "role": "Executive", "question": "SA1", "score": 4, "comment": "fine",
             "wave": dt.date(2026, 10, 12)}]
    responses.append(folder, rows)
    table, issues = read_csv(folder / "maturity_responses.csv", [])
    assert issues == [] and table.columns == ["respondent", "role", "question", "score", "wave", "comment"]
    assert table.rows[-1] == {"respondent": "Zoe", "role": "Executive", "question": "SA1", "score": "4",
                              "wave": "2026-10-12", "comment": "fine"}
    assert table.row_numbers[-1] == table.row_numbers[-2] + 1


def test_a_sheet_the_workbook_lacks_is_created_with_its_header(folder: Path) -> None:
    edit_book(folder / "client.xlsx", lambda wb: wb.remove(wb["benefit_actuals"]))
    benefit_register.append_actuals(folder, [{"benefit": "B01", "date": dt.date(2026, 10, 1), "value": 0.6}])
    ws = openpyxl.load_workbook(folder / "client.xlsx")["benefit_actuals"]
    assert [c.value for c in ws[1]] == ["benefit", "date", "value", "note"]
    assert ws["A1"].comment is not None and [c.value for c in ws[2]][:3] == ["B01", dt.datetime(2026, 10, 1), 0.6]


def test_an_unreadable_workbook_is_never_replaced(folder: Path) -> None:
    (folder / "client.xlsx").write_bytes(b"garbage")
    with pytest.raises(PlaybookError, match="not an Excel workbook"):
        benefit_register.append_actuals(folder, [{"benefit": "B01", "date": dt.date(2026, 10, 1), "value": 0.6}])
    assert (folder / "client.xlsx").read_bytes() == b"garbage"


def _append_many(folder: str, who: str) -> None:
    for n in range(3):
        responses.append(Path(folder), [{"respondent": f"{who}{n}", "role": "Delivery", "question": "SA1",
                                         "score": 3, "wave": dt.date(2026, 10, 12)}])


def test_concurrent_appends_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    write_book(folder / "client.xlsx", {"maturity_responses": [["respondent", "role", "question", "score", "wave"],
                                                               ["Ann", "Executive", "SA1", 3, dt.date(2026, 10, 12)]]})
    before, _ = read_csv(folder / "maturity_responses.csv", [])
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(folder), who)) for who in ("p", "q")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    after, issues = read_csv(folder / "maturity_responses.csv", [])
    added = {r["respondent"] for r in after.rows[len(before.rows):]}
    assert issues == [] and added == {f"{w}{n}" for w in "pq" for n in range(3)} and len(after.rows) == 7
