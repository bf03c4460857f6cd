"""The intake workbook: one sheet per data file, filled with the client's current data.

Clients live in Excel, so they get their files as one workbook to fill in: a read-me sheet,
then one sheet per CSV of the data contract the client has (all of them with `all_files`),
each with a header whose comments explain the columns, drop-downs for the closed sets, range
checks for the scales, number and date formats, frozen headers and filters. Values are written
with their types (numbers as numbers, dates as dates) so that reading the untouched workbook
back gives the same figures as the CSVs (`playbook import` then changes no file).
"""
from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from playbook import __version__
from playbook.errors import DataError
from playbook.intake.client import Client
from playbook.intake.contract_columns import (
    BOOL, DATE, MONEY, NUMBER, SPECS, WHOLE, Column, Criterion, FileSpec, layout, portfolio_extras)
from playbook.intake.csv_files import exists, read_csv
from playbook.intake.xlsx_cells import DATE_FORMAT, fit_widths, header_row, put

FORMATS = {DATE: DATE_FORMAT, MONEY: "#,##0", WHOLE: "0", NUMBER: "General", BOOL: "General"}
TEXT_FORMAT = "@"  # typed ids such as 007 stay text; 1-2 is not turned into a date
LAST_ROW = 1_048_576
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOLS = {"true": True, "false": False}


def typed(column: Column, text: str) -> Any:
    """The cell value for a CSV cell: a number, date or boolean where the column holds one and
    the text is one; otherwise the text as written (a bad value stays for the import to report)."""
    if text == "":
        return None
    if column.kind in (NUMBER, MONEY, WHOLE):
        try:
            number = float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return text
        return int(number) if number.is_integer() and abs(number) < 1e15 else number
    if column.kind == DATE and _ISO.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if column.kind == BOOL and text.lower() in _BOOLS:
        return _BOOLS[text.lower()]
    return text


def _validation(column: Column) -> DataValidation | None:
    """The drop-down or range check for a column, or None where any text goes."""
    rule = column.help
    if column.choices:
        listed = ",".join(str(c) for c in column.choices)
        dv = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    elif column.kind == BOOL:
        dv = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    elif column.kind == DATE:
        dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True)
        rule = "A date (YYYY-MM-DD) between 1990 and 2100. " + rule
    elif column.kind in (WHOLE, NUMBER, MONEY) and (column.low is not None or column.high is not None):
        kind = "whole" if column.kind == WHOLE else "decimal"
        if column.high is None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=str(column.low), allow_blank=True)
        else:
            dv = DataValidation(type=kind, operator="between", formula1=str(column.low),
                                formula2=str(column.high), allow_blank=True)
    else:
        return None
    dv.error, dv.errorTitle, dv.showErrorMessage = rule[:255], column.name[:32], True
    return dv


def _fill_sheet(ws: Worksheet, columns: list[Column], rows: Iterable[dict[str, str]]) -> int:
    header_row(ws, [c.name for c in columns], [c.help for c in columns])
    count = 0
    for r, row in enumerate(rows, start=2):
        count += 1
        for c, column in enumerate(columns, start=1):
            value = typed(column, row.get(column.name, ""))
            put(ws, r, c, value, FORMATS.get(column.kind, TEXT_FORMAT) if not isinstance(value, str) else TEXT_FORMAT)
    for c, column in enumerate(columns, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].number_format = FORMATS.get(column.kind, TEXT_FORMAT)
        dv = _validation(column)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{max(2, count + 1)}"
    fit_widths(ws)
    return count


def _extras(spec: FileSpec, client: Client) -> list[Column]:
    if spec.file != "portfolio.csv":
        return []
    p = client.prioritisation
    criteria = [Criterion(c.name, c.weight, c.lower_is_better) for c in p.criteria]
    return portfolio_extras(criteria, list(p.capacity))


def _readme(ws: Worksheet, client: Client, client_id: str, listing: list[tuple[FileSpec, int]]) -> None:
    ws.title = "read me"
    lines: list[tuple[str, Any]] = [
        ("PMO Playbook intake workbook", None),
        ("Client", client.client), ("Client id", client_id),
        ("As of", client.as_of or "not set in client.yaml"), ("Currency", client.currency),
        ("Written", dt.date.today()), ("Playbook version", __version__), ("", None),
        ("How to fill it in", None),
        ("1.", "One sheet per data file. Keep each sheet's name and its header row (row 1); add rows below."),
        ("2.", "Hover over a header cell for what the column holds. Columns with a drop-down accept only its values."),
        ("3.", "Type dates as dates (YYYY-MM-DD) and numbers as plain numbers: no units, no 'k', no %."),
        ("4.", "Leave a cell empty when the value is unknown. Empty rows are ignored."),
        ("5.", "Do not merge cells across columns. Formulas are fine: their results are read."),
        ("6.", f"Send it back to your consultant, who checks it with `playbook import {client_id} FILE.xlsx`: "
               "every problem is named by sheet and cell, and nothing is changed until all are fixed."),
        ("", None), ("Sheet", "What it holds"),
    ]
    for spec, count in listing:
        required = ", ".join(c.name for c in spec.required)
        lines.append((spec.sheet, f"{spec.title}: {count} rows. Required columns: {required}."))
    headings = {"How to fill it in", "Sheet"}
    for r, (label, value) in enumerate(lines, start=1):
        put(ws, r, 1, label)
        put(ws, r, 2, value)
        if label in headings:
            ws.cell(row=r, column=1).font = ws.cell(row=r, column=2).font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 110
    for row in ws.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def intake_workbook(folder: Path, client: Client, client_id: str, all_files: bool = False) -> bytes:
    """The workbook of a client's data files (as CSVs or as sheets of its client.xlsx).
    Raises DataError when a file cannot be read at all (fix it first: nothing would be faithful)."""
    wb = Workbook()
    readme = wb.active
    listing: list[tuple[FileSpec, int]] = []
    problems = []
    for spec in SPECS:
        path = Path(folder) / spec.file
        if not exists(path):
            if not all_files:
                continue
            header, rows = None, []
        else:
            table, issues = read_csv(path, [])
            problems += issues
            header, rows = table.columns, table.rows
        ws = wb.create_sheet(spec.sheet)
        listing.append((spec, _fill_sheet(ws, layout(spec, header, _extras(spec, client)), rows)))
    if problems:
        raise DataError(problems)
    _readme(readme, client, client_id, listing)
    wb.properties.creator = "PMO Playbook"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
