"""One client × one notebook, from validated files to a deliverable, in three steps:

- `prepare` (coordinator): validate the files the notebook reads (bad input writes nothing),
  fingerprint the inputs, and pack the files into a self-contained Job;
- `execute_job` (any worker, even one without our disk): unpack into a private temp folder,
  execute with papermill in a fresh kernel, render the HTML in memory, and return everything;
- `commit` (coordinator): write results, HTML and the executed notebook as one unit
  (`store`). A failed execution keeps papermill's executed notebook (or, when there is none,
  the source headed by what happened) as <name>.failed.ipynb and never touches the last good
  deliverable; so does a deliverable that cannot be written.
"""
from __future__ import annotations

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
from playbook.engine import fingerprint, store
from playbook.intake.atomic import atomic_write
from playbook.errors import ExecutionError, OutputError, ParameterError
from playbook.intake.paths import check_client_id, client_dir, paths_for
from playbook.intake.workbook_read import files_read


class Params(BaseModel):
    """The only parameters a notebook accepts; anything else is refused before execution."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    client_id: str
    data_dir: str
    as_of: str | None = None
    mode: Literal["live", "report"] = "report"
    firm: dict[str, Any] | None = None  # the firm's anonymised statistics this notebook needs (firm_stats)

    @field_validator("client_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_client_id(value)

    @field_validator("as_of")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        from playbook.intake.values import parse_date

        return None if value is None else parse_date(value).isoformat()

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
    firm: dict[str, Any] | None = None


@dataclass(frozen=True)
class Artefacts:
    """What a worker sends back: the deliverable, or the failure and papermill's notebook."""

    client_id: str
    notebook: str
    fingerprint: str
    ok: bool
    html: str | None = None
    xlsx: bytes | None = None  # the numbers behind the tables and charts
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

    from playbook.engine import firm_stats

    folder = client_dir(data_dir, client_id)
    require_valid(folder, deliverables.get(notebook).reads)
    firm = firm_stats.for_run(firm_stats.compute(data_dir), notebook, folder) if firm_stats.takes_part(notebook) \
        else None
    return pack(client_id, notebook, data_dir, as_of, timeout, firm=firm)


def fingerprint_params(client_id: str, as_of: str | None, firm: dict[str, Any] | None) -> dict[str, Any]:
    """The parameters the fingerprint covers; `firm` only where a notebook takes it."""
    return {"client_id": client_id, "as_of": as_of, **({"firm": firm} if firm is not None else {})}


def pack(client_id: str, notebook: str, data_dir: Path, as_of: str | None = None, timeout: float = 600,
         fp: str | None = None, firm: dict[str, Any] | None = None) -> Job:
    """The Job for files already validated: the notebook, the files it reads, the fingerprint."""
    spec = deliverables.get(notebook)
    folder = client_dir(data_dir, client_id)
    params = make_params(client_id=client_id, data_dir=str(Path(data_dir).resolve()), as_of=as_of, firm=firm)
    fp = fp or fingerprint.compute(spec.path, fingerprint_params(client_id, params.as_of, firm), folder, spec.inputs)
    files = {name: (folder / name).read_bytes() for name in files_read(folder, spec.inputs)
             if (folder / name).is_file()}
    return Job(client_id, notebook, spec.title, fp, params.as_of, spec.path.read_bytes(), files, timeout, firm)


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


def execute_marked(job: Job, marker: str | None = None) -> Artefacts:
    """`execute_pooled`, first noting in `marker` which worker process runs the job, so the
    coordinator can tell whose run was lost when a worker dies (engine.supervisor)."""
    if marker:
        Path(marker).write_text(str(os.getpid()))
    return execute_pooled(job)


