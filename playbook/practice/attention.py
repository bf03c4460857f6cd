"""What needs the consultant's attention across every client, worst first.

Items are drawn from each client's results JSON and its retainer and feedback figures. Each says
in one sentence what is wrong, how bad (severity, then a magnitude within the severity), and
links to the deliverable that explains it. Severity follows what it costs if ignored: a plan
that cannot be funded or hours being given away are worse than one stale file.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Iterable


class Severity(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


@dataclass(frozen=True)
class Item:
    severity: Severity
    client_id: str
    client: str  # display name
    kind: str  # e.g. retainer-over-use, benefit-red
    what: str  # one plain sentence
    link: str | None  # href relative to the practice view
    weight: float = 0.0  # how far off, as a fraction (shortfall of plan, excess of allowance...): larger is worse


def ordered(items: Iterable[Item]) -> list[Item]:
    """Worst first: severity, then magnitude, then client and sentence (stable output)."""
    return sorted(items, key=lambda i: (-int(i.severity), -i.weight, i.client.casefold(), i.what))


def href(client_id: str, notebook: str) -> str:
    return f"{client_id}/{notebook}.html"


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def from_benefits(client_id: str, client: str, results: dict[str, Any]) -> list[Item]:
    """Red benefits, forecasts that miss the target, stale measurements."""
    link, out = href(client_id, "benefits"), []
    stale = []
    for bid, b in (results.get("benefits") or {}).items():
        name = f"{bid} {b.get('name') or ''}".strip()
        realised = b.get("realisation_pct")
        if b.get("rag") == "red":
            shown = f" ({_pct(realised)} of plan to date)" if realised is not None else ""
            out.append(Item(Severity.HIGH, client_id, client, "benefit-red", f"Benefit {name} is red{shown}.",
                            link, (100.0 - (realised if realised is not None else 0.0)) / 100))
        elif b.get("forecast_meets_target") is False:
            out.append(Item(Severity.MEDIUM, client_id, client, "benefit-forecast-miss",
                            f"Benefit {name} is forecast to miss its target at the due date.", link, 0.1))
        if b.get("stale"):
            stale.append(bid)
    if stale:
        out.append(Item(Severity.LOW, client_id, client, "stale-data",
                        f"{len(stale)} benefit measurement{'s are' if len(stale) > 1 else ' is'} stale "
                        f"({', '.join(stale[:5])}{', ...' if len(stale) > 5 else ''}).", link, 0.0))
    return out


def from_delivery(client_id: str, client: str, results: dict[str, Any]) -> list[Item]:
    """Initiatives forecast late or over budget, watermelon reports, and stale status reports."""
    link, out = href(client_id, "delivery"), []
    for iid, i in (results.get("initiatives") or {}).items():
        reasons = []
        if i.get("cpi") is not None and i["cpi"] < 0.9:
            reasons.append(f"CPI {i['cpi']:.2f}")
        spi = i.get("spi_t") if i.get("spi_t") is not None else i.get("spi")
        if spi is not None and spi < 0.9:
            reasons.append(f"SPI(t) {spi:.2f}")
        if i.get("p_on_time") is not None and i["p_on_time"] < 0.5:
            reasons.append(f"{i['p_on_time']:.0%} chance of finishing on time")
        if i.get("watermelon"):
            reasons.append("reported green against the figures")
        if reasons:
            worst = min([x for x in (i.get("cpi"), spi) if x is not None] or [1.0])
            out.append(Item(Severity.HIGH, client_id, client, "initiative-late-or-over",
                            f"Initiative {iid} is late or over budget: {', '.join(reasons)}.", link, 1.0 - worst))
    # the delivery stage's early warning words a stale report as "... status report ..." (early_warning.py)
    stale = [iid for iid, i in (results.get("initiatives") or {}).items()
             if any("status report" in str(w) for w in i.get("warnings") or [])]
    if stale:
        out.append(Item(Severity.LOW, client_id, client, "stale-data",
                        f"Status reports are out of date for {len(stale)} initiative{'s' if len(stale) > 1 else ''} "
                        f"({', '.join(stale[:5])}{', ...' if len(stale) > 5 else ''}).", link, 0.0))
    return out


def from_maturity(client_id: str, client: str, results: dict[str, Any]) -> list[Item]:
    contested = [d for d, v in (results.get("dimensions") or {}).items() if v.get("low_agreement")]
    if not contested:
        return []
    return [Item(Severity.MEDIUM, client_id, client, "maturity-contested",
                 f"Leaders disagree on {len(contested)} maturity dimension{'s' if len(contested) > 1 else ''} "
                 f"({', '.join(contested)}): agree the facts before investing.", href(client_id, "maturity"),
                 len(contested) / max(len(results.get("dimensions") or {}), 1))]


def from_prioritisation(client_id: str, client: str, results: dict[str, Any]) -> list[Item]:
    if not results.get("infeasible"):
        return []
    reason = results.get("infeasible_reason") or "the committed work alone breaks the budget or capacity"
    return [Item(Severity.CRITICAL, client_id, client, "portfolio-infeasible",
                 f"The portfolio cannot be funded as constrained: {reason}.", href(client_id, "prioritisation"))]


def from_failures(client_id: str, client: str, failed: dict[str, str]) -> list[Item]:
    """Deliverables whose last run failed (notebook -> message)."""
    return [Item(Severity.HIGH, client_id, client, "run-failed",
                 f"The {notebook} deliverable failed to render: {message[:160]}", href(client_id, notebook), 0.5)
            for notebook, message in failed.items()]


COLLECTORS = {"benefits": from_benefits, "delivery": from_delivery, "maturity": from_maturity,
              "prioritisation": from_prioritisation}


def from_results(client_id: str, client: str, results: dict[str, dict[str, Any]]) -> list[Item]:
    """Every item the results JSON of one client's deliverables give (notebook -> results)."""
    return [item for notebook, found in results.items() if notebook in COLLECTORS
            for item in COLLECTORS[notebook](client_id, client, found)]


