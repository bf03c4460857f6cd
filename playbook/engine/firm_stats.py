"""Firm-wide statistics across every client, computed once per batch, handed to each run only as
that client's anonymised slice.

A statistic is registered with four parts: the notebooks that show it, how one client's files
contribute (`gather`, in the coordinator, never in a run), how the contributions combine into the
firm-wide aggregate (`combine`), and what one client may see of it (`slice`). Only the slice ever
leaves the coordinator: it is written beside the client's files as FILE in the run's private
folder, and it is part of the run's fingerprint, so a change elsewhere in the firm re-runs exactly
the deliverables whose slice it changes. The aggregate itself, with every client's figures, stays
here (the practice view, written for the consultant, reads it).

A client whose files cannot be read contributes nothing (its own runs report the problem).
Reading every client.yaml takes about 0.15 s each, so contributions are cached by the digest of
the files they came from (and of the templates and playbook version they depend on): in memory
for `playbook watch`, and in CACHE_FILE in the reports folder between batches.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from playbook import __version__
from playbook.errors import PlaybookError
from playbook.intake.atomic import atomic_write
from playbook.intake.client import Client, as_of, load_client
from playbook.intake.paths import TEMPLATES, client_dir, list_clients
from playbook.maturity import model as maturity_model, responses, scoring
from playbook.practice import benchmarks
from playbook.report.notebook import FIRM_STATS_FILE

FILE = FIRM_STATS_FILE  # reserved: never a client's own file
CACHE_FILE = ".firm-stats-cache.json"  # in the reports folder: the consultant's, like every client's results
CACHE_FORMAT = 1  # bump when a contribution's shape changes


@dataclass(frozen=True)
class Stat:
    name: str
    notebooks: tuple[str, ...]
    reads: tuple[str, ...]  # the client files `gather` reads (besides client.yaml)
    templates: str  # the folder under templates/ whose files `gather` depends on
    gather: Callable[[str, Path, Client], Any]  # one client's contribution (JSON-ready), or None
    combine: Callable[[dict[str, Any]], Any]  # client id -> contribution  =>  the firm-wide aggregate
    slice: Callable[[Any, str], Any]  # aggregate, client id  =>  what that client's run may see (JSON-ready)


REGISTRY: dict[str, Stat] = {}


def register(stat: Stat) -> Stat:
    REGISTRY[stat.name] = stat
    return stat


def consumers() -> set[str]:
    """Notebooks that receive a firm-wide statistic."""
    return {n for s in REGISTRY.values() for n in s.notebooks}


_MEMORY: dict[str, Any] = {}  # cache key -> contribution, for a long-lived `playbook watch`


def _key(stat: Stat, folder: Path) -> str:
    """The client (two clients with identical files are still two clients), the files read, the
    templates they depend on, the playbook version and the cache format."""
    h = hashlib.sha256(f"{__version__}\0{CACHE_FORMAT}\0{stat.name}\0{folder.name}".encode())
    files = [folder / n for n in ("client.yaml",) + stat.reads]
    files += sorted(p for p in (TEMPLATES / stat.templates).rglob("*") if p.is_file())
    for path in files:
        h.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    return h.hexdigest()


class FirmStats:
    """Every registered statistic over every client in `data_dir` (not only those a batch runs:
    `playbook batch acme` still benchmarks Acme against the whole firm). Computed on first use."""

    def __init__(self, data_dir: Path, out_dir: Path | None = None, stats: dict[str, Stat] | None = None):
        self.data_dir = Path(data_dir)
        self.cache_path = Path(out_dir) / CACHE_FILE if out_dir is not None else None
        self.stats = REGISTRY if stats is None else stats
        self._aggregates: dict[str, Any] | None = None

    def _load_cache(self) -> dict[str, Any]:
        if self.cache_path is None or not self.cache_path.is_file():
            return {}
        try:
            return dict(json.loads(self.cache_path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return {}

    @property
    def aggregates(self) -> dict[str, Any]:
        if self._aggregates is None:
            disk = self._load_cache()
            used: dict[str, Any] = {}
            contributions: dict[str, dict[str, Any]] = {name: {} for name in self.stats}
            for client_id in list_clients(self.data_dir):
                folder, client = client_dir(self.data_dir, client_id), None
                for name, stat in self.stats.items():
                    key = _key(stat, folder)
                    if key not in _MEMORY and key in disk:
                        _MEMORY[key] = disk[key]
                    if key not in _MEMORY:
                        try:
                            client = client or load_client(folder)
                            _MEMORY[key] = stat.gather(client_id, folder, client)
                        except PlaybookError:
                            _MEMORY[key] = None
                    used[key] = _MEMORY[key]
                    if _MEMORY[key] is not None:
                        contributions[name][client_id] = _MEMORY[key]
            if self.cache_path is not None and used != disk:
                try:
                    atomic_write(self.cache_path, json.dumps(used, sort_keys=True))
                except OSError:
                    pass  # a read-only reports folder only costs time
            self._aggregates = {name: s.combine(contributions[name]) for name, s in self.stats.items()}
        return self._aggregates

    def slices(self, client_id: str, notebook: str) -> dict[str, Any]:
        return {name: s.slice(self.aggregates[name], client_id) for name, s in self.stats.items()
                if notebook in s.notebooks}

    def files_for(self, client_id: str, notebook: str) -> dict[str, bytes]:
        """{FILE: bytes} for a run of a notebook that shows firm statistics, else {}."""
        if not any(notebook in s.notebooks for s in self.stats.values()):
            return {}
        return {FILE: json.dumps(self.slices(client_id, notebook), sort_keys=True, indent=1).encode()}


# --- the registered statistics -----------------------------------------------------------------

def _maturity_scores(client_id: str, folder: Path, client: Client) -> dict[str, Any] | None:
    """The current wave's dimension scores, exactly as the client's maturity deliverable computes them."""
    if not (folder / responses.FILE).is_file():
        return None
    model = maturity_model.get(client.maturity.model)
    answers, issues = responses.load(folder, model, as_of(client))
    if issues or answers.empty:
        return None
    current = answers[answers["wave"] == answers["wave"].max()]
    scores = scoring.dimension_scores(current, model).dropna()
    return dataclasses.asdict(benchmarks.Scored(client_id, client.sector, model.id,
                                                {d: float(v) for d, v in scores.items()},
                                                dict(client.maturity.targets),
                                                {d.id: d.name for d in model.dimensions}))


register(Stat("maturity_benchmark", ("maturity",), (responses.FILE,), "maturity", _maturity_scores,
              lambda found: [benchmarks.Scored(**v) for v in found.values()], benchmarks.for_client))
