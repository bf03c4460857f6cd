"""What the fast reader does not say about a sheet's cells, read from the .xlsx package itself.

python-calamine reads values about ten times faster than openpyxl, but it reads a formula
error (#DIV/0!) and a formula whose result was never saved (a file written by a script and
never opened in Excel) as an empty cell, and it drops number formats, so 10% arrives as 0.1.
Each of those would be a silently wrong number. This module finds exactly those cells with
one pass over the sheet's XML, and only when the package shows such cells can exist.
It also refuses a package that would unpack to an unreasonable size (a zip bomb).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import unescape

MAX_UNPACKED = 200 * 1024 * 1024  # bytes; a 5,000-row sheet is about 3 MB
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PERCENT_BUILTIN = {9, 10}
_TOKEN = re.compile(r"<(?:\w+:)?row\b([^>]*)>|<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR = re.compile(r'\b(r|s|t)="([^"]*)"')
_FORMULA = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


@dataclass
class CellNotes:
    """Cells of one sheet (0-based row, column) whose value the fast reader misreports."""

    percent: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # '#DIV/0!'
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  # formula text


def package_problem(path: Path) -> str | None:
    """Why the file cannot be read as an .xlsx package, or None."""
    try:
        with zipfile.ZipFile(path) as zf:
            size = sum(i.file_size for i in zf.infolist())
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return "a file that is not an Excel workbook (.xlsx)"
    if "xl/workbook.xml" not in names:
        return "a file that is not an Excel workbook (.xlsx)"
    if size > MAX_UNPACKED:
        return f"a workbook that unpacks to {size / 2**20:,.0f} MB (at most {MAX_UNPACKED // 2**20} MB)"
    return None


def column_letter(index: int) -> str:
    """1 -> 'A', 28 -> 'AB' (openpyxl has this too, but importing it costs a quarter second)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    for node in book.iter(f"{_MAIN}sheet"):
        if node.get("name") == sheet:
            target = targets.get(node.get(f"{_REL}id"), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


def _percent_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a percentage."""
    try:
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return set()
    percent_ids = set(_PERCENT_BUILTIN)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode", ""))
        if "%" in code:
            percent_ids.add(int(fmt.get("numFmtId", "-1")))
    xfs = styles.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.findall(f"{_MAIN}xf")) if int(xf.get("numFmtId", "0")) in percent_ids}


def cell_notes(path: Path, sheet: str) -> CellNotes:
    """The percent-formatted, error and never-calculated cells of `sheet`."""
    notes = CellNotes()
    with zipfile.ZipFile(path) as zf:
        part = _sheet_part(zf, sheet)
        if part is None:
            return notes
        xml = zf.read(part)
        percent = _percent_styles(zf) if b' s="' in xml else set()
    if not percent and b't="e"' not in xml and not _HAS_FORMULA.search(xml):
        return notes
    row, col = -1, -1
    for m in _TOKEN.finditer(xml.decode("utf-8")):
        if m.group(1) is not None:  # a <row>
            attrs = dict(_ATTR.findall(m.group(1)))
            row, col = (int(attrs["r"]) - 1 if "r" in attrs else row + 1), -1
            continue
        attrs = dict(_ATTR.findall(m.group(2)))
        ref = _REF.match(attrs.get("r", ""))
        if ref:
            row, col = int(ref.group(2)) - 1, _column_index(ref.group(1))
        else:
            col += 1
        body = m.group(3) or ""
        value = _VALUE.search(body)
        if attrs.get("t") == "e":
            notes.errors[(row, col)] = value.group(1) if value else "#N/A"
            continue
        formula = _FORMULA.search(body)
        if formula and value is None:
            notes.uncached[(row, col)] = "=" + unescape(formula.group(1) or "…")
        elif value is not None and attrs.get("t") in (None, "n") and attrs.get("s", "").isdigit() \
                and int(attrs["s"]) in percent:
            notes.percent.add((row, col))
    return notes
