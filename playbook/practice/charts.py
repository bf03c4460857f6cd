"""Charts of the engagement as delivered (onboarding deliverable) and across clients (practice
view). Colour never carries meaning alone: hours and scores are printed on the marks, over-use is
labelled, and the burn-down's lines differ by dash as well as colour."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.practice.retainer import MEETING_LIMIT
from playbook.practice.review import Review
from playbook.report.theme import palette

STATES = ["within", "over", "in progress"]


def weekly_hours(r: Review) -> alt.LayerChart:
    """Hours used each week against the weekly allowance (dashed); over-use is coloured and its
    excess printed inside the bar."""
    p, t = palette(), r.weekly.reset_index()
    t["state"] = ["in progress" if not c else "over" if o > 0 else "within" for c, o in zip(t["complete"], t["over"])]
    t["label"] = [f"{h:.1f}".removesuffix(".0") for h in t["hours"]]
    t["excess"] = [f"+{o:.1f}".removesuffix(".0") if o > 0 else "" for o in t["over"]]
    t["from"] = [d.isoformat() for d in t["week_start"]]
    t = t[["week", "from", "hours", "over", "state", "label", "excess"]]
    x = alt.X("week:O", title="Week of the engagement", axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("week:O", title="Week"), alt.Tooltip("from:N", title="Starting"),
           alt.Tooltip("hours:Q", title="Hours used", format=".2f"), alt.Tooltip("over:Q", title="Over", format=".2f"),
           alt.Tooltip("state:N", title="State")]
    bars = alt.Chart(t).mark_bar().encode(
        x=x, y=alt.Y("hours:Q", title="Hours", scale=alt.Scale(domainMin=0)), tooltip=tip,
        color=alt.Color("state:N", scale=alt.Scale(domain=STATES, range=[p["accent"], p["target"], p["accent_light"]]),
                        legend=alt.Legend(title=None)))
    labels = alt.Chart(t).mark_text(dy=-7, fontSize=11, color=p["text"]).encode(
        x=x, y=alt.Y("hours:Q"), text=alt.Text("label:N"))
    excess = alt.Chart(t).mark_text(dy=10, fontSize=10, color="white", fontWeight=600).encode(
        x=x, y=alt.Y("hours:Q"), text=alt.Text("excess:N"))
    allowance = r.terms.hours_per_week
    line = alt.Chart(pd.DataFrame({"y": [allowance]})).mark_rule(strokeDash=[5, 3], color=p["text"],
                                                                 strokeWidth=1.5).encode(y=alt.Y("y:Q"))
    return alt.layer(bars, labels, excess, line, width=alt.Step(48), height=260,
                     title=alt.Title("Hours used each week",
                                     subtitle=f"Dashed line: the retainer's allowance of {allowance:g} hours a week; "
                                              "white figures: hours over it"))


def burn_down(r: Review) -> alt.LayerChart:
    """Contracted hours remaining: an even burn, what happened, and where the current rate leads."""
    p, b = palette(), r.burn.reset_index()
    long = b.melt(id_vars="week", value_vars=["planned", "actual", "projected"], var_name="series",
                  value_name="hours").dropna()
    names = {"planned": "Planned (even burn)", "actual": "Actual", "projected": "Projected at the current rate"}
    long["series"] = long["series"].map(names)
    domain = list(names.values())
    enc = dict(x=alt.X("week:Q", title="Week of the engagement", scale=alt.Scale(domain=[0, r.terms.weeks])),
               y=alt.Y("hours:Q", title="Contracted hours remaining"),
               color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=[p["muted"], p["accent"], p["target"]]),
                               legend=alt.Legend(title=None)),
               strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=[[4, 4], [1, 0], [2, 2]]),
                                         legend=None),
               tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("week:Q", title="Week"),
                        alt.Tooltip("hours:Q", title="Hours remaining", format=",.1f")])
    lines = alt.Chart(long).mark_line(point=True, strokeWidth=2).encode(**enc)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=p["grid"]).encode(y=alt.Y("y:Q"))
    u = r.usage
    sub = (f"{u.remaining:,.0f} of {u.contracted:,.0f} hours left"
           + (f"; at {u.weekly_rate:.1f} h a week they run out in week {u.runs_out_week:.0f} of {r.terms.weeks}"
              if u.runs_out_week else ""))
    return alt.layer(zero, lines, width=520, height=260, title=alt.Title("Retainer burn-down", subtitle=sub))


def nps_rounds(rounds: pd.DataFrame, title: str = "Client feedback by round") -> alt.LayerChart:
    """NPS per feedback round (−100 to +100) with the number of responses."""
    p = palette()
    d = rounds.reset_index().assign(
        when=[d.isoformat() for d in rounds["last_date"]],
        label=[f"{v:+.0f} (n={n})" for v, n in zip(rounds["nps"], rounds["responses"])],
        sign=["positive" if v >= 0 else "negative" for v in rounds["nps"]])
    d = d[["round", "when", "label", "sign", "nps", "responses", "promoters", "detractors"]]
    x = alt.X("round:O", title="Feedback round", axis=alt.Axis(labelAngle=0))
    tip = [alt.Tooltip("round:O", title="Round"), alt.Tooltip("when:N", title="Asked by"),
           alt.Tooltip("nps:Q", title="NPS", format="+.0f"), alt.Tooltip("responses:Q", title="Responses"),
           alt.Tooltip("promoters:Q", title="Promoters (9–10)"), alt.Tooltip("detractors:Q", title="Detractors (0–6)")]
    bars = alt.Chart(d).mark_bar(size=30).encode(
        x=x, y=alt.Y("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])), tooltip=tip,
        color=alt.Color("sign:N", scale=alt.Scale(domain=["positive", "negative"], range=[p["accent"], p["target"]]),
                        legend=None))
    labels = alt.Chart(d).mark_text(fontSize=11, color=p["text"], dy=-8).encode(
        x=x, y=alt.Y("nps:Q"), text=alt.Text("label:N"))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=p["muted"]).encode(y=alt.Y("y:Q"))
    return alt.layer(zero, bars, labels, width=alt.Step(70), height=220,
                     title=alt.Title(title, subtitle="NPS = % promoters (9–10) − % detractors (0–6)"))


def hours_across_clients(rows: pd.DataFrame) -> alt.LayerChart:
    """Practice view: each client's hours used to date against its allowance to date, with the
    meeting share printed. `rows`: client, used, allowance, meeting_share, state."""
    p = palette()
    d = rows.assign(label=[f"{u:,.0f} of {a:,.0f} h · meetings {m:.0%}" if pd.notna(m) else f"{u:,.0f} of {a:,.0f} h"
                           for u, a, m in zip(rows["used"], rows["allowance"], rows["meeting_share"])],
                    max_x=rows[["used", "allowance"]].max(axis=1))
    y = alt.Y("client:N", title=None, sort=list(d["client"]), axis=alt.Axis(labelLimit=220))
    tip = [alt.Tooltip("client:N", title="Client"), alt.Tooltip("used:Q", title="Hours used", format=",.1f"),
           alt.Tooltip("allowance:Q", title="Allowed to date", format=",.1f"),
           alt.Tooltip("meeting_share:Q", title="Meetings", format=".0%"), alt.Tooltip("state:N", title="State")]
    bars = alt.Chart(d).mark_bar(height=18).encode(
        x=alt.X("used:Q", title="Hours to date"), y=y, tooltip=tip,
        color=alt.Color("state:N", scale=alt.Scale(domain=["within", "over", "under"],
                                                   range=[p["accent"], p["target"], p["accent_light"]]),
                        legend=alt.Legend(title=None)))
    ticks = alt.Chart(d).mark_tick(color=p["text"], thickness=2, size=26).encode(x=alt.X("allowance:Q"), y=y,
                                                                                  tooltip=tip)
    labels = alt.Chart(d).mark_text(align="left", dx=8, fontSize=11, color=p["text"]).encode(
        x=alt.X("max_x:Q"), y=y, text=alt.Text("label:N"))
    return alt.layer(bars, ticks, labels, width=420, height=alt.Step(34),
                     title=alt.Title("Hours used against each retainer",
                                     subtitle=f"Bar: hours used; tick: allowed to date. Meetings over "
                                              f"{MEETING_LIMIT:.0%} of the hours are flagged."))


def feedback_across_clients(rows: pd.DataFrame) -> alt.LayerChart:
    """Practice view: each client's NPS round by round (`rows`: client, round, nps, responses),
    the latest value printed at the end of each line."""
    p = palette()
    x = alt.X("round:O", title="Feedback round", axis=alt.Axis(labelAngle=0))
    y = alt.Y("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100]))
    tip = [alt.Tooltip("client:N", title="Client"), alt.Tooltip("round:O", title="Round"),
           alt.Tooltip("nps:Q", title="NPS", format="+.0f"), alt.Tooltip("responses:Q", title="Responses")]
    colour = alt.Color("client:N", legend=alt.Legend(title=None))
    lines = alt.Chart(rows).mark_line(point=True, strokeWidth=2).encode(
        x=x, y=y, color=colour, shape=alt.Shape("client:N", legend=None), tooltip=tip)
    last = rows.sort_values("round").groupby("client").tail(1)
    last = last.assign(label=[f"{c}: {v:+.0f}" for c, v in zip(last["client"], last["nps"])])
    labels = alt.Chart(last).mark_text(align="left", dx=8, fontSize=11).encode(
        x=x, y=y, text=alt.Text("label:N"), color=alt.Color("client:N", legend=None))
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=p["muted"]).encode(y=alt.Y("y:Q"))
    return alt.layer(zero, lines, labels, width=460, height=240,
                     title=alt.Title("Client feedback round by round",
                                     subtitle="NPS = % promoters (9–10) − % detractors (0–6)"))
