"""The practice view, reports/index.html: the consultant's own page across every client.

Self-contained like the deliverables (inlined vega, no external anything), but written for the
consultant: it names every client and shows their figures side by side, and its header says it is
not for clients. Beside it, VERSION_FILE lets an open copy reload itself when `playbook watch`
writes a newer one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from playbook import __version__
from playbook.intake.atomic import atomic_write
from playbook.intake.paths import TEMPLATES, version_script
from playbook.practice import benchmarks, charts
from playbook.practice.view import ClientView, attention_list, gather
from playbook.report import deliverables
from playbook.report.html_export import environment, figure_html
from playbook.report.theme import spec_of, use_theme
from playbook.report.vega_bundle import loader_js

PAGE = "index.html"
VERSION_FILE = "index.version.js"
_PLACEHOLDER = "@@PB-PAGE-VERSION@@"
LAGGING_ROWS = 10


def _figures(views: list[ClientView]) -> list[str]:
    use_theme()
    out = []
    hours = [{"client": v.name, "used": v.figures["hours"]["used"], "allowance": v.figures["hours"]["allowance_to_date"],
              "meeting_share": v.figures["meetings"]["share"],
              "state": "over" if v.figures["hours"]["over_use"] else "under" if v.figures["hours"]["under_use"]
              else "within"} for v in views if v.figures and v.figures.get("hours")]
    if hours:
        chart = charts.hours_across_clients(pd.DataFrame(hours))
        out.append(figure_html({"spec": spec_of(chart), "title": "Hours against each retainer, to date",
                                "description": "; ".join(f"{h['client']}: {h['used']:.0f} of {h['allowance']:.0f} "
                                                         f"hours ({h['state']})" for h in hours)}, len(out) + 1))
    rounds = [{"client": v.name, **r} for v in views for r in v.rounds]
    if rounds:
        chart = charts.feedback_across_clients(pd.DataFrame(rounds))
        latest = {r["client"]: r["nps"] for r in rounds}
        out.append(figure_html({"spec": spec_of(chart), "title": "Client feedback, round by round",
                                "description": "Latest NPS: " + "; ".join(f"{c} {v:+.0f}" for c, v in latest.items())},
                               len(out) + 1))
    return out


def _hours_cell(v: ClientView) -> dict[str, Any]:
    h = (v.figures or {}).get("hours")
    if not h:
        return {"text": "no retainer terms" if v.figures else "", "flag": ""}
    flag = "over" if h["over_use"] else "under" if h["under_use"] else ""
    detail = (f"+{h['over']:.0f} h over" if h["over_use"] else
              f"{h['unused']:.0f} h {'carried' if h['rollover'] else 'lapsed'}" if h["under_use"] else "within 10%")
    return {"text": f"{h['used']:.0f} of {h['allowance_to_date']:.0f} h", "detail": detail, "flag": flag}


def _feedback_cell(v: ClientView) -> dict[str, Any]:
    f = (v.figures or {}).get("feedback")
    if not f or f["latest_nps"] is None:
        return {"text": "no rounds yet" if f else "", "detail": "overdue" if f and f["overdue"] else "",
                "flag": "overdue" if f and f["overdue"] else ""}
    trend = "falling two rounds" if f["falling"] else (
        "" if f["change"] is None else f"{'up' if f['change'] > 0 else 'down' if f['change'] < 0 else 'level'} "
                                       f"{abs(f['change']):.0f}")
    return {"text": f"NPS {f['latest_nps']:+.0f}", "detail": f"{f['rounds']} rounds" + (f", {trend}" if trend else "")
            + (", overdue" if f["overdue"] else ""), "flag": "falling" if f["falling"] else "overdue" if f["overdue"] else ""}


def _benchmarks(aggregates: dict[str, Any]) -> dict[str, Any]:
    firm = aggregates.get("maturity_benchmark") or []
    lag = [r for r in benchmarks.lagging(firm) if r["below_target"] or r["among_weakest"]][:LAGGING_ROWS]
    models = sorted({s.model for s in firm})
    per_model = {m: sum(s.model == m for s in firm) for m in models}
    return {"lagging": lag, "per_model": per_model, "min_peers": benchmarks.MIN_PEERS,
            "shown_models": [m for m, n in per_model.items() if n - 1 >= benchmarks.MIN_PEERS],
            "reference_class": aggregates.get("reference_class")}


def _totals(views: list[ClientView]) -> dict[str, float] | None:
    """Hours summed across the clients with retainer terms: the consultant's own load."""
    hours = [v.figures["hours"] for v in views if v.figures and v.figures.get("hours")]
    if not hours:
        return None
    return {"used": sum(h["used"] for h in hours), "allowance": sum(h["allowance_to_date"] for h in hours),
            "per_week": sum(h["hours_per_week"] for h in hours), "retainers": len(hours),
            "over": sum(h["over"] for h in hours)}


def render(views: list[ClientView], aggregates: dict[str, Any], today: dt.date | None = None) -> str:
    items = attention_list(views)
    figures = _figures(views)
    statuses = [e["status"] for v in views for e in v.entries]
    counts = {"ok": sum(s in ("ok", "skipped") for s in statuses), "failed": statuses.count("failed"),
              "missing": statuses.count("missing")}
    rows = [{"view": v, "hours": _hours_cell(v), "feedback": _feedback_cell(v),
             "meetings": (v.figures or {}).get("meetings") or {}} for v in views]
    css = (TEMPLATES / "deliverable" / "style.css").read_text(encoding="utf-8")
    page = environment().get_template("practice.html.j2").render(
        rows=rows, items=items, figures=figures, counts=counts, css=css, version=__version__, totals=_totals(views),
        names=[deliverables.REGISTRY[n].title for n in deliverables.REGISTRY], bench=_benchmarks(aggregates),
        consultants=sorted({v.consultant for v in views if v.consultant}), today=(today or dt.date.today()).isoformat(),
        vega=loader_js() if figures else "", charts=len(figures), page_version=_PLACEHOLDER)
    digest = hashlib.sha256(page.encode()).hexdigest()[:16]
    return page.replace(_PLACEHOLDER, digest)


def version_of(page: str) -> str:
    """The version an existing page announces (its content digest)."""
    marker = 'name="playbook-page-version" content="'
    start = page.find(marker)
    return page[start + len(marker):page.find('"', start + len(marker))] if start >= 0 else ""


def build(out_dir: Path, data_dir: Path, aggregates: dict[str, Any] | None = None,
          clients: list[str] | None = None) -> Path:
    """Write the practice view and its version file; an unchanged page is not rewritten."""
    out_dir = Path(out_dir)
    page = render(gather(out_dir, data_dir, clients), aggregates or {})
    path = out_dir / PAGE
    if path.is_file() and path.read_text(encoding="utf-8") == page and (out_dir / VERSION_FILE).is_file():
        return path
    atomic_write(path, page)
    atomic_write(out_dir / VERSION_FILE, version_script(version_of(page)))
    return path
