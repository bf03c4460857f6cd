"""What the workshop tests share besides fixtures."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

WAVE = dt.date(2026, 11, 20)  # a new wave, after the demo's
CLIENT = "acme-logistics"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (names and bytes), to prove nothing was written."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
