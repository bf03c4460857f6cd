"""Structure of the prioritisation charts: what each encodes, that the data is aggregated, that
meaning is never carried by colour alone, and that every spec is valid Vega-Lite."""
from __future__ import annotations

import json

import pytest

from playbook.report import theme as charts
from playbook.prioritisation import portfolio
from playbook.prioritisation import alignment
from playbook.prioritisation import results as pr
from playbook.prioritisation import charts as pc
from playbook.prioritisation import charts_method as pm
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def plans() -> dict[str, pr.Plan]:
    out = {}
    for client in ("acme-logistics", "northwind-retail", "helix-health"):
        folder = DEFAULT_DATA_DIR / client
        c = load_client(folder)
        out[client] = pr.plan(portfolio.load_valid(folder, c), c, draws=60)
    return out


def spec(chart) -> dict:
    return chart.to_dict(validate=True)


def layers(node: dict) -> list[dict]:
    """Every single-view chart inside a layered or concatenated spec."""
    out = []
    for key in ("layer", "hconcat", "vconcat"):
        for child in node.get(key, []):
            out += layers(child)
    return out or [node]


def datasets(s: dict) -> dict[str, list]:
    return s.get("datasets", {})


def marks(s: dict) -> list[str]:
    return [(v["mark"]["type"] if isinstance(v["mark"], dict) else v["mark"]) for v in layers(s)]


def test_every_chart_is_valid_has_tooltips_and_small_data(plans):
    for plan in plans.values():
        made = [pc.ranked(plan), pc.frontier(plan), pc.funding_probability(plan), pc.objectives(plan),
                pc.capacity(plan), pm.agreement(plan)] + ([pm.ahp_consistency(plan)] if plan.ahp else [])
        for chart in made:
            s = spec(chart)
            assert any("tooltip" in v.get("encoding", {}) for v in layers(s)), s.get("title")
            assert sum(len(rows) for rows in datasets(s).values()) <= 4 * len(plan.portfolio) + 80
            assert len(json.dumps(s)) < 60_000


def test_cut_list_orders_funded_first_and_draws_the_cut_line_in_both_panels(plans):
    plan = plans["acme-logistics"]
    s = spec(pc.ranked(plan))
    rows = next(d for d in datasets(s).values() if len(d) == len(plan.portfolio))
    funded = [r["funded"] for r in rows]
    assert funded == sorted(funded, reverse=True)  # the cut list: funded above, the rest below
    assert all(r["reason"] for r in rows if not r["funded"]) and not any(r["reason"] for r in rows if r["funded"])
    rules = [v for v in layers(s) if v["mark"]["type"] == "rule"]
    assert len(rules) == 2 and all(v["mark"]["strokeDash"] for v in rules)
    assert any("Cut line" in json.dumps(d) for d in datasets(s).values())


def test_frontier_has_both_curves_told_apart_by_dash_and_the_budget_marked(plans):
    plan = plans["acme-logistics"]
    s = spec(pc.frontier(plan))
    line = next(v for v in layers(s) if v["mark"]["type"] == "line")
    assert "strokeDash" in line["encoding"] and "color" in line["encoding"]
    series = {r["series"] for d in datasets(s).values() for r in d if "series" in r}
    assert series == {"Optimal selection", "Ranking by value for money"}
    rule = next(v for v in layers(s) if v["mark"]["type"] == "rule")
    assert rule["encoding"]["x"]["field"] == "budget"
    assert any(r.get("budget") == plan.budget and "text" in r for d in datasets(s).values() for r in d)


def test_funding_chart_labels_probabilities_and_thresholds(plans):
    s = spec(pc.funding_probability(plans["helix-health"]))
    assert "text" in marks(s) and marks(s).count("rule") == 1
    rows = max(datasets(s).values(), key=len)
    assert {r["band"] for r in rows} <= set(pc.BAND_WORDS.values())  # the groups in words
    assert all(r["text"].split("%")[0].isdigit() for r in rows)  # the value is written, not only coloured


def test_objectives_chart_shows_orphans_apart(plans):
    s = spec(pc.objectives(plans["northwind-retail"]))
    labels = {r["label"] for d in datasets(s).values() for r in d if "label" in r}
    assert "No objective (orphans)" in labels and any(lab.startswith("O1 ") for lab in labels)


def test_capacity_heatmap_has_three_portfolios_bands_and_written_values(plans):
    plan = plans["acme-logistics"]
    s = spec(pc.capacity(plan))
    rows = max(datasets(s).values(), key=len)
    assert {r["scenario"] for r in rows} == {"Recommended plan", "Settled proposals only", "Everything asked for"}
    assert {r["team"] for r in rows} == set(plan.capacity)
    assert {r["band"] for r in rows} <= set(pc.UTIL_BANDS) and all("FTE" in r["text"] for r in rows)
    assert any(r["band"] == alignment.OVER for r in rows)  # everything asked for overloads the teams


def test_agreement_has_one_panel_per_pair_of_methods_with_tau(plans):
    plan = plans["northwind-retail"]
    s = spec(pm.agreement(plan))
    assert len(s["hconcat"]) == 1
    assert "Kendall's tau 0." in json.dumps(s["hconcat"][0]["title"])
    points = next(v for v in layers(s) if v["mark"]["type"] == "point")
    assert "shape" in points["encoding"]  # in or out of the plan, not by colour alone


def test_ahp_chart_flags_the_judgement_to_revisit(plans):
    plan = plans["helix-health"]
    s = spec(pm.ahp_consistency(plan))
    assert "CR 0.11" in json.dumps(s["title"])
    revisit = {r["label"] for d in datasets(s).values() for r in d if r.get("flag") == "revisit"}
    assert revisit == {f"{plan.ahp.worst.a} over {plan.ahp.worst.b}"}
    assert "revisit first" in json.dumps(s)


def test_descriptions_put_the_numbers_in_words(plans):
    plan = plans["acme-logistics"]
    assert plan.money(plan.budget) in pc.describe_ranked(plan)
    assert "funded at least 90% of the time" in pc.describe_funding(plan)
    assert "tau" in pm.describe_agreement(plan)
    assert "FTE" in pc.describe_capacity(plan)
    assert "O1" in pc.describe_objectives(plan)
    assert "10% more budget" in pc.describe_frontier(plan)
    assert "CR" in pm.describe_ahp(plans["helix-health"])


def test_charts_render_through_the_shared_bundle(plans):
    bundle = charts.bundle(pc.ranked(plans["acme-logistics"]), "t", "d")
    assert bundle[charts.MIME]["spec"]["hconcat"]
