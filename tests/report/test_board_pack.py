"""The board pack: a page-numbered PDF printed by Debian's Chromium, decisions first."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from playbook.cli import main
from playbook.report import board_pack
from playbook.report.html_export import css_string
from tests.conftest import DEMO_CLIENTS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def packs(rendered: dict[tuple[str, str], Path]) -> dict[str, Path]:
    out = next(iter(rendered.values())).parent.parent
    return {c: board_pack.pack(out, c) for c in DEMO_CLIENTS}


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_every_page_is_numbered_marked_and_has_content(packs: dict[str, Path], client: str) -> None:
    reader = PdfReader(packs[client])
    total = len(reader.pages)
    assert total >= 8
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        if number > 1:
            assert "Confidential: prepared for" in text
        body = re.sub(r"Page \d+ of \d+|As of \d{1,2} [A-Z][a-z]+ \d{4}|Confidential: prepared for .* only|.*· Board pack",
                      "", text)
        assert len(body.strip()) > 40, f"page {number} of {total} holds only the margins: {text!r}"


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_cover_contents_then_decisions_then_each_deliverable(packs: dict[str, Path], client: str) -> None:
    pages = [p.extract_text() for p in PdfReader(packs[client]).pages]
    assert "Contents" in pages[0] and "Board pack" in pages[0]
    assert "Decisions requested" in pages[1]
    whole = "\n".join(pages)
    titles = ["Engagement charter", "Maturity assessment", "Portfolio prioritisation", "Benefits realisation review"]
    first_full = [whole.index(t, whole.index(t) + 1) for t in titles]  # 2nd mention: the deliverable in full
    assert first_full == sorted(first_full)


def test_a_missing_chromium_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PLAYBOOK_CHROMIUM", raising=False)
    assert main(["pack", "acme-logistics", "--out", str(tmp_path)]) == 1
    assert "apt-get install -y chromium" in capsys.readouterr().err


def test_no_deliverables_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "acme-logistics", "--out", str(tmp_path)]) == 1
    assert "run `playbook run acme-logistics` first" in capsys.readouterr().err


def test_client_names_cannot_break_out_of_the_page_margin_css() -> None:
    escaped = str(css_string('Evil"; } body { display:none } </style><script>'))
    assert '"' not in escaped and "<" not in escaped and "}" not in escaped and ";" not in escaped
    assert str(css_string("Acme Logistics (UK)")) == "Acme Logistics (UK)"


def test_every_chart_is_drawn_within_the_print_budget(rendered: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    """The pack unpacks the vega bundle and each spec asynchronously; Chromium, given the same
    virtual-time budget it prints with, has drawn every figure by the time it takes its snapshot."""
    import subprocess

    out = next(iter(rendered.values())).parent.parent
    source = tmp_path / "pack.html"
    source.write_text(board_pack.pack_html(out, DEMO_CLIENTS[0]), encoding="utf-8")
    printing = board_pack.print_command(source, tmp_path / "pack.pdf", tmp_path)
    dumping = [f if not f.startswith("--print-to-pdf") else "--dump-dom" for f in printing]  # same page, same budget
    dom = subprocess.run([board_pack.chromium(), *dumping], capture_output=True, text=True, timeout=300).stdout
    figures = dom.count('class="pb-figure"')
    assert figures >= 10
    assert dom.count('data-rendered="true"') == figures and 'data-error="' not in dom
