"""The onboarding deliverable's charts. Each takes the validated Client and returns an altair
chart built from the small frames playbook.onboarding computes. Colour never carries meaning
alone: RACI letters, hours and money are printed on the marks, the plan's phases are named
above their bands, and stakeholder dispositions differ by shape as well as colour.

The notebook only calls a chart once the section's inputs exist (`findings.missing`)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playbook.onboarding import governance, hours, titles
from playbook.onboarding.cost import cost_effectiveness
from playbook.onboarding.findings import saving_words
from playbook.onboarding.governance import QUADRANT_SPLIT, QUADRANTS
from playbook.onboarding.hours import MEETING_LIMIT
from playbook.onboarding.plan import plan_30_60_90, plan_spans
from playbook.onboarding.templates import MILESTONES, PHASES, wording
from playbook.onboarding.text import day, fmt_hours, money, percent
from playbook.report.formatting import count_text, number_text
from playbook.report.theme import palette
from playbook.intake.client import Client

LETTERS = {"A": "Accountable", "R": "Responsible", "C": "Consulted", "I": "Informed"}
SHAPES = {"supportive": "circle", "neutral": "square", "resistant": "triangle-up", "not assessed": "diamond"}
STEP = 34  # pixels per matrix row or column: room for one letter or a two-digit number
WEEK_STEP = 42  # pixels per week column: room for a three-digit number of minutes


def cost_title(client: Client) -> str:
    """The cost chart's finding: the share of a role, the share of the cost, the hourly premium."""
    costs = cost_effectiveness(client)
    return (f"{number_text(costs.fte_equivalent)} of a full-time role for {percent(costs.cost_ratio)} of its cost: "
            f"{number_text(costs.hourly_premium)} times the hourly rate")


def cost_comparison(client: Client) -> alt.LayerChart:
    """Fractional engagement against a full-time hire over the same term, money printed on the bars."""
    p, costs, e = palette(), cost_effectiveness(client), client.engagement
    d = pd.DataFrame({"option": [wording(client).title + " engagement", "Full-time hire, same weeks"],
                      "cost": [costs.fractional_cost, costs.full_time_cost_same_term],
                      "kind": ["fractional", "full-time"]})
    d["label"] = [money(client, v) for v in d["cost"]]
    base = alt.Chart(d).encode(y=alt.Y("option:N", sort=list(d["option"]), title=None, axis=alt.Axis(labelLimit=240)))
    bars = base.mark_bar(height=22).encode(
        x=alt.X("cost:Q", title=f"Cost over the {e.weeks} weeks, one-off ({client.currency})",
                axis=alt.Axis(format="~s")),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["fractional", "full-time"],
                                                  range=[p["accent"], p["accent_light"]]), legend=None),
        tooltip=[alt.Tooltip("option:N", title="Option"), alt.Tooltip("label:N", title="Cost")])
    labels = base.mark_text(align="left", dx=6, fontSize=12, fontWeight=600, color=p["text"]).encode(
        x=alt.X("cost:Q"), text=alt.Text("label:N"))
    hourly = (f"Per hour: {money(client, costs.hourly_rate)} against {money(client, costs.full_time_hourly_rate)} "
              f"for the full-time hire; {saving_words(client, costs)} in total")
    return alt.layer(bars, labels, width=640, height=alt.Step(40),
                     title=alt.Title(cost_title(client), subtitle=hourly))