def _execute(job: Job, km: Any) -> Artefacts:
    from playbook.report.html_export import to_html
    from playbook.report.xlsx_export import to_xlsx

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="playbook-") as tmp:
        root = Path(tmp)
        folder = root / "clients" / job.client_id
        folder.mkdir(parents=True)
        for name, data in job.files.items():
            atomic_write(folder / name, data)
        source = root / f"{job.notebook}.ipynb"
        atomic_write(source, _stamped(job))
        target = root / f"{job.notebook}.executed.ipynb"
        params = make_params(client_id=job.client_id, data_dir=str(root / "clients"), as_of=job.as_of,
                             firm=job.firm)
        base = dict(client_id=job.client_id, notebook=job.notebook, fingerprint=job.fingerprint)
        try:
            nb = _papermill(source, target, params, job.timeout, km)
            page, results = to_html(nb, job.title, job.fingerprint)
            numbers = to_xlsx(nb, job.title, job.fingerprint)
        except ExecutionError as exc:
            executed = target.read_bytes() if target.exists() else store.stub_notebook(
                job.notebook_source, str(exc), job.fingerprint)
            return Artefacts(**base, ok=False, executed=executed, error=str(exc), cell=exc.cell,
                             seconds=time.perf_counter() - started)
        record = {"client_id": job.client_id, "notebook": job.notebook, "fingerprint": job.fingerprint,
                  "playbook_version": __version__, **(results or {})}
        meta = _meta(nb)
        record.setdefault("as_of", meta.get("as_of"))
        record.setdefault("client_name", meta.get("client"))
        return Artefacts(**base, ok=True, html=page, xlsx=numbers, results=store.strict(record),
                         executed=target.read_bytes(), seconds=time.perf_counter() - started)


def _stamped(job: Job) -> bytes:
    """The notebook to run, stamped before it runs with the fingerprint its HTML and results will
    carry: the notebook papermill writes is then the audit log as it stands (a failed run's too),
    with no second serialisation of every output."""
    try:
        nb = json.loads(job.notebook_source)
    except ValueError:  # not a notebook: papermill's reading of it says so, as a failed run
        return job.notebook_source
    if not isinstance(nb, dict):
        return job.notebook_source
    nb.setdefault("metadata", {})["playbook"] = {"fingerprint": job.fingerprint, "client_id": job.client_id,
                                                 "notebook": job.notebook, "playbook_version": __version__}
    return json.dumps(nb, ensure_ascii=False).encode("utf-8")


def _papermill(source: Path, target: Path, params: Params, timeout: float, km: Any) -> Any:
    """The executed notebook (papermill has also written it to `target`)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    extra = {"km": km} if km is not None else {}
    try:
        values = params.model_dump(exclude={"firm"} if params.firm is None else None)
        return pm.execute_notebook(str(source), str(target), parameters=values, kernel_name="python3",
                            progress_bar=False, log_output=False, execution_timeout=timeout,
                            request_save_on_cell_execute=False, **extra)
    except PapermillExecutionError as exc:
        raise ExecutionError(f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {exc.evalue}",
                             cell=exc.cell_index) from None
    except Exception as exc:  # a dead or hung kernel: report it, never wait for ever
        raise ExecutionError(f"{type(exc).__name__}: {exc}") from None


def commit(art: Artefacts, out_dir: Path, source: bytes | None = None) -> Outcome:
    """Write a worker's artefacts as one unit. A failed run keeps its notebook as .failed.ipynb
    (a stub from `source` when the worker sent none) and raises ExecutionError; a deliverable
    that cannot be written raises OutputError. Either way the last good deliverable stays."""
    paths = paths_for(out_dir, art.client_id, art.notebook)
    if not art.ok:
        executed = art.executed or store.stub_notebook(source or b"", art.error or "failed", art.fingerprint)
        note = store.keep_failed(paths, executed)
        raise ExecutionError((art.error or "failed") + note, notebook=None if note else paths["failed"],
                             cell=art.cell)
    try:
        store.write(paths, art.html or "", art.results or {}, art.executed or b"", art.xlsx)
    except OutputError as exc:
        note = store.keep_failed(paths, art.executed or b"") if art.executed else ""
        raise OutputError(str(exc) + note) from None
    return Outcome(art.client_id, art.notebook, paths["html"], art.results or {}, art.fingerprint, art.seconds)


def run(client_id: str, notebook: str, data_dir: Path, out_dir: Path, as_of: str | None = None,
        timeout: float = 600) -> Outcome:
    """Validate, execute and render one deliverable in this process."""
    job = prepare(client_id, notebook, data_dir, as_of, timeout)
    return commit(execute_job(job), out_dir, job.notebook_source)


def _meta(nb: Any) -> dict[str, Any]:
    """The header facts the notebook announced (client name, as-of date)."""
    from playbook.report.mime import META

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if META in out.get("data", {}):
                return dict(out["data"][META])
    return {}
