"""feedback.csv: the client's pulse on the engagement, asked after each steering round.

`date, respondent, role, score[, comment]`; score is a whole number from 0 to 10 (NPS style).
Responses up to ROUND_GAP_DAYS apart belong to one round (people answer over a few days), so
the file needs no round column; a respondent answering twice in one round is an error, since
counting them twice would tilt the score.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, field_validator

from playbook.errors import DataError, Issue
from playbook.intake.client import Client
from playbook.intake.values import Day, FreeText, Name
from playbook.practice.rows import date_window, read_rows

FILE = "feedback.csv"
REQUIRED = ["date", "respondent", "role", "score"]
OPTIONAL = ["comment"]
COLUMNS = ["row", "date", "respondent", "role", "score", "comment", "round"]
ROUND_GAP_DAYS = 7
SCORE_RULE = "a whole number from 0 to 10"


class FeedbackRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    date: Day
    respondent: Name
    role: Name
    score: int
    comment: FreeText | None = None


    @field_validator("score", mode="before")
    @classmethod
    def _score(cls, value: Any) -> int:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(SCORE_RULE) from None
        if not number.is_integer() or not 0 <= number <= 10:
            raise ValueError(SCORE_RULE)
        return int(number)


def rounds(dates: list[dt.date], gap_days: int = ROUND_GAP_DAYS) -> list[int]:
    """Round number (1-based, in date order) of each date: a new round starts when a date is
    more than `gap_days` after the previous one."""
    order = sorted(set(dates))
    number, of, previous = 0, {}, None
    for day in order:
        if previous is None or (day - previous).days > gap_days:
            number += 1
        of[day], previous = number, day
    return [of[d] for d in dates]


def load(folder: Path, client: Client, as_of: dt.date) -> tuple[pd.DataFrame, list[Issue]]:
    """Responses in file order with their round, and every issue. No file: no responses."""
    rows, issues = read_rows(Path(folder) / FILE, REQUIRED, OPTIONAL, FeedbackRow)
    kept = []
    for number, r in rows:
        found = date_window(FILE, number, r.date, client.engagement.start, as_of)
        issues.extend(found)
        if not found:
            kept.append((number, r))
    numbers = rounds([r.date for _, r in kept])
    first: dict[tuple[int, str], int] = {}
    records = []
    for (number, r), rnd in zip(kept, numbers):
        key = (rnd, r.respondent.casefold())
        if key in first:
            issues.append(Issue(FILE, "respondent", r.respondent, f"each respondent once per feedback round "
                                f"(already answered this round at row {first[key]})", row=number))
            continue
        first[key] = number
        records.append({"row": number, **r.model_dump(), "round": rnd})
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    return frame.astype({"score": int, "row": int, "round": int}), issues


def load_valid(folder: Path, client: Client, as_of: dt.date) -> pd.DataFrame:
    """For notebooks: the responses, or a DataError listing every problem."""
    frame, issues = load(folder, client, as_of)
    if issues:
        raise DataError(issues)
    return frame
