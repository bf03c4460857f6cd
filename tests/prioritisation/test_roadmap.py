"""Time-phased selection against an independent brute force, hand-worked plans, and the what-ifs."""
from __future__ import annotations

import dataclasses
import math
import random

import pytest

from playbook.prioritisation import roadmap as rm
from playbook.prioritisation.roadmap import BEST_FOUND, INFEASIBLE, OPTIMAL, solve
from playbook.prioritisation.roadmap_model import Committed, Problem, Proposal, RoadmapError
from playbook.prioritisation.roadmap_whatif import Scenario, run_scenarios, what_ifs, with_capacity

TEAMS = ("A", "B")
TOL = 1e-6  # FTE, as the module's FTE_TOLERANCE


# --- an independent reference: every selection and every start month --------------------------


def cents(x: float) -> int:
    return round(x * 100)


def capacity_of(problem: Problem, team: str) -> list[float]:
    given = problem.capacity.get(team, math.inf)
    return [float(given)] * problem.horizon if isinstance(given, (int, float)) else [float(v) for v in given]


def committed_load(problem: Problem, team: str) -> list[float]:
    return [sum(w.fte.get(team, 0.0) for w in problem.committed if w.start <= t <= w.finish)
            for t in range(problem.horizon)]


def room(problem: Problem) -> dict[str, list[float]]:
    """What proposals may use: capacity less committed work, and nothing where that is overloaded."""
    return {team: [max(c - w, 0.0) for c, w in zip(capacity_of(problem, team), committed_load(problem, team))]
            for team in TEAMS}


def options(problem: Problem, p: Proposal) -> list[int | None]:
    committed = {w.id: w for w in problem.committed}
    if p.forced_out or any(x in committed for x in p.exclusive_with):
        return [None]
    earliest = max([p.earliest, *(committed[d].finish + 1 for d in p.depends_on if d in committed)])
    return [None, *range(max(earliest, 0), problem.horizon - p.duration + 1)]


def valid(problem: Problem, starts: dict[str, int]) -> bool:
    """Every rule, checked from the problem's own fields (money in cents, FTE to TOL)."""
    by_id = {p.id: p for p in problem.proposals}
    budget = cents(problem.budget) - sum(cents(w.remaining_cost) for w in problem.committed)
    if starts and sum(cents(by_id[i].cost) for i in starts) > max(budget, 0):
        return False
    free = room(problem)
    for team in TEAMS:
        for t in range(problem.horizon):
            use = sum(by_id[i].fte.get(team, 0.0) for i, s in starts.items() if s <= t < s + by_id[i].duration)
            if use > free[team][t] + TOL:
                return False
    for i, s in starts.items():
        p = by_id[i]
        if s not in options(problem, p):
            return False
        for d in p.depends_on:
            if d in by_id and (d not in starts or s < starts[d] + by_id[d].duration):
                return False
        if any(x in starts for x in p.exclusive_with):
            return False
    return all(p.id in starts for p in problem.proposals if p.mandatory)


def brute_force(problem: Problem) -> tuple[float | None, dict[str, int]]:
    """The best value over every assignment of 'unfunded' or a start month to each proposal."""
    props = problem.proposals
    budget = cents(problem.budget) - sum(cents(w.remaining_cost) for w in problem.committed)
    free = room(problem)
    best: list = [None, {}]

    def visit(k: int, starts: dict[str, int], spent: int, load: dict[str, list[float]]) -> None:
        if k == len(props):
            if valid(problem, starts):
                value = math.fsum(by.value * (1 - problem.delay_discount) ** starts[by.id]
                                  for by in props if by.id in starts)
                if best[0] is None or value > best[0] + 1e-12:
                    best[0], best[1] = value, dict(starts)
            return
        p = props[k]
        for s in options(problem, p):
            if s is None:
                visit(k + 1, starts, spent, load)
                continue
            if spent + cents(p.cost) > max(budget, 0):
                continue
            new = {team: list(months) for team, months in load.items()}
            ok = True
            for team in TEAMS:
                for t in range(s, s + p.duration):
                    new[team][t] += p.fte.get(team, 0.0)
                    ok &= new[team][t] <= free[team][t] + TOL
            if ok:
                visit(k + 1, {**starts, p.id: s}, spent + cents(p.cost), new)

    visit(0, {}, 0, {team: [0.0] * problem.horizon for team in TEAMS})
    return best[0], best[1]


