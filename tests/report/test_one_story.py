"""One story per client: every deliverable of a client says the same about the same initiative.

Read from the results JSON written beside each rendered deliverable: prioritisation decides among
proposals and counts committed work; delivery tracks the approved and in-flight work; benefits
are tracked for approved, in-flight and done work, and a benefit of a proposal the prioritisation
does not fund, or of stopped work, is shown as such and never escalated (issue 14, item 2).
"""
from __future__ import annotations

import json

import pytest

from playbook.intake.paths import DEFAULT_DATA_DIR
from tests.conftest import DEMO_CLIENTS

COMMITTED = {"approved", "in_flight"}
TRACKED = COMMITTED | {"done"}


def results_of(rendered, client: str, notebook: str) -> dict:
    return json.loads(rendered[(client, notebook)].with_name(f"{notebook}.results.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def story(rendered):
    return {client: {nb: results_of(rendered, client, nb) for nb in ("prioritisation", "delivery", "benefits")}
            for client in DEMO_CLIENTS}


def unfunded_or_stopped(pri: dict) -> set[str]:
    """Proposals the prioritisation does not fund, and stopped work."""
    return {i for i, s in pri["status"].items() if (s == "proposed" and i not in pri["selected"]) or s == "stopped"}


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_an_initiative_has_one_status_in_every_deliverable(story, client):
    pri, dlv, ben = (story[client][nb] for nb in ("prioritisation", "delivery", "benefits"))
    for initiative, entry in ben["initiatives"].items():
        assert entry["status"] == pri["status"][initiative], (client, initiative)
        assert entry["tracked"] == (entry["status"] in TRACKED), (client, initiative)
    for initiative, entry in dlv["initiatives"].items():
        assert entry["status"] == pri["status"][initiative], (client, initiative)
    # delivery tracks exactly the committed work that prioritisation counts against budget and capacity
    assert set(dlv["initiatives"]) == set(pri["committed"]) == {i for i, s in pri["status"].items() if s in COMMITTED}
    # prioritisation funds proposals only
    assert all(pri["status"][i] == "proposed" for i in pri["selected"])


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_no_benefit_of_unfunded_or_stopped_work_is_escalated(story, client):
    pri, ben = story[client]["prioritisation"], story[client]["benefits"]
    out = unfunded_or_stopped(pri)
    for bid in ben["escalations"]:
        assert ben["benefits"][bid]["initiative_status"] in TRACKED, (client, bid)
    for bid, b in ben["benefits"].items():
        if b["initiative"] in out:
            # not red, no forecast verdict, not stale: nothing in the deliverable or the portal escalates it
            assert (b["rag"], b["forecast_meets_target"], b["stale"], b["tracked"]) == ("not tracked", None, False,
                                                                                        False), (client, bid)
    # the demo data holds such benefits, so the check is not empty: Acme's B02 (I02) was once escalated
    assert any(b["initiative"] in out for b in ben["benefits"].values()), client


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_an_initiative_has_the_same_money_in_every_deliverable(story, client):
    pri, dlv, ben = (story[client][nb] for nb in ("prioritisation", "delivery", "benefits"))
    assert pri["currency"] == dlv["currency"] == ben["currency"]
    for initiative, entry in dlv["initiatives"].items():
        assert entry["bac"] == pytest.approx(pri["cost"][initiative]), (client, initiative)
    assert dlv["portfolio"]["bac"] == pytest.approx(sum(pri["cost"][i] for i in pri["committed"]))
    # the benefits headline adds up the run-rates of tracked work only; a proposal's benefit is not in it
    tracked = [e["run_rate_at_target"] for e in ben["initiatives"].values() if e["tracked"] and e["run_rate_at_target"]]
    assert ben["financial"]["promised_total"] == pytest.approx(sum(tracked), abs=0.01)
    assert ben["money_basis"] == "annual run-rate"


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_decisions_are_asked_for_by_the_same_date(story, client):
    assert story[client]["benefits"]["decide_by"] == story[client]["delivery"]["decide_by"]
    assert story[client]["prioritisation"]["decide_by"] == story[client]["delivery"]["decide_by"]


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_the_funded_sets_benefit_money_matches_the_benefits_review(story, client):
    """Prioritisation's expected benefit of an initiative, in money (issue 14, item 3), is the
    benefits review's run-rate at target for the same initiative."""
    pri, ben = story[client]["prioritisation"], story[client]["benefits"]
    if "benefit_run_rate" not in pri:
        pytest.skip("prioritisation does not write benefit_run_rate (per initiative, annual run-rate) yet")
    for initiative, money in pri["benefit_run_rate"].items():
        assert money == pytest.approx(ben["initiatives"].get(initiative, {}).get("run_rate_at_target") or 0.0,
                                      abs=0.01), (client, initiative)


@pytest.mark.parametrize("client", DEMO_CLIENTS)
def test_every_deliverable_asks_its_decisions_by_one_date(rendered, client):
    """One client, one deadline: each summary's decisions are due at the client's decision date
    (its next steering meeting) or, for maturity priorities after a calibration session, later."""
    import datetime as dt
    import re as _re

    from playbook.intake.client import load_client, steering_date
    from playbook.report import deliverables

    meta = load_client(DEFAULT_DATA_DIR / client)
    due = steering_date(meta, meta.as_of)[1]
    for notebook in deliverables.available():
        page = rendered[(client, notebook)].read_text(encoding="utf-8")
        table = _re.search(r'<table class="pb-table pb-decisions">.*?</table>', page, flags=_re.S).group(0)
        dates = [dt.datetime.strptime(d, "%d %B %Y").date()
                 for d in _re.findall(r"<td>(\d{1,2} [A-Z][a-z]+ \d{4})", table)]
        assert dates and min(dates) == due, (notebook, dates, due)
