"""The fingerprint of a run's inputs: printed in the deliverable's header and used by the
batch engine to skip runs whose inputs have not changed.

Inputs: the notebook's source (outputs and execution counts excluded), the parameters,
the client files the notebook reads, every template file, and the playbook version.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from playbook import __version__
from playbook.intake.paths import TEMPLATES
from playbook.intake.workbook_read import files_read


def _notebook_source(path: Path) -> bytes:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [{"t": c.get("cell_type"), "s": "".join(c.get("source", [])),
              "tags": c.get("metadata", {}).get("tags", [])} for c in nb.get("cells", [])]
    return json.dumps(cells, sort_keys=True).encode()


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.is_file())


def _file_digest(path: Path) -> bytes:
    """A file's digest read in chunks (an oversized file is refused by validation, but hashing
    it first must not hold it all in memory). A link out of the client folder is never read
    (validation refuses it); a link inside is hashed as what it points at."""
    if path.is_symlink() and path.resolve().parent != path.parent.resolve():
        return hashlib.sha256(b"<link out of the folder>").digest()
    if not path.is_file():
        return hashlib.sha256(b"<missing>").digest()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()


def compute(notebook: Path, params: dict[str, Any], folder: Path, reads: tuple[str, ...]) -> str:
    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    part("playbook", __version__.encode())
    part("notebook", _notebook_source(notebook))
    part("params", json.dumps(params, sort_keys=True, default=str).encode())
    for name in files_read(folder, reads):  # client.xlsx where it stands for a CSV
        path = folder / name
        h.update(f"client:{name}".encode() + b"\0" + _file_digest(path))
    for path in _templates():
        part(f"template:{path.relative_to(TEMPLATES)}", path.read_bytes())
    return h.hexdigest()[:16]
