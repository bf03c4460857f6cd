"""The onboarding methods: what the engagement costs, where the part-time hours go, who decides,
how success is measured, and what must be fixed before work starts.

Every function takes a validated `Client` and must work on a freshly scaffolded one: where an
input is missing the answer is None (or an empty table) together with the name of the missing
field, never a made-up number. Wording that a firm may want to change (the 30-60-90 plan, the
suggested KPIs, the positioning reasons) lives in templates/onboarding/<role>.yaml.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from playbook.client import Client, Objective
from playbook.errors import DataError, TemplateError
from playbook.paths import TEMPLATES
from playbook.validation import issues_from
from playbook.yamlio import load_rt, plain

HOURS_PER_DAY = 8  # the day rate buys an 8-hour day
FULL_TIME_HOURS_PER_WEEK = 40  # the full-time week an FTE equivalent is measured against
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR  # 4.33: a month is 52/12 weeks on average
MEETING_LIMIT = 0.30  # meetings above this share of contracted hours crowd out the work itself
MAX_CONSULTED = 3  # more C's than this on one workstream turns every decision into a consultation
QUADRANT_SPLIT = 3  # influence or interest of 3 and up (on 1-5) counts as high

PHASES: dict[str, tuple[int, int]] = {"Diagnose": (0, 30), "Prioritise": (31, 60), "Prove": (61, 90)}
MILESTONES: dict[str, int] = {"maturity": 30, "prioritisation": 60, "benefits": 90}  # notebook -> due day
QUADRANTS = ("Manage closely", "Keep satisfied", "Keep informed", "Monitor")
OBJECTIVE_FIELDS = {"kpi": "KPI", "unit": "unit", "baseline": "baseline", "target": "target",
                    "due": "due date", "owner": "owner"}


# --- the wording template --------------------------------------------------------------------

class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PlanTask(_Frozen):
    phase: Literal["Diagnose", "Prioritise", "Prove"]
    task: str
    start_day: Annotated[int, Field(ge=0)]
    end_day: Annotated[int, Field(ge=0)]
    deliverable: str
    notebook: Literal["maturity", "prioritisation", "benefits", "onboarding"] | None = None

    @model_validator(mode="after")
    def _inside_phase(self) -> "PlanTask":
        first, last = PHASES[self.phase]
        if not first <= self.start_day <= self.end_day <= last:
            raise ValueError(f"start_day ≤ end_day, both within {self.phase} (days {first}-{last})")
        return self


class Kpi(_Frozen):
    kpi: str
    unit: str
    why: str


class LineStance(_Frozen):
    stance: Literal["strategic", "traditional", "neutral"]
    reason: str


class PositioningWording(_Frozen):
    lines: dict[str, LineStance]
    strategic_terms: list[str]
    traditional_terms: list[str]
    strategic_mandate: str
    traditional_mandate: str
    no_line: str
    no_mandate: str


class OnboardingTemplate(_Frozen):
    role: str
    plan: list[PlanTask] = Field(min_length=1)
    kpis: list[Kpi] = Field(default_factory=list)
    positioning: PositioningWording

    @model_validator(mode="after")
    def _milestones(self) -> "OnboardingTemplate":
        for notebook, day in MILESTONES.items():
            if not any(t.notebook == notebook and t.end_day <= day for t in self.plan):
                raise ValueError(f"a plan task with notebook '{notebook}' ending by day {day}")
        return self


@lru_cache(maxsize=None)
def _template_at(path: Path) -> OnboardingTemplate:
    try:
        return OnboardingTemplate.model_validate(plain(load_rt(path)))
    except DataError as exc:
        raise TemplateError(f"template {path}: {exc.report()}") from None
    except ValidationError as exc:
        issues = issues_from(exc, f"onboarding/{path.name}")
        raise TemplateError("broken template:\n" + "\n".join(f"  - {i}" for i in issues)) from None


def template(role: str) -> OnboardingTemplate:
    """The role's wording; a firm rewords the YAML, never this module."""
    path = TEMPLATES / "onboarding" / f"{role}.yaml"
    if not path.is_file():
        raise TemplateError(f"no onboarding template for role '{role}': expected {path}")
    return _template_at(path)


