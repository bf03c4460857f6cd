"""Shared fixtures: demo data copies, and one render of every demo deliverable per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from playbook.report import deliverables
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients

DEMO_CLIENTS = list_clients(DEFAULT_DATA_DIR)
os.environ["PLAYBOOK_VALIDATE_CHARTS"] = "1"  # every chart spec is schema-checked in tests (kernels inherit it)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the demo data folder."""
    target = tmp_path / "clients"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every demo client × notebook rendered once: {(client, notebook): html path}."""
    from playbook.engine.run import run

    out = tmp_path_factory.mktemp("reports")
    pages = {}
    for client in DEMO_CLIENTS:
        for notebook in deliverables.available():
            pages[(client, notebook)] = run(client, notebook, DEFAULT_DATA_DIR, out).html
    return pages
