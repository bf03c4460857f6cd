"""benefits.csv and benefit_actuals.csv: the benefits register and its measurements.

Loaded into the frames playbook.benefits expects: the register indexed by benefit id with
dates as `datetime.date`, tolerance_pct defaulted to 10, kind to "benefit", profile to "linear",
value_per_unit NaN when unpriced; the actuals as benefit, date, value, note in file order (a
later row for the same benefit and date is a correction and wins).

A row that would silently invert or break the figures (unknown ids, due before start, a target
equal to or on the wrong side of its baseline) is an error naming file, row and field. A
missing owner, measure or initiative is not: trajectory.readiness reports it as a finding.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from playbook.intake.atomic import append_csv_rows
from playbook.intake.client import Client
from playbook.intake.fields import parse_iso_date
from playbook.errors import DataError, Issue
from playbook.intake.csv_files import exists, located, parse_rows, read_csv
from playbook.intake.values import Day, FreeText, Name, Number, parse_number

FILE = "benefits.csv"
ACTUALS_FILE = "benefit_actuals.csv"
PORTFOLIO_FILE = "portfolio.csv"
REQUIRED = ["id", "name", "initiative", "objective", "owner", "measure", "unit", "direction",
            "baseline", "target", "start", "due"]
OPTIONAL = ["tolerance_pct", "kind", "value_per_unit", "profile"]
ACTUALS_REQUIRED = ["benefit", "date", "value"]
ACTUALS_OPTIONAL = ["note"]
DEFAULT_TOLERANCE = 10.0
PROPOSED = "proposed"



def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class BenefitRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: Name
    name: FreeText
    initiative: Name | None = None
    objective: Name | None = None
    owner: Name | None = None
    measure: FreeText | None = None
    unit: FreeText | None = None
    direction: Literal["increase", "decrease"]
    baseline: Number
    target: Number
    start: Day
    due: Day
    tolerance_pct: Annotated[Number, Field(ge=0, le=100)] = DEFAULT_TOLERANCE
    kind: Literal["benefit", "dis-benefit"] = "benefit"
    value_per_unit: Annotated[Number, Field(ge=0)] | None = None
    profile: Literal["linear", "s-curve"] = "linear"

    _codes = field_validator("direction", "kind", "profile", mode="before")(_lower)

    @field_validator("tolerance_pct", "kind", "profile", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any, info: Any) -> Any:
        return cls.model_fields[info.field_name].default if value is None else value


class ActualRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    benefit: Name
    date: Day
    value: Number
    note: FreeText | None = None


class Register(NamedTuple):
    benefits: pd.DataFrame  # index id; the columns of BenefitRow
    actuals: pd.DataFrame  # benefit, date, value, note
    statuses: dict[str, str] | None = None  # initiative id -> portfolio status; None without a portfolio


def _row_issues(number: int, r: BenefitRow) -> list[Issue]:
    """Rules that span fields of one row."""
    out = []
    if r.due <= r.start:
        out.append(Issue(FILE, "due", r.due.isoformat(), f"a due date after the start date {r.start.isoformat()} "
                         f"(benefit {r.id})", row=number))
    if r.target == r.baseline:
        out.append(Issue(FILE, "target", r.target, f"a target different from the baseline {r.baseline:g}: "
                         f"a benefit must promise a change (benefit {r.id})", row=number))
    elif (r.target > r.baseline) != (r.direction == "increase"):
        implied = "increase" if r.target > r.baseline else "decrease"
        out.append(Issue(FILE, "direction", r.direction, f"'{implied}', since the target {r.target:g} is "
                         f"{'above' if implied == 'increase' else 'below'} the baseline {r.baseline:g} "
                         f"(or correct the target; benefit {r.id})", row=number))
    return out


def _one_of(ids: list[str], source: str) -> str:
    if not ids:
        return f"an id listed in {source}, which lists none"
    shown = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
    return f"an id listed in {source}: {shown}"


def initiative_statuses(folder: Path) -> dict[str, str] | None:
    """Each portfolio initiative's status (proposed when blank, as DESIGN.md says), or None when
    there is no readable portfolio.csv (its own validator reports a broken one). Which benefits
    are tracked follows from it: those of approved, in-flight and done work."""
    path = Path(folder) / PORTFOLIO_FILE
    if not exists(path):
        return None
    table, issues = read_csv(path, ["id"], ["status"])
    if issues:
        return None
    return {row["id"]: (row.get("status") or PROPOSED).strip().lower() for row in table.rows if row["id"]}


def initiative_ids(folder: Path) -> list[str] | None:
    """The portfolio's initiative ids, or None when there is no readable portfolio.csv to check against."""
    statuses = initiative_statuses(folder)
    return None if statuses is None else list(statuses)