def from_practice(client_id: str, client: str, figures: dict[str, Any], link: str) -> list[Item]:
    """Retainer over-use, meeting overload, falling or overdue feedback, a stale timesheet, from
    the figures of `review.results`; `link` is the deliverable that shows them."""
    out = []
    hours, meet, fb = figures.get("hours"), figures.get("meetings") or {}, figures.get("feedback") or {}
    if hours and hours.get("over_use"):
        ratio = hours["over"] / hours["allowance_to_date"] if hours.get("allowance_to_date") else 0.0
        out.append(Item(Severity.HIGH, client_id, client, "retainer-over-use",
                        f"Retainer over-used: {hours['used']:.0f} hours against {hours['allowance_to_date']:.0f} "
                        f"allowed to date ({hours['over']:.0f} over, {ratio:.0%}).", link, ratio))
    if hours and hours.get("under_use"):
        lost = "lost" if not hours.get("rollover") else "unused"
        out.append(Item(Severity.MEDIUM, client_id, client, "retainer-under-use",
                        f"Retainer under-used: {hours['unused']:.0f} hours {lost} so far.", link,
                        hours["unused"] / (hours["allowance_to_date"] or 1)))
    if meet.get("over_limit"):
        out.append(Item(Severity.MEDIUM, client_id, client, "meeting-overload",
                        f"Meetings take {meet['share']:.0%} of the hours (limit 30%).", link, meet["share"] - 0.30))
    if fb.get("falling"):
        path = [x for x in fb.get("nps_by_round") or [] if x is not None][-3:]
        drop = (path[0] - path[-1]) / 100 if len(path) == 3 else 0.0
        out.append(Item(Severity.HIGH, client_id, client, "feedback-falling",
                        f"Client feedback fell two rounds running (NPS {' → '.join(f'{x:+.0f}' for x in path)}).",
                        link, drop))
    if fb.get("overdue"):
        since = f"since {fb['last_asked']}" if fb.get("last_asked") else "since the engagement started"
        out.append(Item(Severity.MEDIUM, client_id, client, "feedback-overdue",
                        f"No feedback asked {since} (due every {fb['interval_weeks']:g} weeks).", link, 0.0))
    if figures.get("timesheet_stale"):
        since = figures.get("last_entry") or "the start"
        out.append(Item(Severity.LOW, client_id, client, "stale-data",
                        f"No hours logged in timesheet.csv since {since}.", link, 0.0))
    return out
