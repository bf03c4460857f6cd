"""At scale (the synthetic client: 100 initiatives, 50 benefits, 30 respondents) the prioritisation
deliverable stays under 1.5 MB, no chart is taller than a printed page, long lists show their top
and say how many more the appendix holds, and long names wrap instead of being cut."""
from __future__ import annotations

from pathlib import Path

import pytest
from tests.specs import chart_specs

from playbook.intake.paths import ROOT
from playbook.prioritisation import charts


def make_client(*args, **kwargs) -> Path:
    """scripts/synthetic_client.py's make_client (scripts/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("synthetic_client", ROOT / "scripts" / "synthetic_client.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_client(*args, **kwargs)

MAX_BYTES = 1_500_000
MAX_HEIGHT = 900  # px: an A4 page's printable height at the deliverable's scale, titles and axes aside
DEFAULT_STEP = 20  # Vega-Lite's step for a discrete axis without a height


def chart_height(node: dict, datasets: dict, data: dict | None = None) -> float:
    """The plotted height of a Vega-Lite view: numbers as given, a step times the distinct values
    on the y axis, concatenations summed (vertical) or the tallest (horizontal)."""
    data = node.get("data", data)
    if "vconcat" in node:
        return sum(chart_height(c, datasets, data) for c in node["vconcat"])
    if "hconcat" in node:
        return max(chart_height(c, datasets, data) for c in node["hconcat"])
    height = node.get("height")
    if isinstance(height, (int, float)):
        return float(height)
    views = node.get("layer", [node])
    step = height["step"] if isinstance(height, dict) else DEFAULT_STEP
    distinct = 0
    for view in views:
        y = view.get("encoding", {}).get("y", {})
        rows = datasets.get((view.get("data") or data or {}).get("name"), [])
        if y.get("type") in ("nominal", "ordinal") and "field" in y:
            distinct = max(distinct, len({r.get(y["field"]) for r in rows}))
    return float(step * max(distinct, 1)) if distinct or isinstance(height, dict) else 300.0


def test_the_height_reader_on_hand_made_specs():
    rows = [{"y": f"r{i}"} for i in range(12)]
    step = {"height": {"step": 30}, "data": {"name": "d"}, "mark": "bar",
            "encoding": {"y": {"field": "y", "type": "nominal"}}}
    assert chart_height(step, {"d": rows}) == 360
    assert chart_height({"hconcat": [{"height": 200}, {"height": 840}]}, {}) == 840
    assert chart_height({"vconcat": [{"height": 200}, {"height": 300}]}, {}) == 500


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    from playbook.engine.run import run

    data = tmp_path_factory.mktemp("data")
    make_client(data, "scale-test", initiatives=100, benefits=50, respondents=30)
    return run("scale-test", "prioritisation", data, tmp_path_factory.mktemp("out")).html


def specs(html: str) -> list[dict]:
    return [s.get("spec", s) for s in chart_specs(html)]


def test_the_deliverable_stays_small_and_every_chart_fits_a_page(page):
    assert page.stat().st_size < MAX_BYTES
    html = page.read_text(encoding="utf-8")
    shown = specs(html)
    assert len(shown) >= 6
    for spec in shown:
        title = spec.get("title", {}).get("text") if isinstance(spec.get("title"), dict) else spec.get("title")
        assert chart_height(spec, spec.get("datasets", {})) <= MAX_HEIGHT, title


def test_long_lists_show_the_top_and_count_the_rest(page):
    html = page.read_text(encoding="utf-8")
    cut = next(s for s in specs(html) if s.get("title", {}).get("text") == "The cut list")
    # the synthetic client has 70 proposals (30 of its 100 initiatives are committed work): 25 shown
    assert "and 45 more, listed in full in the appendix" in cut["title"]["subtitle"]
    appendix = html.split('<hr class="pb-appendix-start"', 1)[1]
    assert appendix.count("programme phase") >= 70  # every proposal in the full cut list after the appendix mark


def test_long_names_wrap_and_are_never_cut(plans):
    plan = plans["acme-logistics"]
    frame = plan.portfolio[["name"]].head(3).assign(name=["A very long initiative name that runs on well past "
                                                          "forty-four characters in all", "Short", "Another"])
    labels = charts._label(frame)
    assert all(len(line) <= charts.WRAP for line in labels[0].split("|")) and "|" in labels[0]
    assert labels[0].replace("|", " ") == f"{frame.index[0]} {frame['name'].iloc[0]}"
    assert labels[1] == f"{frame.index[1]} Short"
