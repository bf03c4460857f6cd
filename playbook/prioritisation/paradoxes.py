"""The figures that look contradictory, explained in plain words: why a top-scoring proposal is
funded in only some of the alternatives, what inconsistent pairwise judgements mean for the
decision, and how much of the funded set survives a change of scoring method (not only of weights).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from playbook.prioritisation.results import METHOD_NAMES, Plan
from playbook.prioritisation.scoring import FTE_PREFIX
from playbook.prioritisation.selection import select
from playbook.report.formatting import count_text, number_text, percent_text

TOP = 5  # a "top-scoring" proposal is among the five highest scores
SURE = 0.9  # funded in at least this share of the alternatives: not a close call
HOLDS = 0.8  # a set that keeps this share of its members under another method does not hinge on it


def label(criterion: str) -> str:
    """A criterion as the client says it: strategic_fit -> Strategic fit."""
    words = criterion.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def named(plan: Plan, i: str) -> str:
    return f"{i} {plan.portfolio.at[i, 'name']}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- the top-scoring proposal that is not a sure thing ------------------------------------------


def left_after_commitments(plan: Plan) -> dict[str, float]:
    """What work under way leaves for proposals: 'the budget' in money and each team in FTE."""
    left = {"the budget": max(plan.budget - plan.committed.cost, 0.0)}
    for team, cap in plan.capacity.items():
        left[team] = max(float(cap) - float(plan.committed.fte.get(team, 0.0)), 0.0)
    return left


def needs(plan: Plan, i: str) -> dict[str, float]:
    """What proposal i takes: its cost and its FTE per team."""
    out = {"the budget": float(plan.portfolio.at[i, "cost"])}
    for team in plan.capacity:
        column = FTE_PREFIX + team
        out[team] = float(plan.portfolio.at[i, column]) if column in plan.portfolio and pd.notna(
            plan.portfolio.at[i, column]) else 0.0
    return out


def top_scorer_puzzle(plan: Plan) -> str | None:
    """Why the highest-scoring proposal that is not a sure thing misses out in some alternatives:
    what it takes of the scarcest resource, and how it ranks on score for that resource."""
    if plan.empty or plan.infeasible or plan.sensitivity["p_funded"].isna().all():
        return None
    order = plan.value.sort_values(ascending=False, kind="stable").index[:TOP]
    unsure = [i for i in order if 1 - SURE < plan.sensitivity.at[i, "p_funded"] < SURE]
    if not unsure:
        return None
    i = unsure[0]
    rank = int(plan.value.rank(ascending=False, method="min")[i])
    p_funded = float(plan.sensitivity.at[i, "p_funded"])
    left, need = left_after_commitments(plan), needs(plan, i)
    shares = {k: (need[k] / left[k] if left[k] > 0 else float("inf")) for k in left if need[k] > 0}
    if not shares:
        return None
    limit = plan.selection.limits.get(i, "")  # the rule that keeps it out of today's plan, if it is out
    team = limit.removesuffix(" capacity")
    scarce = team if team in shares else "the budget" if limit == "the budget" else max(shares, key=shares.get)
    what = plan.money(need[scarce]) if scarce == "the budget" else f"{number_text(need[scarce])} {scarce} FTE"
    room = (f"{plan.money(left[scarce])} the budget leaves" if scarce == "the budget"
            else f"{number_text(left[scarce])} FTE {scarce} has free")
    head = (f"Why {named(plan, i)} is a close call although it scores {_ordinal(rank)} of "
            f"{len(plan.portfolio)}: it is funded in {percent_text(p_funded)} of the alternatives, "
            + ("and in today's plan. " if i in plan.selection.funded else "but not in today's plan. "))
    if left[scarce] <= 0:
        return head + (f"It needs {what}, and work already under way takes all of {scarce}'s people, so it can "
                       "only start when some of that work finishes (the roadmap below shows when).")
    per = _per_resource(plan, scarce)
    text = head + f"It needs {what}, {percent_text(min(shares[scarce], 1.0))} of the {room}"
    if per is not None and per[i] > 1:
        text += (f"; for what it scores per {'pound' if plan.currency == 'GBP' else 'unit of money'}"
                 if scarce == "the budget" else f"; for what it scores per {scarce} FTE")
        text += f" it ranks only {_ordinal(int(per[i]))}"
    return text + (". When the weights move a little, smaller proposals together beat it for the same "
                   "resources, so the committee should decide it on its merits, not on the score.")


def _per_resource(plan: Plan, resource: str) -> pd.Series | None:
    """Each proposal's rank on score per unit of the resource (proposals that need none excluded)."""
    use = pd.Series({i: needs(plan, i)[resource] for i in plan.portfolio.index})
    use = use[use > 0]
    if use.empty:
        return None
    return (plan.value.reindex(use.index) / use).rank(ascending=False, method="min")


