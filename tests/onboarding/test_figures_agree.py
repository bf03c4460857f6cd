"""The charter's headline figures read the same in the summary, the tables, the chart labels and
the results JSON, to the precision shown, for every demo client (rendered pages)."""
from __future__ import annotations

import html
import json
import re

import pytest

from playbook.report.formatting import money_text, number_text, percent_text
from tests.conftest import DEMO_CLIENTS
from tests.specs import chart_specs


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_summary_table_chart_and_results_agree(rendered, client):
    path = rendered[(client, "onboarding")]
    page = path.read_text(encoding="utf-8")
    r = json.loads(path.with_suffix(".results.json").read_text(encoding="utf-8"))
    meta = json.loads(path.with_name("onboarding.ipynb").read_text(encoding="utf-8"))  # the run's currency
    currency = next(o["data"]["application/vnd.playbook.meta+json"]["currency"] for c in meta["cells"]
                    for o in c.get("outputs", []) if "application/vnd.playbook.meta+json" in o.get("data", {}))
    summary = text(re.search(r'<section class="pb-summary".*?</section>', page, flags=re.S).group(0))
    body = text(page.split("</section>", 1)[1])
    fractional, full = money_text(r["fractional_cost"], currency), money_text(r["full_time_cost_same_term"], currency)
    # the cost case: the same money and ratio in the summary, the engagement table and the chart's labels
    assert fractional in summary and full in summary and percent_text(r["cost_ratio"]) in summary
    assert f"{number_text(r['hourly_premium'])} times" in summary
    assert f"Engagement cost, one-off over the term {fractional}" in body
    labels = {row["kind"]: row["label"] for s in chart_specs(page) for rows in s.get("datasets", {}).values()
              for row in rows if "kind" in row and "label" in row}
    assert {k: labels.get(k) for k in ("fractional", "full-time")} == {"fractional": fractional, "full-time": full}
    # the meeting load: a share over the limit is said with the figure the results hold
    share = percent_text(r["meeting_load_share"])
    if r["meeting_overload"]:
        assert f"Meetings take {share} of the contracted hours" in page
    assert any(label.endswith(f"· {share}") for label in labels.values()), labels  # the meeting chart's total
