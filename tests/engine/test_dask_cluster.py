"""A real Dask cluster, as a user would run one: `dask scheduler` and two `dask worker` processes
on 127.0.0.1, then `playbook batch --executor dask://...` on the demo into an empty folder.
Every process the test starts is stopped, whatever happens."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from playbook.intake.paths import list_clients
from playbook.report import deliverables

pytestmark = pytest.mark.slow
DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """End the process and everything it started (its own session): SIGTERM, then SIGKILL."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    else:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # a worker's own children, if any are left
        except ProcessLookupError:
            pass


@pytest.fixture
def cluster(tmp_path: Path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is part of `make test`")
    if not DASK.is_file():
        pytest.skip("the `dask` command is not installed beside this Python")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "cluster.log").open("wb")
    started = []

    def start(*args: str) -> None:
        started.append(subprocess.Popen([str(DASK), *args], stdout=log, stderr=subprocess.STDOUT,
                                        cwd=tmp_path, start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        for n in range(2):
            start("worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                  "--no-dashboard", "--name", f"w{n}", "--local-directory", str(tmp_path / f"w{n}"))
        deadline = time.monotonic() + 60
        while True:  # the scheduler may not be listening yet
            try:
                with distributed.Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                    pytest.fail("the cluster did not start: " + (tmp_path / "cluster.log").read_text()[-2000:])
                time.sleep(0.5)
        yield address
    finally:
        for process in reversed(started):
            stop(process)
        log.close()
        assert all(p.poll() is not None for p in started)


def test_the_cli_runs_the_demo_on_separate_scheduler_and_worker_processes(cluster, data_dir, tmp_path):
    out = tmp_path / "reports"
    done = subprocess.run([sys.executable, "-m", "playbook.cli", "batch", "--executor",
                           cluster.replace("tcp://", "dask://"), "--data-dir", str(data_dir), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    clients, notebooks = list_clients(data_dir), deliverables.available()
    assert f"{len(clients) * len(notebooks)} ok, 0 skipped, 0 failed" in done.stdout
    for client in clients:
        for notebook in notebooks:
            html = out / client / f"{notebook}.html"
            results = json.loads((out / client / f"{notebook}.results.json").read_text(encoding="utf-8"))
            assert results["fingerprint"] in html.read_text(encoding="utf-8"), (client, notebook)
            assert (out / client / f"{notebook}.ipynb").is_file()
            assert not (out / client / f"{notebook}.failed.ipynb").exists()
    assert (out / "index.html").is_file()
    # the workers wrote nothing into --out; only the coordinator did
    assert not list(out.rglob("*.tmp"))
