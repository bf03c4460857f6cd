"""`playbook batch`: every client × notebook, in parallel, incremental, failure-isolated.

The coordinator plans (fingerprint → skip unchanged runs; validate the rest), hands Jobs to any
`concurrent.futures.Executor` (a process pool by default, or a Dask cluster's executor), and
writes what comes back. Workers never write to the reports folder: they return the HTML,
results and executed notebook, so a worker without a shared disk works the same way.
"""
from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from playbook.report import deliverables
from playbook.engine import fingerprint
from playbook.engine import kernels
from playbook.engine import workers as local
from playbook.engine import validate
from playbook.intake.atomic import atomic_write
from playbook.errors import ExecutionError, PlaybookError
from playbook.engine.kernel_template import TemplateProcess
from playbook.intake.paths import client_dir
from playbook.engine.run import Artefacts, Job, commit, execute_pooled, pack
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


def is_current(out_dir: Path, client_id: str, notebook: str, fp: str) -> bool:
    """True when the last successful run had exactly these inputs and its files are in place."""
    paths = paths_for(out_dir, client_id, notebook)
    if not (paths["html"].is_file() and paths["json"].is_file()) or paths["failed"].exists():
        return False
    try:
        return json.loads(paths["json"].read_text(encoding="utf-8")).get("fingerprint") == fp
    except (OSError, ValueError):
        return False


def plan(clients: Iterable[str], notebooks: Iterable[str], data_dir: Path, out_dir: Path, force: bool,
         timeout: float) -> Iterator[Job | Result]:
    """Each pair as a Job to run, or as a Result already known (skipped as unchanged, or invalid
    input). A generator, so the first runs start while later clients are still being checked;
    each client's files are validated once, whichever notebooks read them."""
    names = list(notebooks)
    for client in clients:
        try:
            folder = client_dir(data_dir, client)
            stale = []
            for name in names:
                spec = deliverables.get(name)
                fp = fingerprint.compute(spec.path, {"client_id": client, "as_of": None}, folder, spec.reads)
                if not force and is_current(out_dir, client, name, fp):
                    yield Result(client, name, "skipped", "inputs unchanged", fingerprint=fp)
                else:
                    stale.append((spec, fp))
            issues = validate.check_each(folder, {f for spec, _ in stale for f in spec.reads}) if stale else {}
        except PlaybookError as exc:
            yield from (Result(client, name, "failed", str(exc)) for name in names)
            continue
        for spec, fp in stale:
            mine = [i for group, found in issues.items() if set(group) & set(spec.reads) for i in found]
            if mine:
                yield Result(client, spec.name, "failed", "invalid input: " + "; ".join(map(str, mine[:3]))
                             + (f" (+{len(mine) - 3} more)" if len(mine) > 3 else ""))
            else:
                yield pack(client, spec.name, data_dir, None, timeout, fp)


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
    pool, own_template = executor, None

    def record(result: Result) -> None:
        results.append(result)
        if progress:
            progress(result)

    try:
        futures: dict[Future, Job] = {}
        for item in plan(clients, notebooks, data_dir, out_dir, force, timeout):
            if isinstance(item, Result):
                record(item)
                continue
            if pool is None:
                if template is None:
                    template = own_template = TemplateProcess()
                pool = default_executor(jobs or os.cpu_count() or 1, template.address)
            futures[pool.submit(execute_pooled, item)] = item
        for future in as_completed(futures):
            record(_collect(future, futures[future], out_dir))
    finally:
        if executor is None and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if own_template is not None:
            own_template.close()
    save_state(out_dir, results)
    return results


def _collect(future: Future, job: Job, out_dir: Path) -> Result:
    try:
        art: Artefacts = future.result()
    except Exception as exc:  # the worker itself died (killed, out of memory): report, carry on
        return Result(job.client_id, job.notebook, "failed", f"worker failed: {type(exc).__name__}: {exc}")
    try:
        outcome = commit(art, out_dir)
    except ExecutionError as exc:
        kept = f" (executed notebook kept at {exc.notebook})" if art.executed else ""
        return Result(job.client_id, job.notebook, "failed", f"{exc}{kept}", art.seconds, job.fingerprint)
    return Result(job.client_id, job.notebook, "ok", "", outcome.seconds, outcome.fingerprint)


def save_state(out_dir: Path, results: list[Result]) -> None:
    """Merge this batch's statuses into the state file the portal reads."""
    path = Path(out_dir) / STATE
    try:
        state = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except ValueError:
        state = {}
    for r in results:
        state.setdefault(r.client_id, {})[r.notebook] = {
            "status": r.status,
            "message": r.message, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    atomic_write(path, json.dumps(state, indent=2, sort_keys=True) + "\n")


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
