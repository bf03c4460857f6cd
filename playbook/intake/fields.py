"""Field rules every loader shares, so a date or a number means the same in every file.

The rules themselves live in playbook.intake.values (numbers, dates in a stated window,
booleans, currencies, names); these are the names the stage loaders first imported them by,
plus Month (YYYY-MM), the key of client.yaml's `capacity_by_month`."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from playbook.intake.values import Day as IsoDate, parse_date as parse_iso_date

__all__ = ["IsoDate", "Month", "parse_iso_date", "parse_month"]
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_month(value: Any) -> Any:
    """A calendar month, YYYY-MM (a date means its month), as the date of its first day."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if isinstance(value, str) and _MONTH.fullmatch(value.strip()):
        year, month = map(int, value.strip().split("-"))
        if 1 <= month <= 12:
            return dt.date(year, month, 1)
    raise ValueError("a month written YYYY-MM (e.g. 2027-04)")


Month = Annotated[dt.date, BeforeValidator(parse_month)]