# --- cost-effectiveness ----------------------------------------------------------------------

@dataclass(frozen=True)
class Costs:
    """The cost case; a figure whose inputs are missing is None and the inputs are named."""

    fractional_cost: float | None
    full_time_cost_same_term: float | None
    cost_ratio: float | None
    saving: float | None
    fte_equivalent: float | None
    missing: list[str] = field(default_factory=list)


def _given(value: float | None) -> float | None:
    """A zero day rate or salary is a placeholder, not a price, so it counts as missing."""
    return None if value is None or value == 0 else float(value)


def cost_effectiveness(client: Client) -> Costs:
    """Fractional engagement against a full-time hire over the same term."""
    e = client.engagement
    rate, full_time = _given(e.day_rate), _given(e.full_time_cost)
    inputs = {"engagement.day_rate": rate, "engagement.hours_per_week": e.hours_per_week,
              "engagement.weeks": e.weeks, "engagement.full_time_cost": full_time}
    missing = [name for name, value in inputs.items() if value is None]
    fractional = (rate * e.hours_per_week / HOURS_PER_DAY * e.weeks
                  if None not in (rate, e.hours_per_week, e.weeks) else None)
    same_term = full_time * e.weeks / WEEKS_PER_YEAR if None not in (full_time, e.weeks) else None
    both = fractional is not None and same_term is not None
    return Costs(
        fractional_cost=fractional,
        full_time_cost_same_term=same_term,
        cost_ratio=fractional / same_term if both else None,
        saving=same_term - fractional if both else None,
        fte_equivalent=e.hours_per_week / FULL_TIME_HOURS_PER_WEEK if e.hours_per_week else None,
        missing=missing,
    )


# --- time allocation and meeting load --------------------------------------------------------

def time_allocation(client: Client) -> pd.DataFrame:
    """Hours per workstream, so the sponsor sees what the part-time week can and cannot cover."""
    hours, weeks = client.engagement.hours_per_week, client.engagement.weeks
    rows = [{"workstream": w.name, "share": w.share,
             "hours_per_week": w.share * hours if hours else None,
             "hours_over_term": w.share * hours * weeks if hours and weeks else None}
            for w in client.workstreams]
    return pd.DataFrame(rows, columns=["workstream", "share", "hours_per_week", "hours_over_term"])


@dataclass(frozen=True, eq=False)
class MeetingLoad:
    """The consultant's meeting hours against the contracted hours (per month of 52/12 weeks)."""

    meetings: pd.DataFrame  # meeting, every_weeks, minutes, consultant_attends, hours_per_month
    hours_per_month: float | None
    contracted_hours_per_month: float | None
    share: float | None
    warning: bool
    message: str | None
    missing: list[str] = field(default_factory=list)


def _pct(share: float, limit: float | None = None) -> str:
    """Whole percent, with one decimal when rounding would hide that the limit is crossed."""
    text = f"{share:.0%}"
    return f"{share:.1%}" if limit is not None and text == f"{limit:.0%}" else text


def meeting_load(client: Client) -> MeetingLoad:
    """Meetings eat the scarce part-time hours first; over 30% leaves too little for the work."""
    rows = [{"meeting": m.meeting, "every_weeks": m.every_weeks, "minutes": m.minutes,
             "consultant_attends": m.consultant_attends,
             "hours_per_month": m.minutes / 60 * WEEKS_PER_MONTH / m.every_weeks if m.consultant_attends else 0.0}
            for m in client.cadence]
    table = pd.DataFrame(rows, columns=["meeting", "every_weeks", "minutes", "consultant_attends",
                                        "hours_per_month"])
    hours_per_week = client.engagement.hours_per_week
    missing = [name for name, absent in (("cadence", not client.cadence),
                                         ("engagement.hours_per_week", hours_per_week is None)) if absent]
    total = float(table["hours_per_month"].sum()) if client.cadence else None
    contracted = hours_per_week * WEEKS_PER_MONTH if hours_per_week else None
    share = total / contracted if total is not None and contracted else None
    warning = share is not None and share > MEETING_LIMIT and not math.isclose(share, MEETING_LIMIT)  # float noise
    message = (f"Meetings take {_pct(share, MEETING_LIMIT)} of the contracted hours "
               f"(over the {MEETING_LIMIT:.0%} limit)") if warning else None
    return MeetingLoad(table, total, contracted, share, warning, message, missing)


