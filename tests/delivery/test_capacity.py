"""Capacity over time: pro-rata monthly demand, overloads and the initiatives causing them."""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.delivery import capacity as cap
from playbook.delivery.records import Baseline

D = dt.date
AS_OF = D(2026, 11, 1)


def test_share_of_month_counts_days_inclusively():
    assert cap.share_of_month(D(2026, 11, 16), D(2027, 3, 31), D(2026, 11, 1)) == pytest.approx(15 / 30)
    assert cap.share_of_month(D(2026, 1, 1), D(2027, 3, 31), D(2027, 2, 1)) == 1.0
    assert cap.share_of_month(D(2026, 1, 1), D(2027, 3, 10), D(2027, 3, 1)) == pytest.approx(10 / 31)
    assert cap.share_of_month(D(2027, 5, 1), D(2027, 6, 1), D(2027, 3, 1)) == 0


def test_overload_names_its_causes_largest_first():
    a = Baseline("A", "A", 1, D(2026, 1, 1), D(2027, 1, 31), fte={"Engineering": 6})
    b = Baseline("B", "B", 1, D(2026, 12, 1), D(2027, 6, 30), fte={"Engineering": 5, "Operations": 1})
    need = cap.demand([a, b], AS_OF)
    table = cap.utilisation(need, {"Engineering": 10, "Operations": 2}, AS_OF)
    eng = table[table["team"] == "Engineering"].set_index("month")
    assert eng.loc[D(2026, 11, 1), "demand"] == 6 and not eng.loc[D(2026, 11, 1), "over"]
    assert eng.loc[D(2026, 12, 1), "demand"] == 11 and eng.loc[D(2026, 12, 1), "over"]
    assert eng.loc[D(2026, 12, 1), "causes"] == ["A 6.0 FTE", "B 5.0 FTE"]
    assert eng.loc[D(2027, 2, 1), "demand"] == 5
    over = cap.overloads(table)
    assert list(over["month"]) == [D(2026, 12, 1), D(2027, 1, 1)]
    assert list(table["month"].unique())[-1] == D(2027, 6, 1)


def test_a_slipped_forecast_keeps_people_longer():
    a = Baseline("A", "A", 1, D(2026, 1, 1), D(2026, 12, 31), fte={"Engineering": 6})
    b = Baseline("B", "B", 1, D(2027, 1, 1), D(2027, 6, 30), fte={"Engineering": 6})
    on_plan = cap.utilisation(cap.demand([a, b], AS_OF), {"Engineering": 10}, AS_OF)
    slipped = cap.utilisation(cap.demand([a, b], AS_OF, {"A": D(2027, 2, 28)}), {"Engineering": 10}, AS_OF)
    assert cap.overloads(on_plan).empty
    assert list(cap.overloads(slipped)["month"]) == [D(2027, 1, 1), D(2027, 2, 1)]


def test_capacity_by_month_overrides_the_standing_capacity():
    a = Baseline("A", "A", 1, D(2026, 1, 1), D(2027, 3, 31), fte={"Digital": 8})
    need = cap.demand([a], AS_OF)
    table = cap.utilisation(need, {"Digital": 10}, AS_OF, by_month={"Digital": {D(2026, 12, 1): 7}})
    assert list(cap.overloads(table)["month"]) == [D(2026, 12, 1)]
    assert cap.overloads(table).loc[0, "capacity"] == 7
