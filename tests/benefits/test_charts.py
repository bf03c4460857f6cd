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


def test_trajectories_one_panel_per_tracked_benefit_worst_first(acme):
    [spec] = [spec_of(c) for c in charts.trajectories(acme)]  # 8 tracked benefits: one page
    assert spec["facet"]["field"] == "panel" and spec["columns"] == 3
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert marks(spec).count("area") == 2 and "line" in marks(spec) and "point" in marks(spec)
    # worst first: the two forecast misses (amber at 96%, then green at 104%), amber, not measured, greens
    order = [p.split()[0] for p in spec["facet"]["sort"]]
    assert order == ["B04", "B11", "B06", "B10", "B09", "B07", "B01", "B05"]
    assert not {"B02", "B03", "B08", "B12"} & set(order)  # benefits of proposals get no panel
    rows = spec["data"]["values"]
    assert {r["s"] for r in rows} == {"Plan", "Actual", "Forecast"}
    b04 = [r for r in rows if r["b"] == "B04"]
    assert any("lo" in r for r in b04 if r["s"] == "Plan") and any("lo" in r for r in b04 if r["s"] == "Forecast")
    # the series are told apart by dash as well as colour, and points carry tooltips
    lines = next(m for m in layers(spec) if m["mark"]["type"] == "line")
    assert lines["encoding"]["strokeDash"]["field"] == "s" and lines["encoding"]["color"]["field"] == "s"
    assert all("tooltip" in m["encoding"] for m in layers(spec) if m["mark"]["type"] in ("line", "point"))


def test_panel_words_live_once_in_a_lookup_never_on_every_row(acme):
    spec = spec_of(charts.trajectories(acme)[0])
    assert {k for r in spec["data"]["values"] for k in r} <= {"b", "d", "s", "v", "lo", "hi", "first"}
    [lookup] = [t for t in spec["transform"] if "lookup" in t]
    words = {w["b"]: w for w in lookup["from"]["data"]["values"]}
    assert len(words) == 8
    assert words["B04"]["status"] == "AMBER · 96% of plan · forecast misses"
    assert words["B10"]["status"] == "NO DATA · not measured yet"
    assert words["B04"]["unit"] == "Portal-driven ARR (GBP m)"  # every panel says its y-axis measure and unit
    texts = [m for m in layers(spec) if m["mark"]["type"] == "text"]
    assert any(m["encoding"]["text"]["field"] == "unit" for m in texts)


def test_a_linear_plan_is_drawn_from_its_corners(acme):
    rows = [r for r in spec_of(charts.trajectories(acme)[0])["data"]["values"] if r["b"] == "B01"]
    plan = [r for r in rows if r["s"] == "Plan"]
    assert len(plan) <= 5  # first day, start, as-of, due, last day: a straight line needs no more
    assert plan[0]["v"] == 0.62 and plan[-1]["v"] == 0.54


def test_panels_split_into_charts_no_taller_than_a_page(acme):
    pages = charts.trajectory_pages(acme, per_chart=3)
    assert [list(shown.index) for _, shown in pages] == [["B04", "B11", "B06"], ["B10", "B09", "B07"],
                                                         ["B01", "B05"]]
    for chart, _ in charts.trajectory_pages(acme):
        assert charts.chart_height(spec_of(chart)) < 900
    # by hand: a row of panels is 120 plot + 48 header and status lines + 25 axis = 193 px, rows
    # are 28 apart, and the title and legend take 90: 8 panels in three rows 3 × 193 + 2 × 28 + 90
    assert charts.chart_height(spec_of(charts.trajectories(acme)[0])) == 725
    assert charts.chart_height(spec_of(pages[0][0])) == 193 + 90
    # a bar per objective: 4 objectives at a 34 px step (twice, for a grouped bar) and 120 for the axis
    assert charts.chart_height(spec_of(charts.rag_by_objective(acme))) == 34 * 4 * 2 + 120


def test_run_rate_planned_against_realised(acme):
    spec = spec_of(charts.run_rate(acme))
    assert "line" in marks(spec) and "rule" in marks(spec)
    rows = data_of(spec)
    assert {r["series"] for r in rows if "series" in r} == {"Planned", "Realised"}
    realised = [r for r in rows if r.get("series") == "Realised"]
    assert max(r["date"] for r in realised) == acme.as_of.isoformat()
    last = next(r for r in realised if r["date"] == acme.as_of.isoformat())
    assert last["value"] == pytest.approx(acme.financial.realised_to_date)
    assert last["money"] == "£4.4m a year"  # the basis is in the label: an annual run-rate
    y = next(m for m in layers(spec) if m["mark"]["type"] == "line")["encoding"]["y"]
    assert y["axis"]["title"] == "Annual run-rate (GBP a year)"
    assert "cumulative" not in json.dumps(spec).lower()


def test_rag_by_objective_stacks_counts_with_labels(acme):
    spec = spec_of(charts.rag_by_objective(acme))
    bars, labels = layers(spec)
    assert bars["mark"]["type"] == "bar" and labels["mark"]["type"] == "text"
    assert bars["encoding"]["color"]["scale"]["domain"] == list(RAGS)
    assert bars["encoding"]["x"]["stack"] == "zero"
    rows = data_of(spec)
    o2 = {r["rag"]: r["count"] for r in rows if r["objective"] == "O2"}
    assert o2 == {"green": 2, "no-data": 1}  # B02 (red) and B03 (amber) belong to a proposal: not counted
    assert sum(r["count"] for r in rows) == len(acme.tracked) == 8


def test_value_by_objective_sums_money(acme):
    spec = spec_of(charts.value_by_objective(acme))
    assert marks(spec) == ["bar", "text"]
    rows = {(r["objective"], r["series"]): r["value"] for r in data_of(spec)}
    o1 = acme.tracked[acme.tracked["objective"] == "O1"]  # B12 is a proposal's: not in the money
    assert rows[("O1", "Realised now")] == pytest.approx(o1["realised_money_to_date"].sum())
    assert ("O4", "Planned by now") not in rows  # O4's benefits are not priced


@pytest.mark.parametrize("client", CLIENTS)
def test_every_chart_builds_for_every_client_without_nan(client):
    r = review_of(client)
    for chart in (*charts.trajectories(r), charts.run_rate(r), charts.rag_by_objective(r),
                  charts.value_by_objective(r)):
        json.dumps(spec_of(chart), allow_nan=False)
