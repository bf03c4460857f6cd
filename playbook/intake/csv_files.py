"""Reading the consultant's CSV files, which come from Excel, email and workshops.

Rules, applied the same way to every CSV of the data contract:
- UTF-8 with or without a BOM; UTF-16 (with a BOM, or recognised by its zero bytes) as some
  Excel versions save "Unicode text"; a file that is not valid UTF-8 is read as Windows-1252,
  the encoding Excel uses on Windows when it saves "CSV". A file with NUL bytes is refused.
- Comma-separated; a header that has semicolons and no commas marks a European Excel export:
  semicolon-delimited, with a decimal comma in numbers (see playbook.intake.values for how
  numbers that could be read two ways are refused in either kind of file).
- Quotes come in pairs: a quote that is never closed, or one that closes in the middle of a
  cell, is an error naming the row and line where it opened, never a cell that swallows the
  rows after it. Every row has exactly as many cells as the header, except that a row may leave
  off trailing optional columns (blank); one short of a required column is an error.
- Limits: a file of at most 5 MB (MAX_BYTES); a cell of at most 32,767 characters (Excel's own).
- Column names and cells are trimmed; column names are matched without regard to case.
- Blank rows are ignored wherever they are; rows keep the numbers they have in the file
  (row 1 is the first row under the header), so an error points at the spreadsheet row, and
  names the physical line too (which differs after a cell holding line breaks).
- Dates must be ISO (YYYY-MM-DD): dd/mm/yyyy versus mm/dd/yyyy cannot be told apart safely.
- Files are read only from inside the client folder (playbook.intake.paths.read_confined).
- A sheet of the same name in the folder's client.xlsx may stand for the CSV (never both):
  playbook.intake.workbook_read reads it under these rules and names cells in its errors.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence, TypeVar

from pydantic import BaseModel, ValidationError

from playbook.errors import Issue, Text
from playbook.intake.issues import issues_from, suggest
from playbook.intake.paths import read_confined

M = TypeVar("M", bound=BaseModel)
MAX_BYTES = 5_000_000
MAX_CELL = 32_767
csv.field_size_limit(MAX_BYTES + 1)  # one over-long cell is reported with its row, not raised
_QUOTES = "quotes in pairs around a cell (a quote inside a quoted cell is written twice: \"\")"


@dataclass
class Table:
    file: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    line_numbers: list[int] = field(default_factory=list)  # the physical line each row starts on
    european: bool = False  # semicolons and decimal commas: numbers are read with a comma

    def locate(self, issues: list[Issue]) -> list[Issue]:
        """The issues, with the physical line of this file's rows filled in."""
        lines = dict(zip(self.row_numbers, self.line_numbers))
        return [Issue(i.file, i.field, i.found, i.expected, row=i.row, line=lines.get(i.row))
                if i.file == self.file and i.row in lines and i.line is None else i for i in issues]


def decode(raw: bytes) -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16/32 with a BOM or UTF-16 by its zero bytes, else
    Windows-1252. Raises UnicodeDecodeError only for a broken UTF-16 or UTF-32 file."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec)
    sample = raw[:4096]
    if len(sample) >= 4 and b"\0" in sample:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            return raw.decode("utf-16-le")
        if even > len(sample) // 4 and odd == 0:
            return raw.decode("utf-16-be")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _text(path: Path) -> tuple[str, Issue | None]:
    raw, problem = read_confined(path, MAX_BYTES)
    if problem is not None:
        return "", problem
    try:
        text = decode(raw)
    except UnicodeDecodeError as exc:
        return "", Issue(path.name, "(encoding)", Text(f"a broken UTF-16/UTF-32 file ({exc.reason})"),
                         "text saved as CSV UTF-8 (or a whole UTF-16 file)")
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        return "", Issue(path.name, "(encoding)", Text("NUL bytes (a binary file, or a spreadsheet's own format?)"),
                         "a text file saved as CSV", line=line)
    return text, None


