"""The body of the prioritisation deliverable around the decision page: figure titles that state
each chart's finding, the paradoxes in plain words, captions of the long tables and the appendix's
full cut list with the benefit money beside the cost."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from playbook.prioritisation.benefit_money import money_column
from playbook.prioritisation.board import Board
from playbook.prioritisation.paradoxes import judgements_sentence, method_sentence, top_scorer_puzzle
from playbook.prioritisation.results import cut_list_table, value_at, why_not
from playbook.prioritisation.roadmap_charts import peaks
from playbook.prioritisation.roadmap_report import RoadmapView
from playbook.report.formatting import count_text, date_text, number_text, percent_text


TABLE_ROWS = 10  # rows of a long table above the appendix; the full list follows the appendix mark


def day(value: dt.date) -> str:
    return date_text(value)


def explanations(b: Board) -> list[str]:
    """The paradoxes in plain words: the top-scoring close call, a change of method, the judgements."""
    found = [top_scorer_puzzle(b.plan), method_sentence(b.plan, b.checks), judgements_sentence(b.plan, b.checks)]
    return [s for s in found if s] or ["Nothing here contradicts the recommendation: the highest scores are funded "
                                       "in nearly every alternative."]


def cut_list_title(b: Board) -> str:
    plan = b.plan
    if plan.infeasible:
        return f"No cut line can be drawn: the {len(plan.portfolio)} proposals by score"
    limits = why_not(plan)
    top = limits.index[0] if len(limits) else None
    head = f"{len(plan.selection.funded)} of {len(plan.portfolio)} proposals funded for {plan.money(plan.selection.total_cost)}"
    return head + (f"; {top} keeps out {int(limits.iloc[0])} more" if top else "")


def probability_title(b: Board) -> str:
    return (f"{count_text(len(b.settled), 'proposal')} settled (funded in 90% or more and by every method), "
            f"{count_text(len(b.close_calls), 'close call')}: how often each proposal is funded across "
            f"{b.plan.draws} alternatives (%)")


def bubble_caption(b: Board, n: int) -> str:
    shown = min(n, TABLE_ROWS)
    return ("The close calls: decide these on judgement, nearest to a coin toss first"
            + (f" (the {shown} nearest; and {n - shown} more in the appendix's full cut list)" if n > shown else ""))


def frontier_title(b: Board) -> str:
    plan = b.plan
    more = value_at(plan, 1.1 * plan.budget)
    if more is None or plan.infeasible or plan.selection.total_value <= 0:
        return "What more (or less) money buys: best total score at each budget"
    gain = more / plan.selection.total_value - 1
    adds = f"adds {percent_text(gain)} to the score" if gain >= 0.005 else "adds nothing to the score"
    return f"10% more budget ({plan.money(0.1 * plan.budget)}) {adds}: best total score at each budget"


def objectives_title(b: Board) -> str:
    a = b.plan.alignment
    a = a[a["funded_cost"] > 0].sort_values("funded_cost", ascending=False)
    if a.empty:
        return "Nothing funded yet: cost asked for by objective"
    top = a.index[0]
    title = b.plan.objectives.get(top, "no objective")
    return f"{top} {title} takes {percent_text(a.at[top, 'share'])} of the funded money: cost by objective"


def capacity_title(b: Board) -> str:
    use = b.plan.capacity_use.dropna(subset=["capacity"])
    if use.empty:
        return "Team demand against capacity (% of each team's FTE)"
    team = use["utilisation"].idxmax()
    return (f"{team} is the most booked team at {percent_text(use.at[team, 'utilisation'])} of its people: "
            "demand against capacity (% of each team's FTE)")


def roadmap_title(road: RoadmapView) -> str:
    """The busiest team's peak month, as the roadmap chart's title."""
    busiest = max(peaks(road), key=lambda p: p[1] / p[2] if np.isfinite(p[2]) and p[2] > 0 else 0.0, default=None)
    if busiest is None:
        return "Funded work by month (FTE)"
    team, load, cap, month = busiest
    of = f" of its {number_text(cap)}" if np.isfinite(cap) else ""
    return f"{team} peaks at {number_text(load)}{of} FTE in {road.month(month)}: funded work by month (FTE)"


def full_cut_list(b: Board) -> pd.DataFrame:
    """Every proposal in cut-list order, the benefit each promises a year beside its cost (appendix)."""
    table = cut_list_table(b.plan)
    money = money_column(b.register, table["Id"])
    table.insert(4, "Benefit a year at target", [b.plan.money(v) if v is not None else "not priced" for v in money])
    return table
