"""Scores: the weighted sum of normalised ratings, WSJF, and how far the methods agree.

Pure functions over the loaded portfolio: a DataFrame indexed by initiative id with one column
per criterion and, where the file has them, the WSJF columns. Loading and validating
portfolio.csv is the loader's job; the checks here only stop a method from answering a question
it was not asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from playbook.errors import PlaybookError

if TYPE_CHECKING:
    from playbook.intake.client import Client

WSJF_COLUMNS = ("business_value", "time_criticality", "risk_reduction", "job_size")
FTE_PREFIX = "fte_"  # a team's demand column: fte_<team>, the team named as in client.yaml


class PrioritisationError(PlaybookError):
    """A method was given inputs it cannot use: unknown columns, ids or teams, or bad weights."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    lower_is_better: bool = False


def weighted_scores(portfolio: pd.DataFrame, criteria: list[Criterion]) -> pd.Series:
    """Min-max normalised, direction-aware weighted sum in 0..1.

    A criterion on which every initiative has the same rating cannot rank anything; it
    normalises to 0.5 for all, mid-scale, so it neither flatters nor penalises the portfolio.
    """
    raw, weights, lower = criteria_arrays(portfolio, criteria)
    return pd.Series(normalise(raw, lower) @ weights, index=portfolio.index, name="weighted")


def wsjf_scores(portfolio: pd.DataFrame) -> pd.Series | None:
    """(business value + time criticality + risk reduction) ÷ job size, or None without the columns."""
    if not set(WSJF_COLUMNS) <= set(portfolio.columns):
        return None
    cols = portfolio[list(WSJF_COLUMNS)].astype(float)
    bad = cols.index[cols.isna().any(axis=1) | ~(cols["job_size"] > 0)]
    if len(bad):
        raise PrioritisationError(
            "WSJF needs all four ratings and a positive job_size; missing or invalid for "
            + ", ".join(map(str, bad))
        )
    value = cols["business_value"] + cols["time_criticality"] + cols["risk_reduction"]
    return (value / cols["job_size"]).rename("wsjf")


def method_agreement(scores: dict[str, pd.Series]) -> pd.DataFrame:
    """Kendall's tau-b between every two methods' rankings, over the initiatives both score."""
    from scipy.stats import kendalltau  # imported here: scipy.stats costs most kernels 0.7 s for nothing

    names = list(scores)
    out = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            x, y = scores[a].align(scores[b], join="inner")
            both = x.notna() & y.notna()
            if both.sum() >= 2:
                out.loc[a, b] = kendalltau(x[both], y[both]).statistic
    return out


def criteria_arrays(
    portfolio: pd.DataFrame, criteria: list[Criterion]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratings (n × k), weights summing to 1, and the lower-is-better mask."""
    if not criteria:
        raise PrioritisationError("weighted scoring needs at least one criterion")
    names = [c.name for c in criteria]
    missing = [n for n in names if n not in portfolio.columns]
    if missing:
        raise PrioritisationError(f"the portfolio has no column for criteria {missing}")
    weights = np.array([c.weight for c in criteria], dtype=float)
    if not np.all(np.isfinite(weights)) or (weights < 0).any() or weights.sum() <= 0:
        raise PrioritisationError(
            f"criterion weights must be non-negative and not all zero; got {weights.tolist()}"
        )
    raw = portfolio[names].astype(float)
    unrated = raw.index[raw.isna().any(axis=1)]
    if len(unrated):
        raise PrioritisationError("missing criterion ratings for " + ", ".join(map(str, unrated)))
    lower = np.array([c.lower_is_better for c in criteria])
    return raw.to_numpy(), weights / weights.sum(), lower


def normalise(raw: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Min-max per criterion over the initiatives axis (-2), so a stack of draws works too."""
    lo = raw.min(axis=-2, keepdims=True)
    span = raw.max(axis=-2, keepdims=True) - lo
    scaled = np.where(span > 0, (raw - lo) / np.where(span > 0, span, 1.0), 0.5)
    return np.where(lower, 1.0 - scaled, scaled)


def client_criteria(client: Client) -> list[Criterion]:
    """client.yaml's criteria, with the weights as stated there."""
    return [Criterion(c.name, c.weight, c.lower_is_better) for c in client.prioritisation.criteria]

