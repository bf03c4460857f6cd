"""The delivery notebook through the batch: rendered for every demo client and a client without
delivery files; another client's done work reaches a deliverable only as anonymised class
statistics (a planted canary is found in no other client's files); the charts draw in Chromium
with the network off."""
from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from playbook.delivery import loading
from playbook.engine import firm_stats
from playbook.engine.batch import run_batch
from playbook.engine.fingerprint import compute as fingerprint_of
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.report import deliverables
from playbook.engine.run import fingerprint_params

pytestmark = pytest.mark.slow
CANARY_NAME, CANARY_CATEGORY, CANARY_COST = "CANARY-Q7ZX pilot", "canary-q7zx", "237654"
EMPTY = "no-delivery-data"


def _edit_portfolio(folder: Path, iid: str, **cells: str) -> None:
    path = folder / "portfolio.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["id"] == iid:
            row.update(cells)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _text_of(path: Path) -> str:
    """A file's text, lower-cased; a workbook's (zipped XML) members unpacked first."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()).lower()
    return path.read_bytes().decode("utf-8", "replace").lower()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Demo data plus a client without delivery files; a canary planted in acme's done rows."""
    root = tmp_path_factory.mktemp("delivery")
    data = root / "clients"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    shutil.copytree(data / "acme-logistics", data / EMPTY)
    for name in loading.FILES:
        (data / EMPTY / name).unlink()
    _edit_portfolio(data / "acme-logistics", "I26", name=CANARY_NAME, actual_cost=CANARY_COST)
    _edit_portfolio(data / "acme-logistics", "I33", category=CANARY_CATEGORY)
    out = root / "reports"
    clients = sorted(p.name for p in data.iterdir())
    results = run_batch(clients, ["delivery"], data, out, jobs=2)
    return data, out, {r.client_id: r for r in results}


def test_every_client_renders(batch):
    _, out, results = batch
    assert {c: r.status for c, r in results.items()} == {c: "ok" for c in results}, \
        {c: r.message for c, r in results.items() if r.status != "ok"}
    for client in results:
        assert (out / client / "delivery.html").is_file()


def test_a_client_without_delivery_files_is_told_what_to_collect(batch):
    _, out, _ = batch
    page = (out / EMPTY / "delivery.html").read_text(encoding="utf-8")
    assert "No delivery data yet" in page and "status_reports.csv" in page and "risks.csv" in page
    results = json.loads((out / EMPTY / "delivery.results.json").read_text())
    assert results["portfolio"]["reporting"] == 0


def test_the_canary_stays_with_its_client(batch):
    data, out, results = batch
    for client in results:
        if client == "acme-logistics":
            continue
        for path in (out / client).iterdir():
            text = _text_of(path)
            for canary in (CANARY_NAME.lower(), "q7zx", CANARY_COST, "1.3203"):
                assert canary not in text, (client, path.name, canary)
    # while the class the canary's client contributes to is there, as aggregates only
    helix = json.loads((out / "helix-health" / "delivery.results.json").read_text())
    # acme's I26 (its I33 moved to the canary's category), helix's and northwind's two each, and the
    # two of the acme copy without delivery files: 7 initiatives from 4 clients
    assert helix["reference_class"]["it-platform"] == {**helix["reference_class"]["it-platform"],
                                                       "n": 7, "clients": 4}


def test_the_firm_statistics_are_in_the_fingerprint(batch):
    data, _, _ = batch
    spec = deliverables.get("delivery")
    folder = data / "helix-health"
    before = firm_stats.for_run(firm_stats.compute(data), "delivery", folder)
    fp = fingerprint_of(spec.path, fingerprint_params("helix-health", None, before), folder, spec.reads)
    _edit_portfolio(data / "northwind-retail", "I14", actual_cost="300000")  # another client's done work
    after = firm_stats.for_run(firm_stats.compute(data), "delivery", folder)
    assert after != before
    assert fingerprint_of(spec.path, fingerprint_params("helix-health", None, after), folder, spec.reads) != fp


@pytest.mark.browser
def test_charts_draw_offline_in_chromium(batch):
    from tests.browser import open_offline

    _, out, _ = batch  # one client here; tests/report/test_deliverables.py opens every demo deliverable
    report = open_offline(out / "northwind-retail" / "delivery.html", accessibility=True)
    assert report.figures == 6 and report.rendered == report.figures, report.errors
    assert report.errors == [] and report.requests == []
    assert [v for v in report.violations if v["impact"] in ("serious", "critical")] == []
    assert "Decisions requested" in report.text and "Maria Rossi" in report.text
