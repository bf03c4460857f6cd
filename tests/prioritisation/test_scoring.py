"""Scores: weighted sum, WSJF and the agreement between methods, on hand-worked examples."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from playbook.errors import PlaybookError
from playbook.prioritisation.scoring import (
    Criterion, PrioritisationError, constant_criteria, method_agreement, weighted_scores, wsjf_scores,
)
from playbook.prioritisation.selection import select
from tests.prioritisation.cases import portfolio


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


def test_a_criterion_everyone_rates_the_same_contributes_nothing():
    frame = portfolio([{"id": "A", "fit": 3, "x": 1}, {"id": "B", "fit": 3, "x": 5}])
    assert weighted_scores(frame, [Criterion("fit", 1)]).tolist() == [0.0, 0.0]  # nothing to rank on
    assert weighted_scores(frame, [Criterion("fit", 1, True)]).tolist() == [0.0, 0.0]
    # x: A 0, B 1; fit is left out and its weight goes to x: A 0, B 1.
    assert weighted_scores(frame, [Criterion("fit", 1), Criterion("x", 1)]).tolist() == [0.0, 1.0]
    assert constant_criteria(frame, [Criterion("fit", 1), Criterion("x", 1)]) == ["fit"]


def test_a_constant_criterion_does_not_change_the_decision():
    """Issue 12, item 6: A, B, C cost 100, 50, 50; c0 rated 5, 4.9, 1; c1 rated 3, 3, 3; budget
    100. c0 alone funds A. With c1 at 0.5 mid-scale for everyone, c0 and c1 at 0.5/0.5 funded B
    and C (B 0.4875 + 0.25, C 0 + 0.25: 0.9875 against A's 0.5 + 0.25); now c1 contributes
    nothing and A is funded."""
    frame = portfolio([
        {"id": "A", "cost": 100.0, "c0": 5.0, "c1": 3.0},
        {"id": "B", "cost": 50.0, "c0": 4.9, "c1": 3.0},
        {"id": "C", "cost": 50.0, "c0": 1.0, "c1": 3.0},
    ])
    alone = weighted_scores(frame, [Criterion("c0", 1.0)])
    both = weighted_scores(frame, [Criterion("c0", 0.5), Criterion("c1", 0.5)])
    assert alone.tolist() == pytest.approx([1.0, 0.975, 0.0])
    assert both.tolist() == pytest.approx(alone.tolist())
    assert select(frame, alone, 100).funded == ("A",)
    assert select(frame, both, 100).funded == ("A",)


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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=2, max_size=40))
def test_kendall_tau_b_equals_scipy_with_ties(pairs):
    """Against scipy's tau-b (the independent reference), ratings on a 1–5 scale: many ties."""
    from scipy.stats import kendalltau

    from playbook.prioritisation.scoring import kendall_tau_b
    x, y = np.array(pairs, dtype=float).T
    ours, theirs = kendall_tau_b(x, y), kendalltau(x, y).statistic
    assert (np.isnan(ours) and np.isnan(theirs)) or ours == pytest.approx(theirs, abs=1e-12)
