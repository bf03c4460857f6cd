"""Committed work: approved and in-flight initiatives take their remaining cost from the budget and
their FTE from the teams; on hold, done and stopped ones are neither chosen nor counted."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from playbook.prioritisation.commitments import commitments, remaining_cost
from playbook.prioritisation.findings import committed_sentence
from playbook.prioritisation.results import results
from playbook.prioritisation.selection import frontier, greedy_select, select
from tests.prioritisation.cases import brute_force, portfolio, values


def test_remaining_cost_is_cost_less_spent_never_below_zero():
    frame = portfolio([
        {"id": "A", "cost": 500_000.0, "spent_to_date": 200_000.0},
        {"id": "B", "cost": 300_000.0, "spent_to_date": 450_000.0},  # overspent: nothing left to fund
        {"id": "C", "cost": 120_000.0, "spent_to_date": np.nan},  # blank: nothing spent yet
    ])
    assert remaining_cost(frame).tolist() == [300_000.0, 0.0, 120_000.0]
    assert remaining_cost(portfolio([{"id": "D", "cost": 80_000.0}])).tolist() == [80_000.0]


def test_committed_work_counts_its_remaining_cost_and_fte_and_nothing_else_does():
    frame = portfolio([
        {"id": "A", "cost": 500_000.0, "spent_to_date": 200_000.0, "status": "in_flight", "fte_Eng": 2.0},
        {"id": "B", "cost": 100_000.0, "spent_to_date": 0.0, "status": "approved", "fte_Eng": 0.5},
        {"id": "H", "cost": 900_000.0, "status": "on_hold", "fte_Eng": 9.0},
        {"id": "D", "cost": 900_000.0, "status": "done", "fte_Eng": 9.0},
        {"id": "S", "cost": 900_000.0, "status": "stopped", "fte_Eng": 9.0},
        {"id": "P", "cost": 50_000.0, "status": "proposed", "fte_Eng": 1.0},
    ], teams=("Eng",))
    c = commitments(frame)
    # A: 500k − 200k = 300k; B: 100k; the rest count nothing.
    assert (c.committed, c.cost, c.fte) == (("A", "B"), 400_000.0, {"Eng": 2.5})
    assert c.proposals == ("P",)


def test_committed_work_that_fills_a_team_leaves_proposals_needing_it_unfunded_for_capacity():
    frame = portfolio([
        {"id": "RUN", "cost": 800_000.0, "spent_to_date": 500_000.0, "status": "in_flight", "fte_Eng": 4.0},
        {"id": "P1", "cost": 100_000.0, "v": 9.0, "fte_Eng": 1.0},
        {"id": "P2", "cost": 100_000.0, "v": 8.0, "fte_Eng": 0.0, "fte_Ops": 1.0},
        {"id": "P3", "cost": 100_000.0, "v": 7.0, "fte_Eng": 0.5},
    ], teams=("Eng", "Ops"))
    chosen = select(frame, values(frame).drop("RUN"), 1_000_000, {"Eng": 4.0, "Ops": 2.0})
    assert chosen.funded == ("P2",)
    assert chosen.reasons == {
        "P1": "capacity of team Eng (needs 1.0 FTE, 0.0 left after work under way and the funded proposals)",
        "P3": "capacity of team Eng (needs 0.5 FTE, 0.0 left after work under way and the funded proposals)",
    }
    assert "RUN" not in chosen.funded and "RUN" not in chosen.reasons  # committed work is not decided
    assert chosen.total_cost == 100_000.0 and chosen.team_usage == {"Eng": 0.0, "Ops": 1.0}


def test_the_budget_proposals_compete_for_is_what_committed_work_leaves():
    frame = portfolio([
        {"id": "RUN", "cost": 600_000.0, "spent_to_date": 100_000.0, "status": "approved"},  # 500k remaining
        {"id": "OLD", "cost": 5_000_000.0, "status": "done"},  # counts nothing
        {"id": "P1", "cost": 300_000.0, "v": 5.0},
        {"id": "P2", "cost": 250_000.0, "v": 4.0},
        {"id": "P3", "cost": 200_000.0, "v": 3.0},
    ])
    # 1m budget − 500k committed = 500k: P1 + P3 (8) beats P2 + P3 (7) and P1 + P2 (550k) does not fit.
    chosen = select(frame, values(frame).drop(["RUN", "OLD"]), 1_000_000)
    assert set(chosen.funded) == {"P1", "P3"} and chosen.total_cost == 500_000.0
    assert chosen.reasons == {"P2": "budget (costs 250k, 0 left after work under way and the funded proposals)"}
    assert greedy_select(frame, values(frame).drop(["RUN", "OLD"]), 1_000_000).total_cost <= 500_000.0
    curve = frontier(frame, values(frame).drop(["RUN", "OLD"]), 1_000_000, steps=3)  # 0, 750k, 1m, 1.5m
    assert curve["optimal_value"].tolist() == [0.0, 4.0, 8.0, 12.0]  # nothing, 250k, 500k and 1m left


@pytest.mark.parametrize("status", ["on_hold", "done", "stopped"])
def test_on_hold_done_and_stopped_initiatives_are_neither_chosen_nor_counted(status):
    frame = portfolio([
        {"id": "X", "cost": 100.0, "v": 100.0, "status": status, "fte_Eng": 5.0, "mandatory": True},
        {"id": "P", "cost": 100.0, "v": 1.0, "fte_Eng": 5.0},
    ], teams=("Eng",))
    chosen = select(frame, values(frame), 100, {"Eng": 5.0})
    assert chosen.funded == ("P",) and set(chosen.reasons) == set()


def test_links_to_work_that_is_not_a_proposal_are_settled_by_its_status():
    frame = portfolio([
        {"id": "RUN", "cost": 100.0, "status": "in_flight"},
        {"id": "DONE", "cost": 100.0, "status": "done"},
        {"id": "HOLD", "cost": 100.0, "status": "on_hold"},
        {"id": "STOP", "cost": 100.0, "status": "stopped"},
        {"id": "A", "cost": 10.0, "v": 1.0, "depends_on": ["RUN", "DONE"]},  # prerequisites met
        {"id": "B", "cost": 10.0, "v": 1.0, "depends_on": ["HOLD"]},
        {"id": "C", "cost": 10.0, "v": 1.0, "depends_on": ["A", "STOP"]},
        {"id": "D", "cost": 10.0, "v": 1.0, "exclusive_with": ["STOP"]},  # the alternative was dropped
        {"id": "E", "cost": 10.0, "v": 1.0, "exclusive_with": ["RUN"]},
        {"id": "F", "cost": 10.0, "v": 1.0},
        {"id": "G", "cost": 10.0, "v": 1.0, "depends_on": ["B"]},
    ])
    frame.at["DONE", "exclusive_with"] = ["F"]  # named from the other side only
    chosen = select(frame, values(frame).drop(["RUN", "DONE", "HOLD", "STOP"]), 1_000)
    assert set(chosen.funded) == {"A", "D"}
    assert chosen.reasons == {
        "B": "depends on HOLD, which is on hold",
        "C": "depends on STOP, which is stopped",
        "E": "excluded by RUN (in flight)",
        "F": "excluded by DONE (done)",
        "G": "depends on unfunded B",
    }


@pytest.mark.parametrize("row, reason", [
    ({"id": "RUN", "cost": 2_000.0, "status": "in_flight"},
     "budget (costs 400, 0 left after work under way and the funded proposals)"),
    ({"id": "RUN", "cost": 10.0, "status": "approved", "fte_Eng": 6.0},
     "capacity of team Eng (needs 1.0 FTE, 0.0 left after work under way and the funded proposals)"),
])
def test_work_committed_beyond_the_budget_or_a_team_leaves_nothing_of_it_for_proposals(row, reason):
    """Committed work is a fact, not a choice: beyond the budget or a team's capacity it leaves
    nothing of it, and the proposals that do not need it can still be decided."""
    frame = portfolio([row, {"id": "M", "cost": 400.0, "v": 1.0, "fte_Eng": 1.0},
                       {"id": "F", "cost": 0.0, "v": 1.0}], teams=("Eng",))
    chosen = select(frame, values(frame).drop("RUN"), 1_000, {"Eng": 5.0})
    assert chosen.status == "optimal" and chosen.funded == ("F",) and chosen.reasons == {"M": reason}


@pytest.mark.parametrize("row, reason", [
    ({"id": "RUN", "cost": 700.0, "status": "approved"},
     "mandatory initiatives cost 400 against a budget of 1k with 300 left after committed work"),
    ({"id": "RUN", "cost": 10.0, "status": "approved", "fte_Eng": 4.5},
     "mandatory initiatives need 1.0 FTE of team Eng against a capacity of 5.0 with 0.5 left after committed work"),
])
def test_mandatory_proposals_that_committed_work_leaves_no_room_for_are_explained(row, reason):
    frame = portfolio([row, {"id": "M", "cost": 400.0, "v": 1.0, "fte_Eng": 1.0, "mandatory": True}], teams=("Eng",))
    chosen = select(frame, values(frame).drop("RUN"), 1_000, {"Eng": 5.0})
    assert chosen.status == "infeasible" and chosen.infeasible_reason == reason


def test_a_team_over_allocated_by_committed_work_blocks_only_what_needs_it():
    frame = portfolio([{"id": "RUN", "cost": 10.0, "status": "approved", "fte_Eng": 6.0},
                       {"id": "M", "cost": 400.0, "v": 1.0, "mandatory": True},
                       {"id": "N", "cost": 10.0, "v": 5.0, "fte_Eng": 0.5}], teams=("Eng",))
    chosen = select(frame, values(frame).drop("RUN"), 1_000, {"Eng": 5.0})
    assert chosen.status == "optimal" and set(chosen.funded) == {"M"}
    assert chosen.reasons["N"].startswith("capacity of team Eng")


def test_committed_work_counts_in_its_busiest_month_not_summed_across_time():
    import datetime as dt
    from playbook.prioritisation.commitments import commitments
    rows = [{"id": "H1", "cost": 1.0, "status": "in_flight", "fte_Eng": 4.0,
             "start": dt.date(2026, 1, 1), "finish": dt.date(2026, 3, 31)},
            {"id": "H2", "cost": 1.0, "status": "approved", "fte_Eng": 3.0,
             "start": dt.date(2026, 4, 1), "finish": dt.date(2026, 6, 30)},
            {"id": "H3", "cost": 1.0, "status": "approved", "fte_Eng": 2.0,
             "start": dt.date(2026, 3, 1), "finish": dt.date(2026, 5, 31)},
            {"id": "U", "cost": 1.0, "status": "in_flight", "fte_Eng": 0.5}]  # undated: every month
    frame = portfolio(rows, teams=("Eng",))
    # busiest month is March (H1 4 + H3 2) or April/May (H2 3 + H3 2): 6, plus the undated 0.5
    assert commitments(frame).fte["Eng"] == 6.5


@pytest.mark.parametrize("seed", range(20))
def test_selection_with_committed_work_equals_brute_force_over_what_it_leaves(seed):
    rng = np.random.default_rng(seed)
    rows = [{"id": f"P{i}", "cost": float(rng.integers(1, 20) * 1_000), "v": float(rng.integers(0, 10)),
             "fte_A": float(rng.integers(0, 4) * 0.5), "status": str(rng.choice(
                 ["proposed"] * 4 + ["approved", "in_flight", "on_hold", "done", "stopped"])),
             "spent_to_date": float(rng.integers(0, 25) * 1_000)} for i in range(11)]
    frame = portfolio(rows, teams=("A",))
    budget, cap = float(frame["cost"].sum() * 0.5), float(frame["fte_A"].sum() * 0.6)
    c = commitments(frame)
    props = frame.loc[list(c.proposals)]
    chosen = select(frame, values(props), budget, {"A": cap})
    feasible = brute_force(props, budget - c.cost, {"A": cap - c.fte["A"]}, [])
    if len(feasible) == 0:
        assert chosen.status == "infeasible"
        return
    assert chosen.total_value == (feasible @ props["v"].to_numpy()).max()
    assert set(chosen.funded) <= set(c.proposals)


def test_the_deliverable_says_what_committed_work_takes_and_records_every_status(plans):
    """Acme's demo portfolio has work under way: in flight, approved and done initiatives."""
    p = plans["acme-logistics"]
    loaded, status = p.loaded, p.committed.status
    held = list(status.index[status.isin(["approved", "in_flight"])])
    assert held and (status == "done").any()
    expected = float((loaded.loc[held, "cost"] - loaded.loc[held, "spent_to_date"].fillna(0)).clip(lower=0).sum())
    assert p.committed.cost == pytest.approx(expected)
    assert set(p.portfolio.index) == set(status.index[status == "proposed"])
    assert set(p.selection.funded) <= set(p.portfolio.index)
    assert p.selection.total_cost <= p.budget - expected + 1e-6
    first = committed_sentence(p)
    assert f"Work already under way ({len(held)} approved or in-flight initiatives) takes {p.money(expected)}" in first
    assert "in its busiest month" in first
    months = pd.period_range(pd.Timestamp(min(loaded.loc[held, "start"])).to_period("M"),
                             pd.Timestamp(max(loaded.loc[held, "finish"])).to_period("M"), freq="M")
    for team, u in p.capacity_use.iterrows():  # committed work at its busiest month, funded proposals in full
        column = loaded[f"fte_{team}"].fillna(0.0)
        busiest = max(sum(column[i] for i in held if pd.Timestamp(loaded.at[i, "start"]).to_period("M") <= m
                          <= pd.Timestamp(loaded.at[i, "finish"]).to_period("M")) for m in months)
        assert p.committed.fte[team] == pytest.approx(busiest)
        assert u["demand"] == pytest.approx(column[list(p.selection.funded)].sum() + busiest)
    r = json.loads(json.dumps(results(p)))
    assert r["status"] == {i: s for i, s in status.items()} and set(r["status"]) == set(loaded.index)
    assert r["committed"] == held and r["committed_cost"] == pytest.approx(expected)
    assert not set(r["selected"]) & set(status.index[status != "proposed"])
