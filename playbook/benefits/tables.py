"""The tables the benefits deliverable shows: the escalations, the promise ledger of onboarding
objectives against their benefits, the tracking gaps with the action that fixes each, and
every benefit on one line. Money in them is summed, never averaged."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from playbook.benefits.money import ROLLUP_KEYS, UNASSIGNED, money, shortfall
from playbook.benefits.realisation import NOT_STARTED, STATUS_WORDS, Review, escalated, flag
from playbook.benefits.rows import blank
from playbook.benefits.text import (NOT_TRACKED, RAG_WORDS, benefit_label, measure_text, objective_label, pct_text,
                                    scale_of, span_text, status_counts, text_or)
from playbook.report.formatting import date_text, money_text


def _latest_note(r: Review, bid: Any) -> str:
    """The note on the newest measurement (the later row of a date wins, as in the figures)."""
    rows = r.actuals[(r.actuals["benefit"] == bid) & (r.actuals["date"] <= r.as_of)]
    if rows.empty:
        return ""
    note = rows[rows["date"] == rows["date"].max()]["note"].iloc[-1]
    return "" if blank(note) else str(note).strip()


def escalations(r: Review) -> pd.DataFrame:
    """The escalation table: what is off track or will miss, who owns it, and what is at stake."""
    rows = []
    for bid, a in escalated(r).iterrows():
        b = r.benefits.loc[bid]
        scale = scale_of(b)
        forecast = ""
        if pd.notna(a["forecast_at_due"]):
            forecast = (f"{measure_text(a['forecast_at_due'], None, scale)} against "
                        f"{measure_text(float(b['target']), b['unit'], scale)} ({b['due']:%b %Y})")
        short = shortfall(b, a["forecast_at_due"]) if flag(a["forecast_meets_target"]) is False else None
        rows.append({
            "Benefit": benefit_label(bid, b), "Owner": text_or(a["owner"], "(no owner)"),
            "Status": RAG_WORDS[a["rag"]],
            "Realised to date": "" if pd.isna(a["realisation_pct"]) else f"{pct_text(a['realisation_pct'])} of plan",
            "Forecast at due": forecast,
            SHORT: money_text(short, r.currency) if short and short > 0 else "",
            "Latest note": _latest_note(r, bid),
        })
    return pd.DataFrame(rows, columns=["Benefit", "Owner", "Status", "Realised to date", "Forecast at due",
                                       SHORT, "Latest note"])


ROWS_SHOWN = 10  # the body lists the worst; the register in the appendix lists every benefit
SHORT = "Run-rate short at due, a year"


def top(frame: pd.DataFrame, caption: str) -> tuple[pd.DataFrame, str]:
    """A long table as the body shows it: the first ROWS_SHOWN rows (worst first), its caption
    saying how many more the register in the appendix holds."""
    if len(frame) <= ROWS_SHOWN:
        return frame, caption
    return frame.head(ROWS_SHOWN), f"{caption}: the first {ROWS_SHOWN}, and {len(frame) - ROWS_SHOWN} more in the " \
                                   "benefit register in the appendix"
PLANNED, REALISED = "Planned run-rate by now, a year", "Realised run-rate now, a year"
PROMISED = "Run-rate at target, a year"


def not_tracked(r: Review) -> pd.DataFrame:
    """Benefits of initiatives that are not approved, in flight or done: shown with their
    initiative's status and what they would be worth, never escalated."""
    rows = []
    for bid, a in r.untracked.iterrows():
        b = r.benefits.loc[bid]
        worth = money(b, float(b["target"]))
        rows.append({"Benefit": benefit_label(bid, b), "Initiative": text_or(a["initiative"]),
                     "Initiative status": STATUS_WORDS.get(a["initiative_status"], a["initiative_status"]),
                     "Owner": text_or(a["owner"], "(no owner)"),
                     PROMISED: "not priced" if worth is None else money_text(worth, r.currency),
                     "Measured": "no" if a["no_actuals"] else f"yes, last on {date_text(a['latest_date'])}"})
    return pd.DataFrame(rows, columns=["Benefit", "Initiative", "Initiative status", "Owner", PROMISED, "Measured"])


