"""Across clients: the consultant's own view of the practice.

Hours against each retainer and the client's feedback (timesheet.csv, feedback.csv), what needs
attention in every client, and anonymised maturity benchmarks across the firm's clients.
"""
from playbook.practice.attention import Item, Severity, ordered
from playbook.practice.benchmarks import MIN_PEERS, Scored, for_client, lagging, percentile_rank
from playbook.practice.pulse import nps
from playbook.practice.review import Review, assess

__all__ = ["Item", "Severity", "ordered", "MIN_PEERS", "Scored", "for_client", "lagging", "percentile_rank",
           "nps", "Review", "assess"]
