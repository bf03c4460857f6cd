"""The output types a notebook run hands the exporter: charts, the header facts, the results.

Kept apart from the modules that produce them so that the exporter and the batch workers read
them without importing pandas or altair.
"""
CHART = "application/vnd.playbook.chart+json"
META = "application/vnd.playbook.meta+json"
RESULTS = "application/vnd.playbook.results+json"
