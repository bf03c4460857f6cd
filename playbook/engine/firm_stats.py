"""Firm-wide anonymised aggregates: computed once per batch from every client's files, of which
each run is handed only the part its notebook needs, as the papermill parameter `firm` (and so in
its fingerprint). What leaves is counts and quantiles, never a client's name, id or individual
figure, and only for what that client's own work needs (its categories).

To add an aggregate (maturity benchmarks, say): compute it in `compute` into a new FirmStats
field, and register the notebook's part with `@part("maturity")`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from playbook.delivery import loading as delivery_loading
from playbook.delivery import reference_class
from playbook.errors import PlaybookError
from playbook.intake.client import load_client
from playbook.intake.paths import list_clients
from playbook.prioritisation import portfolio


@dataclass(frozen=True)
class FirmStats:
    reference_classes: dict[str, dict[str, Any]] = field(default_factory=dict)  # category -> aggregates


Part = Callable[[FirmStats, Path], "dict[str, Any] | None"]
PARTS: dict[str, Part] = {}


def part(notebook: str) -> Callable[[Part], Part]:
    def register(fn: Part) -> Part:
        PARTS[notebook] = fn
        return fn
    return register


def _portfolio(folder: Path) -> Any:
    """A client's portfolio frame, or None when it is missing or invalid (its own run says why)."""
    try:
        client = load_client(folder)
    except PlaybookError:
        return None
    frame, issues = portfolio.load(folder, client)
    return None if issues else frame


def compute(data_dir: Path, clients: list[str] | None = None) -> FirmStats:
    """Every client's done work, pooled into reference classes."""
    frames = [(c, f) for c in (clients if clients is not None else list_clients(data_dir))
              if (f := _portfolio(Path(data_dir) / c)) is not None]
    return FirmStats(reference_class.class_statistics(delivery_loading.done_rows(frames)))


@part("delivery")
def _delivery(stats: FirmStats, folder: Path) -> dict[str, Any]:
    frame = _portfolio(folder)
    baselines = delivery_loading.from_portfolio(frame)[0] if frame is not None else []
    return {"reference_classes": reference_class.for_categories(stats.reference_classes,
                                                                (b.category for b in baselines))}


def for_run(stats: FirmStats | None, notebook: str, folder: Path) -> dict[str, Any] | None:
    """The part of the firm's statistics one run receives (None for a notebook that takes none)."""
    fn = PARTS.get(notebook)
    return None if fn is None or stats is None else fn(stats, Path(folder))


def takes_part(notebook: str) -> bool:
    return notebook in PARTS
