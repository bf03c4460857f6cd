"""Reading the consultant's CSV files, which come from Excel, email and workshops.

Rules, applied the same way to every CSV of the data contract:
- UTF-8 with or without a BOM; a file that is not valid UTF-8 is read as Windows-1252, the
  encoding Excel uses on Windows when it saves "CSV".
- Comma-separated; a header that has semicolons and no commas marks a European Excel export:
  semicolon-delimited, and a decimal comma in a number (`3,5`) is read as a decimal point.
- Column names and cells are trimmed; column names are matched without regard to case.
- Blank rows are ignored wherever they are; rows keep the numbers they have in the file
  (row 1 is the first line under the header), so an error points at the spreadsheet row.
- Dates must be ISO (YYYY-MM-DD): dd/mm/yyyy versus mm/dd/yyyy cannot be told apart safely.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence, TypeVar

from pydantic import BaseModel, ValidationError

from playbook.errors import Issue, Text
from playbook.intake.issues import issues_from, suggest

M = TypeVar("M", bound=BaseModel)
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass
class Table:
    file: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_csv(path: Path, required: Sequence[str], optional: Iterable[str] = (),
             prefixes: Sequence[str] = ()) -> tuple[Table, list[Issue]]:
    """Read a CSV into trimmed text cells; report a missing file, empty file or bad header.

    Columns beyond `required` and `optional` are kept (the contract may be extended), except
    that one closely resembling a missing required column is reported as a likely misspelling.
    """
    name = path.name
    table = Table(name, [])
    if not path.is_file():
        return table, [Issue(name, "(file)", None, f"a file at {path}")]
    text = decode(path.read_bytes())
    lines = text.splitlines()
    header_line = next((ln for ln in lines if ln.strip()), "")
    if not header_line:
        return table, [Issue(name, "(file)", Text("an empty file"), "a header row: " + ", ".join(required))]
    semicolon = ";" in header_line and "," not in header_line
    reader = csv.reader(io.StringIO(text), delimiter=";" if semicolon else ",")
    records = list(reader)
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    header = [h.strip().lower() for h in records[0]]
    table.columns = header
    issues: list[Issue] = []
    known = set(required) | set(optional)
    unknown = [h for h in header if h not in known and not any(h.startswith(p) for p in prefixes)]
    for col in required:
        if col not in header:
            hint = suggest(col, unknown)
            issues.append(Issue(name, col, Text("no such column" + hint), f"a column named '{col}'", row=None))
    dupes = sorted({h for h in header if header.count(h) > 1 and h})
    for col in dupes:
        issues.append(Issue(name, col, Text("the column twice"), "each column once"))
    if issues:
        return table, issues
    for number, record in enumerate(records[1:], start=1):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            issues.append(Issue(name, "(row)", Text(f"{len(cells)} values"), f"{len(header)} values, one per column",
                                row=number))
            continue
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells))
        if semicolon:
            row = {k: v.replace(",", ".") if _DECIMAL_COMMA.match(v) else v for k, v in row.items()}
        table.rows.append(row)
        table.row_numbers.append(number)
    return table, issues


def parse_rows(table: Table, model: type[M]) -> tuple[list[tuple[int, M]], list[Issue]]:
    """Validate every row with `model`; blank cells arrive as None. Collects all issues."""
    parsed: list[tuple[int, M]] = []
    issues: list[Issue] = []
    for number, row in zip(table.row_numbers, table.rows):
        data: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        try:
            parsed.append((number, model.model_validate(data)))
        except ValidationError as exc:
            issues.extend(issues_from(exc, table.file, row=number, raw=row))
    return parsed, issues
