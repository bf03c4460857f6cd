"""Structure of the benefits charts: the marks, the encodings and the rows each one draws."""
from __future__ import annotations

import json

import pytest

from playbook.benefits import charts
from playbook.benefits.trajectory import RAGS
from playbook.report.theme import spec_of
from tests.benefits.helpers import CLIENTS, review_of


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
