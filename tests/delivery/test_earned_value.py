"""Earned value and earned schedule against hand-worked examples (inputs and answers below).

Example A, a project behind on cost and time at its midpoint:
  BAC 100,000; start 2026-01-01, finish 2026-10-28 (PD = 300 days).
  Report on 2026-05-31 (AT = 150 days): 40% complete, actual cost 50,000.
  PV = 100,000 × 150/300 = 50,000   EV = 0.40 × 100,000 = 40,000   AC = 50,000
  CV = −10,000   SV = −10,000   CPI = 0.8   SPI = 0.8
  EAC (BAC/CPI) = 125,000   EAC (AC + (BAC−EV)/(CPI·SPI)) = 50,000 + 60,000/0.64 = 143,750
  TCPI = (100,000 − 40,000)/(100,000 − 50,000) = 1.2   VAC = 100,000 − 125,000 = −25,000
  ES = 300 × 40,000/100,000 = 120 days   SPI(t) = 120/150 = 0.8   SV(t) = −30 days
  IEAC(t) = 300/0.8 = 375 days: forecast finish 2026-01-01 + 375 days = 2027-01-11

Example B, a late project where SPI drifts back to 1 while SPI(t) keeps the delay:
  BAC 200,000; start 2026-01-01, finish 2026-10-28 (PD = 300 days).
  Report on 2026-12-27 (AT = 360): 90% complete, AC 190,000:
    PV = 200,000 (past the finish)  EV = 180,000  SPI = 0.9   ES = 270   SPI(t) = 270/360 = 0.75
  Report on 2027-02-25 (AT = 420): 100% complete, AC 210,000:
    PV = EV = 200,000  SPI = 1.0   ES = 300   SPI(t) = 300/420 = 0.714 (5/7)
    CPI = 200,000/210,000 = 0.952   IEAC(t) = 300/(5/7) = 420 days (the actual duration)
"""
from __future__ import annotations

import datetime as dt

import pytest

from playbook.delivery.earned_value import direction, history, planned_value, portfolio, snapshot, trend_frame
from playbook.delivery.records import Baseline, Report

D = dt.date
A = Baseline("A", "Midpoint project", 100_000, D(2026, 1, 1), D(2026, 10, 28))
B = Baseline("B", "Late project", 200_000, D(2026, 1, 1), D(2026, 10, 28))


def test_example_a_every_figure():
    s = snapshot(A, Report("A", D(2026, 5, 31), 40, 50_000))
    assert (s.pd, s.at) == (300, 150)
    assert s.pv == pytest.approx(50_000)
    assert s.ev == pytest.approx(40_000)
    assert s.ac == 50_000
    assert s.cv == pytest.approx(-10_000)
    assert s.sv == pytest.approx(-10_000)
    assert s.cpi == pytest.approx(0.8)
    assert s.spi == pytest.approx(0.8)
    assert s.eac == pytest.approx(125_000)
    assert s.eac_cpi_spi == pytest.approx(143_750)
    assert s.tcpi == pytest.approx(1.2)
    assert s.vac == pytest.approx(-25_000)
    assert s.es == pytest.approx(120)
    assert s.spi_t == pytest.approx(0.8)
    assert s.sv_t == pytest.approx(-30)
    assert s.ieac_t == pytest.approx(375)
    assert s.forecast_finish(A.start) == D(2027, 1, 11)


