"""The maturity benchmark in the firm's statistics: computed once over every client, each maturity
run handed only its own client's slice (in its fingerprint), contributions remembered per client."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from playbook.engine import batch, firm_stats
from playbook.engine.run import fingerprint_params, pack
from playbook.intake.paths import DEFAULT_DATA_DIR


def shift_scores(path: Path, delta: int) -> None:
    """Every score moved by `delta` (kept within 1–5), so each copy of a client scores differently."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for r in rows:
        if r["score"]:
            r["score"] = str(min(5, max(1, int(r["score"]) + delta)))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def pmo_firm(root: Path, n: int) -> Path:
    """`n` PMO clients copied from Acme (peer-0 … peer-n-1), each with its scores shifted."""
    data = root / "clients"
    for i in range(n):
        target = data / f"peer-{i}"
        shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", target)
        shift_scores(target / "maturity_responses.csv", (i % 3) - 1)
    return data


def slice_of(data: Path, client: str) -> dict:
    return firm_stats.for_run(firm_stats.compute(data), "maturity", data / client)


def test_the_maturity_run_takes_its_part_and_onboarding_none(tmp_path):
    data = pmo_firm(tmp_path, 2)
    assert firm_stats.takes_part("maturity") and not firm_stats.takes_part("onboarding")
    assert set(slice_of(data, "peer-0")) == {"maturity_benchmark"}
    assert firm_stats.for_run(firm_stats.compute(data), "onboarding", data / "peer-0") is None


def test_a_slice_carries_only_its_own_client(tmp_path):
    data = pmo_firm(tmp_path, 7)  # clients with identical files are still separate peers
    stats = firm_stats.compute(data)
    for i in range(7):
        blob = json.dumps(firm_stats.for_run(stats, "maturity", data / f"peer-{i}"))
        assert not any(f"peer-{j}" in blob for j in range(7) if j != i)
        view = json.loads(blob)["maturity_benchmark"]
        assert all(e["firm"]["peers"] == 6 for e in view["dimensions"].values())


def test_the_slice_is_part_of_the_fingerprint_and_travels_with_the_job(tmp_path):
    data = pmo_firm(tmp_path, 6)
    firm = slice_of(data, "peer-0")
    job = pack("peer-0", "maturity", data, firm=firm)
    assert job.firm == firm
    without = pack("peer-0", "maturity", data)
    assert job.fingerprint != without.fingerprint
    assert fingerprint_params("peer-0", None, firm)["firm"] == firm


def test_another_clients_change_reruns_only_the_deliverables_whose_slice_moves(tmp_path):
    data = pmo_firm(tmp_path, 6)

    def fingerprints() -> dict[str, str]:
        planned = batch.plan([f"peer-{i}" for i in range(6)], ["maturity", "onboarding"], data, tmp_path / "r", True, 60)
        return {f"{p.client_id}/{p.notebook}": p.fingerprint for p in planned}

    before = fingerprints()
    shift_scores(data / "peer-5" / "maturity_responses.csv", 2)
    after = fingerprints()
    moved = {k for k in before if before[k] != after[k]}
    assert "peer-5/maturity" in moved
    # onboarding takes no slice: only peer-5's own charter moves, as its plan's evidence (the workshop) changed
    assert {k for k in moved if k.endswith("onboarding")} == {"peer-5/onboarding"}
    assert len(moved) > 1  # the others' percentiles and peer means moved with it


def test_withheld_slices_do_not_change_until_the_threshold(tmp_path):
    data = pmo_firm(tmp_path, 3)
    before = slice_of(data, "peer-0")
    shift_scores(data / "peer-2" / "maturity_responses.csv", 2)
    assert slice_of(data, "peer-0") == before


def test_contributions_are_remembered_and_a_broken_client_is_left_out(tmp_path, monkeypatch):
    data = pmo_firm(tmp_path, 2)
    (data / "peer-1" / "client.yaml").write_text("client: [unclosed\n", encoding="utf-8")
    assert [s.client_id for s in firm_stats.compute(data).maturity] == ["peer-0"]
    monkeypatch.setattr(firm_stats, "load_client", lambda folder: pytest.fail("read again though unchanged"))
    assert [s.client_id for s in firm_stats.compute(data).maturity] == ["peer-0"]


def test_the_practice_view_gets_the_whole_firm(tmp_path):
    data = pmo_firm(tmp_path, 3)
    seen = firm_stats.practice(firm_stats.compute(data))
    assert sorted(s.client_id for s in seen["maturity_benchmark"]) == ["peer-0", "peer-1", "peer-2"]
    assert "reference_class" in seen
