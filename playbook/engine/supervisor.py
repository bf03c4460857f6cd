"""Runs Jobs on an executor and outlives the local pool's workers.

When one worker of a `ProcessPoolExecutor` dies (kill -9, the out-of-memory killer), the pool
breaks: every pending and running future fails with BrokenProcessPool and the other workers are
terminated. Only the run the dead worker held should pay for that. Each job notes which worker
process started it (a marker file); after a break, the job whose worker died first (killed,
not terminated by the pool) fails, the pool is replaced, and every other unfinished job is
submitted again. A job that was running through `MAX_ATTEMPTS` breaks fails too, so a run that
kills its worker every time cannot stall the batch.
"""
from __future__ import annotations

import shutil
import signal
import tempfile
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from playbook.engine.run import Artefacts, Job, execute_marked

MAX_ATTEMPTS = 3
Done = tuple[Job, Artefacts | None, str | None]  # the job, its artefacts, or why it has none


def _key(job: Job) -> str:
    return f"{job.client_id}--{job.notebook}"


def _killed(processes: dict[int, Any]) -> set[int]:
    """Workers that died of their own accord, not by the pool's own SIGTERM. Read once the pool
    has shut down and joined every worker: the futures fail before the pool has collected its
    workers' exit codes, and a killed worker read too early looked alive, so its run was
    submitted again instead of failing. ProcessPoolExecutor exposes its processes only as
    `_processes`."""
    return {pid for pid, proc in processes.items() if proc.exitcode is not None and proc.exitcode != -signal.SIGTERM}


class Supervisor:
    """Submit Jobs; iterate `completed()` for each one's artefacts or failure, exactly once."""

    def __init__(self, make_pool: Callable[[], Executor], replaceable: bool):
        self._make, self._replaceable = make_pool, replaceable
        self._pool: Executor | None = None
        self._futures: dict[Future, Job] = {}
        self._attempts: Counter[str] = Counter()
        self._markers = Path(tempfile.mkdtemp(prefix="playbook-runs-")) if replaceable else None

    def submit(self, job: Job) -> None:
        if self._pool is None:
            self._pool = self._make()
        marker = str(self._markers / _key(job)) if self._markers else None
        self._futures[self._pool.submit(execute_marked, job, marker)] = job

    def completed(self) -> Iterator[Done]:
        while self._futures:
            done, _ = wait(list(self._futures), return_when=FIRST_COMPLETED)
            broken: list[Job] = []
            yield from self._harvest(done, broken)
            if broken:
                yield from self._recover(broken)

    def _harvest(self, futures: Iterable[Future], broken: list[Job]) -> Iterator[Done]:
        """Each finished future's outcome; the jobs the pool broke under go to `broken`."""
        for future in futures:
            job = self._futures.pop(future)
            outcome = self._outcome(future, job)
            if outcome is None:
                broken.append(job)
            else:
                yield outcome

    def _outcome(self, future: Future, job: Job) -> Done | None:
        """The job's result, its failure, or None when the pool broke under it."""
        try:
            return job, future.result(), None
        except BrokenProcessPool:
            if not self._replaceable:
                return job, None, "worker failed: the process pool broke"
            return None
        except Exception as exc:  # a remote worker died (Dask), or the job could not be sent
            return job, None, f"worker failed: {type(exc).__name__}: {exc}"

    def _recover(self, broken: list[Job]) -> Iterator[Done]:
        """Collect the rest of the broken pool, fail the dead worker's run, resubmit the others."""
        rest = list(self._futures)
        wait(rest)
        yield from self._harvest(rest, broken)
        pool, self._pool = self._pool, None
        processes = dict(getattr(pool, "_processes", None) or {})  # shutdown() forgets them
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        killed = _killed(processes)
        for job in broken:
            pid = self._started_by(job)
            if pid is None:  # never started: it only lost its place in the queue
                self.submit(job)
                continue
            self._attempts[_key(job)] += 1
            if pid in killed:
                yield job, None, ("the worker process running it died (killed, or out of memory); "
                                  "the other runs went on in a new pool")
            elif self._attempts[_key(job)] >= MAX_ATTEMPTS:
                yield job, None, f"its worker process was lost {MAX_ATTEMPTS} times while it ran"
            else:
                self.submit(job)

    def _started_by(self, job: Job) -> int | None:
        if self._markers is None:
            return None
        marker = self._markers / _key(job)
        try:
            pid = int(marker.read_text())
        except (OSError, ValueError):
            return None
        marker.unlink(missing_ok=True)
        return pid

    def close(self) -> None:
        """Shut down the pool this supervisor made (an executor passed in stays its owner's)."""
        if self._pool is not None and self._replaceable:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._markers is not None:
            shutil.rmtree(self._markers, ignore_errors=True)

