"""Field rules every loader shares, so a date or a number means the same in every file.

The rules themselves live in playbook.intake.values (numbers, dates in a stated window,
booleans, currencies, names); these are the names the stage loaders first imported them by."""
from __future__ import annotations

from playbook.intake.values import Day as IsoDate, parse_date as parse_iso_date

__all__ = ["IsoDate", "parse_iso_date"]
