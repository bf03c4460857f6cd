"""What a notebook calls: set up the run, and emit summary, tables, charts and results.

Every client-supplied string is HTML-escaped here, so a stakeholder called
`<script>alert(1)</script>` appears as text in the deliverable. Header facts and results
leave the kernel under the playbook's own mimetypes; the exporter, not the notebook, decides
where they are written, so a failed run can never leave a half-written deliverable.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from playbook import __version__
from playbook.report import theme as charts
from playbook.intake.client import Client, as_of as resolve_as_of, load_client
from playbook.report.mime import META, RESULTS
from playbook.intake.paths import client_dir

MODES = ("live", "report")


@dataclass(frozen=True)
class Context:
    """One run of one notebook for one client."""

    notebook: str
    client_id: str
    folder: Path
    client: Client
    as_of: dt.date
    live: bool

    @property
    def role(self) -> str:
        return self.client.role


def start(notebook: str, client_id: str, data_dir: str | Path, as_of: str | None = None,
          mode: str = "live") -> Context:
    """Validate the client, fix the theme and announce the deliverable's header facts."""
    from IPython.display import HTML, display

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    folder = client_dir(data_dir, client_id)
    client = load_client(folder)
    ctx = Context(notebook, client_id, folder, client, resolve_as_of(client, as_of), mode == "live")
    charts.use_theme()
    pd.set_option("display.max_rows", 200)
    meta = {"client": client.client, "client_id": client_id, "notebook": notebook,
            "as_of": ctx.as_of.isoformat(), "role": client.role, "sector": client.sector,
            "consultant": client.engagement.consultant, "playbook_version": __version__}
    display({META: meta, "text/plain": f"{client.client} · {notebook} · as of {ctx.as_of}"}, raw=True)
    if ctx.live:
        from playbook.report.vega_bundle import bundle_script

        display(HTML(bundle_script()))
    return ctx


def text(value: Any) -> str:
    """Escape client text; `**bold**` in our own phrasing survives as <strong>."""
    escaped = html.escape(str(value))
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)


def _emit(markup: str, plain: str) -> None:
    from IPython.display import display

    display({"text/html": markup, "text/plain": plain}, raw=True)


def findings(items: Iterable[str], title: str = "Key findings") -> None:
    """The executive summary: three to five findings in plain words with numbers."""
    items = list(items)
    body = "".join(f"<li>{text(i)}</li>" for i in items)
    _emit(f'<section class="pb-findings" aria-label="{html.escape(title)}"><ol>{body}</ol></section>',
          "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)))


def paragraph(value: str, kind: str = "note") -> None:
    _emit(f'<p class="pb-{html.escape(kind)}">{text(value)}</p>', value)


def callout(value: str, kind: str = "warning") -> None:
    label = {"warning": "Attention", "info": "Note", "ok": "On track"}.get(kind, "Note")
    _emit(f'<div class="pb-callout pb-{html.escape(kind)}" role="note"><strong>{label}:</strong> '
          f'{text(value)}</div>', f"{label}: {value}")


def bullets(items: Iterable[str]) -> None:
    items = list(items)
    _emit("<ul class=\"pb-list\">" + "".join(f"<li>{text(i)}</li>" for i in items) + "</ul>",
          "\n".join(f"- {i}" for i in items))


def table(frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None,
          index: bool = False) -> None:
    """An accessible table: escaped cells, a caption, numbers right-aligned and formatted."""
    shown = frame.copy()
    for col, fmt in (formats or {}).items():
        if col in shown:
            shown[col] = [("" if v is None or (isinstance(v, float) and pd.isna(v)) else fmt.format(v))
                          for v in shown[col]]
    shown = shown.astype(object).where(shown.notna(), "")
    markup = shown.to_html(index=index, escape=True, border=0, classes="pb-table", na_rep="")
    markup = re.sub(r"<table[^>]*>", lambda _: f'<table class="pb-table"><caption>{html.escape(caption)}</caption>',
                    markup, count=1)
    _emit(markup, f"{caption}\n{frame.to_string(index=index)}")


def chart(figure: Any, title: str, description: str) -> None:
    charts.show(figure, title, description)


def results(values: dict[str, Any]) -> None:
    """Hand the headline figures to the exporter, which writes <notebook>.results.json."""
    from IPython.display import display

    display({RESULTS: values, "text/plain": "results recorded for the deliverable"}, raw=True)
