"""Issue 13's acceptance in the engine: a bomb beside a batch, a full disk mid-batch, kill -9 of a
worker, two processes committing one deliverable, names with punctuation end to end, the
practice view amid files it did not write, and a 200 MB input within 2 GB of memory."""
from __future__ import annotations

import dataclasses
import re

import errno
import json
import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import pytest

from playbook.engine import store
from playbook.engine.batch import run_batch
from playbook.engine.run import Artefacts, commit
from playbook.engine.validate import check
from playbook.intake import atomic
from playbook.intake.paths import paths_for
from playbook.report import deliverables
from playbook.engine.watch import build_view
from playbook.practice.view import gather
from tests.engine.test_batch import CLIENTS, statuses
from tests.intake.catalogue_hardening import alias_bomb


def test_the_alias_bomb_is_refused_in_under_a_second_and_the_batch_beside_it_finishes(data_dir, tmp_path):
    shutil.copytree(data_dir / "acme-logistics", data_dir / "bomb")
    (data_dir / "bomb" / "client.yaml").write_text(alias_bomb())
    started = time.perf_counter()
    issues = check(data_dir / "bomb")
    assert time.perf_counter() - started < 1.0
    assert "alias bomb" in str(issues[0])
    results = run_batch([*CLIENTS, "bomb"], ["onboarding"], data_dir, tmp_path / "r", jobs=2)
    s = statuses(results)
    assert s.pop(("bomb", "onboarding")) == "failed"
    assert set(s.values()) == {"ok"} and len(s) == 3


PAIR = ["acme-logistics", "helix-health"]
NB = "onboarding"  # the quickest notebook, and one that reads no other client's figures


def variant(tmp_path: Path, monkeypatch, code: str, name: str = NB) -> None:
    """Swap a notebook for a copy with one extra cell at the end (its fingerprint changes)."""
    nb = nbformat.read(deliverables.REGISTRY[name].path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    path = tmp_path / f"{name}-variant.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setitem(deliverables.REGISTRY, name, dataclasses.replace(deliverables.REGISTRY[name], source=path))


def _deliverable(out: Path, client: str) -> dict[str, bytes]:
    paths = paths_for(out, client, NB)
    return {k: paths[k].read_bytes() for k in ("html", "json", "ipynb")}


def _full_disk_round(data_dir, tmp_path, monkeypatch, out: Path, fill) -> None:
    """Batch 1 fills `out`; batch 2 (every fingerprint changed) meets a full disk for acme only;
    batch 3, with space again, re-runs exactly acme."""
    first = run_batch(PAIR, [NB], data_dir, out, jobs=2)
    assert set(statuses(first).values()) == {"ok"}
    before = _deliverable(out, "acme-logistics")
    variant(tmp_path, monkeypatch, 'if client_id == "acme-logistics":\n    pb.paragraph("x" * 3_000_000)')
    release = fill()
    try:
        second = {r.client_id: r for r in run_batch(PAIR, [NB], data_dir, out, jobs=2)}
        build_view(data_dir, out)  # the practice view is still written
        shown = {(cv.client_id, e["notebook"]): e["status"] for cv in gather(out, data_dir) for e in cv.entries}
    finally:
        release()
    assert second["acme-logistics"].status == "failed"
    assert "No space left on device" in second["acme-logistics"].message
    assert second["helix-health"].status == "ok"
    assert _deliverable(out, "acme-logistics") == before  # whole, and the old one
    assert shown[("acme-logistics", NB)] == "failed" and (out / "index.html").is_file()
    assert not [p for p in (out / "acme-logistics").iterdir() if p.name.endswith(".tmp")]
    third = statuses(run_batch(PAIR, [NB], data_dir, out, jobs=2))
    assert [k for k, v in third.items() if v == "ok"] == [("acme-logistics", NB)]
    assert sum(v == "skipped" for v in third.values()) == 1


def test_a_full_filesystem_mid_batch_fails_only_the_runs_that_could_not_write(data_dir, tmp_path, monkeypatch):
    out = tmp_path / "small"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(out)], capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root; test_an_injected_enospc covers the same path")
    try:
        def fill():
            free = shutil.disk_usage(out).free
            (out / "ballast").write_bytes(b"\0" * max(free - 3_000_000, 0))
            return lambda: (out / "ballast").unlink()

        _full_disk_round(data_dir, tmp_path, monkeypatch, out, fill)
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_an_injected_enospc_fails_only_the_runs_that_could_not_write(data_dir, tmp_path, monkeypatch):
    real = atomic.write_all

    def full(fh, payload, path):
        if "acme-logistics" in str(path) and len(payload) > 2_000_000:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fh, payload, path)

    def fill():
        monkeypatch.setattr(atomic, "write_all", full)
        return lambda: monkeypatch.setattr(atomic, "write_all", real)

    _full_disk_round(data_dir, tmp_path, monkeypatch, tmp_path / "reports", fill)


