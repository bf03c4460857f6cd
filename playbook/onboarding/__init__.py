"""Stage 1, onboarding (notebooks/onboarding.ipynb): the engagement charter.

templates     the role's wording template (plan, KPIs, positioning reasons, section intros) and its loader
cost          what the engagement costs against a full-time hire over the same term
hours         hours per workstream, the meeting load, the meeting calendar and each week's meeting hours
governance    RACI lint and matrix (who decides), the stakeholder map by influence and interest
objectives    whether each objective can measure success; the role's suggested KPIs
positioning   strategic or traditional, from the reporting line and the mandate's words
plan          the 30-60-90-day plan, dated from the engagement's start
progress      where each plan task stands at the as-of date (done, done late, due, late, to confirm),
              from the client's other files: maturity waves, the portfolio's decisions, benefit readings
people        who an owner is (a title matched to a stakeholder) and when a decision can be taken
              (the next sponsor or steering meeting of the cadence)
summary       decision first: the governing thought, the findings ordered by risk, the decisions
              requested (what, who, by when) and the next steps with owners and dates
titles        each chart's title, stating its finding
text          how money, hours, percentages and dates are written
findings      what must be fixed, the text under each chart, and what stops a section being drawn
tables        the tables the deliverable shows: the engagement in numbers, objectives, access checklist
results       the results JSON written beside the deliverable
charts        the deliverable's charts
"""
