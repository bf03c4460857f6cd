"""The selection never spends a penny more than the budget, nor a team more than its capacity, and
equals the true optimum: issue 12's reproducers, and 200 near-boundary portfolios with non-round
costs checked against brute force in exact arithmetic (Decimal money, Fraction FTE)."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import product

import numpy as np
import pytest

from playbook.prioritisation.problem import FTE_TOLERANCE
from playbook.prioritisation.selection import frontier, select
from tests.prioritisation.cases import portfolio, values


def test_two_items_a_little_over_the_budget_together_are_never_both_funded():
    """Issue 12, item 1: HiGHS's tolerance on the scaled budget row funded X and Y (cost
    200,000,000) against a budget of 199,999,995; the frontier funded one."""
    frame = portfolio([{"id": "X", "cost": 100_000_000.0, "v": 1.0}, {"id": "Y", "cost": 100_000_000.0, "v": 1.0}])
    chosen = select(frame, values(frame), 199_999_995)
    assert len(chosen.funded) == 1 and chosen.total_cost == 100_000_000.0 and chosen.status == "optimal"
    curve = frontier(frame, values(frame), 199_999_995, steps=2)
    assert curve.loc[curve["is_chosen"], "n_funded"].item() == 1.0


def test_the_optimum_a_penny_inside_the_budget_is_found():
    """Issue 12, item 2: select() funded {P04, P05} (0.95) and said P10 lost on value although it
    fits; brute force, CP-SAT and the frontier fund {P01, P05, P11} (1.0). P04 + P05 + P11 would
    be worth more but costs 800,001.66, a penny over."""
    ids = ["P01", "P03", "P04", "P05", "P07", "P10", "P11"]
    costs = [400000.22, 1800000.98, 400000.84, 200000.40, 500000.27, 200000.20, 200000.42]
    points = [23, 2, 36, 21, 7, 2, 16]
    frame = portfolio([{"id": i, "cost": c, "v": x / 60} for i, c, x in zip(ids, costs, points)])
    chosen = select(frame, values(frame), 800001.65)
    assert set(chosen.funded) == {"P01", "P05", "P11"} and chosen.status == "optimal"
    assert chosen.total_value == pytest.approx(1.0) and chosen.total_cost == pytest.approx(800001.04)
    assert chosen.reasons["P10"].startswith("budget (costs 200k")
    assert chosen.reasons["P04"].startswith("budget")


def dec(x: float) -> Decimal:
    """A float as the decimal it was written as (400000.22, not its binary neighbour)."""
    return Decimal(repr(float(x)))


def frac(x: float) -> Fraction:
    return Fraction(repr(float(x)))


def near_boundary_case(seed: int):
    """≤ 11 initiatives with non-round costs (pennies on top of 10^4–10^8), FTE in tenths, a few
    dependencies and exclusions. The budget sits on the cost of the best selection at a random
    budget, give or take a penny; the capacity, often, on that selection's FTE, give or take a
    tenth."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 12))
    magnitude = float(10 ** rng.integers(4, 9))
    rows = []
    for i in range(n):
        rows.append({
            "id": f"Q{i:02d}",
            "cost": round(float(rng.integers(1, 20)) * magnitude + float(rng.integers(0, 100)) / 100, 2),
            "v": float(rng.integers(0, 40)) / 60,
            "fte_A": round(float(rng.integers(0, 30)) / 10, 1),
            "depends_on": [f"Q{int(rng.integers(0, i)):02d}"] if i > 0 and rng.random() < 0.15 else [],
            "exclusive_with": [],
        })
    if rng.random() < 0.3:
        a, b = rng.choice(n, 2, replace=False)
        rows[a]["exclusive_with"] = [rows[b]["id"]]
        rows[b]["exclusive_with"] = [rows[a]["id"]]
    frame = portfolio(rows, teams=("A",))
    start = round(float(frame["cost"].sum()) * float(rng.uniform(0.3, 0.7)), 2)
    capacity = {"A": round(float(frame["fte_A"].sum()) * float(rng.uniform(0.4, 0.9)), 1)}
    admissible = exact_brute_force(frame, start, capacity)
    best = admissible[int(np.argmax(admissible.astype(float) @ frame["v"].to_numpy()))]
    pennies = sum(dec(c) for c in frame["cost"].to_numpy()[best]) + Decimal(int(rng.choice([-1, 0, 0, 1]))) / 100
    if rng.random() < 0.5:
        tenths = sum(frac(x) for x in frame["fte_A"].to_numpy()[best]) + Fraction(int(rng.choice([-1, 0, 1])), 10)
        capacity = {"A": float(max(tenths, Fraction(0)))}
    return frame, float(max(pennies, Decimal(0))), capacity


