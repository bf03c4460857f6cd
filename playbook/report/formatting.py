"""One way to write money, so a figure reads the same in every deliverable's text, tables and
chart labels."""
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
