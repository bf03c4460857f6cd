"""The charter "as delivered": the words and tables the onboarding deliverable shows about the
hours used and the client's feedback, from the same Review the practice view reads.

Entries are checked against client.yaml's as-of date (as `playbook validate` does); a run that
speaks as of an earlier date leaves later entries out rather than failing on them.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from playbook.intake.client import Client, as_of as client_as_of
from playbook.practice import feedback, review, timesheet
from playbook.practice.retainer import MEETING_LIMIT, TOLERANCE
from playbook.practice.review import Review


def load(folder: Path, client: Client, as_of: dt.date) -> Review:
    """The review as of `as_of`; a DataError names every bad row of either file."""
    valid_to = max(as_of, client_as_of(client))
    entries = timesheet.load_valid(folder, client, valid_to)
    responses = feedback.load_valid(folder, client, valid_to)
    return review.assess(client, entries[entries["date"] <= as_of], responses[responses["date"] <= as_of], as_of)


def missing(r: Review) -> str | None:
    """Why the hours cannot be shown yet, in words; None when they can."""
    if r.terms is None:
        return ("The retainer view needs engagement.start, engagement.weeks and engagement.hours_per_week in "
                "client.yaml.")
    if r.entries.empty:
        return ("No hours are logged yet: add timesheet.csv (date, hours, workstream, activity) to see the "
                "retainer as delivered.")
    return None


def _h(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 or abs(x) >= 100 else f"{x:,.1f}"


def hours_sentence(r: Review) -> str:
    u = r.usage
    head = (f"**{_h(u.used)} hours used** of the {_h(u.allowance)} allowed to date ({u.weeks_elapsed} weeks × "
            f"{r.terms.hours_per_week:g} h)")
    if u.over_use:
        body = f": {_h(u.over)} hours over the retainer ({u.over / u.allowance:.0%}), beyond the {TOLERANCE:.0%} tolerance"
    elif u.under_use:
        kept = "carried forward" if u.rollover else "lapsed unused (they do not roll over)"
        body = f": {_h(u.unused)} hours {kept}, more than {TOLERANCE:.0%} of the allowance"
    else:
        body = f", within {TOLERANCE:.0%} of the allowance"
    tail = ""
    if u.runs_out_week:
        tail = (f" At {u.weekly_rate:.1f} hours a week the {_h(u.contracted)} contracted hours run out in week "
                f"{u.runs_out_week:.0f} of {r.terms.weeks}.")
    return head + body + "." + tail


def meetings_sentence(r: Review) -> str:
    m = r.meetings
    if m.share is None:
        return "No hours are logged yet, so the meeting share is not known."
    plan = f", against {m.planned_share:.0%} planned by the cadence" if m.planned_share is not None else ""
    verdict = (f": **over the {MEETING_LIMIT:.0%} limit**, leaving too little time for the work itself"
               if m.over_limit else f", within the {MEETING_LIMIT:.0%} limit")
    return f"Meetings took {m.share:.0%} of the hours used ({_h(m.hours)} hours){plan}{verdict}."


def workstream_sentence(r: Review) -> str | None:
    agreed = r.workstreams.dropna(subset=["agreed_share"])
    if agreed.empty or agreed["hours"].sum() == 0:
        return None
    name = agreed["difference"].abs().idxmax()
    row = agreed.loc[name]
    return (f"The largest shift from the agreed split: {name} took {row['share']:.0%} of the hours against "
            f"{row['agreed_share']:.0%} agreed.")


def feedback_sentence(r: Review) -> str:
    p = r.pulse
    if p.latest is None:
        due = " (it is overdue)" if p.overdue else ""
        return f"No feedback round is recorded yet{due}: ask after each steering round (feedback.csv)."
    n = int(p.rounds["responses"].iloc[-1])
    text = f"Client feedback: NPS {p.latest:+.0f} in the latest of {len(p.rounds)} rounds ({n} responses)"
    if p.falling:
        text += f", **down two rounds running** ({' → '.join(f'{v:+.0f}' for v in p.rounds['nps'].iloc[-3:])})"
    elif p.change is not None:
        text += f", {'up' if p.change > 0 else 'down' if p.change < 0 else 'level'}" + \
                (f" {abs(p.change):.0f} points on the round before" if p.change else " with the round before")
    if p.overdue:
        text += f"; the next round is overdue (due every {p.interval_weeks:g} weeks)"
    return text + "."


def sentences(r: Review) -> list[str]:
    out = [hours_sentence(r), meetings_sentence(r)] if missing(r) is None else []
    if (shift := workstream_sentence(r)) and missing(r) is None:
        out.append(shift)
    return out + [feedback_sentence(r)]


def workstream_table(r: Review) -> pd.DataFrame:
    w = r.workstreams.reset_index()
    return pd.DataFrame({"Workstream": w["workstream"], "Hours": w["hours"], "Share of hours": w["share"],
                         "Agreed share": w["agreed_share"], "Difference (points)": w["difference"] * 100})


def rounds_table(r: Review) -> pd.DataFrame:
    t = r.pulse.rounds.reset_index()
    return pd.DataFrame({"Round": t["round"], "Asked": [f"{a:%d %b}–{b:%d %b %Y}" if a != b else f"{a:%d %b %Y}"
                                                         for a, b in zip(t["first_date"], t["last_date"])],
                         "Responses": t["responses"], "Promoters": t["promoters"], "Passives": t["passives"],
                         "Detractors": t["detractors"], "NPS": t["nps"], "Change": t["change"]})


results = review.results  # the figures recorded with the onboarding deliverable
