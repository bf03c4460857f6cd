"""The roadmap in the prioritisation deliverable: its settings' errors, how portfolio status and
dates become the problem, the tables, findings and results, and the page in Chromium offline."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from playbook.engine.validate import check
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.prioritisation import portfolio, roadmap_charts, roadmap_findings, roadmap_report
from playbook.prioritisation import results as pr
from playbook.prioritisation.roadmap import solve
from playbook.prioritisation.roadmap_inputs import inputs
from playbook.prioritisation.roadmap_whatif import HIRE, with_capacity

ACME = "acme-logistics"


def _edit(data_dir: Path, client: str, old: str, new: str) -> Path:
    path = data_dir / client / "client.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return data_dir / client


CASES = [  # (client, old text, new text, field, expected fragment)
    (ACME, "  horizon_months: 24", "  horizon_months: 0", "prioritisation.horizon_months", "≥ 1"),
    (ACME, "  horizon_months: 24", "  delay_discount: 1.5", "prioritisation.delay_discount", "< 1"),
    (ACME, "Engineering: {2027-02: 32, 2027-06: 40}", "Engineering: {2027-13: 32}",
     "prioritisation.capacity_by_month.Engineering.2027-13", "a month written YYYY-MM"),
    (ACME, "Operations: {2026-11: 9, 2027-02: 12}", "Ops: {2026-11: 9}",
     "prioritisation.capacity_by_month.Ops", "a team listed under prioritisation.capacity (Engineering, Operations)"),
    (ACME, "{name: Budget cut by 10%, budget: 4050000}", "{name: Budget cut by 10%, budget: 4050000, forced_out: [I99]}",
     "prioritisation.scenarios[2].forced_out", "an initiative id of portfolio.csv"),
    (ACME, "{name: Budget cut by 10%, budget: 4050000}",
     "{name: Budget cut by 10%, forced_in: [I07], forced_out: [I07]}",
     "prioritisation.scenarios[2].forced_out", "not also in this scenario's forced_in"),
    (ACME, "{name: Budget cut by 10%, budget: 4050000}", "{name: Budget cut by 10%, forced_in: [I05]}",
     "prioritisation.scenarios[2].forced_in", "a proposal's id of portfolio.csv"),  # I05 is in flight
    (ACME, "{name: Budget cut by 10%, budget: 4050000}", "{name: Budget cut by 10%, weights: {strategic_fitt: 1}}",
     "prioritisation.scenarios[2].weights.strategic_fitt", "a criterion of prioritisation.criteria"),
    (ACME, "{name: Budget cut by 10%, budget: 4050000}", "{name: Two more operations leads, budget: 4050000}",
     "prioritisation.scenarios[2].name", "a name no other scenario has"),
    (ACME, "{name: Budget cut by 10%, budget: 4050000}", "{name: Budget cut by 10%, budgte: 4050000}",
     "prioritisation.scenarios[2].budgte", "did you mean 'budget'?"),
    (ACME, "capacity: {Operations: 14}}", "capacity: {Ops: 14}}",
     "prioritisation.scenarios[1].capacity.Ops", "a team listed under prioritisation.capacity"),
    ("northwind-retail", "  capacity: {Marketing: 16, Digital: 11}\n",
     "  capacity: {Marketing: 16, Digital: 11}\n  scenarios:\n    - {name: Fit first, weights: {strategic_fit: 1}}\n",
     "prioritisation.scenarios[1].weights", "WSJF (the method in use) has none"),
]


@pytest.mark.parametrize("client, old, new, field, expected", CASES, ids=[c[3] + ":" + c[4][:20] for c in CASES])
def test_bad_roadmap_settings_name_client_yaml_line_and_field(data_dir, client, old, new, field, expected):
    folder = _edit(data_dir, client, old, new)
    issues = check(folder, ["portfolio.csv"])
    mine = [i for i in issues if i.field == field]
    assert mine, [str(i) for i in issues]
    assert mine[0].file == "client.yaml" and mine[0].line is not None and expected in mine[0].expected, str(mine[0])


# --- status and dates ---------------------------------------------------------------------------

LIFECYCLE = {  # id -> status, start, finish, spent_to_date
    "I02": ("in_flight", "2026-01-15", "2027-06-30", "789900"),
    "I03": ("approved", "2027-01-01", "", ""),  # no finish: counted for the whole horizon
    "I05": ("done", "2025-02-01", "2026-06-30", "290000"),
    "I06": ("on_hold", "", "", ""),
    "I09": ("proposed", "2027-03-01", "2027-08-31", ""),
}


def _with_lifecycle(data_dir: Path) -> Path:
    """The demo portfolio with exactly the statuses and dates of LIFECYCLE (every other row a proposal)."""
    folder = data_dir / ACME
    path = folder / "portfolio.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        status, start, finish, spent = LIFECYCLE.get(row["id"], ("", "", "", ""))
        row.update(status=status, start=start, finish=finish, spent_to_date=spent, actual_cost="", actual_finish="")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


@pytest.fixture
def lifecycle(data_dir: Path):
    folder = _with_lifecycle(data_dir)
    client = load_client(folder)
    frame = portfolio.load_valid(folder, client)
    plan = pr.plan(frame, client, draws=0)
    return folder, client, frame, plan


def test_committed_work_and_proposal_dates_become_the_problem(lifecycle):
    _, client, frame, plan = lifecycle
    given = inputs(frame, client, plan.value, client.as_of)  # as of 2026-11-01: month 0 is Nov 2026
    committed = {w.id: w for w in given.problem.committed}
    assert set(committed) == {"I02", "I03"} and given.open_ended == ("I03",)
    assert committed["I02"].remaining_cost == pytest.approx(1150000 - 789900)
    assert (committed["I02"].start, committed["I02"].finish) == (-10, 7)  # Jan 2026 to Jun 2027
    assert (committed["I03"].start, committed["I03"].finish) == (2, 23)
    proposals = {p.id: p for p in given.problem.proposals}
    assert {"I02", "I03", "I05", "I06"}.isdisjoint(proposals)
    assert (proposals["I09"].earliest, proposals["I09"].duration) == (4, 6)
    assert "I09" not in given.defaulted and "I01" in given.defaulted
    assert proposals["I07"].depends_on == ()  # its prerequisite I05 is done
    assert proposals["I07"].unavailable is None
    on_hold = [p for p in proposals.values() if p.unavailable]
    assert all("I06, which is on hold" in p.unavailable for p in on_hold)


def test_committed_work_counts_against_budget_and_capacity_in_the_plan(lifecycle):
    _, client, frame, plan = lifecycle
    view = roadmap_report.build(plan.loaded, client, plan.value, plan.criteria, client.as_of)
    r = view.roadmap
    committed_cost = (1150000 - 789900) + 380000
    assert r.cost + committed_cost <= client.prioritisation.budget
    eng = r.teams.index("Engineering")
    assert r.committed_load[eng, 0] == pytest.approx(3)  # I02 only (I03 starts in January)
    assert r.committed_load[eng, 2] == pytest.approx(3 + 4) and r.committed_load[eng, 8] == pytest.approx(4)
    frame = roadmap_charts.roadmap_frame(view)
    row = frame[(frame.team == "Engineering") & (frame.month == "Jan 2027") & (frame.kind == roadmap_charts.COMMITTED)]
    assert row.fte.iloc[0] == pytest.approx(7) and row.who.iloc[0] == "I02, I03"
    assert "I09" not in r.starts or r.starts["I09"] >= 4
    results = json.loads(json.dumps(roadmap_findings.results(view)))
    assert results["committed"] == ["I02", "I03"] and results["first_month"] == "2026-11"


# --- the demo client's view ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def acme_view():
    folder = DEFAULT_DATA_DIR / ACME
    client = load_client(folder)
    frame = portfolio.load_valid(folder, client)
    plan = pr.plan(frame, client, draws=0)
    return roadmap_report.build(plan.loaded, client, plan.value, plan.criteria, client.as_of, plan.selection.funded)


def test_the_hire_table_is_the_difference_of_full_re_solves(acme_view):
    view = acme_view
    table = roadmap_report.hire_table(view)
    assert len(table) == 2 * 2 + 1 and list(table["Change"])[-1].startswith("+10% budget")
    for change in view.changes:
        if change.kind == HIRE:
            again = solve(with_capacity(view.inputs.problem, change.team, 1.0))
            assert change.difference.gain == pytest.approx(again.value - solve(view.inputs.problem).value, abs=1e-9)


def test_scenarios_side_by_side_and_in_the_results(acme_view):
    view = acme_view
    table = roadmap_report.scenario_table(view)
    assert list(table.columns) == ["", "Today's plan", "Two more operations leads", "Budget cut by 10%"]
    starts = roadmap_report.starts_table(view)
    assert list(starts.columns[1:]) == ["Today's plan", "Two more operations leads", "Budget cut by 10%"]
    results = json.loads(json.dumps(roadmap_findings.results(view)))
    cut = results["scenarios"]["Budget cut by 10%"]
    assert cut["cost"] <= 4050000 and set(cut["selection"]) == set(cut["starts"])
    assert cut["value"] <= results["value"] + 1e-9
    assert results["monte_carlo_model"] == "one-period" and len(results["what_ifs"]) == 5
    assert all(len(v) == 24 for v in results["utilisation"].values())


def test_findings_say_when_what_limits_and_what_a_hire_buys(acme_view):
    found = roadmap_findings.findings(acme_view)
    assert 3 <= len(found) <= 6
    assert found[0].startswith(f"**{len(acme_view.roadmap.starts)} initiatives are funded and scheduled**")
    assert any(f.startswith(("Engineering is the constraint", "Operations is the constraint")) for f in found)
    assert any("6-month effort" in f for f in found)


def test_a_re_weighted_scenario_is_judged_at_today_s_weights_too(data_dir):
    folder = _edit(data_dir, ACME, "{name: Budget cut by 10%, budget: 4050000}",
                   "{name: Risk averse, weights: {delivery_risk: 0.8}}")
    client = load_client(folder)
    frame = portfolio.load_valid(folder, client)
    plan = pr.plan(frame, client, draws=0)
    view = roadmap_report.build(plan.loaded, client, plan.value, plan.criteria, client.as_of)
    risky, diff = view.scenarios["Risk averse"]
    assert diff.gain <= 1e-9  # today's plan is optimal at today's weights
    assert "at today's weights" in roadmap_report.scenario_table(view)["Risk averse"][0]


@pytest.mark.slow
@pytest.mark.browser
def test_the_roadmap_draws_offline_in_chromium(tmp_path):
    from playbook.engine.run import run
    from tests.browser import open_offline

    html = run(ACME, "prioritisation", DEFAULT_DATA_DIR, tmp_path).html
    page = html.read_text(encoding="utf-8")
    for caption in ("funded work by month (FTE)", "Utilisation by team and month", "scenario side by side",
                    "What one more (or one fewer) person"):
        assert caption in page, caption
    report = open_offline(html)
    assert report.figures == report.rendered and report.errors == [] and report.requests == []
    results = json.loads(html.with_name("prioritisation.results.json").read_text())
    assert set(results["roadmap"]["scenarios"]) == {"Two more operations leads", "Budget cut by 10%"}
