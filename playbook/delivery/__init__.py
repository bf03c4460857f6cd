"""Stage 4, delivery (notebooks/delivery.ipynb): the work under way. Earned value and earned
schedule, forecasts under uncertainty, the firm's reference classes, early warning, capacity over
time and the automated status report, from portfolio.csv's committed rows and the optional
status_reports.csv, milestones.csv and risks.csv."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Mapping

from playbook.delivery.loading import FILES, DeliveryData, load, load_valid
from playbook.delivery.review import Review, Settings, build
from playbook.errors import DataError
from playbook.intake.client import Client, steering_date

__all__ = ["FILES", "DeliveryData", "Review", "Settings", "build", "load", "load_valid", "open_review"]


def open_review(folder: Path, client: Client, as_of: dt.date, firm: Mapping[str, Any] | None = None,
                settings: Settings = Settings()) -> tuple[Review, DeliveryData]:
    """Load and check the client's delivery data and review it; `firm` carries the anonymised
    firm-wide statistics the batch hands this run (its reference classes)."""
    from playbook.prioritisation import load_portfolio

    portfolio, issues = load_portfolio(folder, client)
    if issues:
        raise DataError(issues)
    data = load_valid(folder, portfolio, as_of)
    sponsor = client.sponsor.name if client.sponsor and client.sponsor.name else "the sponsor"
    review = build(data.baselines, data.reports, data.milestones, data.risks, as_of,
                   dict(client.prioritisation.capacity), sponsor, client.currency,
                   (firm or {}).get("reference_classes"), steering_date(client, as_of)[1],
                   settings, client.prioritisation.capacity_by_month)
    return review, data
