"""The charter lives: where each task of the 30-60-90-day plan stands at the as-of date, from what
the client's other files hold (the maturity workshop's date, the portfolio and its decisions, the
benefit register and its readings).

`gather` reads those files (tolerantly: a file another deliverable rejects only weakens the
evidence here, it never fails the charter); everything after it is pure and works on dates.

A task is
- Done       when the data shows it, on or before its planned end (or with no date to judge by);
- Done late  when the data shows it happened after its planned end;
- Due        when it is not shown done and its planned end is today or later;
- Late       when it is not shown done and its planned end has passed;
- To confirm when its planned end has passed but no file can show it (a conversation, a review).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from playbook.intake.client import Client
from playbook.intake.csv_files import exists, read_csv
from playbook.intake.values import parse_date
from playbook.onboarding.governance import raci_gaps
from playbook.onboarding.plan import plan_30_60_90
from playbook.report.formatting import count_text, date_text

DONE, DONE_LATE, DUE, LATE, TO_CONFIRM = "Done", "Done late", "Due", "Late", "To confirm"
BEHIND = (LATE, DONE_LATE)
FUNDED = ("approved", "in_flight", "on_hold", "done")  # committed work whose benefits are tracked
UNDECIDED = ("", "proposed")  # a proposal still waiting for a fund, defer or stop decision


@dataclass(frozen=True)
class Evidence:
    """What the client's files show at the as-of date (rows dated after it are left out)."""

    waves: tuple[dt.date, ...] = ()  # dated maturity waves with at least one answer
    undated_responses: bool = False  # answers without a wave date
    initiatives: int = 0
    undecided: int = 0  # proposals waiting for a decision
    benefits: int = 0  # benefits of funded work (all benefits when the portfolio has no status)
    benefits_ready: int = 0  # ... with an owner, a baseline and at least one reading
    readings: tuple[dt.date, ...] = ()  # dates of readings of those benefits
    unreadable: tuple[str, ...] = ()  # files that could not be read in full


@dataclass(frozen=True)
class Proof:
    done: bool
    on: dt.date | None = None  # when it happened, where the data dates it
    note: str = ""


def _date(text: str) -> dt.date | None:
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None


def _rows(folder: Path, name: str, unreadable: list[str]) -> list[dict[str, str]]:
    path = folder / name
    if not exists(path):
        return []
    table, issues = read_csv(path, ())
    if issues:
        unreadable.append(name)
    return table.rows


def gather(folder: Path, as_of: dt.date) -> Evidence:
    """The evidence in one client's folder as of `as_of`."""
    bad: list[str] = []
    answers = [r for r in _rows(folder, "maturity_responses.csv", bad) if r.get("score")]
    dated = [_date(r.get("wave", "")) for r in answers]
    waves = tuple(sorted({d for d in dated if d is not None and d <= as_of}))
    portfolio = _rows(folder, "portfolio.csv", bad)
    has_status = any("status" in r for r in portfolio)
    statuses = {r.get("id", ""): r.get("status", "").lower() for r in portfolio}
    funded = {i for i, s in statuses.items() if s in FUNDED}
    register = [b for b in _rows(folder, "benefits.csv", bad) if not has_status or b.get("initiative") in funded]
    readings: dict[str, list[dt.date]] = {}
    for r in _rows(folder, "benefit_actuals.csv", bad):
        when = _date(r.get("date", ""))
        if when is not None and when <= as_of:
            readings.setdefault(r.get("benefit", ""), []).append(when)
    ready = [b for b in register if b.get("owner") and b.get("baseline") and readings.get(b.get("id", ""))]
    return Evidence(waves=waves, undated_responses=any(d is None for d in dated),
                    initiatives=len(portfolio), undecided=sum(s in UNDECIDED for s in statuses.values()),
                    benefits=len(register), benefits_ready=len(ready),
                    readings=tuple(sorted(d for b in register for d in readings.get(b.get("id", ""), []))),
                    unreadable=tuple(bad))


# --- what each kind of task needs to be shown done -----------------------------------------------

