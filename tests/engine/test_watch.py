"""`playbook watch`: a change re-renders what it affects, and only that, within seconds."""
from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest

from playbook.engine import watch
from playbook.intake.paths import DEFAULT_DATA_DIR

CLIENTS = ["acme-logistics", "northwind-retail"]


def snapshot(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_only_client_files_count_as_changes(tmp_path):
    (tmp_path / "acme").mkdir()
    changes = {(1, str(tmp_path / "acme" / "timesheet.csv")), (1, str(tmp_path / "acme" / ".timesheet.csv.x.tmp")),
               (1, str(tmp_path / "Bad Folder" / "x.csv")), (1, "/elsewhere/acme/timesheet.csv")}
    assert watch.clients_in(changes, tmp_path) == {"acme"}
    assert not watch.relevant("/d/acme/.client.yaml.abc.tmp") and not watch.relevant("/d/acme/notes.txt~")


@pytest.mark.slow
def test_editing_a_timesheet_updates_its_onboarding_and_the_practice_view_within_3s(tmp_path, monkeypatch):
    # the speed a consultant sees: chart specs are schema-checked by the other tests, not here
    monkeypatch.delenv("PLAYBOOK_VALIDATE_CHARTS", raising=False)
    data, out = tmp_path / "clients", tmp_path / "reports"
    for client in CLIENTS:
        shutil.copytree(DEFAULT_DATA_DIR / client, data / client)
    stop, lines = threading.Event(), []
    thread = threading.Thread(target=watch.watch, args=(data, out),
                              kwargs={"notebooks": ["onboarding", "maturity"], "stop": stop, "report": lines.append,
                                      "jobs": 1}, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: lines, 180), "the first cycle never finished"
        assert "0 failed" in lines[0], lines
        time.sleep(0.5)  # let the watcher settle on the folder
        before = snapshot(out)
        page = (out / "acme-logistics" / "onboarding.html").read_text(encoding="utf-8")
        assert "hours used" in page and "169" in page

        sheet = data / "acme-logistics" / "timesheet.csv"
        started = time.monotonic()
        with sheet.open("a", encoding="utf-8") as fh:  # 40 more hours on the last day before as-of
            fh.write("2026-10-31,10,Portfolio governance,analysis,watch test\n"
                     "2026-10-31,10,Benefits management,analysis,watch test\n")

        def updated() -> bool:
            now = snapshot(out)
            return all(now.get(k) != before.get(k) for k in ("acme-logistics/onboarding.html", "index.html"))

        assert wait_for(updated, 30)
        elapsed = time.monotonic() - started
        assert wait_for(lambda: len(lines) > 1, 10)
        time.sleep(0.3)  # anything else the cycle would write is written by now
        after = snapshot(out)
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert changed <= {"acme-logistics/onboarding.html", "acme-logistics/onboarding.results.json",
                           "acme-logistics/onboarding.ipynb", "acme-logistics/onboarding.version.js",
                           "acme-logistics/onboarding.xlsx", "index.html", "index.version.js", "batch-state.json"}, changed
        assert {"acme-logistics/onboarding.html", "index.html", "acme-logistics/onboarding.version.js",
                "index.version.js"} <= changed
        assert "189" in (out / "acme-logistics" / "onboarding.html").read_text(encoding="utf-8")
        print(f"timesheet edit to updated deliverable and practice view: {elapsed:.2f} s; {lines[-1]}")
        assert elapsed < 3.0, f"took {elapsed:.2f} s"
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive()
