"""Run All in JupyterLab, as a workshop room waits for it: seconds until the last cell finishes.

Starts `jupyter lab` on 127.0.0.1 (a free port, a random token) on a copy of notebooks/ (so
nothing is saved into the repository), drives it with Playwright and Debian's Chromium, opens
each demo notebook, waits for its kernel to be idle, then issues JupyterLab's own "Run All
Cells" command and times until every code cell has an execution count and the kernel is idle
again. Each notebook is timed `--repeats` times in the same kernel: the first Run All pays the
kernel's imports ("first"), the others are a re-run after a change ("again").

    PYTHONPATH=$PWD .venv/bin/python benchmarks/lab_run_all.py [--repeats 3] [--notebooks maturity ...]
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

# Every code cell of the open notebook has run (an execution count, none pending) and the kernel is idle.
DONE = """([n]) => {
  const w = window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext || !w.sessionContext.session) return false;
  if (w.sessionContext.session.kernel.status !== 'idle') return false;
  const cells = Array.from(w.content.model.cells).filter(c => c.type === 'code');
  const failed = cells.some(c => Array.from({length: c.outputs.length}, (_, i) => c.outputs.get(i)).some(o => o.type === 'error'));
  return failed || (cells.length > 0 && cells.every(c => c.executionCount !== null && c.executionCount > n));
}"""  # Run All stops at a failed cell
MAX_COUNT = """() => Math.max(0, ...Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)
  .filter(c => c.type === 'code').map(c => c.executionCount || 0))"""
ERRORS = """() => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)
  .filter(c => c.type === 'code').flatMap(c => Array.from({length: c.outputs.length}, (_, i) => c.outputs.get(i)))
  .filter(o => o.type === 'error').map(o => o.toJSON().ename + ': ' + o.toJSON().evalue)"""
CHART_COUNT = """() => { const f = document.querySelectorAll('.jp-OutputArea figure.pb-figure');
  return [Array.from(f).filter(x => x.querySelector('svg')).length, f.length]; }"""
CHARTS_DRAWN = "() => { const [d, f] = (" + CHART_COUNT + ")(); return f > 0 && d === f; }"
KERNEL_IDLE = """() => { const w = window.jupyterapp.shell.currentWidget;
  return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel
            && w.sessionContext.session.kernel.status === 'idle'); }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(folder: Path, port: int, token: str) -> subprocess.Popen:
    lab = Path(sys.executable).with_name("jupyter")
    command = [str(lab), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
               "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("jupyter lab exited at start")
            time.sleep(0.5)
    stop(process)
    raise SystemExit("jupyter lab did not answer within 90 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def time_notebook(page, base: str, name: str, repeats: int, timeout_ms: int) -> list[float]:
    page.goto(f"{base}/lab/tree/{name}.ipynb?reset")  # ?reset: no tab restored from the last workspace
    page.wait_for_function("() => !!window.jupyterapp && !!window.jupyterapp.shell.currentWidget"
                           " && !!window.jupyterapp.shell.currentWidget.content.model", timeout=timeout_ms)
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_ms)  # a running kernel, as the room has
    times = []
    for _ in range(repeats):
        before = page.evaluate(MAX_COUNT)
        start = time.perf_counter()
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(DONE, arg=[before], timeout=timeout_ms, polling=20)
        times.append(time.perf_counter() - start)
        errors = page.evaluate(ERRORS)
        if errors:
            raise SystemExit(f"{name}: a cell failed: {errors[:3]}")
    try:  # not timed: the live charts draw (from the compressed bundle the first cell displayed)
        page.wait_for_function(CHARTS_DRAWN, timeout=30000)
    except Exception:
        pass
    drawn, figures = page.evaluate(CHART_COUNT)
    if drawn < figures or not figures:
        print(f"{name}: {drawn} of {figures} live charts drew", file=sys.stderr)
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
        await w.sessionContext.shutdown(); w.context.model.dirty = false; w.dispose(); }""")
    return times


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--notebooks", nargs="*", default=sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
    parser.add_argument("--timeout", type=float, default=180, help="seconds per Run All before giving up")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="playbook-lab-bench-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "notebooks", work / "notebooks")
        (work / "data").symlink_to(ROOT / "data")  # the notebooks' default data_dir is ../data/clients
        port, token = free_port(), secrets.token_hex(16)
        lab = start_lab(work / "notebooks", port, token)
        results = {}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
                base = f"http://127.0.0.1:{port}"
                for name in args.notebooks:  # a fresh page per notebook, as a new browser tab
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(f"{base}/lab?token={token}")  # sets the auth cookie
                    results[name] = time_notebook(page, base, name, args.repeats, int(args.timeout * 1000))
                    page.close()
                    print(f"{name:<15} " + "  ".join(f"{t:5.2f}" for t in results[name]), flush=True)
                browser.close()
        finally:
            stop(lab)
    load = os.getloadavg()
    print(f"\nRun All in JupyterLab, seconds (load average {load[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'notebook':<15} {'first':>6} {'again (median)':>15}")
    for name, times in results.items():
        again = statistics.median(times[1:]) if len(times) > 1 else float("nan")
        print(f"{name:<15} {times[0]:6.2f} {again:15.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
