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

from playbook.intake.client import CriterionSpec

if TYPE_CHECKING:
    from playbook.intake.client import Client

WSJF_COLUMNS = ("business_value", "time_criticality", "risk_reduction", "job_size")
WSJF_SCALE = (1, 2, 3, 5, 8, 13, 20)  # the ratings WSJF allows
WSJF_RANGE = (float(min(WSJF_SCALE)), float(max(WSJF_SCALE)))
FTE_PREFIX = "fte_"  # a team's demand column: fte_<team>, the team named as in client.yaml


class PrioritisationError(PlaybookError):
    """A method was given inputs it cannot use: unknown columns, ids or teams, or bad weights."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    lower_is_better: bool = False
    scale: tuple[float, float] = CriterionSpec.model_fields["scale"].default  # the rating scale


def weighted_scores(portfolio: pd.DataFrame, criteria: list[Criterion]) -> pd.Series:
    """Min-max normalised, direction-aware weighted sum in 0..1.

    A criterion on which every initiative has the same rating cannot rank anything, and it
    contributes nothing: its weight goes to the others in proportion (a mid-scale 0.5 for
    everyone would add 0.5 × weight per funded initiative and so favour funding more, cheaper
    ones). `constant_criteria` names them, so the deliverable can say they were left out.
    """
    raw, weights, lower = criteria_arrays(portfolio, criteria)
    return pd.Series(normalise(raw, lower) @ weights_used(raw, weights), index=portfolio.index, name="weighted")


def constant_criteria(portfolio: pd.DataFrame, criteria: list[Criterion]) -> list[str]:
    """The criteria every initiative is rated the same on: left out of the scores."""
    if portfolio.empty or not criteria:
        return []
    raw, _, _ = criteria_arrays(portfolio, criteria)
    return [c.name for c, same in zip(criteria, np.ptp(raw, axis=0) == 0) if same]


def weights_used(raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weights with constant criteria's set to 0 and the rest rescaled to sum to 1 (all 0
    when nothing varies: the scores then rank nothing, and are 0)."""
    used = np.where(np.ptp(raw, axis=-2) == 0, 0.0, weights)
    total = used.sum(axis=-1, keepdims=True)
    return np.divide(used, total, out=np.zeros_like(used), where=total > 0)


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


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b: (concordant − discordant pairs) ÷ √(pairs untied in x × pairs untied in y);
    NaN when either ranking is all ties. Pairwise in numpy (a portfolio is hundreds of rows at
    most): scipy.stats, for this one figure, would cost every prioritisation kernel 0.5 s."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    upper = np.triu_indices(len(x), k=1)
    sx = np.sign(x[:, None] - x[None, :])[upper]
    sy = np.sign(y[:, None] - y[None, :])[upper]
    denominator = np.sqrt(float(np.sum(sx != 0)) * float(np.sum(sy != 0)))
    return float(np.sum(sx * sy) / denominator) if denominator else float("nan")


def method_agreement(scores: dict[str, pd.Series]) -> pd.DataFrame:
    """Kendall's tau-b between every two methods' rankings, over the initiatives both score."""
    names = list(scores)
    out = pd.DataFrame(np.nan, index=names, columns=names)
    for a in names:
        for b in names:
            x, y = scores[a].align(scores[b], join="inner")
            both = x.notna() & y.notna()
            if both.sum() >= 2:
                out.loc[a, b] = kendall_tau_b(x[both].to_numpy(), y[both].to_numpy())
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
    """Min-max per criterion over the initiatives axis (-2), so a stack of draws works too; a
    criterion that does not vary is 0 (its weight is 0 too: see weights_used)."""
    lo = raw.min(axis=-2, keepdims=True)
    span = raw.max(axis=-2, keepdims=True) - lo
    scaled = np.where(span > 0, (raw - lo) / np.where(span > 0, span, 1.0), 0.0)
    return np.where(lower & (span > 0), 1.0 - scaled, scaled)


def client_criteria(client: Client) -> list[Criterion]:
    """client.yaml's criteria, with the weights as stated there."""
    return [Criterion(c.name, c.weight, c.lower_is_better, c.scale) for c in client.prioritisation.criteria]

