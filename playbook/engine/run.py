"""One client × one notebook, from validated files to a deliverable, in three steps:

- `prepare` (coordinator): validate the files the notebook reads (bad input writes nothing),
  fingerprint the inputs, and pack the files into a self-contained Job;
- `execute_job` (any worker, even one without our disk): unpack into a private temp folder,
  execute with papermill in a fresh kernel, render the HTML in memory, and return everything;
- `commit` (coordinator): write results, HTML and the executed notebook atomically. A failed
  execution keeps papermill's executed notebook as <name>.failed.ipynb and never touches the
  last good HTML.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from playbook import __version__
from playbook.report import deliverables
from playbook.engine import fingerprint
from playbook.intake.atomic import atomic_write
from playbook.errors import ExecutionError, ParameterError
from playbook.intake.paths import check_client_id, client_dir, paths_for, report_dir


class Params(BaseModel):
    """The only parameters a notebook accepts; anything else is refused before execution."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str
    data_dir: str
    as_of: str | None = None
    mode: Literal["live", "report"] = "report"

    @field_validator("client_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_client_id(value)

    @field_validator("as_of")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return None if value is None else dt.date.fromisoformat(value).isoformat()

    @field_validator("data_dir")
    @classmethod
    def _dir(cls, value: str) -> str:
        if not Path(value).is_absolute() or any(c in value for c in "\n\r\0"):
            raise ValueError("an absolute folder path")
        return value


def make_params(**values: Any) -> Params:
    try:
        return Params(**values)
    except ValidationError as exc:
        raise ParameterError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None


@dataclass(frozen=True)
class Job:
    """Everything a worker needs, with no reference to the coordinator's disk."""

    client_id: str
    notebook: str
    title: str
    fingerprint: str
    as_of: str | None
    notebook_source: bytes
    files: dict[str, bytes]
    timeout: float = 600


@dataclass(frozen=True)
class Artefacts:
    """What a worker sends back: the deliverable, or the failure and papermill's notebook."""

    client_id: str
    notebook: str
    fingerprint: str
    ok: bool
    html: str | None = None
    results: dict[str, Any] | None = None
    executed: bytes | None = None
    error: str | None = None
    cell: int | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Outcome:
    client_id: str
    notebook: str
    html: Path
    results: dict[str, Any]
    fingerprint: str
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def prepare(client_id: str, notebook: str, data_dir: Path, as_of: str | None = None,
            timeout: float = 600) -> Job:
    """Validate the files the notebook reads (bad input writes nothing), then pack the Job."""
    from playbook.engine.validate import require_valid  # the coordinator's work: workers never load pandas

    require_valid(client_dir(data_dir, client_id), deliverables.get(notebook).reads)
    return pack(client_id, notebook, data_dir, as_of, timeout)


def pack(client_id: str, notebook: str, data_dir: Path, as_of: str | None = None, timeout: float = 600,
         fp: str | None = None) -> Job:
    """The Job for files already validated: the notebook, the files it reads, the fingerprint."""
    spec = deliverables.get(notebook)
    folder = client_dir(data_dir, client_id)
    params = make_params(client_id=client_id, data_dir=str(Path(data_dir).resolve()), as_of=as_of)
    fp = fp or fingerprint.compute(spec.path, {"client_id": client_id, "as_of": params.as_of}, folder, spec.reads)
    files = {name: (folder / name).read_bytes() for name in spec.reads if (folder / name).is_file()}
    return Job(client_id, notebook, spec.title, fp, params.as_of, spec.path.read_bytes(), files, timeout)


def execute_job(job: Job, km: Any = None) -> Artefacts:
    """Run a Job in a private temp folder; notebook errors come back as data, not exceptions.

    `km` is a kernel manager already started for this one run (never reused); without one,
    a fresh kernel is started here and shut down afterwards.
    """
    if km is None:
        from playbook.engine.kernels import WarmKernel, shutdown_later

        own = WarmKernel().take()
        try:
            return execute_job(job, km=own) if own is not None else _execute(job, None)
        finally:
            shutdown_later(own)
    return _execute(job, km)


def execute_pooled(job: Job) -> Artefacts:
    """In a batch worker: run with the kernel started while the previous run executed, and
    start the next one. Lives here, not in `batch`, so that workers never import pandas."""
    from playbook.engine import kernels

    km = kernels.take_and_replace()
    try:
        return execute_job(job, km=km)
    finally:
        kernels.shutdown_later(km)


def _execute(job: Job, km: Any) -> Artefacts:
    from playbook.report.html_export import to_html

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="playbook-") as tmp:
        root = Path(tmp)
        folder = root / "clients" / job.client_id
        folder.mkdir(parents=True)
        for name, data in job.files.items():
            atomic_write(folder / name, data)
        source = root / f"{job.notebook}.ipynb"
        atomic_write(source, job.notebook_source)
        target = root / f"{job.notebook}.executed.ipynb"
        params = make_params(client_id=job.client_id, data_dir=str(root / "clients"), as_of=job.as_of)
        base = dict(client_id=job.client_id, notebook=job.notebook, fingerprint=job.fingerprint)
        try:
            nb = _papermill(source, target, params, job.timeout, km)
            page, results = to_html(nb, job.title, job.fingerprint)
        except ExecutionError as exc:
            executed = target.read_bytes() if target.exists() else None
            return Artefacts(**base, ok=False, executed=executed, error=str(exc), cell=exc.cell,
                             seconds=time.perf_counter() - started)
        record = {"client_id": job.client_id, "notebook": job.notebook, "fingerprint": job.fingerprint,
                  "playbook_version": __version__, **(results or {})}
        meta = _meta(nb)
        record.setdefault("as_of", meta.get("as_of"))
        record.setdefault("client_name", meta.get("client"))
        return Artefacts(**base, ok=True, html=page, results=record, executed=target.read_bytes(),
                         seconds=time.perf_counter() - started)


