"""client.yaml: the engagement's settings, validated into typed objects.

Most fields are optional on purpose: a freshly scaffolded client must validate, and the
deliverables then say plainly what is still missing instead of inventing numbers.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import cached_property
from pathlib import Path
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from playbook.errors import DataError, Issue, Text
from playbook.intake.issues import issues_from
from playbook.intake.values import Currency, Day, parse_date, Flag, FreeText, Month, Name, Number, Whole
from playbook.intake.yaml_files import line_of, load_rt, plain

FILE = "client.yaml"
Level = Annotated[Whole, Field(ge=1, le=5)]
Money = Annotated[Number, Field(ge=0)]
Role = Literal["pmo", "cmo"]


class Strict(BaseModel):
    """Unknown keys are refused (with a suggestion) so a misspelt key is never silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Engagement(Strict):
    role: Role = "pmo"
    consultant: Name | None = None
    start: Day | None = None
    weeks: Annotated[Whole, Field(gt=0, le=260)] | None = None
    hours_per_week: Annotated[Number, Field(gt=0, le=60)] | None = None
    day_rate: Money | None = None
    full_time_cost: Money | None = None
    reporting_line: Literal["strategy", "operations", "it", "finance", "sales", "other"] | None = None
    mandate: FreeText | None = None
    hours_roll_over: Flag = False  # unused retainer hours carry into later weeks (default: they lapse)
    feedback_every_weeks: Annotated[Number, Field(gt=0, le=52)] | None = None  # default: the steering cycle


class Person(Strict):
    name: Name | None = None
    title: FreeText | None = None


class Objective(Strict):
    id: Name
    title: FreeText | None = None
    kpi: FreeText | None = None
    unit: FreeText | None = None
    baseline: Number | None = None
    target: Number | None = None
    due: Day | None = None
    owner: Name | None = None


class Workstream(Strict):
    name: Name
    share: Annotated[Number, Field(ge=0, le=1)]


class Stakeholder(Strict):
    name: Name
    title: FreeText | None = None
    influence: Level | None = None
    interest: Level | None = None
    disposition: Literal["supportive", "neutral", "resistant"] | None = None


class Meeting(Strict):
    meeting: Name
    every_weeks: Annotated[Number, Field(gt=0, le=52)]
    minutes: Annotated[Whole, Field(gt=0, le=600)]
    consultant_attends: Flag = True


class Resource(Strict):
    item: FreeText
    owner: Name | None = None
    status: Literal["granted", "requested", "blocked"] = "requested"


_MODEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _model_name(value: Any) -> Any:
    """A maturity model is named, never located: a path here could read any file on the machine."""
    if isinstance(value, str) and not _MODEL_NAME.fullmatch(value.strip()):
        raise ValueError("the name of a maturity model in templates/maturity/ such as pmo or cmo "
                         "(lowercase letters, digits, - and _; never a path)")
    return value


ModelName = Annotated[str, BeforeValidator(_model_name)]


class MaturitySettings(Strict):
    model: ModelName = "pmo"
    targets: dict[Name, Level] = Field(default_factory=dict)
    # a new wave becomes the current assessment once this many have answered it
    min_respondents: Annotated[int, Field(ge=1, le=1000)] = 5
    # the deliverable shows respondents by role; names (heatmap rows, who said what) only when true
    show_names: Flag = False


class CriterionSpec(Strict):
    name: Name
    weight: Annotated[Number, Field(ge=0)] = 1.0
    lower_is_better: Flag = False
    scale: tuple[Number, Number] = (1.0, 5.0)  # the rating scale: the Monte Carlo's noise stays within it

    @field_validator("scale")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not (all(map(math.isfinite, value)) and value[0] < value[1]):
            raise ValueError("a rating scale [lowest, highest] with lowest below highest, e.g. [1, 5]")
        return value


class ScenarioSpec(Strict):
    """A named what-if for the roadmap; what it gives replaces today's setting, the rest stays."""

    name: Name
    budget: Money | None = None
    capacity: dict[Name, Annotated[Number, Field(ge=0)]] = Field(default_factory=dict)  # FTE in every month
    forced_in: list[Name] = Field(default_factory=list)
    forced_out: list[Name] = Field(default_factory=list)
    weights: dict[Name, Annotated[Number, Field(ge=0)]] = Field(default_factory=dict)  # criterion -> weight


class Prioritisation(Strict):
    method: Literal["weighted", "ahp", "wsjf"] = "weighted"
    horizon_months: Annotated[Whole, Field(ge=1, le=120)] = 24  # the roadmap's months, from the as-of month
    capacity_by_month: dict[Name, dict[Month, Annotated[Number, Field(ge=0)]]] = Field(default_factory=dict)
    delay_discount: Annotated[Number, Field(ge=0, lt=1)] = 0.0  # share of value lost per month of delay
    default_duration_months: Annotated[Whole, Field(ge=1, le=120)] = 6  # for proposals without dates
    scenarios: list[ScenarioSpec] = Field(default_factory=list)
    budget: Money | None = None
    capacity: dict[Name, Annotated[Number, Field(ge=0)]] = Field(default_factory=dict)
    criteria: list[CriterionSpec] = Field(default_factory=list)
    pairwise: dict[str, Annotated[Number, Field(gt=0)]] = Field(default_factory=dict)
    forced_out: list[Name] = Field(default_factory=list)
    dots: Annotated[int, Field(ge=1, le=100)] = 10  # each participant's dots in a dot vote
    time_limit_s: Annotated[Number, Field(gt=0, le=3600)] = 10.0  # for all the selection's solves together


