"""Firm-wide statistics: computed once over every client, each run handed only its own slice, the
slice part of the fingerprint, contributions cached, and the registry open to new statistics."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from playbook.engine import batch, firm_stats, fingerprint
from playbook.engine.firm_stats import FILE, FirmStats, Stat
from playbook.engine.run import Job, pack
from playbook.intake.paths import DEFAULT_DATA_DIR
from playbook.report import deliverables


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


@pytest.fixture(autouse=True)
def fresh_memory():
    firm_stats._MEMORY.clear()
    yield
    firm_stats._MEMORY.clear()


def test_slices_go_only_to_the_notebooks_that_show_them(tmp_path):
    firm = FirmStats(pmo_firm(tmp_path, 2))
    assert firm.files_for("peer-0", "onboarding") == {}
    assert set(firm.files_for("peer-0", "maturity")) == {FILE}
    assert firm_stats.consumers() >= {"maturity"}


def test_a_slice_carries_only_its_own_client(tmp_path):
    data = pmo_firm(tmp_path, 7)
    firm = FirmStats(data)
    for i in range(7):
        blob = firm.files_for(f"peer-{i}", "maturity")[FILE].decode()
        assert not any(f"peer-{j}" in blob for j in range(7) if j != i)
        view = json.loads(blob)["maturity_benchmark"]
        assert all(e["firm"]["peers"] == 6 for e in view["dimensions"].values())


def test_the_slice_is_part_of_the_fingerprint_and_travels_with_the_job(tmp_path):
    data = pmo_firm(tmp_path, 6)
    spec = deliverables.get("maturity")
    extra = FirmStats(data).files_for("peer-0", "maturity")
    job = pack("peer-0", "maturity", data, extra=extra)
    assert isinstance(job, Job) and job.files[FILE] == extra[FILE]
    folder = data / "peer-0"
    params = {"client_id": "peer-0", "as_of": None}
    plain = fingerprint.compute(spec.path, params, folder, spec.reads)
    assert job.fingerprint == fingerprint.compute(spec.path, params, folder, spec.reads, extra) != plain


def test_another_clients_change_reruns_only_the_deliverables_whose_slice_moves(tmp_path):
    data = pmo_firm(tmp_path, 6)

    def fingerprints() -> dict[str, str]:
        firm_stats._MEMORY.clear()
        planned = batch.plan([f"peer-{i}" for i in range(6)], ["maturity", "onboarding"], data, tmp_path / "r", True, 60)
        return {f"{p.client_id}/{p.notebook}": p.fingerprint for p in planned}

    before = fingerprints()
    shift_scores(data / "peer-5" / "maturity_responses.csv", 2)
    after = fingerprints()
    moved = {k for k in before if before[k] != after[k]}
    assert "peer-5/maturity" in moved and not any(k.endswith("onboarding") for k in moved)
    assert len(moved) > 1  # the others' percentiles and peer means moved with it


def test_withheld_slices_do_not_change_until_the_threshold(tmp_path):
    data = pmo_firm(tmp_path, 3)
    before = FirmStats(data).files_for("peer-0", "maturity")
    shift_scores(data / "peer-2" / "maturity_responses.csv", 2)
    firm_stats._MEMORY.clear()
    assert FirmStats(data).files_for("peer-0", "maturity") == before


def test_contributions_are_cached_on_disk_and_a_broken_client_is_left_out(tmp_path, monkeypatch):
    data, out = pmo_firm(tmp_path, 2), tmp_path / "reports"
    (data / "peer-1" / "client.yaml").write_text("client: [unclosed\n", encoding="utf-8")
    firm = FirmStats(data, out)
    assert [s.client_id for s in firm.aggregates["maturity_benchmark"]] == ["peer-0"]
    assert (out / firm_stats.CACHE_FILE).is_file()
    firm_stats._MEMORY.clear()
    monkeypatch.setattr(firm_stats, "load_client", lambda folder: pytest.fail("read again despite the cache"))
    assert [s.client_id for s in FirmStats(data, out).aggregates["maturity_benchmark"]] == ["peer-0"]


def test_a_new_statistic_registers_without_touching_the_engine(tmp_path):
    data = pmo_firm(tmp_path, 3)
    count = Stat("client_count", ("benefits",), (), "maturity", lambda cid, folder, client: 1,
                 lambda found: sum(found.values()), lambda total, cid: {"clients": total if total >= 3 else None})
    firm = FirmStats(data, stats={"client_count": count})
    assert json.loads(firm.files_for("peer-0", "benefits")[FILE]) == {"client_count": {"clients": 3}}
    assert firm.files_for("peer-0", "maturity") == {}
