"""The tables the onboarding deliverable shows: the engagement in numbers, the objectives with
their readiness in words, and the access checklist. Unset inputs are named, never guessed."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from playbook.intake.client import Client
from playbook.onboarding.cost import HOURS_PER_DAY, cost_effectiveness
from playbook.onboarding.findings import COST_INPUTS, saving_words
from playbook.onboarding.hours import MEETING_LIMIT, meeting_load
from playbook.onboarding.objectives import check, label
from playbook.onboarding.people import named
from playbook.onboarding.templates import wording
from playbook.onboarding.text import day, fmt_hours, money, percent
from playbook.report.formatting import join_words, number_text

PLAIN = {"start": "the start date", "weeks": "the length of the term"}
RESOURCE_ORDER = {"blocked": 0, "requested": 1, "granted": 2}
RESOURCE_NEXT = {"blocked": "Escalate to the sponsor", "requested": "Chase the owner", "granted": "None needed"}


def engagement_facts(client: Client) -> pd.DataFrame:
    """The engagement in numbers, as the charter states it, each money figure with its basis
    (one-off over the term, a year, per day or per hour); what is not agreed is said, not guessed."""
    e, costs, load = client.engagement, cost_effectiveness(client), meeting_load(client)

    def unset(*names: str) -> str:
        plain = [COST_INPUTS.get(f"engagement.{n}", PLAIN.get(n, n)) for n in names]
        return "not agreed yet (" + join_words(plain) + ")" if plain else "not agreed yet"

    sponsor = ", ".join(x for x in (client.sponsor.name, client.sponsor.title) if x) or "not named yet"
    term = unset("start", "weeks")
    if e.start and e.weeks:
        term = f"{day(e.start)} to {day(e.start + dt.timedelta(weeks=e.weeks))} ({e.weeks} weeks)"
    elif e.weeks:
        term = f"{e.weeks} weeks; {unset('start')}"
    hours = unset("hours_per_week")
    if e.hours_per_week:
        hours = f"{fmt_hours(e.hours_per_week)} a week ({number_text(costs.fte_equivalent)} of a full-time role)"
        if e.weeks:
            hours += f"; {e.hours_per_week * e.weeks:,.0f} over the term"
    full_time = unset("full_time_cost")
    if costs.full_time_cost_same_term is not None:
        full_time = (f"{money(client, costs.full_time_cost_same_term)} over the same weeks "
                     f"({money(client, e.full_time_cost)} a year)")
    elif e.full_time_cost:
        full_time = f"{money(client, e.full_time_cost)} a year; the same term needs the length of the term"
    ratio = unset(*[m.removeprefix("engagement.") for m in costs.missing])
    if costs.cost_ratio is not None:
        ratio = (f"{percent(costs.cost_ratio)} of the full-time cost for {percent(costs.fte_equivalent)} of its hours: "
                 f"{saving_words(client, costs)} in total")
    hourly = unset(*[m.removeprefix("engagement.") for m in costs.missing if m.endswith(("rate", "cost"))])
    if costs.hourly_premium is not None:
        hourly = (f"{money(client, costs.hourly_rate)} against {money(client, costs.full_time_hourly_rate)} full-time: "
                  f"{number_text(costs.hourly_premium)} times, for {wording(client).premium_buys}")
    meetings = "not agreed yet (the meeting calendar and the weekly hours)"
    if load.share is not None:
        meetings = (f"{fmt_hours(load.hours_per_month)} hours a month, {percent(load.share, MEETING_LIMIT)} "
                    f"of the {load.contracted_hours_per_month:.0f} contracted hours")
    rows = [
        ("Role", wording(client).title + (f": {e.consultant}" if e.consultant else "")),
        ("Sponsor", sponsor),
        ("Term", term),
        ("Hours", hours),
        ("Day rate", f"{money(client, e.day_rate)} per {HOURS_PER_DAY}-hour day" if e.day_rate else unset("day_rate")),
        ("Engagement cost, one-off over the term", money(client, costs.fractional_cost)
         if costs.fractional_cost is not None
         else unset(*[m.removeprefix("engagement.") for m in costs.missing if m != "engagement.full_time_cost"])),
        ("Full-time alternative, same weeks", full_time),
        ("Cost against a full-time hire", ratio),
        ("Cost per hour", hourly),
        ("Meetings", meetings),
        ("Reporting line", ("IT" if e.reporting_line == "it" else e.reporting_line.capitalize())
         if e.reporting_line else "not agreed yet"),
    ]
    return pd.DataFrame(rows, columns=["Measure", "Value"])


def objectives_table(client: Client, as_of: dt.date | None = None) -> pd.DataFrame:
    """The objectives as the charter lists them, each with its readiness in words."""
    as_of = as_of or client.as_of
    rows = []
    for o in client.objectives:
        issues = [i.removeprefix(label(o)).strip().removeprefix("has ") for i in check(o, as_of)[1]]
        rows.append({"Objective": o.title or f"Objective {o.id}", "KPI": o.kpi or "", "Unit": o.unit or "",
                     "Baseline": o.baseline, "Target": o.target, "Due": day(o.due) if o.due else "",
                     "Owner": o.owner or "", "Readiness": "Not ready: " + "; ".join(issues) if issues else "Ready"})
    return pd.DataFrame(rows, columns=["Objective", "KPI", "Unit", "Baseline", "Target", "Due", "Owner",
                                       "Readiness"])


def resource_checklist(client: Client) -> pd.DataFrame:
    """Access and data, blocked first, each with its status in words and the next step."""
    rows = [{"Status": r.status.capitalize(), "Item": r.item, "Owner": named(client, r.owner),
             "Next step": RESOURCE_NEXT[r.status]}
            for r in sorted(client.resources, key=lambda r: RESOURCE_ORDER[r.status])]
    return pd.DataFrame(rows, columns=["Status", "Item", "Owner", "Next step"])
