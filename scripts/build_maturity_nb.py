"""Source of notebooks/maturity.ipynb (run from the repository root to regenerate it)."""
from pathlib import Path

from nbbuild import PARAMETERS, build

CELLS = [
    PARAMETERS,
    ("code", '''
from playbook import maturity, maturity_charts as charts, maturity_model, notebook as pb, responses

ctx = pb.start("maturity", client_id, data_dir, as_of, mode)
model = maturity_model.get(ctx.client.maturity.model)
answers = responses.load_valid(ctx.folder, model, ctx.as_of)
a = maturity.assess(answers, model, ctx.client.maturity.targets, maturity_model.recommendations(model.id))
'''),
    ("md", "## Executive summary"),
    ("code", "pb.findings(maturity.findings(a))"),
    ("md", '''
## What to fix first

The dimensions furthest below their target, with the next step that lifts each one a level.
Dimensions where respondents disagree are marked: agree the facts before investing.
'''),
    ("code", '''
if a.gaps:
    pb.table(maturity.priorities(a), "Priorities: largest gap to target first")
else:
    pb.paragraph("No dimension is below its target." if not a.empty else "No responses yet.")
'''),
    ("md", "## Scores against target"),
    ("code", '''
if not a.empty:
    pb.chart(charts.scores_vs_target(a), "Maturity by dimension against target",
             maturity.describe_scores(a))
'''),
    ("md", '''
## Where respondents agree

Agreement is r_wg (James, Demaree & Wolf): 1 means everyone gave the same answer, 0 means
answers were as spread as random answering. Below 0.7 a score is contested.
'''),
    ("code", '''
if not a.empty:
    pb.chart(charts.agreement(a), "Agreement between respondents per dimension", maturity.describe_agreement(a))
'''),
    ("md", "## How leaders and delivery staff see it"),
    ("code", '''
if not a.roles.empty:
    pb.chart(charts.roles(a), "Dimension scores by role", maturity.describe_roles(a))
'''),
    ("md", "## Every respondent, every dimension"),
    ("code", '''
if not a.empty:
    pb.chart(charts.heatmap(a), "Respondent × dimension heatmap",
             f"Mean score of each of the {a.respondents} respondents in each dimension.")
'''),
    ("md", "## Trend across assessments"),
    ("code", '''
if len(a.waves) > 1:
    pb.chart(charts.trend(a), "Dimension scores across assessment waves", maturity.describe_trend(a))
else:
    pb.paragraph("This is the first assessment: the trend appears once a second wave is run.")
'''),
    ("md", "## In respondents' words"),
    ("code", '''
if len(a.comments):
    pb.table(a.comments, f"{len(a.comments)} comments from the {a.wave:%B %Y} assessment, by role")
else:
    pb.paragraph("No respondent left a comment in this assessment.")
'''),
    ("md", "## Dimension detail"),
    ("code", '''
pb.table(maturity.detail(a), f"All dimensions of the {model.name}",
         {"Score": "{:.2f}", "Gap": "{:+.2f}", "r_wg": "{:.2f}", "IQR": "{:.2f}"})
'''),
    ("md", '''
## Method

Each question's score is the median of the respondents who answered it ("don't know" is left
out); a dimension's score is the mean of its questions' scores, and the overall level is the mean
of the dimensions. Agreement r_wg = 1 − s²/σ²_EU with σ²_EU = 2 for a five-point scale, where s²
is the mean of the dimension's question variances; values below 0 are truncated to 0. The IQR is
that of the respondents' dimension means. Roles are compared on scores computed within each role.
'''),
    ("code", "pb.results(maturity.results(a))"),
    ("md", '''
## Workshop capture

Each respondent enters their name, role and a score per question, then presses **Save**. The
entry is checked and appended to this client's `maturity_responses.csv`; re-run the notebook to
refresh every chart.
''', ["workshop"]),
    ("code", '''
if ctx.live:
    from playbook.workshop import MaturityForm

    MaturityForm(ctx.folder, model, ctx.as_of, ctx.client.maturity.targets).show()
''', ["workshop"]),
]

if __name__ == "__main__":
    build(Path("notebooks/maturity.ipynb"), CELLS)
