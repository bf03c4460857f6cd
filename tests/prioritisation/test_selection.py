"""Exact selection, reasons and the frontier.

Hand-worked examples carry their arithmetic in comments; the selection is also checked against a
brute-force enumeration of every 0/1 combination on random small portfolios.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation import problem as pb
from playbook.prioritisation import selection as pr
from playbook.prioritisation.scoring import PrioritisationError
from playbook.prioritisation.selection import frontier, greedy_select, select
from tests.prioritisation.cases import brute_force, portfolio, random_case, values


@pytest.mark.parametrize("seed", range(60))
def test_selection_equals_brute_force_on_rated_portfolios(seed):
    """Values on a 0.1 grid, like scores from 1-5 ratings: the optimum value must match exactly,
    and among the selections reaching it the cheapest must win."""
    frame, budget, capacity, forced_out = random_case(seed, grid=True)
    feasible = brute_force(frame, budget, capacity, forced_out)
    chosen = select(frame, values(frame), budget, capacity, forced_out)
    if len(feasible) == 0:
        assert chosen.status == "infeasible" and chosen.infeasible_reason
        return
    v, cost = frame["v"].to_numpy(), frame["cost"].to_numpy()
    best = (feasible @ v).max()
    cheapest = (feasible[feasible @ v >= best - 1e-9] @ cost).min()
    assert chosen.status == "optimal"
    assert chosen.total_value == pytest.approx(best, abs=1e-9)
    assert chosen.total_cost == cheapest
    assert set(chosen.reasons) == set(frame.index) - set(chosen.funded)


@pytest.mark.parametrize("seed", range(100, 130))
def test_selection_equals_brute_force_on_continuous_values(seed):
    """Arbitrary values: the MILP must reach the brute-force optimum (to HiGHS's 1e-6), and be at
    least as cheap as the cheapest selection that reaches it exactly."""
    frame, budget, capacity, forced_out = random_case(seed, grid=False)
    feasible = brute_force(frame, budget, capacity, forced_out)
    chosen = select(frame, values(frame), budget, capacity, forced_out)
    if len(feasible) == 0:
        assert chosen.status == "infeasible"
        return
    v, cost = frame["v"].to_numpy(), frame["cost"].to_numpy()
    best = (feasible @ v).max()
    assert chosen.total_value == pytest.approx(best, abs=2 * pb.TIE_TOLERANCE * v.max())
    assert chosen.total_cost <= (feasible[feasible @ v >= best - 1e-12] @ cost).min()


def test_the_brute_force_cases_are_not_trivial():
    """Guard against a generator whose constraints never bind: greedy must lose sometimes."""
    lost = 0
    for seed in range(60):
        frame, budget, capacity, forced_out = random_case(seed, grid=True)
        best = select(frame, values(frame), budget, capacity, forced_out)
        greedy = greedy_select(frame, values(frame), budget, capacity, forced_out)
        if best.status == "optimal":
            assert greedy.status == "greedy"
            assert best.total_value >= greedy.total_value - 1e-9
            lost += greedy.total_value < best.total_value - 1e-9
    assert lost >= 10


def test_equal_value_goes_to_the_cheaper_initiative():
    frame = portfolio([
        {"id": "dear", "cost": 300_000.0, "v": 1.0},
        {"id": "cheap", "cost": 200_000.0, "v": 1.0},
    ])
    assert select(frame, values(frame), 350_000).funded == ("cheap",)


def test_greedy_value_for_money_is_beaten_by_the_exact_selection():
    frame = portfolio([
        {"id": "A", "cost": 60.0, "v": 7.0},  # best value per cost (0.117) but blocks the pair
        {"id": "B", "cost": 50.0, "v": 5.0},
        {"id": "C", "cost": 50.0, "v": 5.0},
    ])
    greedy = greedy_select(frame, values(frame), 100)
    best = select(frame, values(frame), 100)
    assert (greedy.funded, greedy.total_value) == (("A",), 7.0)
    assert (set(best.funded), best.total_value, best.total_cost) == ({"B", "C"}, 10.0, 100.0)


def test_selection_reports_funded_in_value_order_with_totals_and_team_usage():
    frame = portfolio([
        {"id": "A", "cost": 100.0, "v": 2.0, "fte_Eng": 1.0, "fte_Ops": 0.5},
        {"id": "B", "cost": 100.0, "v": 3.0, "fte_Eng": 2.0, "fte_Ops": 0.0},
        {"id": "C", "cost": 100.0, "v": 1.0, "fte_Eng": 5.0, "fte_Ops": 0.0},
    ], teams=("Eng", "Ops"))
    chosen = select(frame, values(frame), 300, {"Eng": 3.0})
    assert chosen.funded == ("B", "A")
    assert (chosen.total_value, chosen.total_cost) == (5.0, 200.0)
    assert chosen.team_usage == {"Eng": 3.0, "Ops": 0.5}


# --- infeasibility --------------------------------------------------------------------------


def test_mandatory_items_over_budget_are_infeasible_and_say_both_amounts():
    frame = portfolio([
        {"id": "M1", "cost": 3_000_000.0, "v": 1.0, "mandatory": True},
        {"id": "M2", "cost": 2_200_000.0, "v": 1.0, "mandatory": True},
        {"id": "X", "cost": 100_000.0, "v": 1.0},
    ])
    chosen = select(frame, values(frame), 4_500_000)
    assert chosen.status == "infeasible"
    assert chosen.infeasible_reason == "mandatory initiatives cost 5.2m against a budget of 4.5m"
    assert chosen.funded == () and chosen.total_value == 0.0
    assert chosen.reasons == {i: pr.NO_SELECTION for i in ("M1", "M2", "X")}


@pytest.mark.parametrize("rows, budget, capacity, forced_out, reason", [
    ([{"id": "M", "cost": 100.0, "fte_Eng": 3.0, "mandatory": True},
      {"id": "N", "cost": 100.0, "fte_Eng": 2.5, "mandatory": True}], 1e6, {"Eng": 4.0}, [],
     "mandatory initiatives need 5.5 FTE of team Eng against a capacity of 4.0"),
    ([{"id": "M", "cost": 100.0, "mandatory": True, "depends_on": ["P"]}, {"id": "P", "cost": 100.0}],
     1e6, None, ["P"], "mandatory M depends on P, which is forced out"),
    ([{"id": "M", "cost": 100.0, "mandatory": True, "exclusive_with": ["N"]},
      {"id": "N", "cost": 100.0, "mandatory": True}], 1e6, None, [],
     "mandatory M and mandatory N are mutually exclusive"),
    ([{"id": "M", "cost": 100.0, "mandatory": True, "depends_on": ["P"]},
      {"id": "P", "cost": 100.0, "exclusive_with": ["N"]},
      {"id": "N", "cost": 100.0, "mandatory": True}], 1e6, None, [],
     "P (needed by mandatory M) and mandatory N are mutually exclusive"),
    ([{"id": "M", "cost": 100.0, "mandatory": True}], 1e6, None, ["M"], "M is both mandatory and forced out"),
    ([{"id": "M", "cost": 600_000.0, "mandatory": True, "depends_on": ["P"]}, {"id": "P", "cost": 250_000.0}],
     800_000, None, [], "mandatory initiatives and their prerequisites cost 850k against a budget of 800k"),
])
def test_each_kind_of_infeasibility_is_explained(rows, budget, capacity, forced_out, reason):
    frame = portfolio([{"v": 1.0, **r} for r in rows], teams=("Eng",))
    chosen = select(frame, values(frame), budget, capacity, forced_out)
    assert chosen.status == "infeasible"
    assert chosen.infeasible_reason == reason


# --- reasons --------------------------------------------------------------------------------


def test_every_kind_of_reason_for_not_funding():
    frame = portfolio([
        {"id": "A", "cost": 300_000.0, "v": 10.0, "fte_Engineering": 1.0},
        {"id": "B", "cost": 300_000.0, "v": 1.0, "exclusive_with": ["A"]},
        {"id": "C", "cost": 430_000.0, "v": 10.0, "fte_Engineering": 2.5},
        {"id": "X", "cost": 10_000.0, "v": 10.0},
        {"id": "D", "cost": 10_000.0, "v": 10.0, "depends_on": ["X"]},
        {"id": "D2", "cost": 10_000.0, "v": 10.0, "depends_on": ["D"]},
        {"id": "T", "cost": 10_000.0, "v": 2.0, "fte_Engineering": 3.0},
        {"id": "E", "cost": 400_000.0, "v": 5.0},
        {"id": "L", "cost": 10_000.0, "v": 0.0},
    ], teams=("Engineering",))
    # Engineering 5.0: A + C use 3.5, so T (3.0) does not fit, and T's 2 points cannot beat A or C.
    # Budget 980k: A + C cost 730k, leaving 250k; E (400k) would have to displace A or C (10 each).
    chosen = select(frame, values(frame), 980_000, {"Engineering": 5.0}, forced_out=["X"])
    assert chosen.funded == ("A", "C")
    assert chosen.reasons == {
        "B": "excluded by A (funded)",
        "X": "forced out",
        "D": "depends on unfunded X",
        "D2": "depends on unfunded X",  # names the prerequisite that can never be funded
        "T": "capacity of team Engineering (needs 3.0 FTE, 1.5 left)",
        "E": "budget (costs 400k, 250k left)",
        "L": pr.LOWER_VALUE,  # fits everywhere but adds nothing
    }


def test_an_unfunded_prerequisite_is_named_when_nothing_blocks_it_for_good():
    frame = portfolio([
        {"id": "P", "cost": 500_000.0, "v": 1.0},
        {"id": "Q", "cost": 100_000.0, "v": 5.0, "depends_on": ["P"]},
        {"id": "R", "cost": 400_000.0, "v": 7.0},
    ])
    chosen = select(frame, values(frame), 600_000)
    assert chosen.funded == ("R",)
    assert chosen.reasons == {"P": "budget (costs 500k, 200k left)", "Q": "depends on unfunded P"}


def test_unknown_ids_teams_and_values_are_domain_errors():
    frame = portfolio([{"id": "A", "cost": 1.0, "v": 1.0, "depends_on": ["nope"]}])
    with pytest.raises(PrioritisationError, match="depends_on names unknown initiatives"):
        select(frame, values(frame), 10)
    frame = portfolio([{"id": "A", "cost": 1.0, "v": 1.0}], teams=("Eng",))
    with pytest.raises(PrioritisationError, match="'fte_Marketing'"):
        select(frame, values(frame), 10, {"Marketing": 3})
    with pytest.raises(PrioritisationError, match="forced_out names unknown"):
        select(frame, values(frame), 10, forced_out=["B"])
    with pytest.raises(PrioritisationError, match="no value for A"):
        select(frame, pd.Series({"B": 1.0}), 10)


# --- frontier -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 7, 12, 23])
def test_frontier_is_non_decreasing_optimal_beats_greedy_and_matches_brute_force(seed):
    frame, budget, capacity, forced_out = random_case(seed, grid=True)
    frame["mandatory"] = False  # keep every budget point feasible from zero
    curve = frontier(frame, values(frame), budget, capacity, forced_out, steps=11)
    assert len(curve) == 12 and curve["is_chosen"].sum() == 1
    assert curve.loc[curve["is_chosen"], "budget"].item() == budget
    assert curve["budget"].iloc[0] == 0.0 and curve["budget"].iloc[-1] == pytest.approx(1.5 * budget)
    assert curve["budget"].is_monotonic_increasing
    assert (np.diff(curve["optimal_value"]) >= -1e-9).all()
    assert (curve["optimal_value"] >= curve["greedy_value"] - 1e-9).all()
    assert (curve["optimal_cost"] <= curve["budget"] + 1e-6).all()
    for row in curve.itertuples():
        feasible = brute_force(frame, row.budget, capacity, forced_out)
        assert row.optimal_value == pytest.approx((feasible @ frame["v"].to_numpy()).max(), abs=1e-9)


def test_frontier_marks_budgets_below_the_mandatory_cost_as_nan():
    frame = portfolio([
        {"id": "M", "cost": 200_000.0, "v": 1.0, "mandatory": True},
        {"id": "A", "cost": 100_000.0, "v": 2.0},
    ])
    curve = frontier(frame, values(frame), 300_000, steps=4)  # 0, 150k, 300k, 450k
    assert curve["budget"].tolist() == [0.0, 150_000.0, 300_000.0, 450_000.0]
    assert curve["optimal_value"].isna().tolist() == [True, True, False, False]
    assert curve["greedy_value"].isna().tolist() == [True, True, False, False]
    assert curve.loc[2, ["optimal_value", "optimal_cost", "n_funded"]].tolist() == [3.0, 300_000.0, 2.0]
    assert curve["is_chosen"].tolist() == [False, False, True, False]
