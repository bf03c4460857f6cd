"""Structure of the onboarding charts: the marks, the encodings and the rows each one draws."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from playbook.onboarding.governance import QUADRANTS
from playbook.onboarding.hours import meeting_load
from playbook.onboarding.plan import plan_30_60_90
from playbook.onboarding import charts
from playbook.intake.client import Client, load_client
from playbook.intake.paths import DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def northwind() -> Client:
    return load_client(DEFAULT_DATA_DIR / "northwind-retail")  # cmo, with a RACI gap


@pytest.fixture(scope="module")
def helix() -> Client:
    return load_client(DEFAULT_DATA_DIR / "helix-health")  # pmo, with meeting overload


View = tuple[str, dict, list[dict]]  # mark type, encoding, the rows it draws


def parts(chart) -> tuple[dict[str, Any], list[View]]:
    """The chart's spec, and every single view in it (through layers and concatenations)."""
    spec = chart.to_dict()

    def walk(node: dict[str, Any], data: dict | None) -> Iterator[View]:
        data = node.get("data", data)
        if "mark" in node:
            mark = node["mark"] if isinstance(node["mark"], str) else node["mark"]["type"]
            yield mark, node.get("encoding", {}), spec["datasets"][data["name"]]
        for key in ("layer", "hconcat", "vconcat"):
            for sub in node.get(key, []):
                yield from walk(sub, data)

    return spec, list(walk(spec, None))


def first(views: list[View], mark: str, field: str | None = None, channel: str = "x") -> tuple[dict, list[dict]]:
    for m, enc, rows in views:
        if m == mark and (field is None or enc.get(channel, {}).get("field") == field):
            return enc, rows
    raise AssertionError(f"no {mark} mark encoding {channel}={field}")


def test_raci_matrix_letters_and_check_column(northwind):
    spec, views = parts(charts.raci_matrix(northwind))
    assert len(spec["hconcat"]) == 2
    enc, rows = first(views, "text", "person")
    assert enc["text"]["field"] == "letter"
    assert len(rows) == sum(len(r) for r in northwind.raci.values()) == 16
    assert {(r["workstream"], r["person"], r["letter"]) for r in rows} >= {
        ("Positioning and brand refresh", "Sofia Lind", "A"), ("Positioning and brand refresh", "Maria Rossi", "A")}
    assert enc["x"]["sort"][0] == "Alex Morgan"  # the consultant leads the columns
    _, rows = first(views, "text", "status", channel="text")
    status = {r["workstream"]: r["status"] for r in rows}
    assert status == {"Positioning and brand refresh": "✗ 2 accountable", "Demand generation": "✓ clear",
                      "Marketing operations": "✗ no responsible", "Team and agencies": "✓ clear"}
    assert any(e.get("color", {}).get("field") == "role" for m, e, _ in views if m == "rect")


def test_time_allocation_bars_and_labels(northwind):
    spec, views = parts(charts.time_allocation(northwind))
    enc, rows = first(views, "bar", "hours_per_week")
    assert enc["y"]["field"] == "workstream" and len(rows) == 4
    assert [r["label"] for r in rows] == ["3.6 h · 30%", "4.2 h · 35%", "2.4 h · 20%", "1.8 h · 15%"]
    assert [t["title"] for t in enc["tooltip"]][-1] == "Hours over 24 weeks"
    text, _ = first(views, "text", "hours_per_week")
    assert text["text"]["field"] == "label"


def test_meeting_load_waterfall_ends_in_the_total_against_the_limit(helix):
    spec, views = parts(charts.meeting_load(helix))
    enc, rows = first(views, "bar", "start")
    assert enc["x2"]["field"] == "end"
    assert [r["meeting"] for r in rows][-1] == "All meetings" and len(rows) == 6
    total = rows[-1]
    load = meeting_load(helix)
    assert total["end"] == pytest.approx(load.hours_per_month) and total["kind"] == "over limit"
    steps = rows[:-1]
    assert steps[0]["start"] == 0 and steps[-1]["end"] == pytest.approx(load.hours_per_month)
    assert all(a["end"] == pytest.approx(b["start"]) for a, b in zip(steps, steps[1:]))
    _, refs = first(views, "rule", "x")
    assert [r["x"] for r in refs] == pytest.approx([load.contracted_hours_per_month * 0.3,
                                                    load.contracted_hours_per_month])


def test_cadence_calendar_grid_and_weekly_load(helix):
    spec, views = parts(charts.cadence_calendar(helix))
    assert len(spec["vconcat"]) == 2
    enc, cells = first(views, "rect", "week_label")
    assert enc["y"]["field"] == "row"
    exec_weeks = [c for c in cells if c["row"] == "Executive committee"]
    assert len(exec_weeks) == 13 and {c["minutes"] for c in exec_weeks} == {90}
    assert len([c for c in cells if c["row"] == "Clinical governance forum"]) == 4  # weeks 1, 5, 9, 13
    enc, weeks = first(views, "bar", "week_label")
    assert len(weeks) == 13 and enc["y"]["field"] == "hours"
    assert weeks[0]["hours"] == pytest.approx(1.5 + 1 + 1.5 + 2 + 0.5)  # every meeting falls on day 0
    assert sum(w["status"] == "over limit" for w in weeks) == 7
    _, limit = first(views, "rule", "y", channel="y")
    assert limit == [{"y": pytest.approx(12 * 0.3)}]