def exact_brute_force(frame, budget: float, capacity: dict[str, float], pennies: int = 0, tenths: int = 0):
    """Every admissible 0/1 vector, judged in integers: money in pennies and FTE in tenths, which
    these portfolios' figures are exactly (checked), with `pennies` and `tenths` more room."""
    ids = list(frame.index)
    money = np.array([int(dec(c) * 100) for c in frame["cost"]], dtype=np.int64)
    fte = np.array([int(frac(x) * 10) for x in frame["fte_A"]], dtype=np.int64)
    assert all(dec(c) * 100 == int(m) for c, m in zip(frame["cost"], money))
    assert all(frac(x) * 10 == int(f) for x, f in zip(frame["fte_A"], fte))
    limit, cap = int(dec(budget) * 100) + pennies, frac(capacity["A"]) * 10 + tenths
    x = np.array(list(product((False, True), repeat=len(ids))))
    ok = (x @ money <= limit) & (x @ fte <= cap)
    for i, id_ in enumerate(ids):
        for d in frame.at[id_, "depends_on"]:
            ok &= ~x[:, i] | x[:, ids.index(d)]
        for e in frame.at[id_, "exclusive_with"]:
            ok &= ~(x[:, i] & x[:, ids.index(e)])
    return x[ok]


@pytest.mark.parametrize("block", range(8))
def test_200_near_boundary_portfolios_never_overspend_and_equal_brute_force(block):
    for seed in range(block * 25, block * 25 + 25):
        frame, budget, capacity = near_boundary_case(seed)
        chosen = select(frame, values(frame), budget, capacity)
        admissible = exact_brute_force(frame, budget, capacity)
        funded = [frame.index.get_loc(i) for i in chosen.funded]
        spent = sum((dec(frame["cost"].iloc[i]) for i in funded), Decimal(0))
        used = sum((frac(frame["fte_A"].iloc[i]) for i in funded), Fraction(0))
        assert spent <= dec(budget), (seed, spent, budget)
        assert used <= frac(capacity["A"]) + Fraction(FTE_TOLERANCE), (seed, used, capacity)
        best = (admissible.astype(float) @ frame["v"].to_numpy()).max()
        assert chosen.status == "optimal" and chosen.total_value == pytest.approx(best, abs=1e-9), seed


def test_the_near_boundary_cases_do_sit_on_the_boundary():
    """Guard against a generator that never tests anything: in most cases two pennies of budget,
    or a tenth of an FTE, either way would change the best value."""
    hinges = 0
    for seed in range(200):
        frame, budget, capacity = near_boundary_case(seed)
        v = frame["v"].to_numpy()
        best = (exact_brute_force(frame, budget, capacity) @ v).max()
        moved = [exact_brute_force(frame, budget, capacity, pennies=d) for d in (-2, 2)]
        moved += [exact_brute_force(frame, budget, capacity, tenths=d) for d in (-1, 1)]
        hinges += any(len(m) == 0 or abs((m @ v).max() - best) > 1e-12 for m in moved)
    assert hinges >= 120, hinges
