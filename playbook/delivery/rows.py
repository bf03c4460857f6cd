"""The rows of status_reports.csv, milestones.csv and risks.csv as typed models: each field's
rule is stated once here, and pydantic's errors become Issues naming file, row and field."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from playbook.intake.fields import IsoDate

Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Number = Annotated[float, Field(allow_inf_nan=False)]
Score = Annotated[int, Field(ge=1, le=5)]
REPORT_REQUIRED = ["initiative", "date", "percent_complete", "actual_cost"]
REPORT_OPTIONAL = ["forecast_finish", "rag", "commentary"]
MILESTONE_REQUIRED = ["initiative", "milestone", "baseline", "reported", "forecast"]
MILESTONE_OPTIONAL = ["actual"]
RISK_REQUIRED = ["id", "initiative", "title", "owner", "probability", "impact", "status", "raised"]
THREE_POINTS = {"cost": ("cost_min", "cost_likely", "cost_max"), "days": ("days_min", "days_likely", "days_max")}
RISK_OPTIONAL = ["due", "response", *THREE_POINTS["cost"], *THREE_POINTS["days"], "closed",
                 "previous_probability", "previous_impact"]


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class _Row(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ReportRow(_Row):
    initiative: str
    date: IsoDate
    percent_complete: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
    actual_cost: Money
    forecast_finish: IsoDate | None = None
    rag: Literal["green", "amber", "red"] | None = None
    commentary: str | None = None

    _rag = field_validator("rag", mode="before")(_lower)


class MilestoneRow(_Row):
    initiative: str
    milestone: str
    baseline: IsoDate
    reported: IsoDate
    forecast: IsoDate
    actual: IsoDate | None = None


class RiskRow(_Row):
    id: str
    initiative: str | None = None
    title: str
    owner: str | None = None
    probability: Score
    impact: Score
    status: Literal["open", "closed"]
    raised: IsoDate
    due: IsoDate | None = None
    response: str | None = None
    cost_min: Number | None = None
    cost_likely: Number | None = None
    cost_max: Number | None = None
    days_min: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    days_likely: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    days_max: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    closed: IsoDate | None = None
    previous_probability: Score | None = None
    previous_impact: Score | None = None

    _status = field_validator("status", mode="before")(_lower)

    def three(self, kind: str) -> tuple[float, float, float] | None:
        values = tuple(getattr(self, n) for n in THREE_POINTS[kind])
        return None if None in values else values  # type: ignore[return-value]
