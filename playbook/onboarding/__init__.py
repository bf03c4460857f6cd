"""Stage 1, onboarding (notebooks/onboarding.ipynb): the engagement charter: cost, hours,
decision rights, success measures and the first 90 days."""
