"""One way to write money and lists, so a figure or a list of names reads the same in every
deliverable's text, tables and chart labels."""
from __future__ import annotations

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def money_text(value: float, currency: str) -> str:
    """Money as an executive reads it: £4.9m, €450k, $950."""
    sign, size = ("−" if value < 0 else ""), abs(value)
    symbol = SYMBOLS.get(currency, f"{currency} ")
    if size >= 1e6:
        return f"{sign}{symbol}{size / 1e6:,.1f}m"
    if size >= 1e4:
        return f"{sign}{symbol}{size / 1e3:,.0f}k"
    return f"{sign}{symbol}{size:,.0f}"


def join_words(words: list[str]) -> str:
    """A list as a sentence says it: "A", "A and B", "A, B and C"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
