"""Stage 3, prioritisation (notebooks/prioritisation.ipynb): which initiatives to fund.

portfolio (portfolio.csv loaded and checked) -> scoring (weighted, WSJF, agreement) and ahp (weights
from pairwise judgements) -> problem (the constraints as a 0-1 program) -> selection (the exact
optimum, reasons, greedy comparison, frontier), with search (the fast branch and bound) and
sensitivity (the Monte Carlo) -> alignment (objectives, capacity) -> results (the Plan, tables,
results JSON) -> findings (the executive sentences), charts and workshop_form (live weights).
"""

from playbook.prioritisation.portfolio import load as load_portfolio  # noqa: E402  (the delivery stage reads it)

__all__ = ["load_portfolio"]
