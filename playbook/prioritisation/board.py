"""The decision page of the prioritisation deliverable: one governing sentence, the findings
ordered by what most needs the executive, and the decisions requested (what, who, by when).

Built from the Plan (the one-period selection the robustness test re-solves), the benefits
register's money, the method cross-checks and, where solved, the month-by-month roadmap.
Proposals are what is decided; work already under way is counted, never re-decided.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from playbook.intake.client import Client, steering_date
from playbook.prioritisation import findings as plain
from playbook.prioritisation.benefit_money import SetMoney, money_column, register_money, set_money
from playbook.prioritisation.paradoxes import MethodCheck, method_checks, named, settled
from playbook.prioritisation.results import Plan, ranking, value_at, why_not
from playbook.prioritisation.roadmap_report import RoadmapView
from playbook.prioritisation.roadmap_whatif import BUDGET, HIRE
from playbook.prioritisation.sensitivity import ON_THE_BUBBLE
from playbook.report.formatting import count_text, join_words, number_text, percent_text
from playbook.report.notebook import Decision

DECIDER_WORKSTREAMS = ("priorit", "fund", "invest", "portfolio")
SHOWN = 3  # names listed in a sentence before "and N more"


@dataclass(frozen=True)
class Board:
    plan: Plan
    client: Client
    as_of: dt.date
    register: pd.DataFrame  # benefits.csv priced: id, name, initiative, run_rate
    money: SetMoney  # of today's funded set
    checks: list[MethodCheck]
    road: RoadmapView | None = None

    @property
    def settled(self) -> list[str]:
        return settled(self.plan, self.checks)

    @property
    def close_calls(self) -> list[str]:
        s = self.plan.sensitivity
        if self.plan.empty or self.plan.infeasible:
            return []
        bubble = s.loc[s["band"] == ON_THE_BUBBLE, "p_funded"]
        return list(bubble.index[np.argsort(np.abs(bubble.to_numpy() - 0.5), kind="stable")])


def build(plan: Plan, client: Client, as_of: dt.date, folder: Path, road: RoadmapView | None = None) -> Board:
    register = register_money(folder)
    funded = plan.selection.funded if not (plan.empty or plan.infeasible) else ()
    return Board(plan, client, as_of, register, set_money(register, funded),
                 method_checks(plan, client.prioritisation.forced_out), road)


# --- who decides and by when ---------------------------------------------------------------------


def decider(client: Client) -> str:
    """Who is accountable for funding in the RACI (else the sponsor), as 'Name, Title'."""
    titles = {s.name: s.title for s in client.stakeholders}
    if client.sponsor.name:
        titles.setdefault(client.sponsor.name, client.sponsor.title)
    for key in DECIDER_WORKSTREAMS:
        for workstream, roles in client.raci.items():
            owner = next((who for who, role in roles.items() if role == "A"), None)
            if key in workstream.lower() and owner:
                return f"{owner}, {titles[owner]}" if titles.get(owner) else owner
    if client.sponsor.name:
        return f"{client.sponsor.name}, {client.sponsor.title}" if client.sponsor.title else client.sponsor.name
    return "the sponsor"


def decide_by(client: Client, as_of: dt.date) -> dt.date:
    """The client's one decision date (`intake.client.steering_date`): the delivery and benefits
    reviews ask their decisions by it too, so a client's deliverables name one deadline."""
    return steering_date(client, as_of)[1]


# --- the sentences ---------------------------------------------------------------------------------


def _names(plan: Plan, ids: list[str], limit: int = SHOWN) -> str:
    shown = [named(plan, i) for i in ids[:limit]]
    more = len(ids) - limit
    return join_words(shown + [f"{more} more"]) if more > 0 else join_words(shown)


