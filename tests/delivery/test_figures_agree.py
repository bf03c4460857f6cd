"""The delivery deliverable's headline figures read the same in the summary, the tables and the
chart data, to the precision shown (the rendered page of every demo client)."""
from __future__ import annotations

import html
import json
import re

import pytest

from playbook.report.formatting import money_text, number_text, percent_text
from tests.conftest import DEMO_CLIENTS
from tests.specs import chart_specs


def page_parts(path):
    page = path.read_text(encoding="utf-8")
    summary = re.search(r'<section class="pb-summary".*?</section>', page, flags=re.S).group(0)
    words = html.unescape(re.sub(r"<[^>]+>", " ", summary))
    specs = chart_specs(page)
    results = json.loads(path.with_suffix(".results.json").read_text(encoding="utf-8"))
    return page, " ".join(words.split()), specs, results


def portfolio_row(page: str) -> list[str]:
    row = re.search(r"<tr>\s*<td>Portfolio \(from sums\)</td>(.*?)</tr>", page, flags=re.S).group(1)
    return [html.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_summary_table_and_chart_agree(rendered, client):
    page, words, specs, results = page_parts(rendered[(client, "delivery")])
    p, cur = results["portfolio"], results["currency"]
    cells = portfolio_row(page)  # status, RAG, budget, EV, AC, CPI, SPI(t), EAC, VAC of the summary table
    symbol = money_text(1, cur)[:-1]
    assert cells[2] == f"{symbol}{p['bac']:,.0f}" and money_text(p["bac"], cur) in words
    assert cells[5] == number_text(p["cpi"], 2) and f"CPI {number_text(p['cpi'], 2)}" in words
    assert cells[6] == number_text(p["spi_t"], 2) and f"SPI(t) {number_text(p['spi_t'], 2)}" in words
    assert money_text(p["ev"], cur) in words and money_text(p["ac"], cur) in words
    # the governing thought's overrun is the table's forecast cost against the budget
    eac = float(cells[7].replace(symbol, "").replace(",", ""))
    assert f"cost {percent_text(eac / p['bac'] - 1)} more" in words
    assert f"{money_text(eac, cur)}, {money_text(p['bac'] - eac if eac < p['bac'] else eac - p['bac'], cur)}" in words
    # the quadrant chart plots the figures of the initiatives' table rows
    quadrant = next(s for s in specs if any("cpi" in str(d) for d in s.get("datasets", {}).values()))
    points = next(rows for rows in quadrant["datasets"].values() if rows and "cpi" in rows[0])
    for point in points:
        assert number_text(point["cpi"], 2) == number_text(results["initiatives"][point["id"]]["cpi"], 2)
        assert number_text(point["spi_t"], 2) == number_text(results["initiatives"][point["id"]]["spi_t"], 2)
