"""The practice view on the demo: the attention list worst first with links, the client table,
the benchmarks, for the consultant; self-contained, and drawn offline in Chromium."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from playbook.engine.batch import run_batch
from playbook.engine.watch import build_view
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients
from playbook.practice import page as practice_page
from tests.browser import open_offline

CLIENTS = list_clients(DEFAULT_DATA_DIR)
SEVERITY = {"critical": 4, "high": 3, "medium": 2, "low": 1}
ITEM = re.compile(r'<li data-severity="(\w+)" data-client="([\w-]+)" data-kind="([\w-]+)">(.*?)</li>', re.S)


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    results = run_batch(CLIENTS, ["benefits", "maturity"], DEFAULT_DATA_DIR, out, jobs=2)
    assert {r.status for r in results} == {"ok"}, [r.message for r in results]
    return build_view(DEFAULT_DATA_DIR, out)


def items(page: str) -> list[tuple[str, str, str, str]]:
    return [(sev, client, kind, re.sub(r"<[^>]+>", " ", text)) for sev, client, kind, text in ITEM.findall(page)]


def test_attention_names_overuse_falling_feedback_and_every_red_benefit_worst_first(view):
    page = view.read_text(encoding="utf-8")
    found = items(page)
    ranks = [SEVERITY[sev] for sev, *_ in found]
    assert ranks == sorted(ranks, reverse=True), "worst first"
    kinds = {(client, kind) for _, client, kind, _ in found}
    assert ("acme-logistics", "retainer-over-use") in kinds
    assert ("northwind-retail", "feedback-falling") in kinds
    assert ("helix-health", "meeting-overload") in kinds
    assert not any(kind == "retainer-over-use" for c, kind in kinds if c != "acme-logistics")
    assert not any(kind == "feedback-falling" for c, kind in kinds if c != "northwind-retail")
    for client in CLIENTS:
        results = json.loads((view.parent / client / "benefits.results.json").read_text())
        red = [bid for bid, b in results["benefits"].items() if b["rag"] == "red"]
        texts = [text for _, c, kind, text in found if c == client and kind == "benefit-red"]
        assert len(texts) == len(red) and all(any(f"Benefit {b} " in t for t in texts) for b in red), client
    # two tracked benefits are red (Helix B02, Northwind B11); a proposal's benefit is never escalated (issue 14)
    assert sum(kind == "benefit-red" for _, _, kind, _ in found) >= 2


def test_every_item_links_to_the_deliverable_that_explains_it(view):
    page = view.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', page)
    assert links and all(not re.match(r"(?i)(https?:)?//", href) for href in links)
    explains = {"retainer-over-use": "onboarding", "meeting-overload": "onboarding", "feedback-falling": "onboarding",
                "benefit-red": "benefits", "benefit-forecast-miss": "benefits", "maturity-contested": "maturity"}
    for _, client, kind, raw in ITEM.findall(page):
        if kind in explains:
            assert f'href="{client}/{explains[kind]}.html?live"' in raw, (client, kind)
    for href in links:  # the deliverables this batch rendered are on disk beside the page
        if href.split("?")[0].endswith(("benefits.html", "maturity.html")):
            assert (view.parent / href.split("?")[0]).is_file(), href


def test_header_says_it_is_for_the_consultant_and_the_table_has_every_client(view):
    page = view.read_text(encoding="utf-8")
    assert "Practice view · for the consultant" in page and "For the consultant only" in page
    for client in CLIENTS:
        assert f'<tr id="client-{client}" data-client="{client}">' in page
    row = page[page.index('id="client-acme-logistics"'):page.index('id="client-helix-health"')]
    assert re.search(r'data-field="hours">\d+ of 144 h', row) and "over" in row
    assert 'data-field="feedback">NPS +60' in row
    assert "Benchmarks: the firm" in page and "every client's benchmark is withheld" in page
    # hours summed across clients: Acme 169.25 of 144, Helix 133.5 of 132, Northwind 100.25 of 108
    assert 'data-field="total-hours">403 of 384 allowed' in page
    assert 'data-field="committed">40 h a week across 3 retainers' in page


def test_comments_are_grouped_detractors_first(view):
    page = view.read_text(encoding="utf-8")
    block = page[page.index('<ul class="pb-list" data-client="northwind-retail">'):]
    block = block[:block.index("</ul>")]
    categories = re.findall(r'data-category="(\w+)"', block)
    assert categories and categories[0] == "detractor"
    order = {"detractor": 0, "passive": 1, "promoter": 2}
    assert [order[c] for c in categories] == sorted(order[c] for c in categories)


def test_version_file_matches_and_an_unchanged_view_is_not_rewritten(view):
    page = view.read_text(encoding="utf-8")
    version = practice_page.version_of(page)
    assert len(version) == 16 and f'"{version}"' in page
    assert (view.parent / practice_page.VERSION_FILE).read_text() == f'window.pbVersion && window.pbVersion("{version}");\n'
    stamp = view.stat().st_mtime_ns
    build_view(DEFAULT_DATA_DIR, view.parent)
    assert view.stat().st_mtime_ns == stamp


@pytest.mark.browser
def test_practice_view_draws_offline_with_no_console_errors(view):
    report = open_offline(view)
    assert report.figures == 2 and report.rendered == 2, report
    assert report.errors == [] and report.requests == [], (report.errors, report.requests)
    assert "What needs attention, worst first" in report.text
