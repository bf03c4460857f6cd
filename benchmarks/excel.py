"""Benchmark reading a client's workbook: a 5,000-row portfolio sheet of client.xlsx.

    .venv/bin/python benchmarks/excel.py [--rows 5000] [--repeats 7]

The portfolio is the acme-logistics demo portfolio repeated to --rows initiatives (new ids,
ratings and costs drawn at random, the same columns), written as portfolio.csv and as the
intake workbook `playbook workbook` writes (drop-downs, comments, formats). Every timing is the
median of --repeats cold reads: the reader's caches are cleared before each one.

It prints, in seconds:
- the sheet read into rows (calamine, plus the checks for formula errors and percent cells);
- the same file read by openpyxl in read-only mode, for comparison;
- the CSV read into rows, for comparison;
- the whole portfolio loader (every rule of the contract) from the workbook and from the CSV;
and the ratio of the workbook's read to the issue's target (under 1 s).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.intake import workbook_read  # noqa: E402
from playbook.intake.client import load_client  # noqa: E402
from playbook.intake.csv_files import read_csv  # noqa: E402
from playbook.intake.paths import DEFAULT_DATA_DIR  # noqa: E402
from playbook.intake.workbook_write import intake_workbook  # noqa: E402
from playbook.prioritisation import portfolio  # noqa: E402

TARGET = 1.0  # seconds, for the 5,000-row sheet


def make_client(rows: int, root: Path, seed: int = 1) -> tuple[Path, Path]:
    """Two copies of acme-logistics with a `rows`-row portfolio: one keeps CSVs, one client.xlsx."""
    rng = np.random.default_rng(seed)
    csv_folder = root / "csv" / "acme-logistics"
    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", csv_folder)
    lines = (csv_folder / "portfolio.csv").read_text(encoding="utf-8").splitlines()
    header, body = lines[0], [ln.split(",") for ln in lines[1:]]
    out = [header]
    for n in range(rows):
        cells = list(body[n % len(body)])
        cells[0] = f"X{n:05d}"
        cells[3] = str(int(rng.integers(5, 150)) * 10_000)
        cells[4:7] = [str(int(v)) for v in rng.integers(1, 6, 3)]
        cells[9] = cells[10] = ""  # no links: the ids changed
        out.append(",".join(cells))
    (csv_folder / "portfolio.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    book_folder = root / "xlsx" / "acme-logistics"
    shutil.copytree(csv_folder, book_folder)
    data = intake_workbook(book_folder, load_client(book_folder), "acme-logistics")
    for path in book_folder.glob("*.csv"):
        path.unlink()
    (book_folder / "client.xlsx").write_bytes(data)
    return csv_folder, book_folder


def median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        workbook_read._grid.cache_clear()
        workbook_read._sheet_names.cache_clear()
        workbook_read._package_problem.cache_clear()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def openpyxl_rows(book: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True, data_only=True)
    count = sum(1 for _ in wb["portfolio"].iter_rows(values_only=True))
    wb.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_folder, book_folder = make_client(args.rows, Path(tmp))
        book = book_folder / "client.xlsx"
        client = load_client(csv_folder)
        table, issues = workbook_read.read_sheet(book, "portfolio.csv", portfolio.REQUIRED)
        assert not issues and len(table.rows) == args.rows, issues[:3]
        frame_xlsx, issues = portfolio.load(book_folder, client)
        frame_csv, _ = portfolio.load(csv_folder, client)
        assert not issues and frame_xlsx.equals(frame_csv), "the workbook and the CSV load differently"
        timings = {
            "sheet read into rows (calamine)": median(lambda: workbook_read.read_sheet(book, "portfolio.csv", []),
                                                      args.repeats),
            "same sheet, openpyxl read-only": median(lambda: openpyxl_rows(book), args.repeats),
            "portfolio.csv read into rows": median(lambda: read_csv(csv_folder / "portfolio.csv", []), args.repeats),
            "portfolio loader, from client.xlsx": median(lambda: portfolio.load(book_folder, client), args.repeats),
            "portfolio loader, from portfolio.csv": median(lambda: portfolio.load(csv_folder, client), args.repeats),
        }
        size = book.stat().st_size
    print(f"{args.rows:,}-row portfolio; client.xlsx {size / 1024:,.0f} KB; median of {args.repeats} cold reads")
    for label, seconds in timings.items():
        print(f"  {label:<40} {seconds:7.3f} s")
    read = timings["sheet read into rows (calamine)"]
    print(f"workbook read: {read / TARGET:.2f} of the {TARGET:.0f} s target; "
          f"openpyxl/calamine = {timings['same sheet, openpyxl read-only'] / read:.1f}x")


if __name__ == "__main__":
    main()