def test_kill_9_of_one_worker_fails_only_the_run_it_held(data_dir, tmp_path, monkeypatch):
    pidfile = tmp_path / "worker.pid"
    variant(tmp_path, monkeypatch, textwrap.dedent(f"""
        import os, time
        if client_id == "acme-logistics":
            open({str(pidfile)!r}, "w").write(os.environ["JPY_PARENT_PID"])
            time.sleep(60)
    """))
    out = tmp_path / "r"
    found: list = []
    batch = threading.Thread(target=lambda: found.extend(run_batch(CLIENTS, [NB, "prioritisation"], data_dir,
                                                                   out, jobs=2)))
    batch.start()
    deadline = time.monotonic() + 120
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    os.kill(int(pidfile.read_text()), signal.SIGKILL)
    batch.join(300)
    s = {(r.client_id, r.notebook): r for r in found}
    assert len(s) == 6
    assert s.pop(("acme-logistics", NB)).status == "failed"
    assert {r.status for r in s.values()} == {"ok"}, {k: r.message for k, r in s.items()}
    failed = paths_for(out, "acme-logistics", NB)["failed"]
    assert "did not finish" in failed.read_text() and "died" in failed.read_text()


def _committer(out: str, tag: str, rounds: int) -> None:
    for i in range(rounds):
        label = f"{tag}-{i}"
        art = Artefacts("acme-logistics", "maturity", label, ok=True, html=f"<html>{label}</html>",
                        results={"fingerprint": label}, executed=json.dumps({"label": label}).encode())
        commit(art, Path(out))


def test_two_processes_committing_one_deliverable_never_interleave_its_files(tmp_path):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_committer, args=(str(tmp_path), tag, 60)) for tag in ("a", "b")]
    for p in procs:
        p.start()
    paths = paths_for(tmp_path, "acme-logistics", "maturity")
    seen = 0
    while any(p.is_alive() for p in procs):
        if paths["json"].exists():
            with store._lock(paths):
                label = store.read_results(paths["json"])["fingerprint"]
                assert label in paths["html"].read_text() and label in paths["ipynb"].read_text()
                assert store.is_current(paths, label)
                seen += 1
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    label = store.read_results(paths["json"])["fingerprint"]
    assert label in paths["html"].read_text() and label in paths["ipynb"].read_text() and seen > 0


def test_names_with_punctuation_work_end_to_end(data_dir, tmp_path):
    folder = data_dir / "acme-logistics"
    yaml = (folder / "client.yaml").read_text()
    yaml = yaml.replace("Operations:", '"Operations (UK)":').replace('"Operations (UK)": 12}', '"Operations (UK)": 14}').replace("Portfolio governance", "Portfolio governance (UK & EU)")
    yaml = yaml.replace("Dana Lee", '"O\'Neil, Dana (CSO)"')
    (folder / "client.yaml").write_text(yaml)
    csv = (folder / "portfolio.csv").read_text().replace("fte_operations", "fte_operations_uk", 1)
    (folder / "portfolio.csv").write_text(csv)
    for other in folder.glob("*.csv"):  # the workstream as the timesheet names it
        other.write_text(other.read_text().replace("Portfolio governance", "Portfolio governance (UK & EU)"))
    assert check(folder) == []
    out = tmp_path / "r"
    results = run_batch(["acme-logistics"], ["onboarding", "prioritisation"], data_dir, out, jobs=2)
    assert set(statuses(results).values()) == {"ok"}, [r.message for r in results]
    page = (out / "acme-logistics" / "prioritisation.html").read_text()
    assert re.search(r"What limits it: [^<]*Operations \(UK\) capacity", page), "the team's name reached the sentence whole"
    assert "Neil, Dana (CSO)" in (out / "acme-logistics" / "onboarding.html").read_text()


