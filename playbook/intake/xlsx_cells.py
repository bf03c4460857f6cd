"""Writing cells that open safely in Excel, for every workbook the playbook writes.

Client text is never a formula: a name such as `=HYPERLINK("http://x","y")` is stored as a
string and marked with Excel's quote prefix, so it stays text even when someone edits the cell
(CSV/formula injection). Characters Excel cannot store are dropped and over-long text is cut to
Excel's limit instead of producing a file Excel offers to "repair".
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MAX_TEXT = 32_767  # Excel's limit for one cell
RISKY_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def clean_text(text: str) -> str:
    """The text as Excel can hold it: no control characters, at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> None:
    """Write one value with its type: text as inert text, numbers, dates and booleans as such;
    None, NaN and infinities as an empty cell (a spreadsheet has no better word for them)."""
    cell = ws.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        cell.value = None
    elif isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
        if text.startswith(RISKY_START):
            cell.quotePrefix = True
    elif isinstance(value, (bool, int, float, dt.date, dt.datetime)):
        cell.value = value
    else:
        put(ws, row, column, str(value), number_format)
        return
    if number_format and cell.value is not None:
        cell.number_format = number_format
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, at most 31 characters, not Excel's reserved
    'History'; a clash gets ' (2)', ' (3)'... Adds the result to `taken` (compared casefolded)."""
    base = " ".join(_BAD_TITLE.sub(" ", name).split()).strip("'") or "Sheet"
    if base.casefold() == "history":
        base = "History data"
    title, n = _shorten(base, 31), 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = _shorten(base, 31 - len(suffix)) + suffix
    taken.add(title.casefold())
    return title


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.:;-") + "…"


def header_row(ws: Worksheet, names: Iterable[str], notes: Iterable[str | None] = (), row: int = 1) -> None:
    """A bold header with a comment per column explaining it; panes frozen below it."""
    notes = list(notes)
    for col, name in enumerate(names, start=1):
        put(ws, row, col, name)
        cell = ws.cell(row=row, column=col)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        note = notes[col - 1] if col - 1 < len(notes) else None
        if note:
            cell.comment = Comment(clean_text(note), "PMO Playbook", width=320, height=110)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def fit_widths(ws: Worksheet, minimum: int = 8, maximum: int = 60) -> None:
    """Column widths from the longest value shown, within bounds (the first 500 rows)."""
    widths: dict[int, int] = {}
    for cells in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 500)):
        for cell in cells:
            if cell.value is not None:
                shown = len(cell.value.isoformat()[:10]) if isinstance(cell.value, dt.date) else len(str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), shown)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, width + 2))
