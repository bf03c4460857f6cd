"""The headline figures kept beside the benefits deliverable (results JSON): per benefit, for the
portfolio and per objective; JSON-safe, None where a figure is missing, never NaN."""
from __future__ import annotations

from typing import Any

import pandas as pd

from playbook.benefits.money import money, promised
from playbook.benefits.realisation import Review, escalated, flag
from playbook.benefits.rows import blank
from playbook.benefits.text import NOT_TRACKED
from playbook.benefits.trajectory import RAGS


def _num(value: Any, digits: int = 2) -> float | None:
    """A JSON-safe number: None for missing, rounded otherwise."""
    return None if value is None or pd.isna(value) else round(float(value), digits)


def _initiatives(r: Review) -> dict[str, Any]:
    """Per initiative: its portfolio status as this deliverable read it, whether its benefits are
    tracked, and their money (annual run-rates), for the check that every deliverable of a
    client tells the same story about the same initiative."""
    out: dict[str, Any] = {}
    for bid, a in r.table.iterrows():
        if blank(a["initiative"]):
            continue
        b = r.benefits.loc[bid]
        entry = out.setdefault(str(a["initiative"]), {"status": a["initiative_status"], "tracked": bool(a["tracked"]),
                                                      "benefits": [], "run_rate_at_target": None})
        entry["benefits"].append(str(bid))
        worth = money(b, float(b["target"]))
        if worth is not None:
            entry["run_rate_at_target"] = _num((entry["run_rate_at_target"] or 0.0) + worth)
    return out


def results(r: Review) -> dict[str, Any]:
    """The headline figures kept beside the deliverable: JSON-safe (None, never NaN). Money is an
    annual run-rate; a benefit that is not tracked (its initiative is not approved, in flight or
    done) has rag "not tracked" and no realisation or forecast verdict, so nothing escalates it."""
    t, f = r.table, r.financial
    meeting, day = r.steering or (None, r.as_of)
    return {
        "as_of": r.as_of.isoformat(),
        "currency": r.currency,
        "money_basis": "annual run-rate",
        "decide_by": day.isoformat(),
        "decided_at": meeting,
        "initiatives": _initiatives(r),
        "benefits": {
            str(bid): {
                **{key: None if blank(a[key]) else str(a[key])
                   for key in ("name", "objective", "initiative", "owner", "kind", "initiative_status")},
                "tracked": bool(a["tracked"]),
                "realisation_pct": _num(a["realisation_pct"]) if a["tracked"] else None,
                "progress_pct": _num(a["progress_pct"]),
                "rag": a["rag"] if a["tracked"] else NOT_TRACKED, "latest_value": _num(a["latest_value"], 6),
                "latest_date": a["latest_date"].isoformat() if a["latest_date"] else None,
                "forecast_at_due": _num(a["forecast_at_due"], 6), "forecast_low": _num(a["forecast_low"], 6),
                "forecast_high": _num(a["forecast_high"], 6),
                "forecast_meets_target": flag(a["forecast_meets_target"]) if a["tracked"] else None,
                "stale": bool(a["stale"]) and bool(a["tracked"]), "no_actuals": bool(a["no_actuals"]),
                "ready": bool(a["ready"]),
                "planned_money_to_date": _num(a["planned_money_to_date"]),
                "realised_money_to_date": _num(a["realised_money_to_date"]),
            } for bid, a in t.iterrows()},
        "financial": {"planned_to_date": _num(f.planned_to_date) or 0.0,
                      "realised_to_date": _num(f.realised_to_date) or 0.0,
                      "realisation_pct": _num(f.realisation_pct), "priced": f.priced,
                      "promised_total": _num(promised(r.benefits.loc[r.tracked.index])) if not r.empty else 0.0},
        "rag_counts": {rag: int((r.tracked["rag"] == rag).sum()) for rag in RAGS},
        "not_tracked": [str(i) for i in r.untracked.index],
        "by_objective": {
            str(key): {"benefits": int(g["benefits"]), **{rag: int(g[rag]) for rag in RAGS},
                       "forecast_misses": int(g["forecast_misses"]),
                       "planned_money_to_date": _num(g["planned_money_to_date"]),
                       "realised_money_to_date": _num(g["realised_money_to_date"]),
                       "money_realisation_pct": _num(g["money_realisation_pct"])}
            for key, g in r.by_objective.iterrows()},
        "escalations": [str(i) for i in escalated(r).index],
        "not_ready": [str(i) for i in r.tracked.index[~r.tracked["ready"].astype(bool)]],
    }
