"""The prioritisation deliverable's charts. Each takes the Plan and returns an altair chart built
from a small aggregated frame, with a companion `describe_*` giving the sentence under it.
Colour never carries meaning alone: funded, on the bubble and over capacity are also written
as words or marked by a line, a shape or a dash."""
from __future__ import annotations


import altair as alt
import numpy as np
import pandas as pd

from playbook.prioritisation import alignment, results, sensitivity
from playbook.prioritisation.commitments import counted
from playbook.prioritisation.results import Plan
from playbook.report.formatting import number_text
from playbook.report.theme import palette

ROW = 20  # pixels per initiative in the list charts (30 when a name wraps onto a second line)
LIMIT = 25  # rows a list chart shows when there are too many; the rest are counted and listed in the appendix
ALL_UP_TO = 30  # a list this long is shown whole (30 rows of 30 px still fit a printed page)
WRAP = 44  # characters of a label's line before it wraps
BANDS = [sensitivity.ROBUST_CORE, sensitivity.ON_THE_BUBBLE, sensitivity.OUT]
BAND_WORDS = {sensitivity.ROBUST_CORE: "funded in 90% or more", sensitivity.ON_THE_BUBBLE: "close call (10–90%)",
              sensitivity.OUT: "funded in 10% or less"}
UTIL_BANDS = [alignment.UNDER, alignment.WITHIN, alignment.OVER]


def _label(frame: pd.DataFrame) -> list[str]:
    """'I12 Customs declaration platform', wrapped at word boundaries into lines joined by '|'
    (the axis splits them), so a long name is never cut."""
    out = []
    for i, n in zip(frame.index, frame["name"]):
        lines, line = [], ""
        for word in f"{i} {n}".replace("|", "/").split():
            if line and len(line) + 1 + len(word) > WRAP:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        out.append("|".join([*lines, line]))
    return out


def _row(labels: list[str]) -> int:
    return 30 if any("|" in x for x in labels) else ROW


def _label_axis() -> alt.Axis:
    return alt.Axis(labelLimit=330, labelFontSize=12, labelExpr="split(datum.label, '|')")


def shown_rows(r: pd.DataFrame, limit: int = LIMIT, below: int = 8) -> tuple[pd.DataFrame, int]:
    """The cut list a page can hold: the funded rows by score, then those just below the cut line;
    and how many are left out of the chart (the appendix lists them)."""
    if len(r) <= max(limit, ALL_UP_TO):
        return r, 0
    funded, rest = r[r["funded"]], r[~r["funded"]]
    n_funded = min(len(funded), limit - min(below, len(rest)))
    n_rest = min(len(rest), limit - n_funded)
    return pd.concat([funded.iloc[:n_funded], rest.iloc[:n_rest]]), len(r) - n_funded - n_rest


def _more(hidden: int) -> str:
    return f"; and {hidden} more, listed in full in the appendix" if hidden else ""


def _money_axis(plan: Plan, title: str | None, ticks: int | None = None) -> alt.Axis:
    """Axis labels like £4.5m, from values in units of money."""
    symbol = plan.money(1)[:-1]
    return alt.Axis(title=title, labelExpr=f"'{symbol}' + format(datum.value / 1e6, '.1f') + 'm'",
                    **({"tickCount": ticks} if ticks else {}))


def _status_scale(p: dict) -> alt.Scale:
    return alt.Scale(domain=[results.FUNDED, results.MANDATORY, results.NOT_FUNDED],
                     range=[p["accent"], "#0e7490", "#c9d1da"])


# --- the cut list ---------------------------------------------------------------------------


