"""Regenerate the demo clients' delivery data (deterministic): the lifecycle columns of
portfolio.csv for committed and done work, and status_reports.csv, milestones.csv, risks.csv.

Run from the repository root: `.venv/bin/python scripts/demo_delivery.py`. The committed CSVs are
its output; edit the plans below rather than the CSVs. Each committed initiative follows a
scenario, and the script checks that each lands where it should as of the client's as_of (on
track, over budget, late with SPI back near 1 while SPI(t) shows the delay, a watermelon, a
stale report, slipping milestones, an over-allocated month, a usable reference class).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from playbook.delivery import open_review
from playbook.delivery.loading import MILESTONES, REPORTS, RISKS
from playbook.delivery.rows import MILESTONE_OPTIONAL, MILESTONE_REQUIRED, REPORT_OPTIONAL, REPORT_REQUIRED, \
    RISK_OPTIONAL, RISK_REQUIRED
from playbook.intake.atomic import atomic_write
from playbook.intake.client import load_client

ROOT = Path(__file__).resolve().parent.parent / "data" / "clients"
D = dt.date.fromisoformat
LIFECYCLE = ["status", "start", "finish", "spent_to_date", "actual_cost", "actual_finish", "category", "owner"]
REPORT_DAY = 25
# scenario: (progress against plan, cost efficiency CPI, RAG reported); a pair drifts from the
# first report's value to the newest's, so the trend across reports shows
SCENARIOS = {
    "on_track": ((1.01, 1.01), (1.01, 1.01), "green"),
    "over_budget": ((0.98, 0.98), (0.95, 0.76), "red"),
    "late": ((0.78, 0.78), (0.97, 0.97), "amber"),
    "watermelon": ((0.95, 0.80), (0.98, 0.84), "green"),
    "slipping": ((1.0, 0.92), (0.97, 0.97), "amber"),
    "stale": ((1.0, 1.0), (1.0, 1.0), "green"),
}
BUILT_TO_FAIL = ("over_budget", "late", "watermelon", "slipping", "stale")


@dataclass(frozen=True)
class Plan:
    id: str
    scenario: str  # a SCENARIOS key, or "approved" for work not yet started
    start: str
    finish: str
    category: str
    owner: str


@dataclass(frozen=True)
class DonePlan:
    id: str
    start: str
    finish: str
    cost_ratio: float
    duration_ratio: float
    category: str


PLANS = {
    "acme-logistics": (
        [Plan("I01", "on_track", "2026-03-01", "2027-03-31", "it-platform", "Mark Owens"),
         Plan("I17", "over_budget", "2026-01-15", "2027-06-30", "automation", "Tom Hughes"),
         Plan("I10", "late", "2025-11-01", "2026-08-31", "it-platform", "Ravi Menon"),
         Plan("I03", "watermelon", "2026-04-01", "2027-02-28", "it-platform", "Claire Dubois"),
         Plan("I05", "stale", "2026-02-01", "2026-12-31", "analytics", "Mark Owens"),
         Plan("I06", "on_track", "2026-05-01", "2027-04-30", "it-platform", "Ben Carter"),
         Plan("I09", "slipping", "2026-02-15", "2027-01-31", "it-platform", "Ravi Menon"),
         Plan("I08", "on_track", "2026-06-01", "2027-01-31", "process", "Claire Dubois"),
         Plan("I21", "approved", "2026-12-01", "2027-09-30", "process", "Tom Hughes"),
         Plan("I04", "approved", "2027-01-01", "2027-06-30", "process", "Priya Shah")],
        [DonePlan("I26", "2025-01-06", "2025-09-30", 1.32, 1.25, "it-platform"),
         DonePlan("I33", "2025-03-01", "2025-10-31", 1.06, 1.10, "it-platform"),
         DonePlan("I31", "2025-02-01", "2025-07-31", 1.10, 1.20, "process")]),
    "helix-health": (
        [Plan("I10", "late", "2025-11-01", "2026-08-20", "it-platform", "Dr Aisha Khan"),
         Plan("I01", "over_budget", "2026-02-01", "2027-05-31", "digital-product", "Daniel Ruiz"),
         Plan("I04", "on_track", "2026-03-01", "2027-01-31", "it-platform", "Nora Patel"),
         Plan("I03", "watermelon", "2026-04-15", "2027-03-31", "process", "Dr Sarah Okafor"),
         Plan("I12", "on_track", "2026-06-01", "2026-12-31", "it-platform", "Daniel Ruiz"),
         Plan("I09", "stale", "2026-03-01", "2027-01-31", "process", "Nora Patel"),
         Plan("I20", "approved", "2027-01-01", "2027-09-30", "automation", "Dr Aisha Khan")],
        [DonePlan("I25", "2025-02-01", "2025-08-31", 1.21, 1.15, "it-platform"),
         DonePlan("I26", "2024-10-01", "2025-09-30", 1.58, 1.40, "it-platform"),
         DonePlan("I30", "2025-04-01", "2025-09-30", 1.00, 1.05, "process")]),
    "northwind-retail": (
        [Plan("I02", "over_budget", "2026-01-05", "2027-03-31", "it-platform", "Karim Haddad"),
         Plan("I08", "late", "2025-11-15", "2026-08-15", "it-platform", "Karim Haddad"),
         Plan("I04", "watermelon", "2026-03-01", "2027-02-28", "it-platform", "Petra Vos"),
         Plan("I10", "on_track", "2026-04-01", "2027-03-31", "campaign", "Sofia Lind"),
         Plan("I01", "stale", "2026-02-01", "2026-12-31", "campaign", "Sofia Lind"),
         Plan("I06", "on_track", "2026-05-01", "2027-01-31", "campaign", "Petra Vos"),
         Plan("I23", "approved", "2027-02-01", "2027-05-31", "campaign", "Sofia Lind")],
        [DonePlan("I14", "2025-01-15", "2025-07-31", 1.15, 1.30, "it-platform"),
         DonePlan("I22", "2025-03-01", "2025-08-31", 0.95, 1.00, "it-platform"),
         DonePlan("I25", "2025-05-01", "2025-07-31", 1.05, 1.00, "campaign")]),
}


def report_dates(start: dt.date, until: dt.date) -> list[dt.date]:
    day = start.replace(day=REPORT_DAY)
    day = day if day > start else (day.replace(day=1) + dt.timedelta(days=32)).replace(day=REPORT_DAY)
    out = []
    while day <= until:
        out.append(day)
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=REPORT_DAY)
    return out


def delays(scenario: str, n: int) -> list[int]:
    """Days each report's milestone forecasts lie after the baseline, report by report."""
    if scenario == "late":
        return [min(84, 21 * k) for k in range(n)]
    if scenario in ("watermelon", "slipping"):
        return [0] * (n - 3) + [14, 28, 45][: min(3, n)]
    if scenario == "over_budget":
        return [0] * (n // 2) + [10] * (n - n // 2)
    return [0] * n


def committed_rows(p: Plan, cost: float, as_of: dt.date, client_id: str
                   ) -> tuple[list[dict], list[dict], list[dict], float]:
    start, finish = D(p.start), D(p.finish)
    pd_days = (finish - start).days
    if p.scenario == "approved":
        return [], [], risks_for(p, cost, as_of, client_id), 0.0
    pace, cpi, rag = SCENARIOS[p.scenario]
    until = as_of - dt.timedelta(days=70) if p.scenario == "stale" else as_of
    dates = report_dates(start, until)
    slip = delays(p.scenario, len(dates))
    reports, milestones, ac = [], [], 0.0
    for k, day in enumerate(dates):
        at = (day - start).days
        share = k / max(1, len(dates) - 1)
        now_pace, now_cpi = (p0 + (p1 - p0) * share for p0, p1 in (pace, cpi))
        pct = round(min(100.0, 100 * now_pace * at / pd_days), 1)
        ac = round(pct / 100 * cost / now_cpi, -2)
        shown_rag = "green" if p.scenario == "slipping" and k < len(dates) - 2 else rag
        if p.scenario == "over_budget" and k < len(dates) - 2:
            shown_rag = "amber"
        forecast = finish + dt.timedelta(days=slip[k] if p.scenario != "watermelon" else 0)
        if p.scenario == "late":
            forecast = max(forecast, day + dt.timedelta(days=30))
        note = {"late": "Integration testing found defects; cut-over re-planned.",
                "over_budget": "Contractor rates above plan; scope under review.",
                "watermelon": "On track."}.get(p.scenario, "Progressing to plan.")
        reports.append({"initiative": p.id, "date": day.isoformat(), "percent_complete": pct, "actual_cost": ac,
                        "forecast_finish": forecast.isoformat(), "rag": shown_rag, "commentary": note})
        for share, name in ((0.3, "Design approved"), (0.65, "Build complete"), (1.0, "Go-live")):
            base = start + dt.timedelta(days=round(share * pd_days))
            fc = base + dt.timedelta(days=slip[k])
            actual = fc if fc <= day else None
            milestones.append({"initiative": p.id, "milestone": name, "baseline": base.isoformat(),
                               "reported": day.isoformat(), "forecast": fc.isoformat(),
                               "actual": actual.isoformat() if actual else ""})
    return reports, milestones, risks_for(p, cost, as_of, client_id), ac


def risks_for(p: Plan, cost: float, as_of: dt.date, client_id: str) -> list[dict]:
    def risk(n: int, title: str, prob: int, impact: int, c: tuple, days: tuple, **extra) -> dict:
        row = {"id": f"R-{p.id}-{n}", "initiative": p.id, "title": title, "owner": p.owner,
               "probability": prob, "impact": impact, "status": "open",
               "raised": min(D(p.start), as_of - dt.timedelta(days=30)).isoformat(),
               "due": (as_of + dt.timedelta(days=45)).isoformat(), "response": "Mitigate",
               "cost_min": round(c[0] * cost, -2), "cost_likely": round(c[1] * cost, -2),
               "cost_max": round(c[2] * cost, -2), "days_min": days[0], "days_likely": days[1], "days_max": days[2]}
        row.update(extra)
        return row

    rows = [risk(1, "Supplier delivers late", 3, 3, (0.01, 0.03, 0.08), (5, 15, 45)),
            risk(2, "Key people pulled onto operations", 2, 3, (0.0, 0.02, 0.05), (0, 10, 30))]
    if p.scenario == "watermelon":
        rows[0]["owner"] = ""
    if p.scenario == "slipping":
        rows[1]["due"] = (as_of - dt.timedelta(days=20)).isoformat()
    if p.scenario == "over_budget":
        rows[0].update(probability=4, impact=4, previous_probability=3, previous_impact=3)
    if p.scenario == "late":
        rows.append(risk(3, "Cut-over window missed", 3, 4, (0.02, 0.04, 0.10), (10, 30, 60),
                         raised=(as_of - dt.timedelta(days=12)).isoformat()))
    if p.scenario == "on_track":
        rows[1].update(status="closed", closed=(as_of - dt.timedelta(days=14)).isoformat())
    return rows


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: row.get(k, "") for k in header} for row in rows)
    atomic_write(path, buffer.getvalue())


