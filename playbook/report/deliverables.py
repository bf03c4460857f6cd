"""The registry of lifecycle notebooks: what each answers, which client files it reads (the
fingerprint's inputs) and the headline the practice view shows from its results JSON."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from playbook.intake.paths import NOTEBOOKS


@dataclass(frozen=True)
class Deliverable:
    name: str
    title: str
    question: str
    reads: tuple[str, ...]
    headline: Callable[[dict[str, Any]], str]
    source: Path | None = None  # a firm's own notebook; default notebooks/<name>.ipynb
    # files read for context only: fingerprinted and handed to the run like `reads`, but never
    # required valid (a file another deliverable rejects weakens the evidence, it fails no run)
    context: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every file the run reads: what it needs valid, then what it reads for context."""
        return self.reads + tuple(f for f in self.context if f not in self.reads)

    @property
    def path(self) -> Path:
        return self.source or NOTEBOOKS / f"{self.name}.ipynb"


def _fmt(value: Any, pattern: str, missing: str = "n/a") -> str:
    """A figure for the portal; anything but a finite number (a hand-edited file) is `missing`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return missing
    return pattern.format(value)


def read_results(path: Path) -> dict[str, Any]:
    """A results file as a dict, or {} when it is missing, unreadable or not strict JSON
    (NaN and Infinity are refused: the playbook never writes them)."""
    def refuse(constant: str) -> Any:
        raise ValueError(f"non-finite number {constant}")

    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


REGISTRY: dict[str, Deliverable] = {}


def register(d: Deliverable) -> Deliverable:
    REGISTRY[d.name] = d
    return d


register(Deliverable(
    "onboarding", "Engagement charter",
    "What the engagement is, who decides, how the hours are spent, how success is measured",
    ("client.yaml", "timesheet.csv", "feedback.csv"),
    lambda r: "cost ratio " + _fmt(r.get("cost_ratio"), "{:.0%}"),
    context=("maturity_responses.csv", "portfolio.csv", "benefits.csv", "benefit_actuals.csv")))  # the plan's progress
register(Deliverable(
    "maturity", "Maturity assessment",
    "How mature the function is, where leaders disagree, and what to fix first",
    ("client.yaml", "maturity_responses.csv"),
    lambda r: "overall level " + _fmt(r.get("overall_level"), "{:.1f}") + " of 5"))
register(Deliverable(
    "prioritisation", "Portfolio prioritisation",
    "Which initiatives to fund within budget and capacity, and how sure we are",
    ("client.yaml", "portfolio.csv", "votes.csv", "benefits.csv"),
    lambda r: _fmt(r.get("funded_count"), "{} initiatives funded")))
register(Deliverable(
    "delivery", "Delivery review",
    "How the work under way is doing, what will finish late or over budget, and what needs you now",
    ("client.yaml", "portfolio.csv", "status_reports.csv", "milestones.csv", "risks.csv"),
    lambda r: "CPI " + _fmt((r.get("portfolio") or {}).get("cpi"), "{:.2f}") + " · "
    + f"{len(r.get('needs_you') or [])} things need you"))
register(Deliverable(
    "benefits", "Benefits realisation review",
    "Are the promised benefits being realised, and which are at risk",
    ("client.yaml", "benefits.csv", "benefit_actuals.csv", "portfolio.csv"),  # its status: which benefits are tracked
    lambda r: _fmt((r.get("financial") if isinstance(r.get("financial"), dict) else {}).get("realisation_pct"),
                   "{:.0f}% of planned value realised")))


def available() -> list[str]:
    """Registered notebooks whose .ipynb exists, in lifecycle order."""
    return [n for n, d in REGISTRY.items() if d.path.is_file()]


def get(name: str) -> Deliverable:
    from playbook.errors import PlaybookError

    if name not in available():
        raise PlaybookError(f"no notebook '{name}': expected one of {', '.join(available())}")
    return REGISTRY[name]