# --- RACI lint -------------------------------------------------------------------------------

def _streams(client: Client) -> list[str]:
    """Workstreams in the order listed, then any that appear only in the RACI."""
    names = [w.name for w in client.workstreams]
    return names + [s for s in client.raci if s not in names]


def _names(row: dict[str, str], letter: str) -> list[str]:
    return [name for name, given in row.items() if given == letter]


def _raci_gaps(client: Client) -> list[str]:
    """Structural gaps: without exactly one A and at least one R, work stalls or is disowned."""
    streams = _streams(client)
    if not streams:
        return ["No workstreams or RACI agreed yet: nobody is accountable (A) for any part of the engagement"]
    out = []
    for stream in streams:
        row = client.raci.get(stream) or {}
        if not row:
            out.append(f"Workstream '{stream}' has no RACI row; it needs one accountable (A) "
                       "and at least one responsible (R)")
            continue
        accountable = _names(row, "A")
        if not accountable:
            out.append(f"Workstream '{stream}' has no accountable person (A); it needs exactly one")
        elif len(accountable) > 1:
            out.append(f"Workstream '{stream}' has {len(accountable)} accountable people (A): "
                       f"{', '.join(accountable)}; it needs exactly one")
        if not _names(row, "R"):
            out.append(f"Workstream '{stream}' has no responsible person (R); it needs at least one")
    return out


def _raci_warnings(client: Client) -> list[str]:
    """Concentration risks: decisions queueing behind one person, or consultation outweighing work.

    C is overused on a workstream with more than MAX_CONSULTED C's, or with more C's than R, A and
    I together; and by a person who is C on every one of two or more workstreams.
    """
    rows = {stream: client.raci.get(stream) or {} for stream in _streams(client)}
    n, out = len(rows), []
    if n >= 2:
        for person, count in Counter(p for row in rows.values() for p in _names(row, "A")).items():
            if count > n / 2:
                owned = [s for s, row in rows.items() if row.get(person) == "A"]
                out.append(f"{person} is accountable (A) for {count} of {n} workstreams "
                           f"({', '.join(owned)}); more than half the decisions queue behind one person")
    for stream, row in rows.items():
        consulted = _names(row, "C")
        if len(consulted) > MAX_CONSULTED:
            out.append(f"Workstream '{stream}' consults {len(consulted)} people (C): {', '.join(consulted)}; "
                       f"more than {MAX_CONSULTED} slows every decision, so inform (I) some instead")
        elif len(consulted) > len(row) - len(consulted):
            out.append(f"Workstream '{stream}' consults {len(consulted)} people (C): {', '.join(consulted)}, "
                       "more than are responsible, accountable or informed; inform (I) some instead")
    if n >= 2:
        for person in sorted(set.intersection(*(set(_names(row, "C")) for row in rows.values()))):
            out.append(f"{person} is consulted (C) on every workstream; keep them consulted where "
                       "their view changes the decision and informed (I) elsewhere")
    return out


def raci_issues(client: Client) -> list[str]:
    """Every RACI problem, gaps first, each naming the workstream or person."""
    return _raci_gaps(client) + _raci_warnings(client)


# --- objectives ------------------------------------------------------------------------------

def _label(objective: Objective) -> str:
    return f"{objective.id} '{objective.title}'" if objective.title else objective.id


def _objective_findings(objective: Objective, as_of: dt.date | None) -> tuple[list[str], list[str]]:
    """(missing fields, issue sentences) for one objective."""
    missing = [name for name in OBJECTIVE_FIELDS if getattr(objective, name) in (None, "")]
    label, issues = _label(objective), []
    if missing:
        words = [OBJECTIVE_FIELDS[m] for m in missing]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
        issues.append(f"{label} has no {listed}")
    b, t = objective.baseline, objective.target
    if b is not None and t is not None and math.isclose(b, t, rel_tol=1e-9, abs_tol=1e-12):
        issues.append(f"{label} target equals baseline ({b})")
    if as_of and objective.due and objective.due < as_of:
        issues.append(f"{label} was due {objective.due.isoformat()}, before the as-of date {as_of.isoformat()}")
    return missing, issues