class Client(Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True,
                              ignored_types=(cached_property,))

    client: Name
    sector: FreeText | None = None
    currency: Currency = "GBP"
    as_of: Day | None = None
    engagement: Engagement = Field(default_factory=Engagement)
    sponsor: Person = Field(default_factory=Person)
    objectives: list[Objective] = Field(default_factory=list)
    workstreams: list[Workstream] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    groups: list[Name] = Field(default_factory=list)  # named groups allowed in the RACI
    raci: dict[Name, dict[Name, Literal["R", "A", "C", "I"]]] = Field(default_factory=dict)
    cadence: list[Meeting] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    maturity: MaturitySettings = Field(default_factory=MaturitySettings)
    prioritisation: Prioritisation = Field(default_factory=Prioritisation)

    @property
    def role(self) -> Role:
        return self.engagement.role

    @property
    def objective_ids(self) -> set[str]:
        return {o.id for o in self.objectives}

    def people(self) -> set[str]:
        """Names that may carry a RACI letter: stakeholders, the sponsor, the consultant, groups."""
        names = {s.name for s in self.stakeholders} | set(self.groups)
        names |= {n for n in (self.sponsor.name, self.engagement.consultant) if n}
        return names


STEERING = ("steer", "board", "committee")
DECISION_DAYS = 14  # without a steering meeting in the cadence, decisions are asked for within two weeks


def occurrences_after(start: dt.date, every_weeks: float, after: dt.date) -> dt.date:
    """The first sitting strictly after `after` of a meeting held every `every_weeks` from `start`."""
    step = dt.timedelta(days=max(1, round(every_weeks * 7)))  # a meeting more often than daily sits daily
    if after < start:
        return start
    return start + ((after - start) // step + 1) * step


def steering_date(client: Client, as_of: dt.date) -> tuple[str | None, dt.date]:
    """The first steering meeting after as-of in the client's cadence (a meeting named steering,
    board or committee, counted from the engagement's start); without one, two weeks after as-of.
    Every deliverable of a client asks for its decisions by this one date, so they never name
    different deadlines."""
    start = client.engagement.start if client.engagement else None
    for m in client.cadence:
        if start is not None and any(word in m.meeting.casefold() for word in STEERING):
            return m.meeting, occurrences_after(start, m.every_weeks, as_of)
    return None, as_of + dt.timedelta(days=DECISION_DAYS)


def _duplicates(values: list[str]) -> set[str]:
    seen, dupes = set(), set()
    for v in values:
        (dupes if v in seen else seen).add(v)
    return dupes


def cross_checks(c: Client) -> list[Issue]:
    """Rules that span fields: shares sum to 1, ids unique, RACI names known."""
    out: list[Issue] = []
    if c.workstreams:
        total = sum(w.share for w in c.workstreams)
        if abs(total - 1) > 0.01:
            out.append(Issue(FILE, "workstreams", Text(f"shares summing to {total:.2f}"),
                             "shares that sum to 1 (within 0.01)"))
    for what, ids in (("objectives", [o.id for o in c.objectives]),
                      ("workstreams", [w.name for w in c.workstreams]),
                      ("stakeholders", [s.name for s in c.stakeholders])):
        for dupe in sorted(_duplicates(ids)):
            out.append(Issue(FILE, what, Text(f"'{dupe}' twice"), "each id or name once"))
    streams, people = {w.name for w in c.workstreams}, c.people()
    for stream, assignments in c.raci.items():
        if streams and stream not in streams:
            out.append(Issue(FILE, f"raci.{stream}", stream,
                             "a workstream listed under `workstreams`: " + ", ".join(sorted(streams))))
        for name in assignments:
            if name not in people:
                out.append(Issue(FILE, f"raci.{stream}.{name}", name,
                                 "a stakeholder, the sponsor, the consultant, or a name listed under `groups`"))
    criteria = [k.name for k in c.prioritisation.criteria]
    for dupe in sorted(_duplicates(criteria)):
        out.append(Issue(FILE, "prioritisation.criteria", Text(f"'{dupe}' twice"), "each criterion once"))
    for key in c.prioritisation.pairwise:
        parts = key.split(" over ")
        if len(parts) != 2 or not all(p.strip() in criteria for p in parts):
            out.append(Issue(FILE, f"prioritisation.pairwise.{key}", key,
                             "'<criterion> over <criterion>' naming two criteria"))
    return out


def load_client(folder: Path) -> Client:
    """Load and validate client.yaml; every problem at once in a DataError."""
    path = Path(folder) / FILE
    tree = load_rt(path)
    try:
        client = Client.model_validate(plain(tree))
    except ValidationError as exc:
        raise DataError(issues_from(exc, FILE, line_for=lambda loc: line_of(tree, loc),
                                    known=_known_keys())) from None
    issues = cross_checks(client)
    for i, issue in enumerate(issues):
        loc = tuple(issue.field.replace("[", ".").replace("]", "").split("."))
        issues[i] = Issue(issue.file, issue.field, issue.found, issue.expected, line=line_of(tree, loc[:1]))
    if issues:
        raise DataError(issues)
    return client


def _known_keys() -> list[str]:
    keys: set[str] = set()
    for model in (Client, Engagement, Person, Objective, Workstream, Stakeholder, Meeting, Resource,
                  MaturitySettings, CriterionSpec, Prioritisation, ScenarioSpec):
        keys |= set(model.model_fields)
    return sorted(keys)


def as_of(client: Client, override: dt.date | str | None = None) -> dt.date:
    """The date the deliverables speak as of: a run's override, else client.yaml, else today."""
    if override:
        return parse_date(override if isinstance(override, dt.date) else str(override))
    return client.as_of or dt.date.today()
