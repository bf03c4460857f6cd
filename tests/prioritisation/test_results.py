"""The prioritisation deliverable's figures: the results JSON for every demo client, the demo
plans' methods, an infeasible portfolio that renders an explanation instead of crashing, and the
notebook's shape."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat
import pytest

from playbook.engine.run import run
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR, NOTEBOOKS
from playbook.prioritisation import portfolio
from playbook.prioritisation.results import results
from playbook.prioritisation.scoring import wsjf_scores
from tests.prioritisation.conftest import CLIENTS


@pytest.mark.parametrize("client", CLIENTS)
def test_results_carry_the_decision_and_its_uncertainty(plans, client):
    plan = plans[client]
    r = json.loads(json.dumps(results(plan)))  # JSON-clean: no NaN, no numpy types
    assert r["method"] == load_client(DEFAULT_DATA_DIR / client).prioritisation.method
    assert r["funded_count"] == len(r["selected"]) > 0 and r["infeasible"] is False
    assert r["total_cost"] <= r["budget"] and r["total_value"] > 0
    assert set(r["funding_probability"]) == set(plan.portfolio.index)
    assert set(r["unfunded_reasons"]) == set(plan.portfolio.index) - set(r["selected"])
    assert sum(r["weights"].values()) == pytest.approx(1.0)
    # the time limit may stop the draws on a busy machine: the JSON says how many ran, of 500
    assert r["draws"] == plan.draws and 0 < plan.draws <= plan.draws_requested == 500 and r["method_agreement"]
    for i in r["robust_core"]:
        assert r["funding_probability"][i] >= 0.9


def test_helix_records_the_consistency_ratio_of_its_ahp_weights(plans):
    plan = plans["helix-health"]
    assert results(plan)["consistency_ratio"] == pytest.approx(plan.ahp.cr, abs=1e-6)


def test_northwind_is_selected_by_wsjf_and_compared_with_weighted_scoring(plans):
    plan = plans["northwind-retail"]
    assert plan.method == "wsjf" and set(plan.scores) == {"weighted", "wsjf"}
    assert plan.value.equals(wsjf_scores(plan.portfolio))


def test_acme_funds_inside_budget_and_capacity_with_its_work_under_way_counted(plans):
    plan = plans["acme-logistics"]
    assert plan.committed.committed and not set(plan.committed.committed) & set(plan.portfolio.index)
    assert "I12" in plan.selection.funded or "I12" in plan.committed.committed  # regulatory and mandatory
    use, held = plan.capacity_use, plan.committed.fte
    for team in plan.capacity:  # within capacity, or committed work alone is over it and nothing is added
        assert use.at[team, "utilisation"] <= 1.0 + 1e-9 or use.at[team, "demand"] == pytest.approx(held[team])
    assert plan.selection.total_cost <= plan.budget - plan.committed.cost
    assert {"weighted", "ahp"} == set(plan.scores)


def make_infeasible(data_dir: Path) -> Path:
    """Acme with four more mandatory initiatives, costing more than the budget, and a hostile name."""
    path = data_dir / "acme-logistics" / portfolio.FILE
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        if r["id"] in ("I02", "I13", "I28", "I40"):
            r["mandatory"] = "true"
        if r["id"] == "I01":
            r["name"] = "<script>alert(1)</script>"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return data_dir


@pytest.mark.slow
def test_infeasible_portfolio_renders_a_deliverable_that_explains_why(data_dir, tmp_path):
    outcome = run("acme-logistics", "prioritisation", make_infeasible(data_dir), tmp_path)
    page = outcome.html.read_text(encoding="utf-8")
    assert "No selection is possible as the portfolio stands" in page
    assert "mandatory initiatives and their prerequisites cost 4.7m against a budget of 4.5m" in page
    assert "raise the budget to at least £6.0m" in page  # 4.7m mandatory + 1.27m that work under way needs
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    r = outcome.results
    assert r["infeasible"] is True and r["funded_count"] == 0 and r["selected"] == []
    assert "4.7m" in r["infeasible_reason"]


@pytest.mark.slow
def test_a_client_without_a_portfolio_gets_a_deliverable_that_says_so(data_dir, tmp_path):
    (data_dir / "acme-logistics" / portfolio.FILE).unlink()
    outcome = run("acme-logistics", "prioritisation", data_dir, tmp_path)
    assert "There is no portfolio yet" in outcome.html.read_text(encoding="utf-8")
    assert outcome.results["funded_count"] == 0


def test_notebook_parameters_workshop_cells_and_stripped_outputs():
    nb = nbformat.read(NOTEBOOKS / "prioritisation.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    names = [line.split("=")[0].strip() for line in params[0].source.splitlines()
             if "=" in line and not line.startswith("#")]
    assert names == ["client_id", "data_dir", "as_of", "mode"]
    workshop = [c for c in nb.cells if "workshop" in c.metadata.get("tags", [])]
    assert workshop and any("WeightsWorkshop" in c.source and "ctx.live" in c.source for c in workshop)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    sources = [c.source for c in nb.cells]
    summary = next(i for i, s in enumerate(sources) if "pb.summary(" in s)  # decision first
    assert summary < next(i for i, s in enumerate(sources) if "pb.chart(" in s)
    assert summary < next(i for i, s in enumerate(sources) if "pb.appendix(" in s)