def _load_register(folder: Path, client: Client) -> tuple[pd.DataFrame, set[str] | None, list[Issue]]:
    """The register, the ids written in it (None if unreadable), and its issues."""
    columns = REQUIRED + OPTIONAL
    empty = pd.DataFrame(columns=columns[1:], index=pd.Index([], name="id"))
    path = Path(folder) / FILE
    if not exists(path):
        return empty, set(), []
    table, issues = read_csv(path, REQUIRED, OPTIONAL)
    if issues:
        return empty, None, issues
    rows, issues = parse_rows(table, BenefitRow)
    objectives = [o.id for o in client.objectives]
    initiatives = initiative_ids(folder)
    first_row: dict[str, int] = {}
    records = []
    for number, r in rows:
        row_issues = _row_issues(number, r)
        if r.id in first_row:
            row_issues.append(Issue(FILE, "id", r.id, f"each benefit id once (first at row {first_row[r.id]})",
                                    row=number))
        first_row.setdefault(r.id, number)
        if r.objective is not None and r.objective not in objectives:
            row_issues.append(Issue(FILE, "objective", r.objective,
                                    _one_of(objectives, "client.yaml `objectives`"), row=number))
        if r.initiative is not None and initiatives is not None and r.initiative not in initiatives:
            row_issues.append(Issue(FILE, "initiative", r.initiative, _one_of(initiatives, PORTFOLIO_FILE),
                                    row=number))
        issues.extend(row_issues)
        if not row_issues:
            records.append(r.model_dump())
    frame = pd.DataFrame.from_records(records, columns=columns).set_index("id")
    frame = frame.astype({"baseline": float, "target": float, "tolerance_pct": float, "value_per_unit": float})
    return frame, {row["id"] for row in table.rows if row["id"]}, table.locate(issues)


def _load_actuals(folder: Path, known: set[str] | None) -> tuple[pd.DataFrame, list[Issue]]:
    columns = ACTUALS_REQUIRED + ACTUALS_OPTIONAL
    empty = pd.DataFrame(columns=columns)
    path = Path(folder) / ACTUALS_FILE
    if not exists(path):
        return empty, []
    table, issues = read_csv(path, ACTUALS_REQUIRED, ACTUALS_OPTIONAL)
    if issues:
        return empty, issues
    rows, issues = parse_rows(table, ActualRow)
    ids = sorted(known or ())
    records = []
    for number, r in rows:
        if known is not None and r.benefit not in known:
            issues.append(Issue(ACTUALS_FILE, "benefit", r.benefit, _one_of(ids, f"{FILE} (column id)"),
                                row=number))
            continue
        records.append(r.model_dump())
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({"value": float}), table.locate(issues)


def load(folder: Path, client: Client) -> tuple[Register, list[Issue]]:
    """Both files, with every issue in either (never only the first).

    Missing files are an empty register or no measurements yet (a new client), not errors.
    Actuals are checked against every id written in benefits.csv, so one bad register row does
    not also flag all of its measurements; they are checked only once benefits.csv is readable.
    """
    benefits, known, issues = _load_register(folder, client)
    actuals, actual_issues = _load_actuals(folder, known)
    actuals = actuals[actuals["benefit"].isin(benefits.index)].reset_index(drop=True)
    return Register(benefits, actuals, initiative_statuses(folder)), issues + actual_issues


def load_valid(folder: Path, client: Client) -> Register:
    """For notebooks: the register and actuals, or a DataError listing every problem."""
    register, issues = load(folder, client)
    if issues:
        raise DataError(located(Path(folder), issues))
    return register


def check_actual(register: Register, benefit: str, on: Any, value: Any, today: dt.date | None = None) -> list[Issue]:
    """Check one new measurement before it is written; `on` and `value` as typed (text) or parsed.

    Only the future is refused: a date after client.yaml's as_of but not after today is a real
    measurement (as_of is the date the deliverable speaks as of, not a fence). A second
    measurement of the same benefit on the same date is refused: correct the first in the file."""
    today = today or dt.date.today()
    issues = []
    if benefit not in register.benefits.index:
        issues.append(Issue(ACTUALS_FILE, "benefit", benefit or None,
                            _one_of(list(register.benefits.index), f"{FILE} (column id)")))
    try:
        day = parse_iso_date(on.strip() if isinstance(on, str) else on)
        if not isinstance(day, dt.date):
            raise ValueError("a date written YYYY-MM-DD")
        if day > today:
            issues.append(Issue(ACTUALS_FILE, "date", day.isoformat(),
                                f"a date on or before today ({today.isoformat()}): a measurement cannot be in "
                                "the future"))
        same = register.actuals[(register.actuals["benefit"] == benefit) & (register.actuals["date"] == day)]
        if len(same):
            issues.append(Issue(ACTUALS_FILE, "date", day.isoformat(),
                                f"a date with no measurement of {benefit} yet: {same['value'].iloc[-1]:g} is already "
                                f"recorded on that date (correct it in {ACTUALS_FILE} if it was wrong)"))
    except ValueError as exc:
        issues.append(Issue(ACTUALS_FILE, "date", on or None, str(exc)))
    try:
        parse_number(value)
    except ValueError as exc:
        issues.append(Issue(ACTUALS_FILE, "value", value if value not in ("", None) else None, str(exc)))
    return issues


def actual_warnings(register: Register, benefit: str, on: dt.date | str) -> list[str]:
    """What is allowed but worth a second look: a measurement dated before the benefit starts
    (a baseline reading, or a typo in the year)."""
    if benefit not in register.benefits.index:
        return []
    day = dt.date.fromisoformat(on) if isinstance(on, str) else on
    start = register.benefits.at[benefit, "start"]
    return [f"{day:%d %b %Y} is before {benefit} starts ({start:%d %b %Y}): saved, but check the date."] \
        if day < start else []


def append_actuals(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """Append measurements atomically under the file's lock; the caller has checked them."""
    return append_csv_rows(Path(folder) / ACTUALS_FILE, ACTUALS_REQUIRED + ACTUALS_OPTIONAL, rows)

