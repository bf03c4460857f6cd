"""The maturity deliverable's charts. Each takes the Assessment and returns an altair chart
built from small aggregated frames. Colour never carries meaning alone: values are printed,
targets are a distinct mark, and low agreement is labelled in words."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.report.theme import palette
from playbook.maturity.scoring import RWG_FLAG, Assessment

LEVEL_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], format="d", title="Maturity level (1–5)")


def _dim_order(a: Assessment) -> list[str]:
    return list(a.dimensions["name"])


def scores_vs_target(a: Assessment) -> alt.Chart:
    p = palette()
    d = a.dimensions.reset_index(names="id")
    d = d.assign(score=d["score"].astype(float), target=d["target"].astype(float), gap=d["gap"].astype(float),
                 rwg=d["rwg"].astype(float), status=["no target" if pd.isna(g) else "below target" if g > 0
                                                     else "at or above target" for g in d["gap"]])
    y = alt.Y("name:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelLimit=220))
    tip = [alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("score:Q", format=".2f", title="Score"),
           alt.Tooltip("level:N", title="Level reached"), alt.Tooltip("target:Q", title="Target"),
           alt.Tooltip("gap:Q", format="+.2f", title="Gap to target"), alt.Tooltip("rwg:Q", format=".2f", title="Agreement r_wg")]
    base = alt.Chart(d).encode(y=y)
    bars = base.mark_bar(height=16, color=p["accent"]).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 5]), axis=LEVEL_AXIS),
        opacity=alt.Opacity("status:N", scale=alt.Scale(domain=["below target", "at or above target", "no target"],
                                                         range=[1.0, 0.55, 0.8]), legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=4, color=p["text"], fontSize=11).encode(
        x=alt.X("score:Q"), text=alt.Text("score:Q", format=".1f"))
    target = base.mark_tick(color=p["target"], thickness=3, size=24).encode(
        x=alt.X("target:Q"), tooltip=tip)
    return alt.layer(bars, labels, target, width=560, height=alt.Step(30),
                     title=alt.Title("Score by dimension against target",
                                     subtitle="Bars: current score · orange tick: target level"))


def heatmap(a: Assessment) -> alt.Chart:
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    long = a.heatmap.rename(columns=names).reset_index().melt(id_vars="respondent", var_name="dimension",
                                                                 value_name="score").dropna()
    rect = alt.Chart(long).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("dimension:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelAngle=-35, labelLimit=160)),
        y=alt.Y("respondent:N", title=None),
        color=alt.Color("score:Q", scale=alt.Scale(domain=[1, 5], scheme="blues"),
                        legend=alt.Legend(title="Score", orient="right")),
        tooltip=[alt.Tooltip("respondent:N", title="Respondent"), alt.Tooltip("dimension:N", title="Dimension"),
                 alt.Tooltip("score:Q", format=".2f", title="Mean score")])
    text = alt.Chart(long).mark_text(fontSize=10).encode(
        x=alt.X("dimension:N", sort=_dim_order(a)), y=alt.Y("respondent:N"),
        text=alt.Text("score:Q", format=".1f"),
        color=alt.ColorValue("#1f2933", condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test="datum.score >= 3.5", value="white")))
    return alt.layer(rect, text, width=alt.Step(52), height=alt.Step(22),
                     title=alt.Title("How each respondent scored each dimension",
                                     subtitle="Mean of the respondent's answers in the dimension"))


def agreement(a: Assessment) -> alt.Chart:
    p = palette()
    d = a.dimensions.reset_index(names="id").dropna(subset=["rwg"])
    d = d.assign(rwg=d["rwg"].astype(float), iqr=d["iqr"].astype(float),
                 reading=["contested" if low else "shared view" for low in d["low_agreement"]])
    # data: `d`, at the top (the rule layer brings its own)
    base = alt.Chart().encode(y=alt.Y("name:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelLimit=220)))
    tip = [alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("rwg:Q", format=".2f", title="r_wg"),
           alt.Tooltip("iqr:Q", format=".2f", title="IQR of respondents"), alt.Tooltip("reading:N", title="Reading")]
    bars = base.mark_bar(height=16).encode(
        x=alt.X("rwg:Q", scale=alt.Scale(domain=[0, 1]), title="Agreement r_wg (1 = full agreement)"),
        color=alt.Color("reading:N", scale=alt.Scale(domain=["shared view", "contested"],
                                                      range=[p["accent"], p["target"]]),
                        legend=alt.Legend(title=None)),
        tooltip=tip)
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=p["text"]).encode(
        x=alt.X("rwg:Q"), text=alt.Text("label:N")).transform_calculate(
        label="format(datum.rwg, '.2f') + (datum.reading == 'contested' ? '  contested' : '')")
    rule = alt.Chart(pd.DataFrame({"x": [RWG_FLAG]})).mark_rule(strokeDash=[4, 3], color=p["muted"]).encode(
        x=alt.X("x:Q"))
    return alt.layer(
        bars, labels, rule, data=d, width=520, height=alt.Step(30),
        title=alt.Title("Agreement between respondents", subtitle=f"Dashed line: r_wg {RWG_FLAG}; below it the score is contested"))


def roles(a: Assessment) -> alt.Chart:
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    table = a.roles.drop(columns=["spread", "roles_disagree"]).rename(index=names)
    long = table.reset_index(names="dimension").melt(id_vars="dimension", var_name="role", value_name="score").dropna()
    y = alt.Y("dimension:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelLimit=220))
    line = alt.Chart(long).mark_line(color="#c9d1da", strokeWidth=2).encode(
        x=alt.X("score:Q"), y=y, detail=alt.Detail("dimension:N"))
    dots = alt.Chart(long).mark_point(filled=True, size=110).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), axis=LEVEL_AXIS), y=y,
        color=alt.Color("role:N", legend=alt.Legend(title="Role")),
        shape=alt.Shape("role:N", legend=alt.Legend(title="Role")),
        tooltip=[alt.Tooltip("role:N", title="Role"), alt.Tooltip("dimension:N", title="Dimension"),
                 alt.Tooltip("score:Q", format=".2f", title="Score")])
    return alt.layer(line, dots, width=560, height=alt.Step(30),
                     title=alt.Title("Scores by role", subtitle="A long line means the roles see it differently"))


def trend(a: Assessment) -> alt.Chart:
    names = dict(zip(a.dimensions.index, a.dimensions["name"]))
    waves = [w for w in a.trend.columns if w != "change"]
    long = a.trend[waves].rename(index=names).reset_index(names="dimension").melt(
        id_vars="dimension", var_name="wave", value_name="score").dropna()
    long["wave"] = [f"{w:%b %Y}" if hasattr(w, "strftime") else str(w) for w in long["wave"]]
    order = [f"{w:%b %Y}" if hasattr(w, "strftime") else str(w) for w in waves]
    y = alt.Y("dimension:N", sort=_dim_order(a), title=None, axis=alt.Axis(labelLimit=220))
    line = alt.Chart(long).mark_line(color="#9aa5b1", strokeWidth=2).encode(
        x=alt.X("score:Q"), y=y, detail=alt.Detail("dimension:N"))
    dots = alt.Chart(long).mark_point(filled=True, size=110).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[1, 5]), axis=LEVEL_AXIS), y=y,
        color=alt.Color("wave:N", sort=order, legend=alt.Legend(title="Assessment")),
        shape=alt.Shape("wave:N", sort=order, legend=alt.Legend(title="Assessment")),
        tooltip=[alt.Tooltip("dimension:N", title="Dimension"), alt.Tooltip("wave:N", title="Assessment"),
                 alt.Tooltip("score:Q", format=".2f", title="Score")])
    return alt.layer(line, dots, width=560, height=alt.Step(30),
                     title=alt.Title("Trend across assessments", subtitle="Each dot is one assessment wave"))
