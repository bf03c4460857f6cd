"""The outside view (Flyvbjerg's reference class forecasting) from the firm's finished work.

For done initiatives of one category across every client, the ratios actual ÷ baseline cost
and actual ÷ baseline duration form the class's distribution; its P50 and P80 are the uplifts
to apply to a new initiative's baseline. A class with fewer than MIN_INITIATIVES initiatives or
from fewer than MIN_CLIENTS clients is too thin: it is reported as such and never used.

Only aggregates leave this module (counts and quantiles rounded to 3 decimals, numpy's default
linear interpolation between order statistics): no client, initiative or individual figure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np

from playbook.delivery.records import Baseline

MIN_INITIATIVES = 5
MIN_CLIENTS = 3


@dataclass(frozen=True)
class Done:
    """One finished initiative as the class needs it (the client only to count distinct ones)."""

    client: str
    category: str
    cost: float
    actual_cost: float | None
    start: dt.date | None
    finish: dt.date | None
    actual_finish: dt.date | None

    @property
    def cost_ratio(self) -> float | None:
        if self.actual_cost is None or self.cost <= 0:
            return None
        return self.actual_cost / self.cost

    @property
    def duration_ratio(self) -> float | None:
        if None in (self.start, self.finish, self.actual_finish):
            return None
        planned = (self.finish - self.start).days  # type: ignore[operator]
        return None if planned <= 0 else (self.actual_finish - self.start).days / planned  # type: ignore[operator]


def class_statistics(done: Iterable[Done]) -> dict[str, dict[str, Any]]:
    """Per category: n, clients, usable, and (when usable) the P50/P80 cost and duration uplifts.
    An initiative counts towards n when its cost ratio is known."""
    groups: dict[str, list[Done]] = {}
    for d in done:
        if d.category and d.cost_ratio is not None:
            groups.setdefault(d.category, []).append(d)
    out = {}
    for category, members in sorted(groups.items()):
        n, clients = len(members), len({m.client for m in members})
        entry: dict[str, Any] = {"n": n, "clients": clients,
                                 "usable": n >= MIN_INITIATIVES and clients >= MIN_CLIENTS}
        if entry["usable"]:
            costs = [m.cost_ratio for m in members]
            durations = [m.duration_ratio for m in members if m.duration_ratio is not None]
            entry.update(_quantiles("cost_uplift", costs))
            entry.update(_quantiles("duration_uplift", durations) if len(durations) >= MIN_INITIATIVES
                         else {"duration_uplift_p50": None, "duration_uplift_p80": None})
        out[category] = entry
    return out


def _quantiles(name: str, values: list[float | None]) -> dict[str, float]:
    p50, p80 = np.quantile(np.array(values, dtype=float), [0.5, 0.8])
    return {f"{name}_p50": round(float(p50), 3), f"{name}_p80": round(float(p80), 3)}


def for_categories(stats: Mapping[str, Mapping[str, Any]], categories: Iterable[str | None]) -> dict[str, dict]:
    """Only the classes a client's own committed work belongs to: no other category name leaves."""
    wanted = {c for c in categories if c}
    return {c: dict(v) for c, v in stats.items() if c in wanted}


@dataclass(frozen=True)
class OutsideView:
    category: str
    cost_p50: float
    cost_p80: float
    finish_p50: dt.date | None
    finish_p80: dt.date | None


def outside_view(b: Baseline, stats: Mapping[str, Mapping[str, Any]]) -> OutsideView | None:
    """The baseline uplifted by its class's P50 and P80, or None without a usable class."""
    entry = stats.get(b.category or "")
    if not entry or not entry.get("usable"):
        return None

    def finish(uplift: float | None) -> dt.date | None:
        return None if uplift is None else b.start + dt.timedelta(days=round(b.duration * uplift))

    return OutsideView(b.category or "", b.bac * entry["cost_uplift_p50"], b.bac * entry["cost_uplift_p80"],
                       finish(entry.get("duration_uplift_p50")), finish(entry.get("duration_uplift_p80")))


def position(own_p80_cost: float, view: OutsideView) -> str:
    """Where the inside view sits against the outside view, in words."""
    if own_p80_cost < view.cost_p50:
        return "optimistic: its own P80 cost is below the class's P50"
    if own_p80_cost < view.cost_p80:
        return "within the class: its own P80 cost lies between the class's P50 and P80"
    return "cautious: its own P80 cost is at or above the class's P80"
