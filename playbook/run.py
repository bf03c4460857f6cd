"""`playbook run`: one client × one notebook, from validated files to a deliverable.

Order matters for trust: validate first (bad input writes nothing), execute into a temp
notebook, render in memory, and only then replace the deliverable, results and audit log
atomically. A failed execution keeps papermill's executed notebook as <name>.failed.ipynb
beside the last good HTML, which stays untouched.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from playbook import __version__, deliverables, fingerprint
from playbook.atomic import atomic_write
from playbook.errors import ExecutionError, ParameterError
from playbook.paths import check_client_id, client_dir, report_dir
from playbook.validate import require_valid


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
        path = Path(value)
        if not path.is_absolute() or "\n" in value:
            raise ValueError("an absolute folder path")
        return value


def make_params(**values: Any) -> Params:
    try:
        return Params(**values)
    except ValidationError as exc:
        raise ParameterError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None


@dataclass(frozen=True)
class Outcome:
    client_id: str
    notebook: str
    html: Path
    results: dict[str, Any]
    fingerprint: str


def paths_for(out_dir: Path, client_id: str, notebook: str) -> dict[str, Path]:
    folder = report_dir(out_dir, client_id)
    return {"html": folder / f"{notebook}.html", "json": folder / f"{notebook}.results.json",
            "ipynb": folder / f"{notebook}.ipynb", "failed": folder / f"{notebook}.failed.ipynb"}


def inputs_fingerprint(notebook: str, client_id: str, data_dir: Path, as_of: str | None) -> str:
    spec = deliverables.get(notebook)
    folder = client_dir(data_dir, client_id)
    return fingerprint.compute(spec.path, {"client_id": client_id, "as_of": as_of}, folder, spec.reads)


def execute(notebook: Path, target: Path, params: Params, timeout: float) -> None:
    """Execute with papermill into `target`; raise ExecutionError naming the failing cell."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        pm.execute_notebook(str(notebook), str(target), parameters=params.model_dump(),
                            kernel_name="python3", progress_bar=False, log_output=False,
                            execution_timeout=timeout, cwd=str(notebook.parent))
    except PapermillExecutionError as exc:
        raise ExecutionError(f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {exc.evalue}",
                             notebook=target, cell=exc.cell_index) from None
    except TimeoutError as exc:
        raise ExecutionError(f"timed out after {timeout:.0f} s: {exc}", notebook=target) from None


def run(client_id: str, notebook: str, data_dir: Path, out_dir: Path, as_of: str | None = None,
        timeout: float = 600) -> Outcome:
    from playbook.export import to_html
    import nbformat

    spec = deliverables.get(notebook)
    folder = client_dir(data_dir, client_id)
    require_valid(folder, spec.reads)
    params = make_params(client_id=client_id, data_dir=str(Path(data_dir).resolve()), as_of=as_of)
    fp = inputs_fingerprint(notebook, client_id, data_dir, params.as_of)
    paths = paths_for(out_dir, client_id, notebook)
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    partial = paths["ipynb"].with_name(f".{notebook}.{os.getpid()}.partial.ipynb")
    try:
        execute(spec.path, partial, params, timeout)
    except ExecutionError:
        if partial.exists():
            os.replace(partial, paths["failed"])
        raise
    nb = nbformat.read(partial, as_version=4)
    page, results = to_html(nb, spec.title, fp)
    record = {"client_id": client_id, "notebook": notebook, "fingerprint": fp,
              "playbook_version": __version__, **(results or {})}
    record.setdefault("as_of", _meta_as_of(nb))
    atomic_write(paths["json"], json.dumps(record, indent=2, sort_keys=False, default=str) + "\n")
    atomic_write(paths["html"], page)
    os.replace(partial, paths["ipynb"])
    paths["failed"].unlink(missing_ok=True)
    return Outcome(client_id, notebook, paths["html"], record, fp)


def _meta_as_of(nb: Any) -> str | None:
    from playbook.notebook import META

    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if META in out.get("data", {}):
                return out["data"][META].get("as_of")
    return None
