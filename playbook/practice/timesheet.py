"""timesheet.csv: the consultant's hours for one client, one row per entry.

`date, hours, workstream, activity[, note]`. A blank workstream is allowed (general work such as
travel or admin) and shows as not assigned; a named one must be a workstream of client.yaml, so a
typo never silently moves hours out of the split the sponsor agreed. An entry dated before the
engagement started, after its term, or after the as-of date is an error, as is a day totalling
more than 24 hours.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from playbook.errors import DataError, Issue, Text
from playbook.intake.client import Client
from playbook.intake.issues import suggest
from playbook.intake.values import Day, FreeText, Name, Number
from playbook.practice.rows import date_window, lower, read_rows

FILE = "timesheet.csv"
REQUIRED = ["date", "hours", "workstream", "activity"]
OPTIONAL = ["note"]
ACTIVITIES = ("meeting", "workshop", "analysis", "reporting", "coaching", "other")
COLUMNS = ["row", "date", "hours", "workstream", "activity", "note"]
MAX_DAY_HOURS = 24.0


class EntryRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    date: Day
    hours: Annotated[Number, Field(gt=0, le=MAX_DAY_HOURS)]
    workstream: Name | None = None
    activity: Literal[ACTIVITIES]  # type: ignore[valid-type]
    note: FreeText | None = None

    _activity = field_validator("activity", mode="before")(lower)


def term_end(client: Client) -> dt.date | None:
    e = client.engagement
    return e.start + dt.timedelta(weeks=e.weeks) if e.start and e.weeks else None


def _workstream(name: str | None, streams: dict[str, str], row: int) -> tuple[str | None, list[Issue]]:
    """The workstream as client.yaml spells it (matched without regard to case)."""
    if name is None or not streams:
        return name, []
    if name.lower() in streams:
        return streams[name.lower()], []
    listed = ", ".join(streams.values())
    return None, [Issue(FILE, "workstream", name, f"a workstream listed in client.yaml ({listed}), or blank"
                        + suggest(name, list(streams.values())), row=row)]


def load(folder: Path, client: Client, as_of: dt.date) -> tuple[pd.DataFrame, list[Issue]]:
    """Entries in file order, and every issue (never only the first). No file: no entries."""
    rows, issues = read_rows(Path(folder) / FILE, REQUIRED, OPTIONAL, EntryRow)
    streams = {w.name.lower(): w.name for w in client.workstreams}
    start, end = client.engagement.start, term_end(client)
    day_total: dict[dt.date, float] = {}
    records = []
    for number, r in rows:
        stream, row_issues = _workstream(r.workstream, streams, number)
        row_issues += date_window(FILE, number, r.date, start, as_of, end)
        day_total[r.date] = day_total.get(r.date, 0.0) + r.hours
        if day_total[r.date] > MAX_DAY_HOURS + 1e-9:
            row_issues.append(Issue(FILE, "hours", Text(f"{r.hours:g} hours, making {day_total[r.date]:g} on "
                                                        f"{r.date.isoformat()}"),
                                    f"at most {MAX_DAY_HOURS:g} hours in one day", row=number))
        issues.extend(row_issues)
        if not row_issues:
            records.append({"row": number, **r.model_dump(), "workstream": stream})
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    return frame.astype({"hours": float, "row": int}), issues


def load_valid(folder: Path, client: Client, as_of: dt.date) -> pd.DataFrame:
    """For notebooks: the entries, or a DataError listing every problem."""
    frame, issues = load(folder, client, as_of)
    if issues:
        raise DataError(issues)
    return frame
