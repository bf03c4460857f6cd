"""The value types every loader shares, so one rule holds in every file a consultant fills in.

A wrong number that reads as a good one is worse than an error, so each type refuses what it
cannot read without guessing. The stated limits:

- numbers are finite and at most 10^12 in size (no NaN, infinity or 1e308); a boolean is not
  a number. In a CSV, a comma file writes decimals with a point and no thousands separators
  (`0,617` is refused: 0.617 or 617?); a European export (its header says so: semicolons, no
  commas) writes them with a comma, and a point that could be a thousands separator is refused
  there (`420.000`: 420 or 420000?);
- dates are written YYYY-MM-DD, are real calendar dates and fall in 1990-01-01 to 2100-12-31;
  months (client.yaml's capacity by month) are written YYYY-MM in the same window;
- booleans are true or false (yes or no in a CSV); a number is not a boolean;
- currencies are ISO 4217 codes (pycountry's list);
- names and ids are NFC-normalised and may hold no control or invisible characters (a
  zero-width space would otherwise make two people of one); free text is normalised and loses
  its control characters other than tab and newline.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo

MAX_MAGNITUDE = 1e12
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_NAME = 200

_POINT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_COMMA = re.compile(r"^[+-]?\d+(?:,\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")  # 420.000: thousands, or three decimals?
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def european(info: ValidationInfo | None) -> bool:
    """Whether the row being validated comes from a European export (set by csv_files)."""
    return bool(info is not None and isinstance(info.context, dict) and info.context.get("european"))


def parse_number(value: Any, european: bool = False, what: str = "a number") -> float:
    """A finite, plausible number from a cell or a YAML value; ValueError says what is expected."""
    if isinstance(value, bool):
        raise ValueError(f"{what} (true or false is not a number)")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise ValueError(f"{what}: finite and at most {MAX_MAGNITUDE:.0e} in size")
        if european and _POINT.fullmatch(text) and not _GROUPED.fullmatch(text):
            pass  # 1.5 in a European export: a point that cannot be a thousands separator
        elif european:
            if "." in text:
                raise ValueError(f"{what} with a decimal comma and no thousands separators, as this European "
                                 f"export writes them ('{text}' is ambiguous: is the point a decimal point "
                                 "or a thousands separator?)")
            if not _COMMA.fullmatch(text):
                raise ValueError(f"{what} with a decimal comma (this file is a European export), "
                                 "without units or thousands separators")
            text = text.replace(",", ".")
        elif "," in text:
            raise ValueError(f"{what} with a point for decimals and no thousands separators ('{text}' is "
                             "ambiguous: a decimal comma or a thousands separator?)")
        elif not _POINT.fullmatch(text):
            raise ValueError(f"{what}, written with a point for decimals, without units or thousands separators")
        number = float(text)
    else:
        raise ValueError(what)
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        raise ValueError(f"{what}: finite and at most {MAX_MAGNITUDE:.0e} in size")
    return number


def _number(value: Any, info: ValidationInfo) -> Any:
    return value if value is None else parse_number(value, european(info))


def _whole(value: Any, info: ValidationInfo) -> Any:
    if value is None:
        return None
    number = parse_number(value, european(info), "a whole number")
    if not number.is_integer():
        raise ValueError("a whole number")
    return int(number)


def parse_date(value: Any) -> dt.date:
    """A real calendar date written YYYY-MM-DD inside the stated window."""
    if isinstance(value, str):
        text = value.strip()
        if not _ISO_DATE.fullmatch(text):
            raise ValueError("a date written YYYY-MM-DD")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("a real calendar date written YYYY-MM-DD") from None
    elif isinstance(value, dt.datetime):
        raise ValueError("a date written YYYY-MM-DD, without a time")
    elif not isinstance(value, dt.date):
        raise ValueError("a date written YYYY-MM-DD")
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return value


def _date(value: Any) -> Any:
    return value if value is None else parse_date(value)


_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_month(value: Any) -> dt.date:
    """A calendar month written YYYY-MM (a date stands for its month), as its first day."""
    if isinstance(value, str) and _MONTH.fullmatch(value.strip()):
        year, month = map(int, value.strip().split("-"))
        if 1 <= month <= 12:
            value = dt.date(year, month, 1)
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValueError("a month written YYYY-MM (e.g. 2027-04)")
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"a month from {EARLIEST:%Y-%m} to {LATEST:%Y-%m}")
    return value.replace(day=1)


def _flag(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    raise ValueError("true or false")


def _currency(value: Any) -> Any:
    import pycountry

    if isinstance(value, str) and len(value.strip()) == 3 and pycountry.currencies.get(alpha_3=value.strip().upper()):
        return value.strip().upper()
    raise ValueError("an ISO 4217 currency code such as GBP, EUR or USD")


def clean_name(value: Any) -> Any:
    """NFC, trimmed, and refused if it holds a control or invisible character."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value).strip()
    bad = next((c for c in text if unicodedata.category(c) in _INVISIBLE), None)
    if bad is not None:
        label = unicodedata.name(bad, "a control character")
        raise ValueError(f"a name without control or invisible characters (found U+{ord(bad):04X} {label})")
    if len(text) > MAX_NAME:
        raise ValueError(f"a name of at most {MAX_NAME} characters")
    return text


def clean_text(value: Any) -> Any:
    """Free text (comments, notes): NFC, without control characters other than tab and newline."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value)
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c) != "Cc").strip()


Number = Annotated[float, BeforeValidator(_number)]
Whole = Annotated[int, BeforeValidator(_whole)]
Day = Annotated[dt.date, BeforeValidator(_date)]
Month = Annotated[dt.date, BeforeValidator(parse_month)]
Flag = Annotated[bool, BeforeValidator(_flag)]
Currency = Annotated[str, BeforeValidator(_currency)]
Name = Annotated[str, BeforeValidator(clean_name)]
FreeText = Annotated[str, BeforeValidator(clean_text)]