def random_problem(seed: int) -> Problem:
    rng = random.Random(seed)
    horizon, n = rng.randint(2, 6), rng.randint(2, 8)
    proposals = []
    for i in range(n):
        duration = rng.randint(1, min(4, horizon))
        fte = {t: rng.choice([0, 0, 0.5, 1, 1, 1.5, 2]) for t in TEAMS}
        earlier = [f"P{j}" for j in range(i)]
        proposals.append(Proposal(
            f"P{i}", value=rng.choice([rng.randint(0, 20) / 20, round(rng.uniform(0, 1), 6)]),
            cost=round(rng.uniform(1_000, 400_000), 2), duration=duration, fte=fte,
            earliest=rng.choice([0, 0, 0, rng.randint(0, horizon - 1)]),
            depends_on=tuple(rng.sample(earlier, 1)) if earlier and rng.random() < 0.25 else (),
            exclusive_with=tuple(rng.sample(earlier, 1)) if earlier and rng.random() < 0.15 else (),
            mandatory=rng.random() < 0.04, forced_out=rng.random() < 0.05))
    committed = []
    for j in range(rng.randint(0, 2)):
        start = rng.randint(-2, horizon - 1)
        committed.append(Committed(f"W{j}", round(rng.uniform(0, 100_000), 2), start, start + rng.randint(0, 3),
                                   {t: rng.choice([0, 0.5, 1, 2]) for t in TEAMS}))
    if committed and rng.random() < 0.3:  # a proposal waiting on committed work
        p = proposals[-1]
        proposals[-1] = dataclasses.replace(p, depends_on=(*p.depends_on, "W0"))
    capacity = {t: (rng.choice([1.5, 2, 2.5, 3, 4]) if rng.random() < 0.5
                    else [rng.choice([0, 1, 2, 3, 3, 4]) for _ in range(horizon)]) for t in TEAMS}
    total = sum(p.cost for p in proposals)
    if rng.random() < 0.4:  # on the boundary: exactly a subset's cost, give or take a cent
        subset = rng.sample(proposals, rng.randint(n // 2, n))
        budget = sum(cents(p.cost) for p in subset) / 100 + rng.choice([-0.01, 0, 0.01])
    else:
        budget = round(rng.uniform(0.3, 0.9) * total, 2)
    budget += sum(w.remaining_cost for w in committed)
    return Problem(tuple(proposals), horizon, budget, capacity, tuple(committed),
                   delay_discount=rng.choice([0.0, 0.0, 0.03]))


@pytest.mark.parametrize("seed", range(60))
def test_plan_equals_brute_force_and_no_month_is_over_capacity(seed: int) -> None:
    problem = random_problem(seed)
    reference, _ = brute_force(problem)
    plan = solve(problem)
    if reference is None:
        assert plan.status == INFEASIBLE and plan.infeasible_reason
        return
    assert plan.status == OPTIMAL
    assert plan.value == pytest.approx(reference, rel=1e-9, abs=1e-9)
    assert valid(problem, plan.starts)
    over = plan.committed_load + plan.funded_load > plan.capacity + TOL
    assert not (plan.funded_load[over] > 0).any()  # only committed work alone may overload a month
    assert plan.cost * 100 <= cents(problem.budget) - sum(cents(w.remaining_cost) for w in problem.committed)
    assert set(plan.reasons) == {p.id for p in problem.proposals} - set(plan.starts)


@pytest.mark.parametrize("seed", range(12))
def test_no_funded_proposal_could_start_earlier(seed: int) -> None:
    problem = random_problem(seed)
    plan = solve(problem)
    for i, s in plan.starts.items():
        for earlier in range(s):
            assert not valid(problem, {**plan.starts, i: earlier}), f"{i} could start in month {earlier}"


# --- hand-worked plans ----------------------------------------------------------------------


def two_projects(discount: float = 0.0) -> Problem:
    """A (value 3) and B (value 2) each need 2 of Engineering's 3 FTE for 2 months; 4 months."""
    return Problem((Proposal("A", 3, 100, 2, {"Eng": 2}), Proposal("B", 2, 100, 2, {"Eng": 2})),
                   horizon=4, budget=1000, capacity={"Eng": 3}, delay_discount=discount)


def test_capacity_sequences_work_and_the_discount_puts_the_more_valuable_first() -> None:
    plan = solve(two_projects())
    assert plan.value == 5 and sorted(plan.starts.values()) == [0, 2]
    plan = solve(two_projects(0.1))
    assert plan.starts == {"A": 0, "B": 2}
    assert plan.value == pytest.approx(3 + 2 * 0.9 ** 2)
    assert plan.funded_load.tolist() == [[2, 2, 2, 2]]


def test_a_dependent_starts_after_its_prerequisite_finishes() -> None:
    problem = Problem((Proposal("A", 1, 10, 3, {"Eng": 1}), Proposal("B", 1, 10, 2, {"Eng": 1}, depends_on=("A",))),
                      horizon=6, budget=100, capacity={"Eng": 5})
    plan = solve(problem)
    assert plan.starts == {"A": 0, "B": 3} and plan.finishes == {"A": 2, "B": 4}
    short = dataclasses.replace(problem, horizon=4)
    plan = solve(short)
    assert plan.starts == {"A": 0}
    assert plan.reasons["B"].startswith("cannot finish within the horizon")


def test_committed_work_filling_a_team_pushes_its_proposals_after_it_or_out_with_that_reason() -> None:
    committed = (Committed("W1", 50_000, start=-3, finish=3, fte={"Eng": 4}),)
    proposals = (
        Proposal("A", 5, 100, 3, {"Eng": 2}),  # fits after W1: months 4-6
        Proposal("B", 4, 100, 2, {"Eng": 1, "Ops": 1}),  # fits after W1
        Proposal("C", 9, 100, 5, {"Eng": 1}),  # would need months 4-8: past the horizon
        Proposal("D", 1, 100, 2, {"Ops": 1}),  # needs no Engineering: can start at once
    )
    problem = Problem(proposals, horizon=8, budget=50_000 + 1_000, capacity={"Eng": 4, "Ops": 2},
                      committed=committed)
    plan = solve(problem)
    assert plan.status == OPTIMAL
    assert plan.starts["A"] >= 4 and plan.starts["B"] >= 4 and plan.starts["D"] == 0
    assert "C" not in plan.starts
    assert plan.reasons["C"].startswith("capacity of team Eng: committed work (W1) leaves no room")
    assert plan.committed_load[0].tolist() == [4, 4, 4, 4, 0, 0, 0, 0]
    # its remaining cost counts against the budget too: 250 left funds two of the 100s
    tight = dataclasses.replace(problem, budget=50_000 + 250)
    assert len(solve(tight).starts) == 2


def test_the_budget_is_never_exceeded_by_solver_tolerance() -> None:
    """Issue 12's reproducer: two 100m costs, a budget 5 short of both."""
    problem = Problem((Proposal("X", 1, 100_000_000, 1), Proposal("Y", 1, 100_000_000, 1)),
                      horizon=1, budget=199_999_995)
    plan = solve(problem)
    assert len(plan.starts) == 1 and plan.reasons[({"X", "Y"} - set(plan.starts)).pop()].startswith("budget")


def test_an_answer_that_breaks_a_rule_is_cut_off_and_re_solved(monkeypatch: pytest.MonkeyPatch) -> None:
    real = rm._Search.run
    calls = []

    def first_wrong(self: rm._Search):  # the solver's first answer funds everything at month 0
        calls.append(1)
        if len(calls) == 1:
            return {i: 0 for i in range(self.c.n)}, True, 99.0
        return real(self)

    monkeypatch.setattr(rm._Search, "run", first_wrong)
    plan = solve(two_projects())
    assert plan.cuts == 1 and plan.value == 5 and len(calls) == 2


def test_a_time_limit_reports_the_best_plan_and_the_proven_gap() -> None:
    from benchmarks.roadmap import synthetic

    problem = synthetic(100, 7)  # takes HiGHS over 20 s to prove
    plan = solve(problem, time_limit=1.0)
    assert plan.status == BEST_FOUND and plan.seconds < 3
    assert plan.bound >= plan.value > 0 and 0 < plan.gap < 0.1


def test_infeasible_mandatory_work_is_explained() -> None:
    problem = two_projects()
    must = tuple(dataclasses.replace(p, mandatory=True) for p in problem.proposals)
    both = dataclasses.replace(problem, proposals=must)
    assert solve(dataclasses.replace(both, budget=150)).infeasible_reason.startswith("the mandatory work costs 200")
    squeezed = solve(dataclasses.replace(both, horizon=3))
    assert squeezed.status == INFEASIBLE
    assert squeezed.infeasible_reason == "the mandatory work cannot all be scheduled within capacity in the horizon"
    assert squeezed.reasons == {"A": rm.NO_PLAN, "B": rm.NO_PLAN}


@pytest.mark.parametrize("change, message", [
    ({"capacity": {"Eng": [1, 2]}}, "capacity of team Eng has 2 months"),
    ({"horizon": 0}, "the horizon must be at least one month"),
    ({"delay_discount": 1.0}, "delay discount"),
    ({"proposals": (Proposal("A", 1, 1, 1, depends_on=("Z",)),)}, "unknown ids ['Z']"),
    ({"proposals": (Proposal("A", 1, 1, 1, depends_on=("B",)), Proposal("B", 1, 1, 1, depends_on=("A",)))}, "cycle"),
    ({"proposals": (Proposal("A", 1, 1, 0),)}, "duration of at least one month"),
])
def test_bad_inputs_are_named(change: dict, message: str) -> None:
    with pytest.raises(RoadmapError, match=message.replace("[", r"\[").replace("]", r"\]")):
        solve(dataclasses.replace(two_projects(), **change))


# --- what-ifs -------------------------------------------------------------------------------


def hire_case() -> Problem:
    """Eng has 2 FTE over 4 months; A (2 FTE × 4 months) fills it; B (1 FTE × 2) waits for one more."""
    return Problem((Proposal("A", 3, 100, 4, {"Eng": 2}), Proposal("B", 2, 100, 2, {"Eng": 1}),
                    Proposal("C", 1, 100, 1, {"Ops": 1})),
                   horizon=4, budget=1000, capacity={"Eng": 2, "Ops": 1})


def test_one_more_fte_equals_the_difference_of_two_full_re_solves() -> None:
    problem = hire_case()
    base = solve(problem)
    changes = {(c.kind, c.team): c for c in what_ifs(problem, base)}
    hire = changes[("hire", "Eng")]
    assert hire.difference.gain == solve(with_capacity(problem, "Eng", 1)).value - solve(problem).value == 2
    assert hire.difference.added == ("B",) and hire.difference.exact
    loss = changes[("loss", "Eng")]
    assert loss.difference.gain == -1 and loss.difference.dropped == ("A",) and loss.difference.added == ("B",)
    assert changes[("hire", "Ops")].difference.gain == 0
    assert changes[("budget", None)].difference.gain == 0  # money is not what keeps B out


def test_a_hire_can_bring_work_forward() -> None:
    problem = dataclasses.replace(two_projects(0.1), horizon=4)
    base = solve(problem)
    plus = solve(with_capacity(problem, "Eng", 1))
    assert base.starts == {"A": 0, "B": 2} and plus.starts == {"A": 0, "B": 0}
    [hire] = [c for c in what_ifs(problem, base) if c.kind == "hire"]
    assert hire.difference.earlier == {"B": 2} and hire.difference.gain == pytest.approx(2 - 2 * 0.81)


def test_scenarios_change_budget_capacity_forced_items_and_values() -> None:
    problem = hire_case()
    out = run_scenarios(problem, [
        Scenario("Hire", capacity={"Eng": 3}),
        Scenario("Keep A out", forced_out=("A",)),
        Scenario("Must do B", forced_in=("B",)),
        Scenario("B matters", values={"A": 1, "B": 5, "C": 1}),
        Scenario("Lean", budget=150),
    ])
    assert set(out["Hire"][0].starts) == {"A", "B", "C"}
    assert set(out["Keep A out"][0].starts) == {"B", "C"} and out["Keep A out"][1].dropped == ("A",)
    assert set(out["Must do B"][0].starts) == {"B", "C"}
    plan, diff = out["B matters"]
    assert set(plan.starts) == {"B", "C"} and diff.gain == pytest.approx(3 - 4)  # judged by today's values
    assert set(out["Lean"][0].starts) == {"A"}
    with pytest.raises(RoadmapError, match="not proposals"):
        run_scenarios(problem, [Scenario("typo", forced_out=("Z",))])
