"""Benchmark `playbook batch` against the naive papermill + nbconvert loop.

    .venv/bin/python benchmarks/batch.py [--clients 12] [--naive-sample 0] [--no-naive]

Generates N synthetic clients by perturbing copies of the demo clients (names and ids changed,
maturity scores and benefit actuals jittered), then measures in one run:
  (a) the naive loop: the `papermill` CLI, then `jupyter nbconvert --to html --no-input`, per notebook
      (with --naive-sample K only K runs are timed and the per-run median is scaled up: say so);
  (b) `playbook batch` from cold (fresh reports folder), per notebook and per client, with the
      coordinator's peak memory (`--clients 12`, `50`, `100` show whether the cost per client stays flat);
  (c) `playbook batch` again with nothing changed;
  (d) the floor per notebook: a bare kernel start plus the notebooks' imports (median of 5),
      and for comparison a kernel forked from `playbook batch`'s kernel template (median of 10).
It prints seconds and the ratios a/b and b/(d × runs ÷ cores). nbconvert is installed on demand
(it is only the baseline, not a dependency of the playbook).
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from playbook.engine import kernels  # noqa: E402
from playbook.report import deliverables  # noqa: E402
from playbook.intake.client import load_client  # noqa: E402
from playbook.intake.yaml_files import update_file  # noqa: E402
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients  # noqa: E402


def jitter_csv(path: Path, column: str, rng: random.Random, lo: float, hi: float, integer: bool) -> None:
    if not path.is_file():
        return
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    if not rows or column not in rows[0]:
        return
    for row in rows:
        if row[column].strip():
            value = float(row[column])
            if integer:
                row[column] = str(int(min(hi, max(lo, round(value + rng.choice([-1, 0, 0, 1]))))))
            else:
                row[column] = f"{value * rng.uniform(0.97, 1.03):.4g}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def make_clients(target: Path, n: int) -> list[str]:
    demos = list_clients(DEFAULT_DATA_DIR)
    rng = random.Random(20261122)
    ids = []
    for i in range(n):
        source = DEFAULT_DATA_DIR / demos[i % len(demos)]
        cid = f"synthetic-{i + 1:02d}"
        shutil.copytree(source, target / cid)
        name = load_client(target / cid).client
        update_file(target / cid / "client.yaml", {("client",): f"{name} {i + 1:02d}"})
        jitter_csv(target / cid / "maturity_responses.csv", "score", rng, 1, 5, integer=True)
        jitter_csv(target / cid / "benefit_actuals.csv", "value", rng, 0, 0, integer=False)
        ids.append(cid)
    return ids


def naive(clients: list[str], notebooks: list[str], data: Path, out: Path, sample: int) -> tuple[float, int, bool]:
    if shutil.which("jupyter-nbconvert", path=str(BIN)) is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "nbconvert"], check=True)
    pairs = [(c, n) for c in clients for n in notebooks]
    timed = pairs[:sample] if sample else pairs
    durations = []
    for client, nb in timed:
        target = out / client
        target.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        subprocess.run([str(BIN / "papermill"), str(deliverables.REGISTRY[nb].path), str(target / f"{nb}.ipynb"),
                        "-p", "client_id", client, "-p", "data_dir", str(data), "-p", "mode", "report",
                        "--no-progress-bar", "-k", "python3"], check=True, capture_output=True,
                       cwd=str(ROOT / "notebooks"))
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(target / f"{nb}.ipynb")],
                       check=True, capture_output=True)
        durations.append(time.perf_counter() - t)
    if sample:
        return statistics.median(durations) * len(pairs), len(timed), True
    return sum(durations), len(timed), False


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def batch(data: Path, out: Path, force: bool) -> tuple[float, float]:
    """Wall seconds, and the coordinator's peak memory (MB, sampled until it exits)."""
    t = time.perf_counter()
    cmd = [str(BIN / "playbook"), "batch", "--data-dir", str(data), "--out", str(out)] + (["--force"] if force else [])
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, peak_rss_mb(proc.pid))
            time.sleep(0.05)
        elapsed = time.perf_counter() - t
        if proc.returncode != 0:
            log.seek(0)
            print(log.read()[-3000:])
            raise SystemExit("playbook batch failed")
    return elapsed, peak


def floor(repeats: int = 5) -> float:
    from jupyter_client.manager import KernelManager

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        km = KernelManager(kernel_name="python3")
        km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive(kernels.PRELOAD, timeout=60, output_hook=lambda m: None)
        times.append(time.perf_counter() - t)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(times)


def forked(repeats: int = 10) -> float:
    """A kernel forked from the batch's template, until it answers (template already warm)."""
    kernels.template()  # start the template and let it finish its imports
    kernels.WarmKernel(forked=True).take()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        km = kernels.WarmKernel(forked=True).take()
        times.append(time.perf_counter() - t)
        km.shutdown_kernel(now=True)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=12)
    ap.add_argument("--naive-sample", type=int, default=0, help="time only K naive runs and scale (0 = all)")
    ap.add_argument("--no-naive", action="store_true", help="skip (a): only the batch's scaling is measured")
    args = ap.parse_args()
    notebooks = deliverables.available()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="pb-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "clients"
        data.mkdir()
        clients = make_clients(data, args.clients)
        runs = len(clients) * len(notebooks)
        print(f"{len(clients)} clients × {len(notebooks)} notebooks ({', '.join(notebooks)}) = {runs} runs on {cores} cores")
        # (b) first, on a quiet machine: the floor's kernels and template would still be exiting
        b, peak = batch(data, tmp / "reports", force=True)
        print(f"(b) playbook batch, cold:                                  {b:6.2f} s  ({b / runs:.2f} s per notebook, "
              f"{b / len(clients):.2f} s per client; coordinator's peak memory {peak:.0f} MB)")
        c, _ = batch(data, tmp / "reports", force=False)
        print(f"(c) playbook batch, nothing changed:                       {c:6.2f} s")
        print(f"    load average {os.getloadavg()[0]:.1f} on {cores} cores")
        d = floor()
        print(f"(d) floor per notebook (kernel start + imports, median of 5): {d:6.2f} s")
        e = forked()
        print(f"    for comparison, a kernel forked from the template (median of 10): {e:6.2f} s")
        if args.no_naive:
            return
        a, timed, scaled = naive(clients, notebooks, data, tmp / "naive", args.naive_sample)
        how = f"median of {timed} runs × {runs}" if scaled else f"all {runs} runs"
        print(f"(a) naive papermill + nbconvert CLI loop ({how}):  {a:6.2f} s  ({a / runs:.2f} s per notebook)")
        print(f"a/b = {a / b:.1f}×   b/(d × runs ÷ cores) = {b / (d * runs / cores):.2f}   "
              f"(load average {os.getloadavg()[0]:.1f} on {cores} cores)")


if __name__ == "__main__":
    main()
