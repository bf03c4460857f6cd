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

from playbook.intake.client import Client, Objective
from playbook.errors import DataError, TemplateError
from playbook.intake.paths import TEMPLATES
from playbook.intake.issues import issues_from
from playbook.intake.yaml_files import load_rt, plain

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


class Intros(_Frozen):
    """The paragraph that opens each section of the deliverable."""

    objectives: str
    kpis: str
    decisions: str
    time: str
    cadence: str
    plan: str
    stakeholders: str
    resources: str


class Verdicts(_Frozen):
    """The lead of the positioning finding, per positioning type."""

    strategic: str
    traditional: str
    unclear: str


class Wording(_Frozen):
    title: str
    full_time: str
    verdicts: Verdicts
    intros: Intros


class OnboardingTemplate(_Frozen):
    role: str
    plan: list[PlanTask] = Field(min_length=1)
    kpis: list[Kpi] = Field(default_factory=list)
    positioning: PositioningWording
    wording: Wording

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


def percent(share: float, limit: float | None = None) -> str:
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
    message = (f"Meetings take {percent(share, MEETING_LIMIT)} of the contracted hours "
               f"(over the {MEETING_LIMIT:.0%} limit)") if warning else None
    return MeetingLoad(table, total, contracted, share, warning, message, missing)


# --- RACI lint -------------------------------------------------------------------------------

def _streams(client: Client) -> list[str]:
    """Workstreams in the order listed, then any that appear only in the RACI."""
    names = [w.name for w in client.workstreams]
    return names + [s for s in client.raci if s not in names]


def _names(row: dict[str, str], letter: str) -> list[str]:
    return [name for name, given in row.items() if given == letter]


def _stream_gaps(stream: str, row: dict[str, str]) -> list[tuple[str, str]]:
    """(short label, sentence) for each structural gap of one workstream."""
    if not row:
        return [("no RACI row", f"Workstream '{stream}' has no RACI row; it needs one accountable (A) "
                                "and at least one responsible (R)")]
    out = []
    accountable = _names(row, "A")
    if not accountable:
        out.append(("no accountable", f"Workstream '{stream}' has no accountable person (A); it needs exactly one"))
    elif len(accountable) > 1:
        out.append((f"{len(accountable)} accountable", f"Workstream '{stream}' has {len(accountable)} accountable "
                                                f"people (A): {', '.join(accountable)}; it needs exactly one"))
    if not _names(row, "R"):
        out.append(("no responsible", f"Workstream '{stream}' has no responsible person (R); it needs at least one"))
    return out


def _raci_gaps(client: Client) -> list[str]:
    """Structural gaps: without exactly one A and at least one R, work stalls or is disowned."""
    streams = _streams(client)
    if not streams:
        return ["No workstreams or RACI agreed yet: nobody is accountable (A) for any part of the engagement"]
    return [sentence for stream in streams for _, sentence in _stream_gaps(stream, client.raci.get(stream) or {})]


def raci_matrix(client: Client) -> pd.DataFrame:
    """One row per workstream × person holding a letter; people in charter order (the consultant,
    the sponsor, stakeholders as listed, groups), so the matrix reads the same way every time."""
    order = [client.engagement.consultant, client.sponsor.name, *(s.name for s in client.stakeholders),
             *client.groups]
    rank = {name: i for i, name in enumerate(dict.fromkeys(n for n in order if n))}
    rows = [{"workstream": stream, "person": person, "letter": letter}
            for stream in _streams(client) for person, letter in (client.raci.get(stream) or {}).items()]
    table = pd.DataFrame(rows, columns=["workstream", "person", "letter"])
    return table.sort_values("person", key=lambda s: s.map(lambda n: rank.get(n, len(rank))), kind="stable")


