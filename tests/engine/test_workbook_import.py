"""`playbook workbook` and `playbook import`: the round trip changes nothing, edits are counted
and written all or nothing, and a workbook with a problem writes nothing at all."""
from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from playbook.cli import main
from playbook.intake import csv_import
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients
from tests.intake.workbook_helpers import as_workbook_client, edit_book


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _workbook(data_dir: Path, client: str, out: Path, *extra: str) -> Path:
    assert main(["workbook", client, "--data-dir", str(data_dir), "--out", str(out), *extra]) == 0
    return out


@pytest.mark.parametrize("client", list_clients(DEFAULT_DATA_DIR))
@pytest.mark.parametrize("extra", [(), ("--all",)])
def test_the_untouched_workbook_imports_without_changing_a_file(data_dir: Path, tmp_path: Path, client: str,
                                                                 extra: tuple[str, ...], capsys) -> None:
    before = _snapshot(data_dir / client)
    book = _workbook(data_dir, client, tmp_path / "book.xlsx", *extra)
    assert main(["import", client, str(book), "--data-dir", str(data_dir)]) == 0
    assert _snapshot(data_dir / client) == before
    out = capsys.readouterr().out
    assert "keeps its data as CSV files" in out and "portfolio.csv              unchanged" in out
    assert "nothing to write" in out


def test_edits_are_counted_per_file_and_only_changed_rows_change_text(data_dir: Path, tmp_path: Path,
                                                                      capsys) -> None:
    folder = data_dir / "acme-logistics"
    (folder / "votes.csv").unlink(missing_ok=True)  # the demo's dot votes name I26, which this edit removes
    before = _snapshot(folder)
    book = _workbook(data_dir, "acme-logistics", tmp_path / "book.xlsx")

    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["portfolio"]
        assert ws["A3"].value == "I02" and ws["A27"].value == "I26"
        ws["D3"] = 1200000
        ws.delete_rows(27)
        ws.append(["I99", "Route planning training", "O2", 45000, 3, 3, 1, 0, 0.5])

    edit_book(book, edit)
    assert main(["import", "acme-logistics", str(book), "--data-dir", str(data_dir), "--dry-run"]) == 0
    assert "portfolio.csv              1 added, 1 changed, 1 removed" in capsys.readouterr().out
    assert _snapshot(folder) == before
    assert main(["import", "acme-logistics", str(book), "--data-dir", str(data_dir)]) == 0
    assert "written: portfolio.csv" in capsys.readouterr().out
    after = _snapshot(folder)
    assert {k for k in before if before[k] != after[k]} == {"portfolio.csv"}
    old_lines = before["portfolio.csv"].decode().splitlines()
    new_lines = after["portfolio.csv"].decode().splitlines()
    assert new_lines[2].startswith("I02,Depot sortation automation,O2,1200000,")
    assert [ln for ln in old_lines if ln not in new_lines] == [old_lines[2], old_lines[26]]
    assert new_lines[-1] == "I99,Route planning training,O2,45000,3,3,1,0,0.5" + "," * (len(old_lines[0].split(",")) - 9)
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 0


def test_a_workbook_with_problems_writes_nothing_and_names_every_cell(data_dir: Path, tmp_path: Path,
                                                                      capsys) -> None:
    folder = data_dir / "acme-logistics"
    before = _snapshot(folder)
    book = _workbook(data_dir, "acme-logistics", tmp_path / "filled.xlsx")

    def edit(wb: openpyxl.Workbook) -> None:
        wb["portfolio"]["D3"] = 1200000  # a good edit, not written either
        wb["portfolio"]["D4"] = "12k"
        wb["benefits"]["H2"] = "up"

    edit_book(book, edit)
    assert main(["import", "acme-logistics", str(book), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "filled.xlsx, sheet portfolio, cell D4 (cost): found '12k'; expected a number" in err
    assert "filled.xlsx, sheet benefits, cell H2 (direction): found 'up'" in err
    assert err.rstrip().endswith("nothing written.")
    assert _snapshot(folder) == before


def test_a_client_that_keeps_a_workbook_gets_the_new_workbook(tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "clients"
    folder = as_workbook_client(DEFAULT_DATA_DIR / "helix-health", data_dir / "helix-health")
    book = _workbook(data_dir, "helix-health", tmp_path / "book.xlsx")
    assert main(["import", "helix-health", str(book), "--data-dir", str(data_dir)]) == 0
    assert "keeps its data as client.xlsx" in capsys.readouterr().out
    edit_book(book, lambda wb: wb["benefit_actuals"].append(["B01", "2026-10-20", 39.5, "workshop"]))
    assert main(["import", "helix-health", str(book), "--data-dir", str(data_dir)]) == 0
    assert "benefit_actuals.csv        1 added, 0 changed, 0 removed" in capsys.readouterr().out
    assert (folder / "client.xlsx").read_bytes() == book.read_bytes()
    assert not list(folder.glob("*.csv"))
    edit_book(book, lambda wb: wb.remove(wb["benefits"]))
    assert main(["import", "helix-health", str(book), "--data-dir", str(data_dir)]) == 1
    assert "found no sheet 'benefits'; expected every sheet the client keeps" in capsys.readouterr().err


def test_the_workbook_is_never_written_into_the_clients_folder(data_dir: Path, capsys) -> None:
    out = data_dir / "acme-logistics" / "client.xlsx"
    assert main(["workbook", "acme-logistics", "--data-dir", str(data_dir), "--out", str(out)]) == 1
    assert "keeps one format" in capsys.readouterr().err and not out.exists()


def test_a_file_that_is_no_workbook_is_refused(data_dir: Path, tmp_path: Path, capsys) -> None:
    fake = tmp_path / "x.xlsx"
    fake.write_text("id,name\n")
    assert main(["import", "acme-logistics", str(fake), "--data-dir", str(data_dir)]) == 1
    assert "x.xlsx, field '(file)': found a file that is not an Excel workbook" in capsys.readouterr().err


def test_writing_several_files_is_all_or_nothing(tmp_path: Path, monkeypatch) -> None:
    a, b, c = (tmp_path / n for n in ("a.csv", "b.csv", "c.csv"))
    a.write_text("old a\n")
    b.write_text("old b\n")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if Path(dst) == c:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(csv_import.os, "replace", failing)
    with pytest.raises(OSError):
        csv_import.write_all({a: b"new a\n", b: b"new b\n", c: b"new c\n"})
    assert (a.read_text(), b.read_text(), c.exists()) == ("old a\n", "old b\n", False)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["a.csv", "b.csv"]
    monkeypatch.setattr(csv_import.os, "replace", real)
    csv_import.write_all({a: b"new a\n", c: b"new c\n"})
    assert (a.read_text(), b.read_text(), c.read_text()) == ("new a\n", "old b\n", "new c\n")
