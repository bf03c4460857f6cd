"""Clients the onboarding tests share: a complete, healthy engagement each test breaks as it needs,
a freshly scaffolded one, a troubled one, small calendars and the demo clients."""
from __future__ import annotations

import datetime as dt

from playbook.intake.client import Client, load_client
from playbook.intake.paths import DEFAULT_DATA_DIR

D = dt.date
ALL_STREAMS = ["Portfolio governance", "Benefits", "Capacity"]


def client(**overrides) -> Client:
    """A complete, healthy PMO engagement; each test breaks what it needs to."""
    data = {
        "client": "Acme Logistics",
        "currency": "GBP",
        "as_of": "2026-11-01",
        "engagement": {"role": "pmo", "consultant": "Sam Patel", "start": "2026-09-01", "weeks": 26,
                       "hours_per_week": 16, "day_rate": 1100, "full_time_cost": 165000,
                       "reporting_line": "strategy",
                       "mandate": "Shape the portfolio so investment follows strategy and benefits are realised"},
        "sponsor": {"name": "Dana Lee", "title": "Chief Strategy Officer"},
        "objectives": [{"id": "O1", "title": "Grow recurring revenue", "kpi": "ARR", "unit": "GBP m",
                        "baseline": 12.0, "target": 18.0, "due": "2027-12-31", "owner": "CFO"}],
        "workstreams": [{"name": "Portfolio governance", "share": 0.5}, {"name": "Benefits", "share": 0.3},
                        {"name": "Capacity", "share": 0.2}],
        "stakeholders": [{"name": "Dana Lee", "title": "CSO", "influence": 5, "interest": 5,
                          "disposition": "supportive"},
                         {"name": "Raj Rao", "title": "CFO", "influence": 4, "interest": 2, "disposition": "neutral"},
                         {"name": "Kim Ng", "title": "CIO", "influence": 3, "interest": 4, "disposition": "resistant"}],
        "groups": ["Ops board"],
        "raci": {"Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Ops board": "I"},
                 "Benefits": {"Sam Patel": "R", "Raj Rao": "A", "Kim Ng": "C"},
                 "Capacity": {"Kim Ng": "R", "Dana Lee": "C", "Sam Patel": "A"}},
        "cadence": [{"meeting": "Steering committee", "every_weeks": 4, "minutes": 90},
                    {"meeting": "Sponsor 1:1", "every_weeks": 1, "minutes": 60},
                    {"meeting": "Board", "every_weeks": 12, "minutes": 120, "consultant_attends": False}],
        "resources": [{"item": "Jira read access", "owner": "CIO", "status": "granted"}],
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict) and key != "raci":
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Client.model_validate(data)


SCAFFOLD = Client.model_validate({"client": "Scaffold Ltd"})


OBJECTIVES = [
    {"id": "O1", "title": "Grow recurring revenue", "kpi": "ARR", "unit": "GBP m", "baseline": 12.0,
     "target": 18.0, "due": "2027-12-31", "owner": "CFO"},
    {"id": "O2", "title": "Cut cost to serve", "kpi": "Cost per order", "unit": "GBP", "target": 4.5,
     "due": "2027-06-30", "owner": "COO"},
    {"id": "O3", "kpi": "NPS", "unit": "points", "baseline": 12.0, "target": 12.0, "due": "2027-06-30",
     "owner": "CCO"},
    {"id": "O4", "title": "Faster decisions", "baseline": 40, "target": 20, "due": "2026-06-30"},
]


def troubled() -> Client:
    return client(
        engagement={"reporting_line": "it", "hours_per_week": 8, "full_time_cost": None},
        objectives=OBJECTIVES[:2],
        raci={"Portfolio governance": {"Sam Patel": "R", "Dana Lee": "A", "Raj Rao": "A"},
              "Benefits": {"Sam Patel": "R", "Raj Rao": "A"},
              "Capacity": {"Kim Ng": "R", "Sam Patel": "A"}},
        cadence=[{"meeting": "Weekly team", "every_weeks": 1, "minutes": 120},
                 {"meeting": "Steering committee", "every_weeks": 2, "minutes": 90}],
        resources=[{"item": "Jira read access", "owner": "CIO", "status": "blocked"},
                   {"item": "Finance extract", "owner": "CFO", "status": "requested"}])


def demo(client_id: str) -> Client:
    return load_client(DEFAULT_DATA_DIR / client_id)


def small(**engagement) -> Client:
    """10 hours a week from Mon 7 Sep 2026: a weekly 60-minute meeting and a fortnightly 90-minute one."""
    return Client.model_validate({
        "client": "Small", "engagement": {"consultant": "Sam", "start": "2026-09-07", "weeks": 20,
                                          "hours_per_week": 10, **engagement},
        "cadence": [{"meeting": "Weekly", "every_weeks": 1, "minutes": 60},
                    {"meeting": "Fortnightly", "every_weeks": 2, "minutes": 90},
                    {"meeting": "Board", "every_weeks": 4, "minutes": 240, "consultant_attends": False}]})
