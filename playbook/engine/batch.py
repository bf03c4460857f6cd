"""`playbook batch`: every client × notebook, in parallel, incremental, failure-isolated.

The coordinator plans (fingerprint → skip unchanged runs; validate the rest), hands Jobs to any
`concurrent.futures.Executor` (a process pool by default, or a Dask cluster's executor), and
writes what comes back. Workers never write to the reports folder: they return the HTML,
results and executed notebook, so a worker without a shared disk works the same way. A dead
worker costs only its own run (engine.supervisor); a deliverable that cannot be written (a
full disk) fails that run only, and the batch still summarises and writes the practice view.
"""
from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from playbook.report import deliverables
from playbook.engine import fingerprint, store
from playbook.engine import workers as local
from playbook.intake.atomic import atomic_write, locked
from playbook.errors import ExecutionError, OutputError, PlaybookError
from playbook.engine.kernel_template import TemplateProcess
from playbook.engine.supervisor import Supervisor
from playbook.intake.paths import client_dir
from playbook.engine.memo import FirmParts
from playbook.engine.run import Artefacts, Job, commit, fingerprint_params, pack
from playbook.intake.paths import paths_for

STATE = "batch-state.json"


@dataclass(frozen=True)
class Result:
    client_id: str
    notebook: str
    status: str  # ok | skipped | failed
    message: str = ""
    seconds: float = 0.0
    fingerprint: str | None = None


def is_current(out_dir: Path, client_id: str, notebook: str, fp: str, state: dict | None = None) -> bool:
    """True when the last run succeeded with exactly these inputs and its three files are in
    place and agree (engine.store)."""
    recorded = (state or {}).get(client_id, {})
    if isinstance(recorded, dict) and (recorded.get(notebook) or {}).get("status") == "failed":
        return False
    return store.is_current(paths_for(out_dir, client_id, notebook), fp)


def plan(clients: Iterable[str], notebooks: Iterable[str], data_dir: Path, out_dir: Path, force: bool,
         timeout: float) -> Iterator[Job | Result]:
    """Each pair as a Job to run, or as a Result already known (skipped as unchanged, or invalid
    input). A generator, so the first runs start while later clients are still being checked;
    each client's files are validated once, whichever notebooks read them."""
    names = list(notebooks)
    state = load_state(out_dir)
    firm_parts = FirmParts(data_dir)  # the firm's statistics: remembered, or computed once when a part is missing
    for client in clients:
        try:
            folder = client_dir(data_dir, client)
            stale = []
            for name in names:
                spec = deliverables.get(name)
                firm = firm_parts.get(name, folder)
                fp = fingerprint.compute(spec.path, fingerprint_params(client, None, firm), folder, spec.inputs)
                if not force and is_current(out_dir, client, name, fp, state):
                    yield Result(client, name, "skipped", "inputs unchanged", fingerprint=fp)
                else:
                    stale.append((spec, fp, firm))
            if stale:
                from playbook.engine import validate  # pandas: only when something is to run
            issues = validate.check_each(folder, {f for spec, _, _ in stale for f in spec.reads}) if stale else {}
        except PlaybookError as exc:
            yield from (Result(client, name, "failed", str(exc)) for name in names)
            continue
        except Exception as exc:  # a bug met on this client's files: the other clients still run
            yield from (Result(client, name, "failed", f"unexpected error while checking the files (a bug: please "
                               f"report it): {type(exc).__name__}: {exc}") for name in names)
            continue
        for spec, fp, firm in stale:
            mine = [i for group, found in issues.items() if set(group) & set(spec.reads) for i in found]
            if mine:
                yield Result(client, spec.name, "failed", "invalid input: " + "; ".join(map(str, mine[:3]))
                             + (f" (+{len(mine) - 3} more)" if len(mine) > 3 else ""))
            else:
                yield pack(client, spec.name, data_dir, None, timeout, fp, firm)
    firm_parts.save()


