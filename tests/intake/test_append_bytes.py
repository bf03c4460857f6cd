"""Appends keep the file's own bytes: Windows-1252 (as Excel saves CSV), a BOM, CRLF line
endings. The untouched prefix is compared byte for byte, and the file still reads back."""
from __future__ import annotations

import pytest

from playbook.errors import PlaybookError
from playbook.intake.atomic import append_csv_rows
from playbook.intake.csv_files import read_csv

HEADER = ["respondent", "role", "question", "score", "comment"]
ROW = {"respondent": "Zoë Brontë", "role": "Exec", "question": "SA1", "score": 3, "comment": "Café, 5€"}


def test_a_windows_1252_file_keeps_its_encoding_and_its_bytes(tmp_path):
    path = tmp_path / "maturity_responses.csv"
    before = "respondent,role,question,score,comment\r\nRenée Côté,Exec,SA1,4,naïve – ok\r\n".encode("cp1252")
    path.write_bytes(before)
    with pytest.raises(UnicodeDecodeError):
        before.decode("utf-8")  # really not UTF-8
    append_csv_rows(path, HEADER, [ROW])
    after = path.read_bytes()
    assert after[:len(before)] == before
    assert after[len(before):] == "Zoë Brontë,Exec,SA1,3,\"Café, 5€\"\r\n".encode("cp1252")
    table, issues = read_csv(path, HEADER[:4], ["comment"])
    assert issues == [] and table.rows[-1]["respondent"] == "Zoë Brontë" and table.rows[0]["comment"] == "naïve – ok"


def test_a_bom_and_crlf_file_keeps_both(tmp_path):
    path = tmp_path / "benefit_actuals.csv"
    before = b"\xef\xbb\xbfbenefit,date,value,note\r\nB1,2026-01-31,0.4,\r\nB1,2026-02-28,0.5,first \xe2\x82\xac\r\n"
    path.write_bytes(before)
    append_csv_rows(path, ["benefit", "date", "value", "note"], [{"benefit": "B2", "date": "2026-03-31", "value": 7}])
    after = path.read_bytes()
    assert after[:len(before)] == before
    assert after[len(before):] == b"B2,2026-03-31,7,\r\n"
    assert after.count(b"\xef\xbb\xbf") == 1 and after.count(b"\n") == after.count(b"\r\n")


def test_a_file_without_a_final_newline_gets_its_own_line_ending(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"benefit,date,value\r\nB1,2026-01-31,1")
    append_csv_rows(path, ["benefit", "date", "value"], [{"benefit": "B2", "date": "2026-02-28", "value": 2}])
    assert path.read_bytes() == b"benefit,date,value\r\nB1,2026-01-31,1\r\nB2,2026-02-28,2\r\n"


def test_a_new_column_rewrites_rows_in_the_same_encoding_bom_and_line_ending(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\xef\xbb\xbfrespondent,role\r\nAnn,Exec\r\n")
    append_csv_rows(path, ["respondent", "role", "comment"], [{"respondent": "Bo", "role": "Ops", "comment": "hi"}])
    assert path.read_bytes() == b"\xef\xbb\xbfrespondent,role,comment\r\nAnn,Exec,\r\nBo,Ops,hi\r\n"


def test_text_windows_1252_cannot_hold_is_refused_in_words_and_nothing_changes(tmp_path):
    path = tmp_path / "maturity_responses.csv"
    before = "respondent,role,question,score\nRenée,Exec,SA1,4\n".encode("cp1252")
    path.write_bytes(before)
    with pytest.raises(PlaybookError, match="Windows-1252.*'Ł'"):
        append_csv_rows(path, HEADER[:4], [{**ROW, "respondent": "Łukasz Wałęsa"}])
    assert path.read_bytes() == before
