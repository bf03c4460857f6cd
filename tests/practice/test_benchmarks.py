"""Anonymised maturity benchmarks: the mid-rank percentile, the thresholds, sectors, and that a
client's slice carries no other client's id or score."""
from __future__ import annotations

import json

import pytest

from playbook.practice import benchmarks
from playbook.practice.benchmarks import MIN_PEERS, Scored


@pytest.mark.parametrize("value, peers, expected", [
    (3.0, [2, 3, 3, 4, 5], 40.0),   # 1 below + ½ × 2 level = 2 of 5
    (5.0, [1, 2, 3, 4], 100.0),
    (1.0, [1, 1], 50.0),
    (2.5, [1, 2, 3, 4, 5, 6], 100 * 2 / 6),
])
def test_percentile_rank_hand_worked(value, peers, expected):
    assert benchmarks.percentile_rank(value, peers) == pytest.approx(expected)


def test_percentile_against_brute_force_ranks():
    """Mid-rank percentile = mean over peers of 1 (below), ½ (level), 0 (above)."""
    import random

    rng = random.Random(7)
    for _ in range(200):
        peers = [rng.choice([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]) for _ in range(rng.randint(1, 12))]
        value = rng.choice([1, 2, 3, 3.5, 5])
        brute = sum(1.0 if p < value else 0.5 if p == value else 0.0 for p in peers) / len(peers) * 100
        assert benchmarks.percentile_rank(value, peers) == pytest.approx(brute)


def firm(n: int, sector_of=lambda i: "Health" if i % 2 else "Retail", model="pmo"):
    return [Scored(f"client-{i}", sector_of(i), model, {"governance": 1 + i * 0.5, "risk": 3.0 + (i % 3) * 0.25},
                   {"governance": 3}) for i in range(n)]


def test_withheld_below_five_peers_and_given_from_five():
    thin = benchmarks.for_client(firm(MIN_PEERS), "client-0")  # 4 peers
    assert thin["dimensions"]["governance"]["firm"] == {"withheld": True}  # not even the count
    enough = benchmarks.for_client(firm(MIN_PEERS + 1), "client-0")  # 5 peers, all above
    g = enough["dimensions"]["governance"]["firm"]
    assert g["withheld"] is False and g["peers"] == 5 and g["percentile"] == 0.0
    assert g["peer_mean"] == pytest.approx((1.5 + 2 + 2.5 + 3 + 3.5) / 5)


def test_sector_benchmark_only_when_the_sector_has_enough_peers():
    six = benchmarks.for_client(firm(6), "client-1")
    assert six["dimensions"]["risk"]["sector"] is None  # 2 other Health clients
    eleven = benchmarks.for_client(firm(12), "client-1")  # 5 other Health clients (3, 5, 7, 9, 11)
    sector = eleven["dimensions"]["governance"]["sector"]
    assert sector["peers"] == 5 and sector["percentile"] == 0.0 and eleven["sector"] == "Health"


def test_other_models_are_not_peers():
    mixed = firm(6) + [Scored("cmo-client", "Retail", "cmo", {"governance": 5.0})]
    assert benchmarks.for_client(mixed, "client-0")["dimensions"]["governance"]["firm"]["peers"] == 5
    assert benchmarks.for_client(mixed, "cmo-client")["dimensions"]["governance"]["firm"]["withheld"]


def test_a_clients_slice_names_no_other_client_and_no_other_score():
    everyone = firm(8)
    mine = json.dumps(benchmarks.for_client(everyone, "client-3"))
    for other in everyone:
        if other.client_id != "client-3":
            assert other.client_id not in mine
    own = {f"{v:.2f}" for v in everyone[3].scores.values()}
    others = {f"{v:.2f}" for s in everyone if s.client_id != "client-3" for v in s.scores.values()} - own
    assert not any(f'"score": {float(v)}' in mine for v in others)


def test_unknown_client_gets_no_benchmark():
    assert benchmarks.for_client(firm(6), "nobody")["dimensions"] == {}


def test_lagging_counts_below_target_and_weakest():
    rows = benchmarks.lagging(firm(4))
    gov = next(r for r in rows if r["dimension"] == "governance")
    # governance scores 1, 1.5, 2, 2.5 against target 3: all below; risk 3–3.5 and 2 dims only
    assert gov == {"model": "pmo", "dimension": "governance", "name": "governance", "clients": 4, "below_target": 4,
                   "among_weakest": 4, "mean_score": 1.75}
    assert rows[0]["dimension"] == "governance"


def test_what_the_maturity_deliverable_says():
    names = {"governance": "Governance", "risk": "Risk"}
    assert "added when the deliverable is rendered" in benchmarks.sentence(None, names)
    thin = benchmarks.for_client(firm(MIN_PEERS), "client-0")
    assert benchmarks.shown(thin) == []
    assert benchmarks.sentence(thin, names).startswith("No benchmark yet: fewer than 5 other clients")
    assert benchmarks.summary(thin) == {"governance": {"percentile": None, "peers": None},
                                        "risk": {"percentile": None, "peers": None}}
    view = benchmarks.for_client(firm(6), "client-5")  # governance 3.5, above all five peers; risk 3.5 vs 3–3.5
    assert benchmarks.shown(view) == ["governance", "risk"]
    # risk peers 3.0, 3.25, 3.5, 3.0, 3.25 against 3.5: 4 below, 1 level -> 90th percentile
    assert benchmarks.sentence(view, names) == (
        "Against 5 other clients of the firm assessed on the same model, Governance stands highest (100th "
        "percentile) and Risk lowest (90th percentile). Only anonymised aggregates are shown: no other client is "
        "named and no other client's score.")
    table = benchmarks.table(view, names)
    assert list(table["Percentile (firm)"]) == [100.0, 90.0] and list(table["Peers"]) == [5, 5]
    assert benchmarks.summary(view)["risk"] == {"percentile": 90.0, "peers": 5}
