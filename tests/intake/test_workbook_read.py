"""A sheet of client.xlsx reads as the CSV of the same name would, with errors at cells."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from playbook.intake import xlsx_parts
from playbook.intake.csv_files import exists, read_csv
from playbook.intake.workbook_read import CellIssue, files_read, locate, read_sheet, text_of
from playbook.errors import Issue
from tests.intake.workbook_helpers import cache_results, write_book

HEAD = ["id", "name", "objective", "cost"]


def _read(tmp_path: Path, rows, tweak=None, file="portfolio.csv", required=HEAD):
    book = write_book(tmp_path / "client.xlsx", {file.removesuffix(".csv"): rows}, tweak)
    return read_sheet(book, file, required)


def test_a_sheet_gives_the_rows_and_row_numbers_of_the_same_csv(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "Route app", "O1", 420000], [None] * 4, ["I2", " Depot ", None, "1100.5"]]
    table, issues = _read(tmp_path, rows)
    csv = tmp_path / "same.csv"
    csv.write_text("id,name,objective,cost\nI1,Route app,O1,420000\n,,,\nI2, Depot ,,1100.5\n")
    expected, _ = read_csv(csv, HEAD)
    assert issues == []
    assert (table.columns, table.rows, table.row_numbers) == (expected.columns, expected.rows, expected.row_numbers)


def test_excel_dates_become_iso_and_a_time_of_day_is_kept_for_the_loader_to_refuse(tmp_path: Path) -> None:
    rows = [["benefit", "date", "value"], ["B1", dt.date(2026, 3, 1), 1], ["B1", dt.datetime(2026, 4, 1, 10, 30), 2],
            ["B1", dt.datetime(2026, 5, 1), 3]]
    table, issues = _read(tmp_path, rows, file="benefit_actuals.csv", required=["benefit", "date", "value"])
    assert issues == []
    assert [r["date"] for r in table.rows] == ["2026-03-01", "2026-04-01 10:30:00", "2026-05-01"]


def test_numbers_stored_as_text_read_like_numbers_and_whole_floats_lose_their_point(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "a", "O1", "420000"], ["I2", "b", "O1", 1100.0], ["I3", "c", "O1", 0.617],
            ["I4", "d", "O1", " 12 "], ["I5", 7, True, 1e20]]
    table, _ = _read(tmp_path, rows)
    assert [r["cost"] for r in table.rows] == ["420000", "1100", "0.617", "12", "1e+20"]
    assert (table.rows[4]["name"], table.rows[4]["objective"]) == ("7", "true")


def test_a_cell_merged_down_gives_each_row_its_value(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "a", "O1", 1], ["I2", "b", None, 2], ["I3", "c", None, 3]]
    table, issues = _read(tmp_path, rows, lambda wb: wb.active.merge_cells("C2:C4"))
    assert issues == []
    assert [r["objective"] for r in table.rows] == ["O1", "O1", "O1"]


def test_a_cell_merged_across_columns_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "a", "O1", 1], ["I2", "A long name", None, 2]]
    _, issues = _read(tmp_path, rows, lambda wb: wb.active.merge_cells("B3:C3"))
    assert [(i.sheet, i.cell) for i in issues] == [("portfolio", "B3")]
    assert "cells B3:C3 merged across columns" in str(issues[0]) and "unmerge" in str(issues[0])


def test_hidden_rows_are_read_like_excels_own_csv_export(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "a", "O1", 1], ["I2", "b", "O1", 2], ["I3", "c", "O1", 3]]
    table, issues = _read(tmp_path, rows, lambda wb: setattr(wb.active.row_dimensions[3], "hidden", True))
    assert issues == [] and [r["id"] for r in table.rows] == ["I1", "I2", "I3"]
    assert table.row_numbers == [1, 2, 3]


def test_formulas_give_their_saved_results(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", '="Route"&" app"', "O1", "=400000+20000"]]
    book = write_book(tmp_path / "client.xlsx", {"portfolio": rows})
    cache_results(book, 1, {"B2": "Route app", "D2": 420000})
    table, issues = read_sheet(book, "portfolio.csv", HEAD)
    assert issues == [] and table.rows == [{"id": "I1", "name": "Route app", "objective": "O1", "cost": "420000"}]


def test_a_formula_never_calculated_or_in_error_is_an_error_not_a_blank(tmp_path: Path) -> None:
    rows = [HEAD, ["I1", "a", "O1", "=SUM(E2:E9)"], ["I2", "b", "O1", "#DIV/0!"]]

    def error_cell(wb):
        wb.active["D3"].data_type = "e"

    _, issues = _read(tmp_path, rows, error_cell)
    assert [(i.cell, i.field) for i in issues] == [("D2", "cost"), ("D3", "cost")]
    assert "a formula never calculated (=SUM(E2:E9))" in str(issues[0])
    assert "the formula error #DIV/0!" in str(issues[1])


def test_trailing_formatted_empty_rows_and_columns_are_ignored(tmp_path: Path) -> None:
    def format_below(wb):
        ws = wb.active
        for r in range(3, 400):
            ws.cell(row=r, column=2).number_format = "0.00"
            ws.cell(row=r, column=9).value = ""

    table, issues = _read(tmp_path, [HEAD, ["I1", "a", "O1", 1]], format_below)
    assert issues == [] and table.row_numbers == [1]


def test_a_percent_formatted_cell_reads_as_excel_shows_it(tmp_path: Path) -> None:
    rows = [["id", "tolerance_pct"], ["B1", 0.1], ["B2", 0.075], ["B3", 10]]

    def percent(wb):
        wb.active["B3"].number_format = "0.0%"
        wb.active["B4"].number_format = "0%"

    table, _ = _read(tmp_path, rows, percent, file="benefits.csv", required=["id"])
    assert [r["tolerance_pct"] for r in table.rows] == ["0.1", "7.5%", "1000%"]


def test_a_table_placed_lower_and_to_the_right_is_addressed_by_its_cells(tmp_path: Path) -> None:
    rows = [[], [None, None, *HEAD], [None, None, "I1", "a", "O1", "12k"]]
    table, issues = _read(tmp_path, rows)
    assert issues == [] and table.header_row == 2 and table.letters["cost"] == "F"
    located = table.where(Issue("portfolio.csv", "cost", "12k", "a number", row=1))
    assert str(located) == "client.xlsx, sheet portfolio, cell F3 (cost): found '12k'; expected a number"


def test_a_value_under_no_header_is_an_error(tmp_path: Path) -> None:
    _, issues = _read(tmp_path, [HEAD, ["I1", "a", "O1", 1, "stray"]])
    assert [(i.cell, i.found) for i in issues] == [("E2", "stray")]


def test_sheet_names_match_without_case_and_a_missing_column_names_the_header_row(tmp_path: Path) -> None:
    book = write_book(tmp_path / "client.xlsx", {"Portfolio": [["id", "name", "cost"], ["I1", "a", 1]]})
    _, issues = read_sheet(book, "portfolio.csv", HEAD)
    assert str(issues[0]) == ("client.xlsx, sheet Portfolio, column objective: found no such column; "
                              "expected a column named 'objective'")


def test_a_folder_keeps_a_csv_or_a_sheet_never_both(tmp_path: Path) -> None:
    write_book(tmp_path / "client.xlsx", {"portfolio": [HEAD, ["I1", "a", "O1", 1]]})
    assert exists(tmp_path / "portfolio.csv") and files_read(tmp_path, ["client.yaml", "portfolio.csv",
                                                                           "benefits.csv"]) == \
        ["client.yaml", "client.xlsx", "benefits.csv"]
    table, issues = read_csv(tmp_path / "portfolio.csv", HEAD)
    assert issues == [] and table.rows[0]["id"] == "I1"
    (tmp_path / "portfolio.csv").write_text(",".join(HEAD) + "\n")
    _, issues = read_csv(tmp_path / "portfolio.csv", HEAD)
    assert "both portfolio.csv and sheet portfolio of client.xlsx" in str(issues[0])


@pytest.mark.parametrize("content, found", [
    (b"not a zip at all", "not an Excel workbook"),
    (b"PK\x03\x04 broken", "not an Excel workbook"),
])
def test_a_file_that_is_no_workbook_is_reported_not_skipped(tmp_path: Path, content: bytes, found: str) -> None:
    (tmp_path / "client.xlsx").write_bytes(content)
    assert exists(tmp_path / "portfolio.csv")  # the loader reads it, and hears why it cannot
    _, issues = read_csv(tmp_path / "portfolio.csv", HEAD)
    assert found in str(issues[0]) and "client.xlsx" in str(issues[0])


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    write_book(tmp_path / "client.xlsx", {"portfolio": [HEAD] + [["I", "x" * 100, "O1", 1]] * 200})
    monkeypatch.setattr(xlsx_parts, "MAX_UNPACKED", 10_000)
    _, issues = read_csv(tmp_path / "portfolio.csv", HEAD)
    assert "unpacks to" in str(issues[0])


def test_loader_issues_are_restated_at_cells_and_csv_issues_left_alone(tmp_path: Path) -> None:
    write_book(tmp_path / "client.xlsx", {"portfolio": [HEAD, ["I1", "a", "O9", 1]]})
    (tmp_path / "benefits.csv").write_text("id\n")
    issues = [Issue("portfolio.csv", "objective", "O9", "an objective id", row=1),
              Issue("portfolio.csv", "(row)", None, "x", row=1),
              Issue("benefits.csv", "id", "B1", "y", row=3)]
    out = locate(tmp_path, issues)
    assert isinstance(out[0], CellIssue) and out[0].cell == "C2" and out[0].sheet == "portfolio"
    assert str(out[1]).startswith("client.xlsx, sheet portfolio, row 2: found nothing")
    assert out[2] == issues[2]


@pytest.mark.parametrize("value, percent, text", [
    (None, False, ""), ("", False, ""), (True, False, "true"), (3, False, "3"), (0.1 + 0.2, False, "0.3"),
    (0.07, True, "7%"), (dt.date(2026, 1, 2), False, "2026-01-02"), (dt.time(9, 30), False, "09:30:00"),
    (float("nan"), False, "nan"), (-0.5, False, "-0.5"),
])
def test_cell_values_as_csv_text(value, percent, text) -> None:
    assert text_of(value, percent) == text
