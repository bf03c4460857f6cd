"""Where things live. Every path built from a client id goes through here, so an id can
never escape the data or report folder (no '..', separators or absolute paths)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from playbook.errors import ClientIdError, ClientNotFound, Issue, Text

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_DATA_DIR = ROOT / "data" / "clients"
DEFAULT_OUT_DIR = ROOT / "reports"

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def is_slug(name: str) -> bool:
    """Whether `name` could be a client id (a folder the playbook itself would create)."""
    return isinstance(name, str) and bool(_SLUG.fullmatch(name))


def check_client_id(client_id: str) -> str:
    """Return the id unchanged if it is a safe slug; otherwise say exactly what is wrong."""
    if not isinstance(client_id, str) or not _SLUG.fullmatch(client_id):
        raise ClientIdError(
            f"client id {client_id!r} is not valid: expected a slug of lowercase letters, digits "
            "and hyphens, at most 64 characters, starting and ending with a letter or digit"
        )
    return client_id


def _inside(base: Path, client_id: str) -> Path:
    base = Path(base).resolve()
    path = (base / check_client_id(client_id)).resolve()
    if path.parent != base:  # belt and braces: the slug rule already forbids this
        raise ClientIdError(f"client id {client_id!r} resolves outside {base}")
    return path


def client_dir(data_dir: Path | str, client_id: str, must_exist: bool = True) -> Path:
    path = _inside(Path(data_dir), client_id)
    if must_exist and not path.is_dir():
        raise ClientNotFound(f"no client folder {path}: create it with `playbook new-client {client_id}`")
    return path


def report_dir(out_dir: Path | str, client_id: str) -> Path:
    return _inside(Path(out_dir), client_id)


def list_clients(data_dir: Path | str) -> list[str]:
    """Client ids found in the data folder; folders that are not valid slugs are ignored."""
    base = Path(data_dir)
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and _SLUG.fullmatch(p.name))


def paths_for(out_dir: Path, client_id: str, notebook: str) -> dict[str, Path]:
    """A deliverable's files: the HTML, its results, the numbers behind its tables and charts, the
    executed notebook, a failed run's, and the version script an open page polls to reload itself
    (`playbook watch`)."""
    folder = report_dir(out_dir, client_id)
    return {"html": folder / f"{notebook}.html", "json": folder / f"{notebook}.results.json",
            "xlsx": folder / f"{notebook}.xlsx",
            "ipynb": folder / f"{notebook}.ipynb", "failed": folder / f"{notebook}.failed.ipynb",
            "version": folder / f"{notebook}.version.js"}


def version_script(version: str) -> str:
    """The body of a page's version file: calls the page's pbVersion() with the current version."""
    return f"window.pbVersion && window.pbVersion({json.dumps(str(version))});\n"


def read_confined(path: Path, limit: int) -> tuple[bytes, Issue | None]:
    """A client file's bytes, or the Issue saying why it may not be read: missing, not a regular
    file (a FIFO would hang the batch), a link to a file outside its own folder (another
    client's data, /etc/passwd), or larger than `limit` bytes. Nothing outside is ever read."""
    path = Path(path)
    name = path.name
    if path.is_symlink() and path.resolve().parent != path.parent.resolve():
        return b"", Issue(name, "(file)", Text("a link to a file outside the client folder"),
                          "the file itself, inside the client folder (links out are never followed)")
    if not path.is_file():
        return b"", Issue(name, "(file)", None, f"a file at {path}")
    size = path.stat().st_size
    if size > limit:
        return b"", Issue(name, "(file)", Text(f"{size / 1e6:,.1f} MB"),
                          f"a file of at most {limit / 1e6:g} MB (split it, or remove old rows)")
    with path.open("rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        return b"", Issue(name, "(file)", Text("a file still growing past the limit"),
                          f"a file of at most {limit / 1e6:g} MB")
    return data, None