def money_words(b: Board) -> str:
    """'the 2 with a priced benefit promise £2.7m a year once at target (annual run-rate); the other 8
    have none priced yet'."""
    n, m = len(b.plan.selection.funded), b.money
    if not m.priced:
        return (f"none of the {n} has a benefit priced in the benefits register yet, so what they are worth "
                "in money is not known")
    one = len(m.priced) == 1 and bool(m.unpriced)
    who = ("all of them promise" if not m.unpriced else
           f"the {count_text(len(m.priced), 'proposal')} with a priced benefit promise{'s' if one else ''}")
    text = (f"{who} {b.plan.money(m.total)} a year once {'its target is' if one else 'their targets are'} reached "
            "(annual run-rate)")
    if m.unpriced:
        text += f"; the other {len(m.unpriced)} have no benefit priced yet"
    return text


def governing(b: Board) -> str:
    plan = b.plan
    if plan.empty or plan.infeasible:
        first = (plan.selection.infeasible_reason or "there is nothing to decide").split(";")[0]
        return f"No funding decision is possible as the portfolio stands: {first}."
    sel, n = plan.selection, len(plan.selection.funded)
    text = (f"Fund {n} of the {len(plan.portfolio)} proposals for {plan.money(sel.total_cost)} (one-off cost)"
            + (f", worth {plan.money(b.money.total)} a year where priced" if b.money.priced else ""))
    sure, close = len(b.settled), len(b.close_calls)
    text += f": {'all ' if sure == n else ''}{sure}{'' if sure == n else ' of them'} hold whatever the scoring"
    text += f", and {count_text(close, 'close call')} need{'s' if close == 1 else ''} the committee's judgement" \
        if close else ", and nothing else is a close call"
    road = b.road
    if road is not None and road.roadmap.starts and set(road.roadmap.starts) != set(sel.funded):
        text += (f"; phased month by month as work under way finishes, {len(road.roadmap.starts)} proposals fit "
                 f"for {plan.money(road.roadmap.cost)} instead")
    return text + "."


def findings(b: Board) -> list[str]:
    """Three to five findings, most needed first: the recommendation in money, how sure it is, what
    limits it, where the room parts from it."""
    plan = b.plan
    if plan.empty or plan.infeasible:
        return plain.findings(plan)
    out = [recommendation(b), _how_sure(b), _limits(b)]
    phased = _phasing(b)
    if phased:
        out.append(phased)
    out.append(plain.cannot_tell(plan))
    return out[:5]


def recommendation(b: Board) -> str:
    plan, sel = b.plan, b.plan.selection
    total_value = float(plan.value.sum())
    text = (f"**Fund {len(sel.funded)} of the {len(plan.portfolio)} proposals for {plan.money(sel.total_cost)}** "
            f"(one-off cost) of the {plan.money(max(plan.budget - plan.committed.cost, 0.0))} the budget leaves: "
            + money_words(b) + f". They carry {percent_text(sel.total_value / total_value)} of the proposals' "
            f"total score for {percent_text(sel.total_cost / float(plan.portfolio['cost'].sum()))} of their cost.")
    if plan.committed:
        text += " " + plain.committed_sentence(plan) + "; that work is counted here, not decided again."
    if sel.status == "best found":
        text += (f" The search stopped at its {plan.time_limit:g}-second time limit: this is the best selection "
                 f"found, at most {percent_text(sel.gap, 1)} below the best possible.")
    return text


def _how_sure(b: Board) -> str:
    plan = b.plan
    sure, close, n = b.settled, b.close_calls, len(plan.selection.funded)
    count = (f"All {n} are" if len(sure) == n else f"None of the {n} is" if not sure
             else f"{len(sure)} of the {n} {'is' if len(sure) == 1 else 'are'}")
    text = (f"**{count} settled**: funded in "
            f"at least 90% of {plan.draws} alternatives with the weights and every rating moved a little"
            + (", and by every other scoring method" if b.checks else ""))
    if close:
        text += (f". {count_text(len(close), 'proposal')} {'is a close call' if len(close) == 1 else 'are close calls'}"
                 f", funded in between 10% and 90% of them: {_names(plan, close)}. Decide those on judgement")
    shaky = [c for c in b.checks if not c.holds(plan.selection.funded)]
    if shaky:
        text += (f". Scored another way the set changes: {len(plan.selection.funded) - len(shaky[0].kept)} of the "
                 f"{n} funded proposals depend on the scoring method")
    return text + "."


