"""The command line: validation messages name file, row, field, found and expected; a bad
run writes nothing and leaves the last good deliverable in place."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from playbook.cli import main


def rewrite_score(path: Path, data_row: int, value: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[data_row][rows[0].index("score")] = value  # rows[0] is the header: data row N is rows[N]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_validate_ok(data_dir, capsys):
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 0
    assert "valid" in capsys.readouterr().out


def test_score_7_on_row_12_is_named_precisely(data_dir, capsys):
    rewrite_score(data_dir / "acme-logistics" / "maturity_responses.csv", 12, "7")
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "row 12" in ln)
    assert "maturity_responses.csv" in line and "'score'" in line and "'7'" in line and "1–5" in line


def test_validate_lists_every_problem_not_only_the_first(data_dir, capsys):
    path = data_dir / "acme-logistics" / "maturity_responses.csv"
    rewrite_score(path, 3, "0")
    rewrite_score(path, 40, "high")
    assert main(["validate", "acme-logistics", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "row 3 " in err and "row 40 " in err and "2 problems" in err


def test_unknown_client_and_bad_slug_are_sentences(data_dir, capsys):
    assert main(["validate", "nobody", "--data-dir", str(data_dir)]) == 1
    assert "no client folder" in capsys.readouterr().err
    assert main(["validate", "../etc", "--data-dir", str(data_dir)]) == 1
    assert "not valid" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["run"], ["validate"]])
def test_help_describes_options(command):
    out = subprocess.run([sys.executable, "-m", "playbook.cli", *command, "--help"],
                         capture_output=True, text=True, check=True).stdout
    assert "usage: playbook" in out
    if command == ["run"]:
        assert "--data-dir" in out and "--out" in out and "--notebook" in out
    if command == ["validate"]:
        assert "--data-dir" in out


def test_run_on_invalid_data_keeps_last_good_html(data_dir, tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["run", "northwind-retail", "--notebook", "maturity", "--data-dir", str(data_dir),
                 "--out", str(out)]) == 0
    html = out / "northwind-retail" / "maturity.html"
    before = html.read_bytes()
    results = (out / "northwind-retail" / "maturity.results.json").read_bytes()
    rewrite_score(data_dir / "northwind-retail" / "maturity_responses.csv", 12, "7")
    assert main(["run", "northwind-retail", "--notebook", "maturity", "--data-dir", str(data_dir),
                 "--out", str(out)]) == 1
    assert "row 12" in capsys.readouterr().err
    assert html.read_bytes() == before
    assert (out / "northwind-retail" / "maturity.results.json").read_bytes() == results
    assert not list((out / "northwind-retail").glob(".*partial*"))