def raci_matrix(client: Client) -> alt.HConcatChart:
    """Workstream × person grid with the letter in each cell, and a check column naming each gap."""
    p = palette()
    cells = governance.raci_matrix(client)
    cells = cells.assign(role=cells["letter"].map(LETTERS))
    check = governance.raci_check(client)
    check = check.assign(verdict=["gap" if g else "clear" for g in check["gap"]],
                         status=["✗ " + g if g else "✓ clear" for g in check["gap"]])
    streams, people = list(check["workstream"]), list(dict.fromkeys(cells["person"]))
    grid = pd.DataFrame([(s, n) for s in streams for n in people], columns=["workstream", "person"])
    x = alt.X("person:N", sort=people, title=None, axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=150))
    y = alt.Y("workstream:N", sort=streams, title=None, axis=alt.Axis(labelLimit=240))
    tip = [alt.Tooltip("workstream:N", title="Workstream"), alt.Tooltip("person:N", title="Person or group"),
           alt.Tooltip("role:N", title="Role")]
    blank = alt.Chart(grid).mark_rect(fill="#fafbfc", stroke=p["grid"]).encode(x=x, y=y)
    filled = alt.Chart(cells).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, tooltip=tip,
        color=alt.Color("role:N", scale=alt.Scale(domain=list(LETTERS.values()),
                                                  range=[p["accent"], p["accent_light"], p["grid"], "#f4f6f8"]),
                        legend=alt.Legend(title=None, orient="bottom")))
    letters = alt.Chart(cells).mark_text(fontSize=13, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("letter:N"), tooltip=tip,
        color=alt.ColorValue(p["text"], condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test="datum.letter == 'A'", value="white")))
    matrix = alt.layer(blank, filled, letters, width=alt.Step(STEP + 10), height=alt.Step(STEP))
    status = alt.Chart(check).mark_text(align="left", fontSize=12, fontWeight=600).encode(
        x=alt.XValue(0), y=alt.Y("workstream:N", sort=streams, axis=None), text=alt.Text("status:N"),
        color=alt.Color("verdict:N", scale=alt.Scale(domain=["clear", "gap"], range=[p["rag"]["green"], p["rag"]["red"]]),
                        legend=None),
        tooltip=[alt.Tooltip("workstream:N", title="Workstream"), alt.Tooltip("A:Q", title="Accountable (A)"),
                 alt.Tooltip("R:Q", title="Responsible (R)"), alt.Tooltip("C:Q", title="Consulted (C)"),
                 alt.Tooltip("I:Q", title="Informed (I)")])
    status = status.properties(width=130, height=alt.Step(STEP), title=alt.Title("Check", fontSize=12, anchor="start"))
    return alt.HConcatChart(
        hconcat=[matrix, status], spacing=12, resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),
        title=alt.Title(titles.raci(client), subtitle="Each workstream needs exactly one A and at least one R"))


def time_allocation(client: Client) -> alt.LayerChart:
    """Hours per week on each workstream, with the hours and the share printed on each bar."""
    p, e = palette(), client.engagement
    d = hours.time_allocation(client)
    d = d.assign(label=[f"{h:.1f} h · {s:.0%}" for h, s in zip(d["hours_per_week"], d["share"])])
    base = alt.Chart(d).encode(y=alt.Y("workstream:N", sort=list(d["workstream"]), title=None,
                                       axis=alt.Axis(labelLimit=260)))
    tip = [alt.Tooltip("workstream:N", title="Workstream"), alt.Tooltip("share:Q", format=".0%", title="Share"),
           alt.Tooltip("hours_per_week:Q", format=".1f", title="Hours a week")]
    if e.weeks:
        tip.append(alt.Tooltip("hours_over_term:Q", format=",.0f", title=f"Hours over {e.weeks} weeks"))
    bars = base.mark_bar(height=20, color=p["accent"]).encode(
        x=alt.X("hours_per_week:Q", title="Hours a week", scale=alt.Scale(domainMin=0)), tooltip=tip)
    labels = base.mark_text(align="left", dx=6, fontSize=12, color=p["text"]).encode(
        x=alt.X("hours_per_week:Q"), text=alt.Text("label:N"))
    term = f"; {e.hours_per_week * e.weeks:,.0f} hours over {e.weeks} weeks" if e.weeks else ""
    return alt.layer(
        bars, labels, width=640, height=alt.Step(36),
        title=alt.Title(titles.time(client),
                        subtitle=f"{fmt_hours(e.hours_per_week)} contracted hours a week{term}"))


