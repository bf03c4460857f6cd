"""Serving a session with uvicorn: bind (localhost unless told otherwise), print the links and
the QR code, serve until Ctrl-C, and stop cleanly.

Every write is an atomic replace under a lock, so a stop at any moment leaves each file either
as it was or with the whole submission; uvicorn's graceful shutdown lets a save in progress
finish first. `running()` serves from a background thread, for tests and JupyterLab."""
from __future__ import annotations

import contextlib
import errno
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Iterator, TextIO

import uvicorn

from playbook.errors import PlaybookError
from playbook.workshop.app import create_app
from playbook.workshop.session import Session

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Links:
    participant: str
    presenter: str


def bind(host: str = DEFAULT_HOST, port: int | None = None) -> socket.socket:
    """A listening socket; with no port given, 8765 or, if that is taken, any free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in ([port] if port is not None else [DEFAULT_PORT, 0]):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as exc:
            sock.close()
            if port is None and exc.errno == errno.EADDRINUSE:
                continue
            raise PlaybookError(f"cannot listen on {host}:{candidate}: {exc.strerror or exc}") from None
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    raise PlaybookError(f"cannot find a free port on {host}")  # pragma: no cover


def links(session: Session, sock: socket.socket) -> Links:
    """The URLs to hand out. A wildcard bind is reached through this machine's own address."""
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::"):
        try:
            host = socket.gethostbyname(socket.gethostname())
        except OSError:
            host = "127.0.0.1"
    shown = f"[{host}]" if ":" in host else host
    base = f"http://{shown}:{port}"
    return Links(f"{base}/{session.token}/", f"{base}/{session.presenter_token}/")


def announce(session: Session, found: Links, out: TextIO = sys.stdout) -> None:
    """Tell the consultant where to point the room and the projector."""
    import segno

    who = "anonymous" if session.anonymous else "named"
    print(f"Workshop for {session.client_name}: {session.form.title.lower()} ({who}, wave {session.wave}).", file=out)
    print(f"Participants: {found.participant}", file=out)
    print(f"Presenter:    {found.presenter}   (keep this one for the projector)", file=out)
    segno.make(found.participant, error="m").terminal(out=out, compact=True)
    print("Press Ctrl-C to stop; every saved answer is already on disk.", file=out, flush=True)


def _server(session: Session, quiet: bool) -> uvicorn.Server:
    config = uvicorn.Config(create_app(session), lifespan="off", access_log=False,
                            log_level="warning" if quiet else "info", timeout_graceful_shutdown=5)
    return uvicorn.Server(config)


def serve(session: Session, host: str = DEFAULT_HOST, port: int | None = None) -> int:
    """Serve until Ctrl-C (uvicorn finishes requests in flight, then returns)."""
    sock = bind(host, port)
    found = links(session, sock)
    session.participant_url = found.participant
    announce(session, found)
    server = _server(session, quiet=True)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled once it has shut down
        pass
    finally:
        sock.close()
    print(f"Stopped. {len(session.saved)} row{'s' if len(session.saved) != 1 else ''} saved in this session.")
    return 0


class Background:
    """A server on a background thread (tests, JupyterLab). It stops on `stop()` or after
    `lifetime` seconds, whichever comes first, so a forgotten one never outlives its use."""

    def __init__(self, session: Session, host: str = DEFAULT_HOST, port: int | None = 0, lifetime: float = 300.0):
        self.session, self._sock = session, bind(host, port)
        self.links = links(session, self._sock)
        session.participant_url = self.links.participant
        self._server = _server(session, quiet=True)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True,
                                        name="playbook-workshop")
        self._thread.start()
        self._deadline = threading.Timer(lifetime, self.stop)
        self._deadline.daemon = True
        self._deadline.start()
        for _ in range(250):
            if self._server.started:
                break
            time.sleep(0.02)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._deadline.cancel()
        self._server.should_exit = True
        if threading.current_thread() is not self._thread:
            self._thread.join(10)
        self._sock.close()


@contextlib.contextmanager
def running(session: Session, host: str = DEFAULT_HOST, port: int | None = 0,
            lifetime: float = 300.0) -> Iterator[Links]:
    """Serve from a background thread for the length of a `with` block."""
    server = Background(session, host, port, lifetime)
    try:
        yield server.links
    finally:
        server.stop()