def ranked(plan: Plan) -> alt.HConcatChart:
    """Every initiative in cut-list order: funded above the dashed cut line, then the rest with
    the reason each one missed out."""
    p = palette()
    r, hidden = shown_rows(results.ranking(plan))
    d = r.reset_index(names="id").assign(label=_label(r), cost_text=[plan.money(c) for c in r["cost"]],
                                         p_text=[f"{x:.0%}" if pd.notna(x) else "n/a" for x in r["p_funded"]])
    d["note"] = [f"{c} · {_brief(why)}" if isinstance(why, str) else f"{c} · mandatory" if must else c
                 for c, why, must in zip(d["cost_text"], d["reason"], d["mandatory"])]
    order = list(d["label"])
    row = _row(order)
    y = alt.Y("label:N", sort=order, title=None, axis=_label_axis())
    y_plain = alt.Y("label:N", sort=order, axis=None)
    tip = [alt.Tooltip("label:N", title="Initiative"), alt.Tooltip("status:N", title="Decision"),
           alt.Tooltip("score:Q", format=".3f", title="Score"), alt.Tooltip("rank:Q", title="Rank by score"),
           alt.Tooltip("cost_text:N", title="Cost"), alt.Tooltip("p_text:N", title="Funded in draws"),
           alt.Tooltip("reason:N", title="Why not funded")]
    base = alt.Chart(d).encode(y=y, tooltip=tip)
    bars = base.mark_bar(height=row - 6).encode(
        x=alt.X("score:Q", title=score_title(plan), axis=alt.Axis(tickCount=4)),
        color=alt.Color("status:N", scale=_status_scale(p), legend=alt.Legend(title=None, orient="top")))
    notes = base.mark_text(align="left", dx=0, fontSize=11).encode(
        y=y_plain, x=alt.XValue(0), text=alt.Text("note:N"),
        color=alt.ColorValue(p["muted"], condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test=alt.datum.funded, value=p["text"])))
    layers_left, layers_right = [bars], [notes]
    unfunded = d[~d["funded"]]
    if len(unfunded) and d["funded"].any():
        cut = pd.DataFrame({"label": [unfunded["label"].iloc[0]],
                            "text": [f"Cut line: {plan.money(plan.selection.total_cost)} of "
                                     f"{plan.money(max(plan.budget - plan.committed.cost, 0.0))} "
                                     + ("left after work under way" if plan.committed else "budget")]})
        rule = alt.Chart(cut).mark_rule(color=p["target"], strokeDash=[6, 3], strokeWidth=2, yOffset=-row / 2)
        layers_left.append(rule.encode(y=y))
        layers_right.append(rule.encode(y=y_plain))
        layers_right.append(alt.Chart(cut).mark_text(align="right", baseline="bottom", dy=-row / 2 - 2, fontSize=11,
                                                     fontWeight="bold", color=p["target"]).encode(
            y=y_plain, x=alt.XValue(330), text=alt.Text("text:N")))
    height = row * len(d)
    left = alt.layer(*layers_left, width=220, height=height)
    right = alt.layer(*layers_right, width=330, height=height,
                      title=alt.Title("Cost · why not funded", fontSize=12, fontWeight="normal", color=p["muted"]))
    return alt.HConcatChart(
        hconcat=[left, right], spacing=8, resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")),
        title=alt.Title("The cut list", subtitle="Funded proposals by score above the dashed line; below it, each "
                                                 "unfunded one with the rule it would break" + _more(hidden)))


def _brief(reason: str) -> str:
    """A reason short enough for the chart's note column; the tooltip and the tables keep it whole."""
    return reason.replace(" after work under way and the funded proposals", "").replace("capacity of team ", "")


def score_title(plan: Plan) -> str:
    """The score axis with its unit: 0 to 1 for weighted scoring, a ratio for cost of delay."""
    return ("Score (cost of delay ÷ job size)" if plan.method == "wsjf"
            else "Score (0 = weakest, 1 = strongest on every criterion)")


def describe_ranked(plan: Plan) -> str:
    sel = plan.selection
    if plan.infeasible:
        return (f"All {len(plan.portfolio)} initiatives ranked by score. No funding line is drawn: "
                f"{sel.infeasible_reason}.")
    parts = "; ".join(f"{k}: {n}" for k, n in results.why_not(plan).items())
    _, hidden = shown_rows(results.ranking(plan))
    return (f"{len(sel.funded)} proposals are funded for {plan.money(sel.total_cost)} of the "
            f"{plan.money(plan.budget)} budget; {len(sel.reasons)} are not. What keeps them out: {parts}."
            + (f" The chart shows {len(plan.portfolio) - hidden} of them; the other {hidden} are in the appendix's "
               "full cut list." if hidden else ""))


# --- the efficient frontier -----------------------------------------------------------------