def test_example_b_spi_returns_to_one_but_spi_t_shows_the_delay():
    reports = [Report("B", D(2027, 2, 25), 100, 210_000), Report("B", D(2026, 12, 27), 90, 190_000)]
    mid, end = history(B, reports)  # sorted oldest first
    assert mid.pv == pytest.approx(200_000) and mid.ev == pytest.approx(180_000)
    assert mid.spi == pytest.approx(0.9)
    assert mid.es == pytest.approx(270) and mid.at == 360
    assert mid.spi_t == pytest.approx(0.75)
    assert end.spi == pytest.approx(1.0)
    assert end.spi_t == pytest.approx(5 / 7)
    assert end.spi_t < 1
    assert end.cpi == pytest.approx(200 / 210)
    assert end.ieac_t == pytest.approx(420)
    assert end.forecast_finish(B.start) == D(2027, 2, 25)
    frame = trend_frame(B, reports)
    assert list(frame["spi"].round(3)) == [0.9, 1.0]
    assert list(frame["spi_t"].round(3)) == [0.75, 0.714]
    assert direction(list(frame["spi"])) == "improving"
    assert direction(list(frame["spi_t"])) == "worsening"


def test_planned_value_is_linear_and_clamped():
    assert planned_value(A, D(2025, 12, 1)) == 0
    assert planned_value(A, A.start) == 0
    assert planned_value(A, D(2026, 1, 31)) == pytest.approx(100_000 * 30 / 300)
    assert planned_value(A, A.finish) == pytest.approx(100_000)
    assert planned_value(A, D(2030, 1, 1)) == pytest.approx(100_000)


def test_undefined_ratios_are_none_not_infinite():
    s = snapshot(A, Report("A", A.start, 0, 0))
    assert s.cpi is None and s.spi is None and s.spi_t is None
    assert s.eac is None and s.eac_cpi_spi is None and s.ieac_t is None
    spent = snapshot(A, Report("A", D(2026, 5, 31), 40, 120_000))
    assert spent.tcpi is None  # the budget is gone and work remains


def test_portfolio_indices_are_ratios_of_sums_with_unequal_sizes():
    # small: BAC 10,000, PD 100 days, at day 50: 90% done (EV 9,000), AC 6,000: CPI 1.5
    # big: BAC 1,000,000, PD 100 days, at day 50: 40% done (EV 400,000), AC 500,000: CPI 0.8
    small = Baseline("S", "Small", 10_000, D(2026, 1, 1), D(2026, 4, 11))
    big = Baseline("L", "Large", 1_000_000, D(2026, 1, 1), D(2026, 4, 11))
    on = D(2026, 2, 20)  # day 50
    snaps = {"S": snapshot(small, Report("S", on, 90, 6_000)), "L": snapshot(big, Report("L", on, 40, 500_000))}
    p = portfolio([small, big], snaps)
    assert (p.bac, p.ev, p.ac) == pytest.approx((1_010_000, 409_000, 506_000))
    assert p.pv == pytest.approx(505_000)  # 5,000 + 500,000
    assert p.cpi == pytest.approx(409_000 / 506_000)  # 0.808
    mean_of_cpis = (snaps["S"].cpi + snaps["L"].cpi) / 2  # 1.15
    assert abs(p.cpi - mean_of_cpis) > 0.3
    assert p.spi == pytest.approx(409_000 / 505_000)
    # SPI(t) = Σ BAC·ES / Σ BAC·AT = (10,000·90 + 1,000,000·40) / (10,000·50 + 1,000,000·50)
    assert p.spi_t == pytest.approx((10_000 * 90 + 1_000_000 * 40) / (1_010_000 * 50))
    # EAC = Σ BAC/CPI = 10,000/1.5 + 1,000,000/0.8
    assert p.eac == pytest.approx(10_000 / 1.5 + 1_250_000)


def test_portfolio_counts_unreported_work_in_the_budget_only():
    quiet = Baseline("Q", "Not reported", 50_000, D(2026, 1, 1), D(2026, 12, 31))
    snaps = {"A": snapshot(A, Report("A", D(2026, 5, 31), 40, 50_000)), "Q": None}
    p = portfolio([A, quiet], snaps)
    assert p.bac == 150_000 and p.ev == pytest.approx(40_000) and p.pv == pytest.approx(50_000)
    assert p.eac == pytest.approx(125_000 + 50_000)
    assert (p.reporting, p.initiatives) == (1, 2)
