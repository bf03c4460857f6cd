"""What each column of each CSV of the data contract holds, in words and as a cell type.

The intake workbook needs more than the loaders' column lists: a sentence per column for the
header comment, the cell type (so numbers and dates arrive as numbers and dates, not text), the
closed sets that become drop-downs, and the key that identifies a row when an import reports
what changed. The loaders in each stage stay the authority on what is valid; a test checks
that every column they read is described here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

TEXT, ID, IDS, NUMBER, MONEY, WHOLE, DATE, BOOL, CHOICE = (
    "text", "id", "ids", "number", "money", "whole", "date", "bool", "choice")
FTE_PREFIX = "fte_"
WSJF_SCALE = (1, 2, 3, 5, 8, 13, 20)
STATUSES = ("proposed", "approved", "in_flight", "on_hold", "done", "stopped")
ACTIVITIES = ("meeting", "workshop", "analysis", "reporting", "coaching", "other")


@dataclass(frozen=True)
class Column:
    """One column: its name, cell type and meaning; `choices` is a closed set (a drop-down),
    `low`/`high` bound a number (inclusive)."""

    name: str
    kind: str
    help: str
    choices: tuple[str | int, ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class FileSpec:
    """One CSV of the contract and the sheet of the same name in client.xlsx."""

    file: str
    title: str
    required: tuple[Column, ...]
    optional: tuple[Column, ...] = ()
    key: tuple[str, ...] = ()  # columns that identify a row (empty: the whole row)

    @property
    def sheet(self) -> str:
        return self.file.removesuffix(".csv")

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.required + self.optional


def _c(name: str, kind: str, help: str, *choices: str | int, low: float | None = None,
       high: float | None = None) -> Column:
    return Column(name, kind, help, tuple(choices), low, high)


def _wsjf(name: str, what: str) -> Column:
    return _c(name, WHOLE, f"WSJF {what}: one of 1, 2, 3, 5, 8, 13, 20 (blank if not sized).", *WSJF_SCALE)


_RISK_RANGE = [_c(f"{what}_{point}", MONEY if what == "cost" else NUMBER,
                  f"Three-point estimate of the {'cost' if what == 'cost' else 'delay in days'} if the risk "
                  f"happens: the {point} case.", low=0)
               for what in ("cost", "days") for point in ("min", "likely", "max")]

SPECS: tuple[FileSpec, ...] = (
    FileSpec("maturity_responses.csv", "Maturity assessment answers", (
        _c("respondent", TEXT, "Who answered (a name or a code). One answer per respondent, question and wave."),
        _c("role", TEXT, "The respondent's role, e.g. Executive or Delivery; scores are compared by role."),
        _c("question", ID, "A question id of the client's maturity model, e.g. SA1."),
        _c("score", WHOLE, "A whole number from 1 (ad hoc) to 5 (optimised); blank means don't know.",
           low=1, high=5),
    ), (
        _c("comment", TEXT, "Optional: what the respondent said."),
        _c("wave", DATE, "Optional: the assessment's date; the newest wave is current, earlier ones give the trend."),
    ), key=("respondent", "question", "wave")),
    FileSpec("portfolio.csv", "Initiatives and proposals", (
        _c("id", ID, "The initiative's id, unique, without spaces, commas or semicolons (e.g. I07)."),
        _c("name", TEXT, "The initiative's name as executives know it."),
        _c("objective", ID, "The id of the objective in client.yaml it serves; blank marks an orphan."),
        _c("cost", MONEY, "Total cost (budget at completion) in the client's currency.", low=0),
    ), (
        _c("depends_on", IDS, "Ids of initiatives this one needs, separated by semicolons."),
        _c("exclusive_with", IDS, "Ids of initiatives that cannot be funded with this one, separated by semicolons."),
        _c("mandatory", BOOL, "TRUE if it must be funded whatever its score (regulatory, contractual)."),
        _wsjf("business_value", "business value"), _wsjf("time_criticality", "time criticality"),
        _wsjf("risk_reduction", "risk reduction or opportunity enablement"), _wsjf("job_size", "job size"),
        _c("status", CHOICE, "proposed, approved, in_flight, on_hold, done or stopped (blank = proposed).", *STATUSES),
        _c("start", DATE, "Baseline start (for a proposal: the earliest start)."),
        _c("finish", DATE, "Baseline finish (for a proposal: start plus its duration)."),
        _c("spent_to_date", MONEY, "Spent so far on approved or in-flight work (blank = 0).", low=0),
        _c("actual_cost", MONEY, "Done work: what it cost in the end.", low=0),
        _c("actual_finish", DATE, "Done work: when it finished."),
        _c("category", TEXT, "Groups comparable initiatives, e.g. it-platform, process, campaign."),
        _c("owner", TEXT, "Who answers for the initiative (named in the delivery review's asks)."),
    ), key=("id",)),
    FileSpec("benefits.csv", "Benefits register", (
        _c("id", ID, "The benefit's id, unique (e.g. B01)."),
        _c("name", TEXT, "The benefit in plain words."),
        _c("initiative", ID, "The id of the initiative in the portfolio that delivers it."),
        _c("objective", ID, "The id of the objective in client.yaml it serves."),
        _c("owner", TEXT, "Who is accountable for realising it."),
        _c("measure", TEXT, "What is measured, e.g. Fuel cost per parcel."),
        _c("unit", TEXT, "The measure's unit, e.g. GBP, days, %."),
        _c("direction", CHOICE, "increase or decrease: which way is better.", "increase", "decrease"),
        _c("baseline", NUMBER, "The measure before the change."),
        _c("target", NUMBER, "The measure promised at the due date."),
        _c("start", DATE, "When the planned trajectory leaves the baseline."),
        _c("due", DATE, "When the target should be reached (after start)."),
    ), (
        _c("tolerance_pct", NUMBER, "Amber band below plan, in percent (blank = 10).", low=0, high=100),
        _c("kind", CHOICE, "benefit, or dis-benefit where smaller is better (blank = benefit).",
           "benefit", "dis-benefit"),
        _c("value_per_unit", MONEY, "Money per unit of the measure, for financial roll-ups (blank = unpriced).", low=0),
        _c("profile", CHOICE, "linear or s-curve: the shape of the planned trajectory (blank = linear).",
           "linear", "s-curve"),
    ), key=("id",)),
    FileSpec("benefit_actuals.csv", "Benefit measurements", (
        _c("benefit", ID, "The id of the benefit measured (benefits sheet)."),
        _c("date", DATE, "When it was measured."),
        _c("value", NUMBER, "The measured value, in the benefit's unit."),
    ), (_c("note", TEXT, "Optional: where the figure comes from."),), key=("benefit", "date")),
    FileSpec("status_reports.csv", "Status reports", (
        _c("initiative", ID, "The id of the initiative reported on."),
        _c("date", DATE, "The reporting date."),
        _c("percent_complete", NUMBER, "How complete the work is, from 0 to 100.", low=0, high=100),
        _c("actual_cost", MONEY, "Actual cost to date.", low=0),
    ), (
        _c("forecast_finish", DATE, "The finish date the project manager now forecasts."),
        _c("rag", CHOICE, "green, amber or red, as the project manager reported it.", "green", "amber", "red"),
        _c("commentary", TEXT, "The project manager's words."),
    ), key=("initiative", "date")),
    FileSpec("milestones.csv", "Milestones", (
        _c("initiative", ID, "The id of the initiative."),
        _c("milestone", TEXT, "The milestone's name."),
        _c("baseline", DATE, "The date originally planned."),
        _c("reported", DATE, "The date of the report this row comes from."),
        _c("forecast", DATE, "The date forecast in that report."),
    ), (_c("actual", DATE, "When it was reached."),), key=("initiative", "milestone", "reported")),
    FileSpec("risks.csv", "Risks", (
        _c("id", ID, "The risk's id, unique."),
        _c("initiative", ID, "The id of the initiative at risk; blank = a portfolio-level risk."),
        _c("title", TEXT, "The risk in plain words."),
        _c("owner", TEXT, "Who manages it."),
        _c("probability", WHOLE, "A whole number from 1 (rare) to 5 (almost certain).", low=1, high=5),
        _c("impact", WHOLE, "A whole number from 1 (minor) to 5 (severe).", low=1, high=5),
        _c("status", CHOICE, "open or closed.", "open", "closed"),
        _c("raised", DATE, "When it was raised."),
    ), (
        _c("due", DATE, "When the response is due."),
        _c("response", TEXT, "What is being done about it."),
        *_RISK_RANGE,
        _c("closed", DATE, "When the risk was closed."),
        _c("previous_probability", WHOLE, "The previous assessment's probability, 1 to 5 (to flag rising "
           "exposure).", low=1, high=5),
        _c("previous_impact", WHOLE, "The previous assessment's impact, 1 to 5.", low=1, high=5),
    ), key=("id",)),
    FileSpec("timesheet.csv", "Consultant's hours", (
        _c("date", DATE, "The day worked."),
        _c("hours", NUMBER, "Hours worked that day on this client.", low=0, high=24),
        _c("workstream", TEXT, "The workstream of client.yaml the hours went to."),
        _c("activity", CHOICE, "meeting, workshop, analysis, reporting, coaching or other.", *ACTIVITIES),
    ), (_c("note", TEXT, "Optional: what was done."),)),
    FileSpec("feedback.csv", "Client feedback", (
        _c("date", DATE, "When the pulse was taken."),
        _c("respondent", TEXT, "Who answered."),
        _c("role", TEXT, "Their role."),
        _c("score", WHOLE, "How likely they are to recommend the engagement, 0 to 10.", low=0, high=10),
    ), (_c("comment", TEXT, "Optional: what they said."),), key=("date", "respondent")),
)
BY_FILE = {s.file: s for s in SPECS}
BY_SHEET = {s.sheet: s for s in SPECS}


def fte_header(team: str) -> str:
    """The header of a capacity team's demand: 'Clinical ops' -> 'fte_clinical_ops'."""
    return FTE_PREFIX + re.sub(r"[^a-z0-9]+", "_", team.casefold()).strip("_")