def _records(text: str, name: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], Issue | None]:
    """Each record with the physical line it starts on; a quoting error as an Issue."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    done = 0
    try:
        for cells in reader:
            records.append((done + 1, cells))
            done = reader.line_num
    except csv.Error as exc:
        start, at = done + 1, reader.line_num
        if "end of data" in str(exc):
            found = Text(f"a quote opened on line {start} that is never closed (it would swallow every "
                         "row after it into one cell)")
        else:
            found = Text(f"a quote that closes in the middle of a cell on line {at} ({exc})")
        return records, Issue(name, "(quoting)", found, _QUOTES, line=start)
    return records, None


def _row_issues(name: str, header: list[str], cells: list[str], row: int, line: int, delimiter: str,
                required: Sequence[str]) -> list[Issue]:
    """A row with the wrong number of cells, an over-long cell, or a cell that swallowed rows.
    A row may stop short only where every column it leaves off is optional (a hand-written
    row without its trailing note); then the missing cells are blank."""
    short_of_optional = len(cells) < len(header) and not set(header[len(cells):]) & set(required)
    if len(cells) != len(header) and not short_of_optional:
        what = "more" if len(cells) > len(header) else "fewer"
        hint = " (an unquoted comma in a number or text?)" if what == "more" else \
            " (a missing separator, or a line break in an unquoted cell?)"
        return [Issue(name, "(row)", Text(f"{len(cells)} values, {what} than the header's {len(header)}"),
                      f"{len(header)} values, one per column{hint}", row=row, line=line)]
    issues = []
    for column, cell in zip(header, cells):
        if len(cell) > MAX_CELL:
            issues.append(Issue(name, column, Text(f"a cell of {len(cell):,} characters"),
                                f"at most {MAX_CELL:,} characters in a cell (Excel's own limit)", row=row, line=line))
        elif "\n" in cell and len(header) > 1 and any(
                part.count(delimiter) >= len(header) - 1 for part in cell.splitlines()[1:]):
            issues.append(Issue(name, column, Text(f"a quoted cell from line {line} over {cell.count(chr(10)) + 1} "
                                                   "lines that holds what look like whole rows"),
                                "a closing quote where the cell ends (an unclosed quote swallows the rows after it)",
                                row=row, line=line))
    return issues


def read_csv(path: Path, required: Sequence[str], optional: Iterable[str] = (),
             prefixes: Sequence[str] = ()) -> tuple[Table, list[Issue]]:
    """Read a CSV into trimmed text cells; report a missing, unreadable or empty file, a bad
    header, broken quoting and malformed rows, each with its row and line.

    Columns beyond `required` and `optional` are kept (the contract may be extended), except
    that one closely resembling a missing required column is reported as a likely misspelling.
    """
    from playbook.intake import workbook_read  # a sheet of client.xlsx may stand for the CSV

    served = workbook_read.serve(path, required, optional, prefixes)
    if served is not None:
        return served
    name = path.name
    table = Table(name, [])
    text, problem = _text(path)
    if problem is not None:
        return table, [problem]
    header_line = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not header_line:
        return table, [Issue(name, "(file)", Text("an empty file"), "a header row: " + ", ".join(required))]
    table.european = ";" in header_line and "," not in header_line
    delimiter = ";" if table.european else ","
    records, quoting = _records(text, name, delimiter)
    while records and not any(c.strip() for c in records[0][1]):
        records.pop(0)
    header = [h.strip().lower() for h in records[0][1]] if records else []
    table.columns = header
    issues = header_issues(name, header, required, optional, prefixes)
    if issues or not records:
        return table, issues + ([quoting] if quoting else [])
    for number, (line, record) in enumerate(records[1:], start=1):
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        problems = _row_issues(name, header, cells, number, line, delimiter, required)
        if problems:
            issues += problems
            continue
        table.rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
        table.row_numbers.append(number)
        table.line_numbers.append(line)
    if quoting is not None:
        issues.append(Issue(name, quoting.field, quoting.found, quoting.expected, row=len(records), line=quoting.line))
    return table, issues


def exists(path: Path) -> bool:
    """The CSV, or the sheet of client.xlsx that stands for it, is there."""
    from playbook.intake.workbook_read import kept_in_workbook

    return path.exists() or path.is_symlink() or kept_in_workbook(path)


def located(folder: Path, issues: list[Issue]) -> list[Issue]:
    """The issues restated at sheet and cell for files the folder keeps in client.xlsx."""
    from playbook.intake.workbook_read import WORKBOOK, locate

    return locate(folder, issues) if issues and (folder / WORKBOOK).is_file() else issues


def header_issues(name: str, header: Sequence[str], required: Sequence[str], optional: Iterable[str] = (),
                  prefixes: Sequence[str] = ()) -> list[Issue]:
    """Missing required columns (with a likely misspelling named) and columns given twice."""
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
    return issues


def parse_rows(table: Table, model: type[M]) -> tuple[list[tuple[int, M]], list[Issue]]:
    """Validate every row with `model`; blank cells arrive as None, and the shared number types
    read a European export's decimal commas. Collects all issues."""
    parsed: list[tuple[int, M]] = []
    issues: list[Issue] = []
    context = {"european": table.european}
    pairs = [] if table.european else _number_then_text(model, table.columns)
    lines = table.line_numbers + [None] * (len(table.rows) - len(table.line_numbers))  # a sheet has none
    for number, line, row in zip(table.row_numbers, lines, table.rows):
        split = [(a, b) for a, b in pairs if _WHOLE.fullmatch(row[a]) and _THREE.fullmatch(row[b])]
        if split:
            a, b = split[0]
            issues.append(Issue(table.file, a, Text(f"'{row[a]}' then '{row[b]}' in the next column, {b}"),
                                f"one number: an unquoted '{row[a]},{row[b]}' splits into two cells in a comma file "
                                f"(write {row[a]}.{row[b]} for a decimal, or {row[a]}{row[b]} for a whole number)",
                                row=number, line=line))
            continue
        data: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        try:
            parsed.append((number, model.model_validate(data, context=context)))
        except ValidationError as exc:
            issues.extend(table.locate(issues_from(exc, table.file, row=number, raw=row)))
    return parsed, issues


_WHOLE = re.compile(r"^[+-]?\d+$")
_THREE = re.compile(r"^\d{3}$")


@lru_cache(maxsize=None)
def _properties(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema().get("properties", {})


def _number_then_text(model: type[BaseModel], columns: list[str]) -> list[tuple[str, str]]:
    """Adjacent columns where a number is followed by free text: there, `0,617` written without
    quotes reads as the number 0 and the text '617', a wrong number no count of cells reveals."""
    props = _properties(model)

    def kind(column: str) -> set[str]:
        spec = props.get(column, {})
        return {"coded" if "format" in t or "enum" in t or "const" in t else t.get("type")
                for t in spec.get("anyOf", [spec])} - {"null", None}

    return [(a, b) for a, b in zip(columns, columns[1:])
            if kind(a) & {"number", "integer"} and kind(b) == {"string"}]
