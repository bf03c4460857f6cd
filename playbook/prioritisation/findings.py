"""The prioritisation summary's shared sentences (work under way, what the data cannot tell) and the
summary when no funding line can be drawn. A plan that can be funded is summarised by
playbook.prioritisation.board."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from playbook.prioritisation.paradoxes import label
from playbook.prioritisation.problem import FTE_TOLERANCE, build_problem, closure
from playbook.prioritisation.results import Plan, share_text


def _names(plan: Plan, ids: Iterable[str], limit: int = 4, with_p: bool = False) -> str:
    ids = list(ids)
    shown = []
    for i in ids[:limit]:
        text = f"{i} {plan.portfolio.at[i, 'name']}"
        if with_p:
            text += f" ({share_text(plan.sensitivity.at[i, 'p_funded'], plan.sensitivity.at[i, 'se'])})"
        shown.append(text)
    more = len(ids) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _list(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def findings(plan: Plan) -> list[str]:
    """The summary when no funding line can be drawn: nothing to decide, no portfolio, or no feasible
    selection. A plan that can be funded is summarised by playbook.prioritisation.board."""
    if plan.empty and len(plan.loaded):
        return [f"**Nothing to decide**: all {len(plan.loaded)} initiatives in the portfolio are already committed, "
                f"on hold, done or stopped. {committed_sentence(plan)}.", cannot_tell(plan)]
    if plan.empty:
        return ["There is no portfolio yet: add the proposals to the portfolio and re-run this deliverable."]
    if plan.infeasible:
        return _infeasible_findings(plan)
    return []


def committed_sentence(plan: Plan) -> str:
    """'Work already under way (3 approved or in-flight initiatives) takes £1.9m of the £4.5m budget
    and 4 of the 6 FTE in Engineering': what is spoken for before any proposal is funded."""
    c = plan.committed
    if not c:
        return "No approved or in-flight work is counted against the budget"
    teams = [f"{c.fte[t]:g} of the {plan.capacity[t]:g} FTE in {t}"
             + (" (over-committed before any proposal)" if c.fte[t] > plan.capacity[t] + FTE_TOLERANCE else "")
             for t in plan.capacity if c.fte.get(t, 0) > 0]
    n = len(c.committed)
    over = " (more than the budget: nothing is left for proposals)" if c.cost > plan.budget else ""
    return (f"Work already under way ({n} approved or in-flight initiative{'s' if n > 1 else ''}) takes "
            f"{plan.money(c.cost)} of the {plan.money(plan.budget)} budget{over}"
            + (" and, in its busiest month, " + _list(teams) if teams else ""))


def cannot_tell(plan: Plan) -> str:
    text = ("What the data cannot tell: whether the benefits will arrive (the scores are judgements, not "
            "forecasts, and the benefit money is what the business cases promise, not what has been measured)")
    if plan.left_out:
        text += (f". {_list([label(c) for c in plan.left_out])} {'was' if len(plan.left_out) == 1 else 'were'} left out of the decision: "
                 "every proposal is rated the same on "
                 + ("it" if len(plan.left_out) == 1 else "each") + ", so it cannot tell them apart")
    return text + "."


def _infeasible_findings(plan: Plan) -> list[str]:
    p = build_problem(plan.loaded, plan.capacity, ())
    needed = list(closure(p, np.flatnonzero(p.mandatory)))
    cost = float(p.cost[needed].sum()) + p.committed_cost
    out = [f"**No selection is possible as the portfolio stands**: {plan.selection.infeasible_reason}."]
    fixes = []
    if cost > plan.budget:
        fixes.append(f"raise the budget to at least {plan.money(cost)}")
    if plan.committed:
        fixes.append(f"stop or re-scope work already under way (it takes {plan.money(plan.committed.cost)})")
    if p.mandatory.any():
        fixes.append("take the mandatory flag off what can wait (mandatory: "
                     + _names(plan, [p.ids[i] for i in np.flatnonzero(p.mandatory)], 5) + ")")
    out.append("To make a decision possible: " + ", or ".join(fixes) + ". Until then no funding line can be drawn.")
    top = plan.value.sort_values(ascending=False).index
    out.append(f"On score alone the strongest initiatives are {_names(plan, top, 4)}; the ranking stands, only "
               "the cut line is missing.")
    out.append(cannot_tell(plan))
    return out
