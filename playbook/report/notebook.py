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

import numpy as np
import pandas as pd

from playbook import __version__
from playbook.report import theme as charts
from playbook.report.formatting import date_text
from playbook.intake.client import Client, as_of as resolve_as_of, load_client, steering_date
from playbook.report.mime import META, RESULTS, TABLE, finite_json
from playbook.intake.paths import client_dir

MODES = ("live", "report")
_session = {"live": True}  # this kernel's mode, set by start(): charts draw in JupyterLab only when live


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

    @property
    def decide_on(self) -> dt.date:
        """The one date every deliverable of this client asks its decisions by: the next
        steering meeting in its cadence, else two weeks after as-of."""
        return steering_date(self.client, self.as_of)[1]


def start(notebook: str, client_id: str, data_dir: str | Path, as_of: str | None = None,
          mode: str = "live") -> Context:
    """Validate the client, fix the theme and announce the deliverable's header facts."""
    from IPython.display import HTML, display

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    folder = client_dir(data_dir, client_id)
    client = load_client(folder)
    ctx = Context(notebook, client_id, folder, client, resolve_as_of(client, as_of), mode == "live")
    _session["live"] = ctx.live
    charts.use_theme()
    pd.set_option("display.max_rows", 200)
    meta = {"client": client.client, "client_id": client_id, "notebook": notebook, "currency": client.currency,
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


def _emit(markup: str, plain: str, extra: Mapping[str, Any] | None = None) -> None:
    from IPython.display import display

    display({"text/html": markup, "text/plain": plain, **(extra or {})}, raw=True)


def findings(items: Iterable[str], title: str = "Key findings") -> None:
    """The executive summary: three to five findings in plain words with numbers."""
    items = list(items)
    body = "".join(f"<li>{text(i)}</li>" for i in items)
    _emit(f'<section class="pb-findings" aria-label="{html.escape(title)}"><ol>{body}</ol></section>',
          "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)))


@dataclass(frozen=True)
class Decision:
    """A decision the deliverable asks for: what, who decides, by when."""

    what: str
    who: str
    by: dt.date | str


def _when(value: dt.date | str) -> str:
    return date_text(value) if isinstance(value, dt.date) else str(value)


def summary(governing_thought: str, items: Iterable[str], decisions: Iterable[Decision],
            title: str = "Executive summary") -> None:
    """The deliverable's opening: one governing sentence, the findings ordered by what most needs
    the executive, and the decisions requested, each with who decides and by when. The board
    pack lifts this section as the deliverable's decision page."""
    items, decisions = list(items), list(decisions)
    if not decisions:
        raise ValueError("every deliverable ends its summary with at least one decision requested")
    rows = "".join(f"<tr><td>{text(d.what)}</td><td>{text(d.who)}</td><td>{text(_when(d.by))}</td></tr>"
                   for d in decisions)
    findings_html = "".join(f"<li>{text(i)}</li>" for i in items)
    markup = (f'<section class="pb-summary" aria-label="{html.escape(title)}"><h2>{html.escape(title)}</h2>'
              f'<p class="pb-governing">{text(governing_thought)}</p>'
              f'<div class="pb-findings"><ol>{findings_html}</ol></div>'
              f'<h3 class="pb-decisions-title">Decisions requested</h3>'
              f'<table class="pb-table pb-decisions"><caption class="pb-sr-only">Decisions requested</caption>'
              f'<thead><tr><th scope="col">Decision</th><th scope="col">Who decides</th>'
              f'<th scope="col">By when</th></tr></thead><tbody>{rows}</tbody></table></section>')
    plain = [governing_thought, *(f"{n}. {i}" for n, i in enumerate(items, 1)), "Decisions requested:",
             *(f"- {d.what} ({d.who}, by {_when(d.by)})" for d in decisions)]
    asked = pd.DataFrame([(d.what, d.who, d.by) for d in decisions], columns=["Decision", "Who decides", "By when"])
    _emit(markup, "\n".join(plain), {TABLE: table_data(asked, "Decisions requested", {"By when": "{:%-d %B %Y}"})})


APPENDIX_MARK = '<hr class="pb-appendix-start"'


def appendix(title: str = "Appendix: how the figures were worked out") -> None:
    """From here on the deliverable is its appendix: methods, statistics and file names are
    explained for a reader who is not a statistician; executive text above it never needs them."""
    _emit(f'{APPENDIX_MARK} aria-hidden="true"><h2 class="pb-appendix">{html.escape(title)}</h2>', title)


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


def _signed(shown: str) -> str:
    """A currency symbol before the sign reads wrongly: "£-72,314" is written "−£72,314"."""
    return re.sub(r"^([^\d\s+\-−.,]+)-", "−\u2060\\1", shown)  # a word joiner: never a line break after the sign


def table(frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None,
          index: bool = False) -> None:
    """An accessible table: escaped cells, a caption, numbers right-aligned and formatted."""
    shown = frame.copy()
    for col, fmt in (formats or {}).items():
        if col in shown:
            shown[col] = [("" if v is None or (isinstance(v, float) and pd.isna(v)) else _signed(fmt.format(v)))
                          for v in shown[col]]
    shown = shown.astype(object).where(shown.notna(), "")
    markup = shown.to_html(index=index, escape=True, border=0, classes="pb-table", na_rep="")
    markup = re.sub(r"<table[^>]*>", lambda _: f'<table class="pb-table"><caption>{html.escape(caption)}</caption>',
                    markup, count=1)
    _emit(markup, f"{caption}\n{frame.to_string(index=index)}", {TABLE: table_data(frame, caption, formats, index)})


def _plain(value: Any) -> tuple[Any, str | None]:
    """A cell as JSON and its kind: numbers, booleans and dates keep their type for the workbook."""
    if value is None or value is pd.NaT or (not isinstance(value, (str, bytes)) and pd.api.types.is_scalar(value)
                                             and pd.isna(value)):
        return None, None
    if isinstance(value, (bool, np.bool_)):
        return bool(value), "bool"
    if isinstance(value, (int, np.integer)):
        return int(value), "number"
    if isinstance(value, (float, np.floating)):
        return (float(value), "number") if np.isfinite(value) else (None, None)
    if isinstance(value, (dt.date, pd.Timestamp)):
        stamp = pd.Timestamp(value)
        return (stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()), "date"
    return str(value), "text"


def table_data(frame: pd.DataFrame, caption: str, formats: Mapping[str, str] | None = None,
               index: bool = False) -> dict[str, Any]:
    """The table's values as JSON (what the numbers workbook shows), with each column's kind."""
    data = frame.reset_index() if index else frame
    columns = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in data.columns]
    rows, kinds = [], {}
    for record in data.itertuples(index=False, name=None):
        row = []
        for column, value in zip(columns, record):
            plain, kind = _plain(value)
            if kind:
                kinds.setdefault(column, kind)
            row.append(plain)
        rows.append(row)
    return {"caption": caption, "columns": columns, "rows": rows, "kinds": kinds,
            "formats": {str(k): v for k, v in (formats or {}).items()}}


def chart(figure: Any, title: str, description: str) -> None:
    charts.show(figure, title, description, _session["live"])


def results(values: dict[str, Any]) -> None:
    """Hand the headline figures to the exporter, which writes <notebook>.results.json."""
    from IPython.display import display

    display({RESULTS: finite_json(values), "text/plain": "results recorded for the deliverable"}, raw=True)
