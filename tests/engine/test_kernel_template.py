"""Kernels forked from the template: separate processes that start as a fresh import leaves them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from playbook.engine import kernels
from playbook.engine.kernel_template import TemplateProcess

PROBE = {
    "pid": "os.getpid()",
    "rows": "pd.get_option('display.max_rows')",
    "leak_env": "os.environ.get('PLAYBOOK_LEAK')",
    "leak_module": "getattr(playbook, '_leak', None)",
    "leak_global": "'secret' in globals()",
    "cwd": "os.getcwd()",
    "draw": "float(np.random.rand())",
    "py_draw": "random.random()",
    "renderer": "alt.renderers.active",
}


def probe(km, code: str = "") -> dict[str, str]:
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        setup = "import os, random, numpy as np, pandas as pd, altair as alt, playbook\n" + code
        reply = kc.execute_interactive(setup, user_expressions=PROBE, timeout=60, output_hook=lambda m: None)
        found = reply["content"]["user_expressions"]
        return {k: v["data"]["text/plain"] for k, v in found.items()}
    finally:
        kc.stop_channels()


@pytest.fixture
def forked():
    started = []

    def start():
        km = kernels.WarmKernel(forked=True).take()
        assert km is not None, "the forked kernel did not start"
        started.append(km)
        return km

    yield start
    for km in started:
        km.shutdown_kernel(now=True)


def test_forked_kernels_are_processes_of_their_own(forked):
    first = forked()
    template = kernels.template()
    assert template is not None
    assert first.provisioner.pid not in (os.getpid(), template.owned.proc.pid)
    dirty = probe(first, "pd.set_option('display.max_rows', 7); os.environ['PLAYBOOK_LEAK'] = 'x'; "
                         "os.chdir('/'); playbook._leak = 1; secret = 42; alt.renderers.enable('json')")
    assert dirty["rows"] == "7" and dirty["leak_env"] == "'x'" and dirty["renderer"] == "'json'"
    second = probe(forked())  # forked after the first kernel changed all of that
    assert second["pid"] != dirty["pid"]
    assert second["rows"] == "60"  # pandas' default
    assert second["leak_env"] == "None" and second["leak_module"] == "None" and second["leak_global"] == "False"
    assert second["cwd"] == repr(os.getcwd())
    assert second["renderer"] != "'json'"
    assert second["draw"] != dirty["draw"], "numpy's random state must not be shared between kernels"
    assert second["py_draw"] != dirty["py_draw"]


def test_forked_kernels_keep_no_history_and_relay_python_output_only(forked):
    """No batch cell reaches the user's history.sqlite; print still reaches the notebook."""
    km = forked()
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        seen: list[str] = []
        reply = kc.execute_interactive(
            "print('from python')\nimport os\nos.write(1, b'from C\\n')",
            user_expressions={"history": "get_ipython().history_manager.enabled"}, timeout=60,
            output_hook=lambda m: seen.append(m["content"].get("text", "")))
        assert reply["content"]["user_expressions"]["history"]["data"]["text/plain"] == "False"
        assert "from python\n" in "".join(seen) and "from C" not in "".join(seen)
    finally:
        kc.stop_channels()


