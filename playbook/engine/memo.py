"""What a batch with nothing to do need not compute again, remembered on disk between batches:
each run's part of the firm's statistics, and whether the practice view is current.

Computing the firm's statistics reads every client's portfolio and maturity answers (pandas,
YAML), which is most of what a batch with nothing to do would spend. The parts runs are handed
are small JSON, so they are kept in the cache folder under a key of everything they can depend
on: the bytes of every file in every client folder and of the playbook's code and templates.
Any change to any of those is a new key, so the statistics are computed afresh exactly as before.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from playbook.intake.atomic import atomic_write
from playbook.intake.paths import TEMPLATES, list_clients
from playbook.report.vega_bundle import cache_dir

CODE = Path(__file__).resolve().parents[1]
KEEP = 16  # cache files kept (several data folders, or a few recent states of one)


def _tree_digest(h: Any, root: Path, pattern: str = "*") -> None:
    for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(path.relative_to(root)).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The playbook's code and templates, as they are on disk now (read once per process)."""
    h = hashlib.sha256()
    _tree_digest(h, CODE, "*.py")
    _tree_digest(h, TEMPLATES)
    return h.hexdigest()


def _prune(folder: Path, pattern: str, keep: int) -> None:
    """Only the `keep` most recently written files matching `pattern` stay."""
    for old in sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime)[:-keep]:
        old.unlink(missing_ok=True)


def inputs_digest(data_dir: Path) -> str:
    """Every file of every client folder, and the code."""
    h = hashlib.sha256(code_digest().encode())
    for client in list_clients(data_dir):
        h.update(b"client\0" + client.encode())
        _tree_digest(h, Path(data_dir) / client)
    return h.hexdigest()[:32]


class FirmParts:
    """`get(notebook, folder)` gives what `firm_stats.for_run` would, computing the statistics
    (once) only for a part the cache does not hold; `save()` keeps what was computed."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self._parts: dict[str, Any] | None = None
        self._stats: Any = None
        self._dirty = False
        self.path: Path | None = None

    def _load(self) -> dict[str, Any]:
        if self._parts is None:
            self.path = cache_dir() / f"firm-parts-{inputs_digest(self.data_dir)}.json"
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self._parts = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._parts = {}
        return self._parts

    def get(self, notebook: str, folder: Path) -> dict[str, Any] | None:
        parts, key = self._load(), f"{Path(folder).name}/{notebook}"
        if key in parts:
            return parts[key]
        from playbook.engine import firm_stats

        if not firm_stats.takes_part(notebook):
            found = None
        else:
            if self._stats is None:
                self._stats = firm_stats.compute(self.data_dir)
            found = firm_stats.for_run(self._stats, notebook, Path(folder))
        try:  # only what survives JSON unchanged is remembered (a tuple would come back a list)
            if json.loads(json.dumps(found, allow_nan=False)) != found:
                return found
        except (TypeError, ValueError):
            return found
        parts[key] = found
        self._dirty = True
        return found

    def save(self) -> None:
        if not self._dirty or self.path is None:
            return
        try:
            atomic_write(self.path, json.dumps(self._parts, sort_keys=True))
            _prune(self.path.parent, "firm-parts-*.json", KEEP)
        except OSError:
            pass  # a read-only home still runs, computing the statistics each time
        self._dirty = False


VIEW_FILES = ("index.html", "index.version.js")


def _today() -> str:
    return dt.date.today().isoformat()


def view_inputs(data_dir: Path, out_dir: Path) -> str:
    """What the practice view is drawn from: the client folders and code, today's date, and
    every file the batches wrote (names, sizes, modification times)."""
    h = hashlib.sha256(f"{inputs_digest(data_dir)}\0{_today()}".encode())
    out_dir = Path(out_dir)
    for path in sorted(out_dir.rglob("*")):
        if path.is_file() and path.name not in VIEW_FILES and not path.name.endswith((".lock", ".tmp")):
            st = path.stat()
            h.update(f"{path.relative_to(out_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:32]


class ViewMemo:
    """`current()` is True when the practice view on disk was built from exactly these inputs and
    is unchanged since; `record()` notes a fresh build."""

    def __init__(self, data_dir: Path, out_dir: Path):
        self.out_dir = Path(out_dir).resolve()
        self.key = view_inputs(data_dir, self.out_dir)
        self.path = cache_dir() / "views" / (hashlib.sha256(str(self.out_dir).encode()).hexdigest()[:32] + ".json")

    def _page_digest(self) -> str | None:
        try:
            return hashlib.sha256((self.out_dir / VIEW_FILES[0]).read_bytes()).hexdigest()
        except OSError:
            return None

    def current(self) -> bool:
        try:
            seen = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return (isinstance(seen, dict) and seen.get("inputs") == self.key and (self.out_dir / VIEW_FILES[1]).is_file()
                and seen.get("page") == self._page_digest())

    def record(self) -> None:
        try:
            atomic_write(self.path, json.dumps({"inputs": self.key, "page": self._page_digest()}))
            _prune(self.path.parent, "*.json", KEEP * 4)  # one a reports folder: keep the recent ones
        except OSError:
            pass  # the view is simply rebuilt next time
