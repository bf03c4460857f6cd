"""Stage 3, prioritisation (notebooks/prioritisation.ipynb): the portfolio, scoring (weighted,
AHP, WSJF), the exact funding decision, its frontier and sensitivity, charts and the weights form."""
