"""No data loss: concurrent appends keep every row, a killed save leaves the old file intact."""
from __future__ import annotations

import csv
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import textwrap
import time

from playbook.intake.atomic import append_csv_rows, atomic_write

HEADER = ["respondent", "role", "question", "score"]


def _appender(path: str, who: str, n: int) -> None:
    for i in range(n):
        append_csv_rows(path, HEADER, [{"respondent": f"{who}-{i}", "role": "r", "question": "Q1", "score": i % 5 + 1}])


def test_two_processes_times_200_appends_lose_nothing(tmp_path):
    path = tmp_path / "maturity_responses.csv"
    path.write_text(",".join(HEADER) + "\nseed,r,Q1,3\n")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_appender, args=(str(path), who, 200)) for who in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    rows = list(csv.DictReader(path.open()))
    assert len(rows) == 401
    names = [r["respondent"] for r in rows]
    assert len(set(names)) == 401
    assert all(len(r) == 4 and r["score"] in "12345" for r in rows)
    for who in ("a", "b"):  # each writer's rows are in its own order
        mine = [int(n.split("-")[1]) for n in names if n.startswith(who + "-")]
        assert mine == list(range(200))


def test_append_adopts_the_files_header_order_and_delimiter(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("score;respondent\n3;Ann")  # European export, no trailing newline
    append_csv_rows(path, HEADER, [{"respondent": "Bob", "score": 4, "role": "", "question": ""}])
    assert path.read_text() == "score;respondent\n3;Ann\n4;Bob\n"
    append_csv_rows(path, HEADER, [{"respondent": "Cy", "score": 2, "role": "Exec", "question": ""}])
    assert path.read_text() == "score;respondent;role\n3;Ann;\n4;Bob;\n2;Cy;Exec\n"  # new column added


def test_a_process_killed_mid_save_leaves_the_previous_file_intact(tmp_path):
    path = tmp_path / "client.yaml"
    original = "client: Acme\n" + "# keep me\n" * 1000
    path.write_text(original)
    script = textwrap.dedent(f"""
        import os, sys
        from playbook.intake import atomic
        real_fsync = os.fsync
        def stall(fd):
            print("writing", flush=True)
            import time; time.sleep(60)
        os.fsync = stall
        atomic.atomic_write({str(path)!r}, "client: Half" + "x" * 10_000_000)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "writing"  # the temp file is written, not yet replaced
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert path.read_text() == original
    leftovers = [p for p in tmp_path.iterdir() if p.name != "client.yaml"]
    assert all(p.name.startswith(".client.yaml.") for p in leftovers)  # only an orphan temp file


def test_atomic_write_replaces_whole_file(tmp_path):
    path = tmp_path / "r.html"
    atomic_write(path, "old")
    atomic_write(path, "new")
    assert path.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_a_killed_saves_orphan_temp_is_removed_once_old_and_a_fresh_one_kept(tmp_path):
    old, fresh = tmp_path / ".client.yaml.abc123.tmp", tmp_path / ".client.yaml.def456.tmp"
    old.write_text("half a save")
    fresh.write_text("a save in progress")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    atomic_write(tmp_path / "client.yaml", "client: Acme\n")
    assert not old.exists() and fresh.exists()
