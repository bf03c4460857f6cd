"""Escaping and isolation: client text never runs as code in a deliverable, and a batch over
all clients never puts one client's data into another client's outputs."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.browser import open_offline
from playbook.report import deliverables
from playbook.engine.batch import run_batch
from playbook.engine.watch import build_view
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients

SPEC = re.compile(r'<script type="application/gzip-base64" class="pb-spec">(.*?)</script>', re.S)
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][column] = value
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def poison(folder: Path, a: str, b: str) -> None:
    """Put payloads in names, titles, comments and notes across every file of one client."""
    replace_in(folder / "client.yaml", "client: Acme Logistics", f'client: "Acme {b}"')
    replace_in(folder / "client.yaml", "{name: Ben Carter, title: Operations Manager",
               f'{{name: "{a}", title: "{b}"')
    replace_in(folder / "client.yaml", "title: Grow recurring revenue", f'title: "{a}"')
    set_cell(folder / "maturity_responses.csv", 0, "comment", b)
    set_cell(folder / "maturity_responses.csv", 1, "respondent", a)
    set_cell(folder / "maturity_responses.csv", 1, "role", b)
    if (folder / "portfolio.csv").is_file():
        set_cell(folder / "portfolio.csv", 0, "name", a)
        set_cell(folder / "portfolio.csv", 1, "name", b)
    set_cell(folder / "benefits.csv", 0, "name", b)
    set_cell(folder / "benefits.csv", 1, "name", a)
    set_cell(folder / "benefits.csv", 2, "owner", a)
    set_cell(folder / "benefit_actuals.csv", 0, "note", b)


@pytest.fixture(scope="module")
def xss_pages(tmp_path_factory) -> dict[str, Path]:
    from playbook.engine.run import run

    data = tmp_path_factory.mktemp("xss") / "clients"
    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", data / "acme-logistics")
    poison(data / "acme-logistics", IMG, SCRIPT)
    out = data.parent / "reports"
    return {nb: run("acme-logistics", nb, data, out).html for nb in deliverables.available()}


def test_payloads_are_escaped_text_in_every_deliverable(xss_pages):
    assert set(xss_pages) == set(deliverables.available())
    for notebook, html in xss_pages.items():
        page = html.read_text(encoding="utf-8")
        specs = SPEC.findall(page)
        assert all(re.fullmatch(r"[A-Za-z0-9+/=]+", spec) for spec in specs), notebook  # base64 cannot close its tag
        markup = SPEC.sub("", page)
        assert "<img src=x" not in markup and "<script>alert" not in markup, notebook
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup or "&lt;img src=x" in markup, notebook


@pytest.mark.browser
def test_no_dialog_opens_and_no_script_runs_in_chromium(xss_pages):
    for notebook, html in xss_pages.items():
        report = open_offline(html)
        assert report.dialogs == [], notebook
        assert report.rendered == report.figures and report.errors == [], (notebook, report.errors)
        assert SCRIPT in report.text or IMG in report.text, notebook  # shown as text, visibly


def test_a_batch_never_crosses_client_data(tmp_path):
    data = tmp_path / "clients"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    canaries = {c: f"CANARY-{c}-{i:02d}x" for i, c in enumerate(list_clients(data))}
    for client, canary in canaries.items():
        folder = data / client
        set_cell(folder / "maturity_responses.csv", 0, "comment", canary)
        set_cell(folder / "benefits.csv", 0, "name", canary)
        set_cell(folder / "benefit_actuals.csv", 0, "note", canary)
        if (folder / "portfolio.csv").is_file():
            set_cell(folder / "portfolio.csv", 0, "name", canary)
        text = (folder / "client.yaml").read_text(encoding="utf-8")
        (folder / "client.yaml").write_text(text.replace("\nsector: ", f"\nsector: {canary} ", 1), encoding="utf-8")
    out = tmp_path / "reports"
    results = run_batch(list(canaries), deliverables.available(), data, out, jobs=2)
    assert {r.status for r in results} == {"ok"}, [r.message for r in results if r.status != "ok"]
    for client in canaries:
        outputs = [p for p in (out / client).iterdir() if p.suffix in (".html", ".json", ".ipynb")]
        assert len(outputs) == 3 * len(deliverables.available())
        blob = "\n".join(p.read_text(encoding="utf-8") for p in outputs)
        assert canaries[client] in blob  # the canary does reach this client's own outputs
        for other, canary in canaries.items():
            if other != client:
                assert canary not in blob, f"{other}'s data leaked into {client}'s outputs"
    index = build_view(data, out).read_text(encoding="utf-8")
    assert "For the consultant only" in index  # the practice view names every client by design, and says so