def meeting_load(client: Client) -> alt.LayerChart:
    """A waterfall of the meetings the consultant attends, per month, against the 30% limit."""
    p, load = palette(), hours.meeting_load(client)
    m = load.meetings[load.meetings["consultant_attends"]].sort_values("hours_per_month", ascending=False)
    m = m.assign(end=m["hours_per_month"].cumsum(), kind="meeting")
    m = m.assign(start=m["end"] - m["hours_per_month"], label=[f"+{h:.1f} h" for h in m["hours_per_month"]])
    total = pd.DataFrame([{"meeting": "All meetings", "start": 0.0, "end": load.hours_per_month,
                           "hours_per_month": load.hours_per_month, "kind": "over limit" if load.warning else "total",
                           "label": f"{load.hours_per_month:.1f} h · {percent(load.share, MEETING_LIMIT)}"}])
    d = pd.concat([m[["meeting", "start", "end", "hours_per_month", "kind", "label"]], total], ignore_index=True)
    limit, contracted = load.contracted_hours_per_month * MEETING_LIMIT, load.contracted_hours_per_month
    # data: `d`, at the top (the reference layers bring their own)
    base = alt.Chart().encode(y=alt.Y("meeting:N", sort=list(d["meeting"]), title=None, axis=alt.Axis(labelLimit=240)))
    bars = base.mark_bar(height=18).encode(
        x=alt.X("start:Q", title="Hours a month", scale=alt.Scale(domain=[0, max(contracted, load.hours_per_month)])),
        x2=alt.X2("end:Q"),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["meeting", "total", "over limit"],
                                                  range=[p["accent_light"], p["accent"], p["target"]]), legend=None),
        tooltip=[alt.Tooltip("meeting:N", title="Meeting"),
                 alt.Tooltip("hours_per_month:Q", format=".1f", title="Hours a month")])
    labels = base.mark_text(align="left", dx=5, fontSize=12, color=p["text"]).encode(
        x=alt.X("end:Q"), text=alt.Text("label:N"))
    refs = pd.DataFrame({"x": [limit, contracted],
                         "label": [f"{MEETING_LIMIT:.0%} limit: {limit:.1f} h", f"Contracted: {contracted:.0f} h"],
                         "dash": ["limit", "contracted"]})
    rules = alt.Chart(refs).mark_rule(strokeWidth=1.5).encode(
        x=alt.X("x:Q"), strokeDash=alt.StrokeDash("dash:N", scale=alt.Scale(domain=["limit", "contracted"],
                                                                     range=[[5, 3], [1, 0]]), legend=None),
        color=alt.ColorValue(p["target"]))
    rule_labels = alt.Chart(refs).mark_text(align="right", dx=-4, dy=-6, fontSize=11, color=p["target"]).encode(
        x=alt.X("x:Q"), y=alt.YValue(0), text=alt.Text("label:N"))
    return alt.layer(
        bars, labels, rules, rule_labels, data=d, width=640, height=alt.Step(30),
        title=alt.Title(titles.meetings(client),
                        subtitle=f"Meetings the consultant attends, largest first; above {MEETING_LIMIT:.0%} "
                                 "of the contracted hours they crowd out the work"))