def _charter(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    parts = {"objectives": c.objectives, "decision rights": c.raci, "meeting cadence": c.cadence}
    absent = [k for k, v in parts.items() if not v]
    if absent:
        return Proof(False, note="Not recorded yet: " + ", ".join(absent))
    return Proof(True, note="Objectives, decision rights and meeting cadence are recorded")


def _stakeholders(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    scored = [s for s in c.stakeholders if s.influence is not None and s.interest is not None]
    if not scored:
        return Proof(False, note="No stakeholder is mapped by influence and interest yet")
    return Proof(True, note=f"{count_text(len(scored), 'stakeholder')} mapped by influence and interest")


def _inventory(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    if not ev.initiatives:
        return Proof(False, note="No initiatives are listed yet")
    return Proof(True, note=f"{count_text(ev.initiatives, 'initiative')} listed")


def _maturity(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    since = [w for w in ev.waves if w >= start]
    if since:
        return Proof(True, since[0], f"Workshop held on {date_text(since[0])}")
    if ev.undated_responses:
        return Proof(True, note="Answers are recorded without a workshop date")
    if ev.waves:
        return Proof(False, note=f"The last workshop, on {date_text(ev.waves[-1])}, was before the engagement")
    return Proof(False, note="No maturity answers are recorded yet")


def _criteria(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    n = len(c.prioritisation.criteria)
    if not n and c.prioritisation.method != "wsjf":
        return Proof(False, note="No criteria or weights are agreed yet")
    return Proof(True, note=f"{count_text(n, 'criterion', 'criteria')} weighted" if n else "Scored by value for size")


def _selection(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    if not ev.initiatives or c.prioritisation.budget is None or not _criteria(ev, c, start, task_start).done:
        return Proof(False, note="Needs the initiatives, the criteria and the budget to recommend a portfolio")
    return Proof(True, note="Initiatives scored and a portfolio recommended within the budget")


def _decisions(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    if not ev.initiatives:
        return Proof(False, note="No initiatives are listed yet")
    if ev.undecided:
        waiting = count_text(ev.undecided, "proposal")
        return Proof(False, note=f"{waiting} still {'awaits' if ev.undecided == 1 else 'await'} a decision")
    return Proof(True, note="Every proposal has a decision")


def _decision_rights(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    gaps = raci_gaps(c)
    if gaps:
        return Proof(False, note=f"{count_text(len(gaps), 'gap')} in who decides remain")
    if not c.cadence:
        return Proof(False, note="No meeting cadence is agreed yet")
    return Proof(True, note="Every workstream has one accountable person; the meeting calendar is agreed")


def _benefit_baselines(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    if not ev.benefits:
        return Proof(False, note="No benefits of funded work are registered yet")
    note = f"{ev.benefits_ready} of {count_text(ev.benefits, 'benefit')} have an owner and a baseline reading"
    return Proof(ev.benefits_ready == ev.benefits, note=note)


def _benefit_tracking(ev: Evidence, c: Client, start: dt.date, task_start: dt.date) -> Proof:
    since = [d for d in ev.readings if d >= task_start]
    if not since:
        return Proof(False, note=f"No benefit reading since {date_text(task_start)}, when this cycle starts")
    return Proof(True, since[0], f"{count_text(len(since), 'reading')} since {date_text(task_start)}")


# each check: (evidence, client, the engagement's start, the task's start) -> Proof
CHECKS: dict[str, Callable[[Evidence, Client, dt.date, dt.date], Proof]] = {
    "charter": _charter, "stakeholders": _stakeholders, "inventory": _inventory, "maturity": _maturity,
    "criteria": _criteria, "selection": _selection, "decisions": _decisions, "decision_rights": _decision_rights,
    "benefit_baselines": _benefit_baselines, "benefit_tracking": _benefit_tracking,
}


def status(due: dt.date, as_of: dt.date, proof: Proof | None) -> str:
    """A task's status at the as-of date; `proof` None means no file can show the task done.
    Due exactly on the as-of date is still Due; done exactly on the due date is Done."""
    if proof is not None and proof.done:
        return DONE_LATE if proof.on is not None and proof.on > due else DONE
    if due >= as_of:
        return DUE
    return LATE if proof is not None else TO_CONFIRM


def days_behind(due: dt.date, as_of: dt.date, state: str, proof: Proof | None) -> int:
    """Days past the planned end: to the day it was done, or to the as-of date while undone."""
    if state == DONE_LATE and proof is not None and proof.on is not None:
        return (proof.on - due).days
    return (as_of - due).days if state in (LATE, TO_CONFIRM) else 0


COLUMNS = ["phase", "task", "deliverable", "check", "start", "due", "status", "done_on", "days_late", "note"]


def progress(client: Client, evidence: Evidence, as_of: dt.date) -> pd.DataFrame:
    """One row per plan task with its status at `as_of`; empty without a start date (the plan
    then has days, not dates, and nothing can be late)."""
    start = client.engagement.start
    if start is None:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for t in plan_30_60_90(client).itertuples():
        check = t.check if isinstance(getattr(t, "check", None), str) else None
        proof = CHECKS[check](evidence, client, start, t.start) if check else None
        state = status(t.end, as_of, proof)
        note = proof.note if proof else "Not recorded in the client's files"
        rows.append({"phase": t.phase, "task": t.task, "deliverable": t.deliverable, "check": check,
                     "start": t.start, "due": t.end, "status": state, "done_on": proof.on if proof else None,
                     "days_late": days_behind(t.end, as_of, state, proof), "note": note})
    return pd.DataFrame(rows, columns=COLUMNS)


def behind(table: pd.DataFrame) -> pd.DataFrame:
    """The tasks that are late or were done late, longest delay first."""
    late = table[table["status"].isin(BEHIND)]
    return late.sort_values("days_late", ascending=False, kind="stable")


def progress_table(table: pd.DataFrame) -> pd.DataFrame:
    """The plan as the deliverable shows it: a status column and what the data shows."""
    def when(state: str, days: int) -> str:
        return f"{state}, {count_text(days, 'day')} after the plan" if state in BEHIND + (TO_CONFIRM,) else state

    return pd.DataFrame({"Phase": table["phase"], "Task": table["task"],
                         "Planned by": [date_text(d) for d in table["due"]],
                         "Status": [when(s, d) for s, d in zip(table["status"], table["days_late"])],
                         "What the records show": table["note"]})


def counts(table: pd.DataFrame) -> dict[str, int]:
    """How many tasks are in each status (for the results JSON and the chart's caption)."""
    return {s: int((table["status"] == s).sum()) for s in (DONE, DONE_LATE, DUE, LATE, TO_CONFIRM)}


@dataclass(frozen=True)
class Slip:
    """One late task in words, for the findings."""

    task: str
    due: dt.date
    status: str
    days: int
    note: str = field(default="")
    on: dt.date | None = None  # when a task done late was done


def slips(table: pd.DataFrame) -> list[Slip]:
    return [Slip(r.task, r.due, r.status, int(r.days_late), r.note, r.done_on if isinstance(r.done_on, dt.date) else None)
            for r in behind(table).itertuples()]
