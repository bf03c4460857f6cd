"""`make lab` starts JupyterLab as root (the container case) without opening a browser and
prints the URL to open; the test stops it again."""
from __future__ import annotations

import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_lab_starts_and_prints_its_url():
    import jupyterlab  # noqa: F401  (`make test` installs it; a missing JupyterLab is a failure, not a skip)
    venv = Path(sys.prefix)
    stamp = venv / ".installed"
    # -o: take this venv as installed (never re-create or re-install it from a test)
    proc = subprocess.Popen(["make", "-s", "-o", str(stamp), "lab", f"VENV={venv}", f"STAMP={stamp}",
                             "LAB_ARGS=--ServerApp.port=0 --ServerApp.open_browser=False"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    seen, url = [], None
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline and proc.poll() is None:  # as root it used to exit here
            if sel.select(timeout=1):
                line = proc.stdout.readline()
                seen.append(line)
                found = re.search(r"http://127\.0\.0\.1:\d+/lab\?token=\w+", line)
                url = found.group(0) if found else None
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    text = "".join(seen)
    assert url, "JupyterLab stopped or printed no URL:\n" + text[-3000:]
