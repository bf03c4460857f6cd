"""`playbook pack CLIENT`: one page-numbered PDF for the board, printed by headless Chromium.

The pack is assembled from the client's rendered deliverables (so it never disagrees with
them): a cover with contents, the decision pages of every deliverable first (each one's
executive summary), then each deliverable in full. One HTML document is printed once, so page
numbers run through the whole pack and the vega bundle is inlined once. Chromium is Debian's
package; nothing is downloaded.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playbook.errors import PlaybookError
from playbook.intake.atomic import atomic_write
from playbook.intake.paths import TEMPLATES, paths_for, report_dir
from playbook.report import deliverables
from playbook.report.html_export import environment
from playbook.report.vega_bundle import loader_js

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer"]
INSTALL_HINT = ("install Debian's Chromium (`sudo apt-get install -y chromium`, or `make chromium`), "
                "or set PLAYBOOK_CHROMIUM to its path")
PACK = "board-pack.pdf"


class PackError(PlaybookError):
    """The board pack cannot be made (no deliverables yet, or no Chromium to print with)."""


@dataclass(frozen=True)
class Section:
    notebook: str
    title: str
    summary: str
    body: str
    charts: int


def chromium() -> str:
    """The Chromium binary to print with, or a PackError that says how to install it."""
    import os

    for candidate in (os.environ.get("PLAYBOOK_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise PackError(f"no Chromium found to print the board pack: {INSTALL_HINT}")


def _main(page: str) -> str:
    match = re.search(r'<main class="pb-main">(.*)</main>', page, flags=re.S)
    if not match:
        raise PackError("a deliverable has no <main> section: re-render it with `playbook run`")
    return match.group(1)


def summary_of(body: str) -> str:
    """The executive summary: the `pb-summary` section, or everything before the second heading."""
    marked = re.search(r'<section class="pb-summary".*?</section>\s*(?=<h2|\Z)', body, flags=re.S)
    if marked:
        return marked.group(0)
    heads = [m.start() for m in re.finditer(r"<h2[ >]", body)]
    return body[: heads[1]] if len(heads) > 1 else body


def _prefix_ids(markup: str, prefix: str) -> str:
    """Ids stay unique when several deliverables share one document."""
    markup = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', markup)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', markup)


def sections(out_dir: Path, client_id: str) -> tuple[list[Section], dict[str, str]]:
    """Each rendered deliverable of the client, in lifecycle order, and the header facts."""
    found, meta = [], {}
    for name, spec in deliverables.REGISTRY.items():
        path = paths_for(out_dir, client_id, name)["html"]
        if not path.is_file():
            continue
        page = path.read_text(encoding="utf-8")
        if not meta:
            meta = {k: html.unescape(v) for k, v in re.findall(r'data-field="([\w-]+)">(?:<[^>]+>)*([^<]*)', page)}
        body = _main(page)
        charts = body.count('class="pb-figure"')
        found.append(Section(name, spec.title, _prefix_ids(summary_of(body), f"{name}-summary"),
                             _prefix_ids(body, name), charts))
    if not found:
        raise PackError(f"no deliverables for '{client_id}' in {out_dir}: run `playbook run {client_id}` first")
    return found, meta


def pack_html(out_dir: Path, client_id: str) -> str:
    parts, meta = sections(out_dir, client_id)
    css = (TEMPLATES / "deliverable" / "style.css").read_text(encoding="utf-8")
    return environment().get_template("board_pack.html.j2").render(
        sections=parts, meta=meta, client_id=client_id, css=css,
        vega=loader_js() if any(s.charts for s in parts) else "")


def print_command(source: Path, pdf: Path, tmp: Path) -> list[str]:
    """Chromium's arguments: the virtual-time budget lets the page unpack its vega bundle and
    draw every chart (promises and timers included) before the snapshot is printed."""
    return [*CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", "--virtual-time-budget=30000",
            f"--print-to-pdf={pdf}", source.as_uri()]


def pack(out_dir: Path, client_id: str, timeout: float = 120) -> Path:
    """Write reports/CLIENT/board-pack.pdf; the previous pack stays if printing fails."""
    binary = chromium()
    document = pack_html(out_dir, client_id)
    target = report_dir(out_dir, client_id) / PACK
    with tempfile.TemporaryDirectory(prefix="playbook-pack-") as tmp:
        source, pdf = Path(tmp) / "pack.html", Path(tmp) / "pack.pdf"
        source.write_text(document, encoding="utf-8")
        command = [binary, *print_command(source, pdf, Path(tmp))]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PackError(f"Chromium did not finish printing the board pack within {timeout:.0f} s") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            raise PackError(f"Chromium could not print the board pack (exit {done.returncode}): "
                            f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no message'}")
        return atomic_write(target, pdf.read_bytes())
