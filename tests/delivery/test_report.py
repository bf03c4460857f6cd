"""The delivery deliverable on the demo data: every case it must show, the early-warning ranking,
the findings, the results JSON's shape, and the charts' structure."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from playbook.delivery import charts, findings, open_review, tables
from playbook.engine import firm_stats
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR, list_clients
from playbook.report.theme import spec_of

CLIENTS = list_clients(DEFAULT_DATA_DIR)
# What each demo initiative was built to show (scripts/demo_delivery.py).
BUILT_TO_FAIL = {"acme-logistics": {"I03", "I05", "I09", "I10", "I17"},
                 "helix-health": {"I01", "I03", "I09", "I10"},
                 "northwind-retail": {"I01", "I02", "I04", "I08"}}
FIRM = firm_stats.compute(DEFAULT_DATA_DIR)


def review_of(client: str):
    folder = DEFAULT_DATA_DIR / client
    meta = load_client(folder)
    return open_review(folder, meta, meta.as_of, firm_stats.for_run(FIRM, "delivery", folder))[0]


@pytest.fixture(scope="module")
def reviews():
    return {c: review_of(c) for c in CLIENTS}


def test_demo_sizes(reviews):
    for client, r in reviews.items():
        assert 6 <= len(r.baselines) <= 15, client
        assert 10 <= len(r.risks) <= 30, client
        reported = [b.id for b in r.baselines if r.snapshots[b.id]]
        counts = [sum(1 for x in r.reports if x.initiative == i) for i in reported]
        assert min(counts) >= 4 and max(counts) <= 12, (client, counts)


def test_demo_shows_every_case(reviews):
    all_ = [(c, b, r.snapshots[b.id], r.warnings[b.id]) for c, r in reviews.items() for b in r.baselines]
    on_track = [s for _, _, s, w in all_ if s and w.score == 0 and 0.97 <= s.cpi and 0.97 <= s.spi_t]
    over = [s for _, _, s, _ in all_ if s and s.cpi < 0.8]
    late_drift = [s for _, _, s, _ in all_ if s and s.spi > 0.9 and s.spi_t < 0.85]
    melons = [w for *_, w in all_ if w.watermelon]
    stale = [w for *_, w in all_ if "stale" in w.parts]
    assert on_track and over and late_drift and melons and stale
    assert any(len(tables.results(r)["overloads"]) for r in reviews.values())


def test_early_warning_ranks_the_initiatives_built_to_go_wrong_first(reviews):
    for client, r in reviews.items():
        ranked = sorted(r.warnings.values(), key=lambda w: (-w.score, w.initiative))
        top = {w.initiative for w in ranked[:len(BUILT_TO_FAIL[client])]}
        assert top == BUILT_TO_FAIL[client], (client, [(w.initiative, w.score) for w in ranked])
        assert ranked[0].watermelon


def test_reference_class_is_used_only_when_thick(reviews):
    r = reviews["acme-logistics"]
    assert r.classes["it-platform"]["usable"] and r.classes["it-platform"]["n"] >= 5
    assert r.classes["it-platform"]["clients"] >= 3
    assert not r.classes["process"]["usable"]
    assert all(b.category == "it-platform" for b in r.baselines if b.id in r.outside)
    assert any(b.category == "process" for b in r.baselines) and "process" not in tables.results(r)["reference_class"]


@pytest.mark.parametrize("client", CLIENTS)
def test_summary_is_governing_thought_findings_and_decisions(reviews, client):
    r = reviews[client]
    assert re.match(r"The [£€$][\d.]+m of committed work is on course to cost \d+% more than planned and take "
                    r"\d+% longer: \d initiatives? will finish late and \d over budget", findings.governing(r))
    items = findings.findings(r)
    assert 3 <= len(items) <= 4 and all(re.search(r"\d", i) for i in items)
    asked = findings.decisions(r)
    assert 1 <= len(asked) <= findings.DECISIONS_SHOWN + 1
    assert all(d.what and d.who and d.by == r.decide_by for d in asked)
    assert asked[0].what.startswith("Challenge the green report")  # the watermelon comes first
    assert r.decide_by > r.as_of


@pytest.mark.parametrize("client", CLIENTS)
def test_results_have_the_issues_shape(reviews, client):
    out = tables.results(reviews[client])
    p = out["portfolio"]
    for key in ("bac", "ev", "ac", "pv"):
        assert isinstance(p[key], float)
    for key in ("cpi", "spi", "spi_t", "eac"):
        assert p[key] is None or isinstance(p[key], float)
    assert p["cpi"] == pytest.approx(p["ev"] / p["ac"], abs=1e-3)
    for iid, i in out["initiatives"].items():
        assert set(i) >= {"cpi", "spi", "spi_t", "eac", "p50_finish", "p80_finish", "p_on_time", "warning_score",
                          "warnings", "watermelon"}
        for d in ("p50_finish", "p80_finish"):
            assert i[d] is None or dt.date.fromisoformat(i[d])
        assert isinstance(i["warning_score"], float) and isinstance(i["watermelon"], bool)
    assert out["needs_you"] and all("(owner: " in s for s in out["needs_you"])
    for cat, c in out["reference_class"].items():
        assert set(c) == {"n", "clients", "cost_uplift_p50", "cost_uplift_p80"} and c["n"] >= 5


def test_charts_carry_labels_and_tooltips(reviews):
    r = reviews["northwind-retail"]
    for chart in (charts.quadrant(r), charts.spi_drift(r), charts.forecast_bars(r), charts.milestone_trend(r),
                  charts.risk_heatmap(r), charts.capacity_heatmap(r)):
        spec = spec_of(chart)
        marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
                 for layer in spec.get("layer", [spec])]
        assert "tooltip" in str(spec)
        assert "text" in marks or "line" in marks, marks
    heat = spec_of(charts.capacity_heatmap(r))
    assert "▲" in str(heat["datasets"])


def test_the_trend_across_reports_is_shown(reviews):
    r = reviews["acme-logistics"]
    trend = tables.trend_table(r).set_index("Initiative")
    assert trend.loc["I17 Yard management system", "CPI trend"].startswith("worsening (")
    assert charts.drifting(r) == ["I10"]  # the late project: SPI near 1, SPI(t) not
    assert tables.results(r)["initiatives"]["I03"]["trend"]["spi_t"].startswith("worsening")


def test_status_report_says_what_changed(reviews):
    changes = " ".join(reviews["acme-logistics"].changes)
    assert "milestone 'Go-live' slipped" in changes and "new risk R-I10-3" in changes
    assert "closed risk R-I01-2" in changes


def test_chart_titles_state_what_the_data_shows(reviews):
    from playbook.delivery.forecast import likely_late
    for client, r in reviews.items():
        behind = {b.id for b in r.baselines if (s := r.snapshots[b.id]) and s.cpi and s.spi_t
                  and s.cpi < 1 and s.spi_t < 1}
        named = set(re.findall(r"\bI\d\d\b", charts.title_quadrant(r)))
        assert named == behind or (len(behind) > 4 and named < behind and "more" in charts.title_quadrant(r)), client
        late = {b.id for b in r.baselines if likely_late(r.forecasts[b.id])}
        title = charts.title_forecast(r)
        assert set(re.findall(r"\bI\d\d\b", title)) <= late and (bool(late) == ("likely to finish more" in title))
        over = r.capacity[r.capacity["over"]] if len(r.capacity) else []
        assert ("over-allocated in" in charts.title_capacity(r)) == bool(len(over)), client
    r = reviews["acme-logistics"]
    assert charts.title_quadrant(r) == "I03, I09, I10 and I17: over budget and late, of 8 reporting initiatives"


def test_the_executive_table_is_the_full_tables_columns_in_words(reviews):
    r = reviews["acme-logistics"]
    full, short = tables.evm(r), tables.evm_summary(r)
    assert list(short.columns) == list(tables.EXECUTIVE_EVM.values()) and len(short) == len(full)
    assert short["Budget"].tolist() == full["BAC"].tolist()
    assert short["Over (−) or under budget"].iloc[-1] == full["VAC"].iloc[-1] < 0
    assert set(tables.evm_formats("GBP")) >= set(short.columns) - {"Initiative", "Status", "RAG reported"}
