"""Which benefits are tracked: those of approved, in-flight and done work (portfolio.csv
`status`); a proposal's, or work on hold or stopped, is shown as such, never escalated."""
from __future__ import annotations

import datetime as dt
import shutil

from playbook.benefits import register as benefit_register
from playbook.benefits.realisation import escalated, next_steering, review, tracking
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.benefits.helpers import benefit, day, measurements, register


def test_tracked_follows_the_initiatives_status():
    benefits = register(A=benefit(initiative="I1"), B=benefit(initiative="I2"), C=benefit(initiative="I3"),
                        D=benefit(initiative="I4"), E=benefit(initiative=None), F=benefit(initiative="I6"))
    statuses = {"I1": "in_flight", "I2": "proposed", "I3": "stopped", "I4": "done", "I6": "on_hold"}
    t = tracking(benefits, statuses)
    assert list(t["tracked"]) == [True, False, False, True, True, False]  # no initiative: cannot tell, tracked
    assert list(t["initiative_status"]) == ["in_flight", "proposed", "stopped", "done", None, "on_hold"]
    assert tracking(benefits, None)["tracked"].all()  # without a portfolio every benefit is tracked


def test_a_red_benefit_of_a_proposal_is_neither_escalated_nor_in_the_money():
    client = load_client(DEFAULT_DATA_DIR / "acme-logistics")
    benefits = register(A=benefit(initiative="I1", value_per_unit=10.0), B=benefit(initiative="I2", value_per_unit=10.0))
    actuals = measurements(("A", 50, 50.0), ("B", 50, 10.0))  # A on plan; B at 20% of plan: red
    r = review(benefits, actuals, client, day(50), {"I1": "approved", "I2": "proposed"})
    assert r.table.at["B", "rag"] == "red" and list(escalated(r).index) == []
    assert r.financial.planned_to_date == 500.0 and r.financial.realised_to_date == 500.0  # A only: 50 × 10
    everything = review(benefits, actuals, client, day(50))
    assert list(escalated(everything).index) == ["B"]


def test_statuses_are_read_from_the_portfolio_blank_meaning_proposed(tmp_path):
    folder = tmp_path / "acme"
    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", folder)
    statuses = benefit_register.initiative_statuses(folder)
    assert statuses["I01"] == "in_flight" and statuses["I02"] == "proposed" and statuses["I26"] == "done"
    reg = benefit_register.load_valid(folder, load_client(folder))
    assert reg.statuses == statuses
    (folder / "portfolio.csv").unlink()
    assert benefit_register.initiative_statuses(folder) is None


def test_decisions_are_due_at_the_next_steering_meeting():
    client = load_client(DEFAULT_DATA_DIR / "acme-logistics")  # steering every 4 weeks from 1 Sep 2026
    assert next_steering(client, dt.date(2026, 11, 1)) == ("Steering committee", dt.date(2026, 11, 24))
    assert next_steering(client, dt.date(2026, 11, 24)) == ("Steering committee", dt.date(2026, 12, 22))
    northwind = load_client(DEFAULT_DATA_DIR / "northwind-retail")  # no steering meeting: two weeks on
    assert next_steering(northwind, dt.date(2026, 11, 15)) == (None, dt.date(2026, 11, 29))
