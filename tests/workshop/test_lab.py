"""The workshop from a JupyterLab cell: the server starts beside the kernel, the cell shows the
room's link, the QR code and the presenter view; re-running the cell replaces the server."""
from __future__ import annotations

import httpx

from playbook.workshop import lab
from tests.workshop.workshop_helpers import CLIENT


def test_a_cell_starts_a_server_shows_its_links_and_a_rerun_replaces_it(data_dir):
    folder = data_dir / CLIENT
    first = lab.start(folder, "votes", port=0, show=False)
    try:
        assert httpx.get(first.links.participant).status_code == 200
        html = lab.panel(first)
        assert first.links.participant in html and first.links.presenter in html
        assert 'class="segno"' in html and f'<iframe src="{first.links.presenter}"' in html
        second = lab.start(folder, "votes", port=0, show=False)
        assert not first.alive and second.alive  # one server per client and form
        frame = httpx.get(second.links.presenter)
        assert "frame-ancestors *" in frame.headers["content-security-policy"]  # may sit in the cell
        assert "frame-ancestors 'none'" in httpx.get(second.links.participant).headers["content-security-policy"]
    finally:
        lab.stop_all()
    assert not second.alive