def frontier(plan: Plan) -> alt.LayerChart:
    """Best achievable score at each budget (exact) against the value-for-money ranking."""
    p = palette()
    f = plan.frontier
    names = {"optimal_value": "Optimal selection", "greedy_value": "Ranking by value for money"}
    long = f.melt(id_vars=["budget", "n_funded"], value_vars=list(names), var_name="series",
                  value_name="score").dropna(subset=["score"])
    long["series"] = long["series"].map(names)
    long["budget_text"] = [plan.money(b) for b in long["budget"]]
    x = alt.X("budget:Q", axis=_money_axis(plan, f"Budget ({plan.money(1)[:-1]}m, one-off)"),
              scale=alt.Scale(domain=[0, 1.5 * plan.budget]))
    lines = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=28), strokeWidth=2.5).encode(
        x=x, y=alt.Y("score:Q", title="Total score funded (sum of the funded proposals' scores)"),
        color=alt.Color("series:N", scale=alt.Scale(domain=list(names.values()), range=[p["accent"], p["muted"]]),
                        legend=alt.Legend(title=None, orient="top")),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=list(names.values()), range=[[1, 0], [6, 4]]),
                                  legend=alt.Legend(title=None, orient="top")),
        tooltip=[alt.Tooltip("series:N", title="Curve"), alt.Tooltip("budget_text:N", title="Budget"),
                 alt.Tooltip("score:Q", format=".2f", title="Score"),
                 alt.Tooltip("n_funded:Q", title="Initiatives (optimal)")])
    chosen = pd.DataFrame({"budget": [plan.budget], "score": [plan.selection.total_value],
                           "text": [f"Budget {plan.money(plan.budget)}: {len(plan.selection.funded)} initiatives, "
                                    f"score {plan.selection.total_value:.1f}"]})
    rule = alt.Chart(chosen).mark_rule(color=p["target"], strokeDash=[4, 3], strokeWidth=2).encode(x=alt.X("budget:Q"))
    layers = [lines, rule]
    if not plan.infeasible:
        layers.append(alt.Chart(chosen).mark_point(shape="diamond", size=160, filled=True, color=p["target"]).encode(
            x=alt.X("budget:Q"), y=alt.Y("score:Q"), tooltip=[alt.Tooltip("text:N", title="Chosen")]))
        layers.append(alt.Chart(chosen).mark_text(align="right", dx=-10, dy=-12, fontSize=11, fontWeight="bold",
                                                  color=p["target"]).encode(
            x=alt.X("budget:Q"), y=alt.Y("score:Q"), text=alt.Text("text:N")))
    return alt.layer(
        *layers, width=760, height=300,
        title=alt.Title("What more (or less) money buys",
                        subtitle="The best combination at each budget from 0 to 150% of the budget; the dashed grey "
                                 "curve funds by value for money until nothing else fits"))


def describe_frontier(plan: Plan) -> str:
    f = plan.frontier.dropna(subset=["optimal_value"])
    if f.empty:
        return "No budget up to 150% of the current one makes a selection possible."
    start = f["budget"].min()
    text = (f"Optimal score at budgets from {plan.money(start)} to {plan.money(f['budget'].max())}"
            + (f" (below {plan.money(start)} the mandatory initiatives do not fit)" if start > 0 else "") + ".")
    here, more, less = (results.value_at(plan, b * plan.budget) for b in (1.0, 1.1, 0.9))
    if here and more is not None and less is not None:
        text += (f" At the chosen budget the best score is {here:.1f}; with 10% more budget it is {more:.1f}, "
                 f"with 10% less {less:.1f}.")
    gap = (f["optimal_value"] - f["greedy_value"]).max()
    if gap > 1e-9:
        text += f" Ranking by value for money falls up to {gap:.2f} points short of the optimum."
    return text


# --- funding probabilities ------------------------------------------------------------------


