"""Regenerate the demo clients' timesheet.csv and feedback.csv (deterministic; seeded).

Run from the repository root: `.venv/bin/python scripts/demo_practice.py`. The committed CSVs are
its output; edit the profiles below rather than the CSVs. Each client shows one case the practice
view has to handle, and the script checks that it does as of the client's as_of:
- Acme Logistics over-uses its 16-hour retainer (about 19 hours a week);
- Helix Health's meetings take over 30% of the hours (its cadence alone plans 35%);
- Northwind Retail's feedback falls round after round (and its unused hours roll over).
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playbook.intake.client import as_of as as_of_of, load_client
from playbook.practice import feedback, review, timesheet

ROOT = Path(__file__).resolve().parent.parent / "data" / "clients"
WORK = ("analysis", "reporting", "workshop", "coaching")


@dataclass(frozen=True)
class Profile:
    weekly_hours: float  # mean hours a week, meetings included
    extra_meeting_hours: float  # ad-hoc meetings a week beyond the cadence
    nps_path: tuple[int, ...]  # the NPS each feedback round should land near
    respondents: int
    seed: int


PROFILES = {
    "acme-logistics": Profile(19.0, 1.0, (20, 40, 40, 60), 5, 11),
    "helix-health": Profile(12.0, 0.75, (0, 17, 33), 6, 12),
    "northwind-retail": Profile(11.0, 0.5, (50, 25, 0, -25), 4, 13),
}
COMMENTS = {
    "promoter": ["Clear priorities at last", "The reviews are the most useful hour of my month",
                 "Good challenge on the business cases", "The board pack is finally readable",
                 "Decisions happen in the meeting now, not after it"],
    "passive": ["Useful, but the packs arrive late", "Would like more time with the delivery leads",
                "Good ideas; the team needs help putting them into practice", "Fewer slides, more decisions please"],
    "detractor": ["Too many meetings for what we get", "Recommendations are not landing with the teams",
                  "We need decisions, not more analysis", "I still do not know what we stopped doing",
                  "Feels like another layer of reporting"],
}


def _round(hours: float) -> float:
    return max(0.25, round(hours * 4) / 4)


def timesheet_rows(client, today: dt.date, p: Profile) -> list[dict[str, str]]:
    rng = np.random.default_rng(p.seed)
    e, streams = client.engagement, client.workstreams
    rows = []
    for k in range(e.weeks):
        start = e.start + dt.timedelta(weeks=k)
        if start > today:
            break
        entries = []
        for i, m in enumerate(m for m in client.cadence if m.consultant_attends):
            if k % max(1, round(m.every_weeks)) == 0:
                entries.append((1 + i % 4, m.minutes / 60, streams[i % len(streams)].name, "meeting", m.meeting))
        extra = _round(p.extra_meeting_hours * rng.uniform(0.6, 1.4))
        entries.append((2, extra, streams[0].name, "meeting", "ad-hoc"))
        left = p.weekly_hours * rng.uniform(0.93, 1.07) - sum(x[1] for x in entries)
        shares = np.array([w.share for w in streams]) * rng.uniform(0.8, 1.2, len(streams))
        for j, (w, share) in enumerate(zip(streams, shares / shares.sum())):
            entries.append((j % 5, _round(left * share), w.name, WORK[(k + j) % len(WORK)], ""))
        for offset, hours, stream, activity, note in entries:
            day = start + dt.timedelta(days=offset)
            if day <= today:
                rows.append({"date": day.isoformat(), "hours": f"{hours:g}", "workstream": stream,
                             "activity": activity, "note": note})
    return sorted(rows, key=lambda r: r["date"])


def _scores(target: int, n: int, rng: np.random.Generator) -> list[int]:
    """n scores whose NPS is as close to `target` as n allows: promoters and detractors first."""
    best = min(((pr, de) for pr in range(n + 1) for de in range(n + 1 - pr)),
               key=lambda pd_: (abs(100 * (pd_[0] - pd_[1]) / n - target), -(n - pd_[0] - pd_[1])))
    scores = [int(rng.integers(9, 11)) for _ in range(best[0])] + [int(rng.integers(3, 7)) for _ in range(best[1])]
    scores += [int(rng.integers(7, 9)) for _ in range(n - len(scores))]
    return [int(s) for s in rng.permutation(scores)]


def feedback_rows(client, today: dt.date, p: Profile) -> list[dict[str, str]]:
    rng = np.random.default_rng(p.seed + 100)
    e = client.engagement
    people = [(s.name, s.title or "Stakeholder") for s in client.stakeholders][:p.respondents]
    every = int(e.feedback_every_weeks or 4)
    rows = []
    for r, target in enumerate(p.nps_path):
        day = e.start + dt.timedelta(weeks=every * (r + 1) - 1, days=3)
        assert day <= today, f"round {r + 1} of {client.client} falls after as_of"
        for (name, title), score in zip(people, _scores(target, len(people), rng)):
            kind = "promoter" if score >= 9 else "detractor" if score <= 6 else "passive"
            comment = COMMENTS[kind][int(rng.integers(len(COMMENTS[kind])))] if rng.random() < 0.5 else ""
            rows.append({"date": (day + dt.timedelta(days=int(rng.integers(0, 3)))).isoformat(),
                         "respondent": name, "role": title, "score": str(score), "comment": comment})
    return sorted(rows, key=lambda r: r["date"])


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    for client_id, p in PROFILES.items():
        folder = ROOT / client_id
        client = load_client(folder)
        today = as_of_of(client)
        write(folder / timesheet.FILE, timesheet.REQUIRED + timesheet.OPTIONAL, timesheet_rows(client, today, p))
        write(folder / feedback.FILE, feedback.REQUIRED + feedback.OPTIONAL, feedback_rows(client, today, p))
        r = review.assess(client, timesheet.load_valid(folder, client, today),
                          feedback.load_valid(folder, client, today), today)
        weeks = len(r.weekly)
        assert 8 <= weeks <= 20 and 3 <= len(r.pulse.rounds) <= 5, (client_id, weeks, len(r.pulse.rounds))
        assert r.usage.over_use == (client_id == "acme-logistics"), (client_id, r.usage)
        assert r.meetings.over_limit == (client_id == "helix-health"), (client_id, r.meetings.share)
        assert r.pulse.falling == (client_id == "northwind-retail"), (client_id, list(r.pulse.rounds["nps"]))
        assert not r.pulse.overdue and not r.usage.under_use, client_id
        print(f"{client_id}: {weeks} weeks, {r.usage.used:g} of {r.usage.allowance:g} hours, meetings "
              f"{r.meetings.share:.0%}, NPS by round {[round(x) for x in r.pulse.rounds['nps']]}")


if __name__ == "__main__":
    main()
