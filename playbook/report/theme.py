"""Shared chart plumbing: the theme registry, and how a chart leaves the kernel.

A chart is emitted as its Vega-Lite spec under our own mimetype. The exporter draws every
chart on the page with one inlined copy of vega-embed (no CDN), and JupyterLab gets the same
spec as HTML, so workshop and deliverable show identical charts. Data is aggregated in pandas
before it reaches a chart: raw rows bloat the HTML and slow papermill.
"""
from __future__ import annotations

import html
import json
import os
from functools import lru_cache
from typing import Any

import altair as alt

from playbook.report.mime import CHART as MIME, finite_json
from playbook.intake.paths import TEMPLATES
from playbook.intake.yaml_files import load_rt, plain

DEFAULT_THEME = "playbook"
_count = 0


def theme_names() -> list[str]:
    return sorted(p.stem for p in (TEMPLATES / "themes").glob("*.yaml"))


def palette(name: str | None = None) -> dict[str, Any]:
    """The theme's colours, for charts that colour by meaning (RAG, target lines)."""
    return _theme(name or os.environ.get("PLAYBOOK_THEME", DEFAULT_THEME))


@lru_cache(maxsize=None)
def _theme(name: str) -> dict[str, Any]:
    return plain(load_rt(TEMPLATES / "themes" / f"{name}.yaml"))


def use_theme(name: str | None = None) -> dict[str, Any]:
    """Register and enable the theme with altair, so every chart gets fonts, colours, sizes."""
    p = palette(name)

    def config() -> dict[str, Any]:
        axis = {"labelColor": p["muted"], "titleColor": p["text"], "gridColor": p["grid"],
                "domainColor": p["grid"], "tickColor": p["grid"], "labelFontSize": 12, "titleFontSize": 13,
                "labelFont": p["font"], "titleFont": p["font"], "titleFontWeight": 600}
        return {"config": {
            "font": p["font"], "background": "white", "aria": False,  # the figure is labelled as one image
            "view": {"stroke": None, "continuousWidth": 720, "continuousHeight": 320},
            "axis": axis, "legend": {"labelFont": p["font"], "titleFont": p["font"], "labelColor": p["text"],
                                     "titleColor": p["text"], "orient": "bottom"},
            "title": {"font": p["font"], "color": p["text"], "fontSize": 14, "anchor": "start"},
            "range": {"category": p["categorical"], "heatmap": {"scheme": p["sequential"]}},
            "mark": {"color": p["accent"]}, "bar": {"color": p["accent"]},
        }}

    alt.theme.register("playbook-active", enable=True)(config)
    return p


def rag_scale(p: dict[str, Any] | None = None) -> alt.Scale:
    p = p or palette()
    order = ["green", "amber", "red", "no-data"]
    return alt.Scale(domain=order, range=[p["rag"][k] for k in order])


def validating() -> bool:
    """Whether chart specs are checked against the Vega-Lite schema: in the test suite
    (PLAYBOOK_VALIDATE_CHARTS=1), not in every run. Every chart function runs under the tests,
    and the browser tests prove the specs draw; in a batch the checks were a quarter of the
    time spent on charts."""
    return os.environ.get("PLAYBOOK_VALIDATE_CHARTS") == "1"


if not validating():  # altair also checks each schema object as it is built, not only at to_dict
    alt.utils.schemapi.disable_debug_mode()


def spec_of(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The spec without its `$schema` URL: the page passes mode "vega-lite" explicitly, and a
    deliverable should carry no web address it does not need. Validated only when `validating()`."""
    spec = chart.to_dict(validate=validating())
    spec.pop("$schema", None)
    return finite_json(spec)  # NaN in inline data would break JSON.parse in the page


def bundle(chart: alt.TopLevelMixin, title: str, description: str, live: bool = True) -> dict[str, Any]:
    """The display bundle of one chart: our mimetype for export, a plain-text description for
    screen readers and text-only viewers, and (`live`) HTML that draws it in JupyterLab. A report
    run leaves the HTML out: only a live session defines the page's vega loader, so it would draw
    nothing, and it was over a third of every report run's output (the spec a second time)."""
    global _count
    _count += 1
    spec = {**spec_of(chart), "description": description}  # not .properties(): it re-validates the chart
    shown = {MIME: {"spec": spec, "title": title, "description": description}, "text/plain": f"{title}: {description}"}
    if not live:
        return shown
    safe = json.dumps(spec).replace("<", "\\u003c")
    chart_id = f"pb-live-{os.getpid()}-{_count}"
    shown["text/html"] = (f'<figure class="pb-figure"><figcaption>{html.escape(title)}</figcaption>'
                          f'<div id="{chart_id}"></div><p>{html.escape(description)}</p>'
                          f'<script>window.pbVega && pbVega.then(function (embed) {{ embed("#{chart_id}", {safe}, '
                          f'{{actions:false, renderer:"svg", mode:"vega-lite"}}); }});'
                          f'</script></figure>')
    return shown


def show(chart: alt.TopLevelMixin, title: str, description: str, live: bool = True) -> None:
    from IPython.display import display

    display(bundle(chart, title, description, live), raw=True)
