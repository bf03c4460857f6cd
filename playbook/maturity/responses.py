"""maturity_responses.csv: what leaders and delivery staff scored in the workshop.

A blank score means "don't know" and is left out of every statistic rather than read as 0.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from playbook.intake.atomic import append_csv_rows
from playbook.errors import DataError, Issue, Text
from playbook.maturity.model import MaturityModel
from playbook.intake.csv_files import exists, located, parse_rows, read_csv
from playbook.intake.values import Day, FreeText, Name, european, parse_number

FILE = "maturity_responses.csv"
REQUIRED = ["respondent", "role", "question", "score"]
OPTIONAL = ["comment", "wave"]
SCORE_RULE = "an integer in the range 1–5 (or blank for don't know)"


class ResponseRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    respondent: Name
    role: Name
    question: Name
    score: int | None = None
    comment: FreeText | None = None
    wave: Day | None = None

    @field_validator("score", mode="before")
    @classmethod
    def _score(cls, value: Any, info: ValidationInfo) -> int | None:
        if value is None:
            return None
        try:
            number = parse_number(value, european(info))
        except ValueError:
            raise ValueError(SCORE_RULE) from None
        if not number.is_integer() or not 1 <= number <= 5:
            raise ValueError(SCORE_RULE)
        return int(number)


def load(folder: Path, model: MaturityModel, default_wave: dt.date,
         today: dt.date | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """Responses as a DataFrame with a `dimension` column; all issues, never only the first.

    A missing file is an empty assessment (a new client), not an error. `default_wave` is the
    wave of rows without one and the date the deliverable speaks as of: a wave after it (a
    workshop held since) is left out, not an error; a wave after today is an error.
    """
    today = today or dt.date.today()
    default_wave = default_wave or today
    path = Path(folder) / FILE
    columns = REQUIRED + OPTIONAL + ["dimension"]
    if not exists(path):
        return pd.DataFrame(columns=columns), []
    table, issues = read_csv(path, REQUIRED, OPTIONAL)
    if issues:
        return pd.DataFrame(columns=columns), issues
    rows, issues = parse_rows(table, ResponseRow)
    q2d = model.question_dimension
    seen: dict[tuple[str, str, dt.date], int] = {}
    records = []
    for number, r in rows:
        wave = r.wave or default_wave
        if wave > today:
            issues.append(Issue(FILE, "wave", wave.isoformat(), f"an assessment date on or before today "
                                f"({today.isoformat()}): a wave cannot be in the future", row=number))
            continue
        if wave > default_wave:  # a workshop held after the as-of date: not part of this deliverable
            continue
        if r.question not in q2d:
            issues.append(Issue(FILE, "question", r.question,
                                f"a question id of the '{model.id}' model ({', '.join(list(q2d)[:4])}, ...)",
                                row=number))
            continue
        key = (r.respondent.casefold(), r.question, wave)
        if key in seen:
            issues.append(Issue(FILE, "question", Text(f"{r.question} answered again by {r.respondent}"),
                                f"one answer per respondent, question and wave (first at row {seen[key]})",
                                row=number))
            continue
        seen[key] = number
        records.append({**r.model_dump(), "wave": wave, "dimension": q2d[r.question]})
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype(float)
    return frame, table.locate(issues)


def entry_problems(existing: pd.DataFrame, wave: dt.date, respondent: str, scores: dict[str, int | None]) -> list[str]:
    """The rules one respondent's answers must meet, whichever form took them (JupyterLab or the
    room's phones): at least one real score, and one answer set per respondent and wave."""
    problems = []
    if not any(v is not None for v in scores.values()):
        problems.append("score at least one question from 1 to 5 (answers were all \"don't know\").")
    if respondent and not existing.empty and ((existing["respondent"].str.casefold() == respondent.casefold())
                                              & (existing["wave"] == wave)).any():
        problems.append(f"{respondent} has already answered the {wave:%d %b %Y} assessment.")
    return problems


def entry_rows(respondent: str, role: str, scores: dict[str, int | None], comments: dict[str, str],
               wave: dt.date) -> list[dict[str, Any]]:
    """One respondent's rows: a row per question answered or commented on (None = don't know)."""
    questions = list(scores) + [q for q in comments if q not in scores]
    return [{"respondent": respondent, "role": role, "question": q,
             "score": "" if scores.get(q) is None else int(scores[q]), "comment": comments.get(q, ""), "wave": wave}
            for q in questions]


def partial_text(answered: int, total: int) -> str:
    return (f"{answered} of {total} questions answered. Unanswered questions are left out: press Save again to "
            "save as it is, or answer the rest.")


def append(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """Append workshop answers atomically under a lock; the rows are validated by the caller."""
    return append_csv_rows(Path(folder) / FILE, REQUIRED + OPTIONAL, rows)


def load_valid(folder: Path, model: MaturityModel, default_wave: dt.date) -> pd.DataFrame:
    """For notebooks: the responses, or a DataError listing every problem."""
    frame, issues = load(folder, model, default_wave)
    if issues:
        raise DataError(located(Path(folder), issues))
    return frame
