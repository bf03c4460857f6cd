"""The delivery deliverable's tables and its results JSON, read straight off the Review."""
from __future__ import annotations

from typing import Any

import pandas as pd

from playbook.delivery import reference_class as rc
from playbook.delivery.earned_value import direction, trend_frame
from playbook.delivery.forecast import likely_late, likely_over
from playbook.delivery.review import Review
from playbook.report.formatting import money_text


def _day(d) -> str:
    return f"{d.day} {d:%b %Y}"


def _num(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def trend_text(values: list[float | None]) -> str:
    """'worsening (0.95 → 0.88 → 0.84)': the direction from the two newest reports, and the last three."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    return f"{direction(known)} ({' → '.join(f'{v:.2f}' for v in known[-3:])})"


def trends(r: Review, b_id: str) -> dict[str, str]:
    frame = trend_frame(r.baseline(b_id), r.reports)
    return {"CPI trend": trend_text(list(frame["cpi"])), "SPI(t) trend": trend_text(list(frame["spi_t"]))}


EXECUTIVE_EVM = {"Initiative": "Initiative", "Status": "Status", "RAG reported": "RAG reported", "BAC": "Budget",
                 "EV": "Work done (EV)", "AC": "Spent (AC)", "CPI": "Cost efficiency", "SPI(t)": "Schedule efficiency",
                 "EAC": "Forecast cost", "VAC": "Over (−) or under budget"}


def evm(r: Review) -> pd.DataFrame:
    """One row per committed initiative and a portfolio row from the sums: every figure, for the appendix."""
    rows = []
    for b in r.baselines:
        s = r.snapshots[b.id]
        rows.append({"Initiative": f"{b.id} {b.name}", "Status": b.status.replace("_", " "),
                     "Report": _day(s.date) if s else "none", "RAG reported": (s.rag if s else None) or "",
                     "BAC": b.bac, "PV": s.pv if s else None, "EV": s.ev if s else None, "AC": s.ac if s else None,
                     "CPI": s.cpi if s else None, "SPI": s.spi if s else None, "SPI(t)": s.spi_t if s else None,
                     "EAC": s.eac if s else None, "EAC (CPI·SPI)": s.eac_cpi_spi if s else None,
                     "TCPI": s.tcpi if s else None, "VAC": s.vac if s else None})
    p = r.portfolio
    rows.append({"Initiative": "Portfolio (from sums)", "Status": "", "Report": "", "RAG reported": "", "BAC": p.bac,
                 "PV": p.pv, "EV": p.ev, "AC": p.ac, "CPI": p.cpi, "SPI": p.spi, "SPI(t)": p.spi_t, "EAC": p.eac,
                 "EAC (CPI·SPI)": None, "TCPI": None, "VAC": p.vac})
    return pd.DataFrame(rows)


def trend_table(r: Review) -> pd.DataFrame:
    """How each reporting initiative's efficiency moved over its last three reports."""
    rows = [{"Initiative": f"{b.id} {b.name}", **trends(r, b.id)} for b in r.baselines if r.snapshots[b.id]]
    return pd.DataFrame(rows, columns=["Initiative", "CPI trend", "SPI(t) trend"])


def evm_summary(r: Review) -> pd.DataFrame:
    """The columns an executive reads, named in words; the full table is in the appendix."""
    return evm(r)[list(EXECUTIVE_EVM)].rename(columns=EXECUTIVE_EVM)


def evm_formats(currency: str) -> dict[str, str]:
    symbol = money_text(1, currency)[:-1]
    money = {c: symbol + "{:,.0f}" for c in ("BAC", "PV", "EV", "AC", "EAC", "EAC (CPI·SPI)", "VAC")}
    ratios = {c: "{:.2f}" for c in ("CPI", "SPI", "SPI(t)", "TCPI")}
    named = {EXECUTIVE_EVM[c]: f for c, f in {**money, **ratios}.items() if c in EXECUTIVE_EVM}
    return {**money, **ratios, **named}


def forecasts(r: Review) -> pd.DataFrame:
    rows = []
    for b in r.baselines:
        f, view = r.forecasts[b.id], r.outside.get(b.id)
        rows.append({"Initiative": f"{b.id} {b.name}", "Baseline finish": _day(b.finish),
                     "P50 finish": _day(f.p50_finish), "P80 finish": _day(f.p80_finish),
                     "Chance on time": f"{f.p_on_time:.0%}", "Budget": money_text(b.bac, r.currency),
                     "P50 cost": money_text(f.p50_cost, r.currency), "P80 cost": money_text(f.p80_cost, r.currency),
                     "Outlook": ", ".join(w for w, on in (("late", likely_late(f)), ("over budget", likely_over(f)))
                                          if on) or "on plan",
                     "Outside view P80 cost": money_text(view.cost_p80, r.currency) if view else "",
                     "Against the outside view": rc.position(f.p80_cost, view) if view else ""})
    return pd.DataFrame(rows)


def warnings(r: Review) -> pd.DataFrame:
    rows = []
    for w in sorted(r.warnings.values(), key=lambda w: (-w.score, w.initiative)):
        if w.score <= 0:
            continue
        b = r.baseline(w.initiative)
        rows.append({"Initiative": f"{b.id} {b.name}", "Score": w.score,
                     "Parts": ", ".join(f"{k} {v:g}" for k, v in w.parts.items()),
                     "Watermelon": "yes" if w.watermelon else "", "Evidence": "; ".join(w.warnings)})
    return pd.DataFrame(rows, columns=["Initiative", "Score", "Parts", "Watermelon", "Evidence"])


def asks(r: Review) -> pd.DataFrame:
    return pd.DataFrame([{"#": n, "What": a.what, "Owner": a.owner, "By": _day(r.decide_by)}
                         for n, a in enumerate(r.asks, 1)], columns=["#", "What", "Owner", "By"])


def classes(r: Review) -> pd.DataFrame:
    rows = [{"Category": c, "Done initiatives": v["n"], "Clients": v["clients"],
             "Used": "yes" if v["usable"] else f"no: fewer than {rc.MIN_INITIATIVES} initiatives from "
                                                f"{rc.MIN_CLIENTS} clients",
             "Cost uplift P50": _num(v.get("cost_uplift_p50"), 2), "Cost uplift P80": _num(v.get("cost_uplift_p80"), 2),
             "Duration uplift P50": _num(v.get("duration_uplift_p50"), 2),
             "Duration uplift P80": _num(v.get("duration_uplift_p80"), 2)}
            for c, v in sorted(r.classes.items())]
    return pd.DataFrame(rows)


def results(r: Review) -> dict[str, Any]:
    """Headline figures, JSON-safe (None, never NaN), in the shape the issue fixes."""
    p = r.portfolio
    out: dict[str, Any] = {
        "as_of": r.as_of.isoformat(), "currency": r.currency,
        "portfolio": {"bac": round(p.bac, 2), "ev": round(p.ev, 2), "ac": round(p.ac, 2), "pv": round(p.pv, 2),
                      "cpi": _num(p.cpi), "spi": _num(p.spi), "spi_t": _num(p.spi_t),
                      "eac": round(p.eac, 2) if p.reporting else None,
                      "initiatives": p.initiatives, "reporting": p.reporting} if p else None,
        "initiatives": {},
        "needs_you": [str(a) for a in r.asks],
        "reference_class": {c: {"n": v["n"], "clients": v["clients"], "cost_uplift_p50": v["cost_uplift_p50"],
                                "cost_uplift_p80": v["cost_uplift_p80"]}
                            for c, v in r.classes.items() if v["usable"]},
        "reference_class_not_used": {c: {"n": v["n"], "clients": v["clients"]}
                                     for c, v in r.classes.items() if not v["usable"]},
        "changes": list(r.changes),
        "overloads": [{"team": row["team"], "month": row["month"].isoformat()[:7], "demand": row["demand"],
                       "capacity": row["capacity"]} for _, row in r.capacity.iterrows() if row["over"]]
        if len(r.capacity) else [],
        "decide_by": r.decide_by.isoformat(),
    }
    for b in r.baselines:
        s, f, w = r.snapshots[b.id], r.forecasts[b.id], r.warnings[b.id]
        out["initiatives"][b.id] = {
            "status": b.status, "bac": round(b.bac, 2),  # checked against the other deliverables (one story)
            "cpi": _num(s.cpi) if s else None, "spi": _num(s.spi) if s else None,
            "spi_t": _num(s.spi_t) if s else None, "eac": _num(s.eac, 2) if s else None,
            "p50_finish": f.p50_finish.isoformat(), "p80_finish": f.p80_finish.isoformat(),
            "p_on_time": _num(f.p_on_time), "p50_cost": round(f.p50_cost, 2), "p80_cost": round(f.p80_cost, 2),
            "warning_score": float(w.score), "warnings": list(w.warnings), "watermelon": bool(w.watermelon),
            "trend": {k.split(" ")[0].lower().replace("(t)", "_t"): v for k, v in trends(r, b.id).items()}}
    return out
