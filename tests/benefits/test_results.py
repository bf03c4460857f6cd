"""The benefits results JSON: JSON-safe, the required keys, and an empty register still reports."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from playbook.benefits.findings import findings
from playbook.benefits.realisation import review
from playbook.benefits.results import results
from playbook.benefits.text import NOT_TRACKED
from playbook.benefits.trajectory import RAGS
from playbook.intake.client import load_client
from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.benefits.helpers import CLIENTS, review_of, empty_review


@pytest.mark.parametrize("client", CLIENTS)
def test_results_are_json_safe_with_the_required_keys(client):
    r = review_of(client)
    out = results(r)
    json.dumps(out, allow_nan=False)  # raises on NaN or a numpy type
    assert set(out["benefits"]) == {str(i) for i in r.table.index}
    for entry in out["benefits"].values():
        assert {"realisation_pct", "progress_pct", "rag", "forecast_at_due", "forecast_meets_target",
                "stale"} <= set(entry)
        assert entry["rag"] in (*RAGS, NOT_TRACKED) and isinstance(entry["stale"], bool)
        assert (entry["rag"] == NOT_TRACKED) == (not entry["tracked"])
        assert entry["forecast_meets_target"] in (True, False, None)
    money = out["financial"]
    assert isinstance(money["planned_to_date"], float) and isinstance(money["realised_to_date"], float)
    assert money["realisation_pct"] == pytest.approx(100 * money["realised_to_date"] / money["planned_to_date"],
                                                     abs=0.01)


def test_results_for_acme(acme):
    out = results(acme)
    b02 = out["benefits"]["B02"]  # red against its plan, but its initiative I02 is a proposal
    assert b02 == {**b02, "rag": NOT_TRACKED, "tracked": False, "initiative_status": "proposed",
                   "forecast_meets_target": None, "realisation_pct": None}
    assert out["initiatives"]["I02"] == {"status": "proposed", "tracked": False, "benefits": ["B02", "B03"],
                                         "run_rate_at_target": 2_250_000.0 - 702_000.0}
    assert out["not_tracked"] == ["B02", "B03", "B08", "B12"]
    assert out["money_basis"] == "annual run-rate"
    assert out["decide_by"] == "2026-11-24"  # the steering committee every 4 weeks from 1 Sep 2026
    assert out["benefits"]["B10"] == {**out["benefits"]["B10"], "rag": "no-data",
                                          "realisation_pct": None, "forecast_at_due": None}
    assert out["benefits"]["B07"]["stale"] is True
    assert out["escalations"] == ["B04", "B11"]
    assert out["not_ready"] == ["B09"]


def test_an_empty_register_still_reports():
    r = empty_review()
    assert findings(r)[0].startswith("No benefits are registered yet")
    out = results(r)
    json.dumps(out, allow_nan=False)
    assert out["financial"] == {"planned_to_date": 0.0, "realised_to_date": 0.0, "realisation_pct": None,
                                    "priced": 0, "promised_total": 0.0}
    assert out["benefits"] == {}


def test_results_change_with_as_of(acme):
    earlier = review(acme.benefits, acme.actuals, load_client(DEFAULT_DATA_DIR / "acme-logistics"),
                              dt.date(2026, 6, 1))
    assert results(earlier)["benefits"]["B01"]["latest_date"] < "2026-06-02"