def objective_readiness(client: Client, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per objective; `ready` only when it can serve as a success measure as it stands.

    The past-due check runs against `as_of`, else client.as_of, and is skipped when neither is set.
    """
    as_of = as_of or client.as_of
    rows = []
    for o in client.objectives:
        missing, issues = _objective_findings(o, as_of)
        rows.append({"id": o.id, "title": o.title, **{k: getattr(o, k) for k in OBJECTIVE_FIELDS},
                     "ready": not issues, "missing": missing, "issues": issues})
    return pd.DataFrame(rows, columns=["id", "title", *OBJECTIVE_FIELDS, "ready", "missing", "issues"])


def objective_issues(client: Client, as_of: dt.date | None = None) -> list[str]:
    """Sentences naming each objective and what stops it measuring success."""
    if not client.objectives:
        return ["No objectives agreed yet: there is nothing to measure the engagement's success against"]
    as_of = as_of or client.as_of
    return [issue for o in client.objectives for issue in _objective_findings(o, as_of)[1]]


# --- positioning -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Positioning:
    """Strategic or traditional; `reasons` lists what raised the flag first."""

    type: Literal["strategic", "traditional", "unclear"]
    flag: bool
    reasons: list[str]


def _terms_in(text: str, terms: list[str]) -> list[str]:
    """The words of `text` that start with a template stem, as written ("strateg" -> "strategy")."""
    found = (re.search(r"\b" + re.escape(t) + r"[\w-]*", text, flags=re.IGNORECASE) for t in terms)
    return list(dict.fromkeys(m.group(0) for m in found if m))


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def positioning(client: Client) -> Positioning:
    """Reporting line and mandate each cast one vote; a traditional line or mandate raises the flag."""
    wording = template(client.role).positioning
    votes: Counter[str] = Counter()
    concerns: list[str] = []
    notes: list[str] = []
    line = client.engagement.reporting_line
    stance = wording.lines.get(line) if line else None
    if line is None:
        notes.append(wording.no_line)
    elif stance:
        votes[stance.stance] += 1
        (concerns if stance.stance == "traditional" else notes).append(stance.reason)
    mandate = client.engagement.mandate
    if not mandate:
        notes.append(wording.no_mandate)
    else:
        strategic = _terms_in(mandate, wording.strategic_terms)
        traditional = _terms_in(mandate, wording.traditional_terms)
        if strategic:
            notes.append(wording.strategic_mandate.format(terms=_join(strategic)))
        if traditional:
            (concerns if len(traditional) > len(strategic) else notes).append(
                wording.traditional_mandate.format(terms=_join(traditional)))
        if len(strategic) != len(traditional):
            votes["strategic" if len(strategic) > len(traditional) else "traditional"] += 1
    kind = ("strategic" if votes["strategic"] > votes["traditional"]
            else "traditional" if votes["traditional"] > votes["strategic"] else "unclear")
    return Positioning(kind, bool(concerns), concerns + notes)


# --- the 30-60-90-day plan, KPIs, cadence and stakeholders ----------------------------------

def plan_30_60_90(client: Client) -> pd.DataFrame:
    """Diagnose, prioritise, prove, dated from engagement.start.

    Without a start date the dates are None and attrs["note"] says why; day offsets are always given.
    """
    start = client.engagement.start
    rows = [{"phase": t.phase, "task": t.task, "start_day": t.start_day, "end_day": t.end_day,
             "start": start + dt.timedelta(days=t.start_day) if start else None,
             "end": start + dt.timedelta(days=t.end_day) if start else None,
             "deliverable": t.deliverable, "notebook": t.notebook}
            for t in template(client.role).plan]
    order = {p: i for i, p in enumerate(PHASES)}
    table = (pd.DataFrame(rows).assign(_phase=lambda d: d["phase"].map(order))
             .sort_values(["_phase", "start_day", "end_day"], kind="stable")
             .drop(columns="_phase").reset_index(drop=True))
    if start is None:
        table.attrs["note"] = "engagement.start is not set: the plan shows days from the start, not dates"
    return table


def suggested_kpis(client: Client) -> pd.DataFrame:
    """KPIs the role usually signs up to, as prompts when objectives are still being agreed."""
    return pd.DataFrame([k.model_dump() for k in template(client.role).kpis], columns=["kpi", "unit", "why"])


def cadence_calendar(client: Client, days: int = 90) -> pd.DataFrame:
    """Meeting occurrences from the start date (day 0) up to, not including, day `days`.

    Without a start date the table is empty and attrs["note"] says why.
    """
    columns = ["date", "day", "meeting", "minutes", "consultant_attends"]
    start = client.engagement.start
    rows = []
    if start:
        for m in client.cadence:
            step = m.every_weeks * 7
            offsets = [d for d in sorted({round(k * step) for k in range(math.ceil(days / step))}) if d < days]
            rows += [{"date": start + dt.timedelta(days=d), "day": d, "meeting": m.meeting,
                      "minutes": m.minutes, "consultant_attends": m.consultant_attends} for d in offsets]
    table = pd.DataFrame(rows, columns=columns).sort_values(["day", "meeting"], kind="stable")
    table = table.reset_index(drop=True)
    if start is None:
        table.attrs["note"] = "engagement.start is not set: the meeting calendar needs a start date"
    return table


def _quadrant(influence: int | None, interest: int | None) -> str | None:
    if influence is None or interest is None:
        return None
    low_influence, low_interest = influence < QUADRANT_SPLIT, interest < QUADRANT_SPLIT
    return QUADRANTS[2 * low_influence + low_interest]  # QUADRANTS runs high/high to low/low


def stakeholder_map(client: Client) -> pd.DataFrame:
    """Influence × interest quadrants (None where either score is missing)."""
    rows = [{"name": s.name, "title": s.title, "influence": s.influence, "interest": s.interest,
             "disposition": s.disposition, "quadrant": _quadrant(s.influence, s.interest)}
            for s in client.stakeholders]
    return pd.DataFrame(rows, columns=["name", "title", "influence", "interest", "disposition", "quadrant"])


# --- what must be fixed, and the results file ------------------------------------------------

def _blocked(client: Client) -> list[str]:
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
        _blocked(client),
        _raci_gaps(client),
        objective_issues(client, as_of),
        [load.message] if load.message else [],
        [place.reasons[0]] if place.flag else [],
        [f"The cost case cannot be made until {_join(costs.missing)} "
         f"{'is' if len(costs.missing) == 1 else 'are'} set"] if costs.missing else [],
        _raci_warnings(client),
    ]
    out: list[str] = []
    for rank in range(max(map(len, categories))):
        out += [items[rank] for items in categories if rank < len(items)]
    return out[:5]


def results(client: Client, as_of: dt.date | None = None) -> dict[str, Any]:
    """The machine-readable summary written next to the deliverable (JSON-serialisable)."""
    costs, load, place = cost_effectiveness(client), meeting_load(client), positioning(client)
    when = as_of or client.as_of
    readiness = objective_readiness(client, when)
    return {
        "role": client.role,
        "as_of": when.isoformat() if when else None,
        "fractional_cost": costs.fractional_cost,
        "full_time_cost_same_term": costs.full_time_cost_same_term,
        "cost_ratio": costs.cost_ratio,
        "saving": costs.saving,
        "fte_equivalent": costs.fte_equivalent,
        "cost_missing": list(costs.missing),
        "meeting_hours_per_month": load.hours_per_month,
        "contracted_hours_per_month": load.contracted_hours_per_month,
        "meeting_load_share": load.share,
        "meeting_overload": load.warning,
        "raci_issues": raci_issues(client),
        "objective_issues": objective_issues(client, when),
        "objectives_ready": int(readiness["ready"].sum()),
        "objectives_total": len(readiness),
        "positioning": {"type": place.type, "flag": place.flag, "reasons": list(place.reasons)},
        "blocked_resources": _blocked(client),
        "must_fix": must_fix(client, when),
    }
