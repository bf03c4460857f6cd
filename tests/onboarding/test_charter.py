"""Onboarding methods against hand-worked values. A month is 52/12 = 4.3333 weeks throughout."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from playbook.onboarding import charter as ob
from playbook.intake.client import Client
from playbook.errors import TemplateError

D = dt.date
ALL_STREAMS = ["Portfolio governance", "Benefits", "Capacity"]


def client(**overrides) -> Client:
    """A complete, healthy PMO engagement; each test breaks what it needs to."""
    data = {
        "client": "Acme Logistics",
        "currency": "GBP",
        "as_of": "2026-11-01",
        "engagement": {"role": "pmo", "consultant": "Sam Patel", "start": "2026-09-01", "weeks": 26,
                       "hours_per_week": 16, "day_rate": 1100, "full_time_cost": 165000,
                       "reporting_line": "strategy",
                       "mandate": "Shape the portfolio so investment follows strategy and benefits are realised"},
        "sponsor": {"name": "Dana Lee", "title": "Chief Strategy Officer"},
        "objectives": [{"id": "O1", "title": "Grow recurring revenue", "kpi": "ARR", "unit": "GBP m",
                        "baseline": 12.0, "target": 18.0, "due": "2027-12-31", "owner": "CFO"}],
        "workstreams": [{"name": "Portfolio governance", "share": 0.5}, {"name": "Benefits", "share": 0.3},
                        {"name": "Capacity", "share": 0.2}],
        "stakeholders": [{"name": "Dana Lee", "title": "CSO", "influence": 5, "interest": 5,
                          "disposition": "supportive"},
                         {"name": "Raj Rao", "title": "CFO", "influence": 4, "interest": 2, "disposition": "neutral"},
                         {"name": "Kim Ng", "title": "CIO", "influence": 3, "interest": 4, "disposition": "resistant"}],
        "groups": ["Ops board"],
        "raci": {"Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Ops board": "I"},
                 "Benefits": {"Sam Patel": "R", "Raj Rao": "A", "Kim Ng": "C"},
                 "Capacity": {"Kim Ng": "R", "Dana Lee": "C", "Sam Patel": "A"}},
        "cadence": [{"meeting": "Steering committee", "every_weeks": 4, "minutes": 90},
                    {"meeting": "Sponsor 1:1", "every_weeks": 1, "minutes": 60},
                    {"meeting": "Board", "every_weeks": 12, "minutes": 120, "consultant_attends": False}],
        "resources": [{"item": "Jira read access", "owner": "CIO", "status": "granted"}],
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict) and key != "raci":
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Client.model_validate(data)


SCAFFOLD = Client.model_validate({"client": "Scaffold Ltd"})


# --- cost-effectiveness ----------------------------------------------------------------------

def test_cost_effectiveness_hand_worked():
    costs = ob.cost_effectiveness(client())
    assert costs.fractional_cost == pytest.approx(57_200)  # 1100 × 16 / 8 × 26 = 1100 × 2 × 26
    assert costs.full_time_cost_same_term == pytest.approx(82_500)  # 165,000 × 26 / 52
    assert costs.cost_ratio == pytest.approx(0.693333, abs=1e-6)  # 57,200 / 82,500
    assert costs.saving == pytest.approx(25_300)  # 82,500 − 57,200
    assert costs.fte_equivalent == pytest.approx(0.4)  # 16 / 40
    assert costs.missing == []


def test_cost_effectiveness_names_missing_inputs_and_invents_nothing():
    costs = ob.cost_effectiveness(client(engagement={"day_rate": None, "full_time_cost": 0}))
    assert costs.missing == ["engagement.day_rate", "engagement.full_time_cost"]
    assert (costs.fractional_cost, costs.full_time_cost_same_term, costs.cost_ratio, costs.saving) == (None,) * 4
    assert costs.fte_equivalent == pytest.approx(0.4)


def test_cost_effectiveness_partial_inputs_keep_what_can_be_computed():
    costs = ob.cost_effectiveness(client(engagement={"full_time_cost": None}))
    assert costs.fractional_cost == pytest.approx(57_200)
    assert costs.full_time_cost_same_term is None and costs.cost_ratio is None and costs.saving is None
    assert costs.missing == ["engagement.full_time_cost"]


def test_costs_is_frozen():
    with pytest.raises(AttributeError):
        ob.cost_effectiveness(client()).saving = 0  # type: ignore[misc]


# --- time allocation and meeting load --------------------------------------------------------

def test_time_allocation_hand_worked():
    table = ob.time_allocation(client()).set_index("workstream")
    assert list(table.columns) == ["share", "hours_per_week", "hours_over_term"]
    # 16 h/week × 0.5, 0.3, 0.2 = 8, 4.8, 3.2; × 26 weeks = 208, 124.8, 83.2
    assert table["hours_per_week"].tolist() == pytest.approx([8.0, 4.8, 3.2])
    assert table["hours_over_term"].tolist() == pytest.approx([208.0, 124.8, 83.2])


def test_time_allocation_without_hours_gives_none():
    table = ob.time_allocation(client(engagement={"hours_per_week": None}))
    assert table["share"].tolist() == [0.5, 0.3, 0.2]
    assert table["hours_per_week"].isna().all() and table["hours_over_term"].isna().all()


def test_meeting_load_hand_worked():
    load = ob.meeting_load(client())
    per = load.meetings.set_index("meeting")["hours_per_month"]
    assert per["Steering committee"] == pytest.approx(1.625)  # 90/60 × 52/12 ÷ 4 = 1.5 × 4.3333 / 4
    assert per["Sponsor 1:1"] == pytest.approx(4.333333, abs=1e-6)  # 60/60 × 52/12 ÷ 1
    assert per["Board"] == 0.0  # the consultant does not attend
    assert load.hours_per_month == pytest.approx(5.958333, abs=1e-6)  # 1.625 + 4.3333
    assert load.contracted_hours_per_month == pytest.approx(69.333333, abs=1e-6)  # 16 × 52/12
    assert load.share == pytest.approx(0.0859375)  # 5.9583 / 69.3333
    assert not load.warning and load.message is None and load.missing == []


def test_meeting_overload_warns_with_the_share():
    load = ob.meeting_load(client(
        engagement={"hours_per_week": 8},
        cadence=[{"meeting": "Weekly team", "every_weeks": 1, "minutes": 120},
                 {"meeting": "Steering committee", "every_weeks": 2, "minutes": 90}]))
    # 2 × 4.3333 = 8.6667 plus 1.5 × 4.3333 / 2 = 3.25 → 11.9167 of 8 × 4.3333 = 34.6667 → 0.34375
    assert load.hours_per_month == pytest.approx(11.916667, abs=1e-6)
    assert load.share == pytest.approx(0.34375)
    assert load.warning
    assert load.message == "Meetings take 34% of the contracted hours (over the 30% limit)"


def test_meeting_load_at_exactly_the_limit_does_not_warn():
    load = ob.meeting_load(client(engagement={"hours_per_week": 10},
                                  cadence=[{"meeting": "Weekly", "every_weeks": 1, "minutes": 180}]))
    assert load.share == pytest.approx(0.30)  # 3 × 4.3333 = 13 of 10 × 4.3333 = 43.333
    assert not load.warning


def test_meeting_load_without_cadence_or_hours_is_none():
    load = ob.meeting_load(client(cadence=[]))
    assert load.hours_per_month is None and load.share is None and load.missing == ["cadence"]
    load = ob.meeting_load(client(engagement={"hours_per_week": None}))
    assert load.hours_per_month == pytest.approx(5.958333, abs=1e-6)
    assert load.share is None and load.missing == ["engagement.hours_per_week"]


# --- RACI lint -------------------------------------------------------------------------------

def test_clean_raci_has_no_issues():
    assert ob.raci_issues(client()) == []


def test_two_accountable_people_names_the_workstream_and_people():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "A"},
        "Benefits": {"Sam Patel": "R", "Raj Rao": "I", "Kim Ng": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues == ["Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Raj Rao; "
                      "it needs exactly one"]


def test_missing_accountable_and_missing_responsible():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "I"},
        "Benefits": {"Raj Rao": "A", "Kim Ng": "I"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues == [
        "Workstream 'Portfolio governance' has no accountable person (A); it needs exactly one",
        "Workstream 'Benefits' has no responsible person (R); it needs at least one",
    ]


def test_workstream_without_raci_row():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Raj Rao": "A"}}))
    assert issues == ["Workstream 'Capacity' has no RACI row; it needs one accountable (A) "
                      "and at least one responsible (R)"]


def test_dominant_accountable_person_over_half_the_workstreams():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Dana Lee": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    # 2 of 3 > 3/2
    assert issues == ["Dana Lee is accountable (A) for 2 of 3 workstreams (Portfolio governance, Benefits); "
                      "more than half the decisions queue behind one person"]


def test_exactly_half_is_not_dominant():
    streams = [{"name": n, "share": 0.25} for n in ("W1", "W2", "W3", "W4")]
    raci = {"W1": {"Sam Patel": "R", "Dana Lee": "A"}, "W2": {"Sam Patel": "R", "Dana Lee": "A"},
            "W3": {"Sam Patel": "R", "Raj Rao": "A"}, "W4": {"Sam Patel": "R", "Kim Ng": "A"}}
    assert ob.raci_issues(client(workstreams=streams, raci=raci)) == []  # 2 of 4 is not more than half


def test_single_workstream_is_never_dominant():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A"}}
    assert ob.raci_issues(client(workstreams=[{"name": "Only", "share": 1}], raci=raci)) == []


def test_more_than_three_consulted_on_a_workstream():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C", "Kim Ng": "C", "Ops board": "C",
                     "Lee Ho": "C", "Ann Bo": "I", "Bo Li": "I"}}
    c = client(workstreams=[{"name": "Only", "share": 1}], raci=raci, groups=["Ops board", "Lee Ho", "Ann Bo", "Bo Li"])
    assert ob.raci_issues(c) == ["Workstream 'Only' consults 4 people (C): Raj Rao, Kim Ng, Ops board, Lee Ho; "
                                 "more than 3 slows every decision, so inform (I) some instead"]


def test_more_consulted_than_everyone_else():
    raci = {"Only": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C", "Kim Ng": "C", "Ops board": "C"}}
    issues = ob.raci_issues(client(workstreams=[{"name": "Only", "share": 1}], raci=raci))
    # 3 C's against 2 R/A/I
    assert issues == ["Workstream 'Only' consults 3 people (C): Raj Rao, Kim Ng, Ops board, more than are "
                      "responsible, accountable or informed; inform (I) some instead"]


def test_person_consulted_on_every_workstream():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "C"},
        "Benefits": {"Sam Patel": "R", "Kim Ng": "A", "Raj Rao": "C"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A", "Raj Rao": "C"}}))
    assert issues == ["Raj Rao is consulted (C) on every workstream; keep them consulted where their view "
                      "changes the decision and informed (I) elsewhere"]


def test_gaps_come_before_warnings():
    issues = ob.raci_issues(client(raci={
        "Portfolio governance": {"Dana Lee": "A"},
        "Benefits": {"Sam Patel": "R", "Dana Lee": "A"},
        "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}}))
    assert issues[0].startswith("Workstream 'Portfolio governance' has no responsible person")
    assert issues[1].startswith("Dana Lee is accountable (A) for 2 of 3")


# --- objectives ------------------------------------------------------------------------------

OBJECTIVES = [
    {"id": "O1", "title": "Grow recurring revenue", "kpi": "ARR", "unit": "GBP m", "baseline": 12.0,
     "target": 18.0, "due": "2027-12-31", "owner": "CFO"},
    {"id": "O2", "title": "Cut cost to serve", "kpi": "Cost per order", "unit": "GBP", "target": 4.5,
     "due": "2027-06-30", "owner": "COO"},
    {"id": "O3", "kpi": "NPS", "unit": "points", "baseline": 12.0, "target": 12.0, "due": "2027-06-30",
     "owner": "CCO"},
    {"id": "O4", "title": "Faster decisions", "baseline": 40, "target": 20, "due": "2026-06-30"},
]


def test_objective_issues_name_the_objective_and_the_gap():
    assert ob.objective_issues(client(objectives=OBJECTIVES), D(2026, 11, 1)) == [
        "O2 'Cut cost to serve' has no baseline",
        "O3 target equals baseline (12.0)",
        "O4 'Faster decisions' has no KPI, unit or owner",
        "O4 'Faster decisions' was due 2026-06-30, before the as-of date 2026-11-01",
    ]


def test_objective_readiness_table():
    table = ob.objective_readiness(client(objectives=OBJECTIVES), D(2026, 11, 1)).set_index("id")
    assert list(table.columns) == ["title", "kpi", "unit", "baseline", "target", "due", "owner",
                                   "ready", "missing", "issues"]
    assert table["ready"].tolist() == [True, False, False, False]
    assert table.loc["O2", "missing"] == ["baseline"]
    assert table.loc["O3", "missing"] == []
    assert table.loc["O4", "missing"] == ["kpi", "unit", "owner"]


def test_past_due_check_uses_client_as_of_and_is_skipped_without_one():
    late = [OBJECTIVES[0] | {"due": "2026-06-30"}]
    assert ob.objective_issues(client(objectives=late)) == [
        "O1 'Grow recurring revenue' was due 2026-06-30, before the as-of date 2026-11-01"]
    assert ob.objective_issues(client(objectives=late, as_of=None)) == []


def test_no_objectives_is_said_plainly():
    assert ob.objective_issues(client(objectives=[])) == [
        "No objectives agreed yet: there is nothing to measure the engagement's success against"]


# --- positioning -----------------------------------------------------------------------------

def test_strategic_pmo():
    place = ob.positioning(client())
    assert place.type == "strategic" and not place.flag
    assert place.reasons[1] == ("The mandate speaks of portfolio, benefits, investment and strategy: "
                                "the agenda of a strategic PMO that shapes portfolio choices")


@pytest.mark.parametrize("line", ["it", "operations"])
def test_pmo_reporting_into_it_or_operations_is_flagged(line):
    place = ob.positioning(client(engagement={"reporting_line": line, "mandate": None}))
    assert place.flag and place.type == "traditional"
    label = {"it": "IT", "operations": "operations"}[line]
    assert place.reasons[0].startswith(f"Reporting into {label} tends to confine the PMO")


def test_it_reason_wording():
    place = ob.positioning(client(engagement={"reporting_line": "it"}))
    assert place.reasons[0] == ("Reporting into IT tends to confine the PMO to delivery tracking of technology "
                                "projects; investment decisions across the business are out of its reach")
    assert place.type == "unclear"  # the IT line votes traditional, the strategic mandate strategic


def test_traditional_mandate_is_flagged_even_under_strategy():
    place = ob.positioning(client(engagement={
        "mandate": "Run status reporting, maintain project templates and enforce the methodology"}))
    assert place.flag and place.type == "unclear"
    assert "status reporting, templates and methodology" in place.reasons[0]


def test_positioning_without_line_or_mandate_is_unclear_and_says_why():
    place = ob.positioning(SCAFFOLD)
    assert (place.type, place.flag) == ("unclear", False)
    assert any("engagement.reporting_line" in r for r in place.reasons)
    assert any("engagement.mandate" in r for r in place.reasons)


def test_cmo_uses_marketing_wording():
    place = ob.positioning(client(engagement={"role": "cmo", "reporting_line": "operations",
                                              "mandate": "Produce collateral and run events"}))
    assert place.flag and place.type == "traditional"
    assert place.reasons[0].startswith("Reporting into operations tends to make marketing")
    assert "collateral and events" in place.reasons[1]


# --- 30-60-90 plan, KPIs, cadence calendar, stakeholders -------------------------------------

@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_plan_hits_the_three_milestones(role):
    start = D(2026, 9, 1)
    plan = ob.plan_30_60_90(client(engagement={"role": role}))
    assert list(plan.columns) == ["phase", "task", "start_day", "end_day", "start", "end", "deliverable", "notebook"]
    assert list(dict.fromkeys(plan["phase"])) == ["Diagnose", "Prioritise", "Prove"]
    for notebook, day in {"maturity": 30, "prioritisation": 60, "benefits": 90}.items():
        assert (plan.loc[plan["notebook"] == notebook, "end"] <= start + dt.timedelta(days=day)).any()
    workshop = plan[plan["task"].str.contains("maturity workshop")].iloc[0]
    assert workshop["phase"] == "Diagnose" and workshop["end"] <= D(2026, 10, 1)  # 1 Sep + 30 days
    assert (plan["start"] == plan["start_day"].map(lambda d: start + dt.timedelta(days=d))).all()
    assert set(plan["notebook"]) <= {"maturity", "prioritisation", "benefits", "onboarding"}


def test_cmo_plan_has_marketing_wording():
    text = " ".join(ob.plan_30_60_90(client(engagement={"role": "cmo"}))[["task", "deliverable"]].stack())
    for phrase in ("marketing maturity workshop", "Channel and campaign portfolio prioritised",
                   "Pipeline and CAC baselines"):
        assert phrase in text


def test_plan_without_start_keeps_offsets_and_says_why():
    plan = ob.plan_30_60_90(SCAFFOLD)
    assert plan["start"].isna().all() and plan["end"].isna().all()
    assert plan["end_day"].max() == 90
    assert "engagement.start" in plan.attrs["note"]


@pytest.mark.parametrize("role", ["pmo", "cmo"])
def test_suggested_kpis(role):
    kpis = ob.suggested_kpis(client(engagement={"role": role}))
    assert list(kpis.columns) == ["kpi", "unit", "why"] and len(kpis) >= 3
    assert kpis.notna().all().all()
    if role == "cmo":
        assert kpis["kpi"].str.contains("CAC").any()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pmo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


POSITIONING = """
positioning:
  lines: {}
  strategic_terms: []
  traditional_terms: []
  strategic_mandate: s
  traditional_mandate: t
  no_line: l
  no_mandate: m
