"""The onboarding deliverable's words and display tables: hand-worked figures, role wording from
templates, and a scaffolded client that is told what is missing rather than given numbers."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook.onboarding import charter as ob
from playbook.intake.client import Client, load_client
from playbook.intake.paths import DEFAULT_DATA_DIR

D = dt.date
SCAFFOLD = Client.model_validate({"client": "Scaffold Ltd"})
SECTIONS = list(ob.SECTION_NEEDS)


def demo(client_id: str) -> Client:
    return load_client(DEFAULT_DATA_DIR / client_id)


def small(**engagement) -> Client:
    """10 hours a week from Mon 7 Sep 2026: a weekly 60-minute meeting and a fortnightly 90-minute one."""
    return Client.model_validate({
        "client": "Small", "engagement": {"consultant": "Sam", "start": "2026-09-07", "weeks": 20,
                                          "hours_per_week": 10, **engagement},
        "cadence": [{"meeting": "Weekly", "every_weeks": 1, "minutes": 60},
                    {"meeting": "Fortnightly", "every_weeks": 2, "minutes": 90},
                    {"meeting": "Board", "every_weeks": 4, "minutes": 240, "consultant_attends": False}]})


def test_weekly_meeting_hours_hand_worked():
    weeks = ob.weekly_meeting_hours(small())
    assert len(weeks) == 13 and weeks["week_start"].iloc[1] == D(2026, 9, 14)
    # week 1: 1 h + 1.5 h = 2.5 h; week 2: 1 h; the board is not attended, so never counted
    assert weeks["hours"].tolist()[:4] == [2.5, 1.0, 2.5, 1.0]
    assert weeks["limit"].iloc[0] == pytest.approx(3.0)  # 30% of 10 h
    assert not weeks["over"].any()
    assert ob.weekly_meeting_hours(small(hours_per_week=8))["over"].sum() == 7  # 2.5 h > 2.4 h in odd weeks


def test_raci_check_and_matrix_order():
    c = demo("northwind-retail")
    check = ob.raci_check(c).set_index("workstream")
    assert check.loc["Positioning and brand refresh", ["R", "A", "C", "I"]].tolist() == [1, 2, 2, 0]
    assert check["gap"].to_dict() == {"Positioning and brand refresh": "2 accountable", "Demand generation": "",
                                      "Marketing operations": "no responsible", "Team and agencies": ""}
    people = list(dict.fromkeys(ob.raci_matrix(c)["person"]))
    assert people[:2] == ["Alex Morgan", "Maria Rossi"] and people[-2:] == ["Creative agency", "Leadership team"]


def test_findings_name_the_raci_gap_and_the_overload():
    northwind, helix = ob.findings(demo("northwind-retail")), ob.findings(demo("helix-health"))
    assert len(northwind) == len(helix) == 5
    assert northwind[2].startswith("**2 of 4 workstreams lack clear decision rights**: Positioning and brand "
                                   "refresh (2 accountable) and Marketing operations (no responsible)")
    assert helix[1].startswith("**Meetings take 18.4 of the 52 contracted hours a month (35%)**, over the 30% limit")
    # 1400 × 12 / 8 × 40 = 84,000 against 240,000 × 40 / 52 = 184,615
    assert "**The engagement costs USD 84,000**" in helix[0] and "45% of the USD 184,615" in helix[0]
    assert "a full-time head of PMO" in helix[0] and "a full-time CMO" in northwind[0]


def test_positioning_verdict_words_come_from_the_role_template():
    assert ob.positioning_verdict(demo("acme-logistics")).startswith("**Positioned as a strategic PMO**: reporting")
    assert ob.positioning_verdict(demo("helix-health")).startswith("**At risk of becoming a traditional PMO**")
    cmo = ob.positioning_verdict(demo("northwind-retail"))
    assert cmo.startswith("**" + ob.template("cmo").wording.verdicts.traditional + "**: reporting into operations")


def test_engagement_facts_hand_worked():
    facts = dict(ob.engagement_facts(demo("acme-logistics")).values)
    assert facts["Term"] == "1 Sep 2026 to 2 Mar 2027 (26 weeks)"
    assert facts["Engagement cost"] == "GBP 57,200"  # 1100 × 16 / 8 × 26
    assert facts["Cost ratio"] == "69% of the full-time cost: a saving of GBP 25,300"  # 165,000 × 26 / 52 = 82,500
    assert facts["Hours"] == "16 a week (0.40 of a full-time role); 416 over the term"
    assert dict(ob.engagement_facts(demo("helix-health")).values)["Reporting line"] == "IT"


def test_scaffold_is_told_what_is_missing_and_given_no_numbers():
    facts = dict(ob.engagement_facts(SCAFFOLD).values)
    assert facts.pop("Role") == "Fractional PMO"
    assert all(v.startswith(("not set", "not agreed")) for v in facts.values())
    assert facts["Engagement cost"] == "not set (engagement.day_rate, engagement.hours_per_week, engagement.weeks)"
    for line in ob.findings(SCAFFOLD):
        assert not re.search(r"\d", line.replace("1-5", "")), line
    assert all(ob.missing(SCAFFOLD, s).startswith("Not agreed yet: fill in") for s in SECTIONS)
    assert ob.missing(SCAFFOLD, "calendar") == ("Not agreed yet: fill in cadence and engagement.start in "
                                                "client.yaml to show the meeting calendar.")


def test_demo_clients_miss_nothing():
    for client_id in ("acme-logistics", "helix-health", "northwind-retail"):
        c = demo(client_id)
        assert [s for s in SECTIONS if ob.missing(c, s)] == [], client_id


def test_partial_cost_inputs_keep_what_is_known():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 10, "hours_per_week": 8, "day_rate": 1000}})
    assert ob.findings(c)[0] == ("**The engagement costs GBP 10,000** for 8 hours a week over 10 weeks; the "
                                 "comparison with a full-time head of PMO needs engagement.full_time_cost.")


def test_objectives_table_readiness_in_words():
    table = ob.objectives_table(demo("helix-health")).set_index("ID")
    assert table.loc["O3", "Readiness"] == "Not ready: no owner" and table.loc["O3", "Owner"] == ""
    assert table.loc["O1", "Readiness"] == "Ready" and table.loc["O1", "Due"] == "31 Dec 2027"
    c = Client.model_validate({"client": "X", "objectives": [
        {"id": "O1", "kpi": "NPS", "unit": "points", "baseline": 10, "target": 10, "due": "2026-01-31",
         "owner": "CCO"}]})
    assert ob.objectives_table(c, D(2026, 6, 1)).loc[0, "Readiness"] == (
        "Not ready: target equals baseline (10.0); was due 2026-01-31, before the as-of date 2026-06-01")


def test_resource_checklist_puts_blocked_first():
    table = ob.resource_checklist(demo("acme-logistics"))
    assert table["Status"].tolist() == ["Blocked", "Requested", "Granted", "Granted"]
    assert table.loc[0, "Item"] == "Jira read access" and table.loc[0, "Next step"] == "Escalate to the sponsor"


def test_plan_dates_are_written_short():
    assert ob.span(D(2026, 10, 1), D(2026, 10, 8)) == "1 Oct to 8 Oct 2026"
    assert ob.span(D(2026, 12, 28), D(2027, 1, 3)) == "28 Dec 2026 to 3 Jan 2027"
    assert ob.plan_table(SCAFFOLD)["When"].iloc[0] == "days 0-7"


def test_descriptions_carry_the_numbers():
    helix = demo("helix-health")
    assert ob.describe_meetings(helix).startswith("Meetings the consultant attends add up to 18.4 hours a month, 35%")
    assert "7 of 13 weeks go over 30%" in ob.describe_calendar(helix)
    assert ob.describe_raci(demo("northwind-retail")).endswith(
        "Gaps: Positioning and brand refresh: 2 accountable; Marketing operations: no responsible.")
    assert "Resistant: Dr Sarah Okafor." in ob.describe_stakeholders(helix)
    assert ob.describe_costs(helix).endswith("45%, a saving of USD 100,615.")


def test_unmapped_stakeholders_are_named():
    c = Client.model_validate({"client": "X", "stakeholders": [{"name": "A", "influence": 4, "interest": 4},
                                                              {"name": "B", "influence": 4}]})
    assert ob.unmapped_stakeholders(c) == ["B"] and ob.missing(c, "stakeholders") is None


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_every_section_intro_is_worded_per_role(role):
    intros = ob.template(role).wording.intros.model_dump()
    assert set(intros) == {"objectives", "kpis", "decisions", "time", "cadence", "plan", "stakeholders", "resources"}
    assert all(len(text) > 40 for text in intros.values())
    assert f"fractional {role.upper()}" in intros["time"] and f"fractional {role.upper()}" in intros["kpis"]


def test_an_engagement_dearer_than_a_hire_is_said_plainly():
    c = Client.model_validate({"client": "X", "engagement": {"weeks": 52, "hours_per_week": 40, "day_rate": 1000,
                                                             "full_time_cost": 100_000}})
    costs = ob.cost_effectiveness(c)  # 1000 × 40 / 8 × 52 = 260,000 against 100,000
    assert ob.saving_words(c, costs) == "GBP 160,000 more than a full-time head of PMO"
    assert "260% of the GBP 100,000" in ob.findings(c)[0]
