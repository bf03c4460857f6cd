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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RoomView:
    """The room's dot vote beside the optimiser's choice, for the deliverable."""

    session: dt.date
    voters: int
    dots: int
    table: pd.DataFrame  # index initiative: name, dots, share, room_rank, funded, reason
    backed_not_funded: list[str]  # most dots first
    funded_not_backed: list[str]  # funded with no dots, highest score first

    def findings(self) -> list[str]:
        """The agreement and the largest disagreements, in plain words with their numbers."""
        t = self.table
        top = [i for i in t.sort_values("room_rank").index[:3] if t.at[i, "dots"] > 0]
        kept = [i for i in top if t.at[i, "funded"]]
        out = [f"In the {self.session:%d %B %Y} dot vote, {self.voters} participants spread {self.dots} dots; "
               f"the recommendation funds {len(kept)} of the room's top {len(top)} "
               f"({', '.join(_name(t, i) for i in top)})."]
        if self.backed_not_funded:
            out.append("**The largest disagreements:** the room backs " + _and([
                f"{_name(t, i)} ({t.at[i, 'share']:.0%} of the dots" + (f"; not funded: {_short(t.at[i, 'reason'])}"
                                                                     if isinstance(t.at[i, "reason"], str) else "")
                + ")" for i in self.backed_not_funded[:3]]) + ", which the recommendation does not fund.")
        if self.funded_not_backed:
            out.append(f"The recommendation funds {_and([_name(t, i) for i in self.funded_not_backed[:3]])}, on which "
                       "the room placed no dots: agree why before the decision.")
        if not self.backed_not_funded and not self.funded_not_backed:
            out.append("The room and the recommendation agree: every proposal the room backed is funded, and "
                       "every funded proposal has the room's support.")
        return out


def _name(table: pd.DataFrame, initiative: str) -> str:
    return f"{initiative} {table.at[initiative, 'name']}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _short(reason: str) -> str:
    """The rule without its figures ('capacity of team Engineering'): the cut list carries them."""
    return reason.split(" (", 1)[0]


def room_view(votes: pd.DataFrame, ranking: pd.DataFrame) -> RoomView | None:
    """The newest session's dots against the optimiser's ranking (selection.ranking: name,
    score, funded, reason, in cut-list order); None before any vote."""
    if votes.empty:
        return None
    session = max(votes["date"])
    counted = totals(votes, session)
    t = ranking[["name", "score", "funded", "reason"]].copy()
    t["dots"] = counted["dots"].reindex(t.index).fillna(0).astype(int)
    total = int(t["dots"].sum())
    t["share"] = t["dots"] / total if total else 0.0
    t["room_rank"] = t["dots"].rank(ascending=False, method="min").astype(int)
    backed = t[(t["dots"] > 0) & ~t["funded"]].sort_values(["dots", "score"], ascending=False)
    unbacked = t[(t["dots"] == 0) & t["funded"]].sort_values("score", ascending=False)
    mine = votes[votes["date"] == session]
    return RoomView(session, int(mine["voter"].nunique()), total, t, list(backed.index), list(unbacked.index))


def _shown(room: RoomView) -> pd.DataFrame:
    """Proposals with dots, and funded ones without (a disagreement); the rest are silent."""
    t = room.table
    return t[(t["dots"] > 0) | t["funded"]]


def room_table(room: RoomView) -> pd.DataFrame:
    """The deliverable's table: the proposals the room or the recommendation backs, the room's
    dots and rank beside the decision."""
    t = _shown(room).sort_values(["dots", "score"], ascending=False)
    return pd.DataFrame({"Id": t.index, "Initiative": t["name"], "Dots": t["dots"], "Share of dots": t["share"],
                         "Room's rank": t["room_rank"], "Recommendation": ["fund" if f else "do not fund"
                                                                          for f in t["funded"]]})


CHART_ROWS = 30  # at 22 px a row the chart stays well inside a printed page


def room_chart(room: RoomView) -> Any:
    """Dots per proposal, ordered by the room, the bar's colour and its text saying whether the
    recommendation funds it (colour is never the only carrier)."""
    import altair as alt

    from playbook.report.theme import palette

    p = palette()
    t = _shown(room).sort_values(["dots", "score"], ascending=False).head(CHART_ROWS).reset_index(names="id")
    t = t.assign(label=[f"{i} {n}" for i, n in zip(t["id"], t["name"])],
                 decision=["funded" if f else "not funded" for f in t["funded"]],
                 text=[f"{d} · {'funded' if f else 'not funded'}" for d, f in zip(t["dots"], t["funded"])])
    order = list(t.sort_values(["dots", "score"], ascending=False)["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("label:N", title="Initiative"), alt.Tooltip("dots:Q", title="Dots"),
           alt.Tooltip("share:Q", format=".0%", title="Share of dots"), alt.Tooltip("decision:N", title="Recommendation")]
    base = alt.Chart(t).encode(y=y, tooltip=tip)
    bars = base.mark_bar().encode(x=alt.X("dots:Q", title="Dots from the room"),
                                  color=alt.Color("decision:N", legend=alt.Legend(title=None, orient="top"),
                                                  scale=alt.Scale(domain=["funded", "not funded"],
                                                                  range=[p["accent"], "#c9d1da"])))
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=alt.X("dots:Q"), text=alt.Text("text:N"))
    return alt.LayerChart(layer=[bars, labels], height=alt.Step(22))
