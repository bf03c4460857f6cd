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


class Rendered(dict):
    """{(client, notebook): html path}, each demo deliverable rendered once, when first asked
    for: a run of `-k benefits` renders only the benefits deliverables. The results JSON is
    beside each page (<notebook>.results.json)."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out

    def __missing__(self, key: tuple[str, str]) -> Path:
        from playbook.engine.run import run

        client, notebook = key
        page = run(client, notebook, DEFAULT_DATA_DIR, self.out).html
        self[key] = page
        return page

    def _all(self) -> "Rendered":
        """Render whatever is still missing: a test that walks every deliverable gets them all."""
        for key in ((c, n) for c in DEMO_CLIENTS for n in deliverables.available()):
            if not dict.__contains__(self, key):
                self[key]
        return self

    def items(self):  # type: ignore[override]
        return dict.items(self._all())

    def values(self):  # type: ignore[override]
        return dict.values(self._all())

    def keys(self):  # type: ignore[override]
        return dict.keys(self._all())

    def __iter__(self):
        return dict.__iter__(self._all())

    def __len__(self) -> int:
        return dict.__len__(self._all())


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Every demo client × notebook rendered once per session, lazily: {(client, notebook): html path}."""
    return Rendered(tmp_path_factory.mktemp("reports"))
