"""The workbook's description of each file keeps up with the loaders, which stay the authority."""
from __future__ import annotations

import pytest

from playbook.benefits import register
from playbook.delivery import loading as delivery_loading, rows as delivery_rows
from playbook.intake.contract_columns import BY_FILE, STATUSES, WSJF_SCALE, fte_header
from playbook.maturity import responses
from playbook.prioritisation import portfolio
from playbook.prioritisation.scoring import FTE_PREFIX

LOADERS = [(responses.FILE, responses.REQUIRED, responses.OPTIONAL),
           (portfolio.FILE, portfolio.REQUIRED, portfolio.OPTIONAL),
           (register.FILE, register.REQUIRED, register.OPTIONAL),
           (register.ACTUALS_FILE, register.ACTUALS_REQUIRED, register.ACTUALS_OPTIONAL),
           (delivery_loading.REPORTS, delivery_rows.REPORT_REQUIRED, delivery_rows.REPORT_OPTIONAL),
           (delivery_loading.MILESTONES, delivery_rows.MILESTONE_REQUIRED, delivery_rows.MILESTONE_OPTIONAL),
           (delivery_loading.RISKS, delivery_rows.RISK_REQUIRED, delivery_rows.RISK_OPTIONAL)]


@pytest.mark.parametrize("file, required, optional", LOADERS, ids=[f for f, _, _ in LOADERS])
def test_every_column_a_loader_reads_is_described(file, required, optional) -> None:
    spec = BY_FILE[file]
    assert [c.name for c in spec.required] == list(required)
    assert set(optional) <= {c.name for c in spec.optional}


def test_closed_sets_and_names_match_the_loaders() -> None:
    assert set(STATUSES) == set(portfolio.STATUSES)
    assert WSJF_SCALE == portfolio.WSJF_SCALE and FTE_PREFIX == "fte_"
    assert all(fte_header(t) == portfolio.fte_header(t) for t in ("Clinical ops", "Operations (UK)", "IT"))
    kinds = {c.name: c.choices for c in BY_FILE[register.FILE].columns}
    fields = register.BenefitRow.model_fields
    for name in ("direction", "kind", "profile"):
        assert set(kinds[name]) == set(fields[name].annotation.__args__), name