def _papermill(source: Path, target: Path, params: Params, timeout: float, km: Any) -> Any:
    """The executed notebook (papermill has also written it to `target`)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    extra = {"km": km} if km is not None else {}
    try:
        return pm.execute_notebook(str(source), str(target), parameters=params.model_dump(), kernel_name="python3",
                            progress_bar=False, log_output=False, execution_timeout=timeout,
                            request_save_on_cell_execute=False, **extra)
    except PapermillExecutionError as exc:
        raise ExecutionError(f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {exc.evalue}",
                             cell=exc.cell_index) from None
    except Exception as exc:  # a dead or hung kernel: report it, never wait for ever
        raise ExecutionError(f"{type(exc).__name__}: {exc}") from None


def commit(art: Artefacts, out_dir: Path) -> Outcome:
    """Write a worker's artefacts; on failure keep the executed notebook and the last good HTML."""
    paths = paths_for(out_dir, art.client_id, art.notebook)
    if not art.ok:
        if art.executed:
            atomic_write(paths["failed"], art.executed)
        raise ExecutionError(art.error or "failed", notebook=paths["failed"], cell=art.cell)
    atomic_write(paths["json"], json.dumps(art.results, indent=2, default=str) + "\n")
    atomic_write(paths["html"], art.html or "")
    atomic_write(paths["ipynb"], art.executed or b"")
    paths["failed"].unlink(missing_ok=True)
    return Outcome(art.client_id, art.notebook, paths["html"], art.results or {}, art.fingerprint, art.seconds)


def run(client_id: str, notebook: str, data_dir: Path, out_dir: Path, as_of: str | None = None,
        timeout: float = 600) -> Outcome:
    """Validate, execute and render one deliverable in this process."""
    return commit(execute_job(prepare(client_id, notebook, data_dir, as_of, timeout)), out_dir)


def _meta(nb: Any) -> dict[str, Any]:
    """The header facts the notebook announced (client name, as-of date)."""
    from playbook.report.mime import META

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if META in out.get("data", {}):
                return dict(out["data"][META])
    return {}