def test_plan_gantt_bars_phases_and_milestones(northwind):
    spec, views = parts(charts.plan_gantt(northwind))
    enc, bars = first(views, "bar", "start_day")
    assert enc["x2"]["field"] == "finish" and enc["color"]["field"] == "phase"
    assert len(bars) == len(plan_30_60_90(northwind))
    assert all(b["finish"] == b["end_day"] + 1 for b in bars)
    assert bars[0]["when"] == "14 September to 21 September 2026"  # Northwind starts 2026-09-14
    _, diamonds = first(views, "point", "finish")
    assert sorted((d["notebook"], d["end_day"]) for d in diamonds) == [
        ("benefits", 90), ("maturity", 28), ("prioritisation", 60)]
    _, names = first(views, "text", "mid")
    assert [n["label"] for n in names] == ["Diagnose · days 0-30", "Prioritise · days 31-60", "Prove · days 61-90"]


def test_stakeholder_map_marks_disposition_by_shape_and_colour(northwind):
    spec, views = parts(charts.stakeholder_map(northwind))
    enc, people = first(views, "point", "interest")
    assert enc["color"]["field"] == enc["shape"]["field"] == "disposition"
    assert enc["shape"]["scale"]["range"] == ["circle", "square", "triangle-up"]
    assert len(people) == 7
    same_spot = [p for p in people if (p["interest"], p["influence"]) == (5, 3)]
    assert {p["name"] for p in same_spot} == {"Sofia Lind", "Karim Haddad"}
    assert same_spot[0]["y"] != same_spot[1]["y"]  # stacked, not drawn on top of each other
    _, quads = first(views, "rect", "x")
    assert [q["quadrant"] for q in quads] == list(QUADRANTS)
    labels, _ = first(views, "text", "interest")
    assert labels["text"]["field"] == "name"


def test_stakeholder_without_disposition_gets_its_own_shape():
    c = Client.model_validate({"client": "X", "stakeholders": [
        {"name": "A", "influence": 4, "interest": 4}, {"name": "B", "influence": 2, "interest": 5,
                                                       "disposition": "resistant"}]})
    enc, people = first(parts(charts.stakeholder_map(c))[1], "point", "interest")
    assert [p["disposition"] for p in people] == ["not assessed", "resistant"]
    assert enc["shape"]["scale"]["domain"] == ["resistant", "not assessed"]
    assert enc["shape"]["scale"]["range"] == ["triangle-up", "diamond"]


def test_cost_comparison_prints_both_amounts(helix):
    spec, views = parts(charts.cost_comparison(helix))
    _, rows = first(views, "bar", "cost")
    assert [r["label"] for r in rows] == ["$84k", "$185k"]  # 84,000 and 184,615
    assert spec["title"]["text"] == "0.3 of a full-time role for 45% of its cost: 1.5 times the hourly rate"
    assert spec["title"]["subtitle"] == "Per hour: $175 against $115 for the full-time hire; a saving of $101k in total"
    assert "one-off" in first(views, "bar", "cost")[0]["x"]["title"]


def test_chart_titles_state_the_finding(helix, northwind):
    from playbook.onboarding import titles

    assert charts.meeting_load(helix).to_dict()["title"]["text"] == titles.meetings(helix) == (
        "Meetings take 35% of the contracted hours, over the 30% limit")  # 18.4 of 52 hours a month
    assert titles.raci(northwind) == "2 of 4 workstreams lack clear decision rights"
    assert titles.calendar(helix) == "7 of the first 13 weeks go over the 30% meeting limit"
    assert titles.stakeholders(helix).startswith("Dr Sarah Okafor resists the engagement with high influence")
    assert titles.time(northwind) == "Demand generation takes the largest share: 4.2 of 12 hours a week"  # 0.35 × 12


def test_plan_gantt_shows_each_status_at_the_as_of_date():
    from playbook.onboarding import progress
    from tests.onboarding.helpers import D, demo

    acme = demo("acme-logistics")
    table = progress.progress(acme, progress.gather(DEFAULT_DATA_DIR / "acme-logistics", D(2026, 11, 1)), D(2026, 11, 1))
    spec, views = parts(charts.plan_gantt(acme, table, D(2026, 11, 1)))
    assert spec["title"]["text"] == "7 of 11 tasks done by 1 November 2026; 1 overdue and 1 done late"
    enc, bars = first(views, "bar", "start_day")
    assert enc["color"]["field"] == "status"
    assert {b["label"] for b in bars} >= {"Done late · 13 days", "Late · 1 day", "Due", "Done"}
    _, now = first(views, "rule", "x")
    assert now[0]["x"] == 61  # 1 November is day 61 from 1 September
