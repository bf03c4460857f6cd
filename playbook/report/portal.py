"""reports/index.html: every client's deliverables at a glance, self-contained and offline.

Built from what is on disk (results JSON, the batch state file, failed notebooks), so it is
right after a `playbook run` as well as after a batch."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playbook import __version__
from playbook.report import deliverables
from playbook.intake.atomic import atomic_write
from playbook.report.html_export import _environment
from playbook.intake.paths import TEMPLATES
from playbook.intake.paths import paths_for

LABELS = {"ok": "Up to date", "skipped": "Up to date", "failed": "Failed", "missing": "Not run"}


def _entry(out_dir: Path, client: str, name: str, state: dict[str, Any]) -> dict[str, Any]:
    paths = paths_for(out_dir, client, name)
    recorded = state.get(client, {}).get(name, {})
    results: dict[str, Any] = {}
    if paths["json"].is_file():
        try:
            results = json.loads(paths["json"].read_text(encoding="utf-8"))
        except ValueError:
            results = {}
    status = recorded.get("status") or ("ok" if paths["html"].is_file() else "missing")
    if status != "failed" and paths["failed"].exists():
        status = "failed"
    return {"notebook": name, "title": deliverables.REGISTRY[name].title, "status": status,
            "label": LABELS.get(status, status), "message": recorded.get("message", ""),
            "href": f"{client}/{name}.html" if paths["html"].is_file() else None,
            "as_of": results.get("as_of"), "client_name": results.get("client_name"),
            "headline": deliverables.REGISTRY[name].headline(results) if results else ""}


def build(out_dir: Path, clients: list[str] | None = None) -> Path:
    out_dir = Path(out_dir)
    state_path = out_dir / "batch-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    if clients is None:
        clients = sorted(p.name for p in out_dir.iterdir() if p.is_dir()) if out_dir.is_dir() else []
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
