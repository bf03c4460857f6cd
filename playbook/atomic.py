"""The single way the playbook writes files.

Workshop input is irreplaceable and deliverables must never be half-written, so every write
goes to a temp file in the same folder, is fsynced, then os.replace()d over the target.
Appends take a file lock so two processes appending to one CSV lose nothing.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from filelock import FileLock


def atomic_write(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(path: Path | str, timeout: float = 30.0) -> Iterator[None]:
    """Hold the lock that every read-modify-write of `path` takes."""
    path = Path(path)
    with FileLock(str(path.parent / f".{path.name}.lock"), timeout=timeout):
        yield


def append_csv_rows(path: Path | str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """Append rows under a lock, rewriting the file atomically so a crash leaves the old file.

    The existing text is kept byte for byte; a missing trailing newline is repaired first.
    """
    path = Path(path)
    with locked(path):
        old = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        if not old.strip():
            old = ""
            writer.writerow(header)
        elif not old.endswith("\n"):
            old += "\n"
        writer.writerows(rows)
        return atomic_write(path, old + buf.getvalue())
