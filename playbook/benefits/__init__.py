"""Stage 5, benefits (notebooks/benefits.ipynb): the benefits realisation review.

register      benefits.csv and benefit_actuals.csv: loading, checking, appending measurements
rows          reading one register row (coded fields checked) and one benefit's measurements
trajectory    the planned trajectory, realisation and progress in percent, RAG status, readiness
forecast      the least-squares trend of recent measurements and its prediction interval
money         money per benefit, planned and realised money to date and over time, roll-ups
realisation   each benefit assessed as of a date, which are tracked (the initiative's portfolio
              status), one benefit's chart data, the next steering date, and the Review bundle
text          how measures, promises, labels and statuses are written
findings      the executive sentences: governing thought, findings worst first, decisions
              requested (who decides, by when), chart titles that state the finding and descriptions
tables        the tables the deliverable shows: escalations, promise ledger, tracking gaps, register
results       the results JSON written beside the deliverable
charts        the deliverable's charts
workshop_form the JupyterLab form that records a measurement in a review meeting
"""
