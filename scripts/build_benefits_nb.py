"""Source of notebooks/benefits.ipynb (run from the repository root to regenerate it)."""
from pathlib import Path

from nbbuild import PARAMETERS, build

CELLS = [
    PARAMETERS,
    ("code", '''
from playbook import benefit_register, benefits, benefits_charts as charts, notebook as pb

ctx = pb.start("benefits", client_id, data_dir, as_of, mode)
register = benefit_register.load_valid(ctx.folder, ctx.client)
r = benefits.review(register.benefits, register.actuals, ctx.client, ctx.as_of)
'''),
    ("md", "## Executive summary"),
    ("code", "pb.findings(benefits.findings(r))"),
    ("md", '''
## What needs a decision

Benefits that are red (behind plan by more than their tolerance) or whose recent trend will
miss the target by the due date, worst first, with the owner who has to act.
'''),
    ("code", '''
escalations = benefits.escalations(r)
if len(escalations):
    pb.table(escalations, f"Escalations: {len(escalations)} benefits off track or forecast to miss")
elif not r.empty:
    pb.callout("No benefit is red and every forecast reaches its target.", "ok")
'''),
    ("md", '''
## The promise ledger

What was promised at onboarding, objective by objective, against what the benefits linked to
it have delivered. Value is summed across benefits (realised ÷ planned money), never an average
of percentages, so one large benefit behind plan is not hidden by a small one ahead.
'''),
    ("code", '''
if not r.empty:
    pb.table(benefits.ledger(r), "Promise ledger: onboarding objectives against their benefits")
    if r.financial.priced:
        pb.chart(charts.value_by_objective(r), "Planned against realised value by objective",
                 benefits.describe_value_by_objective(r))
    pb.chart(charts.rag_by_objective(r), "Benefit status by objective", benefits.describe_rag(r))
'''),
    ("md", "## Value realised over time"),
    ("code", '''
if r.financial.priced:
    pb.chart(charts.cumulative_value(r), "Cumulative planned against realised value",
             benefits.describe_cumulative(r))
elif not r.empty:
    pb.paragraph("No benefit has a value_per_unit yet, so value cannot be rolled up.")
'''),
    ("md", '''
## Each benefit against its plan

The plan runs from the baseline at the start date to the target at the due date. The band is
the tolerance: inside it a benefit is amber, below it red. The forecast is a least-squares line
through the six newest actuals, with its 90% prediction interval at the due date.
'''),
    ("code", '''
if not r.empty:
    pb.chart(charts.trajectories(r), "Planned against actual, benefit by benefit", benefits.describe_trajectories(r))
'''),
    ("md", '''
## Not ready to track

A benefit can be trusted when it is measurable (a measure and unit), attributable (an
initiative) and owned, and when it is measured regularly (an actual within the last 90 days).
'''),
    ("code", '''
gaps = benefits.tracking_gaps(r)
if len(gaps):
    pb.table(gaps, f"Tracking gaps: {len(gaps)} benefits")
elif not r.empty:
    pb.callout("Every benefit is owned, measurable, attributable and measured in the last 90 days.", "ok")
'''),
    ("md", "## Benefit register"),
    ("code", '''
if not r.empty:
    pb.table(benefits.register_detail(r), f"All {len(r.table)} benefits as of {ctx.as_of:%d %B %Y}")
'''),
    ("md", '''
## Method

Planned level: linear from the baseline at the start date to the target at the due date (or an
S-curve where the register says so). Realisation to date is the achieved change divided by the
planned change at the date of the newest actual on or before the as-of date; progress is the
achieved change divided by the whole promised change. Green at 100% or more, amber within the
benefit's tolerance (10 points unless set), red below; for a dis-benefit, less harm than planned
is better. A benefit is stale when its newest actual is more than 90 days old. Value is each
benefit's change from baseline multiplied by its value per unit, summed; dis-benefits count
negative, and a benefit not yet measured has realised nothing.
'''),
    ("code", "pb.results(benefits.results(r))"),
    ("md", '''
## Workshop capture

Record a new measurement: choose the benefit, enter the date (YYYY-MM-DD) and the value, add a
note if useful, and press **Save**. The entry is checked and appended to this client's
`benefit_actuals.csv`; re-run the notebook to refresh every chart.
''', ["workshop"]),
    ("code", '''
if ctx.live:
    from playbook.benefits_workshop import ActualForm

    ActualForm(ctx.folder, ctx.client, ctx.as_of).show()
''', ["workshop"]),
]

if __name__ == "__main__":
    build(Path("notebooks/benefits.ipynb"), CELLS)
