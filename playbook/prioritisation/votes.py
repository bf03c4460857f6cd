"""votes.csv: the room's dot votes on the proposals.

Each participant spreads at most N dots (client.yaml `prioritisation.dots`, default 10) over the
proposals of portfolio.csv in one voting session (`date`). A row is one voter's dots on one
initiative: `voter, role, initiative, dots, date`. In an anonymous session `voter` is a random
code (anon-…), never a name. Checked like every file of the contract: an unknown initiative,
the same voter twice on one initiative in a session, or a voter over N dots is an error naming
the row.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from playbook.errors import DataError, Issue, Text
from playbook.intake.atomic import append_csv_rows
from playbook.intake.csv_files import parse_rows, read_csv
from playbook.intake.fields import IsoDate

FILE = "votes.csv"
REQUIRED = ["voter", "initiative", "dots", "date"]
OPTIONAL = ["role"]
COLUMNS = ["voter", "role", "initiative", "dots", "date"]
PORTFOLIO_FILE = "portfolio.csv"


class VoteRow(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    voter: str
    role: str | None = None
    initiative: str
    dots: Annotated[int, Field(ge=1)]
    date: IsoDate


def dots_allowed(client: Any) -> int:
    """N: the dots each participant may spread (client.yaml `prioritisation.dots`)."""
    return client.prioritisation.dots


def proposals(folder: Path) -> dict[str, str]:
    """The initiatives open to a vote, id -> name: rows of portfolio.csv whose status is blank or
    `proposed` (committed work is not up for a vote). Empty when portfolio.csv is unreadable; its
    own check reports why."""
    path = Path(folder) / PORTFOLIO_FILE
    if not path.is_file():
        return {}
    table, issues = read_csv(path, ["id", "name"], ["status"])
    if issues:
        return {}
    return {r["id"]: r["name"] for r in table.rows
            if r["id"] and r.get("status", "").lower() in ("", "proposed")}


def _portfolio_ids(folder: Path) -> list[str] | None:
    path = Path(folder) / PORTFOLIO_FILE
    if not path.is_file():
        return None
    table, issues = read_csv(path, ["id"])
    return None if issues else [r["id"] for r in table.rows if r["id"]]


def load(folder: Path, client: Any) -> tuple[pd.DataFrame, list[Issue]]:
    """The votes as a frame (voter, role, initiative, dots, date) and every issue found.
    A missing file is a session not yet held, not an error."""
    path = Path(folder) / FILE
    empty = pd.DataFrame(columns=COLUMNS)
    if not path.exists():
        return empty, []
    table, issues = read_csv(path, REQUIRED, OPTIONAL)
    if issues:
        return empty, issues
    rows, issues = parse_rows(table, VoteRow)
    known, limit = _portfolio_ids(folder), dots_allowed(client)
    seen: dict[tuple[str, str, dt.date], int] = {}
    spent: dict[tuple[str, dt.date], int] = {}
    records = []
    for number, r in rows:
        key = (r.voter.casefold(), r.initiative, r.date)
        if known is not None and r.initiative not in known:
            issues.append(Issue(FILE, "initiative", r.initiative, "an id of portfolio.csv", row=number))
            continue
        if key in seen:
            issues.append(Issue(FILE, "initiative", Text(f"{r.initiative} voted again by {r.voter}"),
                                f"one row per voter, initiative and date (first at row {seen[key]})", row=number))
            continue
        total = spent.get(key[::2], 0) + r.dots
        if total > limit:
            issues.append(Issue(FILE, "dots", Text(f"{total} dots from {r.voter} on {r.date}"),
                                f"at most {limit} dots per voter per session (client.yaml prioritisation.dots)",
                                row=number))
            continue
        seen[key], spent[key[::2]] = number, total
        records.append(r.model_dump())
    return pd.DataFrame.from_records(records, columns=COLUMNS), issues


def load_valid(folder: Path, client: Any) -> pd.DataFrame:
    frame, issues = load(folder, client)
    if issues:
        raise DataError(issues)
    return frame


def totals(votes: pd.DataFrame, session: dt.date | None = None) -> pd.DataFrame:
    """Dots and voters per initiative in one session (the newest by default), most dots first."""
    columns = ["dots", "voters", "share"]
    if votes.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="initiative"))
    day = session or max(votes["date"])
    mine = votes[votes["date"] == day]
    out = mine.groupby("initiative").agg(dots=("dots", "sum"), voters=("voter", "nunique"))
    total = out["dots"].sum()
    out["share"] = out["dots"] / total if total else 0.0
    return out.sort_values(["dots", "voters"], ascending=False, kind="stable")


def append(folder: Path, rows: list[dict[str, Any]]) -> Path:
    """Append one voter's dots atomically; the caller has checked them."""
    return append_csv_rows(Path(folder) / FILE, COLUMNS, rows)
