"""Stage 5, benefits (notebooks/benefits.ipynb): the benefits register and its measurements,
realisation against the planned trajectory, forecasts, charts and the measurement form."""