class Progress:
    """A live bar on a terminal; plain lines otherwise (CI logs)."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.counts, self.started = total, {"ok": 0, "failed": 0, "skipped": 0}, time.monotonic()

    def update(self, r: Result) -> None:
        self.counts[r.status] += 1
        done = sum(self.counts.values())
        if self.tty:
            ran = self.counts["ok"] + self.counts["failed"]
            elapsed = time.monotonic() - self.started
            eta = elapsed / ran * (self.total - done) if ran else 0
            width = 28
            filled = int(width * done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}  "
                              f"ok {self.counts['ok']}  failed {self.counts['failed']}  "
                              f"skipped {self.counts['skipped']}  ETA {eta:4.0f}s ")
            if done == self.total:
                self.stream.write("\n")
        else:
            extra = f"  ({r.seconds:.1f}s)" if r.seconds else ""
            self.stream.write(f"[{done}/{self.total}] {r.status:<7} {r.client_id} {r.notebook}{extra}"
                              + (f": {r.message}" if r.status == "failed" else "") + "\n")
        self.stream.flush()


def default_executor(jobs: int, template: str | None = None) -> Executor:
    """A pool of worker processes from the fork server (`local`), forking their kernels from
    the shared template at `template`."""
    from playbook.engine import kernels  # jupyter_client: only when there is something to run

    return ProcessPoolExecutor(max_workers=jobs, mp_context=local.worker_context(), initializer=kernels.warm_up,
                               initargs=(template,))


def run_batch(clients: list[str], notebooks: list[str], data_dir: Path, out_dir: Path, *,
              executor: Executor | None = None, jobs: int | None = None, force: bool = False,
              timeout: float = 600, progress: Callable[[Result], None] | None = None,
              template: TemplateProcess | None = None) -> list[Result]:
    """Run everything that changed; never stops at a failure; returns one Result per pair.

    Without an executor, runs go to a local process pool whose workers fork their kernels
    from one template process: `template` if the caller started it early, else one started
    with the first run. Nothing is started when every run is skipped."""
    results: list[Result] = []
    own: list[TemplateProcess] = []

    def record(result: Result) -> None:
        results.append(result)
        if progress:
            progress(result)

    def make_pool() -> Executor:
        nonlocal template
        if executor is not None:
            return executor
        if template is None:
            template = TemplateProcess()
            own.append(template)
        return default_executor(jobs or os.cpu_count() or 1, template.address)

    runs = Supervisor(make_pool, replaceable=executor is None)
    try:
        for item in plan(clients, notebooks, data_dir, out_dir, force, timeout):
            if isinstance(item, Result):
                record(item)
                continue
            runs.submit(item)
        for job, art, lost in runs.completed():
            record(_collect(job, art, lost, out_dir))
    finally:
        runs.close()
        for t in own:
            t.close()
    save_state(out_dir, results)
    return results


def _collect(job: Job, art: Artefacts | None, lost: str | None, out_dir: Path) -> Result:
    """Commit what a worker sent back; every failure becomes a Result, never an exception."""
    if art is None:  # the worker itself died: keep a notebook saying so
        art = Artefacts(job.client_id, job.notebook, job.fingerprint, ok=False, error=lost)
    try:
        outcome = commit(art, out_dir, job.notebook_source)
    except ExecutionError as exc:
        kept = f" (executed notebook kept at {exc.notebook})" if exc.notebook else ""
        prefix = "worker failed: " if lost else ""
        return Result(job.client_id, job.notebook, "failed", f"{prefix}{exc}{kept}", art.seconds, job.fingerprint)
    except (OutputError, OSError) as exc:
        return Result(job.client_id, job.notebook, "failed", str(exc), art.seconds, job.fingerprint)
    return Result(job.client_id, job.notebook, "ok", "", outcome.seconds, outcome.fingerprint)


def load_state(out_dir: Path) -> dict:
    """The batch state file, or {} when it is missing or unreadable."""
    path = Path(out_dir) / STATE
    try:
        state = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(out_dir: Path, results: list[Result]) -> None:
    """Merge this batch's statuses into the state file the practice view reads (under its lock, so
    two batches at once lose neither's). A run skipped as unchanged keeps its recorded success (when
    it last ran), and an unchanged state is not rewritten, so `playbook watch` touches only what a
    change affects. A state file that cannot be written (a full disk) is said on stderr: the
    summary still reports every run."""
    path = Path(out_dir) / STATE
    try:
        with locked(path):
            state = load_state(out_dir)
            before = json.dumps(state, sort_keys=True)
            for r in results:
                if not isinstance(state.get(r.client_id), dict):
                    state[r.client_id] = {}
                recorded = state[r.client_id].get(r.notebook)
                if r.status == "skipped" and isinstance(recorded, dict) and recorded.get("status") in ("ok", "skipped"):
                    continue
                state[r.client_id][r.notebook] = {
                    "status": r.status, "message": r.message, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
            if json.dumps(state, sort_keys=True) != before:
                atomic_write(path, json.dumps(state, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        print(f"playbook: could not record the batch state in {path}: {exc.strerror or exc}", file=sys.stderr)


def _label(status: str) -> str:
    return "FAILED" if status == "failed" else status


def summary(results: list[Result]) -> str:
    """client × notebook grid, then every failure with its cell and error."""
    clients = sorted({r.client_id for r in results})
    names = [n for n in deliverables.REGISTRY if any(r.notebook == n for r in results)]
    cell = {(r.client_id, r.notebook): r for r in results}
    width = max([len(c) for c in clients] + [6])
    lines = ["client".ljust(width) + "  " + "  ".join(n.ljust(14) for n in names)]
    for c in clients:
        row = [_label(cell[(c, n)].status) if (c, n) in cell else "-" for n in names]
        lines.append(c.ljust(width) + "  " + "  ".join(s.ljust(14) for s in row))
    failed = [r for r in results if r.status == "failed"]
    counts = {s: sum(r.status == s for r in results) for s in ("ok", "skipped", "failed")}
    lines.append(f"\n{counts['ok']} ok, {counts['skipped']} skipped, {counts['failed']} failed")
    lines += [f"  FAILED {r.client_id} / {r.notebook}: {r.message}" for r in failed]
    return "\n".join(lines)
