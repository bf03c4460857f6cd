"""What a batch with nothing to do remembers: each run's part of the firm's statistics, and
whether the practice view is current. Any change to what they are drawn from is seen."""
from __future__ import annotations

from pathlib import Path

import pytest

from playbook.engine import firm_stats, memo
from playbook.engine.watch import build_view
from playbook.practice import page


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(memo, "cache_dir", lambda: folder)
    return folder


def counting_compute(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = firm_stats.compute

    def compute(data_dir, clients=None):
        calls.append(Path(data_dir))
        return real(data_dir, clients)

    monkeypatch.setattr(firm_stats, "compute", compute)
    return calls


def test_parts_are_computed_once_then_read_back_unchanged(data_dir, monkeypatch):
    folder = data_dir / "acme-logistics"
    expected = firm_stats.for_run(firm_stats.compute(data_dir), "maturity", folder)
    calls = counting_compute(monkeypatch)
    first = memo.FirmParts(data_dir)
    maturity, onboarding = first.get("maturity", folder), first.get("onboarding", folder)
    assert maturity == expected and maturity["maturity_benchmark"] is not None
    assert onboarding is None  # a notebook that takes no part
    first.save()
    calls.clear()
    again = memo.FirmParts(data_dir)
    assert again.get("maturity", folder) == maturity and again.get("onboarding", folder) is None
    assert calls == []  # nothing recomputed, not even to learn that onboarding takes none


def test_editing_any_client_file_computes_afresh(data_dir, monkeypatch):
    calls = counting_compute(monkeypatch)
    folder = data_dir / "acme-logistics"
    first = memo.FirmParts(data_dir)
    first.get("maturity", folder)
    first.save()
    with (data_dir / "helix-health" / "maturity_responses.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")  # another client's file: the firm's statistics pool every client
    calls.clear()
    memo.FirmParts(data_dir).get("maturity", folder)
    assert calls == [data_dir]


def test_a_part_json_would_change_is_never_remembered(data_dir, monkeypatch, own_cache):
    monkeypatch.setattr(firm_stats, "for_run", lambda stats, notebook, folder: {"pair": (1, 2)})
    monkeypatch.setattr(firm_stats, "takes_part", lambda notebook: True)
    parts = memo.FirmParts(data_dir)
    assert parts.get("maturity", data_dir / "acme-logistics") == {"pair": (1, 2)}  # the tuple, as computed
    parts.save()
    assert not list(own_cache.glob("firm-parts-*.json"))


def test_the_practice_view_is_rebuilt_only_when_what_it_shows_changed(data_dir, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    out.mkdir()
    built = []
    real = page.build
    monkeypatch.setattr(page, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    path = build_view(data_dir, out)
    assert path == out / "index.html" and path.is_file() and built == [1]
    assert build_view(data_dir, out) == path and built == [1]  # nothing changed: left as it is

    (out / "acme-logistics").mkdir()
    (out / "acme-logistics" / "maturity.results.json").write_text("{}")  # a batch wrote something
    build_view(data_dir, out)
    assert built == [1, 1]

    path.write_text("edited by hand")  # the page itself changed
    build_view(data_dir, out)
    assert built == [1, 1, 1] and "edited by hand" not in path.read_text()

    (data_dir / "acme-logistics" / "client.yaml").write_text(
        (data_dir / "acme-logistics" / "client.yaml").read_text() + "\n")
    build_view(data_dir, out)
    assert built == [1, 1, 1, 1]

    monkeypatch.setattr(memo, "_today", lambda: "2999-12-31")
    build_view(data_dir, out)
    assert built == [1, 1, 1, 1, 1]  # the page shows today's date


def test_the_cache_keeps_only_recent_files(data_dir, own_cache):
    (own_cache / "views").mkdir(parents=True)
    for n in range(memo.KEEP * 4 + 5):
        (own_cache / "views" / f"{n:03d}.json").write_text("{}")
    for n in range(memo.KEEP + 3):
        (own_cache / f"firm-parts-{n:03d}.json").write_text("{}")
    parts = memo.FirmParts(data_dir)
    parts.get("maturity", data_dir / "acme-logistics")
    parts.save()
    memo._prune(own_cache / "views", "*.json", memo.KEEP * 4)
    assert len(list(own_cache.glob("firm-parts-*.json"))) == memo.KEEP
    assert parts.path in list(own_cache.glob("firm-parts-*.json"))  # the newest stays
    assert len(list((own_cache / "views").glob("*.json"))) == memo.KEEP * 4
