"""The catalogue of bad workbooks: a demo client that keeps its data in client.xlsx, one
problem per case, each refused with the sheet, the cell, what was found and what was expected
(the bad-CSV catalogue is test_bad_inputs.py). Accepted cases state the rule that accepts them.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from playbook.cli import main
from playbook.engine.validate import check
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.intake.workbook_read import CellIssue
from playbook.intake.xlsx_cells import put as text_cell
from tests.intake.workbook_helpers import as_workbook_client, edit_book

Edit = Callable[[openpyxl.Workbook], None]


@dataclass(frozen=True)
class Case:
    name: str
    edit: Edit
    sheet: str | None = None  # None: accepted
    cell: str | None = None
    found: str = ""
    expected: str = ""
    field: str | None = None


def put(sheet: str, **cells: object) -> Edit:
    def edit(wb: openpyxl.Workbook) -> None:
        for ref, value in cells.items():
            wb[sheet][ref] = value
    return edit


def fmt(sheet: str, ref: str, value: object, number_format: str) -> Edit:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][ref] = value
        wb[sheet][ref].number_format = number_format
    return edit


def error_in(sheet: str, ref: str, code: str) -> Edit:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][ref] = code
        wb[sheet][ref].data_type = "e"
    return edit


def merge(sheet: str, span: str) -> Edit:
    return lambda wb: wb[sheet].merge_cells(span)


def steps(*edits: Edit) -> Edit:
    def edit(wb: openpyxl.Workbook) -> None:
        for e in edits:
            e(wb)
    return edit


CASES = [
    # portfolio: id A, name B, objective C, cost D, criteria E-G, fte H-I, depends_on J, exclusive_with K, mandatory L
    Case("cost with a unit", put("portfolio", D12="12k"), "portfolio", "D12", "'12k'", "a number", "cost"),
    Case("negative cost", put("portfolio", D5=-5), "portfolio", "D5", "-5", "≥ 0", "cost"),
    Case("unknown objective", put("portfolio", C5="O99"), "portfolio", "C5", "'O99'", "objective id", "objective"),
    Case("duplicate id", put("portfolio", A27="I01"), "portfolio", "A27", "'I01'", "once", "id"),
    Case("mandatory that is no boolean", put("portfolio", L3="maybe"), "portfolio", "L3", "'maybe'",
         "true or false", "mandatory"),
    Case("dependency on a missing initiative", put("portfolio", J3="I77"), "portfolio", "J3", "'I77'",
         "initiative id", "depends_on"),
    Case("a rating shown as a percentage", fmt("portfolio", "E4", 0.5, "0%"), "portfolio", "E4", "'50%'",
         "a number", "strategic_fit"),
    Case("criterion rating left blank", put("portfolio", F6=None), "portfolio", "F6", "nothing", "rating on",
         "financial_value"),
    Case("cells merged across columns", merge("portfolio", "B3:C3"), "portfolio", "B3",
         "cells B3:C3 merged across columns", "unmerge"),
    Case("formula error", error_in("portfolio", "D7", "#DIV/0!"), "portfolio", "D7", "the formula error #DIV/0!",
         "a value", "cost"),
    Case("formula never calculated", put("portfolio", D8="=SUM(D2:D7)"), "portfolio", "D8",
         "a formula never calculated (=SUM(D2:D7))", "a value", "cost"),
    Case("a value under no header", put("portfolio", AD9="see email"), "portfolio", "AD9", "'see email'",
         "a header above it in row 1"),
    Case("a column named twice", put("portfolio", M1="name"), "portfolio", "B1", "the column twice",
         "each column once", "name"),
    Case("a required column renamed", put("portfolio", D1="costs"), "portfolio", None,
         "no such column (did you mean 'costs'?)", "a column named 'cost'", "cost"),
    # maturity_responses: respondent A, role B, question C, score D, comment E, wave F
    Case("score out of range", put("maturity_responses", D10=7), "maturity_responses", "D10", "'7'", "1–5", "score"),
    Case("half a point", put("maturity_responses", D11=3.5), "maturity_responses", "D11", "'3.5'", "integer",
         "score"),
    Case("score as a word", put("maturity_responses", D12="high"), "maturity_responses", "D12", "'high'",
         "integer", "score"),
    Case("wave with a time of day", put("maturity_responses", F2=dt.datetime(2026, 3, 16, 9, 30)),
         "maturity_responses", "F2", "'2026-03-16 09:30:00'", "YYYY-MM-DD", "wave"),
    Case("wave typed as dd/mm/yyyy text", put("maturity_responses", F3="16/03/2026"), "maturity_responses", "F3",
         "'16/03/2026'", "YYYY-MM-DD", "wave"),
    Case("unknown question", put("maturity_responses", C4="ZZ9"), "maturity_responses", "C4", "'ZZ9'",
         "question id", "question"),
    # benefits: id A ... direction H, baseline I, target J, start K, due L, tolerance_pct M, kind N
    Case("direction outside the drop-down", put("benefits", H2="up"), "benefits", "H2", "'up'",
         "increase or decrease", "direction"),
    Case("due before start", put("benefits", L3=dt.date(2025, 1, 1)), "benefits", "L3", "'2025-01-01'",
         "after the start date", "due"),
    Case("tolerance typed as a percentage", fmt("benefits", "M4", 0.1, "0%"), "benefits", "M4", "'10%'",
         "a number", "tolerance_pct"),
    Case("kind misspelt", put("benefits", N5="benefits"), "benefits", "N5", "'benefits'", "dis-benefit", "kind"),
    # benefit_actuals: benefit A, date B, value C, note D
    Case("measurement of an unknown benefit", put("benefit_actuals", A6="B99"), "benefit_actuals", "A6", "'B99'",
         "an id listed in benefits.csv", "benefit"),
    Case("a date left as its serial number", fmt("benefit_actuals", "B7", 46000, "General"), "benefit_actuals", "B7", "'46000'",
         "YYYY-MM-DD", "date"),
    Case("a value written as n/a", put("benefit_actuals", C8="n/a"), "benefit_actuals", "C8", "'n/a'", "a number",
         "value"),
    Case("a sheet emptied of everything", lambda wb: wb["benefits"].delete_rows(1, 200), "benefits", None,
         "an empty sheet", "a header row"),
    # accepted, each under a stated rule
    Case("accepted: a cell merged down gives each row its value", steps(put("portfolio", C5="O3", C6=None),
                                                                         merge("portfolio", "C5:C6"))),
    Case("accepted: hidden rows are data, as in Excel's CSV export",
         lambda wb: setattr(wb["portfolio"].row_dimensions[4], "hidden", True)),
    Case("accepted: numbers stored as text", put("portfolio", D3="1150000", E3=" 4 ")),
    Case("accepted: trailing rows that are only formatted", lambda wb: [
        setattr(wb["benefit_actuals"].cell(row=r, column=3), "number_format", "0.00") for r in range(200, 400)]),
    Case("accepted: a sheet name in capitals", steps(lambda wb: setattr(wb["portfolio"], "title", "x"),
                                                     lambda wb: setattr(wb["x"], "title", "Portfolio"))),
    Case("accepted: a text cell that looks like a formula stays text",
         lambda wb: text_cell(wb["portfolio"], 3, 2, '=HYPERLINK("http://x","y")')),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """acme-logistics in a workbook, with its first 60 maturity answers only (for speed)."""
    return as_workbook_client(DEFAULT_DATA_DIR / "acme-logistics", tmp_path_factory.mktemp("base") / "acme-logistics",
                              answers=60)


def test_the_catalogue_has_at_least_twenty_refusals() -> None:
    assert sum(1 for c in CASES if c.sheet) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_workbook(case: Case, base: Path, tmp_path: Path) -> None:
    folder = tmp_path / base.name
    shutil.copytree(base, folder)
    edit_book(folder / "client.xlsx", case.edit)
    issues = check(folder)
    if case.sheet is None:
        assert issues == []
        return
    assert len(issues) == 1, "\n".join(map(str, issues))
    issue = issues[0]
    assert isinstance(issue, CellIssue) and issue.file == "client.xlsx"
    assert (issue.sheet.lower(), issue.cell) == (case.sheet, case.cell)
    if case.field:
        assert issue.field == case.field
    text = str(issue)
    head = f"client.xlsx, sheet {case.sheet}" + (f", cell {case.cell}" if case.cell else "")
    assert text.startswith(head), text
    assert f"found {case.found}" in text or case.found in text.split("; expected")[0], text
    assert case.expected in text.split("; expected")[1], text


def test_both_a_csv_and_its_sheet_is_refused_naming_both(base: Path, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "clients"
    shutil.copytree(base, data_dir / base.name)
    shutil.copy(DEFAULT_DATA_DIR / "acme-logistics" / "portfolio.csv", data_dir / base.name / "portfolio.csv")
    assert main(["validate", base.name, "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "found both portfolio.csv and sheet portfolio of client.xlsx; expected one or the other" in err


def test_an_unreadable_workbook_is_named_for_every_file_it_should_hold(base: Path, tmp_path: Path) -> None:
    folder = tmp_path / base.name
    shutil.copytree(base, folder)
    (folder / "client.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    issues = check(folder)
    assert issues and all("client.xlsx" in str(i) and "not an Excel workbook" in str(i) for i in issues)


def test_the_readme_states_the_catalogues_count() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    refused = sum(1 for c in CASES if c.sheet)
    assert f"{refused} refusals" in readme and f"{len(CASES) - refused} accepted cases" in readme
