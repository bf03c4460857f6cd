"""Workshop answers appended to client.xlsx, for clients who keep their data in a workbook.

The same promise as appending to a CSV (playbook.intake.atomic.append_csv_rows): under the
file's lock, nothing already there is touched, and the workbook is replaced atomically, so a
crash leaves the old one. Rows follow the sheet's own header (its order, matched without
regard to case); a column the sheet lacks is added at its end. Values are written with their
types, as the intake workbook writes them, and a sheet the workbook lacks is created with
the contract's header comments. The workbook's drop-downs, comments and formats are kept.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import load_workbook

from playbook.errors import PlaybookError
from playbook.intake.atomic import atomic_write, locked
from playbook.intake.contract_columns import BY_FILE, FileSpec, describe, layout
from playbook.intake.workbook_read import sheet_of, text_of, unreadable
from playbook.intake.workbook_write import typed
from playbook.intake.xlsx_cells import header_row, put


def _text(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return text_of(value) if not isinstance(value, str) else value


def _header(ws: Any) -> tuple[int, dict[str, int]]:
    """The header's row and {column name: column number}; (0, {}) for an empty sheet."""
    for cells in ws.iter_rows():
        names = {str(c.value).strip().lower(): c.column for c in cells if c.value not in (None, "")}
        if names:
            return cells[0].row, names
    return 0, {}


def _last_row(ws: Any, top: int) -> int:
    """The last row holding a value (formatted empty rows below it do not count)."""
    for r in range(ws.max_row, top, -1):
        if any(c.value not in (None, "") for c in ws[r]):
            return r
    return top


def append_sheet_rows(book: Path, file: str, header: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """Append `rows` to the sheet standing for `file` in `book`; returns the workbook's path."""
    book = Path(book)
    spec: FileSpec | None = BY_FILE.get(file)
    with locked(book):
        problem = unreadable(book)
        if problem:
            raise PlaybookError(f"{book.name}: cannot add to {file}: found {problem}; expected a workbook "
                                "that opens in Excel (restore it, or import a good copy)")
        wb = load_workbook(book)
        name = next((n for n in wb.sheetnames if n.strip().casefold() == sheet_of(file)), None)
        if name is None:
            ws = wb.create_sheet(sheet_of(file))
            columns = layout(spec, list(header)) if spec else []
            header_row(ws, list(header), [c.help for c in columns])
        ws = wb[name or sheet_of(file)]
        top, names = _header(ws)
        extra = [c for c in header if c not in names and any(str(r.get(c) or "") for r in rows)]
        for offset, column in enumerate(extra, start=max(names.values(), default=0) + 1):
            put(ws, top, offset, column)
            names[column] = offset
        r = _last_row(ws, top)
        for row in rows:
            r += 1
            for column, number in names.items():
                value = row.get(column)
                if value is None:
                    continue
                text = _text(value)
                put(ws, r, number, typed(describe(spec, column), text) if spec else text)
        buffer = io.BytesIO()
        wb.save(buffer)
        return atomic_write(book, buffer.getvalue())

