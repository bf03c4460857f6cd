"""Open deliverables in Debian's Firefox, headless, over WebDriver BiDi (Firefox's own remote
protocol: no geckodriver, nothing downloaded) and report how many charts drew and what the
console said. Proxies point at a closed port, so any fetch off the machine fails loudly."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

FIREFOX = shutil.which("firefox") or shutil.which("firefox-esr")
OFFLINE_PREFS = "".join(f'user_pref("network.proxy.{k}", {v});\n' for k, v in [
    ("type", 1), ("http", '"127.0.0.1"'), ("http_port", 9), ("ssl", '"127.0.0.1"'), ("ssl_port", 9)])
DRAWN = """new Promise(done => { const start = Date.now(); (function poll() {
  const figures = document.querySelectorAll('figure.pb-figure').length;
  const drawn = document.querySelectorAll('.pb-vega[data-rendered] svg').length;
  const failed = document.querySelectorAll('.pb-vega[data-error]').length;
  if (drawn + failed >= figures || Date.now() - start > 20000) done(JSON.stringify([figures, drawn]));
  else setTimeout(poll, 50); })(); })"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_in_firefox(pages: list[Path]) -> dict[Path, tuple[int, int, list[str]]]:
    """{page: (figures, drawn, console errors)}, one Firefox for all the pages."""
    import websocket

    port, found = _free_port(), {}
    with tempfile.TemporaryDirectory(prefix="pb-firefox-") as profile:
        Path(profile, "user.js").write_text(OFFLINE_PREFS)
        browser = subprocess.Popen([FIREFOX, "--headless", "--no-remote", "--profile", profile,
                                    f"--remote-debugging-port={port}"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/session", timeout=60,
                                                     suppress_origin=True)
                    break
                except (OSError, websocket.WebSocketException):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            errors: list[str] = []
            sent = [0]

            def call(method: str, params: dict) -> dict:
                sent[0] += 1
                ws.send(json.dumps({"id": sent[0], "method": method, "params": params}))
                while True:
                    message = json.loads(ws.recv())
                    if message.get("type") == "event":
                        if message["method"] == "log.entryAdded" and message["params"].get("level") == "error":
                            errors.append(str(message["params"].get("text")))
                    elif message.get("id") == sent[0]:
                        if message.get("type") == "error":
                            raise RuntimeError(f"{method}: {message}")
                        return message["result"]

            call("session.new", {"capabilities": {}})
            call("session.subscribe", {"events": ["log.entryAdded"]})
            context = call("browsingContext.getTree", {})["contexts"][0]["context"]
            for page in pages:
                errors.clear()
                call("browsingContext.navigate", {"context": context, "url": page.resolve().as_uri(), "wait": "complete"})
                value = call("script.evaluate", {"expression": DRAWN, "target": {"context": context},
                                                 "awaitPromise": True})["result"]["value"]
                figures, drawn = json.loads(value)
                found[page] = (figures, drawn, list(errors))
            ws.close()
        finally:
            os.killpg(browser.pid, signal.SIGTERM)
            try:
                browser.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(browser.pid, signal.SIGKILL)
    return found
