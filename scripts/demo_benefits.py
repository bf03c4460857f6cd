"""Regenerate the demo clients' benefits.csv and benefit_actuals.csv (deterministic; seeded).

Run from the repository root: `.venv/bin/python scripts/demo_benefits.py`. The committed CSVs
are its output; edit the registers below rather than the CSVs. Each benefit follows a scenario
(how its actuals track the plan), and the script checks that every scenario lands where it
should (RAG, staleness, forecast) as of the client's as_of, so the demo always shows each case
the deliverable has to handle.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from playbook.benefits.realisation import assess, flag
from playbook.benefits.trajectory import planned_value
from playbook.benefits.register import (ACTUALS_FILE, ACTUALS_OPTIONAL, ACTUALS_REQUIRED, FILE, OPTIONAL,
                                       REQUIRED, load_valid)
from playbook.intake.client import load_client

ROOT = Path(__file__).resolve().parent.parent / "data" / "clients"
STALE_GAP_DAYS = 130  # the stale benefit's newest actual is this old at as_of


@dataclass(frozen=True)
class Scenario:
    """How actuals track the plan: actual change = factor(s) × planned change, s the share of the
    measured history elapsed (0 first reading, 1 newest); plus what the deliverable must show."""

    factor: Callable[[float], float]
    rag: str
    forecast_meets: bool | None = None
    stale: bool = False
    measured: bool = True
    plateau: bool = False  # the change stops growing four months before as_of


SCENARIOS = {
    "ahead": Scenario(lambda s: 1.10, "green", forecast_meets=True),
    "on_track": Scenario(lambda s: 1.07, "green"),
    "amber": Scenario(lambda s: 0.95, "amber", forecast_meets=False),
    "recovering": Scenario(lambda s: 0.55 + 0.40 * s, "amber", forecast_meets=True),
    "red": Scenario(lambda s: 0.60, "red", forecast_meets=False),
    "stale": Scenario(lambda s: 1.06, "green", stale=True),
    "plateau": Scenario(lambda s: 1.60, "green", forecast_meets=False, plateau=True),
    "none": Scenario(lambda s: 1.0, "no-data", measured=False),
    "harm_over": Scenario(lambda s: 1.06, "amber"),    # a dis-benefit: more harm than accepted so far
    "harm_under": Scenario(lambda s: 0.85, "green"),   # a dis-benefit: less harm than accepted
}

# id, name, initiative, objective, owner, measure, unit, direction, baseline, target, start, due,
# kind, value_per_unit, profile, scenario, decimals, note on the newest reading
Spec = tuple[str, str, str, str, str, str, str, str, float, float, str, str, str, float | None, str, str, int, str]

REGISTERS: dict[str, list[Spec]] = {
    "acme-logistics": [
        ("B01", "Dynamic route optimisation", "I01", "O2", "Tom Hughes", "Fuel cost per parcel", "GBP",
         "decrease", 0.62, 0.54, "2025-09-01", "2027-06-30", "benefit", 25_000_000, "linear", "on_track", 3, ""),
        ("B02", "Depot sortation automation", "I02", "O2", "Mark Owens", "Sort cost per parcel", "GBP",
         "decrease", 0.48, 0.39, "2025-11-01", "2027-09-30", "benefit", 25_000_000, "linear", "red", 3,
         "Midlands hub go-live slipped to Q1 2027; manual sort still running"),
        ("B03", "Overtime during the automation changeover", "I02", "O2", "Mark Owens", "Overtime hours per week",
         "hours", "increase", 0, 450, "2025-11-01", "2027-09-30", "dis-benefit", 1_560, "linear", "harm_over", 0,
         "Overtime above the accepted level while manual sort continues"),
        ("B04", "Customer self-service portal", "I03", "O1", "Claire Dubois", "Portal-driven ARR", "GBP m",
         "increase", 0.0, 2.4, "2025-07-01", "2027-12-31", "benefit", 1_000_000, "linear", "amber", 3, ""),
        ("B05", "Contract logistics upsell", "I04", "O1", "Priya Shah", "Upsell ARR", "GBP m",
         "increase", 0.0, 1.8, "2026-01-01", "2027-12-31", "benefit", 1_000_000, "linear", "ahead", 3, ""),
        ("B06", "Predictive ETA", "I05", "O3", "Tom Hughes", "On-time delivery rate", "%",
         "increase", 91.0, 94.5, "2025-10-01", "2027-06-30", "benefit", 300_000, "linear", "recovering", 2,
         "Model retrained on winter routes; trend improving"),
        ("B07", "Driver app rollout", "I06", "O3", "Ben Carter", "Failed first-time deliveries", "%",
         "decrease", 6.5, 4.5, "2025-08-01", "2027-03-31", "benefit", 400_000, "linear", "stale", 2,
         "Last extract before the reporting change"),
        ("B08", "Proactive delay notifications", "I07", "O4", "Claire Dubois", "Relationship NPS", "points",
         "increase", 18, 24, "2025-12-01", "2027-12-31", "benefit", None, "s-curve", "on_track", 1, ""),
        ("B09", "Complaints handling redesign", "I08", "O4", "", "Complaints per 10,000 parcels", "complaints",
         "decrease", 14, 9, "2026-02-01", "2027-09-30", "benefit", None, "linear", "on_track", 1, ""),
        ("B10", "Warehouse energy retrofit", "I09", "O2", "Lucy Grant", "Electricity use", "MWh per month",
         "decrease", 820, 700, "2026-06-01", "2027-06-30", "benefit", 3_000, "linear", "none", 0, ""),
        ("B11", "Telematics insurance discount", "I10", "O2", "Priya Shah", "Fleet insurance premium",
         "GBP k a year", "decrease", 2100, 1850, "2025-10-01", "2027-03-31", "benefit", 1_000, "linear",
         "plateau", 0, "Insurer will not re-rate again before renewal"),
        ("B12", "SME e-commerce onboarding", "I11", "O1", "Dana Lee", "SME ARR", "GBP m",
         "increase", 0.0, 1.2, "2026-03-01", "2027-12-31", "benefit", 1_000_000, "linear", "red", 3,
         "Onboarding backlog of 140 SMEs awaiting integration"),
    ],
    "northwind-retail": [
        ("B01", "Online conversion uplift", "I02", "O1", "Sofia Lind", "Online conversion rate", "%",
         "increase", 2.1, 2.6, "2025-10-01", "2027-06-30", "benefit", 6_000_000, "linear", "on_track", 3, ""),
        ("B02", "Revenue from recommendations", "I12", "O1", "Jonas Berg", "Recommendation-driven revenue",
         "EUR m a year", "increase", 0.0, 3.0, "2025-12-01", "2027-12-31", "benefit", 350_000, "linear", "red", 3,
         "Recommendations live on web only; app integration slipped to Q2 2027"),
        ("B03", "Lower cost per acquisition", "I04", "O2", "Karim Haddad", "Customer acquisition cost", "EUR",
         "decrease", 48.0, 40.0, "2026-01-01", "2027-09-30", "benefit", 90_000, "linear", "amber", 2, ""),
        ("B04", "Repeat purchase from lifecycle journeys", "I06", "O3", "Petra Vos", "Repeat purchase rate", "%",
         "increase", 27.0, 30.5, "2025-08-01", "2027-12-31", "benefit", 400_000, "linear", "ahead", 2, ""),
        ("B05", "More active loyalty members", "I03", "O3", "Ines Costa", "Active loyalty members", "thousand",
         "increase", 40, 95, "2025-11-01", "2027-06-30", "benefit", 12_000, "linear", "recovering", 1,
         "App-linked sign-up live since September"),
        ("B06", "Loyalty discount cost", "I03", "O3", "Ines Costa", "Loyalty discounts", "EUR k a month",
         "increase", 0, 30, "2025-11-01", "2027-06-30", "dis-benefit", 12_000, "linear", "harm_under", 1, ""),
        ("B07", "Brand awareness lift", "I01", "O4", "", "Aided awareness", "%",
         "increase", 31.0, 38.0, "2026-03-01", "2027-12-31", "benefit", None, "s-curve", "on_track", 1, ""),
        ("B08", "Fewer returns from better product content", "I09", "O1", "Elena Novak", "Return rate", "%",
         "decrease", 22.0, 18.0, "2025-09-01", "2027-03-31", "benefit", 500_000, "linear", "stale", 2,
         "Returns data feed paused during the WMS migration"),
        ("B09", "Media budget reallocation", "I07", "O2", "Jonas Berg", "Low-return media spend", "EUR k a year",
         "decrease", 2400, 1900, "2025-07-01", "2027-03-31", "benefit", 1_000, "linear", "plateau", 0,
         "Remaining spend locked in annual TV contracts until renewal"),
        ("B10", "Creator-led share of voice", "I10", "O4", "Sofia Lind", "Social share of voice", "%",
         "increase", 12.0, 18.0, "2026-06-01", "2027-12-31", "benefit", None, "linear", "none", 1, ""),
        ("B11", "Email revenue per send", "I08", "O3", "Petra Vos", "Email revenue per send", "EUR",
         "increase", 0.110, 0.150, "2026-02-01", "2027-06-30", "benefit", 40_000_000, "linear", "red", 4,
         "Customer data platform audience sync delayed; personalisation on 30% of sends"),
    ],
    "helix-health": [
        ("B01", "Shorter outpatient waits", "I05", "O1", "Dr Aisha Khan", "Median outpatient wait", "days",
         "decrease", 42, 33, "2025-09-01", "2027-06-30", "benefit", 150_000, "linear", "amber", 1, ""),
        ("B02", "Higher theatre utilisation", "I03", "O2", "Dr Sarah Okafor", "Theatre utilisation", "%",
         "increase", 71.0, 78.0, "2025-10-01", "2027-09-30", "benefit", 250_000, "linear", "red", 1,
         "Surgeons' job plans not yet aligned to the new session templates"),
        ("B03", "Fewer on-the-day cancellations", "I07", "O2", "Leah Brooks", "On-the-day cancellations",
         "per month", "decrease", 85, 50, "2025-07-01", "2027-03-31", "benefit", 36_000, "linear", "on_track", 0, ""),
        ("B04", "Patients registered on the app", "I01", "O3", "Michael Chen", "Registered app patients", "thousand",
         "increase", 0, 60, "2026-01-01", "2027-12-31", "benefit", 15_000, "s-curve", "ahead", 1, ""),
        ("B05", "Reception hours released by app check-in", "I01", "O3", "Michael Chen", "Check-in desk hours",
         "hours a week", "decrease", 320, 200, "2026-04-01", "2027-09-30", "benefit", 2_080, "linear", "none", 0, ""),
        ("B06", "Lower agency staffing spend", "I04", "O4", "Grace Kim", "Agency staffing spend", "USD m a year",
         "decrease", 9.5, 7.8, "2025-06-01", "2027-06-30", "benefit", 1_000_000, "linear", "recovering", 2,
         "Bank fill rate above 80% since the pay-rate change"),
        ("B07", "Bank staff induction load", "I04", "O4", "Grace Kim", "Training hours diverted", "hours a month",
         "increase", 0, 600, "2025-06-01", "2027-06-30", "dis-benefit", 720, "linear", "harm_under", 0, ""),
        ("B08", "Follow-ups moved to virtual clinics", "I06", "O1", "", "Virtual share of follow-ups", "%",
         "increase", 8.0, 30.0, "2025-11-01", "2027-06-30", "benefit", None, "linear", "on_track", 1, ""),
        ("B09", "Outpatient slots released", "I08", "O1", "Daniel Ruiz", "Follow-up slots released", "per week",
         "increase", 0, 400, "2025-08-01", "2027-03-31", "benefit", 3_120, "linear", "stale", 1,
         "Outpatient activity extract not refreshed since the EPR upgrade"),
        ("B10", "Fewer off-framework agency shifts", "I09", "O4", "Daniel Ruiz", "Off-framework agency shifts",
         "per month", "decrease", 420, 300, "2025-10-01", "2027-06-30", "benefit", 3_600, "linear", "plateau", 0,
         "Approvals bypassed for night shifts since the summer"),
        ("B11", "Fewer missed appointments", "I12", "O1", "Nora Patel", "Did-not-attend rate", "%",
         "decrease", 9.0, 6.5, "2025-09-01", "2027-03-31", "benefit", 400_000, "linear", "ahead", 2, ""),
    ],
}


def _month_dates(first: dt.date, last: dt.date, rng: np.random.Generator) -> list[dt.date]:
    """One reading a month, on a working day early in the month, from `first` up to `last`."""
    out, year, month = [], first.year, first.month
    while True:
        day = dt.date(year, month, int(rng.integers(2, 9)))
        if day > last:
            return out
        if day >= first:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def generate(client: str, as_of: dt.date, seed: int) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = np.random.default_rng(seed)
    register, actuals = [], []
    for spec in REGISTERS[client]:
        (bid, name, initiative, objective, owner, measure, unit, direction, baseline, target, start, due,
         kind, per_unit, profile, scenario_name, decimals, note) = spec
        row = {"id": bid, "name": name, "initiative": initiative, "objective": objective, "owner": owner,
               "measure": measure, "unit": unit, "direction": direction, "baseline": baseline, "target": target,
               "start": start, "due": due, "tolerance_pct": 10, "kind": kind,
               "value_per_unit": "" if per_unit is None else per_unit, "profile": profile}
        register.append(row)
        scenario = SCENARIOS[scenario_name]
        if not scenario.measured:
            continue
        plan = {**row, "id": bid, "start": dt.date.fromisoformat(start), "due": dt.date.fromisoformat(due)}
        last = as_of - dt.timedelta(days=STALE_GAP_DAYS if scenario.stale else 1)
        dates = _month_dates(plan["start"], last, rng)
        change = target - baseline
        cap = planned_value(plan, dates[-1]) - baseline
        for i, on in enumerate(dates):
            planned = planned_value(plan, on) - baseline
            if scenario.plateau:
                moved = min(abs(scenario.factor(0) * planned), abs(1.03 * cap)) * np.sign(change)
            else:
                moved = scenario.factor(i / max(len(dates) - 1, 1)) * planned
            noise = rng.normal(0, 0.010 * abs(change)) if i else 0.0
            value = round(baseline + moved + noise, decimals)
            text = "Baseline reading" if i == 0 else (note if i == len(dates) - 1 else "")
            actuals.append({"benefit": bid, "date": on.isoformat(), "value": value, "note": text})
    return register, actuals


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check(client: str) -> None:
    """Fail loudly if a scenario no longer shows what it is there to show."""
    folder = ROOT / client
    meta = load_client(folder)
    reg = load_valid(folder, meta)
    table = assess(reg.benefits, reg.actuals, meta.as_of)
    for spec in REGISTERS[client]:
        bid, scenario = spec[0], SCENARIOS[spec[15]]
        row = table.loc[bid]
        assert row.rag == scenario.rag, (client, bid, spec[15], row.rag, row.realisation_pct)
        assert bool(row.stale) is scenario.stale, (client, bid, "stale")
        if scenario.forecast_meets is not None:
            assert flag(row.forecast_meets_target) is scenario.forecast_meets, (client, bid, "forecast")
        months = reg.actuals[reg.actuals["benefit"] == bid]["date"].nunique()
        assert not scenario.measured or 6 <= months <= 18, (client, bid, months)


def main() -> None:
    for seed, client in enumerate(REGISTERS, start=11):
        as_of = load_client(ROOT / client).as_of
        register, actuals = generate(client, as_of, seed)
        _write(ROOT / client / FILE, REQUIRED + OPTIONAL, register)
        _write(ROOT / client / ACTUALS_FILE, ACTUALS_REQUIRED + ACTUALS_OPTIONAL, actuals)
        check(client)
        print(f"{client}: {len(register)} benefits, {len(actuals)} actuals")


if __name__ == "__main__":
    main()
