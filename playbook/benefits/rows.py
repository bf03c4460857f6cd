"""Reading one register row and one benefit's measurements, in the shapes the loader produces:
the register indexed by benefit id, the actuals as benefit, date, value, note.

A coded field is looked up strictly and target − baseline is checked against `direction`,
because a wrong code or a contradictory row would silently invert every figure.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal, Mapping

import pandas as pd

from playbook.errors import DataError, Issue

Benefit = Mapping[str, Any] | pd.Series
Kind = Literal["benefit", "dis-benefit"]

FILE = "benefits.csv"
DIRECTION = {"increase": 1, "decrease": -1}
KIND = {"benefit": 1, "dis-benefit": -1}


def benefit_id(b: Benefit) -> Any:
    """A register row from `benefits.iterrows()` carries its id as the Series name."""
    return b.get("id", getattr(b, "name", None))


def blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == ""


def text(b: Benefit, key: str) -> str | None:
    value = b.get(key)
    return None if blank(value) else str(value).strip()


def number(b: Benefit, key: str) -> float | None:
    value = b.get(key)
    return None if blank(value) else float(value)


def choice(b: Benefit, key: str, options: Mapping[str, Any], default: str | None = None) -> Any:
    """Look a coded field up, failing as a data error because a wrong code would silently invert figures."""
    value = text(b, key) or default
    if value not in options:
        expected = f"one of {', '.join(options)} (benefit {benefit_id(b)})"
        raise DataError([Issue(FILE, key, value, expected)])
    return options[value]


def total_change(b: Benefit) -> float:
    """target − baseline, checked against `direction`: a contradictory row must fail, not invert figures."""
    sign = choice(b, "direction", DIRECTION)
    change = float(b["target"]) - float(b["baseline"])
    if change * sign <= 0:
        side = "above" if sign > 0 else "below"
        expected = (f"a target {side} the baseline {float(b['baseline']):g} for a "
                    f"{text(b, 'direction')} benefit (benefit {benefit_id(b)})")
        raise DataError([Issue(FILE, "target", b["target"], expected)])
    return change


def better_sign(b: Benefit) -> int:
    """+1 when a higher measure is better for the organisation, −1 when lower is: direction × kind."""
    direction = 1 if total_change(b) > 0 else -1
    return direction * choice(b, "kind", KIND, default="benefit")


def at_least(a: float, b: float) -> bool:
    """a ≥ b, with float noise ignored so a figure exactly on a RAG boundary is not tipped across it."""
    return bool(a >= b) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def history(actuals: pd.DataFrame, bid: Any, as_of: date) -> pd.Series:
    """The benefit's values up to as-of, one per date, oldest first.

    Of two rows on one date the later row wins, so an appended correction supersedes.
    """
    rows = actuals[(actuals["benefit"] == bid) & (actuals["date"] <= as_of)]
    return rows.groupby("date", sort=True)["value"].last().astype(float)


def latest(values: pd.Series, on: date) -> float | None:
    """The newest value on or before a date, from a benefit's `history`."""
    known = values[[d <= on for d in values.index]]
    return None if known.empty else float(known.iloc[-1])
