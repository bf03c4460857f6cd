"""Registers, measurements and reviews the benefits tests share. Most benefits here run over 100
days from START, so "day n" is n% of the way to due."""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd

from playbook.benefits import register as benefit_register
from playbook.benefits.realisation import assess, Review, review
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients


START = date(2026, 1, 1)
DUE = START + timedelta(days=100)  # 2026-04-11


def day(n: int) -> date:
    return START + timedelta(days=n)


def benefit(**fields) -> dict:
    row = dict(name="Benefit", initiative="I1", objective="O1", owner="Ops director",
               measure="orders per day", unit="orders", direction="increase", baseline=0.0,
               target=100.0, start=START, due=DUE, tolerance_pct=10.0, kind="benefit",
               value_per_unit=math.nan, profile="linear")
    row.update(fields)
    return row


def register(**rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "id"
    return frame


def measurements(*rows: tuple) -> pd.DataFrame:
    """(benefit, day, value) triples, as the loader would give them."""
    return pd.DataFrame([{"benefit": b, "date": day(n), "value": float(v), "note": None}
                         for b, n, v in rows], columns=["benefit", "date", "value", "note"])


def flag(value) -> bool | None:
    """A True/False/None cell as a Python value (a column without None holds numpy booleans)."""
    return None if value is None else bool(value)


def one(b: dict, *points: tuple[int, float], as_of: date, **kwargs) -> pd.Series:
    """Assess a single benefit "B" measured at (day, value) points."""
    table = assess(register(B=b), measurements(*(("B", n, v) for n, v in points)), as_of, **kwargs)
    return table.loc["B"]


def money_register() -> tuple[pd.DataFrame, pd.DataFrame]:
    register_ = register(
        A=benefit(value_per_unit=10.0),                                  # 0 → 100
        B=benefit(direction="decrease", baseline=50.0, target=30.0, value_per_unit=100.0),
        C=benefit(kind="dis-benefit", baseline=100.0, target=150.0, value_per_unit=2.0),
        D=benefit(),                                                     # unpriced
    )
    actuals = measurements(("A", 40, 40.0), ("B", 50, 42.0), ("C", 50, 120.0),
                           ("D", 50, 50.0), ("A", 80, 95.0))             # A on day 80 is after as-of
    return register_, actuals


CLIENTS = list_clients(DEFAULT_DATA_DIR)


def review_of(client: str, folder=None) -> Review:
    folder = folder or DEFAULT_DATA_DIR / client
    meta = load_client(folder)
    register = benefit_register.load_valid(folder, meta)
    return review(register.benefits, register.actuals, meta, meta.as_of, register.statuses)


def empty_review() -> Review:
    meta = load_client(DEFAULT_DATA_DIR / "acme-logistics")
    reg = benefit_register.Register(
        pd.DataFrame(columns=benefit_register.REQUIRED[1:] + benefit_register.OPTIONAL,
                     index=pd.Index([], name="id")),
        pd.DataFrame(columns=["benefit", "date", "value", "note"]))
    return review(reg.benefits, reg.actuals, meta, meta.as_of)