@dataclass(frozen=True)
class Criterion:
    """A prioritisation criterion of client.yaml, as the portfolio sheet describes it."""

    name: str
    weight: float = 1.0
    lower_is_better: bool = False


def portfolio_extras(criteria: Iterable[Criterion], teams: Iterable[str]) -> list[Column]:
    """The client's own portfolio columns: one per criterion and one per capacity team."""
    out = [Column(c.name.casefold(), NUMBER, f"Criterion '{c.name}' of client.yaml (weight {c.weight:g}; "
                  f"{'lower' if c.lower_is_better else 'higher'} is better).") for c in criteria]
    out += [Column(fte_header(t), NUMBER, f"FTE needed from team '{t}' in each month between start and "
                   "finish (blank = 0).", low=0) for t in teams]
    return out


def describe(spec: FileSpec, name: str, extras: Iterable[Column] = ()) -> Column:
    """The Column for a header: the contract's, the client's own (criteria, teams), an `fte_`
    column of a team without capacity, or a column the contract does not know (kept as text)."""
    for col in (*spec.columns, *extras):
        if col.name == name:
            return col
    if spec.file == "portfolio.csv" and name.startswith(FTE_PREFIX):
        return Column(name, NUMBER, "FTE needed from a team each month (blank = 0).", low=0)
    return Column(name, TEXT, "A column this client's file adds to the data contract.")


def layout(spec: FileSpec, header: Iterable[str] | None, extras: Iterable[Column] = ()) -> list[Column]:
    """The sheet's columns: the file's own header when it has one (its order, its extra
    columns), otherwise the contract's required columns, the client's own, then the optional."""
    extras = list(extras)
    if header:
        return [describe(spec, h, extras) for h in header]
    return [*spec.required, *extras, *spec.optional]
