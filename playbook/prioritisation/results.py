"""The prioritisation deliverable's figures: the Plan computed once from the loaded portfolio and
client.yaml, the tables the notebook shows and the results JSON.

The executive sentences built from a Plan live in playbook.prioritisation.findings.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from playbook.prioritisation import ahp
from playbook.prioritisation.alignment import capacity_use, objective_alignment, orphans
from playbook.prioritisation.commitments import WORDS, Commitments, commitments, counted, proposals, remaining_cost
from playbook.prioritisation.scoring import (
    FTE_PREFIX, Criterion, PrioritisationError, client_criteria, constant_criteria, method_agreement, weighted_scores,
    wsjf_scores,
)
from playbook.prioritisation.selection import LOWER_VALUE, OPTIMAL, Selection, frontier, greedy_select, select
from playbook.prioritisation.solver import DEFAULT_TIME_LIMIT, Clock
from playbook.prioritisation.sensitivity import NOT_TESTED, ON_THE_BUBBLE, ROBUST_CORE, sensitivity
from playbook.report.formatting import money_text, number_text, percent_text

if TYPE_CHECKING:
    from playbook.intake.client import Client

METHOD_NAMES = {"weighted": "weighted scoring", "ahp": "AHP-weighted scoring", "wsjf": "WSJF"}
DRAWS = 500
SEED = 20261122
FUNDED, MANDATORY, NOT_FUNDED = "funded", "funded (mandatory)", "not funded"
LEFT_OUT = "left out: every initiative is rated the same"
NO_PROPOSALS = "there are no proposals to decide: every initiative is already committed, on hold, done or stopped"


@dataclass(frozen=True)
class Plan:
    """Everything the prioritisation deliverable reports, for one client as its files stand."""

    method: str
    currency: str
    budget: float
    capacity: dict[str, float]
    criteria: list[Criterion]  # with the weights used: AHP's when the method is ahp
    portfolio: pd.DataFrame  # the proposals: what the decision is about
    value: pd.Series  # the score the selection maximises
    scores: dict[str, pd.Series]  # every method the data supports
    agreement: pd.DataFrame  # Kendall's tau between those methods
    ahp: ahp.AhpResult | None
    judgements: dict[tuple[str, str], float]  # as written in client.yaml
    selection: Selection
    greedy: Selection
    frontier: pd.DataFrame
    sensitivity: pd.DataFrame
    alignment: pd.DataFrame
    capacity_use: pd.DataFrame  # committed work's and the funded proposals' demand
    demand: pd.DataFrame  # committed work's and every proposal's demand, as if all were funded
    objectives: dict[str, str]  # objective id -> title
    draws: int
    notes: tuple[str, ...]  # what could not be computed, in words
    loaded: pd.DataFrame  # portfolio.csv as loaded, every status; `portfolio` holds its proposals
    committed: Commitments  # what approved and in-flight work takes from the budget and the teams
    left_out: tuple[str, ...] = ()  # criteria every proposal is rated the same on: out of the scores
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds for all the solves together
    draws_requested: int = DRAWS  # `draws` is how many the time limit let run

    @property
    def empty(self) -> bool:
        return self.portfolio.empty

    @property
    def infeasible(self) -> bool:
        return self.selection.status == "infeasible"

    def money(self, value: float) -> str:
        """£4.5m, £450k: money as every deliverable writes it (playbook.report.formatting)."""
        return money_text(value, self.currency)


def plan(loaded: pd.DataFrame, client: Client, draws: int = DRAWS, seed: int = SEED) -> Plan:
    """Score the proposals, select, sweep the budget, test the robustness (skipped with draws=0,
    for live re-solving) and check alignment and capacity, committed work counted throughout."""
    s = client.prioritisation
    committed = commitments(loaded)
    portfolio = proposals(loaded)
    criteria, notes, result = client_criteria(client), [], None
    if s.pairwise or s.method == "ahp":
        result = ahp.ahp_weights([c.name for c in criteria], ahp.client_judgements(client))
    scores: dict[str, pd.Series] = {}
    if criteria and not portfolio.empty:
        scores["weighted"] = weighted_scores(portfolio, criteria)
        if result is not None:
            ahp_criteria = [replace(c, weight=result.weights[c.name]) for c in criteria]
            scores["ahp"] = weighted_scores(portfolio, ahp_criteria).rename("ahp")
            if s.method == "ahp":
                criteria = ahp_criteria
    if not portfolio.empty:
        try:
            wsjf = wsjf_scores(portfolio)
        except PrioritisationError:
            wsjf = None
            notes.append("WSJF is not compared: some initiatives lack its four ratings.")
        if wsjf is not None:
            scores["wsjf"] = wsjf
    objectives = {o.id: o.title or o.id for o in client.objectives}
    budget = float(s.budget or 0.0)
    if portfolio.empty:
        why = (NO_PROPOSALS if len(loaded) else "there are no initiatives in portfolio.csv yet")
        none = Selection("infeasible", (), 0.0, 0.0, {}, {}, why)
        empty = pd.DataFrame()
        return Plan(
            method=s.method, currency=client.currency, budget=budget, capacity=dict(s.capacity), criteria=criteria,
            portfolio=portfolio, value=pd.Series(dtype=float), scores=scores, agreement=empty, ahp=result,
            judgements=ahp.client_judgements(client), selection=none, greedy=none, frontier=empty, sensitivity=empty,
            alignment=empty, capacity_use=empty, demand=empty, objectives=objectives, draws=draws, notes=tuple(notes),
            loaded=loaded, committed=committed)
    value = scores[s.method]
    args = (loaded, value, budget, s.capacity, s.forced_out)
    clock = Clock(s.time_limit_s)  # the selection first, then the frontier and the Monte Carlo share the rest
    selection = select(*args, clock=clock.part(0.5))
    curve = frontier(*args, clock=clock.part(0.4))
    robustness = sensitivity(loaded, criteria, budget, s.capacity, s.forced_out, draws=draws, seed=seed,
                             method=s.method, clock=clock) if draws > 0 else _untested(portfolio)
    in_play = counted(loaded)
    return Plan(
        method=s.method, currency=client.currency, budget=budget, capacity=dict(s.capacity), criteria=criteria,
        portfolio=portfolio, value=value, scores=scores, agreement=method_agreement(scores), ahp=result,
        judgements=ahp.client_judgements(client), selection=selection, greedy=greedy_select(*args), frontier=curve,
        sensitivity=robustness, alignment=objective_alignment(portfolio, selection.funded),
        capacity_use=capacity_use(in_play, committed.committed + selection.funded, s.capacity),
        demand=capacity_use(in_play, in_play.index, s.capacity),
        objectives=objectives, draws=robustness.attrs.get("draws", draws), notes=tuple(notes), loaded=loaded,
        committed=committed, left_out=tuple(constant_criteria(portfolio, criteria) if s.method != "wsjf" else ()),
        time_limit=s.time_limit_s, draws_requested=draws)


def _untested(portfolio: pd.DataFrame) -> pd.DataFrame:
    """The sensitivity frame of a plan made without draws (the workshop's live re-solve)."""
    return pd.DataFrame({"p_funded": np.nan, "se": np.nan, "band": NOT_TESTED}, index=portfolio.index)


def ranking(plan: Plan) -> pd.DataFrame:
    """One row per initiative in the order of the cut list: funded by score, then the rest by score."""
    p, sel = plan.portfolio, plan.selection
    funded = set(sel.funded)
    frame = pd.DataFrame({
        "name": p["name"], "objective": p["objective"], "cost": p["cost"].astype(float),
        "score": plan.value.astype(float), "rank": plan.value.rank(ascending=False, method="min").astype(int),
        "funded": [i in funded for i in p.index], "mandatory": p["mandatory"].astype(bool),
        "p_funded": plan.sensitivity["p_funded"].reindex(p.index).astype(float),
        "band": plan.sensitivity["band"].reindex(p.index),
    }, index=p.index)
    frame["status"] = [MANDATORY if f and m else FUNDED if f else NOT_FUNDED
                       for f, m in zip(frame["funded"], p["mandatory"])]
    frame["reason"] = [None if f or plan.infeasible else sel.reasons.get(i) for i, f in frame["funded"].items()]
    return frame.sort_values(["funded", "score", "cost"], ascending=[False, False, True], kind="stable")


def bubble_table(plan: Plan) -> pd.DataFrame:
    """The initiatives the decision is least sure about, closest to a coin toss first."""
    r = ranking(plan)
    r = r[r["band"] == ON_THE_BUBBLE]
    r = r.iloc[np.argsort(np.abs(r["p_funded"].to_numpy() - 0.5), kind="stable")]
    return pd.DataFrame({
        "Id": r.index, "Initiative": r["name"], "Objective": r["objective"].fillna("none"),
        "Cost": [plan.money(c) for c in r["cost"]],
        "Funded in alternatives": [share_text(x, e) for x, e in zip(r["p_funded"],
                                                                   plan.sensitivity["se"].reindex(r.index))],
        "In the plan": ["yes" if f else "no" for f in r["funded"]], "If not, why": r["reason"].fillna(""),
    })


def cut_list_table(plan: Plan) -> pd.DataFrame:
    """Every proposal in cut-list order, for the appendix: the charts above show the top of it."""
    r = ranking(plan)
    return pd.DataFrame({
        "Id": r.index, "Proposal": r["name"], "Objective": r["objective"].fillna("none"),
        "Cost (one-off)": [plan.money(c) for c in r["cost"]], "Score": [round(float(v), 2) for v in r["score"]],
        "Decision": r["status"],
        "Funded in alternatives": [share_text(x, e) for x, e in zip(r["p_funded"],
                                                                   plan.sensitivity["se"].reindex(r.index))],
        "If not, why": r["reason"].fillna(""),
    })


def committed_table(plan: Plan) -> pd.DataFrame:
    """Work already under way, with what it takes from the budget (remaining cost) and the teams."""
    rows = plan.loaded.loc[list(plan.committed.committed)]
    frame = pd.DataFrame({
        "Id": rows.index, "Initiative": rows["name"], "Status": [WORDS[s] for s in plan.committed.status[rows.index]],
        "Remaining cost": [plan.money(c) for c in remaining_cost(rows)],
    })
    for team in plan.capacity:
        frame[f"{team} FTE"] = rows[FTE_PREFIX + team].astype(float).fillna(0.0).to_numpy()
    return frame


def share_text(p: float, se: float) -> str:
    """'62% ± 2.2': a share of the draws with its sampling error (one standard error, in points)."""
    return "n/a" if pd.isna(p) else f"{percent_text(p)} ± {number_text(100 * se)}"


def weights_used(plan: Plan) -> dict[str, float]:
    """Each criterion's weight in the scores, summing to 1: client.yaml's (or AHP's), with a
    criterion every proposal is rated the same on left out at 0 and the rest rescaled."""
    kept = {c.name: 0.0 if c.name in plan.left_out else c.weight for c in plan.criteria}
    total = sum(kept.values())
    return {k: (w / total if total > 0 else 0.0) for k, w in kept.items()}


def weights_table(plan: Plan) -> pd.DataFrame:
    """The criteria with the weights the scoring uses: client.yaml's, or under AHP the eigenvector's."""
    used = weights_used(plan)
    return pd.DataFrame({
        "Criterion": [c.replace("_", " ").capitalize() for c in used],
        "Direction": [LEFT_OUT if c.name in plan.left_out else "lower is better" if c.lower_is_better
                      else "higher is better" for c in plan.criteria],
        "Weight used": list(used.values()),
    })


def value_at(plan: Plan, budget: float) -> float | None:
    """The optimal score at another budget, read off the frontier (None where infeasible)."""
    f = plan.frontier.dropna(subset=["optimal_value"])
    if f.empty or budget < f["budget"].min():
        return None
    return float(np.interp(budget, f["budget"], f["optimal_value"]))


WHY_NOT = {"budget": "the budget", "capacity of team": "capacity", "depends on": "an unfunded prerequisite",
           "excluded by": "an exclusive alternative", "forced out": "forced out", LOWER_VALUE: "lower value"}


def why_not(plan: Plan) -> pd.Series:
    """How many unfunded initiatives each rule keeps out, most first: 'the budget',
    'Operations capacity', 'an unfunded prerequisite', ..."""
    kinds = [plan.selection.limits.get(i, WHY_NOT[LOWER_VALUE]) for i in plan.selection.reasons]
    return pd.Series(kinds, dtype=object).value_counts()


def results(plan: Plan) -> dict:
    """The figures written to <client>/prioritisation.results.json (NaN becomes null)."""
    def num(x: float | None) -> float | None:
        return None if x is None or not np.isfinite(x) else round(float(x), 6)

    sel = plan.selection
    sens = plan.sensitivity
    pairs = {f"{a} vs {b}": num(plan.agreement.at[a, b]) for a, b in combinations(plan.agreement.index, 2)} \
        if not plan.agreement.empty else {}
    return {
        "method": plan.method,
        "status": {str(i): str(x) for i, x in plan.committed.status.items()},
        "cost": {str(i): num(float(c)) for i, c in plan.loaded["cost"].items()},  # one story: the same money everywhere
        "committed": list(plan.committed.committed),
        "committed_cost": num(plan.committed.cost),
        "committed_fte": {t: num(x) for t, x in plan.committed.fte.items()},
        "weights": {k: num(w) for k, w in weights_used(plan).items()},
        "left_out_criteria": list(plan.left_out),
        "consistency_ratio": num(plan.ahp.cr) if plan.ahp is not None else None,
        "budget": num(plan.budget),
        "currency": plan.currency,
        "selected": list(sel.funded),
        "funded_count": len(sel.funded),
        "total_cost": num(sel.total_cost),
        "total_value": num(sel.total_value),
        "optimality": {"status": sel.status, "proven": sel.status == OPTIMAL, "gap": num(sel.gap),
                       "bound": num(sel.bound), "time_limit_s": plan.time_limit},
        "infeasible": plan.infeasible,
        "infeasible_reason": sel.infeasible_reason,
        "unfunded_reasons": dict(sel.reasons),
        "funding_probability": {} if sens.empty else {i: num(v) for i, v in sens["p_funded"].items()},
        "funding_probability_se": {} if sens.empty else {i: num(v) for i, v in sens["se"].items()},
        "robust_core": [] if sens.empty else list(sens.index[sens["band"] == ROBUST_CORE]),
        "on_the_bubble": [] if sens.empty else list(sens.index[sens["band"] == ON_THE_BUBBLE]),
        "draws": plan.draws,
        "draws_requested": plan.draws_requested,
        "method_agreement": pairs,
        "capacity_utilisation": {} if plan.capacity_use.empty
        else {t: num(u) for t, u in plan.capacity_use["utilisation"].items()},
        "orphans": [] if plan.empty else orphans(plan.portfolio),
    }
