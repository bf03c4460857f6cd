"""The prioritisation notebook as a consultant runs it in JupyterLab (mode "live", workshop
cells included) prints nothing to stderr and no solver banner, on every demo client."""
from __future__ import annotations

import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR, NOTEBOOKS, list_clients

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("client", list_clients(DEFAULT_DATA_DIR))
def test_live_mode_prints_nothing_to_stderr(client, tmp_path, monkeypatch):
    import papermill

    # ipykernel forwards what is written straight to file descriptor 1 (a C library's banner)
    # into the cell's output, as under JupyterLab, except when it sees it runs under pytest.
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    done = papermill.execute_notebook(str(NOTEBOOKS / "prioritisation.ipynb"), str(tmp_path / "out.ipynb"),
                                      parameters={"client_id": client, "data_dir": str(DEFAULT_DATA_DIR),
                                                  "mode": "live"},
                                      cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
                                      log_output=False)
    streams = [(o["name"], o["text"]) for cell in done.cells if cell.cell_type == "code"
               for o in cell.get("outputs", []) if o["output_type"] == "stream"]
    assert [text for name, text in streams if name == "stderr"] == []
    assert not any("HiGHS" in text for _, text in streams)
    widgets = [o for cell in done.cells if "workshop" in cell.metadata.get("tags", [])
               for o in cell.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "the weights form was shown"