def ledger(r: Review) -> pd.DataFrame:
    """The promise ledger: each onboarding objective's KPI promise against what its benefits have
    delivered, in money and counts (summed, never averaged)."""
    rows = []
    keyed = [(o.id, o) for o in r.objectives]
    if UNASSIGNED in r.by_objective.index:
        keyed.append((UNASSIGNED, None))
    for key, o in keyed:
        g = r.by_objective.loc[key] if key in r.by_objective.index else None
        if o is None:
            promise = "(benefits linked to no objective)"
        else:
            span = (span_text(o.baseline, o.target, o.unit) if o.baseline is not None and o.target is not None
                    else measure_text(o.target, o.unit) if o.target is not None else "")
            promise = " ".join(p for p in (o.kpi or "", span, f"by {o.due:%b %Y}" if o.due else "") if p)
        priced = g is not None and g["priced"] > 0
        pct = g["money_realisation_pct"] if priced else np.nan
        rows.append({
            "Objective": objective_label(o) if o else UNASSIGNED, "KPI promised": promise or "(no KPI set)",
            "Owner": (o.owner or "") if o else "",
            "Tracked benefits": int(g["benefits"]) if g is not None else 0, "Status": status_counts(g),
            PLANNED: money_text(g["planned_money_to_date"], r.currency) if priced else "not priced",
            REALISED: money_text(g["realised_money_to_date"], r.currency) if priced else "",
            "Realised ÷ planned": "" if pd.isna(pct) else pct_text(pct),
            "Forecast misses": int(g["forecast_misses"]) if g is not None else 0,
        })
    return pd.DataFrame(rows)


def _gaps_text(gaps: tuple[str, ...]) -> str:
    return "Missing " + ", ".join(g.split(": no ", 1)[-1] for g in gaps) if gaps else "Ready"


def tracking_gaps(r: Review) -> pd.DataFrame:
    """Benefits that cannot be trusted yet: not ready to track (no owner, measure, unit or
    initiative), measured too long ago, or never measured; each with the action that fixes it."""
    rows = []
    for bid, a in r.tracked.iterrows():
        if a["ready"] and not a["stale"] and not a["no_actuals"]:
            continue
        actions = []
        if "owned: no owner" in a["readiness_gaps"]:
            actions.append("name an accountable owner")
        if any(not g.startswith("owned") for g in a["readiness_gaps"]):
            actions.append("complete the register entry")
        if a["no_actuals"]:
            evidence = "No measurement recorded"
            actions.append("start measuring" if a["status_note"] != NOT_STARTED else "measure once started")
        elif a["stale"]:
            evidence = (f"Newest measurement {date_text(a['latest_date'])}, "
                        f"{int(a['days_since_actual'])} days before {date_text(r.as_of)}")
            actions.append("restore the measurement")
        else:
            evidence = f"Measured {date_text(a['latest_date'])}"
        rows.append({"Benefit": benefit_label(bid, r.benefits.loc[bid]), "Owner": text_or(a["owner"], "(no owner)"),
                     "Ready to track": _gaps_text(a["readiness_gaps"]), "Evidence": evidence,
                     "Action": "; ".join(actions).capitalize()})
    return pd.DataFrame(rows, columns=["Benefit", "Owner", "Ready to track", "Evidence", "Action"])


def register_detail(r: Review) -> pd.DataFrame:
    """Every benefit on one line: the register's promise, its latest evidence and its status."""
    rows = []
    for bid, a in r.table.iterrows():
        b = r.benefits.loc[bid]
        tracked = bool(a["tracked"])
        rows.append({
            "Benefit": benefit_label(bid, b) + (" (dis-benefit)" if a["kind"] == "dis-benefit" else ""),
            "Links": " · ".join(text_or(a[k], "–") for k in ROLLUP_KEYS),
            "Initiative status": STATUS_WORDS.get(a["initiative_status"], a["initiative_status"] or ""),
            "Owner": text_or(a["owner"]),
            "Measure": text_or(b["measure"]),
            "Promise": f"{span_text(float(b['baseline']), float(b['target']), b['unit'])} by {b['due']:%b %Y}",
            "Latest": "" if a["no_actuals"] else
            f"{measure_text(a['latest_value'], None, scale_of(b))} on {a['latest_date']:%d %b}",
            "Realised": "" if pd.isna(a["realisation_pct"]) or not tracked else pct_text(a["realisation_pct"]),
            "Progress": "" if pd.isna(a["progress_pct"]) else pct_text(a["progress_pct"]),
            "Status": (RAG_WORDS[a["rag"]] + (" · stale" if a["stale"] else "")) if tracked
            else RAG_WORDS[NOT_TRACKED],
            "Forecast at due": measure_text(a["forecast_at_due"], None, scale_of(b)),
        })
    return pd.DataFrame(rows)
