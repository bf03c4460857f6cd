"""Benefits in money and the roll-ups, against hand-worked values: sums of money, never averages of
percentages."""
from __future__ import annotations

import math
from datetime import date

import pytest

from playbook.benefits.money import UNASSIGNED, run_rate_over_time, financial_to_date, rollup
from playbook.benefits.realisation import assess
from tests.benefits.helpers import START, DUE, day, benefit, register, measurements, money_register


def test_financial_to_date_sums_money_with_the_dis_benefit_negative():
    # As of day 50:
    #   A planned 50 × 10 = 500;           realised (day 40) 40 × 10 = 400
    #   B planned (50 − 40) × 100 = 1000;  realised (50 − 42) × 100 = 800
    #   C planned −(125 − 100) × 2 = −50;  realised −(120 − 100) × 2 = −40
    #   D has no value_per_unit and is left out.
    # Planned 1450, realised 1160 → 80%.
    money = financial_to_date(*money_register(), day(50))
    assert money.planned_to_date == pytest.approx(1450.0)
    assert money.realised_to_date == pytest.approx(1160.0)
    assert money.priced == 3
    assert money.realisation_pct == pytest.approx(80.0)


def test_assess_carries_each_benefits_money():
    table = assess(*money_register(), day(50))
    assert table.loc["C", "planned_money_to_date"] == pytest.approx(-50.0)
    assert table.loc["C", "realised_money_to_date"] == pytest.approx(-40.0)
    assert math.isnan(table.loc["D", "planned_money_to_date"])
    assert table["planned_money_to_date"].sum() == pytest.approx(1450.0)


def test_run_rate_over_time_series():
    series = run_rate_over_time(*money_register(), day(50)).set_index("date")
    # Month starts from 1 Jan to the last due date (11 Apr), plus as-of (20 Feb) and 11 Apr.
    assert list(series.index) == [date(2026, 1, 1), date(2026, 2, 1), day(50), date(2026, 3, 1),
                                  date(2026, 4, 1), DUE]
    assert series.loc[START, "planned"] == 0.0
    assert series.loc[START, "realised"] == 0.0                # nothing measured yet
    assert series.loc[day(50), "planned"] == pytest.approx(1450.0)
    assert series.loc[day(50), "realised"] == pytest.approx(1160.0)
    # 1 Feb is day 31: plan 310 + 620 − 31 = 899; no actual yet on or before it.
    assert series.loc[date(2026, 2, 1), "planned"] == pytest.approx(899.0)
    assert series.loc[date(2026, 2, 1), "realised"] == 0.0
    # At due everything planned is promised: 1000 + 2000 − 100 = 2900; realised stops at as-of.
    assert series.loc[DUE, "planned"] == pytest.approx(2900.0)
    assert series.loc[date(2026, 3, 1):, "realised"].isna().all()


def test_run_rate_over_time_month_ends():
    series = run_rate_over_time(*money_register(), day(50), freq="ME")
    assert date(2026, 1, 31) in set(series["date"])


def test_rollup_counts_and_sums_money_never_averages_percentages():
    # O1: X 0 → 1000 reached 500 at due (50%, red; £1000 planned, £500 realised);
    #     Y 0 → 100 reached 150 at due (150%, green; £100 planned, £150 realised).
    # Averaging the percentages would say (50 + 150)/2 = 100%: "on plan". Summing money says
    # 650 / 1100 = 59.1%: the big benefit is badly behind.
    benefits = register(
        X=benefit(target=1000.0, value_per_unit=1.0),
        Y=benefit(value_per_unit=1.0),
        Z=benefit(objective="O2", initiative="I2"),              # no actuals
        W=benefit(objective=None, initiative="I2"),              # no objective
    )
    actuals = measurements(("X", 100, 500.0), ("Y", 100, 150.0), ("W", 100, 95.0))
    table = assess(benefits, actuals, DUE)
    assert list(table["rag"]) == ["red", "green", "no-data", "amber"]
    by_objective = rollup(table)
    o1 = by_objective.loc["O1"]
    assert (o1.benefits, o1.green, o1.amber, o1.red, o1["no-data"]) == (2, 1, 0, 1, 0)
    assert o1.planned_money_to_date == pytest.approx(1100.0)
    assert o1.realised_money_to_date == pytest.approx(650.0)
    assert o1.money_realisation_pct == pytest.approx(100 * 650 / 1100)
    assert o1.money_realisation_pct != pytest.approx(table.loc[["X", "Y"], "realisation_pct"].mean())
    assert by_objective.loc["O2", "no_actuals"] == 1
    assert math.isnan(by_objective.loc["O2", "money_realisation_pct"])    # nothing priced
    assert by_objective.loc[UNASSIGNED, "amber"] == 1
    by_initiative = rollup(table, by="initiative")
    assert by_initiative.loc["I2", "benefits"] == 2
    assert by_initiative.loc["I1", "forecast_misses"] == 0               # one point each: no forecast
