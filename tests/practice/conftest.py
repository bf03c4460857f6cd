"""Fixtures for the practice tests: a small engagement whose figures are worked by hand.

Start Monday 2026-01-05, 10 weeks of 10 hours; workstreams Governance and Benefits at 50% each;
the consultant attends a 90-minute steering committee every 4 weeks and a 30-minute weekly
check-in (0.875 meeting hours a week planned), not the weekly ops board.
"""
from __future__ import annotations

from typing import Callable

import pytest

from playbook.intake.client import Client


def _make(**engagement) -> Client:
    terms = {"role": "pmo", "start": "2026-01-05", "weeks": 10, "hours_per_week": 10, **engagement}
    return Client.model_validate({
        "client": "Test Co", "sector": "Testing", "engagement": terms,
        "workstreams": [{"name": "Governance", "share": 0.5}, {"name": "Benefits", "share": 0.5}],
        "cadence": [{"meeting": "Steering committee", "every_weeks": 4, "minutes": 90},
                    {"meeting": "Sponsor check-in", "every_weeks": 1, "minutes": 30},
                    {"meeting": "Ops board", "every_weeks": 1, "minutes": 60, "consultant_attends": False}],
    })


@pytest.fixture
def make_client() -> Callable[..., Client]:
    return _make


@pytest.fixture
def client() -> Client:
    return _make()