def _limits(b: Board) -> str:
    plan = b.plan
    limits = why_not(plan)
    limits = limits[[k == "the budget" or k.endswith(" capacity") for k in limits.index]]
    parts = [f"{k} keeps out {count_text(n, 'proposal')}" for k, n in limits.items()]
    text = ("What limits it: " + join_words(parts) if parts
            else "Nothing else fits: every unfunded proposal waits on a prerequisite or an alternative")
    more = value_at(plan, 1.1 * plan.budget)
    if more is not None and plan.selection.total_value > 0:
        gain = more / plan.selection.total_value - 1
        text += (f". Another 10% of budget ({plan.money(0.1 * plan.budget)}) would add "
                 + (f"{percent_text(gain)} more score" if gain >= 0.005 else "nothing")
                 + (": people, not money, run out first" if gain < 0.03 and any(
                     k.endswith(" capacity") for k in limits.index) else ""))
    phased = _phased_limit(b)
    return text + (f"; phased month by month {phased}" if phased else "") + "."


def _phased_limit(b: Board) -> str | None:
    """Where the month-by-month plan is limited by money while the all-at-once one is limited by
    people, say so, with what 10% more budget would then fund."""
    road = b.road
    if road is None or not road.changes:
        return None
    people = any(c.difference.gain > 1e-9 for c in road.changes if c.kind == HIRE)
    money = next((c for c in road.changes if c.kind == BUDGET), None)
    if people or money is None or money.difference.gain <= 1e-9:
        return None
    added = [i for i in money.difference.added if i in b.plan.portfolio.index]
    return ("it is the other way round: money, not people, runs out first"
            + (f", and 10% more budget would fund {_names(b.plan, added)}" if added else ""))


def _phasing(b: Board) -> str | None:
    """Where the month-by-month plan funds a different set: what phasing adds and drops."""
    road = b.road
    if road is None or not road.roadmap.starts:
        return None
    today, phased = set(b.plan.selection.funded), set(road.roadmap.starts)
    if today == phased:
        return ("Scheduled month by month the same proposals fit, starting between "
                f"{road.month(min(road.roadmap.starts.values()))} and {road.month(max(road.roadmap.starts.values()))}.")
    adds, drops = sorted(phased - today), sorted(today - phased)
    money = set_money(b.register, road.roadmap.starts)
    text = (f"Phased month by month, as work under way finishes and frees people, {count_text(len(phased), 'proposal')} "
            f"fit for {b.plan.money(road.roadmap.cost)}"
            + (f" ({b.plan.money(money.total)} a year where priced)" if money.priced else "")
            + (f", adding {_names(b.plan, adds)}" if adds else "")
            + (f" and dropping {_names(b.plan, drops)}" if drops else "")
            + ". That plan holds only if the work under way finishes on its dates")
    return text + "."


def _phasing_decision(b: Board) -> str | None:
    road = b.road
    if road is None or not road.roadmap.starts or set(road.roadmap.starts) == set(b.plan.selection.funded):
        return None
    return (f"Or approve the phased plan instead ({count_text(len(road.roadmap.starts), 'proposal')}, "
            f"{b.plan.money(road.roadmap.cost)}), which relies on work under way finishing on time")


