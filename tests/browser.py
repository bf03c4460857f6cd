"""Open a deliverable in Debian's headless Chromium with the network off (Playwright drives
it; no browser is ever downloaded) and report what drew and what the console said."""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class PageReport:
    figures: int
    rendered: int
    svgs: int
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    violations: list[dict] = field(default_factory=list)
    print_heights: list[float] = field(default_factory=list)


def _axe_js() -> str:
    """axe-core as shipped inside the axe-playwright-python wheel (PyPI): no CDN, no npm step."""
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(
    v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


A4_CONTENT_PX = (round((210 - 28) / 25.4 * 96), round((297 - 32) / 25.4 * 96))  # inside the print CSS's margins


def open_offline(path: Path, screenshot: Path | None = None, timeout_ms: int = 20000,
                 accessibility: bool = False, printed: bool = False) -> PageReport:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:  # Playwright gives each launch a fresh, empty profile
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=FLAGS)
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        report = PageReport(0, 0, 0)
        page.on("console", lambda m: report.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report.errors.append(str(e)))
        page.on("dialog", lambda d: (report.dialogs.append(d.message), d.dismiss()))

        def block(route):
            url = route.request.url
            if not url.startswith(("file:", "data:", "about:")):
                report.requests.append(url)
                return route.abort()
            return route.continue_()

        page.route("**/*", block)
        page.goto(path.resolve().as_uri())
        report.figures = page.locator("figure.pb-figure").count()
        if report.figures:
            try:
                page.wait_for_function(
                    "() => document.querySelectorAll('.pb-vega[data-rendered], .pb-vega[data-error]').length"
                    " === document.querySelectorAll('figure.pb-figure').length", timeout=timeout_ms)
            except Exception as exc:  # report what drew rather than hang the suite
                report.errors.append(f"timeout waiting for charts: {exc}")
        report.rendered = page.locator(".pb-vega[data-rendered] svg.marks").count()
        report.svgs = page.locator(".pb-vega svg").count()
        report.text = page.inner_text("body")
        if accessibility:
            page.add_script_tag(content=_axe_js())
            report.violations = page.evaluate(AXE_RUN)
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        if printed:  # each chart's height as laid out on an A4 page by the print CSS
            page.emulate_media(media="print")
            page.set_viewport_size({"width": A4_CONTENT_PX[0], "height": A4_CONTENT_PX[1]})
            report.print_heights = page.evaluate(
                "() => [...document.querySelectorAll('.pb-vega svg')].map(s => s.getBoundingClientRect().height)")
        browser.close()
    return report
