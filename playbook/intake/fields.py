"""Field rules every loader shares, so a date or a number means the same in every file."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: Any) -> Any:
    """YYYY-MM-DD only: dd/mm against mm/dd cannot be told apart safely (csv_files.py's rule)."""
    if isinstance(value, str):
        if not _ISO.fullmatch(value):
            raise ValueError("a date written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("a real calendar date written YYYY-MM-DD") from None
    return value


IsoDate = Annotated[dt.date, BeforeValidator(parse_iso_date)]


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
