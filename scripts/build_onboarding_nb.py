"""Source of notebooks/onboarding.ipynb (run from the repository root to regenerate it)."""
from pathlib import Path

from nbbuild import PARAMETERS, build

CELLS = [
    PARAMETERS,
    ("code", '''
from playbook import notebook as pb, onboarding as ob, onboarding_charts as charts

ctx = pb.start("onboarding", client_id, data_dir, as_of, mode)
c = ctx.client
words = ob.wording(c)
'''),
    ("md", "## Executive summary"),
    ("code", "pb.findings(ob.findings(c, ctx.as_of))"),
    ("md", "### The engagement in numbers"),
    ("code", '''
pb.table(ob.engagement_facts(c), "The engagement as contracted")
if ob.cost_effectiveness(c).cost_ratio is not None:
    pb.chart(charts.cost_comparison(c), "Fractional engagement against a full-time hire", ob.describe_costs(c))
'''),
    ("md", "### The mandate"),
    ("code", '''
if c.engagement.mandate:
    pb.paragraph(f"“{c.engagement.mandate}”", kind="mandate")
pb.paragraph(ob.positioning_verdict(c))
if more := ob.positioning(c).reasons[1:]:
    pb.bullets(more)
'''),
    ("md", "### What must be fixed for the engagement to succeed"),
    ("code", '''
fixes = ob.must_fix(c, ctx.as_of)
if fixes:
    pb.paragraph("Most serious first: each one puts the engagement at risk until the sponsor resolves it."
                 if len(fixes) > 1 else "This puts the engagement at risk until the sponsor resolves it.")
    pb.bullets(fixes)
else:
    pb.callout("Nothing blocks the engagement: decision rights, objectives, access and the meeting load are "
               "all in order.", "ok")
'''),
    ("md", "## Objectives and how success is measured"),
    ("code", '''
pb.paragraph(words.intros.objectives)
if gap := ob.missing(c, "objectives"):
    pb.callout(gap, "info")
else:
    pb.table(ob.objectives_table(c, ctx.as_of), "Objectives and their readiness",
             {"Baseline": "{:g}", "Target": "{:g}"})
if ob.objective_issues(c, ctx.as_of):
    pb.paragraph(words.intros.kpis)
    pb.table(ob.suggested_kpis(c).rename(columns={"kpi": "KPI", "unit": "Unit", "why": "Why it matters"}),
             "Suggested KPIs")
'''),
    ("md", "## Who decides"),
    ("code", '''
pb.paragraph(words.intros.decisions)
if gap := ob.missing(c, "decisions"):
    pb.callout(gap, "info")
else:
    pb.chart(charts.raci_matrix(c), "RACI matrix by workstream", ob.describe_raci(c))
    for issue in ob.raci_issues(c):
        pb.callout(issue)
'''),
    ("md", "## How the hours are spent"),
    ("code", '''
pb.paragraph(words.intros.time)
if gap := ob.missing(c, "time"):
    pb.callout(gap, "info")
else:
    pb.chart(charts.time_allocation(c), "Time allocation by workstream", ob.describe_time(c))
if gap := ob.missing(c, "meetings"):
    pb.callout(gap, "info")
else:
    pb.chart(charts.meeting_load(c), "Meeting load against the contracted hours", ob.describe_meetings(c))
    load = ob.meeting_load(c)
    if load.warning:
        pb.callout(load.message + ": cut, shorten or delegate meetings before the work starts.")
'''),
    ("md", "## Cadence over the first 90 days"),
    ("code", '''
pb.paragraph(words.intros.cadence)
if gap := ob.missing(c, "calendar"):
    pb.callout(gap, "info")
else:
    pb.chart(charts.cadence_calendar(c), "Meeting calendar, first 90 days", ob.describe_calendar(c))
'''),
    ("md", "## The 30-60-90-day plan"),
    ("code", '''
pb.paragraph(words.intros.plan)
plan = ob.plan_30_60_90(c)
if "note" in plan.attrs:
    pb.callout(plan.attrs["note"], "info")
pb.chart(charts.plan_gantt(c), "30-60-90-day plan", ob.describe_plan(c))
pb.table(ob.plan_table(c), "Tasks and deliverables")
'''),
    ("md", "## Stakeholder map"),
    ("code", '''
pb.paragraph(words.intros.stakeholders)
if gap := ob.missing(c, "stakeholders"):
    pb.callout(gap, "info")
else:
    pb.chart(charts.stakeholder_map(c), "Stakeholders by influence and interest", ob.describe_stakeholders(c))
if unmapped := ob.unmapped_stakeholders(c):
    pb.callout("Not on the map, as influence or interest is not scored: " + ", ".join(unmapped) + ".", "info")
'''),
    ("md", "## Resources and access"),
    ("code", '''
pb.paragraph(words.intros.resources)
if gap := ob.missing(c, "resources"):
    pb.callout(gap, "info")
else:
    pb.table(ob.resource_checklist(c), "Access and data checklist, blocked items first")
'''),
    ("md", '''
## Method

Engagement cost = day rate × hours a week ÷ 8 × weeks; the full-time alternative over the same
term = annual fully loaded cost × weeks ÷ 52. Meeting load counts the meetings the consultant
attends, in hours a month (a month is 52 ÷ 12 weeks), against the contracted hours a month; above
30% it is flagged. Each workstream needs exactly one accountable (A) and at least one responsible
(R); one person accountable for more than half the workstreams, or a workstream consulting (C)
more than three people or more than it holds responsible, accountable and informed, is flagged. An objective is ready when it has a KPI, unit,
baseline, target, due date and owner, and its target differs from its baseline. High influence or
interest is 3 and above on the 1-5 scale. The positioning compares the reporting line and the
mandate's wording with the strategic-versus-traditional contrast of the role's template.
'''),
    ("code", "pb.results(ob.results(c, ctx.as_of))"),
]

if __name__ == "__main__":
    build(Path("notebooks/onboarding.ipynb"), CELLS)
