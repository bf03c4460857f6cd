"""Strategic or traditional positioning from the reporting line and the mandate, in the role's words."""
from __future__ import annotations

import pytest

from playbook.onboarding.positioning import positioning
from tests.onboarding.helpers import client, SCAFFOLD


def test_strategic_pmo():
    place = positioning(client())
    assert place.type == "strategic" and not place.flag
    assert place.reasons[1] == ("The mandate speaks of portfolio, benefits, investment and strategy: "
                                "the agenda of a strategic PMO that shapes portfolio choices")


@pytest.mark.parametrize("line", ["it", "operations"])
def test_pmo_reporting_into_it_or_operations_is_flagged(line):
    place = positioning(client(engagement={"reporting_line": line, "mandate": None}))
    assert place.flag and place.type == "traditional"
    label = {"it": "IT", "operations": "operations"}[line]
    assert place.reasons[0].startswith(f"Reporting into {label} tends to confine the PMO")


def test_it_reason_wording():
    place = positioning(client(engagement={"reporting_line": "it"}))
    assert place.reasons[0] == ("Reporting into IT tends to confine the PMO to delivery tracking of technology "
                                "projects; investment decisions across the business are out of its reach")
    assert place.type == "unclear"  # the IT line votes traditional, the strategic mandate strategic


def test_traditional_mandate_is_flagged_even_under_strategy():
    place = positioning(client(engagement={
        "mandate": "Run status reporting, maintain project templates and enforce the methodology"}))
    assert place.flag and place.type == "unclear"
    assert "status reporting, templates and methodology" in place.reasons[0]


def test_positioning_without_line_or_mandate_is_unclear_and_says_why():
    place = positioning(SCAFFOLD)
    assert (place.type, place.flag) == ("unclear", False)
    assert any("engagement.reporting_line" in r for r in place.reasons)
    assert any("engagement.mandate" in r for r in place.reasons)


def test_cmo_uses_marketing_wording():
    place = positioning(client(engagement={"role": "cmo", "reporting_line": "operations",
                                              "mandate": "Produce collateral and run events"}))
    assert place.flag and place.type == "traditional"
    assert place.reasons[0].startswith("Reporting into operations tends to make marketing")
    assert "collateral and events" in place.reasons[1]
