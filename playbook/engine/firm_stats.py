"""Firm-wide anonymised aggregates: computed once per batch from every client's files, of which
each run is handed only the part its notebook needs, as the papermill parameter `firm` (and so in
its fingerprint). What leaves is counts, quantiles and a client's own percentiles, never another
client's name, id or individual figure, and only for what that client's own work needs.

The aggregates themselves, with every client's figures, stay in the coordinator (the practice
view, written for the consultant, reads them). Each client's contribution is remembered by the
digest of the files it came from, so a long-lived `playbook watch` re-reads only what changed.

To add an aggregate: gather it in `_contribution`, pool it in `compute` into a new FirmStats
field, and register the notebook's part with `@part("notebook")`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

from playbook.delivery import loading as delivery_loading
from playbook.delivery import reference_class
from playbook.errors import PlaybookError
from playbook.intake.client import Client, as_of, load_client
from playbook.intake.paths import TEMPLATES, list_clients
from playbook.maturity import model as maturity_model, responses, scoring
from playbook.practice import benchmarks
from playbook.prioritisation import portfolio


@dataclass(frozen=True)
class FirmStats:
    reference_classes: dict[str, dict[str, Any]] = field(default_factory=dict)  # category -> aggregates
    maturity: list[benchmarks.Scored] = field(default_factory=list)  # every client's current maturity


Part = Callable[[FirmStats, Path], "dict[str, Any] | None"]
PARTS: dict[str, Part] = {}


def part(notebook: str) -> Callable[[Part], Part]:
    def register(fn: Part) -> Part:
        PARTS[notebook] = fn
        return fn
    return register


class Contribution(NamedTuple):
    portfolio: Any  # the portfolio frame, or None when missing or invalid (its own run says why)
    maturity: benchmarks.Scored | None


READS = ("client.yaml", portfolio.FILE, responses.FILE)
_MEMORY: dict[Path, tuple[str, Contribution]] = {}  # client folder -> (digest of its inputs, contribution)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    paths = [folder / n for n in READS] + sorted((TEMPLATES / "maturity").glob("*.yaml"))
    for path in paths:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    return h.hexdigest()


def _maturity(folder: Path, client: Client) -> benchmarks.Scored | None:
    """The current wave's dimension scores, exactly as the client's maturity deliverable computes them."""
    if not (folder / responses.FILE).is_file():
        return None
    model = maturity_model.get(client.maturity.model)
    answers, issues = responses.load(folder, model, as_of(client))
    if issues or answers.empty:
        return None
    current = answers[answers["wave"] == answers["wave"].max()]
    scores = scoring.dimension_scores(current, model).dropna()
    return benchmarks.Scored(folder.name, client.sector, model.id, {d: float(v) for d, v in scores.items()},
                             dict(client.maturity.targets), {d.id: d.name for d in model.dimensions})


def _contribution(folder: Path) -> Contribution:
    folder = Path(folder)
    key = _digest(folder)
    if _MEMORY.get(folder, ("",))[0] != key:
        try:
            client = load_client(folder)
        except PlaybookError:
            found = Contribution(None, None)
        else:
            frame, issues = portfolio.load(folder, client)
            try:
                scored = _maturity(folder, client)
            except PlaybookError:
                scored = None
            found = Contribution(None if issues else frame, scored)
        _MEMORY[folder] = (key, found)
    return _MEMORY[folder][1]


def _portfolio(folder: Path) -> Any:
    """A client's portfolio frame, or None when it is missing or invalid (its own run says why)."""
    return _contribution(folder).portfolio


def compute(data_dir: Path, clients: list[str] | None = None) -> FirmStats:
    """Every client's done work, pooled into reference classes; every client's maturity."""
    found = [(c, _contribution(Path(data_dir) / c)) for c in (clients if clients is not None else list_clients(data_dir))]
    frames = [(c, got.portfolio) for c, got in found if got.portfolio is not None]
    return FirmStats(reference_class.class_statistics(delivery_loading.done_rows(frames)),
                     [got.maturity for _, got in found if got.maturity is not None])


@part("delivery")
def _delivery(stats: FirmStats, folder: Path) -> dict[str, Any]:
    frame = _portfolio(folder)
    baselines = delivery_loading.from_portfolio(frame)[0] if frame is not None else []
    return {"reference_classes": reference_class.for_categories(stats.reference_classes,
                                                                (b.category for b in baselines))}


@part("maturity")
def _maturity_benchmark(stats: FirmStats, folder: Path) -> dict[str, Any]:
    """This client's percentile per dimension among the firm's other clients (practice.benchmarks)."""
    return {"maturity_benchmark": benchmarks.for_client(stats.maturity, Path(folder).name)}


def for_run(stats: FirmStats | None, notebook: str, folder: Path) -> dict[str, Any] | None:
    """The part of the firm's statistics one run receives (None for a notebook that takes none)."""
    fn = PARTS.get(notebook)
    return None if fn is None or stats is None else fn(stats, Path(folder))


def takes_part(notebook: str) -> bool:
    return notebook in PARTS


def practice(stats: FirmStats) -> dict[str, Any]:
    """What the practice view shows of the firm (for the consultant only)."""
    return {"maturity_benchmark": list(stats.maturity), "reference_class": stats.reference_classes}
