"""What the prioritisation deliverable says about *when*: the roadmap, what one more person buys,
and the scenarios side by side, computed once per run from the loaded portfolio and client.yaml."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from playbook.intake.client import Client
from playbook.prioritisation.roadmap import INFEASIBLE, Roadmap, solve
from playbook.prioritisation.roadmap_inputs import Inputs, inputs, rescorer, scenarios
from playbook.prioritisation.roadmap_whatif import BUDGET, HIRE, Change, Difference, run_scenarios, what_ifs
from playbook.report.formatting import money_text

TIME_LIMIT = 4.0  # seconds per solve in a deliverable: the batch stays quick, and a gap is stated if it bites
MONTE_CARLO_MODEL = "one-period"
MODEL_NOTE = ("The robustness test re-solves the one-period selection (the whole budget and each team's FTE "
              "as one figure) 500 times; the roadmap is solved once, on the agreed weights, because 500 "
              "month-by-month solves would take minutes.")


@dataclass(frozen=True)
class RoadmapView:
    """Everything the roadmap part of the deliverable shows."""

    inputs: Inputs
    roadmap: Roadmap
    changes: list[Change]  # +1 and −1 FTE per team, then +10% budget
    scenarios: dict[str, tuple[Roadmap, Difference]]
    currency: str
    one_period: tuple[str, ...]  # what the one-period selection funds, to compare
    reweighted: frozenset[str] = frozenset()  # scenarios that change the weights

    def money(self, value: float) -> str:
        return money_text(value, self.currency)

    def month(self, t: int) -> str:
        return self.inputs.timeline.label(t)

    def name(self, i: str) -> str:
        return f"{i} {self.inputs.names.get(i, '')}".strip()


def build(portfolio: pd.DataFrame, client: Client, value: pd.Series, criteria: Sequence, as_of: dt.date,
          one_period: Sequence[str] = (), time_limit: float = TIME_LIMIT) -> RoadmapView:
    """Solve today's roadmap, every what-if and every scenario of client.yaml."""
    given = inputs(portfolio, client, value, as_of)
    base = solve(given.problem, time_limit)
    ids = [p.id for p in given.problem.proposals]
    changes = what_ifs(given.problem, base, time_limit) if base.status != INFEASIBLE else []
    variants = scenarios(client, rescorer(portfolio, criteria), ids)
    return RoadmapView(given, base, changes, run_scenarios(given.problem, variants, base, time_limit),
                       client.currency, tuple(i for i in one_period if i in set(ids)),
                       frozenset(v.name for v in variants if v.values is not None))


def _names(view: RoadmapView, ids: Sequence[str], limit: int = 3) -> str:
    ids = list(ids)
    shown = ", ".join(view.name(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _score(x: float) -> str:
    return f"{x:+.2f}".replace("-", "−")


def change_words(view: RoadmapView, d: Difference) -> str:
    """What a re-solved plan does differently, in words: 'funds I17 X (from Mar 2027); brings I05 forward 3 months'."""
    parts = []
    if d.added:
        parts.append("funds " + _names(view, d.added))
    if d.dropped:
        parts.append("drops " + _names(view, d.dropped))
    for i, months in list(d.earlier.items())[:2]:
        parts.append(f"brings {view.name(i)} forward {months} month{'s' if months != 1 else ''}")
    for i, months in list(d.later.items())[:2]:
        parts.append(f"delays {view.name(i)} by {months} month{'s' if months != 1 else ''}")
    return "; ".join(parts) or "changes nothing"


def hire_table(view: RoadmapView) -> pd.DataFrame:
    """+1 and −1 FTE per team and +10% budget: the score each gains or loses, and how."""
    rows = []
    base = view.roadmap.value
    for c in view.changes:
        what = (f"+10% budget ({view.money(0.1 * view.inputs.problem.budget)})" if c.kind == BUDGET
                else f"{'+1' if c.kind == HIRE else '−1'} FTE {c.team}")
        rows.append({"Change": what, "Score": _gain(c.difference.gain, base),
                     "What it changes": change_words(view, c.difference),
                     "Proven best": "yes" if c.difference.exact else "best found in time"})
    return pd.DataFrame(rows, columns=["Change", "Score", "What it changes", "Proven best"])


def _gain(gain: float, base: float) -> str:
    if abs(gain) < 1e-9:
        return "no change"
    return _score(gain) + (f" ({gain / base:+.0%})".replace("-", "−") if base else "")


def schedule_table(view: RoadmapView) -> pd.DataFrame:
    """Each funded proposal with its teams, start and finish months, in start order."""
    r, problem = view.roadmap, view.inputs.problem
    by_id = {p.id: p for p in problem.proposals}
    rows = [{"Initiative": view.name(i), "Starts": view.month(s), "Finishes": view.month(r.finishes[i]),
             "Months": r.finishes[i] - s + 1, "Cost": view.money(by_id[i].cost),
             "Teams (FTE a month)": ", ".join(f"{t} {f:g}" for t, f in by_id[i].fte.items() if f) or "none"}
            for i, s in r.starts.items()]
    return pd.DataFrame(rows, columns=["Initiative", "Starts", "Finishes", "Months", "Cost", "Teams (FTE a month)"])


def scenario_table(view: RoadmapView) -> pd.DataFrame:
    """Today's plan and each scenario side by side: score, cost, what changes, and the count funded."""
    plans = {"Today's plan": (view.roadmap, None), **view.scenarios}
    columns = {}
    for name, (plan, diff) in plans.items():
        if plan.status == INFEASIBLE:
            columns[name] = ["no plan possible", "", "", plan.infeasible_reason or "", ""]
            continue
        gain = f" ({_score(diff.gain)} at today's weights)" if name in view.reweighted else ""
        columns[name] = [f"{plan.value:.2f}{gain}", view.money(plan.cost), str(len(plan.starts)),
                         "" if diff is None else (_names(view, diff.added, 4) or "nothing"),
                         "" if diff is None else (_names(view, diff.dropped, 4) or "nothing")]
    index = ["Score", "Cost", "Initiatives funded", "In, against today", "Out, against today"]
    return pd.DataFrame(columns, index=pd.Index(index, name="")).reset_index()


def starts_table(view: RoadmapView) -> pd.DataFrame:
    """The start month of every initiative any plan funds, one column per plan ('—' where not funded)."""
    plans = {"Today's plan": view.roadmap, **{n: p for n, (p, _) in view.scenarios.items()}}
    order = list(dict.fromkeys(i for p in plans.values() for i in p.starts))
    return pd.DataFrame({"Initiative": [view.name(i) for i in order],
                         **{n: [view.month(p.starts[i]) if i in p.starts else "—" for i in order]
                            for n, p in plans.items()}})


def utilisation(view: RoadmapView) -> pd.DataFrame:
    """Team × month: committed and funded FTE over capacity (NaN where a team has no capacity)."""
    r = view.roadmap
    load = r.committed_load + r.funded_load
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(r.capacity > 0, load / r.capacity, np.where(load > 0, np.inf, 0.0))
    share = np.where(np.isfinite(r.capacity), share, np.nan)
    return pd.DataFrame(share, index=list(r.teams), columns=list(view.inputs.timeline.labels))
