"""Scoring, exact selection, reasons, frontier, sensitivity, alignment and capacity.

Hand-worked examples carry their arithmetic in comments; the selection is also checked against a
brute-force enumeration of every 0/1 combination on random small portfolios.
"""
from __future__ import annotations

from itertools import product

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation import selection as pr
from playbook.errors import PlaybookError
from playbook.prioritisation.selection import (
    Criterion,
    PrioritisationError,
    capacity_use,
    frontier,
    greedy_select,
    method_agreement,
    objective_alignment,
    orphans,
    select,
    sensitivity,
    weighted_scores,
    wsjf_scores,
)


def portfolio(rows: list[dict], teams: tuple[str, ...] = ()) -> pd.DataFrame:
    """A portfolio in the loader's shape; omitted fields take neutral defaults."""
    full = []
    for row in rows:
        full.append({
            "name": row["id"], "objective": "O1", "cost": 0.0,
            **{f"fte_{t}": 0.0 for t in teams},
            "depends_on": [], "exclusive_with": [], "mandatory": False, **row,
        })
    return pd.DataFrame(full).set_index("id")


def values(frame: pd.DataFrame, column: str = "v") -> pd.Series:
    return frame[column].astype(float)


# --- scores ---------------------------------------------------------------------------------


def test_weighted_scores_hand_worked_example():
    frame = portfolio([
        {"id": "A", "fit": 5, "value": 1, "risk": 1},
        {"id": "B", "fit": 3, "value": 5, "risk": 5},
        {"id": "C", "fit": 1, "value": 3, "risk": 3},
    ])
    # Weights 5:3:2 normalise to 0.5/0.3/0.2. Min-max: fit A 1, B .5, C 0; value A 0, B 1, C .5;
    # risk (lower is better) A 1, B 0, C .5. A = .5 + 0 + .2 = .7; B = .25 + .3 + 0 = .55;
    # C = 0 + .15 + .1 = .25.
    scores = weighted_scores(frame, [Criterion("fit", 5), Criterion("value", 3), Criterion("risk", 2, True)])
    assert scores.to_dict() == pytest.approx({"A": 0.7, "B": 0.55, "C": 0.25})
    assert scores.name == "weighted"


def test_a_criterion_everyone_rates_the_same_scores_mid_scale():
    frame = portfolio([{"id": "A", "fit": 3, "x": 1}, {"id": "B", "fit": 3, "x": 5}])
    assert weighted_scores(frame, [Criterion("fit", 1)]).tolist() == [0.5, 0.5]
    assert weighted_scores(frame, [Criterion("fit", 1, True)]).tolist() == [0.5, 0.5]
    # x: A 0, B 1; fit 0.5 for both; equal weights: A .25, B .75.
    assert weighted_scores(frame, [Criterion("fit", 1), Criterion("x", 1)]).tolist() == [0.25, 0.75]


@pytest.mark.parametrize("criteria, message", [
    ([Criterion("missing", 1)], "no column for criteria"),
    ([Criterion("fit", -1)], "non-negative"),
    ([Criterion("fit", 0)], "not all zero"),
    ([], "at least one criterion"),
])
def test_weighted_scores_rejects_unusable_criteria(criteria, message):
    frame = portfolio([{"id": "A", "fit": 3}, {"id": "B", "fit": 4}])
    with pytest.raises(PrioritisationError, match=message):
        weighted_scores(frame, criteria)


def test_missing_ratings_are_named():
    frame = portfolio([{"id": "A", "fit": 3}, {"id": "B", "fit": None}])
    with pytest.raises(PlaybookError, match="missing criterion ratings for B"):
        weighted_scores(frame, [Criterion("fit", 1)])


def test_wsjf_hand_worked_example():
    frame = portfolio([
        {"id": "A", "business_value": 8, "time_criticality": 5, "risk_reduction": 3, "job_size": 8},
        {"id": "B", "business_value": 20, "time_criticality": 13, "risk_reduction": 8, "job_size": 5},
    ])
    # A: (8 + 5 + 3) / 8 = 2.0; B: (20 + 13 + 8) / 5 = 8.2
    assert wsjf_scores(frame).to_dict() == pytest.approx({"A": 2.0, "B": 8.2})


def test_wsjf_is_none_without_its_columns_and_refuses_a_zero_job_size():
    assert wsjf_scores(portfolio([{"id": "A", "business_value": 8}])) is None
    frame = portfolio([{"id": "A", "business_value": 8, "time_criticality": 5, "risk_reduction": 3, "job_size": 0}])
    with pytest.raises(PrioritisationError, match="positive job_size.*A"):
        wsjf_scores(frame)


