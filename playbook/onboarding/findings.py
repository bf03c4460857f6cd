"""The onboarding deliverable's sentences: the executive findings, what must be fixed first, what
stops a section being drawn, and the text under each chart that repeats its numbers for screen
readers and print. The figures come from the method modules; only the words are made here."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.cost import Costs, cost_effectiveness
from playbook.onboarding.governance import (QUADRANTS, raci_check, raci_gaps, raci_matrix, raci_warnings,
                                            stakeholder_map, streams)
from playbook.onboarding.hours import (MEETING_LIMIT, cadence_calendar, meeting_load, time_allocation,
                                       weekly_meeting_hours)
from playbook.onboarding.objectives import objective_issues
from playbook.onboarding.plan import plan_30_60_90
from playbook.onboarding.positioning import positioning
from playbook.onboarding.templates import PHASES, wording
from playbook.onboarding.text import day, fmt_hours, lower_first, money, percent
from playbook.report.formatting import join_words, number_text

SECTION_NEEDS = {  # section -> (what it needs, in words, and what the section shows once it is agreed)
    "objectives": ("the objectives", "the objectives and their readiness"),
    "decisions": ("the workstreams and who decides them", "the decision rights"),
    "time": ("the workstreams and the weekly hours", "how the hours are split"),
    "meetings": ("the meeting calendar and the weekly hours", "the meeting load"),
    "calendar": ("the meeting calendar and the start date", "the meeting calendar"),
    "stakeholders": ("the stakeholders' influence and interest (1-5)", "the stakeholder map"),
    "resources": ("the access and data needed", "the access checklist"),
}
COST_INPUTS = {"engagement.day_rate": "the day rate", "engagement.hours_per_week": "the weekly hours",
               "engagement.weeks": "the length of the term",
               "engagement.full_time_cost": "the annual cost of a full-time hire"}


def missing(client: Client, section: str) -> str | None:
    """What stops a section being drawn, in words; None when its inputs are there."""
    e = client.engagement
    absent = {
        "objectives": not client.objectives,
        "decisions": not streams(client),
        "time": not client.workstreams or e.hours_per_week is None,
        "meetings": not client.cadence or e.hours_per_week is None,
        "calendar": not client.cadence or e.start is None,
        "stakeholders": stakeholder_map(client)["quadrant"].isna().all(),
        "resources": not client.resources,
    }[section]
    if not absent:
        return None
    needs, shows = SECTION_NEEDS[section]
    return f"Not agreed yet: {needs}; once they are, this section shows {shows}."


def saving_words(client: Client, costs: Costs) -> str:
    """The saving against the full-time hire, or what the engagement costs beyond it."""
    if costs.saving >= 0:
        return f"a saving of {money(client, costs.saving)}"
    return f"{money(client, -costs.saving)} more than {wording(client).full_time}"


# --- the executive summary -------------------------------------------------------------------

def positioning_verdict(client: Client) -> str:
    """The positioning in one sentence: the template's verdict and the weightiest reason."""
    place = positioning(client)
    verdicts = wording(client).verdicts
    lead = verdicts.traditional if place.flag else getattr(verdicts, place.type)  # a flag outweighs a tie
    return f"**{lead}**: {lower_first(place.reasons[0])}." if place.reasons else f"**{lead}**."


# --- what must be fixed ----------------------------------------------------------------------

def blocked(client: Client) -> list[str]:
    return [f"{r.item} (owner {r.owner}) is blocked" if r.owner else f"{r.item} is blocked (no owner named)"
            for r in client.resources if r.status == "blocked"]


def must_fix(client: Client, as_of: dt.date | None = None) -> list[str]:
    """The 3 to 5 things that most threaten the engagement, most important first.

    Categories in priority order: blocked access, RACI gaps, objective problems, meeting overload,
    positioning, missing cost inputs, RACI concentration. Each category's worst item comes first,
    then the second items, and so on, so one noisy category cannot crowd out the others.
    """
    costs, load, place = cost_effectiveness(client), meeting_load(client), positioning(client)
    categories = [
        blocked(client),
        raci_gaps(client),
        objective_issues(client, as_of),
        [load.message] if load.message else [],
        [place.reasons[0]] if place.flag else [],
        [f"The cost case cannot be made until {join_words([COST_INPUTS[m] for m in costs.missing])} "
         f"{'is' if len(costs.missing) == 1 else 'are'} set"] if costs.missing else [],
        raci_warnings(client),
    ]
    out: list[str] = []
    for rank in range(max(map(len, categories))):
        out += [items[rank] for items in categories if rank < len(items)]
    return out[:5]