def funding_probability(plan: Plan) -> alt.LayerChart:
    """How often each initiative is funded across the Monte Carlo draws, banded."""
    p = palette()
    s = plan.sensitivity.join(plan.portfolio[["name"]])
    s = s.assign(label=_label(s), in_plan=[i in plan.selection.funded for i in s.index])
    s, hidden = probability_rows(s)
    s["share"] = [results.share_text(v, e) for v, e in zip(s["p_funded"], s["se"])]
    s["text"] = [t + ("  ✓ in plan" if f else "") for t, f in zip(s["share"], s["in_plan"])]
    s["band"] = s["band"].map(BAND_WORDS).fillna(s["band"])
    d = s.reset_index(names="id")
    order = list(d["label"])
    row = _row(order)
    y = alt.Y("label:N", sort=order, title=None, axis=_label_axis())
    colors = alt.Scale(domain=[BAND_WORDS[b] for b in BANDS], range=[p["rag"]["green"], p["rag"]["amber"], "#c9d1da"])
    tip = [alt.Tooltip("label:N", title="Initiative"), alt.Tooltip("share:N", title="Funded in alternatives (± chance)"),
           alt.Tooltip("band:N", title="Group"), alt.Tooltip("in_plan:N", title="In the recommended plan")]
    base = alt.Chart().encode(y=y, tooltip=tip)  # data: `d`, at the top (the rules bring their own)
    bars = base.mark_bar(height=row - 6).encode(
        x=alt.X("p_funded:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", title="Share of alternatives that fund it (%)")),
        color=alt.Color("band:N", scale=colors, legend=alt.Legend(title=None, orient="top")))
    text = base.mark_text(align="left", dx=4, fontSize=11, color=p["text"]).encode(
        x=alt.X("p_funded:Q"), text=alt.Text("text:N"))
    rules = alt.Chart(pd.DataFrame({"x": [0.1, 0.9], "t": ["10%: out below", "90%: settled above"]})).mark_rule(
        strokeDash=[4, 3], color=p["muted"]).encode(x=alt.X("x:Q"), tooltip=alt.Tooltip("t:N", title="Threshold"))
    return alt.layer(
        bars, text, rules, data=d, width=480, height=row * len(d),
        title=alt.Title(f"How sure we are: funding across {plan.draws} plausible alternatives",
                        subtitle=("Every value rating moved by up to ±1 point" if plan.method == "wsjf" else
                                  "Weights moved around the agreed ones and every rating by up to ±1 point")
                        + "; the selection made again each time"
                        + _more(hidden)))


