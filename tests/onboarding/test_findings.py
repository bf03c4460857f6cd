"""The onboarding deliverable's sentences: findings, what must be fixed, chart descriptions and
what a scaffolded client is told is missing, with hand-worked figures."""
from __future__ import annotations

import re

from playbook.intake.client import Client
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.findings import (
    describe_calendar, describe_costs, describe_meetings, describe_raci, describe_stakeholders, findings,
    missing, must_fix, positioning_verdict, saving_words, SECTION_NEEDS,
)
from playbook.onboarding.tables import engagement_facts
from playbook.onboarding.templates import template
from tests.onboarding.helpers import D, ALL_STREAMS, client, SCAFFOLD, troubled, demo


SECTIONS = list(SECTION_NEEDS)


def test_findings_name_the_raci_gap_and_the_overload():
    northwind, helix = findings(demo("northwind-retail")), findings(demo("helix-health"))
    assert len(northwind) == len(helix) == 5
    assert northwind[2].startswith("**2 of 4 workstreams lack clear decision rights**: Positioning and brand "
                                   "refresh (2 accountable) and Marketing operations (no responsible)")
    assert helix[1].startswith("**Meetings take 18.4 of the 52 contracted hours a month (35%)**, over the 30% limit")
    # 1400 × 12 / 8 × 40 = 84,000 against 240,000 × 40 / 52 = 184,615
    assert "**The engagement costs USD 84,000**" in helix[0] and "45% of the USD 184,615" in helix[0]
    assert "a full-time head of PMO" in helix[0] and "a full-time CMO" in northwind[0]


def test_positioning_verdict_words_come_from_the_role_template():
    assert positioning_verdict(demo("acme-logistics")).startswith("**Positioned as a strategic PMO**: reporting")
    assert positioning_verdict(demo("helix-health")).startswith("**At risk of becoming a traditional PMO**")
    cmo = positioning_verdict(demo("northwind-retail"))
    assert cmo.startswith("**" + template("cmo").wording.verdicts.traditional + "**: reporting into operations")


def test_partial_cost_inputs_keep_what_is_known():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 10, "hours_per_week": 8, "day_rate": 1000}})
    assert findings(c)[0] == ("**The engagement costs GBP 10,000** for 8 hours a week over 10 weeks; the "
                                 "comparison with a full-time head of PMO needs engagement.full_time_cost.")


def test_an_engagement_dearer_than_a_hire_is_said_plainly():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 52, "hours_per_week": 40, "day_rate": 1000,
                                                             "full_time_cost": 100_000}})
    costs = cost_effectiveness(c)  # 1000 × 40 / 8 × 52 = 260,000 against 100,000
    assert saving_words(c, costs) == "GBP 160,000 more than a full-time head of PMO"
    assert "260% of the GBP 100,000" in findings(c)[0]


def test_must_fix_in_priority_order():
    assert must_fix(troubled(), D(2026, 11, 1)) == [
        "Jira read access (owner CIO) is blocked",
        "Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Raj Rao; it needs exactly one",
        "O2 'Cut cost to serve' has no baseline",
        "Meetings take 34% of the contracted hours (over the 30% limit)",
        "Reporting into IT tends to confine the PMO to delivery tracking of technology projects; "
        "investment decisions across the business are out of its reach",
    ]


def test_must_fix_fills_up_from_one_category_but_stops_at_five():
    raci = {n: {"Sam Patel": "I"} for n in ALL_STREAMS}  # 3 × (no A, no R) = 6 gaps
    fixes = must_fix(client(raci=raci))
    assert len(fixes) == 5 and all(f.startswith("Workstream '") for f in fixes)


def test_must_fix_gives_fewer_than_three_only_when_fewer_exist():
    assert must_fix(client()) == []
    assert must_fix(client(resources=[{"item": "CRM export", "status": "blocked"}])) == [
        "CRM export is blocked (no owner named)"]


def test_must_fix_names_missing_cost_inputs():
    fixes = must_fix(client(engagement={"day_rate": None}))
    assert fixes == ["The cost case cannot be made until engagement.day_rate is set"]


def test_descriptions_carry_the_numbers():
    helix = demo("helix-health")
    assert describe_meetings(helix).startswith("Meetings the consultant attends add up to 18.4 hours a month, 35%")
    assert "7 of 13 weeks go over 30%" in describe_calendar(helix)
    assert describe_raci(demo("northwind-retail")).endswith(
        "Gaps: Positioning and brand refresh: 2 accountable; Marketing operations: no responsible.")
    assert "Resistant: Dr Sarah Okafor." in describe_stakeholders(helix)
    assert describe_costs(helix).endswith("45%, a saving of USD 100,615.")


def test_scaffold_is_told_what_is_missing_and_given_no_numbers():
    facts = dict(engagement_facts(SCAFFOLD).values)
    assert facts.pop("Role") == "Fractional PMO"
    assert all(v.startswith(("not set", "not agreed")) for v in facts.values())
    assert facts["Engagement cost"] == "not set (engagement.day_rate, engagement.hours_per_week, engagement.weeks)"
    for line in findings(SCAFFOLD):
        assert not re.search(r"\d", line.replace("1-5", "")), line
    assert all(missing(SCAFFOLD, s).startswith("Not agreed yet: fill in") for s in SECTIONS)
    assert missing(SCAFFOLD, "calendar") == ("Not agreed yet: fill in cadence and engagement.start in "
                                                "client.yaml to show the meeting calendar.")


def test_demo_clients_miss_nothing():
    for client_id in ("acme-logistics", "helix-health", "northwind-retail"):
        c = demo(client_id)
        assert [s for s in SECTIONS if missing(c, s)] == [], client_id
