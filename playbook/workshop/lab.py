"""The workshop server from a JupyterLab cell: start it beside the notebook, show the room's
link and QR code, and a live presenter view in the cell for the projector."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from playbook.intake.client import load_client
from playbook.workshop.app import qr_svg
from playbook.workshop.server import DEFAULT_HOST, Background
from playbook.workshop.session import Session

_RUNNING: dict[tuple[str, str], Background] = {}
HOURS = 4.0  # a workshop ends; a forgotten server should too


def start(folder: Path | str, form: str, anonymous: bool = False, wave: dt.date | None = None,
          host: str = DEFAULT_HOST, port: int | None = None, show: bool = True) -> Background:
    """Serve `form` for the client in `folder`; re-running the cell replaces the previous server."""
    folder = Path(folder)
    key = (str(folder.resolve()), form)
    if key in _RUNNING:
        _RUNNING.pop(key).stop()
    session = Session(folder, load_client(folder), form, anonymous, wave or dt.date.today())
    server = Background(session, host, port, lifetime=HOURS * 3600)
    _RUNNING[key] = server
    if show:
        from IPython.display import HTML, display

        display(HTML(panel(server)))
    return server


def panel(server: Background) -> str:
    """The cell's output: the room's link and QR code, the presenter's link, and the presenter
    view itself in a frame."""
    s, found = server.session, server.links
    who = "anonymous" if s.anonymous else "named"
    return (f'<div style="display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap">'
            f'<div>{qr_svg(found.participant)}</div><div><p><b>{html.escape(s.form.title)}</b> for '
            f'{html.escape(s.client_name)} ({who}, wave {s.wave}).</p>'
            f'<p>Participants: <a href="{found.participant}" target="_blank">{found.participant}</a></p>'
            f'<p>Presenter: <a href="{found.presenter}" target="_blank">{found.presenter}</a></p>'
            f'<p><small>Stops after {HOURS:g} hours, on kernel restart, or with <code>.stop()</code>.</small></p>'
            f'</div></div><iframe src="{found.presenter}" title="Live results" '
            f'style="width:100%;height:520px;border:1px solid #d0d5dd;border-radius:8px"></iframe>')


def stop_all() -> None:
    """Stop every server this kernel started (the end of the workshop)."""
    while _RUNNING:
        _RUNNING.popitem()[1].stop()
