"""How the onboarding deliverable writes numbers and dates: money as the charter states it
(£57k, through the shared formatting layer), hours, percentages and short date ranges."""
from __future__ import annotations

import datetime as dt

from playbook.intake.client import Client
from playbook.report.formatting import date_text, money_text, percent_text


def money(client: Client, value: float) -> str:
    """Money as every deliverable writes it (£57k, $1,400): the shared formatting layer."""
    return money_text(value, client.currency)


def percent(share: float, limit: float | None = None) -> str:
    """Whole percent, with one decimal when rounding would hide that the limit is crossed."""
    text = percent_text(share)
    return percent_text(share, 1) if limit is not None and text == percent_text(limit) else text


def fmt_hours(h: float) -> str:
    """Hours with one decimal, dropping a trailing ".0" (16, 5.6)."""
    return f"{h:.1f}".removesuffix(".0")


def day(d: dt.date) -> str:
    return date_text(d)


def span(first: dt.date, last: dt.date) -> str:
    """A date range: "1 October to 8 October 2026", with both years only when they differ."""
    return f"{first.day} {first:%B}{f' {first:%Y}' if first.year != last.year else ''} to {day(last)}"


def lower_first(sentence: str) -> str:
    """Lower-case the first word when the sentence continues another ("Reporting" -> "reporting")."""
    return sentence[0].lower() + sentence[1:] if sentence[1:2].islower() else sentence