def build(client_id: str) -> None:
    folder = ROOT / client_id
    client = load_client(folder)
    as_of = client.as_of
    plans, done = PLANS[client_id]
    with open(folder / "portfolio.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    header = [h for h in table[0] if h not in LIFECYCLE] + LIFECYCLE
    by_id = {row["id"]: row for row in table}
    for row in table:  # the plans below are the whole story: clear what an earlier run wrote
        row.update({c: "" for c in LIFECYCLE})
    reports, milestones, risks = [], [], []
    for p in plans:
        row = by_id[p.id]
        r, m, k, ac = committed_rows(p, float(row["cost"]), as_of, client_id)
        reports += r
        milestones += m
        risks += k
        row.update(status="approved" if p.scenario == "approved" else "in_flight", start=p.start, finish=p.finish,
                   spent_to_date=f"{ac:.0f}" if ac else "", category=p.category, owner=p.owner)
    for d in done:
        row, start, finish = by_id[d.id], D(d.start), D(d.finish)
        actual_finish = start + dt.timedelta(days=round((finish - start).days * d.duration_ratio))
        cost = float(row["cost"])
        row.update(status="done", start=d.start, finish=d.finish, spent_to_date=f"{cost * d.cost_ratio:.0f}",
                   actual_cost=f"{cost * d.cost_ratio:.0f}", actual_finish=actual_finish.isoformat(),
                   category=d.category)
    risks.append({"id": "R-P-1", "initiative": "", "title": "Hiring freeze extended into next year",
                  "owner": client.sponsor.name, "probability": 3, "impact": 4, "status": "open",
                  "raised": (as_of - dt.timedelta(days=60)).isoformat(), "response": "Prioritise and re-sequence"})
    write_csv(folder / "portfolio.csv", header, table)
    write_csv(folder / REPORTS, REPORT_REQUIRED + REPORT_OPTIONAL, reports)
    write_csv(folder / MILESTONES, MILESTONE_REQUIRED + MILESTONE_OPTIONAL, milestones)
    write_csv(folder / RISKS, RISK_REQUIRED + RISK_OPTIONAL, risks)


def check(client_id: str) -> None:
    """Each scenario shows what it was built to show."""
    folder = ROOT / client_id
    client = load_client(folder)
    plans = {p.id: p.scenario for p in PLANS[client_id][0]}
    review, _ = open_review(folder, client, client.as_of)
    for iid, scenario in plans.items():
        s, w = review.snapshots[iid], review.warnings[iid]
        if scenario == "over_budget":
            assert s.cpi < 0.85, (client_id, iid, s.cpi)
        if scenario == "late":
            assert s.spi > 0.9 and s.spi_t < 0.85, (client_id, iid, s.spi, s.spi_t)
        if scenario == "watermelon":
            assert w.watermelon, (client_id, iid)
        if scenario == "stale":
            assert "stale" in w.parts, (client_id, iid)
        if scenario == "on_track":
            assert w.score == 0, (client_id, iid, w.parts)
    assert 10 <= len(review.risks) <= 30 and 6 <= len(review.baselines) <= 15
    counts = [sum(1 for r in review.reports if r.initiative == i) for i in plans if plans[i] != "approved"]
    assert 4 <= min(counts) and max(counts) <= 12, (client_id, counts)


if __name__ == "__main__":
    for cid in PLANS:
        build(cid)
    for cid in PLANS:
        check(cid)
    print("delivery demo data written and checked for", ", ".join(PLANS))
