"""Benchmarks are anonymised aggregates: a canary planted in one client's files reaches no other
client's deliverable, results or executed notebook, while that client's own benchmark percentile
is present; over too few clients the benchmark is withheld."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from playbook.engine import firm_stats
from playbook.engine.batch import run_batch
from playbook.engine.run import run
from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.engine.test_firm_stats import shift_scores

CANARY = "ZQX7731"  # in the canary client's name, sector, respondents and comments


def plant(folder: Path) -> None:
    text = (folder / "client.yaml").read_text(encoding="utf-8")
    text = text.replace("client: Acme Logistics", f"client: Canary {CANARY} Ltd", 1)
    text = text.replace("sector: Logistics", f"sector: Sector{CANARY}", 1)
    (folder / "client.yaml").write_text(text, encoding="utf-8")
    responses = folder / "maturity_responses.csv"
    lines = responses.read_text(encoding="utf-8").splitlines()
    lines = [lines[0]] + [line.replace("Dana Lee", f"Dana {CANARY}", 1) for line in lines[1:]]
    lines[1] = lines[1].rstrip().rsplit(",", 2)[0] + f",comment {CANARY},2026-03-16"
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")


def firm(root: Path, peers: int) -> Path:
    """The canary client and `peers` other PMO clients, all copied from Acme with their scores
    shifted so that the percentiles mean something."""
    data = root / "clients"
    shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", data / "canary-co")
    plant(data / "canary-co")
    shift_scores(data / "canary-co" / "maturity_responses.csv", 1)
    for i in range(peers):
        shutil.copytree(DEFAULT_DATA_DIR / "acme-logistics", data / f"peer-{i}")
        shift_scores(data / f"peer-{i}" / "maturity_responses.csv", (i % 3) - 1)
    return data


def outputs(folder: Path) -> str:
    """Every file a client receives, as text: the numbers workbook's zipped XML included."""
    texts = []
    for p in sorted(folder.iterdir()):
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as book:
                texts += [book.read(name).decode("utf-8") for name in book.namelist()]
        elif p.is_file():
            texts.append(p.read_text(encoding="utf-8"))
    return "\n".join(texts)


@pytest.mark.slow
def test_canary_stays_home_while_its_benchmark_percentile_is_shown(tmp_path):
    firm_stats._MEMORY.clear()
    data, out = firm(tmp_path, 5), tmp_path / "reports"
    results = run_batch(["canary-co"] + [f"peer-{i}" for i in range(5)], ["maturity"], data, out, jobs=2)
    assert {r.status for r in results} == {"ok"}, [r.message for r in results if r.status != "ok"]
    own = outputs(out / "canary-co")
    assert CANARY in own  # it reaches the canary client's own deliverable
    for i in range(5):
        theirs = outputs(out / f"peer-{i}")
        assert {p.suffix for p in (out / f"peer-{i}").iterdir()} >= {".html", ".json", ".ipynb"}
        assert CANARY not in theirs and "canary-co" not in theirs, f"peer-{i}"
        assert "Percentile (firm)" in theirs  # each peer has 5 peers of its own too
    bench = json.loads((out / "canary-co" / "maturity.results.json").read_text())["benchmark"]
    assert all(v["peers"] == 5 and v["percentile"] is not None for v in bench.values())
    page = (out / "canary-co" / "maturity.html").read_text(encoding="utf-8")
    assert "Percentile (firm)" in page and "Against 5 other clients of the firm" in page
    shown = bench["governance"]["percentile"]
    assert f"<td>{shown:.0f}</td>" in page  # the percentile itself, as the table prints it


@pytest.mark.slow
def test_a_benchmark_over_too_few_clients_is_withheld(tmp_path):
    firm_stats._MEMORY.clear()
    data, out = firm(tmp_path, 4), tmp_path / "reports"
    run("canary-co", "maturity", data, out)
    bench = json.loads((out / "canary-co" / "maturity.results.json").read_text())["benchmark"]
    assert bench and all(v == {"percentile": None, "peers": None} for v in bench.values())
    page = (out / "canary-co" / "maturity.html").read_text(encoding="utf-8")
    assert "No benchmark yet: fewer than 5 other clients" in page and "Percentile (firm)" not in page
