"""One live workshop session: which client, which form, anonymous or named, the wave (the
session's date), and the random tokens every URL must carry.

Two tokens, so a participant's link never opens the presenter view: the room gets the form's
URL, the projector gets the presenter's."""
from __future__ import annotations

import datetime as dt
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook.intake.client import Client, load_client
from playbook.errors import PlaybookError
from playbook.intake.paths import client_dir
from playbook.workshop.forms import Form

FORMS = ("maturity", "votes", "actuals", "status")
MAX_BODY = 64 * 1024  # bytes: a full maturity form with long comments fits; an upload does not
ANON_PREFIX = "anon-"


def new_token() -> str:
    """128 random bits, URL-safe: guessing one is not a plan."""
    return secrets.token_urlsafe(16)


def anonymous_code() -> str:
    """A respondent code that carries nothing about the person: 'anon-' and 6 random hex digits."""
    return ANON_PREFIX + secrets.token_hex(3)


@dataclass
class Session:
    folder: Path
    client: Client
    form_kind: str
    anonymous: bool = False
    wave: dt.date = field(default_factory=dt.date.today)
    token: str = field(default_factory=new_token)
    presenter_token: str = field(default_factory=new_token)
    max_body: int = MAX_BODY
    participant_url: str = ""  # set by the server once it knows its address
    saved: list[dict[str, Any]] = field(default_factory=list)  # this session's submissions, in memory
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    form: Form = field(init=False)

    def __post_init__(self) -> None:
        from playbook.workshop import actuals_form, maturity_form, status_form, votes_form

        kinds = {"maturity": maturity_form.MaturityForm, "votes": votes_form.VotesForm,
                 "actuals": actuals_form.ActualsForm, "status": status_form.StatusForm}
        if self.form_kind not in kinds:
            raise PlaybookError(f"--form {self.form_kind!r}: expected one of {', '.join(FORMS)}")
        self.form = kinds[self.form_kind](self)
        if self.anonymous and not self.form.anonymous_capable:
            raise PlaybookError(f"--anonymous applies to the maturity and votes forms, not to {self.form_kind}: "
                                "benefit and status reports are given by their owners")

    @staticmethod
    def anonymous_code() -> str:
        return anonymous_code()

    @property
    def client_name(self) -> str:
        return self.client.client


def open_session(data_dir: Path | str, client_id: str, form: str, anonymous: bool = False,
                 wave: dt.date | str | None = None) -> Session:
    """A session for one client's folder; client.yaml must load (the forms read its settings)."""
    folder = client_dir(data_dir, client_id)
    if isinstance(wave, str):
        try:
            wave = dt.date.fromisoformat(wave)
        except ValueError:
            raise PlaybookError(f"--wave {wave!r}: expected a date written YYYY-MM-DD") from None
    return Session(folder, load_client(folder), form, anonymous, wave or dt.date.today())
