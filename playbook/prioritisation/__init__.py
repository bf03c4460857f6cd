"""Stage 3, prioritisation (notebooks/prioritisation.ipynb): the portfolio, scoring (weighted,
AHP, WSJF), the exact funding decision, its frontier and sensitivity, charts and the weights form."""

from playbook.prioritisation.portfolio import load as load_portfolio  # noqa: E402  (the delivery stage reads it)

__all__ = ["load_portfolio"]
