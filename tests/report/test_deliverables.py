"""Structure of every rendered demo deliverable, then the same pages in headless Chromium
with the network off: every chart draws, nothing is fetched, the console stays clean."""
from __future__ import annotations

import json
import re

import pytest

from tests.browser import open_offline
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.report import deliverables

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_every_demo_deliverable_was_rendered(rendered):
    assert rendered, "no deliverables rendered"
    for html in rendered.values():
        assert html.is_file() and html.with_name(html.stem + ".results.json").is_file()
        assert html.with_name(html.stem + ".ipynb").is_file()


def test_no_external_urls_and_one_vega_bundle(rendered):
    for html in rendered.values():
        page = html.read_text(encoding="utf-8")
        assert not EXTERNAL.search(page), html
        assert "<link" not in page.lower() and "@import" not in page
        if "pb-figure" in page:
            assert page.count("window.pbVega=") == 1, "vega must be inlined once per document"
            assert "window.vegaEmbed=" not in page, "the bundle is inlined compressed, never also in plain"


MAX_BYTES = 500_000


def test_every_demo_deliverable_is_under_half_a_megabyte(rendered):
    """The vega libraries (0.9 MB plain) and every chart spec are inlined gzipped in base64."""
    sizes = {key: html.stat().st_size for key, html in rendered.items()}
    assert len(sizes) >= 15  # three demo clients, every notebook
    assert max(sizes.values()) < MAX_BYTES, {k: v for k, v in sizes.items() if v >= MAX_BYTES}


def test_chart_specs_round_trip_through_the_page(rendered):
    """What the page unpacks is the spec the notebook emitted, and no spec is left in plain."""
    import nbformat
    from playbook.report.mime import CHART
    from playbook.report.vega_bundle import unpack

    html = rendered[(sorted(rendered)[0][0], "prioritisation")]
    packed = re.findall(r'<script type="application/gzip-base64" class="pb-spec">(.*?)</script>', html.read_text())
    emitted = [out["data"][CHART]["spec"] for cell in nbformat.read(html.with_suffix(".ipynb"), 4).cells
               for out in cell.get("outputs", []) if CHART in out.get("data", {})]
    assert packed and [json.loads(unpack(p)) for p in packed] == emitted
    assert 'class="pb-spec">{' not in html.read_text()


def test_no_input_code_in_the_deliverable(rendered):
    for (client, notebook), html in rendered.items():
        page = html.read_text(encoding="utf-8")
        assert "pb.start(" not in page and "import " not in re.sub(r"<script.*?</script>", "", page, flags=re.S)
        assert 'class="input' not in page and "jp-InputArea" not in page
        assert "client_id =" not in page


def test_header_fields_and_summary_first(rendered):
    for (client, notebook), html in rendered.items():
        page = html.read_text(encoding="utf-8")
        results = json.loads(html.with_name(f"{notebook}.results.json").read_text())
        header = page[page.index('<header class="pb-header">'):page.index("</header>")]
        for field in ("client", "deliverable", "as-of", "version", "fingerprint"):
            assert f'data-field="{field}"' in header
        assert results["fingerprint"] in header
        assert deliverables.REGISTRY[notebook].title in header
        main = page[page.index('<main'):]
        first_h2 = re.search(r"<h2>(.*?)</h2>", main).group(1)
        assert first_h2 == "Executive summary", (client, notebook)
        first_end = main.index("</h2>")
        second_h2 = main.find("<h2", first_end)
        assert first_end < main.index("pb-findings") < (second_h2 if second_h2 > 0 else len(main)), (client, notebook)
        assert "@media print" in page


def test_maturity_results_schema(rendered):
    for (client, notebook), html in rendered.items():
        if notebook != "maturity":
            continue
        r = json.loads(html.with_name("maturity.results.json").read_text())
        assert isinstance(r["overall_level"], float) and isinstance(r["respondents"], int)
        assert 8 <= r["respondents"] <= 20
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["wave"])
        for dim in r["dimensions"].values():
            assert set(dim) >= {"score", "target", "gap", "rwg", "iqr"}


@pytest.mark.browser
def test_charts_draw_offline_in_chromium_and_pass_axe(rendered):
    """Every chart draws with the network off, and axe-core finds nothing serious or critical."""
    pages = dict(rendered)
    pages[("practice", "index")] = next(iter(rendered.values())).parent.parent / "index.html"
    for (client, notebook), html in pages.items():
        if not html.exists():  # the session fixture renders with `run`; build the practice view as a batch would
            from playbook.engine.watch import build_view
            build_view(DEFAULT_DATA_DIR, html.parent)
        report = open_offline(html, accessibility=True)
        assert report.figures > 0, (client, notebook)
        assert report.rendered == report.figures, (client, notebook, report.errors)
        assert report.errors == [] and report.requests == [] and report.dialogs == []
        serious = [v for v in report.violations if v["impact"] in ("serious", "critical")]
        assert serious == [], (client, notebook, serious)


def test_tables_carry_their_captions(rendered):
    for (client, notebook), html in rendered.items():
        page = html.read_text(encoding="utf-8")
        tables = page.count('<table class="pb-table')  # also the summary's "pb-table pb-decisions"
        assert page.count("<caption") == tables, (client, notebook)  # the summary's is for screen readers only


@pytest.mark.browser
def test_charts_draw_offline_in_firefox(rendered):
    """The compressed bundle unpacks in Firefox too (DecompressionStream: Firefox 113+)."""
    from tests.firefox import FIREFOX, open_in_firefox

    # `make test` installs Debian's Firefox ESR and JupyterLab (which brings websocket-client):
    # a missing one is a failure here, never a skip
    assert FIREFOX is not None, "Firefox is not installed (Debian: apt-get install firefox-esr; `make test` does)"
    import websocket  # noqa: F401
    for html, (figures, drawn, errors) in open_in_firefox(list(rendered.values())).items():
        assert figures > 0 and drawn == figures and errors == [], (html, figures, drawn, errors)