def raci_check(client: Client) -> pd.DataFrame:
    """Per workstream: how many of each letter, and its gaps in a few words ("" when sound)."""
    rows = []
    for stream in _streams(client):
        row = client.raci.get(stream) or {}
        rows.append({"workstream": stream, **{k: len(_names(row, k)) for k in "RACI"},
                     "gap": ", ".join(label for label, _ in _stream_gaps(stream, row))})
    return pd.DataFrame(rows, columns=["workstream", "R", "A", "C", "I", "gap"])


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


# --- the deliverable's words -----------------------------------------------------------------
# Sentences and display tables for the notebook, so the notebook holds narrative and calls only.

SECTION_NEEDS = {  # section -> (fields it needs, what the section shows once they are set)
    "objectives": ("objectives", "the objectives and their readiness"),
    "decisions": ("workstreams and raci", "the RACI matrix"),
    "time": ("workstreams and engagement.hours_per_week", "how the hours are split"),
    "meetings": ("cadence and engagement.hours_per_week", "the meeting load"),
    "calendar": ("cadence and engagement.start", "the meeting calendar"),
    "stakeholders": ("stakeholders with influence and interest scored 1-5", "the stakeholder map"),
    "resources": ("resources", "the access checklist"),
}


def wording(client: Client) -> Wording:
    return template(client.role).wording


def money(client: Client, value: float) -> str:
    return f"{client.currency} {value:,.0f}"


def saving_words(client: Client, costs: Costs) -> str:
    """The saving against the full-time hire, or what the engagement costs beyond it."""
    if costs.saving >= 0:
        return f"a saving of {money(client, costs.saving)}"
    return f"{money(client, -costs.saving)} more than {wording(client).full_time}"


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def span(first: dt.date, last: dt.date) -> str:
    """A date range written short: "1 Oct to 8 Oct 2026", with both years only when they differ."""
    return f"{first.day} {first:%b}{f' {first:%Y}' if first.year != last.year else ''} to {_day(last)}"


def fmt_hours(h: float) -> str:
    """Hours with one decimal, dropping a trailing ".0" (16, 5.6)."""
    return f"{h:.1f}".removesuffix(".0")


def _lower_first(sentence: str) -> str:
    """Lower-case the first word when the sentence continues another ("Reporting" -> "reporting")."""
    return sentence[0].lower() + sentence[1:] if sentence[1:2].islower() else sentence


def missing(client: Client, section: str) -> str | None:
    """What stops a section being drawn, in words; None when its inputs are there."""
    e = client.engagement
    absent = {
        "objectives": not client.objectives,
        "decisions": not _streams(client),
        "time": not client.workstreams or e.hours_per_week is None,
        "meetings": not client.cadence or e.hours_per_week is None,
        "calendar": not client.cadence or e.start is None,
        "stakeholders": stakeholder_map(client)["quadrant"].isna().all(),
        "resources": not client.resources,
    }[section]
    if not absent:
        return None
    fields, shows = SECTION_NEEDS[section]
    return f"Not agreed yet: fill in {fields} in client.yaml to show {shows}."


