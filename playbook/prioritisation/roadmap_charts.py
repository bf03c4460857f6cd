"""The roadmap's charts: each team's FTE by month (committed and newly funded work stacked under
the capacity line) and the team × month utilisation heatmap. Colour never carries meaning alone:
the stacks are named in the legend and tooltips, the capacity is a dashed line, and every heatmap
cell is written as a percentage."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from playbook.prioritisation.roadmap_report import RoadmapView, utilisation
from playbook.report.theme import palette

COMMITTED, NEW, CAPACITY = "committed work", "newly funded", "capacity"
UNDER, WITHIN, OVER = "under 75%", "75–100%", "over 100%"
MONTH_WIDTH = 30  # pixels per month


def _running(view: RoadmapView, team: int, t: int, committed: bool) -> list[str]:
    """The ids running on a team in month t: committed work, or the funded proposals."""
    name = view.roadmap.teams[team]
    if committed:
        return [w.id for w in view.inputs.problem.committed
                if w.start <= t <= w.finish and float(w.fte.get(name, 0) or 0) > 0]
    by_id = {p.id: p for p in view.inputs.problem.proposals}
    return [i for i, s in view.roadmap.starts.items()
            if s <= t <= view.roadmap.finishes[i] and float(by_id[i].fte.get(name, 0) or 0) > 0]


def _who(ids: list[str]) -> str:
    return ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "") if ids else "none"


def roadmap_frame(view: RoadmapView) -> pd.DataFrame:
    """One row per team, month and kind of work, with the FTE, the capacity and who is running."""
    r, labels = view.roadmap, view.inputs.timeline.labels
    rows = []
    for k, team in enumerate(r.teams):
        for t, label in enumerate(labels):
            cap = float(r.capacity[k, t]) if np.isfinite(r.capacity[k, t]) else None
            for kind, load, committed in ((COMMITTED, r.committed_load, True), (NEW, r.funded_load, False)):
                rows.append({"team": team, "month": label, "order": t, "kind": kind, "fte": float(load[k, t]),
                             "capacity": cap, "who": _who(_running(view, k, t, committed))})
    return pd.DataFrame(rows)


def roadmap(view: RoadmapView) -> alt.FacetChart:
    """Per team, FTE by month: committed work under newly funded work, and the capacity as a line."""
    p = palette()
    d = roadmap_frame(view)
    months = list(view.inputs.timeline.labels)
    x = alt.X("month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-90, labelFontSize=10))
    bars = alt.Chart().mark_bar().encode(
        x=x, y=alt.Y("fte:Q", stack="zero", title="FTE a month"),
        color=alt.Color("kind:N", scale=alt.Scale(domain=[COMMITTED, NEW], range=[p["accent_light"], p["accent"]]),
                        legend=alt.Legend(title=None, orient="top")),
        order=alt.Order("kind:N", sort="ascending"),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("month:O", title="Month"),
                 alt.Tooltip("kind:N", title="Work"), alt.Tooltip("fte:Q", title="FTE", format=".1f"),
                 alt.Tooltip("who:N", title="Initiatives"), alt.Tooltip("capacity:Q", title="Capacity", format=".1f")])
    line = alt.Chart().transform_filter(alt.datum.kind == NEW).mark_line(
        interpolate="step", color=p["target"], strokeDash=[6, 3], strokeWidth=2).encode(
        x=x, y=alt.Y("capacity:Q"), tooltip=[alt.Tooltip("capacity:Q", title="Capacity (FTE)", format=".1f")])
    return alt.layer(bars, line, width=MONTH_WIDTH * len(months), height=170).facet(
        row=alt.Row("team:N", title=None, sort=list(view.roadmap.teams),
                    header=alt.Header(labelFontSize=13, labelFontWeight=600, labelAngle=0, labelAlign="left")),
        data=d, title=alt.Title("Funded work by month and team", subtitle="Committed work, newly funded work and "
                                "the capacity (dashed line), in FTE")).resolve_scale(y="independent")


def peaks(view: RoadmapView) -> list[tuple[str, float, float, int]]:
    """Each team's busiest month: (team, FTE in use, capacity that month, month index)."""
    r = view.roadmap
    out = []
    for k, team in enumerate(r.teams):
        load = r.committed_load[k] + r.funded_load[k]
        peak = int(np.argmax(load))
        out.append((team, float(load[peak]), float(r.capacity[k, peak]), peak))
    return out


def describe_roadmap(view: RoadmapView) -> str:
    parts = [f"{team} peaks at {load:.1f} FTE in {view.month(peak)}" + (f" against {cap:g}" if np.isfinite(cap) else "")
             for team, load, cap, peak in peaks(view)]
    return "FTE by month per team, committed work below newly funded work: " + "; ".join(parts) + "."


def utilisation_frame(view: RoadmapView) -> pd.DataFrame:
    use = utilisation(view).dropna(how="all")
    d = use.reset_index(names="team").melt(id_vars="team", var_name="month", value_name="share")
    d["band"] = np.where(d["share"] > 1 + 1e-9, OVER, np.where(d["share"] >= 0.75, WITHIN, UNDER))
    d["text"] = [("over" if not np.isfinite(s) else f"{s:.0%}") for s in d["share"]]
    return d


def heatmap(view: RoadmapView) -> alt.LayerChart:
    """Team × month: the share of capacity the plan uses, banded under 75%, 75–100%, over 100%."""
    p = palette()
    d = utilisation_frame(view)
    months = list(view.inputs.timeline.labels)
    x = alt.X("month:O", sort=months, title=None, axis=alt.Axis(labelAngle=-90, labelFontSize=10, orient="top"))
    y = alt.Y("team:N", title=None, sort=list(view.roadmap.teams), axis=alt.Axis(labelFontSize=12, labelFontWeight=600))
    rect = alt.Chart(d).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("band:N", scale=alt.Scale(domain=[UNDER, WITHIN, OVER],
                                                             range=["#dbe9f6", "#9cc3e6", p["rag"]["red"]]),
                                  legend=alt.Legend(title="Share of capacity used", orient="bottom")),
        tooltip=[alt.Tooltip("team:N", title="Team"), alt.Tooltip("month:O", title="Month"),
                 alt.Tooltip("text:N", title="Used"), alt.Tooltip("band:N", title="Band")])
    text = alt.Chart(d).mark_text(fontSize=9).encode(
        x=x, y=y, text=alt.Text("text:N"),
        color=alt.ColorValue(p["text"], condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test=alt.datum.band == OVER, value="white")))
    return alt.layer(rect, text, width=alt.Step(MONTH_WIDTH), height=alt.Step(34),
                     title=alt.Title("Team utilisation by month after the plan",
                                     subtitle="Committed and newly funded FTE as a share of capacity"))


def describe_heatmap(view: RoadmapView) -> str:
    d = utilisation_frame(view)
    parts = []
    for team, rows in d.groupby("team", sort=False):
        parts.append(f"{team} {int((rows['band'] != UNDER).sum())} of {len(rows)} months at 75% or more"
                     + (f", {int((rows['band'] == OVER).sum())} over capacity" if (rows["band"] == OVER).any() else ""))
    return "Share of each team's capacity used, month by month: " + "; ".join(parts) + "."
