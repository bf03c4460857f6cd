"""The onboarding deliverable's sentences: findings, what must be fixed, chart descriptions and
what a scaffolded client is told is missing, with hand-worked figures."""
from __future__ import annotations

import re

from playbook.intake.client import Client
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.findings import (
    describe_calendar, describe_costs, describe_meetings, describe_raci, describe_stakeholders,
    missing, must_fix, positioning_verdict, saving_words, SECTION_NEEDS,
)
from playbook.onboarding.summary import cost_point
from playbook.onboarding.tables import engagement_facts
from playbook.onboarding.templates import template
from tests.onboarding.helpers import D, ALL_STREAMS, client, SCAFFOLD, troubled, demo


SECTIONS = list(SECTION_NEEDS)


def test_the_cost_point_states_the_hourly_premium_and_what_it_buys():
    helix, northwind = cost_point(demo("helix-health")), cost_point(demo("northwind-retail"))
    # 1400 × 12 / 8 × 40 = 84,000 against 240,000 × 40 / 52 = 184,615: 45% of the cost for 12/40 = 0.3 of
    # the hours; per hour 175 against 240,000 / 2080 = 115.38, 1.52 times
    assert helix.startswith("**The engagement costs $84k over 40 weeks** (one-off), 45% of the $185k a full-time "
                            "head of PMO would cost over the same weeks, for 0.3 of the hours: each hour costs "
                            "1.5 times a full-time hour.")
    assert "no recruitment cost" in helix and "a full-time CMO" in northwind
    assert "1.6 times" in northwind  # 162.5 / (210,000 / 2080 = 100.96) = 1.61


def test_positioning_verdict_words_come_from_the_role_template():
    assert positioning_verdict(demo("acme-logistics")).startswith("**Positioned as a strategic PMO**: reporting")
    assert positioning_verdict(demo("helix-health")).startswith("**At risk of becoming a traditional PMO**")
    cmo = positioning_verdict(demo("northwind-retail"))
    assert cmo.startswith("**" + template("cmo").wording.verdicts.traditional + "**: reporting into operations")


def test_partial_cost_inputs_keep_what_is_known():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 10, "hours_per_week": 8, "day_rate": 1000}})
    assert cost_point(c) == ("**The engagement costs £10k over 10 weeks** (one-off); the comparison with a "
                             "full-time head of PMO needs the annual cost of a full-time hire.")


def test_an_engagement_dearer_than_a_hire_is_said_plainly():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 52, "hours_per_week": 40, "day_rate": 1000,
                                                             "full_time_cost": 100_000}})
    costs = cost_effectiveness(c)  # 1000 × 40 / 8 × 52 = 260,000 against 100,000
    assert saving_words(c, costs) == "£160k more than a full-time head of PMO"
    assert "260% of the £100k" in cost_point(c) and "2.6 times a full-time hour" in cost_point(c)


def test_must_fix_in_priority_order():
    assert must_fix(troubled(), D(2026, 11, 1)) == [
        "Jira read access (owner CIO) is blocked",
        "Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Raj Rao; it needs exactly one",
        "'Cut cost to serve' has no baseline",
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
    assert fixes == ["The cost case cannot be made until the day rate is set"]


def test_descriptions_carry_the_numbers():
    helix = demo("helix-health")
    assert describe_meetings(helix).startswith("Meetings the consultant attends add up to 18.4 hours a month, 35%")
    assert "7 of 13 weeks go over 30%" in describe_calendar(helix)
    assert describe_raci(demo("northwind-retail")).endswith(
        "Gaps: Positioning and brand refresh: 2 accountable; Marketing operations: no responsible.")
    assert "Resistant: Dr Sarah Okafor." in describe_stakeholders(helix)
    assert describe_costs(helix).endswith("An hour costs $175 against $115, 1.5 times as much; in total that is "
                                          "a saving of $101k.")


def test_scaffold_is_told_what_is_missing_and_given_no_numbers():
    facts = dict(engagement_facts(SCAFFOLD).values)
    assert facts.pop("Role") == "Fractional PMO"
    assert all(v.startswith(("not named", "not agreed")) for v in facts.values()), facts
    assert facts["Engagement cost, one-off over the term"] == ("not agreed yet (the day rate, the weekly hours and "
                                                               "the length of the term)")
    assert not re.search(r"\d", cost_point(SCAFFOLD))
    assert all(missing(SCAFFOLD, s).startswith("Not agreed yet: ") for s in SECTIONS)
    assert missing(SCAFFOLD, "calendar") == ("Not agreed yet: the meeting calendar and the start date; once they "
                                             "are, this section shows the meeting calendar.")
    assert not any("_" in missing(SCAFFOLD, s) or ".yaml" in missing(SCAFFOLD, s) for s in SECTIONS)


def test_demo_clients_miss_nothing():
    for client_id in ("acme-logistics", "helix-health", "northwind-retail"):
        c = demo(client_id)
        assert [s for s in SECTIONS if missing(c, s)] == [], client_id
