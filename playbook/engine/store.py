"""A deliverable's files on disk, kept as one unit.

A deliverable is three files: `<nb>.html`, `<nb>.results.json` (whose fingerprint says which
inputs it is current for) and `<nb>.ipynb` (the audit log), plus `<nb>.xlsx` (the numbers behind
it). They are written to temporaries and fsynced together, then renamed notebook first, then the
workbook, HTML next and results last (then the small version script an open page polls to reload
itself), under a lock per deliverable: a crash or a full disk can leave the old fingerprint beside a newer HTML (re-run
next time), never a newer fingerprint beside an older HTML. A run counts as current only when
all three exist and carry the same fingerprint, and no failed notebook stands beside them.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playbook.errors import OutputError
from playbook.report.deliverables import read_results
from playbook.report.mime import finite_json as strict
from playbook.intake.atomic import atomic_write, atomic_write_many, locked
from playbook.intake.paths import version_script


def results_text(results: dict[str, Any]) -> str:
    return json.dumps(strict(results), indent=2, allow_nan=False) + "\n"


def _lock(paths: dict[str, Path]) -> Any:
    return locked(paths["html"].with_suffix(""))  # .<nb>.lock beside the deliverable


def write(paths: dict[str, Path], html: str, results: dict[str, Any], executed: bytes,
          numbers: bytes | None = None) -> None:
    """Replace the deliverable as a unit; OutputError (the old one intact) if it cannot be written.
    `numbers` is the workbook of the figures behind its tables and charts (`<nb>.xlsx`)."""
    files: list[tuple[Path, str | bytes]] = [(paths["ipynb"], executed)]
    if numbers is not None:
        files.append((paths["xlsx"], numbers))
    try:
        with _lock(paths):
            atomic_write_many(files + [(paths["html"], html), (paths["json"], results_text(results))])
            paths["failed"].unlink(missing_ok=True)
            # last: a page open from the practice view (`playbook watch`) reloads onto a whole set
            atomic_write(paths["version"], version_script(str(results.get("fingerprint", ""))))
    except OSError as exc:
        raise OutputError(f"could not write the deliverable in {paths['html'].parent}: {exc.strerror or exc}; "
                          "the previous deliverable is kept and will be re-run") from None


def keep_failed(paths: dict[str, Path], executed: bytes) -> str:
    """Keep a failed run's notebook; returns a note for the message (empty when kept)."""
    try:
        with _lock(paths):
            atomic_write(paths["failed"], executed)
    except OSError as exc:
        return f" (its notebook could not be kept: {exc.strerror or exc})"
    return ""


def is_current(paths: dict[str, Path], fp: str) -> bool:
    """All three files exist and carry fingerprint `fp`, and no failed run stands beside them. (The
    numbers workbook is written before the results, so a current results file means it is as new.)"""
    if paths["failed"].exists() or read_results(paths["json"]).get("fingerprint") != fp:
        return False
    marker = fp.encode()
    for kind in ("html", "ipynb"):
        try:
            if marker not in paths[kind].read_bytes():
                return False
        except OSError:
            return False
    return True


def stub_notebook(source: bytes, message: str, fingerprint: str) -> bytes:
    """The notebook kept for a run whose executed notebook was lost with its worker: the
    source, headed by what happened, so every failed run leaves a .failed.ipynb to read."""
    import nbformat

    try:
        nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    except Exception:  # an unreadable source still gets its note
        nb = nbformat.v4.new_notebook()
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(
        f"**This run did not finish**: {message}\n\nNo cell below was executed in it."))
    nb.metadata["playbook"] = {"fingerprint": fingerprint, "error": message}
    return nbformat.writes(nb).encode("utf-8")
