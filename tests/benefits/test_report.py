"""The benefits deliverable: findings, tables, results JSON and the structure of its charts."""
from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from playbook.benefits import register as benefit_register
from playbook.benefits import realisation as benefits
from playbook.benefits import charts
from playbook.benefits.realisation import RAGS
from playbook.report.theme import spec_of
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients

CLIENTS = list_clients(DEFAULT_DATA_DIR)


def review_of(client: str, folder=None) -> benefits.Review:
    folder = folder or DEFAULT_DATA_DIR / client
    meta = load_client(folder)
    register = benefit_register.load_valid(folder, meta)
    return benefits.review(register.benefits, register.actuals, meta, meta.as_of)


@pytest.fixture(scope="module")
def acme() -> benefits.Review:
    return review_of("acme-logistics")


def empty_review() -> benefits.Review:
    meta = load_client(DEFAULT_DATA_DIR / "acme-logistics")
    reg = benefit_register.Register(
        pd.DataFrame(columns=benefit_register.REQUIRED[1:] + benefit_register.OPTIONAL,
                     index=pd.Index([], name="id")),
        pd.DataFrame(columns=["benefit", "date", "value", "note"]))
    return benefits.review(reg.benefits, reg.actuals, meta, meta.as_of)


# --- demo data shows every case the deliverable must handle ---------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_demo_covers_every_case(client):
    r = review_of(client)
    t, b = r.table, r.benefits
    assert set(b["direction"]) == {"increase", "decrease"}
    assert "dis-benefit" in set(b["kind"])
    assert {"green", "amber", "red", "no-data"} <= set(t["rag"])
    assert t["stale"].any() and t["no_actuals"].any() and (~t["ready"]).any()
    assert b["value_per_unit"].notna().sum() >= len(b) * 0.6
    assert set(t["objective"]) <= {o.id for o in r.objectives}
    for bid in t.index[~t["no_actuals"]]:
        months = {(d.year, d.month) for d in r.actuals.loc[r.actuals["benefit"] == bid, "date"]}
        assert 6 <= len(months) <= 18, (client, bid)


# --- findings and tables ------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_findings_are_three_to_five_with_numbers(client):
    items = benefits.findings(review_of(client))
    assert 3 <= len(items) <= 5
    assert re.search(r"[£€$][\d.]+m of the [£€$][\d.]+m of value planned to date is realised \(\d+%\)", items[0])
    assert all(re.search(r"\d", i) for i in items)
    assert items[-1].startswith("**Decisions needed:**")


def test_findings_name_red_benefits_with_owners(acme):
    at_risk = benefits.findings(acme)[1]
    assert "2 of 12 benefits are red" in at_risk
    assert "Depot sortation automation (Mark Owens, 57% of plan)" in at_risk


def test_escalations_are_red_first_then_forecast_misses(acme):
    table = benefits.escalations(acme)
    assert list(table["Status"][:2]) == ["Red", "Red"]
    ids = [b.split()[0] for b in table["Benefit"]]
    t = acme.table.loc[ids]
    assert ((t["rag"] == "red") | t["forecast_meets_target"].eq(False)).all()
    assert set(ids) == set(acme.table.index[(acme.table["rag"] == "red")
                                            | acme.table["forecast_meets_target"].eq(False)])
    assert table.loc[0, "Latest note"].startswith("Midlands hub go-live slipped")


def test_ledger_sums_money_per_objective(acme):
    ledger = benefits.ledger(acme).set_index("Objective")
    assert list(ledger.index) == ["O1 Grow recurring revenue", "O2 Cut cost to serve",
                                  "O3 Improve on-time delivery", "O4 Raise customer satisfaction"]
    o2 = acme.table[acme.table["objective"] == "O2"]
    realised = o2["realised_money_to_date"].sum()
    planned = o2["planned_money_to_date"].sum()
    assert ledger.at["O2 Cut cost to serve", "Realised ÷ planned"] == f"{100 * realised / planned:.0f}%"
    assert ledger.at["O2 Cut cost to serve", "Benefits"] == 5
    assert ledger.at["O1 Grow recurring revenue", "KPI promised"] == "ARR 12.0 → 18.0 GBP m by Dec 2027"
    assert ledger.at["O4 Raise customer satisfaction", "Planned to date"] == "not priced"


def test_tracking_gaps_list_unowned_stale_and_unmeasured(acme):
    gaps = benefits.tracking_gaps(acme).set_index("Benefit")
    assert gaps.at["B09 Complaints handling redesign", "Ready to track"] == "Missing owner"
    assert gaps.at["B07 Driver app rollout", "Action"] == "Restore the measurement"
    assert gaps.at["B10 Warehouse energy retrofit", "Evidence"] == "No actuals recorded"


def test_money_and_measure_text():
    assert benefits.money_text(4_930_000, "GBP") == "£4.9m"
    assert benefits.money_text(-351_000, "EUR") == "−€351k"
    assert benefits.money_text(8_485, "USD") == "$8,485"
    assert benefits.money_text(2_000_000, "CHF") == "CHF 2.0m"
    assert benefits.span_text(12.0, 18.0, "GBP m") == "12.0 → 18.0 GBP m"
    assert benefits.span_text(0.62, 0.54, "GBP") == "0.620 → 0.540 GBP"
    assert benefits.measure_text(94.81, "%", 94.5) == "94.8%"


# --- results JSON -------------------------------------------------------------------------

