"""A client that keeps its data in client.xlsx gets the same deliverable as one that keeps CSVs;
runs carry and fingerprint the workbook."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook.engine.run import pack, run
from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.intake.workbook_helpers import as_workbook_client, edit_book


@pytest.fixture
def book_data(tmp_path: Path) -> Path:
    data_dir = tmp_path / "clients"
    as_workbook_client(DEFAULT_DATA_DIR / "helix-health", data_dir / "helix-health")
    return data_dir


def test_a_run_carries_the_workbook_and_its_fingerprint_follows_it(book_data: Path) -> None:
    job = pack("helix-health", "benefits", book_data)
    assert sorted(job.files) == ["client.xlsx", "client.yaml"]
    assert pack("helix-health", "benefits", DEFAULT_DATA_DIR).files.keys() == \
        {"client.yaml", "benefits.csv", "benefit_actuals.csv", "portfolio.csv"}  # statuses: what is tracked
    edit_book(book_data / "helix-health" / "client.xlsx", lambda wb: wb["benefit_actuals"].append(
        ["B01", "2026-10-20", 39.5, None]))
    assert pack("helix-health", "benefits", book_data).fingerprint != job.fingerprint


@pytest.mark.slow
def test_the_deliverable_from_a_workbook_matches_the_one_from_csvs(book_data: Path, tmp_path: Path,
                                                                   rendered) -> None:
    from_book = run("helix-health", "benefits", book_data, tmp_path / "a")
    csv_html = rendered[("helix-health", "benefits")]
    from_csv = json.loads(csv_html.with_suffix("").with_suffix(".results.json").read_text(encoding="utf-8"))
    a = {k: v for k, v in from_book.results.items() if k != "fingerprint"}
    b = {k: v for k, v in from_csv.items() if k != "fingerprint"}
    assert json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)
    html_a = from_book.html.read_text(encoding="utf-8").replace(from_book.fingerprint, "FP")
    html_b = csv_html.read_text(encoding="utf-8").replace(from_csv["fingerprint"], "FP")
    assert html_a == html_b
