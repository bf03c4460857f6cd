"""Strategic alignment and capacity: what the funded set spends per objective and asks of each team."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from playbook.prioritisation.problem import FTE_PREFIX
from playbook.prioritisation.scoring import PrioritisationError
from playbook.prioritisation.commitments import COMMITTED, peak_demand, statuses

NO_OBJECTIVE = "(no objective)"
UNDER, WITHIN, OVER, UNCAPPED = "under 75%", "75–100%", "over 100%", "no capacity set"


def orphans(portfolio: pd.DataFrame) -> list[str]:
    """Initiatives that serve no stated objective."""
    return [str(i) for i, o in portfolio["objective"].items() if _blank(o)]


def objective_alignment(portfolio: pd.DataFrame, funded: Iterable[str]) -> pd.DataFrame:
    """Per objective: initiatives and cost proposed and funded, and its share of the funded cost."""
    is_funded = _funded_mask(portfolio, funded)
    frame = pd.DataFrame(
        {
            "objective": [NO_OBJECTIVE if _blank(o) else str(o) for o in portfolio["objective"]],
            "proposed_cost": portfolio["cost"].astype(float).to_numpy(),
            "funded": is_funded,
        }
    )
    frame["funded_cost"] = frame["proposed_cost"].where(frame["funded"], 0.0)
    out = frame.groupby("objective", sort=False).agg(
        n_initiatives=("funded", "size"),
        n_funded=("funded", "sum"),
        proposed_cost=("proposed_cost", "sum"),
        funded_cost=("funded_cost", "sum"),
    )
    total = out["funded_cost"].sum()
    out["share"] = out["funded_cost"] / total if total > 0 else np.nan
    order = sorted(out.index, key=lambda o: (o == NO_OBJECTIVE, o))
    return out.loc[order]


def capacity_use(
    portfolio: pd.DataFrame, funded: Iterable[str], capacity: dict[str, float] | None
) -> pd.DataFrame:
    """Funded FTE demand against each team's capacity, banded under 75%, 75–100%, over 100%.

    Teams with demand but no capacity in client.yaml are listed too, banded 'no capacity set'.
    Committed work counts in its busiest month (as the selection counts it), proposals in full.
    """
    is_funded = _funded_mask(portfolio, funded)
    held = is_funded & statuses(portfolio).isin(COMMITTED).to_numpy()
    is_funded = is_funded & ~held
    capacity = capacity or {}
    teams = [c[len(FTE_PREFIX):] for c in portfolio.columns if c.startswith(FTE_PREFIX)]
    unknown = [t for t in capacity if t not in teams]
    if unknown:
        raise PrioritisationError(f"capacity is set for teams {unknown} without an fte_<team> column")
    rows = []
    for team in list(capacity) + [t for t in teams if t not in capacity]:
        column = portfolio[FTE_PREFIX + team].astype(float).fillna(0.0)
        demand = float(column[is_funded].sum() + peak_demand(portfolio.loc[held], column[held].to_numpy()[:, None])[0])
        cap = float(capacity.get(team, np.nan))
        use = _utilisation(demand, cap)
        band = UNCAPPED if np.isnan(use) else UNDER if use < 0.75 else WITHIN if use <= 1.0 else OVER
        rows.append({"team": team, "demand": demand, "capacity": cap, "utilisation": use, "band": band})
    columns = ["demand", "capacity", "utilisation", "band"]
    return pd.DataFrame(rows, columns=["team", *columns]).set_index("team")


def _utilisation(demand: float, capacity: float) -> float:
    """Demand ÷ capacity; NaN without a capacity, and a zero capacity is only full when used."""
    if np.isnan(capacity) or capacity > 0:
        return demand / capacity
    return 0.0 if demand == 0 else np.inf


def _funded_mask(portfolio: pd.DataFrame, funded: Iterable[str]) -> np.ndarray:
    funded = set(map(str, funded))
    ids = set(map(str, portfolio.index))
    if funded - ids:
        raise PrioritisationError(f"funded names unknown initiatives {sorted(funded - ids)}")
    return np.array([str(i) in funded for i in portfolio.index])


def _blank(objective: object) -> bool:
    return objective is None or objective is pd.NA or (
        isinstance(objective, float) and np.isnan(objective)
    ) or (isinstance(objective, str) and not objective.strip())
