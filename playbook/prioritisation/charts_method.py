"""The prioritisation deliverable's appendix charts: how alike the scoring methods rank the
proposals, and how consistent the pairwise judgements are. They name the statistics, so they sit
after the appendix mark."""
from __future__ import annotations

from itertools import combinations

import altair as alt
import numpy as np
import pandas as pd

from playbook.prioritisation import results
from playbook.prioritisation.results import Plan
from playbook.report.theme import palette


# --- method agreement -----------------------------------------------------------------------


def agreement(plan: Plan) -> alt.HConcatChart:
    """Rank under one method against rank under another, one panel per pair of methods."""
    p = palette()
    panels = []
    ranks = {m: s.rank(ascending=False, method="min") for m, s in plan.scores.items()}
    funded = set(plan.selection.funded)
    for a, b in combinations(plan.scores, 2):
        d = pd.DataFrame({"x": ranks[a], "y": ranks[b]}).join(plan.portfolio[["name"]]).reset_index(names="id")
        d["decision"] = ["in the plan" if i in funded else "not in the plan" for i in d["id"]]
        n = len(d)
        tau = plan.agreement.at[a, b]
        points = alt.Chart(d).mark_point(size=70, filled=True, opacity=0.85).encode(
            x=alt.X("x:Q", title=f"Rank by {results.METHOD_NAMES[a]}", scale=alt.Scale(domain=[0, n + 1], nice=False)),
            y=alt.Y("y:Q", title=f"Rank by {results.METHOD_NAMES[b]}",
                    scale=alt.Scale(domain=[0, n + 1], nice=False, reverse=True)),
            color=alt.Color("decision:N", scale=alt.Scale(domain=["in the plan", "not in the plan"],
                                                          range=[p["accent"], p["muted"]]),
                            legend=alt.Legend(title=None, orient="top")),
            shape=alt.Shape("decision:N", scale=alt.Scale(domain=["in the plan", "not in the plan"],
                                                          range=["circle", "triangle-down"]),
                            legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("id:N", title="Id"), alt.Tooltip("name:N", title="Initiative"),
                     alt.Tooltip("x:Q", title=f"Rank ({a})"), alt.Tooltip("y:Q", title=f"Rank ({b})"),
                     alt.Tooltip("decision:N", title="Decision")])
        diagonal = alt.Chart(pd.DataFrame({"x": [1, n], "y": [1, n]})).mark_line(
            strokeDash=[4, 3], color=p["muted"]).encode(x=alt.X("x:Q"), y=alt.Y("y:Q"))
        panels.append(alt.layer(
            diagonal, points, width=260, height=260,
            title=alt.Title(f"{results.METHOD_NAMES[a]} vs {results.METHOD_NAMES[b]}",
                            subtitle=f"Kendall's tau {tau:.2f} ({_tau_words(tau)})", fontSize=13)))
    return alt.hconcat(
        *panels, title=alt.Title("Do the methods agree?",
                                 subtitle="Each dot is an initiative; on the dashed diagonal both methods rank it the same"))


def _tau_words(tau: float) -> str:
    return ("strong agreement" if tau >= 0.7 else "moderate agreement" if tau >= 0.4
            else "weak agreement" if tau >= 0.1 else "no real agreement")


def describe_agreement(plan: Plan) -> str:
    pairs = [f"{results.METHOD_NAMES[a]} and {results.METHOD_NAMES[b]}: tau {plan.agreement.at[a, b]:.2f}, "
             f"{_tau_words(plan.agreement.at[a, b])}" for a, b in combinations(plan.scores, 2)]
    return "Kendall's tau between the rankings (1 = identical order, 0 = unrelated): " + "; ".join(pairs) + "."


# --- AHP consistency ------------------------------------------------------------------------


def ahp_consistency(plan: Plan) -> alt.LayerChart:
    """Each judgement as given against the value the other judgements imply, on Saaty's scale."""
    p = palette()
    res = plan.ahp
    worst = (res.worst.a, res.worst.b) if res.worst else None
    together = res.worst is not None and not res.worst.pinned  # three criteria: one loop, no single culprit
    rows = []
    for (a, b), given in plan.judgements.items():
        implied = res.implied(a, b)
        flag = "revisit together" if together else "revisit" if worst == (a, b) else "consistent enough"
        label = f"{a} over {b}"
        rows += [{"label": label, "kind": "as judged", "value": given, "flag": flag, "order": -abs(np.log(given / implied))},
                 {"label": label, "kind": "implied by the others", "value": implied, "flag": flag,
                  "order": -abs(np.log(given / implied))}]
    d = pd.DataFrame(rows)
    d["text"] = [_saaty(v) for v in d["value"]]
    order = list(d.sort_values("order")["label"].drop_duplicates())
    x = alt.X("value:Q", scale=alt.Scale(type="log", domain=[1 / 9, 9]), title="How many times more important",
              axis=alt.Axis(values=[1 / 9, 1 / 5, 1 / 3, 1, 3, 5, 9],
                            labelExpr="datum.value >= 1 ? format(datum.value, 'd') : '1/' + format(1 / datum.value, 'd')"))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    line = alt.Chart(d).mark_line(strokeWidth=3, color="#c9d1da").encode(x=x, y=y, detail=alt.Detail("label:N"))
    worst_line = alt.Chart(d[d["flag"] != "consistent enough"]).mark_line(strokeWidth=4, color=p["target"]).encode(
        x=x, y=y, detail=alt.Detail("label:N"))
    points = alt.Chart(d).mark_point(size=110, filled=True).encode(
        x=x, y=y, shape=alt.Shape("kind:N", scale=alt.Scale(domain=["as judged", "implied by the others"],
                                                            range=["circle", "diamond"]),
                                  legend=alt.Legend(title=None, orient="top")),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["as judged", "implied by the others"],
                                                  range=[p["accent"], p["target"]]),
                        legend=alt.Legend(title=None, orient="top")),
        tooltip=[alt.Tooltip("label:N", title="Judgement"), alt.Tooltip("kind:N", title="Value"),
                 alt.Tooltip("text:N", title="On Saaty's scale"), alt.Tooltip("flag:N", title="Reading")])
    flags = alt.Chart(d[(d["flag"] != "consistent enough") & (d["kind"] == "as judged")]).mark_text(
        align="left", dx=12, fontWeight="bold", color=p["target"], fontSize=11).encode(
        x=x, y=y, text=alt.TextValue("revisit together" if together else "revisit first"))
    verdict = "consistent" if res.consistent else "not consistent"
    return alt.layer(
        line, worst_line, points, flags, width=520, height=alt.Step(34),
        title=alt.Title("AHP: how consistent are the judgements?",
                        subtitle=f"CR {res.cr:.2f} against Saaty's limit of 0.10: {verdict}. Longest lines "
                                 f"stray furthest from the other judgements"))


def _saaty(value: float) -> str:
    return f"{value:.1f}" if value >= 1 else f"1/{1 / value:.1f}"


def describe_ahp(plan: Plan) -> str:
    res = plan.ahp
    weights = ", ".join(f"{k} {v:.0%}" for k, v in sorted(res.weights.items(), key=lambda kv: -kv[1]))
    text = (f"Weights from the principal eigenvector: {weights}. λmax {res.lambda_max:.3f}, CI {res.ci:.3f}, "
            f"CR {res.cr:.3f}.")
    return text + (" " + res.warning() if res.warning() else " The judgements are consistent enough to use.")
