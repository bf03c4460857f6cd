"""Maturity benchmarks across the firm's clients, as anonymised aggregates.

A client's score on a dimension is placed among its peers: the firm's *other* clients assessed
with the same maturity model. The percentile is the mid-rank one, 100 × (peers below + ½ × peers
level) ÷ peers, so a client level with everyone sits at 50.

Thresholds, in the spirit of DESIGN.md's reference classes (fewer than 5 from fewer than 3
clients is too thin): each client counts once, so a benchmark needs at least MIN_PEERS = 5 peer
clients; below that it is withheld, and the deliverable says so. The same holds within a
sector, which is benchmarked separately only when it has 5 peers of its own. What a client
receives is its own percentile, the peer count and the peer mean: never another client's name,
id or score (with 5 peers, quartiles would be individual clients' scores). A withheld benchmark
does not even carry the count, so the slice stays the same until the threshold is reached.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean
from typing import Any

MIN_PEERS = 5
THRESHOLD_NOTE = (f"a benchmark needs at least {MIN_PEERS} other clients assessed on the same model "
                  "(each client counts once); thinner comparisons are withheld")


@dataclass(frozen=True)
class Scored:
    """One client's current maturity, as the firm-wide aggregation sees it."""

    client_id: str
    sector: str | None
    model: str
    scores: dict[str, float]  # dimension id -> score 1–5 (unscored dimensions left out)
    targets: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # dimension id -> the model's name for it


def percentile_rank(value: float, peers: list[float]) -> float:
    """Mid-rank percentile of `value` among `peers` (0–100)."""
    if not peers:
        raise ValueError("a percentile needs at least one peer")
    below = sum(p < value - 1e-9 for p in peers)
    level = sum(abs(p - value) <= 1e-9 for p in peers)
    return 100.0 * (below + 0.5 * level) / len(peers)


def _compare(value: float, peers: list[float]) -> dict[str, Any]:
    if len(peers) < MIN_PEERS:
        return {"withheld": True}  # not even the count: how many peers the firm has is not this client's business
    return {"peers": len(peers), "withheld": False, "percentile": round(percentile_rank(value, peers), 1),
            "peer_mean": round(mean(peers), 2)}


def for_client(firm: list[Scored], client_id: str) -> dict[str, Any]:
    """What one client may see: per dimension its percentile against the firm (and its sector
    when that has enough peers), or that the benchmark is withheld. JSON-ready."""
    me = next((s for s in firm if s.client_id == client_id), None)
    if me is None:
        return {"model": None, "min_peers": MIN_PEERS, "dimensions": {}, "note": THRESHOLD_NOTE}
    others = [s for s in firm if s.client_id != client_id and s.model == me.model]
    dims: dict[str, Any] = {}
    for dim, value in me.scores.items():
        firm_peers = [s.scores[dim] for s in others if dim in s.scores]
        entry = {"score": round(value, 2), "firm": _compare(value, firm_peers)}
        sector_peers = [s.scores[dim] for s in others if dim in s.scores and me.sector
                        and s.sector and s.sector.casefold() == me.sector.casefold()]
        entry["sector"] = _compare(value, sector_peers) if len(sector_peers) >= MIN_PEERS else None
        dims[dim] = entry
    return {"model": me.model, "sector": me.sector, "min_peers": MIN_PEERS, "dimensions": dims,
            "note": THRESHOLD_NOTE}


def lagging(firm: list[Scored], bottom: int = 3) -> list[dict[str, Any]]:
    """The firm-wide pattern for the consultant: per model and dimension, how many clients were
    assessed, how many sit below their target, how many have it among their `bottom` weakest,
    and the mean score. Most often lagging first."""
    rows = []
    for model in sorted({s.model for s in firm}):
        scored = [s for s in firm if s.model == model]
        dims = sorted({d for s in scored for d in s.scores})
        for dim in dims:
            have = [s for s in scored if dim in s.scores]
            weakest = sum(dim in sorted(s.scores, key=lambda d: (s.scores[d], d))[:bottom] for s in have)
            below = sum(dim in s.targets and s.scores[dim] < s.targets[dim] for s in have)
            name = next((s.names[dim] for s in have if dim in s.names), dim)
            rows.append({"model": model, "dimension": dim, "name": name, "clients": len(have), "below_target": below,
                         "among_weakest": weakest, "mean_score": round(mean(s.scores[dim] for s in have), 2)})
    return sorted(rows, key=lambda r: (-r["below_target"] - r["among_weakest"], r["mean_score"], r["dimension"]))


# --- what a client's maturity deliverable shows of its slice ----------------------------------

def _ordinal(p: float) -> str:
    n = int(round(p))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def shown(view: dict[str, Any] | None) -> list[str]:
    """Dimensions whose firm-wide benchmark is given (not withheld)."""
    return [d for d, e in ((view or {}).get("dimensions") or {}).items() if not e["firm"]["withheld"]]


def sentence(view: dict[str, Any] | None, names: dict[str, str]) -> str:
    """One plain sentence on where this client stands, or why there is no benchmark."""
    if view is None:
        return ("Benchmarks against the firm's other clients are added when the deliverable is rendered "
                "(playbook run or playbook batch).")
    dims = view.get("dimensions") or {}
    given = shown(view)
    if not given:
        return (f"No benchmark yet: fewer than {MIN_PEERS} other clients of the firm have been assessed on this "
                f"model, and {THRESHOLD_NOTE}.")
    pct = {d: dims[d]["firm"]["percentile"] for d in given}
    best, worst = max(pct, key=pct.get), min(pct, key=pct.get)
    peers = dims[given[0]]["firm"]["peers"]
    text = (f"Against {peers} other clients of the firm assessed on the same model, "
            f"{names.get(best, best)} stands highest ({_ordinal(pct[best])} percentile) and "
            f"{names.get(worst, worst)} lowest ({_ordinal(pct[worst])} percentile).")
    if any(dims[d].get("sector") for d in given):
        text += f" Within the {view.get('sector')} sector the comparison is shown separately."
    return text + " Only anonymised aggregates are shown: no other client is named and no other client's score."


def table(view: dict[str, Any], names: dict[str, str]) -> "pd.DataFrame":
    """Dimension, own score, firm percentile with its peer count and mean, and the sector's."""
    import pandas as pd

    rows = []
    for dim, e in view["dimensions"].items():
        firm, sector = e["firm"], e.get("sector")
        rows.append({"Dimension": names.get(dim, dim), "Score": e["score"],
                     "Percentile (firm)": None if firm["withheld"] else firm["percentile"],
                     "Peers": firm.get("peers", f"< {MIN_PEERS}"), "Peer mean": firm.get("peer_mean"),
                     "Percentile (sector)": sector["percentile"] if sector else None,
                     "Note": "withheld: too few peers" if firm["withheld"] else ""})
    return pd.DataFrame(rows)


def summary(view: dict[str, Any] | None) -> dict[str, Any]:
    """For the results JSON: each dimension's firm percentile (None when withheld) and peers."""
    dims = (view or {}).get("dimensions") or {}
    return {d: {"percentile": None if e["firm"]["withheld"] else e["firm"]["percentile"],
                "peers": e["firm"].get("peers")} for d, e in dims.items()}
