"""The benefits deliverable's headline figures read the same in the summary, the charts' labels
and the results JSON, to the precision shown, for every demo client (rendered pages)."""
from __future__ import annotations

import html
import json
import re

import pytest

from playbook.report.formatting import money_text, percent_text
from tests.conftest import DEMO_CLIENTS
from tests.specs import chart_specs


def rows_of(specs: list[dict], key: str, value: str) -> list[dict]:
    return [r for s in specs for rows in s.get("datasets", {}).values() for r in rows if r.get(key) == value]


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_summary_charts_and_results_agree(rendered, client):
    path = rendered[(client, "benefits")]
    page = path.read_text(encoding="utf-8")
    summary = re.search(r'<section class="pb-summary".*?</section>', page, flags=re.S).group(0)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", summary)).split())
    r = json.loads(path.with_suffix(".results.json").read_text(encoding="utf-8"))
    money, cur = r["financial"], r["currency"]
    specs = chart_specs(page)
    if money["priced"]:
        planned, realised = money["planned_to_date"], money["realised_to_date"]
        assert f"{money_text(realised, cur)} a year" in words and f"{money_text(planned, cur)} a year" in words
        assert f"({percent_text(realised / planned)})" in words
        # the run-rate chart ends at as-of on the same two figures, labelled as the text says them
        ends = {row["series"]: row for row in rows_of(specs, "date", r["as_of"]) if "series" in row}
        assert ends["Planned"]["money"] == f"{money_text(planned, cur)} a year"
        assert ends["Realised"]["money"] == f"{money_text(realised, cur)} a year"
        # the objectives' bars add up to the totals and carry their own figure as their label
        bars = rows_of(specs, "series", "Realised now")
        assert sum(b["value"] for b in bars) == pytest.approx(realised, abs=1)
        assert all(b["money"] == money_text(b["value"], cur) for b in bars + rows_of(specs, "series", "Planned by now"))
    # the status chart counts the benefits the summary counts
    counted = {}
    for row in (row for s in specs for rows in s.get("datasets", {}).values() for row in rows if "rag" in row):
        counted[row["rag"]] = counted.get(row["rag"], 0) + row["count"]
    assert {k: v for k, v in counted.items() if v} == {k: v for k, v in r["rag_counts"].items() if v}
    for colour in ("red", "amber"):
        n = r["rag_counts"].get(colour, 0)
        if n:
            assert re.search(rf"\b{n} (of \d+ (tracked benefits? )?|more )?(is|are) {colour}", words), (colour, words)