def test_method_agreement_is_one_for_identical_and_minus_one_for_reversed_rankings():
    a = pd.Series([4.0, 3.0, 2.0, 1.0], index=list("wxyz"))
    table = method_agreement({"a": a, "same": a * 10, "reversed": -a})
    assert table.loc["a", "same"] == pytest.approx(1.0)
    assert table.loc["a", "reversed"] == pytest.approx(-1.0)
    assert table.loc["reversed", "a"] == pytest.approx(-1.0)
    assert np.diag(table.to_numpy()) == pytest.approx([1.0, 1.0, 1.0])


def test_method_agreement_one_swap_of_four_and_only_shared_initiatives():
    a = pd.Series([4.0, 3.0, 2.0, 1.0], index=list("wxyz"))
    b = pd.Series([4.0, 2.0, 3.0, 1.0, 9.0], index=list("wxyzq"))  # q is scored by b only
    # 6 pairs, one discordant (x, y): tau = (5 - 1) / 6
    assert method_agreement({"a": a, "b": b}).loc["a", "b"] == pytest.approx(4 / 6)


# --- selection against brute force ----------------------------------------------------------


def random_case(seed: int, grid: bool) -> tuple[pd.DataFrame, float, dict[str, float], list[str]]:
    """≤ 14 initiatives, two teams, acyclic dependencies, exclusions, sometimes a mandatory item."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 15))
    ids = [f"P{i:02d}" for i in range(n)]
    rows = []
    for i, id_ in enumerate(ids):
        rows.append({
            "id": id_,
            "cost": float(rng.integers(1, 21) * 10_000),
            "fte_A": float(rng.integers(0, 7) * 0.5),
            "fte_B": float(rng.integers(0, 5) * 0.5),
            "v": float(rng.integers(0, 10) / 10) if grid else float(rng.random()),
            "depends_on": [ids[int(rng.integers(0, i))]] if i > 0 and rng.random() < 0.25 else [],
            "exclusive_with": [],
            "mandatory": False,
        })
    for _ in range(int(rng.integers(0, 3))):
        a, b = rng.choice(n, 2, replace=False)
        rows[a]["exclusive_with"] = rows[a]["exclusive_with"] + [ids[b]]
    if rng.random() < 0.3:
        rows[int(rng.integers(0, n))]["mandatory"] = True
    forced_out = [ids[int(rng.integers(0, n))]] if rng.random() < 0.2 else []
    frame = portfolio(rows, teams=("A", "B"))
    budget = float(frame["cost"].sum() * rng.uniform(0.25, 0.6))
    capacity = {t: float(frame[f"fte_{t}"].sum() * rng.uniform(0.3, 0.7)) for t in ("A", "B")}
    return frame, budget, capacity, forced_out


def brute_force(frame: pd.DataFrame, budget: float, capacity: dict[str, float], forced_out: list[str]):
    """Every 0/1 vector that satisfies every rule (rows of a boolean matrix)."""
    ids = list(frame.index)
    x = np.array(list(product((False, True), repeat=len(ids))))
    ok = x @ frame["cost"].to_numpy() <= budget
    for team, cap in capacity.items():
        ok &= x @ frame[f"fte_{team}"].to_numpy() <= cap
    for i, id_ in enumerate(ids):
        for dep in frame.at[id_, "depends_on"]:
            ok &= ~x[:, i] | x[:, ids.index(dep)]
        for other in frame.at[id_, "exclusive_with"]:
            ok &= ~(x[:, i] & x[:, ids.index(other)])
        if frame.at[id_, "mandatory"]:
            ok &= x[:, i]
        if id_ in forced_out:
            ok &= ~x[:, i]
    return x[ok]


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
    assert chosen.total_value == pytest.approx(best, abs=2 * pr.TIE_TOLERANCE * v.max())
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


# --- sensitivity ----------------------------------------------------------------------------

CRITERIA = [Criterion("fit", 0.4), Criterion("value", 0.4), Criterion("risk", 0.2, lower_is_better=True)]


def sensitivity_case() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = [
        {"id": "STAR", "cost": 50_000.0, "fit": 5, "value": 5, "risk": 1},  # best on every rating, cheapest
        {"id": "DUD", "cost": 900_000.0, "fit": 1, "value": 1, "risk": 5},  # worst on every rating, dearest
    ]
    for i in range(10):
        rows.append({"id": f"M{i}", "cost": float(rng.integers(2, 9) * 50_000),
                     "fit": int(rng.integers(2, 5)), "value": int(rng.integers(2, 5)), "risk": int(rng.integers(2, 5))})
    return portfolio(rows)


def test_sensitivity_is_reproducible_and_bands_follow_the_probabilities():
    frame = sensitivity_case()
    budget = float(frame["cost"].sum() * 0.4)
    first = sensitivity(frame, CRITERIA, budget, draws=200, seed=7)
    again = sensitivity(frame, CRITERIA, budget, draws=200, seed=7)
    pd.testing.assert_frame_equal(first, again)
    p = first["p_funded"]
    assert ((p >= 0) & (p <= 1)).all()
    assert (p * 200).round(9).eq((p * 200).round()).all()  # a count of draws
    assert first.at["STAR", "band"] == pr.ROBUST_CORE and p["STAR"] >= 0.9
    assert first.at["DUD", "band"] == pr.OUT and p["DUD"] <= 0.1
    expected = np.where(p >= 0.9, pr.ROBUST_CORE, np.where(p <= 0.1, pr.OUT, pr.ON_THE_BUBBLE))
    assert first["band"].tolist() == expected.tolist()
    assert (first["band"] == pr.ON_THE_BUBBLE).any()  # the noise does move the middle


def test_sensitivity_without_noise_reproduces_the_selection():
    """With every draw at the agreed weights (huge concentration) and ratings that the ±1 noise
    cannot reorder (5 points apart), each draw must fund exactly what `select` funds."""
    frame = portfolio([
        {"id": i, "cost": c, "fit": f, "value": f, "risk": 0}
        for i, c, f in (("A", 100.0, 20), ("B", 100.0, 15), ("C", 100.0, 10), ("D", 100.0, 5), ("E", 100.0, 0))
    ])
    chosen = select(frame, weighted_scores(frame, CRITERIA), 300)
    result = sensitivity(frame, CRITERIA, 300, draws=50, concentration=1e9)
    assert set(result.index[result["p_funded"] == 1.0]) == set(chosen.funded) == {"A", "B", "C"}
    assert (result.loc[["D", "E"], "p_funded"] == 0.0).all()


def test_sensitivity_of_an_infeasible_portfolio_is_nan_not_an_error():
    frame = portfolio([{"id": "M", "cost": 10.0, "fit": 1, "value": 1, "risk": 1, "mandatory": True}])
    result = sensitivity(frame, CRITERIA, 5, draws=10)
    assert result["p_funded"].isna().all()
    assert result["band"].tolist() == [pr.NO_SELECTION]


# --- alignment and capacity -----------------------------------------------------------------


def test_objective_alignment_shares_the_funded_cost_and_groups_orphans_last():
    frame = portfolio([
        {"id": "A", "objective": "O1", "cost": 300.0},
        {"id": "B", "objective": "O1", "cost": 200.0},
        {"id": "C", "objective": "O2", "cost": 100.0},
        {"id": "D", "objective": None, "cost": 100.0},
        {"id": "E", "objective": "  ", "cost": 50.0},
    ])
    table = objective_alignment(frame, ["A", "C", "D"])
    assert table.index.tolist() == ["O1", "O2", pr.NO_OBJECTIVE]
    assert table["funded_cost"].tolist() == [300.0, 100.0, 100.0]
    assert table["share"].tolist() == pytest.approx([0.6, 0.2, 0.2])
    assert table["n_initiatives"].tolist() == [2, 1, 2]
    assert table["n_funded"].tolist() == [1, 1, 1]
    assert table["proposed_cost"].tolist() == [500.0, 100.0, 150.0]
    assert orphans(frame) == ["D", "E"]
    with pytest.raises(PrioritisationError, match="unknown initiatives"):
        objective_alignment(frame, ["Z"])


def test_capacity_use_bands_demand_against_capacity():
    frame = portfolio([
        {"id": "A", "fte_Eng": 3.0, "fte_Ops": 5.0, "fte_Data": 1.0, "fte_Legal": 0.5},
        {"id": "B", "fte_Eng": 9.0, "fte_Ops": 9.0, "fte_Data": 9.0, "fte_Legal": 9.0},
    ], teams=("Eng", "Ops", "Data", "Legal"))
    table = capacity_use(frame, ["A"], {"Eng": 4.0, "Ops": 4.0, "Data": 4.0})
    assert table.index.tolist() == ["Eng", "Ops", "Data", "Legal"]
    assert table["demand"].tolist() == [3.0, 5.0, 1.0, 0.5]
    assert table["utilisation"].iloc[:3].tolist() == [0.75, 1.25, 0.25]
    assert table["band"].tolist() == [pr.WITHIN, pr.OVER, pr.UNDER, pr.UNCAPPED]
    assert np.isnan(table.at["Legal", "capacity"])
    full = capacity_use(frame, ["A"], {"Eng": 3.0})
    assert full.at["Eng", "band"] == "75–100%"  # exactly full is within, not over
