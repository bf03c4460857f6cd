"""The single way the playbook writes files.

Workshop input is irreplaceable and deliverables must never be half-written, so every write
goes to a temp file in the same folder, is fsynced, then os.replace()d over the target.
Appends take a file lock so two processes appending to one CSV lose nothing. Several files
that belong together (a deliverable's HTML, results and notebook) are all written and fsynced
before the first is renamed, in the caller's order. A temp file orphaned by a killed save
(hidden, `.<name>.*.tmp`) is removed by the next write to that folder once an hour old, and
no reader ever looks at it.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, Mapping, Sequence

from filelock import FileLock


ORPHAN_AGE = 3600.0  # seconds after which a hidden temp file can only be a killed save's


def atomic_write(path: Path | str, data: str | bytes, encoding: str = "utf-8") -> Path:
    atomic_write_many([(Path(path), data)], encoding)
    return Path(path)


def atomic_write_many(items: Sequence[tuple[Path, str | bytes]], encoding: str = "utf-8") -> None:
    """Write every file to a temp beside it and fsync it, then rename them in the given order.
    A failure before the renames (a full disk) leaves every target as it was."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            _clean_orphans(path.parent)
            temps.append((_write_temp(path, data.encode(encoding) if isinstance(data, str) else data), path))
        while temps:
            tmp, path = temps[0]
            os.replace(tmp, path)
            temps.pop(0)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    for folder in {Path(p).parent for p, _ in items}:
        _fsync_dir(folder)


def _write_temp(path: Path, payload: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write_all(fh, payload, path)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_all(fh: BinaryIO, payload: bytes, path: Path) -> None:
    """The one place bytes reach a file, on their way to `path` (tests inject a full disk here)."""
    fh.write(payload)


def _clean_orphans(folder: Path) -> None:
    cutoff = time.time() - ORPHAN_AGE
    for tmp in folder.glob(".*.tmp"):
        try:
            if tmp.is_file() and not tmp.is_symlink() and tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass  # another process removed or replaced it meanwhile


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


def append_csv_rows(path: Path | str, header: Sequence[str], rows: Sequence[Mapping[str, object]]) -> Path:
    """Append rows under a lock, rewriting the file atomically so a crash leaves the old file.

    Rows follow the file's own header (its order, delimiter and case); a column the file lacks
    is added at the end with blanks for the earlier rows. Existing lines are kept byte for byte
    when no column is added.
    """
    path = Path(path)
    with locked(path):
        old = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
        if not old.strip():
            old = ""
        lines = old.splitlines()
        first = next((ln for ln in lines if ln.strip()), "")
        delimiter = ";" if ";" in first and "," not in first else ","
        existing = next(csv.reader([first], delimiter=delimiter)) if first else []
        keys = [h.strip().lower() for h in existing]
        extra = [c for c in header if c not in keys and any(str(r.get(c) or "") for r in rows)]
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        if not existing:
            keys = list(header)
            writer.writerow(keys)
        elif extra:
            records = list(csv.reader(io.StringIO(old), delimiter=delimiter))
            writer.writerow(records[0] + extra)
            for rec in records[1:]:
                writer.writerow(rec + [""] * (len(keys) - len(rec) + len(extra)) if any(rec) else rec)
            keys += extra
            old = ""
        elif not old.endswith("\n"):
            old += "\n"
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
        return atomic_write(path, old + buf.getvalue())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
