"""The rendered benefits deliverable, read as an executive would: decision first, money that says
its basis, methods after the appendix mark (issue 14)."""
from __future__ import annotations

import html
import re

import pytest

from playbook.report.notebook import APPENDIX_MARK
from tests.conftest import DEMO_CLIENTS

MONEY = re.compile(r"[£€$]\d[\d,.]*[mk]?")


def body(rendered, client: str) -> str:
    return rendered[(client, "benefits")].read_text(encoding="utf-8").split("<body", 1)[1]


def words(markup: str) -> str:
    markup = re.sub(r"<(script|style|template)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_the_summary_comes_first_and_ends_with_decisions_owned_and_dated(rendered, client):
    page = body(rendered, client)
    summary = page.index('class="pb-summary"')
    assert page.index("<h2") > summary  # the first heading of the body is the summary's own
    assert summary < min(page.index(tag) for tag in ('class="pb-table"', 'class="pb-figure"'))
    decisions = re.search(r'<table class="pb-table pb-decisions">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", decisions)
    assert rows and all(what and who and re.match(r"\d{1,2} \w+ 20\d\d", by) for what, who, by in rows)
    assert "Decisions needed" not in page  # folded into the summary's decisions requested


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_every_money_figure_in_the_text_says_its_basis(rendered, client):
    page = body(rendered, client)
    executive = page.split(APPENDIX_MARK, 1)[0]
    assert "cumulative" not in words(executive).lower()
    prose = re.sub(r"<table\b.*?</table>", " ", executive, flags=re.S)  # table columns say it in their header
    text = words(prose)
    found = [(m.group(0), text[m.end():m.end() + 7]) for m in MONEY.finditer(text)]
    assert found and all(after == " a year" for _, after in found), [f for f in found if f[1] != " a year"]
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", executive)
    money_columns = [h for h in headers if "run-rate" in h.lower()]
    assert money_columns and all(h.endswith("a year") for h in money_columns)


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_methods_come_after_the_appendix_mark(rendered, client):
    page = body(rendered, client)
    head, appendix = page.split(APPENDIX_MARK, 1)
    assert "least-squares" not in words(head) and "least-squares" in words(appendix)
    assert "Methods" in appendix and "All " in appendix  # the full register is in the appendix
