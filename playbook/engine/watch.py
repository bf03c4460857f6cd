"""`playbook watch`: re-render what a change in the client folders affects, then the practice view.

One kernel template and one pool of workers stay up for the whole session, so a change costs one
notebook run, not a process start. Each change plans every client through the batch engine: the
fingerprints skip every deliverable whose inputs (its client files and the firm-wide slice it is
handed) did not change, so editing one client's timesheet.csv re-runs that client's onboarding
only, while a maturity edit also re-runs the maturity deliverables whose benchmark it moves. Open
pages reload themselves from the version files written beside them.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable

from playbook.engine.batch import Result, default_executor, run_batch
from playbook.engine.memo import VIEW_FILES, ViewMemo
from playbook.engine.kernel_template import TemplateProcess
from playbook.intake.paths import list_clients
from playbook.report import deliverables

DEBOUNCE_MS = 50  # an editor's save is usually two or three events within a few milliseconds


def build_view(data_dir: Path, out_dir: Path) -> Path:
    """The practice view from disk, with the firm-wide aggregates (each client's part remembered);
    when nothing it is drawn from changed since it was last built, it is left as it is."""
    memo = ViewMemo(data_dir, out_dir)
    if memo.current():
        return Path(out_dir) / VIEW_FILES[0]
    from playbook.engine import firm_stats
    from playbook.practice import page

    path = page.build(out_dir, data_dir, firm_stats.practice(firm_stats.compute(data_dir)))
    memo.record()
    return path


def relevant(path: str) -> bool:
    """A client file, not an editor's or atomic write's temporary (hidden, ~ or .tmp/.swp)."""
    name = Path(path).name
    return not (name.startswith((".", "~")) or name.endswith(("~", ".tmp", ".swp", ".swx", ".lock")))


def clients_in(changes: Iterable[tuple[object, str]], data_dir: Path) -> set[str]:
    """Client ids whose folders hold a changed file."""
    base, out = Path(data_dir).resolve(), set()
    for _, path in changes:
        try:
            rel = Path(path).resolve().relative_to(base)
        except ValueError:
            continue
        if rel.parts and relevant(path):
            out.add(rel.parts[0])
    return out & set(list_clients(base))


class Session:
    """The long-lived part: the kernel template and the worker pool."""

    def __init__(self, data_dir: Path, out_dir: Path, jobs: int | None = None, timeout: float = 600,
                 notebooks: list[str] | None = None):
        self.data_dir, self.out_dir, self.timeout = Path(data_dir), Path(out_dir), timeout
        self.notebooks = notebooks or deliverables.available()
        self.jobs = jobs or os.cpu_count() or 1
        self.template = TemplateProcess()
        self.pool = default_executor(self.jobs, self.template.address)

    def cycle(self) -> list[Result]:
        """Bring every deliverable up to date, then the practice view. A pool whose worker died
        (killed, out of memory) is replaced and the cycle run again, so the session lives on."""
        try:
            results = self._batch()
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = default_executor(self.jobs, self.template.address)
            results = self._batch()
        build_view(self.data_dir, self.out_dir)
        return results

    def _batch(self) -> list[Result]:
        return run_batch(list_clients(self.data_dir), self.notebooks, self.data_dir, self.out_dir,
                         executor=self.pool, timeout=self.timeout)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.template.close()


def watch(data_dir: Path, out_dir: Path, *, jobs: int | None = None, timeout: float = 600,
          notebooks: list[str] | None = None, stop: threading.Event | None = None,
          report: Callable[[str], None] = print) -> None:
    """Render what is stale now, then once per change until `stop` is set (or Ctrl-C)."""
    import watchfiles

    session = Session(data_dir, out_dir, jobs, timeout, notebooks)
    try:
        report(_line(session.cycle(), "start"))
        for changes in watchfiles.watch(data_dir, debounce=DEBOUNCE_MS, step=20, stop_event=stop,
                                        watch_filter=lambda _, path: relevant(path), raise_interrupt=False):
            touched = clients_in(changes, data_dir)
            if not touched:
                continue
            started = time.perf_counter()
            results = session.cycle()
            report(_line(results, ", ".join(sorted(touched)), time.perf_counter() - started))
    finally:
        session.close()


def _line(results: list[Result], cause: str, seconds: float | None = None) -> str:
    ran = [r for r in results if r.status != "skipped"]
    failed = [r for r in ran if r.status == "failed"]
    took = f" in {seconds:.1f}s" if seconds is not None else ""
    text = f"[{time.strftime('%H:%M:%S')}] {cause}: {len(ran) - len(failed)} re-rendered, {len(failed)} failed{took}"
    return text + "".join(f"\n  FAILED {r.client_id} / {r.notebook}: {r.message[:200]}" for r in failed)