def test_the_practice_view_and_summary_tolerate_what_they_did_not_write(data_dir, tmp_path, capsys):
    from playbook.cli import main

    out = tmp_path / "r"
    assert main(["batch", "acme-logistics", "--notebooks", "onboarding", "--data-dir", str(data_dir),
                 "--out", str(out)]) == 0
    for odd in (".git", "Archive 2025", "UPPER", "helix-health"):
        (out / odd).mkdir()
    (out / "helix-health" / "maturity.results.json").write_text('{"overall_level": NaN, "respondents": Infinity}')
    (out / "helix-health" / "benefits.results.json").write_text('{"financial": {"realisation_pct": "inf"}}')
    (out / "helix-health" / "onboarding.results.json").write_text('[1, 2]')
    (out / "linked-client").symlink_to(out / "acme-logistics")
    (out / "stray-file.txt").write_text("x")
    (out / "batch-state.json").write_text('{"acme-logistics": [], "helix-health": {"maturity": "ok"}}')
    page = build_view(data_dir, out).read_text()
    assert 'data-client="helix-health"' in page and "linked-client" not in page and "Archive" not in page
    assert main(["batch", "acme-logistics", "--notebooks", "onboarding", "--data-dir", str(data_dir),
                 "--out", str(out)]) == 0
    results = (out / "acme-logistics" / "onboarding.results.json").read_text()
    json.loads(results, parse_constant=lambda c: pytest.fail(f"non-strict JSON: {c}"))
    capsys.readouterr()
    assert main(["batch", "--data-dir", str(data_dir), "--out", str(out / "stray-file.txt")]) == 1
    assert "a file, not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("argv, fragment", [
    (["batch", "--timeout", "0"], "whole seconds"),
    (["batch", "--timeout", "0.5"], "whole seconds"),
    (["batch", "--timeout", "nan"], "whole seconds"),
    (["run", "--timeout", "-3"], "whole seconds"),
    (["batch", "--jobs", "-1"], "1 to 256"),
    (["batch", "--jobs", "0"], "1 to 256"),
])
def test_bad_options_are_refused_with_a_message(argv, fragment, capsys):
    from playbook.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


@pytest.mark.parametrize("argv, fragment", [
    (["batch", "--data-dir", "/nonexistent"], "no such folder"),
    (["run", "--data-dir", "/nonexistent"], "no such folder"),
    (["batch", "--executor", "dask://127.0.0.1:9", "--data-dir", "DATA"], "could not reach a Dask scheduler"),
    (["run", "acme-logistics", "--as-of", "2026-02-30", "--data-dir", "DATA"], "real calendar date"),
])
def test_unusable_settings_are_errors_not_tracebacks(argv, fragment, data_dir, tmp_path, capsys):
    from playbook.cli import main

    pytest.importorskip("distributed") if "--executor" in argv else None
    argv = [str(data_dir) if a == "DATA" else a for a in argv] + ["--out", str(tmp_path / "r")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_a_200_mb_responses_file_is_refused_within_2_gb(data_dir):
    path = data_dir / "acme-logistics" / "maturity_responses.csv"
    with path.open("a") as fh:
        row = "Ann,Executive,SA1,3,a comment long enough to fill the file quickly,2026-10-12\n"
        for _ in range(200):
            fh.write(row * (1_000_000 // len(row)))
    assert path.stat().st_size > 190_000_000
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from playbook.engine.batch import plan
        found = list(plan(["acme-logistics"], ["maturity"], Path({str(data_dir)!r}), Path({str(data_dir.parent / "r")!r}),
                          False, 60))
        print(found[0].status, found[0].message)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(store.__file__).parents[2])})
    status, peak_kb = done.stdout.strip().splitlines()
    assert status.startswith("failed") and "maturity_responses.csv" in status and "at most 5 MB" in status
    assert int(peak_kb) < 2_000_000, f"peak {int(peak_kb) / 1e6:.2f} GB"


def _art(label: str) -> Artefacts:
    return Artefacts("acme-logistics", "maturity", label, ok=True, html=f"<html>{label}</html>",
                     results={"fingerprint": label, "ratio": float("nan")}, executed=json.dumps({"l": label}).encode())


def test_the_skip_check_needs_all_three_files_agreeing(tmp_path):
    paths = paths_for(tmp_path, "acme-logistics", "maturity")
    commit(_art("f1"), tmp_path)
    assert store.is_current(paths, "f1") and not store.is_current(paths, "f2")
    assert json.loads(paths["json"].read_text())["ratio"] is None  # strict JSON: NaN is written as null
    paths["ipynb"].unlink()
    assert not store.is_current(paths, "f1")  # a missing notebook is noticed
    commit(_art("f1"), tmp_path)
    paths["html"].write_text("<html>an older page</html>")
    assert not store.is_current(paths, "f1")  # an HTML that is not the results' own
    commit(_art("f1"), tmp_path)
    paths["failed"].write_text("{}")
    assert not store.is_current(paths, "f1")  # a failed run beside it


def test_a_write_error_keeps_the_old_deliverable_and_leaves_no_temp(tmp_path, monkeypatch):
    paths = paths_for(tmp_path, "acme-logistics", "maturity")
    commit(_art("old"), tmp_path)
    before = {k: paths[k].read_bytes() for k in ("html", "json", "ipynb")}

    def full(fh, payload, path):
        if path.name.endswith(".html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        fh.write(payload)

    monkeypatch.setattr(atomic, "write_all", full)
    from playbook.errors import OutputError

    with pytest.raises(OutputError, match="No space left on device"):
        commit(_art("new"), tmp_path)
    assert {k: paths[k].read_bytes() for k in ("html", "json", "ipynb")} == before
    assert not [p for p in paths["html"].parent.iterdir() if p.name.endswith(".tmp")]
    assert paths["failed"].is_file() and not store.is_current(paths, "old")
