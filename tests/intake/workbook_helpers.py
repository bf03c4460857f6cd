"""Building small workbooks for tests, including what openpyxl cannot write itself: formulas
with the results Excel saves beside them (openpyxl writes formulas without results)."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from playbook.intake.client import load_client
from playbook.intake.workbook_write import intake_workbook


def write_book(path: Path, sheets: dict[str, Iterable[Iterable[Any]]],
               tweak: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """A workbook with one sheet per entry (rows from A1); `tweak` edits it before saving."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws: Worksheet = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    if tweak:
        tweak(wb)
    wb.save(path)
    return path


def cache_results(path: Path, sheet_index: int, results: dict[str, str | float]) -> None:
    """Give formula cells the results Excel would have saved with them (by cell address)."""
    part = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    xml = files[part].decode()
    for ref, value in results.items():
        kind = ' t="str"' if isinstance(value, str) else ""
        xml, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>', rf'<c r="{ref}"\1{kind}><f>\2</f><v>{value}</v>',
                         xml)
        assert n == 1, ref
    files[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def as_workbook_client(src: Path, dest: Path, answers: int | None = None) -> Path:
    """A copy of a client folder that keeps its data files as sheets of client.xlsx (with only
    its first `answers` maturity answers, for speed, when given)."""
    shutil.copytree(src, dest)
    if answers is not None:
        path = dest / "maturity_responses.csv"
        path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[: answers + 1]),
                        encoding="utf-8")
    data = intake_workbook(dest, load_client(dest), dest.name)
    for csv in dest.glob("*.csv"):
        csv.unlink()
    (dest / "client.xlsx").write_bytes(data)
    return dest


def edit_book(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> None:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
