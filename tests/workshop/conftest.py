"""Fixtures for the workshop server: a session on a writable copy of the demo data, served on
a free port of 127.0.0.1 from a background thread that stops by itself."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest

from playbook.workshop import Links, Session, open_session, running
from tests.workshop.workshop_helpers import CLIENT, WAVE


@pytest.fixture
def serve(data_dir: Path) -> Iterator[Callable[..., tuple[Session, Links]]]:
    """serve(form, anonymous=False) -> (session, links); every server stops at the test's end."""
    stack = []

    def start(form: str, anonymous: bool = False, **kwargs) -> tuple[Session, Links]:
        session = open_session(data_dir, CLIENT, form, anonymous=anonymous, wave=WAVE)
        for key, value in kwargs.items():
            setattr(session, key, value)
        ctx = running(session, lifetime=120)
        stack.append(ctx)
        return session, ctx.__enter__()

    yield start
    for ctx in reversed(stack):
        ctx.__exit__(None, None, None)

