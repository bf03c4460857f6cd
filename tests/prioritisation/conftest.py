"""The demo clients' prioritisation plans, computed once per session (500 draws each, as rendered)."""
from __future__ import annotations

import pytest

from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.prioritisation import portfolio
from playbook.prioritisation.results import Plan, plan

CLIENTS = ["acme-logistics", "northwind-retail", "helix-health"]


@pytest.fixture(scope="session")
def plans() -> dict[str, Plan]:
    out = {}
    for client in CLIENTS:
        folder = DEFAULT_DATA_DIR / client
        c = load_client(folder)
        out[client] = plan(portfolio.load_valid(folder, c), c)
    return out
