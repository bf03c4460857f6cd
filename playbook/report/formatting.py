"""One way to write money and lists, so a figure or a list of names reads the same in every
deliverable's text, tables and chart labels."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money_text(value: float, currency: str) -> str:
    """Money as an executive reads it: £4.9m, €450k, $950."""
    sign, size = ("−" if value < 0 else ""), abs(value)
    symbol = SYMBOLS.get(currency, f"{currency} ")
    if rounded(size / 1e3, 0) >= 1e3:  # half-up like every figure: £82,500 is £83k, £999,500 is £1.0m
        return f"{sign}{symbol}{rounded(size / 1e6, 1):,.1f}m"
    if size >= 1e4:
        return f"{sign}{symbol}{rounded(size / 1e3, 0):,.0f}k"
    return f"{sign}{symbol}{rounded(size, 0):,.0f}"


def join_words(words: list[str]) -> str:
    """A list as a sentence says it: "A", "A and B", "A, B and C"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def rounded(value: float, digits: int = 1) -> float:
    """Half-up rounding of the decimal the reader sees (2.25 -> 2.3, never 2.2 in text and 2.3 on a
    chart): Python's round() and format() round the binary float half-to-even."""
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def number_text(value: float, digits: int = 1) -> str:
    """A score or ratio as text, tables and chart labels all show it."""
    return f"{rounded(value, digits):,.{digits}f}"


def percent_text(share: float, digits: int = 0) -> str:
    """A share (0.54) as a percentage (54%)."""
    return f"{number_text(share * 100, digits)}%"


def date_text(day: dt.date) -> str:
    """A date as the deliverables write it: 12 October 2026."""
    return f"{day.day} {day:%B %Y}"


def count_text(n: int, singular: str, plural: str | None = None) -> str:
    """"1 dimension", "3 dimensions": never "on 1 dimensions"."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def short_amount(x: float) -> str:
    """5.2m, 850k, 400: an amount where the sentence around it names the currency (solver reasons)."""
    for size, unit, digits in ((1e9, "bn", 2), (1e6, "m", 2), (1e3, "k", 1)):
        if abs(round(x / size, digits)) >= 1:
            return f"{x / size:.{digits}f}".rstrip("0").rstrip(".") + unit
    return f"{x:.0f}"
