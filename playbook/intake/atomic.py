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
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Mapping, Sequence

from filelock import FileLock

from playbook.errors import PlaybookError


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

    Rows follow the file's own header (its order, delimiter and case) and its own bytes: the
    encoding (UTF-8, or Windows-1252 as Excel saves it), a BOM and the line ending (CRLF or LF)
    are kept, and existing bytes stay byte for byte when no column is added. A column the file
    lacks is added at the end with blanks for the earlier rows (the only case that rewrites them).
    """
    path = Path(path)
    if not path.exists() and (path.parent / "client.xlsx").is_file():  # the client keeps a workbook
        from playbook.intake.workbook_append import append_sheet_rows

        return append_sheet_rows(path.parent / "client.xlsx", path.name, header, rows)
    with locked(path):
        raw = path.read_bytes() if path.exists() else b""
        style = CsvStyle.of(raw)
        old = style.decode(raw)
        if not old.strip():
            raw, old = b"", ""
        first = next((ln for ln in old.splitlines() if ln.strip()), "")
        delimiter = ";" if ";" in first and "," not in first else ","
        existing = next(csv.reader([first], delimiter=delimiter)) if first else []
        keys = [h.strip().lower() for h in existing]
        extra = [c for c in header if c not in keys and any(str(r.get(c) or "") for r in rows)]
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator=style.newline)
        if not existing:
            keys = list(header)
            writer.writerow(keys)
        elif extra:
            records = list(csv.reader(io.StringIO(old, newline=""), delimiter=delimiter))
            writer.writerow(records[0] + extra)
            for rec in records[1:]:
                writer.writerow(rec + [""] * (len(keys) - len(rec) + len(extra)) if any(rec) else rec)
            keys += extra
            raw = b""
        elif not raw.endswith((b"\n", b"\r")):
            raw += style.newline.encode("ascii")
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
        prefix = raw if raw else (BOM if style.bom else b"")
        return atomic_write(path, prefix + style.encode(buf.getvalue(), path.name))


BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CsvStyle:
    """How an existing CSV is written, so an append matches it: encoding, BOM, line ending."""

    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"

    @classmethod
    def of(cls, raw: bytes) -> "CsvStyle":
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: the codec reads and writes its own BOM
            end = raw.find(b"\n\x00") if raw.startswith(b"\xff\xfe") else raw.find(b"\x00\n")
            crlf = end > 1 and raw[end - 2:end] in (b"\r\x00", b"\x00\r")
            return cls("utf-16", False, "\r\n" if crlf else "\n")
        bom = raw.startswith(BOM)
        try:
            raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"  # what csv_files.decode reads such a file as
        end = raw.find(b"\n")
        newline = "\r\n" if end > 0 and raw[end - 1:end] == b"\r" else "\n"
        return cls(encoding, bom, newline)

    def decode(self, raw: bytes) -> str:
        body = raw[len(BOM):] if self.bom else raw
        return body.decode(self.encoding, errors="replace")

    def encode(self, text: str, name: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = text[exc.start:exc.end]
            raise PlaybookError(f"{name} is saved in Windows-1252 (as Excel saves CSV), which cannot hold "
                                f"{bad!r}: not saved. Use plain letters, or re-save {name} as CSV UTF-8 in "
                                "Excel first.") from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
