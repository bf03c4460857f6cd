"""`playbook workshop` as a consultant runs it: prints the links and a QR code, serves, and
stops cleanly on Ctrl-C with every file whole."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from playbook import cli
from playbook.maturity import model, responses
from tests.workshop.workshop_helpers import CLIENT

ROOT = Path(__file__).resolve().parents[2]


def start(data_dir: Path, *args: str) -> tuple[subprocess.Popen, list[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "playbook.cli", "workshop", CLIENT, "--data-dir", str(data_dir),
                             "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl-C"):
            return proc, lines
    proc.kill()
    raise AssertionError("the server did not start:\n" + "\n".join(lines) + proc.stderr.read())


def test_prints_links_and_a_qr_code_serves_and_stops_cleanly_on_ctrl_c(data_dir):
    proc, lines = start(data_dir, "--form", "maturity", "--wave", "2026-11-20")
    try:
        text = "\n".join(lines)
        participant = re.search(r"Participants: (http://127\.0\.0\.1:\d+/\S+/)", text).group(1)
        presenter = re.search(r"Presenter: +(http://127\.0\.0\.1:\d+/\S+/)", text).group(1)
        assert participant != presenter
        assert sum("█" in line or "▀" in line or "▄" in line for line in lines) >= 10  # the QR code, drawn
        reply = httpx.post(participant, data={"respondent": "Cli Person", "role": "Executive", "q_SA1": "4",
                                               "partial_ok": "yes"})
        assert reply.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Stopped. 1 row saved in this session." in out and "Traceback" not in err
    frame = responses.load_valid(data_dir / CLIENT, model.get("pmo"), None)
    assert (frame["respondent"] == "Cli Person").sum() == 1
    assert cli.main(["validate", CLIENT, "--data-dir", str(data_dir)]) == 0


def test_bad_arguments_are_sentences_not_tracebacks(data_dir, capsys):
    assert cli.main(["workshop", CLIENT, "--data-dir", str(data_dir), "--form", "maturity",
                     "--wave", "20/11/2026"]) == 1
    assert "--wave '20/11/2026': expected a date written YYYY-MM-DD" in capsys.readouterr().err
    assert cli.main(["workshop", CLIENT, "--data-dir", str(data_dir), "--form", "status", "--anonymous"]) == 1
    assert "--anonymous applies to the maturity and votes forms" in capsys.readouterr().err
    assert cli.main(["workshop", "no-such-client", "--data-dir", str(data_dir), "--form", "votes"]) == 1
    assert "no client folder" in capsys.readouterr().err
