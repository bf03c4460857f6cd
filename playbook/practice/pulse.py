"""The feedback loop: an NPS-style score per round, its trend, and when to worry.

NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100; passives (7–8) count in the
total only. A client whose score fell two rounds running, or who has not been asked within the
feedback interval, is flagged: the loop only works if it is run and listened to.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from playbook.intake.client import Meeting

PROMOTER, DETRACTOR = 9, 6  # 9–10 promote, 0–6 detract
DEFAULT_INTERVAL_WEEKS = 4.0


def category(score: int) -> str:
    return "promoter" if score >= PROMOTER else "detractor" if score <= DETRACTOR else "passive"


def nps(scores: list[int] | pd.Series) -> float | None:
    scores = list(scores)
    if not scores:
        return None
    promoters = sum(s >= PROMOTER for s in scores)
    detractors = sum(s <= DETRACTOR for s in scores)
    return 100.0 * (promoters - detractors) / len(scores)


def by_round(responses: pd.DataFrame) -> pd.DataFrame:
    """One row per round: its dates, responses, promoters, passives, detractors, NPS, change."""
    columns = ["first_date", "last_date", "responses", "promoters", "passives", "detractors", "nps",
               "mean_score", "change"]
    if responses.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="round"))
    cats = responses["score"].map(category)
    grouped = responses.assign(category=cats).groupby("round")
    out = pd.DataFrame({
        "first_date": grouped["date"].min(), "last_date": grouped["date"].max(),
        "responses": grouped.size(),
        "promoters": grouped["category"].apply(lambda c: int((c == "promoter").sum())),
        "passives": grouped["category"].apply(lambda c: int((c == "passive").sum())),
        "detractors": grouped["category"].apply(lambda c: int((c == "detractor").sum())),
        "nps": grouped["score"].apply(nps),
        "mean_score": grouped["score"].mean(),
    })
    out["change"] = out["nps"].diff()
    return out[columns]


def falling_twice(table: pd.DataFrame) -> bool:
    """The score fell in each of the last two rounds (three rounds, strictly decreasing)."""
    if len(table) < 3:
        return False
    a, b, c = table["nps"].iloc[-3:]
    return bool(c < b < a)


def interval_weeks(cadence: list[Meeting], explicit: float | None = None) -> float:
    """How often feedback should be asked: client.yaml's setting, else the steering meeting's
    cycle (a meeting named "steering"), else the longest cycle the consultant attends, else 4."""
    if explicit:
        return float(explicit)
    attended = [m for m in cadence if m.consultant_attends]
    steering = [m.every_weeks for m in attended if "steering" in m.meeting.lower()]
    if steering:
        return float(min(steering))
    return float(max((m.every_weeks for m in attended), default=DEFAULT_INTERVAL_WEEKS))


@dataclass(frozen=True)
class Pulse:
    rounds: pd.DataFrame
    latest: float | None
    change: float | None  # latest − previous round
    falling: bool
    last_asked: dt.date | None
    overdue: bool  # no feedback within the interval (counted from the start when never asked)
    interval_weeks: float


def pulse(responses: pd.DataFrame, cadence: list[Meeting], as_of: dt.date, start: dt.date | None,
          explicit_interval: float | None = None) -> Pulse:
    table = by_round(responses)
    weeks = interval_weeks(cadence, explicit_interval)
    last = max(responses["date"]) if len(responses) else None
    since = last or start
    overdue = since is not None and (as_of - since).days > weeks * 7
    latest = float(table["nps"].iloc[-1]) if len(table) else None
    change = float(table["change"].iloc[-1]) if len(table) > 1 else None
    return Pulse(table, latest, change, falling_twice(table), last, overdue, weeks)


def comments(responses: pd.DataFrame) -> pd.DataFrame:
    """Comments grouped by category (detractors first: they need an answer), newest round first."""
    order = {"detractor": 0, "passive": 1, "promoter": 2}
    said = responses[responses["comment"].notna() & (responses["comment"].astype(str).str.len() > 0)]
    out = said.assign(category=said["score"].map(category))[["round", "date", "role", "score", "category",
                                                              "comment"]]
    return out.sort_values(["category", "round", "date"], key=lambda s: s.map(order) if s.name == "category"
                           else -s if s.name == "round" else s, kind="stable").reset_index(drop=True)
