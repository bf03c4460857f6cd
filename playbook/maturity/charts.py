"""The maturity deliverable's charts. Each takes the Assessment and returns an altair chart
built from small aggregated frames, titled with its finding. Colour never carries meaning alone:
values are printed (written in Python, half-up, exactly as the text writes them), targets are a
distinct mark, and low agreement is labelled in words. The captions below each chart are here too.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.maturity import summary as s
from playbook.maturity.scoring import RWG_FLAG, Assessment
from playbook.maturity.tables import heatmap_cells
from playbook.report.formatting import count_text, join_words, rounded
from playbook.report.theme import palette

WIDTH = 680
LEVEL_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], format="d", title="Score (maturity level, 1–5)", labelFontSize=12)
NAME_AXIS = alt.Axis(labelLimit=280, labelFontSize=12)


def _dim_order(a: Assessment) -> list[str]:
    return list(a.dimensions["name"])


def _title(text: str, subtitle: str) -> alt.Title:
    return alt.Title(text, subtitle=subtitle, fontSize=15, subtitleFontSize=12)


def scores_title(a: Assessment) -> str:
    if a.gaps:
        shown = {g.dimension: rounded(g.target - rounded(g.score)) for g in a.gaps}  # as the reader works it out
        far = [g for g in a.gaps if shown[g.dimension] == max(shown.values())]
        said = join_words([f"{g.name} ({s.score_text(g.score)} against {g.target})" for g in far])
        return f"{len(a.gaps)} of {len(s.scored(a))} dimensions are below target; furthest: {said}"
    e = s.extremes(a)
    return f"Strongest: {s.named(e.strongest, e.top)}; weakest: {s.named(e.weakest, e.bottom)}"


def scores_vs_target(a: Assessment) -> alt.Chart:
    p = palette()
    d = a.dimensions.reset_index(names="id")
    d = d.assign(score=d["score"].astype(float), target=d["target"].astype(float), gap=d["gap"].astype(float),
                 label=[s.score_text(v) if pd.notna(v) else "" for v in d["score"]],
                 status=["no target" if pd.isna(g) else "below target" if g > 0
                         else "at or above target" for g in d["gap"]])
    d = d.drop(columns=["id", "rwg", "iqr", "low_agreement"])
    y = alt.Y("name:N", sort=_dim_order(a), title=None, axis=NAME_AXIS)
    tip = [alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("label:N", title="Score"),
           alt.Tooltip("level:N", title="Level reached"), alt.Tooltip("target:Q", title="Target")]
    base = alt.Chart(d).encode(y=y)
    bars = base.mark_bar(height=18, color=p["accent"]).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 5]), axis=LEVEL_AXIS),
        opacity=alt.Opacity("status:N", scale=alt.Scale(domain=["below target", "at or above target", "no target"],
                                                         range=[1.0, 0.55, 0.8]), legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=8, color=p["text"], fontSize=12).encode(  # clear of the target tick
        x=alt.X("at:Q"), text=alt.Text("label:N")).transform_calculate(at="max(datum.score, datum.target || 0)")
    target = base.mark_tick(color=p["target"], thickness=3, size=26).encode(x=alt.X("target:Q"), tooltip=tip)
    return alt.layer(bars, labels, target, width=WIDTH, height=alt.Step(32),
                     title=_title(scores_title(a), "Bars: current score, printed on the right · tick: target level"))


def describe_scores(a: Assessment) -> str:
    e = s.extremes(a)
    below = f"{len(a.gaps)} of {len(s.scored(a))} dimensions are below target"
    if e.top == e.bottom:
        return f"Every dimension scores {s.score_text(e.top)}; {below}."
    return f"Scores range from {s.named(e.weakest, e.bottom)} to {s.named(e.strongest, e.top)}; {below}."


def agreement_title(a: Assessment) -> str:
    low, n = s.contested(a), s.rated(a)
    if low.empty:
        return f"Respondents agree on every dimension (agreement {RWG_FLAG} or more)"
    return f"Respondents disagree on {s.share_text(len(low), n)} dimension{'s' if n > 1 else ''}"


def agreement(a: Assessment) -> alt.Chart:
    p = palette()
    d = a.dimensions.reset_index(names="id").dropna(subset=["rwg"])
    d = pd.DataFrame({"name": d["name"], "agreement": d["rwg"].astype(float),
                      "reading": ["contested" if low else "shared view" for low in d["low_agreement"]]})
    d["label"] = [s.agreement_text(v) + ("  contested" if r == "contested" else "")
                  for v, r in zip(d["agreement"], d["reading"])]
    base = alt.Chart().encode(y=alt.Y("name:N", sort=_dim_order(a), title=None, axis=NAME_AXIS))
    tip = [alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("label:N", title="Agreement")]
    bars = base.mark_bar(height=18).encode(
        x=alt.X("agreement:Q", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(title="Agreement (0 = as spread as random answers, 1 = everyone agrees)",
                              labelFontSize=12, format=".1f")),
        color=alt.Color("reading:N", scale=alt.Scale(domain=["shared view", "contested"],
                                                      range=[p["accent"], p["target"]]),
                        legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=6, fontSize=12, color=p["text"]).encode(
        x=alt.X("agreement:Q"), text=alt.Text("label:N"))
    rule = alt.Chart(pd.DataFrame({"x": [RWG_FLAG]})).mark_rule(strokeDash=[4, 3], color=p["muted"]).encode(
        x=alt.X("x:Q"))
    return alt.layer(bars, labels, rule, data=d, width=WIDTH, height=alt.Step(32),
                     title=_title(agreement_title(a), f"Dashed line: {RWG_FLAG}; below it a score is contested"))


def describe_agreement(a: Assessment) -> str:
    low = s.contested(a)
    if low.empty:
        return f"Every dimension has agreement of at least {RWG_FLAG}: the scores are a shared view."
    return (f"Agreement below {RWG_FLAG} (the dashed line) marks a contested score, least agreement first: "
            f"{join_words([f'{n} ({s.agreement_text(r)})' for n, r in zip(low['name'], low['rwg'])])}.")


def roles_title(a: Assessment) -> str:
    gap, splits = s.role_gap(a), s.role_splits(a)
    if gap is not None and gap.large:
        return f"{gap.sentence()} on every dimension"
    if len(splits):
        return f"The roles are a level or more apart on {count_text(len(splits), 'dimension')}"
    return "No two roles are a level apart on any dimension"


def roles(a: Assessment) -> alt.Chart:
    long = s.role_scores(a).reset_index(names="dimension").melt(
        id_vars="dimension", var_name="role", value_name="score").dropna()
    long["label"] = [s.score_text(v) for v in long["score"]]
    y = alt.Y("dimension:N", sort=_dim_order(a), title=None, axis=NAME_AXIS)
    line = alt.Chart(long).mark_line(color="#9aa5b1", strokeWidth=2).encode(
        x=alt.X("score:Q"), y=y, detail=alt.Detail("dimension:N"))
    dots = alt.Chart(long).mark_point(filled=True, size=120).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), axis=LEVEL_AXIS), y=y,
        color=alt.Color("role:N", legend=alt.Legend(title="Role")),
        shape=alt.Shape("role:N", legend=alt.Legend(title="Role")),
        tooltip=[alt.Tooltip("role:N", title="Role"), alt.Tooltip("dimension:N", title="Dimension"),
                 alt.Tooltip("label:N", title="Score")])
    return alt.layer(line, dots, width=WIDTH, height=alt.Step(32),
                     title=_title(roles_title(a), "Each dot is one role's score; a long line means the roles differ"))


def describe_roles(a: Assessment) -> str:
    roles = list(s.role_scores(a).columns)
    n = len(s.role_splits(a))
    return (f"Scores of the {len(roles)} roles ({join_words(roles)}); on {count_text(n, 'dimension')} the roles are "
            "a level or more apart.")


def heatmap_title(a: Assessment, show_names: bool) -> str:
    if show_names:
        return "How each respondent scored each dimension"
    table = s.role_scores(a)
    lowest = table.eq(table.min(axis=1), axis=0).sum()
    if table.shape[1] < 2 or lowest.empty:
        return "Scores by role and dimension"
    role = lowest.idxmax()
    return f"{role} respondents score lowest on {lowest[role]} of {len(table)} dimensions"


def heatmap(a: Assessment, show_names: bool = False) -> alt.Chart:
    long = heatmap_cells(a, show_names)
    rows = list(dict.fromkeys(long["row"]))
    x = alt.X("dimension:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelAngle=-35, labelLimit=180,
                                                                           labelFontSize=12))
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=12))
    rect = alt.Chart(long).mark_rect(stroke="white", strokeWidth=1).encode(
        x=x, y=y, color=alt.Color("score:Q", scale=alt.Scale(domain=[1, 5], scheme="blues"),
                                  legend=alt.Legend(title="Score (1–5)", orient="right")),
        tooltip=[alt.Tooltip("row:N", title="Respondent" if show_names else "Role"),
                 alt.Tooltip("dimension:N", title="Dimension"), alt.Tooltip("label:N", title="Score")])
    text = alt.Chart(long).mark_text(fontSize=12).encode(
        x=x, y=y, text=alt.Text("label:N"),
        color=alt.ColorValue("#1f2933", condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test="datum.score >= 3.5", value="white")))
    how = "each respondent's mean answer" if show_names else "each role's score, as in the chart above"
    return alt.layer(rect, text, width=alt.Step(60), height=alt.Step(28),
                     title=_title(heatmap_title(a, show_names), f"Cells: {how}"))


def trend_title(a: Assessment) -> str:
    before, now = rounded(a.trend[a.waves[-2]].mean()), rounded(a.overall)
    verb = "rose" if now > before else "fell" if now < before else "held steady at"
    span = f"from {s.score_text(before)} to {s.score_text(now)}" if now != before else s.score_text(now)
    return f"Overall maturity {verb} {span} since {a.waves[-2]:%B %Y}"


def trend(a: Assessment) -> alt.Chart:
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    waves = [w for w in a.trend.columns if w != "change"]
    long = a.trend[waves].rename(index=names).reset_index(names="dimension").melt(
        id_vars="dimension", var_name="wave", value_name="score").dropna()
    long["wave"] = [f"{w:%b %Y}" if hasattr(w, "strftime") else str(w) for w in long["wave"]]
    long["label"] = [s.score_text(v) for v in long["score"]]
    order = [f"{w:%b %Y}" if hasattr(w, "strftime") else str(w) for w in waves]
    y = alt.Y("dimension:N", sort=_dim_order(a), title=None, axis=NAME_AXIS)
    line = alt.Chart(long).mark_line(color="#9aa5b1", strokeWidth=2).encode(
        x=alt.X("score:Q"), y=y, detail=alt.Detail("dimension:N"))
    dots = alt.Chart(long).mark_point(filled=True, size=120).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), axis=LEVEL_AXIS), y=y,
        color=alt.Color("wave:N", scale=alt.Scale(domain=order), legend=alt.Legend(title="Assessment")),
        shape=alt.Shape("wave:N", scale=alt.Scale(domain=order), legend=alt.Legend(title="Assessment")),
        tooltip=[alt.Tooltip("dimension:N", title="Dimension"), alt.Tooltip("wave:N", title="Assessment"),
                 alt.Tooltip("label:N", title="Score")])
    return alt.layer(line, dots, width=WIDTH, height=alt.Step(32),
                     title=_title(trend_title(a), "Each dot is one assessment's score"))


def describe_trend(a: Assessment) -> str:
    change = s.trend_change(a)
    up, down = int((change > 0).sum()), int((change < 0).sum())
    best = f"; the largest rise is {s.signed_text(change.max())}" if up else ""
    return f"Change since the previous assessment: {count_text(up, 'dimension')} up, {down} down{best}."
