"""Stage 2, maturity (notebooks/maturity.ipynb): the maturity model registry, the workshop's
responses, scores and agreement, charts and the JupyterLab scoring form."""
