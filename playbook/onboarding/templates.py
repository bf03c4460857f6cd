"""The role's wording template (templates/onboarding/<role>.yaml): the 30-60-90 plan, the
suggested KPIs, the positioning reasons and the deliverable's words, checked when first read.

A firm rewords the YAML, never the code; a broken template is a TemplateError naming the field.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from playbook.errors import DataError, TemplateError
from playbook.intake.client import Client
from playbook.intake.issues import issues_from
from playbook.intake.paths import TEMPLATES
from playbook.intake.yaml_files import load_rt, plain

PHASES: dict[str, tuple[int, int]] = {"Diagnose": (0, 30), "Prioritise": (31, 60), "Prove": (61, 90)}
MILESTONES: dict[str, int] = {"maturity": 30, "prioritisation": 60, "benefits": 90}  # notebook -> due day
# what the client's files can show about a task (playbook.onboarding.progress.CHECKS)
Check = Literal["charter", "stakeholders", "inventory", "maturity", "criteria", "selection", "decisions",
                "decision_rights", "benefit_baselines", "benefit_tracking"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PlanTask(_Frozen):
    phase: Literal["Diagnose", "Prioritise", "Prove"]
    task: str
    start_day: Annotated[int, Field(ge=0)]
    end_day: Annotated[int, Field(ge=0)]
    deliverable: str
    notebook: Literal["maturity", "prioritisation", "benefits", "onboarding"] | None = None
    check: Check | None = None  # how the files show it done; None: they cannot (a conversation)

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
    premium_buys: str = ("senior expertise from the first week, no recruitment cost or notice period, and "
                         "hours that can be scaled up, down or stopped")  # what the hourly premium pays for
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


def wording(client: Client) -> Wording:
    return template(client.role).wording