def cadence_calendar(client: Client) -> alt.VConcatChart:
    """Meetings week by week over the first 90 days, then each week's meeting hours against the limit."""
    p = palette()
    cal = hours.cadence_calendar(client)
    labels = {m.meeting: m.meeting if m.consultant_attends else f"{m.meeting} (consultant not attending)"
              for m in client.cadence}
    cal = cal.assign(week=cal["day"] // 7 + 1, row=cal["meeting"].map(labels))
    cells = (cal.groupby(["row", "week", "consultant_attends"], as_index=False, sort=False)
             .agg(minutes=("minutes", "sum"), date=("date", "min")))
    cells["attendance"] = ["consultant attends" if a else "consultant not attending" for a in cells["consultant_attends"]]
    cells["date"] = [d.isoformat() for d in cells["date"]]
    weeks = hours.weekly_meeting_hours(client)
    weeks = weeks.assign(week_label=[f"{d.day} {d:%b}" for d in weeks["week_start"]],
                         status=["over limit" if o else "within limit" for o in weeks["over"]],
                         label=[fmt_hours(h) if h else "" for h in weeks["hours"]]).drop(columns="week_start")
    cells = cells.merge(weeks[["week", "week_label"]], on="week")
    order, rows = list(weeks["week_label"]), list(dict.fromkeys(labels.values()))
    x = alt.X("week_label:N", sort=order, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=10))
    y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelLimit=260))
    tip = [alt.Tooltip("row:N", title="Meeting"), alt.Tooltip("date:N", title="Date"),
           alt.Tooltip("minutes:Q", title="Minutes")]
    rect = alt.Chart(cells).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, tooltip=tip,
        color=alt.Color("attendance:N", scale=alt.Scale(domain=["consultant attends", "consultant not attending"],
                                                        range=[p["accent"], p["grid"]]), legend=None))
    minutes = alt.Chart(cells).mark_text(fontSize=10).encode(
        x=x, y=y, text=alt.Text("minutes:Q"), tooltip=tip,
        color=alt.ColorValue(p["muted"], condition=alt.ConditionalPredicateValueDefGradientstringnullExprRef(
            test="datum.consultant_attends", value="white")))
    grid = alt.layer(rect, minutes, width=alt.Step(WEEK_STEP), height=alt.Step(26),
                     title=alt.Title("Meetings week by week (minutes)", fontSize=12))
    bx = alt.X("week_label:N", sort=order, title="Week starting", axis=alt.Axis(labelAngle=0, labelFontSize=10))
    bars = alt.Chart(weeks).mark_bar(width=alt.RelativeBandSize(0.7)).encode(
        x=bx, y=alt.Y("hours:Q", title="Meeting hours"),
        color=alt.Color("status:N", scale=alt.Scale(domain=["within limit", "over limit"],
                                                    range=[p["accent"], p["target"]]),
                        legend=alt.Legend(title=None, orient="bottom")),
        tooltip=[alt.Tooltip("week_label:N", title="Week starting"), alt.Tooltip("hours:Q", format=".1f", title="Meeting hours"),
                 alt.Tooltip("status:N", title="Against the limit")])
    values = alt.Chart(weeks).mark_text(dy=-6, fontSize=10, color=p["text"]).encode(
        x=bx, y=alt.Y("hours:Q"), text=alt.Text("label:N"))
    limit = weeks["limit"].iloc[0] if weeks["limit"].notna().all() else None
    layers = [bars, values]
    if limit is not None:
        layers.append(alt.Chart(pd.DataFrame({"y": [limit]})).mark_rule(strokeDash=[5, 3], color=p["target"])
                      .encode(y=alt.Y("y:Q")))
    note = (f" (dashed line: {MEETING_LIMIT:.0%} of {fmt_hours(client.engagement.hours_per_week)} h "
            f"= {fmt_hours(limit)} h)") if limit is not None else ""
    load = alt.layer(*layers, width=alt.Step(WEEK_STEP), height=140,
                     title=alt.Title("Meeting hours each week" + note, fontSize=12, offset=12))
    return alt.VConcatChart(
        vconcat=[grid, load], spacing=48, bounds="flush",
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent", x="independent")),
        title=alt.Title(titles.calendar(client),
                        subtitle="Each cell is a meeting in that week, with its minutes; grey rows are not attended"))


STATUS_ORDER = ["Done", "Done late", "Due", "Late", "To confirm"]


def status_colours(p: dict) -> list[str]:
    """The status vocabulary's colours (green done, amber done late, blue due, red late, grey unknown)."""
    return [p["rag"]["green"], p["rag"]["amber"], p["accent_light"], p["rag"]["red"], p["rag"]["no-data"]]


def plan_title(table: pd.DataFrame | None, as_of=None) -> str:
    """The plan chart's finding: how many tasks are behind at the as-of date."""
    if table is None or table.empty:
        return "The first 90 days: diagnose, prioritise, prove"
    late, slipped = int((table["status"] == "Late").sum()), int((table["status"] == "Done late").sum())
    done = int(table["status"].isin(["Done", "Done late"]).sum())
    head = f"{done} of {len(table)} tasks done by {day(as_of)}" if as_of else f"{done} of {len(table)} tasks done"
    if late or slipped:
        return head + f"; {late} overdue and {slipped} done late"
    return head + "; none late"


