"""The roadmap's sentences for the executive and its figures for the results JSON."""
from __future__ import annotations

import numpy as np

from playbook.prioritisation.roadmap import BEST_FOUND, INFEASIBLE
from playbook.prioritisation.roadmap_report import (
    MODEL_NOTE, MONTE_CARLO_MODEL, RoadmapView, _names, change_words, utilisation,
)
from playbook.prioritisation.roadmap_whatif import BUDGET, HIRE


def findings(view: RoadmapView) -> list[str]:
    """Three to five sentences: when the work happens, what limits it, what a hire buys, the scenarios."""
    r, given = view.roadmap, view.inputs
    if r.status == INFEASIBLE:
        return [f"**No roadmap is possible as the portfolio stands**: {r.infeasible_reason}."]
    out = [_when(view)]
    busy = _bottleneck(view)
    if busy:
        out.append(busy)
    hire = _best_hire(view)
    if hire:
        out.append(hire)
    if view.one_period:
        out.append(_against_one_period(view))
    if r.status == BEST_FOUND:
        out.append(f"This plan is the best found within the time limit; no plan can score more than "
                   f"{r.gap:.1%} above it.")
    if given.defaulted:
        out.append(f"{len(given.defaulted)} proposal{'s have' if len(given.defaulted) > 1 else ' has'} no start "
                   f"and finish in the portfolio, so each is planned as a {_default(view)}-month "
                   "effort that may start at once; dates in the portfolio make the roadmap truer.")
    return out


def _default(view: RoadmapView) -> int:
    by_id = {p.id: p for p in view.inputs.problem.proposals}
    return by_id[view.inputs.defaulted[0]].duration


def _when(view: RoadmapView) -> str:
    r = view.roadmap
    if not r.starts:
        return "**The roadmap funds nothing**: " + (next(iter(r.reasons.values()), "no proposal fits") + ".")
    starts = list(r.starts.values())
    soon = sum(s < 3 for s in starts)
    last_id = max(r.starts, key=lambda i: (r.starts[i], i))
    text = (f"**{len(starts)} initiatives are funded and scheduled** for {view.money(r.cost)}: {soon} start by "
            f"{view.month(min(2, view.inputs.timeline.months - 1))}, the last ({view.name(last_id)}) in "
            f"{view.month(r.starts[last_id])}, and all finish by {view.month(max(r.finishes.values()))}")
    if view.inputs.committed:
        text += f", alongside {len(view.inputs.committed)} committed initiatives already under way"
    return text + "."


def _bottleneck(view: RoadmapView) -> str | None:
    use = utilisation(view)
    full = (use >= 0.95).sum(axis=1)
    if full.max() <= 0:
        return None
    team = full.idxmax()
    over = int((use.loc[team] > 1.0 + 1e-9).sum())
    text = (f"{team} is the constraint: at least 95% used in {int(full[team])} of {use.shape[1]} months")
    if over:
        text += f", and over capacity in {over} month{'s' if over > 1 else ''} from committed work alone"
    return text + "."


def _best_hire(view: RoadmapView) -> str | None:
    hires = [c for c in view.changes if c.kind == HIRE]
    best = max(hires, key=lambda c: (c.difference.gain, len(c.difference.earlier)), default=None)
    money = next((c for c in view.changes if c.kind == BUDGET), None)
    parts = []
    if best is not None and (best.difference.gain > 1e-9 or best.difference.added or best.difference.earlier):
        parts.append(f"One more {best.team} FTE {change_words(view, best.difference)}"
                     + (f" (+{best.difference.gain:.2f} score)" if best.difference.gain > 1e-9 else ""))
    elif hires:
        parts.append("One more person in any team would change nothing: money, not people, limits the plan")
    if money is not None and money.difference.gain > 1e-9:
        parts.append(f"10% more budget {change_words(view, money.difference)} (+{money.difference.gain:.2f} score)")
    return ("; ".join(parts) + ".") if parts else None


def _against_one_period(view: RoadmapView) -> str:
    funded, one = set(view.roadmap.starts), set(view.one_period)
    if funded == one:
        return "Scheduling month by month confirms the recommended set: the same initiatives fit."
    more, fewer = sorted(funded - one), sorted(one - funded)
    text = "Scheduled month by month the set changes"
    if more:
        text += f": {_names(view, more)} also fit{'s' if len(more) == 1 else ''}, because not everything runs at once"
    if fewer:
        why = view.roadmap.reasons.get(fewer[0], "")
        text += (f"{';' if more else ':'} {_names(view, fewer)} no longer fit{'s' if len(fewer) == 1 else ''}"
                 + (f" ({fewer[0]}: {why})" if why else ""))
    return text + "."


def results(view: RoadmapView) -> dict:
    """The roadmap's figures for <client>/prioritisation.results.json."""
    r, t = view.roadmap, view.inputs.timeline

    def month(i: int) -> str:
        return t.month(i).strftime("%Y-%m")

    def plan(p) -> dict:
        return {"status": p.status, "value": round(p.value, 6), "bound": round(p.bound, 6), "gap": round(p.gap, 6),
                "cost": round(p.cost, 2), "selection": list(p.starts),
                "starts": {i: month(s) for i, s in p.starts.items()}}

    use = utilisation(view)
    return {
        "horizon_months": t.months, "first_month": month(0), "delay_discount": view.inputs.problem.delay_discount,
        **plan(r), "finishes": {i: month(s) for i, s in r.finishes.items()},
        "infeasible_reason": r.infeasible_reason, "unfunded_reasons": dict(r.reasons),
        "committed": list(view.inputs.committed), "default_duration_used_for": list(view.inputs.defaulted),
        "utilisation": {team: [None if not np.isfinite(x) else round(float(x), 4) for x in row]
                        for team, row in use.iterrows()},
        "what_ifs": [{"change": c.kind, "team": c.team, "gain": round(c.difference.gain, 6),
                      "added": list(c.difference.added),
                      "dropped": list(c.difference.dropped), "earlier": c.difference.earlier,
                      "later": c.difference.later, "exact": c.difference.exact} for c in view.changes],
        "scenarios": {name: {**plan(p), "gain_at_today_values": round(d.gain, 6), "added": list(d.added),
                             "dropped": list(d.dropped), "infeasible_reason": p.infeasible_reason}
                      for name, (p, d) in view.scenarios.items()},
        "monte_carlo_model": MONTE_CARLO_MODEL, "monte_carlo_note": MODEL_NOTE,
    }
