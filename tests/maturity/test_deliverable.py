"""The rendered maturity deliverable of every demo client, read as an executive reads it: the
summary's figures are the ones the charts and tables show, respondents appear by role, each
comment once, and the executive text is plain words."""
from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from tests.specs import chart_specs

from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.intake.yaml_files import update_file
from playbook.report.formatting import join_words, number_text
from playbook.report.notebook import APPENDIX_MARK
from tests.conftest import DEMO_CLIENTS
from tests.report.test_plain_words import executive_text, offences

pytestmark = pytest.mark.slow
NAMED = "helix-named"  # Helix with maturity.show_names: true


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    from playbook.engine.run import run

    data = tmp_path_factory.mktemp("maturity") / "clients"
    for client in DEMO_CLIENTS:
        shutil.copytree(DEFAULT_DATA_DIR / client, data / client)
    shutil.copytree(DEFAULT_DATA_DIR / "helix-health", data / NAMED)
    update_file(data / NAMED / "client.yaml", {("maturity", "show_names"): True})
    out = data.parent / "reports"
    return {client: run(client, "maturity", data, out).html for client in [*DEMO_CLIENTS, NAMED]}


def words(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def summary_text(page: str) -> str:
    return words(page[page.index('<section class="pb-summary"'):].split("</section>", 1)[0])


def chart_rows(page: str, column: str) -> list[dict]:
    """The data rows carrying `column` of the first chart that has them (its reference lines left out)."""
    for spec in chart_specs(page):
        rows = [r for data in spec.get("datasets", {}).values() for r in data if column in r]
        if rows:
            return rows
    return []


def table_rows(page: str, caption: str) -> list[list[str]]:
    start = page.find(f"<caption>{html.escape(caption, quote=False)}")
    if start < 0:
        return []
    body = page[start:].split("</table>", 1)[0]
    return [[words(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S) if "<td" in row]


def respondents(client: str) -> set[str]:
    with (DEFAULT_DATA_DIR / client / "maturity_responses.csv").open(encoding="utf-8") as fh:
        return {row["respondent"] for row in csv.DictReader(fh)}


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_the_summary_figures_are_the_charts_and_tables_figures(pages, client):
    page = pages[client].read_text(encoding="utf-8")
    said = summary_text(page)
    scores = {r["name"]: r for r in chart_rows(page, "status")}
    assert scores, "the scores chart"
    overall = sum(r["score"] for r in scores.values()) / len(scores)
    assert f"Overall maturity is {number_text(overall)} of 5" in said
    # strongest and weakest, ties named together, as the chart labels them
    labels = {name: float(r["label"]) for name, r in scores.items()}
    for pick in (max, min):
        value = pick(labels.values())
        names = [n for n, v in labels.items() if v == value]
        assert f"{join_words(names)} ({number_text(value)}{' each' if len(names) > 1 else ''})" in said
    # every gap the summary names: the chart's label and target, the priorities table's "score → target"
    priorities = {row[1].replace(" (contested)", ""): row[2] for row in
                  table_rows(page, "Priorities: largest gap to target first")}
    named_gaps = re.findall(r"([A-Z][^,:()]+?) \((\d\.\d) against a target of (\d)", said)
    assert named_gaps
    for name, score, target in named_gaps:
        assert scores[name]["label"] == score and scores[name]["target"] == float(target), name
        assert priorities[name] == f"{score} → {target}", name
    # agreement: the count and each figure quoted, and the threshold as shown
    agreement = {r["name"]: r["label"] for r in chart_rows(page, "agreement")}
    contested = {n: l.split()[0] for n, l in agreement.items() if l.endswith("contested")}
    assert all(float(v) < 0.7 for v in contested.values())
    assert all(float(l) >= 0.7 for n, l in agreement.items() if n not in contested)
    if contested:
        n = len(contested)
        share = f"all {n}" if n == len(agreement) else f"{n} of {len(agreement)}"
        assert f"Respondents disagree on {share} dimensions" in said
        for name, value in re.findall(r"([A-Z][^,:()]+?) \((0\.\d\d)\)", said):
            assert contested[name] == value, name
    else:
        assert "agreement is at least 0.7 on every dimension" in said


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_the_gap_between_roles_and_the_trend_match_their_charts(pages, client):
    page = pages[client].read_text(encoding="utf-8")
    said = summary_text(page)
    roles = {}
    for r in chart_rows(page, "role"):
        roles.setdefault(r["role"], {})[r["dimension"]] = float(r["label"])
    gap = re.search(r"([A-Z][\w ]*?) respondents score (\d\.\d)(?: to (\d\.\d))? points above (\w[\w ]*?) respondents",
                    said)
    if gap:
        high, lo, hi, low = gap.groups()
        diffs = [round(roles[high][d] - roles[low][d], 1) for d in roles[high]]
        assert (number_text(min(diffs)), number_text(max(diffs))) == (lo, hi or lo)
    trend = re.search(r"overall maturity (?:rose|fell|held steady) from (\d\.\d) to (\d\.\d)", said)
    if trend:
        waves: dict[str, list[float]] = {}
        for r in chart_rows(page, "wave"):
            waves.setdefault(r["wave"], []).append(r["score"])
        means = [sum(v) / len(v) for v in waves.values()]
        assert (number_text(means[-2]), number_text(means[-1])) == trend.groups()
    if client == "acme-logistics":
        assert trend  # two assessments
    if client == "helix-health":  # the case: all contested, executives far above delivery staff
        assert re.match(r"Calibrate before investing: respondents disagree on (all 10|\d of 10) dimensions and "
                        "Executive respondents score", said.split("Executive summary", 1)[1].strip())
        assert gap and gap.group(1) == "Executive" and gap.group(4) == "Delivery team"


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_respondents_appear_by_role_and_each_comment_once(pages, client):
    page = pages[client].read_text(encoding="utf-8")
    sponsor_or_consultant = {"Dana Lee", "Dr Aisha Khan", "Maria Rossi"}  # named in the decisions, as deciders
    heat = json.dumps(chart_rows(page, "row"))
    comments = page[page.index("In respondents"):page.index(APPENDIX_MARK)]
    for name in respondents(client):
        assert name not in heat and html.escape(name) not in comments, name
        if name not in sponsor_or_consultant:
            assert name not in page, name
    with (DEFAULT_DATA_DIR / client / "maturity_responses.csv").open(encoding="utf-8") as fh:
        said = {row["comment"].strip() for row in csv.DictReader(fh) if (row.get("comment") or "").strip()}
    shown = [c for c in said if html.escape(c, quote=False) in comments]
    assert shown  # the current wave's comments
    for comment in shown:
        assert comments.count(html.escape(comment, quote=False)) == 1, comment


def test_names_are_shown_when_the_client_agreed(pages):
    page = pages[NAMED].read_text(encoding="utf-8")
    rows = {r["row"] for r in chart_rows(page, "row")}
    assert "Zara Ali (Delivery team)" in rows and len(rows) == 14  # every respondent, named
    assert "Omar Farouk (Delivery team)" in page[page.index("In respondents"):]  # who said what


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_executive_text_is_plain_words(pages, client):
    page = pages[client].read_text(encoding="utf-8")
    assert offences(executive_text(page)) == []
    assert "r_wg" in page.split(APPENDIX_MARK, 1)[1]  # the appendix explains the method by its name
