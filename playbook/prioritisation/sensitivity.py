"""How robust the funding decision is: a Monte Carlo over plausibly different weights and ratings."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from playbook.prioritisation.commitments import proposals as only_proposals
from playbook.prioritisation.problem import build_problem
from playbook.prioritisation.scoring import (
    WSJF_COLUMNS, WSJF_RANGE, Criterion, PrioritisationError, criteria_arrays, normalise, weights_used, wsjf_scores,
)
from playbook.prioritisation.solver import DEFAULT_TIME_LIMIT, Clock, Resolver
from playbook.prioritisation.selection import NO_SELECTION, diagnose

ROBUST_CORE, ON_THE_BUBBLE, OUT = "robust core", "on the bubble", "out"
NOT_TESTED = "not tested"


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
    clock: Clock | None = None,
) -> pd.DataFrame:
    """How often each initiative is funded when the weights and ratings are plausibly different.

    Each draw takes Dirichlet weights centred on the agreed ones (alpha = concentration × w) and
    adds uniform noise of ±1 rating point to every rating, kept within the criterion's rating
    scale (`Criterion.scale`, widened to any rating given outside it), then re-scores and
    re-solves the exact selection. A criterion everyone rated the same stays out, as it does in
    the scores. WSJF has no weights: its draws add the ±1 point to business value, time
    criticality and risk reduction (kept within WSJF's 1-20 scale) and keep the job sizes. Only
    proposals are drawn; committed work is counted, as in the selection.

    Each share carries its sampling error, `se` = √(p(1 − p)/draws), one standard error (at 500
    draws ± 1.3 points at 90%). When `clock` runs out the draws done so far stand: the frame's
    `attrs` say how many there were (`draws`, of `requested`).
    """
    p = build_problem(portfolio, capacity, forced_out)
    if diagnose(p, budget):
        return pd.DataFrame(
            {"p_funded": np.nan, "se": np.nan, "band": NO_SELECTION}, index=pd.Index(p.ids, name=portfolio.index.name)
        )
    rng = np.random.default_rng(seed)
    proposals = only_proposals(portfolio)  # scored as the decision scores them
    if method == "wsjf":
        values = _wsjf_draws(proposals, rng, draws)
    else:
        raw, weights, lower = criteria_arrays(proposals, criteria)
        weights = weights_used(raw, weights)
        w = np.zeros((draws, len(weights)))
        active = weights > 0  # Dirichlet needs alpha > 0; a zero weight stays zero
        w[:, active] = rng.dirichlet(concentration * weights[active], size=draws)
        values = np.einsum("dnk,dk->dn", normalise(noisy_ratings(raw, criteria, rng, draws), lower), w)
    resolver, clock = Resolver(p, budget), clock or Clock(DEFAULT_TIME_LIMIT)
    funded = np.zeros(p.n)
    done = 0
    for d in range(draws):
        mask = resolver.solve(values[d], clock)
        if mask is None:  # the time limit: the draws so far stand, and say how many they are
            break
        funded += mask
        done += 1
    share = funded / done if done else np.full(p.n, np.nan)
    band = np.where(share >= 0.9, ROBUST_CORE, np.where(share <= 0.1, OUT, ON_THE_BUBBLE)) if done else NOT_TESTED
    frame = pd.DataFrame(
        {"p_funded": share, "se": np.sqrt(share * (1 - share) / max(done, 1)), "band": band},
        index=pd.Index(p.ids, name=portfolio.index.name),
    )
    frame.attrs.update(draws=done, requested=draws, unproven=resolver.unproven)
    return frame


def noisy_ratings(raw: np.ndarray, criteria: list[Criterion], rng: np.random.Generator, draws: int) -> np.ndarray:
    """`draws` copies of the ratings (n × k), each moved by uniform noise of ±1 point and kept
    within the rating scale: a top-rated initiative is moved only down, and only because the
    scale ends there, not because nobody happened to rate higher."""
    low, high = rating_scales(raw, criteria)
    return np.clip(raw[None] + rng.uniform(-1.0, 1.0, size=(draws, *raw.shape)), low, high)


def rating_scales(raw: np.ndarray, criteria: list[Criterion]) -> tuple[np.ndarray, np.ndarray]:
    """Each criterion's lowest and highest possible rating: its stated scale, widened to the
    ratings actually given if any fall outside it."""
    low = np.minimum([c.scale[0] for c in criteria], raw.min(axis=0))
    high = np.maximum([c.scale[1] for c in criteria], raw.max(axis=0))
    return low, high


def _wsjf_draws(portfolio: pd.DataFrame, rng: np.random.Generator, draws: int) -> np.ndarray:
    if wsjf_scores(portfolio) is None:
        raise PrioritisationError("WSJF sensitivity needs the columns " + ", ".join(WSJF_COLUMNS))
    ratings = portfolio[list(WSJF_COLUMNS[:3])].astype(float).to_numpy()
    noisy = np.clip(ratings[None] + rng.uniform(-1.0, 1.0, size=(draws, *ratings.shape)), *WSJF_RANGE)
    return noisy.sum(axis=2) / portfolio["job_size"].astype(float).to_numpy()[None, :]
