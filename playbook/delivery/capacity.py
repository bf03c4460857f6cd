"""Capacity over time: each team's demand from committed work, month by month, against capacity.

An initiative needs `fte_<team>` FTE from a team in every month between its start and its
finish, pro rata to the days of each month it covers (a project that starts on the 16th of a
30-day month needs half its FTE that month). The finish is the later of the baseline and the
newest forecast finish reported: work that slips keeps its people longer, which is how late
work collides with the next. Months start at the as-of month and run to the last finish, at
most HORIZON months.
"""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Mapping, Sequence

import pandas as pd

from playbook.delivery.records import Baseline

HORIZON = 24
COLUMNS = ["team", "month", "demand", "capacity", "utilisation", "over", "causes"]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months(first: dt.date, last: dt.date, limit: int = HORIZON) -> list[dt.date]:
    out, m = [], month_start(first)
    while m <= last and len(out) < limit:
        out.append(m)
        m = next_month(m)
    return out


def share_of_month(start: dt.date, finish: dt.date, month: dt.date) -> float:
    """The share of `month`'s days inside [start, finish] (both days counted)."""
    days = calendar.monthrange(month.year, month.month)[1]
    end = month.replace(day=days)
    overlap = (min(finish, end) - max(start, month)).days + 1
    return max(0, overlap) / days


def demand(baselines: Sequence[Baseline], as_of: dt.date, finishes: Mapping[str, dt.date] | None = None,
           limit: int = HORIZON) -> pd.DataFrame:
    """Long frame: team, month, initiative, fte (only non-zero demand)."""
    finishes = finishes or {}
    ends = {b.id: max(b.finish, finishes.get(b.id, b.finish)) for b in baselines}
    if not baselines:
        return pd.DataFrame(columns=["team", "month", "initiative", "fte"])
    span = months(as_of, max(ends.values()), limit)
    rows = []
    for b in baselines:
        for team, fte in b.fte.items():
            if not fte:
                continue
            for m in span:
                share = share_of_month(b.start, ends[b.id], m)
                if share > 0:
                    rows.append({"team": team, "month": m, "initiative": b.id, "fte": fte * share})
    return pd.DataFrame(rows, columns=["team", "month", "initiative", "fte"])


def utilisation(need: pd.DataFrame, capacity: Mapping[str, float], as_of: dt.date, limit: int = HORIZON,
                by_month: Mapping[str, Mapping[dt.date, float]] | None = None) -> pd.DataFrame:
    """Team × month: demand, capacity (client.yaml's `capacity_by_month` where it names the month,
    else `capacity`), utilisation, over (demand above capacity) and the initiatives causing it,
    largest demand first ("I03 2.0 FTE")."""
    by_month = by_month or {}
    if need.empty or not capacity:
        return pd.DataFrame(columns=COLUMNS)
    span = months(as_of, max(need["month"]), limit)
    rows = []
    for team in capacity:
        mine = need[need["team"] == team]
        for m in span:
            cap = (by_month.get(team) or {}).get(m, capacity[team])
            month = mine[mine["month"] == m].sort_values(["fte", "initiative"], ascending=[False, True])
            total = float(month["fte"].sum())
            over = total > cap + 1e-9
            causes = [f"{i} {f:.1f} FTE" for i, f in zip(month["initiative"], month["fte"])] if over else []
            rows.append({"team": team, "month": m, "demand": round(total, 2), "capacity": float(cap),
                         "utilisation": (total / cap) if cap else None, "over": over, "causes": causes})
    return pd.DataFrame(rows, columns=COLUMNS)


def overloads(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["over"].astype(bool)].reset_index(drop=True) if len(table) else table