wording:
  title: t
  full_time: f
  verdicts: {strategic: s, traditional: t, unclear: u}
  intros: {objectives: o, kpis: k, decisions: d, time: t, cadence: c, plan: p, stakeholders: s, resources: r}
"""


def test_template_missing_a_milestone_is_refused(tmp_path):
    path = _write(tmp_path, "role: pmo\nplan:\n  - {phase: Diagnose, task: x, start_day: 0, end_day: 10, "
                            "deliverable: y, notebook: maturity}\n" + POSITIONING)
    with pytest.raises(TemplateError, match="prioritisation"):
        ob._template_at(path)


def test_template_task_outside_its_phase_is_refused(tmp_path):
    path = _write(tmp_path, "role: pmo\nplan:\n  - {phase: Diagnose, task: x, start_day: 20, end_day: 45, "
                            "deliverable: y}\n" + POSITIONING)
    with pytest.raises(TemplateError, match="Diagnose"):
        ob._template_at(path)


def test_cadence_calendar_over_90_days():
    cal = ob.cadence_calendar(client())
    assert list(cal.columns) == ["date", "day", "meeting", "minutes", "consultant_attends"]
    counts = cal["meeting"].value_counts()
    assert counts["Sponsor 1:1"] == 13  # days 0, 7, …, 84
    assert counts["Steering committee"] == 4  # days 0, 28, 56, 84
    assert counts["Board"] == 2  # days 0 and 84 (12 weeks), listed though the consultant does not attend
    steering = cal[cal["meeting"] == "Steering committee"]["date"].tolist()
    assert steering == [D(2026, 9, 1), D(2026, 9, 29), D(2026, 10, 27), D(2026, 11, 24)]
    assert cal["day"].is_monotonic_increasing and cal["day"].max() < 90


def test_cadence_calendar_without_start_is_empty_with_a_note():
    cal = ob.cadence_calendar(client(engagement={"start": None}))
    assert cal.empty and "engagement.start" in cal.attrs["note"]


def test_stakeholder_map_quadrants():
    people = [{"name": "A", "influence": 5, "interest": 5}, {"name": "B", "influence": 4, "interest": 2},
              {"name": "C", "influence": 2, "interest": 4}, {"name": "D", "influence": 1, "interest": 1},
              {"name": "E", "influence": 3, "interest": 3}, {"name": "F", "influence": 5}]
    table = ob.stakeholder_map(client(stakeholders=people))
    assert list(table.columns) == ["name", "title", "influence", "interest", "disposition", "quadrant"]
    assert table["quadrant"].iloc[:5].tolist() == ["Manage closely", "Keep satisfied", "Keep informed",
                                                   "Monitor", "Manage closely"]  # 3 counts as high
    assert pd.isna(table["quadrant"].iloc[5])  # interest not scored: no quadrant


# --- must fix and results --------------------------------------------------------------------

def troubled() -> Client:
    return client(
        engagement={"reporting_line": "it", "hours_per_week": 8, "full_time_cost": None},
        objectives=OBJECTIVES[:2],
        raci={"Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "A"},
              "Benefits": {"Sam Patel": "R", "Raj Rao": "A"},
              "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}},
        cadence=[{"meeting": "Weekly team", "every_weeks": 1, "minutes": 120},
                 {"meeting": "Steering committee", "every_weeks": 2, "minutes": 90}],
        resources=[{"item": "Jira read access", "owner": "CIO", "status": "blocked"},
                   {"item": "Finance extract", "owner": "CFO", "status": "requested"}])


def test_must_fix_in_priority_order():
    assert ob.must_fix(troubled(), D(2026, 11, 1)) == [
        "Jira read access (owner CIO) is blocked",
        "Workstream 'Portfolio governance' has 2 accountable people (A): Dana Lee, Raj Rao; it needs exactly one",
        "O2 'Cut cost to serve' has no baseline",
        "Meetings take 34% of the contracted hours (over the 30% limit)",
        "Reporting into IT tends to confine the PMO to delivery tracking of technology projects; "
        "investment decisions across the business are out of its reach",
    ]


def test_must_fix_fills_up_from_one_category_but_stops_at_five():
    raci = {n: {"Sam Patel": "I"} for n in ALL_STREAMS}  # 3 × (no A, no R) = 6 gaps
    fixes = ob.must_fix(client(raci=raci))
    assert len(fixes) == 5 and all(f.startswith("Workstream '") for f in fixes)


def test_must_fix_gives_fewer_than_three_only_when_fewer_exist():
    assert ob.must_fix(client()) == []
    assert ob.must_fix(client(resources=[{"item": "CRM export", "status": "blocked"}])) == [
        "CRM export is blocked (no owner named)"]


def test_must_fix_names_missing_cost_inputs():
    fixes = ob.must_fix(client(engagement={"day_rate": None}))
    assert fixes == ["The cost case cannot be made until engagement.day_rate is set"]


def test_results_are_json_and_carry_the_figures():
    out = ob.results(troubled(), D(2026, 11, 1))
    assert json.loads(json.dumps(out)) == out
    assert out["fractional_cost"] == pytest.approx(28_600)  # 1100 × 8 / 8 × 26
    assert out["full_time_cost_same_term"] is None and out["cost_ratio"] is None
    assert out["meeting_load_share"] == pytest.approx(0.34375)
    assert out["raci_issues"][0].startswith("Workstream 'Portfolio governance' has 2 accountable people")
    assert out["objective_issues"] == ["O2 'Cut cost to serve' has no baseline"]
    assert out["positioning"]["flag"] is True
    assert out["as_of"] == "2026-11-01"


def test_results_for_the_healthy_client():
    out = ob.results(client())
    assert out["fractional_cost"] == pytest.approx(57_200)
    assert out["full_time_cost_same_term"] == pytest.approx(82_500)
    assert out["cost_ratio"] == pytest.approx(57_200 / 82_500)
    assert out["meeting_load_share"] == pytest.approx(0.0859375)
    assert out["raci_issues"] == [] and out["objective_issues"] == [] and out["must_fix"] == []
    assert (out["objectives_ready"], out["objectives_total"]) == (1, 1)


# --- a freshly scaffolded client -------------------------------------------------------------

def test_scaffold_works_everywhere_without_inventing_numbers():
    costs = ob.cost_effectiveness(SCAFFOLD)
    assert costs.fractional_cost is None and len(costs.missing) == 4
    assert ob.time_allocation(SCAFFOLD).empty
    assert ob.meeting_load(SCAFFOLD).share is None
    assert ob.objective_readiness(SCAFFOLD).empty
    assert ob.cadence_calendar(SCAFFOLD).empty
    assert ob.stakeholder_map(SCAFFOLD).empty
    assert len(ob.plan_30_60_90(SCAFFOLD)) > 0
    assert ob.raci_issues(SCAFFOLD) == [
        "No workstreams or RACI agreed yet: nobody is accountable (A) for any part of the engagement"]
    out = ob.results(SCAFFOLD)
    assert json.loads(json.dumps(out)) == out
    assert [out[k] for k in ("fractional_cost", "full_time_cost_same_term", "cost_ratio",
                             "meeting_load_share")] == [None] * 4
    assert 3 <= len(out["must_fix"]) <= 5
    assert out["must_fix"][-1].startswith("The cost case cannot be made until engagement.day_rate")


def test_scaffold_cmo_works():
    cmo = Client.model_validate({"client": "X", "engagement": {"role": "cmo"}})
    assert ob.results(cmo)["role"] == "cmo"
    assert "marketing" in ob.positioning(cmo).reasons[0]
