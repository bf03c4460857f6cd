"""Reading a sheet of client.xlsx as if it were the CSV of the same name.

A client folder may keep `client.xlsx` instead of (never beside) a CSV: its sheet `portfolio`
stands for portfolio.csv. A sheet becomes the same trimmed text cells and row numbers the CSV
reader produces, so the loaders apply one set of rules to both, and every problem is reported
at a cell: `client.xlsx, sheet portfolio, cell D12 (cost): found '12k'; expected a number`.

What a workbook adds to the CSV rules, and why:
- Values are read with python-calamine (fast); formula cells give their saved results.
  A formula error (#DIV/0!) or a formula never calculated is an error, never a blank.
- A number shows as Excel shows it when saving CSV: 1100.0 is "1100"; a percent-formatted
  0.1 is "10%" (which a number field refuses), so 10% never becomes 0.1 silently.
- Dates become YYYY-MM-DD; a date with a time of day keeps the time, and a date field refuses it.
- A cell merged down several rows gives its value to each of them (what the reader sees);
  a merge across columns is an error, since one value cannot fill two fields.
- Hidden rows and sheets are read like any other: Excel's own "Save as CSV" keeps them, and a
  row hidden by a filter is still data.
- Blank rows are skipped wherever they are (trailing formatted rows included); row numbers
  count from the header row, as in the CSV, and cells are named by their sheet address.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from playbook.errors import Issue, Text, _show
from playbook.intake.csv_files import Table, header_issues
from playbook.intake.xlsx_parts import CellNotes, cell_notes, column_letter, package_problem

WORKBOOK = "client.xlsx"
NOT_A_VALUE = "a value (fix the formula, or type the value)"


@dataclass(frozen=True)
class CellIssue(Issue):
    """An Issue in a workbook: `file` is the workbook, `row` the data row (as in the CSV)."""

    sheet: str = ""
    cell: str | None = None  # "D12"; None when the problem is a whole row or the sheet
    sheet_row: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}, sheet {self.sheet}"
        if self.cell:
            where += f", cell {self.cell}" + ("" if self.field.startswith("(") else f" ({self.field})")
        elif self.sheet_row:
            where += f", row {self.sheet_row}" + ("" if self.field.startswith("(") else f" ({self.field})")
        elif not self.field.startswith("("):
            where += f", column {self.field}"
        return f"{where}: found {_show(self.found)}; expected {self.expected}"


@dataclass
class SheetTable(Table):
    """A Table read from a sheet; knows the sheet address of every data cell."""

    workbook: str = WORKBOOK
    sheet: str = ""
    header_row: int = 1  # the sheet row of the header (1-based)
    letters: dict[str, str] = field(default_factory=dict)  # column name -> column letter

    def where(self, issue: Issue) -> CellIssue:
        """The issue restated at its cell (or row, or column) of this sheet."""
        letter = self.letters.get(issue.field)
        sheet_row = None if issue.row is None else self.header_row + issue.row
        cell = None
        if letter:
            cell = f"{letter}{sheet_row if sheet_row is not None else self.header_row}"
        return CellIssue(self.workbook, issue.field, issue.found, issue.expected, row=issue.row,
                         sheet=self.sheet, cell=cell, sheet_row=sheet_row)


def sheet_of(file: str) -> str:
    return file.removesuffix(".csv")


def _stamp(path: Path) -> tuple[str, int, int, int]:
    """What identifies one version of a file (an atomic replace makes a new inode)."""
    st = path.stat()
    return str(path.resolve()), st.st_ino, st.st_mtime_ns, st.st_size


@lru_cache(maxsize=8)
def _package_problem(stamp: tuple[str, int, int, int]) -> str | None:
    return package_problem(Path(stamp[0]))


@lru_cache(maxsize=8)
def _sheet_names(stamp: tuple[str, int, int, int]) -> dict[str, str]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(stamp[0])
    return {name.strip().casefold(): name for name in book.sheet_names}


@lru_cache(maxsize=8)
def _grid(stamp: tuple[str, int, int, int], sheet: str) -> tuple[list[list[Any]], list[Any], CellNotes]:
    """The sheet's values from A1, its merged ranges and the cells calamine misreports."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(stamp[0])
    found = book.get_sheet_by_name(sheet)
    return found.to_python(skip_empty_area=False), list(found.merged_cell_ranges or []), \
        cell_notes(Path(stamp[0]), sheet)


def sheet_names(book: Path) -> dict[str, str]:
    """{casefolded name: name as written} of a readable workbook; {} for one that is not."""
    return {} if unreadable(book) else _sheet_names(_stamp(book))