def plan_gantt(client: Client, table: pd.DataFrame | None = None, as_of=None) -> alt.LayerChart:
    """The 30-60-90 plan: one bar per task, phases named above their bands, milestones as diamonds;
    with the progress table, each bar is coloured and labelled by its status at the as-of date."""
    p = palette()
    plan = plan_30_60_90(client)
    start = client.engagement.start
    plan = plan.assign(finish=plan["end_day"] + 1, when=plan_spans(plan)).drop(columns=["start", "end", "check"])
    tracked = table is not None and not table.empty and len(table) == len(plan)
    if tracked:
        plan = plan.assign(status=list(table["status"]), label=[
            f"{st} · {count_text(n, 'day')}" if n and st != "Done" else st
            for st, n in zip(table["status"], table["days_late"])])
    last = {nb: plan.loc[(plan["notebook"] == nb) & (plan["end_day"] <= by), "end_day"].max()
            for nb, by in MILESTONES.items()}
    milestones = plan[[nb in last and end == last[nb] for nb, end in zip(plan["notebook"], plan["end_day"])]]
    tasks = list(plan["task"])
    phases = list(PHASES)
    bands = pd.DataFrame([{"phase": ph, "a": a, "b": b + 1, "mid": (a + b + 1) / 2, "label": f"{ph} · days {a}-{b}"}
                          for ph, (a, b) in PHASES.items()])
    y = alt.Y("task:N", sort=tasks, title=None, axis=alt.Axis(labelLimit=420))
    now = (as_of - start).days if tracked and as_of is not None and start is not None else None
    now = now if now is not None and 0 <= now <= 91 else None
    x = alt.X("start_day:Q", scale=alt.Scale(domain=[0, 91], nice=False),
              axis=alt.Axis(values=[0, 15, 30, 45, 60, 75, 90], format="d"),
              title="Days from the start of the engagement" + (f" (day 0 = {day(start)})" if start else "")
              + (f"; solid line: {day(as_of)}, day {now}" if now is not None else ""))
    colour = alt.Color("phase:N", scale=alt.Scale(domain=phases, range=p["categorical"][:3]),
                       legend=None)  # the phase names above the bands are the legend
    shade = alt.Chart(bands).mark_rect(opacity=0.06).encode(x=alt.X("a:Q"), x2=alt.X2("b:Q"), color=colour)
    rules = alt.Chart(bands).mark_rule(strokeDash=[4, 3], color=p["muted"]).encode(x=alt.X("b:Q"))
    names = alt.Chart(bands).mark_text(fontSize=11, fontWeight=600, dy=-8).encode(
        x=alt.X("mid:Q"), y=alt.YValue(0), text=alt.Text("label:N"), color=colour)
    tip = [alt.Tooltip("phase:N", title="Phase"), alt.Tooltip("task:N", title="Task"),
           alt.Tooltip("when:N", title="When"), alt.Tooltip("deliverable:N", title="Deliverable")]
    layers = [shade, rules]
    if tracked:
        status = alt.Color("status:N", scale=alt.Scale(domain=STATUS_ORDER, range=status_colours(p)),
                           legend=alt.Legend(title="Status", orient="bottom"))
        if now is not None:  # the as-of line, named in the axis title so no label collides with the phases
            layers.append(alt.Chart(pd.DataFrame({"x": [now]})).mark_rule(color=p["text"], strokeWidth=1.5)
                          .encode(x=alt.X("x:Q")))
        layers.append(alt.Chart(plan).mark_bar(height=14, cornerRadius=2).encode(
            x=x, x2=alt.X2("finish:Q"), y=y, color=status, tooltip=tip + [alt.Tooltip("label:N", title="Status")]))
        layers.append(alt.Chart(plan).mark_text(align="left", dx=10, fontSize=11, color=p["text"]).encode(
            x=alt.X("finish:Q"), y=y, text=alt.Text("label:N")))
    else:
        layers.append(alt.Chart(plan).mark_bar(height=14, cornerRadius=2).encode(
            x=x, x2=alt.X2("finish:Q"), y=y, color=colour, tooltip=tip))
    diamonds = alt.Chart(milestones).mark_point(shape="diamond", size=130, filled=True, color=p["text"]).encode(
        x=alt.X("finish:Q"), y=y, tooltip=tip)
    return alt.layer(
        *layers, diamonds, names, width=420, height=alt.Step(26),
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")),
        title=alt.Title(plan_title(table if tracked else None, as_of),
                        subtitle="Diagnose, prioritise, prove · diamond: the phase's milestone deliverable"))