# --- a change of method, not only of weights ----------------------------------------------------


@dataclass(frozen=True)
class MethodCheck:
    """The funded set re-selected with another scoring method."""

    method: str
    funded: tuple[str, ...]
    kept: tuple[str, ...]  # today's funded proposals that stay funded
    agreement: float  # how alike the two methods order the proposals (1 = the same order)

    def holds(self, today: Iterable[str]) -> bool:
        today = list(today)
        return not today or len(self.kept) / len(today) >= HOLDS


def method_checks(plan: Plan, forced_out: Iterable[str] = ()) -> list[MethodCheck]:
    """For each other method the data supports: the funded set it would choose under the same rules."""
    if plan.empty or plan.infeasible:
        return []
    out = []
    for method, scores in plan.scores.items():
        if method == plan.method:
            continue
        other = select(plan.loaded, scores, plan.budget, plan.capacity, forced_out)
        if other.status == "infeasible":
            continue
        kept = tuple(i for i in plan.selection.funded if i in other.funded)
        out.append(MethodCheck(method, other.funded, kept, float(plan.agreement.at[plan.method, method])))
    return out


def alike(agreement: float) -> str:
    return ("closely alike" if agreement >= 0.7 else "partly alike" if agreement >= 0.4
            else "barely alike" if agreement >= 0.1 else "in unrelated orders")


def method_sentence(plan: Plan, checks: list[MethodCheck]) -> str | None:
    """How much of the funded set survives each other method, in words."""
    if not checks:
        return None
    n = len(plan.selection.funded)
    parts = []
    for c in checks:
        swapped = len([i for i in c.funded if i not in plan.selection.funded])
        parts.append((f"{_method_words(c.method)} would fund the same {n} proposals" if len(c.kept) == n and not swapped
                      else f"{_method_words(c.method)} would keep {len(c.kept)} of the {n} funded proposals")
                     + (f" and swap in {count_text(swapped, 'other')}" if swapped else "")
                     + f" (the two order the proposals {alike(c.agreement)})")
    held = all(c.holds(plan.selection.funded) for c in checks)
    moved = n - min(len(c.kept) for c in checks)
    verdict = (" The funded set does not hinge on the method." if held else
               f" So {count_text(moved, 'funded proposal')} depend{'s' if moved == 1 else ''} on the method chosen "
               "as much as on the weights: agree the method first, and treat only the proposals every method funds "
               "as settled.")
    return "Scored another way, " + "; ".join(parts) + "." + verdict


def _method_words(method: str) -> str:
    return {"weighted": "the weights as set", "ahp": "the weights the pairwise judgements imply",
            "wsjf": "cost of delay over job size"}.get(method, METHOD_NAMES.get(method, method))


def settled(plan: Plan, checks: list[MethodCheck]) -> list[str]:
    """Today's funded proposals every method funds and at least 90% of the alternatives fund."""
    if plan.empty or plan.infeasible:
        return []
    sure = set(plan.sensitivity.index[plan.sensitivity["p_funded"] >= SURE])
    return [i for i in plan.selection.funded if i in sure and all(i in c.kept for c in checks)]


# --- pairwise judgements that contradict each other ---------------------------------------------


def judgements_sentence(plan: Plan, checks: list[MethodCheck]) -> str | None:
    """What inconsistent pairwise judgements mean for the decision, in words."""
    res = plan.ahp
    if res is None or res.consistent or res.worst is None:
        return None
    w = res.worst
    given = _saaty(w.given)
    implied = _saaty(w.implied)
    text = (f"The committee's pairwise judgements contradict each other more than the usual tolerance: "
            f"'{label(w.a)} over {label(w.b)}' was judged {given} times as important, where the other judgements "
            f"imply about {implied}")
    if not w.pinned:
        text += " (with three criteria no single judgement is to blame: revisit the three together)"
    if plan.method == "ahp":
        plain = next((c for c in checks if c.method == "weighted"), None)
        if plain is not None:
            text += (f". The plan uses the weights these judgements imply; with the weights as set instead "
                     f"{len(plain.kept)} of the {len(plan.selection.funded)} funded proposals stay funded")
        text += ". Re-take that judgement before approving: the weights, and so the close calls, depend on it"
    else:
        text += ". The plan uses the weights as set, so this only weakens the cross-check"
    return text + "."


def _saaty(value: float) -> str:
    """3, 1/1.2, 2.5: a judgement as the committee gave it (whole numbers without decimals)."""
    big = value if value >= 1 else 1 / value
    text = number_text(big, 0) if abs(big - round(big)) < 1e-9 else number_text(big)
    return text if value >= 1 else f"1/{text}"