@pytest.mark.parametrize("client", CLIENTS)
def test_results_are_json_safe_with_the_required_keys(client):
    r = review_of(client)
    results = benefits.results(r)
    json.dumps(results, allow_nan=False)  # raises on NaN or a numpy type
    assert set(results["benefits"]) == {str(i) for i in r.table.index}
    for entry in results["benefits"].values():
        assert {"realisation_pct", "progress_pct", "rag", "forecast_at_due", "forecast_meets_target",
                "stale"} <= set(entry)
        assert entry["rag"] in RAGS and isinstance(entry["stale"], bool)
        assert entry["forecast_meets_target"] in (True, False, None)
    money = results["financial"]
    assert isinstance(money["planned_to_date"], float) and isinstance(money["realised_to_date"], float)
    assert money["realisation_pct"] == pytest.approx(100 * money["realised_to_date"] / money["planned_to_date"],
                                                     abs=0.01)


def test_results_for_acme(acme):
    results = benefits.results(acme)
    b02 = results["benefits"]["B02"]
    assert b02["rag"] == "red" and b02["forecast_meets_target"] is False
    assert results["benefits"]["B10"] == {**results["benefits"]["B10"], "rag": "no-data",
                                          "realisation_pct": None, "forecast_at_due": None}
    assert results["benefits"]["B07"]["stale"] is True
    assert results["escalations"][:2] == ["B02", "B12"]
    assert results["not_ready"] == ["B09"]


def test_an_empty_register_still_reports():
    r = empty_review()
    assert benefits.findings(r)[0].startswith("No benefits are registered yet")
    results = benefits.results(r)
    json.dumps(results, allow_nan=False)
    assert results["financial"] == {"planned_to_date": 0.0, "realised_to_date": 0.0, "realisation_pct": None,
                                    "priced": 0, "promised_total": 0.0}
    assert results["benefits"] == {}


# --- chart structure ----------------------------------------------------------------------

def layers(spec: dict) -> list[dict]:
    inner = spec.get("spec", spec)
    return inner.get("layer", [inner])


def marks(spec: dict) -> list[str]:
    return [(m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) for m in layers(spec)]


def data_of(spec: dict) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_trajectories_facet_per_benefit_with_band_forecast_and_independent_y(acme):
    spec = spec_of(charts.trajectories(acme))
    assert spec["facet"]["field"] == "panel" and spec["columns"] == 3
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert marks(spec).count("area") == 2 and "line" in marks(spec) and "point" in marks(spec)
    rows = data_of(spec)
    assert {r["panel"] for r in rows} == {f"{i} {n}" + (" (dis-benefit)" if k == "dis-benefit" else "")
                                          for i, n, k in zip(acme.table.index, acme.table["name"], acme.table["kind"])}
    assert {r["series"] for r in rows} == {"Plan", "Actual", "Forecast"}
    b02 = [r for r in rows if r["panel"].startswith("B02")]
    assert any(r["band_low"] is not None for r in b02) and any(r["forecast_low"] is not None for r in b02)
    badges = {r["panel"][:3]: r["status"] for r in rows if r["badge"]}
    assert badges["B02"] == "RED · 57% of plan · forecast misses"
    assert badges["B10"] == "NO DATA · no actuals"
    # the series are told apart by dash as well as colour, and points carry tooltips
    lines = next(m for m in layers(spec) if m["mark"]["type"] == "line")
    assert lines["encoding"]["strokeDash"]["field"] == "series"
    assert lines["encoding"]["color"]["field"] == "series"
    assert all("tooltip" in m["encoding"] for m in layers(spec) if m["mark"]["type"] in ("line", "point"))


def test_cumulative_value_planned_against_realised(acme):
    spec = spec_of(charts.cumulative_value(acme))
    assert "line" in marks(spec) and "rule" in marks(spec)
    rows = data_of(spec)
    assert {r["series"] for r in rows if "series" in r} == {"Planned", "Realised"}
    realised = [r for r in rows if r.get("series") == "Realised"]
    assert max(r["date"] for r in realised) == acme.as_of.isoformat()
    last = next(r for r in realised if r["date"] == acme.as_of.isoformat())
    assert last["value"] == pytest.approx(acme.financial.realised_to_date)
    assert last["money"] == "£4.9m"


def test_rag_by_objective_stacks_counts_with_labels(acme):
    spec = spec_of(charts.rag_by_objective(acme))
    bars, labels = layers(spec)
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    assert bars["encoding"]["color"]["scale"]["domain"] == list(RAGS)
    assert bars["encoding"]["x"]["stack"] == "zero"
    rows = data_of(spec)
    o2 = {r["rag"]: r["count"] for r in rows if r["objective"] == "O2"}
    assert o2 == {"green": 2, "amber": 1, "red": 1, "no-data": 1}
    assert sum(r["count"] for r in rows) == len(acme.table)


def test_value_by_objective_sums_money(acme):
    spec = spec_of(charts.value_by_objective(acme))
    assert marks(spec) == ["bar", "text"]
    rows = {(r["objective"], r["series"]): r["value"] for r in data_of(spec)}
    o1 = acme.table[acme.table["objective"] == "O1"]
    assert rows[("O1", "Realised to date")] == pytest.approx(o1["realised_money_to_date"].sum())
    assert ("O4", "Planned to date") not in rows  # O4's benefits are not priced


@pytest.mark.parametrize("client", CLIENTS)
def test_every_chart_builds_for_every_client_without_nan(client):
    r = review_of(client)
    for build in (charts.trajectories, charts.cumulative_value, charts.rag_by_objective, charts.value_by_objective):
        json.dumps(spec_of(build(r)), allow_nan=False)


def test_results_change_with_as_of(acme):
    earlier = benefits.review(acme.benefits, acme.actuals, load_client(DEFAULT_DATA_DIR / "acme-logistics"),
                              dt.date(2026, 6, 1))
    assert benefits.results(earlier)["benefits"]["B01"]["latest_date"] < "2026-06-02"