def decisions(b: Board) -> list[Decision]:
    """What the deliverable asks for, who decides (the funding owner in the RACI) and by when."""
    plan, who, by = b.plan, decider(b.client), decide_by(b.client, b.as_of)
    if plan.empty and len(plan.loaded):
        return [Decision("Confirm there is nothing to fund this round: every initiative is already committed, "
                         "on hold, done or stopped", who, by)]
    if plan.empty:
        return [Decision("Send the portfolio of proposals to be prioritised", who, by)]
    if plan.infeasible:
        fix = plain.findings(plan)[1].removeprefix("To make a decision possible: ")
        return [Decision("Make a funding decision possible: " + fix.split(". Until")[0], who, by)]
    sel = plan.selection
    out = [Decision(f"Approve funding for the {count_text(len(sel.funded), 'proposal')} of the plan: "
                    f"{plan.money(sel.total_cost)} one-off" + (f", {plan.money(b.money.total)} a year where priced"
                                                              if b.money.priced else ""), who, by)]
    phased = _phasing_decision(b)
    if phased:
        out.append(Decision(phased, who, by))
    if b.close_calls:
        out.append(Decision(f"Decide the {count_text(len(b.close_calls), 'close call')} on judgement: "
                            + _names(plan, b.close_calls), who, by))
    ahp = plan.ahp
    if ahp is not None and plan.method == "ahp" and not ahp.consistent and ahp.worst is not None:
        from playbook.prioritisation.paradoxes import label

        out.append(Decision(f"Re-take the judgement '{label(ahp.worst.a)} over {label(ahp.worst.b)}' with the "
                            "committee before the list is approved", who, by))
    elif b.money.unpriced and len(out) < 4:
        out.append(Decision(f"Ask the owners of the {count_text(len(b.money.unpriced), 'funded proposal')} without "
                            "a priced benefit to price one before funding is released", who, by))
    return out[:4]


# --- the funded set, with its money ---------------------------------------------------------------


def funded_table(b: Board, limit: int = 15) -> pd.DataFrame:
    """Today's funded proposals by score: score, one-off cost, annual benefit at target and the share
    of alternatives funding them; past `limit` rows one 'and N more' row sums the rest (the appendix
    lists them), and a total row comes last."""
    r = ranking(b.plan)
    r = r[r["funded"]]
    benefit = money_column(b.register, r.index)
    frame = pd.DataFrame({
        "Proposal": [named(b.plan, i) for i in r.index],
        "Score": [number_text(s, 2) for s in r["score"]],
        "Cost (one-off)": [b.plan.money(c) for c in r["cost"]],
        "Benefit a year at target": [b.plan.money(v) if v is not None else "not priced" for v in benefit],
        "Funded in alternatives": [percent_text(p) if pd.notna(p) else "n/a" for p in r["p_funded"]],
    })
    rows = [frame.iloc[:limit]]
    if len(r) > limit:
        rows.append(_sum_row(b, r.iloc[limit:], [v for v in benefit[limit:] if v is not None],
                             f"and {len(r) - limit} more (in the appendix's full cut list)"))
    rows.append(_sum_row(b, r, [v for v in benefit if v is not None], f"Total: {count_text(len(r), 'proposal')}"))
    return pd.concat(rows, ignore_index=True)


def _sum_row(b: Board, r: pd.DataFrame, priced: list[float], label: str) -> pd.DataFrame:
    return pd.DataFrame({"Proposal": [label], "Score": [number_text(r["score"].sum(), 2)],
                         "Cost (one-off)": [b.plan.money(float(r["cost"].sum()))],
                         "Benefit a year at target": [b.plan.money(sum(priced)) if priced else "not priced"],
                         "Funded in alternatives": [""]})


def results_entries(b: Board) -> dict:
    """What the decision page adds to the results JSON: by when and who, the funded proposals'
    benefit money per initiative (annual run-rate at target) and the summary's headline figures."""
    return {"decide_by": decide_by(b.client, b.as_of).isoformat(), "decider": decider(b.client),
            "benefit_run_rate": {i: float(v) for i, v in b.money.per_initiative.items()},
            "headline": _headline(b)}


def _headline(b: Board) -> dict:
    sel = b.plan.selection
    return {"funded_cost": float(sel.total_cost), "funded_count": len(sel.funded),
            "benefit_total": b.money.total if b.money.priced else None,
            "benefit_priced": list(b.money.priced), "benefit_unpriced": list(b.money.unpriced),
            "settled": b.settled, "close_calls": b.close_calls,
            "method_checks": {c.method: {"kept": list(c.kept), "funded": list(c.funded)} for c in b.checks}}


def plain_words(text: str) -> str:
    """Criterion field names in a sentence as the client says them (strategic_fit -> Strategic fit)."""
    return re.sub(r"\b([a-z]+(?:_[a-z]+)+)\b", lambda m: m.group(1).replace("_", " ").capitalize(), text)
