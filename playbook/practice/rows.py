"""What timesheet.csv and feedback.csv share: optional files read row by row, and dates that must
lie between the engagement's start and the as-of date (an entry in the future is a typo)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence, TypeVar

from pydantic import BaseModel

from playbook.errors import Issue
from playbook.intake.csv_files import parse_rows, read_csv

M = TypeVar("M", bound=BaseModel)


def read_rows(path: Path, required: Sequence[str], optional: Sequence[str],
              model: type[M]) -> tuple[list[tuple[int, M]], list[Issue]]:
    """(row number, parsed row) for every valid row, and every issue. An absent file is no rows
    (the practice files are optional); a broken header is no rows and its issues."""
    if not path.exists():
        return [], []
    table, issues = read_csv(path, required, optional)
    if issues:
        return [], issues
    return parse_rows(table, model)


def lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def date_window(file: str, row: int, day: dt.date, start: dt.date | None, as_of: dt.date,
                end: dt.date | None = None) -> list[Issue]:
    """A date before the engagement started, after its term, or after the as-of date."""
    if day > as_of:
        return [Issue(file, "date", day.isoformat(), f"a date on or before the as-of date {as_of.isoformat()}",
                      row=row)]
    if start is not None and day < start:
        return [Issue(file, "date", day.isoformat(),
                      f"a date on or after the engagement start {start.isoformat()} (client.yaml)", row=row)]
    if end is not None and day >= end:
        return [Issue(file, "date", day.isoformat(), f"a date before the end of the engagement term "
                      f"{end.isoformat()} (engagement.start + engagement.weeks)", row=row)]
    return []