def probability_rows(s: pd.DataFrame, limit: int = LIMIT) -> tuple[pd.DataFrame, int]:
    """The rows the chart shows, most often funded first: every close call (nearest to a coin toss
    first when there are too many), then the surest and the least likely; and how many are left out."""
    order = s.sort_values(["p_funded", "in_plan"], ascending=False, kind="stable")
    if len(order) <= max(limit, ALL_UP_TO):
        return order, 0
    close = order[order["band"] == sensitivity.ON_THE_BUBBLE]
    close = close.iloc[np.argsort(np.abs(close["p_funded"].to_numpy() - 0.5), kind="stable")][:limit]
    rest = order.drop(close.index)
    room = limit - len(close)
    keep = list(close.index) + list(rest.index[:room // 2 + room % 2]) + list(rest.index[::-1][:room // 2])
    shown = order.loc[[i for i in order.index if i in set(keep)]]
    return shown, len(order) - len(shown)


def describe_funding(plan: Plan) -> str:
    counts = plan.sensitivity["band"].value_counts()
    s = plan.sensitivity.assign(in_plan=[i in plan.selection.funded for i in plan.sensitivity.index])
    _, hidden = probability_rows(s)
    return (f"Across {plan.draws} alternatives, {counts.get(sensitivity.ROBUST_CORE, 0)} proposals are funded at least "
            f"90% of the time, {counts.get(sensitivity.ON_THE_BUBBLE, 0)} between 10% and 90% (the close calls) and "
            f"{counts.get(sensitivity.OUT, 0)} at most 10% of the time."
            + (f" Each share could move by about ±{number_text(100 * plan.sensitivity['se'].max())} points with "
               "another set of alternatives, so a share that close to 10% or 90% could fall in the next group."
               if plan.sensitivity["se"].max() > 0 else " Every proposal is either always or never funded.")
            + (f" The chart shows {len(s) - hidden}; the full table in the appendix lists all {len(s)}." if hidden
               else ""))


# --- strategic alignment --------------------------------------------------------------------


def objectives(plan: Plan) -> alt.LayerChart:
    """Cost asked for and funded per objective, with initiatives that serve none shown apart."""
    p = palette()
    a = plan.alignment.copy()
    a["label"] = [("No objective (orphans)" if o == alignment.NO_OBJECTIVE else f"{o} {plan.objectives.get(o, '')}")
                  for o in a.index]
    a["unfunded_cost"] = a["proposed_cost"] - a["funded_cost"]
    a["text"] = [f"{plan.money(f)} funded ({s:.0%} of spend) · {int(nf)} of {int(n)} initiatives"
                 if f > 0 else f"nothing funded · 0 of {int(n)} initiatives"
                 for f, s, nf, n in zip(a["funded_cost"], a["share"].fillna(0), a["n_funded"], a["n_initiatives"])]
    long = a.melt(id_vars=["label", "text", "proposed_cost"], value_vars=["funded_cost", "unfunded_cost"],
                  var_name="part", value_name="cost")
    long["part"] = long["part"].map({"funded_cost": "funded", "unfunded_cost": "asked for, not funded"})
    long["cost_text"] = [plan.money(c) for c in long["cost"]]
    order = list(a["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    bars = alt.Chart(long).mark_bar(height=22).encode(
        y=y, x=alt.X("cost:Q", stack="zero",
                     axis=_money_axis(plan, f"Cost ({plan.money(1)[:-1]}m, one-off)", ticks=5)),
        color=alt.Color("part:N", scale=alt.Scale(domain=["funded", "asked for, not funded"],
                                                  range=[p["accent"], "#c9d1da"]),
                        legend=alt.Legend(title=None, orient="top")),
        order=alt.Order("part:N", sort="descending"),
        tooltip=[alt.Tooltip("label:N", title="Objective"), alt.Tooltip("part:N", title="Part"),
                 alt.Tooltip("cost_text:N", title="Cost")])
    text = alt.Chart(a).mark_text(align="left", dx=5, fontSize=11, color=p["text"]).encode(
        y=y, x=alt.X("proposed_cost:Q"), text=alt.Text("text:N"))
    return alt.layer(
        bars, text, width=520, height=alt.Step(40),
        title=alt.Title("Where the money goes, by strategic objective",
                        subtitle="Whole bar: cost asked for; dark part: cost funded"))


def describe_objectives(plan: Plan) -> str:
    a = plan.alignment
    parts = [f"{o}: {plan.money(f)} ({s:.0%})" for o, f, s in zip(a.index, a["funded_cost"], a["share"].fillna(0))
             if o != alignment.NO_OBJECTIVE]
    lone = alignment.orphans(plan.portfolio)
    text = "Funded cost by objective and its share of the spend: " + "; ".join(parts) + "."
    if lone:
        text += (f" Initiatives that serve no objective: {', '.join(lone)}, of which "
                 f"{sum(i in plan.selection.funded for i in lone)} funded.")
    return text


# --- capacity -------------------------------------------------------------------------------


def capacity(plan: Plan) -> alt.LayerChart:
    """Team demand against capacity for three portfolios, banded under 75%, 75–100%, over 100%."""
    p = palette()
    core = plan.sensitivity.index[plan.sensitivity["band"] == sensitivity.ROBUST_CORE]
    scenarios = {"Recommended plan": plan.capacity_use, "Settled proposals only": alignment.capacity_use(
        counted(plan.loaded), [*plan.committed.committed, *core], plan.capacity), "Everything asked for": plan.demand}
    rows = []
    for name, use in scenarios.items():
        for team, u in use.iterrows():
            if pd.isna(u["capacity"]):
                continue
            rows.append({"team": team, "scenario": name, "band": u["band"], "utilisation": u["utilisation"],
                         "text": f"{u['utilisation']:.0%} · {u['demand']:g} of {u['capacity']:g} FTE"})
    d = pd.DataFrame(rows)
    colors = alt.Scale(domain=UTIL_BANDS, range=["#dbe9f6", "#9cc3e6", p["rag"]["red"]])
    x = alt.X("scenario:N", sort=list(scenarios), title=None, axis=alt.Axis(orient="top", labelAngle=0,
                                                                            labelFontSize=12, labelFontWeight=600))
    y = alt.Y("team:N", title=None, sort=list(plan.capacity), axis=alt.Axis(labelFontSize=12, labelFontWeight=600))
    rect = alt.Chart(d).mark_rect(stroke="white", strokeWidth=3).encode(
        x=x, y=y, color=alt.Color("band:N", scale=colors, legend=alt.Legend(title="Utilisation", orient="bottom")),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("scenario:N", title="Portfolio"),
                 alt.Tooltip("text:N", title="Demand"), alt.Tooltip("band:N", title="Band")])
    text = alt.Chart(d).mark_text(fontSize=12, fontWeight=600).encode(
        x=x, y=y, text=alt.Text("text:N"),
        color=alt.ColorValue(p["text"], condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test=alt.datum.band == alignment.OVER, value="white")))
    return alt.layer(
        rect, text, width=alt.Step(190), height=alt.Step(48),
        title=alt.Title("Team demand against capacity",
                        subtitle="Share of each team's FTE capacity the portfolio would use"))


def describe_capacity(plan: Plan) -> str:
    parts = [f"{t} {u['demand']:g} of {u['capacity']:g} FTE ({u['utilisation']:.0%}) in the plan, "
             f"{plan.demand.at[t, 'utilisation']:.0%} if everything asked for were funded"
             for t, u in plan.capacity_use.iterrows() if pd.notna(u["capacity"])]
    return "Demand against capacity: " + "; ".join(parts) + "."
