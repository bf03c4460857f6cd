"""What the practice view (reports/index.html) shows, gathered from disk: every client's files
(client.yaml, timesheet.csv, feedback.csv), its deliverables' results JSON and run status.

Built from what is on disk, so it is right after a `playbook run` as well as after a batch or a
change seen by `playbook watch`. A client whose files are broken still gets its row, saying so.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook.errors import DataError, PlaybookError
from playbook.intake.client import Client, as_of, load_client
from playbook.intake.paths import client_dir, list_clients, paths_for
from playbook.practice import attention, feedback, pulse, review, timesheet
from playbook.practice.attention import Item
from playbook.report import deliverables
from playbook.report.deliverables import read_results

LABELS = {"ok": "Up to date", "skipped": "Up to date", "failed": "Failed", "missing": "Not run"}
STATE = "batch-state.json"
PRACTICE_LINK = "onboarding"  # the deliverable that shows the retainer and feedback figures
COMMENT_ROUNDS = 2  # the practice view quotes the comments of each client's latest two rounds


@dataclass
class ClientView:
    client_id: str
    name: str
    sector: str | None = None
    consultant: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)  # one per deliverable
    figures: dict[str, Any] | None = None  # review.results: hours, meetings, workstreams, feedback
    rounds: list[dict[str, Any]] = field(default_factory=list)  # NPS per feedback round
    comments: list[dict[str, Any]] = field(default_factory=list)  # the latest rounds', detractors first
    problems: list[str] = field(default_factory=list)


_CLIENTS: dict[str, Client] = {}  # digest of client.yaml -> Client: reading one costs ~0.15 s


def _client(folder: Path) -> Client:
    digest = hashlib.sha256((folder / "client.yaml").read_bytes()).hexdigest()
    if digest not in _CLIENTS:
        _CLIENTS[digest] = load_client(folder)
    return _CLIENTS[digest]


def _entry(out_dir: Path, client_id: str, name: str, state: dict[str, Any]) -> dict[str, Any]:
    """One deliverable's row; anything on disk the playbook did not write (a hand-edited state
    or results file, NaN or text where a figure belongs) reads as missing, never as a crash."""
    paths = paths_for(out_dir, client_id, name)
    recorded = state.get(client_id, {}).get(name, {}) if isinstance(state.get(client_id), dict) else {}
    recorded = recorded if isinstance(recorded, dict) else {}
    results = deliverables.read_results(paths["json"])
    status = recorded.get("status") if recorded.get("status") in LABELS else None
    status = status or ("ok" if paths["html"].is_file() else "missing")
    if status != "failed" and paths["failed"].exists():
        status = "failed"
    try:
        headline = deliverables.REGISTRY[name].headline(results) if results else ""
    except (TypeError, ValueError, KeyError, AttributeError, IndexError):
        headline = ""
    return {"notebook": name, "title": deliverables.REGISTRY[name].title, "status": status,
            "label": LABELS[status], "message": str(recorded.get("message", "")),
            "href": f"{client_id}/{name}.html" if paths["html"].is_file() else None,
            "as_of": results.get("as_of"), "headline": headline, "results": results}


_PRACTICE: dict[Path, tuple[str, Any]] = {}  # client folder -> (digest of its files, what they gave)


def _practice(cv: ClientView, folder: Path, client: Client) -> None:
    """The client's retainer and feedback figures; remembered by the digest of the files they
    come from, so a long-lived `playbook watch` recomputes only the client that changed."""
    day = as_of(client)
    h = hashlib.sha256(day.isoformat().encode())
    for name in ("client.yaml", timesheet.FILE, feedback.FILE):
        path = folder / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    key = h.hexdigest()
    if _PRACTICE.get(folder, ("",))[0] != key:
        found = ClientView(cv.client_id, cv.name)
        _assess(found, folder, client, day)
        _PRACTICE[folder] = (key, (found.figures, found.rounds, found.comments, found.problems))
    figures, rounds, comments, problems = _PRACTICE[folder][1]
    cv.figures, cv.rounds, cv.comments = figures, list(rounds), list(comments)
    cv.problems += problems


def _assess(cv: ClientView, folder: Path, client: Client, day: Any) -> None:
    entries, issues = timesheet.load(folder, client, day)
    responses, more = feedback.load(folder, client, day)
    if issues or more:
        found = issues + more
        cv.problems.append(f"{len(found)} problem{'s' if len(found) > 1 else ''} in timesheet.csv or feedback.csv "
                           f"(first: {found[0]}); run `playbook validate {cv.client_id}`")
        return
    r = review.assess(client, entries, responses, day)
    cv.figures = review.results(r)
    cv.rounds = [{"round": int(k), "nps": float(v["nps"]), "responses": int(v["responses"]),
                  "date": v["last_date"].isoformat()} for k, v in r.pulse.rounds.iterrows()]
    said = pulse.comments(responses)
    latest = said[said["round"] >= said["round"].max() - (COMMENT_ROUNDS - 1)] if len(said) else said
    cv.comments = [{"round": int(c["round"]), "role": str(c["role"]), "score": int(c["score"]),
                    "category": str(c["category"]), "comment": str(c["comment"])} for _, c in latest.iterrows()]


def gather(out_dir: Path, data_dir: Path, clients: list[str] | None = None) -> list[ClientView]:
    out_dir, data_dir = Path(out_dir), Path(data_dir)
    state = read_results(out_dir / STATE)
    names = list(deliverables.REGISTRY)
    views = []
    for client_id in clients if clients is not None else list_clients(data_dir):
        cv = ClientView(client_id, client_id)
        try:
            folder = client_dir(data_dir, client_id)
            client = _client(folder)
            cv.name, cv.sector, cv.consultant = client.client, client.sector, client.engagement.consultant
            _practice(cv, folder, client)
        except DataError as exc:
            cv.problems.append(f"client.yaml: {exc.issues[0]}" + (f" (+{len(exc.issues) - 1} more)"
                                                                 if len(exc.issues) > 1 else ""))
        except (PlaybookError, OSError) as exc:
            cv.problems.append(str(exc))
        cv.entries = [_entry(out_dir, client_id, n, state) for n in names]
        views.append(cv)
    return views


def attention_list(views: list[ClientView]) -> list[Item]:
    """Every client's items, worst first."""
    items: list[Item] = []
    for cv in views:
        results = {e["notebook"]: e["results"] for e in cv.entries if e["results"]}
        try:
            items += attention.from_results(cv.client_id, cv.name, results)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError):  # a hand-edited results file
            cv.problems.append("a results file in the reports folder that the playbook did not write: "
                               "run `playbook batch --force` for this client")
        items += attention.from_failures(cv.client_id, cv.name, {e["notebook"]: e["message"] or "see the batch summary"
                                                                 for e in cv.entries if e["status"] == "failed"})
        if cv.figures:
            items += attention.from_practice(cv.client_id, cv.name, cv.figures,
                                             attention.href(cv.client_id, PRACTICE_LINK))
        items += [attention.Item(attention.Severity.HIGH, cv.client_id, cv.name, "invalid-input", p, None, 1.0)
                  for p in cv.problems]
    return attention.ordered(items)