def weekly_meeting_hours(client: Client, days: int = 90) -> pd.DataFrame:
    """The consultant's meeting hours in each week of the first `days`, against the weekly limit."""
    cal = cadence_calendar(client, days)
    attended = cal[cal["consultant_attends"]]
    weeks = range(math.ceil(days / 7)) if client.engagement.start else range(0)
    hours = (attended["minutes"] / 60).groupby(attended["day"] // 7).sum()
    limit = client.engagement.hours_per_week * MEETING_LIMIT if client.engagement.hours_per_week else None
    rows = [{"week": w + 1, "week_start": client.engagement.start + dt.timedelta(days=7 * w),
             "hours": float(hours.get(w, 0.0)), "limit": limit,
             "over": limit is not None and float(hours.get(w, 0.0)) > limit} for w in weeks]
    return pd.DataFrame(rows, columns=["week", "week_start", "hours", "limit", "over"])


def engagement_facts(client: Client) -> pd.DataFrame:
    """The engagement in numbers, as the charter states it; unset inputs are named, not guessed."""
    e, costs, load = client.engagement, cost_effectiveness(client), meeting_load(client)

    def unset(*names: str) -> str:
        return "not set (" + ", ".join(f"engagement.{n}" for n in names) + ")"

    sponsor = ", ".join(x for x in (client.sponsor.name, client.sponsor.title) if x) or "not set (sponsor)"
    term = unset("start", "weeks")
    if e.start and e.weeks:
        term = f"{_day(e.start)} to {_day(e.start + dt.timedelta(weeks=e.weeks))} ({e.weeks} weeks)"
    elif e.weeks:
        term = f"{e.weeks} weeks; {unset('start')}"
    hours = unset("hours_per_week")
    if e.hours_per_week:
        hours = f"{fmt_hours(e.hours_per_week)} a week ({costs.fte_equivalent:.2f} of a full-time role)"
        if e.weeks:
            hours += f"; {e.hours_per_week * e.weeks:,.0f} over the term"
    full_time = unset("full_time_cost")
    if costs.full_time_cost_same_term is not None:
        full_time = (f"{money(client, costs.full_time_cost_same_term)} over the same term "
                     f"({money(client, e.full_time_cost)} a year)")
    elif e.full_time_cost:
        full_time = f"{money(client, e.full_time_cost)} a year; the same term needs engagement.weeks"
    ratio = unset(*[m.removeprefix("engagement.") for m in costs.missing])
    if costs.cost_ratio is not None:
        ratio = f"{costs.cost_ratio:.0%} of the full-time cost: {saving_words(client, costs)}"
    meetings = "not agreed yet (cadence, engagement.hours_per_week)"
    if load.share is not None:
        meetings = (f"{fmt_hours(load.hours_per_month)} hours a month, {percent(load.share, MEETING_LIMIT)} "
                    f"of the {load.contracted_hours_per_month:.0f} contracted hours")
    rows = [
        ("Role", wording(client).title + (f": {e.consultant}" if e.consultant else "")),
        ("Sponsor", sponsor),
        ("Term", term),
        ("Hours", hours),
        ("Day rate", f"{money(client, e.day_rate)} per {HOURS_PER_DAY}-hour day" if e.day_rate else unset("day_rate")),
        ("Engagement cost", money(client, costs.fractional_cost) if costs.fractional_cost is not None
         else unset(*[m.removeprefix("engagement.") for m in costs.missing if m != "engagement.full_time_cost"])),
        ("Full-time alternative", full_time),
        ("Cost ratio", ratio),
        ("Meetings", meetings),
        ("Reporting line", ("IT" if e.reporting_line == "it" else e.reporting_line.capitalize())
         if e.reporting_line else unset("reporting_line")),
    ]
    return pd.DataFrame(rows, columns=["Measure", "Value"])


def positioning_verdict(client: Client) -> str:
    """The positioning in one sentence: the template's verdict and the weightiest reason."""
    place = positioning(client)
    verdicts = wording(client).verdicts
    lead = verdicts.traditional if place.flag else getattr(verdicts, place.type)  # a flag outweighs a tie
    return f"**{lead}**: {_lower_first(place.reasons[0])}." if place.reasons else f"**{lead}**."


def _cost_finding(client: Client) -> str:
    e, costs, w = client.engagement, cost_effectiveness(client), wording(client)
    if costs.cost_ratio is not None:
        return (f"**The engagement costs {money(client, costs.fractional_cost)}** for {fmt_hours(e.hours_per_week)} "
                f"hours a week over {e.weeks} weeks ({costs.fte_equivalent:.2f} of a full-time role): "
                f"{costs.cost_ratio:.0%} of the {money(client, costs.full_time_cost_same_term)} that "
                f"{w.full_time} would cost over the same term, {saving_words(client, costs)}.")
    if costs.fractional_cost is not None:
        return (f"**The engagement costs {money(client, costs.fractional_cost)}** for {fmt_hours(e.hours_per_week)} "
                f"hours a week over {e.weeks} weeks; the comparison with {w.full_time} needs "
                f"{_join(costs.missing)}.")
    return f"**The cost case is not made yet**: {_join(costs.missing)} must be set in client.yaml."


def _time_finding(client: Client) -> str:
    load, hours = meeting_load(client), client.engagement.hours_per_week
    if load.share is None:
        return f"**How the hours are spent is not agreed yet**: {_join(load.missing)} must be set in client.yaml."
    used = f"{fmt_hours(load.hours_per_month)} of the {load.contracted_hours_per_month:.0f} contracted hours a month"
    if load.warning:
        return (f"**Meetings take {used} ({percent(load.share, MEETING_LIMIT)})**, over the {MEETING_LIMIT:.0%} "
                f"limit: at {fmt_hours(hours)} hours a week, too little time is left for the work itself.")
    split = time_allocation(client)
    text = f"**Meetings take {used} ({percent(load.share, MEETING_LIMIT)})**, within the {MEETING_LIMIT:.0%} limit"
    if not split.empty:
        top = split.loc[split["share"].idxmax()]
        text += (f"; the rest is split across {len(split)} workstreams, the largest {top['workstream']} "
                 f"at {fmt_hours(top['hours_per_week'])} hours a week")
    return text + "."


def _raci_finding(client: Client) -> str:
    check = raci_check(client)
    if check.empty:
        return _raci_gaps(client)[0] + "."
    gaps = check[check["gap"] != ""]
    if gaps.empty:
        warnings = _raci_warnings(client)
        tail = f"; {len(warnings)} concentration warning{'s' if len(warnings) > 1 else ''} below" if warnings else ""
        return (f"**All {len(check)} workstreams have exactly one accountable person** and at least one "
                f"responsible{tail}.")
    named = [f"{row.workstream} ({row.gap})" for row in gaps.itertuples()]
    return (f"**{len(gaps)} of {len(check)} workstreams {'lacks' if len(gaps) == 1 else 'lack'} clear decision "
            f"rights**: {_join(named)}; "
            "each needs exactly one accountable (A) and at least one responsible (R).")


def _objective_finding(client: Client, as_of: dt.date | None) -> str:
    issues = objective_issues(client, as_of)
    if not client.objectives:
        return issues[0] + "."
    ready = objective_readiness(client, as_of)
    n, total = int(ready["ready"].sum()), len(ready)
    if n == total:
        return (f"**All {total} objectives are ready to measure success**: each has a KPI, unit, baseline, "
                "target, due date and owner.")
    more = f" ({len(issues) - 1} more issue{'s' if len(issues) > 2 else ''} below)" if len(issues) > 1 else ""
    return (f"**{n} of {total} objectives {'is' if n == 1 else 'are'} ready to measure success**; "
            f"{issues[0]}{more}.")


def findings(client: Client, as_of: dt.date | None = None) -> list[str]:
    """The executive summary: cost, hours, decision rights, success measures and positioning."""
    return [_cost_finding(client), _time_finding(client), _raci_finding(client),
            _objective_finding(client, as_of), positioning_verdict(client)]


def objectives_table(client: Client, as_of: dt.date | None = None) -> pd.DataFrame:
    """The objectives as the charter lists them, each with its readiness in words."""
    as_of = as_of or client.as_of
    rows = []
    for o in client.objectives:
        issues = [i.removeprefix(_label(o)).strip().removeprefix("has ") for i in _objective_findings(o, as_of)[1]]
        rows.append({"ID": o.id, "Objective": o.title or "", "KPI": o.kpi or "", "Unit": o.unit or "",
                     "Baseline": o.baseline, "Target": o.target, "Due": _day(o.due) if o.due else "",
                     "Owner": o.owner or "", "Readiness": "Not ready: " + "; ".join(issues) if issues else "Ready"})
    return pd.DataFrame(rows, columns=["ID", "Objective", "KPI", "Unit", "Baseline", "Target", "Due", "Owner",
                                       "Readiness"])


def plan_table(client: Client) -> pd.DataFrame:
    """The 30-60-90 plan as a list of dated deliverables."""
    plan = plan_30_60_90(client)
    return pd.DataFrame({"Phase": plan["phase"], "When": plan_spans(plan), "Task": plan["task"],
                         "Deliverable": plan["deliverable"]})


def plan_spans(plan: pd.DataFrame) -> list[str]:
    """Each task's dates, or its days when the engagement has no start date."""
    return [span(s, e) if s else f"days {a}-{b}"
            for s, e, a, b in zip(plan["start"], plan["end"], plan["start_day"], plan["end_day"])]


RESOURCE_ORDER = {"blocked": 0, "requested": 1, "granted": 2}
RESOURCE_NEXT = {"blocked": "Escalate to the sponsor", "requested": "Chase the owner", "granted": "None needed"}


def resource_checklist(client: Client) -> pd.DataFrame:
    """Access and data, blocked first, each with its status in words and the next step."""
    rows = [{"Status": r.status.capitalize(), "Item": r.item, "Owner": r.owner or "not named",
             "Next step": RESOURCE_NEXT[r.status]}
            for r in sorted(client.resources, key=lambda r: RESOURCE_ORDER[r.status])]
    return pd.DataFrame(rows, columns=["Status", "Item", "Owner", "Next step"])


def describe_costs(client: Client) -> str:
    """The text under a chart repeats its numbers for screen readers and print (here and below)."""
    costs = cost_effectiveness(client)
    return (f"The engagement costs {money(client, costs.fractional_cost)} against "
            f"{money(client, costs.full_time_cost_same_term)} for {wording(client).full_time} over the same "
            f"{client.engagement.weeks} weeks: {costs.cost_ratio:.0%}, {saving_words(client, costs)}.")


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
    return text + (f" Not attended, so not counted: {_join(skipped)}." if skipped else "")


def describe_calendar(client: Client) -> str:
    weeks = weekly_meeting_hours(client)
    busiest = weeks.loc[weeks["hours"].idxmax()]
    over = int(weeks["over"].sum())
    text = (f"{len(cadence_calendar(client))} meetings in the first 90 days; the busiest week "
            f"(from {_day(busiest['week_start'])}) holds {fmt_hours(busiest['hours'])} hours of meetings.")
    if weeks["limit"].notna().all():
        text += (f" {over} of {len(weeks)} weeks go over {MEETING_LIMIT:.0%} of the contracted "
                 f"{fmt_hours(client.engagement.hours_per_week)} hours.")
    return text


def describe_plan(client: Client) -> str:
    plan = plan_30_60_90(client)
    counts = plan["phase"].value_counts()
    text = ", ".join(f"{phase} {counts.get(phase, 0)} tasks (days {a}-{b})" for phase, (a, b) in PHASES.items())
    start = client.engagement.start
    return (f"{len(plan)} tasks in three phases: {text}"
            + (f", from {_day(start)} to {_day(start + dt.timedelta(days=90))}." if start else "."))


def describe_stakeholders(client: Client) -> str:
    table = stakeholder_map(client).dropna(subset=["quadrant"])
    counts = table["quadrant"].value_counts()
    text = "; ".join(f"{q}: {counts[q]}" for q in QUADRANTS if q in counts)
    resistant = table.loc[table["disposition"] == "resistant", "name"].tolist()
    return (f"{len(table)} stakeholders by influence and interest (1-5); {text}."
            + (f" Resistant: {_join(resistant)}." if resistant else ""))


def unmapped_stakeholders(client: Client) -> list[str]:
    """Stakeholders left off the map because influence or interest is not scored."""
    table = stakeholder_map(client)
    return table.loc[table["quadrant"].isna(), "name"].tolist()
