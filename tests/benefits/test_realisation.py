"""Benefits realisation methods against hand-worked values (arithmetic in the comments).

Most benefits here run over 100 days from START, so "day n" is n% of the way to due and a
linear plan is easy to read off: planned(day n) = baseline + n/100 × (target − baseline).
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.benefits.realisation import (
    NO_ACTUAL_SINCE_START, NO_ACTUALS, NOT_STARTED, UNASSIGNED, assess, cumulative_value,
    financial_to_date, planned_value, readiness, rollup, trajectory,
)
from playbook.errors import DataError, ParameterError

START = date(2026, 1, 1)
DUE = START + timedelta(days=100)  # 2026-04-11


def day(n: int) -> date:
    return START + timedelta(days=n)


def benefit(**fields) -> dict:
    row = dict(name="Benefit", initiative="I1", objective="O1", owner="Ops director",
               measure="orders per day", unit="orders", direction="increase", baseline=0.0,
               target=100.0, start=START, due=DUE, tolerance_pct=10.0, kind="benefit",
               value_per_unit=math.nan, profile="linear")
    row.update(fields)
    return row


def register(**rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "id"
    return frame


def measurements(*rows: tuple) -> pd.DataFrame:
    """(benefit, day, value) triples, as the loader would give them."""
    return pd.DataFrame([{"benefit": b, "date": day(n), "value": float(v), "note": None}
                         for b, n, v in rows], columns=["benefit", "date", "value", "note"])


def flag(value) -> bool | None:
    """A True/False/None cell as a Python value (a column without None holds numpy booleans)."""
    return None if value is None else bool(value)


def one(b: dict, *points: tuple[int, float], as_of: date, **kwargs) -> pd.Series:
    """Assess a single benefit "B" measured at (day, value) points."""
    table = assess(register(B=b), measurements(*(("B", n, v) for n, v in points)), as_of, **kwargs)
    return table.loc["B"]


# --- planned trajectory -------------------------------------------------------------------

def test_linear_plan_runs_from_baseline_at_start_to_target_at_due():
    b = benefit(baseline=20.0, target=120.0)
    assert planned_value(b, day(-5)) == 20.0      # before start: baseline
    assert planned_value(b, START) == 20.0
    assert planned_value(b, day(25)) == 45.0      # 20 + 25/100 × 100
    assert planned_value(b, DUE) == 120.0
    assert planned_value(b, day(130)) == 120.0    # after due: target


def test_decrease_plan_falls():
    b = benefit(direction="decrease", baseline=50.0, target=30.0)
    assert planned_value(b, day(50)) == 40.0      # 50 + 0.5 × (30 − 50)


def test_s_curve_is_smoothstep_with_the_same_endpoints():
    b = benefit(profile="s-curve")
    assert planned_value(b, START) == 0.0
    assert planned_value(b, DUE) == 100.0
    assert planned_value(b, day(50)) == pytest.approx(50.0)     # 3(.5)² − 2(.5)³ = .75 − .25 = .5
    assert planned_value(b, day(25)) == pytest.approx(15.625)   # 3(.0625) − 2(.015625) = .15625


# --- realisation, progress and RAG --------------------------------------------------------

def test_increase_benefit_realisation_reads_the_plan_at_the_measurement_date():
    # Measured on day 40 at 38; plan on day 40 is 40 → 38/40 = 95%. As of day 60 the plan is 60,
    # but the benefit is not marked down (38/60 = 63%) for 20 days nobody has measured yet.
    row = one(benefit(), (40, 38.0), as_of=day(60))
    assert row.latest_value == 38.0 and row.latest_date == day(40)
    assert row.days_since_actual == 20
    assert row.planned_at_latest == 40.0
    assert row.planned_to_date == 60.0
    assert row.realisation_pct == pytest.approx(95.0)
    assert row.progress_pct == pytest.approx(38.0)       # 38 / (100 − 0)
    assert row.rag == "amber"                             # 95 ≥ 100 − 10
    assert row.status_note is None


def test_decrease_benefit():
    b = benefit(direction="decrease", baseline=50.0, target=30.0)
    # Day 50: plan 40 (a fall of 10). Measured 39: fell 11 → −11/−10 = 110%, ahead → green.
    ahead = one(b, (50, 39.0), as_of=day(50))
    assert ahead.realisation_pct == pytest.approx(110.0)
    assert ahead.progress_pct == pytest.approx(55.0)     # −11 / −20
    assert ahead.rag == "green"
    # Measured 42: fell 8 → 80%, more than 10 points behind → red.
    behind = one(b, (50, 42.0), as_of=day(50))
    assert behind.realisation_pct == pytest.approx(80.0)
    assert behind.rag == "red"
    # Measured 52: rose 2, the wrong way → −2/−10 = −20% → red.
    wrong_way = one(b, (50, 52.0), as_of=day(50))
    assert wrong_way.realisation_pct == pytest.approx(-20.0)
    assert wrong_way.rag == "red"


@pytest.mark.parametrize("value, rag", [
    (100.0, "green"),   # 100/100 = 100% exactly: on plan
    (99.9, "amber"),
    (90.1, "amber"),    # just inside tolerance: 9.9 points behind
    (90.0, "amber"),    # exactly 100 − 10
    (89.9, "red"),      # just outside: 10.1 points behind
])
def test_tolerance_boundary(value, rag):
    # 0 → 1000 over 100 days: plan on day 10 is 100, so realisation % equals the value.
    row = one(benefit(target=1000.0), (10, value), as_of=day(10))
    assert row.realisation_pct == pytest.approx(value)
    assert row.rag == rag


def test_tolerance_pct_is_per_benefit():
    # Plan on day 50 is 50; 42/50 = 84% is red at tolerance 10 but amber at tolerance 20.
    assert one(benefit(), (50, 42.0), as_of=day(50)).rag == "red"
    assert one(benefit(tolerance_pct=20.0), (50, 42.0), as_of=day(50)).rag == "amber"


def test_dis_benefit_smaller_is_better():
    # Support calls are accepted to rise 100 → 150 during the transition; day 50 plans 125 (+25).
    b = benefit(kind="dis-benefit", baseline=100.0, target=150.0)
    cases = {
        120.0: (80.0, "green"),    # +20 / +25: less harm than accepted
        100.0: (0.0, "green"),     # no harm at all
        125.0: (100.0, "green"),   # exactly the accepted harm
        127.0: (108.0, "amber"),   # +27 / +25: 8 points over
        127.5: (110.0, "amber"),   # exactly 100 + 10
        128.0: (112.0, "red"),     # +28 / +25: 12 points over
    }
    for value, (pct, rag) in cases.items():
        row = one(b, (50, value), as_of=day(50))
        assert row.realisation_pct == pytest.approx(pct), value
        assert row.rag == rag, value


def test_before_start_realisation_is_null_and_rag_no_data():
    # A baseline reading taken before start: no change is planned yet, so no realisation.
    row = one(benefit(), (-10, 5.0), as_of=day(-1))
    assert math.isnan(row.realisation_pct)
    assert row.rag == "no-data"
    assert row.status_note == NOT_STARTED
    assert row.progress_pct == pytest.approx(5.0)        # 5 / 100: progress needs no plan
    assert row.planned_to_date == 0.0
    assert one(benefit(), as_of=START).status_note == NOT_STARTED


def test_started_but_only_measured_before_start():
    row = one(benefit(), (-5, 1.0), as_of=day(30))
    assert row.rag == "no-data"
    assert row.status_note == NO_ACTUAL_SINCE_START


def test_no_actuals():
    row = one(benefit(), as_of=day(30))
    assert row.no_actuals and not row.stale
    assert row.rag == "no-data" and row.status_note == NO_ACTUALS
    assert math.isnan(row.latest_value) and row.latest_date is None
    assert math.isnan(row.forecast_at_due) and row.forecast_meets_target is None


def test_actuals_after_as_of_are_ignored_and_a_same_day_correction_wins():
    actuals = measurements(("B", 40, 10.0), ("B", 40, 38.0), ("B", 70, 99.0))
    row = assess(register(B=benefit()), actuals, day(60)).loc["B"]
    assert row.latest_date == day(40) and row.latest_value == 38.0   # the later row for day 40


# --- staleness ----------------------------------------------------------------------------

@pytest.mark.parametrize("age, stale", [(89, False), (90, False), (91, True)])
def test_stale_after_more_than_90_days(age, stale):
    row = one(benefit(), (10, 10.0), as_of=day(10 + age))
    assert row.days_since_actual == age
    assert bool(row.stale) is stale


def test_stale_days_is_a_parameter():
    assert one(benefit(), (10, 10.0), as_of=day(41), stale_days=30).stale


# --- forecast -----------------------------------------------------------------------------

def test_forecast_on_exact_linear_data_is_the_line_at_due():
    # y = 5 + 0.8 × day on days 0..40 → at due (day 100): 5 + 80 = 85; no scatter, so the
    # interval collapses onto the point and contains it. 85 < target 100 → misses.
    row = one(benefit(), *((n, 5 + 0.8 * n) for n in (0, 10, 20, 30, 40)), as_of=day(40))
    assert row.forecast_at_due == pytest.approx(85.0)
    assert row.forecast_low <= row.forecast_at_due <= row.forecast_high
    assert row.forecast_low == pytest.approx(85.0) and row.forecast_high == pytest.approx(85.0)
    assert flag(row.forecast_meets_target) is False


def test_forecast_uses_only_the_newest_points():
    # Two early readings off the line, then six on y = 2 × day from day 20: the last six alone
    # give 2 × 100 = 200 at due.
    points = [(0, 50.0), (10, 50.0)] + [(n, 2.0 * n) for n in (20, 30, 40, 50, 60, 70)]
    row = one(benefit(), *points, as_of=day(70))
    assert row.forecast_at_due == pytest.approx(200.0)
    # With all eight the line would be pulled off 200.
    eight = one(benefit(), *points, as_of=day(70), forecast_points=8)
    assert eight.forecast_at_due != pytest.approx(200.0)


def test_forecast_interval_by_hand():
    # x = 0, 10, 20 days; y = 0, 12, 18. x̄ = 10, Sxx = 200, ȳ = 10,
    # Sxy = (−10)(−10) + 0(2) + 10(8) = 180 → slope 0.9, intercept 10 − 9 = 1.
    # Fitted 1, 10, 19; residuals −1, 2, −1; SSE 6; s² = 6/(3 − 2) = 6.
    # At due, x = 100: ŷ = 1 + 90 = 91;
    # se = √(6 × (1 + 1/3 + (100 − 10)²/200)) = √(6 × 41.8333) = √251.
    # t(0.95, 1 df) is the Cauchy quantile tan(0.45π) = 6.3138 → half-width ≈ 100.03.
    half = math.tan(0.45 * math.pi) * math.sqrt(251)
    row = one(benefit(), (0, 0.0), (10, 12.0), (20, 18.0), as_of=day(20))
    assert row.forecast_at_due == pytest.approx(91.0)
    assert row.forecast_low == pytest.approx(91.0 - half)
    assert row.forecast_high == pytest.approx(91.0 + half)
    assert flag(row.forecast_meets_target) is False


def test_two_points_give_a_point_forecast_without_interval_and_one_gives_none():
    two = one(benefit(), (0, 0.0), (50, 60.0), as_of=day(50))   # slope 1.2 → 120 at due
    assert two.forecast_at_due == pytest.approx(120.0)
    assert math.isnan(two.forecast_low) and math.isnan(two.forecast_high)
    assert flag(two.forecast_meets_target) is True    # 120 ≥ 100
    single = one(benefit(), (50, 60.0), as_of=day(50))
    assert math.isnan(single.forecast_at_due) and single.forecast_meets_target is None


@pytest.mark.parametrize("b, slope, meets", [
    (benefit(), 1.2, True),                                               # 120 ≥ 100
    (benefit(), 0.8, False),                                              # 80 < 100
    (benefit(direction="decrease", baseline=50.0, target=30.0), -0.25, True),   # 25 ≤ 30
    (benefit(direction="decrease", baseline=50.0, target=30.0), -0.1, False),   # 40 > 30
    (benefit(kind="dis-benefit", baseline=100.0, target=150.0), 0.4, True),     # harm 140 ≤ 150
    (benefit(kind="dis-benefit", baseline=100.0, target=150.0), 0.6, False),    # harm 160 > 150
])
def test_forecast_meets_target_in_both_directions_and_for_dis_benefits(b, slope, meets):
    base = b["baseline"]
    row = one(b, *((n, base + slope * n) for n in (0, 20, 40)), as_of=day(40))
    assert row.forecast_at_due == pytest.approx(base + slope * 100)
    assert flag(row.forecast_meets_target) is meets


def test_forecast_exactly_on_target_meets_it():
    row = one(benefit(), *((n, 1.0 * n) for n in (0, 10, 20)), as_of=day(20))   # 100 at due
    assert flag(row.forecast_meets_target) is True


# --- readiness and bad rows ---------------------------------------------------------------

def test_missing_owner_or_unit_is_not_ready_but_still_assessed():
    b = benefit(owner=None, unit="")
    assert readiness(b).gaps == ("measurable: no unit", "owned: no owner")
    row = one(b, (50, 50.0), as_of=day(50))
    assert not row.ready
    assert row.readiness_gaps == ("measurable: no unit", "owned: no owner")
    assert row.rag == "green"
    assert readiness(benefit(measure=None, initiative=None)).gaps == (
        "measurable: no measure", "attributable: no initiative")
    assert readiness(benefit()).ready


@pytest.mark.parametrize("fields, field", [
    (dict(direction="increase", baseline=10.0, target=5.0), "target"),
    (dict(baseline=10.0, target=10.0), "target"),
    (dict(direction="up"), "direction"),
    (dict(kind="risk"), "kind"),
    (dict(profile="exponential"), "profile"),
])
def test_contradictory_rows_are_data_errors_naming_the_field(fields, field):
    with pytest.raises(DataError) as caught:
        assess(register(B7=benefit(**fields)), measurements(), day(10))
    issue = caught.value.issues[0]
    assert issue.file == "benefits.csv" and issue.field == field
    assert "B7" in issue.expected


def test_bad_parameters():
    with pytest.raises(ParameterError):
        assess(register(B=benefit()), measurements(), day(10), forecast_points=1)
    with pytest.raises(ParameterError):
        rollup(assess(register(B=benefit()), measurements(), day(10)), by="owner")


# --- money --------------------------------------------------------------------------------

def money_register() -> tuple[pd.DataFrame, pd.DataFrame]:
    register_ = register(
        A=benefit(value_per_unit=10.0),                                  # 0 → 100
        B=benefit(direction="decrease", baseline=50.0, target=30.0, value_per_unit=100.0),
        C=benefit(kind="dis-benefit", baseline=100.0, target=150.0, value_per_unit=2.0),
        D=benefit(),                                                     # unpriced
    )
    actuals = measurements(("A", 40, 40.0), ("B", 50, 42.0), ("C", 50, 120.0),
                           ("D", 50, 50.0), ("A", 80, 95.0))             # A on day 80 is after as-of
    return register_, actuals


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


def test_cumulative_value_series():
    series = cumulative_value(*money_register(), day(50)).set_index("date")
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


def test_cumulative_value_month_ends():
    series = cumulative_value(*money_register(), day(50), freq="ME")
    assert date(2026, 1, 31) in set(series["date"])


# --- roll-ups -----------------------------------------------------------------------------

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


# --- chart data ---------------------------------------------------------------------------

def test_trajectory_has_plan_band_actuals_and_forecast():
    actuals = measurements(("B", 0, 0.0), ("B", 20, 16.0), ("B", 40, 32.0), ("C", 40, 1.0))
    benefits = register(B=benefit(), C=benefit())
    chart = trajectory(benefits.loc["B"], actuals, day(40), points=11).set_index("date")
    assert list(chart.columns) == ["planned", "band_low", "band_high", "actual", "forecast",
                                   "forecast_low", "forecast_high"]
    # Day 50: plan 50, band 50 ± 10% of the planned change 50 → 45..55.
    assert tuple(chart.loc[day(50), ["planned", "band_low", "band_high"]]) == (50.0, 45.0, 55.0)
    assert chart["actual"].dropna().to_dict() == {day(0): 0.0, day(20): 16.0, day(40): 32.0}
    assert chart.loc[DUE, "forecast"] == pytest.approx(80.0)              # 0.8 × 100
    assert chart.loc[day(50), "forecast"] == pytest.approx(40.0)


def test_trajectory_band_for_a_decrease():
    b = benefit(direction="decrease", baseline=50.0, target=30.0)
    chart = trajectory(dict(b, id="B"), measurements(), day(10), points=3).set_index("date")
    # Day 50: plan 40, planned change −10 → band 40 ± 1.
    assert tuple(chart.loc[day(50), ["band_low", "band_high"]]) == (39.0, 41.0)
    assert chart["forecast"].isna().all() and chart["actual"].isna().all()


# --- properties ---------------------------------------------------------------------------

plans = st.tuples(
    st.floats(-1e6, 1e6),              # baseline
    st.floats(0.01, 1e6),              # size of the promised change
    st.integers(1, 2000),              # days from start to due
    st.integers(1, 2500),              # measurement day (after start)
    st.floats(-2e6, 2e6), st.floats(-2e6, 2e6),
)


def _realisations(direction: str, plan: tuple) -> tuple[float, float]:
    """Realisation at the lower and at the higher of two actuals measured on the same day."""
    baseline, change, span, measured, v1, v2 = plan
    low, high = sorted((v1, v2))
    target = baseline + change if direction == "increase" else baseline - change
    b = benefit(direction=direction, baseline=baseline, target=target, due=day(span))
    rows = assess(register(L=b, H=b), measurements(("L", measured, low), ("H", measured, high)),
                  day(measured))
    return rows.loc["L", "realisation_pct"], rows.loc["H", "realisation_pct"]


@settings(max_examples=150, deadline=None)
@given(plans)
def test_realisation_is_non_decreasing_in_the_actual_for_increase_benefits(plan):
    at_low, at_high = _realisations("increase", plan)
    assert at_low <= at_high


@settings(max_examples=150, deadline=None)
@given(plans)
def test_realisation_is_non_increasing_in_the_actual_for_decrease_benefits(plan):
    at_low, at_high = _realisations("decrease", plan)
    assert at_low >= at_high
