"""Each benefit assessed as of a date against hand-worked values (arithmetic in the comments):
realisation, progress, RAG, staleness, readiness, bad rows, chart data and properties."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.benefits.money import rollup
from playbook.benefits.realisation import NO_ACTUAL_SINCE_START, NO_ACTUALS, NOT_STARTED, assess, trajectory
from playbook.benefits.trajectory import readiness
from playbook.errors import DataError, ParameterError
from tests.benefits.helpers import START, DUE, day, benefit, register, measurements, one


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


@pytest.mark.parametrize("age, stale", [(89, False), (90, False), (91, True)])
def test_stale_after_more_than_90_days(age, stale):
    row = one(benefit(), (10, 10.0), as_of=day(10 + age))
    assert row.days_since_actual == age
    assert bool(row.stale) is stale


def test_stale_days_is_a_parameter():
    assert one(benefit(), (10, 10.0), as_of=day(41), stale_days=30).stale


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
