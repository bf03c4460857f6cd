"""Every solve stops at the time limit (client.yaml prioritisation.time_limit_s) and a selection the
limit stopped short of proof says so, with its proven gap: issue 12, item 3, on Pisinger's
strongly correlated knapsack, the class that kept select() busy for more than 300 s at 500."""
from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest
import yaml

from playbook.errors import DataError
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.prioritisation import board
from playbook.prioritisation.benefit_money import COLUMNS
from playbook.prioritisation.results import plan, results
from tests.prioritisation.cases import portfolio

LIMIT = 3.0


def strongly_correlated(n: int = 500, r: int = 10_000, seed: int = 12):
    """Weights uniform on 1..R, value = weight + R/10, budget half the total weight (Pisinger).
    The score is one criterion rated weight + R/10; an initiative rated 0 that never fits pins
    the min-max normalisation at 0, so each score is exactly value ÷ the largest value."""
    rng = np.random.default_rng(seed)
    weight = rng.integers(1, r + 1, n).astype(float)
    rows = [{"id": f"I{i:03d}", "cost": 100.0 * w, "value": w + r / 10} for i, w in enumerate(weight)]
    rows.append({"id": "Z", "cost": 1e12, "value": 0.0})
    return portfolio(rows), float(100.0 * weight.sum() / 2)


@pytest.fixture(scope="module")
def hard_plan():
    frame, budget = strongly_correlated()
    base = load_client(DEFAULT_DATA_DIR / "acme-logistics")
    settings = base.prioritisation.model_copy(update={
        "method": "weighted", "budget": budget, "capacity": {}, "pairwise": {}, "forced_out": [],
        "criteria": [base.prioritisation.criteria[0].model_copy(update={"name": "value", "weight": 1.0})],
        "time_limit_s": LIMIT})
    client = base.model_copy(update={"prioritisation": settings})
    import scipy.stats  # noqa: F401  a one-off import (about 1 s) that the method comparison pays, not a solve
    start = time.perf_counter()
    made = plan(frame, client)
    return made, time.perf_counter() - start


def test_a_500_initiative_strongly_correlated_portfolio_returns_within_the_time_limit(hard_plan):
    made, seconds = hard_plan
    assert seconds <= LIMIT + 1.0, seconds  # the solves share the limit; scoring and tables take the rest
    assert made.selection.status == "best found" and made.selection.total_cost <= made.budget


def test_the_results_json_states_the_proven_gap(hard_plan):
    made, _ = hard_plan
    r = json.loads(json.dumps(results(made)))
    o = r["optimality"]
    assert o["proven"] is False and o["status"] == "best found" and o["time_limit_s"] == LIMIT
    assert 0 < o["gap"] < 0.01 and o["bound"] >= r["total_value"]
    assert o["gap"] == pytest.approx((o["bound"] - r["total_value"]) / o["bound"], abs=1e-6)


def test_the_deliverable_says_the_selection_is_the_best_found_within_the_limit(hard_plan):
    made, _ = hard_plan
    nothing = pd.DataFrame(columns=COLUMNS)  # no benefits register
    first = board.recommendation(board.Board(made, None, None, nothing,
                                             board.set_money(nothing, made.selection.funded), []))
    assert f"stopped at its {LIMIT:g}-second time limit" in first and "at most" in first
    assert f"{made.selection.gap:.1%} below the best possible" in first


def test_the_demo_selections_are_proven_optimal(plans):
    for made in plans.values():
        o = results(made)["optimality"]
        assert o["proven"] is True and o["gap"] == 0.0 and o["time_limit_s"] == 10.0


def test_a_time_limit_that_is_not_a_positive_number_is_refused_naming_the_field(data_dir):
    path = data_dir / "acme-logistics" / "client.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["prioritisation"]["time_limit_s"] = 0
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(DataError, match="time_limit_s"):
        load_client(path.parent)
