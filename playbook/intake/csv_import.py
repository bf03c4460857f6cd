"""Turning a checked workbook's sheets into CSVs: what changed, and writing all files or none.

"Changed" means a different value, not different spelling: 3.0 and 3, or TRUE and true, are
the same figure, so an untouched workbook changes no file. Rows are matched by the file's key
(the id, or benefit and date...), so a row moved is not a change and an edited row is one
change, not a removal and an addition. A file that changes is rewritten with the sheet's
columns; rows whose values did not change keep their text as it was, so the file's history
shows only the real edits.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import os
import re
import secrets
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from playbook.intake.atomic import _fsync_dir, locked
from playbook.intake.contract_columns import FileSpec
from playbook.intake.csv_files import Table

_BOOLS = {"true": True, "false": False}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def same_value(text: str) -> Any:
    """A cell's value for comparison: numbers as floats, ISO dates as dates, booleans as such,
    anything else as its trimmed text."""
    text = text.strip()
    if text.lower() in _BOOLS:
        return _BOOLS[text.lower()]
    try:
        number = float(text)
        if math.isfinite(number):
            return number
    except ValueError:
        pass
    if _ISO.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return text


@dataclass
class FileChange:
    """How one file's rows differ between the client's folder and the workbook."""

    file: str
    columns: list[str]
    rows: list[dict[str, str]]  # the rows to write, old text kept for unchanged rows
    existed: bool
    added: int = 0
    changed: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        if not self.any:
            return "unchanged" if self.existed else "no rows (not created)"
        verb = "" if self.existed else "new file: "
        return f"{verb}{self.added} added, {self.changed} changed, {self.removed} removed"


def _keyed(rows: Sequence[Mapping[str, str]], key: Sequence[str]) -> dict[tuple[Any, ...], Mapping[str, str]]:
    """Rows by key; the n-th repeat of a key is its own entry (a correction row, a duplicate)."""
    seen: Counter[tuple[Any, ...]] = Counter()
    out = {}
    for row in rows:
        k = tuple(same_value(row.get(c, "")) for c in key) if key else \
            tuple(sorted((c, same_value(v)) for c, v in row.items() if v))
        seen[k] += 1
        out[(*k, seen[k])] = row
    return out


def _same(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    return all(same_value(a.get(c, "")) == same_value(b.get(c, "")) for c in set(a) | set(b))


def diff(spec: FileSpec, old: Table | None, new: Table) -> FileChange:
    """Rows added, changed and removed going from `old` (None: no file yet) to `new`."""
    key = [c for c in spec.key if c in new.columns and (old is None or c in old.columns)]
    before = _keyed(old.rows, key) if old is not None else {}
    after = _keyed(new.rows, key)
    change = FileChange(spec.file, list(new.columns), [], old is not None)
    for k, row in after.items():
        prior = before.get(k)
        if prior is None:
            change.added += 1
        elif not _same(prior, row):
            change.changed += 1
        else:
            row = {c: prior.get(c, row[c]) for c in new.columns}
        change.rows.append(dict(row))
    change.removed = sum(1 for k in before if k not in after)
    return change


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file or none. Each goes to an fsynced temp file first; then all are renamed
    into place under their locks, and a failure part-way puts back the files already replaced."""
    token = secrets.token_hex(4)
    staged: list[tuple[Path, str]] = []
    replaced: list[tuple[Path, Path | None]] = []
    with contextlib.ExitStack() as locks:
        for path in sorted(files):
            locks.enter_context(locked(path))
        try:
            for path, data in files.items():
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                staged.append((path, tmp))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
            for path, tmp in staged:
                backup = path.with_name(f".{path.name}.{token}.bak") if path.exists() else None
                if backup is not None:
                    os.link(path, backup)
                replaced.append((path, backup))
                os.replace(tmp, path)
        except BaseException:
            for path, backup in reversed(replaced):
                if backup is not None:
                    os.replace(backup, path)
                else:
                    path.unlink(missing_ok=True)
            raise
        finally:
            for _, tmp in staged:
                Path(tmp).unlink(missing_ok=True)
            for _, backup in replaced:
                if backup is not None:
                    backup.unlink(missing_ok=True)
            for folder in {p.parent for p in files}:
                _fsync_dir(folder)
