"""How robust the funding decision is: a Monte Carlo over plausibly different weights and ratings."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from playbook.prioritisation.commitments import proposals as only_proposals
from playbook.prioritisation.problem import build_problem
from playbook.prioritisation.scoring import (
    WSJF_COLUMNS, Criterion, PrioritisationError, criteria_arrays, normalise, wsjf_scores,
)
from playbook.prioritisation.search import Search
from playbook.prioritisation.selection import NO_SELECTION, diagnose

ROBUST_CORE, ON_THE_BUBBLE, OUT = "robust core", "on the bubble", "out"


def sensitivity(
    portfolio: pd.DataFrame,
    criteria: list[Criterion],
    budget: float,
    capacity: dict[str, float] | None = None,
    forced_out: Iterable[str] = (),
    draws: int = 500,
    seed: int = 20261122,
    concentration: float = 50.0,
    method: str = "weighted",
) -> pd.DataFrame:
    """How often each initiative is funded when the weights and ratings are plausibly different.

    Each draw takes Dirichlet weights centred on the agreed ones (alpha = concentration × w)
    and adds uniform ±1-point noise to every rating, clipped to the range each criterion was
    rated on, then re-scores and re-solves the exact selection. WSJF has no weights: its draws
    add the ±1 point to business value, time criticality and risk reduction (kept ≥ 1) and keep
    the job sizes. Only proposals are drawn; committed work is counted, as in the selection.
    """
    p = build_problem(portfolio, capacity, forced_out)
    if diagnose(p, budget):
        return pd.DataFrame(
            {"p_funded": np.nan, "band": NO_SELECTION}, index=pd.Index(p.ids, name=portfolio.index.name)
        )
    rng = np.random.default_rng(seed)
    proposals = only_proposals(portfolio)  # scored as the decision scores them
    if method == "wsjf":
        values = _wsjf_draws(proposals, rng, draws)
    else:
        raw, weights, lower = criteria_arrays(proposals, criteria)
        w = np.zeros((draws, len(weights)))
        active = weights > 0  # Dirichlet needs alpha > 0; a zero weight stays zero
        w[:, active] = rng.dirichlet(concentration * weights[active], size=draws)
        noisy = raw[None] + rng.uniform(-1.0, 1.0, size=(draws, *raw.shape))
        ratings = np.clip(noisy, raw.min(axis=0), raw.max(axis=0))
        values = np.einsum("dnk,dk->dn", normalise(ratings, lower), w)
    search = Search(p, budget)
    share = sum(search.solve(values[d]) for d in range(draws)) / draws
    band = np.where(share >= 0.9, ROBUST_CORE, np.where(share <= 0.1, OUT, ON_THE_BUBBLE))
    return pd.DataFrame(
        {"p_funded": share, "band": band}, index=pd.Index(p.ids, name=portfolio.index.name)
    )


def _wsjf_draws(portfolio: pd.DataFrame, rng: np.random.Generator, draws: int) -> np.ndarray:
    if wsjf_scores(portfolio) is None:
        raise PrioritisationError("WSJF sensitivity needs the columns " + ", ".join(WSJF_COLUMNS))
    ratings = portfolio[list(WSJF_COLUMNS[:3])].astype(float).to_numpy()
    noisy = np.maximum(ratings[None] + rng.uniform(-1.0, 1.0, size=(draws, *ratings.shape)), 1.0)
    return noisy.sum(axis=2) / portfolio["job_size"].astype(float).to_numpy()[None, :]
