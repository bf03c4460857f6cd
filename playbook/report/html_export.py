"""Executed notebook → one self-contained executive HTML file.

Our own exporter rather than nbconvert's: no input code ever, no require.js, MathJax or CDN
links, one inlined vega bundle per page, and a firm-editable Jinja template and stylesheet
(templates/deliverable/). Stream output (logs, warnings) is left out: the executed notebook
is the audit log, the HTML is for executives.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import json
from functools import lru_cache
from typing import Any

import jinja2
import nbformat
from markupsafe import Markup
from markdown_it import MarkdownIt

from playbook.errors import RenderError
from playbook.report.formatting import date_text
from playbook.report.mime import CHART, META, RESULTS
from playbook.intake.paths import TEMPLATES
from playbook.report.vega_bundle import loader_js, pack

SKIP_TAGS = {"parameters", "injected-parameters", "workshop", "remove"}
_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table")


def css_string(value: object) -> Markup:
    """Text safe inside a CSS string literal ("...") in a <style> element, where HTML escapes are
    not decoded: everything but letters, digits and plain punctuation becomes a CSS escape."""
    return Markup("".join(c if c.isalnum() or c in " .,-·:()" else f"\\{ord(c):06x}" for c in str(value)))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "deliverable"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    env.filters["cssstring"] = css_string
    env.filters["longdate"] = lambda iso: date_text(dt.date.fromisoformat(str(iso)[:10])) if iso else ""
    return env


def figure_html(payload: dict[str, Any], number: int) -> str:
    spec = pack(json.dumps(payload["spec"], separators=(",", ":")))  # base64: nothing in it can close the tag
    title = html.escape(payload.get("title", ""))
    desc = html.escape(payload.get("description", ""))
    return (f'<figure class="pb-figure" id="figure-{number}">'
            f'<figcaption><span class="pb-fignum">Figure {number}.</span> {title}</figcaption>'
            f'<div class="pb-vega" role="img" aria-label="{title}: {desc}"></div>'
            f'<script type="application/gzip-base64" class="pb-spec">{spec}</script>'
            f'<p class="pb-figdesc">{desc}</p></figure>')


def _output_html(data: dict[str, Any], state: dict[str, Any]) -> str:
    if CHART in data:
        state["charts"] += 1
        return figure_html(data[CHART], state["charts"])
    if META in data:
        state["meta"] = data[META]
        return ""
    if RESULTS in data:
        state["results"] = data[RESULTS]
        return ""
    if "text/html" in data:
        return "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
    if "text/markdown" in data:
        return _md.render(data["text/markdown"])
    if "image/svg+xml" in data:
        return data["image/svg+xml"]
    if "image/png" in data:
        raw = base64.b64decode(data["image/png"])  # re-encode: never trust it as markup
        return f'<img alt="" src="data:image/png;base64,{base64.b64encode(raw).decode()}">'
    return ""


def body_of(nb: nbformat.NotebookNode) -> tuple[str, dict[str, Any]]:
    """The deliverable's body HTML, plus the header facts and results the notebook emitted."""
    state: dict[str, Any] = {"charts": 0, "meta": None, "results": None}
    parts: list[str] = []
    for cell in nb.cells:
        if SKIP_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "markdown":
            parts.append(_md.render(cell.source))
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.get("output_type") in ("display_data", "execute_result"):
                    parts.append(_output_html(out.get("data", {}), state))
    if state["meta"] is None:
        raise RenderError("the executed notebook never called playbook.notebook.start(): no header facts")
    return "\n".join(p for p in parts if p), state


def to_html(nb: nbformat.NotebookNode, title: str, fingerprint: str) -> tuple[str, dict[str, Any] | None]:
    """Render the deliverable; returns the HTML and the results the notebook recorded."""
    body, state = body_of(nb)
    css = (TEMPLATES / "deliverable" / "style.css").read_text(encoding="utf-8")
    page = environment().get_template("report.html.j2").render(
        meta=state["meta"], title=title, fingerprint=fingerprint, body=body, css=css,
        vega=loader_js() if state["charts"] else "", charts=state["charts"])
    return page, state["results"]
