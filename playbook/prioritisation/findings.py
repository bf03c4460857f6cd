"""The executive summary of the prioritisation deliverable: what to fund, what it buys, what is on
the bubble and what the data cannot tell, in plain words built from a Plan."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from playbook.prioritisation.alignment import NO_OBJECTIVE, orphans
from playbook.prioritisation.paradoxes import label
from playbook.prioritisation.problem import FTE_TOLERANCE, build_problem, closure
from playbook.prioritisation.results import Plan, share_text, value_at, why_not
from playbook.prioritisation.selection import BEST_FOUND
from playbook.prioritisation.sensitivity import ON_THE_BUBBLE, ROBUST_CORE


def _used(plan: Plan, limit: str) -> str:
    if limit == "the budget":
        if plan.committed:
            return (f"{plan.money(plan.committed.cost + plan.selection.total_cost)} of {plan.money(plan.budget)} "
                    f"committed, {plan.money(plan.committed.cost)} of it to work under way")
        return f"{plan.money(plan.selection.total_cost)} of {plan.money(plan.budget)} committed"
    u = plan.capacity_use.loc[limit.removesuffix(" capacity")]
    return f"{u['demand']:g} of {u['capacity']:g} FTE used"


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


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _list(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def findings(plan: Plan) -> list[str]:
    """The executive summary: what to fund, what it buys, what is on the bubble, what the data cannot tell."""
    if plan.empty and len(plan.loaded):
        return [f"**Nothing to decide**: all {len(plan.loaded)} initiatives in portfolio.csv are already committed, "
                f"on hold, done or stopped. {committed_sentence(plan)}.", cannot_tell(plan)]
    if plan.empty:
        return ["There is no portfolio yet: add the initiatives to portfolio.csv and re-run this deliverable."]
    if plan.infeasible:
        return _infeasible_findings(plan)
    p, sel = plan.portfolio, plan.selection
    total_value, total_cost = float(plan.value.sum()), float(p["cost"].sum())
    if plan.committed:
        out = [f"**Fund {len(sel.funded)} of the {len(p)} proposals** for {plan.money(sel.total_cost)} of the "
               f"{plan.money(max(plan.budget - plan.committed.cost, 0.0))} the budget leaves: they carry "
               f"{_pct(sel.total_value / total_value)} of the proposals' total score for "
               f"{_pct(sel.total_cost / total_cost)} of their {plan.money(total_cost)} ask. {committed_sentence(plan)}."]
    else:
        out = [f"**Fund {len(sel.funded)} of the {len(p)} initiatives** for {plan.money(sel.total_cost)} of the "
               f"{plan.money(plan.budget)} budget: they carry {_pct(sel.total_value / total_value)} of the "
               f"portfolio's total score for {_pct(sel.total_cost / total_cost)} of its {plan.money(total_cost)} ask."]
    if sel.status == BEST_FOUND:
        out[0] += (f" The search for the best selection stopped at the {plan.time_limit:g}-second time limit: this "
                   f"is the best it found, at most {sel.gap:.1%} below the best possible.")
    a = plan.alignment[plan.alignment["funded_cost"] > 0].sort_values("funded_cost", ascending=False)
    top = a.index[0]
    unfunded_objectives = [o for o in plan.objectives if o not in a.index]
    backed = len(a.drop(NO_OBJECTIVE, errors="ignore"))
    text = (f"What it buys: {'all ' if backed == len(plan.objectives) else ''}{backed}"
            f"{'' if backed == len(plan.objectives) else f' of {len(plan.objectives)}'} objectives are "
            f"backed, the largest share going to {top} {plan.objectives.get(top, '')} "
            f"({_pct(a.at[top, 'share'])}, {plan.money(a.at[top, 'funded_cost'])})")
    if unfunded_objectives:
        text += "; nothing funded serves " + ", ".join(f"{o} {plan.objectives[o]}" for o in unfunded_objectives)
    lone = orphans(p)
    if lone:
        funded_orphans = [i for i in lone if i in sel.funded]
        text += (f". {len(lone)} initiative{'s' if len(lone) > 1 else ''} serve no objective "
                 f"({', '.join(lone)}); {len(funded_orphans) or 'none'} of them funded")
    out.append(text + ".")
    limits = why_not(plan)
    limits = limits[[k == "the budget" or k.endswith(" capacity") for k in limits.index]]
    parts = [f"{k} ({_used(plan, k)}) keeps out {n} initiative{'s' if n > 1 else ''}" if i == 0 else f"{k} {n}"
             for i, (k, n) in enumerate(limits.items())]
    text = ("What limits it: " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            if parts else "Nothing else fits: every unfunded initiative waits on a prerequisite or an alternative")
    more = value_at(plan, 1.1 * plan.budget)
    if more is not None and sel.total_value > 0:
        gain = more / sel.total_value - 1
        text += (f". Another 10% of budget ({plan.money(0.1 * plan.budget)}) would add "
                 + (f"{_pct(gain)} more score" if gain >= 0.005 else "nothing")
                 + (", since people, not money, run out first" if gain < 0.03 and any(
                     k.endswith(" capacity") for k in limits.index) else ""))
    if plan.greedy.status != "infeasible" and sel.total_value > plan.greedy.total_value * 1.0001:
        text += (f"; ranking by value for money instead would buy "
                 f"{_pct(1 - plan.greedy.total_value / sel.total_value)} less score for the same money")
    out.append(text + ".")
    bands = plan.sensitivity["band"]
    core = bands.index[bands == ROBUST_CORE]
    bubble = plan.sensitivity.loc[bands == ON_THE_BUBBLE, "p_funded"]
    bubble = bubble.iloc[np.argsort(np.abs(bubble.to_numpy() - 0.5), kind="stable")]
    text = (f"**{len(core)} initiatives are a robust core**, funded in at least 90% of {plan.draws} plausible "
            f"re-weightings and re-scorings" + (f" (the time limit stopped the other {plan.draws_requested - plan.draws} "
                                                 "planned)" if plan.draws < plan.draws_requested else ""))
    if len(bubble):
        text += (f"; {len(bubble)} are on the bubble, the closest calls being {_names(plan, bubble.index, 3, True)}. "
                 "Decide those on judgement, not on the score")
    out.append(text + ".")
    out.append(cannot_tell(plan))
    return out


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
