"""Property-based tests (hypothesis) of the selection: every rule holds on any portfolio."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings, strategies as st

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
