"""Regenerate the demo clients' maturity_responses.csv (deterministic; seeded).

Run from the repository root: `.venv/bin/python scripts/demo_maturity.py`. The committed CSVs
are its output; edit the profiles below rather than the CSVs.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from playbook.maturity import model as maturity_model

ROOT = Path(__file__).resolve().parent.parent / "data" / "clients"

PEOPLE = {
    "acme-logistics": [("Dana Lee", "Executive"), ("Priya Shah", "Executive"), ("Tom Hughes", "Executive"),
                       ("Ravi Menon", "Senior manager"), ("Claire Dubois", "Senior manager"),
                       ("Mark Owens", "Senior manager"), ("Lucy Grant", "Project manager"),
                       ("Ben Carter", "Project manager"), ("Hana Ito", "Project manager"),
                       ("Oliver Wright", "Delivery team"), ("Amira Said", "Delivery team"),
                       ("Jack Moss", "Delivery team")],
    "northwind-retail": [("Maria Rossi", "Executive"), ("Jonas Berg", "Executive"), ("Elena Novak", "Sales lead"),
                         ("Sofia Lind", "Marketing lead"), ("Karim Haddad", "Marketing lead"),
                         ("Petra Vos", "Marketing team"), ("Ines Costa", "Marketing team"),
                         ("Tariq Aziz", "Marketing team"), ("Mila Horvat", "Sales lead"),
                         ("Noah Jansen", "Marketing team")],
    "helix-health": [("Dr Aisha Khan", "Executive"), ("Michael Chen", "Executive"), ("Grace Kim", "Executive"),
                     ("Dr Sarah Okafor", "Executive"), ("Daniel Ruiz", "Senior manager"),
                     ("Leah Brooks", "Senior manager"), ("Nora Patel", "Delivery team"),
                     ("Sam Rivera", "Delivery team"), ("Kofi Mensah", "Delivery team"),
                     ("Julia Weiss", "Delivery team"), ("Ethan Park", "Delivery team"),
                     ("Zara Ali", "Delivery team"), ("Omar Farouk", "Delivery team"), ("Ivy Nguyen", "Delivery team")],
}

# mean level per dimension (model order), per wave; role offsets; answer noise.
PROFILES = {
    "acme-logistics": {
        "model": "pmo",
        "waves": {"2026-03-16": [2.2, 2.0, 1.6, 1.4, 2.3, 1.8, 2.6, 2.2, 2.8, 1.5],
                  "2026-10-12": [2.9, 2.7, 2.4, 1.8, 2.5, 2.1, 2.9, 2.6, 3.1, 1.9]},
        "offsets": {"Executive": 0.3, "Senior manager": 0.1, "Project manager": -0.1, "Delivery team": -0.3},
        "noise": 0.6,
    },
    "northwind-retail": {
        "model": "cmo",
        "waves": {"2026-10-20": [2.1, 1.7, 2.8, 2.4, 1.9, 1.5, 2.6, 1.8, 2.5, 2.0]},
        "offsets": {"Executive": 0.2, "Sales lead": -0.6, "Marketing lead": 0.4, "Marketing team": 0.0},
        "noise": 0.6,
    },
    "helix-health": {
        "model": "pmo",
        "waves": {"2026-10-05": [3.0, 3.1, 2.4, 2.0, 3.2, 2.0, 2.7, 3.0, 3.3, 2.4]},
        "offsets": {"Executive": 1.4, "Senior manager": 0.4, "Delivery team": -0.9},
        "noise": 0.5,
    },
}


COMMENTS = {
    "low": ["We only find out a project is in trouble when it is already late.",
            "Nobody can tell me which initiatives are actually funded this year.",
            "Benefits are written into the business case and never looked at again.",
            "Decisions get re-opened at every meeting because no one owns them."],
    "high": ["The monthly review works well and people come prepared.",
             "Finance and delivery now use the same numbers.",
             "Clear owner, clear dates: this has improved a lot this year."],
}


def generate(client: str, seed: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(seed)
    prof = PROFILES[client]
    model = maturity_model.get(prof["model"])
    rows = []
    for wave, means in prof["waves"].items():
        for name, role in PEOPLE[client]:
            for dim, mean in zip(model.dimensions, means):
                for q in dim.questions:
                    if rng.random() < 0.04:
                        score: object = ""  # don't know
                    else:
                        raw = mean + prof["offsets"][role] + rng.normal(0, prof["noise"])
                        score = int(np.clip(np.rint(raw), 1, 5))
                    comment = ""
                    if score != "" and rng.random() < 0.025:
                        pool = COMMENTS["low" if score <= 2 else "high"] if score <= 2 or score >= 4 else []
                        comment = pool[int(rng.integers(len(pool)))] if pool else ""
                    rows.append({"respondent": name, "role": role, "question": q.id, "score": score,
                                 "comment": comment, "wave": wave})
    return rows


def main() -> None:
    for seed, client in enumerate(PROFILES, start=11):
        rows = generate(client, seed)
        path = ROOT / client / "maturity_responses.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"{path}: {len(rows)} rows")


if __name__ == "__main__":
    main()