def stakeholder_map(client: Client) -> alt.LayerChart:
    """Influence × interest quadrants; each stakeholder marked by disposition in shape and colour."""
    p = palette()
    d = governance.stakeholder_map(client).dropna(subset=["quadrant"]).reset_index(drop=True)
    d["disposition"] = d["disposition"].fillna("not assessed")
    d["title"] = d["title"].fillna("")
    spot = d.groupby(["interest", "influence"]).cumcount()
    crowd = d.groupby(["interest", "influence"])["name"].transform("size")
    d["y"] = d["influence"] + (spot - (crowd - 1) / 2) * 0.28  # people on one spot are stacked, not hidden
    split = QUADRANT_SPLIT - 0.5
    quads = pd.DataFrame([
        {"quadrant": QUADRANTS[0], "x": split, "x2": 5.5, "y": split, "y2": 5.5, "tx": split + 0.05, "ty": 5.45},
        {"quadrant": QUADRANTS[1], "x": 0.5, "x2": split, "y": split, "y2": 5.5, "tx": 0.55, "ty": 5.45},
        {"quadrant": QUADRANTS[2], "x": split, "x2": 5.5, "y": 0.5, "y2": split, "tx": split + 0.05, "ty": split - 0.05},
        {"quadrant": QUADRANTS[3], "x": 0.5, "x2": split, "y": 0.5, "y2": split, "tx": 0.55, "ty": split - 0.05}])
    scale = alt.Scale(domain=[0.5, 5.5], nice=False, zero=False)
    axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d", grid=False)
    area = alt.Chart(quads.assign(fill=["#e8eef5", "#f1f4f8", "#f1f4f8", "#f7f8fa"])).mark_rect(
        stroke="white", strokeWidth=3).encode(
        x=alt.X("x:Q", scale=scale, axis=axis, title="Interest in the engagement (1-5)"), x2=alt.X2("x2:Q"),
        y=alt.Y("y:Q", scale=scale, axis=axis, title="Influence over its decisions (1-5)"), y2=alt.Y2("y2:Q"),
        fill=alt.Fill("fill:N", scale=None))  # fixed shades: the disposition owns the colour scale
    quad_names = alt.Chart(quads).mark_text(align="left", baseline="top", fontSize=11, fontWeight=600,
                                            color=p["muted"]).encode(
        x=alt.X("tx:Q"), y=alt.Y("ty:Q"), text=alt.Text("quadrant:N"))
    tip = [alt.Tooltip("name:N", title="Stakeholder"), alt.Tooltip("title:N", title="Title"),
           alt.Tooltip("influence:Q", title="Influence"), alt.Tooltip("interest:Q", title="Interest"),
           alt.Tooltip("disposition:N", title="Disposition"), alt.Tooltip("quadrant:N", title="Approach")]
    colours = {"supportive": p["rag"]["green"], "neutral": p["muted"], "resistant": p["rag"]["red"],
               "not assessed": p["rag"]["no-data"]}
    present = [k for k in SHAPES if k in set(d["disposition"])]  # one legend, only what is on the map
    marks = alt.Chart(d).mark_point(filled=True, size=150, opacity=1, stroke="white", strokeWidth=1).encode(
        x=alt.X("interest:Q"), y=alt.Y("y:Q"), tooltip=tip,
        color=alt.Color("disposition:N", scale=alt.Scale(domain=present, range=[colours[k] for k in present]),
                        legend=alt.Legend(title="Disposition")),
        shape=alt.Shape("disposition:N", scale=alt.Scale(domain=present, range=[SHAPES[k] for k in present]),
                        legend=alt.Legend(title="Disposition")))
    names = alt.Chart(d).mark_text(align="left", dx=10, fontSize=11, color=p["text"]).encode(
        x=alt.X("interest:Q"), y=alt.Y("y:Q"), text=alt.Text("name:N"), tooltip=tip)
    return alt.layer(
        area, quad_names, marks, names, width=640, height=420,
        title=alt.Title(titles.stakeholders(client), subtitle="Influence × interest; high is 3 and above. "
                                                    "Shape and colour show the disposition"))
