"""Property-based tests (hypothesis) for the selection and AHP methods."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from playbook.prioritisation.ahp import ahp_weights
from playbook.prioritisation.selection import select


@st.composite
def portfolios(draw):
    n = draw(st.integers(min_value=2, max_value=10))
    ids = [f"I{i:02d}" for i in range(n)]
    cost = draw(st.lists(st.integers(10, 500), min_size=n, max_size=n))
    fte_a = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    fte_b = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    depends = [[] for _ in ids]
    for i in range(1, n):  # prerequisites point backwards only: never a cycle
        if draw(st.booleans()):
            depends[i] = [ids[draw(st.integers(0, i - 1))]]
    exclusive = [[] for _ in ids]
    if n >= 4 and draw(st.booleans()):
        a, b = draw(st.sampled_from([(0, 1), (1, 3), (2, 3)]))
        exclusive[a], exclusive[b] = [ids[b]], [ids[a]]
    frame = pd.DataFrame({"name": ids, "objective": None, "cost": [float(c) for c in cost],
                          "fte_A": [float(f) for f in fte_a], "fte_B": [float(f) for f in fte_b],
                          "depends_on": depends, "exclusive_with": exclusive, "mandatory": False}, index=ids)
    value = pd.Series(draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n)), index=ids)
    budget = float(draw(st.integers(0, int(sum(cost)))))
    capacity = {"A": float(draw(st.integers(0, 10))), "B": float(draw(st.integers(0, 10)))}
    return frame, value, budget, capacity


@settings(max_examples=150, deadline=None)
@given(portfolios())
def test_selection_respects_every_constraint(case):
    frame, value, budget, capacity = case
    chosen = select(frame, value, budget, capacity)
    funded = set(chosen.funded)
    assert frame.loc[list(funded), "cost"].sum() <= budget + 1e-6
    for team, limit in capacity.items():
        assert frame.loc[list(funded), f"fte_{team}"].sum() <= limit + 1e-6
    for i in funded:
        assert set(frame.at[i, "depends_on"]) <= funded
        assert not set(frame.at[i, "exclusive_with"]) & funded
    assert set(chosen.reasons) == set(frame.index) - funded  # every unfunded one has a reason


@st.composite
def judgements(draw, consistent: bool):
    names = [f"c{i}" for i in range(draw(st.integers(min_value=2, max_value=7)))]
    if consistent:  # a_ij = w_i / w_j for some positive weights: perfectly consistent
        w = draw(st.lists(st.floats(0.2, 5.0), min_size=len(names), max_size=len(names)))
        values = {(a, b): w[i] / w[j] for i, a in enumerate(names) for j, b in enumerate(names) if i < j}
        values = {k: min(9.0, max(1 / 9, v)) for k, v in values.items()}
        if any(v in (9.0, 1 / 9) for v in values.values()):  # clipping would break consistency
            w = [1.0] * len(names)
            values = {k: 1.0 for k in values}
    else:
        scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
        values = {(a, b): draw(st.sampled_from(scale)) for i, a in enumerate(names)
                  for j, b in enumerate(names) if i < j}
    return names, values


@settings(max_examples=150, deadline=None)
@given(judgements(consistent=False))
def test_ahp_weights_are_positive_and_sum_to_one(case):
    names, values = case
    result = ahp_weights(names, values)
    weights = np.array([result.weights[n] for n in names])
    assert (weights > 0).all()
    assert abs(weights.sum() - 1) < 1e-9
    assert result.cr >= -1e-9


@settings(max_examples=150, deadline=None)
@given(judgements(consistent=True))
def test_ahp_cr_is_zero_for_any_consistent_matrix(case):
    names, values = case
    result = ahp_weights(names, values)
    assert abs(result.cr) < 1e-6 and result.consistent