# --- the text under each chart ---------------------------------------------------------------

def describe_costs(client: Client) -> str:
    """The text under a chart repeats its numbers for screen readers and print (here and below)."""
    costs, e = cost_effectiveness(client), client.engagement
    return (f"The engagement costs {money(client, costs.fractional_cost)} over {e.weeks} weeks (one-off) against "
            f"{money(client, costs.full_time_cost_same_term)} for {wording(client).full_time} over the same weeks "
            f"({money(client, e.full_time_cost)} a year): {percent(costs.cost_ratio)} of the cost for "
            f"{percent(costs.fte_equivalent)} of the hours. An hour costs {money(client, costs.hourly_rate)} against "
            f"{money(client, costs.full_time_hourly_rate)}, {number_text(costs.hourly_premium)} times as much; "
            f"in total that is {saving_words(client, costs)}.")


def describe_raci(client: Client) -> str:
    check, people = raci_check(client), raci_matrix(client)["person"].nunique()
    gaps = check[check["gap"] != ""]
    text = f"{len(check)} workstreams by {people} people and groups; each cell shows the letter R, A, C or I."
    if gaps.empty:
        return text + " Every workstream has one A and at least one R."
    return text + " Gaps: " + "; ".join(f"{r.workstream}: {r.gap}" for r in gaps.itertuples()) + "."


def describe_time(client: Client) -> str:
    split, e = time_allocation(client), client.engagement
    parts = [f"{r.workstream} {r.share:.0%} ({fmt_hours(r.hours_per_week)} h a week)" for r in split.itertuples()]
    term = f" over {e.weeks} weeks, {e.hours_per_week * e.weeks:,.0f} hours in all" if e.weeks else ""
    return f"{fmt_hours(e.hours_per_week)} contracted hours a week{term}: {'; '.join(parts)}."


def describe_meetings(client: Client) -> str:
    load = meeting_load(client)
    skipped = load.meetings.loc[~load.meetings["consultant_attends"], "meeting"].tolist()
    text = (f"Meetings the consultant attends add up to {fmt_hours(load.hours_per_month)} hours a month, "
            f"{percent(load.share, MEETING_LIMIT)} of the {load.contracted_hours_per_month:.0f} contracted; "
            f"the limit is {MEETING_LIMIT:.0%} ({load.contracted_hours_per_month * MEETING_LIMIT:.1f} hours).")
    return text + (f" Not attended, so not counted: {join_words(skipped)}." if skipped else "")


def describe_calendar(client: Client) -> str:
    weeks = weekly_meeting_hours(client)
    busiest = weeks.loc[weeks["hours"].idxmax()]
    over = int(weeks["over"].sum())
    text = (f"{len(cadence_calendar(client))} meetings in the first 90 days; the busiest week "
            f"(from {day(busiest['week_start'])}) holds {fmt_hours(busiest['hours'])} hours of meetings.")
    if weeks["limit"].notna().all():
        text += (f" {over} of {len(weeks)} weeks go over {MEETING_LIMIT:.0%} of the contracted "
                 f"{fmt_hours(client.engagement.hours_per_week)} hours.")
    return text


def describe_plan(client: Client, progress: pd.DataFrame | None = None, as_of: dt.date | None = None) -> str:
    plan = plan_30_60_90(client)
    counts = plan["phase"].value_counts()
    text = ", ".join(f"{phase} {counts.get(phase, 0)} tasks (days {a}-{b})" for phase, (a, b) in PHASES.items())
    start = client.engagement.start
    text = (f"{len(plan)} tasks in three phases: {text}"
            + (f", from {day(start)} to {day(start + dt.timedelta(days=90))}." if start else "."))
    if progress is not None and not progress.empty and as_of is not None:
        states = progress["status"].value_counts()
        order = [s for s in ("Done", "Done late", "Late", "Due", "To confirm") if s in states]
        text += f" At {day(as_of)}: " + ", ".join(f"{states[s]} {s.lower()}" for s in order) + "."
    return text


def describe_stakeholders(client: Client) -> str:
    table = stakeholder_map(client).dropna(subset=["quadrant"])
    counts = table["quadrant"].value_counts()
    text = "; ".join(f"{q}: {counts[q]}" for q in QUADRANTS if q in counts)
    resistant = table.loc[table["disposition"] == "resistant", "name"].tolist()
    return (f"{len(table)} stakeholders by influence and interest (1-5); {text}."
            + (f" Resistant: {join_words(resistant)}." if resistant else ""))
