"""Source of notebooks/prioritisation.ipynb (run from the repository root to regenerate it)."""
from pathlib import Path

from nbbuild import PARAMETERS, build

CELLS = [
    PARAMETERS,
    ("code", '''
from playbook import notebook as pb, portfolio, prioritise, prioritise_charts as charts

ctx = pb.start("prioritisation", client_id, data_dir, as_of, mode)
plan = prioritise.plan(portfolio.load_valid(ctx.folder, ctx.client), ctx.client)
'''),
    ("md", "## Executive summary"),
    ("code", '''
pb.findings(prioritise.findings(plan))
if plan.infeasible and not plan.empty:
    pb.callout(f"No funding decision is possible as the portfolio stands: {plan.selection.infeasible_reason}. "
               "The ranking and the budget sweep below still hold; the cut line appears once this is resolved.")
'''),
    ("md", '''
## The recommendation

The funded set is the exact optimum, not a ranking read from the top: it scores highest in total
while staying within the budget and each team's capacity, funds an initiative only with its
prerequisites, never funds two mutually exclusive ones, and always includes the mandatory ones.
Every initiative below the cut line carries the rule it would break if it were added.
'''),
    ("code", '''
if not plan.empty:
    pb.chart(charts.ranked(plan), "The cut list: what is funded, and why the rest is not", charts.describe_ranked(plan))
'''),
    ("md", '''
## How sure we are

Scores are judgements, so the recommendation is re-run 500 times with the weights and every
rating plausibly different, and we count how often each initiative is funded. The robust core is
funded almost whatever the detail of the scoring; the bubble is where the committee's judgement
matters more than the numbers.
'''),
    ("code", '''
if plan.empty or plan.infeasible:
    pb.paragraph("The robustness test needs a feasible selection; it runs once the portfolio can be funded.")
else:
    pb.chart(charts.funding_probability(plan), "Probability of being funded", charts.describe_funding(plan))
    bubble = prioritise.bubble_table(plan)
    if len(bubble):
        pb.table(bubble, "On the bubble: decide these on judgement, closest to a coin toss first",
                 {"Funded in draws": "{:.0%}"})
'''),
    ("md", '''
## What more (or less) money buys

The efficient frontier: the best total score achievable at every budget from nothing to half as
much again, beside the value-for-money ranking most portfolio tools use. Where the curve flattens,
extra money buys little because capacity or dependencies run out first.
'''),
    ("code", '''
if not plan.empty:
    pb.chart(charts.frontier(plan), "Efficient frontier: score against budget", charts.describe_frontier(plan))
'''),
    ("md", "## Strategic alignment"),
    ("code", '''
if not plan.empty:
    pb.chart(charts.objectives(plan), "Budget by strategic objective", charts.describe_objectives(plan))
    lone = prioritise.orphans(plan.portfolio)
    if lone:
        pb.callout(f"{len(lone)} initiative{'s' if len(lone) > 1 else ''} serve no objective in the charter: "
                   + "; ".join(f"{i} {plan.portfolio.at[i, 'name']}" for i in lone)
                   + ". Link each to an objective or stop it.", "info")
'''),
    ("md", '''
## Capacity

Funding is only half the constraint: each team has a fixed number of people. Under 75% leaves
room, 75–100% is fully booked, over 100% cannot be delivered as planned.
'''),
    ("code", '''
if not plan.empty and plan.capacity:
    pb.chart(charts.capacity(plan), "Team demand against capacity", charts.describe_capacity(plan))
elif not plan.empty:
    pb.paragraph("No team capacities are set in client.yaml, so only the budget limits the selection.")
'''),
    ("md", '''
## Do the methods agree?

The same portfolio ranked by each method the data supports: weighted scoring, AHP-derived weights
and WSJF (cost of delay over job size). Kendall's tau is 1 when two methods order the initiatives
identically and 0 when their orders are unrelated.
'''),
    ("code", '''
if len(plan.scores) > 1:
    pb.chart(charts.agreement(plan), "Method comparison", charts.describe_agreement(plan))
else:
    pb.paragraph("Only one method is possible with this data: add AHP judgements to client.yaml or the WSJF "
                 "columns to portfolio.csv to compare methods.")
for note in plan.notes:
    pb.paragraph(note)
'''),
    ("md", "## Criteria weights and AHP consistency"),
    ("code", '''
if plan.criteria:
    pb.table(prioritise.weights_table(plan), f"Criteria and the weights the {prioritise.METHOD_NAMES[plan.method]} "
             "uses" if plan.method != "wsjf" else "Criteria of the weighted scoring WSJF is compared with",
             {"Weight used": "{:.0%}"})
if plan.ahp is not None:
    if not plan.ahp.consistent:
        pb.callout(plan.ahp.warning())
    pb.chart(charts.ahp_consistency(plan), "AHP judgements: as given and as implied", charts.describe_ahp(plan))
else:
    pb.paragraph("No pairwise (AHP) judgements are recorded in client.yaml.")
'''),
    ("md", '''
## Method

- **Scores.** Weighted scoring min-max normalises each criterion across the portfolio (inverting
  those where lower is better) and takes the weighted sum, 0 to 1. AHP takes the weights from the
  principal eigenvector of the pairwise judgements, with λmax, CI = (λmax − n)/(n − 1) and
  CR = CI/RI against Saaty's random index; CR of 0.10 or more is flagged with the judgement that
  contributes most. WSJF = (business value + time criticality + risk reduction) ÷ job size.
- **Selection.** An exact 0-1 integer programme (scipy's `milp`, HiGHS): maximise the total score
  subject to the budget, each team's FTE capacity, dependencies, mutual exclusions, mandatory and
  forced-out initiatives. Ties go to the cheaper set.
- **Frontier.** The same optimum re-solved at budgets from 0 to 150%, against funding by value per
  cost until nothing else fits.
- **Sensitivity.** 500 draws with a fixed seed: Dirichlet weights centred on the agreed weights
  (concentration 50) and uniform ±1-point noise on every rating (WSJF has no weights: its three
  value ratings move), the exact selection re-solved each time. Robust core ≥ 90%, on the bubble
  10–90%, out ≤ 10%.
- **Capacity** sums each team's FTE over the funded initiatives; **alignment** sums cost per
  objective. Nothing is averaged across initiatives.
'''),
    ("code", "pb.results(prioritise.results(plan))"),
    ("md", '''
## Workshop: change the weights live

Move the sliders (criteria weights, or the AHP judgements when the method is AHP) and the ranking
and the funded set are re-solved at once, with what changed against the saved weights. **Save**
writes the weights into this client's client.yaml, keeping its comments; re-run the notebook to
refresh every chart.
''', ["workshop"]),
    ("code", '''
if ctx.live and not plan.empty:
    from playbook.prioritise_workshop import WeightsWorkshop

    WeightsWorkshop(ctx.folder, ctx.client, plan.portfolio).show()
''', ["workshop"]),
]

if __name__ == "__main__":
    build(Path("notebooks/prioritisation.ipynb"), CELLS)
