"""Each chart's title states its finding (the figure's caption repeats it): what the reader should
take from the chart in one line, with the number that shows it."""
from __future__ import annotations

from playbook.intake.client import Client
from playbook.onboarding.governance import raci_check, stakeholder_map
from playbook.onboarding.hours import MEETING_LIMIT, meeting_load, time_allocation, weekly_meeting_hours
from playbook.onboarding.text import fmt_hours, percent
from playbook.report.formatting import count_text, join_words


def raci(client: Client) -> str:
    check = raci_check(client)
    gaps = int((check["gap"] != "").sum())
    if gaps:
        return f"{gaps} of {count_text(len(check), 'workstream')} {'lacks' if gaps == 1 else 'lack'} clear decision rights"
    return f"All {count_text(len(check), 'workstream')} have one accountable and at least one responsible person"


def time(client: Client) -> str:
    split = time_allocation(client)
    top = split.loc[split["share"].idxmax()]
    return (f"{top['workstream']} takes the largest share: {fmt_hours(top['hours_per_week'])} of "
            f"{fmt_hours(client.engagement.hours_per_week)} hours a week")


def meetings(client: Client) -> str:
    load = meeting_load(client)
    verdict = "over" if load.warning else "within"
    return f"Meetings take {percent(load.share, MEETING_LIMIT)} of the contracted hours, {verdict} the {MEETING_LIMIT:.0%} limit"


def calendar(client: Client) -> str:
    weeks = weekly_meeting_hours(client)
    over = int(weeks["over"].sum())
    if weeks["limit"].isna().any():
        return f"The first {count_text(len(weeks), 'week')} of meetings"
    return (f"{over} of the first {count_text(len(weeks), 'week')} go over the {MEETING_LIMIT:.0%} meeting limit"
            if over else f"No week of the first {len(weeks)} goes over the {MEETING_LIMIT:.0%} meeting limit")


def stakeholders(client: Client) -> str:
    table = stakeholder_map(client).dropna(subset=["quadrant"])
    resistant = table[(table["disposition"] == "resistant") & (table["influence"] >= 3)]["name"].tolist()
    close = int((table["quadrant"] == "Manage closely").sum())
    if resistant:
        return (f"{join_words(resistant)} {'resists' if len(resistant) == 1 else 'resist'} the engagement with high "
                f"influence; {close} of {len(table)} stakeholders need managing closely")
    return f"{close} of {count_text(len(table), 'stakeholder')} need managing closely; none with high influence resists"