def unreadable(book: Path) -> str | None:
    """Why a workbook that is there cannot be read, or None (also for no workbook at all)."""
    if book.is_symlink() and book.resolve().parent != book.parent.resolve():
        return "a link to a file outside the client folder (links out are never followed)"
    if not book.is_file():
        return None
    problem = _package_problem(_stamp(book))
    if problem:
        return problem
    try:
        _sheet_names(_stamp(book))
    except Exception as exc:  # calamine's errors (corrupt, encrypted) share no base class
        return f"a workbook that cannot be opened ({type(exc).__name__}: {str(exc)[:80]})"
    return None


def has_sheet(book: Path, file: str) -> bool:
    return sheet_of(file).casefold() in sheet_names(book)


def kept_in_workbook(path: Path) -> bool:
    """No CSV at `path`, but client.xlsx beside it stands for it (or is there and unreadable,
    which the reader then reports rather than treating the file as absent)."""
    book = path.parent / WORKBOOK
    return not (path.exists() or path.is_symlink()) and (book.is_file() or book.is_symlink()) and \
        (unreadable(book) is not None or has_sheet(book, path.name))


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"  # Excel's precision: a formula's 0.30000000000000004 reads 0.3


def text_of(value: Any, percent: bool = False) -> str:
    """A cell value as the text the CSV would hold."""
    kind = type(value)
    if kind is str:
        return value.strip()
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is float or kind is int or isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return str(number)
        return _number(float(f"{number * 100:.15g}")) + "%" if percent else _number(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def _merges(grid: list[list[Any]], ranges: Iterable[Any], name: str, sheet: str) -> list[Issue]:
    """Fill cells merged down a column with the top value; report merges across columns."""
    issues: list[Issue] = []
    for (r0, c0), (r1, c1) in ranges:
        top = f"{column_letter(c0 + 1)}{r0 + 1}"
        if c1 != c0:
            span = f"{top}:{column_letter(c1 + 1)}{r1 + 1}"
            if any(text_of(v) for row in grid[r0:r1 + 1] for v in row[c0:c1 + 1]):
                issues.append(CellIssue(name, "(cell)", Text(f"cells {span} merged across columns"),
                                        "one value per cell (unmerge them)", sheet=sheet, cell=top))
            continue
        for r in range(r0 + 1, min(r1 + 1, len(grid))):
            if c0 < len(grid[r]):
                grid[r][c0] = grid[r0][c0]
    return issues


def _problem(name: str, sheet: str, found: str, expected: str) -> tuple[SheetTable, list[Issue]]:
    return SheetTable(sheet_of(sheet) + ".csv", [], workbook=name, sheet=sheet), \
        [CellIssue(name, "(file)", Text(found), expected, sheet=sheet)]


def read_sheet(book: Path, file: str, required: Sequence[str], optional: Iterable[str] = (),
               prefixes: Sequence[str] = ()) -> tuple[SheetTable, list[Issue]]:
    """Read the sheet standing for `file` (e.g. portfolio.csv) under read_csv's rules."""
    name, sheet = book.name, sheet_of(file)
    problem = unreadable(book)
    if problem:
        return _problem(name, sheet, problem, "an .xlsx workbook saved by Excel or LibreOffice")
    actual = sheet_names(book).get(sheet.casefold())
    if actual is None:
        return _problem(name, sheet, "no such sheet", f"a sheet named '{sheet}' (or the file {file})")
    try:
        grid, ranges, notes = _grid(_stamp(book), actual)
    except Exception as exc:  # an unreadable part: say so rather than fail
        return _problem(name, sheet, f"a sheet that cannot be read ({type(exc).__name__})",
                        "a sheet saved by Excel or LibreOffice")
    grid = [list(r) for r in grid]
    issues = _merges(grid, ranges, name, actual)
    table = SheetTable(file, [], workbook=name, sheet=actual)
    first = next((i for i, r in enumerate(grid) if any(text_of(v) for v in r)), None)
    if first is None:
        return table, issues + [CellIssue(name, "(file)", Text("an empty sheet"),
                                          "a header row: " + ", ".join(required), sheet=actual)]
    header = [text_of(v).lower() for v in grid[first]]
    named = [(i, h) for i, h in enumerate(header) if h]
    table.columns = [h for _, h in named]
    table.header_row = first + 1
    table.letters = {h: column_letter(i + 1) for i, h in reversed(named)}  # a repeated name: its first
    head = [table.where(i) for i in header_issues(file, table.columns, required, optional, prefixes)]
    if head:
        return table, issues + head
    return table, issues + _rows(grid, first, named, notes, table)


def _rows(grid: list[list[Any]], first: int, named: list[tuple[int, str]], notes: CellNotes,
          table: SheetTable) -> list[Issue]:
    """Fill the table's rows; report cells whose value cannot be trusted or has no column."""
    issues: list[Issue] = []
    width = max(c for c, _ in named) + 1
    flagged = {**notes.uncached, **notes.errors}
    marked = bool(flagged or notes.percent)
    orphans: set[int] = set()
    for r in range(first + 1, len(grid)):
        values = grid[r]
        if len(values) < width:
            values = values + [""] * (width - len(values))
        number = r - first
        row = {name: text_of(values[c]) for c, name in named}
        if marked:
            for c, name in named:
                if (r, c) in flagged:
                    found = (f"the formula error {notes.errors[(r, c)]}" if (r, c) in notes.errors
                             else f"a formula never calculated ({notes.uncached[(r, c)]})")
                    issues.append(table.where(Issue(table.file, name, Text(found), NOT_A_VALUE, row=number)))
                elif (r, c) in notes.percent:
                    row[name] = text_of(values[c], percent=True)
        if len(values) > width or len(named) < width:
            _orphans(values, r, number, named, orphans, table, issues)
        if any(row.values()):
            table.rows.append(row)
            table.row_numbers.append(number)
            table.line_numbers.append(r + 1)  # the sheet row
    return issues


def _orphans(values: list[Any], r: int, number: int, named: list[tuple[int, str]], seen: set[int],
             table: SheetTable, issues: list[Issue]) -> None:
    """Report the first value in each column that has no header (one issue per column)."""
    columns = {c for c, _ in named}
    for c, value in enumerate(values):
        if c not in columns and c not in seen and text_of(value):
            seen.add(c)
            issues.append(CellIssue(table.workbook, "(cell)", text_of(value),
                                    f"a header above it in row {table.header_row} (or an empty cell)",
                                    row=number, sheet=table.sheet, cell=f"{column_letter(c + 1)}{r + 1}"))


def serve(path: Path, required: Sequence[str], optional: Iterable[str] = (),
          prefixes: Sequence[str] = ()) -> tuple[Table, list[Issue]] | None:
    """read_csv's answer when client.xlsx stands for `path`; None to read the CSV itself."""
    book = path.parent / WORKBOOK
    if not (book.is_file() or book.is_symlink()):
        return None
    if path.exists() or path.is_symlink():  # the CSV (or whatever stands there) is read as a CSV
        both = both_issue(path.parent, path.name)
        return None if both is None else (Table(path.name, []), [both])
    return read_sheet(book, path.name, required, optional, prefixes)


def files_read(folder: Path, names: Iterable[str]) -> list[str]:
    """The files that hold `names`: each CSV itself, or client.xlsx for those it stands for
    (what a run must carry and fingerprint). Unchanged for a folder that keeps only CSVs."""
    out: list[str] = []
    for name in names:
        held = WORKBOOK if name.endswith(".csv") and kept_in_workbook(folder / name) else name
        if held not in out:
            out.append(held)
    return out


def both_issue(folder: Path, file: str) -> Issue | None:
    """A folder keeps a file as a CSV or as a sheet, never both (which would one trust?)."""
    book = folder / WORKBOOK
    if (folder / file).is_file() and has_sheet(book, file):
        return Issue(file, "(file)", Text(f"both {file} and sheet {sheet_of(file)} of {WORKBOOK}"),
                     f"one or the other: delete {file} or the sheet")
    return None


def locate(folder: Path, issues: Sequence[Issue]) -> list[Issue]:
    """Restate issues the loaders raised against a CSV name at the cell of the sheet that
    stands for that CSV; issues about files kept as CSVs are returned unchanged."""
    book, tables = folder / WORKBOOK, {}
    out = []
    for issue in issues:
        if not isinstance(issue, CellIssue) and issue.file.endswith(".csv") \
                and not (folder / issue.file).exists() and has_sheet(book, issue.file):
            if issue.file not in tables:
                tables[issue.file] = read_sheet(book, issue.file, [])[0]
            issue = tables[issue.file].where(issue)
        out.append(issue)
    return out


def renamed(issues: Sequence[Issue], name: str) -> list[Issue]:
    """The issues of a workbook checked under another name (an import) named as the user knows it."""
    return [replace(i, file=name) if isinstance(i, CellIssue) else i for i in issues]
