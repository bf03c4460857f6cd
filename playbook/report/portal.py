"""reports/index.html: every client's deliverables at a glance, self-contained and offline.

Built from what is on disk (results JSON, the batch state file, failed notebooks), so it is
right after a `playbook run` as well as after a batch. It tolerates anything it did not write:
folders that are not client ids (`.git`, `Archive 2025`), symlinked folders, unreadable or
non-strict results and state files, and figures it cannot format (shown as "n/a")."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playbook import __version__
from playbook.report import deliverables
from playbook.intake.atomic import atomic_write
from playbook.report.html_export import _environment
from playbook.intake.paths import TEMPLATES, is_slug, paths_for

LABELS = {"ok": "Up to date", "skipped": "Up to date", "failed": "Failed", "missing": "Not run"}


def _entry(out_dir: Path, client: str, name: str, state: dict[str, Any]) -> dict[str, Any]:
    paths = paths_for(out_dir, client, name)
    recorded = state.get(client, {}) if isinstance(state.get(client), dict) else {}
    recorded = recorded.get(name) if isinstance(recorded.get(name), dict) else {}
    results = deliverables.read_results(paths["json"])
    status = recorded.get("status") if recorded.get("status") in LABELS else None
    status = status or ("ok" if paths["html"].is_file() else "missing")
    if status != "failed" and paths["failed"].exists():
        status = "failed"
    return {"notebook": name, "title": deliverables.REGISTRY[name].title, "status": status,
            "label": LABELS[status], "message": _text(recorded.get("message")) or "",
            "href": f"{client}/{name}.html" if paths["html"].is_file() else None,
            "as_of": _text(results.get("as_of")), "client_name": _text(results.get("client_name")),
            "headline": _headline(name, results)}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _headline(name: str, results: dict[str, Any]) -> str:
    """The registry's headline, or "" when a figure in the file cannot be formatted."""
    if not results:
        return ""
    try:
        return deliverables.REGISTRY[name].headline(results)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):
        return ""


def _clients(out_dir: Path) -> list[str]:
    """Client folders the batch wrote: real folders (not links) named as client ids."""
    if not out_dir.is_dir():
        return []
    return sorted(p.name for p in out_dir.iterdir() if is_slug(p.name) and p.is_dir() and not p.is_symlink())


def _state(out_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((out_dir / "batch-state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def build(out_dir: Path, clients: list[str] | None = None) -> Path:
    out_dir = Path(out_dir)
    state = _state(out_dir)
    if clients is None:
        clients = _clients(out_dir)
    names = list(deliverables.REGISTRY)
    rows = []
    for c in clients:
        entries = [_entry(out_dir, c, n, state) for n in names]
        rows.append({"client": c, "name": next((e["client_name"] for e in entries if e["client_name"]), c),
                     "entries": entries})
    counts = {k: sum(e["status"] in ks for r in rows for e in r["entries"])
              for k, ks in (("ok", ("ok", "skipped")), ("failed", ("failed",)), ("missing", ("missing",)))}
    css = (TEMPLATES / "deliverable" / "style.css").read_text(encoding="utf-8")
    page = _environment().get_template("portal.html.j2").render(
        rows=rows, names=[deliverables.REGISTRY[n].title for n in names], counts=counts, css=css,
        version=__version__)
    return atomic_write(out_dir / "index.html", page)
