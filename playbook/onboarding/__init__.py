"""Stage 1, onboarding (notebooks/onboarding.ipynb): the engagement charter.

templates     the role's wording template (plan, KPIs, positioning reasons, section intros) and its loader
cost          what the engagement costs against a full-time hire over the same term
hours         hours per workstream, the meeting load, the meeting calendar and each week's meeting hours
governance    RACI lint and matrix (who decides), the stakeholder map by influence and interest
objectives    whether each objective can measure success; the role's suggested KPIs
positioning   strategic or traditional, from the reporting line and the mandate's words
plan          the 30-60-90-day plan, dated from the engagement's start
text          how money, hours, percentages and dates are written
findings      the executive sentences: findings, what must be fixed, chart descriptions, missing inputs
tables        the tables the deliverable shows: the engagement in numbers, objectives, access checklist
results       the results JSON written beside the deliverable
charts        the deliverable's charts
"""
