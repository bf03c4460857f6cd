"""The output types a notebook run hands the exporter: charts, tables' data, the header facts,
the results.

Kept apart from the modules that produce them so that the exporter and the batch workers read
them without importing pandas or altair.
"""
CHART = "application/vnd.playbook.chart+json"
META = "application/vnd.playbook.meta+json"
RESULTS = "application/vnd.playbook.results+json"
TABLE = "application/vnd.playbook.table+json"  # a table's values, for the numbers workbook
