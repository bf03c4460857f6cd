"""The batch engine: failure isolation, incremental runs, timeouts, the practice view, and Dask."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import nbformat
import pytest

from playbook.report import deliverables
from playbook.engine.watch import build_view
from playbook.engine.batch import run_batch, summary
from playbook.cli import main

CLIENTS = ["acme-logistics", "helix-health", "northwind-retail"]


def variant(tmp_path: Path, monkeypatch, code: str) -> None:
    """Swap the maturity notebook for a copy with one extra cell at the end."""
    nb = nbformat.read(deliverables.REGISTRY["maturity"].path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    path = tmp_path / "maturity-variant.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setitem(deliverables.REGISTRY, "maturity",
                        dataclasses.replace(deliverables.REGISTRY["maturity"], source=path))


def statuses(results):
    return {(r.client_id, r.notebook): r.status for r in results}


def test_failure_is_isolated_and_last_good_html_stays(data_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    first = run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2)
    assert set(statuses(first).values()) == {"ok"}
    good = (out / "helix-health" / "maturity.html").read_bytes()
    variant(tmp_path, monkeypatch, 'if client_id == "helix-health":\n    raise RuntimeError("boom in helix")')
    code = main(["batch", *CLIENTS, "--notebooks", "maturity", "--data-dir", str(data_dir), "--out", str(out),
                 "--force", "--jobs", "2"])
    printed = capsys.readouterr()
    assert code == 1
    assert "FAILED helix-health / maturity" in printed.out and "boom in helix" in printed.out
    assert "RuntimeError" in printed.out and "cell" in printed.out
    assert (out / "helix-health" / "maturity.html").read_bytes() == good
    failed = out / "helix-health" / "maturity.failed.ipynb"
    assert failed.is_file() and "boom in helix" in failed.read_text()
    for client in ("acme-logistics", "northwind-retail"):
        assert json.loads((out / client / "maturity.results.json").read_text())["respondents"] > 0
    index = (out / "index.html").read_text()
    assert 'data-client="helix-health" data-notebook="maturity" data-status="failed"' in index


def test_unchanged_inputs_are_skipped_and_an_edit_reruns_only_its_run(data_dir, tmp_path):
    out = tmp_path / "reports"
    run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2)
    again = run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2)
    assert set(statuses(again).values()) == {"skipped"}
    with (data_dir / "northwind-retail" / "maturity_responses.csv").open("a") as fh:
        fh.write("Late Comer,Executive,STP1,4,,2026-10-20\n")
    third = statuses(run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2))
    assert third[("northwind-retail", "maturity")] == "ok"
    assert [k for k, v in third.items() if v == "ok"] == [("northwind-retail", "maturity")]
    forced = run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2, force=True)
    assert set(statuses(forced).values()) == {"ok"}


def test_invalid_input_fails_that_run_only_and_writes_nothing(data_dir, tmp_path):
    out = tmp_path / "reports"
    (data_dir / "acme-logistics" / "client.yaml").write_text("client: [broken\n")
    results = run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2)
    s = statuses(results)
    assert s[("acme-logistics", "maturity")] == "failed"
    assert s[("helix-health", "maturity")] == "ok"
    assert not (out / "acme-logistics" / "maturity.html").exists()
    assert "client.yaml" in summary(results)


def test_a_setting_only_one_notebook_uses_fails_that_notebook_only(data_dir, tmp_path):
    """Each client's files are validated once per batch, yet a bad maturity model in client.yaml
    still fails the maturity run alone, and a bad portfolio.csv the prioritisation run alone."""
    from playbook.intake.yaml_files import update_file

    update_file(data_dir / "helix-health" / "client.yaml", {("maturity", "model"): "no-such-model"})
    with (data_dir / "helix-health" / "portfolio.csv").open("a") as fh:
        fh.write("I99,Broken,,not-a-number\n")
    results = run_batch(["helix-health"], ["onboarding", "maturity", "prioritisation"], data_dir,
                        tmp_path / "r", jobs=2)
    s = statuses(results)
    assert s == {("helix-health", "onboarding"): "ok", ("helix-health", "maturity"): "failed",
                 ("helix-health", "prioritisation"): "failed"}
    message = {r.notebook: r.message for r in results}
    assert "maturity.model" in message["maturity"] and "portfolio.csv" not in message["maturity"]
    assert "portfolio.csv" in message["prioritisation"] and "maturity.model" not in message["prioritisation"]


def test_a_hung_cell_is_timed_out_and_reported(data_dir, tmp_path, monkeypatch):
    variant(tmp_path, monkeypatch, "import time\nif client_id == 'acme-logistics':\n    time.sleep(120)")
    results = run_batch(["acme-logistics", "helix-health"], ["maturity"], data_dir, tmp_path / "r",
                        jobs=2, timeout=5)
    s = {r.client_id: r for r in results}
    assert s["acme-logistics"].status == "failed" and "imeout" in s["acme-logistics"].message
    assert s["helix-health"].status == "ok"
    assert (tmp_path / "r" / "acme-logistics" / "maturity.failed.ipynb").is_file()  # as the README promises


def test_a_kernel_that_dies_mid_run_is_reported(data_dir, tmp_path, monkeypatch):
    variant(tmp_path, monkeypatch, "import os\nif client_id == 'acme-logistics':\n    os._exit(3)")
    results = run_batch(["acme-logistics", "helix-health"], ["maturity"], data_dir, tmp_path / "r", jobs=2)
    s = {r.client_id: r for r in results}
    assert s["acme-logistics"].status == "failed" and "died" in s["acme-logistics"].message.lower()
    assert s["helix-health"].status == "ok"
    assert (tmp_path / "r" / "acme-logistics" / "maturity.failed.ipynb").is_file()


def test_practice_view_links_every_deliverable(data_dir, tmp_path):
    out = tmp_path / "reports"
    run_batch(CLIENTS, ["maturity"], data_dir, out, jobs=2)
    page = build_view(data_dir, out).read_text()
    for client in CLIENTS:
        assert f'href="{client}/maturity.html?live"' in page
    # no link or source off the machine (the inlined vega bundle names XML namespaces, which load nothing)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "overall level" in page


def test_dask_local_cluster_matches_the_local_executor(data_dir, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is part of `make test`")
    local = tmp_path / "local"
    remote = tmp_path / "dask"
    run_batch(CLIENTS, ["maturity"], data_dir, local, jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        results = run_batch(CLIENTS, ["maturity"], data_dir, remote, executor=client.get_executor())
    assert set(statuses(results).values()) == {"ok"}
    for c in CLIENTS:
        a = json.loads((local / c / "maturity.results.json").read_text())
        b = json.loads((remote / c / "maturity.results.json").read_text())
        assert a == b
        assert (remote / c / "maturity.html").is_file()


def test_editing_benefit_actuals_reruns_only_that_clients_benefits(data_dir, tmp_path):
    out = tmp_path / "reports"
    pair = ["acme-logistics", "helix-health"]
    first = run_batch(pair, ["maturity", "benefits"], data_dir, out, jobs=2)
    assert set(statuses(first).values()) == {"ok"}
    with (data_dir / "helix-health" / "benefit_actuals.csv").open("a", encoding="utf-8") as fh:
        fh.write("B01,2026-10-30,40,late reading\n")
    again = statuses(run_batch(pair, ["maturity", "benefits"], data_dir, out, jobs=2))
    assert [k for k, v in again.items() if v == "ok"] == [("helix-health", "benefits")]
    assert sum(v == "skipped" for v in again.values()) == 3


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass  # exited while we looked
    return found


def test_a_batch_leaves_no_template_or_kernel_behind(data_dir, tmp_path):
    """The template and every kernel forked from it (they share its command line) are gone
    once the batch is over, including each worker's last, never-used, prestarted kernel."""
    import time

    from playbook.engine.kernel_template import TemplateProcess

    template = TemplateProcess()
    try:
        results = run_batch(CLIENTS, ["maturity"], data_dir, tmp_path / "r", jobs=2, template=template)
        assert set(statuses(results).values()) == {"ok"}
        assert _processes_mentioning(template.address), "the template should still serve until closed"
    finally:
        template.close()
    deadline = time.monotonic() + 10
    while _processes_mentioning(template.address) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(template.address) == []
