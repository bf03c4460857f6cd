"""On each demo client's rendered prioritisation page, the summary's headline figures are the
funded table's and the cut-list chart's: the same count, the same money to the shown precision."""
from __future__ import annotations

import html
import json
import re

import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.prioritisation.conftest import CLIENTS
from tests.specs import chart_specs


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    from playbook.engine.run import run

    out = tmp_path_factory.mktemp("reports")
    return {c: run(c, "prioritisation", DEFAULT_DATA_DIR, out).html.read_text(encoding="utf-8") for c in CLIENTS}


def words(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("client", CLIENTS)
def test_the_summary_says_what_the_table_and_the_chart_show(pages, client):
    page = pages[client]
    summary = words(page.split('class="pb-summary"', 1)[1].split("</section>", 1)[0])
    table = page.split("<caption>The funded proposals", 1)[1].split("</table>", 1)[0]
    rows = [[words(c).strip() for c in re.findall(r"<td>(.*?)</td>", r, flags=re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)]
    total = next(r for r in rows if r and r[0].startswith("Total: "))
    funded = int(total[0].split()[1])
    more = next((int(r[0].split()[1]) for r in rows if r and r[0].startswith("and ")), 0)
    assert len([r for r in rows if r and not r[0].startswith(("Total", "and "))]) + more == funded
    cost, benefit = total[2], total[3]
    assert f"Fund {funded} of the" in summary and f"proposals for {cost} (one-off cost)" in summary
    assert f"Approve funding for the {funded} proposals of the plan: {cost} one-off" in summary
    if benefit != "not priced":
        assert summary.count(f"{benefit} a year") >= 3  # governing thought, first finding, the decision
    cut = next(s for s in chart_specs(page) if '"The cut list"' in json.dumps(s))
    spec = cut.get("spec", cut)
    chart_rows = max(spec["datasets"].values(), key=len)
    assert sum(bool(r["funded"]) for r in chart_rows) == funded
    assert {r["cost_text"] for r in chart_rows if r["funded"]} <= {r[2] for r in rows}  # same money format
