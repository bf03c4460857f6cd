"""A large synthetic client for scale checks: N initiatives, M benefits, R respondents.

    .venv/bin/python scripts/synthetic_client.py OUT_DATA_DIR [--initiatives 100] [--benefits 50]
                                                 [--respondents 30] [--id scale-test]

Built from the acme-logistics demo (its client.yaml and maturity model), with long names, the
first 30% of initiatives committed (in flight with three monthly status reports, approved, done)
and 80% of benefits on them, so
that what an executive sees at scale (cut lists, panels, heatmaps, file size) can be checked.
Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "clients" / "acme-logistics"
ROLES = ["Executive", "Senior manager", "Project manager", "Delivery staff"]
WORDS = ["regional", "customer", "warehouse", "network", "pricing", "analytics", "platform", "service",
         "automation", "onboarding", "compliance", "partner", "digital", "fleet", "returns", "billing"]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _name(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS).capitalize() if i == 0 else rng.choice(WORDS) for i in range(n))


def make_client(data_dir: Path, client_id: str = "scale-test", initiatives: int = 100, benefits: int = 50,
                respondents: int = 30, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder = Path(data_dir) / client_id
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEMO / "client.yaml", folder / "client.yaml")
    text = (folder / "client.yaml").read_text(encoding="utf-8")
    (folder / "client.yaml").write_text(text.replace("budget: 4500000", "budget: 30000000"), encoding="utf-8")

    as_of = dt.date(2026, 11, 1)
    committed = max(initiatives * 3 // 10, 1)  # the first 30%: in flight, approved or done; the rest proposals
    rows, reports = [], []
    for i in range(1, initiatives + 1):
        cost = rng.randrange(80_000, 1_500_000, 5_000)
        status = start = finish = spent = actual = actual_finish = ""
        if i <= committed:
            status = ("in_flight", "in_flight", "approved", "done")[i % 4]
            begin = as_of - dt.timedelta(days=rng.randint(60, 300)) if status != "approved" else as_of + dt.timedelta(days=30)
            end = begin + dt.timedelta(days=rng.randint(240, 540))
            start, finish = begin.isoformat(), end.isoformat()
            if status == "done":
                end = as_of - dt.timedelta(days=rng.randint(10, 50))
                finish, actual_finish, actual = end.isoformat(), end.isoformat(), round(cost * rng.uniform(0.9, 1.3))
            elif status == "in_flight":
                spent = round(cost * min(0.9, (as_of - begin).days / (end - begin).days) * rng.uniform(0.9, 1.2))
                for back in (90, 60, 30):
                    day = as_of - dt.timedelta(days=back)
                    if day > begin:
                        share = (day - begin).days / (end - begin).days
                        reports.append([f"I{i:03d}", day.isoformat(), round(100 * share * rng.uniform(0.8, 1.05), 1),
                                        round(cost * share * rng.uniform(0.95, 1.25)), finish,
                                        rng.choice(["green", "green", "amber", "red"]), "Progress as reported"])
        dep = f"I{rng.randint(committed + 1, i - 1):03d}" if i > committed + 5 and rng.random() < 0.1 else ""
        light = i <= committed  # committed work takes a little of each team, so proposals still fit
        rows.append([f"I{i:03d}", f"{_name(rng, 5)} programme phase {i}", f"O{rng.randint(1, 4)}", cost,
                     rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5),
                     round(rng.uniform(0, 0.6 if light else 4), 1), round(rng.uniform(0, 0.3 if light else 2), 1),
                     dep, "", "false", status, start, finish, spent, actual, actual_finish,
                     "it-platform" if i % 2 else "process", f"Owner {i % 7}"])
    _write(folder / "portfolio.csv", ["id", "name", "objective", "cost", "strategic_fit", "financial_value",
                                      "delivery_risk", "fte_engineering", "fte_operations", "depends_on",
                                      "exclusive_with", "mandatory", "status", "start", "finish", "spent_to_date",
                                      "actual_cost", "actual_finish", "category", "owner"], rows)
    _write(folder / "status_reports.csv", ["initiative", "date", "percent_complete", "actual_cost", "forecast_finish",
                                           "rag", "commentary"], reports)

    register, actuals = [], []
    for b in range(1, benefits + 1):
        start = as_of - dt.timedelta(days=rng.randint(200, 500))
        due = as_of + dt.timedelta(days=rng.randint(120, 600))
        base, target = 100.0, 100.0 + rng.randint(10, 60)
        register.append([f"B{b:03d}", f"{_name(rng, 4)} benefit {b}", f"I{rng.randint(1, committed if rng.random() < 0.8 else initiatives):03d}",
                         f"O{rng.randint(1, 4)}", f"Owner {b % 9}", "Throughput", "units", "increase",
                         base, target, start.isoformat(), due.isoformat(), 10, "benefit", 1000, "linear"])
        pace = rng.uniform(0.4, 1.2)
        day = start
        while day <= as_of:
            planned = base + (target - base) * (day - start).days / (due - start).days
            actuals.append([f"B{b:03d}", day.isoformat(),
                            round(base + (planned - base) * pace * rng.uniform(0.95, 1.05), 2),
                            "Measured by the finance team from the monthly operations pack"])
            day += dt.timedelta(days=30)
    _write(folder / "benefits.csv", ["id", "name", "initiative", "objective", "owner", "measure", "unit",
                                     "direction", "baseline", "target", "start", "due", "tolerance_pct", "kind",
                                     "value_per_unit", "profile"], register)
    _write(folder / "benefit_actuals.csv", ["benefit", "date", "value", "note"], actuals)

    with (DEMO / "maturity_responses.csv").open(encoding="utf-8") as fh:
        questions = sorted({r["question"] for r in csv.DictReader(fh)})
    answers = []
    for r in range(1, respondents + 1):
        role, bias = ROLES[r % len(ROLES)], rng.choice([-1, 0, 0, 1])
        for q in questions:
            comment = f"Comment from respondent {r} about {q}" if rng.random() < 0.05 else ""
            answers.append([f"Respondent {r:02d}", role, q, min(5, max(1, 3 + bias + rng.choice([-1, 0, 1]))),
                            comment, "2026-10-12"])
    _write(folder / "maturity_responses.csv", ["respondent", "role", "question", "score", "comment", "wave"], answers)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--id", default="scale-test")
    parser.add_argument("--initiatives", type=int, default=100)
    parser.add_argument("--benefits", type=int, default=50)
    parser.add_argument("--respondents", type=int, default=30)
    args = parser.parse_args(argv)
    print(make_client(args.data_dir, args.id, args.initiatives, args.benefits, args.respondents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
