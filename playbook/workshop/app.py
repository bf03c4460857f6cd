"""The workshop's web app (Starlette): the participants' form and the presenter's live view.

Safety first, because the room's network is not the consultant's: every URL starts with a
session token (a wrong or missing one is 403 before anything else happens); a body over the
session's limit is 413 before it is read in full; bad input comes back as the form with the
problems in words; writes go only to this client's files, one submission at a time, through
the playbook's atomic append. Pages are server-rendered HTML with inline CSS and a few lines
of inline JavaScript (no build step, no CDN), and a strict Content-Security-Policy."""
from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from playbook.errors import PlaybookError
from playbook.workshop.forms import Outcome
from playbook.workshop.session import Session

PAGES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                    autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
DONE_COOKIE = "pb_answered"
POLL_MS = 1000


class TokenGuard:
    """Pure ASGI middleware: `/<token>/...` reaches the participant routes, `/<presenter token>/...`
    the presenter's; anything else is 403 without touching the app or the body."""

    def __init__(self, app: ASGIApp, session: Session):
        self.app, self.session = app, session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        parts = scope["path"].split("/", 2)  # "", token, the rest
        token, rest = (parts + ["", ""])[1:3]
        role = ("participant" if _same(token, self.session.token) else
                "presenter" if _same(token, self.session.presenter_token) else None)
        if role is None:
            return await _plain(403, "Forbidden: this link is not valid for the workshop.")(scope, receive, send)
        scope = dict(scope, path=f"/{role}/{rest}")
        await self.app(scope, receive, send)


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def _plain(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status, headers={"Cache-Control": "no-store"})


def _page(name: str, status: int = 200, frame_ancestors: str = "'none'", **context: Any) -> HTMLResponse:
    nonce = secrets.token_urlsafe(12)
    html = PAGES.get_template(name).render(nonce=nonce, poll_ms=POLL_MS, **context)
    return HTMLResponse(html, status_code=status, headers={
        "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
                                    "img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                    f"frame-ancestors {frame_ancestors}")})


async def read_fields(request: Request, limit: int) -> dict[str, str] | Response:
    """The submitted form fields, or the 413/415 to answer instead; never reads past `limit`."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return _plain(413, f"Too large: a submission may be at most {limit // 1024} KB.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return _plain(415, "Expected a form submission (application/x-www-form-urlencoded).")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return _plain(413, f"Too large: a submission may be at most {limit // 1024} KB.")
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=2000)
    return dict(pairs)


def create_app(session: Session) -> ASGIApp:
    """The ASGI app for one session; `session.form` decides which form the room gets."""
    form = session.form

    def form_page(fields: dict[str, str], outcome: Outcome | None = None, status: int = 200) -> HTMLResponse:
        return _page(f"{form.kind}.html.j2", status, s=session, form=form, values=fields, outcome=outcome,
                     **form.context())

    def submit(fields: dict[str, str]) -> tuple[Outcome, str | None]:
        """Check and write one submission; one at a time, so duplicate checks cannot race."""
        with session.write_lock:
            outcome = form.check(fields)
            if not outcome.ok:
                return outcome, None
            try:
                form.write(outcome.rows)
            except (PlaybookError, OSError) as exc:
                return Outcome(problems=[f"Not saved: {exc}"]), None
            session.saved.extend(outcome.rows)
            return outcome, outcome.rows[0].get("respondent") or outcome.rows[0].get("voter")

    async def participant(request: Request) -> Response:
        answered = session.anonymous and request.cookies.get(DONE_COOKIE) == session.token[:8]
        if answered:
            return _page("done.html.j2", s=session, form=form, message="This device has already answered. Thank you.")
        if request.method == "GET":
            return await run_in_threadpool(form_page, {})
        fields = await read_fields(request, session.max_body)
        if isinstance(fields, Response):
            return fields
        outcome, _ = await run_in_threadpool(submit, fields)
        if not outcome.ok:
            return await run_in_threadpool(form_page, fields, outcome, 200 if outcome.confirm else 400)
        print(f"saved: {len(outcome.rows)} row{'s' if len(outcome.rows) != 1 else ''} ({form.kind})", flush=True)
        response = _page("done.html.j2", s=session, form=form, message=outcome.saved)
        if session.anonymous:
            response.set_cookie(DONE_COOKIE, session.token[:8], path=f"/{session.token}/",
                                httponly=True, samesite="strict")
        return response

    async def presenter(request: Request) -> Response:
        # The presenter view may sit in a JupyterLab cell (another origin): it has nothing to click.
        return _page("presenter.html.j2", frame_ancestors="*", s=session, form=form,
                     qr=qr_svg(session.participant_url))

    async def live(request: Request) -> Response:
        data = await run_in_threadpool(form.live)
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def not_found(request: Request, exc: Exception) -> Response:
        return _plain(404, "Not found.")

    app = Starlette(routes=[Route("/participant/", participant, methods=["GET", "POST"]),
                            Route("/presenter/", presenter), Route("/presenter/live.json", live)],
                    exception_handlers={404: not_found, 405: not_found})
    return TokenGuard(app, session)


def qr_svg(url: str) -> str:
    """The participant URL as an inline SVG QR code (segno: pure Python, no image files)."""
    import segno

    return segno.make(url or "about:blank", error="m").svg_inline(scale=6, border=2) if url else ""