def test_a_forked_kernel_that_dies_is_seen_as_dead(forked):
    km = forked()
    assert km.is_alive()
    os.kill(km.provisioner.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not km.is_alive()


def test_a_dead_template_is_replaced(forked):
    template = kernels.template()
    assert template is not None and template.owned is not None
    template.owned.proc.kill()
    template.owned.proc.wait(10)
    km = forked()
    assert kernels.template() is not template and kernels.template().alive()
    assert probe(km)["rows"] == "60"


def test_workers_share_the_template_they_are_given(monkeypatch, forked):
    """`playbook batch` starts one template and its workers fork from it, not their own."""
    shared = TemplateProcess()
    try:
        monkeypatch.setattr(kernels, "_address", shared.address)
        monkeypatch.setattr(kernels, "_template", None)
        km = forked()
        assert kernels.template().owned is None and kernels.template().address == shared.address
        assert os.getppid() != km.provisioner.pid
        with open(f"/proc/{km.provisioner.pid}/stat") as fh:
            parent = int(fh.read().rsplit(")", 1)[1].split()[1])
        assert parent == shared.proc.pid
    finally:
        shared.close()
        monkeypatch.setattr(kernels, "_template", None)


def test_shutdown_kills_the_forked_kernel(forked):
    km = forked()
    pid = km.provisioner.pid
    km.shutdown_kernel(now=True)
    with pytest.raises(ProcessLookupError):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.05)


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_kernels_end_with_the_worker_that_asked_for_them():
    """A worker that exits without shutting its kernels down (killed, or its last prestarted
    kernel never taken) leaves none behind, even though the template lives on."""
    shared = TemplateProcess()
    try:
        code = ("import os, sys\nfrom playbook.engine import kernels\n"
                f"kernels._address = {shared.address!r}\n"
                "km = kernels.WarmKernel(forked=True).take()\n"
                "print(km.provisioner.pid, flush=True)\nos._exit(0)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        pid = int(out.stdout.split()[-1])
        assert _gone(pid, within=10), "the kernel outlived its worker"
        assert shared.alive()
    finally:
        shared.close()


def test_kernels_end_with_their_template(forked):
    km = forked()
    template = kernels.template()
    template.owned.proc.kill()
    assert _gone(km.provisioner.pid, within=10), "the kernel outlived its template"


def test_a_broken_template_falls_back_to_ordinary_kernels(monkeypatch, data_dir, capfd):
    """If the shared template is gone, runs still succeed with kernels started the usual way."""
    from playbook.engine.run import execute_pooled, prepare

    dead = TemplateProcess()
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(dead.address) and time.monotonic() < deadline:
            time.sleep(0.05)
        dead.proc.kill()
        dead.proc.wait(10)
        monkeypatch.setattr(kernels, "_address", dead.address)
        monkeypatch.setattr(kernels, "_template", None)
        monkeypatch.setattr(kernels, "_next", None)
        art = execute_pooled(prepare("helix-health", "maturity", data_dir))
        assert art.ok and "Maturity" in art.html
        assert "starting one the usual way" in capfd.readouterr().err
        assert kernels._template is False  # the next runs do not try the dead template again
    finally:
        dead.close()
        monkeypatch.setattr(kernels, "_template", None)
        if kernels._next is not None:
            kernels.shutdown_later(kernels._next.take())
        monkeypatch.setattr(kernels, "_next", None)


def test_a_shared_template_that_never_bound_is_given_up_quickly(monkeypatch, tmp_path):
    """Workers do not wait the full start-up timeout on a shared template that failed to start."""
    monkeypatch.setattr(kernels, "_address", str(tmp_path / "never" / "template.sock"))
    monkeypatch.setattr(kernels, "_template", None)
    started = time.monotonic()
    try:
        assert kernels.WarmKernel(forked=True).take() is None
        assert time.monotonic() - started < 30
        assert kernels._template is False
    finally:
        monkeypatch.setattr(kernels, "_template", None)


def test_runs_leave_no_heartbeat_threads_or_sockets_behind(tmp_path):
    """nbclient never closes the client of a kernel it is handed: shutdown_later must, or each
    run leaves a heartbeat thread and its sockets in the worker (500 threads after 250 runs)."""
    import gc
    import threading

    import nbformat
    import papermill as pm
    from jupyter_client.channels import HBChannel

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    source = tmp_path / "tiny.ipynb"
    nbformat.write(nb, source)

    earlier = {t for t in threading.enumerate() if isinstance(t, HBChannel)}  # other tests' clients

    def runs(n: int) -> int:
        """Descriptors open once `n` runs' kernels have been shut down and their threads ended."""
        for _ in range(n):
            km = kernels.WarmKernel(forked=True).take()
            assert km is not None
            pm.execute_notebook(str(source), str(tmp_path / "out.ipynb"), km=km, progress_bar=False,
                                request_save_on_cell_execute=False)
            kernels.shutdown_later(km)
        deadline = time.monotonic() + 15
        while any((isinstance(t, HBChannel) and t not in earlier) or t.name == "kernel-shutdown"
                  for t in threading.enumerate()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [t for t in threading.enumerate() if isinstance(t, HBChannel) and t not in earlier]
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    after_one = runs(1)  # the first run also connects to the template, once
    assert runs(4) <= after_one + 2
