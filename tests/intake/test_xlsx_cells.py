"""Cells and sheet names every workbook the playbook writes can hold safely."""
from __future__ import annotations

import openpyxl

from playbook.intake.xlsx_cells import MAX_TEXT, put, sheet_title


def test_sheet_titles_are_legal_unique_and_cut_at_a_word() -> None:
    taken: set[str] = set()
    names = [sheet_title(n, taken) for n in ("Table 1 Priorities: largest gap to target first", "a/b[c]*?",
                                             "History", "Cover", "cover", "'quoted'")]
    assert names == ["Table 1 Priorities largest gap…", "a b c", "History data", "Cover", "cover (2)", "quoted"]
    assert all(len(n) <= 31 for n in names)
    wb = openpyxl.Workbook()
    for n in names:
        wb.create_sheet(n)  # openpyxl refuses illegal names


def test_values_keep_their_types_and_text_is_inert_and_storable() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, value in enumerate(["=1+2", "plain", 3, 2.5, True, float("nan"), None, "bell\x07", "x" * 40_000], 1):
        put(ws, 1, col, value)
    cells = ws[1]
    assert (cells[0].value, cells[0].data_type, cells[0].quotePrefix) == ("=1+2", "s", True)
    assert (cells[1].quotePrefix, cells[2].value, cells[3].value, cells[4].value) == (False, 3, 2.5, True)
    assert cells[5].value is None and cells[6].value is None and cells[7].value == "bell"
    assert len(cells[8].value) == MAX_TEXT and cells[8].value.endswith("…")
