"""At scale (100 initiatives, 50 benefits, 30 respondents) every deliverable stays under 1.5 MB
and no chart is taller than the printable height of an A4 page, so print never slices one."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from playbook.engine.batch import run_batch
from playbook.report import deliverables
from tests.browser import A4_CONTENT_PX, open_offline

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 1.5 * 1024 * 1024


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("synthetic_client", ROOT / "scripts" / "synthetic_client.py")
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    base = tmp_path_factory.mktemp("scale")
    synthetic.make_client(base / "data", "scale-test", initiatives=100, benefits=50, respondents=30)
    results = run_batch(["scale-test"], deliverables.available(), base / "data", base / "out", jobs=1)
    assert {r.status for r in results} == {"ok"}, [r.message for r in results if r.status != "ok"]
    return base / "out" / "scale-test"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", deliverables.available())
def test_under_1_5_mb_at_scale(scaled: Path, notebook: str) -> None:
    size = (scaled / f"{notebook}.html").stat().st_size
    assert size < LIMIT, f"{notebook}.html is {size / 1e6:.2f} MB"


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("notebook", deliverables.available())
def test_no_chart_taller_than_an_a4_page_in_print(scaled: Path, notebook: str) -> None:
    report = open_offline(scaled / f"{notebook}.html", printed=True)
    assert report.rendered == report.figures and report.errors == [], report.errors
    assert len(report.print_heights) >= report.figures
    tall = [round(h) for h in report.print_heights if h > A4_CONTENT_PX[1]]
    assert tall == [], f"{notebook}: charts {tall} px tall on a {A4_CONTENT_PX[1]} px page"
